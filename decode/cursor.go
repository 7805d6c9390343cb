package decode

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"math/bits"
	"slices"
	"strings"

	"github.com/durascope/durascope/format"
)

// Window sizes: a cursor starts with a small window (a section or a sweep's
// candidate decode reads little) and doubles it as it streams on, up to
// maxWindow; strings longer than the window are read through it in pieces.
const (
	minWindow = 64 << 10
	maxWindow = 256 << 10
	maxKeep   = 4 * maxWindow
)

// readBufferSize is the largest field take returns in one piece.
const readBufferSize = minWindow

// cursor reads the primitives of spec/primitives.md from a byte stream,
// tracking the absolute offset and, when enabled, a running CRC of every
// byte consumed. Lengths and counts are checked against the bytes left in
// the file before anything is allocated.
//
// It reads through a window of the file's bytes (buf, at offset base),
// refilled by ReadAt as it is used up: a field that lies in the window is a
// slice of it, with no copy and no call. The CRC is not updated per field:
// the consumed bytes since crcFrom are folded in at once when the CRC is
// asked for or the window moves, so it runs over long contiguous spans (a
// whole transaction) on the fast path of hash/crc32.
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
	r    io.ReaderAt
	buf  []byte // the window: the file's bytes [base, base+len(buf))
	base int64
	i    int   // the next byte is buf[i], at offset base+i (pos)
	lim  int   // fields are taken from buf[:lim]: the window, cut at end; lim = i once failed
	end  int64 // where the bytes this cursor may read end: the file size, or a bound inside the file
	size int64 // file size
	rerr error // why the window could not be filled further, reported when a field needs those bytes

	crc     uint32
	crcOn   bool
	crcFrom int // buf index from which consumed bytes are not yet in crc

	// keep, when not -1, is a buf index from which fill keeps the bytes
	// (the start of the record being scanned, whose values are decoded on
	// demand); keepLost is set when a record grew past maxKeep and was let go.
	keep     int
	keepLost bool

	// skim: values and strings are read and checked but not built (value
	// returns nil, strings ""), so a reader of the framing allocates nothing.
	skim  bool
	names map[string]string // interned names (name)
	// A visited VECTOR_INDEX_ID value's names and components (visitVector),
	// reused value after value.
	vecNames []string
	vecBuf   []float64
	// What the last top-level value read was, for a scan: its type, its
	// temporal type, and whether it holds an ENUM or VECTOR_INDEX_ID value.
	topType     format.Marker
	topTemporal format.TemporalType
	sawRefs     bool

	// window, when not 0, caps how much a fill reads ahead (a part's
	// search for its first record reads little at each candidate).
	window int

	// m, when set, is the file's bytes, mapped (a Scanner's cursor over a
	// Mapped file): the window is a slice of them (fillMapped), and what
	// it has moved past is released (mapping.Release) up to released.
	m        []byte
	mapping  Mapped
	released int64

	depth int
	f     format.Features // which property value types exist
	err   error           // the first error; reads after it are no-ops
}

// over sets c to read b, the bytes [base, base+len(b)) of a file of
// size bytes read through r, from b[i], to no further than end: every
// field as a new cursor has it, but the interned names and the vector
// scratch, which it keeps.
// Field by field, since clearing the whole cursor for each of many small
// reads costs more than most reads; a field added above must be set here.
func (c *cursor) over(r io.ReaderAt, b []byte, base int64, i int, end, size int64, f format.Features) {
	c.r, c.buf, c.base, c.i, c.lim, c.end, c.size, c.rerr = r, b, base, i, len(b), end, size, io.EOF
	c.crc, c.crcOn, c.crcFrom = 0, false, 0
	c.keep, c.keepLost, c.skim = -1, false, false
	c.topType, c.topTemporal, c.sawRefs, c.window = 0, 0, false, 0
	c.m, c.mapping, c.released = nil, nil, 0
	c.depth, c.f, c.err = 0, f, nil
}

func newCursor(r io.ReaderAt, off, size int64, f format.Features) *cursor {
	return newBoundedCursor(r, off, size, size, f)
}

