package graph

import (
	"fmt"
	"iter"
	"slices"
	"strings"

	"github.com/durascope/durascope/format"
)

// Graph is a graph as Memgraph holds it in memory: after loading a
// snapshot, replaying WAL files or applying deltas one by one, and what
// DUMP DATABASE prints.
//
// Names (labels, properties, edge types) get ids in the order Memgraph's
// name-id mapper would assign them, because the dump orders properties,
// indices and constraints by those ids.
type Graph struct {
	names nameMapper
	Enums []format.EnumType
	vs    slab[Vertex]
	es    slab[Edge]
	vix   gidIndex     // vertex gid -> slot in vs
	eix   gidIndex     // edge gid -> slot in es
	recs  recordStore  // the records' bytes
	types arena        // of recs, for typeRecs
	buf   []byte       // where records are built
	val   valueEncoder // where a property value is encoded for a record
	// typeRecs are the records of edges without properties, by type id.
	typeRecs []record
	// nextVertex and nextEdge are Memgraph's gid generators as recovery
	// leaves them (NextGids).
	nextVertex, nextEdge uint64

	labelIndex       map[int]bool
	lpIndex          map[string]lpIndex
	textIndex        map[string]textIndex
	pointIndex       map[[2]int]bool
	vectorIndex      map[string]vectorIndex
	globalVertexProp map[int]bool
	globalEdgeProp   map[int]bool
	edgeTypeIndex    map[int]bool
	edgeTypePropIdx  map[[2]int]bool
	existence        map[[2]int]bool
	unique           map[string]uniqueConstraint
	typeConstraint   map[[2]int]uint64
	ttl              ttlState
	descriptions     map[string]format.Description
	labelStats       map[int]int // statistics entries per label (not dumped)
	lpStats          map[int]int
	// vectorSeq numbers vector indices in the order they are created.
	vectorSeq uint64
	// rebuildFails are a loaded snapshot's repeated text indices and type
	// constraints that its loader passes and rebuilding refuses (CheckRebuild).
	rebuildFails []SchemaDuplicate
}

// Vertex is a vertex of the recovered graph. A *Vertex stays valid until
// the vertex is deleted.
type Vertex struct {
	Gid     uint64
	rec     record // labels and properties (record.go)
	out, in chain
}

// Edge is an edge of the recovered graph. A *Edge stays valid until the
// edge is deleted.
type Edge struct {
	Gid      uint64
	rec      record // type and properties (record.go)
	from, to uint32 // vertex slots
	out, in  links  // places in from's out list and to's in list
}

// Ends gives the vertices e goes from and to.
func (s *Graph) Ends(e *Edge) (from, to *Vertex) { return s.vs.at(e.from), s.vs.at(e.to) }

// Out yields the out-edges of v in Memgraph's vector order.
func (s *Graph) Out(v *Vertex) iter.Seq[*Edge] { return s.edges(v.out, false) }

// In yields the in-edges of v in Memgraph's vector order.
func (s *Graph) In(v *Vertex) iter.Seq[*Edge] { return s.edges(v.in, true) }

type lpIndex struct {
	label int
	paths [][]int
	desc  bool
}

type textIndex struct {
	name   string
	target int
	props  []int
	edge   bool
}

type vectorIndex struct {
	name       string
	edge       bool
	mode       uint64
	targets    []int
	prop       int
	metric     string
	dimension  uint64
	resize     uint64
	capacity   uint64
	scalarKind uint64
	seq        uint64 // creation order, which Memgraph rebuilds them in
}

type uniqueConstraint struct {
	label int
	props []int // sorted by id, as Memgraph keeps them in a set
}

type ttlState struct {
	hasPeriod bool
	periodUs  uint64
	hasStart  bool
	startUs   int64 // microseconds since the epoch
}

// New returns an empty graph.
func New() *Graph {
	return &Graph{
		names: nameMapper{ids: map[string]int{}},
		// Small chunks: many graphs are small, and what the last chunk
		// has left counts against a replay's memory.
		recs:             recordStore{own: arena{minChunk: arenaLarge, maxChunk: 4 * arenaLarge}},
		types:            arena{minChunk: 256},
		labelIndex:       map[int]bool{},
		lpIndex:          map[string]lpIndex{},
		textIndex:        map[string]textIndex{},
		pointIndex:       map[[2]int]bool{},
		vectorIndex:      map[string]vectorIndex{},
		globalVertexProp: map[int]bool{},
		globalEdgeProp:   map[int]bool{},
		edgeTypeIndex:    map[int]bool{},
		edgeTypePropIdx:  map[[2]int]bool{},
		existence:        map[[2]int]bool{},
		unique:           map[string]uniqueConstraint{},
		typeConstraint:   map[[2]int]uint64{},
		descriptions:     map[string]format.Description{},
		labelStats:       map[int]int{},
		lpStats:          map[int]int{},
	}
}

// Vertex returns the vertex with gid, or nil.
func (s *Graph) Vertex(gid uint64) *Vertex {
	if slot, ok := s.vix.get(gid); ok {
		return s.vs.at(slot)
	}
	return nil
}

