package graph

import "unsafe"

// arena packs records built in bulk (a snapshot load) into shared chunks:
// one allocation per chunk instead of one per record, and no size-class
// rounding. Bytes are never written again once put, so the strings over
// them are immutable as Go requires. A chunk lives while any of its
// records does: records replaced later (WAL replay) are built on the heap.
type arena struct {
	chunk []byte // chunk[:n] is taken; stored only for a new chunk, so a put stores no pointer
	n     int
}

const (
	arenaChunk = 64 << 10
	arenaLarge = arenaChunk / 16 // records above this get their own allocation
)

// put copies b into the arena and returns it as a string.
func (a *arena) put(b []byte) string {
	switch {
	case len(b) == 0:
		return ""
	case len(b) > arenaLarge:
		return string(b)
	}
	if len(a.chunk)-a.n < len(b) {
		a.chunk, a.n = make([]byte, arenaChunk), 0
	}
	off := a.n
	a.n += copy(a.chunk[off:], b)
	return unsafe.String(&a.chunk[off], len(b))
}
