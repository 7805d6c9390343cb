package query

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/durascope/durascope/engine/cypher"
	"github.com/durascope/durascope/engine/storage"
	"github.com/durascope/durascope/format"
)

func newSession(t *testing.T) (*Session, *storage.Storage, *recLog) {
	t.Helper()
	st, log := newTestStore(t, format.MaxVersion)
	return NewSession(&testHost{st: st}), st, log
}

// single runs a query that returns one value.
func single(t *testing.T, s *Session, src string) Value {
	t.Helper()
	res := run(t, s, src)
	if len(res.Rows) != 1 || len(res.Rows[0]) != 1 {
		t.Fatalf("%s: want one value, got %d rows: %v", src, len(res.Rows), res.Rows)
	}
	return res.Rows[0][0]
}

func TestExpressionSemantics(t *testing.T) {
	s, _, _ := newSession(t)
	null := format.Null{}
	for _, c := range []struct {
		src  string
		want Value
	}{
		{"RETURN null = null", null},
		{"RETURN null <> 1", null},
		{"RETURN 1 = 1.0", format.Bool(true)},
		{"RETURN 1 = '1'", format.Bool(false)},
		{"RETURN [1, null] = [1, null]", format.Bool(true)},
		{"RETURN [1] = [null]", format.Bool(false)},
		{"RETURN {a: null} = {a: null}", format.Bool(true)},
		{"RETURN 2 < 2.5", format.Bool(true)},
		{"RETURN 'a' < 'b'", format.Bool(true)},
		{"RETURN null < 1", null},
		{"RETURN 2 >= 2", format.Bool(true)},
		{"RETURN 3 > 2 AND 1 <= 1", format.Bool(true)},
		{"RETURN null AND false", format.Bool(false)},
		{"RETURN null AND true", null},
		{"RETURN null OR true", format.Bool(true)},
		{"RETURN null OR false", null},
		{"RETURN true XOR true", format.Bool(false)},
		{"RETURN null XOR true", null},
		{"RETURN NOT null", null},
		{"RETURN NOT false", format.Bool(true)},
		{"RETURN null IS NULL", format.Bool(true)},
		{"RETURN 1 IS NOT NULL", format.Bool(true)},
		{"RETURN 2 IN [1, 2]", format.Bool(true)},
		{"RETURN 3 IN [1, null]", null},
		{"RETURN null IN []", format.Bool(false)},
		{"RETURN null IN [1]", null},
		{"RETURN 7 / 2", format.Int(3)},
		{"RETURN -7 / 2", format.Int(-3)},
		{"RETURN 7 % -3", format.Int(1)},
		{"RETURN 7 / 2.0", format.Double(3.5)},
		{"RETURN 1 + 2 * 3 - 4", format.Int(3)},
		{"RETURN 2 ^ 3", format.Double(8)},
		{"RETURN 'a' + 'b'", format.String("ab")},
		{"RETURN [1] + [2, 3]", List{format.Int(1), format.Int(2), format.Int(3)}},
		{"RETURN [1] + 2", List{format.Int(1), format.Int(2)}},
		{"RETURN null + 1", null},
		{"RETURN [1, 2, 3][-1]", format.Int(3)},
		{"RETURN [1, 2, 3][1..]", List{format.Int(2), format.Int(3)}},
		{"RETURN {a: 1}.a", format.Int(1)},
		{"RETURN {a: 1}.b", null},
		{"RETURN size('abc')", format.Int(3)},
		{"RETURN size([1, 2])", format.Int(2)},
		{"RETURN toInteger('42')", format.Int(42)},
		{"RETURN toInteger(3.9)", format.Int(3)},
		{"RETURN toInteger('x')", null},
		{"RETURN toFloat('1.5')", format.Double(1.5)},
		{"RETURN toString(12)", format.String("12")},
		{"RETURN coalesce(null, 2, 3)", format.Int(2)},
		{"RETURN keys({b: 1, a: 2})", List{format.String("a"), format.String("b")}},
		{"RETURN CASE WHEN 1 = 2 THEN 'x' ELSE 'y' END", format.String("y")},
		{"RETURN CASE 2 WHEN 1 THEN 'one' WHEN 2 THEN 'two' END", format.String("two")},
		{"RETURN date('2024-02-29')", format.Temporal{Type: format.TemporalDate, Micros: 1709164800000000}},
		{"RETURN point({x: 1, y: 2})", format.Point2D{SRID: format.SRIDCartesian2D, X: 1, Y: 2}},
		{"RETURN range(1, 3)", List{format.Int(1), format.Int(2), format.Int(3)}},
	} {
		got := single(t, s, c.src)
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.src, diff)
		}
	}
	for _, c := range []struct{ src, msg string }{
		{"RETURN 1 < 'a'", "Invalid 'less' operand types(int + string)"},
		{"RETURN true < false", "Invalid 'less' operand types(bool + bool)"},
		{"RETURN 1 / 0", "Division by zero"},
		{"RETURN 'a' + 1", "Invalid 'add' operand types"},
		{"RETURN 1 AND true", "Invalid types: int and bool for AND."},
		{"RETURN 1 IN 2", "IN expected a list, got int."},
		{"RETURN x", "Unbound variable: x."},
		{"RETURN nosuchfunction(1)", "function nosuchfunction is not supported"},
		{"RETURN 9223372036854775807 + 1", "Integer overflow."},
	} {
		_, err := runErr(s, c.src)
		if err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: want an error with %q, got %v", c.src, c.msg, err)
		}
	}
	_, err := runErr(s, "RETURN nosuchfunction(1)")
	if !errors.Is(err, ErrNotSupported) {
		t.Errorf("an unknown function's error is not ErrNotSupported: %v", err)
	}
	if !strings.HasPrefix(err.Error(), "line 1, column 8: ") {
		t.Errorf("the error does not give the call's position: %v", err)
	}
}

