package csvimport

import (
	"fmt"

	"github.com/durascope/durascope/engine/snapshot"
	"github.com/durascope/durascope/format"
)

// source is the imported graph as a snapshot.Source: the records stream
// from the spill files, each vertex record joined with its edge lists from
// the sorted adjacency entries.
type source struct {
	version  format.Version
	onEdges  bool
	vertices *spill
	edges    *spill
	adj      *adjSorter
	names    *names
	meta     format.SnapshotMetadata
	// progress is told how many bytes of vertex records were read.
	progress func(done int64)
}

var _ snapshot.Source = (*source)(nil)

func (s *source) PropertiesOnEdges() bool  { return s.onEdges }
func (s *source) DurableTimestamp() uint64 { return s.meta.DurableTimestamp }

// props decodes count properties from b.
func decodeProps(b []byte, dst []format.Property) ([]format.Property, []byte, error) {
	n, b, err := uvarint(b)
	if err != nil || n > uint64(len(b)) {
		return nil, nil, errSpillCorrupt
	}
	dst = dst[:0]
	for range n {
		var id uint64
		var v format.Value
		if id, b, err = uvarint(b); err != nil {
			return nil, nil, err
		}
		if v, b, err = decodeValue(b); err != nil {
			return nil, nil, err
		}
		dst = append(dst, format.Property{ID: id, Value: v})
	}
	return dst, b, nil
}

func (s *source) Edges(lo, hi uint64, fn func(format.EdgeRecord) error) error {
	if !s.onEdges {
		return nil
	}
	var rec format.EdgeRecord
	return s.edges.eachRecord(func(gid uint64, b []byte, _ int64) (bool, error) {
		if gid >= hi {
			return false, nil
		}
		var err error
		rec.Gid = gid
		if rec.Properties, _, err = decodeProps(b, rec.Properties); err != nil || gid < lo {
			return true, err
		}
		return true, fn(rec)
	})
}

func (s *source) Vertices(lo, hi uint64, fn func(format.VertexRecord) error) error {
	it, err := s.adj.iterator()
	if err != nil {
		return err
	}
	next, more, err := it.next()
	if err != nil {
		return err
	}
	var rec format.VertexRecord
	done := 0
	err = s.vertices.eachRecord(func(gid uint64, b []byte, read int64) (bool, error) {
		rec.Gid = gid
		n, b, err := uvarint(b)
		if err != nil || n > uint64(len(b)) {
			return false, errSpillCorrupt
		}
		rec.Labels = rec.Labels[:0]
		for range n {
			var id uint64
			if id, b, err = uvarint(b); err != nil {
				return false, err
			}
			rec.Labels = append(rec.Labels, id)
		}
		if rec.Properties, _, err = decodeProps(b, rec.Properties); err != nil {
			return false, err
		}
		rec.InEdges, rec.OutEdges = rec.InEdges[:0], rec.OutEdges[:0]
		for more && next.vertex <= gid {
			if next.vertex < gid {
				return false, fmt.Errorf("csvimport: internal error: an edge of vertex %d, which has no record", next.vertex)
			}
			ref := format.EdgeRef{Edge: next.edge >> 1, Other: next.other, Type: next.typ}
			if next.edge&1 == 1 {
				rec.OutEdges = append(rec.OutEdges, ref)
			} else {
				rec.InEdges = append(rec.InEdges, ref)
			}
			if next, more, err = it.next(); err != nil {
				return false, err
			}
		}
		if gid >= hi {
			return false, nil
		}
		if gid >= lo {
			if err := fn(rec); err != nil {
				return false, err
			}
		}
		if done++; s.progress != nil && done%progressRows == 0 {
			s.progress(read)
		}
		return true, nil
	})
	if err == nil && more && lo == 0 && hi == snapshot.NoUpperBound {
		return fmt.Errorf("csvimport: internal error: an edge of vertex %d, which has no record", next.vertex)
	}
	return err
}

// StoredGids lists the records' gids: the importer stores nothing the
// snapshot does not show (skipped nodes took a gid, but no object).
func (s *source) StoredGids(kind snapshot.Kind, fn func(gid uint64) bool) error {
	sp := s.vertices
	if kind == snapshot.KindEdge {
		if !s.onEdges {
			return nil
		}
		sp = s.edges
	}
	return sp.eachRecord(func(gid uint64, _ []byte, _ int64) (bool, error) { return fn(gid), nil })
}

// Rest is an empty schema (no index, constraint, enum or history), the
// mapper of the names the records use, and the metadata.
func (s *source) Rest() (*format.Snapshot, error) {
	f := format.FeaturesOf(s.version)
	m := &format.Snapshot{Version: s.version, Mapper: s.names.mapper(), Metadata: s.meta}
	if f.Has(format.FeatTTL) {
		m.TTL = &format.TTLConfig{} // a community build's: disabled
	}
	if f.Has(format.FeatTextEdgeIndex) {
		// From here on both text lists are always written.
		m.EdgeIndices.TextPresent, m.EdgeIndices.TextEdgePresent = true, true
	}
	return m, nil
}
