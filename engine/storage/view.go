package storage

import (
	"bytes"
	"cmp"
	"slices"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
)

// View is a consistent read of the store as of its start timestamp, what
// Memgraph's snapshot transaction reads (READ access, so writers go on).
// Edges and Vertices yield the snapshot records; Sections yields the rest
// of the snapshot model (call it after them: the mapper lists the ids the
// records referenced). A View is used by one goroutine; Close ends it.
type View struct {
	t  *Txn
	sc *schemaState

	used                    map[uint64]bool
	entries                 map[string][]format.VectorEntry
	edgesRead, verticesRead bool
	edgeCount, vertexCount  uint64
}

// View opens a read view. Its transaction takes a start timestamp, like
// Memgraph's snapshot transaction, and commits nothing.
func (s *Storage) View() (*View, error) {
	t, err := s.Begin(AccessRead)
	if err != nil {
		return nil, err
	}
	return &View{t: t, sc: t.schemaView(), used: map[uint64]bool{}, entries: map[string][]format.VectorEntry{}}, nil
}

// Close ends the view's transaction.
func (v *View) Close() { v.t.Abort() }

// Txn is the view's read transaction.
func (v *View) Txn() *Txn { return v.t }

// StartTimestamp is the view's start timestamp (a snapshot's start_timestamp).
func (v *View) StartTimestamp() uint64 { return v.t.start }

// DurableTimestamp is the last commit timestamp the view sees (ldt): the
// view holds exactly the commits up to it.
func (v *View) DurableTimestamp() uint64 { return v.t.ldt }

// NumCommittedTxns is the number of committed transactions the view sees.
func (v *View) NumCommittedTxns() uint64 { return v.t.numCommitted }

func (v *View) use(ids ...uint64) {
	for _, id := range ids {
		v.used[id] = true
	}
}

// recordProps turns stored properties into record properties: file values,
// vector-indexed ones as VECTOR_INDEX_ID (whose vectors the view also
// collects for the vector index sections).
func (v *View) recordProps(gid uint64, p props, list []format.VectorIndex, labels []uint64) []format.Property {
	s := v.t.s
	out := make([]format.Property, 0, len(p))
	for _, q := range p {
		val := s.vectorForm(list, labels, q.id, q.v)
		if x, ok := val.(format.VectorIndexID); ok {
			for _, name := range x.Indexes {
				v.entries[name] = append(v.entries[name], format.VectorEntry{Gid: gid, Vector: x.Vector})
			}
		}
		v.use(q.id)
		out = append(out, format.Property{ID: q.id, Value: fileValue(val, s.features)})
	}
	return out
}

// Edges yields an edge record per visible edge in ascending gid order,
// properties in id order, as Memgraph's snapshot does; nothing without
// properties on edges (edges then live in the vertex records only).
func (v *View) Edges(fn func(format.EdgeRecord) error) error {
	t := v.t
	if t.done {
		return ErrTxnFinished
	}
	v.edgesRead, v.edgeCount = true, 0
	if !t.s.cfg.PropertiesOnEdges {
		return nil
	}
	for _, e := range t.s.edgeList() {
		st := t.edgeState(e, ViewOld)
		if !st.exists || st.deleted {
			continue
		}
		r := format.EdgeRecord{Gid: e.gid, Properties: v.recordProps(e.gid, st.props, v.sc.eix.VectorEdge, []uint64{e.typ})}
		v.edgeCount++
		if fn != nil {
			if err := fn(r); err != nil {
				return err
			}
		}
	}
	return nil
}

// Vertices yields a vertex record per visible vertex in ascending gid
// order: labels in vector order, properties in id order, in- and out-edges
// in the vector order the view reconstructs.
func (v *View) Vertices(fn func(format.VertexRecord) error) error {
	t := v.t
	if t.done {
		return ErrTxnFinished
	}
	v.verticesRead, v.vertexCount = true, 0
	refs := func(ls []link) []format.EdgeRef {
		out := make([]format.EdgeRef, len(ls))
		for i, l := range ls {
			v.use(l.typ)
			out[i] = format.EdgeRef{Edge: l.e.gid, Other: l.other.gid, Type: l.typ}
		}
		return out
	}
	for _, x := range t.s.vertexList() {
		st := t.state(x, ViewOld, wantLabels|wantProps|wantIn|wantOut)
		if !st.exists || st.deleted {
			continue
		}
		v.use(st.labels...)
		r := format.VertexRecord{Gid: x.gid, Labels: st.labels,
			Properties: v.recordProps(x.gid, st.props, v.sc.eix.Vector, st.labels),
			InEdges:    refs(st.in), OutEdges: refs(st.out)}
		v.vertexCount++
		if fn != nil {
			if err := fn(r); err != nil {
				return err
			}
		}
	}
	return nil
}

