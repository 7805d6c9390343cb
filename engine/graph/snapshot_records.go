package graph

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sync"
	"unsafe"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
)

// Loading a snapshot's records follows Memgraph's LoadSnapshot: vertices
// (labels and properties) by vertex batch, then connectivity from the
// out-edge lists, then edge properties by edge batch. Workers decode
// batches and build records; the calling goroutine merges them in table
// order, so slots, adjacency order, the name ids and the first error are
// those of reading the batches one after another.

// fileIDs resolves a snapshot's mapper ids to the graph's name ids: by
// table where the ids are small (Memgraph numbers names from 0), else by
// map. It is only read once built, so workers share it.
type fileIDs struct {
	path  string
	dense []int32 // name id + 1 by file id, 0 where the mapper lacks it
	ids   map[uint64]int
}

func newFileIDs(path string, names map[uint64]string, graphID func(string) int) *fileIDs {
	f := &fileIDs{path: path, ids: map[uint64]int{}}
	limit := uint64(4*len(names) + 1024)
	for fileID, n := range names {
		id := graphID(n)
		if fileID >= limit || id >= 1<<31-1 {
			f.ids[fileID] = id
			continue
		}
		if fileID >= uint64(len(f.dense)) {
			f.dense = append(f.dense, make([]int32, fileID+1-uint64(len(f.dense)))...)
		}
		f.dense[fileID] = int32(id) + 1
	}
	return f
}

func (f *fileIDs) id(section string, fileID uint64) (int, error) {
	if d := f.denseID(fileID); d != 0 {
		return int(d - 1), nil
	}
	return f.sparse(section, fileID)
}

// denseID is the dense table's entry for fileID, 0 where it has none:
// cheap enough to inline into the largest loops, once per label and
// property.
func (f *fileIDs) denseID(fileID uint64) int32 {
	if fileID < uint64(len(f.dense)) {
		return f.dense[fileID]
	}
	return 0
}

func (f *fileIDs) sparse(section string, fileID uint64) (int, error) {
	id, ok := f.ids[fileID]
	if !ok {
		return 0, MissingIDError(f.path, section, fileID)
	}
	return id, nil
}

// loadedVertex is where a vertex record is: its gid and offset.
type loadedVertex struct{ gid, offset uint64 }

// vertexBatch is what a worker made of one vertex batch: the vertices
// before the first error, written straight into their slots of the slab
// (from the batch's base on, a serial load's slots), and that error.
type vertexBatch struct {
	base    uint32           // the slot of the batch's first vertex
	n       uint32           // the vertices loaded
	outsEnd []uint32         // where each vertex's out-edges end in outs
	outs    []format.EdgeRef // the records' out-edge lists, one after another, as decoded
	decoded bool             // the first record was read whole (the order across batches is checked on it)
	first   loadedVertex     // that record
	maxIn   uint64           // the highest in-edge gid
	end     int64
	err     error
}

// edgeRecord is the record a worker built for the edge in slot, for the
// merge to set.
type edgeRecord struct {
	slot uint32
	rec  record
}

type edgeBatch struct {
	recs []edgeRecord
	n    int    // the records read
	last uint64 // the gid of the last one
	end  int64
	err  error
}

// prealloc is how many records of batches[i] to reserve room for: its
// count, which damage can inflate, at most as many as the bytes the batch
// can span hold.
func (w *worker) prealloc(batches []format.Batch, i int) uint64 {
	span := w.snap.Bound(batches, i) - int64(batches[i].Offset)
	return min(batches[i].Count, uint64(max(span, 0))/minRecordBytes)
}

// preallocOuts is how many out-edges of batches[i] to reserve room for:
// its share of the metadata's edges, an eighth more, at most as many as
// the bytes the batch can span hold (an out-edge takes three UINTs).
func (w *worker) preallocOuts(batches []format.Batch, i int) uint64 {
	m := w.snap.Metadata
	share := float64(batches[i].Count) * float64(m.EdgeCount) / float64(max(m.VertexCount, 1))
	span := w.snap.Bound(batches, i) - int64(batches[i].Offset)
	return uint64(min(share*1.125, float64(max(span, 0)/27)))
}

