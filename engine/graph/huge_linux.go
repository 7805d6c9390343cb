package graph

import (
	"syscall"
	"unsafe"
)

// hugePages says adviseHuge asks for huge pages.
const hugePages = true

// adviseHuge asks the kernel to back the n bytes at p with huge pages
// where it can: a whole-graph load touches hundreds of megabytes of fresh
// memory, and a fault per 4 KiB page costs more than the load's work on
// those bytes. Only the 2 MiB-aligned interior is advised; an error
// (transparent huge pages off) leaves ordinary pages, which is no error.
func adviseHuge(p unsafe.Pointer, n uintptr) {
	start := hugeUp(uintptr(p))
	end := (uintptr(p) + n) &^ (hugePage - 1)
	if end <= start {
		return
	}
	_ = syscall.Madvise(unsafe.Slice((*byte)(unsafe.Add(p, start-uintptr(p))), end-start), syscall.MADV_HUGEPAGE)
}
