package largegen

import (
	"io"
	"math/rand/v2"
	"strconv"

	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/format"
)

// Stats says what a generator wrote.
type Stats struct {
	Bytes        int64
	Vertices     int64 // created (WAL, some deleted again) or recorded (snapshot)
	Edges        int64 // likewise
	Transactions int64 // WAL only, committed ones
	Frames       int64 // WAL only
}

// Names shared by both generators. Mapper ids in snapshots are positions here.
var (
	labels    = []string{"User", "Product", "Order", "Review", "Place", "Tag"}
	edgeTypes = []string{"FOLLOWS", "BOUGHT", "REVIEWED", "LOCATED_IN"}
	// Property names in id order (after the labels and edge types).
	propNames = []string{"id", "name", "email", "age", "score", "active", "created", "tags",
		"meta", "status", "location", "updated", "since", "weight", "note"}
)

const (
	propID = iota
	propName
	propEmail
	propAge
	propScore
	propActive
	propCreated
	propTags
	propMeta
	propStatus
	propLocation
	propUpdated
	propSince
	propWeight
	propNote
)

var statusValues = []string{"ACTIVE", "INACTIVE", "PENDING", "BANNED"}

// gen draws content for one version from a seeded generator.
type gen struct {
	f   format.Features
	rng *rand.Rand
	buf []byte
}

