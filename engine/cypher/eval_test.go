package cypher

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/format"
)

func evalString(t *testing.T, src string, enums EnumResolver) (format.Value, error) {
	t.Helper()
	e, err := ParseExpr(src)
	if err != nil {
		t.Fatalf("ParseExpr(%q): %v", src, err)
	}
	return EvalLiteral(e, enums)
}

func testEnums(typeName, valueName string) (format.Enum, bool) {
	values := map[string]format.Enum{"Status::ACTIVE": {TypeID: 0, ValueID: 0}, "Status::DISABLED": {TypeID: 0, ValueID: 1}, "My Enum::v`1": {TypeID: 1, ValueID: 0}}
	v, ok := values[typeName+"::"+valueName]
	return v, ok
}

func checkValues(t *testing.T, cases []struct {
	src  string
	want format.Value
}) {
	t.Helper()
	for _, c := range cases {
		got, err := evalString(t, c.src, testEnums)
		if err != nil {
			t.Errorf("%s: %v", c.src, err)
			continue
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.src, diff)
		}
	}
}

type valueCase = struct {
	src  string
	want format.Value
}

func TestEvalLiterals(t *testing.T) {
	checkValues(t, []valueCase{
		{"1", format.Int(1)},
		{"-1", format.Int(-1)},
		{"- -1", format.Int(1)},
		{"+7", format.Int(7)},
		{"0x10", format.Int(16)},
		{"017", format.Int(15)},
		{"-9223372036854775807", format.Int(-9223372036854775807)},
		{"3.141", format.Double(3.141)},
		{"-1.341", format.Double(-1.341)},
		{"1e3", format.Double(1000)},
		{".5", format.Double(0.5)},
		{"1e-3", format.Double(0.001)},
		{"-0.0", format.Double(math.Copysign(0, -1))},
		{`" \n\"\'\t\\%"`, format.String(" \n\"'\t\\%")},
		{`'\u00e9'`, format.String("é")},
		{"true", format.Bool(true)},
		{"FALSE", format.Bool(false)},
		{"Null", format.Null{}},
		{"null", format.Null{}},
		{"-null", format.Null{}},
		{`["kaj", 2, Null, {prop4: -1.341}]`, format.List{format.String("kaj"), format.Int(2), format.Null{}, format.Map{{Key: "prop4", Value: format.Double(-1.341)}}}},
		{"[]", format.List{}},
		{"{}", format.Map{}},
		// Entries stay in source order.
		{"{`z`: 1, a: {b: {c: 1}}, `k``q`: []}", format.Map{
			{Key: "z", Value: format.Int(1)},
			{Key: "a", Value: format.Map{{Key: "b", Value: format.Map{{Key: "c", Value: format.Int(1)}}}}},
			{Key: "k`q", Value: format.List{}},
		}},
		{"Status::ACTIVE", format.Enum{TypeID: 0, ValueID: 0}},
		{"[Status::DISABLED, `My Enum`::`v``1`]", format.List{format.Enum{TypeID: 0, ValueID: 1}, format.Enum{TypeID: 1}}},
	})
}

