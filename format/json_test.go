package format

import (
	"encoding/json"
	"math"
	"testing"
)

func TestValueJSON(t *testing.T) {
	cases := []struct {
		v    Value
		want string
	}{
		{Null{}, `null`},
		{Bool(true), `true`},
		{Int(-5), `-5`},
		{Int(math.MaxInt64), `9223372036854775807`},
		{Double(2), `{"double":2}`},
		{Double(math.NaN()), `{"double":"NaN"}`},
		{Double(math.Inf(-1)), `{"double":"-Inf"}`},
		{String("a\"b"), `"a\"b"`},
		{List{Int(1), Double(0.5), Null{}}, `[1,{"double":0.5},null]`},
		{Map{{"z", Int(1)}, {"a", List{}}}, `{"map":{"z":1,"a":[]}}`},
		{Temporal{TemporalDate, 86400000000}, `{"temporal":"Date","type_id":0,"micros":86400000000}`},
		{ZonedTemporal{Micros: 1, ZoneIsName: true, ZoneName: "Europe/Zagreb"}, `{"zoned_datetime":1,"zone":"Europe/Zagreb"}`},
		{ZonedTemporal{Micros: 1, OffsetMinutes: -60}, `{"zoned_datetime":1,"offset_minutes":-60}`},
		{Enum{1, 2}, `{"enum":{"type":1,"value":2}}`},
		{Point2D{4326, -73.93, 40.73}, `{"point2d":{"srid":4326,"x":-73.93,"y":40.73}}`},
		{Point3D{9757, 0, 1, math.Inf(1)}, `{"point3d":{"srid":9757,"x":0,"y":1,"z":"+Inf"}}`},
		{VectorIndexID{Indexes: []string{"v"}, Vector: []float64{1, 2.5}}, `{"vector_index_id":{"indexes":["v"],"vector":[1,2.5]}}`},
	}
	for _, c := range cases {
		got, err := json.Marshal(struct{ V Value }{c.v})
		if err != nil {
			t.Fatalf("%#v: %v", c.v, err)
		}
		if want := `{"V":` + c.want + `}`; string(got) != want {
			t.Errorf("%#v:\n got %s\nwant %s", c.v, got, want)
		}
	}
}
