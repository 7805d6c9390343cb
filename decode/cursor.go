package decode

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"math"

	"github.com/durascope/durascope/format"
)

// readBufferSize is the bufio size; raw reads up to this size alias the buffer.
const readBufferSize = 64 << 10

// cursor reads the primitives of spec/primitives.md from a byte stream,
// tracking the absolute offset and, when enabled, a running CRC of every
// byte consumed. Lengths and counts are checked against the bytes left in
// the file before anything is allocated.
type cursor struct {
	br    *bufio.Reader
	pos   int64 // absolute offset of the next byte
	end   int64 // where the bytes this cursor may read end: the file size, or a bound inside the file
	size  int64 // file size
	crc   uint32
	crcOn bool
	depth int
	f     format.Features // which property value types exist
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

// reset repositions the cursor to read [off, end) without reallocating its buffer.
func (c *cursor) reset(r io.ReaderAt, off, end int64) {
	c.pos, c.end = off, min(end, c.size)
	c.br.Reset(io.NewSectionReader(r, off, max(c.end-off, 0)))
	c.depth = 0
}

func (c *cursor) remaining() int64 { return c.end - c.pos }

// short reports a field at off that needs more bytes than remain: the file
// is truncated, or, when the cursor is bounded inside the file, the field
// runs into the next batch, which is corruption.
func (c *cursor) short(off int64, reason string) error {
	if c.end < c.size {
		return &format.DecodeError{Offset: off, Err: format.ErrCorrupt,
			Reason: fmt.Sprintf("%s: the batch runs into the next batch, which starts at %d", reason, c.end)}
	}
	return &format.DecodeError{Offset: off, Err: format.ErrTruncated, Reason: reason}
}

func (c *cursor) truncated(what string, need int64) error {
	return c.short(c.pos, fmt.Sprintf("%s needs %d bytes, %d remain", what, need, max(c.remaining(), 0)))
}

func (c *cursor) corrupt(off int64, msg string, args ...any) error {
	return &format.DecodeError{Offset: off, Err: format.ErrCorrupt, Reason: fmt.Sprintf(msg, args...)}
}

// take returns the next n bytes (n <= readBufferSize); the slice is valid
// until the next read.
func (c *cursor) take(n int, what string) ([]byte, error) {
	if int64(n) > c.remaining() {
		return nil, c.truncated(what, int64(n))
	}
	b, err := c.br.Peek(n)
	if err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return nil, c.truncated(what, int64(n))
		}
		return nil, c.short(c.pos, "read: "+err.Error())
	}
	if c.crcOn {
		c.crc = crc32.Update(c.crc, crc32.IEEETable, b)
	}
	c.br.Discard(n)
	c.pos += int64(n)
	return b, nil
}

func (c *cursor) peekByte() (byte, bool) {
	if c.remaining() < 1 {
		return 0, false
	}
	b, err := c.br.Peek(1)
	if err != nil {
		return 0, false
	}
	return b[0], true
}

func (c *cursor) byte_(what string) (byte, error) {
	b, err := c.take(1, what)
	if err != nil {
		return 0, err
	}
	return b[0], nil
}

func (c *cursor) u64(what string) (uint64, error) {
	b, err := c.take(8, what)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint64(b), nil
}

// marker reads one byte that must equal want.
func (c *cursor) marker(want format.Marker, what string) error {
	off := c.pos
	b, err := c.byte_(what)
	if err != nil {
		return err
	}
	if format.Marker(b) != want {
		return c.corrupt(off, "%s: expected marker %s, found 0x%02x", what, want, b)
	}
	return nil
}

// uint reads a marked integer (0x12 + u64).
func (c *cursor) uint(what string) (uint64, error) {
	off := c.pos
	b, err := c.take(9, what)
	if err != nil {
		return 0, err
	}
	if format.Marker(b[0]) != format.MarkerInt {
		return 0, c.corrupt(off, "%s: expected INT marker 0x12, found 0x%02x", what, b[0])
	}
	return binary.LittleEndian.Uint64(b[1:]), nil
}

// enum reads a marked integer that must be one of 0..last (a small
// enumeration of spec/primitives.md §5).
func (c *cursor) enum(what string, last uint64) (uint64, error) {
	off := c.pos
	v, err := c.uint(what)
	if err == nil && v > last {
		err = c.corrupt(off, "%s %d is not one of 0..%d", what, v, last)
	}
	return v, err
}

// count reads a marked count and checks that count*minSize bytes can remain.
func (c *cursor) count(what string, minSize int64) (uint64, error) {
	off := c.pos
	n, err := c.uint(what)
	if err != nil {
		return 0, err
	}
	if err := c.checkCount(off, n, minSize, what); err != nil {
		return 0, err
	}
	return n, nil
}

func (c *cursor) checkCount(off int64, n uint64, minSize int64, what string) error {
	if minSize < 1 {
		minSize = 1
	}
	if n > uint64(c.remaining()/minSize) {
		return c.short(off, fmt.Sprintf("%s: count %d needs at least %d bytes each, only %d bytes remain", what, n, minSize, max(c.remaining(), 0)))
	}
	return nil
}

