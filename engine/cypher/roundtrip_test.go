package cypher

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
)

var roundTripEnums = graph.EnumTable{
	{Name: "Status", Values: []string{"ACTIVE", "DISABLED"}},
	{Name: "Kind", Values: []string{"a", "b_2", "C"}},
}

func roundTripResolver(typeName, valueName string) (format.Enum, bool) {
	for i, e := range roundTripEnums {
		for j, v := range e.Values {
			if e.Name == typeName && v == valueName {
				return format.Enum{TypeID: uint64(i), ValueID: uint64(j)}, true
			}
		}
	}
	return format.Enum{}, false
}

// Every value DUMP DATABASE prints (engine/graph's AppendCypherValue) reads
// back to the same value, for the values Memgraph can reload: integral
// doubles come back as integers (the dump prints 2.0 as 2) and a duration's
// fraction of a second may lose one microsecond toward zero, as in
// Memgraph (TestEvalTemporal pins a case).
func TestDumpedValuesRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	kinds := map[string]int{}
	for range 4000 {
		v := randomValue(r, 0)
		kinds[format.ValueTypeName(v)]++
		text := string(graph.AppendCypherValue(nil, v, roundTripEnums))
		e, err := ParseExpr(text)
		if err != nil {
			t.Errorf("ParseExpr(%s): %v", text, err)
			continue
		}
		got, err := EvalLiteral(e, roundTripResolver)
		if err != nil {
			t.Errorf("EvalLiteral(%s): %v", text, err)
			continue
		}
		if msg := sameDumpedValue(v, got); msg != "" {
			t.Errorf("%s: %s\n got %s", text, msg, graph.AppendCypherValue(nil, got, roundTripEnums))
		}
	}
	t.Logf("value kinds: %v", kinds)
}

// Values the dump prints that neither Memgraph nor this parser read back.
func TestDumpedValuesMemgraphCannotReload(t *testing.T) {
	for _, v := range []format.Value{
		format.Int(math.MinInt64),                 // -9223372036854775808: the literal is out of range
		format.Double(1e20),                       // 1e+20: no '+' in an exponent
		format.Double(math.Inf(1)),                // inf: a variable
		format.Double(math.NaN()),                 // nan: a variable
		format.Point2D{SRID: 7203, X: 1e16, Y: 0}, // 1e+16
	} {
		text := string(graph.AppendCypherValue(nil, v, nil))
		e, err := ParseExpr(text)
		if err == nil {
			_, err = EvalLiteral(e, nil)
		}
		if err == nil {
			t.Errorf("%s read back", text)
		}
	}
}

// sameDumpedValue says how got differs from want, or "".
func sameDumpedValue(want, got format.Value) string {
	switch w := want.(type) {
	case format.Double:
		switch g := got.(type) {
		case format.Double:
			if math.Float64bits(float64(w)) == math.Float64bits(float64(g)) {
				return ""
			}
		case format.Int:
			if float64(w) == math.Trunc(float64(w)) && float64(w) == float64(g) {
				return ""
			}
		}
		return "double differs"
	case format.List:
		g, ok := got.(format.List)
		if !ok || len(g) != len(w) {
			return "list differs"
		}
		for i := range w {
			if msg := sameDumpedValue(w[i], g[i]); msg != "" {
				return fmt.Sprintf("item %d: %s", i, msg)
			}
		}
		return ""
	case format.Map:
		g, ok := got.(format.Map)
		if !ok || len(g) != len(w) {
			return "map differs"
		}
		for _, e := range w {
			o := g.Lookup(e.Key)
			if o == nil {
				return "key " + e.Key + " missing"
			}
			if msg := sameDumpedValue(e.Value, o); msg != "" {
				return "key " + e.Key + ": " + msg
			}
		}
		return ""
	case format.Temporal:
		g, ok := got.(format.Temporal)
		if ok && w.Type == format.TemporalDuration && g.Type == w.Type {
			// A lost microsecond is toward zero.
			if d := w.Micros - g.Micros; d == 0 || w.Micros > 0 && d == 1 || w.Micros < 0 && d == -1 {
				return ""
			}
		}
	}
	if want != got {
		return "differs"
	}
	return ""
}