func TestMatchWhere(t *testing.T) {
	s, _, _ := newSession(t)
	run(t, s, "CREATE (:P {name: 'a', age: 30}), (:P {name: 'b', age: 20}), (:P {name: 'c'}), (:Q {name: 'd', age: 30})")
	run(t, s, "MATCH (a:P {name: 'a'}), (b:P {name: 'b'}) CREATE (a)-[:KNOWS {since: 2000}]->(b)")
	names := func(src string) []string {
		var out []string
		for _, r := range run(t, s, src).Rows {
			out = append(out, FormatValue(List(r)))
		}
		return out
	}
	for _, c := range []struct {
		src  string
		want []string
	}{
		{"MATCH (n:P) WHERE n.age > 25 RETURN n.name", []string{`["a"]`}},
		{"MATCH (n) WHERE n.age = 30 RETURN n.name ORDER BY n.name", []string{`["a"]`, `["d"]`}},
		{"MATCH (n:P) WHERE n.age <> 30 RETURN n.name", []string{`["b"]`}}, // null age is filtered out
		{"MATCH (n:P) WHERE n.age IS NULL RETURN n.name", []string{`["c"]`}},
		{"MATCH (n) WHERE n:Q OR n.name = 'c' RETURN n.name ORDER BY n.name DESC", []string{`["d"]`, `["c"]`}},
		{"MATCH (n:P) WHERE n.name IN ['a', 'c'] RETURN n.name ORDER BY n.name", []string{`["a"]`, `["c"]`}},
		{"MATCH (a)-[r:KNOWS]->(b) RETURN a.name, r.since, b.name", []string{`["a", 2000, "b"]`}},
		{"MATCH (a)<-[:KNOWS]-(b) RETURN a.name, b.name", []string{`["b", "a"]`}},
		{"MATCH (a {name: 'b'})-[r]-(b) RETURN b.name, type(r)", []string{`["a", "KNOWS"]`}},
		{"MATCH p = (a)-[:KNOWS]->(b) RETURN size(nodes(p)), length(p)", []string{`[2, 1]`}},
		{"MATCH (n:P) OPTIONAL MATCH (n)-[:KNOWS]->(m) RETURN n.name, m.name ORDER BY n.name", []string{`["a", "b"]`, `["b", Null]`, `["c", Null]`}},
		{"MATCH (n:P) RETURN n.name ORDER BY n.age, n.name", []string{`["b"]`, `["a"]`, `["c"]`}}, // null sorts last
		{"MATCH (n:P) RETURN n.name ORDER BY n.name SKIP 1 LIMIT 1", []string{`["b"]`}},
		{"MATCH (n) RETURN DISTINCT n.age ORDER BY n.age", []string{`[20]`, `[30]`, `[Null]`}},
		{"MATCH (n:P) WITH n WHERE n.age > 10 RETURN count(*)", []string{`[2]`}},
		{"UNWIND [3, 1, 2] AS x WITH x ORDER BY x RETURN collect(x)", []string{`[[1, 2, 3]]`}},
		{"MATCH (n) RETURN labels(n), n.name ORDER BY n.name LIMIT 1", []string{`[["P"], "a"]`}},
	} {
		if diff := cmp.Diff(c.want, names(c.src)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.src, diff)
		}
	}
	res := run(t, s, "MATCH (n:P {name: 'a'}) RETURN n, n.name AS name")
	if diff := cmp.Diff([]string{"n", "name"}, res.Columns); diff != "" {
		t.Errorf("columns (-want +got):\n%s", diff)
	}
	n, ok := res.Rows[0][0].(Node)
	if !ok || !cmp.Equal(n.Labels, []string{"P"}) || FormatValue(n) != "(:`P` {`age`: 30, `name`: \"a\"})" {
		t.Errorf("RETURN n gave %#v (%s)", res.Rows[0][0], FormatValue(res.Rows[0][0]))
	}
}

