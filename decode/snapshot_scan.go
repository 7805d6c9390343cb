package decode

import (
	"encoding/binary"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"

	"github.com/durascope/durascope/format"
)

// PropertyRef is a property of a scanned record: its id and its value's
// type, with the value left in the file until Value decodes it. (Read its
// fields through a pointer in hot loops: the scan writes them one by one,
// and copying the whole struct right after loads them wider than they
// were stored, which stalls.)
type PropertyRef struct {
	ID   uint64
	Type format.Marker // the value's type marker
	// Refs is set when the value is, or holds, an ENUM or VECTOR_INDEX_ID
	// value: what refers to other sections.
	Refs     bool
	temporal uint8 // the temporal type of a TEMPORAL value (0..3)
	off      int64 // the value's bytes
	end      int64
}

// Temporal is the temporal type of a TEMPORAL value. (By pointer, as
// TypeName: a method of the value copies the whole struct, which stalls
// right after the scan.)
func (p *PropertyRef) Temporal() format.TemporalType { return format.TemporalType(p.temporal) }

// TypeName names the value's type as format.ValueTypeName names the value.
func (p *PropertyRef) TypeName() string { return format.MarkerTypeName(p.Type, p.Temporal()) }

// PropertySummary is what a check of every property of a record for a
// large id or a value that refers to other sections learns, without a loop
// over them: the scan works it out as it reads them.
type PropertySummary struct {
	MaxPropertyID uint64 // the largest property id, 0 with none
	AnyRefs       bool   // a property has Refs set
}

// summarize is the PropertySummary of refs.
func summarize(refs []PropertyRef) PropertySummary {
	var sum PropertySummary
	for i := range refs {
		p := &refs[i]
		sum.MaxPropertyID, sum.AnyRefs = max(sum.MaxPropertyID, p.ID), sum.AnyRefs || p.Refs
	}
	return sum
}

// VertexView is a vertex record as a Scanner reads it: decoded and checked
// as ReadVertexBatch decodes it, but its property values are left in the
// file, to be decoded by Value when needed. It is valid only during the
// callback it is passed to; its slices are reused by the next record.
type VertexView struct {
	Offset, Gid uint64
	Labels      []uint64
	Properties  []PropertyRef
	PropertySummary
	InEdges, OutEdges []format.EdgeRef
	sc                *Scanner
	lost              bool         // the record outgrew the window: values are read again
	arena             *recordArena // building a record of the model: where its slices come from
}

// Value decodes the value of Properties[i].
func (v *VertexView) Value(i int) (format.Value, error) {
	return v.sc.value(&v.Properties[i], v.lost)
}

// Enum decodes the value of Properties[i], which must be of type ENUM,
// without boxing it.
func (v *VertexView) Enum(i int) (format.Enum, error) {
	return v.sc.enum(&v.Properties[i], v.lost)
}

// EdgeView is an edge record as a Scanner reads it (see VertexView).
type EdgeView struct {
	Offset, Gid uint64
	Properties  []PropertyRef
	PropertySummary
	sc    *Scanner
	lost  bool
	arena *recordArena
}

// Value decodes the value of Properties[i].
func (e *EdgeView) Value(i int) (format.Value, error) {
	return e.sc.value(&e.Properties[i], e.lost)
}

// Scanner reads batches of records as views, with the checks and errors
// of ReadVertexBatch and ReadEdgeBatch, reusing its memory from record to
// record: a scan allocates nothing per record. A Scanner is not safe for
// concurrent use; batches are scanned in parallel with one per goroutine.
type Scanner struct {
	s   *Snapshot
	c   *cursor
	v   VertexView
	e   EdgeView
	mem cursor // decodes values from the window

	// For a part's search for its first record (sync): a cursor and views
	// to try candidates with, and the bytes searched.
	t    *cursor
	tv   VertexView
	te   EdgeView
	look []byte
	// syncRead counts the bytes the searches' failed candidates read (for
	// tests of the search's budget).
	syncRead int64
}

// NewScanner returns a scanner of the snapshot's records.
func (s *Snapshot) NewScanner() *Scanner {
	sc := &Scanner{s: s, c: newBoundedCursor(s.r, 0, 0, s.size, s.Features)}
	sc.c.skim = true
	if s.mapped != nil {
		sc.c.m, sc.c.mapping = s.mapped.Bytes(), s.mapped
	}
	sc.v.sc, sc.e.sc = sc, sc
	return sc
}

