//go:build !linux

package graph

import "unsafe"

// hugePages says adviseHuge asks for huge pages.
const hugePages = false

// adviseHuge does nothing where there is no madvise(MADV_HUGEPAGE).
func adviseHuge(unsafe.Pointer, uintptr) {}
