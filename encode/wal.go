package encode

import (
	"errors"
	"fmt"
	"hash/crc32"
	"io"

	"github.com/durascope/durascope/format"
)

// WALOptions tune EncodeWALWith and NewWALWriter. The zero value is the
// default: every CRC recomputed, the summary written as given and checked.
type WALOptions struct {
	// Verbatim writes the stored CRCs (WALHeader.HeaderCRC, WALSummary.CRC,
	// TxnEnd.CRC) instead of recomputing them, and does not check a
	// finalized summary against the frames: a way to produce damaged files
	// on purpose.
	Verbatim bool
	// Finalize writes an unfinalized (zero) summary and, at Close,
	// back-patches it with the totals of the complete transactions, as
	// Memgraph does when it finalizes a file. It needs WALSummary and an
	// io.WriteSeeker or io.WriterAt; the header's summary values are ignored.
	Finalize bool
}

// WALWriter writes a WAL frame by frame. Memory does not grow with the file.
type WALWriter struct {
	f      format.Features
	h      format.WALHeader
	opts   WALOptions
	o      *out
	e      enc
	patch  func(off int64, b []byte) error
	chk    issues
	inTxn  bool
	txnTS  uint64
	txnN   uint64
	frames int
	totals format.WALTotals
	tail   bool
	closed bool
	err    error
	txnBuf []format.Frame // WriteTxn's frames, reused
}

func walHeaderEnd(f format.Features, h *format.WALHeader) uint64 {
	n := uint64(31 + 1 + 9 + len(h.UUID) + 9 + len(h.Epoch) + 9)
	if f.Has(format.FeatCRC) {
		n += 9
	}
	if f.Has(format.FeatWALSummary) {
		n += 36
	}
	return n
}

// walOffsetMetadata is where SECTION_METADATA starts: right after the two
// header offsets.
const walOffsetMetadata = 31

// summaryBytes encodes the 36-byte summary region; its CRC covers the three
// values and the CRC field's marker.
func summaryBytes(s *format.WALSummary, verbatim bool) ([]byte, uint32) {
	var e enc
	e.uint(s.FromTimestamp)
	e.uint(s.ToTimestamp)
	e.uint(s.NumDeltas)
	e.marker(format.MarkerInt)
	c := crc32.ChecksumIEEE(e.b)
	if verbatim {
		c = s.CRC
	}
	e.b = append(e.b, crcValue(c)...)
	return e.b, c
}

// patcher returns a function writing at absolute offsets of w (relative to
// its current position for an io.WriteSeeker, to 0 for an io.WriterAt).
func patcher(w io.Writer) (func(off int64, b []byte) error, error) {
	switch ww := w.(type) {
	case io.WriteSeeker:
		base, err := ww.Seek(0, io.SeekCurrent)
		if err != nil {
			return nil, err
		}
		return func(off int64, b []byte) error {
			end, err := ww.Seek(0, io.SeekCurrent)
			if err != nil {
				return err
			}
			if _, err := ww.Seek(base+off, io.SeekStart); err != nil {
				return err
			}
			if _, err := ww.Write(b); err != nil {
				return err
			}
			_, err = ww.Seek(end, io.SeekStart)
			return err
		}, nil
	case io.WriterAt:
		return func(off int64, b []byte) error {
			_, err := ww.WriteAt(b, off)
			return err
		}, nil
	}
	return nil, errors.New("encode: back-patching needs an io.WriteSeeker or an io.WriterAt")
}

func (c *issues) walHeader(f format.Features, h *format.WALHeader, opts *WALOptions) {
	if h.Summary != nil && !f.Has(format.FeatWALSummary) {
		c.needs("header.summary", "WAL summary", format.FeatWALSummary)
	}
	if opts.Verbatim && h.HeaderCRC != 0 && !f.Has(format.FeatCRC) {
		c.needs("header", "header CRC", format.FeatCRC)
	}
	if opts.Finalize && !f.Has(format.FeatWALSummary) {
		c.needs("header.summary", "finalizing (a summary to back-patch)", format.FeatWALSummary)
	}
}

