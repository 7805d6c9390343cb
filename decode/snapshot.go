package decode

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/durascope/durascope/format"
)

// Snapshot reads one snapshot file through an io.ReaderAt. Opening reads only
// the header, the offsets table and the metadata; every other section, and
// every batch of records, is read on demand, so batches can be decoded in
// parallel (each call uses its own cursor).
type Snapshot struct {
	r        io.ReaderAt
	size     int64
	path     string
	Version  format.Version
	Features format.Features
	Offsets  format.Offsets
	Metadata format.SnapshotMetadata
	metaEnd  int64
	tableEnd int64 // where the offsets table ends: no section may start before it

	// ends holds where each section read without error ends, for verify's
	// layout check (atomic: sections may be read in parallel).
	ends [len(format.Offsets{})]atomic.Int64

	tablesOnce sync.Once
	tables     [2][]format.Batch // edge and vertex batch tables, for batchBound

	values valueSkimmer // the scan's fast path over property values
	shape  [256]uint8   // shapeTable
	mapped Mapped       // r, when its bytes are mapped: Scanners read them in place
}

// snapshotHeaderSize is the magic plus the version.
const snapshotHeaderSize = 12

// OpenSnapshot checks magic and version, reads the offsets table and the
// metadata section. path is used only in error messages.
func OpenSnapshot(r io.ReaderAt, size int64, path string) (*Snapshot, error) {
	return openSnapshot(r, size, path, 0)
}

// openSnapshot reads the file with the layout of version as, whatever its
// header says, when as is not 0.
func openSnapshot(r io.ReaderAt, size int64, path string, as format.Version) (*Snapshot, error) {
	s := &Snapshot{r: r, size: size, path: path, mapped: mapped(r, size)}
	var hdr [snapshotHeaderSize]byte
	n, _ := r.ReadAt(hdr[:], 0)
	if n < 4 {
		return nil, s.wrap(&format.DecodeError{Offset: int64(n), Err: format.ErrTruncated, Reason: "file shorter than the 4-byte magic"}, "header", "")
	}
	if string(hdr[:4]) != format.SnapshotMagic {
		return nil, s.wrap(&format.DecodeError{Offset: 0, Err: format.ErrBadMagic,
			Reason: fmt.Sprintf("magic %q is not %q", hdr[:4], format.SnapshotMagic)}, "header", "")
	}
	if n < snapshotHeaderSize {
		return nil, s.wrap(&format.DecodeError{Offset: int64(n), Err: format.ErrTruncated, Reason: "file ends inside the version field"}, "header", "")
	}
	s.Version = format.Version(binary.LittleEndian.Uint64(hdr[4:]))
	if as != 0 {
		s.Version = as
	}
	if !s.Version.Supported() {
		return nil, s.wrap(&format.DecodeError{Offset: 4, Err: &format.UnsupportedVersionError{Version: s.Version},
			Reason: fmt.Sprintf("version %d", uint64(s.Version))}, "header", "")
	}
	s.Features = format.FeaturesOf(s.Version)
	s.values = newValueSkimmer(s.Features, format.MaxValueDepth, true)
	s.shape = shapeTable(s.Features)
	c := newCursor(r, snapshotHeaderSize, size, s.Features)
	c.marker(format.SectionOffsets, "offsets table")
	for _, slot := range format.SnapshotOffsetSlots(s.Features) {
		off := c.pos()
		v := c.uint("offset of ", slot.String())
		if v > uint64(size) {
			// The table is written first and back-patched, so it points past
			// the end when the file was cut after it.
			c.fail(&format.DecodeError{Offset: off, Err: format.ErrTruncated,
				Reason: fmt.Sprintf("offset of %s is %d, beyond the file size %d", slot, v, size)})
		}
		s.Offsets[slot] = v
	}
	if c.err != nil {
		return nil, s.wrap(c.err, "offsets", "")
	}
	s.tableEnd = c.pos()
	if s.Offsets == (format.Offsets{}) {
		return nil, s.wrap(&format.DecodeError{Offset: snapshotHeaderSize + 1, Err: format.ErrTruncated,
			Reason: "the offsets table is all zero: the writer never back-patched it (the snapshot was not finished)"}, "offsets", "")
	}
	if err := s.readMetadata(); err != nil {
		return nil, err
	}
	return s, nil
}

// Path returns the path given to OpenSnapshot.
func (s *Snapshot) Path() string { return s.path }

// Size returns the file size.
func (s *Snapshot) Size() int64 { return s.size }

