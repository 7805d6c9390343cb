package encode

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
)

// allVersions is every supported version; the scratch tests run on each.
func allVersions() []format.Version {
	var out []format.Version
	for v := format.MinVersion; v <= format.MaxVersion; v++ {
		out = append(out, v)
	}
	return out
}

// scratchValues returns property values of every type the version has.
func scratchValues(f format.Features) []format.Value {
	vals := []format.Value{
		format.Null{}, format.Bool(true), format.Bool(false), format.Int(-1), format.Int(1 << 40),
		format.Double(3.25), format.Double(-1e300), format.String(""), format.String("héllo, wörld"),
		format.List{format.Int(1), format.String("x"), format.List{}},
		format.Map{{Key: "a", Value: format.Int(1)}, {Key: "b", Value: format.Map{}}, {Key: "c", Value: format.List{format.Null{}}}},
		format.Temporal{Type: format.TemporalDate, Micros: 86_400_000_000 * 3},
		format.Temporal{Type: format.TemporalLocalTime, Micros: 3_600_000_000},
		format.Temporal{Type: format.TemporalLocalDateTime, Micros: 1_700_000_000_000_000},
		format.Temporal{Type: format.TemporalDuration, Micros: -5},
	}
	if f.ZonedTemporal {
		vals = append(vals,
			format.ZonedTemporal{Micros: 1_700_000_000_000_000, ZoneIsName: true, ZoneName: "Europe/Zagreb"},
			format.ZonedTemporal{Micros: -1, OffsetMinutes: -60})
	}
	if f.Enums {
		vals = append(vals, format.Enum{TypeID: 0, ValueID: 1})
	}
	if f.Points {
		vals = append(vals,
			format.Point2D{SRID: format.SRIDWGS84_2D, X: 15.97, Y: 45.81},
			format.Point3D{SRID: format.SRIDCartesian3D, X: 1, Y: 2, Z: 3})
	}
	if f.VectorIndexID {
		vals = append(vals, format.VectorIndexID{Indexes: []string{"vi"}, Vector: []float64{0.5, -1}})
	}
	return vals
}

// scratchPaths shapes label+properties paths for the version.
func scratchPaths(f format.Features) []format.PropertyPath {
	switch {
	case f.NestedIndices:
		return []format.PropertyPath{{3}, {4, 5, 6}}
	case f.CompositeIndices:
		return []format.PropertyPath{{3}, {4}}
	}
	return []format.PropertyPath{{3}}
}

