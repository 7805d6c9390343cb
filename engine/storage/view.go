package storage

import (
	"bytes"
	"cmp"
	"slices"
	"sync"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/engine/snapshot"
	"github.com/durascope/durascope/format"
)

// View is a consistent read of the store as of its start timestamp, what
// Memgraph's snapshot transaction reads (READ access, so writers go on).
// It is a snapshot.Source: Edges and Vertices yield the records of a gid
// range, StoredGids the gids the store holds, Rest the other sections.
// The record methods and StoredGids may be called from several goroutines
// at once; Rest describes the records read before it, so call it after
// them, and Close after everything.
type View struct {
	t  *Txn
	sc *schemaState

	mu    sync.Mutex
	reads []recordRead // what each Edges and Vertices call met
}

var _ snapshot.Source = (*View)(nil)

// recordRead is what one Edges or Vertices call met: its range, the name
// ids its records used in first-use order (the mapper's ingredients) and
// the vector-index entries of its records.
type recordRead struct {
	kind    snapshot.Kind
	lo, hi  uint64
	ids     []uint64
	entries []indexEntry
	count   uint64
}

// indexEntry is one object's vector in the vector index named index.
type indexEntry struct {
	index string
	entry format.VectorEntry
}

// View opens a read view. Its transaction takes a start timestamp, like
// Memgraph's snapshot transaction, and commits nothing.
func (s *Storage) View() (*View, error) {
	t, err := s.Begin(AccessRead)
	if err != nil {
		return nil, err
	}
	return &View{t: t, sc: t.schemaView()}, nil
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

// PropertiesOnEdges is the store's --storage-properties-on-edges.
func (v *View) PropertiesOnEdges() bool { return v.t.s.cfg.PropertiesOnEdges }

// keep files what a record call met.
func (v *View) keep(r *recordRead, o *idOrder) {
	r.ids = o.ids
	v.mu.Lock()
	v.reads = append(v.reads, *r)
	v.mu.Unlock()
}

// recordProps turns stored properties into record properties, appended to
// out[:0]: file values, vector-indexed ones as VECTOR_INDEX_ID (whose
// vectors r collects for the vector index sections).
func (v *View) recordProps(out []format.Property, r *recordRead, gid uint64, p props, list []format.VectorIndex, edge bool, labels []uint64) []format.Property {
	s := v.t.s
	out = out[:0]
	for _, q := range p {
		val := s.vectorForm(list, edge, labels, q.id, q.v)
		if x, ok := val.(format.VectorIndexID); ok {
			for _, name := range x.Indexes {
				r.entries = append(r.entries, indexEntry{name, format.VectorEntry{Gid: gid, Vector: x.Vector}})
			}
		}
		out = append(out, format.Property{ID: q.id, Value: fileValue(val, s.features)})
	}
	return out
}

// from returns the index of the first object of list with gid >= lo.
func from[T any](list []T, gid func(T) uint64, lo uint64) int {
	i, _ := slices.BinarySearchFunc(list, lo, func(x T, lo uint64) int { return cmp.Compare(gid(x), lo) })
	return i
}

// Edges calls fn for every edge visible to the view with lo <= gid < hi,
// in ascending gid order, properties in id order, as Memgraph's snapshot
// does; none without properties on edges (edges then live in the vertex
// records only). It stops at fn's first error and returns it.
func (v *View) Edges(lo, hi uint64, fn func(format.EdgeRecord) error) error {
	t := v.t
	if t.done {
		return ErrTxnFinished
	}
	if !t.s.cfg.PropertiesOnEdges {
		return nil
	}
	read := recordRead{kind: snapshot.KindEdge, lo: lo, hi: hi}
	var ids idOrder
	defer v.keep(&read, &ids)
	var st edgeState
	var props []format.Property
	var typ [1]uint64
	list := t.s.edgeList()
	for _, e := range list[from(list, func(e *edge) uint64 { return e.gid }, lo):] {
		if e.gid >= hi {
			break
		}
		t.edgeStateInto(e, ViewOld, &st)
		if !st.exists || st.deleted {
			continue
		}
		typ[0] = e.typ
		props = v.recordProps(props, &read, e.gid, st.props, v.sc.eix.VectorEdge, true, typ[:])
		r := format.EdgeRecord{Gid: e.gid, Properties: props}
		ids.addEdge(&r)
		read.count++
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

// Vertices calls fn for every vertex visible to the view with lo <= gid <
// hi, in ascending gid order: labels in vector order, properties in id
// order, in- and out-edges in the vector order the view reconstructs. It
// stops at fn's first error and returns it. The record's slices are
// reused for the next vertex (snapshot.Source).
func (v *View) Vertices(lo, hi uint64, fn func(format.VertexRecord) error) error {
	t := v.t
	if t.done {
		return ErrTxnFinished
	}
	read := recordRead{kind: snapshot.KindVertex, lo: lo, hi: hi}
	var ids idOrder
	defer v.keep(&read, &ids)
	var st vertexState
	var props []format.Property
	var in, out []format.EdgeRef
	refs := func(dst []format.EdgeRef, ls []link) []format.EdgeRef {
		dst = dst[:0]
		for _, l := range ls {
			dst = append(dst, format.EdgeRef{Edge: l.e.gid, Other: l.other.gid, Type: l.typ})
		}
		return dst
	}
	list := t.s.vertexList()
	for _, x := range list[from(list, func(x *vertex) uint64 { return x.gid }, lo):] {
		if x.gid >= hi {
			break
		}
		t.stateInto(x, ViewOld, wantLabels|wantProps|wantIn|wantOut, &st)
		if !st.exists || st.deleted {
			continue
		}
		props = v.recordProps(props, &read, x.gid, st.props, v.sc.eix.Vector, false, st.labels)
		in, out = refs(in, st.in), refs(out, st.out)
		r := format.VertexRecord{Gid: x.gid, Labels: st.labels, Properties: props, InEdges: in, OutEdges: out}
		ids.addVertex(&r)
		read.count++
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

// StoredGids calls fn with the gid of every object of the kind the store
// holds, in ascending order, until fn returns false: those the view does
// not see too (deleted ones the garbage collector has not removed, ones
// created after the view began), as Memgraph's skip lists hold them. No
// edges without properties on edges (they are no objects then).
func (v *View) StoredGids(kind snapshot.Kind, fn func(gid uint64) bool) error {
	if v.t.done {
		return ErrTxnFinished
	}
	if kind == snapshot.KindEdge {
		if !v.t.s.cfg.PropertiesOnEdges {
			return nil
		}
		for _, e := range v.t.s.edgeList() {
			if !fn(e.gid) {
				break
			}
		}
		return nil
	}
	for _, x := range v.t.s.vertexList() {
		if !fn(x.gid) {
			break
		}
	}
	return nil
}

// mergedReads is what the record calls met, edges first, in gid order.
// A range read again inside one already counted (a second whole pass)
// counts once; ranges that overlap otherwise are refused, their records
// would be counted twice.
func (v *View) mergedReads() ([]recordRead, error) {
	v.mu.Lock()
	reads := slices.Clone(v.reads)
	v.mu.Unlock()
	slices.SortStableFunc(reads, func(a, b recordRead) int {
		return cmp.Or(cmp.Compare(a.kind, b.kind), cmp.Compare(a.lo, b.lo), cmp.Compare(b.hi, a.hi))
	})
	out := reads[:0]
	for _, r := range reads {
		if n := len(out); n > 0 && out[n-1].kind == r.kind && r.lo < out[n-1].hi {
			if r.hi <= out[n-1].hi {
				continue
			}
			return nil, &OverlappingReadsError{Kind: r.kind, Lo: out[n-1].lo, Hi: out[n-1].hi, OtherLo: r.lo, OtherHi: r.hi}
		}
		out = append(out, r)
	}
	return out, nil
}

// Rest is every section of the snapshot model but the records, for the
// store's version: indices (statistics of existing indices), edge indices
// (vector entries of the records read), constraints, the mapper, enums,
// TTL, descriptions and the metadata with the view's timestamps, the
// committed transactions it sees and the numbers of records read.
//
// The mapper names exactly the ids Memgraph's writer registers: those the
// records read through the view use and those of the index and constraint
// sections, in the order the version writes them (ascending, or the
// writer's hash-set order, which follows the records' order: read them
// in ascending ranges, as snapshot.Create does).
//
// Left for the caller, who knows them: the uuid, the epoch and the epoch
// history (empty here), offsets and batch tables. Fields the store's
// version lacks are left out.
func (v *View) Rest() (*format.Snapshot, error) {
	if v.t.done {
		return nil, ErrTxnFinished
	}
	reads, err := v.mergedReads()
	if err != nil {
		return nil, err
	}
	s := v.t.s
	f := s.features
	sc := v.sc
	m := &format.Snapshot{Version: f.Version}

	var ids idOrder
	entries := map[string][]format.VectorEntry{}
	for _, r := range reads {
		for _, id := range r.ids {
			ids.add(id)
		}
		for _, e := range r.entries {
			entries[e.index] = append(entries[e.index], e.entry)
		}
		if r.kind == snapshot.KindEdge {
			m.Metadata.EdgeCount += r.count
		} else {
			m.Metadata.VertexCount += r.count
		}
	}

	ix := &m.Indices
	ix.Label = slices.Clone(sc.ix.Label)
	lpList := func(list []format.LabelPropertiesIndex) []format.LabelPropertiesIndex {
		var out []format.LabelPropertiesIndex
		for _, lp := range list {
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
	ei.EdgeTypeProperty = slices.Clone(src.EdgeTypeProperty)
	ei.Point = slices.Clone(src.Point)
	ei.GlobalEdgeProperty = slices.Clone(src.GlobalEdgeProperty)
	ei.GlobalVertexProperty = slices.Clone(src.GlobalVertexProperty)
	vectors := func(l []format.VectorIndex, withEntries bool) []format.VectorIndex {
		var out []format.VectorIndex
		for _, x := range l {
			x.Targets = slices.Clone(x.Targets)
			if !f.Has(format.FeatVectorMultiLabel) {
				x.Mode = 0
			}
			if !f.Has(format.FeatVectorScalarKind) {
				x.ScalarKind = 0
			}
			x.Entries = nil
			if withEntries {
				x.Entries = entries[x.Name]
			}
			out = append(out, x)
		}
		return out
	}
	ei.Vector = vectors(s.vectorsInFileOrder(sc, false), f.Has(format.FeatVectorIndexID))
	ei.VectorEdge = vectors(s.vectorsInFileOrder(sc, true), f.Has(format.FeatVectorEdgeEntries))
	texts := func(l []format.TextIndex) []format.TextIndex {
		var out []format.TextIndex
		for _, x := range l {
			x.Properties = slices.Clone(x.Properties)
			if !f.Has(format.FeatTextIndexProperties) {
				x.Properties = nil
			}
			out = append(out, x)
		}
		return out
	}
	ei.Text, ei.TextEdge = texts(src.Text), texts(src.TextEdge)
	// Before text edge indices text search was an experiment, and the
	// text list was written only with it enabled (an index needs it).
	ei.TextPresent = f.Has(format.FeatTextEdgeIndex) || s.cfg.TextSearch || len(ei.Text) > 0
	ei.TextEdgePresent = f.Has(format.FeatTextEdgeIndex)

	cs := &m.Constraints
	cs.Existence = slices.Clone(sc.cons.Existence)
	for _, u := range sc.cons.Unique {
		cs.Unique = append(cs.Unique, format.UniqueConstraint{Label: u.Label, Properties: slices.Clone(u.Properties)})
	}
	cs.Type = slices.Clone(sc.cons.Type)

	ids.addSections(m)
	for _, id := range mapperOrder(f, ids.ids) {
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
	m.Metadata.StartTimestamp, m.Metadata.DurableTimestamp = v.t.start, v.t.start
	if f.Has(format.FeatDurableTimestamp) {
		m.Metadata.DurableTimestamp = v.t.ldt
	}
	if f.Has(format.FeatNumCommittedTxns) {
		m.Metadata.NumCommittedTxns = v.t.numCommitted
	}
	return m, nil
}

// Snapshot is the whole snapshot model of the view, records included
// (one pass over every record, then Rest).
func (v *View) Snapshot() (*format.Snapshot, error) {
	var edges []format.EdgeRecord
	var vertices []format.VertexRecord
	if err := v.Edges(0, snapshot.NoUpperBound, func(r format.EdgeRecord) error { edges = append(edges, r.Clone()); return nil }); err != nil {
		return nil, err
	}
	if err := v.Vertices(0, snapshot.NoUpperBound, func(r format.VertexRecord) error { vertices = append(vertices, r.Clone()); return nil }); err != nil {
		return nil, err
	}
	m, err := v.Rest()
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
	if err := v.Edges(0, snapshot.NoUpperBound, w.WriteEdge); err != nil {
		return nil, err
	}
	if err := v.Vertices(0, snapshot.NoUpperBound, w.WriteVertex); err != nil {
		return nil, err
	}
	m, err := v.Rest()
	if err != nil {
		return nil, err
	}
	// The graph registers names in mapper order and DUMP DATABASE prints
	// properties in name-id order: a live dump follows the store's ids,
	// not the hash order files of format 24 and older list them in.
	slices.SortFunc(m.Mapper, func(a, b format.MapperEntry) int { return cmp.Compare(a.ID, b.ID) })
	if err := w.Finish(m); err != nil {
		return nil, err
	}
	snap, err := decode.OpenSnapshot(bytes.NewReader(file.b), int64(len(file.b)), "")
	if err != nil {
		return nil, err
	}
	return graph.LoadSnapshot(snap)
}
