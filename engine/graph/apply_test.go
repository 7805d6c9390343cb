package graph

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
	"github.com/durascope/durascope/golden/largegen"
)

func fr(m format.Marker, d format.Delta) format.Frame { return format.Frame{Marker: m, Delta: d} }

func dumpLines(s *Graph) []string {
	var out []string
	s.Statements(func(l []byte) bool {
		out = append(out, string(l))
		return true
	})
	return out
}

// replay applies frames to an empty state, returning the first error.
func replay(frames ...format.Frame) (*Graph, error) {
	s := New()
	for _, f := range frames {
		if err := s.Apply(f, format.FeaturesOf(format.MaxVersion)); err != nil {
			return s, err
		}
	}
	return s, nil
}

// TestReplayOrderRules pins the order emulation the dump depends on: labels
// and out-edges are removed with swap-and-pop, properties print in the order
// their names were first used.
func TestReplayOrderRules(t *testing.T) {
	s, err := replay(
		fr(format.DeltaVertexCreate, format.VertexDelta{Gid: 1}),
		fr(format.DeltaVertexAddLabel, format.LabelDelta{Gid: 1, Label: "a"}),
		fr(format.DeltaVertexAddLabel, format.LabelDelta{Gid: 1, Label: "b"}),
		fr(format.DeltaVertexAddLabel, format.LabelDelta{Gid: 1, Label: "c"}),
		fr(format.DeltaVertexRemoveLabel, format.LabelDelta{Gid: 1, Label: "a"}),
		fr(format.DeltaVertexSetProperty, format.VertexPropertyDelta{Gid: 1, Property: "z", Value: format.Int(1)}),
		fr(format.DeltaVertexSetProperty, format.VertexPropertyDelta{Gid: 1, Property: "y", Value: format.Double(0.5)}),
		fr(format.DeltaVertexSetProperty, format.VertexPropertyDelta{Gid: 1, Property: "x", Value: format.String("gone")}),
		fr(format.DeltaVertexSetProperty, format.VertexPropertyDelta{Gid: 1, Property: "x", Value: format.Null{}}),
		fr(format.DeltaVertexCreate, format.VertexDelta{Gid: 2}),
		fr(format.DeltaEdgeCreate, format.EdgeDelta{Gid: 10, EdgeType: "T", From: 1, To: 2}),
		fr(format.DeltaEdgeCreate, format.EdgeDelta{Gid: 11, EdgeType: "U", From: 1, To: 2}),
		fr(format.DeltaEdgeCreate, format.EdgeDelta{Gid: 12, EdgeType: "V", From: 1, To: 1}),
		fr(format.DeltaEdgeSetProperty, format.EdgePropertyDelta{Gid: 12, Property: "w", Value: format.Bool(true)}),
		fr(format.DeltaEdgeDelete, format.EdgeDelta{Gid: 10, EdgeType: "T", From: 1, To: 2}),
	)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"CREATE (:__mg_vertex__:`c`:`b` {__mg_id__: 1, `z`: 1, `y`: 0.5});",
		"CREATE (:__mg_vertex__ {__mg_id__: 2});",
		"CREATE INDEX ON :__mg_vertex__(__mg_id__);",
		"MATCH (u:__mg_vertex__), (v:__mg_vertex__) WHERE u.__mg_id__ = 1 AND v.__mg_id__ = 1 CREATE (u)-[:`V` {`w`: true}]->(v);",
		"MATCH (u:__mg_vertex__), (v:__mg_vertex__) WHERE u.__mg_id__ = 1 AND v.__mg_id__ = 2 CREATE (u)-[:`U`]->(v);",
		"DROP INDEX ON :__mg_vertex__(__mg_id__);",
		"MATCH (u) REMOVE u:__mg_vertex__, u.__mg_id__;",
	}
	if diff := cmp.Diff(want, dumpLines(s)); diff != "" {
		t.Errorf("dump (-want +got):\n%s", diff)
	}
}

