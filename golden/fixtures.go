package golden

import (
	"slices"

	"github.com/durascope/durascope/format"
)

// Per-version fixtures: one small graph holding everything a format version
// can express, written as a snapshot (FixtureSnapshot) and as a WAL
// (FixtureWAL). The WAL builds the graph and its schema, then creates and
// drops scratch objects so that every delta type of the version appears;
// the scratch objects leave nothing behind, so both files recover to the
// same graph. Everything is chosen by named feature (format.Features).

// FixtureBatchSize is the number of records per batch in fixture snapshots,
// small so that the batch tables have several entries.
const FixtureBatchSize = 2

const (
	fixtureUUID  = "5f0c9a7e-3b2d-4e1f-8a6b-9c0d1e2f3a4b"
	fixtureEpoch = "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f"
	fixtureOld   = "0e0d0c0b-0a09-4807-8605-040302010000" // an earlier epoch in the history
)

type fxProp struct {
	name  string
	value format.Value
}

type fxVertex struct {
	gid    uint64
	labels []string
	props  []fxProp
}

type fxEdge struct {
	gid      uint64
	typ      string
	from, to uint64
	props    []fxProp
}

type fxLP struct {
	label string
	paths []format.NamePath
}

type fxPair struct{ label, prop string }

type fxUnique struct {
	label string
	props []string
}

type fxType struct {
	label, prop string
	kind        uint64
}

type fxText struct {
	name, target string
	props        []string
}

type fxVector struct {
	name      string
	mode      uint64
	targets   []string
	prop      string
	metric    string
	dim       uint64
	resize    uint64
	capacity  uint64
	kind      uint64
	edge      bool
	entryGids []uint64 // objects whose vector the snapshot index lists
}

// fixture is the graph and schema of one version, by name.
type fixture struct {
	f            format.Features
	enum         format.EnumType // as finally recovered
	vectors      []fxVector      // created before the data that refers to them
	vertices     []fxVertex
	edges        []fxEdge
	labelIndex   []string
	lp, lpDesc   []fxLP
	labelStats   []string
	existence    []fxPair
	unique       []fxUnique
	typeC        []fxType
	edgeType     []string
	edgeTypeProp []fxPair
	globalEdge   []string
	globalVertex []string
	point        []fxPair
	text         []fxText
	textEdge     []fxText
	ttl          *format.TTLDelta // the final CONFIGURE
	descriptions []format.Description
}

// Enum values of type 0 (Mood) that the data refers to.
const (
	moodCurious = 1 // renamed INQUISITIVE by ENUM_ALTER_UPDATE
	moodFurious = 2 // added by ENUM_ALTER_ADD
)

const (
	typeInteger  = 2  // format.TypeConstraintKinds
	scalarF16    = 12 // usearch scalar kind
	ttlPeriodUs  = 3_600_000_000
	ttlStartUs   = 1_786_536_000_000_000 // 2026-08-12 12:00:00 UTC
	vectorMetric = "cos"
)

func vec(f format.Features, edge bool, index string, xs ...float64) format.Value {
	if f.VectorEntries(edge) {
		return format.VectorIndexID{Indexes: []string{index}, Vector: xs}
	}
	l := make(format.List, len(xs))
	for i, x := range xs {
		l[i] = format.Double(x)
	}
	return l
}

