package storage

import (
	"sync/atomic"
	"testing"
)

// A vertex or edge a transaction creates is never seen by a transaction
// that started before: the object joins the store's lists with its
// creation delta already on it. The reader watches the newest object
// while a writer creates many.
func TestCreatedObjectsInvisibleToEarlierReaders(t *testing.T) {
	s, _ := newStore(t, Config{PropertiesOnEdges: true})
	reader, err := s.Begin(AccessRead)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Abort()
	writer, err := s.Begin(AccessWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Abort()
	hub, err := writer.CreateVertex()
	if err != nil {
		t.Fatal(err)
	}
	const n = 20_000
	var done atomic.Bool
	errs := make(chan error, 1)
	go func() {
		defer done.Store(true)
		for range n {
			v, err := writer.CreateVertex()
			if err == nil {
				_, err = writer.CreateEdge(hub, v, "T")
			}
			if err != nil {
				errs <- err
				return
			}
		}
	}()
	var seenVertices, seenEdges int
	for !done.Load() {
		if vs := s.vertexList(); len(vs) > 0 && reader.vertexVisible(vs[len(vs)-1], ViewOld) {
			seenVertices++
		}
		if es := s.edgeList(); len(es) > 0 {
			if st := reader.edgeState(es[len(es)-1], ViewOld); st.exists && !st.deleted {
				seenEdges++
			}
		}
	}
	select {
	case err := <-errs:
		t.Fatal(err)
	default:
	}
	if seenVertices > 0 || seenEdges > 0 {
		t.Errorf("a reader that started first saw %d new vertices and %d new edges", seenVertices, seenEdges)
	}
}
