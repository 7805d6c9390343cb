package graph

import (
	"iter"
	"maps"
	"math/bits"
	"slices"
)

// Objects live in slabs and refer to each other by slot, not by pointer:
// a vertex or edge is a fixed-size struct without pointers (its record is
// a number, arena.go), and adjacency lists are chains threaded through the
// edges.

// noSlot ends a chain.
const noSlot = ^uint32(0)

// Chunks double from 64 slots up to 8192 and then stay at that size: small
// graphs stay small, and a chunk never moves, so a *Vertex or *Edge stays
// valid while its object lives.
const (
	firstChunkBits = 6
	doublings      = 8
	bigChunk       = 1 << (firstChunkBits + doublings - 1)
	doubledSlots   = 1<<firstChunkBits<<doublings - 1<<firstChunkBits
)

func chunkOf(i uint32) (chunk int, off uint32) {
	if i < doubledSlots {
		k := bits.Len32(i>>firstChunkBits+1) - 1
		return k, i - (1<<k-1)<<firstChunkBits
	}
	i -= doubledSlots
	return doublings + int(i/bigChunk), i % bigChunk
}

type slab[T any] struct {
	chunks [][]T
	// first is a first chunk reserved at once (reserve), which the
	// doubling chunks follow; nil when there is none. Kept apart from
	// chunks, where it is too, so that finding a slot in it takes one
	// load and one compare.
	first []T
	n     uint32   // slots handed out
	free  []uint32 // released slots, reused first
}

// chunk finds slot i.
func (s *slab[T]) chunk(i uint32) (chunk int, off uint32) {
	if len(s.first) == 0 {
		return chunkOf(i)
	}
	if i < uint32(len(s.first)) {
		return 0, i
	}
	k, off := chunkOf(i - uint32(len(s.first)))
	return k + 1, off
}

func (s *slab[T]) at(i uint32) *T {
	if i < uint32(len(s.first)) { // a load's reserve: inlined
		return &s.first[i]
	}
	return s.atSlow(i)
}

//go:noinline
func (s *slab[T]) atSlow(i uint32) *T {
	k, off := s.chunk(i)
	return &s.chunks[k][off]
}

// reserve makes room for n slots in one chunk, for a load that knows how
// many objects come (bounded by the bytes they come from): one allocation
// that never grows or copies, and large enough for huge pages (makeHuge).
// Only an empty slab reserves, and never more than slotLimit.
func (s *slab[T]) reserve(n uint64) {
	if len(s.chunks) > 0 || n == 0 || n > uint64(slotLimit()) {
		return
	}
	s.first = makeHuge[T](int(n), int(n))
	s.chunks = append(s.chunks, s.first)
}

// alloc hands out a slot; false when the slab holds slotLimit objects.
func (s *slab[T]) alloc() (uint32, bool) {
	if i, _, ok := s.fromReserve(); ok {
		return i, true
	}
	return s.allocSlow()
}

// fromReserve is alloc for a load filling its reserve, with the slot's
// entry, inlined; ok is false where alloc must do more.
func (s *slab[T]) fromReserve() (uint32, *T, bool) {
	if i := s.n; i < uint32(len(s.first)) && len(s.free) == 0 {
		s.n = i + 1
		return i, &s.first[i], true
	}
	return 0, nil, false
}

func (s *slab[T]) allocSlow() (uint32, bool) {
	if n := len(s.free); n > 0 {
		i := s.free[n-1]
		s.free = s.free[:n-1]
		return i, true
	}
	i := s.n
	if i >= slotLimit() {
		return 0, false
	}
	if k, _ := s.chunk(i); k == len(s.chunks) {
		if len(s.first) > 0 {
			k--
		}
		size := bigChunk
		if k < doublings {
			size = 1 << (firstChunkBits + k)
		}
		s.chunks = append(s.chunks, make([]T, size))
	}
	s.n++
	return i, true
}

func (s *slab[T]) release(i uint32) {
	var zero T
	*s.at(i) = zero
	s.free = append(s.free, i)
}

// gidIndex maps gids to slots. Memgraph hands out gids from 0 up, so most
// fall in a dense table (4 bytes a gid); the rest go to a map. Every gid
// in the map is at or past the dense table's end.
type gidIndex struct {
	dense  []uint32 // slot+1 by gid, 0 when absent
	sparse map[uint64]uint32
	n      int
}

func (x *gidIndex) get(gid uint64) (uint32, bool) {
	if gid < uint64(len(x.dense)) {
		s := x.dense[gid]
		return s - 1, s != 0
	}
	s, ok := x.sparse[gid]
	return s, ok
}

// put maps gid to slot, replacing what it mapped to.
func (x *gidIndex) put(gid uint64, slot uint32) {
	if gid < uint64(len(x.dense)) && x.dense[gid] == 0 { // a new gid in the dense table
		x.dense[gid] = slot + 1
		x.n++
		return
	}
	x.putSlow(gid, slot)
}

func (x *gidIndex) putSlow(gid uint64, slot uint32) {
	if _, ok := x.get(gid); !ok {
		x.n++
	}
	if gid >= uint64(len(x.dense)) {
		x.grow(gid)
	}
	if gid < uint64(len(x.dense)) {
		x.dense[gid] = slot + 1
		return
	}
	if x.sparse == nil {
		x.sparse = map[uint64]uint32{}
	}
	x.sparse[gid] = slot
}

