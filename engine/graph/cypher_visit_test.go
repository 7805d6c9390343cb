package graph

import (
	"math"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
)

// writerValues are values of every type, nested, with maps out of key
// order and repeated keys, and the forms AppendCypherValue gives a best
// effort for.
func writerValues() []format.Value {
	m := format.Map{{Key: "z", Value: format.Int(1)}, {Key: "a`b", Value: format.List{format.String("x\n"), format.Null{}}},
		{Key: "m", Value: format.Map{{Key: "b", Value: format.Double(0.1)}, {Key: "a", Value: format.Bool(true)}, {Key: "b", Value: format.Int(9)}}},
		{Key: "z", Value: format.Int(2)}, {Key: "", Value: format.Map{}}}
	return []format.Value{
		nil, format.Null{}, format.Bool(false), format.Int(math.MinInt64), format.Double(math.NaN()), format.Double(-0.0),
		format.Double(1e20), format.String(`q"'\` + "\t\x00é"), format.List{}, format.Map{}, m, format.List{m, format.List{m}},
		date(us19941207), localTime(-usClock141044099099), localDateTime(us99991231T235959), duration(-usDur3d4h5m6s10ms11u),
		format.Temporal{Type: 7, Micros: 5}, zoned(us20240701T110240, "Europe/Zagreb"), offset(us20240101T120240, 90),
		zoned(1, "No/Zone"), format.ZonedTemporal{Type: 3, Micros: 1}, format.Enum{TypeID: 0, ValueID: 0},
		format.Enum{TypeID: 1, ValueID: 2}, format.Enum{TypeID: 5, ValueID: 1},
		format.Point2D{SRID: format.SRIDWGS84_2D, X: 1.5, Y: -2e-7}, format.Point3D{SRID: format.SRIDLegacyCartesian3D, X: 1, Y: 2, Z: 1e21},
		format.VectorIndexID{Indexes: []string{"i"}, Vector: []float64{1, 0.5}},
		format.List{format.Enum{TypeID: 0, ValueID: 0}, format.Point2D{SRID: 7203, X: 3, Y: 4}},
	}
}

// TestCypherValueWriterIsAppendCypherValue holds the writer of visited
// values to AppendCypherValue, value for value, one after the other in one
// buffer (as a dump writes them).
func TestCypherValueWriterIsAppendCypherValue(t *testing.T) {
	enums := testEnums{{0, 0}: {"Status", "Good"}, {1, 2}: {"My Type", "v`1"}}
	w := CypherValueWriter{Enums: enums}
	for _, v := range writerValues() {
		want := string(AppendCypherValue(nil, v, enums))
		start := len(w.B)
		w.B = append(w.B, '|')
		decode.WalkValue(v, &w)
		if got := string(w.B[start+1:]); got != want {
			t.Errorf("%#v: writer %s, AppendCypherValue %s", v, got, want)
		}
	}
}
