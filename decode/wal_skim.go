package decode

import (
	"encoding/binary"
	"hash/crc32"

	"github.com/durascope/durascope/format"
)

// FrameHead is what a reader of the framing (verify, stats, info) needs of
// one frame: where it is, its timestamp and delta type, and where it stands
// in its transaction.
type FrameHead struct {
	Offset    int64 // of the 0x26 marker
	Size      int64 // bytes of the whole frame
	Timestamp uint64
	// Txn is the index of the frame's transaction (WAL.TransactionIndex).
	Txn    int
	Marker format.Marker
	// Commit is a TRANSACTION_START frame's commit flag (false for other deltas).
	Commit bool
	// Closes reports that the frame completes its transaction (WAL.ClosedTransaction).
	Closes bool
	// Seq is the frame's place in its transaction, from 0: so many frames
	// of the transaction come before it.
	Seq int
}

// DeltaCounts is how many frames of each delta type were read, and their
// bytes (NextNotable).
type DeltaCounts [256]struct{ Frames, Bytes uint64 }

// NextFrames reads the next frames into dst, as many NextFrame calls after
// SkipPayloads would, and returns how many it read: len(dst), or fewer
// followed by the error the next NextFrame call would return (io.EOF at
// the end). The frames, the error and the WAL's state after them
// (Totals, CompleteEnd, FramesEnd, Behind, ...) are those NextFrame gives.
// It skims payloads from then on (SkipPayloads).
//
// The frames most files consist of (vertex and edge deltas with scalar,
// temporal, point or small container values, and the transaction frames)
// are read in one loop over the window (skimRun); any frame it does not
// accept whole, well formed and in the window, NextFrame reads, with its
// errors. skimRun accepts a subset of what NextFrame accepts, never an error
// of its own: its tests hold it to the same frames, errors and state.
func (w *WAL) NextFrames(dst []FrameHead) (int, error) {
	return w.nextFrames(dst, &reportAll, nil, false)
}

// NextNotable reads frames as NextFrames does, but reports in dst only
// those a reader of transactions needs: the first frame of a transaction
// and every frame that is not of graph data (format.IsDataDelta), among
// them the frame that closes a transaction. The frames of graph data after
// the first are read and checked all the same; Seq tells how many there
// were. It adds every frame it reads, reported or not, to counts, when not
// nil. It returns how many frames it reported: len(dst), or fewer followed
// by the error NextFrames would return.
func (w *WAL) NextNotable(dst []FrameHead, counts *DeltaCounts) (int, error) {
	return w.nextFrames(dst, &reportNotable, counts, false)
}

// reportAll and reportNotable are the delta types NextFrames and
// NextNotable report at any place in a transaction (both report its
// first frame).
var reportAll, reportNotable = func() (all, notable [256]bool) {
	for m := range 256 {
		all[m], notable[m] = true, !format.IsDataDelta(format.Marker(m))
	}
	return all, notable
}()

// nextFrames reads frames, reporting in dst until it is full those of
// delta types in report and the first of every transaction, and counting
// all of them in counts (when not nil); it returns how many it reported,
// and with txnEnd, stops after a frame that closes a transaction.
func (w *WAL) nextFrames(dst []FrameHead, report *[256]bool, counts *DeltaCounts, txnEnd bool) (int, error) {
	w.c.skim = true
	out := 0
	for out < len(dst) {
		if w.err == nil && w.c.err == nil {
			if run := w.skimRun(dst[out:], report, counts); run.n > 0 {
				out += run.out
				if txnEnd && run.closes {
					break
				}
				continue
			}
		}
		fr, err := w.NextFrame()
		if err != nil {
			return out, err
		}
		if counts != nil {
			c := &counts[fr.Marker]
			c.Frames++
			c.Bytes += uint64(fr.Size)
		}
		seq := w.txnFrames - 1
		if !report[fr.Marker] && seq > 0 {
			continue
		}
		h := FrameHead{Offset: fr.Offset, Size: fr.Size, Timestamp: fr.Timestamp, Txn: w.TransactionIndex(),
			Marker: fr.Marker, Closes: w.closedTxn, Seq: seq}
		if s, ok := fr.Delta.(format.TxnStart); ok {
			h.Commit = s.Commit
		}
		dst[out] = h
		out++
		if txnEnd && h.Closes {
			break
		}
	}
	return out, nil
}

