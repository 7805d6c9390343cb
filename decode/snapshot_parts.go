package decode

import (
	"bytes"
	"io"
	"runtime/debug"

	"github.com/durascope/durascope/format"
)

// Parts: scanning a batch in pieces, on several cores. A batch's records
// follow each other with nothing to say where one starts but the end of
// the one before, so a part other than a batch's first finds its first
// record by looking for one: the first offset in the part where a record
// marker starts a few records that decode, with ascending gids. A part
// reads the records that start in it (the last one may run into the next
// part). The scans of the parts of a batch make up the scan of the whole
// batch when they chain (PartChain): each part's first record starts
// where the one before ended, gids ascend across parts, and the records
// add up to the batch's count. Then the records read are exactly those
// of the batch, whatever a part's search found; otherwise (damage, or a
// search misled by bytes inside a value that look like records) the
// caller reads the batch whole, which finds what is wrong, so parts only
// change the speed, never the result.

// Part is a stretch of one batch's bytes: the records that start in
// [Start, End).
type Part struct {
	Batch      int   // the batch's index in its table
	Start, End int64 // for the batch's last part, End is where its records should end
	First      bool  // the batch's first part: its first record is at Start
	Last       bool  // the batch's last part
}

// Parts splits each batch into parts of about size bytes, in table order.
// A batch's records end where the next batch starts; the last batch's,
// where the next section starts (the file end without one): a guess that
// holds for every file a writer makes, and is checked.
func (s *Snapshot) Parts(batches []format.Batch, size int64) []Part {
	size = max(size, 1)
	var out []Part
	for i, b := range batches {
		start := int64(b.Offset)
		end := s.Bound(batches, i)
		if i == len(batches)-1 {
			end = s.nextSection(start)
		}
		n := int64(1) // every batch has a part, whatever its count says
		if b.Count > 1 && end > start {
			n = int64(min(uint64((end-start+size-1)/size), b.Count))
		}
		for k := range n {
			p := Part{Batch: i, Start: start + (end-start)*k/n, End: start + (end-start)*(k+1)/n, First: k == 0, Last: k == n-1}
			if p.Last {
				p.End = max(end, start)
			}
			out = append(out, p)
		}
	}
	return out
}

// nextSection is the offset of the first section after off, or the file size.
func (s *Snapshot) nextSection(off int64) int64 {
	end := s.size
	for _, o := range s.Offsets {
		if int64(o) > off && int64(o) < end {
			end = int64(o)
		}
	}
	return end
}

// PartScan is what scanning a part found.
type PartScan struct {
	// Start is where the part's first record starts, -1 when none does;
	// End is where its last record ends.
	Start, End int64
	N          uint64 // records read
	FirstOff   uint64 // the first record's offset and gid
	FirstGid   uint64
	LastGid    uint64
	// Err is why the scan stopped early: a record that does not decode,
	// gids out of order, or the callback's error. The batch must then be
	// read whole.
	Err error
}

// syncRecords is how many records a candidate start must decode to be
// taken as a part's first record.
const syncRecords = 4

// A part's search for its first record reads at most a budget of
// syncBudgetFactor times the part's length plus syncBudgetBytes, through
// windows of syncWindow bytes: candidates that each decode a long way
// (crafted bytes: record markers everywhere, each starting a long record)
// cannot make the search more than linear in the part. A search that runs
// out gives up (-1): the batch's chain breaks and it is read whole, so
// the budget only changes the speed, never the result. On the files a
// writer makes the first candidate is the record, found within a few
// records' bytes.
const (
	syncBudgetFactor = 4
	syncBudgetBytes  = 64 << 10
	syncWindow       = 4 << 10
)

// syncBudget is the bytes a search of a part of n bytes may read.
func syncBudget(n int64) int64 { return syncBudgetFactor*max(n, 0) + syncBudgetBytes }

