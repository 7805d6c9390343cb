package decode

import (
	"encoding/binary"
	"io"

	"github.com/durascope/durascope/format"
)

// SnapshotHeaderPrefix is what the first bytes of a snapshot hold, read
// without judging it: for describing a file that OpenSnapshot rejects
// (cut short, an offset past the end), as far as it reads.
type SnapshotHeaderPrefix struct {
	Magic   bool           // the file starts with MGsn
	Version format.Version // 0 when the file ends inside the version field
	// Offsets are the offsets-table entries read whole, in table order; the
	// table is read only for a supported version (its layout depends on it).
	Offsets []HeaderOffset
	// Slots is how many entries the version's table has (0 when unknown).
	Slots int
}

// HeaderOffset is one entry of the offsets table.
type HeaderOffset struct {
	Slot    format.OffsetSlot
	At      int64 // where the entry is in the file
	Offset  uint64
	PastEnd bool // the offset is beyond the end of the file
}

// ReadSnapshotHeaderPrefix reads the magic, the version and the offsets
// table entries that are there whole. It reads a few hundred bytes at most
// and stops at the first entry that is cut off or not an integer.
func ReadSnapshotHeaderPrefix(r io.ReaderAt, size int64) SnapshotHeaderPrefix {
	var h SnapshotHeaderPrefix
	var hdr [snapshotHeaderSize]byte
	n, _ := io.ReadFull(io.NewSectionReader(r, 0, size), hdr[:])
	if n < 4 || string(hdr[:4]) != format.SnapshotMagic {
		return h
	}
	h.Magic = true
	if n < snapshotHeaderSize {
		return h
	}
	h.Version = format.Version(binary.LittleEndian.Uint64(hdr[4:]))
	if !h.Version.Supported() {
		return h
	}
	f := format.FeaturesOf(h.Version)
	slots := format.SnapshotOffsetSlots(f)
	h.Slots = len(slots)
	c := newCursor(r, snapshotHeaderSize, size, f)
	c.marker(format.SectionOffsets, "offsets table")
	for _, slot := range slots {
		at := c.pos()
		v := c.uint("offset of ", slot.String())
		if c.err != nil {
			break
		}
		h.Offsets = append(h.Offsets, HeaderOffset{Slot: slot, At: at, Offset: v, PastEnd: v > uint64(size)})
	}
	return h
}
