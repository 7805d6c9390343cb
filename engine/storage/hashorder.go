package storage

// Memgraph's snapshot writers before the mapper was sorted (see
// mapperSorted) collected the name ids the file used in a
// std::unordered_set<uint64_t> and wrote the mapper in its iteration
// order. hashSetOrder reproduces that order for libstdc++, the standard
// library Memgraph is built with.
//
// libstdc++'s _Hashtable keeps all nodes in one singly linked list; a
// bucket points at the node before its first one. A node whose bucket is
// empty goes to the front of the list, otherwise to the front of its
// bucket's run. A rehash walks the list from the front and relinks each
// node the same way into the new buckets. std::hash<uint64_t> is the
// identity, so a key's bucket is key % bucket count. The bucket count
// follows _Prime_rehash_policy with max load factor 1: a default
// constructed set has one bucket and grows on its first insert to 13,
// then, whenever an insert would exceed the count, to the first prime of
// libstdc++'s table that is at least twice the count.

// hashSetBuckets is the sequence of bucket counts a set growing by single
// inserts goes through (checked against libstdc++ 12 up to 6 million
// inserts; the rest follows its prime table).
var hashSetBuckets = []uint64{
	13, 29, 59, 127, 257, 541, 1109, 2357, 5087, 10273, 20753, 42043, 85229,
	172933, 351061, 712697, 1447153, 2938679, 5967347, 12117689, 24607243,
	49969847, 101473717, 206062531, 418451333, 849749479, 1725587117,
	3504151727,
}

// hashSetOrder returns the iteration order of a libstdc++
// std::unordered_set<uint64_t>, default constructed, after inserting ids
// one by one in the given order. Repeated ids are inserted once, where
// they first occur.
func hashSetOrder(ids []uint64) []uint64 {
	// A list of node indices: next[i] follows node i, -1 ends the list;
	// head is the first node. before[b] is the node preceding bucket b's
	// run, beforeBegin when the run starts the list, empty when b has none.
	const (
		empty       = -2
		beforeBegin = -1
	)
	keys := make([]uint64, 0, len(ids))
	seen := make(map[uint64]struct{}, len(ids))
	var next []int
	head := -1
	var before []int
	growth := 0 // index into hashSetBuckets of the next bucket count

	place := func(i int) {
		b := keys[i] % uint64(len(before))
		if before[b] == empty {
			next[i] = head
			if head >= 0 {
				before[keys[head]%uint64(len(before))] = i
			}
			head = i
			before[b] = beforeBegin
			return
		}
		p := before[b]
		if p == beforeBegin {
			next[i], head = head, i
			return
		}
		next[i], next[p] = next[p], i
	}
	rehash := func(n uint64) {
		// Walk the old list and relink each node into the new buckets.
		// (libstdc++'s _M_rehash_aux for unique keys does exactly this:
		// an empty bucket's node goes to the front, the bucket that was
		// at the front then points at it.)
		order := make([]int, 0, len(keys))
		for i := head; i >= 0; i = next[i] {
			order = append(order, i)
		}
		before = make([]int, n)
		for b := range before {
			before[b] = empty
		}
		head = -1
		for _, i := range order {
			place(i)
		}
	}
	for _, id := range ids {
		if _, ok := seen[id]; ok {
			continue
		}
		seen[id] = struct{}{}
		// The element count would exceed the bucket count: grow first.
		if len(before) == 0 || len(keys)+1 > len(before) {
			if growth < len(hashSetBuckets) {
				rehash(hashSetBuckets[growth])
				growth++
			} else if len(before) == 0 {
				rehash(hashSetBuckets[0])
			}
		}
		keys = append(keys, id)
		next = append(next, -1)
		place(len(keys) - 1)
	}
	out := make([]uint64, 0, len(keys))
	for i := head; i >= 0; i = next[i] {
		out = append(out, keys[i])
	}
	return out
}
