package inspect

import (
	"strings"
	"testing"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
	"github.com/durascope/durascope/golden/chaindir"
)

type schemaDupCase struct {
	name   string
	v      format.Version
	edit   func(m *format.Snapshot, id func(string) uint64)
	slot   format.OffsetSlot
	record string
	msg    string
}

func schemaDupCases() []schemaDupCase {
	return []schemaDupCase{
		{"label index", 37, func(m *format.Snapshot, id func(string) uint64) {
			m.Indices.Label = []uint64{id("Person"), id("City"), id("Machine"), id("Person")}
		}, format.OffsetIndices, "label index #3",
			`repeats label index #0 (:Person): Memgraph's snapshot loader fails on it ("The label index already exists!")`},
		{"label index under another id of the same name", 37, func(m *format.Snapshot, id func(string) uint64) {
			m.Mapper = append(m.Mapper, format.MapperEntry{ID: 900, Name: "Person"})
			m.Indices.Label = append(m.Indices.Label, 900)
		}, format.OffsetIndices, "label index #1",
			`repeats label index #0 (:Person): Memgraph's snapshot loader fails on it ("The label index already exists!")`},
		{"enum", 37, func(m *format.Snapshot, id func(string) uint64) {
			m.Enums = append(m.Enums, format.EnumType{Name: "Mood", Values: []string{"X"}})
		}, format.OffsetEnums, "enum #1",
			`repeats enum #0 ("Mood"): Memgraph's snapshot loader fails on it ("The enum could not be created!")`},
		{"edge-type+property index", 37, func(m *format.Snapshot, id func(string) uint64) {
			e := format.LabelProperty{Label: id("KNOWS"), Property: id("since")}
			m.EdgeIndices.EdgeTypeProperty = []format.LabelProperty{e, e}
		}, format.OffsetEdgeIndices, "edge-type+property index #1",
			`repeats edge-type+property index #0 (:KNOWS(since)): Memgraph's snapshot loader fails on it ("The edge-type + property index already exists!")`},
		{"vector index on one target", 37, func(m *format.Snapshot, id func(string) uint64) {
			v := format.VectorIndex{Name: "a", Targets: []uint64{id("Person")}, Property: id("embedding"), Metric: "l2sq", Dimension: 2, Resize: 2, Capacity: 8}
			w := v
			w.Name = "b"
			m.EdgeIndices.Vector = []format.VectorIndex{v, w}
		}, format.OffsetEdgeIndices, "vector index #1",
			`repeats vector index #0 (:Person(embedding)): Memgraph fails rebuilding it after loading, and recovery stops ("Vector index 'b' already exists. Corrupted or invalid recovery files.")`},
		{"unique constraint", 37, func(m *format.Snapshot, id func(string) uint64) {
			m.Constraints.Unique = append(m.Constraints.Unique, format.UniqueConstraint{Label: id("Machine"), Properties: []uint64{id("name"), id("name")}})
		}, format.OffsetConstraints, "unique constraint #1",
			`repeats unique constraint #0 (:Machine(name)): Memgraph's snapshot loader fails on it ("The unique constraint already exists!")`},
		{"version 16 label+property index", 16, func(m *format.Snapshot, id func(string) uint64) {
			m.Indices.LabelProperties = append(m.Indices.LabelProperties, m.Indices.LabelProperties[0])
		}, format.OffsetIndices, "label+properties index #1",
			`repeats label+properties index #0 (:Person(name)): Memgraph's snapshot loader fails on it ("The label+property index already exists!")`},
		{"version 20 type constraint", 20, func(m *format.Snapshot, id func(string) uint64) {
			c := format.TypeConstraint{Label: id("Person"), Property: id("name")}
			m.Constraints.Type = []format.TypeConstraint{c, c}
		}, format.OffsetConstraints, "type constraint #1",
			`repeats type constraint #0 (:Person(name) kind 0): Memgraph's snapshot loader fails on it ("The type constraint already exists!")`},
	}
}

