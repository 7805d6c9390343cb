package inspect

import (
	"fmt"
	"math"
	"sync/atomic"

	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
)

// A snapshot holds an indexed vector twice: in the object's vector-index-id
// value (its index names and the vector as the first index keeps it) and in
// each named index's entry list (VectorIndexID vertices, VectorEdgeEntries
// edges). Snapshots have no checksum; this redundancy is how damage to
// either copy shows. Memgraph's vector indices are not versioned, so a
// write that ran while the snapshot was written can leave the two apart
// too: a warning, not an error.
//
//	snapshot.vector_entry  warning: a vector-index-id value and the entries of an index it names
//	                       disagree: no entry for the object, another vector in the first index's
//	                       entry, or an entry that no value names

// vectorEntries is one vector index's entries by object gid.
type vectorEntries struct {
	index   *format.VectorIndex
	edge    bool
	byGid   map[uint64]int
	matched []uint32 // bit i: a value named entry i (set by workers at once)
}

// vectorTables indexes the entries of the indices whose version carries
// them, by index name; nil when there are none.
func (v *snapVerifier) vectorTables(ei *format.EdgeIndices) {
	add := func(xs []format.VectorIndex, edge bool) {
		if !graph.VectorValuesInIndex(v.ft, edge) {
			return
		}
		for i := range xs {
			x := &xs[i]
			t := &vectorEntries{index: x, edge: edge, byGid: make(map[uint64]int, len(x.Entries)), matched: make([]uint32, (len(x.Entries)+31)/32)}
			for j, e := range x.Entries {
				if _, dup := t.byGid[e.Gid]; !dup { // a second entry stays unmatched
					t.byGid[e.Gid] = j
				}
			}
			if v.vectorIndexEntries == nil {
				v.vectorIndexEntries = map[string]*vectorEntries{}
			}
			if _, dup := v.vectorIndexEntries[x.Name]; !dup {
				v.vectorIndexEntries[x.Name] = t
				v.vectorIndexOrder = append(v.vectorIndexOrder, t)
			}
		}
	}
	add(ei.Vector, false)
	add(ei.VectorEdge, true)
}

// vectorValue checks a vector-index-id value of the object rec against
// the entries of the indices it names.
func (k *recordCheck) vectorValue(x format.VectorIndexID, off int64, rec recRef, prop uint64) {
	for i, name := range x.Indexes {
		t := k.v.vectorIndexEntries[name]
		if t == nil || t.edge != (rec.kind == "edge") {
			continue // no entries to hold it against (vector_index_ref reports an unknown name)
		}
		j, ok := t.byGid[rec.gid]
		if !ok {
			k.c.at(SeverityWarning, "snapshot.vector_entry", off, rec.String(),
				"property %s names vector index %q, whose entries lack this %s: one copy is damaged, or a write ran during the snapshot",
				k.v.name(prop), name, rec.kind)
			continue
		}
		atomic.OrUint32(&t.matched[j/32], 1<<(j%32))
		// The value's vector is the first index's copy; another index of
		// another scalar kind keeps its own rounding.
		if i == 0 {
			if d := vectorDifference(x.Vector, t.index.Entries[j].Vector); d != "" {
				k.c.at(SeverityWarning, "snapshot.vector_entry", off, rec.String(),
					"property %s: the value's vector and vector index %q's entry differ (%s): one copy is damaged, or a write ran during the snapshot",
					k.v.name(prop), name, d)
			}
		}
	}
}

// vectorDifference says where a value's vector and an entry's differ, ""
// when they are the same bit for bit.
func vectorDifference(value, entry []float64) string {
	if len(value) != len(entry) {
		return fmt.Sprintf("%d components in the value, %d in the entry", len(value), len(entry))
	}
	for i := range value {
		if math.Float64bits(value[i]) != math.Float64bits(entry[i]) {
			return fmt.Sprintf("component %d is %v in the value, %v in the entry", i, value[i], entry[i])
		}
	}
	return ""
}

// unmatchedVectorEntries reports the entries no value named, once the
// vertex records are all checked, and the edge indices' only when the edge
// records were too (edgesRead): after a decode error there, the values not
// read would show as entries no value names.
func (v *snapVerifier) unmatchedVectorEntries(edgesRead bool) {
	off := int64(v.s.Offsets[format.OffsetEdgeIndices])
	for _, t := range v.vectorIndexOrder {
		if t.edge && !edgesRead {
			continue
		}
		for j, e := range t.index.Entries {
			if t.matched[j/32]&(1<<(j%32)) != 0 {
				continue
			}
			kind := "vertex"
			if t.edge {
				kind = "edge"
			}
			if !v.c.at(SeverityWarning, "snapshot.vector_entry", off, fmt.Sprintf("vector index %q entry #%d", t.index.Name, j),
				"the entry of %s gid %d is named by no vector-index-id value of that %s (%s): one copy is damaged, or a write ran during the snapshot",
				kind, e.Gid, kind, v.name(t.index.Property)) {
				return
			}
		}
	}
}
