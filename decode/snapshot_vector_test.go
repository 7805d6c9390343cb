package decode_test

import (
	"bytes"
	"fmt"
	"reflect"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
)

// entrySink keeps what a VectorEntrySink is handed, as the indices'
// entries by place, and checks the order of the calls.
type entrySink struct {
	t       *testing.T
	lists   [2][][]format.VectorEntry // vertex, edge indices; by index
	offsets []int64                   // of every entry, in order
	dims    []uint64                  // of every entry's index
	cur     *[]format.VectorEntry
	left    uint64 // components the current entry still lacks
	dim     uint64
}

func (k *entrySink) Entries(x *format.VectorIndex, edge bool, i int, n uint64) {
	if k.left != 0 {
		k.t.Errorf("index %q started with %d components of an entry missing", x.Name, k.left)
	}
	list := &k.lists[b2i(edge)]
	for len(*list) <= i {
		*list = append(*list, nil)
	}
	(*list)[i] = []format.VectorEntry{}
	k.cur, k.dim = &(*list)[i], x.Dimension
	if len(x.Entries) != 0 {
		k.t.Errorf("index %q handed with entries", x.Name)
	}
}

func (k *entrySink) Entry(j uint64, off int64, gid uint64) {
	if k.left != 0 || j != uint64(len(*k.cur)) {
		k.t.Errorf("entry %d after %d, with %d components missing", j, len(*k.cur), k.left)
	}
	*k.cur = append(*k.cur, format.VectorEntry{Gid: gid, Vector: []float64{}})
	k.offsets, k.dims = append(k.offsets, off), append(k.dims, k.dim)
	k.left = k.dim
}

func (k *entrySink) Components(xs []float64) {
	if len(xs) == 0 || len(xs) > decode.VectorPiece || uint64(len(xs)) > k.left {
		k.t.Errorf("a piece of %d components, %d missing", len(xs), k.left)
	}
	e := &(*k.cur)[len(*k.cur)-1]
	e.Vector = append(e.Vector, xs...)
	k.left -= uint64(len(xs))
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// corpusSnapshots are the corpus snapshots' bytes by name.
func corpusSnapshots(t *testing.T) map[string][]byte {
	files := map[string][]byte{}
	for _, f := range golden.ReadCorpus(t) {
		if !f.WAL {
			files[f.Name] = f.Data
		}
	}
	if len(files) == 0 {
		t.Fatal("no corpus snapshots")
	}
	return files
}

// threePieces is a vector of 600 components, which takes three pieces.
func threePieces() []float64 {
	long := make([]float64, 600)
	for i := range long {
		long[i] = float64(i) / 7
	}
	return long
}

// readEdgeIndices opens the snapshot b and reads its edge-indices section
// twice: keeping the entries (want) and handing them to sink (got).
func readEdgeIndices(t *testing.T, name string, b []byte, sink decode.VectorEntrySink) (s *decode.Snapshot, want, got format.EdgeIndices) {
	t.Helper()
	s, err := decode.OpenSnapshot(bytes.NewReader(b), int64(len(b)), "f")
	if err != nil {
		t.Fatal(err)
	}
	if want, err = s.EdgeIndices(); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if got, err = s.EdgeIndicesWith(sink); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s, want, got
}

// TestEdgeIndicesWith: the streaming read of the edge-indices section
// hands over, in order, the entries EdgeIndices keeps, and returns the
// rest as EdgeIndices does; VectorEntry reads each entry again at the
// offset it was handed with. On every corpus snapshot, one whose vectors
// take several pieces, and cut inside the entries (the same error).
func TestEdgeIndicesWith(t *testing.T) {
	files := corpusSnapshots(t)
	long := threePieces()
	m := &format.Snapshot{Version: format.MaxVersion, Mapper: []format.MapperEntry{{ID: 0, Name: "L"}, {ID: 1, Name: "p"}}}
	m.EdgeIndices.Vector = []format.VectorIndex{{Name: "long", Targets: []uint64{0}, Property: 1, Metric: "l2sq", Dimension: 600, Resize: 2, Capacity: 10,
		Entries: []format.VectorEntry{{Gid: 3, Vector: long}, {Gid: 1, Vector: long[:600:600]}}}}
	files["long vectors"] = encodeSnapshot(t, m)
	entries := 0
	for name, b := range files {
		k := &entrySink{t: t}
		s, want, got := readEdgeIndices(t, name, b, k)
		next := 0
		for list, xs := range [2][]format.VectorIndex{want.Vector, want.VectorEdge} {
			for i := range xs {
				x := &xs[i]
				var kept []format.VectorEntry
				if i < len(k.lists[list]) {
					kept = k.lists[list][i]
				}
				if !reflect.DeepEqual(kept, x.Entries) {
					t.Errorf("%s: index %q: handed %v, EdgeIndices keeps %v", name, x.Name, kept, x.Entries)
				}
				for j, e := range x.Entries {
					again := &entrySink{t: t}
					again.Entries(&format.VectorIndex{Dimension: x.Dimension}, false, 0, 1)
					if err := s.VectorEntry(k.offsets[next], x.Dimension, again); err != nil {
						t.Fatalf("%s: index %q entry %d: %v", name, x.Name, j, err)
					}
					if !reflect.DeepEqual(again.lists[0][0], []format.VectorEntry{e}) {
						t.Errorf("%s: index %q entry %d read again as %v, want %v", name, x.Name, j, again.lists[0][0], e)
					}
					next++
					entries++
				}
				x.Entries = nil
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: EdgeIndicesWith reads\n%+v\nEdgeIndices\n%+v", name, got, want)
		}
		// A component's marker damaged: both read to the same error.
		if len(k.offsets) > 0 {
			bad := bytes.Clone(b)
			bad[k.offsets[len(k.offsets)-1]+9+9*(int64(k.dims[len(k.dims)-1])-1)] = 0x00 // the last entry's last component
			s, err := decode.OpenSnapshot(bytes.NewReader(bad), int64(len(bad)), "f")
			if err != nil {
				t.Fatal(err)
			}
			_, errKeep := s.EdgeIndices()
			_, errWith := s.EdgeIndicesWith(&entrySink{t: t})
			if errKeep == nil || fmt.Sprint(errKeep) != fmt.Sprint(errWith) {
				t.Errorf("%s damaged: EdgeIndices fails with %v, EdgeIndicesWith with %v", name, errKeep, errWith)
			}
		}
	}
	if entries < 20 {
		t.Errorf("%d entries read, want at least 20", entries)
	}
}
