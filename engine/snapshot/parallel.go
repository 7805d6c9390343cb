package snapshot

import (
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"

	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/format"
)

// part is one gid range of a parallel creation and what its worker wrote.
type part struct {
	kind   Kind
	index  int
	lo, hi uint64
	path   string
	done   chan struct{}

	// Set by the worker before done closes.
	err     error
	size    int64          // bytes of records in the part file
	batches []format.Batch // offsets relative to the part's start
	ids     recordIDs      // the name ids its records use, for the mapper
	last    uint64         // gid of its last record
}

// errSkipped marks parts not written because an earlier one failed.
var errSkipped = errors.New("not written: the creation had already failed")

// SplitGids is Memgraph's Batch rule for parallel creation: the stored
// objects (visible or not), in gid order, are cut into ranges of
// itemsPerBatch objects; the result holds each range's first gid, the
// first being 0, and ends with NoUpperBound, so range i is
// [bounds[i], bounds[i+1]). With at most itemsPerBatch objects there is one
// range, [0, NoUpperBound).
func SplitGids(src Source, kind Kind, itemsPerBatch int) ([]uint64, error) {
	if itemsPerBatch < 1 {
		return nil, &ConfigError{Field: "ItemsPerBatch", Reason: fmt.Sprintf("%d: must be at least 1", itemsPerBatch)}
	}
	per := uint64(itemsPerBatch)
	bounds := []uint64{0}
	var n, last uint64
	var order error
	err := src.StoredGids(kind, func(gid uint64) bool {
		if n > 0 && gid <= last {
			order = &SourceError{What: kind.String() + " gids", Reason: fmt.Sprintf("stored gid %d does not follow gid %d", gid, last)}
			return false
		}
		if n > 0 && n%per == 0 {
			bounds = append(bounds, gid)
		}
		n, last = n+1, gid
		return true
	})
	if err == nil {
		err = order
	}
	if err != nil {
		return nil, err
	}
	return append(bounds, NoUpperBound), nil
}

// parallel is Memgraph's MultiThreadedWorkflow: edge then vertex ranges
// as tasks of one queue, min(Threads, tasks) workers each writing parts,
// and the parts appended in range order as they complete.
func (c *creation) parallel(rw *recordWriter) error {
	v := c.cfg.Version
	_, hdrSize, err := stubSnapshot(v)
	if err != nil {
		return err
	}
	var tasks []*part
	add := func(kind Kind) error {
		bounds, err := SplitGids(c.src, kind, c.cfg.ItemsPerBatch)
		if err != nil {
			return err
		}
		for i := 0; i+1 < len(bounds); i++ {
			p := &part{kind: kind, index: i, lo: bounds[i], hi: bounds[i+1], done: make(chan struct{}),
				path: datadir.PartName(c.final, kind == KindEdge, i)}
			tasks = append(tasks, p)
			c.parts = append(c.parts, p.path)
		}
		return nil
	}
	// No edge tasks without properties on edges (Memgraph passes no edge skip list).
	if c.src.PropertiesOnEdges() {
		if err := add(KindEdge); err != nil {
			return err
		}
	}
	if err := add(KindVertex); err != nil {
		return err
	}

	queue := make(chan *part, len(tasks))
	for _, p := range tasks {
		queue <- p
	}
	close(queue)
	var failed atomic.Bool
	var workers sync.WaitGroup
	for range min(c.cfg.Threads, len(tasks)) {
		workers.Go(func() {
			for p := range queue {
				if failed.Load() {
					p.err = errSkipped
				} else if p.err = c.writePart(p, hdrSize); p.err != nil {
					failed.Store(true)
				}
				close(p.done)
			}
		})
	}
	// Every worker has stopped before Create returns, so no part file
	// appears after the clean-up.
	defer workers.Wait()

	var first error
	for _, p := range tasks {
		<-p.done
		if first == nil {
			if p.err != nil {
				first = &PartError{Kind: p.kind, Index: p.index, Path: p.path, Err: p.err}
			} else if err := c.appendPart(rw, p); err != nil {
				first = &PartError{Kind: p.kind, Index: p.index, Path: p.path, Err: err}
			}
			if first != nil {
				failed.Store(true)
			}
		}
		// Memgraph removes each part once handled, directly.
		_ = c.cfg.FS.Remove(p.path)
	}
	return first
}