// newBoundedCursor reads the bytes [off, end) of a file of size bytes. A
// batch of records is read so, bounded by the start of the next batch, so
// that reading it on its own costs what it holds.
func newBoundedCursor(r io.ReaderAt, off, end, size int64, f format.Features) *cursor {
	c := &cursor{size: size, f: f}
	c.reset(r, off, end)
	return c
}

// reset repositions the cursor to read [off, end) without reallocating its
// window, forgetting any error.
func (c *cursor) reset(r io.ReaderAt, off, end int64) {
	if c.m != nil {
		c.moveMapped(off)
	}
	c.r = r
	c.end = min(end, c.size)
	c.base, c.buf, c.i, c.lim, c.crcFrom = off, c.buf[:0], 0, 0, 0
	c.keep, c.keepLost = -1, false
	c.rerr = nil
	c.depth = 0
	c.err = nil
}

// pos is the absolute offset of the next byte.
func (c *cursor) pos() int64 { return c.base + int64(c.i) }

func (c *cursor) remaining() int64 { return c.end - c.pos() }

// fail records err unless an earlier error is already recorded.
func (c *cursor) fail(err error) {
	if c.err == nil {
		c.err = err
		c.lim = c.i // no field is taken from the window any more
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
		c.fail(&format.DecodeError{Offset: off, Err: format.ErrCorrupt,
			Reason: fmt.Sprintf("%s: the batch runs into the next batch, which starts at %d", reason, c.end)})
		return
	}
	c.fail(&format.DecodeError{Offset: off, Err: format.ErrTruncated, Reason: reason})
}

func (c *cursor) truncated(need int64, what ...string) {
	if c.err == nil {
		c.short(c.pos(), fmt.Sprintf("%s needs %d bytes, %d remain", name(what), need, max(c.remaining(), 0)))
	}
}

func corruptError(off int64, msg string, args ...any) error {
	return &format.DecodeError{Offset: off, Err: format.ErrCorrupt, Reason: fmt.Sprintf(msg, args...)}
}

// corrupt records an ErrCorrupt at off.
func (c *cursor) corrupt(off int64, msg string, args ...any) {
	if c.err == nil {
		c.fail(corruptError(off, msg, args...))
	}
}

// crcReset starts a new running CRC at the next byte; on says whether the
// bytes from here on count.
func (c *cursor) crcReset(on bool) {
	c.crc, c.crcOn, c.crcFrom = 0, on, c.i
}

// crcSync folds the bytes consumed since crcFrom into the running CRC.
func (c *cursor) crcSync() {
	if c.crcOn && c.i > c.crcFrom {
		c.crc = crc32.Update(c.crc, crc32.IEEETable, c.buf[c.crcFrom:c.i])
	}
	c.crcFrom = c.i
}

// crcSum is the CRC of the bytes consumed since crcReset.
func (c *cursor) crcSum() uint32 {
	c.crcSync()
	return c.crc
}

// crcPause stops counting bytes (a stored CRC is not part of what it covers).
func (c *cursor) crcPause() {
	c.crcSync()
	c.crcOn = false
}

// crcResume counts bytes again from the next one.
func (c *cursor) crcResume() {
	c.crcOn, c.crcFrom = true, c.i
}

// fill makes at least n bytes (n <= remaining) readable from buf[i:]: it
// moves the unread bytes (and those from keep on, when set) to the front of
// the window, grows the window when n needs it or the cursor streams on,
// and reads more. It reports false when the file yields fewer bytes; the
// read error is in rerr.
func (c *cursor) fill(n int) bool {
	c.crcSync()
	if c.rerr != nil {
		return false
	}
	if c.m != nil {
		return c.fillMapped(n)
	}
	from := c.i
	if c.keep >= 0 {
		if c.i-c.keep > maxKeep {
			c.keep, c.keepLost = -1, true // too long to hold: values are read again from the file
		} else {
			from = c.keep
		}
	}
	chunk := minWindow
	if cap(c.buf) > 0 {
		chunk = min(2*cap(c.buf), maxWindow) // streaming on: a bigger window
	}
	if c.window > 0 {
		chunk = min(chunk, c.window)
	}
	kept := c.i - from
	// The window ends chunk bytes on, or n past the next byte, but never past
	// the bound.
	size := int(min(int64(max(kept+n, chunk)), int64(kept)+c.end-c.pos()))
	if size > cap(c.buf) {
		nb := make([]byte, len(c.buf)-from, max(size, 16))
		copy(nb, c.buf[from:])
		c.buf = nb
	} else {
		k := copy(c.buf[:cap(c.buf)], c.buf[from:])
		c.buf = c.buf[:k]
	}
	c.base += int64(from)
	c.i, c.crcFrom = kept, kept
	if c.keep >= 0 {
		c.keep = 0
	}
	for len(c.buf) < size {
		k, err := c.r.ReadAt(c.buf[len(c.buf):size], c.base+int64(len(c.buf)))
		c.buf = c.buf[:len(c.buf)+k]
		if err != nil && len(c.buf) < size {
			c.rerr = err
			break
		}
		if k == 0 {
			c.rerr = io.ErrNoProgress
			break
		}
	}
	c.lim = int(min(int64(len(c.buf)), c.end-c.base))
	return c.lim-c.i >= n
}

