package inspect

import (
	"cmp"
	"container/heap"
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"slices"
	"sort"
	"strings"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
)

// The unique-constraint check in memory that does not grow with the file.
// While the records are checked, each vertex under a unique constraint
// that has all of its properties adds an entry: the constraint, a hash of
// its tuple of values, its offset, and the order of the check within the
// vertex. The entries are sorted in a bounded buffer spilled to a
// temporary file (spillSorter), then merged by (constraint, hash): only
// vertices whose hashes repeat are read back, and their values compared
// exactly (graph.ValuesEqual), so a hash collision is never reported and
// a duplicate never missed. A vertex whose tuple equals an earlier
// vertex's is reported against the earliest such vertex, as a check
// holding every tuple in file order would report it.

// uniqueCheck is one unique constraint with properties.
type uniqueCheck struct {
	index int // in the constraints section
	label uint64
	props []uint64
}

// uniqueEntry is a vertex's tuple under one unique constraint.
type uniqueEntry struct {
	hash uint64
	off  int64
	cons uint32 // uniqueCheck.index
	seq  uint32 // the unique checks of the vertex before this one, | fromPart
}

// fromPart marks an entry made by a worker checking a part of a batch: it
// is void when the batch was then checked again whole (partsRedone).
const fromPart = 1 << 31

var uniqueCodec = spillCodec[uniqueEntry]{
	size: 24,
	put: func(b []byte, e uniqueEntry) {
		binary.LittleEndian.PutUint64(b, e.hash)
		binary.LittleEndian.PutUint64(b[8:], uint64(e.off))
		binary.LittleEndian.PutUint32(b[16:], e.cons)
		binary.LittleEndian.PutUint32(b[20:], e.seq)
	},
	get: func(b []byte) uniqueEntry {
		return uniqueEntry{hash: binary.LittleEndian.Uint64(b), off: int64(binary.LittleEndian.Uint64(b[8:])),
			cons: binary.LittleEndian.Uint32(b[16:]), seq: binary.LittleEndian.Uint32(b[20:])}
	},
	cmp:  uniqueCmp,
	key:  func(e uniqueEntry) uint64 { return e.hash },
	sort: sortUniqueEntries,
}

// uniqueCmp orders entries by hash first (they rarely tie), then
// constraint: what matters is that a constraint's equal hashes come
// together, in file order.
func uniqueCmp(a, b uniqueEntry) int {
	switch {
	case a.hash != b.hash:
		if a.hash < b.hash {
			return -1
		}
		return 1
	case a.cons != b.cons:
		return cmp.Compare(a.cons, b.cons)
	case a.off != b.off:
		return cmp.Compare(a.off, b.off)
	}
	return cmp.Compare(a.seq, b.seq)
}

// uniqueLess is uniqueCmp(a, b) < 0, for sortUniqueEntries.
func uniqueLess(a, b *uniqueEntry) bool {
	switch {
	case a.hash != b.hash:
		return a.hash < b.hash
	case a.cons != b.cons:
		return a.cons < b.cons
	case a.off != b.off:
		return a.off < b.off
	}
	return a.seq < b.seq
}

// sortUniqueEntries is the spill sorter's sort for uniqueEntry, with the
// comparison inlined: a radix sort in place on the hash's bytes from the
// top (American flag sort), 256 buckets at a time so that the items being
// moved stay in the cache, then small buckets by insertion.
func sortUniqueEntries(items []uniqueEntry) { flagSortUnique(items, 56) }

// flagSortUnique sorts items whose hashes agree above bit shift+8.
func flagSortUnique(items []uniqueEntry, shift uint) {
	if len(items) <= 32 || shift > 56 {
		insertionSortUnique(items)
		return
	}
	var start [257]int
	var next [256]int
	for i := range items {
		start[int(byte(items[i].hash>>shift))+1]++
	}
	for b := range next {
		start[b+1] += start[b]
		next[b] = start[b]
	}
	for b := range next {
		for next[b] < start[b+1] {
			x := items[next[b]]
			for d := int(byte(x.hash >> shift)); d != b; d = int(byte(x.hash >> shift)) {
				items[next[d]], x = x, items[next[d]]
				next[d]++
			}
			items[next[b]] = x
			next[b]++
		}
	}
	for b := range next {
		if bk := items[start[b]:start[b+1]]; len(bk) > 1 {
			if shift == 0 {
				// Equal hashes, as many as a file repeats one value: a
				// comparison sort, never quadratic.
				slices.SortFunc(bk, uniqueCmp)
			} else {
				flagSortUnique(bk, shift-8)
			}
		}
	}
}

