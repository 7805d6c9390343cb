package graph

import (
	"fmt"
	"slices"

	"github.com/durascope/durascope/format"
)

// Remove takes out the item that the delta d (marker m) creates or sets, as
// if the files had never held it: a property, an enum, an index, a
// constraint, the TTL configuration or a description. Statistics and
// transaction framing leave no trace in a graph; removing them does
// nothing. It is how a conversion's reported drops are applied to a graph
// (Memgraph has no statement that drops an enum, so no delta does this).
func (s *Graph) Remove(m format.Marker, d format.Delta) error {
	id := func(name string) int {
		if i, ok := s.names.ids[name]; ok {
			return i
		}
		return -1
	}
	switch x := d.(type) {
	case format.VertexPropertyDelta:
		if v := s.Vertex(x.Gid); v != nil && v.Props(s).Has(id(x.Property)) {
			return s.setVertexProp(v, id(x.Property), nil)
		}
	case format.EdgePropertyDelta:
		if e := s.Edge(x.Gid); e != nil && e.Props(s).Has(id(x.Property)) {
			return s.setEdgeProp(e, id(x.Property), nil)
		}
	case format.EnumCreateDelta:
		s.Enums = slices.DeleteFunc(s.Enums, func(e format.EnumType) bool { return e.Name == x.Name })
	case format.LabelPropertiesDelta:
		paths := make([][]int, len(x.Paths))
		for i, p := range x.Paths {
			for _, n := range p {
				paths[i] = append(paths[i], id(n))
			}
		}
		delete(s.lpIndex, pathsKey(id(x.Label), paths, x.Order == format.IndexOrderDesc))
	case format.LabelOnlyDelta:
		if m == format.DeltaLabelIndexCreate {
			delete(s.labelIndex, id(x.Label))
		}
	case format.EdgeTypeDelta:
		delete(s.edgeTypeIndex, id(x.EdgeType))
	case format.EdgeTypePropertyDelta:
		delete(s.edgeTypePropIdx, [2]int{id(x.EdgeType), id(x.Property)})
	case format.PropertyOnlyDelta:
		if m == format.DeltaGlobalEdgePropertyIndexCreate {
			delete(s.globalEdgeProp, id(x.Property))
		} else {
			delete(s.globalVertexProp, id(x.Property))
		}
	case format.LabelPropertyDelta:
		key := [2]int{id(x.Label), id(x.Property)}
		if m == format.DeltaExistenceConstraintCreate {
			delete(s.existence, key)
		} else {
			delete(s.pointIndex, key)
		}
	case format.UniqueConstraintDelta:
		props := make([]int, len(x.Properties))
		for i, n := range x.Properties {
			props[i] = id(n)
		}
		delete(s.unique, uniqueKey(id(x.Label), props))
	case format.TypeConstraintDelta:
		delete(s.typeConstraint, [2]int{id(x.Label), id(x.Property)})
	case format.VectorIndexDelta:
		delete(s.vectorIndex, x.Name)
	case format.TextIndexDelta:
		delete(s.textIndex, x.Name)
	case format.TTLDelta:
		s.ttl = ttlState{}
	case format.DescriptionDelta:
		delete(s.descriptions, descriptionKey(s.normalizeDescription(x.Description)))
	case format.LabelStatsDelta, format.LabelPropertiesStatsDelta, format.TxnStart:
	default:
		return fmt.Errorf("no removal rule for %s (%T)", m, d)
	}
	return nil
}
