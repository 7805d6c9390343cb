package engine_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/durascope/durascope/engine"
	"github.com/durascope/durascope/engine/storage"
)

// killedCopy copies the durability files of dir as a kill -9 leaves them
// (the WAL unfinalized, no exit snapshot, no .lock) to a new directory.
func killedCopy(t *testing.T, dir string) string {
	t.Helper()
	out := t.TempDir()
	for _, sub := range []string{"snapshots", "wal"} {
		if err := os.MkdirAll(filepath.Join(out, sub), 0o750); err != nil {
			t.Fatal(err)
		}
		for _, name := range list(t, filepath.Join(dir, sub)) {
			data, err := os.ReadFile(filepath.Join(dir, sub, name))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(out, sub, name), data, 0o640); err != nil {
				t.Fatal(err)
			}
		}
	}
	return out
}

func commit(t *testing.T, e *engine.Engine, fn func(tx *storage.Txn)) {
	t.Helper()
	tx, err := e.Storage().Begin(storage.AccessWrite)
	if err != nil {
		t.Fatal(err)
	}
	fn(tx)
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// createPair creates two vertices and an edge between them, returning
// their gids.
func createPair(t *testing.T, tx *storage.Txn) (from, to *storage.Vertex, e *storage.Edge) {
	t.Helper()
	var err error
	if from, err = tx.CreateVertex(); err != nil {
		t.Fatal(err)
	}
	if to, err = tx.CreateVertex(); err != nil {
		t.Fatal(err)
	}
	if e, err = tx.CreateEdge(from, to, "R"); err != nil {
		t.Fatal(err)
	}
	return from, to, e
}

// Objects created and deleted again burn their gids across a restart, as
// in Memgraph, whose WAL recovery raises its id generators to every
// created gid + 1: with the highest vertex and edge gids deleted before a
// kill, a restarted engine goes on after them, from the WAL alone and
// from a snapshot plus the WAL.
func TestGidsBurnedAcrossRestart(t *testing.T) {
	for _, withSnapshot := range []bool{false, true} {
		dir := t.TempDir()
		cfg := testConfig(t, dir)
		cfg.SnapshotOnExit, cfg.WALFlushEveryNTx = false, 1
		e := mustOpen(t, cfg)
		var dropV, dropE []uint64
		commit(t, e, func(tx *storage.Txn) {
			createPair(t, tx) // vertices 0, 1, edge 0
			createPair(t, tx) // vertices 2, 3, edge 1
		})
		if withSnapshot {
			if _, err := e.CreateSnapshot(); err != nil {
				t.Fatal(err)
			}
		}
		commit(t, e, func(tx *storage.Txn) {
			a, b, x := createPair(t, tx) // vertices 4, 5, edge 2
			dropV, dropE = append(dropV, a.Gid(), b.Gid()), append(dropE, x.Gid())
		})
		commit(t, e, func(tx *storage.Txn) {
			for _, gid := range dropV {
				v, ok := tx.FindVertex(gid, storage.ViewNew)
				if !ok {
					t.Fatalf("vertex %d not found", gid)
				}
				if err := tx.DetachDeleteVertex(v); err != nil {
					t.Fatal(err)
				}
			}
		})
		if dropV[1] != 5 || dropE[0] != 2 {
			t.Fatalf("created vertices %v and edges %v, want 4, 5 and 2", dropV, dropE)
		}
		killed := killedCopy(t, dir)
		if err := e.Close(); err != nil {
			t.Fatal(err)
		}

		cfg.DataDirectory = killed
		e = mustOpen(t, cfg)
		res := e.Recovery().Resume
		if res.NextVertexGid != 6 || res.NextEdgeGid != 3 {
			t.Errorf("snapshot %v: recovery's next gids %d, %d; want 6, 3", withSnapshot, res.NextVertexGid, res.NextEdgeGid)
		}
		commit(t, e, func(tx *storage.Txn) {
			a, b, x := createPair(t, tx)
			if a.Gid() != 6 || b.Gid() != 7 || x.Gid() != 3 {
				t.Errorf("snapshot %v: after the restart new gids %d, %d and edge %d; want 6, 7 and 3", withSnapshot, a.Gid(), b.Gid(), x.Gid())
			}
		})
		if err := e.Close(); err != nil {
			t.Fatal(err)
		}
	}
}
