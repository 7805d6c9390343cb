package graph_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
)

func vectorIndex(name string, target, prop uint64) format.VectorIndex {
	return format.VectorIndex{Name: name, Targets: []uint64{target}, Property: prop, Metric: "l2sq", Dimension: 2, Resize: 2, Capacity: 8}
}

// dupCase is a change to the example snapshot and the one duplicate it
// makes, written out: "list #i|of|key|rebuild|message".
type dupCase struct {
	name string
	edit func(m *format.Snapshot, id func(string) uint64)
	want string // "" when the change repeats nothing
}

func dupCases() []dupCase {
	return []dupCase{
		{"label index", func(m *format.Snapshot, id func(string) uint64) {
			m.Indices.Label = append(m.Indices.Label, id("Person"))
		}, `label index #1|label index #0|:Person|false|The label index already exists!`},
		{"label index under another id of the same name", func(m *format.Snapshot, id func(string) uint64) {
			other := uint64(900)
			m.Mapper = append(m.Mapper, format.MapperEntry{ID: other, Name: "Person"})
			m.Indices.Label = []uint64{id("City"), other, id("Person")}
		}, `label index #2|label index #1|:Person|false|The label index already exists!`},
		{"label+properties index", func(m *format.Snapshot, id func(string) uint64) {
			m.Indices.LabelProperties = append(m.Indices.LabelProperties, format.LabelPropertiesIndex{Label: id("Person"), Paths: []format.PropertyPath{{id("name")}}})
		}, `label+properties index #1|label+properties index #0|:Person(name)|false|The label+property index already exists!`},
		{"label+properties paths in another order", func(m *format.Snapshot, id func(string) uint64) {
			m.Indices.LabelProperties = []format.LabelPropertiesIndex{
				{Label: id("Person"), Paths: []format.PropertyPath{{id("name")}, {id("age")}}},
				{Label: id("Person"), Paths: []format.PropertyPath{{id("age")}, {id("name")}}},
				{Label: id("Person"), Paths: []format.PropertyPath{{id("address"), id("city")}}},
				{Label: id("Person"), Paths: []format.PropertyPath{{id("address")}, {id("city")}}},
			}
		}, ``},
		{"nested label+properties index", func(m *format.Snapshot, id func(string) uint64) {
			p := format.LabelPropertiesIndex{Label: id("Person"), Paths: []format.PropertyPath{{id("address"), id("city")}, {id("name")}}}
			m.Indices.LabelProperties = append(m.Indices.LabelProperties, p, p)
		}, `label+properties index #2|label+properties index #1|:Person(address.city, name)|false|The label+property index already exists!`},
		{"ascending and descending on one key", func(m *format.Snapshot, id func(string) uint64) {
			m.Indices.LabelPropertiesDesc = m.Indices.LabelProperties
		}, ``},
		{"descending label+properties index", func(m *format.Snapshot, id func(string) uint64) {
			m.Indices.LabelPropertiesDesc = append(m.Indices.LabelProperties, m.Indices.LabelProperties...)
		}, `descending label+properties index #1|descending label+properties index #0|:Person(name)|false|The label+property index already exists!`},
		{"statistics repeat", func(m *format.Snapshot, id func(string) uint64) {
			st := format.LabelStat{Label: id("Person"), Count: 2, AvgDegree: 1}
			m.Indices.LabelStats = []format.LabelStat{st, st}
			lst := format.LabelPropertiesStat{Label: id("Person"), Paths: []format.PropertyPath{{id("name")}}, Count: 2}
			m.Indices.LabelPropertyStats = []format.LabelPropertiesStat{lst, lst}
		}, ``},
		{"edge-type index", func(m *format.Snapshot, id func(string) uint64) {
			m.EdgeIndices.EdgeType = []uint64{id("KNOWS"), id("KNOWS")}
		}, `edge-type index #1|edge-type index #0|:KNOWS|false|The edge-type index already exists!`},
		{"edge-type+property index", func(m *format.Snapshot, id func(string) uint64) {
			e := format.LabelProperty{Label: id("KNOWS"), Property: id("since")}
			m.EdgeIndices.EdgeTypeProperty = []format.LabelProperty{e, {Label: id("KNOWS"), Property: id("name")}, e}
		}, `edge-type+property index #2|edge-type+property index #0|:KNOWS(since)|false|The edge-type + property index already exists!`},
		{"global edge-property index", func(m *format.Snapshot, id func(string) uint64) {
			m.EdgeIndices.GlobalEdgeProperty = []uint64{id("since"), id("since")}
		}, `global edge-property index #1|global edge-property index #0|(since)|false|The global edge property index already exists!`},
		{"global vertex-property index", func(m *format.Snapshot, id func(string) uint64) {
			m.EdgeIndices.GlobalVertexProperty = []uint64{id("name"), id("since"), id("name")}
		}, `global vertex-property index #2|global vertex-property index #0|(name)|false|The global vertex property index already exists!`},
		{"global edge and vertex property on one name", func(m *format.Snapshot, id func(string) uint64) {
			m.EdgeIndices.GlobalEdgeProperty = []uint64{id("name")}
			m.EdgeIndices.GlobalVertexProperty = []uint64{id("name")}
		}, ``},
		{"point index", func(m *format.Snapshot, id func(string) uint64) {
			p := format.LabelProperty{Label: id("City"), Property: id("location")}
			m.EdgeIndices.Point = []format.LabelProperty{p, p}
		}, `point index #1|point index #0|:City(location)|false|The point index already exists!`},
		{"vector index name", func(m *format.Snapshot, id func(string) uint64) {
			m.EdgeIndices.Vector = []format.VectorIndex{vectorIndex("emb", id("Person"), id("embedding")), vectorIndex("emb", id("City"), id("embedding"))}
		}, `vector index #1|vector index #0|"emb"|false|The vector index already exists!`},
		{"vector node and edge index of one name", func(m *format.Snapshot, id func(string) uint64) {
			m.EdgeIndices.Vector = []format.VectorIndex{vectorIndex("emb", id("Person"), id("embedding"))}
			m.EdgeIndices.VectorEdge = []format.VectorIndex{vectorIndex("emb", id("KNOWS"), id("embedding"))}
		}, `vector edge index #0|vector index #0|"emb"|false|The vector edge index already exists!`},
		{"vector indices on one target", func(m *format.Snapshot, id func(string) uint64) {
			m.EdgeIndices.Vector = []format.VectorIndex{vectorIndex("a", id("Person"), id("embedding")), vectorIndex("b", id("Person"), id("embedding"))}
		}, `vector index #1|vector index #0|:Person(embedding)|true|Vector index 'b' already exists. Corrupted or invalid recovery files.`},
		{"vector edge indices on one target", func(m *format.Snapshot, id func(string) uint64) {
			m.EdgeIndices.VectorEdge = []format.VectorIndex{vectorIndex("a", id("KNOWS"), id("embedding")), vectorIndex("b", id("KNOWS"), id("embedding"))}
		}, `vector edge index #1|vector edge index #0|:KNOWS(embedding)|true|Vector edge index 'b' already exists. Corrupted or invalid recovery files.`},
		{"vector node and edge indices on one name's target", func(m *format.Snapshot, id func(string) uint64) {
			m.EdgeIndices.Vector = []format.VectorIndex{vectorIndex("a", id("Person"), id("embedding"))}
			m.EdgeIndices.VectorEdge = []format.VectorIndex{vectorIndex("b", id("Person"), id("embedding"))}
		}, ``},
		{"vector indices in other modes", func(m *format.Snapshot, id func(string) uint64) {
			a, b := vectorIndex("a", id("Person"), id("embedding")), vectorIndex("b", id("Person"), id("embedding"))
			b.Mode = format.VectorModeAnyOf
			m.EdgeIndices.Vector = []format.VectorIndex{a, b}
		}, ``},
		{"text index", func(m *format.Snapshot, id func(string) uint64) {
			t := format.TextIndex{Name: "t", Target: id("Person"), Properties: []uint64{id("name")}}
			m.EdgeIndices.Text = []format.TextIndex{t, t}
		}, `text index #1|text index #0|"t" on :Person(name)|false|The text index already exists!`},
		{"text index name", func(m *format.Snapshot, id func(string) uint64) {
			m.EdgeIndices.Text = []format.TextIndex{{Name: "t", Target: id("Person")}, {Name: "t", Target: id("City")}}
		}, `text index #1|text index #0|"t"|true|The text index must be created here!`},
		{"text edge index", func(m *format.Snapshot, id func(string) uint64) {
			t := format.TextIndex{Name: "t", Target: id("KNOWS")}
			m.EdgeIndices.TextEdge = []format.TextIndex{t, t}
		}, `text edge index #1|text edge index #0|"t" on :KNOWS()|false|The text index already exists!`},
		{"existence constraint", func(m *format.Snapshot, id func(string) uint64) {
			e := format.LabelProperty{Label: id("Person"), Property: id("name")}
			m.Constraints.Existence = []format.LabelProperty{e, e}
		}, `existence constraint #1|existence constraint #0|:Person(name)|false|The existence constraint already exists!`},
		{"unique constraint as a set", func(m *format.Snapshot, id func(string) uint64) {
			m.Constraints.Unique = []format.UniqueConstraint{
				{Label: id("Machine"), Properties: []uint64{id("name"), id("age")}},
				{Label: id("Machine"), Properties: []uint64{id("name")}},
				{Label: id("Machine"), Properties: []uint64{id("age"), id("name"), id("age")}},
			}
		}, `unique constraint #2|unique constraint #0|:Machine(age, name)|false|The unique constraint already exists!`},
		{"type constraint", func(m *format.Snapshot, id func(string) uint64) {
			c := format.TypeConstraint{Label: id("Person"), Property: id("name"), Kind: 0}
			m.Constraints.Type = []format.TypeConstraint{c, c}
		}, `type constraint #1|type constraint #0|:Person(name) kind 0|false|The type constraint already exists!`},
		{"type constraint of another kind", func(m *format.Snapshot, id func(string) uint64) {
			m.Constraints.Type = []format.TypeConstraint{{Label: id("Person"), Property: id("name"), Kind: 0}, {Label: id("Person"), Property: id("name"), Kind: 2}}
		}, `type constraint #1|type constraint #0|:Person(name)|true|The type constraint already exists!`},
		{"enum", func(m *format.Snapshot, id func(string) uint64) {
			m.Enums = append(m.Enums, format.EnumType{Name: "Mood", Values: []string{"SAD"}})
		}, `enum #1|enum #0|"Mood"|false|The enum could not be created!`},
		{"enum value", func(m *format.Snapshot, id func(string) uint64) {
			m.Enums[0].Values = append(m.Enums[0].Values, "CALM")
		}, `enum #0|its value "CALM"|"Mood"|false|The enum could not be created!`},
	}
}