func newGen(v format.Version, seed uint64) *gen {
	return &gen{f: format.FeaturesOf(v), rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

var words = []string{"alpha", "bravo", "delta", "echo", "golf", "hotel", "india", "kilo", "lima",
	"mike", "oscar", "papa", "romeo", "sierra", "tango", "victor", "whiskey", "zulu"}

// text returns 1..n words.
func (g *gen) text(n int) string {
	g.buf = g.buf[:0]
	for i := range 1 + g.rng.IntN(n) {
		if i > 0 {
			g.buf = append(g.buf, ' ')
		}
		g.buf = append(g.buf, words[g.rng.IntN(len(words))]...)
	}
	return string(g.buf)
}

// value returns a value for property p; the type follows the property, and
// the types a version lacks are replaced by older ones.
func (g *gen) value(p int, gid uint64) format.Value {
	r := g.rng
	switch p {
	case propID:
		return format.Int(gid)
	case propName:
		return format.String(g.text(3))
	case propEmail:
		return format.String(words[r.IntN(len(words))] + strconv.FormatUint(gid, 10) + "@example.com")
	case propAge:
		return format.Int(18 + r.IntN(70))
	case propScore, propWeight:
		return format.Double(r.Float64() * 100)
	case propActive:
		return format.Bool(r.IntN(2) == 0)
	case propCreated:
		return format.Temporal{Type: format.TemporalLocalDateTime, Micros: 1_500_000_000_000_000 + r.Int64N(300_000_000_000_000)}
	case propSince:
		return format.Temporal{Type: format.TemporalDate, Micros: 86_400_000_000 * r.Int64N(20_000)}
	case propTags:
		l := make(format.List, r.IntN(5))
		for i := range l {
			l[i] = format.String(words[r.IntN(len(words))])
		}
		return l
	case propMeta:
		return format.Map{{Key: "rank", Value: format.Int(r.IntN(1000))}, {Key: "source", Value: format.String(words[r.IntN(len(words))])}}
	case propStatus:
		if g.f.Has(format.FeatEnums) {
			return format.Enum{TypeID: 0, ValueID: uint64(r.IntN(len(statusValues)))}
		}
		return format.String(statusValues[r.IntN(len(statusValues))])
	case propLocation:
		if g.f.Has(format.FeatPoints) {
			return format.Point2D{SRID: format.SRIDWGS84_2D, X: r.Float64()*360 - 180, Y: r.Float64()*180 - 90}
		}
		return format.List{format.Double(r.Float64()*360 - 180), format.Double(r.Float64()*180 - 90)}
	case propUpdated:
		if g.f.Has(format.FeatZonedTemporal) {
			return format.ZonedTemporal{Micros: 1_600_000_000_000_000 + r.Int64N(100_000_000_000_000), OffsetMinutes: int64(60 * (r.IntN(25) - 12))}
		}
		return format.Temporal{Type: format.TemporalLocalDateTime, Micros: 1_600_000_000_000_000 + r.Int64N(100_000_000_000_000)}
	case propNote:
		return format.String(g.text(12))
	}
	panic("largegen: unknown property")
}

// vertexProps picks the properties of a vertex with the given first label,
// in property order.
func (g *gen) vertexProps(label int) []int {
	props := []int{propID, propName}
	switch labels[label] {
	case "User":
		props = append(props, propEmail, propAge, propActive, propCreated, propStatus, propUpdated)
	case "Product":
		props = append(props, propScore, propTags, propMeta)
	case "Order":
		props = append(props, propCreated, propStatus)
	case "Review":
		props = append(props, propScore, propNote)
	case "Place":
		props = append(props, propLocation)
	}
	// Leave out some optional ones, as real data does.
	out := props[:2]
	for _, p := range props[2:] {
		if g.rng.IntN(4) != 0 {
			out = append(out, p)
		}
	}
	return out
}

func (g *gen) edgeProps() []int {
	switch g.rng.IntN(4) {
	case 0:
		return nil
	case 1:
		return []int{propSince}
	case 2:
		return []int{propSince, propWeight}
	}
	return []int{propWeight, propNote}
}

// schema is the indices and constraints both generators create, by name.
type schema struct {
	labelIndex []string
	lp         [][2]string // label, property
	existence  [][2]string
	unique     [][2]string
	edgeIndex  []string
	point      [][2]string
	typed      [][2]string // INTEGER
}

func schemaOf(f format.Features) schema {
	s := schema{
		labelIndex: []string{"User", "Product"},
		lp:         [][2]string{{"User", "id"}, {"Product", "id"}, {"Order", "created"}},
		existence:  [][2]string{{"User", "id"}},
		unique:     [][2]string{{"User", "email"}},
	}
	if f.Has(format.FeatEdgeIndices) {
		s.edgeIndex = []string{"FOLLOWS"}
	}
	if f.Has(format.FeatPointIndexTypeConstraints) {
		s.point = [][2]string{{"Place", "location"}}
		s.typed = [][2]string{{"User", "age"}}
	}
	return s
}

// discard is a back-patchable writer that keeps nothing (for sizing).
type discard struct{}

func (discard) Write(p []byte) (int, error)            { return len(p), nil }
func (discard) WriteAt(p []byte, _ int64) (int, error) { return len(p), nil }

// WriteWAL writes a WAL of version v to w, of targetBytes or a little more
// (it stops after the transaction that reaches the size). It opens with the
// schema (indices, constraints, an enum where v has them), then writes
// transactions of one to a few hundred deltas: vertices created with labels and
// properties, properties updated, edges created with properties, and
// objects created and deleted again; where v has TRANSACTION_START, one in
// about 200 did not commit. Where v has a summary it is finalized
// when w is an io.WriteSeeker or io.WriterAt, and left unfinalized (as in a
// file still being written) otherwise.
func WriteWAL(w io.Writer, v format.Version, targetBytes int64, seed uint64) (Stats, error) {
	if !v.Supported() {
		return Stats{}, &format.UnsupportedVersionError{Version: v}
	}
	g := newGen(v, seed)
	f := g.f
	_, seekable := w.(io.WriteSeeker)
	_, at := w.(io.WriterAt)
	h := format.WALHeader{Version: v, UUID: "8d7a4c1e-6b2f-4a90-b3c5-2e1f0d9c8b7a", Epoch: "1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9"}
	ww, err := encode.NewWALWriter(w, h, &encode.WALOptions{Finalize: f.Has(format.FeatWALSummary) && (seekable || at)})
	if err != nil {
		return Stats{}, err
	}
	var st Stats
	ts := uint64(0)
	var frames []format.Frame
	txn := func(commit bool) error {
		if len(frames) == 0 {
			return nil
		}
		ts += 2
		t := format.Txn{Timestamp: ts, Commit: commit, Access: format.AccessWrite}
		t.Add(frames...)
		if len(t.Metadata) > 0 {
			t.Access = format.AccessUnique
		}
		if err := ww.WriteTxn(t); err != nil {
			return err
		}
		st.Frames = int64(ww.Totals().Frames)
		if commit {
			st.Transactions++
		}
		frames = frames[:0]
		return nil
	}
	add := func(m format.Marker, d format.Delta) { frames = append(frames, format.Frame{Marker: m, Delta: d}) }
	meta := func(m format.Marker, d format.Delta) error { add(m, d); return txn(true) }

	if f.Has(format.FeatEnums) {
		if err := meta(format.DeltaEnumCreate, format.EnumCreateDelta{Name: "Status", Values: statusValues}); err != nil {
			return st, err
		}
	}
	s := schemaOf(f)
	for _, l := range s.labelIndex {
		if err := meta(format.DeltaLabelIndexCreate, format.LabelOnlyDelta{Label: l}); err != nil {
			return st, err
		}
	}
	for _, x := range s.lp {
		if err := meta(format.DeltaLabelPropertiesIndexCreate, format.LabelPropertiesDelta{Label: x[0], Paths: []format.NamePath{{x[1]}}}); err != nil {
			return st, err
		}
	}
	for _, x := range s.existence {
		if err := meta(format.DeltaExistenceConstraintCreate, format.LabelPropertyDelta{Label: x[0], Property: x[1]}); err != nil {
			return st, err
		}
	}
	for _, x := range s.unique {
		if err := meta(format.DeltaUniqueConstraintCreate, format.UniqueConstraintDelta{Label: x[0], Properties: []string{x[1]}}); err != nil {
			return st, err
		}
	}
	for _, t := range s.edgeIndex {
		if err := meta(format.DeltaEdgeIndexCreate, format.EdgeTypeDelta{EdgeType: t}); err != nil {
			return st, err
		}
	}
	for _, x := range s.point {
		if err := meta(format.DeltaPointIndexCreate, format.LabelPropertyDelta{Label: x[0], Property: x[1]}); err != nil {
			return st, err
		}
	}
	for _, x := range s.typed {
		if err := meta(format.DeltaTypeConstraintCreate, format.TypeConstraintDelta{Label: x[0], Property: x[1], Kind: 2}); err != nil {
			return st, err
		}
	}

	// Permanent vertices have gids 0..vertices-1, so any gid below is one
	// that exists; vertices that are deleted again take gids from tempBase.
	const tempBase = 1 << 48
	var vertices, edges, temps uint64
	r := g.rng
	createVertex := func(temp bool) uint64 {
		gid := vertices
		if temp {
			gid = tempBase + temps
			temps++
		} else {
			vertices++
		}
		label := r.IntN(len(labels))
		add(format.DeltaVertexCreate, format.VertexDelta{Gid: gid})
		add(format.DeltaVertexAddLabel, format.LabelDelta{Gid: gid, Label: labels[label]})
		if r.IntN(5) == 0 {
			add(format.DeltaVertexAddLabel, format.LabelDelta{Gid: gid, Label: labels[(label+1)%len(labels)]})
		}
		for _, p := range g.vertexProps(label) {
			add(format.DeltaVertexSetProperty, format.VertexPropertyDelta{Gid: gid, Property: propNames[p], Value: g.value(p, gid)})
		}
		return gid
	}
	createEdge := func(from, to uint64) format.EdgeDelta {
		e := format.EdgeDelta{Gid: edges, EdgeType: edgeTypes[r.IntN(len(edgeTypes))], From: from, To: to}
		edges++
		add(format.DeltaEdgeCreate, e)
		for _, p := range g.edgeProps() {
			d := format.EdgePropertyDelta{Gid: e.Gid, Property: propNames[p], Value: g.value(p, e.Gid)}
			if f.Has(format.FeatEdgeSetFromVertex) {
				d.From = from
			}
			if f.Has(format.FeatEdgeSetToVertex) {
				d.To, d.EdgeType = to, e.EdgeType
			}
			add(format.DeltaEdgeSetProperty, d)
		}
		return e
	}
	randomVertex := func() uint64 { return r.Uint64N(vertices) }

	for ww.Offset() < targetBytes {
		// Now and then a transaction that did not commit; it only updates,
		// so that it leaves no object later transactions could refer to.
		commit := vertices == 0 || !f.Has(format.FeatTxnStart) || r.IntN(200) != 0
		k := r.IntN(100)
		if vertices == 0 {
			k = 50 // the first transaction creates vertices
		}
		switch {
		case !commit || k < 25: // updates
			for range 1 + r.IntN(16) {
				gid := randomVertex()
				p := propScore + r.IntN(2)*(propUpdated-propScore)
				add(format.DeltaVertexSetProperty, format.VertexPropertyDelta{Gid: gid, Property: propNames[p], Value: g.value(p, gid)})
			}
		case k < 80: // new vertices, linked to older ones
			for range 1 + r.IntN(1+r.IntN(40)) {
				gid := createVertex(false)
				if gid > 0 && r.IntN(2) == 0 {
					createEdge(gid, r.Uint64N(gid))
				}
			}
		case k < 95: // edges between existing vertices
			for range 1 + r.IntN(20) {
				createEdge(randomVertex(), randomVertex())
			}
		default: // objects that do not survive their transaction
			tmp := createVertex(true)
			e := createEdge(randomVertex(), tmp)
			add(format.DeltaEdgeDelete, e)
			add(format.DeltaVertexSetProperty, format.VertexPropertyDelta{Gid: tmp, Property: "name", Value: format.Null{}})
			add(format.DeltaVertexDelete, format.VertexDelta{Gid: tmp})
		}
		if err := txn(commit); err != nil {
			return st, err
		}
	}
	if err := ww.Close(); err != nil {
		return st, err
	}
	st.Vertices, st.Edges = int64(vertices+temps), int64(edges)
	st.Bytes = ww.Offset()
	return st, nil
}

// Graph shape of a generated snapshot: vertex i has degrees[i%len(degrees)]
// out-edges, the k-th to vertex (i+offsets[k]) mod n, numbered in vertex
// order. The in-edges of a vertex follow from the same rule, so no vertex
// has to remember its edges.
var (
	degrees = []int{1, 0, 3, 2, 1, 5, 0, 2}
	offsets = []uint64{1, 3, 17, 101, 1009}
)

func edgesBefore(i uint64) uint64 {
	per := uint64(0)
	for _, d := range degrees {
		per += uint64(d)
	}
	p := uint64(len(degrees))
	e := i / p * per
	for j := uint64(0); j < i%p; j++ {
		e += uint64(degrees[j])
	}
	return e
}

func degree(i uint64) int { return degrees[i%uint64(len(degrees))] }

// edgeType is a function of the edge gid: both ends must agree on it.
func edgeType(seed, gid uint64) uint64 {
	x := (gid + seed) * 0x9e3779b97f4a7c15
	x ^= x >> 31
	return uint64(len(labels)) + x%uint64(len(edgeTypes))
}

func propertyID(p int) uint64 { return uint64(len(labels) + len(edgeTypes) + p) }

// SnapshotParams tune WriteSnapshot; the zero value is the default.
type SnapshotParams struct {
	Seed      uint64
	BatchSize int // records per batch (0: encode.DefaultBatchSize)
}

// WriteSnapshot writes a snapshot of version v of about targetBytes (within
// a few percent) to w, which must be an io.WriteSeeker or io.WriterAt (the
// offsets table is back-patched). The graph has vertices with one or two
// labels and properties of several types, about 1.75 edges per vertex with
// properties, label and label+property indices, existence and unique
// constraints, and the newer index and constraint kinds where v has them.
func WriteSnapshot(w io.Writer, v format.Version, targetBytes int64, opts *SnapshotParams) (Stats, error) {
	if !v.Supported() {
		return Stats{}, &format.UnsupportedVersionError{Version: v}
	}
	var o SnapshotParams
	if opts != nil {
		o = *opts
	}
	// Size the graph from a sample of the same content.
	const sample = 4096
	empty, err := writeSnapshot(nil, v, 0, o)
	if err != nil {
		return Stats{}, err
	}
	some, err := writeSnapshot(nil, v, sample, o)
	if err != nil {
		return Stats{}, err
	}
	per := float64(some.Bytes-empty.Bytes) / sample
	n := uint64(0)
	if rest := float64(targetBytes - empty.Bytes); rest > 0 {
		n = uint64(rest/per + 0.5)
	}
	return writeSnapshot(w, v, n, o)
}

func writeSnapshot(w io.Writer, v format.Version, n uint64, o SnapshotParams) (Stats, error) {
	if w == nil {
		w = discard{}
	}
	g := newGen(v, o.Seed)
	f := g.f
	sw, err := encode.NewSnapshotWriter(w, v, &encode.SnapshotOptions{BatchSize: o.BatchSize})
	if err != nil {
		return Stats{}, err
	}
	props := func(ps []int, gid uint64) []format.Property {
		out := make([]format.Property, len(ps))
		for i, p := range ps {
			out[i] = format.Property{ID: propertyID(p), Value: g.value(p, gid)}
		}
		return out
	}
	var st Stats
	if n > 0 {
		for i := range n {
			for k := range degree(i) {
				gid := edgesBefore(i) + uint64(k)
				if err := sw.WriteEdge(format.EdgeRecord{Gid: gid, Properties: props(g.edgeProps(), gid)}); err != nil {
					return st, err
				}
				st.Edges++
			}
		}
	}
	maxDeg := 0
	for _, d := range degrees {
		maxDeg = max(maxDeg, d)
	}
	var in, out []format.EdgeRef
	for i := range n {
		label := g.rng.IntN(len(labels))
		r := format.VertexRecord{Gid: i, Labels: []uint64{uint64(label)}}
		if g.rng.IntN(5) == 0 {
			r.Labels = append(r.Labels, uint64((label+1)%len(labels)))
		}
		r.Properties = props(g.vertexProps(label), i)
		in, out = in[:0], out[:0]
		for k := range maxDeg {
			off := offsets[k] % n
			if src := (i + n - off) % n; degree(src) > k {
				e := edgesBefore(src) + uint64(k)
				in = append(in, format.EdgeRef{Edge: e, Other: src, Type: edgeType(o.Seed, e)})
			}
			if k < degree(i) {
				e := edgesBefore(i) + uint64(k)
				out = append(out, format.EdgeRef{Edge: e, Other: (i + off) % n, Type: edgeType(o.Seed, e)})
			}
		}
		r.InEdges, r.OutEdges = in, out
		if err := sw.WriteVertex(r); err != nil {
			return st, err
		}
		st.Vertices++
	}
	if err := sw.Finish(snapshotRest(f, st)); err != nil {
		return st, err
	}
	st.Bytes = sw.Offset()
	return st, nil
}

// snapshotRest is every section but the records.
func snapshotRest(f format.Features, st Stats) *format.Snapshot {
	m := &format.Snapshot{Version: f.Version}
	id := map[string]uint64{}
	for _, names := range [][]string{labels, edgeTypes, propNames} {
		for _, name := range names {
			id[name] = uint64(len(m.Mapper))
			m.Mapper = append(m.Mapper, format.MapperEntry{ID: id[name], Name: name})
		}
	}
	// Map keys are names too.
	for _, k := range []string{"rank", "source"} {
		m.Mapper = append(m.Mapper, format.MapperEntry{ID: uint64(len(m.Mapper)), Name: k})
	}
	pair := func(x [2]string) format.LabelProperty {
		return format.LabelProperty{Label: id[x[0]], Property: id[x[1]]}
	}
	s := schemaOf(f)
	for _, l := range s.labelIndex {
		m.Indices.Label = append(m.Indices.Label, id[l])
	}
	for _, x := range s.lp {
		m.Indices.LabelProperties = append(m.Indices.LabelProperties, format.LabelPropertiesIndex{Label: id[x[0]], Paths: []format.PropertyPath{{id[x[1]]}}})
	}
	for _, x := range s.existence {
		m.Constraints.Existence = append(m.Constraints.Existence, pair(x))
	}
	for _, x := range s.unique {
		m.Constraints.Unique = append(m.Constraints.Unique, format.UniqueConstraint{Label: id[x[0]], Properties: []uint64{id[x[1]]}})
	}
	for _, t := range s.edgeIndex {
		m.EdgeIndices.EdgeType = append(m.EdgeIndices.EdgeType, id[t])
	}
	for _, x := range s.point {
		m.EdgeIndices.Point = append(m.EdgeIndices.Point, pair(x))
	}
	for _, x := range s.typed {
		m.Constraints.Type = append(m.Constraints.Type, format.TypeConstraint{Label: id[x[0]], Property: id[x[1]], Kind: 2})
	}
	if f.Has(format.FeatTextEdgeIndex) { // writers from here on always write both text lists
		m.EdgeIndices.TextPresent, m.EdgeIndices.TextEdgePresent = true, true
	}
	if f.Has(format.FeatEnums) {
		m.Enums = []format.EnumType{{Name: "Status", Values: statusValues}}
	}
	if f.Has(format.FeatTTL) {
		m.TTL = &format.TTLConfig{}
	}
	m.Metadata = format.SnapshotMetadata{UUID: "8d7a4c1e-6b2f-4a90-b3c5-2e1f0d9c8b7a", Epoch: "1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9",
		StartTimestamp: 1000, DurableTimestamp: 1000, EdgeCount: uint64(st.Edges), VertexCount: uint64(st.Vertices)}
	if f.Has(format.FeatDurableTimestamp) {
		m.Metadata.DurableTimestamp = 998
	}
	return m
}
