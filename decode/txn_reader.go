package decode

import (
	"encoding/binary"
	"fmt"
	"io"

	"github.com/durascope/durascope/format"
)

// TxnReader reads the complete transactions of a WAL as NextTransaction
// does, with its errors, but without holding a transaction's frames in
// memory: Next reads ahead to the end of the next transaction, checking
// every frame and skimming payloads (NextNotable), and returns it with
// Frames nil; Delta then reads its frames, from the file again, as views
// (DeltaView). A replay applies a transaction only once it is known to be
// complete, as NextTransaction lets it, and one transaction of any size
// costs a frame's memory. A transaction that lies whole in the read
// window, of at most txnReadAhead frames, is read once: Next takes it
// apart into the views Delta returns. The WAL it reads is its own: after
// an error, the WAL's state (Behind, CompleteEnd, ...) is that of
// NextTransaction's; while transactions are read, it has read ahead of
// them.
type TxnReader struct {
	w     *WAL        // finds the transactions, skimming
	d     *WAL        // reads the frames of the current one again
	heads []FrameHead // read ahead by w: heads[next:n] are not yet used
	next  int
	n     int
	err   error // what follows heads[:n]
	t     Transaction
	total int // frames of t
	left  int // frames of t Delta has still to return
	p     FrameParser
	// A run of frames of t read in one go (viewRun: by w, for a
	// transaction read once, else by d), whose bytes lie in its window,
	// taken apart: views[runAt:runTo] are not yet returned, and runErr
	// follows them.
	views        []DeltaView
	runAt, runTo int
	runErr       error
}

// txnReadAhead is how many frames a TxnReader skims ahead in one call,
// and at most takes apart in one go.
const txnReadAhead = 256

// NewTxnReader reads the transactions of w from where it stands.
func NewTxnReader(w *WAL) *TxnReader {
	r := &TxnReader{w: w, heads: make([]FrameHead, txnReadAhead), views: make([]DeltaView, txnReadAhead)}
	r.p.w = w // until Delta reads with d: the same file
	for k := range r.views {
		r.views[k].p = &r.p // as viewFrames leaves it
	}
	return r
}

// Next returns the next complete transaction (Frames nil), io.EOF at the
// end, or the error NextTransaction would return; errors are sticky.
// Frames of the previous transaction not read by Delta are skipped.
func (r *TxnReader) Next() (*Transaction, error) {
	r.left, r.runAt, r.runTo, r.runErr = 0, 0, 0, nil
	t := &r.t
	*t = Transaction{Commit: true}
	first := true
	if w := r.w; r.next == r.n && r.err == nil && w.err == nil && w.c.err == nil && !w.inTxn {
		// At a transaction's start: one that lies whole in the window, of
		// no more frames than there are views, is read once, as Delta
		// reads a run (viewRun), and its views are Delta's.
		txn := w.txns
		if run := w.viewRun(r); run.out > 0 {
			t.Index, t.Offset, t.Timestamp = txn, r.views[0].Offset, r.views[0].Timestamp
			for k := range r.views[:run.out] {
				if v := &r.views[k]; v.Marker == format.DeltaTransactionStart {
					t.Commit = v.Commit
				}
			}
			if run.closes {
				last := &r.views[run.out-1]
				t.End = last.Offset + last.Size
				r.total, r.runTo = run.out, run.out
				return t, nil
			}
			first = false // nextFrames reads the rest of it
		}
	}
	for {
		if r.next == r.n {
			if r.err != nil {
				return nil, r.err
			}
			// Only the first frame of a transaction, its TRANSACTION_START
			// and the frame that closes it matter here, none of which is
			// of graph data: NextNotable reports just those, here up to
			// the transaction's end, where the next may be read once.
			r.n, r.err = r.w.nextFrames(r.heads, &reportNotable, nil, true)
			r.next = 0
			continue
		}
		h := &r.heads[r.next]
		r.next++
		if first {
			t.Index, t.Offset, t.Timestamp = h.Txn, h.Offset, h.Timestamp
			first = false
		}
		if h.Marker == format.DeltaTransactionStart {
			t.Commit = h.Commit
		}
		if h.Closes {
			t.End = h.Offset + h.Size
			r.total = h.Seq + 1
			r.left = r.total
			return t, nil
		}
	}
}

