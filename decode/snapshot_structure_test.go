package decode_test

// Offsets into the header, on snapshots built with the encoder and then
// edited.

import (
	"bytes"
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
)

// entryAt is the offset of slot's offsets-table entry in version v.
func entryAt(t *testing.T, v format.Version, slot format.OffsetSlot) int64 {
	t.Helper()
	for i, s := range format.SnapshotOffsetSlots(format.FeaturesOf(v)) {
		if s == slot {
			return 13 + 9*int64(i)
		}
	}
	t.Fatalf("format %d has no %s slot", v, slot)
	return 0
}

// pointAt sets slot's offset to off.
func pointAt(t *testing.T, b []byte, v format.Version, slot format.OffsetSlot, off uint64) []byte {
	t.Helper()
	out := bytes.Clone(b)
	e := entryAt(t, v, slot)
	if out[e] != byte(format.MarkerInt) {
		t.Fatalf("no UINT at %d", e)
	}
	binary.LittleEndian.PutUint64(out[e+1:], off)
	return out
}

// readAll reads b through the streaming API as a loader would: every
// section, the batch tables and the records. It returns the first error.
func readAll(b []byte) error {
	s, err := decode.OpenSnapshot(bytes.NewReader(b), int64(len(b)), "f")
	if err != nil {
		return err
	}
	for _, read := range []func() error{
		func() error { _, err := s.Mapper(); return err },
		func() error { _, err := s.Enums(); return err },
		func() error { _, err := s.EpochHistory(); return err },
		func() error { _, err := s.Indices(); return err },
		func() error { _, err := s.EdgeIndices(); return err },
		func() error { _, err := s.Constraints(); return err },
		func() error { _, err := s.TTL(); return err },
		func() error { _, err := s.Descriptions(); return err },
		func() error { _, _, _, err := s.BatchTables(); return err },
	} {
		if err := read(); err != nil {
			return err
		}
	}
	if err := s.ForEachEdge(func(format.EdgeRecord) error { return nil }); err != nil {
		return err
	}
	return s.ForEachVertex(func(format.VertexRecord) error { return nil })
}

// wantHeaderOffset asserts an ErrCorrupt at the table entry of slot.
func wantHeaderOffset(t *testing.T, what string, err error, entry int64, slot format.OffsetSlot) {
	t.Helper()
	var de *format.DecodeError
	if !errors.As(err, &de) || !errors.Is(err, format.ErrCorrupt) || de.Offset != entry || de.Section != "offsets" ||
		!strings.Contains(de.Reason, "offset of "+slot.String()) || !strings.Contains(de.Reason, "inside the header and offsets table") {
		t.Errorf("%s: got %v, want ErrCorrupt in offsets at the %s entry (%d)", what, err, slot, entry)
	}
}

// TestSnapshotOffsetIntoHeader: every offset Memgraph reads at must point
// past the offsets table; one that points into it is ErrCorrupt at its
// entry, from the reader that would read there (the metadata's from
// OpenSnapshot, as Memgraph's snapshot info read fails on it).
func TestSnapshotOffsetIntoHeader(t *testing.T) {
	for _, v := range []format.Version{15, 24, 37} {
		clean := encodeSnapshot(t, golden.FixtureSnapshot(v))
		tableEnd := uint64(13 + 9*len(format.SnapshotOffsetSlots(format.FeaturesOf(v))))
		for _, slot := range format.SnapshotOffsetSlots(format.FeaturesOf(v)) {
			for _, at := range []uint64{1, 4, 12, 13, tableEnd - 1} {
				b := pointAt(t, clean, v, slot, at)
				err := readAll(b)
				_, modelErr := decode.DecodeSnapshot(bytes.NewReader(b), int64(len(b)), "f")
				if slot == format.OffsetEdges || slot == format.OffsetVertices {
					// Memgraph never reads there from SnapshotBatches on.
					if err != nil || modelErr != nil {
						t.Errorf("v%d %s at %d: %v / %v", v, slot, at, err, modelErr)
					}
					continue
				}
				e := entryAt(t, v, slot)
				wantHeaderOffset(t, slot.String(), err, e, slot)
				wantHeaderOffset(t, slot.String()+" (DecodeSnapshot)", modelErr, e, slot)
			}
		}
	}

	// Format 14 reads records at offset_edges and offset_vertices, as many
	// as the metadata counts.
	clean := encodeSnapshot(t, golden.ExampleSnapshot(14))
	for _, slot := range []format.OffsetSlot{format.OffsetEdges, format.OffsetVertices} {
		wantHeaderOffset(t, "v14 "+slot.String(), readAll(pointAt(t, clean, 14, slot, 40)), entryAt(t, 14, slot), slot)
	}
	// With nothing counted it reads nothing there.
	m := golden.ExampleSnapshot(14)
	m.Vertices, m.Edges, m.Metadata.VertexCount, m.Metadata.EdgeCount = nil, nil, 0, 0
	m.Indices, m.Constraints = format.Indices{}, format.Constraints{}
	empty := encodeSnapshot(t, m)
	if err := readAll(pointAt(t, empty, 14, format.OffsetVertices, 40)); err != nil {
		t.Errorf("v14 without vertices, offset_vertices 40: %v", err)
	}
}
