package storage

import (
	"sort"
	"sync"

	"github.com/durascope/durascope/format"
)

// link is one entry of a vertex's in- or out-edge vector: (edge type,
// vertex at the other end, edge), as Memgraph keeps it.
type link struct {
	typ   uint64
	other *vertex
	e     *edge
}

// vertex is the in-memory vertex: the newest state plus the undo chain.
type vertex struct {
	gid     uint64
	mu      sync.Mutex
	labels  []uint64
	props   props
	in, out []link
	deleted bool
	head    *delta
}

// edge is the in-memory edge. Without properties on edges it has no chain
// and no properties; its life is told by its source vertex's out-edges.
type edge struct {
	gid      uint64
	mu       sync.Mutex
	typ      uint64
	from, to *vertex
	props    props
	deleted  bool
	head     *delta
}

// prop is one stored property: a name id and its value in stored form.
type prop struct {
	id uint64
	v  format.Value
}

// props is a property store kept in ascending id order (Memgraph's
// PropertyStore yields properties in id order).
type props []prop

func (p props) find(id uint64) (int, bool) {
	i := sort.Search(len(p), func(i int) bool { return p[i].id >= id })
	return i, i < len(p) && p[i].id == id
}

// get returns the value of id, nil when absent.
func (p props) get(id uint64) format.Value {
	if i, ok := p.find(id); ok {
		return p[i].v
	}
	return nil
}

// set sets id to v; a nil or Null v removes it.
func (p props) set(id uint64, v format.Value) props {
	i, ok := p.find(id)
	if isNull(v) {
		if ok {
			p = append(p[:i], p[i+1:]...)
		}
		return p
	}
	if ok {
		p[i].v = v
		return p
	}
	p = append(p, prop{})
	copy(p[i+1:], p[i:])
	p[i] = prop{id: id, v: v}
	return p
}

func (p props) clone() props { return append(props(nil), p...) }

func isNull(v format.Value) bool {
	if v == nil {
		return true
	}
	_, null := v.(format.Null)
	return null
}

// removeSwap deletes the first x from s by moving the last element into
// its place (Memgraph's label and edge removal); ok reports whether x was there.
func removeSwap[T comparable](s []T, x T) ([]T, bool) {
	for i := range s {
		if s[i] == x {
			last := len(s) - 1
			s[i] = s[last]
			return s[:last], true
		}
	}
	return s, false
}

// partition reorders s so that the elements keep reports true for come
// first, exactly as libstdc++'s std::partition does for random-access
// iterators (the bidirectional algorithm), and returns the split point.
// Memgraph removes a vertex's deleted edges with it, so the order of the
// edges that stay depends on it.
func partition[T any](s []T, keep func(T) bool) int {
	first, last := 0, len(s)
	for {
		for {
			if first == last {
				return first
			}
			if !keep(s[first]) {
				break
			}
			first++
		}
		last--
		for {
			if first == last {
				return first
			}
			if keep(s[last]) {
				break
			}
			last--
		}
		s[first], s[last] = s[last], s[first]
		first++
	}
}