// worker is one goroutine's reader, scratch space and record arena.
type worker struct {
	snap   *decode.Snapshot
	sc     *decode.Scanner // reuses its memory from record to record
	ids    []int
	values []format.Value
	enc    valueEncoder
	arena  arena
	pool   *batchPool
}

// batchPool hands the arrays of merged batches back to the workers, so
// that a load holds as many as there are batches in flight, not one per
// batch: fresh memory costs page faults and collections. The arrays are
// of elements without pointers, kept as words whatever their type, so the
// edge batches reuse what the vertex batches took.
type batchPool struct {
	mu   sync.Mutex
	free [][]uint64
}

// poolElem lists the element types the pool may hold: the pool keeps
// their memory as words the collector does not scan, so each must hold no
// pointer. Add a type here only if that is so.
type poolElem interface {
	uint32 | format.EdgeRef | edgeRecord
}

// poolGet returns an empty slice with room for n, from p.
func poolGet[T poolElem](p *batchPool, n uint64) []T {
	elem := uint64(unsafe.Sizeof(*new(T)))
	size := int((max(n, 1)*elem + 7) / 8) // room for one at least, for the pointer below
	p.mu.Lock()
	best := -1 // the smallest that fits
	for k, b := range p.free {
		if cap(b) >= size && (best < 0 || cap(b) < cap(p.free[best])) {
			best = k
		}
	}
	var b []uint64
	if best >= 0 {
		b = p.free[best]
		p.free = slices.Delete(p.free, best, best+1)
	}
	p.mu.Unlock()
	if b == nil {
		b = makeHuge[uint64](0, size)
	}
	return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(b[:1]))), uint64(cap(b))*8/elem)[:0]
}

// poolPut gives s back to p for another batch. Its elements need no
// clearing: they hold no pointers, and a batch writes before it reads.
func poolPut[T poolElem](p *batchPool, s []T) {
	words := uintptr(cap(s)) * unsafe.Sizeof(*new(T)) / 8
	if words == 0 || uintptr(unsafe.Pointer(unsafe.SliceData(s)))%8 != 0 { // one an append made, too small to matter
		return
	}
	p.mu.Lock()
	p.free = append(p.free, unsafe.Slice((*uint64)(unsafe.Pointer(unsafe.SliceData(s[:1]))), words)[:0])
	p.mu.Unlock()
}