func buildFixture(v format.Version) *fixture {
	f := format.FeaturesOf(v)
	fx := &fixture{f: f}
	if f.Has(format.FeatEnums) {
		fx.enum = format.EnumType{Name: "Mood", Values: []string{"CALM", "INQUISITIVE", "FURIOUS"}}
	}
	if f.Has(format.FeatVectorIndex) {
		x := fxVector{name: "people_vec", mode: format.VectorModeSingle, targets: []string{"Person"}, prop: "embedding",
			metric: vectorMetric, dim: 2, resize: 2, capacity: 16}
		if f.Has(format.FeatVectorMultiLabel) {
			x.mode, x.targets = format.VectorModeAllOf, []string{"Person", "Scientist"}
		}
		if f.Has(format.FeatVectorScalarKind) {
			x.kind = scalarF16
		}
		if f.Has(format.FeatVectorIndexID) {
			x.entryGids = []uint64{0, 1}
		}
		fx.vectors = append(fx.vectors, x)
	}
	if f.Has(format.FeatVectorEdgeIndex) {
		x := fxVector{name: "knows_vec", mode: format.VectorModeSingle, targets: []string{"KNOWS"}, prop: "embedding",
			metric: vectorMetric, dim: 2, resize: 2, capacity: 16, edge: true}
		if f.Has(format.FeatVectorMultiLabel) {
			x.mode, x.targets = format.VectorModeAnyOf, []string{"KNOWS", "DESIGNED"}
		}
		if f.Has(format.FeatVectorScalarKind) {
			x.kind = scalarF16
		}
		if f.Has(format.FeatVectorEdgeEntries) {
			x.entryGids = []uint64{0, 1}
		}
		fx.vectors = append(fx.vectors, x)
	}

	ada := []fxProp{
		{"name", format.String("Ada \"Countess\" Lovelace")},
		{"age", format.Int(36)},
		{"score", format.Double(0.1)},
		{"active", format.Bool(true)},
		{"tags", format.List{format.String("math"), format.Int(-7), format.Null{}, format.List{}, format.Double(-1e300)}},
		{"born", format.Temporal{Type: format.TemporalDate, Micros: -4_861_728_000_000_000}}, // 1815-12-10
		{"wake", format.Temporal{Type: format.TemporalLocalTime, Micros: 6*3_600_000_000 + 30*60_000_000}},
		{"embedding", vec(f, false, "people_vec", 0.5, -1)},
	}
	alan := []fxProp{
		{"name", format.String("Alan Turing")},
		{"age", format.Int(41)},
		{"meta", format.Map{{Key: "city", Value: format.String("Wilmslow")},
			{Key: "deep", Value: format.Map{{Key: "empty", Value: format.Map{}}, {Key: "none", Value: format.List{format.Null{}}}}},
			{Key: "room", Value: format.Int(42)}}},
		{"last_seen", format.Temporal{Type: format.TemporalLocalDateTime, Micros: -1_753_920_000_000_000}},
		{"retired", format.Bool(false)},
		{"embedding", vec(f, false, "people_vec", 0.25, 2)},
	}
	engine := []fxProp{
		{"name", format.String("Analytical Engine")},
		{"serial", format.Int(1 << 40)},
		{"note", format.String("")},
	}
	place := []fxProp{{"name", format.String("Bletchley ✓")}}
	if f.Has(format.FeatEnums) {
		ada = append(ada, fxProp{"mood", format.Enum{TypeID: 0, ValueID: moodCurious}})
		alan = append(alan, fxProp{"mood", format.Enum{TypeID: 0, ValueID: moodFurious}})
	}
	if f.Has(format.FeatZonedTemporal) {
		alan = append(alan, fxProp{"zoned", format.ZonedTemporal{Micros: -1_000_000_000_000_000, ZoneIsName: true, ZoneName: "Europe/London"}})
		place = append(place, fxProp{"opened", format.ZonedTemporal{Micros: 1_700_000_000_123_456, OffsetMinutes: 90}})
	}
	if f.Has(format.FeatPoints) {
		cartesian3D := format.SRIDCartesian3D
		if !f.Has(format.FeatEdgeSetFromVertex) { // v19/v20 writers stamp the legacy SRID
			cartesian3D = format.SRIDLegacyCartesian3D
		}
		alan = append(alan, fxProp{"position", format.Point3D{SRID: format.SRIDWGS84_3D, X: -2.2426, Y: 53.4808, Z: 78}})
		engine = append(engine,
			fxProp{"grid", format.Point2D{SRID: format.SRIDCartesian2D, X: 3, Y: -4}},
			fxProp{"box", format.Point3D{SRID: cartesian3D, X: 1, Y: 2, Z: 3}})
		place = append(place, fxProp{"location", format.Point2D{SRID: format.SRIDWGS84_2D, X: -0.7416, Y: 51.9977}})
	}
	fx.vertices = []fxVertex{
		{0, []string{"Person", "Scientist"}, ada},
		{1, []string{"Person", "Scientist"}, alan},
		{2, []string{"Machine"}, engine},
		{3, []string{"Place"}, place},
		{4, nil, nil},
	}
	designed := []fxProp{{"since", format.Int(1843)}, {"span", format.Temporal{Type: format.TemporalDuration, Micros: 90_061_000_001}}}
	knows := []fxProp{{"since", format.Int(1936)}, {"note", format.String("letters")},
		{"at", format.Temporal{Type: format.TemporalLocalDateTime, Micros: -1_056_240_000_000_000}}}
	if f.Has(format.FeatVectorEdgeIndex) {
		designed = append(designed, fxProp{"embedding", vec(f, true, "knows_vec", 1, 0)})
		knows = append(knows, fxProp{"embedding", vec(f, true, "knows_vec", 0, 1)})
	}
	fx.edges = []fxEdge{
		{0, "DESIGNED", 0, 2, designed},
		{1, "KNOWS", 1, 0, knows},
		{2, "KNOWS", 0, 1, nil},
		{3, "VISITED", 1, 3, []fxProp{{"weight", format.Double(2.5)}}},
	}

	fx.labelIndex = []string{"Person"}
	lp := fxLP{"Person", []format.NamePath{{"name"}}}
	switch {
	case f.Has(format.FeatNestedIndices):
		lp.paths = []format.NamePath{{"name"}, {"meta", "city"}}
	case f.Has(format.FeatCompositeIndices):
		lp.paths = []format.NamePath{{"name"}, {"age"}}
	}
	fx.lp = []fxLP{lp}
	if f.Has(format.FeatDescIndices) {
		fx.lpDesc = []fxLP{{"Person", []format.NamePath{{"age"}}}}
	}
	if f.Has(format.FeatIndexStats) {
		fx.labelStats = []string{"Person"}
	}
	fx.existence = []fxPair{{"Person", "name"}}
	fx.unique = []fxUnique{{"Machine", []string{"name", "serial"}}}
	if f.Has(format.FeatPointIndexTypeConstraints) {
		fx.typeC = []fxType{{"Person", "age", typeInteger}}
		fx.point = []fxPair{{"Place", "location"}}
	}
	if f.Has(format.FeatEdgeIndices) {
		fx.edgeType = []string{"KNOWS"}
		t := fxText{name: "person_text", target: "Person"}
		if f.Has(format.FeatTextIndexProperties) {
			t.props = []string{"name"}
		}
		fx.text = []fxText{t}
	}
	if f.Has(format.FeatEdgeTypePropertyIndex) {
		fx.edgeTypeProp = []fxPair{{"KNOWS", "since"}}
	}
	if f.Has(format.FeatGlobalEdgePropertyIndex) {
		fx.globalEdge = []string{"weight"}
	}
	if f.Has(format.FeatGlobalVertexPropertyIndex) {
		fx.globalVertex = []string{"name"}
	}
	if f.Has(format.FeatTextEdgeIndex) {
		fx.textEdge = []fxText{{name: "knows_text", target: "KNOWS", props: []string{"note"}}}
	}
	if f.Has(format.FeatTTL) {
		fx.ttl = &format.TTLDelta{Op: format.TTLConfigure, HasPeriod: true, PeriodUs: ttlPeriodUs, HasStart: true, StartUs: ttlStartUs, EdgeTTL: true}
	}
	if f.Has(format.FeatDescriptions) {
		fx.descriptions = []format.Description{
			{Kind: format.DescDatabase, Text: "Fixture graph: \"every feature\""},
			{Kind: format.DescLabel, Labels: []string{"Person", "Scientist"}, Text: "people of science"},
			{Kind: format.DescEdgeType, EdgeType: "KNOWS", Text: "acquaintance"},
			{Kind: format.DescLabelProperty, Labels: []string{"Person"}, Property: "name", Text: "full name"},
			{Kind: format.DescEdgeTypeProperty, EdgeType: "KNOWS", Property: "since", Text: "year met"},
			{Kind: format.DescProperty, Property: "age", Text: "in years"},
			{Kind: format.DescEdgeTypePattern, Labels: []string{"Person"}, EdgeType: "DESIGNED", ToLabels: []string{"Machine"}, Text: "inventions"},
			{Kind: format.DescEdgeTypePatternProperty, Labels: []string{}, EdgeType: "VISITED", ToLabels: []string{"Place"}, Property: "weight", Text: "how often"},
		}
		if f.Has(format.FeatPropertyValueDescription) {
			fx.descriptions = append(fx.descriptions, format.Description{Kind: format.DescPropertyValue, Property: "age", Value: format.Int(36), Text: "Ada's age"})
		}
	}
	return fx
}