// skimDepth is how deep NextFrames's fast path follows lists and maps,
// well inside format.MaxValueDepth: a deeper value is left to cursor.value.
const skimDepth = 8

// skimRules is what skimRun needs of the version, derived once from its
// features by the rules the decoder itself follows.
type skimRules struct {
	// values follows lists and maps only a few levels deep (deeper ones
	// are rare and left to the cursor) and leaves VECTOR_INDEX_ID values
	// to it.
	values valueSkimmer
	// valueEnd is, for the value types the version has whose payload needs
	// no check but its length (NULL, INT, DOUBLE, ENUM: skimSize), 2 + that
	// length: the size of the whole value. 0 for the others.
	valueEnd [256]int
	deltaOK  [256]bool  // the delta types of the version (deltaTable)
	closes   [256]bool  // deltas that close a transaction (format.ClosesTransaction)
	shape    [256]uint8 // how skimShape reads a delta's payload (shapes)
	class    [256]uint8 // how skimFrames reads a property value (valueClasses)
	crc      bool       // TRANSACTION_END carries the transaction's CRC
	// The fields of EDGE_SET_PROPERTY and TRANSACTION_START the version has.
	edgeFrom, edgeTo, accessType bool
}

// skimTables holds the skimRules of every supported version.
var skimTables = func() (t [format.MaxVersion + 1]skimRules) {
	for v := format.MinVersion; v <= format.MaxVersion; v++ {
		f, r := format.FeaturesOf(v), &t[v]
		r.deltaOK = deltaTable(v)
		r.crc, r.edgeFrom = f.Has(format.FeatCRC), f.Has(format.FeatEdgeSetFromVertex)
		r.edgeTo, r.accessType = f.Has(format.FeatEdgeSetToVertex), f.Has(format.FeatTxnAccessType)
		r.values = newValueSkimmer(f, skimDepth, false)
		for m := range 256 {
			if _, ok := f.ValueType(format.Marker(m)); ok && (format.Marker(m) == format.MarkerNull || skimSize[m] > 0) {
				r.valueEnd[m] = 2 + skimSize[m]
			}
			r.closes[m] = format.ClosesTransaction(format.Marker(m), f)
			if r.deltaOK[m] {
				r.shape[m] = shapes[format.Marker(m)]
			}
		}
		r.class = valueClasses(&r.values, &r.valueEnd)
	}
	return t
}()

// skimRun reads frames, reporting into dst (until it is full) those of
// delta types in report and the first of a transaction and counting all in
// counts, while each lies whole in the window and is one next reads
// without an error: the deltas of graph data and the transaction frames.
// It updates the WAL's state as next does and returns the number of
// frames read and reported; it stops, having read nothing of it, at a
// frame it does not take, and after a frame that closes a transaction.
//
// skimFrames reads the frames, in the transaction open at the start (or
// opened by the first frame), and checks all but the transaction's CRC,
// which is checked here, over the transaction's bytes in one go, before
// the frames are taken into the WAL's state.
func (w *WAL) skimRun(dst []FrameHead, report *[256]bool, counts *DeltaCounts) skimmed {
	return w.readRun(dst, report, counts, nil)
}

// viewRun reads frames as skimRun does, all of them, taking each apart
// into a view of tr's (its views, its parser): the frames of graph data
// field by field where viewFrames reads them, the transaction frames by
// the parser.
func (w *WAL) viewRun(tr *TxnReader) skimmed {
	return w.readRun(nil, nil, nil, tr)
}

