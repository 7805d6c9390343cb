package engine_test

import (
	"errors"
	"path/filepath"
	"slices"
	"testing"

	"github.com/durascope/durascope/engine/cypher"
	"github.com/durascope/durascope/engine/query"
)

// walBytes is the content of every file in dir/wal, by name.
func walBytes(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, name := range list(t, filepath.Join(dir, "wal")) {
		out[name] = string(mustRead(t, filepath.Join(dir, "wal", name)))
	}
	return out
}

// A statement that fails, after writing or at commit, leaves the graph
// and the files as they were, and its error names its position.
func TestFailedStatementChangesNothing(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(t, dir)
	cfg.WALFlushEveryNTx = 1
	e := mustOpen(t, cfg)
	defer e.Close()
	runScript(t, e, "CREATE CONSTRAINT ON (p:P) ASSERT p.id IS UNIQUE;\nCREATE (:P {id: 1});")
	graphBefore, filesBefore := liveGraph(t, e), walBytes(t, dir)
	sess := query.NewSession(e)
	defer sess.Close()
	for _, src := range []string{
		"CREATE (:Q {x: 1}) WITH 1 AS one RETURN one / 0;",   // fails after its write
		"CREATE (:P {id: 1});",                               // fails at commit
		"MATCH (p:P) CREATE (p)-[:R]->(:Q) WITH p DELETE p;", // deletes a node with edges
	} {
		st, err := cypher.Parse(src)
		if err != nil {
			t.Fatal(err)
		}
		_, err = sess.Run(st)
		var qe *query.Error
		if !errors.As(err, &qe) || qe.Pos.Line != 1 || qe.Pos.Col < 1 {
			t.Errorf("%s: %v, want a positioned query error", src, err)
		}
		if got := liveGraph(t, e); !slices.Equal(got, graphBefore) {
			t.Errorf("%s: the graph changed: %q", src, got)
		}
		if got := walBytes(t, dir); len(got) != len(filesBefore) || func() bool {
			for k, v := range got {
				if filesBefore[k] != v {
					return true
				}
			}
			return false
		}() {
			t.Errorf("%s: the WAL changed", src)
		}
	}
}

// Without properties on edges a snapshot has no edge section and Memgraph
// records edge_count 0: verify accepts it, and recovery keeps the edges.
func TestWithoutPropertiesOnEdges(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(t, dir)
	cfg.PropertiesOnEdges = false
	e := mustOpen(t, cfg)
	runScript(t, e, "CREATE (a:A)-[:R]->(b:B)-[:R]->(a);")
	held := liveGraph(t, e)
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	checkClean(t, dir, 2)
	if got := recoveredGraph(t, dir); !slices.Equal(got, held) {
		t.Errorf("recovered %q, held %q", got, held)
	}
}
