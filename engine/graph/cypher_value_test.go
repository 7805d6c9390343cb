package graph

import (
	"math"
	"testing"

	"github.com/durascope/durascope/format"
)

// Micros below were computed independently of Go's time package.
const (
	us19941207           = int64(786758400000000)   // 1994-12-07T00:00:00Z
	us19941207T141044    = int64(786809444099099)   // 1994-12-07T14:10:44.099099Z
	us20240101T120240    = int64(1704110560100050)  // 2024-01-01T12:02:40.100050Z
	us20240701T110240    = int64(1719831760100050)  // 2024-07-01T11:02:40.100050Z
	us20240701T200240    = int64(1719864160100050)  // 2024-07-01T20:02:40.100050Z
	us19000222           = int64(-2204496000000000) // 1900-02-22T00:00:00Z
	us00010101           = int64(-62135596800000000)
	us99991231T235959    = int64(253402300799999999) // 9999-12-31T23:59:59.999999Z
	us18000101           = int64(-5364662400000000)
	usClock141044099099  = int64(51044099099)  // 14:10:44.099099
	usClock130240100050  = int64(46960100050)  // 13:02:40.100050
	usDur3d4h5m6s10ms11u = int64(273906010011) // Duration({3, 4, 5, 6, 10, 11})
	usDur10d3h30m33s100u = int64(876633100050) // Duration({10, 3, 30, 33, 100, 50})
)

func date(us int64) format.Temporal { return format.Temporal{Type: format.TemporalDate, Micros: us} }
func localTime(us int64) format.Temporal {
	return format.Temporal{Type: format.TemporalLocalTime, Micros: us}
}
func localDateTime(us int64) format.Temporal {
	return format.Temporal{Type: format.TemporalLocalDateTime, Micros: us}
}
func duration(us int64) format.Temporal {
	return format.Temporal{Type: format.TemporalDuration, Micros: us}
}
func zoned(us int64, zone string) format.ZonedTemporal {
	return format.ZonedTemporal{Micros: us, ZoneIsName: true, ZoneName: zone}
}
func offset(us, minutes int64) format.ZonedTemporal {
	return format.ZonedTemporal{Micros: us, OffsetMinutes: minutes}
}

type testEnums map[[2]uint64][2]string

func (t testEnums) EnumValue(typeID, valueID uint64) (string, string, bool) {
	n, ok := t[[2]uint64{typeID, valueID}]
	return n[0], n[1], ok
}

