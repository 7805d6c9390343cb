package storage

import (
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/durascope/durascope/engine/snapshot"
	"github.com/durascope/durascope/format"
)

// viewNames are every name the test uses, registered first in each store
// so that both stores give them the same ids.
var viewNames = []string{"Person", "City", "U", "W", "KNOWS", "IN", "name", "age", "p", "w", "since"}

// viewHistory commits the same data in s: vertices A..F, edges, updates,
// a detach-deleted vertex and a deleted edge (both stay stored: nothing
// collects them). It returns the vertex gids by name.
func viewHistory(t *testing.T, s *Storage) map[string]uint64 {
	t.Helper()
	for _, n := range viewNames {
		s.NameToID(n)
	}
	gids := map[string]uint64{}
	run(t, s, AccessWrite, func(tx *Txn) error {
		vs := map[string]*Vertex{}
		for i, n := range []string{"A", "B", "C", "D", "E", "F"} {
			v := must[*Vertex](t)(tx.CreateVertex())
			must[bool](t)(v.AddLabel("Person"))
			if i%2 == 0 {
				must[bool](t)(v.AddLabel("City"))
			}
			must[bool](t)(v.InitProperties([]Prop{{"name", format.String(n)}, {"age", format.Int(int64(20 + i))}}))
			vs[n] = v
			gids[n] = v.Gid()
		}
		for _, e := range [][2]string{{"A", "B"}, {"B", "C"}, {"C", "D"}, {"D", "E"}, {"E", "F"}, {"F", "A"}, {"A", "D"}} {
			x := must[*Edge](t)(tx.CreateEdge(vs[e[0]], vs[e[1]], "KNOWS"))
			must[bool](t)(x.InitProperties([]Prop{{"since", format.Int(2000)}}))
		}
		return nil
	})
	find := func(tx *Txn, n string) *Vertex {
		v, ok := tx.FindVertex(gids[n], ViewOld)
		if !ok {
			t.Fatalf("vertex %s not found", n)
		}
		return v
	}
	run(t, s, AccessWrite, func(tx *Txn) error {
		must[format.Value](t)(find(tx, "C").SetProperty("age", format.Int(99)))
		_, err := find(tx, "B").RemoveLabel("Person")
		return err
	})
	run(t, s, AccessWrite, func(tx *Txn) error { return tx.DetachDeleteVertex(find(tx, "D")) })
	run(t, s, AccessWrite, func(tx *Txn) error {
		out := must[[]*Edge](t)(find(tx, "A").OutEdges(ViewOld))
		return tx.DeleteEdge(out[0])
	})
	return gids
}

