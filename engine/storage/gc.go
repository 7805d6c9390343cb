package storage

import "slices"

// gcItem is a committed transaction's objects, waiting until no live
// transaction can need the undo deltas it left.
type gcItem struct {
	ts       uint64
	vertices []*vertex
	edges    []*edge
}

// gcItem lists the objects the transaction's deltas hang on.
func (t *Txn) gcItem(ts uint64) gcItem {
	item := gcItem{ts: ts}
	seenV, seenE := map[*vertex]bool{}, map[*edge]bool{}
	t.deltas.each(func(d *delta) {
		if d.ov != nil && !seenV[d.ov] {
			seenV[d.ov] = true
			item.vertices = append(item.vertices, d.ov)
		}
		if d.oe != nil && !seenE[d.oe] {
			seenE[d.oe] = true
			item.edges = append(item.edges, d.oe)
		}
	})
	return item
}

func (s *Storage) queueGC(item gcItem) {
	s.gcMu.Lock()
	if item.ts != 0 {
		s.gcQueue = append(s.gcQueue, item)
	}
	s.sinceGC++
	every := s.cfg.GCEvery
	if every <= 0 {
		every = 256
	}
	run := s.sinceGC >= every
	if run {
		s.sinceGC = 0
	}
	s.gcMu.Unlock()
	if run {
		s.CollectGarbage()
	}
}

// CollectGarbage unlinks the undo deltas no live transaction can need
// (those committed before the oldest live start timestamp) and forgets
// the vertices and edges whose deletion is that old.
func (s *Storage) CollectGarbage() {
	if !s.gcRunning.CompareAndSwap(false, true) {
		return
	}
	defer s.gcRunning.Store(false)
	s.engineMu.Lock()
	oldest := s.oldestActive()
	s.engineMu.Unlock()

	s.gcMu.Lock()
	var ready []gcItem
	rest := s.gcQueue[:0:0]
	for _, it := range s.gcQueue {
		if it.ts < oldest {
			ready = append(ready, it)
		} else {
			rest = append(rest, it)
		}
	}
	s.gcQueue = rest
	s.gcMu.Unlock()

	var goneV []*vertex
	var goneE []*edge
	for _, it := range ready {
		for _, v := range it.vertices {
			v.mu.Lock()
			v.head = truncate(v.head, oldest)
			if v.deleted && v.head == nil {
				goneV = append(goneV, v)
			}
			v.mu.Unlock()
		}
		for _, e := range it.edges {
			e.mu.Lock()
			e.head = truncate(e.head, oldest)
			if e.deleted && e.head == nil {
				goneE = append(goneE, e)
			}
			e.mu.Unlock()
		}
	}
	s.forget(goneV, goneE)
}

// truncate cuts the chain at the first delta committed before oldest:
// every live transaction started after it and stops there.
func truncate(head *delta, oldest uint64) *delta {
	for d := head; d != nil; d = d.next {
		if ts := d.ci.ts.Load(); ts < oldest {
			if d.prev == nil {
				return nil
			}
			d.prev.next = nil
			return head
		}
	}
	return head
}

// forget removes objects from the vertex and edge lists.
func (s *Storage) forget(vs []*vertex, es []*edge) {
	if len(vs) > 0 {
		s.vmu.Lock()
		s.vertices = without(s.vertices, s.vmap, vs, func(v *vertex) uint64 { return v.gid })
		s.vmu.Unlock()
	}
	if len(es) > 0 {
		s.emu.Lock()
		s.edges = without(s.edges, s.emap, es, func(e *edge) uint64 { return e.gid })
		s.emu.Unlock()
	}
}

// without returns a copy of an object list (readers may hold the old one)
// without the gone objects, and takes them out of its by-gid map.
func without[T comparable](list []T, byGid map[uint64]T, gone []T, gid func(T) uint64) []T {
	set := make(map[T]bool, len(gone))
	for _, x := range gone {
		set[x] = true
	}
	for x := range set {
		if byGid[gid(x)] == x {
			delete(byGid, gid(x))
		}
	}
	return slices.DeleteFunc(slices.Clone(list), func(x T) bool { return set[x] })
}