// DeltaView is a frame of a transaction as TxnReader.Delta reads it: its
// framing, and the fields of its payload, unboxed for the deltas of graph
// data, whose property value stays in the file until VisitValue or Value
// reads it. A view is valid until the next call to Delta.
type DeltaView struct {
	Offset, Size int64
	Timestamp    uint64
	Marker       format.Marker
	// The fields of the deltas of graph data (vertices, labels, edges and
	// their properties), as format's VertexDelta, LabelDelta,
	// VertexPropertyDelta, EdgeDelta and EdgePropertyDelta hold them. Name
	// is the label, the property or an edge's type; EdgeType is
	// EDGE_SET_PROPERTY's edge type (where the version has it). Names are
	// interned: the same name is the same string.
	Gid, From, To  uint64
	Name, EdgeType string
	// Commit and AccessType are TRANSACTION_START's, CRC is
	// TRANSACTION_END's (where the version has them).
	Commit     bool
	AccessType uint64
	CRC        uint32
	// Delta is any other frame's payload, decoded, and TRANSACTION_START's
	// (TxnReader's views also TRANSACTION_END's).
	Delta format.Delta

	p              *FrameParser
	frame          []byte // the frame's bytes
	valOff, valEnd int    // its property value's, in frame
}

// graphDelta reports whether m is a delta DeltaView holds unboxed.
func graphDelta(m format.Marker) bool {
	switch m {
	case format.DeltaVertexCreate, format.DeltaVertexDelete, format.DeltaVertexAddLabel, format.DeltaVertexRemoveLabel,
		format.DeltaVertexSetProperty, format.DeltaEdgeCreate, format.DeltaEdgeDelete, format.DeltaEdgeSetProperty:
		return true
	}
	return false
}

// Delta reads the next frame of the transaction Next returned, as
// NextFrame reads it, into a view; after the transaction's last frame it
// returns io.EOF. The frame was checked when Next read ahead: its bytes
// are read again, framing checked as NextFrame checks it, and the payload
// of a delta of graph data taken apart field by field (the fields
// WAL.payload reads, in its order) without a format.Delta boxed or its
// property value built. The frames that lie whole in the window are read
// again in runs, as NextFrames reads them (viewRun), the others one by
// one (NextFrame).
func (r *TxnReader) Delta() (*DeltaView, error) {
	if r.runAt < r.runTo {
		v := &r.views[r.runAt]
		r.runAt++
		return v, nil
	}
	if err := r.runErr; err != nil {
		r.runErr = nil
		return nil, err
	}
	if r.left == 0 {
		return nil, io.EOF
	}
	t, d := &r.t, r.d
	if r.left == r.total && (d == nil || d.err != nil || d.c.pos() != t.Offset) {
		d = r.at(t.Offset, t.Index)
	}
	if d.err == nil && d.c.err == nil {
		if run := d.viewRun(r); run.out > 0 {
			r.takeRun(run.out, run.closes)
			return r.Delta()
		}
	}
	d.c.keep, d.c.keepLost = d.c.i, false // the frame's bytes stay in the window
	fr, err := d.NextFrame()
	keep, lost := d.c.keep, d.c.keepLost
	d.c.keep = -1
	if err == nil {
		err = r.taking(fr.Offset, fr.Size, d.closedTxn)
	}
	if err != nil {
		r.left = 0
		return nil, err
	}
	var frame []byte
	if keep >= 0 && !lost {
		frame = d.c.buf[keep : keep+int(fr.Size)]
	} else if frame, err = r.reread(fr.Offset, fr.Size); err != nil {
		r.left = 0
		return nil, err
	}
	v := &r.p.cur
	if !r.p.viewInto(v, fr.Offset, fr.Size, fr.Timestamp, fr.Marker, frame) {
		r.left = 0
		return nil, r.changed(fr.Offset)
	}
	txnEnd(v)
	return v, nil
}

// takeRun takes the n frames viewRun read into views as Delta's next
// ones, up to the first that does not read again as it read first: its
// error follows them. The run closes the transaction when closes is set.
func (r *TxnReader) takeRun(n int, closes bool) {
	// The frame that closes the transaction must be its last and end it,
	// and no other may close it. A run ends after a closing frame: only
	// its last can be one.
	last := &r.views[n-1]
	switch {
	case r.left < n: // frame r.left-1 is the last, but does not close
		n = r.left - 1
		r.runErr = r.changed(r.views[n].Offset)
	case closes != (r.left == n) || closes && last.Offset+last.Size != r.t.End:
		n--
		r.runErr = r.changed(last.Offset)
	}
	r.left -= n
	if r.runErr != nil {
		r.left = 0
	}
	r.runAt, r.runTo = 0, n
}

// txnEnd gives a TRANSACTION_END's view its Delta, as TxnReader's views
// have it.
func txnEnd(v *DeltaView) {
	if v.Marker == format.DeltaTransactionEnd {
		v.Delta = format.TxnEnd{CRC: v.CRC}
	}
}