func TestAggregations(t *testing.T) {
	s, _, _ := newSession(t)
	run(t, s, "UNWIND [1, 2, 2, null, 5] AS x CREATE (:N {x: x, g: x % 2})")
	for _, c := range []struct{ src, want string }{
		{"MATCH (n:N) RETURN count(*), count(n.x), count(DISTINCT n.x)", `[5, 4, 3]`},
		{"MATCH (n:N) RETURN sum(n.x), min(n.x), max(n.x), avg(n.x)", `[10, 1, 5, 2.5]`},
		{"MATCH (n:N) RETURN collect(n.x)", `[[1, 2, 2, 5]]`},
		{"MATCH (n:N) RETURN collect(DISTINCT n.x)", `[[1, 2, 5]]`},
		{"MATCH (n:N) WHERE n.x > 100 RETURN count(*), sum(n.x), collect(n.x), min(n.x)", `[0, 0, [], Null]`},
		{"MATCH (n:N) RETURN n.g AS g, count(*) AS c ORDER BY g", `[0, 2]|[1, 2]|[Null, 1]`},
		{"MATCH (n:N) RETURN count(*) + 1", `[6]`},
		{"UNWIND [1.5, 2] AS x RETURN sum(x)", `[3.5]`},
	} {
		var rows []string
		for _, r := range run(t, s, c.src).Rows {
			rows = append(rows, FormatValue(List(r)))
		}
		if got := strings.Join(rows, "|"); got != c.want {
			t.Errorf("%s = %s, want %s", c.src, got, c.want)
		}
	}
	// Grouping without input gives no rows; a sum of strings is an error.
	if res := run(t, s, "MATCH (n:Nothing) RETURN n.x, count(*)"); len(res.Rows) != 0 {
		t.Errorf("grouped aggregation without input gave %v", res.Rows)
	}
	if _, err := runErr(s, "UNWIND ['a'] AS x RETURN sum(x)"); err == nil || !strings.Contains(err.Error(), "Only numeric values allowed in SUM aggregation.") {
		t.Errorf("sum of a string: %v", err)
	}
}

func TestMerge(t *testing.T) {
	s, _, _ := newSession(t)
	res := run(t, s, "UNWIND [1, 1, 2] AS x MERGE (n:M {k: x}) ON CREATE SET n.created = true ON MATCH SET n.matched = true")
	if res.Stats.NodesCreated != 2 {
		t.Errorf("MERGE created %d nodes, want 2 (a row sees what earlier rows created)", res.Stats.NodesCreated)
	}
	got := run(t, s, "MATCH (n:M) RETURN n.k, n.created, n.matched ORDER BY n.k").Rows
	want := "[1, true, true]|[2, true, Null]"
	var rows []string
	for _, r := range got {
		rows = append(rows, FormatValue(List(r)))
	}
	if strings.Join(rows, "|") != want {
		t.Errorf("after MERGE: %s, want %s", strings.Join(rows, "|"), want)
	}
	run(t, s, "MATCH (a:M {k: 1}), (b:M {k: 2}) MERGE (a)-[:R]->(b)")
	res = run(t, s, "MATCH (a:M {k: 1}), (b:M {k: 2}) MERGE (a)-[r:R]->(b) RETURN count(r)")
	if res.Stats.RelationshipsCreated != 0 || FormatValue(res.Rows[0][0]) != "1" {
		t.Errorf("MERGE of an existing relationship: %v, stats %s", res.Rows, res.Stats)
	}
	res = run(t, s, "MATCH (a:M {k: 2}), (b:M {k: 1}) MERGE (a)-[r:R]-(b) RETURN count(r)")
	if res.Stats.RelationshipsCreated != 0 {
		t.Errorf("an undirected MERGE created a relationship though one exists the other way: %s", res.Stats)
	}
}

