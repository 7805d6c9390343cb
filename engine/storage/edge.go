package storage

import (
	"github.com/durascope/durascope/format"
)

// Edge is a transaction's handle on an edge (Memgraph's EdgeAccessor).
type Edge struct {
	t *Txn
	e *edge
}

// Gid is the edge's gid.
func (x *Edge) Gid() uint64 { return x.e.gid }

// Type is the edge's type name.
func (x *Edge) Type() string { return x.t.s.names.name(x.e.typ) }

// From is the vertex the edge leaves.
func (x *Edge) From() *Vertex { return &Vertex{x.t, x.e.from} }

// To is the vertex the edge enters.
func (x *Edge) To() *Vertex { return &Vertex{x.t, x.e.to} }

// CreateEdge creates an edge from -[typ]-> to with the next edge gid, as
// Memgraph does: both vertices checked for conflicts, then (with
// properties on edges) the edge object and its creation delta, then the
// out-edge on from and the in-edge on to, each appended to its vector.
func (t *Txn) CreateEdge(from, to *Vertex, typ string) (*Edge, error) {
	if err := t.checkWrite("CreateEdge"); err != nil {
		return nil, err
	}
	if from.t != t || to.t != t {
		return nil, ErrForeignObject
	}
	s := t.s
	tid := s.names.id(typ)
	fv, tv := from.v, to.v
	// Lock by gid order, as Memgraph does, so two creators cannot deadlock.
	switch {
	case fv.gid < tv.gid:
		fv.mu.Lock()
		tv.mu.Lock()
		defer tv.mu.Unlock()
	case fv.gid > tv.gid:
		tv.mu.Lock()
		fv.mu.Lock()
		defer tv.mu.Unlock()
	default:
		fv.mu.Lock()
	}
	defer fv.mu.Unlock()
	if err := t.prepareForWrite(fv.head); err != nil {
		return nil, err
	}
	if fv.deleted {
		return nil, ErrDeletedObject
	}
	if tv != fv {
		if err := t.prepareForWrite(tv.head); err != nil {
			return nil, err
		}
		if tv.deleted {
			return nil, ErrDeletedObject
		}
	}
	e := s.newEdge(tid, fv, tv)
	if s.cfg.PropertiesOnEdges {
		d := t.newDelta(actDeleteObject)
		e.mu.Lock()
		linkEdge(e, d)
		e.mu.Unlock()
	}
	d := t.newDelta(actRemoveOutEdge)
	d.key, d.other, d.e = tid, tv, e
	linkVertex(fv, d)
	fv.out = append(fv.out, link{tid, tv, e})
	d = t.newDelta(actRemoveInEdge)
	d.key, d.other, d.e = tid, fv, e
	linkVertex(tv, d)
	tv.in = append(tv.in, link{tid, fv, e})
	return &Edge{t, e}, nil
}

// edgeState is an edge's properties and life as a transaction sees them.
type edgeState struct {
	exists, deleted bool
	props           props
}

func (t *Txn) edgeState(e *edge, view ViewMode) edgeState {
	e.mu.Lock()
	defer e.mu.Unlock()
	st := edgeState{exists: true, deleted: e.deleted, props: e.props.clone()}
	t.applyForRead(e.head, view, func(d *delta) {
		switch d.action {
		case actDeleteObject:
			st.exists = false
		case actRecreateObject:
			st.deleted = false
		case actSetProperty:
			st.props = st.props.set(d.key, d.value)
		}
	})
	return st
}

// readProps reconstructs the edge's properties for a reader.
func (x *Edge) readProps(view ViewMode) (props, error) {
	if x.t.done {
		return nil, ErrTxnFinished
	}
	if !x.t.s.cfg.PropertiesOnEdges {
		return nil, nil
	}
	st := x.t.edgeState(x.e, view)
	if !st.exists {
		return nil, ErrNonexistentObject
	}
	if st.deleted {
		return nil, ErrDeletedObject
	}
	return st.props, nil
}

// Properties returns the edge's properties in ascending name-id order
// (none without properties on edges).
func (x *Edge) Properties(view ViewMode) ([]Prop, error) {
	p, err := x.readProps(view)
	if err != nil {
		return nil, err
	}
	return x.t.s.namedProps(p), nil
}

