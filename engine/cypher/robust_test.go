package cypher

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

var robustSeeds = []string{
	"MATCH (u:__mg_vertex__), (v:__mg_vertex__) WHERE u.__mg_id__ = 1 AND v.__mg_id__ = 0 CREATE (u)-[:`link` {`ext`: [false, {`k`: \"l\"}], `prop`: -1}]->(v);",
	"CREATE (:__mg_vertex__:`label2` {__mg_id__: 4, `coord`: POINT({ x:-73.93, y:40.73, z:10, srid: 4979 }), `s`: Status::ACTIVE, `p`: \" \\n\\\"\\'\\t\\\\%\"});",
	"CREATE (:A {d: DATE(\"1994-12-07\"), t: LOCALTIME(\"14:10:44.099099\"), dt: DATETIME(\"2024-10-27T02:30:00.000000+02:00[Europe/Zagreb]\"), du: DURATION(\"P3DT4H5M6.010011S\")});",
	"CREATE VECTOR INDEX `v` ON :`A`|`B`(`p`) WITH CONFIG { \"dimension\": 2, \"metric\": \"l2sq\" };",
	"CREATE CONSTRAINT ON (u:`label`) ASSERT u.`is_string` IS TYPED LOCAL DATE TIME;",
	"SET DESCRIPTION ON EDGE TYPE PROPERTY (:Person)-[:KNOWS]->(:Person)(since) \"Year they met\";",
	"ENABLE TTL EVERY \"1000s\" AT \"12:00:00\";\nANALYZE GRAPH ON LABELS :A, :B DELETE STATISTICS;\n/* c */ MATCH (n) WHERE n.x IS NOT NULL AND 1 < n.y <= 3 RETURN count(*) AS c ORDER BY c DESC LIMIT 1;",
	"CREATE INDEX ON :`nested`(`a`.`b`.`c`) WITH CONFIG {\"order\": \"DESC\"}; DROP GLOBAL EDGE INDEX ON :(p); SHOW STORAGE INFO",
}

// checkRobust parses src every way the package offers; nothing may panic,
// and an error must point into the source.
func checkRobust(t *testing.T, src string) {
	t.Helper()
	sts, err := ParseScript(src)
	checkErrorPos(t, src, err)
	for _, st := range sts {
		if sp := st.StatementSpan(); src[sp.Start:sp.End] != sp.Text {
			t.Fatalf("span [%d:%d] does not slice %q", sp.Start, sp.End, sp.Text)
		}
		walkExprs(st, func(e Expr) {
			_, err := EvalLiteral(e, testEnums)
			checkErrorPos(t, src, err)
		})
	}
	_, err = Parse(src)
	checkErrorPos(t, src, err)
	if e, err := ParseExpr(src); err == nil {
		_, err = EvalLiteral(e, testEnums)
		checkErrorPos(t, src, err)
	} else {
		checkErrorPos(t, src, err)
	}
}

func checkErrorPos(t *testing.T, src string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var p Pos
	var se *SyntaxError
	var ve *ValueError
	switch {
	case errors.As(err, &se):
		p = se.Pos
	case errors.As(err, &ve):
		p = ve.Pos
	default:
		t.Fatalf("%q: error of type %T: %v", src, err, err)
	}
	lines := strings.Split(src, "\n")
	if p.Line < 1 || p.Line > len(lines) || p.Col < 1 || p.Col > utf8.RuneCountInString(lines[p.Line-1])+1 {
		t.Fatalf("%q: error position %v outside the source: %v", src, p, err)
	}
}

// walkExprs calls fn on the property maps and values of a statement, the
// expressions an executor evaluates as literals.
func walkExprs(st Statement, fn func(Expr)) {
	q, ok := st.(*Query)
	if !ok {
		return
	}
	for _, c := range q.Clauses {
		var pats []*Pattern
		switch x := c.(type) {
		case *Create:
			pats = x.Patterns
		case *Match:
			pats = x.Patterns
		case *Return:
			for _, it := range x.Items {
				fn(it.Expr)
			}
		}
		for _, p := range pats {
			for _, n := range p.Nodes {
				if n.Properties != nil {
					fn(n.Properties)
				}
			}
			for _, r := range p.Rels {
				if r.Properties != nil {
					fn(r.Properties)
				}
			}
		}
	}
}

// Every prefix and a spread of one-byte corruptions of real statements:
// errors, never panics, and errors inside the source.
func TestRobustPrefixesAndCorruptions(t *testing.T) {
	replacements := []string{"", "(", ")", "[", "]", "{", "}", "'", "\"", "`", ":", "::", "-", "<", ">", ",", ";", "\\", "\n", "9", ".", "é", "\xff"}
	n := 0
	for _, seed := range robustSeeds {
		for i := 0; i <= len(seed); i++ {
			checkRobust(t, seed[:i])
			n++
		}
		for i := 0; i < len(seed); i += 3 {
			for _, r := range replacements {
				checkRobust(t, seed[:i]+r+seed[i+1:])
				n++
			}
		}
	}
	t.Logf("%d inputs", n)
}

// Deep nesting is an error, not a stack overflow.
func TestRobustDeepNesting(t *testing.T) {
	const n = 20_000
	for _, src := range []string{
		"RETURN " + strings.Repeat("[", n) + strings.Repeat("]", n),
		"RETURN " + strings.Repeat("{a:", n) + "1" + strings.Repeat("}", n),
		"RETURN " + strings.Repeat("(", n) + "1" + strings.Repeat(")", n),
		"RETURN " + strings.Repeat("f(", n) + "1" + strings.Repeat(")", n),
		"MATCH " + strings.Repeat("(", n) + "(n)" + strings.Repeat(")", n) + " RETURN n",
	} {
		_, err := Parse(src)
		var se *SyntaxError
		if !errors.As(err, &se) || !strings.Contains(se.Msg, "levels deep") {
			t.Errorf("%.20s...: %v", src, err)
		}
	}
	// A long flat chain is no problem.
	if _, err := Parse("RETURN " + strings.Repeat("NOT ", n) + strings.Repeat("-", n) + "1" + strings.Repeat(" + 1", n)); err != nil {
		t.Error(err)
	}
	if _, err := Parse("RETURN " + strings.Repeat("[", 400) + strings.Repeat("]", 400)); err != nil {
		t.Error(err)
	}
}

func FuzzParseScript(f *testing.F) {
	for _, s := range robustSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) { checkRobust(t, src) })
}