// scratchSnapshot builds a snapshot that uses every section and field of v.
func scratchSnapshot(v format.Version) *format.Snapshot {
	f := format.FeaturesOf(v)
	m := &format.Snapshot{Version: v}
	vals := scratchValues(f)
	for i := range 5 {
		e := format.EdgeRecord{Gid: uint64(i)}
		if i%2 == 0 {
			e.Properties = []format.Property{{ID: 3, Value: vals[i%len(vals)]}, {ID: 4, Value: format.Int(int64(i))}}
		}
		m.Edges = append(m.Edges, e)
	}
	for i := range 7 {
		vr := format.VertexRecord{Gid: uint64(10 + i), Labels: []uint64{1, 2}[:i%3]}
		for j := i; j < len(vals); j += 7 {
			vr.Properties = append(vr.Properties, format.Property{ID: uint64(3 + j), Value: vals[j]})
		}
		if i < 5 {
			vr.OutEdges = []format.EdgeRef{{Edge: uint64(i), Other: uint64(10 + (i+1)%7), Type: 7}}
		}
		if i > 0 && i < 6 {
			vr.InEdges = []format.EdgeRef{{Edge: uint64(i - 1), Other: uint64(10 + i - 1), Type: 7}}
		}
		m.Vertices = append(m.Vertices, vr)
	}
	ix := &m.Indices
	ix.Label = []uint64{1, 2}
	ix.LabelProperties = []format.LabelPropertiesIndex{{Label: 1, Paths: scratchPaths(f)}, {Label: 2, Paths: []format.PropertyPath{{3}}}}
	if f.IndexStats {
		ix.LabelStats = []format.LabelStat{{Label: 1, Count: 5, AvgDegree: 1.5}}
		ix.LabelPropertyStats = []format.LabelPropertiesStat{{Label: 1, Paths: scratchPaths(f), Count: 4, DistinctCount: 3, Statistic: 0.25, AvgGroupSize: 1.33, AvgDegree: 2}}
	}
	if f.DescIndices {
		ix.LabelPropertiesDesc = []format.LabelPropertiesIndex{{Label: 2, Paths: scratchPaths(f)}}
	}
	if f.EdgeIndices {
		ei := &m.EdgeIndices
		ei.EdgeType = []uint64{7}
		if f.EdgeTypePropertyIndex {
			ei.EdgeTypeProperty = []format.LabelProperty{{Label: 7, Property: 4}}
		}
		if f.GlobalEdgePropertyIndex {
			ei.GlobalEdgeProperty = []uint64{4}
		}
		if f.GlobalVertexPropertyIndex {
			ei.GlobalVertexProperty = []uint64{3, 5}
		}
		if f.PointIndexTypeConstraints {
			ei.Point = []format.LabelProperty{{Label: 1, Property: 5}}
		}
		vi := func(name string, target uint64, edge bool) format.VectorIndex {
			x := format.VectorIndex{Name: name, Mode: format.VectorModeSingle, Targets: []uint64{target}, Property: 6,
				Metric: "l2sq", Dimension: 2, Resize: 2, Capacity: 100}
			if f.VectorMultiLabel {
				x.Mode, x.Targets = format.VectorModeAnyOf, []uint64{target, target + 1}
			}
			if f.VectorScalarKind {
				x.ScalarKind = 11
			}
			if vectorWithEntries(f, edge) {
				x.Entries = []format.VectorEntry{{Gid: 10, Vector: []float64{1, 2}}, {Gid: 11, Vector: []float64{-3, 0.5}}}
			}
			return x
		}
		if f.VectorIndex {
			ei.Vector = []format.VectorIndex{vi("vi", 1, false)}
		}
		if f.VectorEdgeIndex {
			ei.VectorEdge = []format.VectorIndex{vi("vei", 7, true)}
		}
		ei.TextPresent = true
		ti := format.TextIndex{Name: "ti", Target: 1}
		if f.TextIndexProperties {
			ti.Properties = []uint64{3, 4}
		}
		ei.Text = []format.TextIndex{ti}
		if f.TextEdgeIndex {
			ei.TextEdgePresent = true
			ei.TextEdge = []format.TextIndex{{Name: "tei", Target: 7, Properties: ti.Properties}}
		}
	}
	m.Constraints.Existence = []format.LabelProperty{{Label: 1, Property: 3}}
	m.Constraints.Unique = []format.UniqueConstraint{{Label: 2, Properties: []uint64{3, 4}}}
	if f.PointIndexTypeConstraints {
		m.Constraints.Type = []format.TypeConstraint{{Label: 1, Property: 4, Kind: 2}}
	}
	m.Mapper = []format.MapperEntry{{ID: 1, Name: "L1"}, {ID: 2, Name: "L2"}, {ID: 3, Name: "p3"}, {ID: 4, Name: "p4"},
		{ID: 5, Name: "p5"}, {ID: 6, Name: "p6"}, {ID: 7, Name: "T"}}
	for j := 7; j < 3+len(vals); j++ {
		m.Mapper = append(m.Mapper, format.MapperEntry{ID: uint64(j + 1), Name: fmt.Sprintf("p%d", j+1)})
	}
	if f.Enums {
		m.Enums = []format.EnumType{{Name: "Color", Values: []string{"Red", "Green"}}, {Name: "Empty"}}
	}
	m.EpochHistory = []format.EpochEntry{{ID: "old-epoch-1", Timestamp: 10}, {ID: "old-epoch-2", Timestamp: 20}}
	m.Metadata = format.SnapshotMetadata{UUID: "2456416f-0000-4000-8000-000000000001", Epoch: "e35ebe26-0000-4000-8000-000000000002",
		StartTimestamp: 100, DurableTimestamp: 100, EdgeCount: 5, VertexCount: 7}
	if f.DurableTimestamp {
		m.Metadata.DurableTimestamp = 99
	}
	if f.NumCommittedTxns {
		m.Metadata.NumCommittedTxns = 42
	}
	if f.TTL {
		m.TTL = &format.TTLConfig{Enabled: true, Running: true, HasPeriod: true, PeriodUs: 1_000_000, HasStart: true, StartNs: 1_786_536_000_000_000_000, EdgeTTL: true}
	}
	if f.Descriptions {
		m.Descriptions = []format.Description{
			{Kind: format.DescDatabase, Text: "the db"},
			{Kind: format.DescLabel, Labels: []string{"L1", "L2"}, Text: "labels"},
			{Kind: format.DescEdgeType, EdgeType: "T", Text: "type"},
			{Kind: format.DescLabelProperty, Labels: []string{"L1"}, Property: "p3", Text: "lp"},
			{Kind: format.DescEdgeTypeProperty, EdgeType: "T", Property: "p4", Text: "tp"},
			{Kind: format.DescProperty, Property: "p5", Text: "p"},
			{Kind: format.DescEdgeTypePattern, Labels: []string{"L1"}, EdgeType: "T", ToLabels: []string{"L2"}, Text: "pattern"},
			{Kind: format.DescEdgeTypePatternProperty, Labels: []string{}, EdgeType: "T", ToLabels: []string{"L2"}, Property: "p4", Text: "pattern p"},
		}
		if f.PropertyValueDescription {
			m.Descriptions = append(m.Descriptions, format.Description{Kind: format.DescPropertyValue, Property: "p3", Value: format.String("v"), Text: "pv"})
		}
	}
	return m
}

