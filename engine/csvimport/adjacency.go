package csvimport

import (
	"bufio"
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/durascope/durascope/engine/fs"
)

// adjEntry is one entry of a vertex's edge list: the edge, the vertex at
// its other end and its type. Each relationship makes two, an out entry
// for its start and an in entry for its end.
type adjEntry struct {
	vertex uint64
	edge   uint64 // edge gid<<1 | 1 for an out entry
	other  uint64
	typ    uint64
}

// adjEntrySize is what an entry costs in the sort buffer.
const adjEntrySize = 32

func cmpAdj(a, b adjEntry) int {
	switch {
	case a.vertex != b.vertex:
		if a.vertex < b.vertex {
			return -1
		}
		return 1
	case a.edge < b.edge:
		return -1
	case a.edge > b.edge:
		return 1
	}
	return 0
}

// maxFanIn bounds how many runs one merge reads at once (each holds a read
// buffer); more runs are first merged into longer ones.
const maxFanIn = 64

const runReadBuffer = 256 << 10

// adjSorter groups edge-list entries by vertex in memory bounded by its
// buffer: full buffers are sorted by (vertex, edge) and spilled as runs to
// temporary files, and the runs are merged when the entries are read back.
// A run stores each entry as uvarints, deltas where they are small.
//
// Entries are added in (edge, direction) order, so a stable sort by vertex
// alone puts them in (vertex, edge) order: a radix sort, 16 bits of the
// vertex gid a pass, through a scratch buffer as large as the buffer (the
// two share the memory budget).
type adjSorter struct {
	fsys    fs.FS
	dir     string
	limit   int // entries the buffer may hold
	buf     []adjEntry
	scratch []adjEntry
	counts  []int
	runs    []*spill
	count   uint64
	seq     int
}

func newAdjSorter(fsys fs.FS, dir string, bufBytes int) *adjSorter {
	return &adjSorter{fsys: fsys, dir: dir, limit: max(bufBytes/(2*adjEntrySize), 1024)}
}

func (s *adjSorter) add(e adjEntry) error {
	if len(s.buf) == cap(s.buf) {
		// The buffer grows by doubling up to its limit, so that small
		// imports stay small; full, it becomes a run.
		if cap(s.buf) < s.limit {
			grown := allocAdj(min(max(2*cap(s.buf), 4096), s.limit))
			grown = append(grown, s.buf...)
			freeAdj(s.buf)
			s.buf = grown
		} else if err := s.spillRun(); err != nil {
			return err
		}
	}
	s.buf = append(s.buf, e)
	s.count++
	return nil
}

// spilledBytes is the size of the runs on disk.
func (s *adjSorter) spilledBytes() int64 {
	var n int64
	for _, r := range s.runs {
		n += r.size
	}
	return n
}

// sort orders the buffer by (vertex, edge).
func (s *adjSorter) sort() {
	if cap(s.scratch) < len(s.buf) {
		freeAdj(s.scratch)
		s.scratch = allocAdj(cap(s.buf))
	}
	if s.counts == nil {
		s.counts = make([]int, 1<<16+1)
	}
	var top uint64
	for _, e := range s.buf {
		top |= e.vertex
	}
	a, b := s.buf, s.scratch[:len(s.buf)]
	for shift := uint(0); shift < 64 && (shift == 0 || top>>shift != 0); shift += 16 {
		clear(s.counts)
		for _, e := range a {
			s.counts[(e.vertex>>shift)&0xffff+1]++
		}
		for i := 1; i < len(s.counts); i++ {
			s.counts[i] += s.counts[i-1]
		}
		for _, e := range a {
			d := (e.vertex >> shift) & 0xffff
			b[s.counts[d]] = e
			s.counts[d]++
		}
		a, b = b, a
	}
	if &a[0] != &s.buf[0] {
		// An odd number of passes: the sorted entries are in the
		// scratch buffer, which becomes the buffer.
		s.buf, s.scratch = a, s.buf[:0]
	}
}

func (s *adjSorter) spillRun() error {
	if len(s.buf) > 0 {
		s.sort()
	}
	r, err := s.newRun()
	if err != nil {
		return err
	}
	w := runWriter{s: r}
	for _, e := range s.buf {
		w.put(e)
	}
	if err := w.finish(); err != nil {
		return err
	}
	s.buf = s.buf[:0]
	return nil
}

func (s *adjSorter) newRun() (*spill, error) {
	s.seq++
	r, err := createSpill(s.fsys, s.dir, fmt.Sprintf("adjacency_run_%d", s.seq))
	if err != nil {
		return nil, err
	}
	s.runs = append(s.runs, r)
	return r, nil
}

