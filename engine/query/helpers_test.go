package query

import (
	"errors"
	"path/filepath"
	"sync"
	"testing"

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

func corpusPath(dir, name string) string { return filepath.Join(dir, name) }