// TestVerifySchemaDuplicate: a snapshot listing an index, constraint or
// enum twice is no clean file: verify reports the repeat, at its section,
// with the entry and what Memgraph does, and nothing else.
func TestVerifySchemaDuplicate(t *testing.T) {
	for _, c := range schemaDupCases() {
		t.Run(c.name, func(t *testing.T) {
			m, id := golden.ExampleSnapshotNamer(c.v)
			c.edit(m, id)
			snap := encodeSnap(t, m, nil)
			d := decodeSnap(t, snap)
			f := wantOnly(t, verifyBytes(t, snap, VerifyOptions{}), "snapshot.schema_duplicate", int64(d.Offsets[c.slot]))
			if f.Record != c.record || f.Message != c.msg {
				t.Errorf("finding %q: %s\nwant      %q: %s", f.Record, f.Message, c.record, c.msg)
			}
		})
	}
}

// TestPlanSchemaDuplicate: plan predicts Memgraph's refusal. A repeat the
// snapshot loader refuses fails the snapshot, and Memgraph falls back to
// an older one; one that rebuilding refuses loads the snapshot and stops
// recovery with Memgraph's words.
func TestPlanSchemaDuplicate(t *testing.T) {
	put := func(t *testing.T, d *chaindir.Dir, m *format.Snapshot, ts uint64) string {
		m.Metadata.StartTimestamp, m.Metadata.DurableTimestamp = ts, ts
		rel := "snapshots/" + chaindir.SnapshotName(1, ts)
		d.Put(rel, encodeSnap(t, m, nil))
		return rel
	}
	for _, c := range schemaDupCases() {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			d := chaindir.At(t, dir, c.v)
			m, id := golden.ExampleSnapshotNamer(c.v)
			c.edit(m, id)
			rel := put(t, d, m, 38)
			rebuild := strings.Contains(c.msg, "rebuilding")
			_, tp := planOne(t, dir)
			if tp.Outcome != OutcomeFails || len(tp.Snapshots) != 1 {
				t.Fatalf("outcome %s, snapshots %+v", tp.Outcome, tp.Snapshots)
			}
			s := tp.Snapshots[0]
			if rebuild {
				_, quoted, _ := strings.Cut(c.msg, `recovery stops ("`)
				if s.Decision != datadir.DecisionLoaded || tp.Fatal != strings.TrimSuffix(quoted, `")`) {
					t.Errorf("snapshot %s (%s), fatal %q", s.Decision, s.Reason, tp.Fatal)
				}
				return
			}
			if s.File != rel || s.Decision != datadir.DecisionFailed || !strings.Contains(s.Reason, c.record+" "+c.msg) ||
				tp.Fatal != datadir.MsgNoSnapshotLoads {
				t.Errorf("snapshot %s %s (%s), fatal %q", s.File, s.Decision, s.Reason, tp.Fatal)
			}
		})
	}
	t.Run("fallback", func(t *testing.T) {
		dir := t.TempDir()
		d := chaindir.At(t, dir, 37)
		old := put(t, d, golden.ExampleSnapshot(37), 30)
		m, id := golden.ExampleSnapshotNamer(37)
		m.Constraints.Existence = []format.LabelProperty{{Label: id("Person"), Property: id("name")}, {Label: id("Person"), Property: id("name")}}
		bad := put(t, d, m, 38)
		_, tp := planOne(t, dir)
		if tp.Outcome != OutcomeRecovers || tp.Snapshot != old || len(tp.Snapshots) != 2 || tp.Snapshots[0].File != bad ||
			tp.Snapshots[0].Decision != datadir.DecisionFailed || !tp.LosesData {
			t.Errorf("outcome %s from %s, loses data %v: %+v", tp.Outcome, tp.Snapshot, tp.LosesData, tp.Snapshots)
		}
	})
}
