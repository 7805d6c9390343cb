package decode

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"strings"

	"github.com/durascope/durascope/format"
)

// readBufferSize is the bufio size; raw reads up to this size alias the buffer.
const readBufferSize = 64 << 10

// cursor reads the primitives of spec/primitives.md from a byte stream,
// tracking the absolute offset and, when enabled, a running CRC of every
// byte consumed. Lengths and counts are checked against the bytes left in
// the file before anything is allocated.
//
// Errors are sticky, as in Prometheus' tsdb/encoding.Decbuf: err keeps the
// first error, and every read after it does nothing and returns zero values
// (a count of 0 ends the caller's loop). A caller reads a record's fields
// straight through and checks err where the record ends. A check that fails
// on a value read after an error changes nothing: the first error wins.
//
// Reads name their field for error messages in parts (what ...string) that
// are joined only when an error is built: joining them up front would
// allocate on every read.
type cursor struct {
	br    *bufio.Reader
	pos   int64 // absolute offset of the next byte
	end   int64 // where the bytes this cursor may read end: the file size, or a bound inside the file
	size  int64 // file size
	crc   uint32
	crcOn bool
	depth int
	f     format.Features // which property value types exist
	err   error           // the first error; reads after it are no-ops
}

func newCursor(r io.ReaderAt, off, size int64, f format.Features) *cursor {
	return newBoundedCursor(r, off, size, size, f)
}

// newBoundedCursor reads the bytes [off, end) of a file of size bytes. A
// batch of records is read so, bounded by the start of the next batch, so
// that reading it on its own costs what it holds.
func newBoundedCursor(r io.ReaderAt, off, end, size int64, f format.Features) *cursor {
	end = min(end, size)
	c := &cursor{end: end, size: size, pos: off, f: f}
	// No bigger than what is left: a small section or batch must not cost a full buffer.
	c.br = bufio.NewReaderSize(io.NewSectionReader(r, off, max(end-off, 0)), int(min(readBufferSize, max(end-off, 16))))
	return c
}

// reset repositions the cursor to read [off, end) without reallocating its
// buffer, forgetting any error.
func (c *cursor) reset(r io.ReaderAt, off, end int64) {
	c.pos, c.end = off, min(end, c.size)
	c.br.Reset(io.NewSectionReader(r, off, max(c.end-off, 0)))
	c.depth = 0
	c.err = nil
}

func (c *cursor) remaining() int64 { return c.end - c.pos }

// fail records err unless an earlier error is already recorded.
func (c *cursor) fail(err error) {
	if c.err == nil {
		c.err = err
	}
}

// name joins the parts of a field's name.
func name(what []string) string { return strings.Join(what, "") }

// short records a field at off that needs more bytes than remain: the file
// is truncated, or, when the cursor is bounded inside the file, the field
// runs into the next batch, which is corruption.
func (c *cursor) short(off int64, reason string) {
	if c.err != nil {
		return
	}
	if c.end < c.size {
		c.err = &format.DecodeError{Offset: off, Err: format.ErrCorrupt,
			Reason: fmt.Sprintf("%s: the batch runs into the next batch, which starts at %d", reason, c.end)}
		return
	}
	c.err = &format.DecodeError{Offset: off, Err: format.ErrTruncated, Reason: reason}
}

func (c *cursor) truncated(need int64, what ...string) {
	if c.err == nil {
		c.short(c.pos, fmt.Sprintf("%s needs %d bytes, %d remain", name(what), need, max(c.remaining(), 0)))
	}
}

func corruptError(off int64, msg string, args ...any) error {
	return &format.DecodeError{Offset: off, Err: format.ErrCorrupt, Reason: fmt.Sprintf(msg, args...)}
}

// corrupt records an ErrCorrupt at off.
func (c *cursor) corrupt(off int64, msg string, args ...any) {
	if c.err == nil {
		c.err = corruptError(off, msg, args...)
	}
}

