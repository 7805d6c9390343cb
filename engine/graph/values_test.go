package graph

import (
	"math"
	"slices"
	"testing"

	"github.com/durascope/durascope/format"
)

func TestValuesEqual(t *testing.T) {
	eq := [][2]format.Value{
		{format.Int(3), format.Double(3)},
		{format.Double(0), format.Double(-0.0)},
		{format.List{format.Int(1), format.String("a")}, format.List{format.Double(1), format.String("a")}},
		{format.Map{{Key: "a", Value: format.Int(1)}, {Key: "b", Value: format.Null{}}}, format.Map{{Key: "b", Value: format.Null{}}, {Key: "a", Value: format.Int(1)}}},
		{format.Point2D{SRID: 7203, X: 1, Y: 2}, format.Point2D{SRID: 7203, X: 1, Y: 2}},
		// Memgraph's Timezone compares tz-database names only, and a fixed
		// offset has none: one instant at +01:00 and at +02:00 is one value.
		{format.ZonedTemporal{Micros: 7, OffsetMinutes: 60}, format.ZonedTemporal{Micros: 7, OffsetMinutes: 120}},
		{format.ZonedTemporal{Micros: 7, ZoneIsName: true, ZoneName: "Europe/Zagreb"}, format.ZonedTemporal{Micros: 7, ZoneIsName: true, ZoneName: "Europe/Zagreb"}},
	}
	for _, c := range eq {
		if !ValuesEqual(c[0], c[1]) || !ValuesEqual(c[1], c[0]) || HashValue(c[0]) != HashValue(c[1]) {
			t.Errorf("%#v and %#v: want equal with equal hashes", c[0], c[1])
		}
	}
	ne := [][2]format.Value{
		{format.Int(3), format.String("3")},
		{format.Int(1 << 53), format.Int(1<<53 + 1)}, // same float64, different ints
		{format.Temporal{Type: format.TemporalDate, Micros: 5}, format.Temporal{Type: format.TemporalLocalTime, Micros: 5}},
		{format.List{format.Int(1)}, format.List{format.Int(1), format.Int(2)}},
		{format.Double(math.NaN()), format.Double(math.NaN())},
		{format.ZonedTemporal{Micros: 7, OffsetMinutes: 60}, format.ZonedTemporal{Micros: 8, OffsetMinutes: 60}},
		{format.ZonedTemporal{Micros: 7, ZoneIsName: true, ZoneName: "Europe/Berlin"}, format.ZonedTemporal{Micros: 7, ZoneIsName: true, ZoneName: "Europe/Paris"}},
		{format.ZonedTemporal{Micros: 7, OffsetMinutes: 60}, format.ZonedTemporal{Micros: 7, ZoneIsName: true, ZoneName: "Europe/Berlin"}},
	}
	for _, c := range ne {
		if ValuesEqual(c[0], c[1]) {
			t.Errorf("%#v and %#v: want different", c[0], c[1])
		}
	}
}

// TestConstraintKind pins the value type each type-constraint kind accepts,
// as Memgraph's PropertyValueToTypeConstraintKind maps them (temporal
// values by subtype), and checks every name against format.TypeConstraintKinds.
func TestConstraintKind(t *testing.T) {
	cases := []struct {
		v    format.Value
		kind string
	}{
		{format.String("x"), "STRING"}, {format.Bool(true), "BOOL"}, {format.Int(1), "INTEGER"},
		{format.Double(1), "FLOAT"}, {format.List{}, "LIST"}, {format.Map{}, "MAP"},
		{format.Temporal{Type: format.TemporalDuration}, "DURATION"}, {format.Temporal{Type: format.TemporalDate}, "DATE"},
		{format.Temporal{Type: format.TemporalLocalTime}, "LOCAL TIME"},
		{format.Temporal{Type: format.TemporalLocalDateTime}, "LOCAL DATE TIME"},
		{format.ZonedTemporal{}, "ZONED DATE TIME"}, {format.Enum{}, "ENUM"},
		{format.Point2D{SRID: 7203}, "POINT"}, {format.Point3D{SRID: 9157}, "POINT"},
		{format.Null{}, ""}, {format.Temporal{Type: 9}, ""},
	}
	for _, c := range cases {
		kind, ok := ConstraintKind(c.v)
		if got := ConstraintKindName(kind); !ok && c.kind != "" || ok && got != c.kind {
			t.Errorf("%#v: kind %q (%v), want %q", c.v, got, ok, c.kind)
		}
		if c.kind != "" && !slices.Contains(format.TypeConstraintKinds, c.kind) {
			t.Errorf("%q is not a TypeConstraintKinds name", c.kind)
		}
	}
}

// TestUniqueEquality: the unique-constraint check finds a violation
// exactly where Memgraph's equality says two tuples are equal.
func TestUniqueEquality(t *testing.T) {
	for _, c := range []struct {
		a, b  format.Value
		equal bool
	}{
		{format.Int(2), format.Double(2), true},
		{format.Int(2), format.Double(2.5), false},
		{format.Double(0), format.Double(math.Copysign(0, -1)), true},
		{format.Int(1<<53 + 1), format.Int(1 << 53), false},
		{format.String("2"), format.Int(2), false},
		{format.Bool(true), format.Bool(true), true},
		{format.Double(math.NaN()), format.Double(math.NaN()), false},
		{format.List{format.Int(1), format.Double(2)}, format.List{format.Double(1), format.Int(2)}, true},
	} {
		g := New()
		for gid, v := range []format.Value{c.a, c.b} {
			for _, fr := range []format.Frame{
				{Marker: format.DeltaVertexCreate, Delta: format.VertexDelta{Gid: uint64(gid)}},
				{Marker: format.DeltaVertexAddLabel, Delta: format.LabelDelta{Gid: uint64(gid), Label: "L"}},
				{Marker: format.DeltaVertexSetProperty, Delta: format.VertexPropertyDelta{Gid: uint64(gid), Property: "p", Value: v}},
			} {
				if err := g.Apply(fr, format.FeaturesOf(format.MaxVersion)); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := g.Apply(format.Frame{Marker: format.DeltaUniqueConstraintCreate, Delta: format.UniqueConstraintDelta{Label: "L", Properties: []string{"p"}}},
			format.FeaturesOf(format.MaxVersion)); err != nil {
			t.Fatal(err)
		}
		err := g.CheckConstraints()
		if got := err != nil; got != c.equal {
			t.Errorf("%#v vs %#v: violation %v (%v), want %v", c.a, c.b, got, err, c.equal)
		}
		if err != nil && (err.Message != MsgUniqueViolated || err.Detail != "vertices 0 and 1 (:L) have equal p, which a unique constraint forbids") {
			t.Errorf("violation reported as %q / %q", err.Message, err.Detail)
		}
	}
}