// TestReplaySchemaRules pins how schema deltas combine, following Memgraph's
// recovery (src/storage/v2/durability/wal.cpp).
func TestReplaySchemaRules(t *testing.T) {
	s, err := replay(
		fr(format.DeltaEnumCreate, format.EnumCreateDelta{Name: "E", Values: []string{"A", "B"}}),
		fr(format.DeltaEnumAlterAdd, format.EnumAlterAddDelta{Name: "E", Value: "C"}),
		fr(format.DeltaEnumAlterUpdate, format.EnumAlterUpdateDelta{Name: "E", OldValue: "A", NewValue: "Z"}),
		fr(format.DeltaLabelIndexCreate, format.LabelOnlyDelta{Label: "L"}),
		fr(format.DeltaLabelIndexCreate, format.LabelOnlyDelta{Label: "M"}),
		fr(format.DeltaLabelIndexDrop, format.LabelOnlyDelta{Label: "M"}),
		fr(format.DeltaUniqueConstraintCreate, format.UniqueConstraintDelta{Label: "L", Properties: []string{"b", "a"}}),
		fr(format.DeltaUniqueConstraintCreate, format.UniqueConstraintDelta{Label: "M", Properties: []string{"q"}}),
		fr(format.DeltaUniqueConstraintDrop, format.UniqueConstraintDelta{Label: "M", Properties: []string{"q"}}),
		fr(format.DeltaTypeConstraintCreate, format.TypeConstraintDelta{Label: "L", Property: "a", Kind: 2}),
		fr(format.DeltaTTLOperation, format.TTLDelta{Op: format.TTLConfigure, HasStart: true, StartUs: 3600_000_000}),
		fr(format.DeltaTTLOperation, format.TTLDelta{Op: format.TTLEnable}),
		fr(format.DeltaDescriptionSet, format.DescriptionDelta{Description: format.Description{Kind: format.DescLabel, Labels: []string{"M", "L"}, Text: "x"}}),
		fr(format.DeltaDescriptionSet, format.DescriptionDelta{Description: format.Description{Kind: format.DescLabel, Labels: []string{"L"}, Text: "kept \"quoted\""}}),
		fr(format.DeltaDescriptionDelete, format.DescriptionDelta{Description: format.Description{Kind: format.DescLabel, Labels: []string{"L", "M"}}}),
	)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"CREATE ENUM E VALUES { Z, B, C };",
		"CREATE INDEX ON :`L`;",
		"CREATE CONSTRAINT ON (u:`L`) ASSERT u.`b`, u.`a` IS UNIQUE;",
		"CREATE CONSTRAINT ON (u:`L`) ASSERT u.`a` IS TYPED INTEGER;",
		`ENABLE TTL EVERY "86400s" AT "01:00:00";`,
		"SET DESCRIPTION ON LABEL :`L` \"kept \\\"quoted\\\"\";",
	}
	if diff := cmp.Diff(want, dumpLines(s)); diff != "" {
		t.Errorf("dump (-want +got):\n%s", diff)
	}
}

// TestReplayInconsistencies lists what makes Memgraph's recovery fail.
func TestReplayInconsistencies(t *testing.T) {
	v1 := fr(format.DeltaVertexCreate, format.VertexDelta{Gid: 1})
	v2 := fr(format.DeltaVertexCreate, format.VertexDelta{Gid: 2})
	e := fr(format.DeltaEdgeCreate, format.EdgeDelta{Gid: 9, EdgeType: "T", From: 1, To: 2})
	cases := map[string][]format.Frame{
		"vertex created twice":          {v1, v1},
		"label on missing vertex":       {fr(format.DeltaVertexAddLabel, format.LabelDelta{Gid: 5, Label: "L"})},
		"label added twice":             {v1, fr(format.DeltaVertexAddLabel, format.LabelDelta{Gid: 1, Label: "L"}), fr(format.DeltaVertexAddLabel, format.LabelDelta{Gid: 1, Label: "L"})},
		"missing label removed":         {v1, fr(format.DeltaVertexRemoveLabel, format.LabelDelta{Gid: 1, Label: "L"})},
		"edge to missing vertex":        {v1, e},
		"edge delete names other edge":  {v1, v2, e, fr(format.DeltaEdgeDelete, format.EdgeDelta{Gid: 9, EdgeType: "U", From: 1, To: 2})},
		"vertex deleted with edges":     {v1, v2, e, fr(format.DeltaVertexDelete, format.VertexDelta{Gid: 1})},
		"index dropped that is missing": {fr(format.DeltaLabelIndexDrop, format.LabelOnlyDelta{Label: "L"})},
		"index created twice":           {fr(format.DeltaEdgeIndexCreate, format.EdgeTypeDelta{EdgeType: "T"}), fr(format.DeltaEdgeIndexCreate, format.EdgeTypeDelta{EdgeType: "T"})},
		"type constraint dropped with other kind": {
			fr(format.DeltaTypeConstraintCreate, format.TypeConstraintDelta{Label: "L", Property: "p", Kind: 0}),
			fr(format.DeltaTypeConstraintDrop, format.TypeConstraintDelta{Label: "L", Property: "p", Kind: 1})},
		"stats cleared that were never set":    {fr(format.DeltaLabelIndexStatsClear, format.LabelOnlyDelta{Label: "L"})},
		"enum value renamed onto another":      {fr(format.DeltaEnumCreate, format.EnumCreateDelta{Name: "E", Values: []string{"A", "B"}}), fr(format.DeltaEnumAlterUpdate, format.EnumAlterUpdateDelta{Name: "E", OldValue: "A", NewValue: "B"})},
		"enum value added twice":               {fr(format.DeltaEnumCreate, format.EnumCreateDelta{Name: "E", Values: []string{"A"}}), fr(format.DeltaEnumAlterAdd, format.EnumAlterAddDelta{Name: "E", Value: "A"})},
		"vector index dropped that is missing": {fr(format.DeltaVectorIndexDrop, format.NameOnlyDelta{Name: "v"})},
	}
	for name, frames := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := replay(frames...); err == nil {
				t.Fatal("replay succeeded; Memgraph's recovery fails here")
			} else if strings.TrimSpace(err.Error()) == "" {
				t.Fatal("empty error")
			}
		})
	}
}