// ignoreLayout drops what a fresh layout recomputes.
var ignoreLayout = cmp.Options{
	cmpopts.EquateEmpty(),
	cmpopts.IgnoreFields(format.Snapshot{}, "Offsets", "EdgeBatches", "VertexBatches"),
	cmpopts.IgnoreFields(format.EdgeRecord{}, "Offset"),
	cmpopts.IgnoreFields(format.VertexRecord{}, "Offset"),
}

// TestScratchSnapshot builds a model from scratch at every version, encodes
// it with a fresh layout, decodes it back and compares.
func TestScratchSnapshot(t *testing.T) {
	for _, v := range allVersions() {
		t.Run(v.String(), func(t *testing.T) {
			f := format.FeaturesOf(v)
			m := scratchSnapshot(v)
			var buf bytes.Buffer
			if err := EncodeSnapshotWith(&buf, m, &SnapshotOptions{Layout: LayoutFresh, BatchSize: 2}); err != nil {
				t.Fatal(err)
			}
			got := decodeSnapshot(t, buf.Bytes(), v.String())
			if d := cmp.Diff(m, got, ignoreLayout); d != "" {
				t.Fatalf("decoded model differs (-built +decoded):\n%s", d)
			}
			// The layout is Memgraph's: sections in table order, no gaps,
			// batches of 2 records, records where the batches say.
			if len(got.Gaps) != 0 {
				t.Errorf("fresh layout left gaps: %v", got.Gaps)
			}
			prev := uint64(0)
			for _, slot := range format.SnapshotOffsetSlots(f) {
				if got.Offsets[slot] < prev {
					t.Errorf("offset of %s (%d) is before the previous section (%d)", slot, got.Offsets[slot], prev)
				}
				prev = got.Offsets[slot]
			}
			if f.SnapshotBatches {
				wantCounts := func(n int) (c []uint64) {
					for ; n > 0; n -= min(n, 2) {
						c = append(c, uint64(min(n, 2)))
					}
					return c
				}
				for kind, tab := range map[string][]format.Batch{"edge": got.EdgeBatches, "vertex": got.VertexBatches} {
					n := len(m.Edges)
					if kind == "vertex" {
						n = len(m.Vertices)
					}
					var counts []uint64
					for _, b := range tab {
						counts = append(counts, b.Count)
					}
					if !cmp.Equal(counts, wantCounts(n)) {
						t.Errorf("%s batch counts %v, want %v", kind, counts, wantCounts(n))
					}
				}
				if got.EdgeBatches[0].Offset != got.Offsets[format.OffsetEdges] || got.VertexBatches[0].Offset != got.Offsets[format.OffsetVertices] {
					t.Errorf("first batches at %d/%d, sections at %d/%d", got.EdgeBatches[0].Offset, got.VertexBatches[0].Offset,
						got.Offsets[format.OffsetEdges], got.Offsets[format.OffsetVertices])
				}
			}
			// Re-encoding the decoded model (recorded layout) gives the same bytes.
			var again bytes.Buffer
			if err := EncodeSnapshotWith(&again, got, &SnapshotOptions{Layout: LayoutRecorded}); err != nil {
				t.Fatal(err)
			}
			if d := firstDiff(again.Bytes(), buf.Bytes()); d != "" {
				t.Errorf("recorded re-encode: %s", d)
			}
			// The streaming writer gives the same bytes.
			mf := &memFile{}
			sw, err := NewSnapshotWriter(mf, v, &SnapshotOptions{BatchSize: 2})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range m.Edges {
				if err := sw.WriteEdge(e); err != nil {
					t.Fatal(err)
				}
			}
			for _, vr := range m.Vertices {
				if err := sw.WriteVertex(vr); err != nil {
					t.Fatal(err)
				}
			}
			rest := *m
			rest.Edges, rest.Vertices = nil, nil
			if err := sw.Finish(&rest); err != nil {
				t.Fatal(err)
			}
			if d := firstDiff(mf.b, buf.Bytes()); d != "" {
				t.Errorf("SnapshotWriter: %s", d)
			}
		})
	}
}

