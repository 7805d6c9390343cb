package decode_test

import (
	"bytes"
	"errors"
	"reflect"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
)

// TestVectorEntryLists: the lists VectorEntryLists keeps locate every
// index's entries, which VectorEntries reads again as EdgeIndices keeps
// them; an index whose entries the version does not carry has none. On
// every corpus snapshot and on models of several versions with vertex and
// edge indices, empty lists, vectors of no component and of several
// pieces.
func TestVectorEntryLists(t *testing.T) {
	files := corpusSnapshots(t)
	long := threePieces()
	for _, v := range []format.Version{31, 32, 34, format.MaxVersion} {
		m := &format.Snapshot{Version: v, Mapper: []format.MapperEntry{{ID: 0, Name: "L"}, {ID: 1, Name: "p"}, {ID: 2, Name: "q"}, {ID: 3, Name: "T"}}}
		ft := format.FeaturesOf(v)
		vertex := func(name string, prop, dim uint64, entries []format.VectorEntry) format.VectorIndex {
			x := format.VectorIndex{Name: name, Targets: []uint64{0}, Property: prop, Metric: "l2sq", Dimension: dim, Resize: 2, Capacity: 10}
			if ft.Has(format.FeatVectorScalarKind) {
				x.ScalarKind = 11
			}
			if ft.VectorEntries(false) {
				x.Entries = entries
			}
			return x
		}
		m.EdgeIndices.Vector = []format.VectorIndex{
			vertex("long", 1, 600, []format.VectorEntry{{Gid: 3, Vector: long}, {Gid: 1, Vector: long[:600:600]}}),
			vertex("empty", 2, 3, []format.VectorEntry{}),
			vertex("none", 1, 0, []format.VectorEntry{{Gid: 5, Vector: []float64{}}, {Gid: format.UnknownGid, Vector: []float64{}}}),
		}
		m.EdgeIndices.Vector[2].Targets = []uint64{3}
		x := vertex("edges", 1, 2, nil)
		x.Targets = []uint64{3}
		if ft.VectorEntries(true) {
			x.Entries = []format.VectorEntry{{Gid: 9, Vector: []float64{1, 2}}}
		}
		m.EdgeIndices.VectorEdge = []format.VectorIndex{x}
		m.EdgeIndices.TextPresent, m.EdgeIndices.TextEdgePresent = true, ft.Has(format.FeatTextEdgeIndex)
		files[v.String()] = encodeSnapshot(t, m)
	}
	carried := 0
	for name, b := range files {
		lists := &decode.VectorEntryLists{}
		s, want, got := readEdgeIndices(t, name, b, lists)
		for list, xs := range [2][]format.VectorIndex{want.Vector, want.VectorEdge} {
			edge := list == 1
			if n := len(map[bool][]decode.VectorEntryList{false: lists.Vertex, true: lists.Edge}[edge]); xs != nil && s.Features.VectorEntries(edge) && n != len(xs) {
				t.Errorf("%s: %d lists of %d indices (edge %v)", name, n, len(xs), edge)
			}
			for i := range xs {
				x := &xs[i]
				l, ok := lists.Of(edge, i)
				if ok != (x.Entries != nil) {
					t.Fatalf("%s: index %q: a list %v, entries held %v", name, x.Name, ok, x.Entries != nil)
				}
				if !ok {
					continue
				}
				carried++
				if l.Count != uint64(len(x.Entries)) || l.Dimension != x.Dimension {
					t.Errorf("%s: index %q: list of %d entries of %d, EdgeIndices keeps %d of %d", name, x.Name, l.Count, l.Dimension, len(x.Entries), x.Dimension)
				}
				again := &entrySink{t: t}
				again.Entries(&format.VectorIndex{Dimension: x.Dimension}, false, 0, l.Count)
				if err := s.VectorEntries(l, again); err != nil {
					t.Fatalf("%s: index %q: %v", name, x.Name, err)
				}
				if !reflect.DeepEqual(again.lists[0][0], x.Entries) {
					t.Errorf("%s: index %q read again as %v, want %v", name, x.Name, again.lists[0][0], x.Entries)
				}
				if l.Count == 0 {
					continue
				}
				// The file changed under the list (a component's marker
				// damaged): a located error, not a panic nor a wrong entry.
				bad := bytes.Clone(b)
				bad[l.Offset+9] = 0x00
				if l.Dimension == 0 {
					bad[l.Offset] = 0x00
				}
				sb, err := decode.OpenSnapshot(bytes.NewReader(bad), int64(len(bad)), "f")
				if err != nil {
					t.Fatal(err)
				}
				var de *format.DecodeError
				sink := &entrySink{t: t}
				sink.Entries(&format.VectorIndex{Dimension: l.Dimension}, false, 0, l.Count)
				if err := sb.VectorEntries(l, sink); !errors.As(err, &de) || de.Section != "edge_indices" || de.Offset != l.Offset+9*min(1, int64(l.Dimension)) {
					t.Errorf("%s: index %q damaged: %v, want a decode error in edge_indices at %d", name, x.Name, err, l.Offset+9)
				}
			}
			for i := range xs {
				xs[i].Entries = nil
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: EdgeIndicesWith(lists) reads\n%+v\nEdgeIndices\n%+v", name, got, want)
		}
	}
	if carried < 12 {
		t.Errorf("%d indices with entries, want at least 12", carried)
	}
}
