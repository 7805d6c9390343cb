package query

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/durascope/durascope/engine/storage"
	"github.com/durascope/durascope/format"
)

// accessOf is the access type a committed transaction recorded.
func accessOf(t *testing.T, tx format.Txn) storage.Access {
	t.Helper()
	return storage.Access(tx.Access)
}

func TestAccessTypesAndTimestamps(t *testing.T) {
	s, st, log := newSession(t)
	run(t, s, "CREATE ENUM E VALUES { A, B }")
	run(t, s, "CREATE (:L {p: 1, e: E::A})-[:T {q: 2}]->(:M)")
	for _, c := range []struct {
		src string
		// access the statement's transaction recorded; -1 when it
		// commits nothing.
		access int
		// timestamps it takes: a start (none for a query that touches no
		// graph) and a commit when it writes.
		timestamps uint64
	}{
		{"MATCH (n) RETURN n", -1, 1},
		{"RETURN 1 + 1", -1, 0},
		{"UNWIND [1, 2] AS x RETURN x", -1, 0},
		{"WITH 1 AS x RETURN count(*), [x][0], CASE WHEN x > 0 THEN 1 END", -1, 0},
		// Memgraph's IsGraphFree refuses any function, property lookup
		// or string predicate: those take a transaction.
		{"RETURN range(1, 2)", -1, 1},
		{"RETURN {a: 1}.a", -1, 1},
		{"RETURN 'ab' STARTS WITH 'a'", -1, 1},
		{"WITH 1 AS x RETURN *", -1, 1},
		{"MATCH (n:L) SET n.p = 3", int(storage.AccessWrite), 2},
		{"MATCH (n:Nothing) SET n.p = 3", -1, 1}, // a writing query that wrote nothing commits nothing
		{"CREATE INDEX ON :L", int(storage.AccessReadOnly), 2},
		{"CREATE INDEX ON :L(p)", int(storage.AccessReadOnly), 2},
		{"CREATE EDGE INDEX ON :T", int(storage.AccessReadOnly), 2},
		{"CREATE EDGE INDEX ON :T(q)", int(storage.AccessReadOnly), 2},
		{"CREATE GLOBAL INDEX ON :(p)", int(storage.AccessReadOnly), 2},
		{"CREATE GLOBAL EDGE INDEX ON :(q)", int(storage.AccessReadOnly), 2},
		{"CREATE CONSTRAINT ON (n:L) ASSERT EXISTS (n.p)", int(storage.AccessReadOnly), 2},
		{"CREATE CONSTRAINT ON (n:L) ASSERT n.p IS UNIQUE", int(storage.AccessReadOnly), 2},
		{"CREATE CONSTRAINT ON (n:L) ASSERT n.p IS TYPED INTEGER", int(storage.AccessReadOnly), 2},
		{"DROP CONSTRAINT ON (n:L) ASSERT n.p IS TYPED INTEGER", int(storage.AccessReadOnly), 2},
		{"DROP INDEX ON :L(p)", int(storage.AccessRead), 2},
		{"DROP EDGE INDEX ON :T", int(storage.AccessRead), 2},
		{"ANALYZE GRAPH", int(storage.AccessRead), 2},
		{"CREATE POINT INDEX ON :L(loc)", int(storage.AccessUnique), 2},
		{"CREATE TEXT INDEX tx ON :L(p)", int(storage.AccessUnique), 2},
		{`CREATE VECTOR INDEX vx ON :L(v) WITH CONFIG {"dimension": 2, "capacity": 10}`, int(storage.AccessUnique), 2},
		{"DROP VECTOR INDEX vx", int(storage.AccessUnique), 2},
		{"ALTER ENUM E ADD VALUE C", int(storage.AccessUnique), 2},
		{`ENABLE TTL EVERY "1h"`, int(storage.AccessUnique), 2},
		{"STOP TTL", int(storage.AccessUnique), 2},
		{`SET DESCRIPTION ON LABEL :L "a label"`, int(storage.AccessUnique), 2},
		{"DELETE DESCRIPTION ON LABEL :L", int(storage.AccessUnique), 2},
		{"SHOW ENUMS", -1, 1},
		{"SHOW INDEX INFO", -1, 1},
		{"SHOW CONSTRAINT INFO", -1, 1},
		{"DUMP DATABASE", -1, 1},
		{"LOCK DATA DIRECTORY", -1, 0},
		{"DATA DIRECTORY LOCK STATUS", -1, 0},
	} {
		before, txns := st.NextTimestamp(), len(log.all())
		run(t, s, c.src)
		all := log.all()
		switch {
		case c.access < 0 && len(all) != txns:
			t.Errorf("%s committed %d transactions, want none", c.src, len(all)-txns)
		case c.access >= 0 && len(all) != txns+1:
			t.Errorf("%s committed %d transactions, want one", c.src, len(all)-txns)
		case c.access >= 0:
			if a := accessOf(t, all[len(all)-1]); a != storage.Access(c.access) {
				t.Errorf("%s opened %s access, want %s", c.src, a, storage.Access(c.access))
			}
		}
		if used := st.NextTimestamp() - before; used != c.timestamps {
			t.Errorf("%s took %d timestamps, want %d", c.src, used, c.timestamps)
		}
	}
}