func TestEvalErrors(t *testing.T) {
	cases := []struct {
		src   string
		enums EnumResolver
		pos   Pos
		want  string
	}{
		{"n", testEnums, Pos{1, 1}, "variable n is not a constant value"},
		{"[1, $p]", testEnums, Pos{1, 5}, "parameter $p is not a constant value"},
		{"{a: 1 + 2}", testEnums, Pos{1, 7}, "operator + is not a constant value"},
		{"u.p", testEnums, Pos{1, 1}, "property lookup .p is not a constant value"},
		{"NOT true", testEnums, Pos{1, 1}, "operator NOT is not a constant value"},
		{"-'a'", testEnums, Pos{1, 1}, "unary - needs a number, not a string"},
		{"-(-9223372036854775807 - 1)", testEnums, Pos{1, 24}, "operator - is not a constant value"},
		{"- -[1]", testEnums, Pos{1, 3}, "needs a number, not a list"},
		{"Status::ACTIVE", nil, Pos{1, 1}, "no enum registry"},
		{"Status::GONE", testEnums, Pos{1, 1}, "unknown enum value Status::GONE"},
		{"toUpper('a')", testEnums, Pos{1, 1}, "function toUpper is not a constant constructor"},
		{"date()", testEnums, Pos{1, 1}, "date() takes exactly one argument here, got 0"},
		{"date('a', 'b')", testEnums, Pos{1, 1}, "takes exactly one argument"},
		{"date({year: 2020})", testEnums, Pos{1, 6}, "string argument only, not a map"},
		{"point('x')", testEnums, Pos{1, 7}, "point() needs a map, not a string"},
		{"count(*)", testEnums, Pos{1, 1}, "count(*) is not a constant value"},
	}
	for _, c := range cases {
		_, err := evalString(t, c.src, c.enums)
		var ve *ValueError
		if !errors.As(err, &ve) {
			t.Errorf("%s: %v, want a ValueError", c.src, err)
			continue
		}
		if ve.Pos != c.pos || !strings.Contains(ve.Msg, c.want) {
			t.Errorf("%s\n got %v\nwant %v: ...%s...", c.src, ve, c.pos, c.want)
		}
	}
	// Nesting beyond the format's limit is refused, not recursed into.
	deep := strings.Repeat("[", format.MaxValueDepth+2) + strings.Repeat("]", format.MaxValueDepth+2)
	if _, err := evalString(t, deep, nil); err == nil || !strings.Contains(err.Error(), "nests deeper") {
		t.Errorf("deep list: %v", err)
	}
}

// The limit is the format's, counted as the encoder and the store count
// it: lists and maps nested in the value, MaxValueDepth of them at most.
// Signs and a constructor's argument are no nesting of the value.
func TestEvalNestingLimitIsTheFormats(t *testing.T) {
	lists := func(n int, inner string) string {
		return strings.Repeat("[", n) + inner + strings.Repeat("]", n)
	}
	for _, c := range []struct {
		what, src string
		ok        bool
	}{
		{"MaxValueDepth lists", lists(format.MaxValueDepth, ""), true},
		{"one list more", lists(format.MaxValueDepth+1, ""), false},
		{"a map in the deepest list", lists(format.MaxValueDepth-1, "{a: 1}"), true},
		{"a map one level deeper", lists(format.MaxValueDepth, "{a: 1}"), false},
		{"a point in the deepest list", lists(format.MaxValueDepth, "point({x: 1, y: 2})"), true},
		{"many signs", strings.Repeat("-(", 2*format.MaxValueDepth) + "1" + strings.Repeat(")", 2*format.MaxValueDepth), true},
	} {
		v, err := evalString(t, c.src, nil)
		if c.ok && err != nil {
			t.Errorf("%s: %v", c.what, err)
		}
		if !c.ok && (err == nil || !strings.Contains(err.Error(), "nests deeper")) {
			t.Errorf("%s: got %v, %v; want the nesting refused", c.what, v, err)
		}
		if err == nil {
			if _, err := encode.AppendValue(nil, v, format.MaxVersion); err != nil {
				t.Errorf("%s: evaluated to a value the encoder refuses: %v", c.what, err)
			}
		}
	}
}

