package decode

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"iter"

	"github.com/durascope/durascope/format"
)

// WAL streams the frames of one WAL file. Memory does not grow with the
// file: Next decodes one frame at a time. CRCs (Features.CRC) are checked as
// frames are read. The end of the stream is io.EOF when the file ends on a
// transaction boundary, and an error wrapping format.ErrTornTail when an
// unfinalized file ends inside a transaction (what Memgraph drops silently).
type WAL struct {
	r        io.ReaderAt
	size     int64
	path     string
	Header   format.WALHeader
	Features format.Features
	c        *cursor
	err      error
	fr       format.Frame // the frame NextFrame returns
	deltaOK  [256]bool    // the delta markers of the version (deltaTable)

	frames     int   // frames returned so far
	txns       int   // transactions completed so far
	inTxn      bool  // a transaction is open
	txnOffset  int64 // where the open transaction starts
	txnTS      uint64
	txnFrames  int
	closedTxn  bool // the last frame returned closed a transaction
	completed  format.WALTotals
	lastOffset int64 // end of the last complete frame
	lastTxnEnd int64 // end of the last complete transaction
	// expected is what a field that a torn write can split (a frame
	// timestamp, a transaction CRC) should have held when it failed.
	expected    uint64
	hasExpected bool
	tsKnown     bool   // txnTS is the open transaction's (its first timestamp was read)
	behind      Behind // after a failure of an unfinalized file: what follows it
	searching   bool   // a decoder of the search for what follows a failure
	firstTS     uint64 // searching: the first complete transaction's timestamp
	firstEnd    int64  // searching: where it ends
}

// OpenWAL reads and checks the header (and, with Features.CRC and
// Features.WALSummary, the header CRC and the summary).
func OpenWAL(r io.ReaderAt, size int64, path string) (*WAL, error) {
	w := &WAL{r: r, size: size, path: path}
	var hdr [12]byte
	n, _ := r.ReadAt(hdr[:], 0)
	if n < 4 {
		return nil, w.wrap(&format.DecodeError{Offset: int64(n), Err: format.ErrTruncated, Reason: "file shorter than the 4-byte magic"}, "header", "")
	}
	if string(hdr[:4]) != format.WALMagic {
		return nil, w.wrap(&format.DecodeError{Err: format.ErrBadMagic, Reason: fmt.Sprintf("magic %q is not %q", hdr[:4], format.WALMagic)}, "header", "")
	}
	if n < 12 {
		return nil, w.wrap(&format.DecodeError{Offset: int64(n), Err: format.ErrTruncated, Reason: "file ends inside the version field"}, "header", "")
	}
	h := &w.Header
	h.Version = format.Version(binary.LittleEndian.Uint64(hdr[4:]))
	if !h.Version.Supported() {
		return nil, w.wrap(&format.DecodeError{Offset: 4, Err: &format.UnsupportedVersionError{Version: h.Version},
			Reason: fmt.Sprintf("version %d", uint64(h.Version))}, "header", "")
	}
	f := format.FeaturesOf(h.Version)
	w.Features = f
	c := newCursor(r, 0, size, f)
	c.crcReset(true)
	c.take(12, "magic and version")
	c.marker(format.SectionOffsets, "offsets")
	at := c.pos()
	h.OffsetMetadata = c.uint("metadata offset")
	h.OffsetDeltas = c.uint("deltas offset")
	if h.OffsetMetadata != uint64(c.pos()) {
		c.corrupt(at, "metadata offset %d does not follow the offsets (expected %d)", h.OffsetMetadata, c.pos())
	}
	c.marker(format.SectionMetadata, "metadata")
	h.UUID = c.str("storage uuid")
	h.Epoch = c.str("epoch id")
	h.SeqNum = c.uint("sequence number")
	if f.Has(format.FeatCRC) {
		h.HeaderCRC = w.checkCRC(c, "header CRC")
	}
	if c.err != nil {
		return nil, w.wrap(c.err, "header", "")
	}
	if f.Has(format.FeatWALSummary) {
		c.crcReset(true)
		s := &format.WALSummary{}
		s.FromTimestamp = c.uint("summary from timestamp")
		s.ToTimestamp = c.uint("summary to timestamp")
		s.NumDeltas = c.uint("summary delta count")
		s.CRC = w.checkCRC(c, "summary CRC")
		if c.err != nil {
			return nil, w.wrap(c.err, "summary", "")
		}
		h.Summary = s
	}
	c.crcOn = false
	h.HeaderEnd = uint64(c.pos())
	if h.OffsetDeltas < h.HeaderEnd || h.OffsetDeltas > uint64(size) {
		return nil, w.wrap(corruptError(22, "deltas offset %d lies outside %d..%d", h.OffsetDeltas, h.HeaderEnd, size), "header", "")
	}
	if gap := h.OffsetDeltas - h.HeaderEnd; gap > 0 {
		// Bytes that cannot be read are as unexplained as too many bytes.
		b := c.take(int(min(gap, readBufferSize)), "header gap")
		if b == nil || gap > readBufferSize {
			return nil, w.wrap(corruptError(int64(h.HeaderEnd), "%d unexplained bytes before the first delta", gap), "header", "")
		}
		h.Gap = append([]byte(nil), b...)
	}
	w.c = c
	w.deltaOK = deltaTable(h.Version)
	w.lastOffset, w.lastTxnEnd = c.pos(), c.pos()
	w.behind = Behind{At: -1, OwnEnd: -1}
	return w, nil
}

