package encode

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
)

// TestCorpusRoundTrip: decode → encode reproduces every corpus file byte for
// byte with the default options.
func TestCorpusRoundTrip(t *testing.T) {
	files := corpus(t)
	exact := 0
	for _, cf := range files {
		var buf bytes.Buffer
		var err error
		if cf.wal {
			err = EncodeWAL(&buf, decodeWAL(t, cf.data, cf.name))
		} else {
			err = EncodeSnapshot(&buf, decodeSnapshot(t, cf.data, cf.name))
		}
		if err != nil {
			t.Errorf("%s: encode: %v", cf.name, err)
			continue
		}
		if d := firstDiff(buf.Bytes(), cf.data); d != "" {
			t.Errorf("%s: %s", cf.name, d)
			continue
		}
		exact++
	}
	t.Logf("byte-exact: %d of %d corpus files", exact, len(files))
	if exact != len(files) {
		t.Errorf("only %d of %d corpus files reproduce", exact, len(files))
	}
}

// TestCorpusSnapshotLayouts: the corpus snapshots are in Memgraph's writer
// order with no gaps, so the recorded layout and a fresh layout (reusing the
// model's batch counts) must both give the original bytes.
func TestCorpusSnapshotLayouts(t *testing.T) {
	n := 0
	for _, cf := range corpusOf(t, false) {
		for _, l := range []Layout{LayoutRecorded, LayoutFresh} {
			m := decodeSnapshot(t, cf.data, cf.name)
			var buf bytes.Buffer
			if err := EncodeSnapshotWith(&buf, m, &SnapshotOptions{Layout: l}); err != nil {
				t.Errorf("%s %s: %v", cf.name, l, err)
				continue
			}
			if d := firstDiff(buf.Bytes(), cf.data); d != "" {
				t.Errorf("%s %s: %s", cf.name, l, d)
				continue
			}
			n++
		}
	}
	t.Logf("%d snapshot encodings byte-exact", n)
}

// TestCorpusSnapshotWriter streams every corpus snapshot through
// SnapshotWriter (ending batches where the file does) and compares bytes.
func TestCorpusSnapshotWriter(t *testing.T) {
	n := 0
	for _, cf := range corpusOf(t, false) {
		m := decodeSnapshot(t, cf.data, cf.name)
		for _, atOnly := range []bool{false, true} {
			mf := &golden.MemFile{}
			var w interface{ Write([]byte) (int, error) } = mf
			if atOnly {
				w = writerAtOnly{mf}
			}
			sw, err := NewSnapshotWriter(w, m.Version, &SnapshotOptions{OmitEdgeSection: m.Offsets[format.OffsetEdges] == 0})
			if err != nil {
				t.Fatal(err)
			}
			stream := func(batches []format.Batch, n int, write func(i int) error) {
				i := 0
				for _, b := range batches {
					sw.EndBatch()
					for k := uint64(0); k < b.Count; k++ {
						if err := write(i); err != nil {
							t.Fatalf("%s: %v", cf.name, err)
						}
						i++
					}
				}
				for ; i < n; i++ { // v14: no batch tables
					if err := write(i); err != nil {
						t.Fatalf("%s: %v", cf.name, err)
					}
				}
			}
			stream(m.EdgeBatches, len(m.Edges), func(i int) error { return sw.WriteEdge(m.Edges[i]) })
			stream(m.VertexBatches, len(m.Vertices), func(i int) error { return sw.WriteVertex(m.Vertices[i]) })
			rest := *m
			rest.Edges, rest.Vertices = nil, nil
			if err := sw.Finish(&rest); err != nil {
				t.Errorf("%s: finish: %v", cf.name, err)
				continue
			}
			if d := firstDiff(mf.Bytes(), cf.data); d != "" {
				t.Errorf("%s (writerAt only %v): %s", cf.name, atOnly, d)
				continue
			}
			if sw.Offsets() != m.Offsets {
				t.Errorf("%s: offsets %v, want %v", cf.name, sw.Offsets(), m.Offsets)
			}
			n++
		}
	}
	t.Logf("%d streamed snapshots byte-exact", n)
}

// TestCorpusWALFinalize: re-finalizing a finalized corpus WAL (v37) back-patches
// the same summary; the streaming writer with Finalize reproduces the file.
func TestCorpusWALFinalize(t *testing.T) {
	n := 0
	for _, cf := range corpusOf(t, true) {
		m := decodeWAL(t, cf.data, cf.name)
		if !m.Header.Summary.Finalized() {
			continue
		}
		for _, atOnly := range []bool{false, true} {
			mf := &golden.MemFile{}
			var w interface{ Write([]byte) (int, error) } = mf
			if atOnly {
				w = writerAtOnly{mf}
			}
			if err := EncodeWALWith(w, m, &WALOptions{Finalize: true}); err != nil {
				t.Fatalf("%s: %v", cf.name, err)
			}
			if d := firstDiff(mf.Bytes(), cf.data); d != "" {
				t.Errorf("%s: %s", cf.name, d)
				continue
			}
			n++
		}
	}
	if n == 0 {
		t.Fatal("no finalized WAL in the corpus")
	}
	t.Logf("%d finalized WALs re-finalized byte-exact", n)
}

// TestCorpusRelayout re-lays every corpus snapshot out with fresh batches of
// 3 records and checks that it decodes to the same model.
func TestCorpusRelayout(t *testing.T) {
	for _, cf := range corpusOf(t, false) {
		m := decodeSnapshot(t, cf.data, cf.name)
		m.EdgeBatches, m.VertexBatches = nil, nil
		var buf bytes.Buffer
		if err := EncodeSnapshotWith(&buf, m, &SnapshotOptions{Layout: LayoutFresh, BatchSize: 3}); err != nil {
			t.Fatalf("%s: %v", cf.name, err)
		}
		got := decodeSnapshot(t, buf.Bytes(), cf.name)
		if d := cmp.Diff(m, got, ignoreLayout); d != "" {
			t.Errorf("%s: re-laid-out model differs:\n%s", cf.name, d)
		}
		for _, b := range append(got.EdgeBatches, got.VertexBatches...) {
			if b.Count > 3 {
				t.Errorf("%s: batch of %d records", cf.name, b.Count)
			}
		}
	}
}
