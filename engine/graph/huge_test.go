package graph

import (
	"testing"
	"unsafe"
)

// makeHugeBytes gives n bytes, starting on a huge page where huge pages
// are asked for and n is large enough for them.
func TestMakeHugeBytes(t *testing.T) {
	for _, n := range []int{1, hugeMin - 1, hugeMin, hugeMin + 12345, arenaMaxChunk} {
		b := makeHugeBytes(n)
		if len(b) != n || cap(b) != n {
			t.Errorf("%d bytes: len %d, cap %d", n, len(b), cap(b))
		}
		aligned := uintptr(unsafe.Pointer(unsafe.SliceData(b)))%hugePage == 0
		if want := hugePages && n >= hugeMin; want && !aligned {
			t.Errorf("%d bytes: at %p, not on a huge page", n, unsafe.SliceData(b))
		}
	}
}
