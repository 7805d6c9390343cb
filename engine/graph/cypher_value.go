package graph

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"sync"
	"time"

	// Zone names must resolve the same way on every machine, with or
	// without a system zoneinfo directory.
	_ "time/tzdata"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
)

// EnumNames resolves enum ids to names; nil means unknown.
type EnumNames interface {
	EnumValue(typeID, valueID uint64) (typeName, valueName string, ok bool)
}

// EnumTable resolves enum ids against a list of enum types, as a
// snapshot's enum section or a WAL's enum deltas define them: a type's id
// is its position, a value's id its position in the type.
type EnumTable []format.EnumType

// EnumValue implements EnumNames.
func (t EnumTable) EnumValue(typeID, valueID uint64) (string, string, bool) {
	if typeID >= uint64(len(t)) || valueID >= uint64(len(t[typeID].Values)) {
		return "", "", false
	}
	return t[typeID].Name, t[typeID].Values[valueID], true
}

// AppendCypherValue appends v as Memgraph's DUMP DATABASE prints a property
// value and returns the extended buffer.
//
// Forms, as Memgraph writes them (src/query/dump.cpp and what it calls):
//
//	Null                    Null
//	Bool                    true, false
//	Int                     decimal
//	Double                  C++ stream at precision 17, i.e. %.17g: 3.141,
//	                        0.10000000000000001, 2, 1e+20, nan, -nan, inf, -0
//	String                  AppendCypherString
//	List                    [a, b]
//	Map                     {`k`: v, ...}, keys sorted bytewise
//	Date                    DATE("YYYY-MM-DD")
//	LocalTime               LOCALTIME("hh:mm:ss.ffffff")
//	LocalDateTime           LOCALDATETIME("YYYY-MM-DDThh:mm:ss.ffffff"), in UTC
//	Duration                DURATION("P<d>DT<h>H<m>M<s>.<ffffff>S")
//	ZonedDateTime           DATETIME("YYYY-MM-DDThh:mm:ss.ffffff+hh:mm[Zone]"),
//	                        without the bracket for a fixed offset
//	Enum                    Type::Value, not escaped
//	Point2D, Point3D        POINT({ x:1, y:2, srid: 7203 }), POINT({ x:1, y:2, z:3, srid: 9157 })
//	                        with coordinates in shortest round-trip form
//	VectorIndexID           [v1, v2, ...], each element as a Double
//
// Memgraph would refuse to load or dump some values a file can still hold;
// for those this prints a best effort instead of failing:
//
//   - An enum that enums cannot resolve (or enums == nil) prints Enum(3, 1).
//   - A temporal of unknown type prints Temporal(7, 123) (type, microseconds);
//     a zoned temporal of unknown type, an unknown zone name or an offset
//     beyond ±18:00 prints ZonedDateTime(type, micros, "Zone/Name") or
//     ZonedDateTime(type, micros, offsetMinutes).
//   - A local time outside one day keeps its hours unwrapped and gets a
//     leading '-' when negative: LOCALTIME("25:00:00.000000").
//   - Years outside 0..9999 print with a sign and at least four digits.
//   - Point SRID 9757 (legacy Cartesian 3-D) prints as 9157 like Memgraph
//     after loading it; other unknown SRIDs print as stored.
//   - A map key repeated in the file prints once, with its first value, as
//     Memgraph's decoder keeps the first.
//   - A nil Value prints Null; a Value type this package does not know
//     prints Unknown(<Go type>).
func AppendCypherValue(dst []byte, v format.Value, enums EnumNames) []byte {
	switch x := v.(type) {
	case nil:
		return append(dst, "Null"...)
	case format.Null:
		return append(dst, "Null"...)
	case format.Bool:
		return strconv.AppendBool(dst, bool(x))
	case format.Int:
		return strconv.AppendInt(dst, int64(x), 10)
	case format.Double:
		return appendPreciseDouble(dst, float64(x))
	case format.String:
		return AppendCypherString(dst, string(x))
	case format.List, format.Map:
		// One home for how lists and maps print (a map's keys sorted, the
		// first of a repeated key kept): the writer of visited values.
		w := CypherValueWriter{B: dst, Enums: enums}
		decode.WalkValue(v, &w)
		return w.B
	case format.Temporal:
		return appendTemporal(dst, x)
	case format.ZonedTemporal:
		return appendZonedTemporal(dst, x)
	case format.Enum:
		return appendCypherEnum(dst, x, enums)
	case format.Point2D:
		return appendCypherPoint2D(dst, x)
	case format.Point3D:
		return appendCypherPoint3D(dst, x)
	case format.VectorIndexID:
		dst = append(dst, '[')
		for i, f := range x.Vector {
			if i > 0 {
				dst = append(dst, ", "...)
			}
			dst = appendPreciseDouble(dst, f)
		}
		return append(dst, ']')
	}
	// Not v.Marker(): a nil pointer to a value type would panic there.
	dst = append(dst, "Unknown("...)
	dst = append(dst, fmt.Sprintf("%T", v)...)
	return append(dst, ')')
}

