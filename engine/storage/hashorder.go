package storage

import "slices"

// Memgraph keeps some things in libstdc++ std::unordered_set<uint64_t> or
// std::unordered_map<uint64_t, T> and writes them in iteration order: the
// mapper's used ids before the mapper was sorted (see mapperSorted), and
// the vector indices keyed by their name ids (see vectorIndexByID).
// idTable reproduces that order for libstdc++, the standard library
// Memgraph is built with.
//
// libstdc++'s _Hashtable keeps all nodes in one singly linked list; a
// bucket points at the node before its first one. A node whose bucket is
// empty goes to the front of the list, otherwise to the front of its
// bucket's run. A rehash walks the list from the front and relinks each
// node the same way into the new buckets. Erasing unlinks the node and
// hands its bucket's "node before" to the next bucket's run when the
// erased node began its bucket. std::hash<uint64_t> is the identity, so a
// key's bucket is key % bucket count. The bucket count follows
// _Prime_rehash_policy with max load factor 1: a default constructed table
// has one bucket and grows on its first insert to 13, then, whenever an
// insert would make the element count exceed the bucket count, to the
// first prime of libstdc++'s table that is at least twice the count. It
// never shrinks. A copy (Memgraph's copy-on-write vector index map) keeps
// the bucket count and the order, so it needs no modelling.

// hashSetBuckets is the sequence of bucket counts a table growing by
// single inserts goes through (checked against libstdc++ 12 up to 6
// million inserts; the rest follows its prime table).
var hashSetBuckets = []uint64{
	13, 29, 59, 127, 257, 541, 1109, 2357, 5087, 10273, 20753, 42043, 85229,
	172933, 351061, 712697, 1447153, 2938679, 5967347, 12117689, 24607243,
	49969847, 101473717, 206062531, 418451333, 849749479, 1725587117,
	3504151727,
}

// Bucket markers of idTable.before.
const (
	bucketEmpty = -2 // the bucket has no node
	beforeBegin = -1 // the bucket's run starts the list
)

// idTable is a libstdc++ std::unordered_set<uint64_t> (or the keys of an
// unordered_map with uint64_t keys), default constructed. Its zero value is
// an empty table; copy it with clone.
type idTable struct {
	keys   []uint64 // by node index; erased nodes stay, unlinked
	next   []int    // the node after node i, -1 at the end
	head   int      // the first node, -1 when the list is empty (zero value: see init)
	before []int    // per bucket: the node before its run, or a marker
	where  map[uint64]int
	count  int // live elements
	growth int // index into hashSetBuckets of the next bucket count
}

func (h *idTable) init() {
	if h.where == nil {
		h.where = map[uint64]int{}
		h.head = -1
	}
}

func (h *idTable) bucket(key uint64) int { return int(key % uint64(len(h.before))) }

// link puts node i at the front of its bucket's run, or of the list when
// the bucket is empty (_M_insert_bucket_begin, and the rehash loop).
func (h *idTable) link(i int) {
	b := h.bucket(h.keys[i])
	switch p := h.before[b]; p {
	case bucketEmpty:
		h.next[i] = h.head
		if h.head >= 0 {
			h.before[h.bucket(h.keys[h.head])] = i
		}
		h.head = i
		h.before[b] = beforeBegin
	case beforeBegin:
		h.next[i], h.head = h.head, i
	default:
		h.next[i], h.next[p] = h.next[p], i
	}
}

func (h *idTable) rehash(n uint64) {
	var order []int
	for i := h.head; i >= 0; i = h.next[i] {
		order = append(order, i)
	}
	h.before = make([]int, n)
	for b := range h.before {
		h.before[b] = bucketEmpty
	}
	h.head = -1
	for _, i := range order {
		h.link(i)
	}
}

// insert adds key unless the table holds it.
func (h *idTable) insert(key uint64) {
	h.init()
	if _, ok := h.where[key]; ok {
		return
	}
	if len(h.before) == 0 || h.count+1 > len(h.before) {
		if h.growth < len(hashSetBuckets) {
			h.rehash(hashSetBuckets[h.growth])
			h.growth++
		} else if len(h.before) == 0 {
			h.rehash(hashSetBuckets[0])
		}
	}
	h.keys = append(h.keys, key)
	h.next = append(h.next, -1)
	i := len(h.keys) - 1
	h.where[key] = i
	h.count++
	h.link(i)
}

// erase removes key if the table holds it (_Hashtable::_M_erase).
func (h *idTable) erase(key uint64) {
	i, ok := h.where[key]
	if !ok {
		return
	}
	delete(h.where, key)
	h.count--
	b := h.bucket(key)
	prev := h.before[b] // the node before i: i starts or continues its run
	if prev != beforeBegin {
		for h.next[prev] != i {
			prev = h.next[prev]
		}
	} else if h.head != i {
		for prev = h.head; h.next[prev] != i; prev = h.next[prev] {
		}
	}
	n := h.next[i]
	if prev == h.before[b] {
		// i begins its bucket's run (_M_remove_bucket_begin).
		nb := -1
		if n >= 0 {
			nb = h.bucket(h.keys[n])
		}
		if n < 0 || nb != b {
			if n >= 0 {
				h.before[nb] = h.before[b]
			}
			h.before[b] = bucketEmpty
		}
	} else if n >= 0 {
		if nb := h.bucket(h.keys[n]); nb != b {
			h.before[nb] = prev
		}
	}
	if prev == beforeBegin {
		h.head = n
	} else {
		h.next[prev] = n
	}
	h.next[i] = -1
}

// order is the table's iteration order.
func (h *idTable) order() []uint64 {
	out := make([]uint64, 0, h.count)
	if h.where == nil {
		return out
	}
	for i := h.head; i >= 0; i = h.next[i] {
		out = append(out, h.keys[i])
	}
	return out
}

// clone is an independent copy.
func (h *idTable) clone() idTable {
	c := *h
	c.keys, c.next, c.before = slices.Clone(h.keys), slices.Clone(h.next), slices.Clone(h.before)
	if h.where != nil {
		c.where = make(map[uint64]int, len(h.where))
		for k, v := range h.where {
			c.where[k] = v
		}
	}
	return c
}

// hashSetOrder returns the iteration order of a libstdc++
// std::unordered_set<uint64_t>, default constructed, after inserting ids
// one by one in the given order. Repeated ids are inserted once, where
// they first occur.
func hashSetOrder(ids []uint64) []uint64 {
	var h idTable
	for _, id := range ids {
		h.insert(id)
	}
	return h.order()
}
