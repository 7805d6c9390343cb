package graph

import (
	"encoding/binary"
	"fmt"

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
	if fileID < uint64(len(f.dense)) {
		if id := f.dense[fileID]; id != 0 {
			return int(id - 1), nil
		}
	}
	id, ok := f.ids[fileID]
	if !ok {
		return 0, MissingIDError(f.path, section, fileID)
	}
	return id, nil
}

// loadedVertex is a vertex record a worker turned into a graph record.
type loadedVertex struct {
	gid, offset uint64 // gid becomes the vertex's slot once merged
	rec         string
	outs        []format.EdgeRef // the record's, kept as decoded
}

// vertexBatch is what a worker made of one vertex batch: the records
// before the first error, and that error.
type vertexBatch struct {
	recs    []loadedVertex
	decoded bool         // the first record was read whole (the order across batches is checked on it)
	first   loadedVertex // that record
	failed  *loadedVertex
	maxIn   uint64 // the highest in-edge gid
	end     int64
	err     error
}

type edgeRecord struct {
	slot uint32
	gid  uint64
	rec  string
}

type edgeBatch struct {
	recs []edgeRecord
	end  int64
	err  error
}

// prealloc is how many records of batches[i] to reserve room for: its
// count, which damage can inflate, at most as many as the bytes the batch
// can span hold.
func (w *worker) prealloc(batches []format.Batch, i int) uint64 {
	const minRecordBytes = 19 // a marker, a gid and a count, each UINT 9 bytes
	span := w.snap.Bound(batches, i) - int64(batches[i].Offset)
	return min(batches[i].Count, uint64(max(span, 0))/minRecordBytes)
}

// worker is one goroutine's reader, scratch space and record arena.
type worker struct {
	snap   *decode.Snapshot
	sc     *decode.Scanner // reuses its memory from record to record
	buf    []byte
	ids    []int
	values []format.Value
	arena  arena
	refs   refArena
}

func (s *Graph) loadRecords(snap *decode.Snapshot, mapper *SnapshotMapper, threads int) error {
	f := newFileIDs(snap.Path(), mapper.Names(), s.names.id)
	edgeBatches, vertexBatches, synthetic, err := snap.BatchTables()
	if err != nil {
		return err
	}
	if synthetic {
		threads = 1 // one pseudo-batch per kind: nothing to split
	}
	workers := make([]worker, max(1, min(threads, max(len(edgeBatches), len(vertexBatches)))))
	for w := range workers {
		workers[w].snap, workers[w].sc = snap, snap.NewScanner()
	}

	// Vertices, with their batches' out-edge lists kept until every vertex
	// exists.
	var merged []*vertexBatch
	var lastVertexGid, maxInGid uint64
	order := snap.NewBatchOrder(format.OffsetVertexBatches)
	err = decode.ParallelBatches(vertexBatches, len(workers), func(w, i int) *vertexBatch {
		return workers[w].readVertices(f, vertexBatches, i)
	}, func(i int, r *vertexBatch) error {
		if err := order.Start(vertexBatches[i]); err != nil {
			return err
		}
		if r.decoded {
			if err := order.Vertex(r.first.offset, r.first.gid); err != nil {
				return err
			}
		}
		for k := range r.recs {
			lv := &r.recs[k]
			if err := s.dupVertex(snap, *lv); err != nil {
				return err
			}
			v := s.newVertex(lv.gid)
			v.rec, lv.rec = lv.rec, ""
			slot, _ := s.vix.get(lv.gid)
			lv.gid = uint64(slot) // from here on the vertex's slot
		}
		merged = append(merged, r)
		if r.failed != nil {
			if err := s.dupVertex(snap, *r.failed); err != nil {
				return err
			}
		}
		if r.err != nil {
			return r.err
		}
		lastVertexGid = 0 // Memgraph takes the last batch's last gid, 0 when it is empty
		if n := len(r.recs); n > 0 {
			last := s.vs.at(uint32(r.recs[n-1].gid)).Gid
			order.Seen(last)
			lastVertexGid = last
		}
		maxInGid = max(maxInGid, r.maxIn)
		order.Done(r.end)
		return nil
	})
	if err != nil {
		return err
	}

	// Connectivity: the out-edge lists define the edges and their order. An
	// edge's record starts as its type alone, shared by every edge of the
	// type until the edge section gives it properties.
	typeRecs := map[int]string{}
	// By edge slot, for the workers below; an out-edge takes at least
	// three UINTs (27 bytes) of the file, whatever the metadata claims.
	edgeTypes := make([]uint32, 0, min(snap.Metadata.EdgeCount, uint64(snap.Size())/27))
	for bi, r := range merged {
		for _, p := range r.recs {
			slot := uint32(p.gid)
			from := s.vs.at(slot).Gid
			for _, ref := range p.outs {
				to, ok := s.vix.get(ref.Other)
				if !ok {
					return &format.DecodeError{File: snap.Path(), Offset: int64(p.offset), Section: "vertices", Err: format.ErrInconsistent,
						Reason: fmt.Sprintf("vertex %d has an out-edge %d to missing vertex %d", from, ref.Edge, ref.Other)}
				}
				typ, err := f.id("vertices", ref.Type)
				if err != nil {
					return err
				}
				rec, ok := typeRecs[typ]
				if !ok {
					rec = string(binary.AppendUvarint(nil, uint64(typ)))
					typeRecs[typ] = rec
				}
				e := s.addEdge(ref.Edge, rec, slot, to)
				if int(e) >= len(edgeTypes) {
					edgeTypes = append(edgeTypes, make([]uint32, int(e)+1-len(edgeTypes))...)
				}
				edgeTypes[e] = uint32(typ)
			}
		}
		merged[bi] = nil // done with: its memory goes
	}

	// Edge properties. Workers look edges up but never touch them: the
	// merge sets the records, in file order, the later of two records of
	// one edge winning as in a serial load.
	var lastEdgeGid uint64
	edgeOrder := snap.NewBatchOrder(format.OffsetEdgeBatches)
	err = decode.ParallelBatches(edgeBatches, len(workers), func(w, i int) *edgeBatch {
		return workers[w].readEdges(snap.Path(), s, f, edgeTypes, edgeBatches, i)
	}, func(i int, r *edgeBatch) error {
		if err := edgeOrder.Start(edgeBatches[i]); err != nil {
			return err
		}
		for _, e := range r.recs {
			s.es.at(e.slot).rec = e.rec
		}
		if n := len(r.recs); n > 0 {
			lastEdgeGid = r.recs[n-1].gid
		}
		if r.err != nil {
			return r.err
		}
		edgeOrder.Done(r.end)
		return nil
	})
	if err != nil {
		return err
	}

	// Memgraph's id generators after the load: with batch tables the last
	// vertex batch's last gid + 1 and the highest in-edge gid + 1; before
	// them the last vertex's and the last edge record's gid + 1.
	s.nextVertex, s.nextEdge = lastVertexGid+1, maxInGid+1
	if synthetic {
		s.nextEdge = lastEdgeGid + 1
	}
	s.vix.trim()
	s.eix.trim()
	return nil
}

