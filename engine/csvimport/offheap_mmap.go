//go:build linux || darwin || freebsd

package csvimport

import "syscall"

// allocBytes maps n zeroed bytes outside the Go heap; it falls back to the
// heap when the mapping fails.
func allocBytes(n int) []byte {
	b, err := syscall.Mmap(-1, 0, n, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		return make([]byte, n)
	}
	return b
}

// freeBytes unmaps what allocBytes mapped (a heap fallback is left to the
// collector: Munmap refuses it).
func freeBytes(b []byte) { _ = syscall.Munmap(b[:cap(b)]) }