// walBuilder collects transactions with increasing commit timestamps.
type walBuilder struct {
	f      format.Features
	frames []format.Frame
	ts     uint64
	txns   int    // committed transactions
	last   uint64 // commit timestamp of the last committed one
}

func fr(m format.Marker, d format.Delta) format.Frame { return format.Frame{Marker: m, Delta: d} }

// accessType follows what the corpus shows: data transactions WRITE (1),
// index creation READ_ONLY (3), index drops and statistics READ (2), the
// rest UNIQUE (0).
func accessType(frames []format.Frame) uint64 {
	switch m := frames[0].Marker; {
	case format.IsDataDelta(m):
		return format.AccessWrite
	case m == format.DeltaLabelIndexCreate || m == format.DeltaLabelPropertiesIndexCreate:
		return format.AccessReadOnly
	case m == format.DeltaLabelIndexDrop || m == format.DeltaLabelPropertiesIndexDrop ||
		(m >= format.DeltaLabelIndexStatsSet && m <= format.DeltaLabelPropertiesIndexStatsClear):
		return format.AccessRead
	}
	return format.AccessUnique
}

// txn appends one transaction. Deltas of features the version lacks are
// left out; a transaction left empty is not written.
func (b *walBuilder) txn(commit bool, frames ...format.Frame) {
	frames = slices.DeleteFunc(frames, func(x format.Frame) bool {
		name, _ := format.DeltaFeature(x.Marker)
		return !b.f.Has(name)
	})
	if len(frames) == 0 {
		return
	}
	if len(frames) > 1 && !b.f.Has(format.FeatMetadataTxnEnd) && format.IsMetadataDelta(frames[0].Marker) {
		for _, x := range frames { // each stands as a transaction of its own
			b.txn(commit, x)
		}
		return
	}
	b.ts += 2
	t := format.Txn{Timestamp: b.ts, Commit: commit, Access: accessType(frames)}
	t.Add(frames...)
	b.frames = format.AppendTxn(b.frames, b.f, t)
	if commit {
		b.txns++
		b.last = b.ts
	}
}