// readRun is skimRun, or with tr, viewRun: one body, so that the state it
// keeps has one home and verify's runs cost no second call.
func (w *WAL) readRun(dst []FrameHead, report *[256]bool, counts *DeltaCounts, tr *TxnReader) skimmed {
	c, r := w.c, &skimTables[w.Header.Version]
	buf := c.buf[:c.lim]
	inTxn := w.inTxn
	ts := w.txnTS
	if haveTS := inTxn && w.txnFrames > 0; !haveTS && c.i <= len(buf)-11 {
		ts = binary.LittleEndian.Uint64(buf[c.i+2:]) // the first frame's, which it then equals
	}
	var run skimmed
	if tr != nil {
		run = viewFrames(buf, c.i, c.base, tr.views, &tr.p, r, ts)
	} else {
		seq := 0
		if inTxn {
			seq = w.txnFrames
		}
		run = skimFrames(buf, c.i, c.base, dst, report, counts, r, ts, seq)
		for k := range dst[:run.out] {
			dst[k].Timestamp, dst[k].Txn = ts, w.txns
		}
	}
	n, closes, end := run.n, run.closes, run.end
	if n == 0 {
		return run
	}
	start := c.i // of the run: the transaction starts here unless it is open
	crc, crcEnd := uint32(0), false
	if closes && run.last == format.DeltaTransactionEnd && r.crc {
		// checkCRC: the INT marker is covered by the CRC of the
		// transaction's bytes, the stored value is not and must equal it.
		from := start
		if inTxn {
			crc, from = c.crc, c.crcFrom
		}
		crc = crc32.Update(crc, crc32.IEEETable, buf[from:end-8])
		if inTxn && !c.crcOn || binary.LittleEndian.Uint64(buf[end-8:end]) != uint64(crc) {
			// Left to next, which reports it (it was reported and counted).
			run.out--
			if counts != nil {
				c := &counts[run.last]
				c.Frames--
				c.Bytes -= uint64(end - run.prevEnd)
			}
			if n--; n == 0 {
				return skimmed{}
			}
			closes, end = false, run.prevEnd
		} else {
			crcEnd = true
		}
	}
	// Taken: the state next, framePrefix, checkCRC and closeTxn leave.
	if !inTxn {
		w.inTxn, w.txnOffset, w.txnFrames = true, c.base+int64(start), 0
		w.txnTS, w.tsKnown = ts, true
		c.crc, c.crcOn, c.crcFrom = 0, r.crc, start
	}
	w.txnFrames += n
	w.frames += n
	c.i = end
	w.lastOffset = c.base + int64(end)
	w.closedTxn, w.hasExpected = closes, false
	if closes {
		if crcEnd {
			c.crc, c.crcFrom = crc, end
		}
		w.completed.Add(w.txnTS, uint64(w.txnFrames))
		w.txns++
		w.inTxn = false
		w.lastTxnEnd = w.lastOffset
		c.crcOn = false
	}
	run.n, run.closes, run.end = n, closes, end
	return run
}

// skimFrames reads the frames from buf[i:] (at offset base+i) into dst
// while each lies whole in buf and is what next and payload accept: the
// prefix (framePrefix: 0x26, a UINT timestamp equal to the transaction's,
// a delta type of the version), then the payload, field by field in
// payload's order (skimShape). It stops after a frame that closes the
// transaction, whose CRC it leaves to the caller, and reports whether it
// did. txnTS is the open transaction's timestamp (the first frame's, when
// it opens one), and seq the place of the first frame read in it. It
// reports into dst, until it is full, the frames of delta types in report
// and the first of the transaction, all but their Timestamp and Txn, and
// counts every frame in counts when that is not nil.
func skimFrames(buf []byte, i int, base int64, dst []FrameHead, report *[256]bool, counts *DeltaCounts, r *skimRules, txnTS uint64, seq int) (run skimmed) {
	// What the loop holds is kept to a few values, so that it stays in
	// registers: the frames read and their last follow from seq and prev.
	seq0, out, prev := seq, 0, -1
	for out < len(dst) && i <= len(buf)-11 {
		p := buf[i : i+11]
		m := format.Marker(p[10])
		// shape is shapeNone for a delta type the version lacks, and for
		// those not read here: the loop stops at them too.
		shape := r.shape[m]
		if binary.LittleEndian.Uint16(p) != framePrefixBytes || binary.LittleEndian.Uint64(p[2:]) != txnTS || shape == shapeNone {
			break
		}
		j, commit := i+11, false
		switch shape {
		case shapeVertexProperty, shapeEdgeProperty:
			// The gid, the property, the value.
			j = gidName(buf, j)
			if j < 0 || j > len(buf)-2 || buf[j] != byte(format.MarkerPropertyValue) {
				j = -1
				break
			}
			// By the value's class (valueClasses), so that the size of an
			// INT or DOUBLE value is a constant on the predicted path and
			// the next frame need not wait for a table.
			// The most common first, before the switch's search.
			if t := format.Marker(buf[j+1]); r.class[t] == classTen {
				j += 10
			} else {
				switch r.class[t] {
				case classFixed:
					j += r.valueEnd[t]
				case classString:
					j = skimStrPayload(buf, j+2)
				case classTemporal:
					j = temporalEnd(buf, j+2)
				case classBool:
					j = boolEnd(buf, j+2)
				case classScalar:
					j, _ = r.values.scalar(buf, j+2, t)
				case classNested:
					j = r.values.at(buf, j)
				default:
					j = -1
				}
			}
			if j > len(buf) {
				j = -1
			}
			if shape == shapeEdgeProperty {
				if r.edgeFrom {
					j = skimUint(buf, j)
				}
				if r.edgeTo {
					j = skimStr(buf, skimUint(buf, j))
				}
			}
		case shapeLabel:
			j = gidName(buf, j)
		case shapeVertex:
			j = skimUint(buf, j)
		case shapeEdge:
			j = edgeEnd(buf, j)
		default:
			j, commit = r.skimShape(buf, j, m)
		}
		if j < 0 {
			break
		}
		closes := r.closes[m]
		if report[m] || seq == 0 {
			// Field by field: a composite literal goes through a copy on
			// the stack. The caller sets Timestamp and Txn, the same for all.
			h := &dst[out]
			h.Offset, h.Size, h.Seq = base+int64(i), int64(j-i), seq
			h.Marker, h.Commit, h.Closes = m, commit, closes
			out++
		}
		if counts != nil {
			c := &counts[m]
			c.Frames++
			c.Bytes += uint64(j - i)
		}
		seq++
		prev, i = i, j
		if closes {
			break
		}
	}
	if prev < 0 {
		return skimmed{}
	}
	last := format.Marker(buf[prev+10])
	return skimmed{n: seq - seq0, out: out, closes: r.closes[last], end: i, prevEnd: prev, last: last}
}

