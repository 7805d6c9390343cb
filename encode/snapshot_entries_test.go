package encode

import (
	"errors"
	"strings"
	"testing"

	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
)

// heldEntries is a VectorEntrySource over entries held, handing each
// vector in pieces of 3 components; skip leaves the last entry of an
// index out and short the last component of each entry.
type heldEntries struct {
	ei          format.EdgeIndices
	skip, short bool
}

func (h *heldEntries) list(edge bool, i int) []format.VectorEntry {
	if edge {
		return h.ei.VectorEdge[i].Entries
	}
	return h.ei.Vector[i].Entries
}

func (h *heldEntries) Count(edge bool, i int) uint64 { return uint64(len(h.list(edge, i))) }

func (h *heldEntries) Write(edge bool, i int, w *VectorEntryWriter) error {
	list := h.list(edge, i)
	if h.skip && len(list) > 0 {
		list = list[:len(list)-1]
	}
	for _, e := range list {
		w.Entry(e.Gid)
		v := e.Vector
		if h.short && len(v) > 0 {
			v = v[:len(v)-1]
		}
		for k := 0; k < len(v); k += 3 {
			w.Components(v[k:min(k+3, len(v))])
		}
	}
	return nil
}

// streamWithSource writes m with a SnapshotWriter, its entries given by
// src rather than held (held, as Finish writes them, when src is nil).
func streamWithSource(t *testing.T, m *format.Snapshot, src VectorEntrySource) ([]byte, error) {
	t.Helper()
	mf := &golden.MemFile{}
	sw, err := NewSnapshotWriter(mf, m.Version, &SnapshotOptions{OmitEdgeSection: m.Offsets[format.OffsetEdges] == 0})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range m.Edges {
		if err := sw.WriteEdge(e); err != nil {
			t.Fatal(err)
		}
	}
	for _, v := range m.Vertices {
		if err := sw.WriteVertex(v); err != nil {
			t.Fatal(err)
		}
	}
	rest := *m
	rest.Edges, rest.Vertices = nil, nil
	if src == nil {
		err = sw.Finish(&rest)
		return mf.Bytes(), err
	}
	rest.EdgeIndices.Vector = withoutEntries(m.EdgeIndices.Vector)
	rest.EdgeIndices.VectorEdge = withoutEntries(m.EdgeIndices.VectorEdge)
	err = sw.FinishWith(&rest, src)
	return mf.Bytes(), err
}

func withoutEntries(l []format.VectorIndex) []format.VectorIndex {
	out := append([]format.VectorIndex(nil), l...)
	for i := range out {
		out[i].Entries = nil
	}
	return out
}

// TestFinishWithEntrySource: a snapshot whose entries a VectorEntrySource
// gives as they are written is the one Finish writes with them held
// (every corpus snapshot with entries, rewritten in one batch); a source
// that gives fewer entries than it counts, or entries of another
// dimension, fails the write, as do entries for a version without them
// or held as well.
func TestFinishWithEntrySource(t *testing.T) {
	n := 0
	for _, cf := range corpusOf(t, false) {
		m := decodeSnapshot(t, cf.data, cf.name)
		held := 0
		for _, l := range [][]format.VectorIndex{m.EdgeIndices.Vector, m.EdgeIndices.VectorEdge} {
			for _, x := range l {
				held += len(x.Entries)
			}
		}
		if held == 0 {
			continue
		}
		want, err := streamWithSource(t, m, nil)
		if err != nil {
			t.Fatalf("%s: %v", cf.name, err)
		}
		got, err := streamWithSource(t, m, &heldEntries{ei: m.EdgeIndices})
		if err != nil {
			t.Fatalf("%s: %v", cf.name, err)
		}
		if d := firstDiff(got, want); d != "" {
			t.Errorf("%s: entries from a source: %s", cf.name, d)
		}
		for what, src := range map[string]*heldEntries{"fewer entries": {ei: m.EdgeIndices, skip: true}, "a short vector": {ei: m.EdgeIndices, short: true}} {
			_, err := streamWithSource(t, m, src)
			if err == nil || !strings.Contains(err.Error(), "encode: vector index") {
				t.Errorf("%s: %s: %v, want the write to fail", cf.name, what, err)
			}
		}
		n++
	}
	if n < 3 {
		t.Errorf("%d corpus snapshots with entries", n)
	}

	m := &format.Snapshot{Version: 31, Mapper: []format.MapperEntry{{ID: 0, Name: "L"}, {ID: 1, Name: "p"}}}
	m.EdgeIndices.Vector = []format.VectorIndex{{Name: "v", Targets: []uint64{0}, Property: 1, Metric: "l2sq", Dimension: 2, ScalarKind: 11,
		Entries: []format.VectorEntry{{Gid: 1, Vector: []float64{1, 2}}}}}
	_, err := streamWithSource(t, m, &heldEntries{ei: m.EdgeIndices})
	var me *ModelError
	if !errors.As(err, &me) || len(me.Issues) != 1 || me.Issues[0].Feature != format.FeatVectorIndexID {
		t.Errorf("entries for format 31: %v, want a ModelError needing VectorIndexID", err)
	}
	m.Version = format.MaxVersion
	mf := &golden.MemFile{}
	sw, _ := NewSnapshotWriter(mf, m.Version, nil)
	err = sw.FinishWith(m, &heldEntries{ei: m.EdgeIndices})
	if !errors.As(err, &me) || len(me.Issues) != 1 || !strings.Contains(me.Issues[0].What, "held and given") {
		t.Errorf("entries held and given: %v, want a ModelError", err)
	}
}