// finish readies the entries for reading: without runs they stay in the
// sorted buffer; otherwise the buffer is spilled too and freed, and runs
// are merged into longer ones until at most maxFanIn remain.
func (s *adjSorter) finish() error {
	if len(s.runs) == 0 {
		if len(s.buf) > 0 {
			s.sort()
		}
		freeAdj(s.scratch)
		s.scratch = nil
		return nil
	}
	if len(s.buf) > 0 {
		if err := s.spillRun(); err != nil {
			return err
		}
	}
	freeAdj(s.buf)
	freeAdj(s.scratch)
	s.buf, s.scratch = nil, nil // the merge's read buffers take their place
	for len(s.runs) > maxFanIn {
		group := s.runs[:maxFanIn]
		m, err := newMerger(group)
		if err != nil {
			return err
		}
		s.runs = s.runs[maxFanIn:]
		out, err := s.newRun()
		if err != nil {
			return err
		}
		w := runWriter{s: out}
		for {
			e, ok, err := m.next()
			if err != nil {
				return err
			}
			if !ok {
				break
			}
			w.put(e)
		}
		if err := w.finish(); err != nil {
			return err
		}
		for _, r := range group {
			r.remove()
		}
	}
	return nil
}

// iterator returns the entries in (vertex, edge) order, from the start
// (after finish).
func (s *adjSorter) iterator() (adjIterator, error) {
	if len(s.runs) == 0 {
		return &sliceIter{s: s.buf}, nil
	}
	return newMerger(s.runs)
}

// remove deletes the runs and frees the buffer.
func (s *adjSorter) remove() {
	for _, r := range s.runs {
		r.remove()
	}
	s.runs = nil
	freeAdj(s.buf)
	freeAdj(s.scratch)
	s.buf, s.scratch = nil, nil
}

// adjIterator yields entries in order; ok is false at the end.
type adjIterator interface {
	next() (e adjEntry, ok bool, err error)
}

type sliceIter struct{ s []adjEntry }

func (it *sliceIter) next() (adjEntry, bool, error) {
	if len(it.s) == 0 {
		return adjEntry{}, false, nil
	}
	e := it.s[0]
	it.s = it.s[1:]
	return e, true, nil
}

// runWriter encodes sorted entries: the vertex as a delta, the edge as a
// delta within a vertex, the other end and the type as they are.
type runWriter struct {
	s    *spill
	last adjEntry
	n    int
	b    []byte
	err  error
}

func (w *runWriter) put(e adjEntry) {
	b := w.b[:0]
	edge := e.edge
	if w.n > 0 && e.vertex == w.last.vertex {
		edge -= w.last.edge
	}
	b = binary.AppendUvarint(b, e.vertex-w.last.vertex)
	b = binary.AppendUvarint(b, edge)
	b = binary.AppendUvarint(b, e.other)
	b = binary.AppendUvarint(b, e.typ)
	if w.err == nil {
		_, w.err = w.s.Write(b)
	}
	w.b, w.last = b, e
	w.n++
}

func (w *runWriter) finish() error {
	if w.err != nil {
		return w.err
	}
	return w.s.finish()
}

// runReader decodes a run.
type runReader struct {
	r    *bufio.Reader
	last adjEntry
	n    int
}

func (r *runReader) next() (adjEntry, bool, error) {
	dv, err := binary.ReadUvarint(r.r)
	if errors.Is(err, io.EOF) {
		return adjEntry{}, false, nil
	}
	var e adjEntry
	var f [3]uint64
	for i := range f {
		if err == nil {
			f[i], err = binary.ReadUvarint(r.r)
		}
	}
	if err != nil {
		return adjEntry{}, false, errSpillCorrupt
	}
	e.vertex = r.last.vertex + dv
	e.edge = f[0]
	if r.n > 0 && dv == 0 {
		e.edge += r.last.edge
	}
	e.other, e.typ = f[1], f[2]
	r.last = e
	r.n++
	return e, true, nil
}

// merger is a k-way merge of runs.
type merger struct {
	h mergeHeap
}

type mergeItem struct {
	e adjEntry
	r *runReader
}

type mergeHeap []mergeItem

func (h mergeHeap) Len() int           { return len(h) }
func (h mergeHeap) Less(i, j int) bool { return cmpAdj(h[i].e, h[j].e) < 0 }
func (h mergeHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *mergeHeap) Push(x any)        { *h = append(*h, x.(mergeItem)) }
func (h *mergeHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

func newMerger(runs []*spill) (*merger, error) {
	m := &merger{}
	for _, s := range runs {
		r := &runReader{r: bufio.NewReaderSize(io.NewSectionReader(s.f, 0, s.size), runReadBuffer)}
		e, ok, err := r.next()
		if err != nil {
			return nil, err
		}
		if ok {
			m.h = append(m.h, mergeItem{e, r})
		}
	}
	heap.Init(&m.h)
	return m, nil
}

func (m *merger) next() (adjEntry, bool, error) {
	if len(m.h) == 0 {
		return adjEntry{}, false, nil
	}
	top := &m.h[0]
	e := top.e
	n, ok, err := top.r.next()
	if err != nil {
		return adjEntry{}, false, err
	}
	if ok {
		top.e = n
		heap.Fix(&m.h, 0)
	} else {
		heap.Pop(&m.h)
	}
	return e, true, nil
}