// take returns the next n bytes (n <= readBufferSize); the slice is valid
// until the next read. It is nil once the cursor has failed.
func (c *cursor) take(n int, what ...string) []byte { return c.takeField(n, what, "") }

// takeField is take for the field named what+suffix (a string's length).
func (c *cursor) takeField(n int, what []string, suffix string) []byte {
	if c.err != nil {
		return nil
	}
	if int64(n) > c.remaining() {
		c.truncated(int64(n), name(what), suffix)
		return nil
	}
	b, err := c.br.Peek(n)
	if err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			c.truncated(int64(n), name(what), suffix)
		} else {
			c.short(c.pos, "read: "+err.Error())
		}
		return nil
	}
	if c.crcOn {
		c.crc = crc32.Update(c.crc, crc32.IEEETable, b)
	}
	c.br.Discard(n)
	c.pos += int64(n)
	return b
}

func (c *cursor) peekByte() (byte, bool) {
	if c.err != nil || c.remaining() < 1 {
		return 0, false
	}
	b, err := c.br.Peek(1)
	if err != nil {
		return 0, false
	}
	return b[0], true
}

func (c *cursor) u8(what ...string) byte {
	b := c.take(1, what...)
	if b == nil {
		return 0
	}
	return b[0]
}

func (c *cursor) u64(what ...string) uint64 {
	b := c.take(8, what...)
	if b == nil {
		return 0
	}
	return binary.LittleEndian.Uint64(b)
}

// marker reads one byte that must equal want.
func (c *cursor) marker(want format.Marker, what ...string) {
	off := c.pos
	b := c.take(1, what...)
	if b != nil && format.Marker(b[0]) != want {
		c.corrupt(off, "%s: expected marker %s, found 0x%02x", name(what), want, b[0])
	}
}

// uint reads a marked integer (0x12 + u64).
func (c *cursor) uint(what ...string) uint64 {
	off := c.pos
	b := c.take(9, what...)
	if b == nil {
		return 0
	}
	if format.Marker(b[0]) != format.MarkerInt {
		c.corrupt(off, "%s: expected INT marker 0x12, found 0x%02x", name(what), b[0])
		return 0
	}
	return binary.LittleEndian.Uint64(b[1:])
}

// enum reads a marked integer that must be one of 0..last (a small
// enumeration of spec/primitives.md §5).
func (c *cursor) enum(last uint64, what ...string) uint64 {
	off := c.pos
	v := c.uint(what...)
	if v > last {
		c.corrupt(off, "%s %d is not one of 0..%d", name(what), v, last)
	}
	return v
}

// count reads a marked count and checks that count*minSize bytes can
// remain; it is 0 once the cursor has failed.
func (c *cursor) count(minSize int64, what ...string) uint64 {
	off := c.pos
	n := c.uint(what...)
	if !c.fits(off, n, minSize, what) {
		return 0
	}
	return n
}

// rawCount is count for an unmarked u64.
func (c *cursor) rawCount(minSize int64, what ...string) uint64 {
	off := c.pos
	n := c.u64(what...)
	if !c.fits(off, n, minSize, what) {
		return 0
	}
	return n
}

// fits reports whether n items of at least minSize bytes each can remain,
// recording the error when they cannot.
func (c *cursor) fits(off int64, n uint64, minSize int64, what []string) bool {
	if minSize < 1 {
		minSize = 1
	}
	if n > uint64(c.remaining()/minSize) {
		c.short(off, fmt.Sprintf("%s: count %d needs at least %d bytes each, only %d bytes remain", name(what), n, minSize, max(c.remaining(), 0)))
		return false
	}
	return true
}

// prealloc caps a capacity hint so a plausible-but-large count cannot
// allocate much up front. The cap is small because nested reads (lists in
// maps in lists, 64 deep) each preallocate before the innermost one fails;
// appends grow the rest.
func prealloc(n uint64) int { return int(min(n, preallocCap)) }

const preallocCap = 64