// writePart writes the records of p's range to its part file: the bytes of
// the records only, as Memgraph's part files hold, batches cut every
// ItemsPerBatch records; then fsync and close.
func (c *creation) writePart(p *part, hdrSize int64) error {
	f, err := c.cfg.FS.Create(p.path, fileMode, true)
	if err != nil {
		return &FileError{Op: "create", Path: p.path, Err: err}
	}
	sink := &recordsOnly{w: c.paced(f), path: p.path, from: hdrSize, to: -1}
	sw, err := encode.NewSnapshotWriter(sink, c.cfg.Version, &encode.SnapshotOptions{BatchSize: c.cfg.ItemsPerBatch})
	if err != nil {
		f.Close()
		return err
	}
	check := rangeCheck{kind: p.kind, lo: p.lo, hi: p.hi}
	p.ids = recordIDs{}
	if p.kind == KindEdge {
		err = c.src.Edges(p.lo, p.hi, func(r format.EdgeRecord) error {
			if err := check.gid(r.Gid); err != nil {
				return err
			}
			p.ids.edge(&r)
			return sw.WriteEdge(r)
		})
	} else {
		err = c.src.Vertices(p.lo, p.hi, func(r format.VertexRecord) error {
			if err := check.gid(r.Gid); err != nil {
				return err
			}
			p.ids.vertex(&r)
			return sw.WriteVertex(r)
		})
	}
	p.last = check.last
	if err == nil {
		end := sw.Offset()
		sink.to = end
		edges, vertices := sw.Batches()
		batches := vertices
		if p.kind == KindEdge {
			batches = edges
		}
		for _, b := range batches {
			p.batches = append(p.batches, format.Batch{Offset: b.Offset - uint64(hdrSize), Count: b.Count})
		}
		p.size = end - hdrSize
		// Finish flushes the records; the sections after them are dropped.
		err = sw.Finish(&format.Snapshot{Version: c.cfg.Version})
	}
	if err == nil {
		if serr := f.Sync(); serr != nil {
			err = &FileError{Op: "sync", Path: p.path, Err: serr}
		}
	}
	if cerr := f.Close(); cerr != nil && err == nil {
		err = &FileError{Op: "close", Path: p.path, Err: cerr}
	}
	return err
}

// appendPart appends part p to the snapshot as Memgraph does: the part
// file's bytes copied behind the records so far, its batches shifted by
// where they land, its name ids merged. An empty part adds nothing
// (Memgraph skips it).
func (c *creation) appendPart(rw *recordWriter, p *part) error {
	if p.size == 0 {
		return nil
	}
	in, err := c.cfg.FS.Open(p.path)
	if err != nil {
		return &FileError{Op: "open", Path: p.path, Err: err}
	}
	defer in.Close()
	var n uint64
	for _, b := range p.batches {
		n += b.Count
	}
	if rw.counts[p.kind] > 0 && p.last <= rw.last[p.kind] {
		return &SourceError{What: p.kind.String() + " records", Reason: fmt.Sprintf("gid %d does not follow gid %d", p.last, rw.last[p.kind])}
	}
	if err := rw.sw.AppendRecords(p.kind == KindVertex, io.NewSectionReader(in, 0, p.size), p.size, p.batches); err != nil {
		return err
	}
	for id := range p.ids {
		rw.ids[id] = struct{}{}
	}
	rw.counts[p.kind] += n
	rw.last[p.kind] = p.last
	return nil
}

// recordIDs collects the name ids records use (labels, property keys,
// edge types): the ids the mapper section must name.
type recordIDs map[uint64]struct{}

