package storage

import (
	"bytes"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
	"github.com/durascope/durascope/golden/corpuswal"
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

// readCorpusWAL reads a corpus WAL by its path under the corpus.
func readCorpusWAL(t *testing.T, rel string) *corpuswal.WAL {
	t.Helper()
	return corpuswal.Read(t, filepath.Join(golden.CorpusDir(t), rel))
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
