package datadir

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
)

// LockFileName is the file in a data directory that a running Memgraph
// holds a POSIX write lock on (LOCK DATA DIRECTORY aside, for as long as it
// runs).
const LockFileName = ".lock"

// Open-file-description locks (Linux 3.15+): they conflict with the POSIX
// record locks Memgraph takes, but belong to the descriptor, so closing
// another descriptor of the same file in this process (a probe) does not
// release them, as it would a POSIX lock.
const (
	fOFDGetLK = 36
	fOFDSetLK = 37
)

// LockHolder returns the pid of a process holding a lock on path, as a
// running Memgraph holds <data>/.lock; -1 when the holder is an
// open-file-description lock (whose pid the kernel does not tell), 0 when
// nobody holds one or path is not a regular file. It only asks: no lock is
// taken, and no descriptor that could hold one is closed.
func LockHolder(path string) int {
	// O_NONBLOCK: a FIFO planted as .lock must not hang the probe.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return 0
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return 0
	}
	lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: io.SeekStart}
	if err := syscall.FcntlFlock(f.Fd(), fOFDGetLK, &lk); err != nil {
		// Kernels without OFD locks: the POSIX query answers the same.
		lk = syscall.Flock_t{Type: syscall.F_WRLCK, Whence: io.SeekStart}
		if err := syscall.FcntlFlock(f.Fd(), syscall.F_GETLK, &lk); err != nil {
			return 0
		}
	}
	if lk.Type == syscall.F_UNLCK {
		return 0
	}
	return int(lk.Pid)
}

// Lock is a data directory's .lock held by this process.
type Lock struct {
	f *os.File
}

// ErrLocked is wrapped by TakeLock's error when another process (a running
// Memgraph, or our engine) holds the data directory.
var ErrLocked = errors.New("the data directory is locked by another process")

// TakeLock takes the write lock on dir/.lock that a running Memgraph holds,
// creating the file if needed, so that neither Memgraph nor another
// durascope writer works on dir at the same time. It fails with ErrLocked
// when the lock is held.
func TakeLock(dir string) (*Lock, error) {
	path := filepath.Join(dir, LockFileName)
	if st, err := os.Lstat(path); err == nil && !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|syscall.O_NONBLOCK|syscall.O_NOFOLLOW, 0o640)
	if err != nil {
		return nil, err
	}
	lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: io.SeekStart}
	err = syscall.FcntlFlock(f.Fd(), fOFDSetLK, &lk)
	if errors.Is(err, syscall.EINVAL) {
		err = syscall.FcntlFlock(f.Fd(), syscall.F_SETLK, &lk)
	}
	if err != nil {
		f.Close()
		if errors.Is(err, syscall.EAGAIN) || errors.Is(err, syscall.EACCES) {
			if pid := LockHolder(path); pid > 0 {
				return nil, fmt.Errorf("%s: %w (pid %d)", path, ErrLocked, pid)
			}
			return nil, fmt.Errorf("%s: %w", path, ErrLocked)
		}
		return nil, fmt.Errorf("%s: locking: %w", path, err)
	}
	return &Lock{f: f}, nil
}

// Release gives the lock up.
func (l *Lock) Release() error { return l.f.Close() }
