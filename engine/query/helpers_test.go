package query

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/engine/cypher"
	"github.com/durascope/durascope/engine/storage"
	"github.com/durascope/durascope/format"
)

// recLog records every transaction the store commits (a storage.Log).
type recLog struct {
	mu   sync.Mutex
	txns []format.Txn
}

func (l *recLog) Append(t format.Txn) (func() error, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.txns = append(l.txns, t)
	return func() error { return nil }, nil
}

func (l *recLog) all() []format.Txn {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]format.Txn(nil), l.txns...)
}

// testHost is a Host over a store; its snapshot and lock calls are
// recorded, not performed.
type testHost struct {
	st       *storage.Storage
	locked   bool
	snapshot string
}

func (h *testHost) Storage() *storage.Storage { return h.st }

func (h *testHost) CreateSnapshot() (string, error) {
	if h.snapshot == "" {
		return "", errors.New("no snapshot directory")
	}
	return h.snapshot, nil
}

func (h *testHost) LockDataDirectory() (bool, error) {
	already := h.locked
	h.locked = true
	return already, nil
}

func (h *testHost) UnlockDataDirectory() (bool, error) {
	already := !h.locked
	h.locked = false
	return already, nil
}

func (h *testHost) DataDirectoryLocked() bool { return h.locked }

// newTestStore opens a store with properties on edges and a recording log.
func newTestStore(t *testing.T, v format.Version) (*storage.Storage, *recLog) {
	t.Helper()
	log := &recLog{}
	st, err := storage.New(storage.Config{Version: v, PropertiesOnEdges: true, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	return st, log
}

// consume uses up n timestamps with transactions that write nothing.
func consume(t *testing.T, st *storage.Storage, n int) {
	t.Helper()
	for range n {
		tx, err := st.Begin(storage.AccessRead)
		if err != nil {
			t.Fatal(err)
		}
		tx.Abort()
	}
}

// run parses and runs one statement, failing the test on error.
func run(t *testing.T, s *Session, src string) *Result {
	t.Helper()
	res, err := runErr(s, src)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	return res
}

func runErr(s *Session, src string) (*Result, error) {
	stmt, err := cypher.Parse(src)
	if err != nil {
		return nil, err
	}
	return s.Run(stmt)
}

// corpusWAL is a corpus WAL: its header, its transactions and its bytes.
type corpusWAL struct {
	header format.WALHeader
	txns   []*decode.Transaction
	data   []byte
}

func readCorpusWAL(t *testing.T, path string) *corpusWAL {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	w, err := decode.OpenWAL(bytes.NewReader(data), int64(len(data)), path)
	if err != nil {
		t.Fatal(err)
	}
	c := &corpusWAL{header: w.Header, data: data}
	for tx, err := range w.Transactions() {
		if err != nil {
			t.Fatal(err)
		}
		c.txns = append(c.txns, tx)
	}
	return c
}

var frameOpts = []cmp.Option{
	cmpopts.EquateEmpty(),
	cmpopts.IgnoreFields(format.Frame{}, "Offset", "Size"),
	cmpopts.IgnoreFields(format.TxnEnd{}, "CRC"),
}

// txnBytes encodes tx as the corpus file's writer would and returns the
// bytes of the transaction alone.
func txnBytes(h format.WALHeader, tx format.Txn) ([]byte, error) {
	var buf bytes.Buffer
	h.Summary, h.Gap = nil, nil
	w, err := encode.NewWALWriter(&buf, h, nil)
	if err != nil {
		return nil, err
	}
	start := w.Offset()
	if err := w.WriteTxn(tx); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes()[start:], nil
}

// sameTxn reports how tx differs from the corpus's transaction i, frame
// by frame and then byte by byte (CRC included); "" when it does not.
func (c *corpusWAL) sameTxn(i int, tx format.Txn) string {
	if i >= len(c.txns) {
		return "the corpus has no such transaction"
	}
	want := c.txns[i]
	got := format.AppendTxn(nil, format.FeaturesOf(c.header.Version), tx)
	if diff := cmp.Diff(want.Frames, got, frameOpts...); diff != "" {
		return "frames differ (-memgraph +executor):\n" + diff
	}
	b, err := txnBytes(c.header, tx)
	if err != nil {
		return err.Error()
	}
	if !bytes.Equal(b, c.data[want.Offset:want.End]) {
		return "the frames match but the bytes do not"
	}
	return ""
}

func corpusPath(dir, name string) string { return filepath.Join(dir, name) }
