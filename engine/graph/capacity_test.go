package graph_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
	"github.com/durascope/durascope/golden/largegen"
	"github.com/durascope/durascope/internal/graphlimit"
)

// lowerLimits lowers the graph's capacity limits until restore is called
// or the test ends: 0 keeps one as it is.
func lowerLimits(t *testing.T, slots uint32, chunks int) (restore func()) {
	t.Helper()
	graphlimit.Slots, graphlimit.Chunks = slots, chunks
	restore = func() { graphlimit.Slots, graphlimit.Chunks = 0, 0 }
	t.Cleanup(restore)
	return restore
}

// capacityError is the limit err names: its kind and count, and the
// file it locates it in; ok is false when err is no *CapacityError or
// claims a Memgraph refusal (ErrInconsistent) as well.
func capacityError(err error) (what string, limit uint64, file string, ok bool) {
	var ce *graph.CapacityError
	if !errors.As(err, &ce) || errors.Is(err, format.ErrInconsistent) {
		return "", 0, "", false
	}
	var de *format.DecodeError
	if errors.As(err, &de) {
		file = de.File
	}
	return ce.What, ce.Limit, file, true
}

func loadWith(t *testing.T, data []byte, threads int) (*graph.Graph, error) {
	t.Helper()
	snap, err := decode.OpenSnapshot(bytes.NewReader(data), int64(len(data)), "test.snapshot")
	if err != nil {
		t.Fatal(err)
	}
	return graph.LoadSnapshotWith(snap, graph.LoadOptions{Threads: threads})
}

// wantSnapshotLimit loads data serially and on several threads with at
// most slots vertices and as many edges, and wants the limit of what
// (vertices or edges) named, the same error whatever the thread count;
// what "" wants the load to succeed.
func wantSnapshotLimit(t *testing.T, name string, data []byte, slots uint32, what string) {
	t.Helper()
	defer lowerLimits(t, slots, 0)()
	var first string
	for _, threads := range []int{1, 2, 3, 8} {
		g, err := loadWith(t, data, threads)
		if what == "" {
			if err != nil {
				t.Fatalf("%s, %d vertices and edges at most, %d threads: %v", name, slots, threads, err)
			}
			if g.VertexCount() > int(slots) || g.EdgeCount() > int(slots) {
				t.Fatalf("%s: %d vertices and %d edges past the limit of %d", name, g.VertexCount(), g.EdgeCount(), slots)
			}
			continue
		}
		got, limit, file, ok := capacityError(err)
		if !ok || got != what || limit != uint64(slots) || file != "test.snapshot" {
			t.Fatalf("%s, %d vertices and edges at most, %d threads: %v; want the limit of %d %s in test.snapshot", name, slots, threads, err, slots, what)
		}
		if threads == 1 {
			first = err.Error()
		} else if err.Error() != first {
			t.Fatalf("%s: %d threads fail with %q, one with %q", name, threads, err, first)
		}
	}
}

// TestSnapshotPastSlotLimit loads snapshots of every version, generated in
// batches of a few records, and of the corpus, with the slot limit just
// below their vertices, just below their edges and at both: a *CapacityError
// naming the limit passed, never a Memgraph refusal, and never a panic.
func TestSnapshotPastSlotLimit(t *testing.T) {
	type input struct {
		name string
		data []byte
	}
	var inputs []input
	for v := format.MinVersion; v <= format.MaxVersion; v++ {
		var f golden.MemFile
		if _, err := largegen.WriteSnapshot(&f, v, 16<<10, &largegen.SnapshotParams{BatchSize: 7}); err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, input{v.String(), f.Bytes()})
	}
	for _, c := range golden.CorpusCases(t) {
		data, err := os.ReadFile(filepath.Join(c.Dir, "snapshot.bin"))
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, input{c.Name, data})
	}
	edgesPast := 0
	for _, in := range inputs {
		g, err := loadWith(t, in.data, 1)
		if err != nil {
			t.Fatalf("%s: %v", in.name, err)
		}
		vertices, edges := uint32(g.VertexCount()), uint32(g.EdgeCount())
		if vertices >= 2 { // a limit of 0 is none
			wantSnapshotLimit(t, in.name, in.data, vertices-1, "vertices")
		}
		if edges > vertices && edges >= 2 {
			edgesPast++
			wantSnapshotLimit(t, in.name, in.data, edges-1, "edges")
		}
		if n := max(vertices, edges); n > 0 {
			wantSnapshotLimit(t, in.name, in.data, n, "")
		}
	}
	if edgesPast < 10 {
		t.Fatalf("only %d snapshots with more edges than vertices", edgesPast)
	}
}