func (s *Graph) loadRecords(snap *decode.Snapshot, mapper *SnapshotMapper, threads int, room uint64) error {
	f := newFileIDs(snap.Path(), mapper.Names(), s.names.id)
	edgeBatches, vertexBatches, synthetic, err := snap.BatchTables()
	if err != nil {
		return err
	}
	if synthetic {
		threads = 1 // one pseudo-batch per kind: nothing to split
	}
	workers := make([]worker, max(1, min(threads, max(len(edgeBatches), len(vertexBatches)))))
	pool := &batchPool{}
	for w := range workers {
		workers[w].snap, workers[w].sc, workers[w].pool = snap, snap.NewScanner(), pool
		workers[w].arena.minChunk = loadChunk(snap.Size())
	}

	// Vertices, and the edges of their out-edge lists as each batch merges
	// (connectivity).
	// Gids are dense from 0 as Memgraph hands them out: the indices are
	// sized for the metadata's counts, as many as the file's bytes can hold.
	vertices, edges := snapshotCounts(snap)
	conn := &connectivity{s: s, f: f, snap: snap}
	serial := len(workers) == 1
	vertexRoom, edgeRoom := min(room, denseLimit(vertices)-vertices), min(room, denseLimit(edges)-edges)
	s.vix.reserve(vertices + vertexRoom)
	s.eix.reserve(edges + edgeRoom)
	conn.types = newEdgeTypes(s.NameCount(), len(s.eix.dense)) // for the readers of the edge batches
	// The slabs take the room too, so that a replay's objects go into the
	// reserve, in huge pages, not into chunks faulted in page by page.
	s.es.reserve(withRoom(edges, edgeRoom))
	// Workers write the vertices of batch i straight into the slots a
	// serial load gives them, from bases[i] on: a batch that loads holds
	// its count of records, which its bytes bound (prealloc). The slab
	// holds what the file's bytes can; a batch whose order checks pass
	// stays within that.
	bases := make([]uint32, len(vertexBatches)+1)
	slots := min(uint64(snap.Size())/minRecordBytes, uint64(slotLimit()))
	var total uint64
	for i := range vertexBatches {
		bases[i] = uint32(min(total, slots))
		total += workers[0].prealloc(vertexBatches, i)
	}
	bases[len(vertexBatches)] = uint32(min(total, slots))
	s.vs.reserve(withRoom(min(total, slots), vertexRoom))
	m := &vertexMerge{s: s, snap: snap, order: snap.NewBatchOrder(format.OffsetVertexBatches), conn: conn}
	if serial {
		// One reader: each record merges as it is read, so no batch's
		// out-edge lists wait in memory for their merge.
		for i := range vertexBatches {
			if err := m.order.Start(vertexBatches[i]); err != nil {
				return err
			}
			r := workers[0].readVertices(s, f, vertexBatches, i, bases[i], bases[i+1], m)
			if r.err != nil {
				return r.err
			}
			m.done(r)
		}
	} else {
		err = parallelBatches(vertexBatches, len(workers), func(w, i int) *vertexBatch {
			return workers[w].readVertices(s, f, vertexBatches, i, bases[i], bases[i+1], nil)
		}, func(i int, r *vertexBatch) error {
			if err := m.order.Start(vertexBatches[i]); err != nil {
				return err
			}
			if r.decoded {
				if err := m.first(r.first); err != nil {
					return err
				}
			}
			for k := range r.n {
				m.index(r.base+k, s.vs.at(r.base+k).Gid)
			}
			if r.err != nil {
				return r.err
			}
			m.done(r)
			start := uint32(0)
			for k, end := range r.outsEnd {
				conn.add(r.base+uint32(k), r.outs[start:end])
				start = end
			}
			poolPut(pool, r.outsEnd)
			poolPut(pool, r.outs)
			return nil
		})
		if err != nil {
			return err
		}
	}
	if err := conn.finish(); err != nil {
		return err
	}
	edgeTypes := conn.types

	// Edge properties. Workers look edges up but never touch them: the
	// merge sets the records, in file order, the later of two records of
	// one edge winning as in a serial load. One reader sets them itself.
	var lastEdgeGid uint64
	edgeOrder := snap.NewBatchOrder(format.OffsetEdgeBatches)
	mergeEdges := func(r *edgeBatch) error {
		for _, e := range r.recs {
			s.es.at(e.slot).rec = e.rec
		}
		if r.recs != nil {
			poolPut(pool, r.recs)
		}
		if r.n > 0 {
			lastEdgeGid = r.last
		}
		if r.err != nil {
			return r.err
		}
		edgeOrder.Done(r.end)
		return nil
	}
	if serial {
		for i := range edgeBatches {
			if err := edgeOrder.Start(edgeBatches[i]); err != nil {
				return err
			}
			if err := mergeEdges(workers[0].readEdges(snap.Path(), s, f, edgeTypes, edgeBatches, i, true)); err != nil {
				return err
			}
		}
	} else {
		err = parallelBatches(edgeBatches, len(workers), func(w, i int) *edgeBatch {
			return workers[w].readEdges(snap.Path(), s, f, edgeTypes, edgeBatches, i, false)
		}, func(i int, r *edgeBatch) error {
			if err := edgeOrder.Start(edgeBatches[i]); err != nil {
				return err
			}
			return mergeEdges(r)
		})
		if err != nil {
			return err
		}
	}

	// Memgraph's id generators after the load: with batch tables the last
	// vertex batch's last gid + 1 and the highest in-edge gid + 1; before
	// them the last vertex's and the last edge record's gid + 1.
	s.nextVertex, s.nextEdge = m.lastGid+1, m.maxIn+1
	if synthetic {
		s.nextEdge = lastEdgeGid + 1
	}
	s.vix.trim(vertexRoom)
	s.eix.trim(edgeRoom)
	return nil
}

// withRoom is n slots and room more, as many as a slab holds; n alone
// when n is already that many or more (reserve takes none past the limit).
func withRoom(n, room uint64) uint64 {
	if limit := uint64(slotLimit()); n < limit {
		return min(n+room, limit)
	}
	return n
}