// viewFrames reads frames as skimFrames does, reporting all of them, each
// into a view in dst: the very frames skimFrames reads, checked as it
// checks them (the same helpers, in the same order), the fields of the
// deltas of graph data taken from the places the checks found them. A
// loop of its own, not skimFrames's, which verify runs with its few
// values in registers: one loop for both, the views a parameter, cost
// verify of a 7 MB WAL 30.3 M instructions instead of 26.3 M and its
// replay 173.3 M instead of 165.2 M (callgrind, -pgo=off).
func viewFrames(buf []byte, i int, base int64, dst []DeltaView, p *FrameParser, r *skimRules, txnTS uint64) (run skimmed) {
	out, prev := 0, -1
	for out < len(dst) && i <= len(buf)-11 {
		q := buf[i : i+11]
		m := format.Marker(q[10])
		shape := r.shape[m]
		if binary.LittleEndian.Uint16(q) != framePrefixBytes || binary.LittleEndian.Uint64(q[2:]) != txnTS || shape == shapeNone {
			break
		}
		// Where the name ends (for all but vertex deltas) and the property
		// value (of the property deltas), which starts there.
		j, nameEnd, valEnd := i+11, 0, 0
		switch shape {
		case shapeVertexProperty, shapeEdgeProperty:
			j = gidName(buf, j)
			if j < 0 || j > len(buf)-2 || buf[j] != byte(format.MarkerPropertyValue) {
				j = -1
				break
			}
			nameEnd = j
			if t := format.Marker(buf[j+1]); r.class[t] == classTen {
				j += 10
			} else {
				j = r.valueAt(buf, j, t)
			}
			if j > len(buf) {
				j = -1
			}
			valEnd = j
			if shape == shapeEdgeProperty {
				if r.edgeFrom {
					j = skimUint(buf, j)
				}
				if r.edgeTo {
					j = skimStr(buf, skimUint(buf, j))
				}
			}
		case shapeLabel:
			j = gidName(buf, j)
			nameEnd = j
		case shapeVertex:
			j = skimUint(buf, j)
		case shapeEdge:
			j = edgeEnd(buf, j)
			nameEnd = j - 18
		default:
			j, _ = r.skimShape(buf, j, m)
		}
		if j < 0 {
			break
		}
		v := &dst[out]
		if shape == shapeTxnStart || shape == shapeTxnEnd {
			if !p.viewInto(v, base+int64(i), int64(j-i), txnTS, m, buf[i:j]) {
				break // as it read first, it is not: left to next
			}
			txnEnd(v)
		} else {
			// The fields of a delta of graph data, where the checks found
			// them: the gid after the prefix, the name (for all but vertex
			// deltas) up to nameEnd, the property value (of the property
			// deltas) from there to valEnd.
			const gidAt, nameAt = framePrefix + 1, framePrefix + 9 + 9
			var name, edgeType string
			var from, to uint64
			valOff := 0
			if nameEnd > 0 {
				var known bool
				if name, known = p.knownName(buf[i+nameAt : nameEnd]); !known {
					name = p.nameSlow(buf[i+nameAt : nameEnd])
				}
			}
			switch shape {
			case shapeEdge: // the vertices end the frame
				from, to = binary.LittleEndian.Uint64(buf[j-17:]), binary.LittleEndian.Uint64(buf[j-8:])
			case shapeVertexProperty:
				valOff, valEnd = nameEnd-i, valEnd-i
			case shapeEdgeProperty: // the version's vertex fields follow the value
				k := valEnd
				valOff, valEnd = nameEnd-i, valEnd-i
				if r.edgeFrom {
					from, k = binary.LittleEndian.Uint64(buf[k+1:]), k+9
				}
				if r.edgeTo {
					to, edgeType = binary.LittleEndian.Uint64(buf[k+1:]), p.nameOf(buf[k+18:j])
				}
			}
			v.Offset, v.Size, v.Timestamp, v.Marker, v.frame = base+int64(i), int64(j-i), txnTS, m, buf[i:j]
			v.Gid, v.Name, v.EdgeType, v.From, v.To = binary.LittleEndian.Uint64(buf[i+gidAt:]), name, edgeType, from, to
			v.valOff, v.valEnd = valOff, valEnd
			if v.Delta != nil { // the view of a transaction frame before
				v.Commit, v.AccessType, v.CRC, v.Delta = false, 0, 0, nil
			}
		}
		out++
		prev, i = i, j
		if r.closes[m] {
			break
		}
	}
	if prev < 0 {
		return skimmed{}
	}
	last := format.Marker(buf[prev+10])
	return skimmed{n: out, out: out, closes: r.closes[last], end: i, prevEnd: prev, last: last}
}