func (b *walBuilder) edgeSet(e fxEdge, p fxProp, toKnown bool) format.Frame {
	d := format.EdgePropertyDelta{Gid: e.gid, Property: p.name, Value: p.value}
	if b.f.Has(format.FeatEdgeSetFromVertex) {
		d.From = e.from
	}
	if b.f.Has(format.FeatEdgeSetToVertex) {
		d.To, d.EdgeType = format.UnknownGid, ""
		if toKnown {
			d.To, d.EdgeType = e.to, e.typ
		}
	}
	return fr(format.DeltaEdgeSetProperty, d)
}

func (fx *fixture) vectorDelta(x fxVector) format.Frame {
	d := format.VectorIndexDelta{Name: x.name, Mode: x.mode, Targets: x.targets, Property: x.prop, Metric: x.metric,
		Dimension: x.dim, Resize: x.resize, Capacity: x.capacity, ScalarKind: x.kind}
	if x.edge {
		return fr(format.DeltaVectorEdgeIndexCreate, d)
	}
	return fr(format.DeltaVectorIndexCreate, d)
}

func textDelta(m format.Marker, t fxText) format.Frame {
	return fr(m, format.TextIndexDelta{Name: t.name, Target: t.target, Properties: t.props})
}

func lpDelta(m format.Marker, x fxLP, order uint64) format.Frame {
	return fr(m, format.LabelPropertiesDelta{Label: x.label, Paths: x.paths, Order: order})
}

const (
	labelStatsText = `{"count":2, "avg_degree":1.5}`
	lpStatsText    = `{"count":2, "distinct_values_count":2, "statistic":0, "avg_group_size":1 "avg_degree":1.5}`
)