// checkCRC reads a CRC trailer: the 0x12 marker is covered by the running
// CRC, the 8 value bytes are not; the high 4 bytes must be zero. A mismatch
// is recorded in c as ErrChecksum.
func (w *WAL) checkCRC(c *cursor, what string) uint32 {
	at := c.pos()
	c.marker(format.MarkerInt, what)
	want := c.crcSum()
	crcOn := c.crcOn
	c.crcOn = false
	v := c.u64(what)
	c.crcOn, c.crcFrom = crcOn, c.i
	if c.err == nil && v != uint64(want) {
		w.expected, w.hasExpected = uint64(want), true
		c.fail(&format.DecodeError{Offset: at, Err: format.ErrChecksum,
			Reason: fmt.Sprintf("%s: stored 0x%08x, computed 0x%08x", what, v, want)})
	}
	return uint32(v)
}

// SkipPayloads makes Next read and check every payload as before (markers,
// lengths, value types, CRCs: the same errors at the same offsets) without
// building it: frames come without their Delta, but for TRANSACTION_START,
// whose commit flag readers of the framing need. Reading so allocates
// nothing per frame. It is for readers of the framing alone (verify,
// stats, info).
func (w *WAL) SkipPayloads() { w.c.skim = true }

// Path returns the path given to OpenWAL.
func (w *WAL) Path() string { return w.path }

// Size returns the file size.
func (w *WAL) Size() int64 { return w.size }

// Finalized reports whether the file carries a back-patched summary; such a
// file is trusted by Memgraph, and damage in it is fatal, not a torn tail.
func (w *WAL) Finalized() bool { return w.Header.Summary.Finalized() }

// Totals returns what the complete transactions read so far hold.
func (w *WAL) Totals() format.WALTotals { return w.completed }

// TransactionIndex is the index of the transaction the last frame belongs to.
func (w *WAL) TransactionIndex() int {
	if w.closedTxn {
		return w.txns - 1
	}
	return w.txns
}

// ClosedTransaction reports whether the last frame Next returned completed a transaction.
func (w *WAL) ClosedTransaction() bool { return w.closedTxn }

// FramesEnd is where the last frame Next returned ends; bytes after it that
// did not decode are the tail.
func (w *WAL) FramesEnd() int64 { return w.lastOffset }

// CompleteEnd is the offset where the last complete transaction ends: the
// length Memgraph would keep of an unfinalized file.
func (w *WAL) CompleteEnd() int64 { return w.lastTxnEnd }

func (w *WAL) wrap(err error, section, record string) error {
	return locate(err, w.path, section, record)
}

// Next returns the next frame. At the end it returns io.EOF, or a
// *format.DecodeError wrapping ErrTornTail, ErrTruncated, ErrCorrupt or
// ErrChecksum. Errors are sticky.
func (w *WAL) Next() (format.Frame, error) {
	fr, err := w.NextFrame()
	return *fr, err
}

// NextFrame is Next returning the frame in place: it is the WAL's, valid
// until the next call (its Delta is the caller's to keep). Readers of every
// frame of a large file save copying it.
func (w *WAL) NextFrame() (*format.Frame, error) {
	if w.err != nil {
		w.fr = format.Frame{}
		return &w.fr, w.err
	}
	if err := w.next(); err != nil {
		w.err = err
		w.closedTxn = false
		return &w.fr, err
	}
	return &w.fr, nil
}