func TestExplicitTransactions(t *testing.T) {
	s, st, log := newSession(t)
	before := st.NextTimestamp()
	run(t, s, "BEGIN")
	if st.NextTimestamp() != before+1 {
		t.Errorf("BEGIN took %d timestamps, want 1 (its start)", st.NextTimestamp()-before)
	}
	run(t, s, "CREATE (:A {i: 1})")
	run(t, s, "CREATE (:A {i: 2})")
	// A later statement of the transaction sees the earlier ones.
	if n := single(t, s, "MATCH (a:A) RETURN count(a)"); n != format.Int(2) {
		t.Errorf("inside the transaction: %v nodes, want 2", n)
	}
	if len(log.all()) != 0 {
		t.Fatal("something was committed before COMMIT")
	}
	for _, c := range []struct{ src, what string }{
		{"CREATE INDEX ON :A", "Index manipulation is not allowed in multicommand transactions."},
		{"CREATE CONSTRAINT ON (n:A) ASSERT EXISTS (n.i)", "Constraint manipulation is not allowed"},
		{"CREATE ENUM X VALUES { Y }", "Creating or modifying enums is not allowed"},
		{"ANALYZE GRAPH", "Analyzing graph is not allowed"},
		{"CREATE SNAPSHOT", "Creating snapshots is not allowed"},
		{"LOCK DATA DIRECTORY", "Locking paths is not allowed"},
		{`ENABLE TTL EVERY "1s"`, "Configuring TTL is not allowed"},
		{"BEGIN", "Nested transactions are not supported."},
	} {
		if _, err := runErr(s, c.src); err == nil || !strings.Contains(err.Error(), c.what) {
			t.Errorf("%s inside a transaction: %v", c.src, err)
		}
	}
	// A refused statement leaves the transaction to be rolled back.
	if _, err := runErr(s, "COMMIT"); err == nil || !strings.Contains(err.Error(), "Please invoke a rollback instead.") {
		t.Fatalf("COMMIT after an error: %v", err)
	}
	run(t, s, "ROLLBACK")
	if len(log.all()) != 0 {
		t.Fatal("ROLLBACK wrote something")
	}
	if n := single(t, s, "MATCH (a:A) RETURN count(a)"); n != format.Int(0) {
		t.Errorf("after ROLLBACK: %v nodes, want 0", n)
	}

	run(t, s, "BEGIN")
	run(t, s, "CREATE (:B {i: 1})")
	run(t, s, "MATCH (b:B) SET b.j = 2")
	run(t, s, "COMMIT")
	all := log.all()
	if len(all) != 1 || accessOf(t, all[0]) != storage.AccessWrite {
		t.Fatalf("an explicit transaction committed %d WAL transactions, want one with WRITE access", len(all))
	}
	var markers []string
	for _, f := range format.AppendTxn(nil, st.Features(), all[0]) {
		markers = append(markers, f.Marker.String())
	}
	want := "TRANSACTION_START VERTEX_CREATE VERTEX_ADD_LABEL VERTEX_SET_PROPERTY VERTEX_SET_PROPERTY TRANSACTION_END"
	if got := strings.Join(markers, " "); got != want {
		t.Errorf("the explicit transaction wrote\n%s\nwant\n%s", got, want)
	}
	for _, src := range []string{"COMMIT", "ROLLBACK"} {
		if _, err := runErr(s, src); err == nil || !strings.Contains(err.Error(), "No current transaction to") {
			t.Errorf("%s outside a transaction: %v", src, err)
		}
	}
	// Close rolls back.
	run(t, s, "BEGIN")
	run(t, s, "CREATE (:C)")
	s.Close()
	if n := single(t, s, "MATCH (c:C) RETURN count(c)"); n != format.Int(0) {
		t.Errorf("Close did not roll back: %v nodes", n)
	}
}

