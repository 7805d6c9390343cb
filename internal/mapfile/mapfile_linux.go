//go:build linux

package mapfile

import (
	"os"
	"strconv"
	"syscall"
)

func mapBytes(f *os.File, size int64) ([]byte, error) {
	// A 32-bit address space has no room for the files mapping pays off on.
	if strconv.IntSize < 64 || size <= 0 || size != int64(int(size)) {
		return nil, errUnsupported
	}
	rc, err := f.SyscallConn()
	if err != nil {
		return nil, err
	}
	var b []byte
	var merr error
	// SyscallConn, not Fd: Fd would put the descriptor into blocking mode.
	if err := rc.Control(func(fd uintptr) {
		b, merr = syscall.Mmap(int(fd), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	}); err != nil {
		return nil, err
	}
	if merr != nil {
		return nil, &os.PathError{Op: "mmap", Path: f.Name(), Err: merr}
	}
	return b, nil
}

func release(b []byte) { _ = syscall.Madvise(b, syscall.MADV_DONTNEED) }

func unmap(b []byte) error { return syscall.Munmap(b) }