// TestReplayVectorScalarKindDefault: only files before VectorScalarKind get
// the f32 default; a later file's stored kind is printed as stored.
func TestReplayVectorScalarKindDefault(t *testing.T) {
	for _, c := range []struct {
		version format.Version
		kind    uint64
		want    string
	}{{22, 0, `"scalar_kind": "f32"`}, {26, 12, `"scalar_kind": "f16"`}, {26, 10, `"scalar_kind": "f64"`}} {
		s := New()
		d := format.VectorIndexDelta{Name: "v", Targets: []string{"L"}, Property: "p", Metric: "l2sq", Dimension: 2, Resize: 2, Capacity: 10, ScalarKind: c.kind}
		if err := s.Apply(fr(format.DeltaVectorIndexCreate, d), format.FeaturesOf(c.version)); err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(dumpLines(s), "\n"); !strings.Contains(got, c.want) {
			t.Errorf("v%d kind %d: %s lacks %s", c.version, c.kind, got, c.want)
		}
	}
}

// TestVectorIndexTakesExistingValues: creating a vertex vector index turns
// the vectors it covers into VECTOR_INDEX_ID values as the index keeps
// them (rounded to its scalar kind), as Memgraph's index creation does; a
// second index on the property names itself beside the first, whose
// rounding stays; other values, and versions before VectorIndexID, stay as
// they are. A label gained or lost, and a drop, move vertices in and out.
func TestVectorIndexTakesExistingValues(t *testing.T) {
	setup := []format.Frame{
		fr(format.DeltaVertexCreate, format.VertexDelta{Gid: 0}),
		fr(format.DeltaVertexAddLabel, format.LabelDelta{Gid: 0, Label: "L"}),
		fr(format.DeltaVertexSetProperty, format.VertexPropertyDelta{Gid: 0, Property: "p", Value: format.List{format.Double(0.65), format.Int(2)}}),
		fr(format.DeltaVertexCreate, format.VertexDelta{Gid: 1}), // no label
		fr(format.DeltaVertexSetProperty, format.VertexPropertyDelta{Gid: 1, Property: "p", Value: format.List{format.Double(0.65), format.Int(2)}}),
		fr(format.DeltaVertexCreate, format.VertexDelta{Gid: 2}), // another dimension
		fr(format.DeltaVertexAddLabel, format.LabelDelta{Gid: 2, Label: "L"}),
		fr(format.DeltaVertexSetProperty, format.VertexPropertyDelta{Gid: 2, Property: "p", Value: format.List{format.Double(0.65)}}),
	}
	index := func(name string, kind uint64) format.Frame {
		return fr(format.DeltaVectorIndexCreate, format.VectorIndexDelta{Name: name, Targets: []string{"L"}, Property: "p", Metric: "cos", Dimension: 2, Resize: 2, Capacity: 10, ScalarKind: kind})
	}
	plain := format.List{format.Double(0.65), format.Int(2)}
	for _, c := range []struct {
		version format.Version
		want    format.Value
	}{
		{format.MaxVersion, format.VectorIndexID{Indexes: []string{"a", "b"}, Vector: []float64{0.64990234375, 2}}},
		{31, plain},
	} {
		s := New()
		for _, f := range append(setup, index("a", ScalarF16), index("b", ScalarF32)) {
			if err := s.Apply(f, format.FeaturesOf(c.version)); err != nil {
				t.Fatal(err)
			}
		}
		get := func(gid uint64) format.Value {
			v, err := s.vertex(gid)
			if err != nil {
				t.Fatal(err)
			}
			val, _ := v.Props(s).Get(s.names.id("p"))
			return val
		}
		if got := get(0); !cmp.Equal(got, c.want) {
			t.Errorf("v%d: the indexed vertex holds %#v, want %#v", c.version, got, c.want)
		}
		if got := get(1); !cmp.Equal(got, plain) {
			t.Errorf("v%d: the unlabelled vertex holds %#v", c.version, got)
		}
		if got := get(2); !cmp.Equal(got, format.List{format.Double(0.65)}) {
			t.Errorf("v%d: the vertex of another dimension holds %#v", c.version, got)
		}
		if c.version < format.MaxVersion {
			continue
		}
		// The unlabelled vertex gets the label: it enters both indices.
		// The first vertex loses it: out of both, its vector a list again,
		// as index a rounded it. Dropping a leaves vertex 1 in b alone;
		// dropping b too leaves the list a's rounding made.
		rounded := format.List{format.Double(0.64990234375), format.Double(2)}
		steps := []struct {
			frame format.Frame
			gid   uint64
			want  format.Value
		}{
			{fr(format.DeltaVertexAddLabel, format.LabelDelta{Gid: 1, Label: "L"}), 1, format.VectorIndexID{Indexes: []string{"a", "b"}, Vector: []float64{0.64990234375, 2}}},
			{fr(format.DeltaVertexRemoveLabel, format.LabelDelta{Gid: 0, Label: "L"}), 0, rounded},
			{fr(format.DeltaVectorIndexDrop, format.NameOnlyDelta{Name: "a"}), 1, format.VectorIndexID{Indexes: []string{"b"}, Vector: []float64{0.64990234375, 2}}},
			{fr(format.DeltaVectorIndexDrop, format.NameOnlyDelta{Name: "b"}), 1, rounded},
		}
		for _, st := range steps {
			if err := s.Apply(st.frame, format.FeaturesOf(c.version)); err != nil {
				t.Fatal(err)
			}
			if got := get(st.gid); !cmp.Equal(got, st.want) {
				t.Errorf("after %v: vertex %d holds %#v, want %#v", st.frame.Marker, st.gid, got, st.want)
			}
		}
	}
}