func TestDeleteAndDetachDelete(t *testing.T) {
	s, _, _ := newSession(t)
	run(t, s, "CREATE (:A {id: 1})-[:T]->(:B {id: 2}), (:C)")
	_, err := runErr(s, "MATCH (a:A) DELETE a")
	if err == nil || !strings.Contains(err.Error(), "Failed to remove node because of it's existing connections. Consider using DETACH DELETE.") {
		t.Fatalf("DELETE of a node with edges: %v", err)
	}
	if !errors.Is(err, storage.ErrVertexHasEdges) {
		t.Errorf("the error does not wrap storage.ErrVertexHasEdges: %v", err)
	}
	if n := single(t, s, "MATCH (n) RETURN count(n)"); n != format.Int(3) {
		t.Fatalf("the failed DELETE was not rolled back: %v nodes", n)
	}
	res := run(t, s, "MATCH (a:A) DETACH DELETE a")
	if res.Stats.NodesDeleted != 1 || res.Stats.RelationshipsDeleted != 1 {
		t.Errorf("DETACH DELETE stats: %s", res.Stats)
	}
	res = run(t, s, "MATCH (c:C) DELETE c")
	if res.Stats.NodesDeleted != 1 {
		t.Errorf("DELETE stats: %s", res.Stats)
	}
	if n := single(t, s, "MATCH (n) RETURN count(n)"); n != format.Int(1) {
		t.Errorf("%v nodes left, want 1", n)
	}
	// A path deletes its elements; null is skipped.
	run(t, s, "CREATE (:X)-[:T]->(:Y)")
	res = run(t, s, "MATCH p = (:X)-[:T]->(:Y) OPTIONAL MATCH (z:Z) DETACH DELETE p, z")
	if res.Stats.NodesDeleted != 2 || res.Stats.RelationshipsDeleted != 1 {
		t.Errorf("deleting a path: %s", res.Stats)
	}
	if _, err := runErr(s, "UNWIND [1] AS x DELETE x"); err == nil || !strings.Contains(err.Error(), "Edges, vertices and paths can be deleted.") {
		t.Errorf("deleting an integer: %v", err)
	}
}

func TestSetRemove(t *testing.T) {
	s, _, _ := newSession(t)
	run(t, s, "CREATE (:S {a: 1, b: 2})")
	res := run(t, s, "MATCH (n:S) SET n.c = n.a + 10, n:T:U REMOVE n.a, n:S RETURN n")
	// Removing a label moves the last one into its place, as Memgraph does.
	if got := FormatValue(res.Rows[0][0]); got != "(:`U`:`T` {`b`: 2, `c`: 11})" {
		t.Errorf("after SET/REMOVE: %s", got)
	}
	if res.Stats.LabelsAdded != 2 || res.Stats.LabelsRemoved != 1 {
		t.Errorf("label stats: %s", res.Stats)
	}
	res = run(t, s, "MATCH (n:T) SET n += {d: 4, b: null} RETURN n")
	if got := FormatValue(res.Rows[0][0]); got != "(:`U`:`T` {`c`: 11, `d`: 4})" {
		t.Errorf("after SET +=: %s", got)
	}
	res = run(t, s, "MATCH (n:T) SET n = {z: 26} RETURN n")
	if got := FormatValue(res.Rows[0][0]); got != "(:`U`:`T` {`z`: 26})" {
		t.Errorf("after SET =: %s", got)
	}
	if _, err := runErr(s, "MATCH (n:T) SET n.p = n"); err == nil || !strings.Contains(err.Error(), "'vertex' cannot be used as a property value.") {
		t.Errorf("storing a node as a property: %v", err)
	}
	if _, err := runErr(s, "MATCH (n:T) SET n.a.b = 1"); !errors.Is(err, ErrNotSupported) {
		t.Errorf("a nested SET: %v", err)
	}
}

