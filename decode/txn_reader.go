package decode

import (
	"fmt"
	"io"

	"github.com/durascope/durascope/format"
)

// TxnReader reads the complete transactions of a WAL as NextTransaction
// does, with its errors, but without holding a transaction's frames in
// memory: Next reads ahead to the end of the next transaction, checking
// every frame and skimming payloads (NextFrames), and returns it with
// Frames nil; Frame then decodes its frames one at a time, from the file
// again. A replay applies a transaction only once it is known to be
// complete, as NextTransaction lets it, and one transaction of any size
// costs a frame's memory. The WAL it reads is its own: after an error, the
// WAL's state (Behind, CompleteEnd, ...) is that of NextTransaction's.
type TxnReader struct {
	w     *WAL        // finds the transactions, skimming
	d     *WAL        // decodes the frames of the current one
	heads []FrameHead // read ahead by w: heads[next:n] are not yet used
	next  int
	n     int
	err   error // what follows heads[:n]
	t     Transaction
	total int // frames of t
	left  int // frames of t Frame has still to return
}

// txnReadAhead is how many frames a TxnReader skims ahead in one call.
const txnReadAhead = 256

// NewTxnReader reads the transactions of w from where it stands.
func NewTxnReader(w *WAL) *TxnReader {
	return &TxnReader{w: w, heads: make([]FrameHead, txnReadAhead)}
}

// Next returns the next complete transaction (Frames nil), io.EOF at the
// end, or the error NextTransaction would return; errors are sticky.
// Frames of the previous transaction not read by Frame are skipped.
func (r *TxnReader) Next() (*Transaction, error) {
	r.left = 0
	t := &r.t
	*t = Transaction{Commit: true}
	frames := 0
	for {
		if r.next == r.n {
			if r.err != nil {
				return nil, r.err
			}
			r.n, r.err = r.w.NextFrames(r.heads)
			r.next = 0
			continue
		}
		h := &r.heads[r.next]
		r.next++
		if frames == 0 {
			t.Index, t.Offset, t.Timestamp = h.Txn, h.Offset, h.Timestamp
		}
		if h.Marker == format.DeltaTransactionStart {
			t.Commit = h.Commit
		}
		frames++
		if h.Closes {
			t.End = h.Offset + h.Size
			r.total, r.left = frames, frames
			return t, nil
		}
	}
}

// Frame decodes the next frame of the transaction Next returned, as
// NextFrame decodes it: the frame is the reader's, valid until the next
// call (its Delta is the caller's to keep). After the transaction's last
// frame it returns io.EOF.
func (r *TxnReader) Frame() (*format.Frame, error) {
	if r.left == 0 {
		return nil, io.EOF
	}
	t, d := &r.t, r.d
	if r.left == r.total && (d == nil || d.err != nil || d.c.pos() != t.Offset) {
		d = r.at(t.Offset, t.Index)
	}
	fr, err := d.NextFrame()
	if err == nil && (r.left == 1) != d.closedTxn {
		// The bytes read differently the second time: the file changed.
		err = d.wrap(&format.DecodeError{Offset: fr.Offset, Err: format.ErrCorrupt,
			Reason: fmt.Sprintf("transaction #%d does not read again as it read first", t.Index)}, "delta", "")
	}
	if err != nil {
		r.left = 0
		return nil, err
	}
	r.left--
	if r.left == 0 && fr.Offset+fr.Size != t.End {
		return nil, d.wrap(&format.DecodeError{Offset: fr.Offset, Err: format.ErrCorrupt,
			Reason: fmt.Sprintf("transaction #%d does not read again as it read first", t.Index)}, "delta", "")
	}
	return fr, nil
}

// at positions the frame decoder at the transaction that starts at off,
// the txn-th of the file.
func (r *TxnReader) at(off int64, txn int) *WAL {
	w, d := r.w, r.d
	if d == nil {
		d = &WAL{r: w.r, size: w.size, path: w.path, Header: w.Header, Features: w.Features, deltaOK: w.deltaOK,
			behind: Behind{At: -1, OwnEnd: -1}}
		d.c = newCursor(w.r, off, w.size, w.Features)
		r.d = d
	} else {
		d.c.reset(w.r, off, w.size)
	}
	d.err, d.inTxn, d.closedTxn, d.txns, d.frames = nil, false, false, txn, 0
	d.lastOffset, d.lastTxnEnd = off, off
	return d
}
