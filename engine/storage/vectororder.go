package storage

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/durascope/durascope/format"
)

// Where Memgraph keeps its vector indices decides two things the files
// show: whether an index's name takes a name-id mapper id (shifting every
// later id), and the order the snapshot lists the indices in.
//
//   - Before VECTOR_INDEX_ID values (format 32) an index was found by its
//     label and property in a std::map<LabelPropKey> (edge indices in a
//     std::map<EdgeTypePropKey>); names took no ids. The snapshot lists
//     the indices by (label, property).
//   - The format 32 builds kept node indices in an
//     absl::flat_hash_map<LabelPropKey> and gave a name its id only when a
//     vertex first entered the index (the value's VECTOR_INDEX_ID needs
//     it), or when the index was dropped: v32 test_all's vector_index_name
//     is id 37, registered by the first :Label vertex, and
//     vector_index_name_1, never entered, has none. abseil seeds its hash
//     with the address of a global, so that order changes from run to run;
//     the engine writes the std::map order of the builds before.
//   - Memgraph PR #3754 (2026-02-05, "Fix performance regression for vector
//     index creation/import") keyed node indices by the name's id in one
//     std::unordered_map<uint64_t>, the id taken when the index is created
//     (VectorIndex::SetupIndex); edge indices followed when their values
//     became VECTOR_INDEX_ID and the snapshot got their entries (format
//     34). The snapshot lists them in libstdc++'s iteration order of that
//     map (idTable): v35..v37 test_all's five node indices, ids 14, 17, 21,
//     25 and 27, come out as 25, 21, 17, 27, 14.

// vectorIndexByID marks the builds with PR #3754's by-id node index map.
// It added no format feature; it merged after the format 32 bump (PR
// #3619, 2026-01-09) whose recording shows the older map, and before the
// format 33 bump (PR #3822), so the first feature of every release that
// has it is format 33's. No format 33 recording exists to confirm it.
const vectorIndexByID = format.FeatEdgeSetToVertex

// vectorEdgeIndexByID marks the builds whose edge indices are keyed by
// name id: those whose edge values are VECTOR_INDEX_ID (format 34).
const vectorEdgeIndexByID = format.FeatVectorEdgeEntries

// vectorByID reports whether the store's version keeps that kind of
// vector index (edge or node) in the by-id map, registering its name when
// it is created.
func (s *Storage) vectorByID(edge bool) bool {
	if edge {
		return s.features.Has(vectorEdgeIndexByID)
	}
	return s.features.Has(vectorIndexByID)
}

// vectorNameOnEntry reports whether node index names are registered when
// a vertex first enters the index (the format 32 builds).
func (s *Storage) vectorNameOnEntry() bool {
	return s.features.Has(format.FeatVectorIndexID) && !s.features.Has(vectorIndexByID)
}

// registerEntering registers, for the builds that did it, the names of the
// node vector indices a vertex with these labels and properties is in.
func (s *Storage) registerEntering(list []format.VectorIndex, labels []uint64, p props) {
	if !s.vectorNameOnEntry() {
		return
	}
	for i := range list {
		x := &list[i]
		if v := p.get(x.Property); v != nil && vectorMatches(x, labels) {
			s.names.id(x.Name)
		}
	}
}

// vectorTable is the by-id map of one kind of vector index.
func (sc *schemaState) vectorTable(edge bool) *idTable {
	if edge {
		return &sc.vectorEdgeIDs
	}
	return &sc.vectorIDs
}

// vectorsInFileOrder lists a kind of vector index in the order the store's
// version writes them.
func (s *Storage) vectorsInFileOrder(sc *schemaState, edge bool) []format.VectorIndex {
	list := sc.eix.Vector
	if edge {
		list = sc.eix.VectorEdge
	}
	if !s.vectorByID(edge) {
		out := slices.Clone(list)
		slices.SortStableFunc(out, func(a, b format.VectorIndex) int {
			return cmp.Or(slices.Compare(a.Targets, b.Targets), cmp.Compare(a.Property, b.Property))
		})
		return out
	}
	byName := make(map[string]format.VectorIndex, len(list))
	for _, x := range list {
		byName[x.Name] = x
	}
	out := make([]format.VectorIndex, 0, len(list))
	for _, id := range sc.vectorTable(edge).order() {
		if x, ok := byName[s.names.name(id)]; ok {
			out = append(out, x)
			delete(byName, x.Name)
		}
	}
	// Every index is in the table; should one not be, it still gets written.
	for _, x := range list {
		if _, ok := byName[x.Name]; ok {
			out = append(out, x)
		}
	}
	return out
}

// verticesEntering lists the vertices a new node vector index x covers
// that hold its property, and refuses the index when one holds a value
// that is no vector of it, as Memgraph's populating does (an empty list
// is left alone, never indexed: heldVectors does not touch it).
func (t *Txn) verticesEntering(op string, x *format.VectorIndex) ([]*vertex, error) {
	var out []*vertex
	for v := range t.Vertices(ViewNew) {
		st := t.state(v.v, ViewNew, wantLabels|wantProps)
		val := st.props.get(x.Property)
		if val == nil || !vectorMatches(x, st.labels) {
			continue
		}
		if l, ok := val.(format.List); !ok || len(l) > 0 {
			if reason := vectorMisfit(x, val); reason != "" {
				return nil, &SchemaError{Op: op, Reason: fmt.Sprintf("vertex %d: %s", v.v.gid, reason)}
			}
		}
		out = append(out, v.v)
	}
	return out, nil
}
