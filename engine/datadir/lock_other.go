//go:build !linux

package datadir

import (
	"errors"
	"os"
	"path/filepath"
)

// LockFileName is the file in a data directory that a running Memgraph
// holds a POSIX write lock on.
const LockFileName = ".lock"

// LockHolder is not implemented outside Linux: no live server is detected.
func LockHolder(string) int { return 0 }

// Lock is a data directory's .lock held by this process.
type Lock struct{ f *os.File }

// ErrLocked is wrapped by TakeLock's error when another process holds the
// data directory.
var ErrLocked = errors.New("the data directory is locked by another process")

// TakeLock creates dir/.lock; outside Linux no lock is taken.
func TakeLock(dir string) (*Lock, error) {
	f, err := os.OpenFile(filepath.Join(dir, LockFileName), os.O_RDWR|os.O_CREATE, 0o640)
	if err != nil {
		return nil, err
	}
	return &Lock{f: f}, nil
}

// Release gives the lock up.
func (l *Lock) Release() error { return l.f.Close() }