// Deleted objects keep their gids burned: the generators stay past every
// created gid, as Memgraph's LoadWal raises them on each CREATE.
func TestNextGidsBurnDeleted(t *testing.T) {
	s, err := replay(
		fr(format.DeltaVertexCreate, format.VertexDelta{Gid: 3}),
		fr(format.DeltaVertexCreate, format.VertexDelta{Gid: 9}),
		fr(format.DeltaEdgeCreate, format.EdgeDelta{Gid: 7, EdgeType: "T", From: 3, To: 9}),
		fr(format.DeltaEdgeDelete, format.EdgeDelta{Gid: 7, EdgeType: "T", From: 3, To: 9}),
		fr(format.DeltaVertexDelete, format.VertexDelta{Gid: 9}),
		fr(format.DeltaVertexCreate, format.VertexDelta{Gid: 4}),
	)
	if err != nil {
		t.Fatal(err)
	}
	if v, e := s.NextGids(); v != 10 || e != 8 {
		t.Fatalf("next gids %d, %d; want 10, 8", v, e)
	}
	if v, e := New().NextGids(); v != 0 || e != 0 {
		t.Fatalf("an empty graph's next gids %d, %d; want 0, 0", v, e)
	}
}

// TestReplacedRecordsCompact sets properties over and over, on vertices
// and edges, with deletions and large values among them: the records
// replaced are let go of (recordStore.compact), and the graph dumps as one
// built with the final values does.
func TestReplacedRecordsCompact(t *testing.T) {
	const n = 20
	var frames, final []format.Frame
	for g := range uint64(n) {
		for _, fs := range []*[]format.Frame{&frames, &final} {
			*fs = append(*fs, fr(format.DeltaVertexCreate, format.VertexDelta{Gid: g}),
				fr(format.DeltaVertexAddLabel, format.LabelDelta{Gid: g, Label: "L"}))
			if g > 0 {
				*fs = append(*fs, fr(format.DeltaEdgeCreate, format.EdgeDelta{Gid: g, EdgeType: "T", From: g - 1, To: g}))
			}
		}
	}
	value := func(g uint64, round int) format.Value {
		if round%97 == 0 {
			return format.String(strings.Repeat("large", arenaLarge/4) + fmt.Sprint(g, round))
		}
		return format.String(fmt.Sprintf("%d-%d-%s", g, round, strings.Repeat("v", int(g))))
	}
	const rounds = 1000
	for round := range rounds {
		for g := range uint64(n) {
			frames = append(frames, fr(format.DeltaVertexSetProperty, format.VertexPropertyDelta{Gid: g, Property: "p", Value: value(g, round)}))
			if g > 0 {
				frames = append(frames, fr(format.DeltaEdgeSetProperty, format.EdgePropertyDelta{Gid: g, Property: "w", Value: value(g, round)}))
			}
		}
		frames = append(frames, fr(format.DeltaTransactionEnd, format.TxnEnd{}))
	}
	for g := range uint64(n) {
		final = append(final, fr(format.DeltaVertexSetProperty, format.VertexPropertyDelta{Gid: g, Property: "p", Value: value(g, rounds-1)}))
		if g > 0 {
			final = append(final, fr(format.DeltaEdgeSetProperty, format.EdgePropertyDelta{Gid: g, Property: "w", Value: value(g, rounds-1)}))
		}
	}
	// The last vertex and its edge go, with their records.
	del := []format.Frame{
		fr(format.DeltaEdgeDelete, format.EdgeDelta{Gid: n - 1, EdgeType: "T", From: n - 2, To: n - 1}),
		fr(format.DeltaVertexDelete, format.VertexDelta{Gid: n - 1}),
	}
	got, err := replay(append(frames, del...)...)
	if err != nil {
		t.Fatal(err)
	}
	want, err := replay(append(final, del...)...)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(dumpLines(want), dumpLines(got)); d != "" {
		t.Errorf("dump after compactions (-want +got):\n%s", d)
	}
	st := &got.recs
	if len(st.spare) == 0 {
		t.Error("no chunk was let go of")
	}
	var held int
	for _, k := range st.ownChunks {
		held += len(st.chunks[k])
	}
	if held > 4*st.live+64<<10 {
		t.Errorf("%d bytes of chunks for %d bytes of records", held, st.live)
	}
}

