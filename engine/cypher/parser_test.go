package cypher

import (
	"errors"
	"strings"
	"testing"
)

func mustParse(t *testing.T, src string) Statement {
	t.Helper()
	st, err := Parse(src)
	if err != nil {
		t.Fatalf("Parse(%q): %v", src, err)
	}
	return st
}

func TestParseExprPrecedence(t *testing.T) {
	cases := []struct{ src, want string }{
		{"1 + 2 * 3", `Binary{Op:"+" Left:IntLit{Value:1} Right:Binary{Op:"*" Left:IntLit{Value:2} Right:IntLit{Value:3}}}`},
		{"1 - 2 - 3", `Binary{Op:"-" Left:Binary{Op:"-" Left:IntLit{Value:1} Right:IntLit{Value:2}} Right:IntLit{Value:3}}`},
		{"2 ^ 3 ^ 2", `Binary{Op:"^" Left:Binary{Op:"^" Left:IntLit{Value:2} Right:IntLit{Value:3}} Right:IntLit{Value:2}}`},
		{"-2 ^ 2", `Binary{Op:"^" Left:Unary{Op:"unary -" Operand:IntLit{Value:2}} Right:IntLit{Value:2}}`},
		{"- -1", `Unary{Op:"unary -" Operand:Unary{Op:"unary -" Operand:IntLit{Value:1}}}`},
		{"+1", `Unary{Op:"unary +" Operand:IntLit{Value:1}}`},
		{"a OR b XOR c AND NOT d", `Binary{Op:"OR" Left:Variable{Name:"a"} Right:Binary{Op:"XOR" Left:Variable{Name:"b"} Right:Binary{Op:"AND" Left:Variable{Name:"c"} Right:Unary{Op:"NOT" Operand:Variable{Name:"d"}}}}}`},
		{"NOT NOT a", `Unary{Op:"NOT" Operand:Unary{Op:"NOT" Operand:Variable{Name:"a"}}}`},
		{"1 < a <= 3", `Binary{Op:"AND" Left:Binary{Op:"<" Left:IntLit{Value:1} Right:Variable{Name:"a"}} Right:Binary{Op:"<=" Left:Variable{Name:"a"} Right:IntLit{Value:3}}}`},
		{"a <> b", `Binary{Op:"<>" Left:Variable{Name:"a"} Right:Variable{Name:"b"}}`},
		{"a != b", `Binary{Op:"<>" Left:Variable{Name:"a"} Right:Variable{Name:"b"}}`},
		{"a >= b", `Binary{Op:">=" Left:Variable{Name:"a"} Right:Variable{Name:"b"}}`},
		{"a > b", `Binary{Op:">" Left:Variable{Name:"a"} Right:Variable{Name:"b"}}`},
		{"n.p IS NULL", `IsNull{Operand:Property{Subject:Variable{Name:"n"} Key:p}}`},
		{"n.p is not null", `IsNull{Operand:Property{Subject:Variable{Name:"n"} Key:p} Negated:true}`},
		{"NOT n.p IS NULL", `Unary{Op:"NOT" Operand:IsNull{Operand:Property{Subject:Variable{Name:"n"} Key:p}}}`},
		{"-x IS NULL", `Unary{Op:"unary -" Operand:IsNull{Operand:Variable{Name:"x"}}}`},
		{"u.a.b", `Property{Subject:Property{Subject:Variable{Name:"u"} Key:a} Key:b}`},
		{"u.`a b`", `Property{Subject:Variable{Name:"u"} Key:a b}`},
		{"n:A:`B`", `HasLabels{Subject:Variable{Name:"n"} Labels:[A B]}`},
		{"x IN [1, 2.5, 'a']", `Binary{Op:"IN" Left:Variable{Name:"x"} Right:ListLit{Items:[IntLit{Value:1} FloatLit{Value:2.5} StringLit{Value:"a"}]}}`},
		{"s STARTS WITH 'a' AND s ENDS WITH 'b' AND s CONTAINS 'c' AND s =~ 'd'", `Binary{Op:"AND" Left:Binary{Op:"AND" Left:Binary{Op:"AND" Left:Binary{Op:"STARTS WITH" Left:Variable{Name:"s"} Right:StringLit{Value:"a"}} Right:Binary{Op:"ENDS WITH" Left:Variable{Name:"s"} Right:StringLit{Value:"b"}}} Right:Binary{Op:"CONTAINS" Left:Variable{Name:"s"} Right:StringLit{Value:"c"}}} Right:Binary{Op:"=~" Left:Variable{Name:"s"} Right:StringLit{Value:"d"}}}`},
		{"l[0][1..][..2][1..2]", `Slice{Subject:Slice{Subject:Slice{Subject:Index{Subject:Variable{Name:"l"} Index:IntLit{}} From:IntLit{Value:1}} To:IntLit{Value:2}} From:IntLit{Value:1} To:IntLit{Value:2}}`},
		{"{a: 1, `b c`: {}, d: []}", `MapLit{Entries:[MapEntry{Key:a Value:IntLit{Value:1}} MapEntry{Key:b c Value:MapLit{}} MapEntry{Key:d Value:ListLit{}}]}`},
		{"Null", `NullLit{}`},
		{"NULL", `NullLit{}`},
		{"TRUE", `BoolLit{Value:true}`},
		{"False", `BoolLit{}`},
		{"$p", `Param{Name:"p"}`},
		{"$0", `Param{Name:"0"}`},
		{"Status::ACTIVE", `EnumRef{Type:"Status" Value:"ACTIVE"}`},
		{"`My Enum`::`v``1`", "EnumRef{Type:\"My Enum\" Value:\"v`1\"}"},
		{"count(*)", `CountAll{}`},
		{"COUNT(DISTINCT n)", `Call{Name:"COUNT" Distinct:true Args:[Variable{Name:"n"}]}`},
		{"point.distance(a, b)", `Call{Name:"point.distance" Args:[Variable{Name:"a"} Variable{Name:"b"}]}`},
		{"DATE('2020-01-01')", `Call{Name:"DATE" Args:[StringLit{Value:"2020-01-01"}]}`},
		{"f()", `Call{Name:"f"}`},
		{"(1 + 2) * 3", `Binary{Op:"*" Left:Binary{Op:"+" Left:IntLit{Value:1} Right:IntLit{Value:2}} Right:IntLit{Value:3}}`},
		{"CASE x WHEN 1 THEN 'a' WHEN 2 THEN 'b' END", `Case{Test:Variable{Name:"x"} Whens:[CaseWhen{When:IntLit{Value:1} Then:StringLit{Value:"a"}} CaseWhen{When:IntLit{Value:2} Then:StringLit{Value:"b"}}]}`},
		{"9223372036854775807", `IntLit{Value:9223372036854775807}`},
		{"0x7fffffffffffffff", `IntLit{Value:9223372036854775807}`},
		{"017", `IntLit{Value:15}`},
		{"1e3", `FloatLit{Value:1000}`},
		{".5", `FloatLit{Value:0.5}`},
		{"count", `Variable{Name:"count"}`},
		{"`a``b`", "Variable{Name:\"a`b\"}"},
	}
	for _, c := range cases {
		e, err := ParseExpr(c.src)
		if err != nil {
			t.Errorf("ParseExpr(%q): %v", c.src, err)
			continue
		}
		if got := show(e); got != c.want {
			t.Errorf("ParseExpr(%q)\n got %s\nwant %s", c.src, got, c.want)
		}
	}
}