// VertexPart reads the vertex records that start in p, bound being where
// the batch's records must end (the next batch's offset, or the file
// size), calling fn for each.
func (sc *Scanner) VertexPart(p Part, bound int64, fn func(*VertexView) error) (r PartScan) {
	if sc.c.m != nil {
		defer sc.endMapped(&r.Err, vertexKind, debug.SetPanicOnFault(true))
	}
	return sc.vertexPart(p, bound, fn)
}

// vertexPart is VertexPart.
func (sc *Scanner) vertexPart(p Part, bound int64, fn func(*VertexView) error) PartScan {
	r := sc.partStart(p, bound, format.SectionVertex)
	if r.Start < 0 {
		return r
	}
	s, c, v := sc.s, sc.c, &sc.v
	for c.pos() < p.End {
		if !s.vertexFast(c, v) {
			s.vertexSlow(c, v)
		}
		if !r.next(c, v.Gid) && !r.took(c, v.Offset, v.Gid) {
			return r
		}
		if err := fn(v); err != nil {
			r.Err = err
			return r
		}
	}
	r.End = c.pos()
	return r
}

// EdgePart reads the edge records that start in p (see VertexPart).
func (sc *Scanner) EdgePart(p Part, bound int64, fn func(*EdgeView) error) (r PartScan) {
	if sc.c.m != nil {
		defer sc.endMapped(&r.Err, edgeKind, debug.SetPanicOnFault(true))
	}
	return sc.edgePart(p, bound, fn)
}

// edgePart is EdgePart.
func (sc *Scanner) edgePart(p Part, bound int64, fn func(*EdgeView) error) PartScan {
	r := sc.partStart(p, bound, format.SectionEdge)
	if r.Start < 0 {
		return r
	}
	s, c, e := sc.s, sc.c, &sc.e
	for c.pos() < p.End {
		if !s.edgeFast(c, e) {
			s.edgeSlow(c, e)
		}
		if !r.next(c, e.Gid) && !r.took(c, e.Offset, e.Gid) {
			return r
		}
		if err := fn(e); err != nil {
			r.Err = err
			return r
		}
	}
	r.End = c.pos()
	return r
}

// partStart positions the scanner's cursor at p's first record of marker
// (found by sync unless p is its batch's first part); Start is -1 when
// none starts in p.
func (sc *Scanner) partStart(p Part, bound int64, marker format.Marker) PartScan {
	r := PartScan{Start: -1}
	start := p.Start
	if !p.First {
		if start = sc.sync(p, bound, marker); start < 0 {
			return r
		}
	}
	sc.c.reset(sc.s.r, start, bound)
	r.Start = start
	return r
}

// next notes the record just read through c when it decoded and is not
// the part's first, and its gid follows the one before (the common case,
// inline); false leaves the record to took.
func (r *PartScan) next(c *cursor, gid uint64) bool {
	if c.err == nil && r.N > 0 && gid > r.LastGid {
		r.LastGid = gid
		r.N++
		return true
	}
	return false
}

// took notes the record just read at off through c; false, with Err set,
// when it did not decode or its gid does not follow the one before.
func (r *PartScan) took(c *cursor, off, gid uint64) bool {
	switch {
	case c.err != nil:
		r.Err = c.err
		return false
	case r.N == 0:
		r.FirstOff, r.FirstGid = off, gid
	case gid <= r.LastGid:
		r.Err = ascendingError(off, gid, r.LastGid)
		return false
	}
	r.LastGid = gid
	r.N++
	return true
}

// sync finds the first offset in p where a record of marker starts that,
// with the records after it (up to syncRecords, or to the end of the
// part), decodes with ascending gids; -1 when there is none, or when the
// candidates tried have read the search's budget (syncBudget).
func (sc *Scanner) sync(p Part, bound int64, marker format.Marker) int64 {
	return sc.search(p, bound, marker, syncBudget(p.End-p.Start))
}

