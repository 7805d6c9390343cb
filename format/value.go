package format

// Value is one property value as stored on disk (spec/primitives.md).
// The concrete types below are the only implementations.
type Value interface {
	// Marker is the type byte that follows the 0x17 property-value prefix.
	Marker() Marker
}

// Null is the absent value; in a WAL set-property delta it means removal.
type Null struct{}

// Bool is a boolean; the file holds 0x00 or 0xFF.
type Bool bool

// Int is a signed 64-bit integer (two's complement on disk).
type Int int64

// Double is an IEEE-754 binary64; the bit pattern is kept, NaN payloads included.
type Double float64

// String is a byte string (UTF-8 by convention, not checked).
type String string

// List is an ordered list of values.
type List []Value

// Map keeps its entries in file order (older writers emit keys sorted
// bytewise, newer ones in property-id order); the dump sorts them by name.
type Map []MapEntry

// MapEntry is one key/value pair of a Map.
type MapEntry struct {
	Key   string
	Value Value
}

// TemporalType selects the meaning of Temporal.Micros.
type TemporalType uint64

// Temporal types as stored.
const (
	TemporalDate          TemporalType = 0
	TemporalLocalTime     TemporalType = 1
	TemporalLocalDateTime TemporalType = 2
	TemporalDuration      TemporalType = 3
)

// String names the temporal type.
func (t TemporalType) String() string {
	switch t {
	case TemporalDate:
		return "Date"
	case TemporalLocalTime:
		return "LocalTime"
	case TemporalLocalDateTime:
		return "LocalDateTime"
	case TemporalDuration:
		return "Duration"
	}
	return "Unknown"
}

// Temporal is a date, local time, local datetime or duration in microseconds
// (since the epoch, since midnight, or a signed span).
type Temporal struct {
	Type   TemporalType
	Micros int64
}

// ZonedTemporal is a zoned datetime: a UTC instant plus either an IANA zone
// name or a fixed offset in minutes (ZoneIsName tells which the file holds).
type ZonedTemporal struct {
	Type          uint64 // only 0 (ZonedDateTime) exists
	Micros        int64
	ZoneIsName    bool
	ZoneName      string
	OffsetMinutes int64
}

// TimezoneName is the zone's tz-database name, empty for a fixed offset.
// Memgraph orders and equates zones by it alone (its Timezone's
// operator<=>), so the same instant at +01:00 and at +02:00 is one value to
// a unique constraint or ANALYZE GRAPH.
func (z ZonedTemporal) TimezoneName() string {
	if z.ZoneIsName {
		return z.ZoneName
	}
	return ""
}

// MaxZoneOffsetMinutes is Memgraph's limit on a fixed zone offset, ±18:00.
const MaxZoneOffsetMinutes = 18 * 60

// Enum refers to value ValueID of the enum type TypeID (positions in the
// enum registry).
type Enum struct {
	TypeID  uint64
	ValueID uint64
}

// Point2D is a 2-D point; SRID is 4326 (WGS-84) or 7203 (Cartesian).
type Point2D struct {
	SRID uint64
	X, Y float64
}

// Point3D is a 3-D point; SRID is 4979 (WGS-84), 9157 (Cartesian) or the
// legacy 9757 that v19/v20 writers used for Cartesian.
type Point3D struct {
	SRID    uint64
	X, Y, Z float64
}

// VectorIndexID is a property whose vector is held by the named vector indices;
// the file carries the vector as well.
type VectorIndexID struct {
	Indexes []string
	Vector  []float64
}

// List is x's vector as a property list of doubles: what the property is
// again once no index holds it, and what a version without VectorIndexID
// writes.
func (x VectorIndexID) List() List {
	out := make(List, len(x.Vector))
	for i, d := range x.Vector {
		out[i] = Double(d)
	}
	return out
}

func (Null) Marker() Marker          { return MarkerNull }
func (Bool) Marker() Marker          { return MarkerBool }
func (Int) Marker() Marker           { return MarkerInt }
func (Double) Marker() Marker        { return MarkerDouble }
func (String) Marker() Marker        { return MarkerString }
func (List) Marker() Marker          { return MarkerList }
func (Map) Marker() Marker           { return MarkerMap }
func (Temporal) Marker() Marker      { return MarkerTemporal }
func (ZonedTemporal) Marker() Marker { return MarkerZonedTemporal }
func (Enum) Marker() Marker          { return MarkerEnum }
func (Point2D) Marker() Marker       { return MarkerPoint2D }
func (Point3D) Marker() Marker       { return MarkerPoint3D }
func (VectorIndexID) Marker() Marker { return MarkerVectorIndexID }