// TestViewReadsAsOfItsStart: a view taken while a transaction has
// uncommitted changes, over deleted objects the collector has not
// removed, and read (serially and in parallel) while other transactions
// commit, reads exactly what a store with only the committed history
// holds, timestamps included.
func TestViewReadsAsOfItsStart(t *testing.T) {
	cfg := Config{PropertiesOnEdges: true}
	busy, _ := newStore(t, cfg)
	quiet, _ := newStore(t, cfg)
	gids := viewHistory(t, busy)
	viewHistory(t, quiet)

	// Uncommitted in busy: a label, a property, a new vertex and edge, a
	// detach delete. Its start timestamp is matched in quiet.
	unc, err := busy.Begin(AccessWrite)
	if err != nil {
		t.Fatal(err)
	}
	find := func(n string) *Vertex {
		v, ok := unc.FindVertex(gids[n], ViewOld)
		if !ok {
			t.Fatalf("vertex %s not found", n)
		}
		return v
	}
	must[bool](t)(find("A").AddLabel("U"))
	must[format.Value](t)(find("B").SetProperty("p", format.Int(99)))
	nv := must[*Vertex](t)(unc.CreateVertex())
	must[*Edge](t)(unc.CreateEdge(nv, find("C"), "IN"))
	if err := unc.DetachDeleteVertex(find("B")); err != nil {
		t.Fatal(err)
	}
	consume(t, quiet, 1)

	view, err := busy.View()
	if err != nil {
		t.Fatal(err)
	}
	defer view.Close()
	qv, err := quiet.View()
	if err != nil {
		t.Fatal(err)
	}
	defer qv.Close()
	want, err := qv.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	if view.StartTimestamp() != qv.StartTimestamp() || view.DurableTimestamp() != qv.DurableTimestamp() {
		t.Fatalf("timestamps: view %d/%d, quiet %d/%d", view.StartTimestamp(), view.DurableTimestamp(), qv.StartTimestamp(), qv.DurableTimestamp())
	}

	// The store holds objects the view must not see: D (deleted, not
	// collected) and the uncommitted vertex.
	var stored []uint64
	if err := view.StoredGids(snapshot.KindVertex, func(g uint64) bool { stored = append(stored, g); return true }); err != nil {
		t.Fatal(err)
	}
	for _, g := range []uint64{gids["D"], nv.Gid()} {
		if !slices.Contains(stored, g) {
			t.Fatalf("stored vertex gids %v lack %d", stored, g)
		}
	}
	for _, r := range want.Vertices {
		if r.Gid == gids["D"] || r.Gid == nv.Gid() {
			t.Fatalf("the quiet store's view holds vertex %d", r.Gid)
		}
	}

	// A writer commits meanwhile: new vertices and edges from F (which
	// the uncommitted transaction does not touch), F's properties, and
	// at its fifth round the uncommitted transaction itself.
	stop := make(chan struct{})
	var commits atomic.Int64
	started := make(chan struct{})
	var wg sync.WaitGroup
	var writeErr error
	wg.Go(func() {
		defer close(started)
		for i := int64(0); ; i++ {
			select {
			case <-stop:
				if unc != nil {
					writeErr = unc.Commit()
				}
				return
			default:
			}
			if i == 5 {
				if writeErr = unc.Commit(); writeErr != nil {
					return
				}
				unc = nil
			}
			tx, err := busy.Begin(AccessWrite)
			if err != nil {
				writeErr = err
				return
			}
			err = func() error {
				f, ok := tx.FindVertex(gids["F"], ViewOld)
				if !ok {
					return errors.New("F is gone")
				}
				if _, err := f.SetProperty("w", format.Int(i)); err != nil {
					return err
				}
				n, err := tx.CreateVertex()
				if err != nil {
					return err
				}
				if _, err := n.AddLabel("W"); err != nil {
					return err
				}
				_, err = tx.CreateEdge(f, n, "KNOWS")
				return err
			}()
			if err == nil {
				err = tx.Commit()
			} else {
				tx.Abort()
			}
			if err != nil {
				writeErr = err
				return
			}
			switch commits.Add(1) {
			case 8:
				started <- struct{}{}
			case 3000: // enough: wait for the snapshots to end
				<-stop
				if unc != nil {
					writeErr = unc.Commit()
				}
				return
			}
		}
	})
	<-started

	for _, c := range []snapshot.Config{
		{ItemsPerBatch: 3, Parallel: true, Threads: 2},
		{},
	} {
		c.Version = busy.Version()
		got := decodeBytes(t, createFile(t, c, view), "the view's snapshot")
		if diff := cmp.Diff(want, got, snapshotOpts...); diff != "" {
			t.Errorf("parallel %v: the snapshot differs from the quiet store's (-quiet +busy):\n%s", c.Parallel, diff)
		}
	}
	close(stop)
	wg.Wait()
	if writeErr != nil {
		t.Fatal(writeErr)
	}
	if commits.Load() < 8 {
		t.Fatalf("only %d transactions committed beside the snapshot", commits.Load())
	}
	// Read again after the writes: still as of the start.
	again, err := view.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, again, snapshotOpts...); diff != "" {
		t.Errorf("after the writes the view differs (-quiet +busy):\n%s", diff)
	}
	t.Logf("%d transactions committed beside the snapshot; the view read %d vertices, %d edges", commits.Load(), len(want.Vertices), len(want.Edges))
}

