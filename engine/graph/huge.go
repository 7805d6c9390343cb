package graph

import "unsafe"

// hugeMin is the size from which an allocation asks for huge pages: one
// that spans at least one aligned 2 MiB page whatever its alignment.
const hugeMin = 4 << 20

// makeHuge is make([]T, n, c) asking for huge pages when it is large
// (adviseHuge), before anything touches it.
func makeHuge[T any](n, c int) []T {
	s := make([]T, n, c)
	if size := uintptr(c) * unsafe.Sizeof(*new(T)); size >= hugeMin {
		adviseHuge(unsafe.Pointer(unsafe.SliceData(s)), size)
	}
	return s
}
