package largegen_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden/largegen"
)

// memFile is an in-memory io.Writer and io.WriterAt. Unlike golden.MemFile
// it has no Seek and refuses to grow on WriteAt, so these tests take the
// generator's WriterAt path and catch a back-patch past what it wrote.
type memFile struct{ b []byte }

func (m *memFile) Write(p []byte) (int, error) { m.b = append(m.b, p...); return len(p), nil }
func (m *memFile) WriteAt(p []byte, off int64) (int, error) {
	if off < 0 || off+int64(len(p)) > int64(len(m.b)) {
		return 0, errors.New("write past the end")
	}
	return copy(m.b[off:], p), nil
}

// recover replays data (as a file, the way the CLI reads it) and fails on
// anything Memgraph's recovery would refuse.
func recover(t *testing.T, data []byte) *graph.Graph {
	t.Helper()
	path := filepath.Join(t.TempDir(), "f.bin")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := datadir.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, res, err := datadir.RecoverFile(f)
	if err != nil {
		t.Fatalf("recovery: %v", err)
	}
	if res != nil && res.TornTail != nil {
		t.Fatalf("torn tail: %v", res.TornTail)
	}
	return s
}

func TestWriteWAL(t *testing.T) {
	const target = 512 << 10
	for _, v := range []format.Version{14, 16, 21, 28, 30, 36, 37} {
		t.Run(v.String(), func(t *testing.T) {
			var out memFile
			st, err := largegen.WriteWAL(&out, v, target, 7)
			if err != nil {
				t.Fatal(err)
			}
			// It stops after the transaction that reaches the target.
			if st.Bytes != int64(len(out.b)) || st.Bytes < target || st.Bytes > target+64<<10 {
				t.Fatalf("stats say %d bytes, wrote %d, target %d", st.Bytes, len(out.b), target)
			}
			r, err := decode.OpenWAL(bytes.NewReader(out.b), int64(len(out.b)), "generated")
			if err != nil {
				t.Fatal(err)
			}
			frames, commits := int64(0), int64(0)
			for {
				txn, err := r.NextTransaction()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("transaction: %v", err)
				}
				frames += int64(len(txn.Frames))
				if txn.Commit {
					commits++
				}
			}
			if frames != st.Frames || commits != st.Transactions {
				t.Errorf("decoded %d frames, %d committed transactions; stats say %d, %d", frames, commits, st.Frames, st.Transactions)
			}
			if format.FeaturesOf(v).Has(format.FeatWALSummary) && !r.Finalized() {
				t.Error("summary not finalized on a back-patchable writer")
			}
			s := recover(t, out.b)
			if s.VertexCount() == 0 || s.EdgeCount() == 0 || int64(s.VertexCount()) > st.Vertices || int64(s.EdgeCount()) > st.Edges {
				t.Errorf("recovered %d vertices, %d edges of %d, %d created", s.VertexCount(), s.EdgeCount(), st.Vertices, st.Edges)
			}
		})
	}
	// Without back-patching the summary stays unfinalized, and the file is valid.
	var buf bytes.Buffer
	if _, err := largegen.WriteWAL(&buf, 37, 64<<10, 7); err != nil {
		t.Fatal(err)
	}
	r, err := decode.OpenWAL(bytes.NewReader(buf.Bytes()), int64(buf.Len()), "")
	if err != nil || r.Finalized() {
		t.Fatalf("unseekable v37: %v, finalized %v", err, r.Finalized())
	}
	recover(t, buf.Bytes())
}