func (c *cursor) double(what ...string) float64 {
	off := c.pos
	b := c.take(9, what...)
	if b == nil {
		return 0
	}
	if format.Marker(b[0]) != format.MarkerDouble {
		c.corrupt(off, "%s: expected DOUBLE marker 0x13, found 0x%02x", name(what), b[0])
		return 0
	}
	return math.Float64frombits(binary.LittleEndian.Uint64(b[1:]))
}

func (c *cursor) boolean(what ...string) bool {
	off := c.pos
	b := c.take(2, what...)
	if b == nil {
		return false
	}
	if format.Marker(b[0]) != format.MarkerBool {
		c.corrupt(off, "%s: expected BOOL marker 0x11, found 0x%02x", name(what), b[0])
		return false
	}
	return c.boolPayload(off+1, b[1], what)
}

// boolPayload decodes the payload byte b, read at off, of a bool.
func (c *cursor) boolPayload(off int64, b byte, what []string) bool {
	switch format.Marker(b) {
	case format.MarkerTrue:
		return true
	case format.MarkerFalse:
		return false
	}
	c.corrupt(off, "%s: bool payload must be 0x00 or 0xff, found 0x%02x", name(what), b)
	return false
}

// str reads a marked string (0x14 + u64 length + bytes).
func (c *cursor) str(what ...string) string {
	c.marker(format.MarkerString, what...)
	return c.strPayload(what...)
}

func (c *cursor) strPayload(what ...string) string {
	off := c.pos
	b := c.takeField(8, what, " length")
	if b == nil {
		return ""
	}
	n := binary.LittleEndian.Uint64(b)
	if n > uint64(c.remaining()) {
		c.short(off, fmt.Sprintf("%s: length %d exceeds the %d bytes remaining", name(what), n, max(c.remaining(), 0)))
		return ""
	}
	if n <= readBufferSize {
		return string(c.take(int(n), what...))
	}
	buf := make([]byte, 0, n) // bounded by the bytes remaining in the file
	for left := int(n); left > 0; {
		k := min(left, readBufferSize)
		b := c.take(k, what...)
		if b == nil {
			return ""
		}
		buf = append(buf, b...)
		left -= k
	}
	return string(buf)
}

// strList reads UINT k, k × STR.
func (c *cursor) strList(what string) []string {
	n := c.count(9, what, " count")
	out := make([]string, 0, prealloc(n))
	for i := uint64(0); i < n && c.err == nil; i++ {
		out = append(out, c.str(what))
	}
	return out
}

// uintList reads UINT k, k × UINT.
func (c *cursor) uintList(what string) []uint64 {
	n := c.count(9, what, " count")
	out := make([]uint64, 0, prealloc(n))
	for i := uint64(0); i < n && c.err == nil; i++ {
		out = append(out, c.uint(what))
	}
	return out
}

// value reads a property value (0x17 + typed payload).
func (c *cursor) value(what string) format.Value {
	c.marker(format.MarkerPropertyValue, what)
	off := c.pos
	t := format.Marker(c.u8(what, " type"))
	if c.err != nil {
		return nil
	}
	if feature, ok := c.f.ValueType(t); !ok {
		c.corrupt(off, "%s: %s value needs %s, which format %d lacks", what, t, feature, uint64(c.f.Version))
		return nil
	}
	switch t {
	case format.MarkerNull:
		return format.Null{}
	case format.MarkerBool:
		off := c.pos
		b := c.u8(what)
		return format.Bool(c.boolPayload(off, b, []string{what}))
	case format.MarkerInt:
		return format.Int(int64(c.u64(what)))
	case format.MarkerDouble:
		return format.Double(math.Float64frombits(c.u64(what)))
	case format.MarkerString:
		return format.String(c.strPayload(what))
	case format.MarkerList:
		return c.list(what)
	case format.MarkerMap:
		return c.mapValue(what)
	case format.MarkerTemporal:
		typ := c.uint(what, " temporal type")
		if typ > uint64(format.TemporalDuration) {
			c.corrupt(c.pos-9, "%s: unknown temporal type %d", what, typ)
			return nil
		}
		return format.Temporal{Type: format.TemporalType(typ), Micros: int64(c.uint(what, " microseconds"))}
	case format.MarkerZonedTemporal:
		return c.zoned(what)
	case format.MarkerEnum:
		return format.Enum{TypeID: c.u64(what, " enum type"), ValueID: c.u64(what, " enum value")}
	case format.MarkerPoint2D:
		return format.Point2D{SRID: c.srid(what, format.MarkerPoint2D), X: c.double(what, " x"), Y: c.double(what, " y")}
	case format.MarkerPoint3D:
		return format.Point3D{SRID: c.srid(what, format.MarkerPoint3D),
			X: c.double(what, " x"), Y: c.double(what, " y"), Z: c.double(what, " z")}
	case format.MarkerVectorIndexID:
		return c.vectorIndexID(what)
	}
	c.corrupt(off, "%s: unknown property value type 0x%02x", what, byte(t))
	return nil
}