// wal writes the fixture as WAL transactions: the schema the data needs
// (enum, vector indices), the data, the rest of the schema, then scratch
// objects created and dropped, and last an uncommitted transaction.
func (fx *fixture) wal(b *walBuilder) {
	f := fx.f
	b.txn(true, fr(format.DeltaEnumCreate, format.EnumCreateDelta{Name: "Mood", Values: []string{"CALM", "CURIOUS"}}))
	b.txn(true, fr(format.DeltaEnumAlterAdd, format.EnumAlterAddDelta{Name: "Mood", Value: "FURIOUS"}))
	for _, x := range fx.vectors {
		b.txn(true, fx.vectorDelta(x))
	}
	for _, vx := range fx.vertices {
		frames := []format.Frame{fr(format.DeltaVertexCreate, format.VertexDelta{Gid: vx.gid})}
		for _, l := range vx.labels {
			frames = append(frames, fr(format.DeltaVertexAddLabel, format.LabelDelta{Gid: vx.gid, Label: l}))
		}
		for _, p := range vx.props {
			frames = append(frames, fr(format.DeltaVertexSetProperty, format.VertexPropertyDelta{Gid: vx.gid, Property: p.name, Value: p.value}))
		}
		b.txn(true, frames...)
	}
	for _, e := range fx.edges {
		frames := []format.Frame{fr(format.DeltaEdgeCreate, format.EdgeDelta{Gid: e.gid, EdgeType: e.typ, From: e.from, To: e.to})}
		for _, p := range e.props {
			frames = append(frames, b.edgeSet(e, p, true))
		}
		b.txn(true, frames...)
	}
	// A value renamed in place: the data keeps its value id.
	b.txn(true, fr(format.DeltaEnumAlterUpdate, format.EnumAlterUpdateDelta{Name: "Mood", OldValue: "CURIOUS", NewValue: "INQUISITIVE"}))
	for _, l := range fx.labelIndex {
		b.txn(true, fr(format.DeltaLabelIndexCreate, format.LabelOnlyDelta{Label: l}))
	}
	for _, x := range fx.lp {
		b.txn(true, lpDelta(format.DeltaLabelPropertiesIndexCreate, x, format.IndexOrderAsc))
	}
	for _, x := range fx.lpDesc {
		b.txn(true, lpDelta(format.DeltaLabelPropertiesIndexCreate, x, format.IndexOrderDesc))
	}
	for _, l := range fx.labelStats {
		b.txn(true, fr(format.DeltaLabelIndexStatsSet, format.LabelStatsDelta{Label: l, Stats: labelStatsText}),
			fr(format.DeltaLabelPropertiesIndexStatsSet, format.LabelPropertiesStatsDelta{Label: l, Paths: fx.lp[0].paths, Stats: lpStatsText}))
	}
	for _, c := range fx.existence {
		b.txn(true, fr(format.DeltaExistenceConstraintCreate, format.LabelPropertyDelta{Label: c.label, Property: c.prop}))
	}
	for _, c := range fx.unique {
		b.txn(true, fr(format.DeltaUniqueConstraintCreate, format.UniqueConstraintDelta{Label: c.label, Properties: c.props}))
	}
	for _, c := range fx.typeC {
		b.txn(true, fr(format.DeltaTypeConstraintCreate, format.TypeConstraintDelta{Label: c.label, Property: c.prop, Kind: c.kind}))
	}
	for _, t := range fx.edgeType {
		b.txn(true, fr(format.DeltaEdgeIndexCreate, format.EdgeTypeDelta{EdgeType: t}))
	}
	for _, x := range fx.edgeTypeProp {
		b.txn(true, fr(format.DeltaEdgePropertyIndexCreate, format.EdgeTypePropertyDelta{EdgeType: x.label, Property: x.prop}))
	}
	for _, p := range fx.globalEdge {
		b.txn(true, fr(format.DeltaGlobalEdgePropertyIndexCreate, format.PropertyOnlyDelta{Property: p}))
	}
	for _, p := range fx.globalVertex {
		b.txn(true, fr(format.DeltaGlobalVertexPropertyIndexCreate, format.PropertyOnlyDelta{Property: p}))
	}
	for _, x := range fx.point {
		b.txn(true, fr(format.DeltaPointIndexCreate, format.LabelPropertyDelta{Label: x.label, Property: x.prop}))
	}
	for _, t := range fx.text {
		b.txn(true, textDelta(format.DeltaTextIndexCreate, t))
	}
	for _, t := range fx.textEdge {
		b.txn(true, textDelta(format.DeltaTextEdgeIndexCreate, t))
	}
	if fx.ttl != nil {
		// Every operation once; DISABLE clears the schedule, the last
		// CONFIGURE sets the one the snapshot holds.
		b.txn(true, fr(format.DeltaTTLOperation, format.TTLDelta{Op: format.TTLConfigure, HasPeriod: true, PeriodUs: 60_000_000}))
		b.txn(true, fr(format.DeltaTTLOperation, format.TTLDelta{Op: format.TTLStop}))
		b.txn(true, fr(format.DeltaTTLOperation, format.TTLDelta{Op: format.TTLEnable}))
		b.txn(true, fr(format.DeltaTTLOperation, format.TTLDelta{Op: format.TTLDisable}))
		b.txn(true, fr(format.DeltaTTLOperation, *fx.ttl))
	}
	for _, d := range fx.descriptions {
		b.txn(true, fr(format.DeltaDescriptionSet, format.DescriptionDelta{Description: d}))
	}
	fx.scratch(b)
	if !f.Has(format.FeatTxnStart) {
		return
	}
	// A transaction that did not commit: recovery skips it.
	b.txn(false, fr(format.DeltaVertexCreate, format.VertexDelta{Gid: 6}),
		fr(format.DeltaVertexAddLabel, format.LabelDelta{Gid: 6, Label: "Ghost"}))
}

