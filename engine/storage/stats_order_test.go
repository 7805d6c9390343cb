package storage

import (
	"slices"
	"strings"
	"testing"

	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
)

// ANALYZE GRAPH counts groups of equal values as Memgraph's std::map over
// PropertyValue does. Zoned datetimes are equal when their instants are and
// their zones have the same tz-database name; fixed offsets have none, so
// 10:00+01:00 and 11:00+02:00 are one group, while the same instant in
// Europe/Berlin and Europe/Paris is two.
func TestAnalyzeGraphGroupsZonedDatetimesByInstantAndZoneName(t *testing.T) {
	s, log := newStore(t, Config{})
	schema, err := s.BeginSchemaChange(AccessReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.CreateLabelPropertiesIndex("L", [][]string{{"at"}}, false); err != nil {
		t.Fatal(err)
	}
	if err := schema.Commit(); err != nil {
		t.Fatal(err)
	}

	const instant = 1_704_103_200_000_000 // 2024-01-01T10:00:00Z
	offset := func(micros, minutes int64) format.Value {
		return format.ZonedTemporal{Micros: micros, OffsetMinutes: minutes}
	}
	named := func(micros int64, zone string) format.Value {
		return format.ZonedTemporal{Micros: micros, ZoneIsName: true, ZoneName: zone}
	}
	values := []format.Value{
		offset(instant, 60),
		offset(instant, 120),
		named(instant, "Europe/Berlin"),
		named(instant, "Europe/Paris"),
		named(instant, "Europe/Paris"),
		offset(instant+1, 60),
	}
	run(t, s, AccessWrite, func(tx *Txn) error {
		for _, val := range values {
			v, err := tx.CreateVertex()
			if err != nil {
				return err
			}
			if _, err := v.AddLabel("L"); err != nil {
				return err
			}
			if _, err := v.SetProperty("at", val); err != nil {
				return err
			}
		}
		return nil
	})
	run(t, s, AccessRead, func(tx *Txn) error { return tx.AnalyzeGraph(nil) })

	var stats []string
	for _, fr := range log.last(t).Metadata {
		if d, ok := fr.Delta.(format.LabelPropertiesStatsDelta); ok {
			stats = append(stats, d.Stats)
		}
	}
	if len(stats) != 1 {
		t.Fatalf("ANALYZE GRAPH wrote %d label+properties statistics, want 1: %q", len(stats), stats)
	}
	// Groups: {+01:00, +02:00} 2, {Berlin} 1, {Paris} 2, {later} 1.
	if !strings.Contains(stats[0], `"count":6, "distinct_values_count":4,`) {
		t.Errorf("statistics %s, want 6 vertices in 4 groups", stats[0])
	}
}

// Memgraph orders maps by size first, then entry by entry, and the
// chi-squared sum runs in that order.
func TestCompareValuesOrdersMapsBySizeFirst(t *testing.T) {
	small := format.Map{{Key: "z", Value: format.Int(0)}}
	large := format.Map{{Key: "a", Value: format.Int(1)}, {Key: "b", Value: format.Int(2)}}
	if c := compareValues(small, large); c >= 0 {
		t.Errorf("compareValues({z:0}, {a:1, b:2}) = %d, want < 0", c)
	}
	if c := compareValues(large, small); c <= 0 {
		t.Errorf("compareValues({a:1, b:2}, {z:0}) = %d, want > 0", c)
	}
	other := format.Map{{Key: "a", Value: format.Int(1)}, {Key: "c", Value: format.Int(0)}}
	if c := compareValues(large, other); c >= 0 {
		t.Errorf("compareValues({a:1, b:2}, {a:1, c:0}) = %d, want < 0", c)
	}
	if c := compareValues(large, format.Map{{Key: "a", Value: format.Double(1)}, {Key: "b", Value: format.Int(2)}}); c != 0 {
		t.Errorf("compareValues({a:1, b:2}, {a:1.0, b:2}) = %d, want 0", c)
	}
}

// Memgraph computes a key for every prefix of every label+properties
// index, carrying the index's order, and writes them sorted by label,
// properties, then order: a descending index on a lower key comes before an
// ascending one on a higher key, and a prefix shared by an ascending and a
// descending index is written twice. An ascending and a descending index on
// the same key count once.
func TestAnalyzeGraphKeysInMemgraphsOrder(t *testing.T) {
	s, log := newStore(t, Config{})
	schema, err := s.BeginSchemaChange(AccessReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	for _, ix := range []struct {
		label string
		paths [][]string
		desc  bool
	}{
		{"L", [][]string{{"a"}}, true}, // a gets the lower property id
		{"L", [][]string{{"b"}}, false},
		{"M", [][]string{{"a"}, {"b"}}, true},
		{"M", [][]string{{"a"}}, false},
		{"N", [][]string{{"b"}}, false},
		{"N", [][]string{{"b"}}, true},
	} {
		if err := schema.CreateLabelPropertiesIndex(ix.label, ix.paths, ix.desc); err != nil {
			t.Fatal(err)
		}
	}
	if err := schema.Commit(); err != nil {
		t.Fatal(err)
	}
	run(t, s, AccessRead, func(tx *Txn) error { return tx.AnalyzeGraph(nil) })

	var got []string
	for _, fr := range log.last(t).Metadata {
		if d, ok := fr.Delta.(format.LabelPropertiesStatsDelta); ok {
			var paths []string
			for _, p := range d.Paths {
				paths = append(paths, strings.Join(p, "."))
			}
			got = append(got, d.Label+"("+strings.Join(paths, ",")+")")
		}
	}
	want := []string{"L(a)", "L(b)", "M(a)", "M(a)", "M(a,b)", "N(b)"}
	if !slices.Equal(got, want) {
		t.Errorf("ANALYZE GRAPH wrote statistics for %q, want %q", got, want)
	}
}

// TestCompareValuesEqualsAsValuesEqual: ANALYZE GRAPH's ordering and the
// unique constraints' equality are both PropertyValue's operator<=>, kept
// in two places (an order here, an equality and hash in graph); they must
// call the same pairs equal. NaN and points, where Memgraph's order is
// partial, are left out.
func TestCompareValuesEqualsAsValuesEqual(t *testing.T) {
	zone := func(micros int64, name string, offset int64) format.Value {
		return format.ZonedTemporal{Micros: micros, ZoneIsName: name != "", ZoneName: name, OffsetMinutes: offset}
	}
	values := []format.Value{
		format.Null{}, format.Bool(false), format.Bool(true), format.Int(1), format.Int(2), format.Double(1), format.Double(1.5),
		format.Double(-0.0), format.Int(0), format.String(""), format.String("a"), format.String("b"),
		format.List{}, format.List{format.Int(1)}, format.List{format.Double(1)}, format.List{format.Int(1), format.String("a")},
		format.Map{}, format.Map{{Key: "a", Value: format.Int(1)}}, format.Map{{Key: "a", Value: format.Double(1)}},
		format.Map{{Key: "b", Value: format.Int(1)}}, format.Map{{Key: "a", Value: format.Int(1)}, {Key: "b", Value: format.Int(2)}},
		format.Temporal{Type: format.TemporalDate, Micros: 5}, format.Temporal{Type: format.TemporalLocalTime, Micros: 5},
		format.Temporal{Type: format.TemporalDate, Micros: 6},
		zone(10, "", 60), zone(10, "", 120), zone(11, "", 60), zone(10, "Europe/Berlin", 0), zone(10, "Europe/Paris", 0),
		format.Enum{TypeID: 1, ValueID: 2}, format.Enum{TypeID: 1, ValueID: 3}, format.Enum{TypeID: 2, ValueID: 2},
	}
	equalPairs := 0
	for _, a := range values {
		for _, b := range values {
			ordered, equal := compareValues(a, b) == 0, graph.ValuesEqual(a, b)
			if ordered != equal {
				t.Errorf("%#v, %#v: compareValues says equal %v, graph.ValuesEqual %v", a, b, ordered, equal)
			}
			if equal {
				equalPairs++
			}
		}
	}
	// Each value with itself, and the pairs equal across kinds or zones:
	// 1 and 1.0, -0.0 and 0, [1] and [1.0], {a:1} and {a:1.0}, the two fixed offsets.
	if want := len(values) + 2*5; equalPairs != want {
		t.Errorf("%d equal pairs, want %d", equalPairs, want)
	}
}