// valueAt is where the property value at buf[j:], whose 0x17 marker lies
// in buf and whose type t follows it, ends by its class (valueClasses); -1
// when it is not one skimFrames takes, and possibly past len(buf) when it
// runs out of buf (the caller checks). skimFrames's loop reads the classes
// so itself: calling valueAt there costs verify 4 % more instructions
// (callgrind, -pgo=off: 27.3 M instead of 26.3 M for a 7 MB WAL).
func (r *skimRules) valueAt(buf []byte, j int, t format.Marker) int {
	switch r.class[t] {
	case classTen, classFixed:
		return j + r.valueEnd[t]
	case classString:
		return skimStrPayload(buf, j+2)
	case classTemporal:
		return temporalEnd(buf, j+2)
	case classBool:
		return boolEnd(buf, j+2)
	case classScalar:
		j, _ = r.values.scalar(buf, j+2, t)
		return j
	case classNested:
		return r.values.at(buf, j)
	}
	return -1
}

// skimmed is what skimFrames read: n frames, out of them reported, ending
// at end (an index of buf), the last of delta type last, which closes the
// transaction when closes is set; the frame before it ends at prevEnd.
type skimmed struct {
	n, out, end, prevEnd int
	closes               bool
	last                 format.Marker
}

// skimShape reads the payload at buf[j:] of a transaction frame of delta
// type m field by field, and returns where it ends (-1 when it does not
// take it) and a TRANSACTION_START's commit flag. skimFrames reads the
// deltas of graph data itself.
func (r *skimRules) skimShape(buf []byte, j int, m format.Marker) (end int, commit bool) {
	switch r.shape[m] {
	case shapeTxnStart:
		// boolean: BOOL marker and a payload of 0x00 or 0xff.
		if j > len(buf)-2 || buf[j] != byte(format.MarkerBool) ||
			(buf[j+1] != byte(format.MarkerTrue) && buf[j+1] != byte(format.MarkerFalse)) {
			return -1, false
		}
		commit = buf[j+1] == byte(format.MarkerTrue)
		j += 2
		if r.accessType {
			j = skimUint(buf, j)
		}
		return j, commit
	case shapeTxnEnd:
		if r.crc {
			j = skimUint(buf, j) // the CRC: its value is the caller's to check
		}
		return j, false
	}
	return -1, false
}

