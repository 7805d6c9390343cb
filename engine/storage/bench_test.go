package storage

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/durascope/durascope/format"
)

// Commit throughput of small write transactions without a Log (nothing
// durable to wait for): what the store itself costs per commit.

func benchStore(b *testing.B, cfg Config) *Storage {
	b.Helper()
	s, err := New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// commitEach runs fn in one write transaction per iteration and reports
// commits per second.
func commitEach(b *testing.B, s *Storage, fn func(tx *Txn, i int) error) {
	b.Helper()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		tx, err := s.Begin(AccessWrite)
		if err != nil {
			b.Fatal(err)
		}
		if err := fn(tx, i); err != nil {
			b.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "commits/s")
}

// BenchmarkCommitCreateVertex: CREATE (:Person {id: i, name: "x"}).
func BenchmarkCommitCreateVertex(b *testing.B) {
	s := benchStore(b, Config{})
	commitEach(b, s, func(tx *Txn, i int) error {
		v, err := tx.CreateVertex()
		if err != nil {
			return err
		}
		if _, err := v.AddLabel("Person"); err != nil {
			return err
		}
		_, err = v.InitProperties([]Prop{{"id", format.Int(int64(i))}, {"name", format.String("x")}})
		return err
	})
}

// BenchmarkCommitSetProperty: SET v.n = i on one of 1000 vertices in turn.
func BenchmarkCommitSetProperty(b *testing.B) {
	s := benchStore(b, Config{})
	vs := make([]uint64, 1000)
	tx, _ := s.Begin(AccessWrite)
	for i := range vs {
		v, err := tx.CreateVertex()
		if err != nil {
			b.Fatal(err)
		}
		vs[i] = v.Gid()
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	commitEach(b, s, func(tx *Txn, i int) error {
		v, ok := tx.FindVertex(vs[i%len(vs)], ViewOld)
		if !ok {
			return fmt.Errorf("vertex %d not found", vs[i%len(vs)])
		}
		_, err := v.SetProperty("n", format.Int(int64(i)))
		return err
	})
}

// BenchmarkCommitCreateEdge: two new vertices and an edge between them,
// with properties on edges.
func BenchmarkCommitCreateEdge(b *testing.B) {
	s := benchStore(b, Config{PropertiesOnEdges: true})
	commitEach(b, s, func(tx *Txn, i int) error {
		u, err := tx.CreateVertex()
		if err != nil {
			return err
		}
		v, err := tx.CreateVertex()
		if err != nil {
			return err
		}
		e, err := tx.CreateEdge(u, v, "KNOWS")
		if err != nil {
			return err
		}
		_, err = e.SetProperty("since", format.Int(int64(i)))
		return err
	})
}

// BenchmarkStoreMemory: heap bytes per vertex and per edge of a store of
// 1M vertices and 1M edges (HeapAlloc after the store's garbage collection
// and runtime.GC, minus before), bare and with a label and an integer
// property on each vertex, without and with properties on edges.
func BenchmarkStoreMemory(b *testing.B) {
	const n = 1_000_000
	for _, c := range []struct {
		name    string
		onEdges bool
		labeled bool
	}{
		{"bare", false, false},
		{"bare/properties_on_edges", true, false},
		{"label+property", false, true},
		{"label+property/properties_on_edges", true, true},
	} {
		b.Run(c.name, func(b *testing.B) {
			var perVertex, perEdge float64
			for b.Loop() {
				perVertex, perEdge = storeMemory(b, n, c.onEdges, c.labeled)
			}
			b.ReportMetric(perVertex, "B/vertex")
			b.ReportMetric(perEdge, "B/edge")
		})
	}
}

func heapAfterGC(s *Storage) uint64 {
	if s != nil {
		s.CollectGarbage()
	}
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func storeMemory(b *testing.B, n int, onEdges, labeled bool) (perVertex, perEdge float64) {
	b.Helper()
	const batch = 10_000
	before := heapAfterGC(nil)
	s := benchStore(b, Config{PropertiesOnEdges: onEdges})
	gids := make([]uint64, 0, n)
	for done := 0; done < n; done += batch {
		tx, _ := s.Begin(AccessWrite)
		for i := done; i < done+batch; i++ {
			v, err := tx.CreateVertex()
			if err != nil {
				b.Fatal(err)
			}
			if labeled {
				if _, err := v.AddLabel("Person"); err != nil {
					b.Fatal(err)
				}
				if _, err := v.SetProperty("id", format.Int(int64(i))); err != nil {
					b.Fatal(err)
				}
			}
			gids = append(gids, v.Gid())
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	withVertices := heapAfterGC(s)
	for done := 0; done < n; done += batch {
		tx, _ := s.Begin(AccessWrite)
		for i := done; i < done+batch; i++ {
			u, _ := tx.FindVertex(gids[i], ViewOld)
			v, _ := tx.FindVertex(gids[(i+1)%n], ViewOld)
			if _, err := tx.CreateEdge(u, v, "KNOWS"); err != nil {
				b.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	withEdges := heapAfterGC(s)
	runtime.KeepAlive(s)
	// gids itself is n words of the vertex figure; take it out.
	vertexBytes := float64(withVertices) - float64(before) - float64(cap(gids)*8)
	return vertexBytes / float64(n), (float64(withEdges) - float64(withVertices)) / float64(n)
}