// scratch creates and removes objects, so that every remove and drop delta
// of the version appears without changing the recovered graph.
func (fx *fixture) scratch(b *walBuilder) {
	f := fx.f
	tmpV := fxVertex{gid: 5, labels: []string{"Scratch"}}
	tmpE := fxEdge{gid: 4, typ: "SCRATCHED", from: 5, to: 4}
	b.txn(true,
		fr(format.DeltaVertexCreate, format.VertexDelta{Gid: tmpV.gid}),
		fr(format.DeltaVertexAddLabel, format.LabelDelta{Gid: tmpV.gid, Label: "Scratch"}),
		fr(format.DeltaVertexSetProperty, format.VertexPropertyDelta{Gid: tmpV.gid, Property: "name", Value: format.String("scratch")}),
		fr(format.DeltaEdgeCreate, format.EdgeDelta{Gid: tmpE.gid, EdgeType: tmpE.typ, From: tmpE.from, To: tmpE.to}),
		b.edgeSet(tmpE, fxProp{"weight", format.Double(-0.5)}, false))
	b.txn(true,
		b.edgeSet(tmpE, fxProp{"weight", format.Null{}}, true),
		fr(format.DeltaEdgeDelete, format.EdgeDelta{Gid: tmpE.gid, EdgeType: tmpE.typ, From: tmpE.from, To: tmpE.to}),
		fr(format.DeltaVertexSetProperty, format.VertexPropertyDelta{Gid: tmpV.gid, Property: "name", Value: format.Null{}}),
		fr(format.DeltaVertexRemoveLabel, format.LabelDelta{Gid: tmpV.gid, Label: "Scratch"}),
		fr(format.DeltaVertexDelete, format.VertexDelta{Gid: tmpV.gid}))

	lp := fxLP{"Scratch", []format.NamePath{{"name"}}}
	b.txn(true, fr(format.DeltaLabelIndexCreate, format.LabelOnlyDelta{Label: "Scratch"}))
	b.txn(true, lpDelta(format.DeltaLabelPropertiesIndexCreate, lp, format.IndexOrderAsc))
	b.txn(true, fr(format.DeltaLabelIndexStatsSet, format.LabelStatsDelta{Label: "Scratch", Stats: labelStatsText}),
		fr(format.DeltaLabelPropertiesIndexStatsSet, format.LabelPropertiesStatsDelta{Label: "Scratch", Paths: lp.paths, Stats: lpStatsText}))
	b.txn(true, fr(format.DeltaLabelIndexStatsClear, format.LabelOnlyDelta{Label: "Scratch"}),
		fr(format.DeltaLabelPropertiesIndexStatsClear, format.LabelOnlyDelta{Label: "Scratch"}))
	b.txn(true, fr(format.DeltaLabelIndexDrop, format.LabelOnlyDelta{Label: "Scratch"}))
	b.txn(true, lpDelta(format.DeltaLabelPropertiesIndexDrop, lp, format.IndexOrderAsc))
	if f.Has(format.FeatDescIndices) {
		b.txn(true, lpDelta(format.DeltaLabelPropertiesIndexCreate, lp, format.IndexOrderDesc))
		b.txn(true, lpDelta(format.DeltaLabelPropertiesIndexDrop, lp, format.IndexOrderDesc))
	}
	pair := format.LabelPropertyDelta{Label: "Scratch", Property: "name"}
	b.txn(true, fr(format.DeltaExistenceConstraintCreate, pair))
	b.txn(true, fr(format.DeltaExistenceConstraintDrop, pair))
	uniq := format.UniqueConstraintDelta{Label: "Scratch", Properties: []string{"name"}}
	b.txn(true, fr(format.DeltaUniqueConstraintCreate, uniq))
	b.txn(true, fr(format.DeltaUniqueConstraintDrop, uniq))
	typed := format.TypeConstraintDelta{Label: "Scratch", Property: "name", Kind: 0}
	b.txn(true, fr(format.DeltaTypeConstraintCreate, typed))
	b.txn(true, fr(format.DeltaTypeConstraintDrop, typed))
	b.txn(true, fr(format.DeltaPointIndexCreate, pair))
	b.txn(true, fr(format.DeltaPointIndexDrop, pair))
	b.txn(true, fr(format.DeltaEdgeIndexCreate, format.EdgeTypeDelta{EdgeType: "SCRATCHED"}))
	b.txn(true, fr(format.DeltaEdgeIndexDrop, format.EdgeTypeDelta{EdgeType: "SCRATCHED"}))
	etp := format.EdgeTypePropertyDelta{EdgeType: "SCRATCHED", Property: "weight"}
	b.txn(true, fr(format.DeltaEdgePropertyIndexCreate, etp))
	b.txn(true, fr(format.DeltaEdgePropertyIndexDrop, etp))
	b.txn(true, fr(format.DeltaGlobalEdgePropertyIndexCreate, format.PropertyOnlyDelta{Property: "scratch"}))
	b.txn(true, fr(format.DeltaGlobalEdgePropertyIndexDrop, format.PropertyOnlyDelta{Property: "scratch"}))
	b.txn(true, fr(format.DeltaGlobalVertexPropertyIndexCreate, format.PropertyOnlyDelta{Property: "scratch"}))
	b.txn(true, fr(format.DeltaGlobalVertexPropertyIndexDrop, format.PropertyOnlyDelta{Property: "scratch"}))
	text := fxText{name: "scratch_text", target: "Scratch"}
	drop := format.TextIndexDelta{Name: text.name, Target: text.target}
	if f.Has(format.FeatTextIndexProperties) {
		text.props = []string{"name"}
		drop.Target = "" // the drop carries only the name
	}
	b.txn(true, textDelta(format.DeltaTextIndexCreate, text))
	b.txn(true, fr(format.DeltaTextIndexDrop, drop))
	sv := fxVector{name: "scratch_vec", targets: []string{"Scratch"}, prop: "scratch", metric: "l2sq", dim: 3, resize: 2, capacity: 8}
	if f.Has(format.FeatVectorScalarKind) {
		sv.kind = 11 // f32, the default
	}
	b.txn(true, fx.vectorDelta(sv))
	b.txn(true, fr(format.DeltaVectorIndexDrop, format.NameOnlyDelta{Name: "scratch_vec"}))
	desc := format.Description{Kind: format.DescEdgeType, EdgeType: "SCRATCHED", Text: "short-lived"}
	b.txn(true, fr(format.DeltaDescriptionSet, format.DescriptionDelta{Description: desc}))
	desc.Text = "" // a delete carries no text
	b.txn(true, fr(format.DeltaDescriptionDelete, format.DescriptionDelta{Description: desc}))
}