func TestClauseOrderErrors(t *testing.T) {
	s, st, _ := newSession(t)
	before := st.NextTimestamp()
	for _, c := range []struct{ src, msg string }{
		{"CREATE (n) MATCH (m) RETURN m", "MATCH can't be put after RETURN clause or after an update."},
		{"OPTIONAL MATCH (n) MATCH (m) RETURN m", "MATCH can't be put after OPTIONAL MATCH."},
		{"MATCH (n)", "Query should either create or update something, or return results!"},
		{"RETURN 1 AS a, 2 AS a", "Multiple results with the same name 'a' are not allowed."},
		{"MATCH (n) WITH n.x RETURN 1", "Only variables can be non-aliased in WITH."},
		{"CREATE (a)-[:T]-(b)", "Bidirectional relationship are not supported when creating an edge"},
		{"CREATE (a)-[:T|U]->(b)", "Exactly one relationship type must be specified when creating an edge."},
	} {
		_, err := runErr(s, c.src)
		if err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: want %q, got %v", c.src, c.msg, err)
		}
		var qe *Error
		if errors.As(err, &qe) && qe.Pos.Line < 1 {
			t.Errorf("%s: the error has no position: %v", c.src, err)
		}
	}
	// Clause-order errors are the parser's: they come before any
	// transaction, so only the planner's (the last three) take timestamps.
	if used := st.NextTimestamp() - before; used != 3 {
		t.Errorf("the refused statements took %d timestamps, want 3", used)
	}
}

// TestStarWithNothingInScope: Memgraph refuses '*' with no variable to
// project, and the error points at the '*' (a fuzzer found it pointing
// nowhere).
func TestStarWithNothingInScope(t *testing.T) {
	s, _, _ := newSession(t)
	for _, c := range []struct {
		src string
		pos cypher.Pos
	}{
		{"RETURN *", cypher.Pos{Line: 1, Col: 8}},
		{"MATCH ()\nWITH DISTINCT * RETURN 1", cypher.Pos{Line: 2, Col: 15}},
	} {
		_, err := runErr(s, c.src)
		var qe *Error
		if !errors.As(err, &qe) || qe.Msg != "There are no variables in scope to use for '*'." || qe.Pos != c.pos {
			t.Errorf("%q: want the no-variables error at %v, got %#v", c.src, c.pos, err)
		}
	}
	if res := run(t, s, "RETURN *, 1 AS one"); len(res.Rows) != 1 {
		t.Errorf("'*' with an item beside it: %d rows, want 1", len(res.Rows))
	}
}

func TestReturnDeleted(t *testing.T) {
	s, _, _ := newSession(t)
	run(t, s, "CREATE (:D {x: 1})-[:T {y: 2}]->(:D)")
	res := run(t, s, "MATCH (a:D {x: 1})-[r]->() DETACH DELETE a RETURN a, r")
	if got := FormatValue(List(res.Rows[0])); got != "[(:`D` {`x`: 1}), [:`T` {`y`: 2}]]" {
		t.Errorf("RETURN of what the statement deleted: %s", got)
	}
}