// loadChunk is the first record chunk of a load's reader of a snapshot of
// size bytes (0: the arena's own). A load of half a gigabyte or more takes
// its records in chunks large enough for huge pages (makeHuge) from the
// start, instead of faulting in its first 64 MB page by page while the
// chunks grow: a 128th of the file, which the records take less than, so
// that what the last chunk leaves unused stays small.
func loadChunk(size int64) int {
	if c := min(size/128, arenaMaxChunk); c >= hugeMin {
		return int(c)
	}
	return 0
}

// vertexMerge merges vertex batches in table order: the checks across
// batches, the gid index, and the gids recovery goes on from. The merge of
// a batch read ahead runs it over the batch's arrays; a single reader runs
// it record by record as it reads (readVertices), which reports the same
// first error: a batch's first record against the batches before it, then
// each record's gid in turn, then the batch's own error.
type vertexMerge struct {
	s     *Graph
	snap  *decode.Snapshot
	order *decode.BatchOrder
	conn  *connectivity
	// lastGid is the last batch's last gid (0 when it is empty), maxIn the
	// highest in-edge gid: Memgraph's id generators after the load.
	lastGid, maxIn uint64
}

// first checks a batch's first record, read whole, against the batches
// before it.
func (m *vertexMerge) first(v loadedVertex) error { return m.order.Vertex(v.offset, v.gid) }

// index puts the vertex in slot, of gid, in the gid index. No gid is
// there already: a load's gids ascend strictly (the decoder checks a
// batch's records, first the first of each against the batch before).
func (m *vertexMerge) index(slot uint32, gid uint64) {
	m.s.vix.put(gid, slot)
	m.s.vs.n = slot + 1
}

// done ends the merge of a batch that loaded.
func (m *vertexMerge) done(r *vertexBatch) {
	m.lastGid = 0
	if r.n > 0 {
		m.lastGid = m.s.vs.at(r.base + r.n - 1).Gid
		m.order.Seen(m.lastGid)
	}
	m.maxIn = max(m.maxIn, r.maxIn)
	m.order.Done(r.end)
}

// parallelBatches is decode.ParallelBatches holding as many batches read
// and not yet merged as there are workers, the one merging included: each
// holds its arrays (fresh memory), and the decoder's ring would let twice
// as many wait. A worker may wait for a merge to end, which costs time
// (the merge is a fraction of a read) but no CPU.
func parallelBatches[T any](batches []format.Batch, workers int, read func(w, i int) T, merge func(i int, r T) error) error {
	if workers <= 1 {
		return decode.ParallelBatches(batches, workers, read, merge)
	}
	g := &readAhead{limit: workers}
	g.cond.L = &g.mu
	return decode.ParallelBatches(batches, workers, func(w, i int) T {
		g.wait(i)
		return read(w, i)
	}, func(i int, r T) error {
		if err := merge(i, r); err != nil {
			g.open() // the loop stops: the workers waiting must get on to see that
			return err
		}
		g.merged(i)
		return nil
	})
}

// readAhead admits batch i once fewer than limit batches from the next to
// merge on are taken. Admission is by index, so the batch the merge waits
// for always gets in.
type readAhead struct {
	mu        sync.Mutex
	cond      sync.Cond
	next      int // the next batch to merge
	limit     int
	unlimited bool
}

func (g *readAhead) wait(i int) {
	g.mu.Lock()
	for !g.unlimited && i >= g.next+g.limit {
		g.cond.Wait()
	}
	g.mu.Unlock()
}

func (g *readAhead) merged(i int) {
	g.mu.Lock()
	g.next = i + 1
	g.mu.Unlock()
	g.cond.Broadcast()
}

func (g *readAhead) open() {
	g.mu.Lock()
	g.unlimited = true
	g.mu.Unlock()
	g.cond.Broadcast()
}

// connectivity makes the edges of the out-edge lists, which define the
// edges and their order, as Memgraph's loader does once every vertex
// exists: edges in vertex order, each at the end of its from-vertex's out
// list and its to-vertex's in list, its record its type alone (shared by
// the type's edges) until the edge section gives it properties. The edges of a batch are made when it
// merges, and their out lists then; the in lists, whose vertices may come
// in later batches, are threaded in edge order once every vertex exists
// (finish), which is the order of that loader. Errors are those of the
// loader, in its order, reported after every vertex loaded.
type connectivity struct {
	s     *Graph
	f     *fileIDs
	snap  *decode.Snapshot
	types *edgeTypes // of the edges made
	// The error of the first out-edge whose type the mapper lacks or that
	// the graph cannot hold (a *CapacityError), and that edge, whose
	// to-vertex the loader checks first. No edge after it is made.
	stopErr  error
	stopEdge struct {
		gid, from uint64
		to        pendingTarget
	}
}