var zoneNames = []string{"Europe/Zagreb", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC", "Etc/GMT+5", "America/St_Johns"}

func randomValue(r *rand.Rand, depth int) format.Value {
	n := 13
	if depth >= 3 {
		n = 11 // no more lists or maps
	}
	switch r.IntN(n) {
	case 0:
		return format.Null{}
	case 1:
		return format.Bool(r.IntN(2) == 0)
	case 2:
		v := int64(r.Uint64())
		if r.IntN(2) == 0 {
			v = r.Int64N(2000) - 1000
		}
		if v == math.MinInt64 {
			v++
		}
		return format.Int(v)
	case 3:
		return format.Double(randomDouble(r))
	case 4:
		return format.String(randomString(r))
	case 5:
		const day = int64(86_400_000_000)
		lo, hi := time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC).UnixMicro()/day, time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC).UnixMicro()/day
		switch r.IntN(4) {
		case 0:
			return format.Temporal{Type: format.TemporalDate, Micros: (lo + r.Int64N(hi-lo+1)) * day}
		case 1:
			return format.Temporal{Type: format.TemporalLocalTime, Micros: r.Int64N(day)}
		case 2:
			return format.Temporal{Type: format.TemporalLocalDateTime, Micros: lo*day + r.Int64N((hi-lo+1)*day)}
		default:
			// Days up to 100000 keep day counts exact in double precision.
			return format.Temporal{Type: format.TemporalDuration, Micros: r.Int64N(2*100_000*day) - 100_000*day}
		}
	case 6:
		lo, hi := time.Date(1850, 1, 1, 0, 0, 0, 0, time.UTC).UnixMicro(), time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC).UnixMicro()
		us := lo + r.Int64N(hi-lo)
		if r.IntN(2) == 0 {
			return format.ZonedTemporal{Micros: us, ZoneIsName: true, ZoneName: zoneNames[r.IntN(len(zoneNames))]}
		}
		return format.ZonedTemporal{Micros: us, OffsetMinutes: r.Int64N(2*18*60+1) - 18*60}
	case 7:
		return format.Enum{TypeID: uint64(r.IntN(2)), ValueID: uint64(r.IntN(2))}
	case 8:
		srid := []uint64{4326, 7203}[r.IntN(2)]
		x, y := randomCoordinate(r, srid, 180), randomCoordinate(r, srid, 90)
		return format.Point2D{SRID: srid, X: x, Y: y}
	case 9:
		srid := []uint64{4979, 9157}[r.IntN(2)]
		x, y := randomCoordinate(r, srid, 180), randomCoordinate(r, srid, 90)
		return format.Point3D{SRID: srid, X: x, Y: y, Z: randomCoordinate(r, 0, 0)}
	case 10:
		// Edge cases of the number forms.
		return []format.Value{
			format.Int(math.MaxInt64), format.Int(math.MinInt64 + 1), format.Double(0.1), format.Double(-0.0),
			format.Double(1e-300), format.Double(5e-324), format.Double(9.999999999999998e16), format.Double(2),
			format.Temporal{Type: format.TemporalDuration, Micros: -1},
			format.Temporal{Type: format.TemporalDuration, Micros: -999_999},
		}[r.IntN(10)]
	case 11:
		l := make(format.List, r.IntN(4))
		for i := range l {
			l[i] = randomValue(r, depth+1)
		}
		return l
	default:
		m := format.Map{}
		seen := map[string]bool{}
		for range r.IntN(4) {
			k := randomString(r)
			if !seen[k] {
				seen[k] = true
				m = append(m, format.MapEntry{Key: k, Value: randomValue(r, depth+1)})
			}
		}
		return m
	}
}

// randomDouble returns a finite double the dump prints without "e+":
// magnitudes below 1e17, tiny ones included.
func randomDouble(r *rand.Rand) float64 {
	for {
		f := math.Float64frombits(r.Uint64())
		if r.IntN(3) == 0 {
			f = float64(r.IntN(2000)-1000) / 8
		}
		if !math.IsNaN(f) && !math.IsInf(f, 0) && math.Abs(f) < 1e17 {
			return f
		}
	}
}

func randomCoordinate(r *rand.Rand, srid uint64, limit float64) float64 {
	if srid == 4326 || srid == 4979 {
		return (r.Float64()*2 - 1) * limit
	}
	for {
		// The point form switches to an exponent at 1e16.
		if f := randomDouble(r); math.Abs(f) < 1e16 {
			return f
		}
	}
}

var stringPieces = []string{"a", "Z", " ", "'", `"`, `\`, "`", "``", "\n", "\r", "\t", "\b", "\f", "\x00", "\x01", "\x7f", "é", "名", "😀", "\xff", "\xc3", "%", "{", "}", "::", "//", "/*", ";"}

func randomString(r *rand.Rand) string {
	var b strings.Builder
	for range r.IntN(6) {
		b.WriteString(stringPieces[r.IntN(len(stringPieces))])
	}
	return b.String()
}
