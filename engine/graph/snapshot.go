package graph

import (
	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
)

// LoadSnapshot recovers the graph a fresh Memgraph would hold after loading
// snap alone, reading it on the calling goroutine (LoadSnapshotWith).
func LoadSnapshot(snap *decode.Snapshot) (*Graph, error) {
	return LoadSnapshotWith(snap, LoadOptions{})
}

// LoadOptions tune LoadSnapshotWith. They change how fast a snapshot
// loads, never what it loads to or which error it fails with, but for
// the limit of record chunks (CapacityError): each reader packs records
// into chunks of its own.
type LoadOptions struct {
	// Threads reads the batches of the vertex and edge batch tables on up
	// to this many goroutines, as Memgraph's --storage-recovery-thread-count
	// does (never more than there are batches); below 2, or for a file
	// without batch tables, they are read in order on the caller's.
	Threads int
	// Room is how many objects of each kind the caller means to add after
	// the load (a WAL replay adds at most one per delta): the gid indices
	// take room for that many gids past the snapshot's at once, so that
	// adding them neither regrows nor copies the indices. Room never used
	// is never touched. At most the snapshot's own counts again are taken.
	Room uint64
}

// LoadSnapshotWith is LoadSnapshot with options. Names get ids in
// mapper-section order, as Memgraph's loader registers them before
// anything else (ResolveMapper). Batches read in parallel are merged in
// table order, so the graph (slots, adjacency order, gids) and the first
// error in file order are those of a serial load.
func LoadSnapshotWith(snap *decode.Snapshot, o LoadOptions) (*Graph, error) {
	s := New()
	entries, err := snap.Mapper()
	if err != nil {
		return nil, err
	}
	mapper := ResolveMapper(entries)
	for _, n := range mapper.Order {
		s.names.id(n)
	}
	name := func(section string, fileID uint64) (int, error) {
		n, ok := mapper.Name(fileID)
		if !ok {
			return 0, MissingIDError(snap.Path(), section, fileID)
		}
		return s.names.id(n), nil
	}
	names := func(section string, fileIDs []uint64) ([]int, error) {
		out := make([]int, len(fileIDs))
		for i, f := range fileIDs {
			id, err := name(section, f)
			if err != nil {
				return nil, err
			}
			out[i] = id
		}
		return out, nil
	}
	if s.Enums, err = snap.Enums(); err != nil {
		return nil, err
	}
	// Memgraph registers the enums before it reads the records.
	if err := s.refuseDuplicates(snap.Path(), mapper, SchemaSections{Enums: s.Enums}); err != nil {
		return nil, err
	}
	if err := s.loadRecords(snap, mapper, o.Threads, o.Room); err != nil {
		return nil, err
	}

	ix, err := snap.Indices()
	if err != nil {
		return nil, err
	}
	// Statistics name their ids through the mapper as indices do: the
	// loader fails on one it lacks (get_label_from_id, get_property_from_id).
	for _, st := range ix.LabelStats {
		id, err := name("indices", st.Label)
		if err != nil {
			return nil, err
		}
		s.labelStats[id]++
	}
	for _, st := range ix.LabelPropertyStats {
		id, err := name("indices", st.Label)
		if err != nil {
			return nil, err
		}
		for _, p := range st.Paths {
			if _, err := names("indices", p); err != nil {
				return nil, err
			}
		}
		s.lpStats[id]++
	}
	for _, l := range ix.Label {
		id, err := name("indices", l)
		if err != nil {
			return nil, err
		}
		s.labelIndex[id] = true
	}
	lp := func(list []format.LabelPropertiesIndex, desc bool) error {
		for _, e := range list {
			label, err := name("indices", e.Label)
			if err != nil {
				return err
			}
			paths := make([][]int, len(e.Paths))
			for i, p := range e.Paths {
				if paths[i], err = names("indices", p); err != nil {
					return err
				}
			}
			s.addLPIndex(label, paths, desc)
		}
		return nil
	}
	if err := lp(ix.LabelProperties, false); err != nil {
		return nil, err
	}
	if err := lp(ix.LabelPropertiesDesc, true); err != nil {
		return nil, err
	}
	if err := s.refuseDuplicates(snap.Path(), mapper, SchemaSections{Indices: &ix}); err != nil {
		return nil, err
	}

	ei, err := snap.EdgeIndicesWith(nil) // the vectors come from the objects' values
	if err != nil {
		return nil, err
	}
	for _, t := range ei.EdgeType {
		id, err := name("edge_indices", t)
		if err != nil {
			return nil, err
		}
		s.edgeTypeIndex[id] = true
	}
	pairs := func(list []format.LabelProperty, set map[[2]int]bool, section string) error {
		for _, e := range list {
			a, err := name(section, e.Label)
			if err != nil {
				return err
			}
			b, err := name(section, e.Property)
			if err != nil {
				return err
			}
			set[[2]int{a, b}] = true
		}
		return nil
	}
	singles := func(list []uint64, set map[int]bool) error {
		for _, p := range list {
			id, err := name("edge_indices", p)
			if err != nil {
				return err
			}
			set[id] = true
		}
		return nil
	}
	if err := pairs(ei.EdgeTypeProperty, s.edgeTypePropIdx, "edge_indices"); err != nil {
		return nil, err
	}
	if err := singles(ei.GlobalEdgeProperty, s.globalEdgeProp); err != nil {
		return nil, err
	}
	if err := singles(ei.GlobalVertexProperty, s.globalVertexProp); err != nil {
		return nil, err
	}
	if err := pairs(ei.Point, s.pointIndex, "edge_indices"); err != nil {
		return nil, err
	}
	vectors := func(list []format.VectorIndex, edge bool) error {
		for _, v := range list {
			targets, err := names("edge_indices", v.Targets)
			if err != nil {
				return err
			}
			prop, err := name("edge_indices", v.Property)
			if err != nil {
				return err
			}
			kind := EffectiveScalarKind(snap.Features, v.ScalarKind)
			s.addVectorIndex(vectorIndex{name: v.Name, edge: edge, mode: v.Mode, targets: targets, prop: prop,
				metric: v.Metric, dimension: v.Dimension, resize: v.Resize, capacity: v.Capacity, scalarKind: kind})
		}
		return nil
	}
	if err := vectors(ei.Vector, false); err != nil {
		return nil, err
	}
	if err := vectors(ei.VectorEdge, true); err != nil {
		return nil, err
	}
	texts := func(list []format.TextIndex, edge bool) error {
		for _, t := range list {
			target, err := name("edge_indices", t.Target)
			if err != nil {
				return err
			}
			props, err := names("edge_indices", t.Properties)
			if err != nil {
				return err
			}
			s.textIndex[t.Name] = textIndex{name: t.Name, target: target, props: props, edge: edge}
		}
		return nil
	}
	if err := texts(ei.Text, false); err != nil {
		return nil, err
	}
	if err := texts(ei.TextEdge, true); err != nil {
		return nil, err
	}
	if err := s.refuseDuplicates(snap.Path(), mapper, SchemaSections{EdgeIndices: &ei}); err != nil {
		return nil, err
	}

	cs, err := snap.Constraints()
	if err != nil {
		return nil, err
	}
	if err := pairs(cs.Existence, s.existence, "constraints"); err != nil {
		return nil, err
	}
	for _, u := range cs.Unique {
		label, err := name("constraints", u.Label)
		if err != nil {
			return nil, err
		}
		props, err := names("constraints", u.Properties)
		if err != nil {
			return nil, err
		}
		s.addUnique(label, props)
	}
	for _, t := range cs.Type {
		label, err := name("constraints", t.Label)
		if err != nil {
			return nil, err
		}
		prop, err := name("constraints", t.Property)
		if err != nil {
			return nil, err
		}
		s.typeConstraint[[2]int{label, prop}] = t.Kind
	}
	if err := s.refuseDuplicates(snap.Path(), mapper, SchemaSections{Constraints: &cs}); err != nil {
		return nil, err
	}

	ttl, err := snap.TTL()
	if err != nil {
		return nil, err
	}
	if ttl != nil && ttl.Enabled {
		s.ttl = ttlState{hasPeriod: ttl.HasPeriod, periodUs: ttl.PeriodUs, hasStart: ttl.HasStart, startUs: int64(ttl.StartNs / 1000)}
	}
	descs, err := snap.Descriptions()
	if err != nil {
		return nil, err
	}
	for _, d := range descs {
		d = s.normalizeDescription(d)
		s.descriptions[descriptionKey(d)] = d
	}
	return s, nil
}

// refuseDuplicates fails as Memgraph's snapshot loader does on the first
// repeated entry of sections (SnapshotSchemaDuplicates), and keeps those
// only rebuilding refuses for CheckRebuild. Repeated vector targets are
// not kept: CheckRebuild finds them among the indices the graph ends with.
func (s *Graph) refuseDuplicates(path string, m *SnapshotMapper, sections SchemaSections) error {
	dups := SnapshotSchemaDuplicates(m, sections)
	for _, d := range dups {
		if !d.Rebuild {
			return SchemaDuplicateError(path, d)
		}
	}
	for _, d := range dups {
		if d.List != listVector && d.List != listVectorEdge {
			s.rebuildFails = append(s.rebuildFails, d)
		}
	}
	return nil
}

// DefaultScalarKind is f32, what files before VectorScalarKind imply.
const DefaultScalarKind = ScalarF32

// EffectiveScalarKind is the scalar kind a vector index of a file of
// features f holds: the stored one, or DefaultScalarKind before
// VectorScalarKind.
func EffectiveScalarKind(f format.Features, kind uint64) uint64 {
	if !f.Has(format.FeatVectorScalarKind) {
		return DefaultScalarKind
	}
	return kind
}