// Vertices reads the count vertex records of b, which must end by bound
// (the next batch's offset, or the file size), calling fn for each.
// (A loop of its own, not Snapshot.batch's, for speed: a record costs
// no closure call, and batchRecord is called only when a record is out
// of order or did not decode, to build the error.)
func (sc *Scanner) Vertices(b format.Batch, bound int64, fn func(*VertexView) error) (end int64, err error) {
	if sc.c.m != nil {
		defer sc.endMapped(&err, vertexKind, debug.SetPanicOnFault(true))
	}
	return sc.vertices(b, bound, fn)
}

// vertices is Vertices.
func (sc *Scanner) vertices(b format.Batch, bound int64, fn func(*VertexView) error) (end int64, err error) {
	s, c, v := sc.s, sc.c, &sc.v
	var prevGid uint64
	c.reset(s.r, int64(b.Offset), bound)
	for i := uint64(0); i < b.Count; i++ {
		if !s.vertexFast(c, v) && !s.vertexSlow(c, v) || i > 0 && v.Gid <= prevGid {
			if err := s.batchRecord(c, b, vertexKind, i, v.Offset, v.Gid, &prevGid); err != nil {
				return 0, err
			}
		}
		prevGid = v.Gid
		if err := fn(v); err != nil {
			return 0, err
		}
	}
	return c.pos(), nil
}

// Edges reads the count edge records of b, which must end by bound.
func (sc *Scanner) Edges(b format.Batch, bound int64, fn func(*EdgeView) error) (end int64, err error) {
	if sc.c.m != nil {
		defer sc.endMapped(&err, edgeKind, debug.SetPanicOnFault(true))
	}
	return sc.edges(b, bound, fn)
}

// edges is Edges.
func (sc *Scanner) edges(b format.Batch, bound int64, fn func(*EdgeView) error) (end int64, err error) {
	s, c, e := sc.s, sc.c, &sc.e
	var prevGid uint64
	c.reset(s.r, int64(b.Offset), bound)
	for i := uint64(0); i < b.Count; i++ {
		if !s.edgeFast(c, e) && !s.edgeSlow(c, e) || i > 0 && e.Gid <= prevGid {
			if err := s.batchRecord(c, b, edgeKind, i, e.Offset, e.Gid, &prevGid); err != nil {
				return 0, err
			}
		}
		prevGid = e.Gid
		if err := fn(e); err != nil {
			return 0, err
		}
	}
	return c.pos(), nil
}

// vertexSlow reads the vertex record at c's position field by field, for
// a scan, when vertexFast did not take it; false when it did not decode
// (c.err). From the record's start on, the window keeps the bytes its
// values are decoded from (c.keep), unless the record outgrows it (lost).
// (A record vertexFast takes lies in the window: not lost, and nothing
// filled the window while it was read.)
func (s *Snapshot) vertexSlow(c *cursor, v *VertexView) bool {
	c.keep, c.keepLost = c.i, false
	s.vertexFields(c, v, nil)
	v.lost = c.keepLost
	return c.err == nil
}

// edgeSlow is vertexSlow for an edge record.
func (s *Snapshot) edgeSlow(c *cursor, e *EdgeView) bool {
	c.keep, c.keepLost = c.i, false
	s.edgeFields(c, e, nil)
	e.lost = c.keepLost
	return c.err == nil
}

// ScanEdges reads every edge record of the batch table, batch by batch,
// as ForEachEdge does (the same checks and errors), as views.
func (s *Snapshot) ScanEdges(fn func(*EdgeView) error) error {
	edges, _, _, err := s.BatchTables()
	if err != nil {
		return err
	}
	sc, order := s.NewScanner(), s.NewBatchOrder(format.OffsetEdgeBatches)
	for i, b := range edges {
		if err := order.Start(b); err != nil {
			return err
		}
		end, err := sc.Edges(b, s.Bound(edges, i), fn)
		if err != nil {
			return err
		}
		order.Done(end)
	}
	return nil
}

// ScanVertices reads every vertex record as ForEachVertex does, as views.
func (s *Snapshot) ScanVertices(fn func(*VertexView) error) error {
	_, vertices, _, err := s.BatchTables()
	if err != nil {
		return err
	}
	sc, order := s.NewScanner(), s.NewBatchOrder(format.OffsetVertexBatches)
	for i, b := range vertices {
		if err := order.Start(b); err != nil {
			return err
		}
		end, err := sc.Vertices(b, s.Bound(vertices, i), func(v *VertexView) error {
			if err := order.Vertex(v.Offset, v.Gid); err != nil {
				return err
			}
			return fn(v)
		})
		if err != nil {
			return err
		}
		order.Done(end)
	}
	return nil
}