// edgeTypes are the type ids of a load's edges by gid, for the readers
// of the edge batches: a reader takes an edge record's type from the
// table, in gid order as the records come, not from its edge, made in
// vertex order, which cost a cache miss a record that the type's encoding
// waited for; and parallel readers must not read the edges, whose records
// the merge sets. Each type takes as few bytes as the graph's name ids
// take (one for at most 256 names: ids 0 to 255); the gids past the table, which
// covers the load's dense gids (gidIndex), are kept in a map.
type edgeTypes struct {
	byte1 []uint8
	byte2 []uint16
	byte4 []uint32
	far   map[uint64]uint32
}

// newEdgeTypes makes room for the types, below names, of the edges of
// gids below gids.
func newEdgeTypes(names, gids int) *edgeTypes {
	switch {
	case names <= 1<<8:
		return &edgeTypes{byte1: makeHuge[uint8](gids, gids)}
	case names <= 1<<16:
		return &edgeTypes{byte2: makeHuge[uint16](gids, gids)}
	}
	return &edgeTypes{byte4: makeHuge[uint32](gids, gids)}
}

// set notes typ as the type of the edge of gid, widening the table for a
// type it cannot hold.
func (t *edgeTypes) set(gid uint64, typ int) {
	if gid < uint64(len(t.byte1)) && uint(typ) < 1<<8 { // inlined: once per edge
		t.byte1[gid] = uint8(typ)
		return
	}
	t.setSlow(gid, typ)
}

func (t *edgeTypes) setSlow(gid uint64, typ int) {
	switch n := uint64(max(len(t.byte1), len(t.byte2), len(t.byte4))); {
	case gid >= n:
		if t.far == nil {
			t.far = map[uint64]uint32{}
		}
		t.far[gid] = uint32(typ)
	case t.byte1 != nil && typ < 1<<8:
		t.byte1[gid] = uint8(typ)
	case t.byte2 != nil && typ < 1<<16:
		t.byte2[gid] = uint16(typ)
	case t.byte4 != nil:
		t.byte4[gid] = uint32(typ)
	default:
		t.widen()
		t.setSlow(gid, typ)
	}
}

//go:noinline
func (t *edgeTypes) widen() {
	wide := make([]uint32, max(len(t.byte1), len(t.byte2)))
	for i, x := range t.byte1 {
		wide[i] = uint32(x)
	}
	for i, x := range t.byte2 {
		wide[i] = uint32(x)
	}
	t.byte1, t.byte2, t.byte4 = nil, nil, wide
}

// get is the type of the edge of gid, which set noted.
func (t *edgeTypes) get(gid uint64) uint64 {
	switch {
	case gid < uint64(len(t.byte1)):
		return uint64(t.byte1[gid])
	case gid < uint64(len(t.byte2)):
		return uint64(t.byte2[gid])
	case gid < uint64(len(t.byte4)):
		return uint64(t.byte4[gid])
	}
	return uint64(t.far[gid])
}

// pendingTarget is the to-vertex of an edge made before it was loaded.
type pendingTarget struct {
	gid    uint64
	offset uint64 // of the from-vertex's record
}

// An edge holds its to-vertex's gid in its in links until finish looks
// the vertex up and threads the links: no side list of a few bytes per
// edge.
func pendingLinks(gid uint64) links { return links{uint32(gid), uint32(gid >> 32)} }
func (l links) pendingGid() uint64  { return uint64(l.prev) | uint64(l.next)<<32 }