func insertionSortUnique(items []uniqueEntry) {
	for i := 1; i < len(items); i++ {
		x := items[i]
		j := i
		for ; j > 0 && uniqueLess(&x, &items[j-1]); j-- {
			items[j] = items[j-1]
		}
		items[j] = x
	}
}

// uniqueBudget is the memory for tuple entries before they spill (a
// variable: tests make it tiny). Small enough that it fills, and spills,
// at a few hundred thousand constrained vertices, so that peak memory is
// the same for larger files.
var uniqueBudget = 4 << 20

// uniqueValueHash and uniqueStringHash hash one value of a tuple, a string
// from its bytes; values equal under graph.ValuesEqual must hash alike.
// Tests replace them to force collisions.
var (
	uniqueValueHash  = graph.HashValue
	uniqueStringHash = func(b []byte) uint64 { return maphash.Bytes(uniqueSeed, b) }
)

// uniqueSeed seeds the hash of strings: hashes are compared only within a
// run, and equal hashes are told apart by comparing the values.
var uniqueSeed = maphash.MakeSeed()

// viewTuple hashes the tuple of props of a scanned vertex; false when one
// is missing (Memgraph constrains only vertices that have every property)
// or cannot be read again (the file changed under the scan).
func viewTuple(r *decode.VertexView, props []uint64) (uint64, bool) {
	h := uint64(len(props))
	for _, p := range props {
		i, ok := viewProp(r, p)
		if !ok {
			return 0, false
		}
		var vh uint64
		if r.Properties[i].Type == format.MarkerString {
			b, err := r.StringBytes(i)
			if err != nil {
				return 0, false
			}
			vh = uniqueStringHash(b)
		} else {
			val, err := r.Value(i)
			if err != nil {
				return 0, false
			}
			vh = uniqueValueHash(val)
		}
		h = graph.Mix64(h ^ vh)
	}
	return h, true
}

// tupleOf gathers the values of props of a record; false when one is missing.
func tupleOf(r *format.VertexRecord, props []uint64) ([]format.Value, bool) {
	vals := make([]format.Value, len(props))
	for i, p := range props {
		val, ok := propOf(r, p)
		if !ok {
			return nil, false
		}
		vals[i] = val
	}
	return vals, true
}

func tuplesEqual(a, b []format.Value) bool {
	for i := range a {
		if !graph.ValuesEqual(a[i], b[i]) {
			return false
		}
	}
	return len(a) == len(b)
}

// uniqueVertex notes the vertex's tuple under u (seq: the unique checks of
// the vertex before this one): into the worker's entries, the verifier's
// sorter, or, when the duplicates are known (a rerun), as a finding.
func (k *recordCheck) uniqueVertex(u *uniqueCheck, r *decode.VertexView, off int64, rec recRef, seq uint32) {
	v := k.v
	if d := v.oracle; d != nil {
		if d.off == off && d.seq == seq {
			k.c.add(v.uniqueFinding(d))
		}
		return
	}
	h, ok := viewTuple(r, u.props)
	if !ok {
		return
	}
	e := uniqueEntry{hash: h, off: off, cons: uint32(u.index), seq: seq}
	if k.entries != nil {
		e.seq |= fromPart
		*k.entries = append(*k.entries, e)
		return
	}
	v.uniq.add(e)
}

// uniqueDup is a vertex whose tuple equals an earlier vertex's.
type uniqueDup struct {
	u     *uniqueCheck
	off   int64
	seq   uint32
	gid   uint64
	first int64 // the earliest vertex with the same tuple
}

func dupOrder(a, b uniqueDup) int {
	return cmp.Or(cmp.Compare(a.off, b.off), cmp.Compare(a.seq, b.seq))
}

// dupHeap keeps the first duplicates in file order: a max-heap, so the
// last of them is replaced first.
type dupHeap []uniqueDup

