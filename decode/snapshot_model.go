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
	spans := []span{{0, snapshotHeaderSize + 1 + 9*int64(len(format.SnapshotOffsetSlots(s.Features)))}}
	add := func(slot format.OffsetSlot, end int64) {
		if end > 0 {
			spans = append(spans, span{int64(s.Offsets[slot]), end})
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
	if m.EdgeIndices, end, err = s.edgeIndices(); err != nil {
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
	// Batches must tile their records: each starts where the previous ended.
	// That keeps the work linear in the file size whatever the tables say.
	c := newCursor(r, 0, size)
	contiguous := func(slot format.OffsetSlot, i int, b format.Batch, prevEnd int64) error {
		if i > 0 && int64(b.Offset) != prevEnd {
			return s.wrap(&format.DecodeError{Offset: int64(b.Offset), Err: format.ErrCorrupt,
				Reason: fmt.Sprintf("batch #%d starts at %d, not where batch #%d ends (%d)", i, b.Offset, i-1, prevEnd)}, slot.String(), "")
		}
		return nil
	}
	var prevEnd int64
	for i, b := range edgeBatches {
		if err := contiguous(format.OffsetEdgeBatches, i, b, prevEnd); err != nil {
			return nil, err
		}
		if prevEnd, err = s.readEdgeBatch(c, b, func(e format.EdgeRecord) error {
			m.Edges = append(m.Edges, e)
			return nil
		}); err != nil {
			return nil, err
		}
		spans = append(spans, span{int64(b.Offset), prevEnd})
	}
	for i, b := range vertexBatches {
		if err := contiguous(format.OffsetVertexBatches, i, b, prevEnd); err != nil {
			return nil, err
		}
		if prevEnd, err = s.readVertexBatch(c, b, func(v format.VertexRecord) error {
			m.Vertices = append(m.Vertices, v)
			return nil
		}); err != nil {
			return nil, err
		}
		spans = append(spans, span{int64(b.Offset), prevEnd})
	}
	// An empty but present edge or vertex section is a zero-length span.
	if m.Gaps, err = gapsOf(spans, size, r); err != nil {
		return nil, s.wrap(&format.DecodeError{Err: format.ErrTruncated, Reason: fmt.Sprintf("reading gap bytes: %v", err)}, "", "")
	}
	return m, nil
}
