package wal

import (
	"errors"
	"fmt"
)

// ErrStopped is in every error a Writer returns after its first I/O error.
var ErrStopped = errors.New("wal: the engine stopped acknowledging commits after the first I/O error")

// ErrClosed is returned by Append after Close.
var ErrClosed = errors.New("wal: writer closed")

// IOError is a failed file-system operation on a WAL file or directory.
type IOError struct {
	Op   string // "create", "write", "fsync", "close", "rename", "remove", "fsync directory", ...
	Path string
	Err  error
}

func (e *IOError) Error() string { return fmt.Sprintf("wal: %s %s: %v", e.Op, e.Path, e.Err) }

func (e *IOError) Unwrap() error { return e.Err }

// StoppedError is what a stopped Writer returns: ErrStopped and the first
// I/O error, both reachable with errors.Is and errors.As.
type StoppedError struct {
	First *IOError
}

func (e *StoppedError) Error() string { return ErrStopped.Error() + ": " + e.First.Error() }

func (e *StoppedError) Unwrap() []error { return []error{ErrStopped, e.First} }

// OrderError refuses a transaction whose commit timestamp is not above the
// last one appended: Memgraph's recovery skips such deltas silently.
type OrderError struct {
	Timestamp uint64
	Last      uint64
}

func (e *OrderError) Error() string {
	return fmt.Sprintf("wal: commit timestamp %d is not above the last appended %d; recovery would skip the transaction", e.Timestamp, e.Last)
}