// taking counts the frame at off, of size bytes, as Delta's next of the
// transaction, which it closes (closes) if it is the last, as the last
// must and no other: else the file changed.
func (r *TxnReader) taking(off, size int64, closes bool) error {
	if (r.left == 1) != closes || closes && off+size != r.t.End {
		r.left = 0
		return r.changed(off)
	}
	r.left--
	return nil
}

// FrameParser takes apart the payloads of a WAL's frames, read and
// checked before (TxnReader.Delta, WAL.NextFrameBytes), into views: the
// fields of the deltas of graph data unboxed, their property values left
// in the frame's bytes until VisitValue or Value reads them. It keeps the
// names it read last and reuses its view: parsing allocates nothing for
// the frames of graph data and of transaction framing.
type FrameParser struct {
	w   *WAL // the file: its features, reader and path
	cur DeltaView
	m   cursor // over a frame's bytes
	// names are names read before, by a hash (nameOf).
	names [64]nameSlot
}

// FrameParser returns a parser of w's frames. It reads only what w does
// not change while reading (its features, header, reader), so it may be
// used on another goroutine than w's.
func (w *WAL) FrameParser() *FrameParser { return &FrameParser{w: w} }

// View takes apart frame, the bytes of the frame h that NextFrameBytes
// read and checked, into a view valid until the next call. The error,
// which checked bytes do not give, says the file changed.
func (p *FrameParser) View(h *FrameHead, frame []byte) (*DeltaView, error) {
	v, ok := p.view(h.Offset, h.Size, h.Timestamp, h.Marker, frame)
	if !ok {
		return nil, p.w.wrap(&format.DecodeError{Offset: h.Offset, Err: format.ErrCorrupt,
			Reason: fmt.Sprintf("frame of transaction #%d does not read again as it read first", h.Txn)}, "delta", "")
	}
	return v, nil
}

// view sets p's view to the frame; false when its bytes do not take apart
// as they were checked.
func (p *FrameParser) view(off, size int64, ts uint64, marker format.Marker, frame []byte) (*DeltaView, bool) {
	v := &p.cur
	return v, p.viewInto(v, off, size, ts, marker, frame)
}

// viewInto is view into v.
func (p *FrameParser) viewInto(v *DeltaView, off, size int64, ts uint64, marker format.Marker, frame []byte) bool {
	*v = DeltaView{Offset: off, Size: size, Timestamp: ts, Marker: marker, p: p, frame: frame}
	return int64(len(frame)) == size && p.payload(v)
}

// framePrefix is the size of a frame's start: 0x26, the timestamp as a
// UINT, the delta type.
const framePrefix = 1 + 9 + 1

// payload takes apart the payload of the frame in v, the fields
// WAL.payload reads, in its order; false when it does not read whole.
func (p *FrameParser) payload(v *DeltaView) bool {
	m := p.cursorOver(v.frame, v.Offset, framePrefix)
	f := p.w.Features
	switch v.Marker {
	case format.DeltaVertexCreate, format.DeltaVertexDelete:
		v.Gid = m.uint("vertex gid")
	case format.DeltaVertexAddLabel, format.DeltaVertexRemoveLabel:
		v.Gid, v.Name = m.uint("vertex gid"), p.name(m, "label")
	case format.DeltaVertexSetProperty:
		v.Gid, v.Name = m.uint("vertex gid"), p.name(m, "property")
		v.valOff = m.i
		m.skipValue()
		v.valEnd = m.i
	case format.DeltaEdgeCreate, format.DeltaEdgeDelete:
		v.Gid, v.Name = m.uint("edge gid"), p.name(m, "edge type")
		v.From, v.To = m.uint("from vertex gid"), m.uint("to vertex gid")
	case format.DeltaEdgeSetProperty:
		v.Gid, v.Name = m.uint("edge gid"), p.name(m, "property")
		v.valOff = m.i
		m.skipValue()
		v.valEnd = m.i
		if f.Has(format.FeatEdgeSetFromVertex) {
			v.From = m.uint("from vertex gid")
		}
		if f.Has(format.FeatEdgeSetToVertex) {
			v.To, v.EdgeType = m.uint("to vertex gid"), p.name(m, "edge type")
		}
	case format.DeltaTransactionStart:
		d := format.TxnStart{Commit: m.boolean("commit flag")}
		if f.Has(format.FeatTxnAccessType) {
			d.AccessType = m.uint("access type")
		}
		v.Commit, v.AccessType, v.Delta = d.Commit, d.AccessType, txnStart(d)
	case format.DeltaTransactionEnd:
		if f.Has(format.FeatCRC) {
			v.CRC = uint32(m.uint("transaction CRC")) // its value checked by NextFrame
		}
	default:
		tmp := WAL{c: m, Features: f, Header: p.w.Header, path: p.w.path}
		v.Delta = tmp.payload(v.Marker)
	}
	return m.err == nil && m.i == len(v.frame)
}