// TestScratchSnapshotVariants covers the optional shapes: absent text
// lists, an omitted edge section, empty models, a v14 file whose edges have
// no records.
func TestScratchSnapshotVariants(t *testing.T) {
	roundTrip := func(t *testing.T, m *format.Snapshot, opts *SnapshotOptions) *format.Snapshot {
		t.Helper()
		var buf bytes.Buffer
		if err := EncodeSnapshotWith(&buf, m, opts); err != nil {
			t.Fatal(err)
		}
		got := decodeSnapshot(t, buf.Bytes(), m.Version.String())
		if d := cmp.Diff(m, got, ignoreLayout); d != "" {
			t.Fatalf("decoded model differs (-built +decoded):\n%s", d)
		}
		return got
	}
	t.Run("text absent", func(t *testing.T) {
		for _, v := range []format.Version{17, 28, 30, 31, 37} {
			m := scratchSnapshot(v)
			m.EdgeIndices.Text, m.EdgeIndices.TextPresent = nil, false
			m.EdgeIndices.TextEdge, m.EdgeIndices.TextEdgePresent = nil, false
			roundTrip(t, m, nil)
			if format.FeaturesOf(v).TextEdgeIndex { // v31 development builds: text list only
				m.EdgeIndices.Text, m.EdgeIndices.TextPresent = []format.TextIndex{{Name: "x", Target: 1}}, true
				roundTrip(t, m, nil)
			}
		}
	})
	t.Run("omitted edge section", func(t *testing.T) {
		for _, v := range []format.Version{14, 15, 37} {
			m := scratchSnapshot(v)
			m.Edges = nil
			got := roundTrip(t, m, &SnapshotOptions{OmitEdgeSection: true})
			if got.Offsets[format.OffsetEdges] != 0 {
				t.Errorf("%s: offset of edges %d, want 0", v, got.Offsets[format.OffsetEdges])
			}
			// The decoded model records the absence; a fresh re-layout keeps it.
			var buf bytes.Buffer
			if err := EncodeSnapshotWith(&buf, got, &SnapshotOptions{Layout: LayoutFresh}); err != nil {
				t.Fatal(err)
			}
			if again := decodeSnapshot(t, buf.Bytes(), ""); again.Offsets[format.OffsetEdges] != 0 {
				t.Errorf("%s: fresh re-layout wrote an edge section", v)
			}
			// Edge records added to such a model get a section again.
			got.Edges = scratchSnapshot(v).Edges
			buf.Reset()
			if err := EncodeSnapshot(&buf, got); err != nil {
				t.Fatal(err)
			}
			again := decodeSnapshot(t, buf.Bytes(), "")
			if again.Offsets[format.OffsetEdges] == 0 || len(again.Edges) != len(got.Edges) {
				t.Errorf("%s: edges added to a model without an edge section: offset %d, %d edges", v, again.Offsets[format.OffsetEdges], len(again.Edges))
			}
		}
	})
	t.Run("v14 edges without records", func(t *testing.T) {
		m := scratchSnapshot(14)
		m.Edges = nil // edge_count stays 5: edges exist, their section does not
		got := roundTrip(t, m, nil)
		if got.Offsets[format.OffsetEdges] != 0 {
			t.Errorf("offset of edges %d, want 0", got.Offsets[format.OffsetEdges])
		}
	})
	t.Run("empty", func(t *testing.T) {
		for _, v := range allVersions() {
			f := format.FeaturesOf(v)
			m := &format.Snapshot{Version: v}
			if f.TTL {
				m.TTL = &format.TTLConfig{}
			}
			got := roundTrip(t, m, nil)
			if got.Offsets[format.OffsetEdges] != got.Offsets[format.OffsetVertices] {
				t.Errorf("%s: empty edge section at %d, vertices at %d", v, got.Offsets[format.OffsetEdges], got.Offsets[format.OffsetVertices])
			}
		}
	})
	t.Run("nil TTL is written disabled", func(t *testing.T) {
		m := scratchSnapshot(30)
		m.TTL = nil
		var buf bytes.Buffer
		if err := EncodeSnapshot(&buf, m); err != nil {
			t.Fatal(err)
		}
		got := decodeSnapshot(t, buf.Bytes(), "")
		if got.TTL == nil || got.TTL.Enabled {
			t.Errorf("TTL %+v, want disabled", got.TTL)
		}
	})
}

