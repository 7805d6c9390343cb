package wal

import (
	"bytes"
	"fmt"
	"io"

	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/format"
)

// headerBytes encodes the header of h with a zero summary (as at
// creation), or with sum (as after finalization). It returns the header
// as encode computed it (offsets, CRCs).
func headerBytes(h format.WALHeader, sum *format.WALSummary) ([]byte, format.WALHeader, error) {
	h.Summary, h.Gap = nil, nil
	opts := &encode.WALOptions{}
	if sum != nil {
		// A header carrying a finalized summary is checked against the
		// frames at Close; a first writer computes its CRCs, a second
		// writes them as computed, unchecked.
		s := *sum
		h.Summary = &s
		first, err := encode.NewWALWriter(io.Discard, h, nil)
		if err != nil {
			return nil, h, err
		}
		h = first.Header()
		opts.Verbatim = true
	}
	var buf bytes.Buffer
	ww, err := encode.NewWALWriter(&buf, h, opts)
	if err == nil {
		err = ww.Close()
	}
	if err != nil {
		return nil, h, err
	}
	return buf.Bytes(), ww.Header(), nil
}

// txnBytes frames t for h's version and encodes its frames: what follows
// the header in a file holding only t. totals counts its complete
// transactions (several before MetadataTxnEnd, where each metadata delta
// is a transaction of its own).
func txnBytes(h format.WALHeader, t format.Txn) ([]byte, format.WALTotals, error) {
	h.Summary, h.Gap = nil, nil
	var buf bytes.Buffer
	ww, err := encode.NewWALWriter(&buf, h, nil)
	if err != nil {
		return nil, format.WALTotals{}, err
	}
	if err := ww.WriteTxn(t); err != nil {
		return nil, format.WALTotals{}, err
	}
	if ww.InTransaction() {
		return nil, format.WALTotals{}, fmt.Errorf("wal: transaction at commit timestamp %d is left open by its frames", t.Timestamp)
	}
	if err := ww.Close(); err != nil {
		return nil, format.WALTotals{}, err
	}
	return buf.Bytes()[ww.Header().OffsetDeltas:], ww.Totals(), nil
}

// addTotals adds the totals of later transactions to t.
func addTotals(t *format.WALTotals, later format.WALTotals) {
	if later.Transactions == 0 {
		return
	}
	if t.Transactions == 0 {
		t.FromTimestamp = later.FromTimestamp
	}
	t.ToTimestamp = later.ToTimestamp
	t.Transactions += later.Transactions
	t.Frames += later.Frames
}
