package graph

import (
	"math"
	"strconv"

	"github.com/durascope/durascope/format"
)

// Memgraph's property value semantics in one place: equality and hashing
// for unique constraints (recovery and verify), and the type-constraint
// kind a value satisfies. Equality follows Memgraph's PropertyValue
// operator==: an Int equals a Double of the same numeric value, everything
// else compares within its own type.

// Mix64 is the splitmix64 finalizer: a bijection on 64 bits whose output
// bits each depend on every input bit.
func Mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// Tags keep values of different types apart in hashValue.
const (
	tagNull uint64 = iota + 0x9e3779b97f4a7c15
	tagBool
	tagNumber
	tagString
	tagList
	tagMap
	tagTemporal
	tagZoned
	tagEnum
	tagPoint2D
	tagPoint3D
	tagVector
)

func hashFloat(f float64) uint64 {
	if f == 0 {
		f = 0 // -0 equals 0
	}
	return Mix64(math.Float64bits(f) ^ tagNumber)
}

func hashString(s string) uint64 { return Mix64(fnv64a(s) ^ tagString) }

// HashStringBytes is HashValue of the String value of bytes b, without
// building the value (for a hash taken from a file's bytes).
func HashStringBytes(b []byte) uint64 { return Mix64(fnv64a(b) ^ tagString) }

// fnv64a is FNV-1a (hash/fnv's New64a) over a string or bytes, with no
// allocation.
func fnv64a[T string | []byte](b T) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(b); i++ {
		h ^= uint64(b[i])
		h *= 1099511628211
	}
	return h
}

// hashValue hashes v so that values equal under valuesEqual hash alike.
// Ints hash as their float64 value: Memgraph compares an Int with a Double
// that way, and Ints that collide are told apart by valuesEqual.
func HashValue(v format.Value) uint64 {
	switch x := v.(type) {
	case format.Null:
		return Mix64(tagNull)
	case format.Bool:
		if x {
			return Mix64(tagBool + 1)
		}
		return Mix64(tagBool)
	case format.Int:
		return hashFloat(float64(x))
	case format.Double:
		return hashFloat(float64(x))
	case format.String:
		return hashString(string(x))
	case format.List:
		h := Mix64(tagList + uint64(len(x)))
		for _, e := range x {
			h = Mix64(h ^ HashValue(e))
		}
		return h
	case format.Map:
		h := Mix64(tagMap + uint64(len(x)))
		for _, e := range x { // order-independent: a map is a set of keys
			h += Mix64(hashString(e.Key) ^ Mix64(HashValue(e.Value)))
		}
		return h
	case format.Temporal:
		return Mix64(Mix64(tagTemporal^uint64(x.Type)) ^ uint64(x.Micros))
	case format.ZonedTemporal:
		// Not the offset: ValuesEqual ignores it.
		h := Mix64(Mix64(tagZoned^x.Type) ^ uint64(x.Micros))
		return Mix64(h ^ hashString(x.TimezoneName()))
	case format.Enum:
		return Mix64(Mix64(tagEnum^x.TypeID) ^ x.ValueID)
	case format.Point2D:
		return Mix64(Mix64(tagPoint2D^x.SRID) ^ hashFloat(x.X) ^ Mix64(hashFloat(x.Y)))
	case format.Point3D:
		return Mix64(Mix64(tagPoint3D^x.SRID) ^ hashFloat(x.X) ^ Mix64(hashFloat(x.Y)) ^ Mix64(Mix64(hashFloat(x.Z))))
	case format.VectorIndexID:
		h := Mix64(tagVector + uint64(len(x.Vector)))
		for _, d := range x.Vector {
			h = Mix64(h ^ hashFloat(d))
		}
		return h
	}
	return 0
}

// ValuesEqual is Memgraph's property value equality (is_eq of its
// operator<=>).
func ValuesEqual(a, b format.Value) bool {
	switch x := a.(type) {
	case format.Int:
		switch y := b.(type) {
		case format.Int:
			return x == y
		case format.Double:
			return float64(x) == float64(y)
		}
		return false
	case format.Double:
		switch y := b.(type) {
		case format.Int:
			return float64(x) == float64(y)
		case format.Double:
			return x == y
		}
		return false
	case format.List:
		y, ok := b.(format.List)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !ValuesEqual(x[i], y[i]) {
				return false
			}
		}
		return true
	case format.Map:
		y, ok := b.(format.Map)
		if !ok || len(x) != len(y) {
			return false
		}
		for _, e := range x {
			o := y.Lookup(e.Key)
			if o == nil || !ValuesEqual(e.Value, o) {
				return false
			}
		}
		return true
	case format.VectorIndexID:
		y, ok := b.(format.VectorIndexID)
		if !ok || len(x.Vector) != len(y.Vector) {
			return false
		}
		for i := range x.Vector {
			if x.Vector[i] != y.Vector[i] {
				return false
			}
		}
		return true
	case format.ZonedTemporal:
		// Zones compare by name only (format.ZonedTemporal.TimezoneName).
		y, ok := b.(format.ZonedTemporal)
		return ok && x.Type == y.Type && x.Micros == y.Micros && x.TimezoneName() == y.TimezoneName()
	case format.Null, format.Bool, format.String, format.Temporal,
		format.Enum, format.Point2D, format.Point3D:
		return a == b // comparable structs and scalars; float fields compare with ==
	}
	return false
}

// ConstraintKind is the type-constraint kind v satisfies: its index in
// format.TypeConstraintKinds. ok is false for a value of no kind (Null, a
// temporal of unknown type), which every type constraint refuses. Coarser
// than format.ValueTypeName on purpose: constraints have one POINT and one
// LIST kind.
func ConstraintKind(v format.Value) (kind uint64, ok bool) {
	switch x := v.(type) {
	case nil:
		return 0, false
	case format.Temporal:
		return ConstraintKindOf(format.MarkerTemporal, x.Type)
	default:
		return ConstraintKindOf(v.Marker(), 0)
	}
}

// ConstraintKindOf is ConstraintKind for a value known by its type marker
// and, for a TEMPORAL value, its temporal type.
func ConstraintKindOf(m format.Marker, t format.TemporalType) (kind uint64, ok bool) {
	switch m {
	case format.MarkerString:
		return 0, true
	case format.MarkerBool:
		return 1, true
	case format.MarkerInt:
		return 2, true
	case format.MarkerDouble:
		return 3, true
	case format.MarkerList, format.MarkerVectorIndexID:
		return 4, true
	case format.MarkerMap:
		return 5, true
	case format.MarkerTemporal:
		switch t {
		case format.TemporalDuration:
			return 6, true
		case format.TemporalDate:
			return 7, true
		case format.TemporalLocalTime:
			return 8, true
		case format.TemporalLocalDateTime:
			return 9, true
		}
	case format.MarkerZonedTemporal:
		return 10, true
	case format.MarkerEnum:
		return 11, true
	case format.MarkerPoint2D, format.MarkerPoint3D:
		return 12, true
	}
	return 0, false
}

// ConstraintKindName names a type-constraint kind as the dump prints it.
func ConstraintKindName(kind uint64) string {
	if kind < uint64(len(format.TypeConstraintKinds)) {
		return format.TypeConstraintKinds[kind]
	}
	return "UNKNOWN(" + strconv.FormatUint(kind, 10) + ")"
}