// The point rules pinned by Memgraph's tests/gql_behave spatial.feature, and
// the forms in the corpus.
func TestEvalPoint(t *testing.T) {
	p2 := func(srid uint64, x, y float64) format.Value { return format.Point2D{SRID: srid, X: x, Y: y} }
	p3 := func(srid uint64, x, y, z float64) format.Value { return format.Point3D{SRID: srid, X: x, Y: y, Z: z} }
	checkValues(t, []valueCase{
		{"point({x:null, y:2})", format.Null{}},
		{"point({x:1, y:2, z:3, k:null})", format.Null{}},
		{"point(null)", format.Null{}},
		{"point({x:1, y:2})", p2(7203, 1, 2)},
		{"point({x:1, y:2, z:3})", p3(9157, 1, 2, 3)},
		{"point({longitude:1, latitude:2})", p2(4326, 1, 2)},
		{"point({longitude:1, latitude:2, height:3})", p3(4979, 1, 2, 3)},
		{"point({longitude:1, latitude:2, z:3})", p3(4979, 1, 2, 3)},
		{"point({x:1, y:2, srid:7203})", p2(7203, 1, 2)},
		{"point({x:1, y:2, height:3, srid:9157})", p3(9157, 1, 2, 3)},
		{"point({x:1, y:2, srid:4326})", p2(4326, 1, 2)},
		{"point({x:1, y:2, z:3, srid:4979})", p3(4979, 1, 2, 3)},
		{"point({x:1, y:2, crs:'cartesian'})", p2(7203, 1, 2)},
		{"point({x:1, y:2, height:3, crs:'cartesian-3d'})", p3(9157, 1, 2, 3)},
		{"point({x:1, y:2, crs:'wgs-84'})", p2(4326, 1, 2)},
		{"point({x:1, y:2, z:3, crs:'wgs-84-3d'})", p3(4979, 1, 2, 3)},
		{"point({x:-73.93, y:40.73, crs:'wgs-84'})", p2(4326, -73.93, 40.73)},
		{"point({x:-73.93, y:40.73, z:10, srid:4979})", p3(4979, -73.93, 40.73, 10)},
		{"POINT({ x:0, y:1, srid: 7203 })", p2(7203, 0, 1)},
		{"POINT({ x:-73.93, y:40.73, z:10, srid: 4979 })", p3(4979, -73.93, 40.73, 10)},
		{"Point({longitude: 180, latitude: -90})", p2(4326, 180, -90)},
	})
	failures := []string{
		"point({longitude:1, y:2})",
		"point({x:1, latitude:2})",
		"point({longitude:-191, latitude:0})",
		"point({longitude:191, latitude:0})",
		"point({longitude:0, latitude:91})",
		"point({longitude:0, latitude:-91})",
		"point({longitude:1, latitude:2, crs:'cartesian'})",
		"point({longitude:1, latitude:2, crs:'cartesian-3d'})",
		"point({longitude:1, latitude:2, crs:'wgs-84-3d'})",
		"point({longitude:1, latitude:2, height:3, crs:'wgs-84'})",
		"point({longitude:1, latitude:2, height:3, crs:'cartesian'})",
		"point({x:1, y:2, z:3, crs:'cartesian'})",
		"point({x:1, y:2, crs:'cartesian-3d'})",
		// Beyond the feature file: malformed maps.
		"point({x:1})",
		"point({x:1, y:'2'})",
		"point({x:1, y:2, z:3, height:4})",
		"point({x:1, y:2, srid:1234})",
		"point({x:1, y:2, srid:7203, crs:'wgs-84'})",
		"point({x:1, y:2, crs:'mars'})",
		"point({x:1, y:2, w:3})",
		"point({x:1, y:2, srid:'7203'})",
	}
	for _, src := range failures {
		if v, err := evalString(t, src, nil); err == nil {
			t.Errorf("%s = %v, want an error", src, v)
		}
	}
}

func micros(y int, mo time.Month, d, h, mi, s, us int) int64 {
	return time.Date(y, mo, d, h, mi, s, us*1000, time.UTC).UnixMicro()
}

