package graph

import (
	"cmp"
	"iter"
	"slices"

	"github.com/durascope/durascope/format"
)

// BuildOptions supply what a Graph does not hold: identity, timestamps and
// history of the file to write.
type BuildOptions struct {
	UUID, Epoch string
	// Snapshot metadata. DurableTimestamp is written only from
	// DurableTimestamp on (before it readers take StartTimestamp);
	// NumCommittedTxns only from NumCommittedTxns on.
	StartTimestamp, DurableTimestamp uint64
	NumCommittedTxns                 uint64
	EpochHistory                     []format.EpochEntry
	// WAL: the sequence number, the commit timestamp of the first
	// transaction (0: 1; each next transaction adds 1) and how many
	// vertices or edges one data transaction creates (0: 1000).
	SeqNum         uint64
	FirstTimestamp uint64
	ObjectsPerTxn  int
	// SchemaOnly leaves the vertex and edge records out of SnapshotModel
	// (and their names out of its mapper): the schema alone, without a
	// second copy of the data.
	SchemaOnly bool
}

// SnapshotModel is s as a snapshot model at MaxVersion, which holds
// everything a Graph can: the mapper (the names s uses, in s's id order, so
// that loading it assigns the same ids), every record, every section, and
// metadata from opts (nil: zeros). Offsets and batches are left to the
// encoder. Index statistics are not part of a Graph and are not written.
// inspect/convert writes it at other versions.
func (s *Graph) SnapshotModel(opts *BuildOptions) *format.Snapshot {
	if opts == nil {
		opts = &BuildOptions{}
	}
	used := map[int]bool{}
	use := func(ids ...int) {
		for _, id := range ids {
			used[id] = true
		}
	}
	u := func(id int) uint64 { use(id); return uint64(id) }
	props := func(p Props) []format.Property {
		var out []format.Property
		for id, v := range p.All() {
			out = append(out, format.Property{ID: u(id), Value: v})
		}
		return out
	}
	m := &format.Snapshot{Version: format.MaxVersion, Enums: s.Enums, EpochHistory: opts.EpochHistory}
	s.recordsModel(m, opts, u, props)
	m.Metadata = format.SnapshotMetadata{UUID: opts.UUID, Epoch: opts.Epoch, StartTimestamp: opts.StartTimestamp,
		DurableTimestamp: opts.DurableTimestamp, NumCommittedTxns: opts.NumCommittedTxns,
		EdgeCount: uint64(len(m.Edges)), VertexCount: uint64(len(m.Vertices))}

	ix := &m.Indices
	for _, l := range sortedKeys(s.labelIndex) {
		ix.Label = append(ix.Label, u(l))
	}
	for _, lp := range s.sortedLPIndices() {
		e := format.LabelPropertiesIndex{Label: u(lp.label)}
		for _, p := range lp.paths {
			var path format.PropertyPath
			for _, id := range p {
				path = append(path, u(id))
			}
			e.Paths = append(e.Paths, path)
		}
		if lp.desc {
			ix.LabelPropertiesDesc = append(ix.LabelPropertiesDesc, e)
		} else {
			ix.LabelProperties = append(ix.LabelProperties, e)
		}
	}

	ei := &m.EdgeIndices
	for _, t := range sortedKeys(s.edgeTypeIndex) {
		ei.EdgeType = append(ei.EdgeType, u(t))
	}
	pairs := func(set map[[2]int]bool) []format.LabelProperty {
		var out []format.LabelProperty
		for _, k := range sortedPairs(set) {
			out = append(out, format.LabelProperty{Label: u(k[0]), Property: u(k[1])})
		}
		return out
	}
	ei.EdgeTypeProperty, ei.Point = pairs(s.edgeTypePropIdx), pairs(s.pointIndex)
	for _, p := range sortedKeys(s.globalEdgeProp) {
		ei.GlobalEdgeProperty = append(ei.GlobalEdgeProperty, u(p))
	}
	for _, p := range sortedKeys(s.globalVertexProp) {
		ei.GlobalVertexProperty = append(ei.GlobalVertexProperty, u(p))
	}
	entries := s.vectorEntries()
	for _, vi := range s.sortedVectorIndices() {
		x := format.VectorIndex{Name: vi.name, Mode: vi.mode, Property: u(vi.prop), Metric: vi.metric,
			Dimension: vi.dimension, Resize: vi.resize, Capacity: vi.capacity, ScalarKind: vi.scalarKind, Entries: entries[vi.name]}
		for _, t := range vi.targets {
			x.Targets = append(x.Targets, u(t))
		}
		if vi.edge {
			ei.VectorEdge = append(ei.VectorEdge, x)
		} else {
			ei.Vector = append(ei.Vector, x)
		}
	}
	ei.TextPresent, ei.TextEdgePresent = true, true
	for _, t := range s.sortedTextIndices() {
		x := format.TextIndex{Name: t.name, Target: u(t.target)}
		for _, p := range t.props {
			x.Properties = append(x.Properties, u(p))
		}
		if t.edge {
			ei.TextEdge = append(ei.TextEdge, x)
		} else {
			ei.Text = append(ei.Text, x)
		}
	}

	cs := &m.Constraints
	cs.Existence = pairs(s.existence)
	for _, un := range s.sortedUniques() {
		x := format.UniqueConstraint{Label: u(un.label)}
		for _, p := range un.props {
			x.Properties = append(x.Properties, u(p))
		}
		cs.Unique = append(cs.Unique, x)
	}
	typeKeys := make([][2]int, 0, len(s.typeConstraint))
	for k := range s.typeConstraint {
		typeKeys = append(typeKeys, k)
	}
	slices.SortFunc(typeKeys, comparePair)
	for _, k := range typeKeys {
		cs.Type = append(cs.Type, format.TypeConstraint{Label: u(k[0]), Property: u(k[1]), Kind: s.typeConstraint[k]})
	}

	m.TTL = &format.TTLConfig{}
	if t := s.ttl; t.hasPeriod || t.hasStart {
		m.TTL = &format.TTLConfig{Enabled: true, Running: true, HasPeriod: t.hasPeriod, PeriodUs: t.periodUs,
			HasStart: t.hasStart, StartNs: uint64(t.startUs) * 1000}
		if !t.hasPeriod {
			m.TTL.PeriodUs = 0
		}
		if !t.hasStart {
			m.TTL.StartNs = 0
		}
	}
	m.Descriptions = s.sortedDescriptions()

	for _, id := range sortedKeys(used) {
		m.Mapper = append(m.Mapper, format.MapperEntry{ID: uint64(id), Name: s.names.name(id)})
	}
	return m
}