func (s *Snapshot) wrap(err error, section, record string) error {
	return locate(err, s.path, section, record)
}

// locate fills in where an error happened, keeping what a deeper caller
// already set; a non-decode error becomes ErrCorrupt.
func locate(err error, path, section, record string) error {
	var de *format.DecodeError
	if errors.As(err, &de) {
		if de.File == "" {
			de.File = path
		}
		if de.Section == "" {
			de.Section = section
		}
		if de.Record == "" {
			de.Record = record
		}
		return de
	}
	return &format.DecodeError{File: path, Section: section, Record: record, Err: format.ErrCorrupt, Reason: err.Error()}
}

// section opens a cursor at the section's offset and checks its marker.
func (s *Snapshot) section(slot format.OffsetSlot, m format.Marker) (*cursor, error) {
	off := s.Offsets[slot]
	if off == 0 {
		return nil, s.wrap(&format.DecodeError{Offset: 0, Err: format.ErrCorrupt, Reason: "offset of " + slot.String() + " is 0 (absent)"}, slot.String(), "")
	}
	if err := s.inTable(slot, off); err != nil {
		return nil, err
	}
	c := newCursor(s.r, int64(off), s.size, s.Features)
	c.marker(m, slot.String(), " section")
	if c.err != nil {
		return nil, s.wrap(c.err, slot.String(), "")
	}
	return c, nil
}

func (s *Snapshot) readMetadata() error {
	c, err := s.section(format.OffsetMetadata, format.SectionMetadata)
	if err != nil {
		return err
	}
	m := &s.Metadata
	f := s.Features
	m.UUID = c.str("storage uuid")
	m.Epoch = c.str("epoch id")
	m.StartTimestamp = c.uint("start timestamp")
	m.DurableTimestamp = m.StartTimestamp
	if f.Has(format.FeatDurableTimestamp) {
		m.DurableTimestamp = c.uint("durable timestamp")
	}
	m.EdgeCount = c.uint("edge count")
	m.VertexCount = c.uint("vertex count")
	if f.Has(format.FeatNumCommittedTxns) {
		m.NumCommittedTxns = c.uint("committed transactions")
	}
	if c.err != nil {
		return s.wrap(c.err, "metadata", "")
	}
	s.metaEnd = s.done(format.OffsetMetadata, c.pos())
	return nil
}

// Mapper reads SECTION_MAPPER in file order.
func (s *Snapshot) Mapper() ([]format.MapperEntry, error) {
	out, _, err := s.mapper()
	return out, err
}

func (s *Snapshot) mapper() ([]format.MapperEntry, int64, error) {
	c, err := s.section(format.OffsetMapper, format.SectionMapper)
	if err != nil {
		return nil, 0, err
	}
	n := c.count(18, "mapper entries")
	if c.err != nil {
		return nil, 0, s.wrap(c.err, "mapper", "")
	}
	out := make([]format.MapperEntry, 0, prealloc(n))
	for i := uint64(0); i < n; i++ {
		e := format.MapperEntry{ID: c.uint("mapper id"), Name: c.str("mapper name")}
		if c.err != nil {
			return nil, 0, s.wrap(c.err, "mapper", fmt.Sprintf("entry #%d", i))
		}
		out = append(out, e)
	}
	return out, s.done(format.OffsetMapper, c.pos()), nil
}

// Enums reads SECTION_ENUMS (nil before Features.Enums).
func (s *Snapshot) Enums() ([]format.EnumType, error) {
	out, _, err := s.enums()
	return out, err
}

func (s *Snapshot) enums() ([]format.EnumType, int64, error) {
	if !s.Features.Has(format.FeatEnums) {
		return nil, 0, nil
	}
	c, err := s.section(format.OffsetEnums, format.SectionEnums)
	if err != nil {
		return nil, 0, err
	}
	n := c.count(18, "enum types")
	if c.err != nil {
		return nil, 0, s.wrap(c.err, "enums", "")
	}
	out := make([]format.EnumType, 0, prealloc(n))
	for i := uint64(0); i < n; i++ {
		e := format.EnumType{Name: c.str("enum name"), Values: c.strList("enum value")}
		if c.err != nil {
			return nil, 0, s.wrap(c.err, "enums", fmt.Sprintf("enum #%d", i))
		}
		out = append(out, e)
	}
	return out, s.done(format.OffsetEnums, c.pos()), nil
}

// EpochHistory reads SECTION_EPOCH_HISTORY.
func (s *Snapshot) EpochHistory() ([]format.EpochEntry, error) {
	out, _, err := s.epochHistory()
	return out, err
}

