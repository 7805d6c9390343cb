package query

import (
	"cmp"
	"errors"
	"slices"

	"github.com/durascope/durascope/engine/storage"
	"github.com/durascope/durascope/format"
)

// Value is one value a statement computes or returns. Its dynamic type is
// one of the property value types of package format (format.Null,
// format.Bool, format.Int, format.Double, format.String, format.Temporal,
// format.ZonedTemporal, format.Enum, format.Point2D, format.Point3D), or
// List, Map, Node, Relationship or Path. format.List and format.Map never
// appear: lists and maps are List and Map, which may hold graph elements.
type Value any

// List is a list value.
type List []Value

// Map is a map value, its entries sorted by key (Memgraph's maps are
// std::map, so they iterate and print in key order).
type Map []MapEntry

// MapEntry is one entry of a Map.
type MapEntry struct {
	Key   string
	Value Value
}

// Get returns the value of key and whether the map has it.
func (m Map) Get(key string) (Value, bool) {
	i, ok := slices.BinarySearchFunc(m, key, func(e MapEntry, k string) int { return cmp.Compare(e.Key, k) })
	if !ok {
		return nil, false
	}
	return m[i].Value, true
}

// newMap builds a Map from entries in any order; a repeated key keeps
// its last value.
func newMap(entries []MapEntry) Map {
	m := slices.Clone(entries)
	slices.SortStableFunc(m, func(a, b MapEntry) int { return cmp.Compare(a.Key, b.Key) })
	out := m[:0]
	for _, e := range m {
		if n := len(out); n > 0 && out[n-1].Key == e.Key {
			out[n-1] = e
			continue
		}
		out = append(out, e)
	}
	return out
}

// Node is a vertex as a result row holds it: read when the row was made.
type Node struct {
	ID         uint64
	Labels     []string
	Properties Map
}

// Relationship is an edge as a result row holds it.
type Relationship struct {
	ID             uint64
	Type           string
	StartID, EndID uint64
	Properties     Map
}

// Path is a path as a result row holds it: Nodes has one more element
// than Relationships.
type Path struct {
	Nodes         []Node
	Relationships []Relationship
}

// vertexRef, edgeRef and pathRef are the graph elements while a statement
// runs: handles of its transaction, read when used.
type vertexRef struct{ v *storage.Vertex }

type edgeRef struct{ e *storage.Edge }

type pathRef struct {
	vertices []*storage.Vertex
	edges    []*storage.Edge
}

// fromProperty turns a stored property value into a Value.
func fromProperty(v format.Value) Value {
	switch x := v.(type) {
	case nil:
		return format.Null{}
	case format.List:
		return mapList(x, fromProperty)
	case format.Map:
		out := make([]MapEntry, len(x))
		for i, e := range x {
			out[i] = MapEntry{Key: e.Key, Value: fromProperty(e.Value)}
		}
		return newMap(out)
	case format.VectorIndexID:
		out := make(List, len(x.Vector))
		for i, d := range x.Vector {
			out[i] = format.Double(d)
		}
		return out
	}
	return v
}

// toProperty turns a Value into a property value; graph elements cannot
// be stored.
func toProperty(v Value) (format.Value, bool) {
	switch x := v.(type) {
	case nil:
		return format.Null{}, true
	case List:
		out := make(format.List, len(x))
		for i, e := range x {
			p, ok := toProperty(e)
			if !ok {
				return nil, false
			}
			out[i] = p
		}
		return out, true
	case Map:
		out := make(format.Map, len(x))
		for i, e := range x {
			p, ok := toProperty(e.Value)
			if !ok {
				return nil, false
			}
			out[i] = format.MapEntry{Key: e.Key, Value: p}
		}
		return out, true
	case format.List, format.Map:
		return x.(format.Value), true
	case format.Value:
		return x, true
	}
	return nil, false
}

// isNull reports whether v is null.
func isNull(v Value) bool {
	switch v.(type) {
	case nil, format.Null:
		return true
	}
	return false
}

// typeName names v's type as Memgraph's TypedValue does in messages.
func typeName(v Value) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case List:
		return "list"
	case Map:
		return "map"
	case vertexRef, Node:
		return "vertex"
	case edgeRef, Relationship:
		return "edge"
	case pathRef, Path:
		return "path"
	case format.Value:
		return format.ValueTypeName(x)
	}
	return "unknown"
}

// materialize turns the graph elements in v into Node, Relationship and
// Path values read now, so a row outlives its transaction.
func materialize(v Value) (Value, error) {
	switch x := v.(type) {
	case vertexRef:
		return readNode(x.v)
	case edgeRef:
		return readRelationship(x.e)
	case pathRef:
		p := Path{}
		for _, vx := range x.vertices {
			n, err := readNode(vx)
			if err != nil {
				return nil, err
			}
			p.Nodes = append(p.Nodes, n)
		}
		for _, e := range x.edges {
			r, err := readRelationship(e)
			if err != nil {
				return nil, err
			}
			p.Relationships = append(p.Relationships, r)
		}
		return p, nil
	case List:
		out := make(List, len(x))
		for i, e := range x {
			m, err := materialize(e)
			if err != nil {
				return nil, err
			}
			out[i] = m
		}
		return out, nil
	case Map:
		out := make(Map, len(x))
		for i, e := range x {
			m, err := materialize(e.Value)
			if err != nil {
				return nil, err
			}
			out[i] = MapEntry{Key: e.Key, Value: m}
		}
		return out, nil
	case nil:
		return format.Null{}, nil
	}
	return v, nil
}

// readNode reads a vertex as the statement left it, or, when the
// statement deleted it, as it was before (RETURN after DELETE).
func readNode(v *storage.Vertex) (Node, error) {
	view := storage.ViewNew
	labels, err := v.Labels(view)
	if errors.Is(err, storage.ErrDeletedObject) {
		view = storage.ViewOld
		labels, err = v.Labels(view)
	}
	if err != nil {
		return Node{}, err
	}
	props, err := v.Properties(view)
	if err != nil {
		return Node{}, err
	}
	return Node{ID: v.Gid(), Labels: labels, Properties: propsMap(props)}, nil
}

func readRelationship(e *storage.Edge) (Relationship, error) {
	props, err := e.Properties(storage.ViewNew)
	if errors.Is(err, storage.ErrDeletedObject) {
		props, err = e.Properties(storage.ViewOld)
	}
	if err != nil {
		return Relationship{}, err
	}
	return Relationship{ID: e.Gid(), Type: e.Type(), StartID: e.From().Gid(), EndID: e.To().Gid(), Properties: propsMap(props)}, nil
}

func propsMap(ps []storage.Prop) Map {
	out := make([]MapEntry, len(ps))
	for i, p := range ps {
		out[i] = MapEntry{Key: p.Name, Value: fromProperty(p.Value)}
	}
	return newMap(out)
}
