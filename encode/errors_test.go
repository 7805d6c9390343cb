package encode

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
)

func modelError(t *testing.T, err error) *ModelError {
	t.Helper()
	var me *ModelError
	if !errors.As(err, &me) {
		t.Fatalf("error %v is not a *ModelError", err)
	}
	return me
}

// hasIssue reports whether me lists an issue at where (prefix) with feature.
func hasIssue(me *ModelError, where, feature string, unrep bool) bool {
	for _, is := range me.Issues {
		if strings.HasPrefix(is.Where, where) && is.Feature.String() == feature && is.Unrepresentable == unrep {
			return true
		}
	}
	return false
}

// TestSnapshotUnrepresentable: a model with content from later versions is
// refused at an older one, every issue listed, nothing written.
func TestSnapshotUnrepresentable(t *testing.T) {
	m := golden.FixtureSnapshot(37)
	m.Version = 14
	var buf bytes.Buffer
	err := EncodeSnapshot(&buf, m)
	if !errors.Is(err, ErrUnrepresentable) || buf.Len() != 0 {
		t.Fatalf("v37 content at v14: err %v, %d bytes written", err, buf.Len())
	}
	me := modelError(t, err)
	for _, want := range []struct{ where, feature string }{
		{"indices.label_stats", "IndexStats"},
		{"indices.label_properties_desc", "DescIndices"},
		{"indices.label_property_stats", "IndexStats"},
		{"indices.label_properties #0", "CompositeIndices"},
		{"edge_indices", "EdgeIndices"},
		{"constraints.type", "PointIndexTypeConstraints"},
		{"enums", "Enums"},
		{"metadata", "DurableTimestamp"},
		{"metadata", "NumCommittedTxns"},
		{"ttl", "TTL"},
		{"descriptions", "Descriptions"},
		{"descriptions #8", "PropertyValueDescription"},
		{"vertex #", "ZonedTemporal"},
		{"vertex #", "Enums"},
		{"vertex #", "Points"},
		{"vertex #", "VectorIndexID"},
	} {
		if !hasIssue(me, want.where, want.feature, true) {
			t.Errorf("no issue at %q for %s in:\n%v", want.where, want.feature, me)
		}
	}
	if CheckSnapshot(m) == nil {
		t.Error("CheckSnapshot accepts it")
	}

	for _, c := range []struct {
		v       format.Version
		edit    func(*format.Snapshot)
		where   string
		feature string
	}{
		{29, func(m *format.Snapshot) { m.TTL = &format.TTLConfig{} }, "ttl", "TTL"},
		{30, func(m *format.Snapshot) {
			m.EdgeIndices.TextEdgePresent = true
		}, "edge_indices.text_edge", "TextEdgeIndex"},
		{28, func(m *format.Snapshot) { m.EdgeIndices.Text[0].Properties = []uint64{1} }, "edge_indices.text #0", "TextIndexProperties"},
		{24, func(m *format.Snapshot) { m.Indices.LabelProperties[0].Paths = []format.PropertyPath{{1, 2}} }, "indices.label_properties #0", "NestedIndices"},
		{34, func(m *format.Snapshot) { m.EdgeIndices.Vector[0].Mode = format.VectorModeWildcard }, "edge_indices.vector #0", "VectorMultiLabel"},
		{25, func(m *format.Snapshot) { m.EdgeIndices.Vector[0].ScalarKind = 11 }, "edge_indices.vector #0", "VectorScalarKind"},
		{33, func(m *format.Snapshot) {
			m.EdgeIndices.VectorEdge[0].Entries = []format.VectorEntry{{Gid: 1, Vector: []float64{1, 2}}}
		}, "edge_indices.vector_edge #0", "VectorEdgeEntries"},
		{16, func(m *format.Snapshot) {
			m.Vertices[0].Properties[0].Value = format.ZonedTemporal{ZoneIsName: true, ZoneName: "UTC"}
		}, "vertex #0", "ZonedTemporal"},
		{36, func(m *format.Snapshot) {
			m.Descriptions[0] = format.Description{Kind: format.DescPropertyValue, Property: "p", Value: format.Int(1)}
		}, "descriptions #0", "PropertyValueDescription"},
	} {
		m := golden.FixtureSnapshot(c.v)
		c.edit(m)
		err := CheckSnapshot(m)
		if !errors.Is(err, ErrUnrepresentable) {
			t.Errorf("v%d %s: %v", c.v, c.where, err)
			continue
		}
		if me := modelError(t, err); !hasIssue(me, c.where, c.feature, true) || len(me.Issues) != 1 {
			t.Errorf("v%d: want exactly one issue at %q [%s], got %v", c.v, c.where, c.feature, me)
		}
	}
}