// Sections is the snapshot model without records: indices (statistics of
// existing indices), edge indices (vector entries from the view's data),
// constraints, the mapper entries of every id the records and sections
// reference (ascending), enums, TTL, descriptions and metadata with the
// view's timestamps and counts. UUID, epoch, epoch history, offsets and
// batches are the caller's. Fields the store's version lacks are left out.
func (v *View) Sections() (*format.Snapshot, error) {
	if !v.edgesRead {
		if err := v.Edges(nil); err != nil {
			return nil, err
		}
	}
	if !v.verticesRead {
		if err := v.Vertices(nil); err != nil {
			return nil, err
		}
	}
	s := v.t.s
	f := s.features
	sc := v.sc
	m := &format.Snapshot{Version: f.Version}

	ix := &m.Indices
	ix.Label = slices.Clone(sc.ix.Label)
	v.use(ix.Label...)
	lpList := func(list []format.LabelPropertiesIndex) []format.LabelPropertiesIndex {
		var out []format.LabelPropertiesIndex
		for _, lp := range list {
			v.use(lp.Label)
			for _, p := range lp.Paths {
				v.use(p...)
			}
			out = append(out, format.LabelPropertiesIndex{Label: lp.Label, Paths: clonePaths(lp.Paths)})
		}
		return out
	}
	ix.LabelProperties = lpList(sc.ix.LabelProperties)
	ix.LabelPropertiesDesc = lpList(sc.ix.LabelPropertiesDesc)
	if f.Has(format.FeatIndexStats) {
		for _, l := range sc.ix.Label {
			if i, ok := slices.BinarySearchFunc(sc.ix.LabelStats, l, func(st format.LabelStat, l uint64) int { return cmp.Compare(st.Label, l) }); ok {
				ix.LabelStats = append(ix.LabelStats, sc.ix.LabelStats[i])
			}
		}
		seen := map[string]bool{}
		for _, list := range [][]format.LabelPropertiesIndex{sc.ix.LabelProperties, sc.ix.LabelPropertiesDesc} {
			for _, lp := range list {
				key := format.LabelPropertiesStat{Label: lp.Label, Paths: lp.Paths}
				i, ok := slices.BinarySearchFunc(sc.ix.LabelPropertyStats, key, compareLPStat)
				if k := lpKey(lp); ok && !seen[k] {
					seen[k] = true
					st := sc.ix.LabelPropertyStats[i]
					st.Paths = clonePaths(st.Paths)
					ix.LabelPropertyStats = append(ix.LabelPropertyStats, st)
				}
			}
		}
	}

	ei := &m.EdgeIndices
	src := &sc.eix
	ei.EdgeType = slices.Clone(src.EdgeType)
	v.use(ei.EdgeType...)
	pairs := func(l []format.LabelProperty) []format.LabelProperty {
		for _, p := range l {
			v.use(p.Label, p.Property)
		}
		return slices.Clone(l)
	}
	ei.EdgeTypeProperty = pairs(src.EdgeTypeProperty)
	ei.Point = pairs(src.Point)
	ei.GlobalEdgeProperty = slices.Clone(src.GlobalEdgeProperty)
	ei.GlobalVertexProperty = slices.Clone(src.GlobalVertexProperty)
	v.use(ei.GlobalEdgeProperty...)
	v.use(ei.GlobalVertexProperty...)
	vectors := func(l []format.VectorIndex, withEntries bool) []format.VectorIndex {
		var out []format.VectorIndex
		for _, x := range l {
			v.use(x.Targets...)
			v.use(x.Property)
			x.Targets = slices.Clone(x.Targets)
			if !f.Has(format.FeatVectorMultiLabel) {
				x.Mode = 0
			}
			if !f.Has(format.FeatVectorScalarKind) {
				x.ScalarKind = 0
			}
			x.Entries = nil
			if withEntries {
				x.Entries = v.entries[x.Name]
			}
			out = append(out, x)
		}
		return out
	}
	ei.Vector = vectors(src.Vector, f.Has(format.FeatVectorIndexID))
	ei.VectorEdge = vectors(src.VectorEdge, f.Has(format.FeatVectorEdgeEntries))
	texts := func(l []format.TextIndex) []format.TextIndex {
		var out []format.TextIndex
		for _, x := range l {
			v.use(x.Target)
			v.use(x.Properties...)
			x.Properties = slices.Clone(x.Properties)
			if !f.Has(format.FeatTextIndexProperties) {
				x.Properties = nil
			}
			out = append(out, x)
		}
		return out
	}
	ei.Text, ei.TextEdge = texts(src.Text), texts(src.TextEdge)
	ei.TextPresent = f.Has(format.FeatTextEdgeIndex) || len(ei.Text) > 0
	ei.TextEdgePresent = f.Has(format.FeatTextEdgeIndex)

	cs := &m.Constraints
	cs.Existence = pairs(sc.cons.Existence)
	for _, u := range sc.cons.Unique {
		v.use(u.Label)
		v.use(u.Properties...)
		cs.Unique = append(cs.Unique, format.UniqueConstraint{Label: u.Label, Properties: slices.Clone(u.Properties)})
	}
	for _, c := range sc.cons.Type {
		v.use(c.Label, c.Property)
	}
	cs.Type = slices.Clone(sc.cons.Type)

	ids := make([]uint64, 0, len(v.used))
	for id := range v.used {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		m.Mapper = append(m.Mapper, format.MapperEntry{ID: id, Name: s.names.name(id)})
	}
	if f.Has(format.FeatEnums) {
		for _, e := range sc.enums {
			m.Enums = append(m.Enums, format.EnumType{Name: e.Name, Values: slices.Clone(e.Values)})
		}
	}
	if f.Has(format.FeatTTL) {
		ttl := sc.ttl
		if !ttl.Enabled {
			ttl = format.TTLConfig{}
		}
		m.TTL = &ttl
	}
	if f.Has(format.FeatDescriptions) {
		for _, d := range sc.descriptions {
			d.Labels, d.ToLabels = slices.Clone(d.Labels), slices.Clone(d.ToLabels)
			m.Descriptions = append(m.Descriptions, d)
		}
	}
	m.Metadata = format.SnapshotMetadata{StartTimestamp: v.t.start, DurableTimestamp: v.t.start,
		EdgeCount: v.edgeCount, VertexCount: v.vertexCount}
	if f.Has(format.FeatDurableTimestamp) {
		m.Metadata.DurableTimestamp = v.t.ldt
	}
	if f.Has(format.FeatNumCommittedTxns) {
		m.Metadata.NumCommittedTxns = v.t.numCommitted
	}
	return m, nil
}