// TestOddStatementsDoNotPanic runs statements that mix types, nulls and
// graph elements in unusual places: each must end in a result or an
// *Error, never a panic.
func TestOddStatementsDoNotPanic(t *testing.T) {
	s, _, _ := newSession(t)
	run(t, s, "CREATE (:A {l: [1, 2], m: {k: 1}})-[:T]->(:B), (:C)")
	for _, src := range []string{
		"MATCH (a)--(b), (a)-->(c), (a)<--(d), (a)<-->(e) RETURN a",
		"MATCH p = (a)-[r:A|B|:T]->(b) RETURN p, r, nodes(p)[0], relationships(p)",
		"MATCH (n {p: $x}) RETURN n",
		"MATCH (n) SET n.p = 1, n:L:M, n += {a: 1}, n = {b: 2}",
		"MATCH (n) DETACH DELETE n, m",
		"MATCH (n) RETURN DISTINCT n.x AS x, count(*) AS c ORDER BY x DESC, c SKIP 1 LIMIT 2",
		"MATCH (n) RETURN *",
		"OPTIONAL MATCH (n:L) WITH n WHERE n.x > 1 UNWIND [1] AS i RETURN i",
		"MERGE (n:L {k: 1}) ON CREATE SET n.c = 1 ON MATCH SET n.m = 2",
		"MATCH (n) RETURN n[0], n['l'], n.l[5], n.m.k, n.m.x.y",
		"MATCH (n) RETURN n < n",
		"MATCH (n) RETURN n + 1",
		"MATCH (n) RETURN min(n)",
		"MATCH (n) RETURN n ORDER BY n",
		"MATCH (n) WITH collect(n) AS ns UNWIND ns AS x RETURN labels(x)",
		"UNWIND [[1], null, 'a'] AS x UNWIND x AS y RETURN y",
		"UNWIND [1, 2] AS x RETURN x SKIP -1",
		"UNWIND [1, 2] AS x RETURN x LIMIT 'a'",
		"RETURN [1, 2][0..'a']",
		"RETURN {a: 1}[1]",
		"RETURN range(1, 10, 0)",
		"RETURN point({x: 'a', y: 1})",
		"RETURN date(1)",
		"RETURN toInteger(1e300), toInteger('9223372036854775808')",
		"RETURN -9223372036854775807 - 2",
		"RETURN 9223372036854775807 * 2, 2 * -4611686018427387905",
		"RETURN (-9223372036854775807 - 1) / -1, (-9223372036854775807 - 1) % -1",
		"RETURN count(count(*))",
		"MATCH (n) WHERE count(n) > 1 RETURN n",
		"MATCH (n) WHERE n.l RETURN n",
		"CREATE (n)-[:T]->(n) RETURN n",
		"MATCH (a:A) CREATE (a)-[:T]->(b:B {x: a})",
		"MATCH (a:A) OPTIONAL MATCH (z:Z) CREATE (a)-[:T]->(z)",
		"MATCH (a:A) MERGE (a)-[:T]-(b)",
		"MATCH (a:A) SET a = 1",
		"UNWIND [1] AS x SET x.p = 1",
		"MATCH ()-[r]->() SET r += {w: [1, {k: 2}]} RETURN properties(r)",
		"MATCH (n) WITH n, n AS n RETURN 1",
		"MATCH p = (a)-->(b) MATCH p = (c) RETURN p",
		"WITH 1 AS x WITH * RETURN *",
	} {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s panicked: %v", src, r)
				}
			}()
			if _, err := runErr(s, src); err != nil {
				var qe *Error
				if !errors.As(err, &qe) && !strings.Contains(err.Error(), "line ") {
					t.Errorf("%s: an error without a position: %v", src, err)
				}
			}
		}()
	}
}

// Memgraph's ScalarFromName takes long names beside usearch's short ones,
// and a vertex under a vector index reads back as the index keeps it
// (through float32, then the kind; binary16 and bfloat16 worked by hand).
func TestVectorIndexScalarKinds(t *testing.T) {
	for _, c := range []struct {
		name string
		want format.Double
	}{
		{"f16", 0.0999755859375},
		{"float16", 0.0999755859375},
		{"bfloat16", 0.10009765625},
		{"double", 0.10000000149011612},
		{"float", 0.10000000149011612},
	} {
		s, _, _ := newSession(t)
		run(t, s, `CREATE VECTOR INDEX vi ON :L(p) WITH CONFIG {"dimension": 1, "capacity": 10, "scalar_kind": "`+c.name+`"}`)
		run(t, s, "CREATE (:L {p: [0.1]})")
		if got := single(t, s, "MATCH (n:L) RETURN n.p[0]"); got != c.want {
			t.Errorf("scalar_kind %q: reads %v, want %v", c.name, got, c.want)
		}
	}
	s, _, _ := newSession(t)
	if _, err := runErr(s, `CREATE VECTOR INDEX vi ON :L(p) WITH CONFIG {"dimension": 1, "capacity": 10, "scalar_kind": "f17"}`); err == nil {
		t.Error("scalar_kind f17 was taken")
	}
}