// AppendCypherName appends name between backticks with each inner backtick
// written twice, the way the dump quotes labels, edge types and property keys:
//
//	a`b  ->  `a``b`
func AppendCypherName(dst []byte, name string) []byte {
	dst = append(dst, '`')
	for i := 0; i < len(name); i++ {
		if name[i] == '`' {
			dst = append(dst, '`')
		}
		dst = append(dst, name[i])
	}
	return append(dst, '`')
}

// AppendCypherString appends s as a double-quoted literal. Backslash and both
// quote characters get a backslash; backspace, form feed, newline, carriage
// return and tab become \b \f \n \r \t; every other byte, invalid UTF-8 and
// other control bytes included, is copied unchanged.
func AppendCypherString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', '\'', '"':
			dst = append(dst, '\\', c)
		case '\b':
			dst = append(dst, `\b`...)
		case '\f':
			dst = append(dst, `\f`...)
		case '\n':
			dst = append(dst, `\n`...)
		case '\r':
			dst = append(dst, `\r`...)
		case '\t':
			dst = append(dst, `\t`...)
		default:
			dst = append(dst, c)
		}
	}
	return append(dst, '"')
}

func appendCypherPoint2D(dst []byte, p format.Point2D) []byte {
	dst = append(dst, "POINT({ x:"...)
	dst = appendShortestDouble(dst, p.X)
	dst = append(dst, ", y:"...)
	dst = appendShortestDouble(dst, p.Y)
	return appendSRID(dst, p.SRID)
}

func appendCypherPoint3D(dst []byte, p format.Point3D) []byte {
	dst = append(dst, "POINT({ x:"...)
	dst = appendShortestDouble(dst, p.X)
	dst = append(dst, ", y:"...)
	dst = appendShortestDouble(dst, p.Y)
	dst = append(dst, ", z:"...)
	dst = appendShortestDouble(dst, p.Z)
	return appendSRID(dst, p.SRID)
}

func appendSRID(dst []byte, srid uint64) []byte {
	if srid == format.SRIDLegacyCartesian3D {
		srid = format.SRIDCartesian3D
	}
	dst = append(dst, ", srid: "...)
	dst = strconv.AppendUint(dst, srid, 10)
	return append(dst, " })"...)
}

// appendPreciseDouble writes f as a C++ ostream does at precision 17, which
// is printf's %.17g (Go's 'g' at 17 digits gives the same text; glibc spells
// the non-finite values nan, -nan, inf, -inf).
func appendPreciseDouble(dst []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return appendNonFinite(dst, f)
	}
	return strconv.AppendFloat(dst, f, 'g', 17, 64)
}