// add makes the edges of the out-edge list of the vertex in slot from.
func (c *connectivity) add(from uint32, refs []format.EdgeRef) {
	if len(refs) == 0 || c.stopErr != nil {
		return // no edge after the first that stops the load is looked at
	}
	s := c.s
	out := &s.vs.at(from).out
	var head, prev *Edge // from's out list's head, and the edge made last (its tail)
	if out.head != noSlot {
		head = s.es.at(out.head)
	}
	for _, ref := range refs {
		typ := int(c.f.denseID(ref.Type)) - 1
		var err error
		if typ < 0 {
			typ, err = c.f.sparse("vertices", ref.Type)
		}
		if err != nil {
			c.stop(from, ref.Edge, ref.Other, err)
			return
		}
		// The to-vertex is looked up when the in lists are threaded
		// (finish): once for every edge, not again for those to vertices
		// that come later.
		to, in := noSlot, pendingLinks(ref.Other)
		rec := s.typeRecord(typ)
		if rec == 0 {
			c.stop(from, ref.Edge, ref.Other, errRecordChunks())
			return
		}
		// push's work, inline: the edge goes at the end of from's out list,
		// in the load's reserve where it has room (no call, the edge made
		// before at hand).
		slot, e, ok := s.es.fromReserve()
		if !ok {
			if slot, ok = s.es.alloc(); !ok {
				c.stop(from, ref.Edge, ref.Other, tooMany(capEdges, uint64(slotLimit())))
				return
			}
			e = s.es.at(slot)
		}
		if head == nil {
			*e = Edge{Gid: ref.Edge, rec: rec, from: from, to: to, out: links{slot, noSlot}, in: in}
			out.head, head = slot, e
		} else {
			*e = Edge{Gid: ref.Edge, rec: rec, from: from, to: to, out: links{head.out.prev, noSlot}, in: in}
			if prev == nil {
				prev = s.es.at(head.out.prev)
			}
			prev.out.next = slot
			head.out.prev = slot
		}
		prev = e
		s.eix.put(ref.Edge, slot)
		c.types.set(ref.Edge, typ)
	}
}

// stop makes edge, an out-edge to vertex other of the vertex in slot from,
// the edge whose error err stops the load; the errors name from's record,
// looked up again (recordOffset). Not inlined: add's loop stays small.
//
//go:noinline
func (c *connectivity) stop(from uint32, edge, other uint64, err error) {
	gid := c.s.vs.at(from).Gid
	offset := c.recordOffset(gid)
	if _, capacity := err.(*CapacityError); capacity {
		err = capacityAt(c.snap, offset, "vertices", err)
	}
	c.stopErr = err
	c.stopEdge.gid, c.stopEdge.from = edge, gid
	c.stopEdge.to = pendingTarget{gid: other, offset: offset}
}

// capacityAt locates err, a *CapacityError, at the record at offset of
// snap. Not inlined, nor the worker's with fewer arguments: a call in a
// load's loops that passes more takes registers they use.
//
//go:noinline
func capacityAt(snap *decode.Snapshot, offset uint64, section string, err error) error {
	return &format.DecodeError{File: snap.Path(), Offset: int64(offset), Section: section, Reason: err.Error(), Err: err}
}

// capacityAt is capacityAt in the worker's snapshot.
//
//go:noinline
func (w *worker) capacityAt(offset uint64, section string, err error) error {
	return capacityAt(w.snap, offset, section, err)
}

// finish threads the in lists in edge order, looking up each edge's
// to-vertex, which add left to it. It goes from the last
// edge to the first, putting each at the front of its list: a vertex holds
// its list's head only (chain), and the front is where a push touches the
// fewest edges. The error is the first edge's, in edge order, whose
// to-vertex is missing.
func (c *connectivity) finish() error {
	s := c.s
	missing := noSlot
	for slot := s.es.n; slot > 0; {
		slot--
		e := s.es.at(slot)
		to, ok := s.vix.get(e.in.pendingGid())
		if !ok {
			missing = slot // its in links still hold the gid
			continue
		}
		e.to = to
		in := &s.vs.at(to).in
		if in.head == noSlot {
			e.in = links{slot, noSlot}
		} else {
			h := &s.es.at(in.head).in
			e.in = links{h.prev, in.head}
			h.prev = slot
		}
		in.head = slot
	}
	if missing != noSlot {
		e := s.es.at(missing)
		gid := e.in.pendingGid()
		from := s.vs.at(e.from).Gid
		return c.missingTarget(from, e.Gid, pendingTarget{gid: gid, offset: c.recordOffset(from)})
	}
	if c.stopErr != nil {
		if t := c.stopEdge; !s.hasVertex(t.to.gid) {
			return c.missingTarget(t.from, t.gid, t.to)
		}
	}
	return c.stopErr
}

