package decode

import (
	"fmt"
	"io"

	"github.com/durascope/durascope/format"
)

// inTable rejects a section offset that points into the header or the
// offsets table. Memgraph seeks to every offset it reads at and reads the
// bytes there as that section, so it would read the table's own bytes: it
// fails, or (a batch table read from an entry) misreads them. The error
// points at the table entry.
func (s *Snapshot) inTable(slot format.OffsetSlot, off uint64) error {
	if off == 0 || off >= uint64(s.tableEnd) {
		return nil
	}
	return s.wrap(&format.DecodeError{Offset: s.EntryOffset(slot), Err: format.ErrCorrupt,
		Reason: fmt.Sprintf("offset of %s is %d, inside the header and offsets table (bytes 0..%d): Memgraph would read the %s from the table's own bytes and fail or misread them",
			slot, off, s.tableEnd-1, slot)}, "offsets", "")
}

// done records where the section at slot ends and returns it.
func (s *Snapshot) done(slot format.OffsetSlot, end int64) int64 {
	s.ends[slot].Store(end)
	return end
}

// TableEnd returns where the offsets table ends, which is where the first
// section of a writer's file starts.
func (s *Snapshot) TableEnd() int64 { return s.tableEnd }

// EntryOffset returns the offset of slot's entry in the offsets table, or
// -1 when the version has no such slot.
func (s *Snapshot) EntryOffset(slot format.OffsetSlot) int64 {
	for i, o := range format.SnapshotOffsetSlots(s.Features) {
		if o == slot {
			return snapshotHeaderSize + 1 + 9*int64(i)
		}
	}
	return -1
}

// SectionEnd returns where the section at slot ends once it has been read
// without error (by its reader or ReadSection), and 0 otherwise. Records
// have no section end: their batches end where EachVertexBatch says.
func (s *Snapshot) SectionEnd(slot format.OffsetSlot) int64 {
	if slot < 0 || int(slot) >= len(s.ends) {
		return 0
	}
	return s.ends[slot].Load()
}

// OpenSnapshotAs opens the file as OpenSnapshot does, but reads it with the
// layout of version v whatever its header says: to test whether a body fits
// another version than the one it is stamped with.
func OpenSnapshotAs(r io.ReaderAt, size int64, path string, v format.Version) (*Snapshot, error) {
	if v == 0 {
		v = format.MaxVersion + 1 // not supported: 0 must not mean "the header's"
	}
	return openSnapshot(r, size, path, v)
}

// ReadSection reads the section at slot (the batch tables count as
// sections) and returns where it ends. Records (edges, vertices) and a
// section the version does not have end at 0.
func (s *Snapshot) ReadSection(slot format.OffsetSlot) (int64, error) {
	var end int64
	var err error
	switch slot {
	case format.OffsetMetadata:
		return s.metaEnd, nil
	case format.OffsetMapper:
		_, end, err = s.mapper()
	case format.OffsetEnums:
		_, end, err = s.enums()
	case format.OffsetEpochHistory:
		_, end, err = s.epochHistory()
	case format.OffsetIndices:
		_, end, err = s.indices()
	case format.OffsetEdgeIndices:
		_, end, err = s.edgeIndices(dropEntries{})
	case format.OffsetConstraints:
		_, end, err = s.constraints()
	case format.OffsetTTL:
		_, end, err = s.ttl()
	case format.OffsetDescriptions:
		_, end, err = s.descriptions()
	case format.OffsetEdgeBatches, format.OffsetVertexBatches:
		var ends [2]int64
		_, _, ends, _, err = s.batchTables()
		end = ends[0]
		if slot == format.OffsetVertexBatches {
			end = ends[1]
		}
	}
	return end, err
}
