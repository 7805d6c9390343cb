package decode

import (
	"fmt"
	"io"
	"runtime/debug"
	"unsafe"

	"github.com/durascope/durascope/format"
)

// Mapped is a file whose bytes are mapped into memory as well as read
// through ReadAt (internal/mapfile; datadir.File.Snapshot maps the files it
// can). A Scanner over a snapshot opened from one reads the records in
// place: its cursor's window is the mapped bytes, which nothing copies.
// Everything else reads through ReadAt.
type Mapped interface {
	io.ReaderAt
	// Bytes is the file's bytes. Reading one the file no longer holds (it
	// shrank) faults: a Scanner turns such a fault into an error.
	Bytes() []byte
	// Release says the bytes [from, to) are done with for now: their pages
	// may leave the process's memory until read again.
	Release(from, to int64)
}

// mappedWindow is how far a window over mapped bytes reaches past the
// bytes it must hold: the bytes before a window are released when it
// moves on, so memory stays bounded however long the scan (a variable:
// tests make it small, so that records cross windows).
var mappedWindow = 1 << 20

// mapped is r's mapping when r is Mapped and maps all size bytes.
func mapped(r io.ReaderAt, size int64) Mapped {
	if m, ok := r.(Mapped); ok && int64(len(m.Bytes())) == size {
		return m
	}
	return nil
}

// fillMapped is fill over mapped bytes: the window becomes the mapped
// bytes from the kept ones on (the record being scanned, however long:
// none is ever lost) to mappedWindow or n bytes past the next one, never
// past the bound. The bytes before it are released.
func (c *cursor) fillMapped(n int) bool {
	from := c.i
	if c.keep >= 0 {
		from = c.keep
	}
	kept := c.i - from
	start := c.base + int64(from)
	c.release(start)
	end := min(c.end, start+int64(max(kept+n, mappedWindow)))
	c.buf = c.m[start:end:end]
	c.base = start
	c.i, c.crcFrom = kept, kept
	if c.keep >= 0 {
		c.keep = 0
	}
	c.lim = len(c.buf)
	return c.lim-c.i >= n
}

// release releases the mapped bytes from the last release up to to, and
// the releaseLag bytes before those again: when a read faults a page in,
// the kernel maps the cached pages around it too (fault-around, 64 KiB by
// default), some of them before the window, which would stay mapped.
func (c *cursor) release(to int64) {
	c.mapping.Release(c.released-releaseLag, to)
	c.released = to
}

// releaseLag is how far behind the last release a release reaches again
// (a variable: a test sets it to 0 to see what is released when).
var releaseLag int64 = 256 << 10

// faultAround is how far past the bytes a scan touched the kernel may have
// mapped pages in: a fault maps the cached pages of the aligned 64 KiB
// around it (fault_around_bytes' default).
const faultAround = 64 << 10

// doneMapped releases the window, and the fault-around past it, when a
// scan of a batch or part ends. Parts are scanned on several goroutines:
// the pages the kernel maps past a part's end belong to the next part,
// whose scanner may have passed and released them already, and nobody
// would release them again (peak RSS grew by 2 MiB per GiB of snapshot on
// two cores).
func (c *cursor) doneMapped() {
	c.release(c.base + int64(len(c.buf)) + faultAround)
}

// moveMapped is what reset does to a cursor over mapped bytes before it
// moves to off: the window it leaves is released.
func (c *cursor) moveMapped(off int64) {
	c.release(c.base + int64(len(c.buf)))
	c.buf, c.released = nil, off
}

// endMapped ends each of a Scanner's reads of mapped bytes (Vertices,
// Edges, VertexPart, EdgePart), deferred with the SetPanicOnFault setting
// that the read replaced by true:
//
//	defer sc.endMapped(&err, vertexKind, debug.SetPanicOnFault(true))
//
// It restores the setting, releases what the read touched (doneMapped)
// and turns a fault on the mapped bytes (the file shrank under the scan)
// into err; any other panic goes on.
func (sc *Scanner) endMapped(err *error, kind batchKind, panicOnFault bool) {
	debug.SetPanicOnFault(panicOnFault)
	sc.c.doneMapped()
	r := recover()
	if r == nil {
		return
	}
	if f, ok := r.(interface{ Addr() uintptr }); ok {
		m := sc.c.m
		if at := f.Addr() - uintptr(unsafe.Pointer(unsafe.SliceData(m))); at < uintptr(len(m)) {
			*err = sc.s.wrap(&format.DecodeError{Offset: int64(at), Err: format.ErrTruncated,
				Reason: fmt.Sprintf("the file shrank while it was read: byte %d of %d is gone", at, len(m))}, kind.section, "")
			return
		}
	}
	panic(r)
}