// FixtureWAL returns the fixture WAL of version v: a header (sequence number
// 0, the summary finalized where the version has one) and transactions that
// use every delta type of v, every property value type of v and every index
// and constraint kind of v. Replayed from an empty database it recovers to
// the graph of FixtureSnapshot(v). Frame offsets and CRCs are left zero; the
// encoder computes them.
func FixtureWAL(v format.Version) *format.WAL {
	b := &walBuilder{f: format.FeaturesOf(v)}
	buildFixture(v).wal(b)
	m := &format.WAL{Header: format.WALHeader{Version: v, UUID: fixtureUUID, Epoch: fixtureEpoch}, Frames: b.frames}
	if b.f.Has(format.FeatWALSummary) {
		s := &format.WALSummary{NumDeltas: uint64(len(b.frames))}
		s.FromTimestamp, s.ToTimestamp = b.frames[0].Timestamp, b.frames[len(b.frames)-1].Timestamp
		m.Header.Summary = s
	}
	return m
}

// mapperBuilder gives names ids in first-use order; the snapshot uses them in
// the order the fixture WAL first uses them, so that both recover with the
// same name-id order (which decides property order in the dump).
type mapperBuilder struct {
	ids    map[string]uint64
	mapper []format.MapperEntry
}

func (m *mapperBuilder) id(name string) uint64 {
	if x, ok := m.ids[name]; ok {
		return x
	}
	x := uint64(len(m.mapper))
	m.ids[name] = x
	m.mapper = append(m.mapper, format.MapperEntry{ID: x, Name: name})
	return x
}

func (m *mapperBuilder) names(names []string) []uint64 {
	out := make([]uint64, len(names))
	for i, n := range names {
		out[i] = m.id(n)
	}
	return out
}

// value registers the map keys inside v, as replaying the value does.
func (m *mapperBuilder) value(v format.Value) {
	switch x := v.(type) {
	case format.List:
		for _, e := range x {
			m.value(e)
		}
	case format.Map:
		for _, e := range x {
			m.id(e.Key)
			m.value(e.Value)
		}
	}
}

func (m *mapperBuilder) props(ps []fxProp) []format.Property {
	out := make([]format.Property, 0, len(ps))
	for _, p := range ps {
		out = append(out, format.Property{ID: m.id(p.name), Value: p.value})
		m.value(p.value)
	}
	// Memgraph's property store keeps properties in id order.
	slices.SortFunc(out, func(a, b format.Property) int { return int(a.ID) - int(b.ID) })
	return out
}

func (m *mapperBuilder) paths(l []format.NamePath) []format.PropertyPath {
	out := make([]format.PropertyPath, len(l))
	for i, p := range l {
		out[i] = m.names(p)
	}
	return out
}

func batchesOf(n int) []format.Batch {
	var out []format.Batch
	for ; n > 0; n -= min(n, FixtureBatchSize) {
		out = append(out, format.Batch{Count: uint64(min(n, FixtureBatchSize))})
	}
	return out
}