func dupLine(d graph.SchemaDuplicate) string {
	return fmt.Sprintf("%s|%s|%s|%v|%s", d.Record(), d.Of, d.Key, d.Rebuild, d.Message)
}

func encodeModel(t *testing.T, m *format.Snapshot) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := encode.EncodeSnapshotWith(&b, m, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestSnapshotSchemaDuplicates: each list's repeat is found under the key
// Memgraph compares, and what Memgraph does about it is what the load
// does: the loader's refusals fail LoadSnapshot with the reason, the
// others load and fail CheckRebuild with Memgraph's words.
func TestSnapshotSchemaDuplicates(t *testing.T) {
	for _, c := range dupCases() {
		t.Run(c.name, func(t *testing.T) {
			m, id := golden.ExampleSnapshotNamer(37)
			c.edit(m, id)
			snap := openSnapshot(t, encodeModel(t, m))
			mapper, err := snap.Mapper()
			if err != nil {
				t.Fatal(err)
			}
			var s graph.SchemaSections
			if s.Enums, err = snap.Enums(); err != nil {
				t.Fatal(err)
			}
			ix, err1 := snap.Indices()
			ei, err2 := snap.EdgeIndices()
			cs, err3 := snap.Constraints()
			if err := errors.Join(err1, err2, err3); err != nil {
				t.Fatal(err)
			}
			s.Indices, s.EdgeIndices, s.Constraints = &ix, &ei, &cs
			dups := graph.SnapshotSchemaDuplicates(graph.ResolveMapper(mapper), s)
			var got []string
			for _, d := range dups {
				got = append(got, dupLine(d))
			}
			if strings.Join(got, "\n") != c.want {
				t.Fatalf("duplicates\n%s\nwant\n%s", strings.Join(got, "\n"), c.want)
			}

			g, err := graph.LoadSnapshot(snap)
			switch {
			case c.want == "":
				if err != nil {
					t.Fatal(err)
				}
				if e := g.CheckRebuild(); e != nil {
					t.Fatalf("rebuild fails: %v", e)
				}
			case !dups[0].Rebuild:
				var de *format.DecodeError
				if !errors.As(err, &de) || !errors.Is(err, format.ErrInconsistent) || de.Reason != dups[0].Reason() || de.File != "test.snapshot" {
					t.Fatalf("load error %v, want the inconsistency %q", err, dups[0].Reason())
				}
			default:
				if err != nil {
					t.Fatal(err)
				}
				e := g.CheckRebuild()
				if e == nil || e.Message != dups[0].Message {
					t.Fatalf("rebuild %v, want %q", e, dups[0].Message)
				}
			}
		})
	}
}

// TestSchemaDuplicatesOlderVersions: the lists a version-20 and a
// version-14 snapshot carry are checked as the current ones are.
func TestSchemaDuplicatesOlderVersions(t *testing.T) {
	for _, c := range []struct {
		v    format.Version
		edit func(m *format.Snapshot, id func(string) uint64)
		want string
	}{
		{14, func(m *format.Snapshot, id func(string) uint64) {
			m.Constraints.Existence = []format.LabelProperty{{Label: id("Person"), Property: id("name")}, {Label: id("Person"), Property: id("name")}}
		}, `existence constraint #1|existence constraint #0|:Person(name)|false|The existence constraint already exists!`},
		{14, func(m *format.Snapshot, id func(string) uint64) {
			m.Indices.LabelProperties = append(m.Indices.LabelProperties, m.Indices.LabelProperties[0])
		}, `label+properties index #1|label+properties index #0|:Person(name)|false|The label+property index already exists!`},
		{20, func(m *format.Snapshot, id func(string) uint64) {
			m.EdgeIndices.Point = []format.LabelProperty{{Label: id("City"), Property: id("location")}, {Label: id("City"), Property: id("location")}}
		}, `point index #1|point index #0|:City(location)|false|The point index already exists!`},
		{20, func(m *format.Snapshot, id func(string) uint64) {
			m.Constraints.Type = []format.TypeConstraint{{Label: id("Person"), Property: id("name"), Kind: 1}, {Label: id("Person"), Property: id("name"), Kind: 3}}
		}, `type constraint #1|type constraint #0|:Person(name)|true|The type constraint already exists!`},
		{22, func(m *format.Snapshot, id func(string) uint64) {
			m.EdgeIndices.Vector = []format.VectorIndex{vectorIndex("v", id("Person"), id("embedding")), vectorIndex("v", id("City"), id("embedding"))}
		}, `vector index #1|vector index #0|"v"|false|The vector index already exists!`},
	} {
		t.Run(fmt.Sprintf("v%d %s", c.v, c.want), func(t *testing.T) {
			m, id := golden.ExampleSnapshotNamer(c.v)
			c.edit(m, id)
			snap := openSnapshot(t, encodeModel(t, m))
			g, err := graph.LoadSnapshot(snap)
			mapper, _ := snap.Mapper()
			ix, _ := snap.Indices()
			ei, _ := snap.EdgeIndices()
			cs, _ := snap.Constraints()
			dups := graph.SnapshotSchemaDuplicates(graph.ResolveMapper(mapper), graph.SchemaSections{Indices: &ix, EdgeIndices: &ei, Constraints: &cs})
			if len(dups) != 1 || dupLine(dups[0]) != c.want {
				t.Fatalf("duplicates %v, want %s", dups, c.want)
			}
			if dups[0].Rebuild {
				if err != nil {
					t.Fatal(err)
				}
				if e := g.CheckRebuild(); e == nil || e.Message != dups[0].Message {
					t.Fatalf("rebuild %v", e)
				}
			} else if err == nil || !strings.Contains(err.Error(), dups[0].Reason()) {
				t.Fatalf("load error %v", err)
			}
		})
	}
}

// TestWALCreateOfLoadedIndex: an index or constraint the snapshot loaded
// exists for the WAL: creating it again fails the replay, as Memgraph's
// WAL loader adds it to the same list.
func TestWALCreateOfLoadedIndex(t *testing.T) {
	m, _ := golden.ExampleSnapshotNamer(37)
	for _, fr := range []format.Frame{
		{Marker: format.DeltaLabelIndexCreate, Delta: format.LabelOnlyDelta{Label: "Person"}},
		{Marker: format.DeltaLabelPropertiesIndexCreate, Delta: format.LabelPropertiesDelta{Label: "Person", Paths: []format.NamePath{{"name"}}}},
		{Marker: format.DeltaUniqueConstraintCreate, Delta: format.UniqueConstraintDelta{Label: "Machine", Properties: []string{"name"}}},
	} {
		g, err := graph.LoadSnapshot(openSnapshot(t, encodeModel(t, m)))
		if err != nil {
			t.Fatal(err)
		}
		if err := g.Apply(fr, format.FeaturesOf(37)); err == nil || !strings.Contains(err.Error(), "already exists") {
			t.Errorf("%s of what the snapshot holds: %v", fr.Marker, err)
		}
	}
}

// TestVectorRebuildAfterWAL: a vector index a WAL creates on the targets
// and property of one the snapshot holds replays (Memgraph's WAL loader
// compares names only) and fails the rebuild, naming the one created
// later, whose name sorts first.
func TestVectorRebuildAfterWAL(t *testing.T) {
	m, id := golden.ExampleSnapshotNamer(37)
	m.EdgeIndices.Vector = []format.VectorIndex{vectorIndex("old", id("Person"), id("embedding"))}
	g, err := graph.LoadSnapshot(openSnapshot(t, encodeModel(t, m)))
	if err != nil {
		t.Fatal(err)
	}
	create := format.Frame{Marker: format.DeltaVectorIndexCreate, Delta: format.VectorIndexDelta{Name: "new", Targets: []string{"Person"},
		Property: "embedding", Metric: "l2sq", Dimension: 2, Resize: 2, Capacity: 8}}
	if err := g.Apply(create, format.FeaturesOf(37)); err != nil {
		t.Fatal(err)
	}
	e := g.CheckRebuild()
	if e == nil || e.Message != fmt.Sprintf(graph.MsgVectorIndexExists, "new") ||
		e.Detail != `vector index "new" is on :Person(embedding), as "old" is` {
		t.Fatalf("rebuild %+v", e)
	}
}

// TestRebuildOrder: a type constraint repeated with another kind fails
// after an existence constraint the data violates, and before a type
// constraint it violates, as Memgraph rebuilds them.
func TestRebuildOrder(t *testing.T) {
	m, id := golden.ExampleSnapshotNamer(37)
	m.Constraints.Type = []format.TypeConstraint{{Label: id("Person"), Property: id("name"), Kind: 0}, {Label: id("Person"), Property: id("name"), Kind: 2}}
	g, err := graph.LoadSnapshot(openSnapshot(t, encodeModel(t, m)))
	if err != nil {
		t.Fatal(err)
	}
	// Person's name is a string: the kind loaded last (2, INTEGER) does not hold.
	if e := g.CheckRebuild(); e == nil || e.Message != graph.MsgTypeAlreadyExists {
		t.Fatalf("rebuild %v, want the repeat before the violation", e)
	}
	m.Constraints.Existence = []format.LabelProperty{{Label: id("Person"), Property: id("nickname")}}
	g, err = graph.LoadSnapshot(openSnapshot(t, encodeModel(t, m)))
	if err != nil {
		t.Fatal(err)
	}
	if e := g.CheckRebuild(); e == nil || e.Message != graph.MsgExistenceViolated {
		t.Fatalf("rebuild %v, want the existence violation first", e)
	}
}

// TestStatsNameMissingID: index statistics name their ids through the
// mapper as the indices do, and Memgraph's loader fails on one the mapper
// lacks (get_label_from_id, get_property_from_id), so the load does too;
// verify reports the same entry as snapshot.schema_id.
func TestStatsNameMissingID(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(m *format.Snapshot, id func(string) uint64)
	}{
		{"label stats, label", func(m *format.Snapshot, id func(string) uint64) {
			m.Indices.LabelStats = append(m.Indices.LabelStats, format.LabelStat{Label: 999, Count: 1})
		}},
		{"label+property stats, label", func(m *format.Snapshot, id func(string) uint64) {
			m.Indices.LabelPropertyStats = append(m.Indices.LabelPropertyStats,
				format.LabelPropertiesStat{Label: 999, Paths: []format.PropertyPath{{id("name")}}})
		}},
		{"label+property stats, property", func(m *format.Snapshot, id func(string) uint64) {
			m.Indices.LabelPropertyStats = append(m.Indices.LabelPropertyStats,
				format.LabelPropertiesStat{Label: id("Person"), Paths: []format.PropertyPath{{999}}})
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			m, id := golden.ExampleSnapshotNamer(37)
			ok := *m
			ok.Indices.LabelStats = []format.LabelStat{{Label: id("Person"), Count: 1}}
			if _, err := graph.LoadSnapshot(openSnapshot(t, encodeModel(t, &ok))); err != nil {
				t.Fatalf("stats naming known ids: %v", err)
			}
			c.edit(m, id)
			_, err := graph.LoadSnapshot(openSnapshot(t, encodeModel(t, m)))
			if !errors.Is(err, format.ErrInconsistent) || !strings.Contains(err.Error(), "id 999 is not in the mapper") {
				t.Fatalf("load: %v, want id 999 missing from the mapper", err)
			}
		})
	}
}