func (s *Snapshot) epochHistory() ([]format.EpochEntry, int64, error) {
	c, err := s.section(format.OffsetEpochHistory, format.SectionEpochHistory)
	if err != nil {
		return nil, 0, err
	}
	n := c.count(18, "epoch history entries")
	if c.err != nil {
		return nil, 0, s.wrap(c.err, "epoch_history", "")
	}
	out := make([]format.EpochEntry, 0, prealloc(n))
	for i := uint64(0); i < n; i++ {
		e := format.EpochEntry{ID: c.str("epoch id"), Timestamp: c.uint("epoch last durable timestamp")}
		if c.err != nil {
			return nil, 0, s.wrap(c.err, "epoch_history", fmt.Sprintf("entry #%d", i))
		}
		out = append(out, e)
	}
	return out, s.done(format.OffsetEpochHistory, c.pos()), nil
}

// BatchTables returns the edge and vertex batch tables. Before
// Features.SnapshotBatches the file has none; the records then follow their
// section offsets and the metadata counts, and BatchTables returns one
// synthetic batch per kind (synthetic = true).
func (s *Snapshot) BatchTables() (edges, vertices []format.Batch, synthetic bool, err error) {
	edges, vertices, _, synthetic, err = s.batchTables()
	return
}

func (s *Snapshot) batchTables() (edges, vertices []format.Batch, ends [2]int64, synthetic bool, err error) {
	if !s.Features.Has(format.FeatSnapshotBatches) {
		// Memgraph reads the records at these offsets, as many as the
		// metadata counts.
		if s.Offsets[format.OffsetEdges] != 0 && s.Metadata.EdgeCount > 0 {
			if err = s.inTable(format.OffsetEdges, s.Offsets[format.OffsetEdges]); err != nil {
				return nil, nil, ends, true, err
			}
			edges = []format.Batch{{Offset: s.Offsets[format.OffsetEdges], Count: s.Metadata.EdgeCount}}
		}
		if s.Metadata.VertexCount > 0 {
			if err = s.inTable(format.OffsetVertices, s.Offsets[format.OffsetVertices]); err != nil {
				return nil, nil, ends, true, err
			}
			vertices = []format.Batch{{Offset: s.Offsets[format.OffsetVertices], Count: s.Metadata.VertexCount}}
		}
		return edges, vertices, ends, true, nil
	}
	read := func(slot format.OffsetSlot) ([]format.Batch, int64, error) {
		off := s.Offsets[slot]
		if off == 0 {
			return nil, 0, s.wrap(&format.DecodeError{Err: format.ErrCorrupt, Reason: "offset of " + slot.String() + " is 0"}, slot.String(), "")
		}
		if err := s.inTable(slot, off); err != nil {
			return nil, 0, err
		}
		c := newCursor(s.r, int64(off), s.size, s.Features)
		n := c.count(18, "batches")
		if c.err != nil {
			return nil, 0, s.wrap(c.err, slot.String(), "")
		}
		out := make([]format.Batch, 0, prealloc(n))
		for i := uint64(0); i < n; i++ {
			at := c.pos()
			b := format.Batch{Offset: c.uint("batch offset"), Count: c.uint("batch record count")}
			switch {
			case b.Offset >= uint64(s.size):
				c.fail(&format.DecodeError{Offset: at, Err: format.ErrTruncated,
					Reason: fmt.Sprintf("batch offset %d is beyond the file size %d", b.Offset, s.size)})
			case len(out) > 0 && b.Offset <= out[len(out)-1].Offset:
				c.corrupt(at, "batch offset %d does not follow the previous batch at %d", b.Offset, out[len(out)-1].Offset)
			}
			if c.err != nil {
				return nil, 0, s.wrap(c.err, slot.String(), fmt.Sprintf("batch #%d", i))
			}
			out = append(out, b)
		}
		return out, s.done(slot, c.pos()), nil
	}
	if edges, ends[0], err = read(format.OffsetEdgeBatches); err != nil {
		return
	}
	vertices, ends[1], err = read(format.OffsetVertexBatches)
	return
}

// ReadVertexBatch decodes the count vertex records of b in order, calling fn
// for each. The record passed to fn is fn's to keep.
func (s *Snapshot) ReadVertexBatch(b format.Batch, fn func(format.VertexRecord) error) (end int64, err error) {
	bound := s.batchBound(format.OffsetVertexBatches, b)
	return s.readVertexBatch(newBoundedCursor(s.r, int64(b.Offset), bound, s.size, s.Features), b, bound, fn)
}

