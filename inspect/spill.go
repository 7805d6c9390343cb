package inspect

import (
	"fmt"
	"os"
	"slices"
)

// spillSorter sorts fixed-size items in bounded memory: it holds up to
// budget bytes of them and, when full, sorts them and writes them as a
// run to a temporary file (os.CreateTemp in TMPDIR), to be merged in
// order at the end. Merging reads every run through a share of the same
// budget, merging groups of runs first when there are too many to share
// it, so memory stays within about the budget whatever the number of items.
// The file is unlinked as soon as it is created where the system allows it
// (it then goes away with the process, however that ends) and removed by
// close otherwise.
type spillSorter[T any] struct {
	codec  spillCodec[T]
	budget int // bytes
	buf    []T
	file   *os.File
	name   string // to remove at close; "" once removed
	size   int64  // bytes written to file
	runs   []spillRun
	inMem  bool // spilling failed: items stay in memory from then on
	n      int64
}

// spillCodec says how an item is laid out in a run and how items compare.
// key, if set, is a number whose order cmp follows first (cmp(a, b) < 0
// when key(a) < key(b)): the merge compares keys before calling cmp.
type spillCodec[T any] struct {
	size int
	put  func([]byte, T)
	get  func([]byte) T
	cmp  func(a, b T) int
	key  func(T) uint64
	// sort, if set, sorts items as cmp orders them, faster than a sort
	// calling cmp (the unique check's radix sort).
	sort func(items []T)
}

// spillCreated, when set (by tests), is told the name of each temporary
// file created.
var spillCreated func(name string)

// spillRun is a sorted run of n items at off in the file.
type spillRun struct{ off, n int64 }

// minRunBuffer is the least a run is read through while merging; with
// more runs than the budget allows at this size, groups are merged first.
const minRunBuffer = 4 << 10

func newSpillSorter[T any](codec spillCodec[T], budget int) *spillSorter[T] {
	return &spillSorter[T]{codec: codec, budget: max(budget, 2*codec.size)}
}

// add takes an item in.
func (s *spillSorter[T]) add(x T) {
	if !s.inMem && (len(s.buf)+1)*s.codec.size > s.budget {
		if err := s.spill(); err != nil {
			// Keep the items in memory rather than lose any: the check
			// stays right, only its memory grows.
			s.inMem = true
		}
	}
	if len(s.buf) == cap(s.buf) && !s.inMem {
		// Grown by doubling up to a sixteenth of the budget, then taken
		// whole: a small file's check clears kilobytes, not the budget's
		// megabytes (most of a small snapshot's verify before), and a
		// large one's leaves at most an eighth of the budget behind.
		limit := max(1, s.budget/s.codec.size) // len < limit: a full buffer spilled above
		next := max(2*cap(s.buf), 256)
		if next > limit/16 {
			next = limit
		}
		s.buf = slices.Grow(s.buf, next-len(s.buf))
	}
	s.buf = append(s.buf, x)
	s.n++
}

// spill sorts the buffer and appends it to the file as a run.
func (s *spillSorter[T]) spill() error {
	if len(s.buf) == 0 {
		return nil
	}
	if s.file == nil {
		f, err := os.CreateTemp("", "durascope-spill-*")
		if err != nil {
			return err
		}
		s.file, s.name = f, f.Name()
		if spillCreated != nil {
			spillCreated(f.Name())
		}
		if os.Remove(f.Name()) == nil {
			s.name = "" // unlinked: gone with the last descriptor
		}
	}
	s.sort(s.buf)
	run := spillRun{off: s.size, n: int64(len(s.buf))}
	if err := s.writeItems(s.buf); err != nil {
		return err
	}
	s.runs = append(s.runs, run)
	s.buf = s.buf[:0]
	return nil
}

// sort sorts items as cmp orders them.
func (s *spillSorter[T]) sort(items []T) {
	if s.codec.sort != nil {
		s.codec.sort(items)
		return
	}
	slices.SortFunc(items, s.codec.cmp)
}

// writeItems appends items to the file through a small buffer.
func (s *spillSorter[T]) writeItems(items []T) error {
	var chunk [64 << 10]byte
	per := len(chunk) / s.codec.size
	for len(items) > 0 {
		k := min(per, len(items))
		for i, x := range items[:k] {
			s.codec.put(chunk[i*s.codec.size:], x)
		}
		b := chunk[:k*s.codec.size]
		if _, err := s.file.WriteAt(b, s.size); err != nil {
			return err
		}
		s.size += int64(len(b))
		items = items[k:]
	}
	return nil
}

// each calls fn with every item added, in order, and stops at fn's first
// error. It is called once, after the last add.
func (s *spillSorter[T]) each(fn func(T) error) error {
	if len(s.runs) == 0 {
		s.sort(s.buf)
		for _, x := range s.buf {
			if err := fn(x); err != nil {
				return err
			}
		}
		return nil
	}
	if s.inMem || s.spill() != nil {
		// Items that could not be written are merged from memory.
		s.sort(s.buf)
	} else {
		s.buf = nil
	}
	for s.fanIn() < len(s.runs) {
		if err := s.mergeGroups(); err != nil {
			return err
		}
	}
	return s.merge(s.runs, s.buf, fn)
}

// fanIn is how many runs can be merged at once within the budget.
func (s *spillSorter[T]) fanIn() int {
	return max(2, s.budget/max(minRunBuffer, s.codec.size))
}

