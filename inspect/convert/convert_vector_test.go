package convert

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/internal/heappeak"
)

// vectorIndices are vector indices of the newest version with entries
// of dim components: "idx" with n, one over two labels (format 35 on)
// with two, one without entries, one of vectors of no component, and a
// vector edge index with one.
func vectorIndices(n, dim int) (vertex, edge []format.VectorIndex) {
	vector := func(k int) []float64 {
		x := make([]float64, dim)
		for c := range x {
			x[c] = float64(k*dim+c) / 3
		}
		return x
	}
	index := func(name string, targets []uint64, prop uint64, dim int, entries ...format.VectorEntry) format.VectorIndex {
		return format.VectorIndex{Name: name, Targets: targets, Property: prop, Metric: "cos", Dimension: uint64(dim), Resize: 2,
			Capacity: 99, ScalarKind: 11, Entries: append([]format.VectorEntry{}, entries...)}
	}
	idx := index("idx", []uint64{0}, 1, dim)
	for k := range n {
		idx.Entries = append(idx.Entries, format.VectorEntry{Gid: uint64(k), Vector: vector(k)})
	}
	multi := index("multi", []uint64{0, 2}, 1, dim, format.VectorEntry{Gid: 7, Vector: vector(7)}, format.VectorEntry{Gid: 3, Vector: vector(1)})
	multi.Mode = format.VectorModeAnyOf
	vertex = []format.VectorIndex{idx, multi, index("empty", []uint64{2}, 1, dim),
		index("none", []uint64{0}, 4, 0, format.VectorEntry{Gid: 2, Vector: []float64{}})}
	edge = []format.VectorIndex{index("edges", []uint64{3}, 1, dim, format.VectorEntry{Gid: 0, Vector: vector(2)})}
	return vertex, edge
}

func vectorSnapshot(t testing.TB, n, dim int) []byte {
	t.Helper()
	m := &format.Snapshot{Version: format.MaxVersion, Mapper: []format.MapperEntry{{ID: 0, Name: "Doc"}, {ID: 1, Name: "embedding"},
		{ID: 2, Name: "Other"}, {ID: 3, Name: "NEXT"}, {ID: 4, Name: "flat"}}}
	m.EdgeIndices.Vector, m.EdgeIndices.VectorEdge = vectorIndices(n, dim)
	m.EdgeIndices.TextPresent, m.EdgeIndices.TextEdgePresent = true, true
	m.Vertices = []format.VertexRecord{{Gid: 0, Labels: []uint64{0}}}
	m.Metadata = format.SnapshotMetadata{UUID: "u", Epoch: "e", VertexCount: 1}
	var b bytes.Buffer
	if err := encode.EncodeSnapshot(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestConvertVectorEntries: converting a snapshot whose entries are read
// from it as they are written keeps each kept index's entries where the
// target carries them, none where it does not, and leaves out with the
// index those of an index the target cannot hold (one over two labels
// before format 35; edge indices before 27), whichever indices come after.
func TestConvertVectorEntries(t *testing.T) {
	data := vectorSnapshot(t, 40, 300) // vectors of two pieces
	inVertex, inEdge := vectorIndices(40, 300)
	for _, v := range []format.Version{format.MaxVersion, 36, 35, 34, 33, 32, 31, 26} {
		tf := format.FeaturesOf(v)
		opts := &Options{DropUnsupported: true}
		if v == format.MaxVersion {
			opts.ItemsPerBatch = 1 // not the exact copy
		}
		out, _, err := convertBytes(t, "vectors", data, v, opts)
		if err != nil {
			t.Fatalf("to %d: %v", v, err)
		}
		s, err := decode.OpenSnapshot(bytes.NewReader(out), int64(len(out)), "out")
		if err != nil {
			t.Fatalf("to %d: %v", v, err)
		}
		got, err := s.EdgeIndices()
		if err != nil {
			t.Fatalf("to %d: %v", v, err)
		}
		expect := func(in []format.VectorIndex, edge bool) (names []string, entries [][]format.VectorEntry) {
			if edge && !tf.Has(format.FeatVectorEdgeIndex) {
				return nil, nil
			}
			for _, x := range in {
				if len(x.Targets) > 1 && !tf.Has(format.FeatVectorMultiLabel) {
					continue
				}
				names = append(names, x.Name)
				if tf.VectorEntries(edge) {
					entries = append(entries, x.Entries)
				} else {
					entries = append(entries, nil)
				}
			}
			return names, entries
		}
		for _, c := range []struct {
			in, got []format.VectorIndex
			edge    bool
		}{{inVertex, got.Vector, false}, {inEdge, got.VectorEdge, true}} {
			wantNames, wantEntries := expect(c.in, c.edge)
			var names []string
			var entries [][]format.VectorEntry
			for _, x := range c.got {
				names, entries = append(names, x.Name), append(entries, x.Entries)
			}
			if !reflect.DeepEqual(names, wantNames) || !reflect.DeepEqual(entries, wantEntries) {
				t.Errorf("to %d (edge %v): indices %q with entries %v, want %q with %v", v, c.edge, names, entries, wantNames, wantEntries)
			}
		}
	}
}

// TestConvertVectorMemory holds conversion's memory to what the docs
// claim (streaming and bounded memory): converting a snapshot of 8,192
// entries of 64 components to one of 32,768, to a version with entries
// and to one without, the most heap converting holds at once grows by far
// less than the entries added take (12 MiB). Holding them grows by all
// of that.
func TestConvertVectorMemory(t *testing.T) {
	const dim, small, large = 64, 8192, 32768
	added := uint64(large-small) * dim * 8
	bound := added / 3
	dir := t.TempDir()
	var files [2]string
	for i, n := range []int{small, large} {
		files[i] = filepath.Join(dir, fmt.Sprintf("in%d.bin", n))
		if err := os.WriteFile(files[i], vectorSnapshot(t, n, dim), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, v := range []format.Version{36, 31} {
		var peaks [2]uint64
		for i, p := range files {
			f, err := datadir.Open(p)
			if err != nil {
				t.Fatal(err)
			}
			src, err := f.Snapshot()
			if err != nil {
				t.Fatal(err)
			}
			convert := func() {
				out, err := os.Create(filepath.Join(dir, "out.bin"))
				if err != nil {
					t.Fatal(err)
				}
				defer out.Close()
				if _, err := Snapshot(src, f.ReaderAt(), out, v, &Options{DropUnsupported: true}); err != nil {
					t.Fatalf("to %d: %v", v, err)
				}
			}
			convert() // what a first run sets up once is not counted
			peaks[i] = math.MaxUint64
			for range 3 {
				peaks[i] = min(peaks[i], heappeak.Of(convert))
			}
			f.Close()
		}
		t.Logf("to %d: most heap live %d KiB with %d entries, %d KiB with %d", v, peaks[0]>>10, small, peaks[1]>>10, large)
		if peaks[1] > peaks[0] && peaks[1]-peaks[0] > bound {
			t.Errorf("to %d: the heap converting holds grows by %d KiB from %d to %d entries, whose vectors add %d KiB",
				v, (peaks[1]-peaks[0])>>10, small, large, added>>10)
		}
	}
}