func TestEvalTemporal(t *testing.T) {
	date := func(us int64) format.Value { return format.Temporal{Type: format.TemporalDate, Micros: us} }
	lt := func(us int64) format.Value { return format.Temporal{Type: format.TemporalLocalTime, Micros: us} }
	ldt := func(us int64) format.Value { return format.Temporal{Type: format.TemporalLocalDateTime, Micros: us} }
	dur := func(us int64) format.Value { return format.Temporal{Type: format.TemporalDuration, Micros: us} }
	named := func(us int64, zone string) format.Value {
		return format.ZonedTemporal{Micros: us, ZoneIsName: true, ZoneName: zone}
	}
	fixed := func(us, minutes int64) format.Value { return format.ZonedTemporal{Micros: us, OffsetMinutes: minutes} }
	const day = int64(86_400_000_000)
	checkValues(t, []valueCase{
		// Values the engine/graph dump tests use, computed independently.
		{`DATE("1994-12-07")`, date(786758400000000)},
		{`date("19941207")`, date(786758400000000)},
		{`date('1994-12')`, date(786758400000000 - 6*day)},
		{`date("1900-02-22")`, date(-2204496000000000)},
		{`date("0000-01-01")`, date(-62167219200000000)},
		{`date("0000-02-29")`, date(-62167219200000000 + 59*day)},
		{`LOCALTIME("14:10:44.099099")`, lt(51044099099)},
		{`localtime("T14:10:44.099")`, lt(51044099000)},
		{`localtime("141044.099099")`, lt(51044099099)},
		{`localtime("14")`, lt(14 * 3600_000_000)},
		{`localtime("1410")`, lt(14*3600_000_000 + 10*60_000_000)},
		{`localtime("00:00:00.000000")`, lt(0)},
		{`localtime("23:59:59.999999")`, lt(day - 1)},
		{`LOCALDATETIME("1994-12-07T14:10:44.099099")`, ldt(786809444099099)},
		{`localdatetime("19941207T141044.099099")`, ldt(786809444099099)},
		{`localdatetime("9999-12-31T23:59:59.999999")`, ldt(253402300799999999)},
		{`localdatetime("0001-01-01T00:00")`, ldt(-62135596800000000)},
		{`localdatetime("1994-12T14:10")`, ldt(micros(1994, 12, 1, 14, 10, 0, 0))},
		{`DURATION("P3DT4H5M6.010011S")`, dur(273906010011)},
		{`duration("P10DT3H30M33.000050S")`, dur(876633000050)},
		{`duration("P0DT0H0M-0.000001S")`, dur(-1)},
		{`duration("P-3DT-4H-5M-6.010011S")`, dur(-273906010011)},
		{`duration("PT0.5S")`, dur(500000)},
		// Memgraph computes 0.000249 * 1e6 = 248.99999999999997 in double
		// precision and truncates, so its own dump of 249µs reloads as 248µs.
		{`duration("P0DT0H0M0.000249S")`, dur(248)},
		{`duration("P0DT0H0M-0.000249S")`, dur(-248)},
		{`duration("PT1.5H")`, dur(5400_000_000)},
		{`duration("P1.5D")`, dur(129600_000_000)},
		{`duration("P1D")`, dur(day)},
		{`duration("PT2M")`, dur(120_000_000)},
		{`duration("PT90S")`, dur(90_000_000)},
		{`duration("P1e1D")`, dur(10 * day)},
		{`duration("PT1H1S")`, dur(3601_000_000)},
		{`DATETIME("2024-01-01T13:02:40.100050+01:00[Europe/Zagreb]")`, named(1704110560100050, "Europe/Zagreb")},
		{`datetime("2024-07-01T13:02:40.100050+02:00[Europe/Zagreb]")`, named(1719831760100050, "Europe/Zagreb")},
		{`datetime("2024-07-01T13:02:40.100050[Europe/Zagreb]")`, named(1719831760100050, "Europe/Zagreb")},
		{`datetime("2024-01-01T12:02:40.100050Z")`, fixed(1704110560100050, 0)},
		{`datetime("2024-01-01T12:02:40.100050+00:00")`, fixed(1704110560100050, 0)},
		{`datetime("2024-01-01T12:02:40.100050")`, fixed(1704110560100050, 0)},
		{`datetime("2024-01-01T06:32:40.100050-05:30")`, fixed(1704110560100050, -330)},
		{`datetime("2024-01-01T14:02:40.100050+0200")`, fixed(1704110560100050, 120)},
		{`datetime("2024-01-01T14:02:40.100050+02")`, fixed(1704110560100050, 120)},
		{`datetime("2024-01-01T12:02:40.100050+18:00")`, fixed(1704110560100050-18*3600_000_000, 18*60)},
		// 02:30 happens twice in Zagreb on 2024-10-27: the offset picks, the
		// earlier one without it.
		{`datetime("2024-10-27T02:30:00.000000+02:00[Europe/Zagreb]")`, named(micros(2024, 10, 27, 0, 30, 0, 0), "Europe/Zagreb")},
		{`datetime("2024-10-27T02:30:00.000000+01:00[Europe/Zagreb]")`, named(micros(2024, 10, 27, 1, 30, 0, 0), "Europe/Zagreb")},
		{`datetime("2024-10-27T02:30:00[Europe/Zagreb]")`, named(micros(2024, 10, 27, 0, 30, 0, 0), "Europe/Zagreb")},
		{`datetime("2024-01-01T12:00:00+05:30[Asia/Kolkata]")`, named(micros(2024, 1, 1, 6, 30, 0, 0), "Asia/Kolkata")},
		{`date(null)`, format.Null{}},
	})
}