// TestEditedSnapshot: an edited model (a longer string) no longer fits its
// recorded offsets. LayoutRecorded refuses it; LayoutAuto re-lays it out and
// the edit reads back.
func TestEditedSnapshot(t *testing.T) {
	for _, cf := range corpus(t) {
		if cf.wal || cf.name != "v37/test_all/snapshot.bin" {
			continue
		}
		m := decodeSnapshot(t, cf.data, cf.name)
		var edited bool
		for i := range m.Vertices {
			for j, p := range m.Vertices[i].Properties {
				if _, ok := p.Value.(format.String); ok && !edited {
					m.Vertices[i].Properties[j].Value = format.String("a much longer string than before")
					edited = true
				}
			}
		}
		if !edited {
			t.Fatal("no string property to edit")
		}
		var buf bytes.Buffer
		err := EncodeSnapshotWith(&buf, m, &SnapshotOptions{Layout: LayoutRecorded})
		if !errorsIs(err, ErrLayout) || buf.Len() != 0 {
			t.Fatalf("recorded layout of an edited model: err %v, %d bytes written", err, buf.Len())
		}
		if err := EncodeSnapshot(&buf, m); err != nil {
			t.Fatal(err)
		}
		got := decodeSnapshot(t, buf.Bytes(), "edited")
		if d := cmp.Diff(m, got, ignoreLayout); d != "" {
			t.Fatalf("edited model differs (-edited +decoded):\n%s", d)
		}
		return
	}
	t.Fatal("v37/test_all/snapshot.bin not in the corpus")
}

// insertGap shifts a decoded model's layout to make room for gap bytes at
// offset at.
func insertGap(m *format.Snapshot, at uint64, gap []byte) {
	shift := func(x uint64) uint64 {
		if x >= at {
			return x + uint64(len(gap))
		}
		return x
	}
	for i := range m.Offsets {
		m.Offsets[i] = shift(m.Offsets[i])
	}
	for i := range m.EdgeBatches {
		m.EdgeBatches[i].Offset = shift(m.EdgeBatches[i].Offset)
	}
	for i := range m.VertexBatches {
		m.VertexBatches[i].Offset = shift(m.VertexBatches[i].Offset)
	}
	for i := range m.Edges {
		m.Edges[i].Offset = shift(m.Edges[i].Offset)
	}
	for i := range m.Vertices {
		m.Vertices[i].Offset = shift(m.Vertices[i].Offset)
	}
	m.Gaps = append(m.Gaps, format.Gap{Offset: at, Bytes: gap})
}

// TestSnapshotGaps: bytes between sections survive a recorded layout; a
// model with gaps and inconsistent offsets is refused rather than losing them.
func TestSnapshotGaps(t *testing.T) {
	m := scratchSnapshot(37)
	var buf bytes.Buffer
	if err := EncodeSnapshot(&buf, m); err != nil {
		t.Fatal(err)
	}
	orig := append([]byte(nil), buf.Bytes()...)
	got := decodeSnapshot(t, orig, "")
	at := got.Offsets[format.OffsetMapper]
	gap := []byte{0xde, 0xad, 0xbe, 0xef, 0x00}
	insertGap(got, at, gap)
	buf.Reset()
	if err := EncodeSnapshot(&buf, got); err != nil {
		t.Fatal(err)
	}
	out := buf.Bytes()
	// Apart from the offsets table and the batch tables, which moved, the
	// file is the original with the gap inserted.
	if !bytes.Equal(out[at:at+5], gap) || !bytes.Equal(out[at+5:got.Offsets[format.OffsetEdgeBatches]], orig[at:got.Offsets[format.OffsetEdgeBatches]-5]) {
		t.Errorf("gap or the sections after it misplaced")
	}
	again := decodeSnapshot(t, out, "gapped")
	if d := cmp.Diff(got, again, cmpopts.EquateEmpty()); d != "" {
		t.Fatalf("gapped model differs:\n%s", d)
	}
	got.Gaps[0].Offset++ // now the gap overlaps the mapper
	buf.Reset()
	if err := EncodeSnapshot(&buf, got); !errorsIs(err, ErrLayout) || buf.Len() != 0 {
		t.Errorf("inconsistent gap: err %v, %d bytes", err, buf.Len())
	}
	if err := EncodeSnapshotWith(&buf, got, &SnapshotOptions{Layout: LayoutFresh}); !errorsIs(err, ErrLayout) || buf.Len() != 0 {
		t.Errorf("gaps in a fresh layout: err %v, %d bytes", err, buf.Len())
	}
}

