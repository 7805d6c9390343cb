package graph

import "testing"

// TestLoadMemoryFloor: the floor follows the metadata's counts as far as
// the file's bytes can hold them (damage can inflate the counts), and
// saturates instead of wrapping.
func TestLoadMemoryFloor(t *testing.T) {
	for _, c := range []struct {
		name                 string
		vertices, edges      uint64
		size                 int64
		wantVertex, wantEdge uint64
	}{
		{"counts within the bytes", 3, 2, 1828, 3, 2},
		{"inflated counts", 1 << 40, 1 << 40, 1900, 100, 70},
		{"no bytes", 5, 5, 0, 0, 0},
		{"a negative size", 5, 5, -1, 0, 0},
	} {
		if got, want := LoadMemoryFloor(c.vertices, c.edges, c.size), MemoryFloor(c.wantVertex, c.wantEdge); got != want {
			t.Errorf("%s: LoadMemoryFloor = %d, want MemoryFloor(%d, %d) = %d", c.name, got, c.wantVertex, c.wantEdge, want)
		}
	}
	// 28 bytes a vertex (a 24-byte slab entry and a 4-byte gid index
	// entry) and 44 an edge (40 and 4): a change of the structs moves the
	// floor, and TestMemoryPerObject then checks it is still one.
	if got := MemoryFloor(3, 2); got != 3*28+2*44 {
		t.Errorf("MemoryFloor(3, 2) = %d, want %d", got, 3*28+2*44)
	}
	if got := MemoryFloor(1<<63, 1<<63); got != ^uint64(0) {
		t.Errorf("MemoryFloor(2^63, 2^63) = %d, want saturation", got)
	}
}