// srid reads a point's SRID, which must be one of the coordinate systems of
// the point's dimension.
func (c *cursor) srid(what string, m format.Marker) uint64 {
	off := c.pos
	v := c.uint(what, " srid")
	if !format.ValidSRID(m, v) {
		c.corrupt(off, "%s: SRID %d is not a coordinate system of a %s", what, v, m)
	}
	return v
}

// enter counts one more level of nesting; beyond MaxValueDepth it records
// an error and reports false.
func (c *cursor) enter(what string) bool {
	c.depth++
	if c.depth > format.MaxValueDepth {
		c.corrupt(c.pos, "%s: values nested deeper than %d", what, format.MaxValueDepth)
		return false
	}
	return true
}

func (c *cursor) list(what string) format.Value {
	if !c.enter(what) {
		return nil
	}
	n := c.rawCount(2, what, " list size")
	out := make(format.List, 0, prealloc(n))
	for i := uint64(0); i < n && c.err == nil; i++ {
		out = append(out, c.value(what))
	}
	c.depth--
	return out
}

func (c *cursor) mapValue(what string) format.Value {
	if !c.enter(what) {
		return nil
	}
	n := c.rawCount(11, what, " map size")
	out := make(format.Map, 0, prealloc(n))
	for i := uint64(0); i < n && c.err == nil; i++ {
		out = append(out, format.MapEntry{Key: c.str(what, " map key"), Value: c.value(what)})
	}
	c.depth--
	return out
}

func (c *cursor) zoned(what string) format.Value {
	typ := c.uint(what, " zoned type")
	if typ != 0 {
		c.corrupt(c.pos-9, "%s: unknown zoned temporal type %d", what, typ)
		return nil
	}
	z := format.ZonedTemporal{Type: typ, Micros: int64(c.uint(what, " microseconds"))}
	off := c.pos
	m, ok := c.peekByte()
	switch {
	case !ok:
		c.truncated(1, what, " zone")
	case format.Marker(m) == format.MarkerString:
		z.ZoneIsName = true
		z.ZoneName = c.str(what, " zone name")
	case format.Marker(m) == format.MarkerInt:
		z.OffsetMinutes = int64(c.uint(what, " zone offset"))
	default:
		c.corrupt(off, "%s: zone must be a STRING or INT, found 0x%02x", what, m)
	}
	return z
}

func (c *cursor) vectorIndexID(what string) format.Value {
	n := c.rawCount(9, what, " vector index count")
	v := format.VectorIndexID{Indexes: make([]string, 0, prealloc(n))}
	for i := uint64(0); i < n && c.err == nil; i++ {
		v.Indexes = append(v.Indexes, c.str(what, " vector index name"))
	}
	m := c.rawCount(9, what, " vector size")
	v.Vector = make([]float64, 0, prealloc(m))
	for i := uint64(0); i < m && c.err == nil; i++ {
		v.Vector = append(v.Vector, c.double(what, " vector component"))
	}
	return v
}