// mergeGroups merges runs fanIn at a time into longer runs, appended to
// the file.
func (s *spillSorter[T]) mergeGroups() error {
	var next []spillRun
	for i := 0; i < len(s.runs); i += s.fanIn() {
		group := s.runs[i:min(i+s.fanIn(), len(s.runs))]
		if len(group) == 1 {
			next = append(next, group[0])
			continue
		}
		run := spillRun{off: s.size}
		out := make([]T, 0, max(1, (64<<10)/s.codec.size))
		err := s.merge(group, nil, func(x T) error {
			out = append(out, x)
			run.n++
			if len(out) == cap(out) {
				err := s.writeItems(out)
				out = out[:0]
				return err
			}
			return nil
		})
		if err == nil {
			err = s.writeItems(out)
		}
		if err != nil {
			return err
		}
		next = append(next, run)
	}
	s.runs = next
	return nil
}

// runReader reads one run through its buffer.
type runReader[T any] struct {
	s        *spillSorter[T]
	buf      []byte
	pos, end int   // the next item's bytes in buf, and where the read ones end
	at, left int64 // next file offset, items not yet read into buf
	mem      []T   // the run held in memory, when it is
	inMem    bool
}

func (r *runReader[T]) next() (T, bool, error) {
	var zero T
	if r.inMem {
		if len(r.mem) == 0 {
			return zero, false, nil
		}
		x := r.mem[0]
		r.mem = r.mem[1:]
		return x, true, nil
	}
	size := r.s.codec.size
	if r.pos == r.end {
		if r.left == 0 {
			return zero, false, nil
		}
		k := min(int64(len(r.buf)/size), r.left)
		b := r.buf[:k*int64(size)]
		if _, err := r.s.file.ReadAt(b, r.at); err != nil {
			return zero, false, fmt.Errorf("reading back a spilled run: %w", err)
		}
		r.at += int64(len(b))
		r.left -= k
		r.pos, r.end = 0, len(b)
	}
	x := r.s.codec.get(r.buf[r.pos:])
	r.pos += size
	return x, true, nil
}

// runHeap orders the run readers by their next item: by the items' keys
// (codec.key, taken once per item) when they differ, by cmp otherwise.
type runHeap[T any] struct {
	cmp   func(a, b T) int
	key   func(T) uint64 // nil: cmp alone
	heads []T
	keys  []uint64
	rs    []*runReader[T]
}

func (h *runHeap[T]) less(i, j int) bool {
	if h.keys[i] != h.keys[j] {
		return h.keys[i] < h.keys[j]
	}
	return h.cmp(h.heads[i], h.heads[j]) < 0
}

func (h *runHeap[T]) swap(i, j int) {
	h.heads[i], h.heads[j] = h.heads[j], h.heads[i]
	h.keys[i], h.keys[j] = h.keys[j], h.keys[i]
	h.rs[i], h.rs[j] = h.rs[j], h.rs[i]
}

func (h *runHeap[T]) push(x T, r *runReader[T]) {
	h.heads, h.keys, h.rs = append(h.heads, x), append(h.keys, h.keyOf(x)), append(h.rs, r)
}

// keyOf is x's key, 0 without codec.key (cmp then decides every order).
func (h *runHeap[T]) keyOf(x T) uint64 {
	if h.key == nil {
		return 0
	}
	return h.key(x)
}

// down restores the heap order from i down.
func (h *runHeap[T]) down(i int) {
	n := len(h.heads)
	for {
		c := 2*i + 1
		if c >= n {
			return
		}
		if c+1 < n && h.less(c+1, c) {
			c++
		}
		if !h.less(c, i) {
			return
		}
		h.swap(i, c)
		i = c
	}
}

// merge calls fn with the items of runs (and mem, sorted, if not empty) in order.
func (s *spillSorter[T]) merge(runs []spillRun, mem []T, fn func(T) error) error {
	share := max(minRunBuffer, s.budget/max(1, len(runs)))
	share -= share % s.codec.size
	share = max(share, s.codec.size)
	h := &runHeap[T]{cmp: s.codec.cmp, key: s.codec.key}
	readers := make([]*runReader[T], 0, len(runs)+1)
	for _, run := range runs {
		readers = append(readers, &runReader[T]{s: s, buf: make([]byte, share), at: run.off, left: run.n})
	}
	if len(mem) > 0 {
		readers = append(readers, &runReader[T]{mem: mem, inMem: true})
	}
	for _, r := range readers {
		x, ok, err := r.next()
		if err != nil {
			return err
		}
		if ok {
			h.push(x, r)
		}
	}
	for i := len(h.heads)/2 - 1; i >= 0; i-- {
		h.down(i)
	}
	for len(h.heads) > 0 {
		if err := fn(h.heads[0]); err != nil {
			return err
		}
		x, ok, err := h.rs[0].next()
		if err != nil {
			return err
		}
		if ok {
			h.heads[0], h.keys[0] = x, h.keyOf(x)
		} else {
			last := len(h.heads) - 1
			h.swap(0, last)
			h.heads, h.keys, h.rs = h.heads[:last], h.keys[:last], h.rs[:last]
		}
		h.down(0)
	}
	return nil
}

// close drops the items and removes the temporary file.
func (s *spillSorter[T]) close() {
	s.buf = nil
	if s.file != nil {
		s.file.Close()
		if s.name != "" {
			os.Remove(s.name)
		}
		s.file, s.name = nil, ""
	}
}