// framePrefixBytes is the first two bytes of a frame, 0x26 and the
// timestamp's UINT marker, read as one little-endian uint16.
const framePrefixBytes = uint16(format.SectionDelta) | uint16(format.MarkerInt)<<8

// The payload shapes skimFrames reads (skimRules.shape).
const (
	shapeNone           uint8 = iota
	shapeVertexProperty       // VERTEX_SET_PROPERTY: gid, property, value
	shapeEdgeProperty         // EDGE_SET_PROPERTY: gid, property, value, and the version's vertex fields
	shapeLabel                // VERTEX_ADD_LABEL, VERTEX_REMOVE_LABEL: gid, label
	shapeVertex               // VERTEX_CREATE, VERTEX_DELETE: gid
	shapeEdge                 // EDGE_CREATE, EDGE_DELETE: gid, edge type, from, to
	shapeTxnStart             // TRANSACTION_START: commit flag, the version's access type
	shapeTxnEnd               // TRANSACTION_END: the version's CRC
)

// shapes maps the deltas skimFrames reads to their shape.
var shapes = map[format.Marker]uint8{
	format.DeltaVertexSetProperty: shapeVertexProperty, format.DeltaEdgeSetProperty: shapeEdgeProperty,
	format.DeltaVertexAddLabel: shapeLabel, format.DeltaVertexRemoveLabel: shapeLabel,
	format.DeltaVertexCreate: shapeVertex, format.DeltaVertexDelete: shapeVertex,
	format.DeltaEdgeCreate: shapeEdge, format.DeltaEdgeDelete: shapeEdge,
	format.DeltaTransactionStart: shapeTxnStart, format.DeltaTransactionEnd: shapeTxnEnd,
}

// edgeEnd steps over the payload of EDGE_CREATE and EDGE_DELETE at buf[j:]:
// the gid, the edge type, the from and to vertex gids. Not inlined: in
// skimFrames' loop it costs more registers than its call (callgrind, WAL
// verify: 94.2 M instructions with the call, 96.3 M inlined by a profile
// that made it hot).
//
//go:noinline
func edgeEnd(buf []byte, j int) int {
	if j = gidName(buf, j); j >= 0 && j <= len(buf)-18 &&
		buf[j] == byte(format.MarkerInt) && buf[j+9] == byte(format.MarkerInt) {
		return j + 18
	}
	return -1
}

// gidName is skimUint then skimStr (cursor.uint, cursor.name) for a gid
// and a name at buf[j:]: both markers and the name's length lie at fixed
// places, checked in one step.
func gidName(buf []byte, j int) int {
	if j < 0 || j > len(buf)-18 {
		return -1
	}
	q := buf[j : j+18]
	if q[0] != byte(format.MarkerInt) || q[9] != byte(format.MarkerString) {
		return -1
	}
	if n := binary.LittleEndian.Uint64(q[10:]); n <= uint64(len(buf)-j-18) {
		return j + 18 + int(n)
	}
	return -1
}

// The classes of property values skimFrames tells apart (skimRules.class).
const (
	classNone     uint8 = iota // not read here: the cursor reads it
	classTen                   // INT, DOUBLE: a payload of 8 bytes
	classFixed                 // NULL, ENUM: a payload of valueEnd's size
	classString                // STRING
	classTemporal              // TEMPORAL
	classBool                  // BOOL
	classScalar                // the other scalars: ZONED_TEMPORAL, POINT_2D, POINT_3D
	classNested                // LIST, MAP
)

// valueClasses classes the value types of the version as skimFrames reads
// them, from what its value skimmer follows (values) and the sizes of the
// value types whose payload needs no check but its length (valueEnd).
func valueClasses(values *valueSkimmer, valueEnd *[256]int) (c [256]uint8) {
	for t := range c {
		switch m := format.Marker(t); {
		case valueEnd[t] == 10:
			c[t] = classTen
		case valueEnd[t] > 0:
			c[t] = classFixed
		case !values.scalarOK[t]:
			if values.valueOK[t] && values.maxDepth > 0 {
				c[t] = classNested
			}
		case m == format.MarkerString:
			c[t] = classString
		case m == format.MarkerTemporal:
			c[t] = classTemporal
		case m == format.MarkerBool:
			c[t] = classBool
		default:
			c[t] = classScalar
		}
	}
	return c
}