// value decodes a value of the record just scanned.
func (sc *Scanner) value(p *PropertyRef, lost bool) (format.Value, error) {
	m, err := sc.valueCursor(p, lost)
	if err != nil {
		return nil, err
	}
	v := m.value("property value")
	if m.err != nil {
		return nil, sc.s.wrap(m.err, "", "")
	}
	return v, nil
}

// valueCursor is a cursor over the bytes of a value of the record just
// scanned.
func (sc *Scanner) valueCursor(p *PropertyRef, lost bool) (*cursor, error) {
	b, err := sc.valueBytes(p, lost)
	if err != nil {
		return nil, err
	}
	c := sc.c
	m := &sc.mem
	m.over(c.r, b, p.off, 0, p.end, p.end, sc.s.Features)
	return m, nil
}

// valueBytes is the bytes of a value of the record just scanned (its
// marker, type and payload): in the window that still holds the record,
// or, when the record outgrew it, read again from the file.
func (sc *Scanner) valueBytes(p *PropertyRef, lost bool) ([]byte, error) {
	c := sc.c
	if !lost && p.off >= c.base && p.end <= c.base+int64(len(c.buf)) {
		return c.buf[p.off-c.base : p.end-c.base], nil
	}
	b := make([]byte, p.end-p.off)
	if n, err := c.r.ReadAt(b, p.off); n < len(b) {
		return nil, sc.s.wrap(&format.DecodeError{Offset: p.off, Err: format.ErrTruncated,
			Reason: fmt.Sprintf("reading a property value again: %v", err)}, "", "")
	}
	return b, nil
}

// StringBytes is the bytes of the value of Properties[i], which must be
// of type STRING, without building it; they are valid until the next
// record.
func (v *VertexView) StringBytes(i int) ([]byte, error) {
	return v.sc.stringBytes(&v.Properties[i], v.lost)
}

func (sc *Scanner) stringBytes(p *PropertyRef, lost bool) ([]byte, error) {
	if p.Type != format.MarkerString {
		return nil, fmt.Errorf("decode: the property value is a %s, not a string", p.TypeName())
	}
	b, err := sc.valueBytes(p, lost)
	if err != nil {
		return nil, err
	}
	return b[2+8:], nil // after 0x17, the type and the length, checked by the scan
}

// Enum decodes the value of Properties[i], which must be of type ENUM.
func (e *EdgeView) Enum(i int) (format.Enum, error) {
	return e.sc.enum(&e.Properties[i], e.lost)
}

// enum decodes an ENUM value of the record just scanned: in place when
// its bytes lie in the window (as Values.Scalar reads it), otherwise
// through enumSlow.
func (sc *Scanner) enum(p *PropertyRef, lost bool) (format.Enum, error) {
	if v := sc.inWindow(p, lost); v != nil && p.Type == format.MarkerEnum && sc.inPlace(v, p.Type) {
		if typeID, valueID, _, ok := scalarParts(v[2:], p.Type); ok {
			return format.Enum{TypeID: typeID, ValueID: valueID}, nil
		}
	}
	return sc.enumSlow(p, lost)
}

// inWindow is the bytes of property p of the record just scanned where
// they lie in the window, nil where they do not (lost: the record
// outgrew it).
func (sc *Scanner) inWindow(p *PropertyRef, lost bool) []byte {
	c := sc.c
	if lost || p.off < c.base || p.end > c.base+int64(len(c.buf)) {
		return nil
	}
	return c.buf[p.off-c.base : p.end-c.base]
}

// enumSlow is enum for a value not in the window, or not an enum.
func (sc *Scanner) enumSlow(p *PropertyRef, lost bool) (format.Enum, error) {
	if p.Type != format.MarkerEnum {
		return format.Enum{}, fmt.Errorf("decode: the property value is a %s, not an enum", p.TypeName())
	}
	if b, err := sc.valueBytes(p, lost); err != nil {
		return format.Enum{}, err
	} else if len(b) == 2+16 { // 0x17, the type and the two ids, as the scan checked
		return format.Enum{TypeID: binary.LittleEndian.Uint64(b[2:]), ValueID: binary.LittleEndian.Uint64(b[10:])}, nil
	}
	m, err := sc.valueCursor(p, lost)
	if err != nil {
		return format.Enum{}, err
	}
	m.i = 2 // after 0x17 and the type, checked by the scan
	e := m.enumPayload("property value")
	if m.err != nil {
		return format.Enum{}, sc.s.wrap(m.err, "", "")
	}
	return e, nil
}