// appendShortestDouble writes f as fmt's "{}" does: the shortest digits that
// read back to f, in fixed notation while the decimal exponent is in
// [-4, 16), otherwise as d.ddde±XX with at least two exponent digits; no
// ".0" on integral values.
func appendShortestDouble(dst []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return appendNonFinite(dst, f)
	}
	if math.Signbit(f) {
		dst = append(dst, '-')
		f = -f
	}
	if f == 0 {
		return append(dst, '0')
	}
	var buf [32]byte
	sci := strconv.AppendFloat(buf[:0], f, 'e', -1, 64) // d.ddde±XX
	e := slices.Index(sci, 'e')
	exp, _ := strconv.Atoi(string(sci[e+1:]))
	var dbuf [32]byte
	digits := append(append(dbuf[:0], sci[0]), sci[min(2, e):e]...)
	n := len(digits)
	switch {
	case exp < -4 || exp >= 16:
		dst = append(dst, digits[0])
		if n > 1 {
			dst = append(dst, '.')
			dst = append(dst, digits[1:]...)
		}
		dst = append(dst, 'e')
		if exp < 0 {
			dst = append(dst, '-')
			exp = -exp
		} else {
			dst = append(dst, '+')
		}
		if exp < 10 {
			dst = append(dst, '0')
		}
		return strconv.AppendInt(dst, int64(exp), 10)
	case exp >= n-1:
		dst = append(dst, digits...)
		for range exp - (n - 1) {
			dst = append(dst, '0')
		}
		return dst
	case exp >= 0:
		dst = append(dst, digits[:exp+1]...)
		dst = append(dst, '.')
		return append(dst, digits[exp+1:]...)
	default:
		dst = append(dst, "0."...)
		for range -exp - 1 {
			dst = append(dst, '0')
		}
		return append(dst, digits...)
	}
}

func appendNonFinite(dst []byte, f float64) []byte {
	if math.Signbit(f) {
		dst = append(dst, '-')
	}
	if math.IsNaN(f) {
		return append(dst, "nan"...)
	}
	return append(dst, "inf"...)
}

const (
	microsPerSecond = int64(1_000_000)
	microsPerMinute = 60 * microsPerSecond
	microsPerHour   = 60 * microsPerMinute
	microsPerDay    = 24 * microsPerHour
)

func appendTemporal(dst []byte, t format.Temporal) []byte {
	switch t.Type {
	case format.TemporalDate:
		// Memgraph truncates toward zero to whole days here.
		dst = append(dst, `DATE("`...)
		dst = appendYMD(dst, time.Unix(t.Micros/microsPerDay*86400, 0).UTC())
	case format.TemporalLocalTime:
		dst = append(dst, `LOCALTIME("`...)
		dst = appendClock(dst, t.Micros)
	case format.TemporalLocalDateTime:
		dst = append(dst, `LOCALDATETIME("`...)
		dst = appendDateTime(dst, time.UnixMicro(t.Micros).UTC())
	case format.TemporalDuration:
		dst = append(dst, `DURATION("`...)
		dst = appendDuration(dst, t.Micros)
	default:
		dst = append(dst, "Temporal("...)
		dst = strconv.AppendUint(dst, uint64(t.Type), 10)
		dst = append(dst, ", "...)
		dst = strconv.AppendInt(dst, t.Micros, 10)
		return append(dst, ')')
	}
	return append(dst, `")`...)
}

func appendZonedTemporal(dst []byte, z format.ZonedTemporal) []byte {
	loc := zoneLocation(z)
	if z.Type != 0 || loc == nil {
		dst = append(dst, "ZonedDateTime("...)
		dst = strconv.AppendUint(dst, z.Type, 10)
		dst = append(dst, ", "...)
		dst = strconv.AppendInt(dst, z.Micros, 10)
		dst = append(dst, ", "...)
		if z.ZoneIsName {
			dst = AppendCypherString(dst, z.ZoneName)
		} else {
			dst = strconv.AppendInt(dst, z.OffsetMinutes, 10)
		}
		return append(dst, ')')
	}
	t := time.UnixMicro(z.Micros).In(loc)
	dst = append(dst, `DATETIME("`...)
	dst = appendDateTime(dst, t)
	_, off := t.Zone()
	if off < 0 {
		dst = append(dst, '-')
		off = -off
	} else {
		dst = append(dst, '+')
	}
	// Seconds of a historical offset (LMT) are dropped, as C++ %Ez does.
	dst = appendPadded(dst, int64(off/3600), 2)
	dst = append(dst, ':')
	dst = appendPadded(dst, int64(off%3600/60), 2)
	if z.ZoneIsName {
		dst = append(dst, '[')
		dst = append(dst, z.ZoneName...)
		dst = append(dst, ']')
	}
	return append(dst, `")`...)
}

var zoneCache sync.Map // zone name -> *time.Location, or nil when unknown