func TestConflictBetweenSessions(t *testing.T) {
	st, log := newTestStore(t, format.MaxVersion)
	a, b := NewSession(&testHost{st: st}), NewSession(&testHost{st: st})
	run(t, a, "CREATE (:K {v: 0})")
	run(t, a, "BEGIN")
	run(t, b, "BEGIN")
	run(t, a, "MATCH (k:K) SET k.v = 1")
	_, err := runErr(b, "MATCH (k:K) SET k.v = 2")
	if !errors.Is(err, storage.ErrSerialization) {
		t.Fatalf("the second writer: %v, want a serialization error", err)
	}
	if !strings.Contains(err.Error(), "Cannot resolve conflicting transactions") {
		t.Errorf("the conflict's message: %v", err)
	}
	if _, err := runErr(b, "COMMIT"); err == nil {
		t.Error("COMMIT after a conflict succeeded")
	}
	run(t, b, "ROLLBACK")
	run(t, a, "COMMIT")
	if v := single(t, b, "MATCH (k:K) RETURN k.v"); v != format.Int(1) {
		t.Errorf("k.v = %v, want 1", v)
	}
	// Snapshot isolation: a transaction does not see a later commit.
	run(t, b, "BEGIN")
	if v := single(t, b, "MATCH (k:K) RETURN k.v"); v != format.Int(1) {
		t.Fatalf("k.v = %v", v)
	}
	run(t, a, "MATCH (k:K) SET k.v = 5")
	if v := single(t, b, "MATCH (k:K) RETURN k.v"); v != format.Int(1) {
		t.Errorf("the open transaction saw a later commit: k.v = %v", v)
	}
	run(t, b, "COMMIT")
	if n := len(log.all()); n != 3 {
		t.Errorf("%d transactions committed, want 3", n)
	}
}

func TestConstraintViolations(t *testing.T) {
	s, _, _ := newSession(t)
	run(t, s, "CREATE CONSTRAINT ON (n:U) ASSERT n.k IS UNIQUE")
	run(t, s, "CREATE CONSTRAINT ON (n:E) ASSERT EXISTS (n.k)")
	run(t, s, "CREATE (:U {k: 1})")
	var cv *storage.ConstraintViolation
	if _, err := runErr(s, "CREATE (:U {k: 1})"); !errors.As(err, &cv) || cv.Kind != storage.ConstraintUnique {
		t.Errorf("a duplicate unique value: %v", err)
	}
	if _, err := runErr(s, "CREATE (:E)"); !errors.As(err, &cv) || cv.Kind != storage.ConstraintExistence {
		t.Errorf("a missing property: %v", err)
	}
	if n := single(t, s, "MATCH (n) RETURN count(n)"); n != format.Int(1) {
		t.Errorf("%v nodes, want 1: the violating commits must leave nothing", n)
	}
}

// TestPipelineOrder checks that rows flow through the write clauses one at
// a time (Memgraph's pull pipeline), and that WITH after writes collects
// them all first: the WAL's object order follows.
func TestPipelineOrder(t *testing.T) {
	frames := func(src string) string {
		s, st, log := newSession(t)
		run(t, s, src)
		all := log.all()
		var out []string
		for _, f := range format.AppendTxn(nil, st.Features(), all[len(all)-1]) {
			switch d := f.Delta.(type) {
			case format.VertexDelta:
				out = append(out, "create"+itoa(d.Gid))
			case format.VertexPropertyDelta:
				out = append(out, d.Property+itoa(d.Gid))
			}
		}
		return strings.Join(out, " ")
	}
	// Pass 1 walks vertices by the position of their newest delta.
	if got := frames("UNWIND [1, 2] AS x CREATE (n {x: x}) SET n.y = x"); got != "create0 x0 y0 create1 x1 y1" {
		t.Errorf("row by row: %s", got)
	}
	if got := frames("UNWIND [1, 2] AS x CREATE (n {x: x}) WITH n SET n.y = 1"); got != "create0 x0 y0 create1 x1 y1" {
		t.Errorf("after WITH: %s", got)
	}
	if got := frames("CREATE (a {p: 1}), (b {p: 2}) SET a.q = 1"); got != "create1 p1 create0 p0 q0" {
		t.Errorf("an earlier vertex written last comes last: %s", got)
	}
}

func itoa(x uint64) string { return string(rune('0' + x)) }

func TestNameRegistration(t *testing.T) {
	s, st, _ := newSession(t)
	run(t, s, "CREATE (:New {zeta: 1, alpha: {nested: 1}})")
	run(t, s, "MATCH (n:New) CREATE (n)-[:REL {w: 1}]->(:Other {k: 2})")
	var got []string
	for _, n := range st.Names() {
		got = append(got, n)
	}
	// Plan: node keys then labels, the far node, edge keys, edge type;
	// then the parser's keys (nested ones included), labels, types.
	want := "zeta alpha New nested k Other w REL"
	if strings.Join(got, " ") != want {
		t.Errorf("names registered as %q, want %q", strings.Join(got, " "), want)
	}
}