// ValueFeature names the feature that added the property value type with
// marker m, or NoFeature for the types every version has. It is the one
// table of value types by feature: decoders, encoders and conversion ask it.
func ValueFeature(m Marker) Feature {
	switch m {
	case MarkerZonedTemporal:
		return FeatZonedTemporal
	case MarkerEnum:
		return FeatEnums
	case MarkerPoint2D, MarkerPoint3D:
		return FeatPoints
	case MarkerVectorIndexID:
		return FeatVectorIndexID
	}
	return NoFeature
}

// SRIDs Memgraph knows.
const (
	SRIDWGS84_2D          uint64 = 4326
	SRIDCartesian2D       uint64 = 7203
	SRIDWGS84_3D          uint64 = 4979
	SRIDCartesian3D       uint64 = 9157
	SRIDLegacyCartesian3D uint64 = 9757 // written by v19/v20; read as Cartesian 3-D
)

// ValidSRID reports whether srid is a coordinate system of a point of the
// given marker's dimension (spec/primitives.md §4.5).
func ValidSRID(m Marker, srid uint64) bool {
	switch m {
	case MarkerPoint2D:
		return srid == SRIDWGS84_2D || srid == SRIDCartesian2D
	case MarkerPoint3D:
		return srid == SRIDWGS84_3D || srid == SRIDCartesian3D || srid == SRIDLegacyCartesian3D
	}
	return false
}

// MaxValueDepth bounds how deeply lists and maps nest inside one property
// value. Memgraph has no limit, but real data never nests this deep, and
// decoders must not exhaust the stack on a crafted file.
const MaxValueDepth = 64

// NestsTooDeep reports whether a list or map with enclosing lists and maps
// around it in a property value is one more than MaxValueDepth allows.
func NestsTooDeep(enclosing int) bool { return enclosing >= MaxValueDepth }

// ValueDepth is how deeply lists and maps nest in v (a scalar is 0, a
// list of scalars 1): a value is within the limit when it is at most
// MaxValueDepth.
func ValueDepth(v Value) int {
	d := 0
	switch x := v.(type) {
	case List:
		for _, e := range x {
			d = max(d, ValueDepth(e))
		}
		return d + 1
	case Map:
		for _, e := range x {
			d = max(d, ValueDepth(e.Value))
		}
		return d + 1
	}
	return 0
}

// MaxTypeConstraintKind is the last defined TypeConstraintKinds code.
var MaxTypeConstraintKind = uint64(len(TypeConstraintKinds) - 1)

// Lookup returns the value stored under key, or nil.
func (m Map) Lookup(key string) Value {
	for _, e := range m {
		if e.Key == key {
			return e.Value
		}
	}
	return nil
}

// ValueType says whether f has property values of type marker m, and names
// the feature that adds the type (NoFeature for the types every version
// has). A type marker the version lacks is corruption (spec/primitives.md §4).
func (f Features) ValueType(m Marker) (feature Feature, ok bool) {
	feature = ValueFeature(m)
	return feature, f.Has(feature)
}

// ValueTypeName names a property value's type as the Cypher type it loads
// as: the one naming of value types in reports and messages. It tells 2D
// from 3D points and vector-index lists from lists, where a type
// constraint sees one POINT and one LIST kind.
func ValueTypeName(v Value) string {
	switch v := v.(type) {
	case nil:
		return "unknown"
	case Temporal:
		return MarkerTypeName(MarkerTemporal, v.Type)
	default:
		return MarkerTypeName(v.Marker(), 0)
	}
}

// MarkerTypeName is ValueTypeName for a value known by its type marker and,
// for a TEMPORAL value, its temporal type.
func MarkerTypeName(m Marker, t TemporalType) string {
	switch m {
	case MarkerNull:
		return "null"
	case MarkerBool:
		return "bool"
	case MarkerInt:
		return "int"
	case MarkerDouble:
		return "double"
	case MarkerString:
		return "string"
	case MarkerList:
		return "list"
	case MarkerMap:
		return "map"
	case MarkerTemporal:
		switch t {
		case TemporalDate:
			return "date"
		case TemporalLocalTime:
			return "local_time"
		case TemporalLocalDateTime:
			return "local_datetime"
		case TemporalDuration:
			return "duration"
		}
		return "temporal"
	case MarkerZonedTemporal:
		return "zoned_datetime"
	case MarkerEnum:
		return "enum"
	case MarkerPoint2D:
		return "point_2d"
	case MarkerPoint3D:
		return "point_3d"
	case MarkerVectorIndexID:
		return "vector_index_id"
	}
	return "unknown"
}