// TestSnapshotOptionalCountGuard: with the text count absent, a gap starting
// with an INT marker right after the edge-indices section would be read as
// the count; the recorded layout is refused.
func TestSnapshotOptionalCountGuard(t *testing.T) {
	m := scratchSnapshot(20)
	m.EdgeIndices.Text, m.EdgeIndices.TextPresent = nil, false
	var buf bytes.Buffer
	if err := EncodeSnapshot(&buf, m); err != nil {
		t.Fatal(err)
	}
	for _, first := range []byte{0x00, 0x12} {
		got := decodeSnapshot(t, buf.Bytes(), "")
		insertGap(got, got.Offsets[format.OffsetConstraints], []byte{first, 0, 0})
		var out bytes.Buffer
		err := EncodeSnapshotWith(&out, got, &SnapshotOptions{Layout: LayoutRecorded})
		if first == 0x12 && !errorsIs(err, ErrLayout) {
			t.Errorf("gap starting with 0x12: %v", err)
		}
		if first == 0x00 {
			if err != nil {
				t.Fatal(err)
			}
			if again := decodeSnapshot(t, out.Bytes(), ""); again.EdgeIndices.TextPresent {
				t.Error("text count read from the gap")
			}
		}
	}
}

// scratchTxns builds WAL transactions that use every delta of v.
func scratchTxns(v format.Version) [][]format.Frame {
	f := format.FeaturesOf(v)
	fr := func(m format.Marker, d format.Delta) format.Frame { return format.Frame{Marker: m, Delta: d} }
	paths := []format.NamePath{{"p"}}
	switch {
	case f.NestedIndices:
		paths = []format.NamePath{{"p"}, {"a", "b"}}
	case f.CompositeIndices:
		paths = []format.NamePath{{"p"}, {"q"}}
	}
	vals := scratchValues(f)
	var data []format.Frame
	data = append(data, fr(format.DeltaVertexCreate, format.VertexDelta{Gid: 1}), fr(format.DeltaVertexCreate, format.VertexDelta{Gid: 2}),
		fr(format.DeltaVertexAddLabel, format.LabelDelta{Gid: 1, Label: "L"}))
	for i, val := range vals {
		data = append(data, fr(format.DeltaVertexSetProperty, format.VertexPropertyDelta{Gid: 1, Property: fmt.Sprintf("p%d", i), Value: val}))
	}
	esp := format.EdgePropertyDelta{Gid: 5, Property: "w", Value: format.Double(0.5)}
	if f.EdgeSetFromVertex {
		esp.From = 1
	}
	if f.EdgeSetToVertex {
		esp.To, esp.EdgeType = format.UnknownGid, ""
	}
	esp2 := esp
	if f.EdgeSetToVertex {
		esp2.To, esp2.EdgeType = 2, "T"
	}
	data = append(data,
		fr(format.DeltaEdgeCreate, format.EdgeDelta{Gid: 5, EdgeType: "T", From: 1, To: 2}),
		fr(format.DeltaEdgeSetProperty, esp), fr(format.DeltaEdgeSetProperty, esp2),
		fr(format.DeltaEdgeDelete, format.EdgeDelta{Gid: 5, EdgeType: "T", From: 1, To: 2}),
		fr(format.DeltaVertexRemoveLabel, format.LabelDelta{Gid: 1, Label: "L"}),
		fr(format.DeltaVertexDelete, format.VertexDelta{Gid: 2}))
	lp := format.LabelPropertiesDelta{Label: "L", Paths: paths}
	lpDesc := lp
	if f.DescIndices {
		lpDesc.Order = 1
	}
	text := format.TextIndexDelta{Name: "ti", Target: "L"}
	textDrop := format.TextIndexDelta{Name: "ti", Target: "L"}
	if f.TextIndexProperties {
		text.Properties = []string{"p", "q"}
		textDrop.Target = ""
	}
	vec := format.VectorIndexDelta{Name: "vi", Mode: format.VectorModeSingle, Targets: []string{"L"}, Property: "emb", Metric: "cos", Dimension: 3, Resize: 2, Capacity: 10}
	if f.VectorMultiLabel {
		vec.Mode, vec.Targets = format.VectorModeAllOf, []string{"L", "M"}
	}
	if f.VectorScalarKind {
		vec.ScalarKind = 12
	}
	meta := []format.Frame{
		fr(format.DeltaLabelIndexCreate, format.LabelOnlyDelta{Label: "L"}),
		fr(format.DeltaLabelIndexDrop, format.LabelOnlyDelta{Label: "L"}),
		fr(format.DeltaLabelPropertiesIndexCreate, lp),
		fr(format.DeltaLabelPropertiesIndexDrop, lpDesc),
		fr(format.DeltaExistenceConstraintCreate, format.LabelPropertyDelta{Label: "L", Property: "p"}),
		fr(format.DeltaExistenceConstraintDrop, format.LabelPropertyDelta{Label: "L", Property: "p"}),
		fr(format.DeltaUniqueConstraintCreate, format.UniqueConstraintDelta{Label: "L", Properties: []string{"p", "q"}}),
		fr(format.DeltaUniqueConstraintDrop, format.UniqueConstraintDelta{Label: "L", Properties: []string{"p"}}),
		fr(format.DeltaLabelIndexStatsSet, format.LabelStatsDelta{Label: "L", Stats: `{"count":5, "avg_degree":1.5}`}),
		fr(format.DeltaLabelIndexStatsClear, format.LabelOnlyDelta{Label: "L"}),
		fr(format.DeltaLabelPropertiesIndexStatsSet, format.LabelPropertiesStatsDelta{Label: "L", Paths: paths, Stats: `{"count":1}`}),
		fr(format.DeltaLabelPropertiesIndexStatsClear, format.LabelOnlyDelta{Label: "L"}),
		fr(format.DeltaEdgeIndexCreate, format.EdgeTypeDelta{EdgeType: "T"}),
		fr(format.DeltaEdgeIndexDrop, format.EdgeTypeDelta{EdgeType: "T"}),
		fr(format.DeltaTextIndexCreate, text),
		fr(format.DeltaTextIndexDrop, textDrop),
		fr(format.DeltaEnumCreate, format.EnumCreateDelta{Name: "Color", Values: []string{"Red", "Green"}}),
		fr(format.DeltaEnumAlterAdd, format.EnumAlterAddDelta{Name: "Color", Value: "Blue"}),
		fr(format.DeltaEnumAlterUpdate, format.EnumAlterUpdateDelta{Name: "Color", OldValue: "Blue", NewValue: "Navy"}),
		fr(format.DeltaEdgePropertyIndexCreate, format.EdgeTypePropertyDelta{EdgeType: "T", Property: "w"}),
		fr(format.DeltaEdgePropertyIndexDrop, format.EdgeTypePropertyDelta{EdgeType: "T", Property: "w"}),
		fr(format.DeltaPointIndexCreate, format.LabelPropertyDelta{Label: "L", Property: "loc"}),
		fr(format.DeltaPointIndexDrop, format.LabelPropertyDelta{Label: "L", Property: "loc"}),
		fr(format.DeltaTypeConstraintCreate, format.TypeConstraintDelta{Label: "L", Property: "p", Kind: 2}),
		fr(format.DeltaTypeConstraintDrop, format.TypeConstraintDelta{Label: "L", Property: "p", Kind: 2}),
		fr(format.DeltaVectorIndexCreate, vec),
		fr(format.DeltaVectorIndexDrop, format.NameOnlyDelta{Name: "vi"}),
		fr(format.DeltaGlobalEdgePropertyIndexCreate, format.PropertyOnlyDelta{Property: "w"}),
		fr(format.DeltaGlobalEdgePropertyIndexDrop, format.PropertyOnlyDelta{Property: "w"}),
		fr(format.DeltaVectorEdgeIndexCreate, vec),
		fr(format.DeltaTTLOperation, format.TTLDelta{Op: format.TTLConfigure, HasPeriod: true, PeriodUs: 60_000_000, HasStart: true, StartUs: 1_786_536_000_000_000, EdgeTTL: true}),
		fr(format.DeltaTTLOperation, format.TTLDelta{Op: format.TTLDisable}),
		fr(format.DeltaTextEdgeIndexCreate, format.TextIndexDelta{Name: "tei", Target: "T", Properties: text.Properties}),
		fr(format.DeltaDescriptionSet, format.DescriptionDelta{Description: format.Description{Kind: format.DescLabel, Labels: []string{"L"}, Text: "a label"}}),
		fr(format.DeltaDescriptionDelete, format.DescriptionDelta{Description: format.Description{Kind: format.DescEdgeTypePattern, Labels: []string{"L"}, EdgeType: "T", ToLabels: []string{}}}),
		fr(format.DeltaDescriptionSet, format.DescriptionDelta{Description: format.Description{Kind: format.DescPropertyValue, Property: "p", Value: format.Int(3), Text: "three"}}),
		fr(format.DeltaGlobalVertexPropertyIndexCreate, format.PropertyOnlyDelta{Property: "p"}),
		fr(format.DeltaGlobalVertexPropertyIndexDrop, format.PropertyOnlyDelta{Property: "p"}),
	}
	var metaOK []format.Frame
	for _, m := range meta {
		first, _ := format.DeltaFirstVersion(m.Marker)
		if first > v {
			continue
		}
		if d, ok := m.Delta.(format.DescriptionDelta); ok && d.Kind == format.DescPropertyValue && !f.PropertyValueDescription {
			continue
		}
		metaOK = append(metaOK, m)
	}
	wrap := func(frames []format.Frame, commit bool) []format.Frame {
		var out []format.Frame
		if f.TxnStart {
			s := format.TxnStart{Commit: commit}
			if f.TxnAccessType {
				s.AccessType = 3
			}
			out = append(out, fr(format.DeltaTransactionStart, s))
		}
		out = append(out, frames...)
		return append(out, fr(format.DeltaTransactionEnd, format.TxnEnd{}))
	}
	var txns [][]format.Frame
	txns = append(txns, wrap(data, true))
	if f.MetadataTxnEnd {
		txns = append(txns, wrap(metaOK, true), wrap(data[:2], false))
	} else {
		for _, m := range metaOK { // each metadata delta is its own transaction
			txns = append(txns, []format.Frame{m})
		}
		txns = append(txns, wrap(data[:2], true))
	}
	ts := uint64(2)
	for _, tx := range txns {
		for i := range tx {
			tx[i].Timestamp = ts
		}
		ts += 3
	}
	return txns
}