// prealloc caps a capacity hint so a plausible-but-large count cannot
// allocate much up front. The cap is small because nested reads (lists in
// maps in lists, 64 deep) each preallocate before the innermost one fails;
// appends grow the rest.
func prealloc(n uint64) int { return int(min(n, preallocCap)) }

const preallocCap = 64

func (c *cursor) double(what string) (float64, error) {
	off := c.pos
	b, err := c.take(9, what)
	if err != nil {
		return 0, err
	}
	if format.Marker(b[0]) != format.MarkerDouble {
		return 0, c.corrupt(off, "%s: expected DOUBLE marker 0x13, found 0x%02x", what, b[0])
	}
	return math.Float64frombits(binary.LittleEndian.Uint64(b[1:])), nil
}

func (c *cursor) boolean(what string) (bool, error) {
	off := c.pos
	b, err := c.take(2, what)
	if err != nil {
		return false, err
	}
	if format.Marker(b[0]) != format.MarkerBool {
		return false, c.corrupt(off, "%s: expected BOOL marker 0x11, found 0x%02x", what, b[0])
	}
	return c.boolPayload(off+1, b[1], what)
}

func (c *cursor) boolPayload(off int64, b byte, what string) (bool, error) {
	switch format.Marker(b) {
	case format.MarkerTrue:
		return true, nil
	case format.MarkerFalse:
		return false, nil
	}
	return false, c.corrupt(off, "%s: bool payload must be 0x00 or 0xff, found 0x%02x", what, b)
}

// str reads a marked string (0x14 + u64 length + bytes).
func (c *cursor) str(what string) (string, error) {
	if err := c.marker(format.MarkerString, what); err != nil {
		return "", err
	}
	return c.strPayload(what)
}

func (c *cursor) strPayload(what string) (string, error) {
	off := c.pos
	n, err := c.u64(what + " length")
	if err != nil {
		return "", err
	}
	if n > uint64(c.remaining()) {
		return "", c.short(off, fmt.Sprintf("%s: length %d exceeds the %d bytes remaining", what, n, max(c.remaining(), 0)))
	}
	if n <= readBufferSize {
		b, err := c.take(int(n), what)
		if err != nil {
			return "", err
		}
		return string(b), nil
	}
	buf := make([]byte, 0, n) // bounded by the bytes remaining in the file
	for left := int(n); left > 0; {
		k := min(left, readBufferSize)
		b, err := c.take(k, what)
		if err != nil {
			return "", err
		}
		buf = append(buf, b...)
		left -= k
	}
	return string(buf), nil
}

