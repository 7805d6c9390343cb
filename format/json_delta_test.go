package format

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"
)

// TestDeltaJSONReadsBack: the deltas of data changes and transaction
// framing, with values of every kind, escapes and empty or nil lists,
// parse back with encoding/json to the fields they were written from.
// (inspect's dump writes them without reflection, held to AppendJSON by
// TestDeltaJSONIsReflective there.)
func TestDeltaJSONReadsBack(t *testing.T) {
	strs := []string{"", "plain", `q"uote`, "<&>", "tab\tline\n", "\xff invalid", "caf\u00e9", "\u2028"}
	values := []Value{nil, Null{}, Bool(true), Int(math.MinInt64), Double(math.NaN()), Double(-0.0), String("s<"),
		List{Int(1), nil}, Map{{Key: "k", Value: Double(2)}}, Temporal{Type: TemporalDate, Micros: 5},
		ZonedTemporal{Micros: 1, ZoneIsName: true, ZoneName: "Z"}, Enum{TypeID: 1, ValueID: 2},
		Point2D{SRID: 4326, X: 1, Y: 2}, Point3D{SRID: 9757, X: 1, Y: 2, Z: 3}, VectorIndexID{Indexes: []string{"i"}, Vector: []float64{1}}}
	gids := []uint64{0, 7, UnknownGid, math.MaxInt64 + 1}
	var cases []any
	for i, s := range strs {
		g := gids[i%len(gids)]
		cases = append(cases, VertexDelta{Gid: g}, LabelDelta{Gid: g, Label: s}, EdgeDelta{Gid: g, EdgeType: s, From: gids[(i+1)%len(gids)], To: g},
			TxnStart{Commit: i%2 == 0, AccessType: g}, TxnEnd{CRC: uint32(g)})
	}
	for i, v := range values {
		g, s := gids[i%len(gids)], strs[i%len(strs)]
		cases = append(cases, VertexPropertyDelta{Gid: g, Property: s, Value: v},
			EdgePropertyDelta{Gid: g, Property: s, Value: v, From: 3, To: UnknownGid, EdgeType: s})
	}
	cases = append(cases, EdgePropertyDelta{}, VertexPropertyDelta{})
	kinds := map[reflect.Type]bool{}
	for _, c := range cases {
		kinds[reflect.TypeOf(c)] = true
		got, err := AppendJSON([]byte("prefix"), c)
		if err != nil {
			t.Fatal(err)
		}
		// Property values are pinned by TestAppendValueIsMarshal.
		var back map[string]json.RawMessage
		if err := json.Unmarshal(got[len("prefix"):], &back); err != nil {
			t.Fatalf("%s: %v", got, err)
		}
		rt := reflect.TypeOf(c)
		if len(back) != rt.NumField() {
			t.Errorf("%s: %d keys, %s has %d fields", got, len(back), rt, rt.NumField())
		}
		for i := range rt.NumField() {
			sf := rt.Field(i)
			raw, ok := back[sf.Tag.Get("json")]
			if !ok {
				t.Errorf("%s: no key %q", got, sf.Tag.Get("json"))
				continue
			}
			fv := reflect.ValueOf(c).Field(i)
			if fv.Type() == reflect.TypeFor[Value]() || fv.Kind() == reflect.Slice {
				continue
			}
			// The field as encoding/json writes and reads it (invalid UTF-8
			// becomes U+FFFD in both).
			want, _ := json.Marshal(fv.Interface())
			got, wantBack := reflect.New(fv.Type()), reflect.New(fv.Type())
			json.Unmarshal(want, wantBack.Interface())
			if err := json.Unmarshal(raw, got.Interface()); err != nil || !reflect.DeepEqual(got.Elem().Interface(), wantBack.Elem().Interface()) {
				t.Errorf("%s: key %q reads back as %v (%v), want %v", got, sf.Tag.Get("json"), got.Elem(), err, wantBack.Elem())
			}
		}
	}
	if len(kinds) != 7 {
		t.Errorf("%d types tested, want 7", len(kinds))
	}
}