var ignoreFrameLayout = cmp.Options{
	cmpopts.EquateEmpty(),
	cmpopts.IgnoreFields(format.Frame{}, "Offset", "Size"),
	cmpopts.IgnoreFields(format.TxnEnd{}, "CRC"),
}

// TestScratchWAL writes WALs from scratch at every version through the
// streaming writer, finalizing where the version has a summary, and checks
// that they decode to the frames written with every CRC verified.
func TestScratchWAL(t *testing.T) {
	for _, v := range allVersions() {
		t.Run(v.String(), func(t *testing.T) {
			f := format.FeaturesOf(v)
			h := format.WALHeader{Version: v, UUID: "2456416f-0000-4000-8000-000000000001", Epoch: "e35ebe26-0000-4000-8000-000000000002", SeqNum: 7}
			mf := &memFile{}
			ww, err := NewWALWriter(mf, h, &WALOptions{Finalize: f.WALSummary})
			if err != nil {
				t.Fatal(err)
			}
			var frames []format.Frame
			for _, tx := range scratchTxns(v) {
				for _, fr := range tx {
					if err := ww.WriteFrame(fr); err != nil {
						t.Fatal(err)
					}
					frames = append(frames, fr)
				}
			}
			if err := ww.Close(); err != nil {
				t.Fatal(err)
			}
			// OpenWAL/Next verify the header, summary and transaction CRCs.
			r, err := decode.OpenWAL(bytes.NewReader(mf.b), int64(len(mf.b)), v.String())
			if err != nil {
				t.Fatal(err)
			}
			var got []format.Frame
			for fr, err := range r.Frames() {
				if err != nil {
					t.Fatalf("frame %d: %v", len(got), err)
				}
				got = append(got, fr)
			}
			if d := cmp.Diff(frames, got, ignoreFrameLayout); d != "" {
				t.Fatalf("frames differ (-written +decoded):\n%s", d)
			}
			if d := cmp.Diff(ww.Header(), r.Header, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("header differs (-writer +decoded):\n%s", d)
			}
			tot := r.Totals()
			wt := ww.Totals()
			if tot.Transactions != wt.Transactions || tot.Frames != wt.Frames || tot.FromTimestamp != wt.FromTimestamp || tot.ToTimestamp != wt.ToTimestamp {
				t.Errorf("totals: decoder %+v, writer %+v", tot, wt)
			}
			if f.WALSummary && (!r.Finalized() || r.Header.Summary.NumDeltas != uint64(len(frames))) {
				t.Errorf("summary %+v, want finalized with %d deltas", r.Header.Summary, len(frames))
			}
			// EncodeWAL of the decoded model reproduces the file.
			m := decodeWAL(t, mf.b, v.String())
			var buf bytes.Buffer
			if err := EncodeWAL(&buf, m); err != nil {
				t.Fatal(err)
			}
			if d := firstDiff(buf.Bytes(), mf.b); d != "" {
				t.Errorf("EncodeWAL of the decoded model: %s", d)
			}
		})
	}
}