func TestCommands(t *testing.T) {
	st, _ := newTestStore(t, format.MaxVersion)
	h := &testHost{st: st, snapshot: "/data/snapshots/x"}
	s := NewSession(h)
	for _, c := range []struct{ src, want string }{
		{"DATA DIRECTORY LOCK STATUS", "Data directory is unlocked."},
		{"LOCK DATA DIRECTORY", "Data directory is now locked."},
		{"LOCK DATA DIRECTORY", "Data directory is already locked."},
		{"DATA DIRECTORY LOCK STATUS", "Data directory is locked."},
		{"UNLOCK DATA DIRECTORY", "Data directory is now unlocked."},
		{"UNLOCK DATA DIRECTORY", "Data directory is already unlocked."},
	} {
		res := run(t, s, c.src)
		if res.Notice != c.want || len(res.Rows) != 1 || res.Rows[0][0] != format.String(c.want) || res.Columns[0] != "STATUS" {
			t.Errorf("%s: %+v, want %q", c.src, res, c.want)
		}
	}
	if res := run(t, s, "CREATE SNAPSHOT"); res.Rows[0][0] != format.String("/data/snapshots/x") {
		t.Errorf("CREATE SNAPSHOT: %+v", res)
	}
	h.snapshot = ""
	if _, err := runErr(s, "CREATE SNAPSHOT"); err == nil {
		t.Error("a failing snapshot did not fail the statement")
	}
	run(t, s, "CREATE ENUM Color VALUES { Red, Green }")
	run(t, s, "CREATE INDEX ON :P(a)")
	run(t, s, "CREATE CONSTRAINT ON (n:P) ASSERT n.a IS UNIQUE")
	run(t, s, "CREATE (:P {a: 1, c: Color::Green})-[:T]->(:P {a: 2})")
	for _, c := range []struct{ src, want string }{
		{"SHOW ENUMS", `["Color", ["Red", "Green"]]`},
		{"SHOW INDEX INFO", `["label+property", "P", "a", 2]`},
		{"SHOW CONSTRAINT INFO", `["unique", "P", ["a"], ""]`},
	} {
		res := run(t, s, c.src)
		if len(res.Rows) != 1 || FormatValue(List(res.Rows[0])) != c.want {
			t.Errorf("%s: %v, want %s", c.src, res.Rows, c.want)
		}
	}
	res := run(t, s, "DUMP DATABASE")
	var lines []string
	for _, r := range res.Rows {
		lines = append(lines, string(r[0].(format.String)))
	}
	want := []string{
		"CREATE ENUM Color VALUES { Red, Green };",
		"CREATE INDEX ON :__mg_vertex__(__mg_id__);",
		"CREATE (:__mg_vertex__:`P` {__mg_id__: 0, `a`: 1, `c`: Color::Green});",
		"CREATE (:__mg_vertex__:`P` {__mg_id__: 1, `a`: 2});",
	}
	for _, w := range want {
		if !strings.Contains(strings.Join(lines, "\n"), w) {
			t.Errorf("DUMP DATABASE lacks %q:\n%s", w, strings.Join(lines, "\n"))
		}
	}
	if res.Columns[0] != "QUERY" {
		t.Errorf("DUMP DATABASE's column: %v", res.Columns)
	}
	info, err := runErr(s, "SHOW STORAGE INFO")
	if err != nil {
		t.Fatalf("SHOW STORAGE INFO: %v", err)
	}
	got := map[string]Value{}
	for _, row := range info.Rows {
		got[string(row[0].(format.String))] = row[1]
	}
	if got["vertex_count"] == nil || got["edge_count"] == nil || got["storage_mode"] != format.String("IN_MEMORY_TRANSACTIONAL") {
		t.Errorf("SHOW STORAGE INFO rows: %v", info.Rows)
	}
}

func TestTTLStart(t *testing.T) {
	s, _, log := newSession(t)
	s.SetClock(func() time.Time { return time.Date(2026, 8, 11, 15, 0, 0, 0, time.UTC) })
	run(t, s, `ENABLE TTL EVERY "1000s" AT "12:00:00"`)
	all := log.all()
	frames := format.AppendTxn(nil, format.FeaturesOf(format.MaxVersion), all[len(all)-1])
	d, ok := frames[1].Delta.(format.TTLDelta)
	if !ok || !d.HasStart || d.StartUs != uint64(time.Date(2026, 8, 12, 12, 0, 0, 0, time.UTC).UnixMicro()) || d.PeriodUs != 1_000_000_000 || !d.EdgeTTL {
		t.Errorf("ENABLE TTL wrote %+v: want the next noon and a 1000 s period", frames[1].Delta)
	}
}

func TestWriteTable(t *testing.T) {
	s, _, _ := newSession(t)
	res := run(t, s, "CREATE (n:P {name: 'x'}) RETURN n.name AS name, 1.5 AS f, [1, null] AS l")
	var b bytes.Buffer
	if err := res.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"name", `"x"`, "1.5", "[1, Null]", "nodes-created: 1, properties-set: 1, labels-added: 1"} {
		if !strings.Contains(out, want) {
			t.Errorf("the table lacks %q:\n%s", want, out)
		}
	}
}