// vectorEntries collects, per vector index, the vectors of the objects
// whose VECTOR_INDEX_ID values name it, as Memgraph's snapshot lists them.
func (s *Graph) vectorEntries() map[string][]format.VectorEntry {
	out := map[string][]format.VectorEntry{}
	add := func(gid uint64, props Props) {
		for _, v := range props.All() {
			if x, ok := v.(format.VectorIndexID); ok {
				for _, name := range x.Indexes {
					if vi, ok := s.vectorIndex[name]; ok && uint64(len(x.Vector)) == vi.dimension {
						out[name] = append(out[name], format.VectorEntry{Gid: gid, Vector: x.Vector})
					}
				}
			}
		}
	}
	for vx := range s.vertices() {
		add(vx.Gid, vx.Props(s))
	}
	for e := range s.sortedEdges() {
		add(e.Gid, e.Props(s))
	}
	return out
}

func (s *Graph) sortedLPIndices() []lpIndex {
	out := mapValues(s.lpIndex)
	slices.SortFunc(out, func(a, b lpIndex) int {
		return cmp.Compare(pathsKey(a.label, a.paths, a.desc), pathsKey(b.label, b.paths, b.desc))
	})
	return out
}

func (s *Graph) sortedVectorIndices() []vectorIndex {
	out := mapValues(s.vectorIndex)
	slices.SortFunc(out, func(a, b vectorIndex) int { return cmp.Compare(a.name, b.name) })
	return out
}

func (s *Graph) sortedTextIndices() []textIndex {
	out := mapValues(s.textIndex)
	slices.SortFunc(out, func(a, b textIndex) int { return cmp.Compare(a.name, b.name) })
	return out
}

func (s *Graph) sortedUniques() []uniqueConstraint {
	out := mapValues(s.unique)
	slices.SortFunc(out, func(a, b uniqueConstraint) int {
		return cmp.Compare(uniqueKey(a.label, a.props), uniqueKey(b.label, b.props))
	})
	return out
}