func TestEvalTemporalErrors(t *testing.T) {
	cases := []struct{ src, want string }{
		{`date("1994-13-01")`, "invalid month"},
		{`date("1994-02-30")`, "invalid day"},
		{`date("1995-02-29")`, "invalid day"},
		{`date("1994-1-01")`, "expected YYYY-MM-DD"},
		{`date("1994-12-x1")`, "invalid day in the date"},
		{`date("1994-12011")`, "extra characters"},
		{`date("199412-011")`, "separators used inconsistently"},
		{`date("-994-12-01")`, "invalid year"},
		{`date("")`, "expected YYYY-MM-DD"},
		{`localtime("24:00")`, "invalid hour"},
		{`localtime("14:60")`, "invalid minutes"},
		{`localtime("14:10:60")`, "invalid seconds"},
		{`localtime("14:1044")`, "separator must be used consistently"},
		{`localtime("1410:44")`, "separator must be used consistently"},
		{`localtime("14:10:44.0990")`, "invalid microseconds"},
		{`localtime("14:10:44.09")`, "invalid milliseconds"},
		{`localtime("14:10:44.0990991")`, "extra characters"},
		{`localtime("14:10:44,099")`, "invalid local time format"},
		{`localtime("")`, "empty"},
		{`localtime("T")`, "invalid hour"},
		{`localtime("14:")`, "invalid local time format"},
		{`localdatetime("1994-12-07")`, "no 'T'"},
		{`localdatetime("1994-12-07T")`, "no time after 'T'"},
		{`localdatetime("1994-12-07T141044")`, "both use separators or both not"},
		{`localdatetime("19941207T14:10:44")`, "both use separators or both not"},
		{`localdatetime("1994-12-07T14")`, "both use separators or both not"},
		{`duration("P")`, "invalid duration"},
		{`duration("PT")`, "invalid duration"},
		{`duration("P1DT")`, "invalid duration"},
		{`duration("1D")`, "invalid duration"},
		{`duration("P1Y")`, "invalid duration"},
		{`duration("P1.5DT1H")`, "invalid duration"},
		{`duration("PT1H2S3M")`, "invalid duration"},
		{`duration("PT+1H")`, "invalid duration"},
		{`duration("PT1H ")`, "invalid duration"},
		{`duration("PTinfS")`, "invalid duration"},
		{`duration("P99999999999999999D")`, "out of range"},
		{`datetime("2024-03-31T02:30:00[Europe/Zagreb]")`, "does not exist in time zone Europe/Zagreb"},
		{`datetime("2024-01-01T12:00:00[Mars/Olympus]")`, "unknown time zone"},
		{`datetime("2024-01-01T12:00:00[Local]")`, "unknown time zone"},
		{`datetime("2024-01-01T12:00:00+18:01")`, "within ±18:00"},
		{`datetime("2024-01-01T12:00:00+01:60")`, "below 60"},
		{`datetime("2024-01-01T12:00:00+1")`, "expected ±hh:mm"},
		{`datetime("2024-01-01T12:00:00+01:00Europe")`, "invalid time zone"},
		{`datetime("2024-01-01T12:00:00[Europe/Zagreb")`, "invalid time zone"},
		{`datetime("2024-01-01")`, "no 'T'"},
		{`datetime("2024-13-01T12:00:00Z")`, "invalid month"},
	}
	for _, c := range cases {
		v, err := evalString(t, c.src, nil)
		var ve *ValueError
		if !errors.As(err, &ve) {
			t.Errorf("%s = %v, %v; want a ValueError", c.src, v, err)
			continue
		}
		if ve.Pos != (Pos{1, len(c.src[:strings.IndexByte(c.src, '(')]) + 2}) || !strings.Contains(ve.Msg, c.want) {
			t.Errorf("%s\n got %v\nwant the argument's position: ...%s...", c.src, ve, c.want)
		}
	}
}