func TestWriteSnapshot(t *testing.T) {
	const target = 1 << 20
	for _, v := range []format.Version{14, 15, 20, 30, 37} {
		t.Run(v.String(), func(t *testing.T) {
			var out memFile
			st, err := largegen.WriteSnapshot(&out, v, target, &largegen.SnapshotParams{Seed: 3, BatchSize: 1000})
			if err != nil {
				t.Fatal(err)
			}
			if st.Bytes != int64(len(out.b)) || st.Bytes < target*97/100 || st.Bytes > target*103/100 {
				t.Fatalf("stats say %d bytes, wrote %d, target %d", st.Bytes, len(out.b), target)
			}
			m, err := decode.DecodeSnapshot(bytes.NewReader(out.b), int64(len(out.b)), "generated")
			if err != nil {
				t.Fatal(err)
			}
			if int64(len(m.Vertices)) != st.Vertices || int64(len(m.Edges)) != st.Edges || st.Edges < st.Vertices {
				t.Errorf("%d vertices, %d edges; stats say %d, %d", len(m.Vertices), len(m.Edges), st.Vertices, st.Edges)
			}
			if format.FeaturesOf(v).Has(format.FeatSnapshotBatches) && len(m.VertexBatches) != int((st.Vertices+999)/1000) {
				t.Errorf("%d vertex batches for %d vertices", len(m.VertexBatches), st.Vertices)
			}
			// Every edge appears once as an out-edge and once as an
			// in-edge, with the same ends and type.
			type ref struct{ from, to, typ uint64 }
			out_ := map[uint64]ref{}
			for _, r := range m.Vertices {
				for _, e := range r.OutEdges {
					if _, dup := out_[e.Edge]; dup {
						t.Fatalf("edge %d out of two vertices", e.Edge)
					}
					out_[e.Edge] = ref{r.Gid, e.Other, e.Type}
				}
			}
			in := 0
			for _, r := range m.Vertices {
				for _, e := range r.InEdges {
					if out_[e.Edge] != (ref{e.Other, r.Gid, e.Type}) {
						t.Fatalf("in-edge %d of vertex %d: %+v, out-edge says %+v", e.Edge, r.Gid, e, out_[e.Edge])
					}
					in++
				}
			}
			if in != len(out_) || len(out_) != len(m.Edges) {
				t.Errorf("%d in-edges, %d out-edges, %d edge records", in, len(out_), len(m.Edges))
			}
			s := recover(t, out.b)
			if int64(s.VertexCount()) != st.Vertices || int64(s.EdgeCount()) != st.Edges {
				t.Errorf("recovered %d vertices, %d edges", s.VertexCount(), s.EdgeCount())
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	gen := func(seed uint64) ([]byte, []byte) {
		var w, s memFile
		if _, err := largegen.WriteWAL(&w, 37, 32<<10, seed); err != nil {
			t.Fatal(err)
		}
		if _, err := largegen.WriteSnapshot(&s, 37, 32<<10, &largegen.SnapshotParams{Seed: seed}); err != nil {
			t.Fatal(err)
		}
		return w.b, s.b
	}
	w1, s1 := gen(1)
	w2, s2 := gen(1)
	w3, s3 := gen(2)
	if !bytes.Equal(w1, w2) || !bytes.Equal(s1, s2) {
		t.Error("same seed, different files")
	}
	if bytes.Equal(w1, w3) || bytes.Equal(s1, s3) {
		t.Error("different seeds, same files")
	}
}

// sink discards what it is given and samples the heap as it goes.
type sink struct {
	n       int64
	maxHeap uint64
}

func (s *sink) sample() {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	s.maxHeap = max(s.maxHeap, ms.HeapAlloc)
}

func (s *sink) Write(p []byte) (int, error) {
	s.n += int64(len(p))
	s.sample()
	return len(p), nil
}

func (s *sink) WriteAt(p []byte, _ int64) (int, error) { return len(p), nil }

// TestBoundedMemory: writing a file several times larger than the bound
// keeps the heap under it.
func TestBoundedMemory(t *testing.T) {
	const size, bound = 96 << 20, 24 << 20
	runtime.GC()
	w := &sink{}
	if _, err := largegen.WriteWAL(w, 37, size, 1); err != nil {
		t.Fatal(err)
	}
	s := &sink{}
	if _, err := largegen.WriteSnapshot(s, 37, size, nil); err != nil {
		t.Fatal(err)
	}
	if w.n < size || s.n < size*97/100 {
		t.Fatalf("wrote %d and %d bytes, want about %d", w.n, s.n, size)
	}
	if w.maxHeap > bound || s.maxHeap > bound {
		t.Errorf("heap reached %d (WAL) and %d (snapshot) bytes writing %d-byte files; bound %d", w.maxHeap, s.maxHeap, size, bound)
	}
	t.Logf("peak heap: WAL %d KiB, snapshot %d KiB", w.maxHeap>>10, s.maxHeap>>10)
}

// Generator throughput: MB/s of file written (to a discarding writer).
func BenchmarkWriteWAL(b *testing.B) {
	b.SetBytes(64 << 20)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := largegen.WriteWAL(nullWriter{}, 37, 64<<20, 1); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteSnapshot(b *testing.B) {
	b.SetBytes(64 << 20)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := largegen.WriteSnapshot(nullWriter{}, 37, 64<<20, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// nullWriter discards without sampling the heap.
type nullWriter struct{}

func (nullWriter) Write(p []byte) (int, error)            { return len(p), nil }
func (nullWriter) WriteAt(p []byte, _ int64) (int, error) { return len(p), nil }