// next reads the next frame into w.fr.
func (w *WAL) next() error {
	c, fr := w.c, &w.fr
	w.closedTxn, w.hasExpected = false, false
	*fr = format.Frame{}
	if c.remaining() <= 0 {
		return w.atEnd()
	}
	if !w.inTxn {
		w.inTxn, w.txnOffset, w.txnFrames, w.tsKnown = true, c.pos(), 0, false
		c.crcReset(w.Features.Has(format.FeatCRC))
	}
	fr.Offset = c.pos()
	if !w.framePrefix() {
		c.marker(format.SectionDelta, "delta frame")
		fr.Timestamp = c.uint("frame timestamp")
		if c.err == nil {
			if w.txnFrames == 0 {
				w.txnTS, w.tsKnown = fr.Timestamp, true
			} else if fr.Timestamp != w.txnTS {
				w.expected, w.hasExpected = w.txnTS, true
				c.corrupt(fr.Offset+1, "frame timestamp %d differs from its transaction's timestamp %d", fr.Timestamp, w.txnTS)
			}
		}
		at := c.pos()
		fr.Marker = format.Marker(c.u8("delta type"))
		if c.err == nil && !w.deltaOK[fr.Marker] {
			if first, ok := format.DeltaFirstVersion(fr.Marker); !ok {
				c.corrupt(at, "unknown delta type 0x%02x", byte(fr.Marker))
			} else if first > w.Header.Version {
				c.corrupt(at, "delta %s needs format %d, file is %d", fr.Marker, uint64(first), uint64(w.Header.Version))
			}
		}
		if c.err != nil {
			return w.frameError(*fr, c.err)
		}
	}
	fr.Delta = w.payload(fr.Marker)
	if c.err != nil {
		return w.frameError(*fr, c.err)
	}
	fr.Size = c.pos() - fr.Offset
	w.frames++
	w.txnFrames++
	w.lastOffset = c.pos()
	if format.ClosesTransaction(fr.Marker, w.Features) {
		w.closeTxn()
	}
	return nil
}

// framePrefix reads the start of a frame (0x26, the timestamp, the delta
// type) in one step when it lies in the window and is what the checks
// below it in next accept; otherwise it reads nothing and next reads the
// fields one by one, with their errors.
func (w *WAL) framePrefix() bool {
	c, fr := w.c, &w.fr
	i := c.i
	if i+11 > c.lim {
		return false
	}
	b := c.buf[i : i+11]
	ts, m := binary.LittleEndian.Uint64(b[2:10]), format.Marker(b[10])
	if b[0] != byte(format.SectionDelta) || b[1] != byte(format.MarkerInt) || !w.deltaOK[m] ||
		(w.txnFrames > 0 && ts != w.txnTS) {
		return false
	}
	c.i = i + 11
	fr.Timestamp, fr.Marker = ts, m
	if w.txnFrames == 0 {
		w.txnTS, w.tsKnown = ts, true
	}
	return true
}

// deltaTable marks the delta markers a file of version v may hold.
func deltaTable(v format.Version) (t [256]bool) {
	for m := range t {
		first, ok := format.DeltaFirstVersion(format.Marker(m))
		t[m] = ok && first <= v
	}
	return t
}

// frameError locates err in frame fr. In an unfinalized file, where the
// file ends inside the frame's transaction, or only zero bytes follow (a
// file extended by the crash but never written), the error becomes a torn
// tail, unless what follows shows the file went on (Behind): then it is
// damage, and the reason says what Memgraph drops behind it.
func (w *WAL) frameError(fr format.Frame, err error) error {
	record := fmt.Sprintf("frame #%d, transaction #%d", w.frames, w.txns)
	if fr.Marker != 0 {
		record = fmt.Sprintf("frame #%d %s, transaction #%d", w.frames, fr.Marker, w.txns)
	}
	var de *format.DecodeError
	if !errors.As(err, &de) || w.Finalized() {
		return w.wrap(err, "delta", record)
	}
	torn := errors.Is(err, format.ErrTruncated) || w.zeroPadded(de.Offset)
	if w.searching {
		if torn {
			de.Err = format.ErrTornTail
		}
		return w.wrap(err, "delta", record)
	}
	w.behind = w.searchBehind(w.txnOffset, fr.Offset)
	if torn && !w.behind.Damage() {
		w.behind.WholeCRC = w.crcEndsFile()
	}
	switch b := w.behind; {
	case torn && !b.Damage():
		de.Err = format.ErrTornTail
		de.Reason = fmt.Sprintf("file ends inside transaction #%d (starts at offset %d, %d complete frames before it): %s",
			w.txns, w.txnOffset, w.txnFrames, de.Reason)
		de.Offset = w.txnOffset
	case torn:
		de.Err = format.ErrCorrupt
		de.Reason = fmt.Sprintf("transaction #%d (offset %d) does not decode: %s; %s", w.txns, w.txnOffset, de.Reason, b.why())
	case b.Transactions > 0:
		de.Reason += "; " + b.why()
	}
	return w.wrap(err, "delta", record)
}