func TestParseQueries(t *testing.T) {
	cases := []struct{ src, want string }{
		{"CREATE (:A:B {k: 1, `x y`: 'v'})",
			`Query{Clauses:[Create{Patterns:[Pattern{Nodes:[NodePattern{Labels:[A B] Properties:MapLit{Entries:[MapEntry{Key:k Value:IntLit{Value:1}} MapEntry{Key:x y Value:StringLit{Value:"v"}}]}}]}]}]}`},
		{"CREATE ()-[r:T {p: 1}]->()",
			`Query{Clauses:[Create{Patterns:[Pattern{Nodes:[NodePattern{} NodePattern{}] Rels:[RelPattern{Variable:r Types:[T] Direction:--> Properties:MapLit{Entries:[MapEntry{Key:p Value:IntLit{Value:1}}]}}]}]}]}`},
		{"CREATE (a)<-[:T]-(b)-[:U]->(c), (d)",
			`Query{Clauses:[Create{Patterns:[Pattern{Nodes:[NodePattern{Variable:a} NodePattern{Variable:b} NodePattern{Variable:c}] Rels:[RelPattern{Types:[T] Direction:<--} RelPattern{Types:[U] Direction:-->}]} Pattern{Nodes:[NodePattern{Variable:d}]}]}]}`},
		{"MATCH (a)--(b), (a)-->(c), (a)<--(d), (a)<-->(e) RETURN a",
			`Query{Clauses:[Match{Patterns:[Pattern{Nodes:[NodePattern{Variable:a} NodePattern{Variable:b}] Rels:[RelPattern{}]} Pattern{Nodes:[NodePattern{Variable:a} NodePattern{Variable:c}] Rels:[RelPattern{Direction:-->}]} Pattern{Nodes:[NodePattern{Variable:a} NodePattern{Variable:d}] Rels:[RelPattern{Direction:<--}]} Pattern{Nodes:[NodePattern{Variable:a} NodePattern{Variable:e}] Rels:[RelPattern{}]}]} Return{Projection{Items:[ProjectionItem{Expr:Variable{Name:"a"} Text:"a"}]}}]}`},
		{"MATCH p = (a)-[r:A|B|:C]->(b) RETURN p",
			`Query{Clauses:[Match{Patterns:[Pattern{Variable:p Nodes:[NodePattern{Variable:a} NodePattern{Variable:b}] Rels:[RelPattern{Variable:r Types:[A B C] Direction:-->}]}]} Return{Projection{Items:[ProjectionItem{Expr:Variable{Name:"p"} Text:"p"}]}}]}`},
		{"MATCH (a)－[r]－＞(b) RETURN r",
			`Query{Clauses:[Match{Patterns:[Pattern{Nodes:[NodePattern{Variable:a} NodePattern{Variable:b}] Rels:[RelPattern{Variable:r Direction:-->}]}]} Return{Projection{Items:[ProjectionItem{Expr:Variable{Name:"r"} Text:"r"}]}}]}`},
		{"MATCH (n {p: $x}) SET n.p = 1, n:L:M, n += {a: 1}, n = {b: 2}, n.a.b = 3",
			`Query{Clauses:[Match{Patterns:[Pattern{Nodes:[NodePattern{Variable:n Properties:MapLit{Entries:[MapEntry{Key:p Value:Param{Name:"x"}}]}}]}]} Set{Items:[SetProperty{Target:Property{Subject:Variable{Name:"n"} Key:p} Value:IntLit{Value:1}} SetLabels{Variable:n Labels:[L M]} SetProperties{Variable:n Value:MapLit{Entries:[MapEntry{Key:a Value:IntLit{Value:1}}]} Merge:true} SetProperties{Variable:n Value:MapLit{Entries:[MapEntry{Key:b Value:IntLit{Value:2}}]}} SetProperty{Target:Property{Subject:Property{Subject:Variable{Name:"n"} Key:a} Key:b} Value:IntLit{Value:3}}]}]}`},
		{"MATCH (u) REMOVE u:__mg_vertex__, u.__mg_id__",
			`Query{Clauses:[Match{Patterns:[Pattern{Nodes:[NodePattern{Variable:u}]}]} Remove{Items:[RemoveLabels{Variable:u Labels:[__mg_vertex__]} RemoveProperty{Target:Property{Subject:Variable{Name:"u"} Key:__mg_id__}}]}]}`},
		{"MATCH (n) DETACH DELETE n, m", `Query{Clauses:[Match{Patterns:[Pattern{Nodes:[NodePattern{Variable:n}]}]} Delete{Detach:true Targets:[Variable{Name:"n"} Variable{Name:"m"}]}]}`},
		{"match (n) delete n", `Query{Clauses:[Match{Patterns:[Pattern{Nodes:[NodePattern{Variable:n}]}]} Delete{Targets:[Variable{Name:"n"}]}]}`},
		{"MATCH (n) RETURN DISTINCT n.x AS x, count(*) AS c ORDER BY x DESC, c SKIP 1 LIMIT 2",
			`Query{Clauses:[Match{Patterns:[Pattern{Nodes:[NodePattern{Variable:n}]}]} Return{Projection{Distinct:true Items:[ProjectionItem{Expr:Property{Subject:Variable{Name:"n"} Key:x} Alias:x Text:"n.x"} ProjectionItem{Expr:CountAll{} Alias:c Text:"count(*)"}] OrderBy:[SortItem{Expr:Variable{Name:"x"} Descending:true} SortItem{Expr:Variable{Name:"c"}}] Skip:IntLit{Value:1} Limit:IntLit{Value:2}}}]}`},
		{"MATCH (n) RETURN *", `Query{Clauses:[Match{Patterns:[Pattern{Nodes:[NodePattern{Variable:n}]}]} Return{Projection{All:true}}]}`},
		{"OPTIONAL MATCH (n:L) WITH n WHERE n.x > 1 UNWIND [1] AS i RETURN i",
			`Query{Clauses:[Match{Optional:true Patterns:[Pattern{Nodes:[NodePattern{Variable:n Labels:[L]}]}]} With{Projection{Items:[ProjectionItem{Expr:Variable{Name:"n"} Text:"n"}]} Where:Binary{Op:">" Left:Property{Subject:Variable{Name:"n"} Key:x} Right:IntLit{Value:1}}} Unwind{List:ListLit{Items:[IntLit{Value:1}]} As:i} Return{Projection{Items:[ProjectionItem{Expr:Variable{Name:"i"} Text:"i"}]}}]}`},
		{"MERGE (n:L {k: 1}) ON CREATE SET n.c = 1 ON MATCH SET n.m = 2",
			`Query{Clauses:[Merge{Pattern:Pattern{Nodes:[NodePattern{Variable:n Labels:[L] Properties:MapLit{Entries:[MapEntry{Key:k Value:IntLit{Value:1}}]}}]} OnCreate:[SetProperty{Target:Property{Subject:Variable{Name:"n"} Key:c} Value:IntLit{Value:1}}] OnMatch:[SetProperty{Target:Property{Subject:Variable{Name:"n"} Key:m} Value:IntLit{Value:2}}]}]}`},
		// mgconsole joins lines without ';' into one query of two CREATE clauses.
		{"CREATE (:A {id: 8})\nCREATE (:B {id: 9})",
			`Query{Clauses:[Create{Patterns:[Pattern{Nodes:[NodePattern{Labels:[A] Properties:MapLit{Entries:[MapEntry{Key:id Value:IntLit{Value:8}}]}}]}]} Create{Patterns:[Pattern{Nodes:[NodePattern{Labels:[B] Properties:MapLit{Entries:[MapEntry{Key:id Value:IntLit{Value:9}}]}}]}]}]}`},
		// Keywords are names where the grammar wants a name.
		{"CREATE (match:CREATE {return: 1, index: 2})",
			`Query{Clauses:[Create{Patterns:[Pattern{Nodes:[NodePattern{Variable:match Labels:[CREATE] Properties:MapLit{Entries:[MapEntry{Key:return Value:IntLit{Value:1}} MapEntry{Key:index Value:IntLit{Value:2}}]}}]}]}]}`},
		{"MATCH ((a)-[]->(b)) RETURN a", `Query{Clauses:[Match{Patterns:[Pattern{Nodes:[NodePattern{Variable:a} NodePattern{Variable:b}] Rels:[RelPattern{Direction:-->}]}]} Return{Projection{Items:[ProjectionItem{Expr:Variable{Name:"a"} Text:"a"}]}}]}`},
	}
	for _, c := range cases {
		if got := show(mustParse(t, c.src)); got != c.want {
			t.Errorf("Parse(%q)\n got %s\nwant %s", c.src, got, c.want)
		}
	}
}

