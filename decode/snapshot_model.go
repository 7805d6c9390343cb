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
	for _, b := range edgeBatches {
		end, err := s.ReadEdgeBatch(b, func(e format.EdgeRecord) error {
			m.Edges = append(m.Edges, e)
			return nil
		})
		if err != nil {
			return nil, err
		}
		spans = append(spans, span{int64(b.Offset), end})
	}
	for _, b := range vertexBatches {
		end, err := s.ReadVertexBatch(b, func(v format.VertexRecord) error {
			m.Vertices = append(m.Vertices, v)
			return nil
		})
		if err != nil {
			return nil, err
		}
		spans = append(spans, span{int64(b.Offset), end})
	}
	// An empty but present edge or vertex section is a zero-length span.
	if m.Gaps, err = gapsOf(spans, size, r); err != nil {
		return nil, s.wrap(&format.DecodeError{Err: format.ErrTruncated, Reason: fmt.Sprintf("reading gap bytes: %v", err)}, "", "")
	}
	return m, nil
}
