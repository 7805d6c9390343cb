package storage

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
)

// Recovered is what recovery knows besides the graph.
type Recovered struct {
	// NextTimestamp is where the clock goes on: the loaded snapshot's start
	// timestamp + 1, or the last replayed WAL timestamp + 1 (Memgraph sets
	// timestamp_ to the larger).
	NextTimestamp uint64
	// LastDurableTimestamp and NumCommittedTxns seed the ldt and the count
	// of committed transactions a snapshot records.
	LastDurableTimestamp uint64
	NumCommittedTxns     uint64
	// NextVertexGid and NextEdgeGid are where the gid counters go on
	// (datadir.Resume's, Memgraph's rule), raised to the largest live gid
	// + 1 where that is more.
	NextVertexGid, NextEdgeGid uint64
}

// FromGraph builds a store holding the recovered graph g, committed and
// visible to every transaction: the name-id mapper in g's id order (so
// ids, property order and the snapshot mapper stay Memgraph's), vertices
// with labels in vector order, edges in g's vector order, properties,
// every index and constraint, enums, TTL and descriptions. Index
// statistics are not part of a graph.Graph and start empty.
func FromGraph(g *graph.Graph, cfg Config, rec Recovered) (*Storage, error) {
	s, err := New(cfg)
	if err != nil {
		return nil, err
	}
	for id := range g.NameCount() {
		s.names.id(g.Name(id))
	}
	// One pass per kind, sized exactly: the recovered graph is alive
	// meanwhile, so slack and side tables add to the start-up peak.
	sorted := g.SortedVertices()
	s.vertices = make([]*vertex, 0, len(sorted))
	s.vmap = make(map[uint64]*vertex, len(sorted))
	var maxV, maxE uint64
	var anyV, anyE bool
	for _, gv := range sorted {
		v := &vertex{gid: gv.Gid}
		for _, l := range gv.Labels(g) {
			v.labels = append(v.labels, uint64(l))
		}
		v.props = make(props, 0, gv.Props(g).Len())
		for id, val := range gv.Props(g).All() {
			v.props = v.props.set(uint64(id), s.loadedValue(val))
		}
		s.vertices = append(s.vertices, v)
		s.vmap[v.gid] = v
		maxV, anyV = max(maxV, v.gid), true
	}
	// Edges by the graph's dense edge numbering, for the in-lists.
	edges := make([]*edge, g.EdgeSlots())
	for i, gv := range sorted {
		v := s.vertices[i]
		v.out = make([]link, 0, g.OutDegree(gv))
		for ge := range g.Out(gv) {
			from, to := g.Ends(ge)
			e := &edge{gid: ge.Gid, typ: uint64(ge.Type(g)), from: s.vmap[from.Gid], to: s.vmap[to.Gid]}
			if !ge.Props(g).Empty() && !cfg.PropertiesOnEdges {
				return nil, fmt.Errorf("storage: edge %d has properties, but the store has no properties on edges", ge.Gid)
			}
			if !ge.Props(g).Empty() {
				e.props = make(props, 0, ge.Props(g).Len())
			}
			for id, val := range ge.Props(g).All() {
				e.props = e.props.set(uint64(id), s.loadedValue(val))
			}
			edges[g.EdgeSlot(ge)] = e
			v.out = append(v.out, link{e.typ, e.to, e})
			maxE, anyE = max(maxE, e.gid), true
		}
	}
	for i, gv := range sorted {
		v := s.vertices[i]
		v.in = make([]link, 0, g.InDegree(gv))
		for ge := range g.In(gv) {
			e := edges[g.EdgeSlot(ge)]
			v.in = append(v.in, link{e.typ, e.from, e})
		}
	}
	sorted = nil
	if cfg.PropertiesOnEdges {
		s.edges = make([]*edge, 0, g.EdgeCount())
		s.emap = make(map[uint64]*edge, g.EdgeCount())
		for ge := range g.SortedEdges() {
			e := edges[g.EdgeSlot(ge)]
			s.edges = append(s.edges, e)
			s.emap[e.gid] = e
		}
	}
	edges = nil
	// Never below a live gid + 1: Memgraph's format-14 loader without an
	// edge section starts edge ids at 1 whatever the vertices' edge lists
	// hold, and this store keys edges by gid.
	s.nextVertex, s.nextEdge = rec.NextVertexGid, rec.NextEdgeGid
	if anyV {
		s.nextVertex = max(s.nextVertex, maxV+1)
	}
	if anyE {
		s.nextEdge = max(s.nextEdge, maxE+1)
	}
	s.clock, s.ldt, s.numCommitted = rec.NextTimestamp, rec.LastDurableTimestamp, rec.NumCommittedTxns

	s.schema.Store(s.schemaFromModel(g.SnapshotModel(&graph.BuildOptions{SchemaOnly: true})))
	s.buildUniqueIndexes()
	return s, nil
}

