package inspect

import (
	"io"
	"os"
	"syscall"
)

// lockHolder returns the pid of a process holding a lock on path, as a
// running Memgraph holds <data>/.lock. F_GETLK only asks; no lock is taken,
// and closing our descriptor releases nothing of another process's.
func lockHolder(path string) int {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: io.SeekStart}
	if err := syscall.FcntlFlock(f.Fd(), syscall.F_GETLK, &lk); err != nil || lk.Type == syscall.F_UNLCK {
		return 0
	}
	return int(lk.Pid)
}
