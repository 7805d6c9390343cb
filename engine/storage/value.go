package storage

import (
	"cmp"
	"slices"
	"strings"

	"github.com/durascope/durascope/format"
)

// storedValue turns a value given to a write into the form the store keeps:
// Null becomes nil (absent); map keys are registered with the name-id
// mapper (in bytewise key order, depth first, as Memgraph converts a
// query's map, whose keys are sorted) and entries ordered by key id, the
// order Memgraph's PropertyStore writes them; a VECTOR_INDEX_ID becomes
// the list of its doubles (the vector index form is derived when written,
// vectorForm). Enum values must name an existing enum value.
func (t *Txn) storedValue(prop string, v format.Value) (format.Value, error) {
	if isNull(v) {
		return nil, nil
	}
	out, err := t.storedAt(prop, v, 0)
	if err != nil {
		return nil, err
	}
	if err := t.s.checkValue(prop, out); err != nil {
		return nil, err
	}
	return out, nil
}

func (t *Txn) storedAt(prop string, v format.Value, depth int) (format.Value, error) {
	switch x := v.(type) {
	case nil:
		return format.Null{}, nil
	case format.List:
		if format.NestsTooDeep(depth) {
			return nil, &ValueError{Property: prop, Reason: "values nest deeper than the format allows"}
		}
		out := make(format.List, len(x))
		for i, e := range x {
			ne, err := t.storedAt(prop, e, depth+1)
			if err != nil {
				return nil, err
			}
			out[i] = ne
		}
		return out, nil
	case format.Map:
		if format.NestsTooDeep(depth) {
			return nil, &ValueError{Property: prop, Reason: "values nest deeper than the format allows"}
		}
		byName := slices.Clone(x)
		slices.SortStableFunc(byName, func(a, b format.MapEntry) int { return strings.Compare(a.Key, b.Key) })
		type keyed struct {
			id uint64
			e  format.MapEntry
		}
		entries := make([]keyed, 0, len(byName))
		for _, e := range byName {
			id := t.s.names.id(e.Key)
			ne, err := t.storedAt(prop, e.Value, depth+1)
			if err != nil {
				return nil, err
			}
			if n := len(entries); n > 0 && entries[n-1].e.Key == e.Key {
				entries[n-1].e.Value = ne // a repeated key: the later value wins
				continue
			}
			entries = append(entries, keyed{id, format.MapEntry{Key: e.Key, Value: ne}})
		}
		slices.SortFunc(entries, func(a, b keyed) int { return cmp.Compare(a.id, b.id) })
		out := make(format.Map, len(entries))
		for i, k := range entries {
			out[i] = k.e
		}
		return out, nil
	case format.VectorIndexID:
		return x.List(), nil
	case format.Enum:
		enums := t.schemaView().enums
		if x.TypeID >= uint64(len(enums)) || x.ValueID >= uint64(len(enums[x.TypeID].Values)) {
			return nil, &ValueError{Property: prop, Reason: "the enum value does not exist"}
		}
	}
	return v, nil
}

// fileValue is v as a file of features f holds it: a Cartesian-3D point
// gets the SRID that version's writers used (9757 before EdgeSetFromVertex).
func fileValue(v format.Value, f format.Features) format.Value {
	if f.Has(format.FeatEdgeSetFromVertex) {
		return v
	}
	switch x := v.(type) {
	case format.Point3D:
		if x.SRID == format.SRIDCartesian3D {
			x.SRID = format.SRIDLegacyCartesian3D
		}
		return x
	case format.List:
		var out format.List
		for i, e := range x {
			if n := fileValue(e, f); out != nil || !sameValue(n, e) {
				if out == nil {
					out = slices.Clone(x)
				}
				out[i] = n
			}
		}
		if out != nil {
			return out
		}
	case format.Map:
		var out format.Map
		for i, e := range x {
			if n := fileValue(e.Value, f); out != nil || !sameValue(n, e.Value) {
				if out == nil {
					out = slices.Clone(x)
				}
				out[i].Value = n
			}
		}
		if out != nil {
			return out
		}
	}
	return v
}

