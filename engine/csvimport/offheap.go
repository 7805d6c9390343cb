package csvimport

import "unsafe"

// The id map's table and arena and the sort buffer are the import's big
// pointer-free arrays. They live outside the Go heap where the platform
// allows (offheap_mmap.go), so that the collector neither scans them nor
// lets the heap grow to twice their size before collecting: the process
// then holds about what they need plus a small heap. free returns them at
// once. Elsewhere they are ordinary slices.

// allocUint64s returns n zeroed uint64s.
func allocUint64s(n int) []uint64 {
	if n == 0 {
		return nil
	}
	b := allocBytes(n * 8)
	return unsafe.Slice((*uint64)(unsafe.Pointer(unsafe.SliceData(b))), n)
}

func freeUint64s(s []uint64) {
	if cap(s) > 0 {
		freeBytes(unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), cap(s)*8))
	}
}

// allocAdj returns room for n edge-list entries (length 0).
func allocAdj(n int) []adjEntry {
	if n == 0 {
		return nil
	}
	b := allocBytes(n * adjEntrySize)
	return unsafe.Slice((*adjEntry)(unsafe.Pointer(unsafe.SliceData(b))), n)[:0]
}

func freeAdj(s []adjEntry) {
	if cap(s) > 0 {
		freeBytes(unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), cap(s)*adjEntrySize))
	}
}