// take returns the next n bytes (n <= readBufferSize); the slice is valid
// until the next read. It is nil once the cursor has failed.
func (c *cursor) take(n int, what ...string) []byte {
	if c.i+n <= c.lim {
		b := c.buf[c.i : c.i+n : c.i+n]
		c.i += n
		return b
	}
	return c.takeSlow(n, what, "")
}

// takeField is take for the field named what+suffix (a string's length).
func (c *cursor) takeField(n int, what []string, suffix string) []byte {
	if c.i+n <= c.lim {
		b := c.buf[c.i : c.i+n : c.i+n]
		c.i += n
		return b
	}
	return c.takeSlow(n, what, suffix)
}

// takeSlow is take when the window holds fewer than n bytes.
func (c *cursor) takeSlow(n int, what []string, suffix string) []byte {
	if c.err != nil {
		return nil
	}
	if int64(n) > c.remaining() {
		c.truncated(int64(n), name(what), suffix)
		return nil
	}
	if !c.fill(n) {
		if err := c.rerr; err == io.EOF || err == io.ErrUnexpectedEOF {
			c.truncated(int64(n), name(what), suffix)
		} else {
			c.short(c.pos(), "read: "+err.Error())
		}
		return nil
	}
	return c.take(n)
}

// skip consumes n bytes (n <= remaining, checked by the caller) without
// returning them, window by window.
func (c *cursor) skip(n uint64, what []string) {
	for n > 0 && c.err == nil {
		k := int(min(n, uint64(max(c.lim-c.i, 0))))
		if k == 0 {
			k = int(min(n, readBufferSize))
			c.takeSlow(k, what, "")
		} else {
			c.i += k
		}
		n -= uint64(k)
	}
}

func (c *cursor) peekByte() (byte, bool) {
	if c.err != nil || c.remaining() < 1 {
		return 0, false
	}
	if c.i >= c.lim && !c.fill(1) {
		return 0, false
	}
	return c.buf[c.i], true
}

// The readers of single fields below have a fast path small enough to be
// inlined, for a field that lies in the window and is well formed; the
// slow path does what take does and builds the error.

func (c *cursor) u8(what ...string) byte {
	if i := c.i; i < c.lim {
		c.i = i + 1
		return c.buf[i]
	}
	return c.u8Slow(what)
}

func (c *cursor) u8Slow(what []string) byte {
	b := c.takeSlow(1, what, "")
	if b == nil {
		return 0
	}
	return b[0]
}

func (c *cursor) u64(what ...string) uint64 {
	if i := c.i; i+8 <= c.lim {
		c.i = i + 8
		return binary.LittleEndian.Uint64(c.buf[i:])
	}
	return c.u64Slow(what)
}

func (c *cursor) u64Slow(what []string) uint64 {
	b := c.takeSlow(8, what, "")
	if b == nil {
		return 0
	}
	return binary.LittleEndian.Uint64(b)
}

// marker reads one byte that must equal want.
func (c *cursor) marker(want format.Marker, what ...string) {
	if i := c.i; i < c.lim && c.buf[i] == byte(want) {
		c.i = i + 1
		return
	}
	c.markerSlow(want, what)
}

