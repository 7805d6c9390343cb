package inspect

// Verify throughput over generated files (written once per process with the
// streaming encoders). MB/s is input bytes per second.
//
//	go test -run='^$' -bench=Verify -benchmem ./inspect/

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/format"
)

// writeGenSnapshot streams a v37 snapshot of n vertices to path. Vertex i
// has label Person, properties uid (unique), name (required) and score
// (FLOAT), and out-edges to i+1 and i+2 (mod n), edge gids 2i and 2i+1,
// each with an edge record carrying one property.
func writeGenSnapshot(tb testing.TB, path string, n uint64) {
	tb.Helper()
	out, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer out.Close()
	w, err := encode.NewSnapshotWriter(out, 37, nil)
	if err != nil {
		tb.Fatal(err)
	}
	const person, knows, uid, name, score, since = 0, 1, 2, 3, 4, 5
	for e := range 2 * n {
		if err := w.WriteEdge(format.EdgeRecord{Gid: e, Properties: []format.Property{{ID: since, Value: format.Int(int64(e))}}}); err != nil {
			tb.Fatal(err)
		}
	}
	for i := range n {
		r := format.VertexRecord{Gid: i, Labels: []uint64{person}, Properties: []format.Property{
			{ID: uid, Value: format.Int(int64(i))},
			{ID: name, Value: format.String(fmt.Sprintf("person-%d", i))},
			{ID: score, Value: format.Double(float64(i) / 3)},
		}}
		r.OutEdges = []format.EdgeRef{{Edge: 2 * i, Other: (i + 1) % n, Type: knows}, {Edge: 2*i + 1, Other: (i + 2) % n, Type: knows}}
		r.InEdges = []format.EdgeRef{{Edge: 2 * ((i + n - 1) % n), Other: (i + n - 1) % n, Type: knows},
			{Edge: 2*((i+n-2)%n) + 1, Other: (i + n - 2) % n, Type: knows}}
		if err := w.WriteVertex(r); err != nil {
			tb.Fatal(err)
		}
	}
	rest := &format.Snapshot{Version: 37, TTL: &format.TTLConfig{},
		Metadata: format.SnapshotMetadata{UUID: "6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f", Epoch: "0b1c2d3e-4f50-4617-8a9b-acbdcedfe0f1",
			StartTimestamp: 10, DurableTimestamp: 9, VertexCount: n, EdgeCount: 2 * n},
		Mapper: []format.MapperEntry{{ID: person, Name: "Person"}, {ID: knows, Name: "KNOWS"}, {ID: uid, Name: "uid"},
			{ID: name, Name: "name"}, {ID: score, Name: "score"}, {ID: since, Name: "since"}},
		Constraints: format.Constraints{
			Existence: []format.LabelProperty{{Label: person, Property: name}},
			Unique:    []format.UniqueConstraint{{Label: person, Properties: []uint64{uid}}},
			Type:      []format.TypeConstraint{{Label: person, Property: score, Kind: 3}}, // FLOAT
		},
	}
	rest.EdgeIndices.TextPresent, rest.EdgeIndices.TextEdgePresent = true, true
	if err := w.Finish(rest); err != nil {
		tb.Fatal(err)
	}
}

// writeGenWAL streams a finalized v37 WAL of n transactions to path: each
// creates a vertex with a label and two properties, and every other one also
// an edge to the previous vertex.
func writeGenWAL(tb testing.TB, path string, n uint64) {
	tb.Helper()
	out, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer out.Close()
	w, err := encode.NewWALWriter(out, format.WALHeader{Version: 37, UUID: "6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f",
		Epoch: "0b1c2d3e-4f50-4617-8a9b-acbdcedfe0f1"}, &encode.WALOptions{Finalize: true})
	if err != nil {
		tb.Fatal(err)
	}
	for i := range n {
		ts := 2 * (i + 1)
		frames := []format.Frame{
			{Marker: format.DeltaTransactionStart, Delta: format.TxnStart{Commit: true, AccessType: 1}},
			{Marker: format.DeltaVertexCreate, Delta: format.VertexDelta{Gid: i}},
			{Marker: format.DeltaVertexAddLabel, Delta: format.LabelDelta{Gid: i, Label: "Person"}},
			{Marker: format.DeltaVertexSetProperty, Delta: format.VertexPropertyDelta{Gid: i, Property: "name", Value: format.String(fmt.Sprintf("person-%d", i))}},
			{Marker: format.DeltaVertexSetProperty, Delta: format.VertexPropertyDelta{Gid: i, Property: "score", Value: format.Double(float64(i))}},
		}
		if i%2 == 1 {
			frames = append(frames, format.Frame{Marker: format.DeltaEdgeCreate, Delta: format.EdgeDelta{Gid: i, EdgeType: "KNOWS", From: i, To: i - 1}})
		}
		frames = append(frames, format.Frame{Marker: format.DeltaTransactionEnd, Delta: format.TxnEnd{}})
		for _, fr := range frames {
			fr.Timestamp = ts
			if err := w.WriteFrame(fr); err != nil {
				tb.Fatal(err)
			}
		}
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
}

// benchVerify verifies a generated file of about 8 MiB. The benchmark
// function runs once (b.Loop), so the file is written once per run.
func benchVerify(b *testing.B, kind string) {
	p := filepath.Join(b.TempDir(), kind+".bin")
	if kind == "snapshot" {
		writeGenSnapshot(b, p, 30_000)
	} else {
		writeGenWAL(b, p, 60_000)
	}
	st, err := os.Stat(p)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(st.Size())
	b.ReportAllocs()
	for b.Loop() {
		f, err := Open(p)
		if err != nil {
			b.Fatal(err)
		}
		r := VerifyFile(f, VerifyOptions{})
		f.Close()
		if len(r.Findings) != 0 {
			b.Fatalf("generated %s: %v", kind, r.Findings)
		}
	}
}

func BenchmarkVerifySnapshot(b *testing.B) { benchVerify(b, "snapshot") }
func BenchmarkVerifyWAL(b *testing.B)      { benchVerify(b, "wal") }

// TestVerifyGenerated checks the generators, so the benchmarks measure
// clean files.
func TestVerifyGenerated(t *testing.T) {
	dir := t.TempDir()
	snap, wal := filepath.Join(dir, "s.bin"), filepath.Join(dir, "w.bin")
	writeGenSnapshot(t, snap, 3000)
	writeGenWAL(t, wal, 3000)
	for _, p := range []string{snap, wal} {
		r := verifyPath(t, p, VerifyOptions{})
		if len(r.Findings) != 0 || r.Verdict != VerdictOK {
			t.Fatalf("%s: %v", p, r.Findings)
		}
	}
	if r := verifyPath(t, snap, VerifyOptions{}); r.Counts.Vertices != 3000 || r.Counts.Edges != 6000 || r.Counts.EdgeRecords != 6000 {
		t.Errorf("counts %+v", r.Counts)
	}
}