// why says, in words, what the evidence shows.
func (b Behind) why() string {
	switch {
	case b.Transactions > 0:
		return fmt.Sprintf("not a torn tail: %d complete transaction(s) follow from offset %d, which Memgraph, reading no further, silently drops", b.Transactions, b.At)
	case b.OwnEnd >= 0:
		return fmt.Sprintf("not a torn tail: the transaction's own TRANSACTION_END follows at offset %d, so it was written whole and is damaged", b.OwnEnd)
	case b.WholeCRC:
		return "not a torn tail: the file ends in the transaction's CRC, which its bytes match but for one flipped bit, so it was written whole and is damaged"
	case b.Undetermined:
		return "the bytes after it could not be shown to be a torn write"
	}
	return ""
}

// Behind reports, after Next failed in an unfinalized file, what the bytes
// after the failing transaction hold.
func (w *WAL) Behind() Behind { return w.behind }

// zeroPadded reports whether the field that failed at off lies in a run of
// zero bytes lasting to the end of the file, as a crash leaves a file that
// was extended but never written. The field must start inside the run, or be
// a field a torn write can split (a timestamp or CRC whose marker is at off):
// then the bytes present must be a prefix of the expected value, and the
// missing ones must not all be zero. Every v36+ file ends in the zero high
// half of a CRC, so a looser rule would excuse real damage as a torn tail.
func (w *WAL) zeroPadded(off int64) bool {
	zs, ok := TrailingZerosStart(w.r, w.size)
	switch {
	case !ok || zs >= w.size:
		return false
	case off >= zs:
		return true
	case !w.hasExpected || off+1 > zs || off+9 <= zs:
		return false
	}
	var want [8]byte
	binary.LittleEndian.PutUint64(want[:], w.expected)
	present := make([]byte, zs-off-1)
	if _, err := w.r.ReadAt(present, off+1); err != nil || !bytes.Equal(present, want[:len(present)]) {
		return false
	}
	return !bytes.Equal(want[len(present):], make([]byte, 8-len(present)))
}

// TrailingZerosStart finds where the run of zero bytes at the end of the
// first size bytes of r starts (size when the last byte is not zero); ok is
// false when r cannot be read. A crash that extended a file but never wrote
// it leaves such a run: the one rule for "only zeros follow" everywhere.
func TrailingZerosStart(r io.ReaderAt, size int64) (start int64, ok bool) {
	var buf [4096]byte
	end := size
	for end > 0 {
		n := min(int64(len(buf)), end)
		if _, err := r.ReadAt(buf[:n], end-n); err != nil {
			return 0, false
		}
		for i := n - 1; i >= 0; i-- {
			if buf[i] != 0 {
				return end - n + i + 1, true
			}
		}
		end -= n
	}
	return 0, true
}

// ZeroFrom reports whether the bytes of r from off up to size are all zero
// (true when off >= size).
func ZeroFrom(r io.ReaderAt, off, size int64) bool {
	zs, ok := TrailingZerosStart(r, size)
	return ok && zs <= off
}

func (w *WAL) closeTxn() {
	w.completed.Add(w.txnTS, uint64(w.txnFrames))
	w.txns++
	w.inTxn = false
	w.closedTxn = true
	w.lastTxnEnd = w.c.pos()
	w.c.crcOn = false
}