// syntaxErrorCase is a statement Parse refuses: where, and words of the
// message.
type syntaxErrorCase struct {
	src  string
	pos  Pos
	want string
}

func checkSyntaxErrors(t *testing.T, cases []syntaxErrorCase) {
	t.Helper()
	for _, c := range cases {
		_, err := Parse(c.src)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Parse(%q) = %v, want a SyntaxError", c.src, err)
			continue
		}
		if se.Pos != c.pos || !strings.Contains(se.Msg, c.want) {
			t.Errorf("Parse(%q)\n got %v\nwant %v: ...%s...", c.src, se, c.pos, c.want)
		}
		if !strings.HasPrefix(se.Error(), "line ") {
			t.Errorf("error text %q does not start with the position", se.Error())
		}
	}
}

func TestParseErrors(t *testing.T) {
	cases := []syntaxErrorCase{
		{"", Pos{1, 1}, "expected a statement, found end of input"},
		{";", Pos{1, 1}, `expected a statement, found ";"`},
		{"MATCH (n) RETURN n; RETURN 1", Pos{1, 21}, "expected end of input after the statement's ';', found \"RETURN\""},
		{"MATCH (n RETURN n", Pos{1, 10}, `expected ")", found "RETURN"`},
		// Keywords are valid names, so RETURN reads as a variable here.
		{"MATCH (n)\nWHERE n.x = \nRETURN n", Pos{3, 8}, `expected a clause (MATCH, CREATE, MERGE, SET, REMOVE, DELETE, RETURN, WITH, UNWIND), found "n"`},
		{"MATCH (n)\nWHERE n.x = ", Pos{2, 13}, `expected an expression, found end of input`},
		{"CREATE (:A {k: 1, k: 2})", Pos{1, 19}, `the key "k" appears twice`},
		{"CREATE (:A {1: 2})", Pos{1, 13}, "expected a map key, found number 1"},
		{"CREATE (a)-[:T]-(b", Pos{1, 19}, `expected ")", found end of input`},
		{"CREATE (a)-[:T]>(b)", Pos{1, 16}, `expected "-" in a relationship pattern, found ">"`},
		{"CREATE (a)-[*1..2]->(b)", Pos{1, 13}, "a variable-length relationship is not supported"},
		{"MATCH (n) RETURN n ORDER n", Pos{1, 26}, "expected BY"},
		{"RETURN 9223372036854775808", Pos{1, 8}, "integer literal 9223372036854775808 exceeds 64 bits"},
		// As in Memgraph, the minus is an operator, so the smallest int64 has
		// no literal, and an exponent has no '+' (DUMP DATABASE prints
		// both, and Memgraph cannot load them back either).
		{"RETURN -9223372036854775808", Pos{1, 9}, "exceeds 64 bits"},
		{"RETURN 1e+20", Pos{1, 9}, "expected a clause (MATCH, CREATE, MERGE, SET, REMOVE, DELETE, RETURN, WITH, UNWIND), found \"e\""},
		{"RETURN 1e999", Pos{1, 8}, "out of range"},
		{"MATCH (n) FOO n", Pos{1, 11}, "expected a clause"},
		{"MATCH (n) CALL db.labels()", Pos{1, 11}, "CALL is not supported"},
		{"RETURN [x IN l | x]", Pos{1, 8}, "list comprehension is not supported"},
		{"RETURN any(x IN l WHERE x)", Pos{1, 8}, "ANY(...) is not supported"},
		{"MATCH (n) SET n", Pos{1, 15}, `expected a property (variable.key)`},
		{"MATCH (n) SET 1 = 2", Pos{1, 15}, `expected a property (variable.key)`},
		{"MATCH (n) REMOVE n", Pos{1, 18}, "expected a property"},
		{"RETURN {a: 1", Pos{1, 13}, `expected "}", found end of input`},
		{"RETURN 1 +", Pos{1, 11}, "expected an expression, found end of input"},
		{"RETURN CASE END", Pos{1, 16}, "expected WHEN, found end of input"},
		{"RETURN CASE WHEN 1 THEN 2", Pos{1, 26}, "expected END, found end of input"},
		{"RETURN $", Pos{1, 9}, "expected a parameter name"},
		{"OPTIONAL CREATE (n)", Pos{1, 10}, "expected MATCH after OPTIONAL"},
		{"RETURN Status::", Pos{1, 16}, "expected an enum value after '::'"},
	}
	checkSyntaxErrors(t, cases)
}