func (ids recordIDs) edge(r *format.EdgeRecord) {
	for _, q := range r.Properties {
		ids[q.ID] = struct{}{}
	}
}

func (ids recordIDs) vertex(r *format.VertexRecord) {
	for _, l := range r.Labels {
		ids[l] = struct{}{}
	}
	for _, q := range r.Properties {
		ids[q.ID] = struct{}{}
	}
	for _, e := range r.InEdges {
		ids[e.Type] = struct{}{}
	}
	for _, e := range r.OutEdges {
		ids[e.Type] = struct{}{}
	}
}

// rangeCheck refuses a record outside its range or out of order.
type rangeCheck struct {
	kind   Kind
	lo, hi uint64
	n      int
	last   uint64
}

func (c *rangeCheck) gid(g uint64) error {
	what := c.kind.String() + " records"
	if g < c.lo || g >= c.hi {
		return &SourceError{What: what, Reason: fmt.Sprintf("gid %d outside the requested range [%d, %d)", g, c.lo, c.hi)}
	}
	if c.n > 0 && g <= c.last {
		return &SourceError{What: what, Reason: fmt.Sprintf("gid %d does not follow gid %d: records must come in strictly ascending gid order", g, c.last)}
	}
	c.n, c.last = c.n+1, g
	return nil
}

// stubSnapshot is an empty snapshot of version v (no records, empty
// sections) and the size of its header: the prefix under which a part's
// records decode, and where a part writer's records start.
func stubSnapshot(v format.Version) ([]byte, int64, error) {
	var buf memFile
	sw, err := encode.NewSnapshotWriter(&buf, v, nil)
	if err != nil {
		return nil, 0, err
	}
	hdr := sw.Offset()
	if err := sw.Finish(&format.Snapshot{Version: v}); err != nil {
		return nil, 0, err
	}
	return buf.b, hdr, nil
}

// recordsOnly passes to w the bytes a SnapshotWriter writes between
// offsets from and to (to < 0: not yet known, no end), and drops the rest:
// the header before the records, the sections after them, the back-patch.
type recordsOnly struct {
	w        io.Writer
	path     string
	pos      int64
	from, to int64
}

func (r *recordsOnly) Write(p []byte) (int, error) {
	start, end := r.pos, r.pos+int64(len(p))
	r.pos = end
	lo, hi := max(start, r.from), end
	if r.to >= 0 {
		hi = min(hi, r.to)
	}
	if lo < hi {
		if _, err := r.w.Write(p[lo-start : hi-start]); err != nil {
			return 0, &FileError{Op: "write", Path: r.path, Err: err}
		}
	}
	return len(p), nil
}

func (r *recordsOnly) WriteAt(p []byte, _ int64) (int, error) { return len(p), nil }

// memFile is an in-memory io.Writer and io.WriterAt.
type memFile struct{ b []byte }

func (m *memFile) Write(p []byte) (int, error) {
	m.b = append(m.b, p...)
	return len(p), nil
}

func (m *memFile) WriteAt(p []byte, off int64) (int, error) {
	if end := off + int64(len(p)); end > int64(len(m.b)) {
		m.b = append(m.b, make([]byte, end-int64(len(m.b)))...)
	}
	copy(m.b[off:], p)
	return len(p), nil
}

// concat reads head followed by the first size-len(head) bytes of tail.
type concat struct {
	head []byte
	tail io.ReaderAt
	size int64
}

func (c *concat) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("snapshot: negative read offset")
	}
	if off >= c.size {
		return 0, io.EOF
	}
	want := len(p)
	if rest := c.size - off; int64(want) > rest {
		p = p[:rest]
	}
	n := 0
	if off < int64(len(c.head)) {
		n = copy(p, c.head[off:])
	}
	if n < len(p) {
		m, err := c.tail.ReadAt(p[n:], off+int64(n)-int64(len(c.head)))
		if n += m; n < len(p) {
			if err == nil {
				err = io.ErrUnexpectedEOF
			}
			return n, err
		}
	}
	if n < want {
		return n, io.EOF
	}
	return n, nil
}
