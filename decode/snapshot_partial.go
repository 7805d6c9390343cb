package decode

import (
	"encoding/binary"
	"fmt"
	"io"

	"github.com/durascope/durascope/format"
)

// SnapshotPrefix is what a best-effort read gets from a snapshot that
// OpenSnapshot rejects, typically one cut short (its offsets table, written
// first and back-patched, then points past the end): the header and the
// table entries that were read whole, and readers for what lies in the file.
// It checks nothing OpenSnapshot checks; it is for showing what is left,
// never for loading it.
type SnapshotPrefix struct {
	// Version is 0 when the file ends before it, or it is not 14..37.
	Version format.Version
	// Slots are the offsets-table entries read whole, in table order;
	// Offsets holds their values, those beyond the end of the file included.
	Slots   []format.OffsetSlot
	Offsets format.Offsets
	// TableEnd is where the table ends; 0 when it was not read whole.
	TableEnd int64
	// Stop says why the header or the table could not be read whole; nil
	// when both were.
	Stop error

	s *Snapshot // section readers over the entries read; nil without a version
}

// ReadSnapshotPrefix reads the header and as much of the offsets table as
// the file holds.
func ReadSnapshotPrefix(r io.ReaderAt, size int64, path string) *SnapshotPrefix {
	p := &SnapshotPrefix{}
	var hdr [snapshotHeaderSize]byte
	n, _ := r.ReadAt(hdr[:], 0)
	switch {
	case n < 4 || string(hdr[:4]) != format.SnapshotMagic:
		p.Stop = &format.DecodeError{File: path, Section: "header", Offset: 0, Err: format.ErrBadMagic, Reason: "no snapshot magic"}
		return p
	case n < snapshotHeaderSize:
		p.Stop = &format.DecodeError{File: path, Section: "header", Offset: int64(n), Err: format.ErrTruncated, Reason: "file ends inside the version field"}
		return p
	}
	v := format.Version(binary.LittleEndian.Uint64(hdr[4:]))
	if !v.Supported() {
		p.Stop = &format.DecodeError{File: path, Section: "header", Offset: 4, Err: &format.UnsupportedVersionError{Version: v},
			Reason: fmt.Sprintf("version %d", uint64(v))}
		return p
	}
	p.Version = v
	s := &Snapshot{r: r, size: size, path: path, Version: v, Features: format.FeaturesOf(v)}
	c := newCursor(r, snapshotHeaderSize, size, s.Features)
	c.marker(format.SectionOffsets, "offsets table")
	for _, slot := range format.SnapshotOffsetSlots(s.Features) {
		off := c.uint("offset of ", slot.String())
		if c.err != nil {
			break
		}
		p.Slots = append(p.Slots, slot)
		p.Offsets[slot] = off
	}
	// Sections read through s are checked against where the table ends, as
	// far as it was read.
	s.Offsets, s.tableEnd = p.Offsets, c.pos()
	if c.err != nil {
		p.Stop = s.wrap(c.err, "offsets", "")
	} else {
		p.TableEnd = c.pos()
	}
	p.s = s
	return p
}

// inFile reports whether a section offset points at bytes after the table
// and inside the file.
func (p *SnapshotPrefix) inFile(off uint64) bool {
	return p.TableEnd > 0 && off >= uint64(p.TableEnd) && off < uint64(p.s.size)
}

// Records calls edge for each edge record and then vertex for each vertex
// record that decodes, reading them one after the other as Memgraph writes
// them: edges from offset_edges (from the end of the table when the entry is
// 0, as an unfinished write leaves it), vertices from offset_vertices (from
// where the edges end when it is 0). Reading a kind stops at the first byte
// that does not start a record of it, or at a record that does not decode;
// bad is where the first record that does not decode starts (-1 if none).
func (p *SnapshotPrefix) Records(edge func(format.EdgeRecord) error, vertex func(format.VertexRecord) error) (bad int64, err error) {
	bad = -1
	if p.s == nil || p.TableEnd == 0 {
		return bad, nil
	}
	s := p.s
	c := newCursor(s.r, 0, s.size, s.Features)
	start := func(slot format.OffsetSlot, from int64) bool {
		off := p.Offsets[slot]
		switch {
		case off == 0:
			c.reset(s.r, from, s.size)
		case p.inFile(off):
			c.reset(s.r, int64(off), s.size)
		default:
			return false // in the table, or past the cut
		}
		return true
	}
	next := p.TableEnd
	if start(format.OffsetEdges, next) {
		for b, ok := c.peekByte(); ok && format.Marker(b) == format.SectionEdge; b, ok = c.peekByte() {
			at := c.pos()
			e := s.edge(c, nil)
			if c.err != nil {
				bad = at
				break
			}
			if err := edge(e); err != nil {
				return bad, err
			}
			next = c.pos()
		}
	}
	if !start(format.OffsetVertices, next) {
		return bad, nil
	}
	for b, ok := c.peekByte(); ok && format.Marker(b) == format.SectionVertex; b, ok = c.peekByte() {
		at := c.pos()
		v := s.vertex(c, nil)
		if c.err != nil {
			if bad < 0 || at < bad {
				bad = at
			}
			break
		}
		if err := vertex(v); err != nil {
			return bad, err
		}
	}
	return bad, nil
}

// Section reads the section at slot (metadata, mapper, indices, ...; the
// batch tables as one, at OffsetEdgeBatches) when its entry was read and
// points inside the file. ok is false when there is nothing to read there.
func (p *SnapshotPrefix) Section(slot format.OffsetSlot) (v any, ok bool, err error) {
	if p.s == nil || !p.inFile(p.Offsets[slot]) {
		return nil, false, nil
	}
	s := p.s
	switch slot {
	case format.OffsetMetadata:
		err = s.readMetadata()
		v = s.Metadata
	case format.OffsetMapper:
		v, err = s.Mapper()
	case format.OffsetEnums:
		v, err = s.Enums()
	case format.OffsetEpochHistory:
		v, err = s.EpochHistory()
	case format.OffsetIndices:
		v, err = s.Indices()
	case format.OffsetEdgeIndices:
		v, err = s.EdgeIndices()
	case format.OffsetConstraints:
		v, err = s.Constraints()
	case format.OffsetTTL:
		v, err = s.TTL()
	case format.OffsetDescriptions:
		v, err = s.Descriptions()
	case format.OffsetEdgeBatches:
		if !s.Features.Has(format.FeatSnapshotBatches) || !p.inFile(p.Offsets[format.OffsetVertexBatches]) {
			return nil, false, nil
		}
		var tables [2][]format.Batch
		tables[0], tables[1], _, err = s.BatchTables()
		v = tables
	default:
		return nil, false, nil
	}
	return v, true, err
}