func TestCypherValue(t *testing.T) {
	enums := testEnums{{0, 0}: {"Status", "Good"}, {1, 2}: {"My Type", "v`1"}}
	negNaN := math.Float64frombits(math.Float64bits(math.NaN()) | 1<<63)
	cases := []struct {
		name string
		in   format.Value
		want string
	}{
		// tests/unit/query_dump.cpp, PropertyValue: the p1 list and p2 string.
		{"query_dump list", format.List{
			format.Map{{Key: "prop 1", Value: format.Int(13)}, {Key: "prop`2`", Value: format.Bool(true)}},
			format.Null{}, format.Double(-1.2), date(us19941207), localTime(usClock141044099099),
			localDateTime(us19941207T141044), duration(usDur3d4h5m6s10ms11u),
			zoned(us19941207T141044, "America/Los_Angeles"),
		}, "[{`prop 1`: 13, `prop``2```: true}, Null, -1.2, DATE(\"1994-12-07\"), " +
			"LOCALTIME(\"14:10:44.099099\"), LOCALDATETIME(\"1994-12-07T14:10:44.099099\"), " +
			"DURATION(\"P3DT4H5M6.010011S\"), DATETIME(\"1994-12-07T06:10:44.099099-08:00[America/Los_Angeles]\")]"},
		{"query_dump string", format.String("hello 'world'"), `"hello \'world\'"`},
		// tests/unit/query_dump.cpp, PointIndices and VectorIndices.
		{"query_dump point", format.Point2D{SRID: 7203, X: 1, Y: 1}, "POINT({ x:1, y:1, srid: 7203 })"},
		{"query_dump vector", format.VectorIndexID{Indexes: []string{"test_index1"}, Vector: []float64{1, 1}}, "[1, 1]"},

		// tests/unit/utils_temporal.cpp, Print* tests.
		{"print date", date(0), `DATE("1970-01-01")`},
		{"print local time", localTime(usClock130240100050), `LOCALTIME("13:02:40.100050")`},
		{"print local date time", localDateTime(usClock130240100050), `LOCALDATETIME("1970-01-01T13:02:40.100050")`},
		{"print duration day", duration(86_400_000_000), `DURATION("P1DT0H0M0.000000S")`},
		{"print duration", duration(usDur10d3h30m33s100u), `DURATION("P10DT3H30M33.100050S")`},
		{"print duration negative", duration(-usDur10d3h30m33s100u), `DURATION("P-10DT-3H-30M-33.100050S")`},
		{"print zoned standard", zoned(us20240101T120240, "Europe/Zagreb"),
			`DATETIME("2024-01-01T13:02:40.100050+01:00[Europe/Zagreb]")`},
		{"print zoned summer", zoned(us20240701T110240, "Europe/Zagreb"),
			`DATETIME("2024-07-01T13:02:40.100050+02:00[Europe/Zagreb]")`},
		// Memgraph stores a link (US/Pacific) under its target's name.
		{"print zoned link target", zoned(us20240701T200240, "America/Los_Angeles"),
			`DATETIME("2024-07-01T13:02:40.100050-07:00[America/Los_Angeles]")`},
		{"print zoned offset", offset(us20240101T120240, 60), `DATETIME("2024-01-01T13:02:40.100050+01:00")`},

		// tests/integration/mg_import_csv/tests/field_types/expected.cypher.
		{"import csv float", format.Double(2.718), "2.718"},
		{"import csv double", format.Double(3.141), "3.141"},

		// Real dumps of the test corpus.
		{"corpus negative double", format.Double(-1.341), "-1.341"},
		{"corpus integral double", format.Double(2), "2"},
		{"corpus wgs84 point", format.Point2D{SRID: 4326, X: -73.93, Y: 40.73}, "POINT({ x:-73.93, y:40.73, srid: 4326 })"},
		{"corpus legacy srid", format.Point3D{SRID: 9757, X: 0, Y: 1, Z: 2}, "POINT({ x:0, y:1, z:2, srid: 9157 })"},
		{"corpus escapes", format.String(" \n\"'\t\\%"), `" \n\"\'\t\\%"`},

		// dump.cpp DumpPreciseDouble: stream at precision 17 (%.17g).
		{"double tenth", format.Double(0.1), "0.10000000000000001"},
		{"double not shortest", format.Double(-73.93), "-73.930000000000007"},
		{"double 1e16 fixed", format.Double(1e16), "10000000000000000"},
		{"double 1e17 exp", format.Double(1e17), "1e+17"},
		{"double small", format.Double(1e-5), "1.0000000000000001e-05"},
		{"double subnormal", format.Double(5e-324), "4.9406564584124654e-324"},
		{"double zero", format.Double(0), "0"},
		{"double negative zero", format.Double(math.Copysign(0, -1)), "-0"},
		{"double nan", format.Double(math.NaN()), "nan"},
		{"double negative nan", format.Double(negNaN), "-nan"},
		{"double inf", format.Double(math.Inf(1)), "inf"},
		{"double negative inf", format.Double(math.Inf(-1)), "-inf"},
		{"int min", format.Int(math.MinInt64), "-9223372036854775808"},

		// Points use fmt "{}": shortest digits, exponent outside [-4, 16).
		{"point fixed and exp", format.Point3D{SRID: 4979, X: 1e15, Y: 1e16, Z: 0.0001},
			"POINT({ x:1000000000000000, y:1e+16, z:0.0001, srid: 4979 })"},
		{"point small", format.Point2D{SRID: 7203, X: 1e-5, Y: 123456.789}, "POINT({ x:1e-05, y:123456.789, srid: 7203 })"},
		{"point extremes", format.Point3D{SRID: 9157, X: 5e-324, Y: math.MaxFloat64, Z: 1.5e300},
			"POINT({ x:5e-324, y:1.7976931348623157e+308, z:1.5e+300, srid: 9157 })"},
		{"point non-finite", format.Point3D{SRID: 9157, X: math.Copysign(0, -1), Y: negNaN, Z: math.Inf(-1)},
			"POINT({ x:-0, y:-nan, z:-inf, srid: 9157 })"},
		{"point unknown srid", format.Point2D{SRID: 1, X: 0.5, Y: -2.25}, "POINT({ x:0.5, y:-2.25, srid: 1 })"},
		{"vector floats", format.VectorIndexID{Vector: []float64{float64(float32(0.1)), -2.5}},
			"[0.10000000149011612, -2.5]"},
		{"vector empty", format.VectorIndexID{Indexes: []string{"i"}}, "[]"},

		{"empty list", format.List{}, "[]"},
		{"empty map", format.Map{}, "{}"},
		{"map sorted bytewise, first duplicate kept", format.Map{
			{Key: "b", Value: format.Int(1)}, {Key: "a", Value: format.Int(2)}, {Key: "B", Value: format.Int(3)},
			{Key: "é", Value: format.Int(4)}, {Key: "a", Value: format.Int(5)}, {Key: "a`", Value: format.Null{}},
		}, "{`B`: 3, `a`: 2, `a```: Null, `b`: 1, `é`: 4}"},
		{"nested", format.Map{{Key: "l", Value: format.List{format.Map{}, format.List{format.Bool(false)}}}},
			"{`l`: [{}, [false]]}"},
		{"string controls kept", format.String("\x00\v\x7f\xff☃"), "\"\x00\v\x7f\xff☃\""},
		{"string all escapes", format.String("\b\f\r"), `"\b\f\r"`},

		{"enum", format.Enum{TypeID: 0, ValueID: 0}, "Status::Good"},
		{"enum not escaped", format.Enum{TypeID: 1, ValueID: 2}, "My Type::v`1"},
		{"enum unresolved", format.Enum{TypeID: 0, ValueID: 7}, "Enum(0, 7)"},

		// Temporal edge cases follow utils/temporal.cpp.
		{"date before 1970", date(us19000222), `DATE("1900-02-22")`},
		{"date year one", date(us00010101), `DATE("0001-01-01")`},
		{"date truncates toward zero", date(-1), `DATE("1970-01-01")`},
		{"date year zero", date(us00010101 - 366*86_400_000_000), `DATE("0000-01-01")`},
		{"date negative year", date(us00010101 - 731*86_400_000_000), `DATE("-0001-01-01")`},
		{"local date time floors", localDateTime(-1), `LOCALDATETIME("1969-12-31T23:59:59.999999")`},
		{"local date time max", localDateTime(us99991231T235959), `LOCALDATETIME("9999-12-31T23:59:59.999999")`},
		{"local time end of day", localTime(86_399_999_999), `LOCALTIME("23:59:59.999999")`},
		{"local time past a day", localTime(90_000_000_000), `LOCALTIME("25:00:00.000000")`},
		{"local time negative", localTime(-1), `LOCALTIME("-00:00:00.000001")`},
		{"duration zero", duration(0), `DURATION("P0DT0H0M0.000000S")`},
		{"duration minus micro", duration(-1), `DURATION("P0DT0H0M-0.000001S")`},
		{"duration minus 1.5s", duration(-1_500_000), `DURATION("P0DT0H0M-1.500000S")`},
		{"duration min", duration(math.MinInt64), `DURATION("P-106751991DT-4H0M-54.775808S")`},
		{"duration max", duration(math.MaxInt64), `DURATION("P106751991DT4H0M54.775807S")`},
		{"zoned utc offset", offset(0, 0), `DATETIME("1970-01-01T00:00:00.000000+00:00")`},
		{"zoned negative half hour", offset(0, -330), `DATETIME("1969-12-31T18:30:00.000000-05:30")`},
		{"zoned utc name", zoned(0, "Etc/UTC"), `DATETIME("1970-01-01T00:00:00.000000+00:00[Etc/UTC]")`},
		// LMT is -7:52:58; C++ %Ez keeps hours and minutes only.
		{"zoned lmt", zoned(us18000101, "America/Los_Angeles"),
			`DATETIME("1799-12-31T16:07:02.000000-07:52[America/Los_Angeles]")`},

		// Documented fallbacks.
		{"unknown temporal type", format.Temporal{Type: 7, Micros: 123}, "Temporal(7, 123)"},
		{"unknown zone", zoned(5, "Mars/Olympus"), `ZonedDateTime(0, 5, "Mars/Olympus")`},
		{"host zone is not a name", zoned(5, "Local"), `ZonedDateTime(0, 5, "Local")`},
		{"empty zone", zoned(5, ""), `ZonedDateTime(0, 5, "")`},
		{"offset too large", offset(5, 1081), "ZonedDateTime(0, 5, 1081)"},
		{"zoned unknown type", format.ZonedTemporal{Type: 1, Micros: 5, ZoneIsName: true, ZoneName: "Etc/UTC"},
			`ZonedDateTime(1, 5, "Etc/UTC")`},
		{"nil value", nil, "Null"},
		{"pointer value", (*format.Int)(nil), "Unknown(*format.Int)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := string(AppendCypherValue([]byte("x="), c.in, enums))
			if got != "x="+c.want {
				t.Errorf("got  %s\nwant x=%s", got, c.want)
			}
		})
	}
}