// name reads a name as m.name does, looked up first among the names read
// before (nameOf).
func (p *FrameParser) name(m *cursor, what string) string {
	if i := m.i; i+9 <= m.lim && m.buf[i] == byte(format.MarkerString) {
		if n := binary.LittleEndian.Uint64(m.buf[i+1:]); n <= uint64(m.lim-i-9) {
			m.i = i + 9 + int(n)
			return p.nameOf(m.buf[i+9 : m.i])
		}
	}
	return m.name(what)
}

// nameOf is the name whose bytes b are, interned as cursor.name interns
// it, looked up first among the names read before in a small table: a
// file names a few dozen labels, properties and edge types millions of
// times, and comparing bytes costs less than the intern map's hashing.
// Most names are no longer than a word, whose bytes are compared at once
// (knownName).
func (p *FrameParser) nameOf(b []byte) string {
	if s, ok := p.knownName(b); ok {
		return s
	}
	return p.nameSlow(b)
}

// knownName is nameOf for a name of at most 8 bytes in its slot, and
// small enough to be inlined where names are read most (viewFrames).
func (p *FrameParser) knownName(b []byte) (string, bool) {
	if n := len(b); n <= 8 && cap(b) >= 8 {
		w := binary.LittleEndian.Uint64(b[:8]) & (1<<(8*n) - 1)
		if slot := &p.names[wordSlot(w)]; slot.word == w && len(slot.s) == n {
			return slot.s, true
		}
	}
	return "", false
}

// nameSlot is a name nameOf read before, and, for one of at most 8
// bytes, its bytes as a word (zero past its end).
type nameSlot struct {
	s    string
	word uint64
}

// wordSlot is the slot of a name of at most 8 bytes, w (a multiplicative
// hash of the word).
func wordSlot(w uint64) uint64 { return w * 0x9e3779b97f4a7c15 >> 58 }

// nameSlow is nameOf for a name longer than a word or at the end of the
// bytes, whose slot is a hash of its length and end bytes, and for a name
// not in its slot.
func (p *FrameParser) nameSlow(b []byte) string {
	var slot *nameSlot
	var w uint64
	if n := len(b); n <= 8 {
		var word [8]byte
		copy(word[:], b)
		w = binary.LittleEndian.Uint64(word[:])
		if slot = &p.names[wordSlot(w)]; slot.word == w && len(slot.s) == n {
			return slot.s
		}
	} else {
		slot = &p.names[(uint64(n)*31+uint64(b[0])*7+uint64(b[n-1]))%uint64(len(p.names))]
		if slot.s == string(b) {
			return slot.s
		}
	}
	*slot = nameSlot{s: p.m.intern(b), word: w}
	return slot.s
}

// skipValue steps over a property value, checking it as value does.
func (c *cursor) skipValue() {
	c.skim = true
	c.value("property value")
	c.skim = false
}

// cursorOver is the parser's cursor over b, a frame's bytes, at offset
// off in the file, positioned at b[i]; it keeps its interned names.
func (p *FrameParser) cursorOver(b []byte, off int64, i int) *cursor {
	m := &p.m
	m.over(p.w.r, b, off, i, off+int64(len(b)), p.w.size, p.w.Features)
	return m
}

// reread reads the bytes of a frame the window did not keep (a frame of
// more than a megabyte).
func (r *TxnReader) reread(off, size int64) ([]byte, error) {
	b := make([]byte, size)
	if n, err := r.d.r.ReadAt(b, off); n < len(b) {
		return nil, r.d.wrap(&format.DecodeError{Offset: off, Err: format.ErrTruncated,
			Reason: fmt.Sprintf("reading a frame again: %v", err)}, "delta", "")
	}
	return b, nil
}

// changed is the error of a transaction whose bytes read differently the
// second time: the file changed.
func (r *TxnReader) changed(off int64) error {
	return r.d.wrap(&format.DecodeError{Offset: off, Err: format.ErrCorrupt,
		Reason: fmt.Sprintf("transaction #%d does not read again as it read first", r.t.Index)}, "delta", "")
}

// HasValue reports whether the delta carries a property value
// (VERTEX_SET_PROPERTY, EDGE_SET_PROPERTY).
func (v *DeltaView) HasValue() bool { return v.valEnd > v.valOff }