// zoneLocation returns the zone z is shown in, or nil when Memgraph could not
// have resolved it.
func zoneLocation(z format.ZonedTemporal) *time.Location {
	if !z.ZoneIsName {
		if z.OffsetMinutes < -format.MaxZoneOffsetMinutes || z.OffsetMinutes > format.MaxZoneOffsetMinutes {
			return nil
		}
		return time.FixedZone("", int(z.OffsetMinutes)*60)
	}
	if cached, ok := zoneCache.Load(z.ZoneName); ok {
		loc, _ := cached.(*time.Location)
		return loc
	}
	var loc *time.Location
	// Go maps "" to UTC and "Local" to the host zone; neither is an IANA name.
	if z.ZoneName != "" && z.ZoneName != "Local" {
		if l, err := time.LoadLocation(z.ZoneName); err == nil {
			loc = l
		}
	}
	zoneCache.Store(z.ZoneName, loc)
	return loc
}

// appendYMD writes YYYY-MM-DD.
func appendYMD(dst []byte, t time.Time) []byte {
	year, month, day := t.Date()
	dst = appendYear(dst, int64(year))
	dst = append(dst, '-')
	dst = appendPadded(dst, int64(month), 2)
	dst = append(dst, '-')
	return appendPadded(dst, int64(day), 2)
}

// appendDateTime writes YYYY-MM-DDThh:mm:ss.ffffff of t's wall clock.
func appendDateTime(dst []byte, t time.Time) []byte {
	dst = appendYMD(dst, t)
	dst = append(dst, 'T')
	hour, minute, second := t.Clock()
	micros := int64(hour)*microsPerHour + int64(minute)*microsPerMinute +
		int64(second)*microsPerSecond + int64(t.Nanosecond()/1000)
	return appendClock(dst, micros)
}

// appendClock writes hh:mm:ss.ffffff for micros since midnight.
func appendClock(dst []byte, micros int64) []byte {
	u := uint64(micros)
	if micros < 0 {
		dst = append(dst, '-')
		u = -u // also right for math.MinInt64
	}
	dst = appendPadded(dst, int64(u/uint64(microsPerHour)), 2)
	dst = append(dst, ':')
	dst = appendPadded(dst, int64(u/uint64(microsPerMinute)%60), 2)
	dst = append(dst, ':')
	dst = appendPadded(dst, int64(u/uint64(microsPerSecond)%60), 2)
	dst = append(dst, '.')
	return appendPadded(dst, int64(u%uint64(microsPerSecond)), 6)
}

// appendDuration writes Memgraph's duration text: each part is truncated
// toward zero so all carry the sign, and a negative part below one second
// with zero whole seconds is written -0.ffffff.
func appendDuration(dst []byte, micros int64) []byte {
	days := micros / microsPerDay
	micros -= days * microsPerDay
	hours := micros / microsPerHour
	micros -= hours * microsPerHour
	minutes := micros / microsPerMinute
	micros -= minutes * microsPerMinute
	seconds := micros / microsPerSecond
	micros -= seconds * microsPerSecond

	dst = append(dst, 'P')
	dst = strconv.AppendInt(dst, days, 10)
	dst = append(dst, "DT"...)
	dst = strconv.AppendInt(dst, hours, 10)
	dst = append(dst, 'H')
	dst = strconv.AppendInt(dst, minutes, 10)
	dst = append(dst, 'M')
	if seconds == 0 && micros < 0 {
		dst = append(dst, '-')
	}
	dst = strconv.AppendInt(dst, seconds, 10)
	dst = append(dst, '.')
	if micros < 0 {
		micros = -micros
	}
	dst = appendPadded(dst, micros, 6)
	return append(dst, 'S')
}

func appendYear(dst []byte, year int64) []byte {
	if year < 0 {
		dst = append(dst, '-')
		year = -year
	}
	return appendPadded(dst, year, 4)
}

// appendPadded writes a non-negative v with at least width digits.
func appendPadded(dst []byte, v int64, width int) []byte {
	var buf [20]byte
	s := strconv.AppendInt(buf[:0], v, 10)
	for range width - len(s) {
		dst = append(dst, '0')
	}
	return append(dst, s...)
}
