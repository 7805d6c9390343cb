package format

import (
	"reflect"
	"testing"
)

// TestAppendTxn: the framing of one transaction per version, written out by hand.
func TestAppendTxn(t *testing.T) {
	idx := Frame{Marker: DeltaLabelIndexCreate, Delta: LabelOnlyDelta{Label: "L"}, Offset: 99, Size: 7}
	vtx := Frame{Marker: DeltaVertexCreate, Delta: VertexDelta{Gid: 1}}
	txn := Txn{Timestamp: 5, Commit: false, Access: AccessReadOnly, Metadata: []Frame{idx}, Data: []Frame{vtx}}
	at := func(m Marker, d Delta) Frame { return Frame{Timestamp: 5, Marker: m, Delta: d} }
	end := at(DeltaTransactionEnd, TxnEnd{})
	for _, c := range []struct {
		v    Version
		txn  Txn
		want []Frame
	}{
		// Before MetadataTxnEnd the metadata delta closes itself.
		{14, txn, []Frame{at(idx.Marker, idx.Delta), at(vtx.Marker, vtx.Delta), end}},
		{14, Txn{Timestamp: 5, Metadata: []Frame{idx}}, []Frame{at(idx.Marker, idx.Delta)}},
		{16, txn, []Frame{at(idx.Marker, idx.Delta), at(vtx.Marker, vtx.Delta), end}},
		{16, Txn{Timestamp: 5, Metadata: []Frame{idx}}, []Frame{at(idx.Marker, idx.Delta), end}},
		// TxnStart carries the commit flag; the access type from TxnAccessType.
		{28, txn, []Frame{at(DeltaTransactionStart, TxnStart{Commit: false}), at(idx.Marker, idx.Delta), at(vtx.Marker, vtx.Delta), end}},
		{30, txn, []Frame{at(DeltaTransactionStart, TxnStart{Commit: false, AccessType: AccessReadOnly}), at(idx.Marker, idx.Delta), at(vtx.Marker, vtx.Delta), end}},
		// Metadata first, whatever order Add saw.
		{37, func() Txn { x := Txn{Timestamp: 5, Commit: true, Access: AccessWrite}; x.Add(vtx, idx); return x }(),
			[]Frame{at(DeltaTransactionStart, TxnStart{Commit: true, AccessType: AccessWrite}), at(idx.Marker, idx.Delta), at(vtx.Marker, vtx.Delta), end}},
		{37, Txn{Timestamp: 5, Commit: true}, nil},
	} {
		got := AppendTxn(nil, FeaturesOf(c.v), c.txn)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("v%d %+v:\n got %+v\nwant %+v", c.v, c.txn, got, c.want)
		}
	}
}

func TestWALTotals(t *testing.T) {
	var tot WALTotals
	tot.Add(4, 3)
	tot.Add(9, 2)
	if want := (WALTotals{Transactions: 2, Frames: 5, FromTimestamp: 4, ToTimestamp: 9}); tot != want {
		t.Errorf("totals %+v, want %+v", tot, want)
	}
	if s := tot.Summary(); s != (WALSummary{FromTimestamp: 4, ToTimestamp: 9, NumDeltas: 5}) {
		t.Errorf("summary %+v", s)
	}
}