func (h dupHeap) Len() int           { return len(h) }
func (h dupHeap) Less(i, j int) bool { return dupOrder(h[i], h[j]) > 0 }
func (h dupHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *dupHeap) Push(x any)        { *h = append(*h, x.(uniqueDup)) }
func (h *dupHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// maxCachedTuples bounds the distinct tuples of one hash kept decoded
// while a group is compared; the others are read again.
const maxCachedTuples = 64

// uniqueRep is the earliest vertex of one distinct tuple among those
// sharing a hash.
type uniqueRep struct {
	off  int64
	vals []format.Value // nil: not kept, read again
}

// uniqueDuplicates merges the entries and returns the first keep
// duplicates in file order and how many there are.
func (v *snapVerifier) uniqueDuplicates(keep int) ([]uniqueDup, int, error) {
	var (
		h        dupHeap
		total    int
		prev     uniqueEntry
		have     bool
		reps     []uniqueRep
		grouping bool // prev's group has a second entry: reps holds its distinct tuples
	)
	read := func(u *uniqueCheck, off int64) ([]format.Value, uint64, bool) {
		r, err := v.readVertex(off)
		if err != nil {
			return nil, 0, false // the first pass read it; a failure now is reported elsewhere
		}
		vals, ok := tupleOf(&r, u.props)
		return vals, r.Gid, ok
	}
	err := v.uniq.each(func(e uniqueEntry) error {
		if e.seq&fromPart != 0 {
			if v.redone(e.off) {
				return nil
			}
			e.seq &^= fromPart
		}
		same := have && e.cons == prev.cons && e.hash == prev.hash
		have = true
		if !same {
			prev, grouping, reps = e, false, reps[:0]
			return nil
		}
		u := v.uniqueByIndex[e.cons]
		if !grouping {
			grouping = true
			reps = append(reps, uniqueRep{off: prev.off})
			if vals, _, ok := read(u, prev.off); ok {
				reps[0].vals = vals
			}
		}
		vals, gid, ok := read(u, e.off)
		if !ok {
			return nil
		}
		for _, rep := range reps {
			other := rep.vals
			if other == nil {
				if other, _, ok = read(u, rep.off); !ok {
					continue
				}
			}
			if tuplesEqual(vals, other) {
				total++
				d := uniqueDup{u: u, off: e.off, seq: e.seq, gid: gid, first: rep.off}
				switch {
				case len(h) < keep:
					heap.Push(&h, d)
				case dupOrder(d, h[0]) < 0:
					h[0] = d
					heap.Fix(&h, 0)
				}
				return nil
			}
		}
		rep := uniqueRep{off: e.off}
		if len(reps) < maxCachedTuples {
			rep.vals = vals
		}
		reps = append(reps, rep)
		return nil
	})
	slices.SortFunc(h, dupOrder)
	return h, total, err
}

// redone reports whether off lies in a batch checked again whole after
// its parts (partsRedone ascends: batches are merged in table order).
func (v *snapVerifier) redone(off int64) bool {
	i := sort.Search(len(v.partsRedone), func(i int) bool { return v.partsRedone[i].end > off })
	return i < len(v.partsRedone) && off >= v.partsRedone[i].start
}

// uniqueFinding is the finding for a duplicate.
func (v *snapVerifier) uniqueFinding(d *uniqueDup) Finding {
	names := make([]string, len(d.u.props))
	for i, p := range d.u.props {
		names[i] = v.name(p)
	}
	return Finding{Offset: d.off, Record: recRef{"vertex", d.gid}.String(), Check: "snapshot.unique_constraint", Severity: SeverityError,
		Message: fmt.Sprintf("vertex has the same values of %s as the vertex at offset %d; a unique constraint on :%s(%s) forbids it",
			strings.Join(names, ", "), d.first, v.name(d.u.label), strings.Join(names, ", "))}
}

// uniqueFindings reports the duplicates among the vertices checked. A
// check holding every tuple would have reported each where its vertex is
// checked; listed findings and counts do not depend on that order, but
// what --fail-fast stops at does: then, when a duplicate comes before the
// finding the check stopped at (or it did not stop), the vertex records
// are checked again with the first duplicate known (rerun), which reports
// it in place. rerun gets the state from before the vertex records.
func (v *snapVerifier) uniqueFindings(rerun func(d *uniqueDup)) {
	if v.uniq == nil || v.uniq.n == 0 {
		return
	}
	keep := maxPerCheck
	if v.c.failFast {
		keep = 1
	}
	dups, total, err := v.uniqueDuplicates(keep)
	if err != nil {
		v.c.at(SeverityError, "snapshot.unique_constraint", NoOffset, "",
			"the unique constraints could not be checked to the end: %v", err)
		return
	}
	if total == 0 {
		return
	}
	if v.c.failFast {
		if !v.c.stopped || v.c.stopAt >= dups[0].off {
			rerun(&dups[0])
		}
		return
	}
	for i := range dups {
		v.c.add(v.uniqueFinding(&dups[i]))
	}
	v.c.more("snapshot.unique_constraint", SeverityError, total-len(dups))
}