// sameValue reports whether fileValue left a point untouched (other
// values are returned as they are).
func sameValue(a, b format.Value) bool {
	p, ok := a.(format.Point3D)
	q, ok2 := b.(format.Point3D)
	if ok && ok2 {
		return p.SRID == q.SRID
	}
	return true
}

// valueRank orders value types as Memgraph's PropertyValue operator< does
// (numbers compare across Int and Double).
func valueRank(v format.Value) int {
	switch v.(type) {
	case nil, format.Null:
		return 0
	case format.Bool:
		return 1
	case format.Int, format.Double:
		return 2
	case format.String:
		return 3
	case format.List, format.VectorIndexID:
		return 4
	case format.Map:
		return 5
	case format.Temporal:
		return 6
	case format.ZonedTemporal:
		return 7
	case format.Enum:
		return 8
	case format.Point2D:
		return 9
	case format.Point3D:
		return 10
	}
	return 11
}

func number(v format.Value) float64 {
	if i, ok := v.(format.Int); ok {
		return float64(i)
	}
	return float64(v.(format.Double))
}

// compareValues is Memgraph's PropertyValue ordering (operator<=>), which
// ANALYZE GRAPH groups and sums in. Points of one system are ordered by
// coordinates here; Memgraph's partial order leaves most pairs unordered.
func compareValues(a, b format.Value) int {
	if c := cmp.Compare(valueRank(a), valueRank(b)); c != 0 {
		return c
	}
	switch x := a.(type) {
	case format.Bool:
		y := b.(format.Bool)
		if x == y {
			return 0
		}
		if !x {
			return -1
		}
		return 1
	case format.Int:
		if y, ok := b.(format.Int); ok {
			return cmp.Compare(x, y)
		}
		return cmp.Compare(number(a), number(b))
	case format.Double:
		return cmp.Compare(number(a), number(b))
	case format.String:
		return strings.Compare(string(x), string(b.(format.String)))
	case format.List:
		y, _ := b.(format.List)
		for i := 0; i < len(x) && i < len(y); i++ {
			if c := compareValues(x[i], y[i]); c != 0 {
				return c
			}
		}
		return cmp.Compare(len(x), len(y))
	case format.Map:
		// Memgraph orders maps by size before their entries.
		y := b.(format.Map)
		if c := cmp.Compare(len(x), len(y)); c != 0 {
			return c
		}
		for i := range x {
			if c := strings.Compare(x[i].Key, y[i].Key); c != 0 {
				return c
			}
			if c := compareValues(x[i].Value, y[i].Value); c != 0 {
				return c
			}
		}
		return 0
	case format.Temporal:
		y := b.(format.Temporal)
		if c := cmp.Compare(x.Type, y.Type); c != 0 {
			return c
		}
		return cmp.Compare(x.Micros, y.Micros)
	case format.ZonedTemporal:
		// Type, instant, then zone as Memgraph's Timezone orders zones: by
		// tz-database name, so every fixed offset (no name) compares equal.
		y := b.(format.ZonedTemporal)
		return cmp.Or(cmp.Compare(x.Type, y.Type), cmp.Compare(x.Micros, y.Micros), strings.Compare(x.TimezoneName(), y.TimezoneName()))
	case format.Enum:
		y := b.(format.Enum)
		if c := cmp.Compare(x.TypeID, y.TypeID); c != 0 {
			return c
		}
		return cmp.Compare(x.ValueID, y.ValueID)
	case format.Point2D:
		y := b.(format.Point2D)
		return cmp.Or(cmp.Compare(x.SRID, y.SRID), cmp.Compare(x.X, y.X), cmp.Compare(x.Y, y.Y))
	case format.Point3D:
		y := b.(format.Point3D)
		return cmp.Or(cmp.Compare(x.SRID, y.SRID), cmp.Compare(x.X, y.X), cmp.Compare(x.Y, y.Y), cmp.Compare(x.Z, y.Z))
	}
	return 0
}