// TestViewRestCountsEachRecordOnce: Rest describes the records read; a
// second whole pass counts once, ranges overlapping otherwise are refused.
func TestViewRestCountsEachRecordOnce(t *testing.T) {
	s, _ := newStore(t, Config{})
	run(t, s, AccessWrite, func(tx *Txn) error {
		for i := range 10 {
			v := must[*Vertex](t)(tx.CreateVertex())
			must[bool](t)(v.AddLabel([]string{"A", "B"}[i%2]))
		}
		return nil
	})
	read := func(v *View, lo, hi uint64) {
		t.Helper()
		if err := v.Vertices(lo, hi, func(format.VertexRecord) error { return nil }); err != nil {
			t.Fatal(err)
		}
	}
	rest := func(v *View) (*format.Snapshot, error) {
		t.Helper()
		m, err := v.Rest()
		if err == nil && len(m.Mapper) != 2 {
			t.Fatalf("mapper %v, want labels A and B", m.Mapper)
		}
		return m, err
	}
	v := must[*View](t)(s.View())
	defer v.Close()
	read(v, 0, 5)
	read(v, 5, snapshot.NoUpperBound)
	read(v, 0, snapshot.NoUpperBound)
	read(v, 2, 7)
	if m, err := rest(v); err != nil || m.Metadata.VertexCount != 10 {
		t.Fatalf("Rest after two passes: %v vertices, %v", m.Metadata.VertexCount, err)
	}

	w := must[*View](t)(s.View())
	defer w.Close()
	read(w, 0, 5)
	read(w, 3, 8)
	var overlap *OverlappingReadsError
	if _, err := rest(w); !errors.As(err, &overlap) {
		t.Fatalf("Rest after overlapping reads: %v, want an *OverlappingReadsError", err)
	}
}

// TestViewReadsWithoutAllocatingPerRecord: a snapshot's reads of the
// records reuse their slices, so a pass over many objects allocates what a
// pass over a few does (a snapshot beside commits must not feed the
// garbage collector per object).
func TestViewReadsWithoutAllocatingPerRecord(t *testing.T) {
	s, _ := newStore(t, Config{PropertiesOnEdges: true})
	const n = 2000
	run(t, s, AccessWrite, func(tx *Txn) error {
		var prev *Vertex
		for i := range n {
			v, err := tx.CreateVertex()
			if err == nil {
				_, err = v.AddLabel("Person")
			}
			if err == nil {
				_, err = v.InitProperties([]Prop{{Name: "id", Value: format.Int(int64(i) + 1000)}, {Name: "name", Value: format.String("p")}})
			}
			if err == nil && prev != nil {
				var e *Edge
				if e, err = tx.CreateEdge(prev, v, "KNOWS"); err == nil {
					_, err = e.SetProperty("since", format.Int(int64(i)+1000))
				}
			}
			if err != nil {
				return err
			}
			prev = v
		}
		return nil
	})
	v, err := s.View()
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	var vertices, edges int
	allocs := testing.AllocsPerRun(3, func() {
		vertices, edges = 0, 0
		if err := v.Edges(0, snapshot.NoUpperBound, func(format.EdgeRecord) error { edges++; return nil }); err != nil {
			t.Fatal(err)
		}
		if err := v.Vertices(0, snapshot.NoUpperBound, func(format.VertexRecord) error { vertices++; return nil }); err != nil {
			t.Fatal(err)
		}
	})
	if vertices != n || edges != n-1 {
		t.Fatalf("read %d vertices and %d edges, want %d and %d", vertices, edges, n, n-1)
	}
	if allocs > 100 {
		t.Errorf("a pass over %d vertices and %d edges allocates %.0f times: the records' slices are not reused", vertices, edges, allocs)
	}
}