// TestSnapshotPastChunkLimit: a load whose records need more chunks than
// the lowered limit fails with a *CapacityError naming it.
func TestSnapshotPastChunkLimit(t *testing.T) {
	var f golden.MemFile
	if _, err := largegen.WriteSnapshot(&f, format.MaxVersion, 2<<20, &largegen.SnapshotParams{BatchSize: 50}); err != nil {
		t.Fatal(err)
	}
	// Records take a 64 KiB chunk at a time: far more than 3 of them.
	lowerLimits(t, 0, 3)
	for _, threads := range []int{1, 2, 8} {
		_, err := loadWith(t, f.Bytes(), threads)
		if what, limit, file, ok := capacityError(err); !ok || what != "record chunks" || limit != 3 || file != "test.snapshot" {
			t.Fatalf("%d threads: %v; want the limit of 3 record chunks", threads, err)
		}
	}
}

// TestReplayPastLimits replays a generated WAL with each limit just below
// what it needs: the error locates the delta in the file and wraps a
// *CapacityError, not the ErrInconsistent of a delta Memgraph refuses.
func TestReplayPastLimits(t *testing.T) {
	var f golden.MemFile
	if _, err := largegen.WriteWAL(&f, format.MaxVersion, 64<<10, 1); err != nil {
		t.Fatal(err)
	}
	replay := func() (*graph.Graph, error) {
		w, err := decode.OpenWAL(bytes.NewReader(f.Bytes()), int64(len(f.Bytes())), "test.wal")
		if err != nil {
			t.Fatal(err)
		}
		g := graph.New()
		_, err = g.ReplayWAL(w, 0)
		return g, err
	}
	g, err := replay()
	if err != nil {
		t.Fatal(err)
	}
	// Objects deleted again leave slots to reuse: the most held at once
	// is not known here, so the limits step down from the counts held.
	vertices, edges := uint32(g.VertexCount()), uint32(g.EdgeCount())
	if vertices < 100 || edges < 100 {
		t.Fatalf("only %d vertices, %d edges", vertices, edges)
	}
	for _, c := range []struct {
		slots  uint32
		chunks int
		what   string
		limit  uint64
	}{
		{slots: vertices - 1, what: "vertices", limit: uint64(vertices - 1)},
		{slots: min(vertices, edges) / 2, what: "vertices", limit: uint64(min(vertices, edges) / 2)},
		{chunks: 1, what: "record chunks", limit: 1},
	} {
		lowerLimits(t, c.slots, c.chunks)
		_, err := replay()
		what, limit, file, ok := capacityError(err)
		var de *format.DecodeError
		if !ok || what != c.what || limit != c.limit || file != "test.wal" || !errors.As(err, &de) || de.Offset <= 0 || de.Section != "delta" {
			t.Errorf("%d slots, %d chunks: %v; want the limit of %d %s at a delta of test.wal", c.slots, c.chunks, err, c.limit, c.what)
		}
	}
	if edges > vertices {
		lowerLimits(t, edges-1, 0)
		if what, _, _, ok := capacityError(func() error { _, err := replay(); return err }()); !ok || what != "edges" {
			t.Errorf("%d slots: want the limit of edges", edges-1)
		}
	}
}

// TestApplyPastSlotLimit: Apply refuses a vertex or an edge past the limit
// with a *CapacityError, and a slot freed by a delete is taken again
// within it.
func TestApplyPastSlotLimit(t *testing.T) {
	lowerLimits(t, 2, 0)
	g := graph.New()
	f := format.FeaturesOf(format.MaxVersion)
	apply := func(m format.Marker, d format.Delta) error {
		return g.Apply(format.Frame{Marker: m, Delta: d}, f)
	}
	for _, step := range []struct {
		m    format.Marker
		d    format.Delta
		want string // the limit passed, "" for none
	}{
		{format.DeltaVertexCreate, format.VertexDelta{Gid: 0}, ""},
		{format.DeltaVertexCreate, format.VertexDelta{Gid: 1}, ""},
		{format.DeltaVertexDelete, format.VertexDelta{Gid: 1}, ""},
		{format.DeltaVertexCreate, format.VertexDelta{Gid: 7}, ""},
		{format.DeltaEdgeCreate, format.EdgeDelta{Gid: 0, From: 0, To: 7, EdgeType: "T"}, ""},
		{format.DeltaEdgeCreate, format.EdgeDelta{Gid: 1, From: 7, To: 0, EdgeType: "T"}, ""},
		{format.DeltaEdgeCreate, format.EdgeDelta{Gid: 2, From: 7, To: 7, EdgeType: "T"}, "edges"},
		{format.DeltaVertexCreate, format.VertexDelta{Gid: 8}, "vertices"},
	} {
		err := apply(step.m, step.d)
		if step.want == "" {
			if err != nil {
				t.Fatalf("%s %+v: %v", step.m, step.d, err)
			}
			continue
		}
		var ce *graph.CapacityError
		if !errors.As(err, &ce) || ce.What != step.want || ce.Limit != 2 {
			t.Fatalf("%s %+v: %v; want the limit of 2 %s", step.m, step.d, err, step.want)
		}
	}
}