func (s *Graph) hasVertex(gid uint64) bool {
	_, ok := s.vix.get(gid)
	return ok
}

// recordOffset is where the record of vertex gid, loaded, is: looked up
// again for an error, rather than kept for every vertex.
func (c *connectivity) recordOffset(gid uint64) uint64 {
	var off uint64
	found := errors.New("found")
	_ = c.snap.ScanVertices(func(v *decode.VertexView) error {
		if v.Gid != gid {
			return nil
		}
		off = v.Offset
		return found
	})
	return off
}

func (c *connectivity) missingTarget(from, edge uint64, to pendingTarget) error {
	return &format.DecodeError{File: c.snap.Path(), Offset: int64(to.offset), Section: "vertices", Err: format.ErrInconsistent,
		Reason: fmt.Sprintf("vertex %d has an out-edge %d to missing vertex %d", from, edge, to.gid)}
}

// readVertices scans a vertex batch and builds the records of its
// vertices. With m, the batch merges as it is read (vertexMerge), and r
// holds no arrays.
func (w *worker) readVertices(s *Graph, f *fileIDs, batches []format.Batch, i int, base, end uint32, m *vertexMerge) *vertexBatch {
	r := &vertexBatch{base: base}
	// Built in locals, not in r: appending to a field of r would store a
	// pointer per record.
	var outsEnd []uint32
	var outs []format.EdgeRef
	if m == nil {
		n := w.prealloc(batches, i)
		outsEnd, outs = poolGet[uint32](w.pool, n), poolGet[format.EdgeRef](w.pool, w.preallocOuts(batches, i))
	}
	var maxIn uint64
	var nOuts uint64
	e := &w.enc
	slot := base
	r.end, r.err = w.sc.Vertices(batches[i], w.snap.Bound(batches, i), func(v *decode.VertexView) error {
		lv := loadedVertex{gid: v.Gid, offset: v.Offset}
		if !r.decoded {
			r.decoded, r.first = true, lv
			if m != nil {
				if err := m.first(lv); err != nil {
					return err
				}
			}
		}
		for _, in := range v.InEdges {
			maxIn = max(maxIn, in.Edge)
		}
		w.arena.begin(e)
		if len(v.Labels) > 0 || len(v.Properties) > 0 {
			e.uvarint(uint64(len(v.Labels)))
			for _, l := range v.Labels {
				id := int(f.denseID(l)) - 1
				if id < 0 {
					var err error
					if id, err = f.sparse("vertices", l); err != nil {
						return err
					}
				}
				e.uvarint(uint64(id))
			}
		}
		if err := w.appendProps(f, "vertices", v.Properties, v.Values()); err != nil {
			return err
		}
		if nOuts += uint64(len(v.OutEdges)); slot >= end || nOuts >= 1<<32 {
			switch limit := slotLimit(); {
			case slot >= limit:
				return w.capacityAt(v.Offset, "vertices", tooMany(capVertices, uint64(limit)))
			case nOuts >= 1<<32: // more edges than the graph holds, made from this batch alone
				return w.capacityAt(v.Offset, "vertices", tooMany(capEdges, uint64(limit)))
			}
			// Beyond what the batch's bytes can hold, were it whole.
			return &format.DecodeError{File: w.snap.Path(), Offset: int64(v.Offset), Section: "vertices", Err: format.ErrInconsistent,
				Reason: fmt.Sprintf("vertex batch %d holds more records than its bytes can", i)}
		}
		rec, err := w.arena.commit(&s.recs, e)
		if err != nil {
			return w.capacityAt(v.Offset, "vertices", err)
		}
		*s.vs.at(slot) = Vertex{Gid: v.Gid, rec: rec, out: emptyChain, in: emptyChain}
		if m != nil {
			m.index(slot, v.Gid)
			m.conn.add(slot, v.OutEdges)
		} else {
			outs = append(outs, v.OutEdges...)
			outsEnd = append(outsEnd, uint32(len(outs)))
		}
		slot++
		return nil
	})
	r.n = slot - base
	r.outsEnd, r.outs, r.maxIn = outsEnd, outs, maxIn
	return r
}