// readVertexBatch reads b, which must end by bound, through c, repositioned;
// a caller reading many batches reuses one cursor and its buffer.
func (s *Snapshot) readVertexBatch(c *cursor, b format.Batch, bound int64, fn func(format.VertexRecord) error) (end int64, err error) {
	var v format.VertexRecord
	var a recordArena
	return s.batch(c, b, bound, vertexKind,
		func() (uint64, uint64) { v = s.vertex(c, &a); return v.Offset, v.Gid },
		func() error { return fn(v) })
}

// batchKind names the records of a batch table in errors.
type batchKind struct{ section, record string }

var (
	vertexKind = batchKind{"vertices", "vertex"}
	edgeKind   = batchKind{"edges", "edge"}
)

// batch reads the count records of b, which must end by bound, through c,
// repositioned: next decodes one (returning its offset and gid), emit hands
// it on. Gids must ascend within the batch. Every batch reader, building
// records or scanning them, goes through here.
func (s *Snapshot) batch(c *cursor, b format.Batch, bound int64, kind batchKind, next func() (off, gid uint64), emit func() error) (end int64, err error) {
	var prevGid uint64
	c.reset(s.r, int64(b.Offset), bound)
	for i := uint64(0); i < b.Count; i++ {
		off, gid := next()
		if err := s.batchRecord(c, b, kind, i, off, gid, &prevGid); err != nil {
			return 0, err
		}
		if err := emit(); err != nil {
			return 0, err
		}
	}
	return c.pos(), nil
}

// batchRecord checks record i of batch b, just read through c at off:
// it decoded, and its gid follows the one before (*prevGid, updated).
// The scanners' own loops (Scanner.Vertices, Scanner.Edges) use it too.
func (s *Snapshot) batchRecord(c *cursor, b format.Batch, kind batchKind, i, off, gid uint64, prevGid *uint64) error {
	if i > 0 && gid <= *prevGid {
		c.fail(ascendingError(off, gid, *prevGid))
	}
	if c.err != nil {
		return s.wrap(c.err, kind.section, fmt.Sprintf("%s #%d of batch at %d", kind.record, i, b.Offset))
	}
	*prevGid = gid
	return nil
}

// batchBound is where the records of batch b of a table (edge or vertex
// batches) must end: where the table's next batch starts, since batches
// tile their records, or the end of the file for the last batch and for a
// batch that is not in the table. The tables are read once.
func (s *Snapshot) batchBound(slot format.OffsetSlot, b format.Batch) int64 {
	s.tablesOnce.Do(func() {
		if edges, vertices, _, err := s.BatchTables(); err == nil {
			s.tables = [2][]format.Batch{edges, vertices}
		}
	})
	table := s.tables[1]
	if slot == format.OffsetEdgeBatches {
		table = s.tables[0]
	}
	i := sort.Search(len(table), func(i int) bool { return table[i].Offset >= b.Offset })
	if i+1 < len(table) && table[i].Offset == b.Offset {
		return int64(table[i+1].Offset)
	}
	return s.size
}

// ascendingError reports records out of gid order: Memgraph's loader checks
// the order inside each batch and its connectivity pass depends on it.
func ascendingError(off, gid, prev uint64) error {
	return &format.DecodeError{Offset: int64(off), Err: format.ErrCorrupt,
		Reason: fmt.Sprintf("gid %d does not follow gid %d: records must be in strictly ascending gid order", gid, prev)}
}

// ReadEdgeBatch decodes the count edge records of b in order.
func (s *Snapshot) ReadEdgeBatch(b format.Batch, fn func(format.EdgeRecord) error) (end int64, err error) {
	bound := s.batchBound(format.OffsetEdgeBatches, b)
	return s.readEdgeBatch(newBoundedCursor(s.r, int64(b.Offset), bound, s.size, s.Features), b, bound, fn)
}

func (s *Snapshot) readEdgeBatch(c *cursor, b format.Batch, bound int64, fn func(format.EdgeRecord) error) (end int64, err error) {
	var e format.EdgeRecord
	var a recordArena
	return s.batch(c, b, bound, edgeKind,
		func() (uint64, uint64) { e = s.edge(c, &a); return e.Offset, e.Gid },
		func() error { return fn(e) })
}

// The record layouts. Each is decoded by one function, into a view whose
// slices are appended to (a scan reuses them from record to record): with
// props set, the property values are built into *props (the records of
// the model); without, they are checked but skimmed, and the view says
// where each lies.