func (s *Graph) dupVertex(snap *decode.Snapshot, v loadedVertex) error {
	if _, dup := s.vix.get(v.gid); dup {
		return &format.DecodeError{File: snap.Path(), Offset: int64(v.offset), Section: "vertices", Err: format.ErrInconsistent,
			Reason: fmt.Sprintf("vertex gid %d appears twice", v.gid)}
	}
	return nil
}

// readVertices scans a vertex batch and builds the records of its vertices.
func (w *worker) readVertices(f *fileIDs, batches []format.Batch, i int) *vertexBatch {
	r := &vertexBatch{recs: make([]loadedVertex, 0, w.prealloc(batches, i))}
	r.end, r.err = w.sc.Vertices(batches[i], w.snap.Bound(batches, i), func(v *decode.VertexView) error {
		lv := loadedVertex{gid: v.Gid, offset: v.Offset}
		if !r.decoded {
			r.decoded, r.first = true, lv
		}
		for _, in := range v.InEdges {
			r.maxIn = max(r.maxIn, in.Edge)
		}
		b := w.buf[:0]
		if len(v.Labels) > 0 || len(v.Properties) > 0 {
			b = binary.AppendUvarint(b, uint64(len(v.Labels)))
			for _, l := range v.Labels {
				id, err := f.id("vertices", l)
				if err != nil {
					r.failed = &lv
					return err
				}
				b = binary.AppendUvarint(b, uint64(id))
			}
		}
		b, err := w.appendProps(b, f, "vertices", len(v.Properties), func(k int) uint64 { return v.Properties[k].ID }, v.Value)
		if err != nil {
			r.failed = &lv
			return err
		}
		w.buf = b
		lv.rec = w.arena.put(b)
		lv.outs = w.refs.put(v.OutEdges)
		r.recs = append(r.recs, lv)
		return nil
	})
	return r
}

// appendProps appends the record encoding of a scanned record's n
// properties, whose ids and values id and value give.
func (w *worker) appendProps(b []byte, f *fileIDs, section string, n int, id func(k int) uint64, value func(k int) (format.Value, error)) ([]byte, error) {
	w.ids, w.values = w.ids[:0], w.values[:0]
	for k := range n {
		gid, err := f.id(section, id(k))
		if err != nil {
			return nil, err
		}
		val, err := value(k)
		if err != nil {
			return nil, err
		}
		w.ids, w.values = append(w.ids, gid), append(w.values, val)
	}
	return appendProps(b, w.ids, w.values), nil
}

// refArena keeps the out-edge lists of a worker's batches in shared
// chunks until the connectivity pass: one allocation per chunk.
type refArena struct{ chunk []format.EdgeRef }

func (a *refArena) put(refs []format.EdgeRef) []format.EdgeRef {
	switch {
	case len(refs) == 0:
		return nil
	case len(refs) > 256:
		return append([]format.EdgeRef(nil), refs...)
	}
	if cap(a.chunk)-len(a.chunk) < len(refs) {
		a.chunk = make([]format.EdgeRef, 0, 4096)
	}
	off := len(a.chunk)
	a.chunk = append(a.chunk, refs...)
	return a.chunk[off:len(a.chunk):len(a.chunk)]
}

// readEdges scans an edge batch and builds the records of its edges,
// which must exist (the connectivity made them).
func (w *worker) readEdges(path string, s *Graph, f *fileIDs, types []uint32, batches []format.Batch, i int) *edgeBatch {
	r := &edgeBatch{recs: make([]edgeRecord, 0, w.prealloc(batches, i))}
	r.end, r.err = w.sc.Edges(batches[i], w.snap.Bound(batches, i), func(e *decode.EdgeView) error {
		slot, ok := s.eix.get(e.Gid)
		if !ok {
			return &format.DecodeError{File: path, Offset: int64(e.Offset), Section: "edges", Err: format.ErrInconsistent,
				Reason: fmt.Sprintf("edge record %d is in no vertex's edge list", e.Gid)}
		}
		b, err := w.appendProps(binary.AppendUvarint(w.buf[:0], uint64(types[slot])), f, "edges", len(e.Properties),
			func(k int) uint64 { return e.Properties[k].ID }, e.Value)
		if err != nil {
			return err
		}
		w.buf = b
		r.recs = append(r.recs, edgeRecord{slot: slot, gid: e.Gid, rec: w.arena.put(b)})
		return nil
	})
	return r
}
