package storage

import (
	"slices"

	"github.com/durascope/durascope/format"
)

// The snapshot mapper section names exactly the ids the file uses where
// Memgraph's writer registers them (its write_mapping): record labels,
// property keys and edge types, and the label, edge-type and property ids
// of the index and constraint sections. Statistics entries and enum values
// are written without registering anything. The functions below make
// those calls in the writer's order: the order matters to writers that
// keep the ids in a hash set (see mapperSorted).

// mapperSorted says whether the store's version writes the mapper in
// ascending id order. Memgraph's writer collects the used ids in a
// std::unordered_set and wrote them in its iteration order until the
// change that brought parallel snapshot creation sorted them, after the
// 3.2 releases while the format was still 24: every release that writes
// format 25 (NestedIndices) or newer sorts, the releases writing older
// formats do not (the v14..v24 corpus snapshots). The change added no
// format feature of its own (a feature constant needs a shape the golden
// fixtures show), so the guard is the first feature every sorting release
// carries.
const mapperSorted = format.FeatNestedIndices

// idOrder collects ids in first-use order.
type idOrder struct {
	seen bitset
	far  map[uint64]struct{} // ids too large for the bitset
	ids  []uint64
}

// maxBitsetID bounds the ids kept in the bitset (name ids are dense and
// small; a larger one, from a damaged file, goes to a map).
const maxBitsetID = 1 << 24

func (o *idOrder) add(id uint64) {
	if id < maxBitsetID {
		if o.seen.testAndSet(id) {
			return
		}
	} else {
		if _, ok := o.far[id]; ok {
			return
		}
		if o.far == nil {
			o.far = map[uint64]struct{}{}
		}
		o.far[id] = struct{}{}
	}
	o.ids = append(o.ids, id)
}

// addEdge registers what an edge record uses: its property keys.
func (o *idOrder) addEdge(r *format.EdgeRecord) {
	for _, p := range r.Properties {
		o.add(p.ID)
	}
}

// addVertex registers what a vertex record uses, in the order the record
// is written: labels, property keys, in-edge types, out-edge types.
func (o *idOrder) addVertex(r *format.VertexRecord) {
	for _, l := range r.Labels {
		o.add(l)
	}
	for _, p := range r.Properties {
		o.add(p.ID)
	}
	for _, e := range r.InEdges {
		o.add(e.Type)
	}
	for _, e := range r.OutEdges {
		o.add(e.Type)
	}
}

// addSections registers the ids of the index, edge-index and constraint
// sections of m in the order Memgraph writes them (statistics register
// nothing).
func (o *idOrder) addSections(m *format.Snapshot) {
	ix := &m.Indices
	for _, l := range ix.Label {
		o.add(l)
	}
	for _, list := range [][]format.LabelPropertiesIndex{ix.LabelProperties, ix.LabelPropertiesDesc} {
		for _, lp := range list {
			o.add(lp.Label)
			for _, path := range lp.Paths {
				for _, id := range path {
					o.add(id)
				}
			}
		}
	}
	ei := &m.EdgeIndices
	for _, t := range ei.EdgeType {
		o.add(t)
	}
	pairs := func(l []format.LabelProperty) {
		for _, p := range l {
			o.add(p.Label)
			o.add(p.Property)
		}
	}
	pairs(ei.EdgeTypeProperty)
	for _, p := range ei.GlobalEdgeProperty {
		o.add(p)
	}
	for _, p := range ei.GlobalVertexProperty {
		o.add(p)
	}
	pairs(ei.Point)
	for _, list := range [][]format.VectorIndex{ei.Vector, ei.VectorEdge} {
		for _, x := range list {
			for _, t := range x.Targets {
				o.add(t)
			}
			o.add(x.Property)
		}
	}
	for _, list := range [][]format.TextIndex{ei.Text, ei.TextEdge} {
		for _, x := range list {
			o.add(x.Target)
			for _, p := range x.Properties {
				o.add(p)
			}
		}
	}
	cs := &m.Constraints
	pairs(cs.Existence)
	for _, u := range cs.Unique {
		o.add(u.Label)
		for _, p := range u.Properties {
			o.add(p)
		}
	}
	for _, c := range cs.Type {
		o.add(c.Label)
		o.add(c.Property)
	}
}

// mapperOrder is the order in which a snapshot of version f lists the ids
// registered in first-use order ids: ascending, or the iteration order of
// the writer's hash set.
func mapperOrder(f format.Features, ids []uint64) []uint64 {
	if f.Has(mapperSorted) {
		return slices.Sorted(slices.Values(ids))
	}
	return hashSetOrder(ids)
}

// bitset is a growable set of small integers (name ids are dense).
type bitset []uint64

// testAndSet adds x and reports whether it was there already.
func (b *bitset) testAndSet(x uint64) bool {
	w, bit := x/64, uint64(1)<<(x%64)
	if w >= uint64(len(*b)) {
		*b = append(*b, make([]uint64, w+1-uint64(len(*b)))...)
	}
	had := (*b)[w]&bit != 0
	(*b)[w] |= bit
	return had
}
