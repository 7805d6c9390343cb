package decode

import (
	"fmt"
	"slices"

	"github.com/durascope/durascope/format"
)

// NextFrameBytes reads frames into dst as NextFrames does, with its
// frames, error and state, and returns with them their bytes, one after
// the other in buf (grown as needed): a reader that takes the frames
// apart elsewhere (a FrameParser, on another goroutine) holds a copy of
// the few bytes it needs instead of the frames decoded. The bytes are
// those just checked, from the read window; failing that, read again.
func (w *WAL) NextFrameBytes(dst []FrameHead, buf []byte) (n int, frames []byte, err error) {
	n, err = w.NextFrames(dst)
	if n == 0 {
		return 0, buf[:0], err
	}
	from, to := dst[0].Offset, dst[n-1].Offset+dst[n-1].Size
	buf = slices.Grow(buf[:0], int(to-from))[:to-from]
	if c := w.c; from >= c.base && to <= c.base+int64(c.lim) {
		copy(buf, c.buf[from-c.base:to-c.base])
		return n, buf, err
	}
	if got, rerr := w.r.ReadAt(buf, from); got < len(buf) {
		return 0, buf[:0], w.wrap(&format.DecodeError{Offset: from, Err: format.ErrTruncated,
			Reason: fmt.Sprintf("reading frames again: %v", rerr)}, "delta", "")
	}
	return n, buf, err
}
