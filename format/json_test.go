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

// TestAppendJSON: snake_case keys from the tags, promoted embedded
// fields, [] for empty lists, hex bytes, null for nil pointers and absent
// values, tagged property values, NaN as a string.
func TestAppendJSON(t *testing.T) {
	for _, c := range []struct {
		v    any
		want string
	}{
		{WALHeader{Version: 37, UUID: "u", Gap: []byte{0xab, 1}}, `{"version":37,"offset_metadata":0,"offset_deltas":0,"uuid":"u","epoch":"","seq_num":0,"header_crc":0,"summary":null,"header_end":0,"gap":"ab01"}`},
		{VertexRecord{Gid: 4}, `{"offset":0,"gid":4,"labels":[],"properties":[],"in_edges":[],"out_edges":[]}`},
		{VertexPropertyDelta{Gid: 1, Property: "p", Value: Double(2)}, `{"gid":1,"property":"p","value":{"double":2}}`},
		{DescriptionDelta{Description{Kind: DescLabel, Labels: []string{"L"}, Text: "t"}}, `{"kind":1,"labels":["L"],"edge_type":"","to_labels":[],"property":"","value":null,"text":"t"}`},
		{VectorEntry{Gid: 1, Vector: []float64{math.NaN(), 1.5}}, `{"gid":1,"vector":["NaN",1.5]}`},
	} {
		got, err := AppendJSON(nil, c.v)
		if err != nil || string(got) != c.want {
			t.Errorf("%T:\n got %s (%v)\nwant %s", c.v, got, err, c.want)
		}
	}
	if _, err := AppendJSON(nil, struct{ Untagged int }{1}); err == nil {
		t.Error("a field without a json tag was written")
	}
}

// TestAppendValueIsMarshal: the dump's direct encoding of strings and
// property values writes exactly what encoding/json writes, escapes
// (HTML characters, control characters, U+2028, invalid UTF-8) included.
func TestAppendValueIsMarshal(t *testing.T) {
	strs := []string{"", "plain", `q"uote`, `back\slash`, "<a href='x'>&amp;</a>", "tab\tnew\nline\r", "\b\f\x00\x1f\x7f",
		"caf\u00e9", "\u2028\u2029", "\xff\xfe invalid", "\xe2\x82", "emoji \U0001F600", "\x80"}
	for c := 0; c < 256; c++ {
		strs = append(strs, string([]byte{byte(c)}), "x"+string([]byte{byte(c)})+"y")
	}
	var values []Value
	for _, s := range strs {
		want, _ := json.Marshal(s)
		if got := jsonString(nil, s); string(got) != string(want) {
			t.Errorf("jsonString(%q) = %s, want %s", s, got, want)
		}
		values = append(values, String(s))
	}
	values = append(values, nil, Null{}, Bool(false), Int(-1), Int(math.MinInt64), Double(0.1), Double(math.NaN()), Double(math.Inf(1)),
		List(nil), List{}, List{Int(1), nil, String("<>"), List{Null{}}}, Map(nil), Map{{Key: "k<", Value: Map{{Key: "", Value: Double(-0.0)}}}},
		Temporal{Type: TemporalDuration, Micros: -3}, Temporal{Type: 9}, ZonedTemporal{Micros: 5, ZoneIsName: true, ZoneName: "Europe/Zürich"},
		ZonedTemporal{OffsetMinutes: -90}, Enum{TypeID: 1, ValueID: 2}, Point2D{SRID: 4326, X: 1.5, Y: math.NaN()},
		Point3D{SRID: 9157, X: 1, Y: 2, Z: math.Inf(-1)}, VectorIndexID{}, VectorIndexID{Indexes: []string{"i&j"}, Vector: []float64{1, math.NaN()}})
	for _, v := range values {
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendValue(nil, v); string(got) != string(want) {
			t.Errorf("appendValue(%#v) = %s, want %s", v, got, want)
		}
		if got, err := AppendJSON(nil, Property{ID: 1, Value: v}); err != nil || string(got) != `{"id":1,"value":`+string(want)+`}` {
			t.Errorf("AppendJSON of a property with %#v = %s, %v", v, got, err)
		}
	}
}
