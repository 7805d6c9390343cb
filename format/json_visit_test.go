package format_test

import (
	"math"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
)

// TestJSONValueWriterIsAppendJSON holds the writer of visited values to
// AppendJSON's form of the value built, one value after the other in one
// buffer (as a dump writes them).
func TestJSONValueWriterIsAppendJSON(t *testing.T) {
	m := format.Map{{Key: "z", Value: format.Int(1)}, {Key: "a<b", Value: format.List{format.String("x\n"), format.Null{}}},
		{Key: "m", Value: format.Map{{Key: "b", Value: format.Double(0.1)}, {Key: "b", Value: format.Map{}}}}}
	values := []format.Value{format.Null{}, format.Bool(true), format.Int(-7), format.Double(math.Inf(-1)), format.Double(2),
		format.String("a\"\\<\xff"), format.List{}, format.Map{}, m, format.List{m, format.List{format.List{}}},
		format.Temporal{Type: format.TemporalDuration, Micros: -5}, format.Temporal{Type: 9, Micros: 1},
		format.ZonedTemporal{Micros: 3, ZoneIsName: true, ZoneName: "Europe/Zagreb"}, format.ZonedTemporal{Micros: 3, OffsetMinutes: -60},
		format.Enum{TypeID: 1, ValueID: 2}, format.Point2D{SRID: 7203, X: 1, Y: math.NaN()}, format.Point3D{SRID: 4979, X: 1, Y: 2, Z: 3},
		format.VectorIndexID{Indexes: []string{"a", "b"}, Vector: []float64{1.5}}}
	var w format.JSONValueWriter
	for _, v := range values {
		want, err := format.AppendJSON(nil, v)
		if err != nil {
			t.Fatal(err)
		}
		start := len(w.B)
		w.B = append(w.B, '|')
		decode.WalkValue(v, &w)
		if got := string(w.B[start+1:]); got != string(want) {
			t.Errorf("%#v: writer %s, AppendJSON %s", v, got, want)
		}
	}
}