// Property returns one property, format.Null{} when absent.
func (x *Edge) Property(name string, view ViewMode) (format.Value, error) {
	p, err := x.readProps(view)
	if err != nil {
		return nil, err
	}
	return propValue(x.t.s, p, name), nil
}

// lockWrite locks the edge and checks that the transaction may write it.
func (x *Edge) lockWrite(op string) error {
	if err := x.t.checkWrite(op); err != nil {
		return err
	}
	if !x.t.s.cfg.PropertiesOnEdges {
		return ErrPropertiesDisabled
	}
	x.e.mu.Lock()
	if err := x.t.prepareForWrite(x.e.head); err != nil {
		x.e.mu.Unlock()
		return err
	}
	if x.e.deleted {
		x.e.mu.Unlock()
		return ErrDeletedObject
	}
	return nil
}

// SetProperty sets an edge property (Null removes it) and returns the old
// value; the identical-value rule is SetProperty's.
func (x *Edge) SetProperty(name string, value format.Value) (format.Value, error) {
	t, s := x.t, x.t.s
	id := s.names.id(name)
	nv, err := t.storedValue(name, value)
	if err != nil {
		return nil, err
	}
	if err := x.lockWrite("SetProperty"); err != nil {
		return nil, err
	}
	defer x.e.mu.Unlock()
	old := x.e.props.get(id)
	if s.cfg.SkipIdenticalPropertyUpdates && sameStored(old, nv) {
		return orNull(old), nil
	}
	next := x.e.props.clone().set(id, nv)
	if err := t.schemaView().checkEdgeVectors(s, x.e.typ, next); err != nil {
		return nil, err
	}
	d := t.newDelta(actSetProperty)
	d.key, d.value = id, old
	linkEdge(x.e, d)
	x.e.props = next
	return orNull(old), nil
}

// InitProperties sets the properties of an edge that has none (CREATE's
// map), one delta per property in id order; false when it has some.
func (x *Edge) InitProperties(ps []Prop) (bool, error) {
	t, s := x.t, x.t.s
	ids, vals, err := t.propMap(ps)
	if err != nil {
		return false, err
	}
	if err := x.lockWrite("InitProperties"); err != nil {
		return false, err
	}
	defer x.e.mu.Unlock()
	if len(x.e.props) > 0 {
		return false, nil
	}
	var next props
	for i, id := range ids {
		next = next.set(id, vals[i])
	}
	if err := t.schemaView().checkEdgeVectors(s, x.e.typ, next); err != nil {
		return false, err
	}
	for _, p := range next {
		d := t.newDelta(actSetProperty)
		d.key = p.id
		linkEdge(x.e, d)
	}
	x.e.props = next
	return true, nil
}

// UpdateProperties applies a property map to the edge. Unlike the
// vertex's, Memgraph's edge UpdateProperties reads the identical-update
// flag in SetProperty's sense: a delta for every property by default.
func (x *Edge) UpdateProperties(ps []Prop) error {
	t, s := x.t, x.t.s
	ids, vals, err := t.propMap(ps)
	if err != nil {
		return err
	}
	if err := x.lockWrite("UpdateProperties"); err != nil {
		return err
	}
	defer x.e.mu.Unlock()
	next := x.e.props.clone()
	for i, id := range ids {
		next = next.set(id, vals[i])
	}
	if err := t.schemaView().checkEdgeVectors(s, x.e.typ, next); err != nil {
		return err
	}
	for i, id := range ids {
		old := x.e.props.get(id)
		if s.cfg.SkipIdenticalPropertyUpdates && sameStored(old, vals[i]) {
			continue
		}
		d := t.newDelta(actSetProperty)
		d.key, d.value = id, old
		linkEdge(x.e, d)
	}
	x.e.props = next
	return nil
}

// ClearProperties removes every edge property, one delta each in id order.
func (x *Edge) ClearProperties() error {
	t := x.t
	if err := x.lockWrite("ClearProperties"); err != nil {
		return err
	}
	defer x.e.mu.Unlock()
	for _, p := range x.e.props {
		d := t.newDelta(actSetProperty)
		d.key, d.value = p.id, p.v
		linkEdge(x.e, d)
	}
	x.e.props = nil
	return nil
}