// Edge returns the edge with gid, or nil.
func (s *Graph) Edge(gid uint64) *Edge {
	if slot, ok := s.eix.get(gid); ok {
		return s.es.at(slot)
	}
	return nil
}

// NameID gives the id the name-id mapper assigned name, if it met it.
func (s *Graph) NameID(name string) (int, bool) {
	id, ok := s.names.ids[name]
	return id, ok
}

// Name gives the name of id.
func (s *Graph) Name(id int) string { return s.names.name(id) }

// NameCount is the number of names the mapper holds: ids 0..NameCount()-1.
func (s *Graph) NameCount() int { return len(s.names.names) }

// NextGids are the gids Memgraph hands out next after recovering this
// graph: a loaded snapshot's last vertex gid + 1 and its highest edge gid
// + 1 (see LoadSnapshot), raised to every VERTEX_CREATE and EDGE_CREATE gid
// + 1 applied since, including objects deleted again (RecoverData takes the
// larger of the snapshot's and each WAL's values; LoadWal the largest
// created gid). Gids are never handed out twice, so these burn the gids of
// objects that no longer exist.
func (s *Graph) NextGids() (vertex, edge uint64) { return s.nextVertex, s.nextEdge }

// EdgeSlot numbers e densely, below EdgeSlots(), for a caller's side
// tables (a slice instead of a map by gid); valid until the graph changes.
func (s *Graph) EdgeSlot(e *Edge) int {
	slot, _ := s.eix.get(e.Gid)
	return int(slot)
}

// EdgeSlots bounds EdgeSlot.
func (s *Graph) EdgeSlots() int { return int(s.es.n) }

// OutDegree and InDegree count the out- and in-edges of v.
func (s *Graph) OutDegree(v *Vertex) int { return s.degree(v.out, false) }
func (s *Graph) InDegree(v *Vertex) int  { return s.degree(v.in, true) }

func (s *Graph) degree(c chain, in bool) int {
	n := 0
	for range s.edges(c, in) {
		n++
	}
	return n
}

// SortedEdges yields the edges in ascending gid order.
func (s *Graph) SortedEdges() iter.Seq[*Edge] { return s.sortedEdges() }

// VertexCount and EdgeCount give the size of the graph.
func (s *Graph) VertexCount() int { return s.vix.n }
func (s *Graph) EdgeCount() int   { return s.eix.n }

// EnumValue resolves an enum value to its names (EnumNames).
func (s *Graph) EnumValue(typeID, valueID uint64) (string, string, bool) {
	return EnumTable(s.Enums).EnumValue(typeID, valueID)
}

// SortedVertices returns the vertices in ascending gid order (Memgraph's skip-list order).
func (s *Graph) SortedVertices() []*Vertex {
	out := make([]*Vertex, 0, s.vix.n)
	for v := range s.vertices() {
		out = append(out, v)
	}
	return out
}

// vertices yields the vertices in ascending gid order.
func (s *Graph) vertices() iter.Seq[*Vertex] {
	return func(yield func(*Vertex) bool) {
		for _, slot := range s.vix.all() {
			if !yield(s.vs.at(slot)) {
				return
			}
		}
	}
}

// sortedEdges yields the edges in ascending gid order.
func (s *Graph) sortedEdges() iter.Seq[*Edge] {
	return func(yield func(*Edge) bool) {
		for _, slot := range s.eix.all() {
			if !yield(s.es.at(slot)) {
				return
			}
		}
	}
}

func intsKey(xs ...int) string {
	var b strings.Builder
	for _, x := range xs {
		fmt.Fprintf(&b, "%d,", x)
	}
	return b.String()
}

func pathsKey(label int, paths [][]int, desc bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d|%v|", label, desc)
	for _, p := range paths {
		b.WriteString(intsKey(p...))
		b.WriteByte('/')
	}
	return b.String()
}

func (s *Graph) addLPIndex(label int, paths [][]int, desc bool) {
	s.lpIndex[pathsKey(label, paths, desc)] = lpIndex{label: label, paths: paths, desc: desc}
}

func sortedSet(ids []int) []int {
	ids = slices.Clone(ids)
	slices.Sort(ids)
	return slices.Compact(ids)
}

func uniqueKey(label int, props []int) string {
	return intsKey(append([]int{label}, sortedSet(props)...)...)
}

func (s *Graph) addUnique(label int, props []int) {
	s.unique[uniqueKey(label, props)] = uniqueConstraint{label: label, props: sortedSet(props)}
}

func descriptionKey(d format.Description) string {
	return fmt.Sprintf("%d|%q|%q|%q|%q|%s", d.Kind, d.Labels, d.EdgeType, d.ToLabels, d.Property, valueKey(d.Value))
}

func valueKey(v format.Value) string {
	if v == nil {
		return ""
	}
	return string(AppendCypherValue(nil, v, nil))
}

// removeLabel deletes label with swap-and-pop; it reports whether it was there.
func removeLabel(labels []int, label int) ([]int, bool) {
	for i, x := range labels {
		if x == label {
			last := len(labels) - 1
			labels[i] = labels[last]
			return labels[:last], true
		}
	}
	return labels, false
}