// NewWALWriter writes the header of h to w: offsets recomputed
// (offset_metadata 31, offset_deltas after the header and h.Gap), the header
// CRC and summary CRC recomputed unless opts.Verbatim, then h.Gap. A nil
// summary is written unfinalized (zeros). opts may be nil.
func NewWALWriter(w io.Writer, h format.WALHeader, opts *WALOptions) (*WALWriter, error) {
	if err := checkVersion(h.Version); err != nil {
		return nil, err
	}
	ww := &WALWriter{f: format.FeaturesOf(h.Version)}
	if opts != nil {
		ww.opts = *opts
	}
	f := ww.f
	c := &issues{v: h.Version}
	c.walHeader(f, &h, &ww.opts)
	if err := c.err(); err != nil {
		return nil, err
	}
	if ww.opts.Finalize {
		p, err := patcher(w)
		if err != nil {
			return nil, err
		}
		ww.patch = p
	}
	ww.chk.v = h.Version
	h.HeaderEnd = walHeaderEnd(f, &h)
	h.OffsetMetadata = walOffsetMetadata
	h.OffsetDeltas = h.HeaderEnd + uint64(len(h.Gap))
	e := &ww.e
	e.b = append(e.b, format.WALMagic...)
	e.u64(uint64(h.Version))
	e.marker(format.SectionOffsets)
	e.uint(h.OffsetMetadata)
	e.uint(h.OffsetDeltas)
	e.marker(format.SectionMetadata)
	e.str(h.UUID)
	e.str(h.Epoch)
	e.uint(h.SeqNum)
	if f.Has(format.FeatCRC) {
		e.marker(format.MarkerInt)
		if !ww.opts.Verbatim {
			h.HeaderCRC = crc32.ChecksumIEEE(e.b)
		}
		e.b = append(e.b, crcValue(h.HeaderCRC)...)
	} else {
		h.HeaderCRC = 0
	}
	if f.Has(format.FeatWALSummary) {
		s := format.WALSummary{}
		if h.Summary != nil && !ww.opts.Finalize {
			s = *h.Summary
		}
		b, crc := summaryBytes(&s, ww.opts.Verbatim)
		s.CRC = crc
		e.b = append(e.b, b...)
		h.Summary = &s
	}
	if uint64(len(e.b)) != h.HeaderEnd {
		panic("encode: WAL header size mismatch")
	}
	e.b = append(e.b, h.Gap...)
	h.Gap = append([]byte(nil), h.Gap...)
	ww.h = h
	ww.o = newOut(w, 0)
	ww.o.write(e.b)
	return ww, ww.o.err
}

// Header returns the header as written: offsets, header end and CRCs as
// computed. After Close with Finalize, the summary is the back-patched one.
func (w *WALWriter) Header() format.WALHeader { return w.h }

// Totals returns what the complete transactions written so far hold.
func (w *WALWriter) Totals() format.WALTotals { return w.totals }

// Offset is the absolute offset of the next frame.
func (w *WALWriter) Offset() int64 { return w.o.pos }

// InTransaction reports whether the last frame left a transaction open.
func (w *WALWriter) InTransaction() bool { return w.inTxn }

func (w *WALWriter) fail(err error) error {
	if w.err == nil {
		w.err = err
	}
	return err
}

// WriteFrame writes one frame: 0x26, the timestamp, the marker and the
// payload; a TRANSACTION_END of a version with CRC gets the CRC of its
// transaction. Frame.Offset and Frame.Size are ignored. A frame the version
// cannot represent, or whose timestamp differs from its open transaction's,
// is refused with a *ModelError and nothing is written; the writer stays
// usable.
func (w *WALWriter) WriteFrame(fr format.Frame) error {
	if w.err != nil {
		return w.err
	}
	if w.closed || w.tail {
		return errors.New("encode: frame written after the tail or Close")
	}
	f := w.f
	c := &w.chk
	c.list, c.more = c.list[:0], 0
	c.frame(f, &fr, w.opts.Verbatim)
	if w.inTxn && fr.Timestamp != w.txnTS {
		c.invalid("", fmt.Sprintf("timestamp %d inside a transaction with timestamp %d", fr.Timestamp, w.txnTS))
	}
	if !c.ok() {
		where := fmt.Sprintf("frame #%d %s", w.frames, fr.Marker)
		list := make([]Issue, len(c.list))
		for i, is := range c.list {
			is.Where = where + is.Where
			list[i] = is
		}
		return &ModelError{Version: f.Version, Issues: list, Omitted: c.more}
	}
	o := w.o
	if !w.inTxn {
		w.inTxn, w.txnTS, w.txnN = true, fr.Timestamp, 0
		o.crc, o.crcOn = 0, f.Has(format.FeatCRC)
	}
	e := &w.e
	e.reset()
	e.marker(format.SectionDelta)
	e.uint(fr.Timestamp)
	e.marker(fr.Marker)
	if fr.Marker == format.DeltaTransactionEnd {
		if f.Has(format.FeatCRC) {
			e.marker(format.MarkerInt)
			o.write(e.b)
			crc := o.crc
			if w.opts.Verbatim {
				crc = fr.Delta.(format.TxnEnd).CRC
			}
			o.crcOn = false
			o.write(crcValue(crc))
		} else {
			o.write(e.b)
		}
	} else {
		e.payload(f, fr.Marker, fr.Delta)
		o.write(e.b)
	}
	if o.err != nil {
		return w.fail(o.err)
	}
	w.frames++
	w.txnN++
	if format.ClosesTransaction(fr.Marker, f) {
		w.totals.Add(w.txnTS, w.txnN)
		w.inTxn = false
		o.crcOn = false
	}
	return nil
}

