package graph

import "unsafe"

// hugeMin is the size from which an allocation asks for huge pages: one
// that spans at least one aligned 2 MiB page whatever its alignment.
const hugeMin = 4 << 20

// hugePage is the size of a huge page, and their alignment.
const hugePage = 2 << 20

// hugeUp is p rounded up to the start of a huge page.
func hugeUp(p uintptr) uintptr { return (p + hugePage - 1) &^ (hugePage - 1) }

// makeHuge is make([]T, n, c) asking for huge pages when it is large
// (adviseHuge), before anything touches it.
func makeHuge[T any](n, c int) []T {
	s := make([]T, n, c)
	if size := uintptr(c) * unsafe.Sizeof(*new(T)); size >= hugeMin {
		adviseHuge(unsafe.Pointer(unsafe.SliceData(s)), size)
	}
	return s
}

// makeHugeBytes is makeHuge for n bytes that start on a huge page when n
// is large: the collector places a large object on any 8 KiB page, and
// what it leaves of a huge page at either end (a quarter of an 8 MiB
// record chunk, on average) would be faulted in 4 KiB at a time. Up to a
// huge page more is taken, as address space only: nothing touches it.
func makeHugeBytes(n int) []byte {
	if n < hugeMin || !hugePages {
		return makeHuge[byte](n, n)
	}
	b := make([]byte, n+hugePage-1)
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	start := int(hugeUp(p) - p)
	b = b[start : start+n : start+n]
	adviseHuge(unsafe.Pointer(unsafe.SliceData(b)), uintptr(n))
	return b
}
