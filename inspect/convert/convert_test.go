package convert

import (
	"bytes"
	"slices"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
)

// walBuilder writes transactions from scratch, framed for version v
// (default 37); metadata deltas must come alone before MetadataTxnEnd.
type walBuilder struct {
	v      format.Version
	frames []format.Frame
	ts     uint64
}

func (b *walBuilder) txn(commit bool, access uint64, frames ...format.Frame) {
	b.ts += 2
	if b.v == 0 {
		b.v = format.MaxVersion
	}
	f := format.FeaturesOf(b.v)
	var all []format.Frame
	if f.Has(format.FeatTxnStart) {
		s := format.TxnStart{Commit: commit}
		if f.Has(format.FeatTxnAccessType) {
			s.AccessType = access
		}
		all = append(all, fr(format.DeltaTransactionStart, s))
	}
	all = append(all, frames...)
	if !format.ClosesTransaction(frames[len(frames)-1].Marker, f) {
		all = append(all, fr(format.DeltaTransactionEnd, format.TxnEnd{}))
	}
	for _, f := range all {
		f.Timestamp = b.ts
		b.frames = append(b.frames, f)
	}
}

func (b *walBuilder) bytes(t *testing.T, v format.Version) []byte {
	t.Helper()
	m := &format.WAL{Header: format.WALHeader{Version: v, UUID: "u", Epoch: "e"}, Frames: b.frames}
	var buf bytes.Buffer
	if err := encode.EncodeWAL(&buf, m); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func walFrames(t *testing.T, data []byte) []format.Frame {
	t.Helper()
	m, err := decode.DecodeWAL(bytes.NewReader(data), int64(len(data)), "out")
	if err != nil {
		t.Fatal(err)
	}
	return m.Frames
}

func markers(frames []format.Frame) []format.Marker {
	var out []format.Marker
	for _, f := range frames {
		out = append(out, f.Marker)
	}
	return out
}

// TestConvertWALFraming: transactions get the framing of the target:
// TRANSACTION_START with a commit flag and an access type where the target
// has them, metadata deltas alone before MetadataTxnEnd, and an uncommitted
// transaction left out where nothing can mark it.
func TestConvertWALFraming(t *testing.T) {
	var b walBuilder
	b.txn(true, 3, fr(format.DeltaLabelIndexCreate, format.LabelOnlyDelta{Label: "L"}),
		fr(format.DeltaExistenceConstraintCreate, format.LabelPropertyDelta{Label: "L", Property: "p"}))
	b.txn(true, 1, fr(format.DeltaVertexCreate, format.VertexDelta{Gid: 1}), fr(format.DeltaVertexAddLabel, format.LabelDelta{Gid: 1, Label: "L"}),
		fr(format.DeltaVertexSetProperty, format.VertexPropertyDelta{Gid: 1, Property: "p", Value: format.Int(1)}))
	b.txn(false, 1, fr(format.DeltaVertexCreate, format.VertexDelta{Gid: 2}))
	src := b.bytes(t, 37)

	out14, rep, err := convertBytes(t, "src", src, 14, nil)
	if err != nil {
		t.Fatal(err)
	}
	want14 := []format.Marker{format.DeltaLabelIndexCreate, format.DeltaExistenceConstraintCreate,
		format.DeltaVertexCreate, format.DeltaVertexAddLabel, format.DeltaVertexSetProperty, format.DeltaTransactionEnd}
	if got := markers(walFrames(t, out14)); !slices.Equal(got, want14) {
		t.Errorf("v14 frames %v, want %v", got, want14)
	}
	if len(rep.Dropped) != 1 || rep.Dropped[0].Kind != ItemTransaction || rep.Dropped[0].Feature != format.FeatTxnStart {
		t.Errorf("v14 drops: %+v", rep.Dropped)
	}

	// Up again: every transaction opens with a committed START; the access
	// type is assumed (UNIQUE for metadata, WRITE for data).
	out37, rep, err := convertBytes(t, "v14", out14, 37, nil)
	if err != nil || len(rep.Dropped) != 0 {
		t.Fatalf("%v %+v", err, rep.Dropped)
	}
	frames := walFrames(t, out37)
	want37 := []format.Marker{
		format.DeltaTransactionStart, format.DeltaLabelIndexCreate, format.DeltaTransactionEnd,
		format.DeltaTransactionStart, format.DeltaExistenceConstraintCreate, format.DeltaTransactionEnd,
		format.DeltaTransactionStart, format.DeltaVertexCreate, format.DeltaVertexAddLabel, format.DeltaVertexSetProperty, format.DeltaTransactionEnd}
	if got := markers(frames); !slices.Equal(got, want37) {
		t.Fatalf("v37 frames %v, want %v", got, want37)
	}
	for i, want := range map[int]uint64{0: format.AccessUnique, 3: format.AccessUnique, 6: format.AccessWrite} {
		if s := frames[i].Delta.(format.TxnStart); !s.Commit || s.AccessType != want {
			t.Errorf("frame %d: %+v, want committed with access %d", i, s, want)
		}
	}
	r, _ := decode.OpenWAL(bytes.NewReader(out37), int64(len(out37)), "")
	if !r.Finalized() || r.Header.Summary.NumDeltas != uint64(len(frames)) {
		t.Errorf("summary %+v, want finalized over %d deltas", r.Header.Summary, len(frames))
	}

	// To 28 the uncommitted transaction stays, still uncommitted, and the
	// access type goes.
	out28, rep, err := convertBytes(t, "src", src, 28, nil)
	if err != nil || len(rep.Dropped) != 0 {
		t.Fatalf("%v %+v", err, rep.Dropped)
	}
	frames = walFrames(t, out28)
	last := frames[len(frames)-3]
	if s, ok := last.Delta.(format.TxnStart); !ok || s.Commit || s.AccessType != 0 {
		t.Errorf("v28 uncommitted start: %+v", last)
	}
}

// TestConvertEdgeSetEndpoints: EDGE_SET_PROPERTY gets the from-vertex the
// target needs from the EDGE_CREATE of the same WAL, the unknown to-vertex
// and type Memgraph writes when it has none, and is dropped when the edge
// was created outside the WAL.
func TestConvertEdgeSetEndpoints(t *testing.T) {
	b := walBuilder{v: 20}
	b.txn(true, 1, fr(format.DeltaVertexCreate, format.VertexDelta{Gid: 1}), fr(format.DeltaVertexCreate, format.VertexDelta{Gid: 2}),
		fr(format.DeltaEdgeCreate, format.EdgeDelta{Gid: 5, EdgeType: "T", From: 1, To: 2}),
		fr(format.DeltaEdgeSetProperty, format.EdgePropertyDelta{Gid: 5, Property: "w", Value: format.Int(3)}))
	b.txn(true, 1, fr(format.DeltaEdgeSetProperty, format.EdgePropertyDelta{Gid: 9, Property: "w", Value: format.Int(4)}))
	src := b.bytes(t, 20)
	for _, v := range []format.Version{21, 33} {
		out, rep, err := convertBytes(t, "src", src, v, nil)
		if err != nil {
			t.Fatal(err)
		}
		var sets []format.EdgePropertyDelta
		for _, f := range walFrames(t, out) {
			if d, ok := f.Delta.(format.EdgePropertyDelta); ok {
				sets = append(sets, d)
			}
		}
		want := format.EdgePropertyDelta{Gid: 5, Property: "w", Value: format.Int(3), From: 1}
		if v >= 33 {
			want.To = format.UnknownGid
		}
		if len(sets) != 1 || sets[0].From != want.From || sets[0].To != want.To || sets[0].EdgeType != "" {
			t.Errorf("%s: sets %+v, want %+v", v, sets, want)
		}
		if len(rep.Dropped) != 1 || rep.Dropped[0].Kind != ItemDelta || rep.Dropped[0].Feature != format.FeatEdgeSetFromVertex {
			t.Errorf("%s: drops %+v", v, rep.Dropped)
		}
	}
}

// TestConvertNamedDrops: a TEXT_INDEX_DROP gets the label its target
// version carries from the create; a drop of a dropped create goes too; a
// CLEAR whose statistics were all dropped goes with them.
func TestConvertNamedDrops(t *testing.T) {
	var b walBuilder
	b.txn(true, 0, fr(format.DeltaTextIndexCreate, format.TextIndexDelta{Name: "plain", Target: "L"}))
	b.txn(true, 0, fr(format.DeltaTextIndexCreate, format.TextIndexDelta{Name: "props", Target: "L", Properties: []string{"a"}}))
	b.txn(true, 0, fr(format.DeltaTextIndexDrop, format.TextIndexDelta{Name: "plain"}), fr(format.DeltaTextIndexDrop, format.TextIndexDelta{Name: "props"}))
	b.txn(true, 0, fr(format.DeltaLabelPropertiesIndexStatsSet, format.LabelPropertiesStatsDelta{Label: "L", Paths: []format.NamePath{{"a"}}, Stats: "{}"}),
		fr(format.DeltaLabelPropertiesIndexStatsSet, format.LabelPropertiesStatsDelta{Label: "L", Paths: []format.NamePath{{"a"}, {"b"}}, Stats: "{}"}))
	b.txn(true, 0, fr(format.DeltaLabelPropertiesIndexStatsClear, format.LabelOnlyDelta{Label: "L"}), fr(format.DeltaLabelPropertiesIndexStatsClear, format.LabelOnlyDelta{Label: "L"}))
	// The name of a dropped index used again by one the target can hold.
	b.txn(true, 0, fr(format.DeltaTextIndexCreate, format.TextIndexDelta{Name: "props", Target: "M"}))
	b.txn(true, 0, fr(format.DeltaTextIndexDrop, format.TextIndexDelta{Name: "props"}))
	src := b.bytes(t, 37)
	out, rep, err := convertBytes(t, "src", src, 23, nil)
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, f := range walFrames(t, out) {
		switch d := f.Delta.(type) {
		case format.TextIndexDelta:
			kept = append(kept, f.Marker.String()+" "+d.Name+" "+d.Target)
		case format.LabelPropertiesStatsDelta, format.LabelOnlyDelta:
			kept = append(kept, f.Marker.String())
		}
	}
	want := []string{"TEXT_INDEX_CREATE plain L", "TEXT_INDEX_DROP plain L", "LABEL_PROPERTIES_INDEX_STATS_SET", "LABEL_PROPERTIES_INDEX_STATS_CLEAR",
		"TEXT_INDEX_CREATE props M", "TEXT_INDEX_DROP props M"}
	if !slices.Equal(kept, want) {
		t.Errorf("kept %q, want %q", kept, want)
	}
	var dropped []string
	for _, d := range rep.Dropped {
		dropped = append(dropped, d.Delta+" "+d.Feature.String())
	}
	wantDropped := []string{"TEXT_INDEX_CREATE TextIndexProperties", "TEXT_INDEX_DROP TextIndexProperties",
		"LABEL_PROPERTIES_INDEX_STATS_SET CompositeIndices", "LABEL_PROPERTIES_INDEX_STATS_CLEAR CompositeIndices"}
	if !slices.Equal(dropped, wantDropped) {
		t.Errorf("dropped %q, want %q", dropped, wantDropped)
	}
	if _, err := recoverBytes("out", out); err != nil {
		t.Errorf("does not recover: %v", err)
	}
}

// TestConvertValueStamps: Cartesian-3D points carry the SRID the target
// writes (9757 in formats 19 and 20, 9157 after), and a VECTOR_INDEX_ID
// becomes the list of its doubles before VectorIndexID; neither is a drop.
func TestConvertValueStamps(t *testing.T) {
	var b walBuilder
	vals := format.List{format.Point3D{SRID: format.SRIDCartesian3D, X: 1, Y: 2, Z: 3}, format.Point3D{SRID: format.SRIDWGS84_3D, X: 1, Y: 2, Z: 3}}
	b.txn(true, 1, fr(format.DeltaVertexCreate, format.VertexDelta{Gid: 1}),
		fr(format.DeltaVertexSetProperty, format.VertexPropertyDelta{Gid: 1, Property: "pts", Value: format.Map{{Key: "k", Value: vals}}}),
		fr(format.DeltaVertexSetProperty, format.VertexPropertyDelta{Gid: 1, Property: "vec", Value: format.VectorIndexID{Indexes: []string{"vi"}, Vector: []float64{0.5, 2}}}))
	src := b.bytes(t, 37)
	values := func(v format.Version) []format.Value {
		out, rep, err := convertBytes(t, "src", src, v, nil)
		if err != nil || len(rep.Dropped) != 0 {
			t.Fatalf("%s: %v %+v", v, err, rep.Dropped)
		}
		var got []format.Value
		for _, f := range walFrames(t, out) {
			if d, ok := f.Delta.(format.VertexPropertyDelta); ok {
				got = append(got, d.Value)
			}
		}
		return got
	}
	got := values(20)
	if srid := got[0].(format.Map)[0].Value.(format.List)[0].(format.Point3D).SRID; srid != format.SRIDLegacyCartesian3D {
		t.Errorf("v20 Cartesian-3D SRID %d", srid)
	}
	if srid := got[0].(format.Map)[0].Value.(format.List)[1].(format.Point3D).SRID; srid != format.SRIDWGS84_3D {
		t.Errorf("v20 WGS-84 SRID %d", srid)
	}
	if l, ok := got[1].(format.List); !ok || !slices.Equal(l, format.List{format.Double(0.5), format.Double(2)}) {
		t.Errorf("v20 vector %#v", got[1])
	}
	got = values(21)
	if srid := got[0].(format.Map)[0].Value.(format.List)[0].(format.Point3D).SRID; srid != format.SRIDCartesian3D {
		t.Errorf("v21 Cartesian-3D SRID %d", srid)
	}
	// Back from a real v19 file: its 9757 points become 9157.
	for _, cf := range golden.ReadCorpus(t) {
		if cf.Name != "v19/test_all/snapshot.bin" {
			continue
		}
		out, _, err := convertBytes(t, cf.Name, cf.Data, 21, nil)
		if err != nil {
			t.Fatal(err)
		}
		m, err := decode.DecodeSnapshot(bytes.NewReader(out), int64(len(out)), "")
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, vx := range m.Vertices {
			for _, p := range vx.Properties {
				if pt, ok := p.Value.(format.Point3D); ok && pt.SRID != format.SRIDWGS84_3D {
					n++
					if pt.SRID != format.SRIDCartesian3D {
						t.Errorf("v19 point converted to 21 has SRID %d", pt.SRID)
					}
				}
			}
		}
		if n == 0 {
			t.Error("no Cartesian-3D point in v19/test_all/snapshot.bin")
		}
	}
}

// scratchWAL is a v37 WAL, written from scratch, that uses every kind of
// item a file can hold, consistent enough to recover: enums, values of
// every type, every index and constraint kind, TTL, descriptions of every
// kind, statistics, a create and drop pair, an uncommitted transaction.
func scratchWAL(t *testing.T) []byte {
	var b walBuilder
	nf := func(m format.Marker, d format.Delta) format.Frame { return fr(m, d) }
	b.txn(true, 0, nf(format.DeltaEnumCreate, format.EnumCreateDelta{Name: "Color", Values: []string{"Red", "Green"}}))
	b.txn(true, 0, nf(format.DeltaEnumAlterAdd, format.EnumAlterAddDelta{Name: "Color", Value: "Blue"}))
	b.txn(true, 0, nf(format.DeltaVectorIndexCreate, format.VectorIndexDelta{Name: "vi", Mode: format.VectorModeSingle, Targets: []string{"V"},
		Property: "emb", Metric: "l2sq", Dimension: 2, Resize: 2, Capacity: 10, ScalarKind: 11}))
	b.txn(true, 0, nf(format.DeltaVectorIndexCreate, format.VectorIndexDelta{Name: "multi", Mode: format.VectorModeAnyOf, Targets: []string{"A", "B"},
		Property: "emb", Metric: "cos", Dimension: 2, Resize: 2, Capacity: 10, ScalarKind: 12}))
	b.txn(true, 0, nf(format.DeltaVectorEdgeIndexCreate, format.VectorIndexDelta{Name: "ve", Mode: format.VectorModeSingle, Targets: []string{"T"},
		Property: "emb", Metric: "l2sq", Dimension: 2, Resize: 2, Capacity: 10, ScalarKind: 11}))
	vals := []format.Value{
		format.Int(-1), format.Double(0.25), format.String("s"), format.Bool(true),
		format.List{format.Int(1), format.Map{{Key: "k", Value: format.Point2D{SRID: format.SRIDCartesian2D, X: 1, Y: 2}}}},
		format.Temporal{Type: format.TemporalDuration, Micros: 5},
		format.ZonedTemporal{Micros: 1_700_000_000_000_000, ZoneIsName: true, ZoneName: "Europe/Zagreb"},
		format.ZonedTemporal{Micros: 1, OffsetMinutes: -60},
		format.Enum{TypeID: 0, ValueID: 2},
		format.Point2D{SRID: format.SRIDWGS84_2D, X: 15.9, Y: 45.8},
		format.Point3D{SRID: format.SRIDCartesian3D, X: 1, Y: 2, Z: 3},
	}
	data := []format.Frame{nf(format.DeltaVertexCreate, format.VertexDelta{Gid: 1}), nf(format.DeltaVertexAddLabel, format.LabelDelta{Gid: 1, Label: "L"}),
		nf(format.DeltaVertexAddLabel, format.LabelDelta{Gid: 1, Label: "V"})}
	for i, v := range vals {
		data = append(data, nf(format.DeltaVertexSetProperty, format.VertexPropertyDelta{Gid: 1, Property: string(rune('a' + i)), Value: v}))
	}
	data = append(data, nf(format.DeltaVertexSetProperty, format.VertexPropertyDelta{Gid: 1, Property: "emb", Value: format.VectorIndexID{Indexes: []string{"vi"}, Vector: []float64{1, 2}}}),
		nf(format.DeltaVertexCreate, format.VertexDelta{Gid: 2}),
		nf(format.DeltaVertexSetProperty, format.VertexPropertyDelta{Gid: 2, Property: "a", Value: format.Point3D{SRID: format.SRIDWGS84_3D, X: 1, Y: 2, Z: 3}}),
		nf(format.DeltaVertexSetProperty, format.VertexPropertyDelta{Gid: 2, Property: "a", Value: format.Int(7)}), // overwritten: nothing lost
		nf(format.DeltaEdgeCreate, format.EdgeDelta{Gid: 10, EdgeType: "T", From: 1, To: 2}),
		nf(format.DeltaEdgeSetProperty, format.EdgePropertyDelta{Gid: 10, Property: "z", Value: vals[6], From: 1, To: format.UnknownGid}),
		nf(format.DeltaEdgeSetProperty, format.EdgePropertyDelta{Gid: 10, Property: "emb", Value: format.VectorIndexID{Indexes: []string{"ve"}, Vector: []float64{3, 4}}, From: 1, To: format.UnknownGid}),
		nf(format.DeltaEdgeSetProperty, format.EdgePropertyDelta{Gid: 10, Property: "n", Value: format.Int(3), From: 1, To: 2, EdgeType: "T"}))
	b.txn(true, 1, data...)
	paths := func(ps ...format.NamePath) []format.NamePath { return ps }
	meta := []format.Frame{
		nf(format.DeltaLabelIndexCreate, format.LabelOnlyDelta{Label: "L"}),
		nf(format.DeltaLabelIndexStatsSet, format.LabelStatsDelta{Label: "L", Stats: `{"count":1, "avg_degree":1}`}),
		nf(format.DeltaLabelPropertiesIndexCreate, format.LabelPropertiesDelta{Label: "L", Paths: paths(format.NamePath{"a"})}),
		nf(format.DeltaLabelPropertiesIndexCreate, format.LabelPropertiesDelta{Label: "L", Paths: paths(format.NamePath{"a"}, format.NamePath{"b"})}),
		nf(format.DeltaLabelPropertiesIndexCreate, format.LabelPropertiesDelta{Label: "L", Paths: paths(format.NamePath{"e", "k"})}),
		nf(format.DeltaLabelPropertiesIndexCreate, format.LabelPropertiesDelta{Label: "L", Paths: paths(format.NamePath{"c"}), Order: format.IndexOrderDesc}),
		nf(format.DeltaLabelPropertiesIndexStatsSet, format.LabelPropertiesStatsDelta{Label: "L", Paths: paths(format.NamePath{"a"}, format.NamePath{"b"}), Stats: `{"count":1}`}),
		nf(format.DeltaExistenceConstraintCreate, format.LabelPropertyDelta{Label: "L", Property: "a"}),
		nf(format.DeltaUniqueConstraintCreate, format.UniqueConstraintDelta{Label: "L", Properties: []string{"c", "a"}}),
		nf(format.DeltaTypeConstraintCreate, format.TypeConstraintDelta{Label: "L", Property: "c", Kind: 0}),
		nf(format.DeltaEdgeIndexCreate, format.EdgeTypeDelta{EdgeType: "T"}),
		nf(format.DeltaEdgePropertyIndexCreate, format.EdgeTypePropertyDelta{EdgeType: "T", Property: "n"}),
		nf(format.DeltaGlobalEdgePropertyIndexCreate, format.PropertyOnlyDelta{Property: "n"}),
		nf(format.DeltaGlobalVertexPropertyIndexCreate, format.PropertyOnlyDelta{Property: "a"}),
		nf(format.DeltaPointIndexCreate, format.LabelPropertyDelta{Label: "L", Property: "j"}),
		nf(format.DeltaTextIndexCreate, format.TextIndexDelta{Name: "t1", Target: "L"}),
		nf(format.DeltaTextIndexCreate, format.TextIndexDelta{Name: "t2", Target: "L", Properties: []string{"c"}}),
		nf(format.DeltaTextEdgeIndexCreate, format.TextIndexDelta{Name: "t3", Target: "T", Properties: []string{"n"}}),
		nf(format.DeltaTTLOperation, format.TTLDelta{Op: format.TTLConfigure, HasPeriod: true, PeriodUs: 60_000_000, HasStart: true, StartUs: 1_786_536_000_000_000}),
		nf(format.DeltaDescriptionSet, format.DescriptionDelta{Description: format.Description{Kind: format.DescDatabase, Text: "db"}}),
		nf(format.DeltaDescriptionSet, format.DescriptionDelta{Description: format.Description{Kind: format.DescLabel, Labels: []string{"L", "V"}, Text: "lv"}}),
		nf(format.DeltaDescriptionSet, format.DescriptionDelta{Description: format.Description{Kind: format.DescEdgeTypePatternProperty, Labels: []string{"L"}, EdgeType: "T", ToLabels: []string{}, Property: "n", Text: "p"}}),
		nf(format.DeltaDescriptionSet, format.DescriptionDelta{Description: format.Description{Kind: format.DescPropertyValue, Property: "c", Value: format.String("s"), Text: "pv"}}),
		nf(format.DeltaVectorIndexDrop, format.NameOnlyDelta{Name: "multi"}),
	}
	for _, m := range meta {
		b.txn(true, 0, m)
	}
	b.txn(false, 1, nf(format.DeltaVertexCreate, format.VertexDelta{Gid: 3}))
	return b.bytes(t, 37)
}

// TestConvertScratch runs the conversion matrix check on a WAL and a
// snapshot built from scratch with every kind of item, including what the
// corpus lacks (zoned datetimes, edge properties to drop, every
// description kind, an uncommitted transaction).
func TestConvertScratch(t *testing.T) {
	st := &matrixStats{byKind: map[string]int{}, byFeature: map[string]int{}}
	wal := scratchWAL(t)
	s, err := recoverBytes("scratch", wal)
	if err != nil {
		t.Fatal(err)
	}
	snapModel, rep, err := BuildSnapshot(s, 37, buildOpts)
	if err != nil || len(rep.Dropped) != 0 {
		t.Fatalf("%v %+v", err, rep)
	}
	var snap bytes.Buffer
	if err := encode.EncodeSnapshotWith(&snap, snapModel, &encode.SnapshotOptions{BatchSize: 1}); err != nil {
		t.Fatal(err)
	}
	t.Run("wal", func(t *testing.T) {
		checkMatrixFile(t, golden.CorpusFile{Name: "scratch.wal", Data: wal, WAL: true}, st)
	})
	t.Run("snapshot", func(t *testing.T) {
		checkMatrixFile(t, golden.CorpusFile{Name: "scratch.snapshot", Data: snap.Bytes()}, st)
	})
	for _, k := range []ItemKind{ItemVertexProperty, ItemEdgeProperty, ItemEnum, ItemIndex, ItemConstraint, ItemStatistics, ItemTTL, ItemDescription, ItemTransaction} {
		if st.byKind[string(k)] == 0 {
			t.Errorf("no %s was ever dropped", k)
		}
	}
	t.Log(st)
}

// TestConvertItemsPerBatch: --items-per-batch re-cuts a snapshot's batches,
// also at its own version, and changes nothing else.
func TestConvertItemsPerBatch(t *testing.T) {
	for _, cf := range golden.ReadCorpus(t) {
		if cf.Name != "v37/test_all/snapshot.bin" && cf.Name != "v14/test_all/snapshot.bin" {
			continue
		}
		for _, v := range []format.Version{15, 37} {
			out, rep, err := convertBytes(t, cf.Name, cf.Data, v, &Options{ItemsPerBatch: 2})
			if err != nil || rep.Exact {
				t.Fatalf("%s to %s: %v exact=%v", cf.Name, v, err, rep.Exact)
			}
			m, err := decode.DecodeSnapshot(bytes.NewReader(out), int64(len(out)), "")
			if err != nil {
				t.Fatal(err)
			}
			for _, tab := range [][]format.Batch{m.EdgeBatches, m.VertexBatches} {
				for i, b := range tab {
					if b.Count != 2 && !(i == len(tab)-1 && b.Count == 1) {
						t.Errorf("%s to %s: batch %d holds %d records", cf.Name, v, i, b.Count)
					}
				}
			}
			if len(m.VertexBatches) < 2 {
				t.Errorf("%s to %s: %d vertex batches", cf.Name, v, len(m.VertexBatches))
			}
		}
	}
}