// Snapshot is the whole snapshot model of the view, records included.
func (v *View) Snapshot() (*format.Snapshot, error) {
	var edges []format.EdgeRecord
	var vertices []format.VertexRecord
	if err := v.Edges(func(r format.EdgeRecord) error { edges = append(edges, r); return nil }); err != nil {
		return nil, err
	}
	if err := v.Vertices(func(r format.VertexRecord) error { vertices = append(vertices, r); return nil }); err != nil {
		return nil, err
	}
	m, err := v.Sections()
	if err != nil {
		return nil, err
	}
	m.Edges, m.Vertices = edges, vertices
	return m, nil
}

// memFile is an in-memory file: Write appends, WriteAt back-patches.
type memFile struct{ b []byte }

func (f *memFile) Write(p []byte) (int, error) {
	f.b = append(f.b, p...)
	return len(p), nil
}

func (f *memFile) WriteAt(p []byte, off int64) (int, error) {
	if end := int(off) + len(p); end > len(f.b) {
		f.b = append(f.b, make([]byte, end-len(f.b))...)
	}
	copy(f.b[off:], p)
	return len(p), nil
}

// Graph is the view as an engine/graph.Graph, the graph DUMP DATABASE
// prints (graph.WriteCypher): the view written as a snapshot with the
// project's encoder and loaded with graph.LoadSnapshot, the one loader.
func (v *View) Graph() (*graph.Graph, error) {
	s := v.t.s
	file := &memFile{}
	w, err := encode.NewSnapshotWriter(file, s.features.Version, &encode.SnapshotOptions{OmitEdgeSection: !s.cfg.PropertiesOnEdges})
	if err != nil {
		return nil, err
	}
	if err := v.Edges(w.WriteEdge); err != nil {
		return nil, err
	}
	if err := v.Vertices(w.WriteVertex); err != nil {
		return nil, err
	}
	m, err := v.Sections()
	if err != nil {
		return nil, err
	}
	if err := w.Finish(m); err != nil {
		return nil, err
	}
	snap, err := decode.OpenSnapshot(bytes.NewReader(file.b), int64(len(file.b)), "")
	if err != nil {
		return nil, err
	}
	return graph.LoadSnapshot(snap)
}
