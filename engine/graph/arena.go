package graph

// arena packs records built in bulk (a snapshot load) into shared chunks:
// one allocation per chunk instead of one per record, and no size-class
// rounding. Bytes are never written again once put. A chunk lives while
// any of its records does: records replaced later (WAL replay) are built
// on the heap.
type arena struct {
	chunk []byte // chunk[:n] is taken; stored only for a new chunk, so a put stores no pointer
	n     int
	total int // bytes of the chunks so far
}

// A chunk is a sixteenth of what the arena took before it, from arenaChunk
// to arenaMaxChunk: a small load wastes at most about a sixteenth at the end
// of its last chunk, and a large one takes few allocations, big enough
// for huge pages.
const (
	arenaChunk    = 64 << 10
	arenaMaxChunk = 8 << 20
	arenaLarge    = arenaChunk / 16 // records above this get their own allocation
)

// put copies b into the arena as a record.
func (a *arena) put(b []byte) record {
	size := recordSize(b)
	switch {
	case len(b) == 0:
		return record{}
	case size > arenaLarge:
		return newRecord(b)
	}
	if len(a.chunk)-a.n < size {
		n := min(max(a.total/16, arenaChunk), arenaMaxChunk)
		a.chunk, a.n = makeHuge[byte](n, n), 0
		a.total += n
	}
	off := a.n
	a.n += size
	return putRecord(a.chunk[off:a.n], b)
}