// denseLimit is how many gids the dense table of an index of n objects
// may cover: about two entries per object.
func denseLimit(n uint64) uint64 { return 2*n + 1024 }

// grow extends the dense table to cover gid where that keeps it within
// denseLimit.
func (x *gidIndex) grow(gid uint64) {
	limit := denseLimit(uint64(x.n))
	if gid >= limit {
		return
	}
	x.resize(min(max(gid+1, 2*uint64(len(x.dense))), limit))
}

// reserve makes the dense table cover gids below n at once, so that
// filling it does not regrow and copy it: for a load that knows how many
// objects come (bounded by the bytes they come from).
func (x *gidIndex) reserve(n uint64) {
	if n > uint64(len(x.dense)) {
		x.resize(n)
	}
}

// resize gives the dense table n entries, moving the sparse entries below n into it.
func (x *gidIndex) resize(n uint64) {
	dense := makeHuge[uint32](int(n), int(n))
	copy(dense, x.dense)
	for g, s := range x.sparse {
		if g < n {
			dense[g] = s + 1
			delete(x.sparse, g)
		}
	}
	x.dense = dense
}

// trim gives the dense table back what is unused past the largest gid,
// but for room gids.
func (x *gidIndex) trim(room uint64) {
	n := len(x.dense)
	for n > 0 && x.dense[n-1] == 0 {
		n--
	}
	if keep := uint64(n) + room; keep < uint64(len(x.dense)) {
		x.dense = append([]uint32(nil), x.dense[:keep]...)
	}
}

func (x *gidIndex) del(gid uint64) {
	x.n--
	if gid < uint64(len(x.dense)) {
		x.dense[gid] = 0
		return
	}
	delete(x.sparse, gid)
}

// all yields gids and slots in ascending gid order.
func (x *gidIndex) all() iter.Seq2[uint64, uint32] {
	return func(yield func(uint64, uint32) bool) {
		for g, s := range x.dense {
			if s != 0 && !yield(uint64(g), s-1) {
				return
			}
		}
		for _, g := range x.sparseGids() {
			if !yield(g, x.sparse[g]) {
				return
			}
		}
	}
}

// sparseGids are the gids of the sparse map in ascending order, which all
// yields after the dense table's (every one past them).
func (x *gidIndex) sparseGids() []uint64 { return slices.Sorted(maps.Keys(x.sparse)) }

// last is the largest gid, if any.
func (x *gidIndex) last() (uint64, bool) {
	if len(x.sparse) > 0 {
		return slices.Max(slices.Collect(maps.Keys(x.sparse))), true
	}
	for g := len(x.dense) - 1; g >= 0; g-- {
		if x.dense[g] != 0 {
			return uint64(g), true
		}
	}
	return 0, false
}

// chain is an adjacency list: edge slots linked through Edge.out (out
// lists) or Edge.in (in lists), in Memgraph's vector order. Doubly linked,
// so that swap-and-pop takes constant time. A vertex holds only the head:
// the head's prev is the tail (the tail's next ends the list).
type chain struct{ head uint32 }

var emptyChain = chain{noSlot}

// links are an edge's neighbours in one chain.
type links struct{ prev, next uint32 }

func (s *Graph) links(e uint32, in bool) *links {
	x := s.es.at(e)
	if in {
		return &x.in
	}
	return &x.out
}

func (s *Graph) push(c *chain, e uint32, in bool) {
	if c.head == noSlot {
		c.head = e
		*s.links(e, in) = links{e, noSlot}
		return
	}
	h := s.links(c.head, in)
	*s.links(e, in) = links{h.prev, noSlot}
	s.links(h.prev, in).next = e
	h.prev = e
}

// swapPop removes x as Memgraph's recovery removes an edge from a vertex's
// vector: the last edge takes its place.
func (s *Graph) swapPop(c *chain, x uint32, in bool) {
	lx := *s.links(x, in)
	h := s.links(c.head, in)
	t := h.prev
	if x == t {
		if x == c.head {
			c.head = noSlot
			return
		}
		s.links(lx.prev, in).next = noSlot
		h.prev = lx.prev
		return
	}
	// t, not the head (x is before it), takes x's place; pt, before t,
	// becomes the tail unless that is x.
	lt := s.links(t, in)
	pt := lt.prev
	if pt != x {
		s.links(pt, in).next = noSlot
		lt.next = lx.next
		s.links(lx.next, in).prev = t
	} else {
		pt = t
	}
	if x == c.head {
		c.head = t
		lt.prev = pt
		return
	}
	lt.prev = lx.prev
	s.links(lx.prev, in).next = t
	h.prev = pt
}

// edges yields the edges of a chain in order.
func (s *Graph) edges(c chain, in bool) iter.Seq[*Edge] {
	return func(yield func(*Edge) bool) {
		for e := c.head; e != noSlot; {
			x := s.es.at(e)
			if !yield(x) {
				return
			}
			if in {
				e = x.in.next
			} else {
				e = x.out.next
			}
		}
	}
}