func (c *cursor) markerSlow(want format.Marker, what []string) {
	off := c.pos()
	b := c.take(1, what...)
	if b != nil && format.Marker(b[0]) != want {
		c.corrupt(off, "%s: expected marker %s, found 0x%02x", name(what), want, b[0])
	}
}

// uint reads a marked integer (0x12 + u64).
func (c *cursor) uint(what ...string) uint64 {
	if i := c.i; i+9 <= c.lim {
		if b := c.buf[i : i+9]; b[0] == byte(format.MarkerInt) {
			c.i = i + 9
			return binary.LittleEndian.Uint64(b[1:])
		}
	}
	return c.uintSlow(what)
}

func (c *cursor) uintSlow(what []string) uint64 {
	off := c.pos()
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
	off := c.pos()
	v := c.uint(what...)
	if v > last {
		c.corrupt(off, "%s %d is not one of 0..%d", name(what), v, last)
	}
	return v
}

// count reads a marked count and checks that count*minSize bytes can
// remain; it is 0 once the cursor has failed.
func (c *cursor) count(minSize int64, what ...string) uint64 {
	if j := c.i; j+9 <= c.lim && c.buf[j] == byte(format.MarkerInt) && minSize >= 1 {
		// A count that lies in the window and fits, in one step.
		n := binary.LittleEndian.Uint64(c.buf[j+1 : j+9])
		if rem := c.end - c.base - int64(j+9); rem >= 0 {
			if hi, lo := bits.Mul64(n, uint64(minSize)); hi == 0 && lo <= uint64(rem) {
				c.i = j + 9
				return n
			}
		}
	}
	off := c.pos()
	n := c.uint(what...)
	if !c.fits(off, n, minSize, what) {
		return 0
	}
	return n
}