// atEnd classifies the end of the file.
func (w *WAL) atEnd() error {
	if w.inTxn {
		class := format.ErrTornTail
		reason := fmt.Sprintf("file ends after %d frames of transaction #%d without its TRANSACTION_END", w.txnFrames, w.txns)
		switch {
		case w.Finalized():
			class = format.ErrTruncated
			reason += "; " + w.promised()
		case !w.searching:
			// Every frame decoded; only a CRC can still show the end frame
			// was there, damaged into another delta.
			if w.behind.WholeCRC = w.crcEndsFile(); w.behind.WholeCRC {
				class = format.ErrCorrupt
				reason += "; " + w.behind.why()
			}
		}
		return w.wrap(&format.DecodeError{Offset: w.txnOffset, Err: class, Reason: reason},
			"delta", fmt.Sprintf("transaction #%d", w.txns))
	}
	if s := w.Header.Summary; s.Finalized() {
		t := w.completed
		if t.Frames < s.NumDeltas {
			// Ends between transactions, short of what the summary promises:
			// the file was cut, and Memgraph's replay fails here.
			return w.wrap(&format.DecodeError{Offset: w.size, Err: format.ErrTruncated,
				Reason: "the file ends early: " + w.promised()},
				"delta", fmt.Sprintf("transaction #%d", w.txns))
		}
		if t.Frames != s.NumDeltas || t.FromTimestamp != s.FromTimestamp || t.ToTimestamp != s.ToTimestamp {
			return w.wrap(&format.DecodeError{Offset: int64(w.Header.HeaderEnd) - 36, Err: format.ErrCorrupt,
				Reason: fmt.Sprintf("summary says %d deltas from %d to %d, the file holds %d from %d to %d",
					s.NumDeltas, s.FromTimestamp, s.ToTimestamp, t.Frames, t.FromTimestamp, t.ToTimestamp)}, "summary", "")
		}
	}
	return io.EOF
}

// promised compares a finalized file's summary with what is present: a cut
// copy of a finalized file holds fewer deltas than it promises.
func (w *WAL) promised() string {
	s, t := w.Header.Summary, w.completed
	have := "none"
	if t.Transactions > 0 {
		have = fmt.Sprintf("%d, up to timestamp %d", t.Frames, t.ToTimestamp)
	}
	return fmt.Sprintf("its summary promises %d deltas up to timestamp %d, the complete transactions present hold %s (an incomplete copy?)",
		s.NumDeltas, s.ToTimestamp, have)
}

// Frames iterates over the frames; a final non-EOF error is yielded once.
func (w *WAL) Frames() iter.Seq2[format.Frame, error] {
	return func(yield func(format.Frame, error) bool) {
		for {
			fr, err := w.Next()
			if err == io.EOF {
				return
			}
			if !yield(fr, err) || err != nil {
				return
			}
		}
	}
}

// Transaction is the frames of one transaction, in file order.
type Transaction struct {
	Index     int
	Offset    int64
	End       int64
	Timestamp uint64
	// Commit is false only for a TxnStart transaction whose commit flag was
	// never set (an aborted two-phase commit); Memgraph skips it.
	Commit bool
	Frames []format.Frame
}

// NextTransaction returns the next complete transaction. Its memory is the
// size of that transaction.
func (w *WAL) NextTransaction() (*Transaction, error) {
	var t *Transaction
	for {
		fr, err := w.Next()
		if err != nil {
			return nil, err
		}
		if t == nil {
			t = &Transaction{Index: w.txns, Offset: fr.Offset, Timestamp: fr.Timestamp, Commit: true}
		}
		if s, ok := fr.Delta.(format.TxnStart); ok {
			t.Commit = s.Commit
		}
		t.Frames = append(t.Frames, fr)
		if w.closedTxn {
			t.End = fr.Offset + fr.Size
			return t, nil
		}
	}
}

// Transactions iterates over complete transactions.
func (w *WAL) Transactions() iter.Seq2[*Transaction, error] {
	return func(yield func(*Transaction, error) bool) {
		for {
			t, err := w.NextTransaction()
			if err == io.EOF {
				return
			}
			if !yield(t, err) || err != nil {
				return
			}
		}
	}
}

// DecodeWAL reads a whole WAL into the lossless model. A torn tail is not an
// error here: its bytes go to Tail and the error is returned alongside the
// model so the caller can report it.
func DecodeWAL(r io.ReaderAt, size int64, path string) (*format.WAL, error) {
	w, err := OpenWAL(r, size, path)
	if err != nil {
		return nil, err
	}
	m := &format.WAL{Header: w.Header}
	for {
		fr, err := w.Next()
		if err == io.EOF {
			return m, nil
		}
		if err != nil {
			if format.IsTornTail(err) {
				m.Tail = make([]byte, size-w.FramesEnd())
				r.ReadAt(m.Tail, w.FramesEnd())
				return m, err
			}
			return nil, err
		}
		m.Frames = append(m.Frames, fr)
	}
}