// TestSnapshotInvalid: models that would not read back as written.
func TestSnapshotInvalid(t *testing.T) {
	for _, c := range []struct {
		name  string
		v     format.Version
		edit  func(*format.Snapshot)
		where string
	}{
		{"text list marked absent", 37, func(m *format.Snapshot) {
			m.EdgeIndices.TextPresent = false
			m.EdgeIndices.TextEdge = nil
			m.EdgeIndices.TextEdgePresent = false
		}, "edge_indices.text"},
		{"text edge without text", 37, func(m *format.Snapshot) { m.EdgeIndices.TextPresent = false; m.EdgeIndices.Text = nil }, "edge_indices.text_edge"},
		{"vector entry length", 37, func(m *format.Snapshot) { m.EdgeIndices.Vector[0].Entries[1].Vector = []float64{1} }, "edge_indices.vector #0"},
		{"v14 vertex count", 14, func(m *format.Snapshot) { m.Metadata.VertexCount++ }, "metadata.vertex_count"},
		{"v14 edge count", 14, func(m *format.Snapshot) { m.Metadata.EdgeCount-- }, "metadata.edge_count"},
		{"disabled TTL with fields", 30, func(m *format.Snapshot) { m.TTL.Enabled = false }, "ttl"},
		{"nil value", 20, func(m *format.Snapshot) { m.Edges[0].Properties[0].Value = nil }, "edge #0"},
		{"pointer value", 20, func(m *format.Snapshot) { x := format.Int(1); m.Edges[0].Properties[0].Value = &x }, "edge #0"},
		{"temporal type", 20, func(m *format.Snapshot) { m.Edges[0].Properties[0].Value = format.Temporal{Type: 9} }, "edge #0"},
		{"description field", 34, func(m *format.Snapshot) { m.Descriptions[0].Property = "stray" }, "descriptions #0"},
		{"description kind", 34, func(m *format.Snapshot) { m.Descriptions[0].Kind = 42 }, "descriptions #0"},
	} {
		m := golden.FixtureSnapshot(c.v)
		c.edit(m)
		var buf bytes.Buffer
		err := EncodeSnapshot(&buf, m)
		if !errors.Is(err, ErrInvalidModel) || errors.Is(err, ErrUnrepresentable) || buf.Len() != 0 {
			t.Errorf("%s: err %v, %d bytes written", c.name, err, buf.Len())
			continue
		}
		if me := modelError(t, err); !hasIssue(me, c.where, "", false) {
			t.Errorf("%s: no issue at %q: %v", c.name, c.where, me)
		}
	}
	// Omitting the edge section while edges have records.
	m := golden.FixtureSnapshot(37)
	if err := EncodeSnapshotWith(&bytes.Buffer{}, m, &SnapshotOptions{OmitEdgeSection: true}); !errors.Is(err, ErrInvalidModel) {
		t.Errorf("edge records with OmitEdgeSection: %v", err)
	}
	// The streaming writer refuses a bad record but stays usable.
	sw, err := NewSnapshotWriter(&golden.MemFile{}, 17, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := sw.WriteVertex(format.VertexRecord{Gid: 1, Properties: []format.Property{{ID: 1, Value: format.Enum{}}}}); !errors.Is(err, ErrUnrepresentable) {
		t.Errorf("enum at v17: %v", err)
	}
	if err := sw.WriteVertex(format.VertexRecord{Gid: 1}); err != nil {
		t.Errorf("writer unusable after a refused record: %v", err)
	}
	if err := sw.WriteEdge(format.EdgeRecord{Gid: 1}); err == nil {
		t.Error("edge after vertex accepted")
	}
	if _, err := NewSnapshotWriter(&bytes.Buffer{}, 37, nil); err == nil {
		t.Error("SnapshotWriter on a writer that cannot seek")
	}
}

// TestWALUnrepresentable: frames of later versions are refused, each listed.
func TestWALUnrepresentable(t *testing.T) {
	m := &format.WAL{Header: format.WALHeader{Version: 37, UUID: "u", Epoch: "e"}}
	m.Frames = golden.FixtureWAL(37).Frames
	m.Header.Version = 28
	m.Header.Summary = &format.WALSummary{}
	var buf bytes.Buffer
	err := EncodeWAL(&buf, m)
	if !errors.Is(err, ErrUnrepresentable) || buf.Len() != 0 {
		t.Fatalf("v37 frames at v28: err %v, %d bytes", err, buf.Len())
	}
	me := modelError(t, err)
	for _, want := range []struct{ where, feature string }{
		{"header.summary", "WALSummary"},
		{"frame #", "TxnAccessType"},
		{"frame #", "VectorIndexID"},
		{"frame #", "EdgeSetToVertex"},
		{"frame #", "DescIndices"},
		{"frame #", "VectorMultiLabel"},
		{"frame #", "TextIndexProperties"},
	} {
		if !hasIssue(me, want.where, want.feature, true) {
			t.Errorf("no issue at %q for %s in:\n%v", want.where, want.feature, me)
		}
	}
	later := 0
	for _, is := range me.Issues {
		if strings.Contains(is.What, "needs format") && strings.Contains(is.What, "delta") {
			later++
		}
	}
	if later == 0 {
		t.Errorf("no issue for deltas of later versions (TTL_OPERATION, DESCRIPTION_SET, ...): %v", me)
	}

	for _, c := range []struct {
		v       format.Version
		fr      format.Frame
		feature string
	}{
		{20, format.Frame{Marker: format.DeltaEdgeSetProperty, Delta: format.EdgePropertyDelta{Gid: 1, Property: "p", Value: format.Null{}, From: 3}}, "EdgeSetFromVertex"},
		{32, format.Frame{Marker: format.DeltaEdgeSetProperty, Delta: format.EdgePropertyDelta{Gid: 1, Property: "p", Value: format.Null{}, From: 3, To: format.UnknownGid}}, "EdgeSetToVertex"},
		{23, format.Frame{Marker: format.DeltaLabelPropertiesIndexCreate, Delta: format.LabelPropertiesDelta{Label: "L", Paths: []format.NamePath{{"a"}, {"b"}}}}, "CompositeIndices"},
		{33, format.Frame{Marker: format.DeltaLabelPropertiesIndexCreate, Delta: format.LabelPropertiesDelta{Label: "L", Paths: []format.NamePath{{"a"}}, Order: 1}}, "DescIndices"},
		{29, format.Frame{Marker: format.DeltaTextIndexDrop, Delta: format.TextIndexDelta{Name: "t", Target: "L"}}, "TextIndexProperties"},
		{29, format.Frame{Marker: format.DeltaTransactionStart, Delta: format.TxnStart{Commit: true, AccessType: 1}}, "TxnAccessType"},
	} {
		w := &format.WAL{Header: format.WALHeader{Version: c.v}, Frames: []format.Frame{c.fr}}
		err := CheckWAL(w)
		if me := modelError(t, err); !hasIssue(me, "frame #0", c.feature, true) || len(me.Issues) != 1 {
			t.Errorf("v%d %s: want one issue [%s], got %v", c.v, c.fr.Marker, c.feature, err)
		}
	}
}

// TestIssueLimit: a huge bad model lists maxIssues issues and counts the rest.
func TestIssueLimit(t *testing.T) {
	m := &format.Snapshot{Version: 17}
	for i := range 100 {
		m.Vertices = append(m.Vertices, format.VertexRecord{Gid: uint64(i), Properties: []format.Property{{ID: 1, Value: format.Enum{}}}})
	}
	m.Metadata.VertexCount = 100
	me := modelError(t, CheckSnapshot(m))
	if len(me.Issues) != maxIssues || me.Omitted != 100-maxIssues {
		t.Errorf("%d issues listed, %d omitted", len(me.Issues), me.Omitted)
	}
	if !strings.Contains(me.Error(), "and 36 more") {
		t.Errorf("message: %s", me.Error())
	}
}
