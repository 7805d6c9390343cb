package decode_test

// Offsets into the header, and reading a body with another version's
// layout, on snapshots built with the encoder and then edited.

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

// TestSnapshotSectionEnds: ReadSection and the section readers record where
// each section ends; OpenSnapshotAs reads a body with another version's
// layout, so a format-37 body stamped 36 reads to the right ends as 37.
func TestSnapshotSectionEnds(t *testing.T) {
	b := encodeSnapshot(t, golden.FixtureSnapshot(37))
	m, err := decode.DecodeSnapshot(bytes.NewReader(b), int64(len(b)), "")
	if err != nil {
		t.Fatal(err)
	}
	stamped := bytes.Clone(b)
	binary.LittleEndian.PutUint64(stamped[4:], 36)
	s, err := decode.OpenSnapshotAs(bytes.NewReader(stamped), int64(len(stamped)), "", 37)
	if err != nil {
		t.Fatal(err)
	}
	if s.TableEnd() != 130 || s.EntryOffset(format.OffsetDescriptions) != 121 || s.EntryOffset(format.OffsetEdgeIndices) != 40 {
		t.Errorf("table end %d, descriptions entry %d, edge_indices entry %d", s.TableEnd(), s.EntryOffset(format.OffsetDescriptions), s.EntryOffset(format.OffsetEdgeIndices))
	}
	// In a writer's file each section ends where the next in file order starts.
	next := map[format.OffsetSlot]format.OffsetSlot{
		format.OffsetEdgeIndices: format.OffsetConstraints, format.OffsetConstraints: format.OffsetMapper,
		format.OffsetMapper: format.OffsetEnums, format.OffsetEnums: format.OffsetEpochHistory,
		format.OffsetEpochHistory: format.OffsetMetadata, format.OffsetMetadata: format.OffsetEdgeBatches,
		format.OffsetEdgeBatches: format.OffsetVertexBatches, format.OffsetVertexBatches: format.OffsetTTL,
		format.OffsetTTL: format.OffsetDescriptions,
	}
	for slot, after := range next {
		// The metadata is read on opening; one batch table read reads both.
		if slot != format.OffsetMetadata && slot != format.OffsetEdgeBatches && slot != format.OffsetVertexBatches && s.SectionEnd(slot) != 0 {
			t.Errorf("%s has an end before it was read", slot)
		}
		end, err := s.ReadSection(slot)
		if err != nil || end != int64(m.Offsets[after]) || s.SectionEnd(slot) != end {
			t.Errorf("%s: end %d (recorded %d), %v; want %d", slot, end, s.SectionEnd(slot), err, m.Offsets[after])
		}
	}
	if end, err := s.ReadSection(format.OffsetDescriptions); err != nil || end != int64(len(b)) {
		t.Errorf("descriptions end at %d, %v; want %d", end, err, len(b))
	}
	if end, err := s.ReadSection(format.OffsetVertices); err != nil || end != 0 {
		t.Errorf("records: %d, %v", end, err)
	}
	// Read as the header says, the edge-indices block ends a list early.
	s36, err := decode.OpenSnapshot(bytes.NewReader(stamped), int64(len(stamped)), "")
	if err != nil {
		t.Fatal(err)
	}
	if end, err := s36.ReadSection(format.OffsetEdgeIndices); err == nil && end == int64(m.Offsets[format.OffsetConstraints]) {
		t.Errorf("read as 36, edge_indices still ends at %d", end)
	}
	if _, err := decode.OpenSnapshotAs(bytes.NewReader(b), int64(len(b)), "", 0); !errors.Is(err, format.ErrUnsupportedVersion) {
		t.Errorf("OpenSnapshotAs version 0: %v", err)
	}
}
