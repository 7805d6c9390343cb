package inspect

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/durascope/durascope/format"
)

// Memgraph rebuilds constraints after all data is loaded and fails recovery
// when the data violates one (durability.cpp, RecoverConstraints).
const (
	MsgExistenceViolated = "The existence constraint failed because it couldn't be validated!"
	MsgUniqueViolated    = "The unique constraint must be created here!"
	MsgTypeViolated      = "Type constraint recovery failed because they couldn't be validated!"
)

// ConstraintError is a constraint the recovered data violates: Message is
// what Memgraph's recovery fails with, Detail which vertex breaks it.
type ConstraintError struct {
	Message string
	Detail  string
}

func (e *ConstraintError) Error() string { return e.Detail + ": " + e.Message }

// CheckConstraints validates the constraints against the data, in
// Memgraph's order: existence, unique, then type constraints.
func (s *State) CheckConstraints() *ConstraintError {
	vertices := s.SortedVertices()
	has := func(v *Vertex, label int) bool { return slices.Contains(v.Labels, label) }
	for _, k := range sortedPairs(s.existence) {
		for _, v := range vertices {
			if _, ok := v.Props[k[1]]; has(v, k[0]) && !ok {
				return &ConstraintError{MsgExistenceViolated, fmt.Sprintf("vertex %d (:%s) has no property %s required by an existence constraint",
					v.Gid, s.names.name(k[0]), s.names.name(k[1]))}
			}
		}
	}
	uniques := mapValues(s.unique)
	slices.SortFunc(uniques, func(a, b uniqueConstraint) int {
		return strings.Compare(uniqueKey(a.label, a.props), uniqueKey(b.label, b.props))
	})
	for _, u := range uniques {
		seen := map[string]uint64{}
		nan := 0
	vertex:
		for _, v := range vertices {
			if !has(v, u.label) {
				continue
			}
			var key []byte
			for _, p := range u.props {
				val, ok := v.Props[p]
				if !ok {
					continue vertex // only vertices with every property are constrained
				}
				key = append(uniqueValueKey(key, val, &nan), 0)
			}
			if other, dup := seen[string(key)]; dup {
				var props []string
				for _, p := range u.props {
					props = append(props, s.names.name(p))
				}
				return &ConstraintError{MsgUniqueViolated, fmt.Sprintf("vertices %d and %d (:%s) have equal %s, which a unique constraint forbids",
					other, v.Gid, s.names.name(u.label), strings.Join(props, ", "))}
			}
			seen[string(key)] = v.Gid
		}
	}
	keys := make([][2]int, 0, len(s.typeConstraint))
	for k := range s.typeConstraint {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, comparePair)
	for _, k := range keys {
		kind := s.typeConstraint[k]
		for _, v := range vertices {
			val, ok := v.Props[k[1]]
			if !has(v, k[0]) || !ok {
				continue
			}
			if match, known := typeMatches(kind, val); known && !match {
				return &ConstraintError{MsgTypeViolated, fmt.Sprintf("vertex %d (:%s) has a %s property %s, not %s as a type constraint requires",
					v.Gid, s.names.name(k[0]), typeName(val), s.names.name(k[1]), typeConstraintName(kind))}
			}
		}
	}
	return nil
}

// uniqueValueKey appends a key under which values Memgraph finds equal
// collide: an integer equals the double of the same number, -0 equals 0,
// NaN equals nothing (its key never repeats, since nan counts up).
func uniqueValueKey(b []byte, v format.Value, nan *int) []byte {
	number := func(f float64) []byte {
		switch {
		case math.IsNaN(f):
			*nan++
			return fmt.Appendf(b, "nan%d", *nan)
		case f == 0:
			f = 0
		}
		return strconv.AppendFloat(append(b, 'n'), f, 'g', -1, 64)
	}
	switch x := v.(type) {
	case format.Int:
		if f := float64(x); f < 1<<63 && int64(f) == int64(x) {
			return number(f)
		}
		return strconv.AppendInt(append(b, 'i'), int64(x), 10) // not a double: equals only itself
	case format.Double:
		return number(float64(x))
	}
	return append(fmt.Appendf(b, "%x:", byte(v.Marker())), valueKey(v)...)
}

// typeMatches reports whether v has the type of a type-constraint kind;
// known is false for a kind this reader does not know.
func typeMatches(kind uint64, v format.Value) (match, known bool) {
	temporal := func(t format.TemporalType) bool {
		x, ok := v.(format.Temporal)
		return ok && x.Type == t
	}
	switch kind {
	case 0:
		_, match = v.(format.String)
	case 1:
		_, match = v.(format.Bool)
	case 2:
		_, match = v.(format.Int)
	case 3:
		_, match = v.(format.Double)
	case 4:
		switch v.(type) {
		case format.List, format.VectorIndexID:
			match = true
		}
	case 5:
		_, match = v.(format.Map)
	case 6:
		match = temporal(format.TemporalDuration)
	case 7:
		match = temporal(format.TemporalDate)
	case 8:
		match = temporal(format.TemporalLocalTime)
	case 9:
		match = temporal(format.TemporalLocalDateTime)
	case 10:
		_, match = v.(format.ZonedTemporal)
	case 11:
		_, match = v.(format.Enum)
	case 12:
		switch v.(type) {
		case format.Point2D, format.Point3D:
			match = true
		}
	default:
		return false, false
	}
	return match, true
}

func typeName(v format.Value) string {
	if t, ok := v.(format.Temporal); ok {
		return t.Type.String()
	}
	return strings.TrimPrefix(fmt.Sprintf("%T", v), "format.")
}