// edge and vertex build a record of the model, its slices carved from a
// when not nil.
func (s *Snapshot) edge(c *cursor, a *recordArena) format.EdgeRecord {
	e := EdgeView{arena: a}
	var props []format.Property
	s.edgeInto(c, &e, &props)
	return format.EdgeRecord{Offset: e.Offset, Gid: e.Gid, Properties: props}
}

func (s *Snapshot) vertex(c *cursor, a *recordArena) format.VertexRecord {
	v := VertexView{arena: a}
	var props []format.Property
	s.vertexInto(c, &v, &props)
	return format.VertexRecord{Offset: v.Offset, Gid: v.Gid, Labels: v.Labels, Properties: props, InEdges: v.InEdges, OutEdges: v.OutEdges}
}

// recordArena hands out the slices of the records a batch reader builds
// for its caller to keep (labels, properties, edge lists), carved from
// shared chunks, so that a record costs no allocation of its own for
// them. Each slice is capped at its length, so appending to it copies;
// a record kept alone keeps its chunks (at most arenaChunk elements
// each) alive.
// Lists longer than arenaLongest get their own allocation.
type recordArena struct {
	ids   []uint64
	props []format.Property
	refs  []format.EdgeRef
}

const (
	arenaChunk   = 1024
	arenaLongest = arenaChunk / 8
)

// carve returns an empty slice with room for n elements (n <=
// arenaLongest) from chunk, starting a new chunk when it is full.
func carve[T any](chunk *[]T, n int) []T {
	ch := *chunk
	if ch == nil || cap(ch)-len(ch) < n { // never nil: an empty list is not an absent one
		// Chunks grow from small ones, so that a batch of a few records
		// (or one) allocates little.
		ch = make([]T, 0, min(max(2*cap(ch), 16, n), arenaChunk))
	}
	l := len(ch)
	*chunk = ch[:l+n]
	return ch[l : l : l+n]
}

// room is an empty slice for n elements: carved from chunk when a is
// set and n is small, allocated (n capped by prealloc) otherwise.
func room[T any](a *recordArena, chunk *[]T, n uint64) []T {
	if a != nil && n <= arenaLongest {
		return carve(chunk, int(n))
	}
	return make([]T, 0, prealloc(n))
}

func (s *Snapshot) edgeInto(c *cursor, e *EdgeView, props *[]format.Property) {
	if props == nil && s.edgeFast(c, e) {
		return
	}
	s.edgeFields(c, e, props)
}

// edgeFields reads an edge record field by field.
func (s *Snapshot) edgeFields(c *cursor, e *EdgeView, props *[]format.Property) {
	e.Offset = uint64(c.pos())
	c.marker(format.SectionEdge, "edge record")
	e.Gid = c.uint("edge gid")
	e.Properties = s.properties(c, e.Properties[:0], props, e.arena)
	e.PropertySummary = summarize(e.Properties)
}

func (s *Snapshot) vertexInto(c *cursor, v *VertexView, props *[]format.Property) {
	if props == nil && s.vertexFast(c, v) {
		return
	}
	s.vertexFields(c, v, props)
}

// vertexFields reads a vertex record field by field.
func (s *Snapshot) vertexFields(c *cursor, v *VertexView, props *[]format.Property) {
	v.Offset = uint64(c.pos())
	c.marker(format.SectionVertex, "vertex record")
	v.Gid = c.uint("vertex gid")
	if a := v.arena; a != nil && v.Labels == nil {
		n := c.count(9, "label id", " count")
		v.Labels = c.uintItems(room(a, &a.ids, n), n, "label id")
	} else {
		v.Labels = c.uintsInto(v.Labels[:0], "label id")
	}
	v.Properties = s.properties(c, v.Properties[:0], props, v.arena)
	v.PropertySummary = summarize(v.Properties)
	v.InEdges = s.edgeRefs(c, v.InEdges[:0], "in-edge", v.arena)
	v.OutEdges = s.edgeRefs(c, v.OutEdges[:0], "out-edge", v.arena)
}