func TestParseScript(t *testing.T) {
	src := "// header comment\n" +
		"CREATE (:A);\n" +
		"\n" +
		"MATCH (n)\n  WHERE n.x = ';' // a ';' in a string and here\n  RETURN n;;\n" +
		"/* block ; comment */ DUMP DATABASE;\n" +
		"CREATE (:B)\nCREATE (:C);\n" +
		"SHOW STORAGE INFO"
	sts, err := ParseScript(src)
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		pos  Pos
		text string
	}
	wants := []want{
		{Pos{2, 1}, "CREATE (:A)"},
		{Pos{4, 1}, "MATCH (n)\n  WHERE n.x = ';' // a ';' in a string and here\n  RETURN n"},
		{Pos{7, 23}, "DUMP DATABASE"},
		{Pos{8, 1}, "CREATE (:B)\nCREATE (:C)"},
		{Pos{10, 1}, "SHOW STORAGE INFO"},
	}
	if len(sts) != len(wants) {
		t.Fatalf("%d statements, want %d", len(sts), len(wants))
	}
	for i, w := range wants {
		sp := sts[i].StatementSpan()
		if sp.Pos != w.pos || sp.Text != w.text || src[sp.Start:sp.End] != w.text {
			t.Errorf("statement %d: %v %q [%d:%d], want %v %q", i, sp.Pos, sp.Text, sp.Start, sp.End, w.pos, w.text)
		}
	}
	if q := sts[3].(*Query); len(q.Clauses) != 2 {
		t.Errorf("joined lines give %d clauses, want 2", len(q.Clauses))
	}

	// A failing statement: the ones before it come back with the error.
	sts, err = ParseScript("CREATE (:A);\nCREATE (:B);\nMATCH (n RETURN n;\nCREATE (:C);")
	var se *SyntaxError
	if !errors.As(err, &se) || se.Pos != (Pos{3, 10}) || len(sts) != 2 {
		t.Errorf("got %d statements and %v, want 2 and an error at line 3, column 10", len(sts), err)
	}
	// A lexical error after complete statements.
	sts, err = ParseScript("CREATE (:A);\nRETURN 'unterminated")
	if !errors.As(err, &se) || se.Pos != (Pos{2, 8}) || len(sts) != 1 {
		t.Errorf("got %d statements and %v, want 1 and an error at line 2, column 8", len(sts), err)
	}
	// Nothing but comments and empty statements.
	sts, err = ParseScript("// only\n;\n/* comments */ ;")
	if err != nil || len(sts) != 0 {
		t.Errorf("got %d statements and %v, want none", len(sts), err)
	}
}