// VisitValue hands the delta's property value to vis (ValueVisitor), as
// Value builds it.
func (v *DeltaView) VisitValue(vis ValueVisitor) error {
	b, off := v.ValueBytes()
	return v.p.Visit(b, off, vis)
}

// ValueBytes returns the bytes of the delta's property value, from its
// 0x17 marker on, and their offset in the file; they are the frame's,
// valid as long as the view. A reader that takes them elsewhere (another
// goroutine) copies them and hands them to its own FrameParser's Visit.
func (v *DeltaView) ValueBytes() ([]byte, int64) {
	return v.frame[v.valOff:v.valEnd], v.Offset + int64(v.valOff)
}

// Visit hands the property value whose bytes b are, at offset off in the
// file (DeltaView.ValueBytes), to vis, as VisitValue does. The scalars
// most values are come straight from their bytes, as Scanner.visit reads
// them; anything else through the cursor, with its checks and errors.
func (p *FrameParser) Visit(b []byte, off int64, vis ValueVisitor) error {
	if len(b) >= 2 && b[0] == byte(format.MarkerPropertyValue) &&
		valueTypes[p.w.Header.Version][b[1]] && visitScalar(b[2:], format.Marker(b[1]), vis) {
		return nil
	}
	m := p.cursorOver(b, off, 0)
	m.visitValue("property value", vis)
	if m.err != nil {
		return p.w.wrap(m.err, "delta", "")
	}
	return nil
}

// Scalar reads the delta's property value in place when it is one of the
// scalars most values are (NULL, BOOL, INT, DOUBLE, STRING, TEMPORAL,
// ENUM) with the one layout VisitValue reads without its cursor, as
// Values.Scalar reads a snapshot's: its type t and its parts, which
// VisitValue would hand over (Values.Scalar says which). ok is false for
// any other value, which VisitValue reads.
func (v *DeltaView) Scalar() (t format.Marker, a, b uint64, s []byte, ok bool) {
	val := v.frame[v.valOff:v.valEnd]
	if len(val) < 2 || val[0] != byte(format.MarkerPropertyValue) || !valueTypes[v.p.w.Header.Version][val[1]] {
		return 0, 0, 0, nil, false
	}
	t = format.Marker(val[1])
	if a, b, s, ok = scalarParts(val[2:], t); !ok {
		return 0, 0, 0, nil, false
	}
	return t, a, b, s, true
}

// Value decodes the delta's property value.
func (v *DeltaView) Value() (format.Value, error) {
	m := v.p.cursorOver(v.frame[:v.valEnd], v.Offset, v.valOff)
	val := m.value("property value")
	if m.err != nil {
		return nil, v.p.w.wrap(m.err, "delta", "")
	}
	return val, nil
}

// Frame is the frame as NextFrame decodes it.
func (v *DeltaView) Frame() (format.Frame, error) {
	fr := format.Frame{Offset: v.Offset, Size: v.Size, Timestamp: v.Timestamp, Marker: v.Marker, Delta: v.Delta}
	if v.Marker == format.DeltaTransactionEnd {
		fr.Delta = format.TxnEnd{CRC: v.CRC}
	}
	if !graphDelta(v.Marker) {
		return fr, nil
	}
	var val format.Value
	if v.HasValue() {
		var err error
		if val, err = v.Value(); err != nil {
			return fr, err
		}
	}
	switch v.Marker {
	case format.DeltaVertexCreate, format.DeltaVertexDelete:
		fr.Delta = format.VertexDelta{Gid: v.Gid}
	case format.DeltaVertexAddLabel, format.DeltaVertexRemoveLabel:
		fr.Delta = format.LabelDelta{Gid: v.Gid, Label: v.Name}
	case format.DeltaVertexSetProperty:
		fr.Delta = format.VertexPropertyDelta{Gid: v.Gid, Property: v.Name, Value: val}
	case format.DeltaEdgeCreate, format.DeltaEdgeDelete:
		fr.Delta = format.EdgeDelta{Gid: v.Gid, EdgeType: v.Name, From: v.From, To: v.To}
	case format.DeltaEdgeSetProperty:
		fr.Delta = format.EdgePropertyDelta{Gid: v.Gid, Property: v.Name, Value: val, From: v.From, To: v.To, EdgeType: v.EdgeType}
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
		d.c.skim = true // Delta takes the payloads apart itself
		r.d, r.p.w = d, d
	} else {
		d.c.reset(w.r, off, w.size)
	}
	d.err, d.inTxn, d.closedTxn, d.txns, d.frames = nil, false, false, txn, 0
	d.lastOffset, d.lastTxnEnd = off, off
	return d
}
