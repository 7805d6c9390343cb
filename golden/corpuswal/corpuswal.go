// Package corpuswal reads a recorded WAL of the corpus whole and tells how
// a transaction a replay committed differs from Memgraph's. It is apart
// from golden because it encodes, and encode's own tests import golden.
package corpuswal

import (
	"bytes"
	"fmt"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/format"
)

// WAL is a recorded WAL read whole, for replays that compare what
// they commit with Memgraph's transactions.
type WAL struct {
	Header format.WALHeader
	Txns   []*decode.Transaction
	Data   []byte
}

// Read reads the WAL at path; it fails the test on any error.
func Read(t testing.TB, path string) *WAL {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	w, err := decode.OpenWAL(bytes.NewReader(data), int64(len(data)), path)
	if err != nil {
		t.Fatal(err)
	}
	c := &WAL{Header: w.Header, Data: data}
	for tx, err := range w.Transactions() {
		if err != nil {
			t.Fatal(err)
		}
		c.Txns = append(c.Txns, tx)
	}
	return c
}

var frameOptions = []cmp.Option{
	cmpopts.EquateEmpty(),
	cmpopts.IgnoreFields(format.Frame{}, "Offset", "Size"),
	cmpopts.IgnoreFields(format.TxnEnd{}, "CRC"),
}

// DiffTxn reports how tx differs from the recorded transaction i, frame by
// frame (-memgraph +tx) and then byte by byte, CRC included, as the
// recording's writer would encode it; "" when it does not.
func (c *WAL) DiffTxn(i int, tx format.Txn) string {
	if i >= len(c.Txns) {
		return fmt.Sprintf("the corpus has %d transactions, no #%d", len(c.Txns), i)
	}
	want := c.Txns[i]
	got := format.AppendTxn(nil, format.FeaturesOf(c.Header.Version), tx)
	if diff := cmp.Diff(want.Frames, got, frameOptions...); diff != "" {
		return "frames differ (-memgraph +tx):\n" + diff
	}
	var buf bytes.Buffer
	h := c.Header
	h.Summary, h.Gap = nil, nil
	w, err := encode.NewWALWriter(&buf, h, nil)
	if err != nil {
		return err.Error()
	}
	start := w.Offset()
	if err := w.WriteTxn(tx); err != nil {
		return err.Error()
	}
	if err := w.Close(); err != nil {
		return err.Error()
	}
	if !bytes.Equal(buf.Bytes()[start:], c.Data[want.Offset:want.End]) {
		return "the frames match but the bytes do not"
	}
	return ""
}