// BatchOrder checks what holds between the batches of one table read in
// table order: each starts where the previous one ended, and vertex gids
// ascend across batches (within a batch, the batch readers check them).
// The serial walks use it, and so can a caller merging batches read in
// parallel (ParallelBatches), so both report the same error.
type BatchOrder struct {
	s        *Snapshot
	slot     format.OffsetSlot
	i        int
	prevEnd  int64
	prevGid  uint64
	havePrev bool
}

// NewBatchOrder checks the batches of the table at slot
// (OffsetEdgeBatches or OffsetVertexBatches).
func (s *Snapshot) NewBatchOrder(slot format.OffsetSlot) *BatchOrder {
	return &BatchOrder{s: s, slot: slot}
}

// Start checks the next batch before its records are used.
func (o *BatchOrder) Start(b format.Batch) error {
	if o.i > 0 && int64(b.Offset) != o.prevEnd {
		return o.s.wrap(&format.DecodeError{Offset: int64(b.Offset), Err: format.ErrCorrupt,
			Reason: fmt.Sprintf("batch #%d starts at %d, not where batch #%d ends (%d)", o.i, b.Offset, o.i-1, o.prevEnd)}, o.slot.String(), "")
	}
	return nil
}

// Vertex checks a vertex record, read whole, against the ones before it
// in earlier batches, before the record is used.
// (The error is built out of line: Vertex is then small enough to inline
// into the scan's callback, which calls it for every vertex.)
func (o *BatchOrder) Vertex(off, gid uint64) error {
	if o.havePrev && gid <= o.prevGid {
		return o.vertexError(off, gid)
	}
	o.prevGid, o.havePrev = gid, true
	return nil
}

// vertexError is Vertex's error for a vertex whose gid does not ascend.
func (o *BatchOrder) vertexError(off, gid uint64) error {
	return o.s.wrap(ascendingError(off, gid, o.prevGid), "vertices", "first vertex of a batch")
}

// Seen notes the gid of a batch's last vertex, checked by the batch
// reader: what Vertex would have noted record by record.
func (o *BatchOrder) Seen(gid uint64) { o.prevGid, o.havePrev = gid, true }

// Done notes where the batch's records ended.
func (o *BatchOrder) Done(end int64) {
	o.prevEnd = end
	o.i++
}

// Bound is where the records of batches[i] must end: where the next batch
// starts, or the end of the file.
func (s *Snapshot) Bound(batches []format.Batch, i int) int64 {
	if i+1 < len(batches) {
		return int64(batches[i+1].Offset)
	}
	return s.size
}

// ParallelBatches runs read on every batch of batches on workers
// goroutines (GOMAXPROCS when workers < 1), worker w reading batch i, and
// hands the results to merge in table order, on the calling goroutine.
// An error from merge stops the run: no later result is merged. At most
// 2×workers results wait to be merged, in as many slots, so memory stays
// bounded whatever the number of batches.
func ParallelBatches[T any](batches []format.Batch, workers int, read func(w, i int) T, merge func(i int, r T) error) error {
	return Parallel(len(batches), workers, read, merge)
}

// Parallel is ParallelBatches for n items of any kind (parts of batches).
func Parallel[T any](n, workers int, read func(w, i int) T, merge func(i int, r T) error) error {
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, n)
	if workers <= 1 {
		for i := range n {
			if err := merge(i, read(0, i)); err != nil {
				return err
			}
		}
		return nil
	}
	// Items read and not yet merged are the ones from the next to merge
	// on, fewer than ahead's tokens: they take a ring of that many slots.
	type slot struct {
		r    T
		done chan struct{}
	}
	ring := 2 * workers
	slots := make([]slot, ring)
	for i := range slots {
		slots[i].done = make(chan struct{}, 1)
	}
	var (
		mu      sync.Mutex
		next    int
		stopped bool
	)
	ahead := make(chan struct{}, ring) // a token per item read and not yet merged
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for {
				select {
				case ahead <- struct{}{}:
				case <-stop:
					return
				}
				mu.Lock()
				i := next
				next++
				quit := stopped || i >= n
				mu.Unlock()
				if quit {
					return
				}
				slots[i%ring].r = read(w, i)
				slots[i%ring].done <- struct{}{}
			}
		})
	}
	var err error
	for i := range n {
		s := &slots[i%ring]
		<-s.done
		r := s.r
		var zero T
		s.r = zero
		<-ahead // the slot is free for the item ring on
		if err = merge(i, r); err != nil {
			break
		}
	}
	mu.Lock()
	stopped = true
	mu.Unlock()
	close(stop)
	wg.Wait()
	return err
}