// appendProps appends to the record being built (w.enc) the encoding of
// a scanned record's properties. Values go straight from the file into
// the record when the ids ascend, as Memgraph writes them: plain scalars
// in one call (Scalar), the others part by part (VisitValue); otherwise
// they are decoded (Value) and sorted.
func (w *worker) appendProps(f *fileIDs, section string, props []decode.PropertyRef, vals decode.Values) error {
	// One pass for the usual record: ids ascending and known, values
	// whole. Anything else starts over on the pass below, which finds the
	// error a serial read would report first. The record grows in b,
	// handed to w.enc for a visit and at the end.
	start, prev := w.enc.n, -1
	b := w.enc.bytes()
	for k := range props {
		gid := int(f.denseID(props[k].ID)) - 1
		if gid < 0 {
			var err error
			if gid, err = f.sparse(section, props[k].ID); err != nil {
				break
			}
		}
		if gid <= prev {
			break
		}
		b = binary.AppendUvarint(b, uint64(gid))
		if t, a, x, str, ok := vals.Scalar(k); ok {
			b = appendScalar(b, t, a, x, str)
		} else {
			w.enc.set(b)
			if vals.VisitValue(k, &w.enc) != nil {
				break
			}
			b = w.enc.bytes()
		}
		if prev = gid; k == len(props)-1 {
			w.enc.set(b)
			return nil
		}
	}
	if len(props) == 0 {
		return nil
	}
	w.enc.n = start
	w.ids = w.ids[:0]
	ascending := true
	n := len(props)
	for k := range props {
		gid, err := f.id(section, props[k].ID)
		if err != nil {
			// The error of a serial read, property by property: a value
			// before this one that fails to decode fails first.
			for j := range k {
				if _, verr := vals.Value(j); verr != nil {
					return verr
				}
			}
			return err
		}
		ascending = ascending && (k == 0 || w.ids[k-1] < gid)
		w.ids = append(w.ids, gid)
	}
	if ascending {
		for k, gid := range w.ids {
			w.enc.uvarint(uint64(gid))
			if err := vals.VisitValue(k, &w.enc); err != nil {
				return err
			}
		}
		return nil
	}
	w.values = w.values[:0]
	for k := range n {
		val, err := vals.Value(k)
		if err != nil {
			return err
		}
		w.values = append(w.values, val)
	}
	w.enc.set(appendProps(w.enc.bytes(), w.ids, w.values))
	return nil
}

// readEdges scans an edge batch and builds the records of its edges,
// which must exist (the connectivity made them, noting their types in
// types). Setting them itself (one reader), it does so in file order;
// otherwise r holds them for the merge.
func (w *worker) readEdges(path string, s *Graph, f *fileIDs, types *edgeTypes, batches []format.Batch, i int, set bool) *edgeBatch {
	r := &edgeBatch{}
	var recs []edgeRecord // a local, as in readVertices
	if !set {
		recs = poolGet[edgeRecord](w.pool, w.prealloc(batches, i))
	}
	var n int
	var last uint64
	e := &w.enc
	r.end, r.err = w.sc.Edges(batches[i], w.snap.Bound(batches, i), func(v *decode.EdgeView) error {
		slot, ok := s.eix.get(v.Gid)
		if !ok {
			return &format.DecodeError{File: path, Offset: int64(v.Offset), Section: "edges", Err: format.ErrInconsistent,
				Reason: fmt.Sprintf("edge record %d is in no vertex's edge list", v.Gid)}
		}
		typ := types.get(v.Gid)
		var rec record
		if len(v.Properties) == 0 {
			// The type alone: the type's shared record, which the
			// connectivity made, so a worker only reads typeRecs.
			rec = s.typeRecord(int(typ))
		} else {
			w.arena.begin(e)
			e.uvarint(typ)
			if err := w.appendProps(f, "edges", v.Properties, v.Values()); err != nil {
				return err
			}
			r, err := w.arena.commit(&s.recs, e)
			if err != nil {
				return w.capacityAt(v.Offset, "edges", err)
			}
			rec = r
		}
		if set {
			s.es.at(slot).rec = rec
		} else {
			recs = append(recs, edgeRecord{slot: slot, rec: rec})
		}
		n++
		last = v.Gid
		return nil
	})
	r.recs, r.n, r.last = recs, n, last
	return r
}