func TestCypherValueNilEnums(t *testing.T) {
	if got := string(AppendCypherValue(nil, format.Enum{TypeID: 3, ValueID: 1}, nil)); got != "Enum(3, 1)" {
		t.Errorf("got %s", got)
	}
}

func TestCypherValueName(t *testing.T) {
	// Names from tests/unit/query_dump.cpp.
	for in, want := range map[string]string{
		"Label1":        "`Label1`",
		"prop`2`":       "`prop``2```",
		"L`abel 1":      "`L``abel 1`",
		"EdgeType `!\"": "`EdgeType ``!\"`",
		"prop `":        "`prop ```",
		"":              "``",
	} {
		if got := string(AppendCypherName([]byte("x"), in)); got != "x"+want {
			t.Errorf("AppendCypherName(%q) = %s, want x%s", in, got, want)
		}
	}
}

// Values a damaged file could hold must print without panicking.
func TestCypherValueExtremesDoNotPanic(t *testing.T) {
	micros := []int64{math.MinInt64, math.MinInt64 + 1, -1, 0, 1, math.MaxInt64}
	var values []format.Value
	for _, us := range micros {
		for typ := format.TemporalType(0); typ < 6; typ++ {
			values = append(values, format.Temporal{Type: typ, Micros: us})
		}
		for _, minutes := range []int64{math.MinInt64, -1080, 0, 1080, math.MaxInt64} {
			values = append(values, offset(us, minutes))
		}
		for _, zone := range []string{"America/Los_Angeles", "../etc/passwd", "/abs", "Europe/Zagreb\x00"} {
			values = append(values, zoned(us, zone))
		}
	}
	for _, v := range values {
		if out := AppendCypherValue(nil, v, nil); len(out) == 0 {
			t.Errorf("%#v printed nothing", v)
		}
	}
}
