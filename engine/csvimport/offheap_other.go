//go:build !(linux || darwin || freebsd)

package csvimport

func allocBytes(n int) []byte { return make([]byte, n) }

func freeBytes([]byte) {}
