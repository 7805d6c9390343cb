package storage

import (
	"bytes"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
)

// recLog records every transaction appended; durable can be made to fail.
type recLog struct {
	mu         sync.Mutex
	txns       []format.Txn
	appendErr  error
	durableErr error
	// gate, when set, is waited on by durable (a slow group fsync).
	gate chan struct{}
}

func (l *recLog) Append(t format.Txn) (func() error, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.appendErr != nil {
		return nil, l.appendErr
	}
	l.txns = append(l.txns, t)
	gate, derr := l.gate, l.durableErr
	return func() error {
		if gate != nil {
			<-gate
		}
		return derr
	}, nil
}

func (l *recLog) all() []format.Txn {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]format.Txn(nil), l.txns...)
}

func (l *recLog) last(t *testing.T) format.Txn {
	t.Helper()
	all := l.all()
	if len(all) == 0 {
		t.Fatal("nothing was appended to the log")
	}
	return all[len(all)-1]
}

// corpusWAL is a corpus WAL: its header, its complete transactions and its bytes.
type corpusWAL struct {
	header format.WALHeader
	txns   []*decode.Transaction
	data   []byte
}

func readCorpusWAL(t *testing.T, rel string) *corpusWAL {
	t.Helper()
	path := filepath.Join(golden.CorpusDir(t), rel)
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

func readCorpusSnapshot(t *testing.T, rel string) *format.Snapshot {
	t.Helper()
	path := filepath.Join(golden.CorpusDir(t), rel)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m, err := decode.DecodeSnapshot(bytes.NewReader(data), int64(len(data)), path)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

var frameOpts = []cmp.Option{
	cmpopts.EquateEmpty(),
	cmpopts.IgnoreFields(format.Frame{}, "Offset", "Size"),
	cmpopts.IgnoreFields(format.TxnEnd{}, "CRC"),
}

// txnBytes encodes t as the corpus file's writer would, returning the
// bytes of the transaction alone.
func txnBytes(t *testing.T, h format.WALHeader, tx format.Txn) []byte {
	t.Helper()
	var buf bytes.Buffer
	h.Summary, h.Gap = nil, nil
	w, err := encode.NewWALWriter(&buf, h, nil)
	if err != nil {
		t.Fatal(err)
	}
	start := w.Offset()
	if err := w.WriteTxn(tx); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()[start:]
}

// sameTxn requires tx to be the corpus transaction, frame for frame and
// byte for byte (CRC included).
func (c *corpusWAL) sameTxn(t *testing.T, i int, tx format.Txn) {
	t.Helper()
	if i >= len(c.txns) {
		t.Fatalf("the corpus has %d transactions, no #%d", len(c.txns), i)
	}
	want := c.txns[i]
	got := format.AppendTxn(nil, format.FeaturesOf(c.header.Version), tx)
	if diff := cmp.Diff(want.Frames, got, frameOpts...); diff != "" {
		t.Fatalf("transaction #%d (ts %d) differs from Memgraph's (-memgraph +store):\n%s", i, want.Timestamp, diff)
	}
	if b := txnBytes(t, c.header, tx); !bytes.Equal(b, c.data[want.Offset:want.End]) {
		t.Fatalf("transaction #%d (ts %d): the frames match but the bytes do not", i, want.Timestamp)
	}
}

// newStore opens a store with a recording log; it fails the test on error.
func newStore(t *testing.T, cfg Config) (*Storage, *recLog) {
	t.Helper()
	log := &recLog{}
	if cfg.Log == nil {
		cfg.Log = log
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s, log
}

// run runs fn in one transaction of access a and commits it.
func run(t *testing.T, s *Storage, a Access, fn func(tx *Txn) error) *Txn {
	t.Helper()
	tx, err := s.Begin(a)
	if err != nil {
		t.Fatal(err)
	}
	if err := fn(tx); err != nil {
		tx.Abort()
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return tx
}

// consume uses up n timestamps with transactions that write nothing.
func consume(t *testing.T, s *Storage, n int) {
	t.Helper()
	for range n {
		tx, err := s.Begin(AccessRead)
		if err != nil {
			t.Fatal(err)
		}
		tx.Abort()
	}
}

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}