// FixtureSnapshot returns the fixture snapshot of version v: the graph
// FixtureWAL(v) recovers to, with every section v has filled in, taken
// after the last transaction of that WAL. Mapper ids follow the WAL's
// first use of each name. Offsets are left zero (encode lays the file out);
// where v has batch tables, they hold FixtureBatchSize records per batch.
func FixtureSnapshot(v format.Version) *format.Snapshot {
	fx := buildFixture(v)
	f := fx.f
	b := &walBuilder{f: f}
	fx.wal(b)
	m := &format.Snapshot{Version: v}
	mb := &mapperBuilder{ids: map[string]uint64{}}
	for _, x := range fx.vectors { // the order the WAL first names things in
		mb.names(x.targets)
		mb.id(x.prop)
	}
	gidIndex := map[uint64]int{}
	for _, vx := range fx.vertices {
		gidIndex[vx.gid] = len(m.Vertices)
		m.Vertices = append(m.Vertices, format.VertexRecord{Gid: vx.gid, Labels: mb.names(vx.labels), Properties: mb.props(vx.props)})
	}
	for _, e := range fx.edges {
		ref := format.EdgeRef{Edge: e.gid, Type: mb.id(e.typ)}
		m.Edges = append(m.Edges, format.EdgeRecord{Gid: e.gid, Properties: mb.props(e.props)})
		out, in := ref, ref
		out.Other, in.Other = e.to, e.from
		from, to := &m.Vertices[gidIndex[e.from]], &m.Vertices[gidIndex[e.to]]
		from.OutEdges = append(from.OutEdges, out)
		to.InEdges = append(to.InEdges, in)
	}

	ix := &m.Indices
	ix.Label = mb.names(fx.labelIndex)
	lpIndex := func(l []fxLP) []format.LabelPropertiesIndex {
		var out []format.LabelPropertiesIndex
		for _, x := range l {
			out = append(out, format.LabelPropertiesIndex{Label: mb.id(x.label), Paths: mb.paths(x.paths)})
		}
		return out
	}
	ix.LabelProperties = lpIndex(fx.lp)
	ix.LabelPropertiesDesc = lpIndex(fx.lpDesc)
	for _, l := range fx.labelStats {
		ix.LabelStats = append(ix.LabelStats, format.LabelStat{Label: mb.id(l), Count: 2, AvgDegree: 1.5})
		ix.LabelPropertyStats = append(ix.LabelPropertyStats, format.LabelPropertiesStat{Label: mb.id(l),
			Paths: mb.paths(fx.lp[0].paths), Count: 2, DistinctCount: 2, Statistic: 0, AvgGroupSize: 1, AvgDegree: 1.5})
	}
	pairs := func(l []fxPair) []format.LabelProperty {
		var out []format.LabelProperty
		for _, x := range l {
			out = append(out, format.LabelProperty{Label: mb.id(x.label), Property: mb.id(x.prop)})
		}
		return out
	}
	cs := &m.Constraints
	cs.Existence = pairs(fx.existence)
	for _, u := range fx.unique {
		cs.Unique = append(cs.Unique, format.UniqueConstraint{Label: mb.id(u.label), Properties: mb.names(u.props)})
	}
	for _, t := range fx.typeC {
		cs.Type = append(cs.Type, format.TypeConstraint{Label: mb.id(t.label), Property: mb.id(t.prop), Kind: t.kind})
	}
	if f.Has(format.FeatEdgeIndices) {
		ei := &m.EdgeIndices
		ei.EdgeType = mb.names(fx.edgeType)
		ei.EdgeTypeProperty = pairs(fx.edgeTypeProp)
		ei.GlobalEdgeProperty = mb.names(fx.globalEdge)
		ei.GlobalVertexProperty = mb.names(fx.globalVertex)
		ei.Point = pairs(fx.point)
		texts := func(l []fxText) []format.TextIndex {
			var out []format.TextIndex
			for _, t := range l {
				out = append(out, format.TextIndex{Name: t.name, Target: mb.id(t.target), Properties: mb.names(t.props)})
			}
			return out
		}
		ei.TextPresent, ei.Text = true, texts(fx.text)
		if f.Has(format.FeatTextEdgeIndex) { // writers from here on always write both lists
			ei.TextEdgePresent, ei.TextEdge = true, texts(fx.textEdge)
		}
		for _, x := range fx.vectors {
			vi := format.VectorIndex{Name: x.name, Mode: x.mode, Targets: mb.names(x.targets), Property: mb.id(x.prop),
				Metric: x.metric, Dimension: x.dim, Resize: x.resize, Capacity: x.capacity, ScalarKind: x.kind}
			for _, gid := range x.entryGids {
				vi.Entries = append(vi.Entries, format.VectorEntry{Gid: gid, Vector: fx.vectorOf(x, gid)})
			}
			if x.edge {
				ei.VectorEdge = append(ei.VectorEdge, vi)
			} else {
				ei.Vector = append(ei.Vector, vi)
			}
		}
	}
	if f.Has(format.FeatEnums) {
		m.Enums = []format.EnumType{fx.enum}
	}
	m.Mapper = mb.mapper
	m.EpochHistory = []format.EpochEntry{{ID: fixtureOld, Timestamp: 1}}
	last := b.last
	m.Metadata = format.SnapshotMetadata{UUID: fixtureUUID, Epoch: fixtureEpoch, StartTimestamp: last + 2, DurableTimestamp: last + 2,
		EdgeCount: uint64(len(m.Edges)), VertexCount: uint64(len(m.Vertices))}
	if f.Has(format.FeatDurableTimestamp) {
		m.Metadata.DurableTimestamp = last
	}
	if f.Has(format.FeatNumCommittedTxns) {
		m.Metadata.NumCommittedTxns = uint64(b.txns)
	}
	if f.Has(format.FeatSnapshotBatches) {
		m.EdgeBatches, m.VertexBatches = batchesOf(len(m.Edges)), batchesOf(len(m.Vertices))
	}
	if t := fx.ttl; t != nil {
		m.TTL = &format.TTLConfig{Enabled: true, Running: true, HasPeriod: t.HasPeriod, PeriodUs: t.PeriodUs,
			HasStart: t.HasStart, StartNs: t.StartUs * 1000, EdgeTTL: t.EdgeTTL}
	}
	m.Descriptions = fx.descriptions
	return m
}

// vectorOf returns the vector that object gid holds in vector index x.
func (fx *fixture) vectorOf(x fxVector, gid uint64) []float64 {
	var props []fxProp
	if x.edge {
		for _, e := range fx.edges {
			if e.gid == gid {
				props = e.props
			}
		}
	} else {
		for _, vx := range fx.vertices {
			if vx.gid == gid {
				props = vx.props
			}
		}
	}
	for _, p := range props {
		if id, ok := p.value.(format.VectorIndexID); ok && p.name == x.prop {
			return id.Vector
		}
	}
	panic("golden: fixture object without the indexed vector")
}