// search is sync with a budget of bytes the candidates' decodes may read.
func (sc *Scanner) search(p Part, bound int64, marker format.Marker, budget int64) int64 {
	if sc.t == nil {
		sc.t = newBoundedCursor(sc.s.r, 0, 0, sc.s.size, sc.s.Features)
		sc.t.skim, sc.t.window = true, syncWindow
		sc.tv.sc, sc.te.sc = sc, sc
	}
	if sc.look == nil {
		sc.look = make([]byte, 64<<10)
	}
	pat := []byte{byte(marker), byte(format.MarkerInt)}
	for at := p.Start; at < p.End; {
		n, err := sc.s.r.ReadAt(sc.look[:min(int64(len(sc.look)), bound-at, p.End-at+int64(len(pat))-1)], at)
		if n < len(pat) {
			return -1
		}
		b := sc.look[:n]
		for i := 0; ; i++ {
			k := bytes.Index(b[i:], pat)
			if k < 0 {
				break
			}
			i += k
			q := at + int64(i)
			if q >= p.End || budget <= 0 {
				return -1
			}
			ok, read := sc.decodes(q, p.End, min(bound, q+budget), marker)
			if ok {
				return q
			}
			budget -= read
			sc.syncRead += read
		}
		if err != nil && err != io.EOF {
			return -1
		}
		at += int64(n - len(pat) + 1) // a pattern across the boundary is found in the next read
	}
	return -1
}

// decodes reports whether records of marker decode at q, with ascending
// gids, up to syncRecords of them or to end, reading no further than
// limit, and how many bytes it read.
func (sc *Scanner) decodes(q, end, limit int64, marker format.Marker) (ok bool, read int64) {
	t := sc.t
	t.reset(sc.s.r, q, limit)
	var prev uint64
	ok = true
	for k := 0; k < syncRecords && (k == 0 || t.pos() < end); k++ {
		var gid uint64
		if marker == format.SectionVertex {
			sc.s.vertexInto(t, &sc.tv, nil)
			gid = sc.tv.Gid
		} else {
			sc.s.edgeInto(t, &sc.te, nil)
			gid = sc.te.Gid
		}
		if t.err != nil || (k > 0 && gid <= prev) {
			ok = false
			break
		}
		prev = gid
	}
	// The window's end is as far as the fills read (they read on from q,
	// each byte once).
	return ok, max(t.base+int64(len(t.buf))-q, t.pos()-q, 1)
}

// PartChain checks that the scans of the parts of one batch, handed to it
// in order, make up the scan of the whole batch.
type PartChain struct {
	b       format.Batch
	pos     int64
	n       uint64
	lastGid uint64
	first   struct{ off, gid uint64 }
	broken  bool
}

// Add takes the scan of the batch's next part; the first part starts the batch.
func (ch *PartChain) Add(b format.Batch, p Part, r *PartScan) {
	if p.First {
		*ch = PartChain{b: b, pos: int64(b.Offset)}
	}
	switch {
	case ch.broken:
	case r.Err != nil:
		ch.broken = true
	case r.Start < 0:
		// No record starts in the part: the one before must reach past it.
		ch.broken = ch.pos < p.End
	case r.Start != ch.pos:
		ch.broken = true
	case r.N > 0 && ch.n > 0 && r.FirstGid <= ch.lastGid:
		ch.broken = true
	default:
		if r.N > 0 {
			if ch.n == 0 {
				ch.first.off, ch.first.gid = r.FirstOff, r.FirstGid
			}
			ch.lastGid = r.LastGid
		}
		ch.n += r.N
		ch.pos = r.End
	}
}

// Done reports, after the batch's last part, whether the parts make up
// the batch: then end is where its records end, and first and last are
// its first record (offset, gid) and its last gid (when it has records).
func (ch *PartChain) Done() (end int64, firstOff, firstGid, lastGid uint64, ok bool) {
	if ch.broken || ch.n != ch.b.Count {
		return 0, 0, 0, 0, false
	}
	return ch.pos, ch.first.off, ch.first.gid, ch.lastGid, true
}
