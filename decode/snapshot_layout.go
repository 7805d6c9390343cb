package decode

import (
	"fmt"

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