// loadedValue is a recovered value in stored form: vector-index values as
// their lists (the vector form is derived on output), map entries in key
// id order.
func (s *Storage) loadedValue(v format.Value) format.Value {
	switch x := v.(type) {
	case format.VectorIndexID:
		return x.List()
	case format.List:
		out := make(format.List, len(x))
		for i, e := range x {
			out[i] = s.loadedValue(e)
		}
		return out
	case format.Map:
		out := make(format.Map, len(x))
		for i, e := range x {
			out[i] = format.MapEntry{Key: e.Key, Value: s.loadedValue(e.Value)}
		}
		slices.SortStableFunc(out, func(a, b format.MapEntry) int { return cmp.Compare(s.names.id(a.Key), s.names.id(b.Key)) })
		return out
	}
	return v
}

// schemaFromModel takes the schema of a snapshot model whose ids are the
// store's, in the store's orders. Vector indices enter the by-id maps in
// the model's order, as recovery creates them.
func (s *Storage) schemaFromModel(m *format.Snapshot) *schemaState {
	sc := &schemaState{
		ix: format.Indices{Label: slices.Clone(m.Indices.Label),
			LabelProperties: slices.Clone(m.Indices.LabelProperties), LabelPropertiesDesc: slices.Clone(m.Indices.LabelPropertiesDesc)},
		eix: format.EdgeIndices{EdgeType: slices.Clone(m.EdgeIndices.EdgeType), EdgeTypeProperty: slices.Clone(m.EdgeIndices.EdgeTypeProperty),
			GlobalEdgeProperty: slices.Clone(m.EdgeIndices.GlobalEdgeProperty), GlobalVertexProperty: slices.Clone(m.EdgeIndices.GlobalVertexProperty),
			Point: slices.Clone(m.EdgeIndices.Point), Text: slices.Clone(m.EdgeIndices.Text), TextEdge: slices.Clone(m.EdgeIndices.TextEdge)},
		cons:         format.Constraints{Existence: slices.Clone(m.Constraints.Existence), Type: slices.Clone(m.Constraints.Type)},
		descriptions: slices.Clone(m.Descriptions),
	}
	slices.Sort(sc.ix.Label)
	slices.SortFunc(sc.ix.LabelProperties, compareLP)
	slices.SortFunc(sc.ix.LabelPropertiesDesc, compareLP)
	slices.Sort(sc.eix.EdgeType)
	slices.SortFunc(sc.eix.EdgeTypeProperty, compareLabelProperty)
	slices.Sort(sc.eix.GlobalEdgeProperty)
	slices.Sort(sc.eix.GlobalVertexProperty)
	slices.SortFunc(sc.eix.Point, compareLabelProperty)
	slices.SortFunc(sc.eix.Text, compareTextIndex)
	slices.SortFunc(sc.eix.TextEdge, compareTextIndex)
	withoutEntries := func(list []format.VectorIndex) []format.VectorIndex {
		var out []format.VectorIndex
		for _, x := range list {
			x.Targets, x.Entries = slices.Clone(x.Targets), nil
			out = append(out, x)
		}
		return out
	}
	sc.eix.Vector = withoutEntries(m.EdgeIndices.Vector)
	sc.eix.VectorEdge = withoutEntries(m.EdgeIndices.VectorEdge)
	for _, edge := range []bool{false, true} {
		if !s.vectorByID(edge) {
			continue
		}
		list := sc.eix.Vector
		if edge {
			list = sc.eix.VectorEdge
		}
		for _, x := range list {
			sc.vectorTable(edge).insert(s.names.id(x.Name))
		}
	}
	slices.SortFunc(sc.cons.Existence, compareLabelProperty)
	slices.SortFunc(sc.cons.Type, compareTypeConstraint)
	for _, u := range m.Constraints.Unique {
		props := slices.Clone(u.Properties)
		slices.Sort(props)
		sc.cons.Unique = append(sc.cons.Unique, format.UniqueConstraint{Label: u.Label, Properties: props})
	}
	slices.SortFunc(sc.cons.Unique, compareUnique)
	for _, e := range m.Enums {
		sc.enums = append(sc.enums, format.EnumType{Name: e.Name, Values: slices.Clone(e.Values)})
	}
	if m.TTL != nil {
		sc.ttl = *m.TTL
	}
	return sc
}

// buildUniqueIndexes indexes the current data for every unique constraint.
func (s *Storage) buildUniqueIndexes() {
	sc := s.schema.Load()
	for _, c := range sc.cons.Unique {
		idx := &uniqueIndex{buckets: map[uint64][]*vertex{}}
		for _, v := range s.vertices {
			if v.deleted {
				continue
			}
			if vals, ok := uniqueValues(c, v.labels, v.props); ok {
				h := hashValues(vals)
				idx.buckets[h] = append(idx.buckets[h], v)
			}
		}
		s.uniq.install(uniqueKey(c), idx)
	}
}
