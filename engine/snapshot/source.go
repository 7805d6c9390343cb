package snapshot

import (
	"fmt"
	"math"
	"slices"

	"github.com/durascope/durascope/format"
)

// Kind tells edges from vertices.
type Kind int

// Kinds of records.
const (
	KindEdge Kind = iota
	KindVertex
)

func (k Kind) String() string {
	if k == KindEdge {
		return "edge"
	}
	return "vertex"
}

// NoUpperBound is the hi Create passes for the last gid range: every gid
// from lo on (Memgraph's kEnd). No object has this gid (it is kInvalidGid).
const NoUpperBound = math.MaxUint64

// Source is what a snapshot is made of: a consistent read view of a store
// (the snapshot transaction's View::OLD). Create calls DurableTimestamp
// first, then the record methods, then Rest; in the parallel path the
// record methods and StoredGids are called from several goroutines at
// once, so they must be safe for concurrent use.
type Source interface {
	// PropertiesOnEdges is --storage-properties-on-edges: whether the
	// snapshot has an edge section (offset 0 and no edge records otherwise).
	PropertiesOnEdges() bool
	// DurableTimestamp is the view's last durable timestamp (its start
	// timestamp when none has been recorded): it names the file, and
	// Rest's metadata must carry the same value where the format has it.
	DurableTimestamp() uint64
	// Edges calls fn for every edge visible to the view with lo <= gid < hi,
	// in ascending gid order, stopping at fn's first error, which it returns.
	// The record is fn's only during the call: a source may reuse its
	// slices for the next one (a snapshot then allocates nothing per record).
	Edges(lo, hi uint64, fn func(format.EdgeRecord) error) error
	// Vertices does the same for vertices.
	Vertices(lo, hi uint64, fn func(format.VertexRecord) error) error
	// StoredGids calls fn with the gid of every stored object of the kind
	// in ascending order, until fn returns false: every object the store
	// holds, visible to the view or not (deleted objects GC has not yet
	// removed, objects created after the view), as Memgraph's skip list
	// holds them. Only the parallel path calls it, to split the work by
	// Memgraph's rule; invisible objects count, so that ranges and batch
	// tables come out as Memgraph's do.
	StoredGids(kind Kind, fn func(gid uint64) bool) error
	// Rest is every section but the records, of the snapshot's version:
	// indices, constraints, the mapper (names of at least every id the
	// records and sections use; Memgraph writes exactly those, ascending),
	// enums, epoch history, TTL, descriptions, and the metadata: uuid,
	// epoch, start timestamp, durable timestamp, committed transactions.
	// The edge and vertex counts, offsets and batch tables are Create's
	// to fill in; Rest's are ignored.
	Rest() (*format.Snapshot, error)
}

// ModelSource is a Source over a snapshot model (a decoded file, a
// graph.Graph's SnapshotModel): for tests and tools.
type ModelSource struct {
	Model *format.Snapshot
	// OnEdges is PropertiesOnEdges.
	OnEdges bool
	// Hidden lists, per kind and ascending, gids of stored objects the view
	// does not see: StoredGids counts them, the record methods skip them
	// (records of the model among them too). Tests use it to stand in for
	// Memgraph's deleted but not yet collected objects.
	Hidden [2][]uint64
}

var _ Source = (*ModelSource)(nil)

// NewModelSource checks that m's records are in strictly ascending gid
// order. Properties on edges is on when m has edge records or its offsets
// table has an edge section.
func NewModelSource(m *format.Snapshot) (*ModelSource, error) {
	for i := 1; i < len(m.Edges); i++ {
		if m.Edges[i].Gid <= m.Edges[i-1].Gid {
			return nil, &SourceError{What: "model", Reason: fmt.Sprintf("edge record #%d gid %d does not follow gid %d", i, m.Edges[i].Gid, m.Edges[i-1].Gid)}
		}
	}
	for i := 1; i < len(m.Vertices); i++ {
		if m.Vertices[i].Gid <= m.Vertices[i-1].Gid {
			return nil, &SourceError{What: "model", Reason: fmt.Sprintf("vertex record #%d gid %d does not follow gid %d", i, m.Vertices[i].Gid, m.Vertices[i-1].Gid)}
		}
	}
	return &ModelSource{Model: m, OnEdges: len(m.Edges) > 0 || m.Offsets[format.OffsetEdges] != 0}, nil
}

func (s *ModelSource) PropertiesOnEdges() bool { return s.OnEdges }

func (s *ModelSource) DurableTimestamp() uint64 { return s.Model.Metadata.DurableTimestamp }

func (s *ModelSource) Edges(lo, hi uint64, fn func(format.EdgeRecord) error) error {
	return eachShown(s, KindEdge, s.Model.Edges, func(r *format.EdgeRecord) uint64 { return r.Gid }, lo, hi, fn)
}

// eachShown calls fn for the records (sorted by gid) of gids [lo, hi)
// that are not hidden.
func eachShown[R any](s *ModelSource, k Kind, recs []R, gid func(*R) uint64, lo, hi uint64, fn func(R) error) error {
	i, _ := slices.BinarySearchFunc(recs, lo, func(r R, g uint64) int { return cmpGid(gid(&r), g) })
	for ; i < len(recs) && gid(&recs[i]) < hi; i++ {
		if s.hidden(k, gid(&recs[i])) {
			continue
		}
		if err := fn(recs[i]); err != nil {
			return err
		}
	}
	return nil
}

func (s *ModelSource) hidden(k Kind, gid uint64) bool {
	_, found := slices.BinarySearch(s.Hidden[k], gid)
	return found
}

func (s *ModelSource) Vertices(lo, hi uint64, fn func(format.VertexRecord) error) error {
	return eachShown(s, KindVertex, s.Model.Vertices, func(r *format.VertexRecord) uint64 { return r.Gid }, lo, hi, fn)
}

func cmpGid(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// StoredGids merges the records' gids with the hidden ones.
func (s *ModelSource) StoredGids(kind Kind, fn func(gid uint64) bool) error {
	var gids []uint64
	if kind == KindEdge {
		for _, r := range s.Model.Edges {
			gids = append(gids, r.Gid)
		}
	} else {
		for _, r := range s.Model.Vertices {
			gids = append(gids, r.Gid)
		}
	}
	gids = append(gids, s.Hidden[kind]...)
	slices.Sort(gids)
	for _, g := range slices.Compact(gids) {
		if !fn(g) {
			break
		}
	}
	return nil
}

// Rest is a copy of the model without records, offsets, batch tables.
func (s *ModelSource) Rest() (*format.Snapshot, error) {
	rest := *s.Model
	rest.Edges, rest.Vertices = nil, nil
	rest.Offsets = format.Offsets{}
	rest.EdgeBatches, rest.VertexBatches = nil, nil
	return &rest, nil
}
