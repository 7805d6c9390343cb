package decode

import (
	"fmt"
	"io"

	"github.com/durascope/durascope/format"
)

// DecodeSnapshot reads a whole snapshot into the lossless model. It holds
// every record in memory; use Snapshot's section and batch methods to
// stream a large file instead.
func DecodeSnapshot(r io.ReaderAt, size int64, path string) (*format.Snapshot, error) {
	s, err := OpenSnapshot(r, size, path)
	if err != nil {
		return nil, err
	}
	m := &format.Snapshot{Version: s.Version, Offsets: s.Offsets, Metadata: s.Metadata}
	spans := []span{{0, snapshotHeaderSize + 1 + 9*int64(len(format.SnapshotOffsetSlots(s.Features))), "offsets"}}
	add := func(slot format.OffsetSlot, end int64) {
		if end > 0 {
			spans = append(spans, span{int64(s.Offsets[slot]), end, slot.String()})
		}
	}
	add(format.OffsetMetadata, s.metaEnd)

	var end int64
	if m.Mapper, end, err = s.mapper(); err != nil {
		return nil, err
	}
	add(format.OffsetMapper, end)
	if m.Enums, end, err = s.enums(); err != nil {
		return nil, err
	}
	add(format.OffsetEnums, end)
	if m.EpochHistory, end, err = s.epochHistory(); err != nil {
		return nil, err
	}
	add(format.OffsetEpochHistory, end)
	if m.Indices, end, err = s.indices(); err != nil {
		return nil, err
	}
	add(format.OffsetIndices, end)
	if m.EdgeIndices, end, err = s.edgeIndices(&keepEntries{}); err != nil {
		return nil, err
	}
	add(format.OffsetEdgeIndices, end)
	if m.Constraints, end, err = s.constraints(); err != nil {
		return nil, err
	}
	add(format.OffsetConstraints, end)
	if m.TTL, end, err = s.ttl(); err != nil {
		return nil, err
	}
	add(format.OffsetTTL, end)
	if m.Descriptions, end, err = s.descriptions(); err != nil {
		return nil, err
	}
	add(format.OffsetDescriptions, end)

	edgeBatches, vertexBatches, ends, synthetic, err := s.batchTables()
	if err != nil {
		return nil, err
	}
	if !synthetic {
		m.EdgeBatches, m.VertexBatches = edgeBatches, vertexBatches
		add(format.OffsetEdgeBatches, ends[0])
		add(format.OffsetVertexBatches, ends[1])
	}
	edgeRecords := func(b format.Batch, end int64) { spans = append(spans, span{int64(b.Offset), end, "edges"}) }
	vertexRecords := func(b format.Batch, end int64) { spans = append(spans, span{int64(b.Offset), end, "vertices"}) }
	if err := s.eachEdge(edgeBatches, edgeRecords, func(e format.EdgeRecord) error {
		m.Edges = append(m.Edges, e)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := s.eachVertex(vertexBatches, vertexRecords, func(v format.VertexRecord) error {
		m.Vertices = append(m.Vertices, v)
		return nil
	}); err != nil {
		return nil, err
	}
	// Sections are disjoint: a section that starts inside another is damage
	// (no writer lays them out so), and the model could not hold both.
	if err := overlap(spans); err != nil {
		return nil, s.wrap(err, "", "")
	}
	// An empty but present edge or vertex section is a zero-length span.
	if m.Gaps, err = gapsOf(spans, size, r); err != nil {
		return nil, s.wrap(&format.DecodeError{Err: format.ErrTruncated, Reason: fmt.Sprintf("reading gap bytes: %v", err)}, "", "")
	}
	return m, nil
}

// ForEachEdge calls fn for every edge record, batch by batch in table order.
func (s *Snapshot) ForEachEdge(fn func(format.EdgeRecord) error) error {
	edges, _, _, err := s.BatchTables()
	if err != nil {
		return err
	}
	return s.eachEdge(edges, nil, fn)
}

// ForEachVertex calls fn for every vertex record, batch by batch in table order.
func (s *Snapshot) ForEachVertex(fn func(format.VertexRecord) error) error {
	_, vertices, _, err := s.BatchTables()
	if err != nil {
		return err
	}
	return s.eachVertex(vertices, nil, fn)
}

func (s *Snapshot) eachEdge(batches []format.Batch, done func(format.Batch, int64), fn func(format.EdgeRecord) error) error {
	return s.eachBatch(s.NewBatchOrder(format.OffsetEdgeBatches), batches, done, func(c *cursor, b format.Batch, bound int64) (int64, error) {
		return s.readEdgeBatch(c, b, bound, fn)
	})
}

// eachVertex also requires ascending gids across batches: the order holds
// for the whole vertex section.
func (s *Snapshot) eachVertex(batches []format.Batch, done func(format.Batch, int64), fn func(format.VertexRecord) error) error {
	order := s.NewBatchOrder(format.OffsetVertexBatches)
	ordered := func(v format.VertexRecord) error {
		if err := order.Vertex(v.Offset, v.Gid); err != nil {
			return err
		}
		return fn(v)
	}
	return s.eachBatch(order, batches, done, func(c *cursor, b format.Batch, bound int64) (int64, error) {
		return s.readVertexBatch(c, b, bound, ordered)
	})
}

// eachBatch reads batches in order through one cursor. Batches must tile
// their records, each starting where the previous ended and reading no
// further than where the next starts, which keeps the work linear in the
// file size whatever the tables say.
func (s *Snapshot) eachBatch(order *BatchOrder, batches []format.Batch, done func(format.Batch, int64),
	read func(c *cursor, b format.Batch, bound int64) (int64, error)) error {
	c := newCursor(s.r, 0, s.size, s.Features)
	for i, b := range batches {
		if err := order.Start(b); err != nil {
			return err
		}
		end, err := read(c, b, s.Bound(batches, i))
		if err != nil {
			return err
		}
		if done != nil {
			done(b, end)
		}
		order.Done(end)
	}
	return nil
}