// properties reads a record's properties: built into *props (nil when there
// are none), or, with props nil, skimmed and placed in refs.
func (s *Snapshot) properties(c *cursor, refs []PropertyRef, props *[]format.Property, a *recordArena) []PropertyRef {
	n := c.count(11, "property count")
	if props != nil {
		if n == 0 {
			return refs
		}
		var out []format.Property
		if a != nil {
			out = room(a, &a.props, n)
		} else {
			out = make([]format.Property, 0, prealloc(n))
		}
		for i := uint64(0); i < n && c.err == nil; i++ {
			out = append(out, format.Property{ID: c.uint("property id"), Value: c.value("property value")})
		}
		*props = out
		return refs
	}
	for i := uint64(0); i < n && c.err == nil; i++ {
		if j := c.i; j+11 <= c.lim && c.buf[j] == byte(format.MarkerInt) && c.buf[j+9] == byte(format.MarkerPropertyValue) {
			t := format.Marker(c.buf[j+10])
			if end, temporal := s.values.scalar(c.buf[:c.lim], j+11, t); end >= 0 {
				refs = append(refs, PropertyRef{ID: binary.LittleEndian.Uint64(c.buf[j+1 : j+9]), Type: t, Refs: t == format.MarkerEnum,
					temporal: temporal, off: c.base + int64(j+9), end: c.base + int64(end)})
				c.i = end
				continue
			}
		}
		var p PropertyRef
		if j := c.i; j+9 <= c.lim && c.buf[j] == byte(format.MarkerInt) {
			p.ID, c.i = binary.LittleEndian.Uint64(c.buf[j+1:j+9]), j+9
		} else {
			p.ID = c.uint("property id")
		}
		p.off = c.pos()
		c.sawRefs = false
		c.value("property value")
		p.Type, p.Refs, p.end = c.topType, c.sawRefs, c.pos()
		if p.Type == format.MarkerTemporal {
			p.temporal = uint8(c.topTemporal)
		}
		refs = append(refs, p)
	}
	return refs
}

// edgeRefs appends a record's in- or out-edge list to dst; with none, dst
// is returned as it is (nil for a record of the model).
func (s *Snapshot) edgeRefs(c *cursor, dst []format.EdgeRef, what string, a *recordArena) []format.EdgeRef {
	n := c.count(27, what, " count")
	if n == 0 {
		return dst
	}
	if dst == nil {
		if a != nil {
			dst = room(a, &a.refs, n)
		} else {
			dst = make([]format.EdgeRef, 0, prealloc(n))
		}
	}
	for i := uint64(0); i < n && c.err == nil; i++ {
		if j := c.i; j+27 <= c.lim { // the three UINTs in one step when they lie in the window
			if b := c.buf[j : j+27]; b[0] == byte(format.MarkerInt) && b[9] == byte(format.MarkerInt) && b[18] == byte(format.MarkerInt) {
				dst = append(dst, format.EdgeRef{Edge: binary.LittleEndian.Uint64(b[1:9]),
					Other: binary.LittleEndian.Uint64(b[10:18]), Type: binary.LittleEndian.Uint64(b[19:27])})
				c.i = j + 27
				continue
			}
		}
		dst = append(dst, format.EdgeRef{Edge: c.uint(what, " edge gid"), Other: c.uint(what, " vertex gid"), Type: c.uint(what, " edge type")})
	}
	return dst
}

// span is a decoded byte range [start, end) of a section or a batch of
// records; gapsOf finds what no span covers.
type span struct {
	start, end int64
	name       string
}

// overlap reports the first span that starts inside another one.
func overlap(spans []span) error {
	sort.SliceStable(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	var prev span
	for i, sp := range spans {
		if i > 0 && sp.start < prev.end {
			return &format.DecodeError{Offset: sp.start, Section: sp.name, Err: format.ErrCorrupt,
				Reason: fmt.Sprintf("%s at %d starts inside %s (%d..%d): sections must not overlap", sp.name, sp.start, prev.name, prev.start, prev.end)}
		}
		if sp.end > prev.end || i == 0 {
			prev = sp
		}
	}
	return nil
}

func gapsOf(spans []span, size int64, r io.ReaderAt) ([]format.Gap, error) {
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	var gaps []format.Gap
	pos := int64(0)
	for _, sp := range spans {
		if sp.start > pos {
			b := make([]byte, sp.start-pos)
			if _, err := r.ReadAt(b, pos); err != nil {
				return nil, err
			}
			gaps = append(gaps, format.Gap{Offset: uint64(pos), Bytes: b})
		}
		pos = max(pos, sp.end)
	}
	if pos < size {
		b := make([]byte, size-pos)
		if _, err := r.ReadAt(b, pos); err != nil {
			return nil, err
		}
		gaps = append(gaps, format.Gap{Offset: uint64(pos), Bytes: b})
	}
	return gaps, nil
}