// list reads UINT k, then k items with read; minSize bounds k by the bytes left.
func list[T any](c *cursor, what string, minSize int64, read func(string) (T, error)) ([]T, error) {
	n, err := c.count(what+" count", minSize)
	if err != nil {
		return nil, err
	}
	out := make([]T, 0, prealloc(n))
	for i := uint64(0); i < n; i++ {
		v, err := read(what)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// strList reads UINT k, k × STR.
func (c *cursor) strList(what string) ([]string, error) { return list(c, what, 9, c.str) }

// uintList reads UINT k, k × UINT.
func (c *cursor) uintList(what string) ([]uint64, error) { return list(c, what, 9, c.uint) }

// value reads a property value (0x17 + typed payload).
func (c *cursor) value(what string) (format.Value, error) {
	if err := c.marker(format.MarkerPropertyValue, what); err != nil {
		return nil, err
	}
	off := c.pos
	t, err := c.byte_(what + " type")
	if err != nil {
		return nil, err
	}
	if feature, ok := c.f.ValueType(format.Marker(t)); !ok {
		return nil, c.corrupt(off, "%s: %s value needs %s, which format %d lacks", what, format.Marker(t), feature, uint64(c.f.Version))
	}
	switch format.Marker(t) {
	case format.MarkerNull:
		return format.Null{}, nil
	case format.MarkerBool:
		b, err := c.byte_(what)
		if err != nil {
			return nil, err
		}
		v, err := c.boolPayload(c.pos-1, b, what)
		return format.Bool(v), err
	case format.MarkerInt:
		v, err := c.u64(what)
		return format.Int(int64(v)), err
	case format.MarkerDouble:
		v, err := c.u64(what)
		return format.Double(math.Float64frombits(v)), err
	case format.MarkerString:
		s, err := c.strPayload(what)
		return format.String(s), err
	case format.MarkerList:
		return c.list(what)
	case format.MarkerMap:
		return c.mapValue(what)
	case format.MarkerTemporal:
		typ, err := c.uint(what + " temporal type")
		if err != nil {
			return nil, err
		}
		if typ > uint64(format.TemporalDuration) {
			return nil, c.corrupt(c.pos-9, "%s: unknown temporal type %d", what, typ)
		}
		us, err := c.uint(what + " microseconds")
		return format.Temporal{Type: format.TemporalType(typ), Micros: int64(us)}, err
	case format.MarkerZonedTemporal:
		return c.zoned(what)
	case format.MarkerEnum:
		typ, err := c.u64(what + " enum type")
		if err != nil {
			return nil, err
		}
		val, err := c.u64(what + " enum value")
		return format.Enum{TypeID: typ, ValueID: val}, err
	case format.MarkerPoint2D:
		srid, err := c.srid(what, format.MarkerPoint2D)
		if err != nil {
			return nil, err
		}
		x, err := c.double(what + " x")
		if err != nil {
			return nil, err
		}
		y, err := c.double(what + " y")
		return format.Point2D{SRID: srid, X: x, Y: y}, err
	case format.MarkerPoint3D:
		srid, err := c.srid(what, format.MarkerPoint3D)
		if err != nil {
			return nil, err
		}
		x, err := c.double(what + " x")
		if err != nil {
			return nil, err
		}
		y, err := c.double(what + " y")
		if err != nil {
			return nil, err
		}
		z, err := c.double(what + " z")
		return format.Point3D{SRID: srid, X: x, Y: y, Z: z}, err
	case format.MarkerVectorIndexID:
		return c.vectorIndexID(what)
	}
	return nil, c.corrupt(off, "%s: unknown property value type 0x%02x", what, t)
}

// srid reads a point's SRID, which must be one of the coordinate systems of
// the point's dimension.
func (c *cursor) srid(what string, m format.Marker) (uint64, error) {
	off := c.pos
	v, err := c.uint(what + " srid")
	if err == nil && !format.ValidSRID(m, v) {
		err = c.corrupt(off, "%s: SRID %d is not a coordinate system of a %s", what, v, m)
	}
	return v, err
}

func (c *cursor) enter(what string) error {
	c.depth++
	if c.depth > format.MaxValueDepth {
		return c.corrupt(c.pos, "%s: values nested deeper than %d", what, format.MaxValueDepth)
	}
	return nil
}

func (c *cursor) rawCount(what string, minSize int64) (uint64, error) {
	off := c.pos
	n, err := c.u64(what)
	if err != nil {
		return 0, err
	}
	return n, c.checkCount(off, n, minSize, what)
}

func (c *cursor) list(what string) (format.Value, error) {
	if err := c.enter(what); err != nil {
		return nil, err
	}
	defer func() { c.depth-- }()
	n, err := c.rawCount(what+" list size", 2)
	if err != nil {
		return nil, err
	}
	out := make(format.List, 0, prealloc(n))
	for i := uint64(0); i < n; i++ {
		v, err := c.value(what)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func (c *cursor) mapValue(what string) (format.Value, error) {
	if err := c.enter(what); err != nil {
		return nil, err
	}
	defer func() { c.depth-- }()
	n, err := c.rawCount(what+" map size", 11)
	if err != nil {
		return nil, err
	}
	out := make(format.Map, 0, prealloc(n))
	for i := uint64(0); i < n; i++ {
		k, err := c.str(what + " map key")
		if err != nil {
			return nil, err
		}
		v, err := c.value(what)
		if err != nil {
			return nil, err
		}
		out = append(out, format.MapEntry{Key: k, Value: v})
	}
	return out, nil
}

func (c *cursor) zoned(what string) (format.Value, error) {
	typ, err := c.uint(what + " zoned type")
	if err != nil {
		return nil, err
	}
	if typ != 0 {
		return nil, c.corrupt(c.pos-9, "%s: unknown zoned temporal type %d", what, typ)
	}
	us, err := c.uint(what + " microseconds")
	if err != nil {
		return nil, err
	}
	z := format.ZonedTemporal{Type: typ, Micros: int64(us)}
	off := c.pos
	m, ok := c.peekByte()
	switch {
	case !ok:
		return nil, c.truncated(what+" zone", 1)
	case format.Marker(m) == format.MarkerString:
		z.ZoneIsName = true
		z.ZoneName, err = c.str(what + " zone name")
	case format.Marker(m) == format.MarkerInt:
		var off uint64
		off, err = c.uint(what + " zone offset")
		z.OffsetMinutes = int64(off)
	default:
		return nil, c.corrupt(off, "%s: zone must be a STRING or INT, found 0x%02x", what, m)
	}
	return z, err
}

func (c *cursor) vectorIndexID(what string) (format.Value, error) {
	n, err := c.rawCount(what+" vector index count", 9)
	if err != nil {
		return nil, err
	}
	v := format.VectorIndexID{Indexes: make([]string, 0, prealloc(n))}
	for i := uint64(0); i < n; i++ {
		s, err := c.str(what + " vector index name")
		if err != nil {
			return nil, err
		}
		v.Indexes = append(v.Indexes, s)
	}
	m, err := c.rawCount(what+" vector size", 9)
	if err != nil {
		return nil, err
	}
	v.Vector = make([]float64, 0, prealloc(m))
	for i := uint64(0); i < m; i++ {
		d, err := c.double(what + " vector component")
		if err != nil {
			return nil, err
		}
		v.Vector = append(v.Vector, d)
	}
	return v, nil
}
