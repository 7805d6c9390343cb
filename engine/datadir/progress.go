package datadir

import (
	"io"
	"sync"
	"sync/atomic"

	"github.com/durascope/durascope/decode"
)

// ProgressFunc is told, now and then, how far recovery has read the file
// at path (done of size bytes). Reads are not sequential in a snapshot, so
// done is the furthest byte read so far.
type ProgressFunc func(path string, done, size int64)

// progressStep is how many bytes pass between two calls: often enough for
// a progress line, rarely enough to cost nothing.
const progressStep = 1 << 20

// progressReader reports the furthest offset read through it.
type progressReader struct {
	r          io.ReaderAt
	path       string
	size       int64
	fn         ProgressFunc
	furthest   atomic.Int64
	lastReport atomic.Int64
	report     sync.Mutex // parallel readers report one at a time
}

// watch wraps r so that fn follows reading; r itself when fn is nil. A
// mapped r (decode.Mapped) stays mapped: a scan reads it without ReadAt,
// and its releases say how far it has read.
func watch(r io.ReaderAt, path string, size int64, fn ProgressFunc) io.ReaderAt {
	if fn == nil {
		return r
	}
	fn(path, 0, size)
	p := &progressReader{r: r, path: path, size: size, fn: fn}
	if m, ok := r.(decode.Mapped); ok {
		return &progressMapped{progressReader: p, m: m}
	}
	return p
}

func (p *progressReader) ReadAt(b []byte, off int64) (int, error) {
	n, err := p.r.ReadAt(b, off)
	p.reached(off + int64(n))
	return n, err
}

// reached notes that the bytes up to end have been read.
func (p *progressReader) reached(end int64) {
	for {
		cur := p.furthest.Load()
		if end <= cur || p.furthest.CompareAndSwap(cur, end) {
			break
		}
	}
	if f := p.furthest.Load(); f-p.lastReport.Load() >= progressStep {
		p.report.Lock()
		if f > p.lastReport.Load() {
			p.lastReport.Store(f)
			p.fn(p.path, f, p.size)
		}
		p.report.Unlock()
	}
}

// progressMapped is a progressReader over a mapped file.
type progressMapped struct {
	*progressReader
	m decode.Mapped
}

func (p *progressMapped) Bytes() []byte { return p.m.Bytes() }

func (p *progressMapped) Release(from, to int64) {
	p.m.Release(from, to)
	p.reached(min(to, p.size))
}