func (s *Graph) sortedDescriptions() []format.Description {
	keys := make([]string, 0, len(s.descriptions))
	for k := range s.descriptions {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var out []format.Description
	for _, k := range keys {
		out = append(out, s.descriptions[k])
	}
	return out
}

// Transactions are the transactions (without timestamps, at MaxVersion)
// whose replay from an empty database recovers s: every enum; one that
// meets every name s uses in s's id order (a temporary vertex gets each
// label, each property set to Null and each edge type on a temporary
// edge, and is deleted), so that a replay assigns the same name ids and
// the dump prints properties in the same order; every index, constraint,
// TTL setting and description, one each; then the vertices, then the
// edges, opts.ObjectsPerTxn per transaction (0: 1000).
func (s *Graph) Transactions(opts *BuildOptions) []format.Txn {
	var out []format.Txn
	emit := func(access uint64, frames ...format.Frame) {
		t := format.Txn{Commit: true, Access: access}
		t.Add(frames...)
		out = append(out, t)
	}
	for _, e := range s.Enums {
		emit(format.AccessUnique, mkFrame(format.DeltaEnumCreate, format.EnumCreateDelta{Name: e.Name, Values: e.Values}))
	}
	if prelude := s.namePrelude(); len(prelude) > 0 {
		emit(format.AccessWrite, prelude...)
	}
	for _, d := range s.schemaDeltas() {
		emit(format.AccessUnique, d)
	}
	per := 0
	if opts != nil {
		per = opts.ObjectsPerTxn
	}
	if per <= 0 {
		per = 1000
	}
	var batch []format.Frame
	count := 0
	flush := func() {
		if len(batch) > 0 {
			emit(format.AccessWrite, batch...)
		}
		batch, count = nil, 0
	}
	name := s.names.name
	for vx := range s.vertices() {
		batch = append(batch, mkFrame(format.DeltaVertexCreate, format.VertexDelta{Gid: vx.Gid}))
		for _, l := range vx.Labels(s) {
			batch = append(batch, mkFrame(format.DeltaVertexAddLabel, format.LabelDelta{Gid: vx.Gid, Label: name(l)}))
		}
		for p, v := range vx.Props(s).All() {
			batch = append(batch, mkFrame(format.DeltaVertexSetProperty, format.VertexPropertyDelta{Gid: vx.Gid, Property: name(p), Value: v}))
		}
		if count++; count == per {
			flush()
		}
	}
	flush()
	for vx := range s.vertices() {
		for e := range s.Out(vx) {
			to := s.vs.at(e.to).Gid
			batch = append(batch, mkFrame(format.DeltaEdgeCreate, format.EdgeDelta{Gid: e.Gid, EdgeType: name(e.Type(s)), From: vx.Gid, To: to}))
			for p, v := range e.Props(s).All() {
				// In the transaction that creates the edge Memgraph does not
				// record its to-vertex and type here.
				batch = append(batch, mkFrame(format.DeltaEdgeSetProperty, format.EdgePropertyDelta{Gid: e.Gid, Property: name(p), Value: v,
					From: vx.Gid, To: format.UnknownGid}))
			}
			if count++; count == per {
				flush()
			}
		}
	}
	flush()
	return out
}

func mkFrame(m format.Marker, d format.Delta) format.Frame { return format.Frame{Marker: m, Delta: d} }

// namePrelude meets every name s uses, in id order, on a temporary vertex
// (one past the largest gid) and temporary edges, and removes them again.
func (s *Graph) namePrelude() []format.Frame {
	kinds := s.nameKinds()
	if len(kinds) == 0 {
		return nil
	}
	var tmp, tmpEdge uint64
	if gid, ok := s.vix.last(); ok {
		tmp = gid + 1
	}
	if gid, ok := s.eix.last(); ok {
		tmpEdge = gid + 1
	}
	out := []format.Frame{mkFrame(format.DeltaVertexCreate, format.VertexDelta{Gid: tmp})}
	var labels []string
	for _, id := range sortedKeys(kinds) {
		n := s.names.name(id)
		switch kinds[id] {
		case nameProperty:
			out = append(out, mkFrame(format.DeltaVertexSetProperty, format.VertexPropertyDelta{Gid: tmp, Property: n, Value: format.Null{}}))
		case nameLabel:
			out = append(out, mkFrame(format.DeltaVertexAddLabel, format.LabelDelta{Gid: tmp, Label: n}))
			labels = append(labels, n)
		case nameEdgeType:
			e := format.EdgeDelta{Gid: tmpEdge, EdgeType: n, From: tmp, To: tmp}
			out = append(out, mkFrame(format.DeltaEdgeCreate, e), mkFrame(format.DeltaEdgeDelete, e))
			tmpEdge++
		}
	}
	for i := len(labels) - 1; i >= 0; i-- {
		out = append(out, mkFrame(format.DeltaVertexRemoveLabel, format.LabelDelta{Gid: tmp, Label: labels[i]}))
	}
	return append(out, mkFrame(format.DeltaVertexDelete, format.VertexDelta{Gid: tmp}))
}

type nameKind int

const (
	nameProperty nameKind = iota + 1
	nameLabel
	nameEdgeType
)

// nameKinds says, for every name id s uses, how the prelude meets it.
func (s *Graph) nameKinds() map[int]nameKind {
	k := map[int]nameKind{}
	set := func(kind nameKind, ids ...int) {
		for _, id := range ids {
			if old, ok := k[id]; !ok || kind < old {
				k[id] = kind
			}
		}
	}
	var labels []int
	for vx := range s.vertices() {
		labels = vx.appendLabels(s, labels[:0])
		set(nameLabel, labels...)
		for id := range vx.Props(s).IDs() {
			set(nameProperty, id)
		}
	}
	for e := range s.sortedEdges() {
		set(nameEdgeType, e.Type(s))
		for id := range e.Props(s).IDs() {
			set(nameProperty, id)
		}
	}
	set(nameLabel, sortedKeys(s.labelIndex)...)
	for _, lp := range s.lpIndex {
		set(nameLabel, lp.label)
		for _, p := range lp.paths {
			set(nameProperty, p...)
		}
	}
	for _, t := range s.textIndex {
		if t.edge {
			set(nameEdgeType, t.target)
		} else {
			set(nameLabel, t.target)
		}
		set(nameProperty, t.props...)
	}
	for _, vi := range s.vectorIndex {
		if vi.edge {
			set(nameEdgeType, vi.targets...)
		} else {
			set(nameLabel, vi.targets...)
		}
		set(nameProperty, vi.prop)
	}
	for kv := range s.pointIndex {
		set(nameLabel, kv[0])
		set(nameProperty, kv[1])
	}
	for kv := range s.existence {
		set(nameLabel, kv[0])
		set(nameProperty, kv[1])
	}
	for kv := range s.typeConstraint {
		set(nameLabel, kv[0])
		set(nameProperty, kv[1])
	}
	for _, un := range s.unique {
		set(nameLabel, un.label)
		set(nameProperty, un.props...)
	}
	set(nameEdgeType, sortedKeys(s.edgeTypeIndex)...)
	for kv := range s.edgeTypePropIdx {
		set(nameEdgeType, kv[0])
		set(nameProperty, kv[1])
	}
	set(nameProperty, sortedKeys(s.globalEdgeProp)...)
	set(nameProperty, sortedKeys(s.globalVertexProp)...)
	for _, d := range s.descriptions {
		for _, l := range append(slices.Clone(d.Labels), d.ToLabels...) {
			set(nameLabel, s.names.ids[l])
		}
		if d.EdgeType != "" {
			set(nameEdgeType, s.names.ids[d.EdgeType])
		}
		if d.Property != "" {
			set(nameProperty, s.names.ids[d.Property])
		}
	}
	return k
}

// schemaDeltas lists the create deltas of every index, constraint, TTL
// setting and description of s.
func (s *Graph) schemaDeltas() []format.Frame {
	name := s.names.name
	names := func(ids []int) []string {
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = name(id)
		}
		return out
	}
	var out []format.Frame
	for _, l := range sortedKeys(s.labelIndex) {
		out = append(out, mkFrame(format.DeltaLabelIndexCreate, format.LabelOnlyDelta{Label: name(l)}))
	}
	for _, lp := range s.sortedLPIndices() {
		d := format.LabelPropertiesDelta{Label: name(lp.label)}
		for _, p := range lp.paths {
			d.Paths = append(d.Paths, names(p))
		}
		if lp.desc {
			d.Order = format.IndexOrderDesc
		}
		out = append(out, mkFrame(format.DeltaLabelPropertiesIndexCreate, d))
	}
	for _, t := range s.sortedTextIndices() {
		m := format.DeltaTextIndexCreate
		if t.edge {
			m = format.DeltaTextEdgeIndexCreate
		}
		out = append(out, mkFrame(m, format.TextIndexDelta{Name: t.name, Target: name(t.target), Properties: names(t.props)}))
	}
	for _, k := range sortedPairs(s.pointIndex) {
		out = append(out, mkFrame(format.DeltaPointIndexCreate, format.LabelPropertyDelta{Label: name(k[0]), Property: name(k[1])}))
	}
	for _, vi := range s.sortedVectorIndices() {
		m := format.DeltaVectorIndexCreate
		if vi.edge {
			m = format.DeltaVectorEdgeIndexCreate
		}
		out = append(out, mkFrame(m, format.VectorIndexDelta{Name: vi.name, Mode: vi.mode, Targets: names(vi.targets), Property: name(vi.prop),
			Metric: vi.metric, Dimension: vi.dimension, Resize: vi.resize, Capacity: vi.capacity, ScalarKind: vi.scalarKind}))
	}
	for _, p := range sortedKeys(s.globalVertexProp) {
		out = append(out, mkFrame(format.DeltaGlobalVertexPropertyIndexCreate, format.PropertyOnlyDelta{Property: name(p)}))
	}
	for _, k := range sortedPairs(s.existence) {
		out = append(out, mkFrame(format.DeltaExistenceConstraintCreate, format.LabelPropertyDelta{Label: name(k[0]), Property: name(k[1])}))
	}
	for _, un := range s.sortedUniques() {
		out = append(out, mkFrame(format.DeltaUniqueConstraintCreate, format.UniqueConstraintDelta{Label: name(un.label), Properties: names(un.props)}))
	}
	typeKeys := make([][2]int, 0, len(s.typeConstraint))
	for k := range s.typeConstraint {
		typeKeys = append(typeKeys, k)
	}
	slices.SortFunc(typeKeys, comparePair)
	for _, k := range typeKeys {
		out = append(out, mkFrame(format.DeltaTypeConstraintCreate, format.TypeConstraintDelta{Label: name(k[0]), Property: name(k[1]), Kind: s.typeConstraint[k]}))
	}
	for _, t := range sortedKeys(s.edgeTypeIndex) {
		out = append(out, mkFrame(format.DeltaEdgeIndexCreate, format.EdgeTypeDelta{EdgeType: name(t)}))
	}
	for _, k := range sortedPairs(s.edgeTypePropIdx) {
		out = append(out, mkFrame(format.DeltaEdgePropertyIndexCreate, format.EdgeTypePropertyDelta{EdgeType: name(k[0]), Property: name(k[1])}))
	}
	for _, p := range sortedKeys(s.globalEdgeProp) {
		out = append(out, mkFrame(format.DeltaGlobalEdgePropertyIndexCreate, format.PropertyOnlyDelta{Property: name(p)}))
	}
	if t := s.ttl; t.hasPeriod || t.hasStart {
		out = append(out, mkFrame(format.DeltaTTLOperation, format.TTLDelta{Op: format.TTLConfigure, HasPeriod: t.hasPeriod, PeriodUs: t.periodUs,
			HasStart: t.hasStart, StartUs: uint64(t.startUs)}))
	}
	for _, d := range s.sortedDescriptions() {
		out = append(out, mkFrame(format.DeltaDescriptionSet, format.DescriptionDelta{Description: d}))
	}
	return out
}

// recordsModel adds the vertex and edge records of s to m, unless
// opts.SchemaOnly; u notes a name id as used, props converts properties.
func (s *Graph) recordsModel(m *format.Snapshot, opts *BuildOptions, u func(int) uint64, props func(Props) []format.Property) {
	if opts.SchemaOnly {
		return
	}
	for e := range s.sortedEdges() {
		m.Edges = append(m.Edges, format.EdgeRecord{Gid: e.Gid, Properties: props(e.Props(s))})
	}
	refs := func(list iter.Seq[*Edge], in bool) []format.EdgeRef {
		var out []format.EdgeRef
		for e := range list {
			other := e.to
			if in {
				other = e.from
			}
			out = append(out, format.EdgeRef{Edge: e.Gid, Other: s.vs.at(other).Gid, Type: u(e.Type(s))})
		}
		return out
	}
	for vx := range s.vertices() {
		r := format.VertexRecord{Gid: vx.Gid, Properties: props(vx.Props(s)), InEdges: refs(s.In(vx), true), OutEdges: refs(s.Out(vx), false)}
		for _, l := range vx.Labels(s) {
			r.Labels = append(r.Labels, u(l))
		}
		m.Vertices = append(m.Vertices, r)
	}
}