// WriteTail writes b verbatim after the last frame (the torn tail of an
// unfinalized file). No frame may follow.
func (w *WALWriter) WriteTail(b []byte) error {
	if w.err != nil {
		return w.err
	}
	if w.closed {
		return errors.New("encode: tail written after Close")
	}
	w.tail = w.tail || len(b) > 0
	w.o.crcOn = false
	w.o.write(b)
	if w.o.err != nil {
		return w.fail(w.o.err)
	}
	return nil
}

// Close flushes the file. With Finalize it back-patches the summary;
// otherwise a finalized summary in the header must match the complete
// transactions written (unless Verbatim), and the file must then end on a
// transaction boundary, as Memgraph only finalizes such files.
func (w *WALWriter) Close() error {
	if w.err != nil {
		return w.err
	}
	if w.closed {
		return nil
	}
	w.closed = true
	if err := w.o.flush(); err != nil {
		return w.fail(err)
	}
	s := w.h.Summary
	switch {
	case w.opts.Finalize:
		if w.inTxn || w.tail {
			return w.fail(errors.New("encode: cannot finalize a WAL that ends inside a transaction"))
		}
		sum := w.totals.Summary()
		b, crc := summaryBytes(&sum, false)
		sum.CRC = crc
		if err := w.patch(int64(w.h.HeaderEnd)-36, b); err != nil {
			return w.fail(err)
		}
		w.h.Summary = &sum
	case s.Finalized() && !w.opts.Verbatim:
		if err := summaryIssue(w.f.Version, s, w.totals, w.inTxn || w.tail); err != nil {
			return w.fail(err)
		}
	}
	return nil
}

func summaryIssue(v format.Version, s *format.WALSummary, t format.WALTotals, open bool) error {
	c := &issues{v: v}
	if open {
		c.invalid("header.summary", "a finalized WAL (summary delta count nonzero) must end on a transaction boundary")
	}
	if t.Frames != s.NumDeltas || t.FromTimestamp != s.FromTimestamp || t.ToTimestamp != s.ToTimestamp {
		c.invalid("header.summary", fmt.Sprintf("summary says %d deltas from %d to %d, the frames hold %d from %d to %d",
			s.NumDeltas, s.FromTimestamp, s.ToTimestamp, t.Frames, t.FromTimestamp, t.ToTimestamp))
	}
	return c.err()
}

// EncodeWAL writes m to w with the default options.
func EncodeWAL(w io.Writer, m *format.WAL) error { return EncodeWALWith(w, m, nil) }

// EncodeWALWith checks m (as CheckWAL does) and writes it through a
// WALWriter: header, frames one by one, then m.Tail verbatim. Nothing is
// written when the model is refused.
func EncodeWALWith(w io.Writer, m *format.WAL, opts *WALOptions) error {
	if opts == nil {
		opts = &WALOptions{}
	}
	if err := checkWAL(m, opts); err != nil {
		return err
	}
	ww, err := NewWALWriter(w, m.Header, opts)
	if err != nil {
		return err
	}
	for _, fr := range m.Frames {
		if err := ww.WriteFrame(fr); err != nil {
			return err
		}
	}
	if err := ww.WriteTail(m.Tail); err != nil {
		return err
	}
	return ww.Close()
}

// CheckWAL reports, as a *ModelError, everything in m that its version
// cannot represent or that would not read back as written: unknown or later
// deltas, payload fields the version lacks, payload types that do not fit
// their marker, a timestamp change inside a transaction, a finalized summary
// that disagrees with the frames.
func CheckWAL(m *format.WAL) error { return checkWAL(m, &WALOptions{}) }

func checkWAL(m *format.WAL, opts *WALOptions) error {
	v := m.Header.Version
	if err := checkVersion(v); err != nil {
		return err
	}
	f := format.FeaturesOf(v)
	c := &issues{v: v}
	c.walHeader(f, &m.Header, opts)
	var (
		t     format.WALTotals
		inTxn bool
		ts, n uint64
		tmp   = issues{v: v}
	)
	for i := range m.Frames {
		fr := &m.Frames[i]
		tmp.list, tmp.more = tmp.list[:0], 0
		tmp.frame(f, fr, opts.Verbatim)
		if inTxn && fr.Timestamp != ts {
			tmp.invalid("", fmt.Sprintf("timestamp %d inside a transaction with timestamp %d", fr.Timestamp, ts))
		}
		if !tmp.ok() || tmp.more > 0 {
			where := fmt.Sprintf("frame #%d %s", i, fr.Marker)
			for _, is := range tmp.list {
				is.Where = where + is.Where
				c.add(is)
			}
			c.more += tmp.more
		}
		if !inTxn {
			inTxn, ts, n = true, fr.Timestamp, 0
		}
		n++
		if format.ClosesTransaction(fr.Marker, f) {
			t.Add(ts, n)
			inTxn = false
		}
	}
	if s := m.Header.Summary; s.Finalized() && !opts.Finalize && !opts.Verbatim && f.Has(format.FeatWALSummary) {
		if err := summaryIssue(v, s, t, inTxn || len(m.Tail) > 0); err != nil {
			c.list = append(c.list, err.(*ModelError).Issues...)
		}
	}
	return c.err()
}
