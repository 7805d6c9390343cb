package storage

// Deletion follows Storage::Accessor::DetachDelete step by step, because
// the order of the undo deltas it leaves decides the order of EDGE_DELETE
// frames and the edge vectors of the vertices that stay decide later
// snapshots. Memgraph keeps the vertices of one call in unordered_sets
// (pointer-hash order); this store uses the order they were given in and
// met in, so a call with several vertices may order frames differently.

// DeleteEdge deletes an edge (DetachDelete of the edge alone).
func (t *Txn) DeleteEdge(e *Edge) error {
	return t.DetachDelete(nil, []*Edge{e}, false)
}

// DeleteVertex deletes a vertex without edges; one with edges is refused
// with ErrVertexHasEdges.
func (t *Txn) DeleteVertex(v *Vertex) error {
	return t.DetachDelete([]*Vertex{v}, nil, false)
}

// DetachDeleteVertex deletes a vertex and every edge it has.
func (t *Txn) DetachDeleteVertex(v *Vertex) error {
	return t.DetachDelete([]*Vertex{v}, nil, true)
}

// orderedSet keeps first-insertion order.
type orderedSet[T comparable] struct {
	list []T
	has  map[T]bool
}

func (s *orderedSet[T]) add(x T) {
	if s.has == nil {
		s.has = map[T]bool{}
	}
	if !s.has[x] {
		s.has[x] = true
		s.list = append(s.list, x)
	}
}

// DetachDelete deletes vertices and edges as one Memgraph DetachDelete
// call: the vertices (with detach, every edge they have first), and the
// given edges. Vertices already deleted are skipped. On an error the
// transaction holds a partial deletion and must be aborted.
func (t *Txn) DetachDelete(vs []*Vertex, es []*Edge, detach bool) error {
	if err := t.checkWrite("DetachDelete"); err != nil {
		return err
	}
	for _, v := range vs {
		if v.t != t {
			return ErrForeignObject
		}
	}
	for _, e := range es {
		if e.t != t {
			return ErrForeignObject
		}
	}
	// 1. The vertices not yet deleted.
	var nodes orderedSet[*vertex]
	for _, x := range vs {
		v := x.v
		v.mu.Lock()
		err := t.prepareForWrite(v.head)
		deleted := v.deleted
		v.mu.Unlock()
		if err != nil {
			return err
		}
		if !deleted {
			nodes.add(v)
		}
	}
	// 2. The vertices at the other end of edges that go, and those edges.
	var srcVertices, dstVertices orderedSet[*vertex]
	srcEdges, dstEdges := map[*edge]bool{}, map[*edge]bool{}
	if detach {
		for _, v := range nodes.list {
			v.mu.Lock()
			in, out := append([]link(nil), v.in...), append([]link(nil), v.out...)
			v.mu.Unlock()
			for _, l := range in {
				if !nodes.has[l.other] {
					srcVertices.add(l.other)
					srcEdges[l.e] = true
				}
			}
			for _, l := range out {
				if !nodes.has[l.other] {
					dstVertices.add(l.other)
					dstEdges[l.e] = true
				}
			}
		}
	}
	for _, x := range es {
		e := x.e
		e.from.mu.Lock()
		fromDeleted := e.from.deleted
		e.from.mu.Unlock()
		e.to.mu.Lock()
		toDeleted := e.to.deleted
		e.to.mu.Unlock()
		if fromDeleted || toDeleted {
			continue
		}
		srcVertices.add(e.from)
		dstVertices.add(e.to)
		srcEdges[e] = true
		dstEdges[e] = true
	}
	// 3. With detach, the deleted vertices' own edges, last first.
	if detach {
		for _, v := range nodes.list {
			if err := t.clearEdges(v, true); err != nil {
				return err
			}
			if err := t.clearEdges(v, false); err != nil {
				return err
			}
		}
	}
	// 4. The other ends: the going edges partitioned to the back and cut.
	for _, v := range srcVertices.list {
		if err := t.detachRemaining(v, false, srcEdges); err != nil {
			return err
		}
	}
	for _, v := range dstVertices.list {
		if err := t.detachRemaining(v, true, dstEdges); err != nil {
			return err
		}
	}
	// 5. The vertices themselves.
	for _, v := range nodes.list {
		v.mu.Lock()
		if err := t.prepareForWrite(v.head); err != nil {
			v.mu.Unlock()
			return err
		}
		if len(v.in) > 0 || len(v.out) > 0 {
			v.mu.Unlock()
			return ErrVertexHasEdges
		}
		d := t.newDelta(actRecreateObject)
		linkVertex(v, d)
		v.deleted = true
		v.mu.Unlock()
	}
	return nil
}

// clearEdges pops v's in-edges (in) or out-edges, last first, each with its
// undo delta on v (ClearEdgesOnVertices).
func (t *Txn) clearEdges(v *vertex, in bool) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	list := &v.out
	action := actAddOutEdge
	if in {
		list, action = &v.in, actAddInEdge
	}
	for len(*list) > 0 {
		l := (*list)[len(*list)-1]
		if t.s.cfg.PropertiesOnEdges {
			l.e.mu.Lock()
			if err := t.prepareForWrite(l.e.head); err != nil {
				l.e.mu.Unlock()
				return err
			}
		}
		if err := t.prepareForWrite(v.head); err != nil {
			if t.s.cfg.PropertiesOnEdges {
				l.e.mu.Unlock()
			}
			return err
		}
		*list = (*list)[:len(*list)-1]
		if t.s.cfg.PropertiesOnEdges {
			t.markEdgeDeleted(l.e)
			l.e.mu.Unlock()
		}
		t.linkUndo(v, action, l)
	}
	return nil
}

// detachRemaining removes the going edges from v's in- or out-vector with
// std::partition and one undo delta each (DetachRemainingEdges).
func (t *Txn) detachRemaining(v *vertex, in bool, going map[*edge]bool) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := t.prepareForWrite(v.head); err != nil {
		return err
	}
	list := &v.out
	action := actAddOutEdge
	if in {
		list, action = &v.in, actAddInEdge
	}
	// Memgraph takes no conflict check on the edge object here; this store
	// does, so an edge another transaction is writing is never re-chained.
	if t.s.cfg.PropertiesOnEdges {
		for _, l := range *list {
			if going[l.e] {
				l.e.mu.Lock()
				err := t.prepareForWrite(l.e.head)
				l.e.mu.Unlock()
				if err != nil {
					return err
				}
			}
		}
	}
	mid := partition(*list, func(l link) bool { return !going[l.e] })
	for _, l := range (*list)[mid:] {
		if t.s.cfg.PropertiesOnEdges {
			l.e.mu.Lock()
			t.markEdgeDeleted(l.e)
			l.e.mu.Unlock()
		}
		t.linkUndo(v, action, l)
	}
	*list = (*list)[:mid]
	return nil
}

// markEdgeDeleted gives a not yet deleted edge its deletion delta (e locked).
func (t *Txn) markEdgeDeleted(e *edge) {
	if e.deleted {
		return
	}
	d := t.newDelta(actRecreateObject)
	linkEdge(e, d)
	e.deleted = true
}