// TestReplayWritesOverRecords replays a generated WAL, whose objects get
// their labels and properties delta by delta: the replay, which writes
// records over the ones they replace (TestRecordStore), recovers what
// applying the frames one by one does, and leaves little behind.
func TestReplayWritesOverRecords(t *testing.T) {
	var f golden.MemFile
	if _, err := largegen.WriteWAL(&f, format.MaxVersion, 2<<20, 1); err != nil {
		t.Fatal(err)
	}
	data := f.Bytes()
	replayed := New()
	if _, err := replayed.ReplayWAL(openWAL(t, data), 0); err != nil {
		t.Fatal(err)
	}
	applied, _, err := applyOneByOne(t, data)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(dumpLines(applied), dumpLines(replayed)); d != "" {
		t.Errorf("replayed (-applied +replayed):\n%s", d)
	}
	r, a := &replayed.recs, &applied.recs
	t.Logf("replayed: %d bytes held, %d left behind; applied: %d, %d", r.live, r.dead, a.live, a.dead)
	if r.live != a.live || r.dead > r.live/8 {
		t.Errorf("replayed: %d bytes of records held and %d left behind, applied: %d held", r.live, r.dead, a.live)
	}
}

func openWAL(t *testing.T, data []byte) *decode.WAL {
	t.Helper()
	w, err := decode.OpenWAL(bytes.NewReader(data), int64(len(data)), "test.wal")
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// applyOneByOne applies the frames of the WAL's committed transactions to
// a new graph one by one, up to the first that fails: its offset and error
// (-1 and nil when none does).
func applyOneByOne(t *testing.T, data []byte) (g *Graph, failAt int64, failure error) {
	t.Helper()
	g, w := New(), openWAL(t, data)
	for {
		txn, err := w.NextTransaction()
		if err == io.EOF {
			return g, -1, nil
		}
		if err != nil {
			t.Fatal(err)
		}
		if !txn.Commit {
			continue
		}
		for _, f := range txn.Frames {
			if err := g.Apply(f, w.Features); err != nil {
				return g, f.Offset, err
			}
		}
	}
}
