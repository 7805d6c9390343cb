package inspect

import (
	"fmt"
	"io"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/format"
)

// WAL checks. The decoder enforces the structure; its errors become findings
// named wal.<class> (wal.truncated, wal.corrupt, ...), refined where the
// section says more:
//
//	wal.header_crc      header CRC mismatch (CRC)
//	wal.summary_crc     summary CRC mismatch (WALSummary)
//	wal.txn_crc         transaction CRC mismatch (CRC)
//	wal.summary         a finalized summary's from/to/delta count disagree with the frames
//	wal.torn_tail       warning: an unfinalized file ends inside a transaction; Memgraph drops it silently
//
// and verify adds, from the frames that decode:
//
//	wal.timestamp_order     a transaction's commit timestamp is below the previous one's
//	wal.txn_start           TxnStart: a transaction does not open with TRANSACTION_START, or one appears inside it
//	wal.metadata_placement  !MetadataTxnEnd: a metadata frame, which closes its transaction, follows data frames
//	                        whose TRANSACTION_END is then missing
//	wal.metadata_order      warning, MetadataTxnEnd: a metadata frame after data frames (Memgraph writes them first)
//	wal.summary             warning: an unfinalized summary (delta count 0) with nonzero timestamps
//	wal.uncommitted         note: a TxnStart transaction whose commit flag is false; Memgraph skips it
func verifyWAL(f *datadir.File, c *collector, p *progress, r *VerifyReport) {
	w, err := f.WAL()
	if err != nil {
		c.add(decodeFinding("wal", f.Path, err))
		return
	}
	r.Version = uint64(w.Header.Version)
	ft := w.Features
	if s := w.Header.Summary; s != nil && !s.Finalized() && (s.FromTimestamp != 0 || s.ToTimestamp != 0) {
		if !c.at(SeverityWarning, "wal.summary", int64(w.Header.HeaderEnd)-36, "",
			"the summary has delta count 0 (not finalized) but timestamps %d..%d; Memgraph writes zeros", s.FromTimestamp, s.ToTimestamp) {
			return
		}
	}
	v := walChecker{c: c, ft: ft}
	var heads [walBatch]decode.FrameHead
	for {
		// The frames of graph data inside a transaction are only counted
		// (FrameHead.Seq): NextNotable reports the others.
		n, err := w.NextNotable(heads[:], nil)
		if n > 0 {
			p.at(heads[n-1].Offset)
		}
		for k := range n {
			if !v.frame(&heads[k]) {
				err = errStop
				break
			}
		}
		if err == io.EOF || err == errStop {
			break
		}
		if err != nil {
			c.add(decodeFinding("wal", f.Path, err))
			break
		}
	}
	t := v.totals
	r.Counts = VerifyCounts{Transactions: uint64(t.Transactions), Deltas: t.Frames,
		FromTimestamp: t.FromTimestamp, ToTimestamp: t.ToTimestamp}
}

// walChecker holds what the WAL checks follow from frame to frame.
type walChecker struct {
	c        *collector
	ft       format.Features
	inTxn    bool
	txnOff   int64
	txnTS    uint64
	nonData  int // frames of the open transaction read that are not graph data
	prevTS   uint64
	havePrev bool
	// totals counts the transactions checked (NextNotable reads ahead of
	// them, so the decoder's count can be further on).
	totals format.WALTotals
}

// frame checks one frame; false when the checks stopped (fail-fast).
func (v *walChecker) frame(fr *decode.FrameHead) bool {
	c, ft, txn := v.c, v.ft, fr.Txn
	ok := true
	if !v.inTxn {
		v.inTxn, v.txnOff, v.txnTS, v.nonData = true, fr.Offset, fr.Timestamp, 0
		if v.havePrev && v.txnTS < v.prevTS {
			ok = c.at(SeverityError, "wal.timestamp_order", v.txnOff, fmt.Sprintf("transaction #%d", txn),
				"commit timestamp %d is below the previous transaction's %d: Memgraph commits in timestamp order", v.txnTS, v.prevTS)
		}
		if ft.Has(format.FeatTxnStart) && fr.Marker != format.DeltaTransactionStart {
			ok = ok && c.at(SeverityError, "wal.txn_start", fr.Offset, frameRecord(fr, txn),
				"transaction #%d opens with %s, not TRANSACTION_START (every transaction from format 28 on does)", txn, fr.Marker)
		}
	} else if fr.Marker == format.DeltaTransactionStart {
		ok = c.at(SeverityError, "wal.txn_start", fr.Offset, frameRecord(fr, txn),
			"TRANSACTION_START inside transaction #%d (which started at offset %d)", txn, v.txnOff)
	}
	if fr.Marker == format.DeltaTransactionStart && !fr.Commit {
		ok = ok && c.at(SeverityInfo, "wal.uncommitted", fr.Offset, frameRecord(fr, txn),
			"transaction #%d was never committed (two-phase commit flag false): Memgraph skips it on recovery", txn)
	}
	data := fr.Seq - v.nonData // frames of graph data before this one
	if !format.IsDataDelta(fr.Marker) {
		v.nonData++
	}
	if format.IsMetadataDelta(fr.Marker) && data > 0 {
		if !ft.Has(format.FeatMetadataTxnEnd) {
			ok = ok && c.at(SeverityError, "wal.metadata_placement", fr.Offset, frameRecord(fr, txn),
				"%s closes transaction #%d, which holds %d data frames without their TRANSACTION_END: before format 16 a metadata frame stands alone",
				fr.Marker, txn, data)
		} else {
			ok = ok && c.at(SeverityWarning, "wal.metadata_order", fr.Offset, frameRecord(fr, txn),
				"%s follows %d data frames of transaction #%d; Memgraph writes a transaction's metadata frames first", fr.Marker, data, txn)
		}
	}
	if fr.Closes {
		v.inTxn, v.prevTS, v.havePrev = false, v.txnTS, true
		v.totals.Add(v.txnTS, uint64(fr.Seq+1))
	}
	return ok
}

// walBatch is how many frames the WAL readers take from NextNotable at once.
const walBatch = 256

func frameRecord(fr *decode.FrameHead, txn int) string {
	return fmt.Sprintf("frame %s, transaction #%d", fr.Marker, txn)
}