// rawCount is count for an unmarked u64.
func (c *cursor) rawCount(minSize int64, what ...string) uint64 {
	off := c.pos()
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
	if rem := c.remaining(); rem >= 0 {
		// n <= rem/minSize without the division, the common case
		if hi, lo := bits.Mul64(n, uint64(minSize)); hi == 0 && lo <= uint64(rem) {
			return true
		}
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
	off := c.pos()
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

// doubles reads len(dst) marked doubles into dst, as as many calls of
// double would: those that lie in the window at once, the rest (and the
// first error, where it stops) through double.
func (c *cursor) doubles(dst []float64, what ...string) {
	i := 0
	if n := 9 * len(dst); c.i+n <= c.lim {
		// Stepping through the bytes and the components together lets the
		// compiler drop the bounds checks of the bytes.
		w := c.buf[c.i : c.i+n]
		for ; i < len(dst) && len(w) >= 9 && w[0] == byte(format.MarkerDouble); i++ {
			dst[i] = math.Float64frombits(binary.LittleEndian.Uint64((*[9]byte)(w)[1:]))
			w = w[9:]
		}
		c.i += 9 * i
	}
	for ; i < len(dst) && c.err == nil; i++ {
		dst[i] = c.double(what...)
	}
}

// vectorPieceSize is how many of the next n components of a vector to
// read at once: those that lie whole in the window (bytes already read, so
// a count the file only claims allocates nothing), at least one, at most
// maxVectorPiece (a mapped window can be the whole file: a count it holds
// the bytes for, with a bad component early on, allocates no more).
func (c *cursor) vectorPieceSize(n uint64) int {
	return int(min(n, uint64(max(c.lim-c.i, 9)/9), maxVectorPiece))
}

// maxVectorPiece components take 512 KiB.
const maxVectorPiece = 1 << 16

func (c *cursor) boolean(what ...string) bool {
	off := c.pos()
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
	if i := c.i; i < c.lim && c.buf[i] == byte(format.MarkerString) {
		if b, ok := c.inWindow(i + 1); ok {
			if c.skim {
				return ""
			}
			return string(b)
		}
	}
	c.marker(format.MarkerString, what...)
	return c.strPayload(what...)
}

func (c *cursor) strPayload(what ...string) string {
	if b, ok := c.inWindow(c.i); ok {
		if c.skim {
			return ""
		}
		return string(b)
	}
	b, n := c.strBytes(what)
	switch {
	case c.err != nil:
		return ""
	case b == nil && n > 0:
		return c.strRest(n, what)
	case c.skim:
		return ""
	}
	return string(b)
}

// inWindow takes the string whose length is at buf[i] when the length and
// the bytes lie in the window, the common case; it reads nothing
// otherwise. The bytes are valid until the next read.
func (c *cursor) inWindow(i int) ([]byte, bool) {
	if i+8 > c.lim {
		return nil, false
	}
	n := binary.LittleEndian.Uint64(c.buf[i : i+8])
	if n > uint64(c.lim-i-8) {
		return nil, false
	}
	c.i = i + 8 + int(n)
	return c.buf[i+8 : c.i], true
}

// strBytes reads a string's length and, when it is at most readBufferSize
// bytes, its bytes (valid until the next read); a longer string is left
// for the caller to read, with its length n.
func (c *cursor) strBytes(what []string) (b []byte, n uint64) {
	off := c.pos()
	l := c.takeField(8, what, " length")
	if l == nil {
		return nil, 0
	}
	n = binary.LittleEndian.Uint64(l)
	if n > uint64(c.remaining()) {
		c.short(off, fmt.Sprintf("%s: length %d exceeds the %d bytes remaining", name(what), n, max(c.remaining(), 0)))
		return nil, 0
	}
	if n <= readBufferSize {
		return c.take(int(n), what...), n
	}
	return nil, n
}

// maxInterned bounds the names a cursor interns, and maxNameLen their
// length: names repeat (labels, properties, edge types), data does not.
const (
	maxInterned = 4096
	maxNameLen  = 256
)

// name reads a marked string that names something (a label, a property,
// an edge type, ...) and returns it interned: a name seen before costs no
// allocation. Skimming, it returns "".
func (c *cursor) name(what ...string) string {
	if i := c.i; i < c.lim && c.buf[i] == byte(format.MarkerString) {
		if b, ok := c.inWindow(i + 1); ok {
			if c.skim {
				return ""
			}
			return c.intern(b)
		}
	}
	c.marker(format.MarkerString, what...)
	b, n := c.strBytes(what)
	switch {
	case c.err != nil:
		return ""
	case b == nil && n > 0:
		return c.strRest(n, what)
	case c.skim:
		return ""
	}
	return c.intern(b)
}

// intern returns b as a string, the same one for the same bytes.
func (c *cursor) intern(b []byte) string {
	if s, ok := c.names[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(s) <= maxNameLen && len(c.names) < maxInterned {
		if c.names == nil {
			c.names = map[string]string{}
		}
		c.names[s] = s
	}
	return s
}

// strRest reads the n bytes of a string too long for one take.
func (c *cursor) strRest(n uint64, what []string) string {
	if c.skim {
		c.skip(n, what)
		return ""
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
func (c *cursor) uintList(what string) []uint64 { return c.uintsInto(nil, what) }

// uintsInto reads UINT k, k × UINT, appending to dst (a new slice, even for
// k = 0, when dst is nil).
func (c *cursor) uintsInto(dst []uint64, what string) []uint64 {
	n := c.count(9, what, " count")
	if dst == nil {
		dst = make([]uint64, 0, prealloc(n))
	}
	return c.uintItems(dst, n, what)
}

// uintItems reads the n UINTs of a list whose count was read, appending to dst.
func (c *cursor) uintItems(dst []uint64, n uint64, what string) []uint64 {
	for i := uint64(0); i < n && c.err == nil; i++ {
		if j := c.i; j+9 <= c.lim && c.buf[j] == byte(format.MarkerInt) {
			dst = append(dst, binary.LittleEndian.Uint64(c.buf[j+1:j+9]))
			c.i = j + 9
			continue
		}
		dst = append(dst, c.uint(what))
	}
	return dst
}

// valueHead reads a property value's 0x17 marker and type and checks
// that the format has the type; off is the type byte's offset, ok false
// after an error.
func (c *cursor) valueHead(what string) (t format.Marker, off int64, ok bool) {
	off = c.pos() + 1
	if i := c.i; i+2 <= c.lim && c.buf[i] == byte(format.MarkerPropertyValue) {
		t, c.i = format.Marker(c.buf[i+1]), i+2
	} else {
		c.marker(format.MarkerPropertyValue, what)
		off = c.pos()
		t = format.Marker(c.u8(what, " type"))
		if c.err != nil {
			return t, off, false
		}
	}
	if feature, has := c.f.ValueType(t); !has {
		c.corrupt(off, "%s: %s value needs %s, which format %d lacks", what, t, feature, uint64(c.f.Version))
		return t, off, false
	}
	return t, off, true
}

// value reads a property value (0x17 + typed payload). Skimming, it
// checks the value and returns nil.
func (c *cursor) value(what string) format.Value {
	t, off, ok := c.valueHead(what)
	if !ok {
		return nil
	}
	if c.depth == 0 {
		c.topType = t
	}
	if t == format.MarkerEnum || t == format.MarkerVectorIndexID {
		c.sawRefs = true
	}
	if c.skim {
		// The fixed-size payloads that need no check but their length
		// are stepped over in one go when they lie in the window.
		if n := skimSize[t]; n > 0 && c.i+n <= c.lim {
			c.i += n
			return nil
		}
	}
	switch t {
	case format.MarkerNull:
		return c.built(format.Null{})
	case format.MarkerBool:
		off := c.pos()
		b := c.u8(what)
		return c.built(format.Bool(c.boolPayload(off, b, []string{what})))
	case format.MarkerInt:
		v := c.u64(what)
		if c.skim {
			return nil
		}
		return format.Int(int64(v))
	case format.MarkerDouble:
		v := c.u64(what)
		if c.skim {
			return nil
		}
		return format.Double(math.Float64frombits(v))
	case format.MarkerString:
		v := c.strPayload(what)
		if c.skim {
			return nil
		}
		return format.String(v)
	case format.MarkerList:
		return c.list(what)
	case format.MarkerMap:
		return c.mapValue(what)
	case format.MarkerTemporal:
		typ := c.uint(what, " temporal type")
		if typ > uint64(format.TemporalDuration) {
			c.corrupt(c.pos()-9, "%s: unknown temporal type %d", what, typ)
			return nil
		}
		micros := int64(c.uint(what, " microseconds"))
		if c.depth == 0 {
			c.topTemporal = format.TemporalType(typ)
		}
		if c.skim {
			return nil
		}
		return format.Temporal{Type: format.TemporalType(typ), Micros: micros}
	case format.MarkerZonedTemporal:
		return c.zoned(what)
	case format.MarkerEnum:
		e := c.enumPayload(what)
		if c.skim {
			return nil
		}
		return e
	case format.MarkerPoint2D:
		p := format.Point2D{SRID: c.srid(what, format.MarkerPoint2D), X: c.double(what, " x"), Y: c.double(what, " y")}
		if c.skim {
			return nil
		}
		return p
	case format.MarkerPoint3D:
		p := format.Point3D{SRID: c.srid(what, format.MarkerPoint3D),
			X: c.double(what, " x"), Y: c.double(what, " y"), Z: c.double(what, " z")}
		if c.skim {
			return nil
		}
		return p
	case format.MarkerVectorIndexID:
		return c.vectorIndexID(what)
	}
	c.corrupt(off, "%s: unknown property value type 0x%02x", what, byte(t))
	return nil
}

// skimSize is the payload size of the value types whose payload is only
// bytes (no marker, length or range to check): INT, DOUBLE and ENUM.
var skimSize = func() (size [256]int) {
	for m := range size {
		size[m] = max(fixedPayload(format.Marker(m)), 0) // fixedPayload holds the sizes
	}
	return size
}()

// built returns v, or nil when skimming; for values whose boxing costs
// nothing (Null, Bool).
func (c *cursor) built(v format.Value) format.Value {
	if c.skim {
		return nil
	}
	return v
}

// enumPayload reads the payload of an ENUM value.
func (c *cursor) enumPayload(what string) format.Enum {
	return format.Enum{TypeID: c.u64(what, " enum type"), ValueID: c.u64(what, " enum value")}
}

// srid reads a point's SRID, which must be one of the coordinate systems of
// the point's dimension.
func (c *cursor) srid(what string, m format.Marker) uint64 {
	off := c.pos()
	v := c.uint(what, " srid")
	if !format.ValidSRID(m, v) {
		c.corrupt(off, "%s: SRID %d is not a coordinate system of a %s", what, v, m)
	}
	return v
}

// enter counts one more level of nesting; beyond MaxValueDepth it records
// an error and reports false.
func (c *cursor) enter(what string) bool {
	if format.NestsTooDeep(c.depth) {
		c.corrupt(c.pos(), "%s: values nested deeper than %d", what, format.MaxValueDepth)
		return false
	}
	c.depth++
	return true
}

func (c *cursor) list(what string) format.Value {
	if !c.enter(what) {
		return nil
	}
	n := c.rawCount(2, what, " list size")
	if c.skim {
		for i := uint64(0); i < n && c.err == nil; i++ {
			c.value(what)
		}
		c.depth--
		return nil
	}
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
	if c.skim {
		for i := uint64(0); i < n && c.err == nil; i++ {
			c.str(what, " map key")
			c.value(what)
		}
		c.depth--
		return nil
	}
	out := make(format.Map, 0, prealloc(n))
	for i := uint64(0); i < n && c.err == nil; i++ {
		out = append(out, format.MapEntry{Key: c.str(what, " map key"), Value: c.value(what)})
	}
	c.depth--
	return out
}

func (c *cursor) zoned(what string) format.Value {
	z, zone := c.zonedPayload(what)
	if c.skim || c.err != nil {
		return nil
	}
	z.ZoneName = string(zone)
	return z
}

// zonedPayload reads a ZONED_TEMPORAL payload: the value but its zone
// name, whose bytes it returns (valid until the next read), for zoned and
// visitZoned.
func (c *cursor) zonedPayload(what string) (z format.ZonedTemporal, zone []byte) {
	typ := c.uint(what, " zoned type")
	if typ != 0 {
		c.corrupt(c.pos()-9, "%s: unknown zoned temporal type %d", what, typ)
		return z, nil
	}
	z = format.ZonedTemporal{Type: typ, Micros: int64(c.uint(what, " microseconds"))}
	off := c.pos()
	m, ok := c.peekByte()
	switch {
	case !ok:
		c.truncated(1, what, " zone")
	case format.Marker(m) == format.MarkerString:
		z.ZoneIsName = true
		c.marker(format.MarkerString, what, " zone name")
		zone, _ = c.visitStr(what, " zone name")
	case format.Marker(m) == format.MarkerInt:
		z.OffsetMinutes = int64(c.uint(what, " zone offset"))
	default:
		c.corrupt(off, "%s: zone must be a STRING or INT, found 0x%02x", what, m)
	}
	return z, zone
}

func (c *cursor) vectorIndexID(what string) format.Value {
	n := c.rawCount(9, what, " vector index count")
	if c.skim {
		for i := uint64(0); i < n && c.err == nil; i++ {
			c.str(what, " vector index name")
		}
		m := c.rawCount(9, what, " vector size")
		var piece [VectorPiece]float64
		for i := uint64(0); i < m && c.err == nil; {
			k := min(c.vectorPieceSize(m-i), len(piece))
			c.doubles(piece[:k], what, " vector component")
			i += uint64(k)
		}
		return nil
	}
	names, vector := c.vectorParts(n, what, nil, nil)
	return format.VectorIndexID{Indexes: names, Vector: vector}
}

// vectorParts reads the rest of a VECTOR_INDEX_ID payload after its count
// n of index names: the names (interned) and the components, appended to
// names and vector; nil ones are made the size the file promises, as far
// as its bytes bear it out. Skimming is vectorIndexID's.
func (c *cursor) vectorParts(n uint64, what string, names []string, vector []float64) ([]string, []float64) {
	if names == nil {
		names = make([]string, 0, prealloc(n))
	}
	for i := uint64(0); i < n && c.err == nil; i++ {
		names = append(names, c.name(what, " vector index name"))
	}
	m := c.rawCount(9, what, " vector size")
	if c.err != nil {
		return names, vector
	}
	// Usually the whole vector lies in the window: one allocation, one loop.
	if vector == nil {
		vector = make([]float64, 0, c.vectorPieceSize(m))
	}
	for uint64(len(vector)) < m && c.err == nil {
		at := len(vector)
		k := c.vectorPieceSize(m - uint64(at))
		vector = slices.Grow(vector, k)[:at+k]
		c.doubles(vector[at:], what, " vector component")
	}
	return names, vector
}
