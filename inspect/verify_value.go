package inspect

import (
	"hash/fnv"
	"math"

	"github.com/durascope/durascope/format"
)

// Hashing and comparison of property values for the unique-constraint check,
// and the order-independent multiset hashes that compare a snapshot's edge
// lists without holding them. Equality follows Memgraph's PropertyValue
// operator==: an Int equals a Double of the same numeric value, everything
// else compares within its own type.

// mix64 is the splitmix64 finalizer: a bijection on 64 bits whose output
// bits each depend on every input bit.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// hashEdgeRef hashes one edge as a vertex list entry names it; the out entry
// at from and the in entry at to give the same value.
func hashEdgeRef(edge, from, to, typ uint64) uint64 {
	h := mix64(edge ^ 0x243f6a8885a308d3)
	h = mix64(h ^ (from + 0x13198a2e03707344))
	h = mix64(h ^ (to + 0xa4093822299f31d0))
	return mix64(h ^ (typ + 0x082efa98ec4e6c89))
}

// hashGid hashes an edge gid for the edge records versus out-lists sum.
func hashGid(gid uint64) uint64 { return mix64(gid ^ 0x452821e638d01377) }

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
	return mix64(math.Float64bits(f) ^ tagNumber)
}

func hashString(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return mix64(h.Sum64() ^ tagString)
}

// hashValue hashes v so that values equal under valuesEqual hash alike.
// Ints hash as their float64 value: Memgraph compares an Int with a Double
// that way, and Ints that collide are told apart by valuesEqual.
func hashValue(v format.Value) uint64 {
	switch x := v.(type) {
	case format.Null:
		return mix64(tagNull)
	case format.Bool:
		if x {
			return mix64(tagBool + 1)
		}
		return mix64(tagBool)
	case format.Int:
		return hashFloat(float64(x))
	case format.Double:
		return hashFloat(float64(x))
	case format.String:
		return hashString(string(x))
	case format.List:
		h := mix64(tagList + uint64(len(x)))
		for _, e := range x {
			h = mix64(h ^ hashValue(e))
		}
		return h
	case format.Map:
		h := mix64(tagMap + uint64(len(x)))
		for _, e := range x { // order-independent: a map is a set of keys
			h += mix64(hashString(e.Key) ^ mix64(hashValue(e.Value)))
		}
		return h
	case format.Temporal:
		return mix64(mix64(tagTemporal^uint64(x.Type)) ^ uint64(x.Micros))
	case format.ZonedTemporal:
		h := mix64(mix64(tagZoned^x.Type) ^ uint64(x.Micros))
		if x.ZoneIsName {
			return mix64(h ^ hashString(x.ZoneName))
		}
		return mix64(h ^ uint64(x.OffsetMinutes))
	case format.Enum:
		return mix64(mix64(tagEnum^x.TypeID) ^ x.ValueID)
	case format.Point2D:
		return mix64(mix64(tagPoint2D^x.SRID) ^ hashFloat(x.X) ^ mix64(hashFloat(x.Y)))
	case format.Point3D:
		return mix64(mix64(tagPoint3D^x.SRID) ^ hashFloat(x.X) ^ mix64(hashFloat(x.Y)) ^ mix64(mix64(hashFloat(x.Z))))
	case format.VectorIndexID:
		h := mix64(tagVector + uint64(len(x.Vector)))
		for _, d := range x.Vector {
			h = mix64(h ^ hashFloat(d))
		}
		return h
	}
	return 0
}

// valuesEqual is Memgraph's property value equality.
func valuesEqual(a, b format.Value) bool {
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
			if !valuesEqual(x[i], y[i]) {
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
			if o == nil || !valuesEqual(e.Value, o) {
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
	case format.Null, format.Bool, format.String, format.Temporal, format.ZonedTemporal,
		format.Enum, format.Point2D, format.Point3D:
		return a == b // comparable structs and scalars; float fields compare with ==
	}
	return false
}

// valueKind names the type-constraint kind a value satisfies (an entry of
// format.TypeConstraintKinds), or "" for Null, which every kind accepts.
// Coarser than stats' valueTypeName on purpose: constraints have one POINT
// and one LIST kind.
func valueKind(v format.Value) string {
	switch x := v.(type) {
	case format.String:
		return "STRING"
	case format.Bool:
		return "BOOL"
	case format.Int:
		return "INTEGER"
	case format.Double:
		return "FLOAT"
	case format.List, format.VectorIndexID:
		return "LIST"
	case format.Map:
		return "MAP"
	case format.Temporal:
		switch x.Type {
		case format.TemporalDuration:
			return "DURATION"
		case format.TemporalDate:
			return "DATE"
		case format.TemporalLocalTime:
			return "LOCAL TIME"
		case format.TemporalLocalDateTime:
			return "LOCAL DATE TIME"
		}
	case format.ZonedTemporal:
		return "ZONED DATE TIME"
	case format.Enum:
		return "ENUM"
	case format.Point2D, format.Point3D:
		return "POINT"
	}
	return ""
}
