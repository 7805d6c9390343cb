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

// vectorIndexCheck is one vector index of the file, with its entries by
// object gid where its version carries them.
type vectorIndexCheck struct {
	index   *format.VectorIndex
	kind    string         // of the objects it holds, as recRef names them
	byGid   map[uint64]int // nil where the version carries no entries
	matched []uint32       // bit i: a value named entry i (set by workers at once)
}

// vectorTables registers the file's vector indices (vectorIndices,
// vectorOrder), their entries by gid where the version carries them.
func (v *snapVerifier) vectorTables(ei *format.EdgeIndices) {
	v.vectorIndices = map[string]*vectorIndexCheck{}
	add := func(xs []format.VectorIndex, kind string) {
		carried := graph.VectorValuesInIndex(v.ft, kind == "edge")
		for i := range xs {
			x := &xs[i]
			t := &vectorIndexCheck{index: x, kind: kind}
			if carried {
				t.byGid, t.matched = make(map[uint64]int, len(x.Entries)), make([]uint32, (len(x.Entries)+31)/32)
				for j, e := range x.Entries {
					if _, dup := t.byGid[e.Gid]; !dup { // a second entry stays unmatched
						t.byGid[e.Gid] = j
					}
				}
			}
			if _, dup := v.vectorIndices[x.Name]; !dup {
				v.vectorIndices[x.Name] = t
				v.vectorOrder = append(v.vectorOrder, t)
			}
		}
	}
	add(ei.Vector, "vertex")
	add(ei.VectorEdge, "edge")
}

// vectorValue checks a vector-index-id value of the object rec: that the
// file defines the indices it names and, where their entries are carried,
// that those hold the object.
func (k *recordCheck) vectorValue(x format.VectorIndexID, off int64, rec recRef, prop uint64) {
	if k.v.vectorIndices == nil {
		return // the section did not decode: nothing to judge by
	}
	for i, name := range x.Indexes {
		t := k.v.vectorIndices[name]
		switch {
		case t == nil:
			k.c.at(SeverityWarning, "snapshot.vector_index_ref", off, rec.String(), "property %s names vector index %q, which the file does not define",
				k.v.name(prop), name)
			continue
		case t.byGid == nil || t.kind != rec.kind:
			continue // no entries to hold it against
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
	for _, t := range v.vectorOrder {
		if t.byGid == nil || t.kind == "edge" && !edgesRead {
			continue
		}
		for j, e := range t.index.Entries {
			if t.matched[j/32]&(1<<(j%32)) != 0 {
				continue
			}
			if !v.c.at(SeverityWarning, "snapshot.vector_entry", off, fmt.Sprintf("vector index %q entry #%d", t.index.Name, j),
				"the entry of %s gid %d is named by no vector-index-id value of that %s (%s): one copy is damaged, or a write ran during the snapshot",
				t.kind, e.Gid, t.kind, v.name(t.index.Property)) {
				return
			}
		}
	}
}
