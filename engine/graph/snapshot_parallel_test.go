package graph_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
	"github.com/durascope/durascope/golden/largegen"
)

func openSnapshot(t *testing.T, data []byte) *decode.Snapshot {
	t.Helper()
	snap, err := decode.OpenSnapshot(bytes.NewReader(data), int64(len(data)), "test.snapshot")
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

// loaded is what a load yields, in a form to compare: the graph as a
// snapshot model (records, labels and adjacency in stored order, schema),
// its name ids, its gid counters and the error.
type loaded struct {
	Model           *format.Snapshot
	Names           []string
	NextV, NextE    uint64
	Vertices, Edges int
	Err             string
}

func load(t *testing.T, data []byte, threads int) loaded {
	t.Helper()
	snap, err := decode.OpenSnapshot(bytes.NewReader(data), int64(len(data)), "test.snapshot")
	if err != nil {
		return loaded{Err: err.Error()}
	}
	g, err := graph.LoadSnapshotWith(snap, graph.LoadOptions{Threads: threads})
	if err != nil {
		return loaded{Err: err.Error()}
	}
	l := loaded{Model: g.SnapshotModel(nil), Vertices: g.VertexCount(), Edges: g.EdgeCount()}
	for id := range g.NameCount() {
		l.Names = append(l.Names, g.Name(id))
	}
	l.NextV, l.NextE = g.NextGids()
	return l
}

// encoded is a loaded graph's model as bytes: a quick comparison.
func encoded(t *testing.T, l loaded) []byte {
	if l.Err != "" {
		return nil
	}
	var b bytes.Buffer
	if err := encode.EncodeSnapshot(&b, l.Model); err != nil {
		t.Fatal(err)
	}
	fmt.Fprint(&b, l.Names, l.NextV, l.NextE)
	return b.Bytes()
}

func batchCount(t *testing.T, data []byte) int {
	edges, vertices, _, err := openSnapshot(t, data).BatchTables()
	if err != nil {
		t.Fatal(err)
	}
	return len(edges) + len(vertices)
}

// sameLoads loads data serially and on several thread counts.
func sameLoads(t *testing.T, name string, data []byte) loaded {
	t.Helper()
	serial := load(t, data, 1)
	for _, threads := range []int{2, 3, 8} {
		if d := cmp.Diff(serial, load(t, data, threads)); d != "" {
			t.Fatalf("%s: %d threads load a different graph than one (-serial +parallel):\n%s", name, threads, d)
		}
	}
	return serial
}

// Every corpus snapshot loads to the same graph whatever the thread count,
// as recorded and re-encoded with batches of two records.
func TestParallelLoadCorpus(t *testing.T) {
	many := 0
	for _, c := range golden.CorpusCases(t) {
		path := filepath.Join(c.Dir, "snapshot.bin")
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if l := sameLoads(t, c.Name, data); l.Err != "" {
			t.Fatalf("%s: %s", c.Name, l.Err)
		}
		m, err := decode.DecodeSnapshot(bytes.NewReader(data), int64(len(data)), path)
		if err != nil {
			t.Fatal(err)
		}
		var small bytes.Buffer
		if err := encode.EncodeSnapshotWith(&small, m, &encode.SnapshotOptions{Layout: encode.LayoutFresh, BatchSize: 2}); err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		if batchCount(t, small.Bytes()) > 4 {
			many++
		}
		if l := sameLoads(t, c.Name+" in batches of 2", small.Bytes()); l.Err != "" {
			t.Fatalf("%s in batches of 2: %s", c.Name, l.Err)
		}
	}
	if many == 0 {
		t.Fatal("no corpus snapshot re-encoded to more than four batches")
	}
}

// Generated snapshots in batches of a few records, every format.
func TestParallelLoadGenerated(t *testing.T) {
	for v := format.MinVersion; v <= format.MaxVersion; v++ {
		var f golden.MemFile
		if _, err := largegen.WriteSnapshot(&f, v, 48<<10, &largegen.SnapshotParams{BatchSize: 7}); err != nil {
			t.Fatal(err)
		}
		l := sameLoads(t, v.String(), f.Bytes())
		if l.Err != "" {
			t.Fatalf("%s: %s", v, l.Err)
		}
		if l.Vertices < 100 {
			t.Fatalf("%s: only %d vertices", v, l.Vertices)
		}
		if format.FeaturesOf(v).Has(format.FeatSnapshotBatches) && batchCount(t, f.Bytes()) < 20 {
			t.Fatalf("%s: only %d batches", v, batchCount(t, f.Bytes()))
		}
	}
}

// smallSnapshot is a snapshot of vertices 0..n-1 in batches of batch
// records, each with label file id label(i), and an edge i -> i+1.
func smallSnapshot(t *testing.T, n int, batch int, label func(i int) uint64) []byte {
	t.Helper()
	var f golden.MemFile
	sw, err := encode.NewSnapshotWriter(&f, format.MaxVersion, &encode.SnapshotOptions{BatchSize: batch})
	if err != nil {
		t.Fatal(err)
	}
	for i := range n - 1 {
		if err := sw.WriteEdge(format.EdgeRecord{Gid: uint64(i), Properties: []format.Property{{ID: 2, Value: format.Int(i)}}}); err != nil {
			t.Fatal(err)
		}
	}
	for i := range n {
		r := format.VertexRecord{Gid: uint64(i), Labels: []uint64{label(i)}, Properties: []format.Property{{ID: 2, Value: format.String("x")}}}
		if i+1 < n {
			r.OutEdges = []format.EdgeRef{{Edge: uint64(i), Other: uint64(i + 1), Type: 1}}
		}
		if i > 0 {
			r.InEdges = []format.EdgeRef{{Edge: uint64(i - 1), Other: uint64(i - 1), Type: 1}}
		}
		if err := sw.WriteVertex(r); err != nil {
			t.Fatal(err)
		}
	}
	m := &format.Snapshot{Version: format.MaxVersion, Mapper: []format.MapperEntry{{ID: 0, Name: "L"}, {ID: 1, Name: "T"}, {ID: 2, Name: "p"}},
		Metadata: format.SnapshotMetadata{UUID: "u", Epoch: "e", EdgeCount: uint64(n - 1), VertexCount: uint64(n)}}
	if err := sw.Finish(m); err != nil {
		t.Fatal(err)
	}
	return f.Bytes()
}

// Two batches fail (labels the mapper lacks): the error is the first in
// file order's, as a serial load reports it, however the workers finish.
func TestParallelLoadFirstErrorWins(t *testing.T) {
	data := smallSnapshot(t, 400, 5, func(i int) uint64 {
		switch i {
		case 123:
			return 77
		case 301:
			return 99
		}
		return 0
	})
	if batchCount(t, data) < 100 {
		t.Fatalf("only %d batches", batchCount(t, data))
	}
	for range 20 { // workers finish in varying order
		l := sameLoads(t, "two bad labels", data)
		if !strings.Contains(l.Err, "id 77 is not in the mapper") {
			t.Fatalf("got %q, want the error of the vertex with label id 77", l.Err)
		}
	}
}

// A decode error in one batch and a missing name in an earlier one, and
// the reverse: whichever comes first in the file is reported.
func TestParallelLoadDecodeErrors(t *testing.T) {
	good := smallSnapshot(t, 60, 3, func(int) uint64 { return 0 })
	snap := openSnapshot(t, good)
	_, vertices, _, err := snap.BatchTables()
	if err != nil {
		t.Fatal(err)
	}
	// A vertex marker damaged at the start of vertex batch 60.
	damaged := bytes.Clone(good)
	damaged[vertices[15].Offset] = 0xff
	serialErr := load(t, damaged, 1).Err
	if serialErr == "" {
		t.Fatal("the damaged snapshot loads")
	}
	if l := sameLoads(t, "damaged batch", damaged); l.Err != serialErr {
		t.Fatalf("got %q", l.Err)
	}
	// Every byte of the vertex batches damaged in turn, then a sample of
	// the whole file: the same outcome serially and in parallel.
	failed := 0
	for off := 0; off < len(good); off += 1 + off%17 {
		for _, flip := range []byte{0xff, 0x01} {
			d := bytes.Clone(good)
			d[off] ^= flip
			serial, parallel := load(t, d, 1), load(t, d, 3)
			if serial.Err != parallel.Err || !bytes.Equal(encoded(t, serial), encoded(t, parallel)) {
				t.Fatalf("byte %d ^ %#x: serially %q, in parallel %q", off, flip, serial.Err, parallel.Err)
			}
			if serial.Err != "" {
				failed++
			}
		}
	}
	if failed < 50 {
		t.Fatalf("only %d damaged files fail to load", failed)
	}
}

// Memgraph's gid generators after a snapshot load: the last vertex gid + 1
// and the highest in-edge gid + 1.
func TestLoadSnapshotNextGids(t *testing.T) {
	data := smallSnapshot(t, 50, 8, func(int) uint64 { return 0 })
	g, err := graph.LoadSnapshotWith(openSnapshot(t, data), graph.LoadOptions{Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	if v, e := g.NextGids(); v != 50 || e != 49 {
		t.Fatalf("next gids %d, %d; want 50, 49", v, e)
	}
	empty := smallSnapshot(t, 1, 8, func(int) uint64 { return 0 })
	g, err = graph.LoadSnapshot(openSnapshot(t, empty))
	if err != nil {
		t.Fatal(err)
	}
	if v, e := g.NextGids(); v != 1 || e != 1 { // no edges: 0 + 1
		t.Fatalf("next gids %d, %d; want 1, 1", v, e)
	}
}
