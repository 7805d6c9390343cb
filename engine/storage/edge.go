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
	if err := t.prepareWritable(fv.head, fv.deleted); err != nil {
		return nil, err
	}
	if tv != fv {
		if err := t.prepareWritable(tv.head, tv.deleted); err != nil {
			return nil, err
		}
	}
	e := s.newEdge(tid, fv, tv, func() *delta { return t.newDelta(actDeleteObject) })
	out, in := link{tid, tv, e}, link{tid, fv, e}
	t.linkUndo(fv, actRemoveOutEdge, out)
	fv.out = append(fv.out, out)
	t.linkUndo(tv, actRemoveInEdge, in)
	tv.in = append(tv.in, in)
	return &Edge{t, e}, nil
}

// edgeState is an edge's properties and life as a transaction sees them.
type edgeState struct {
	exists, deleted bool
	props           props
}

func (t *Txn) edgeState(e *edge, view ViewMode) edgeState {
	var st edgeState
	t.edgeStateInto(e, view, &st)
	return st
}

// edgeStateInto is edgeState into st, whose props it reuses.
func (t *Txn) edgeStateInto(e *edge, view ViewMode, st *edgeState) {
	e.mu.Lock()
	defer e.mu.Unlock()
	*st = edgeState{exists: true, deleted: e.deleted, props: append(st.props[:0], e.props...)}
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
	if err := x.t.prepareWritable(x.e.head, x.e.deleted); err != nil {
		x.e.mu.Unlock()
		return err
	}
	return nil
}

// SetProperty sets an edge property (Null removes it) and returns the old
// value; the identical-value rule is the vertex's.
func (x *Edge) SetProperty(name string, value format.Value) (format.Value, error) {
	return x.t.setProperty(x, name, value)
}

// InitProperties sets the properties of an edge that has none (CREATE's
// map), one delta per property in id order; false when it has some.
func (x *Edge) InitProperties(ps []Prop) (bool, error) { return x.t.initProperties(x, ps) }

// UpdateProperties applies a property map to the edge. Unlike the
// vertex's, Memgraph's edge UpdateProperties reads the identical-update
// flag in SetProperty's sense: a delta for every property by default.
func (x *Edge) UpdateProperties(ps []Prop) error {
	return x.t.updateProperties(x, ps, x.t.s.cfg.SkipIdenticalPropertyUpdates)
}

// ClearProperties removes every edge property, one delta each in id order.
func (x *Edge) ClearProperties() error { return x.t.clearProperties(x) }

// The edge as a propertyHolder (properties.go); edges have no constraints.

func (x *Edge) unlock()            { x.e.mu.Unlock() }
func (x *Edge) stored() *props     { return &x.e.props }
func (x *Edge) linkDelta(d *delta) { linkEdge(x.e, d) }
func (x *Edge) admitProps(sc *schemaState, next props) (props, error) {
	return next, sc.checkEdgeVectors(x.t.s, x.e.typ, next)
}
func (x *Edge) verifyAtCommit(uint8) {}

// Edge vector indices keep a copy: the edge's property store keeps the list.
func (x *Edge) heldByIndex(*schemaState, uint64, format.Value) bool { return false }
