package storage

import (
	"iter"

	"github.com/durascope/durascope/format"
)

// Vertex is a transaction's handle on a vertex (Memgraph's VertexAccessor).
type Vertex struct {
	t *Txn
	v *vertex
}

// Gid is the vertex's gid.
func (x *Vertex) Gid() uint64 { return x.v.gid }

// Prop is a named property value.
type Prop struct {
	Name  string
	Value format.Value
}

// CreateVertex creates a vertex with the next vertex gid (an aborted
// creation burns its gid).
func (t *Txn) CreateVertex() (*Vertex, error) {
	if err := t.checkWrite("CreateVertex"); err != nil {
		return nil, err
	}
	v := t.s.insertVertex(t.newDelta(actDeleteObject))
	return &Vertex{t, v}, nil
}

// FindVertex returns the vertex with gid if the transaction sees it.
func (t *Txn) FindVertex(gid uint64, view ViewMode) (*Vertex, bool) {
	t.s.vmu.RLock()
	v := t.s.vmap[gid]
	t.s.vmu.RUnlock()
	if v == nil || !t.vertexVisible(v, view) {
		return nil, false
	}
	return &Vertex{t, v}, true
}

// Vertices yields the vertices the transaction sees, in ascending gid order.
func (t *Txn) Vertices(view ViewMode) iter.Seq[*Vertex] {
	return func(yield func(*Vertex) bool) {
		for _, v := range t.s.vertexList() {
			if t.vertexVisible(v, view) && !yield(&Vertex{t, v}) {
				return
			}
		}
	}
}

// vertexState is a vertex as one transaction sees it.
type vertexState struct {
	exists, deleted bool
	labels          []uint64
	props           props
	in, out         []link
}

const (
	wantLabels = 1 << iota
	wantProps
	wantIn
	wantOut
)

// state reconstructs what the transaction sees of v: the newest state with
// the deltas it must not see undone, as Memgraph's accessors do.
func (t *Txn) state(v *vertex, view ViewMode, want int) vertexState {
	var st vertexState
	t.stateInto(v, view, want, &st)
	return st
}

// stateInto is state into st, whose slices it reuses: a reader of many
// vertices (a snapshot) allocates nothing per vertex.
func (t *Txn) stateInto(v *vertex, view ViewMode, want int, st *vertexState) {
	v.mu.Lock()
	defer v.mu.Unlock()
	newestState(v, want, st)
	t.applyForRead(v.head, view, func(d *delta) { st.undo(d, want) })
}

// newestState copies the parts of v's newest state that want asks for (v
// locked) into st, reusing its slices.
func newestState(v *vertex, want int, st *vertexState) {
	*st = vertexState{exists: true, deleted: v.deleted, labels: st.labels[:0], props: st.props[:0], in: st.in[:0], out: st.out[:0]}
	if want&wantLabels != 0 {
		st.labels = append(st.labels, v.labels...)
	}
	if want&wantProps != 0 {
		st.props = append(st.props, v.props...)
	}
	if want&wantIn != 0 {
		st.in = append(st.in, v.in...)
	}
	if want&wantOut != 0 {
		st.out = append(st.out, v.out...)
	}
}

// undo takes back the change d records, in the parts of st that want
// holds: a reader's step back in time (an undone creation leaves a vertex
// that does not exist yet, not a deleted one).
func (st *vertexState) undo(d *delta, want int) {
	switch d.action {
	case actDeleteObject:
		st.exists = false
	case actRecreateObject:
		st.deleted = false
	case actAddLabel:
		if want&wantLabels != 0 {
			st.labels = append(st.labels, d.key)
		}
	case actRemoveLabel:
		if want&wantLabels != 0 {
			st.labels, _ = removeSwap(st.labels, d.key)
		}
	case actSetProperty, actUnholdVector:
		if want&wantProps != 0 {
			st.props = st.props.set(d.key, d.value)
		}
	case actAddInEdge:
		if want&wantIn != 0 {
			st.in = append(st.in, d.link())
		}
	case actAddOutEdge:
		if want&wantOut != 0 {
			st.out = append(st.out, d.link())
		}
	case actRemoveInEdge:
		if want&wantIn != 0 {
			st.in, _ = removeSwap(st.in, d.link())
		}
	case actRemoveOutEdge:
		if want&wantOut != 0 {
			st.out, _ = removeSwap(st.out, d.link())
		}
	}
}

func (t *Txn) vertexVisible(v *vertex, view ViewMode) bool {
	st := t.state(v, view, 0)
	return st.exists && !st.deleted
}

// read reconstructs the vertex for a reader, failing as Memgraph's
// accessors do for a vertex that does not exist or is deleted.
func (x *Vertex) read(view ViewMode, want int) (vertexState, error) {
	if x.t.done {
		return vertexState{}, ErrTxnFinished
	}
	st := x.t.state(x.v, view, want)
	if !st.exists {
		return st, ErrNonexistentObject
	}
	if st.deleted {
		return st, ErrDeletedObject
	}
	return st, nil
}

// Labels returns the vertex's labels in its stored (vector) order.
func (x *Vertex) Labels(view ViewMode) ([]string, error) {
	st, err := x.read(view, wantLabels)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(st.labels))
	for i, l := range st.labels {
		out[i] = x.t.s.names.name(l)
	}
	return out, nil
}

// HasLabel reports whether the vertex has label.
func (x *Vertex) HasLabel(label string, view ViewMode) (bool, error) {
	st, err := x.read(view, wantLabels)
	if err != nil {
		return false, err
	}
	id, ok := x.t.s.names.lookup(label)
	if !ok {
		return false, nil
	}
	for _, l := range st.labels {
		if l == id {
			return true, nil
		}
	}
	return false, nil
}

// Properties returns the vertex's properties in ascending name-id order.
// Values are as set (a vector-indexed property reads as its list).
func (x *Vertex) Properties(view ViewMode) ([]Prop, error) {
	st, err := x.read(view, wantProps)
	if err != nil {
		return nil, err
	}
	return x.t.s.namedProps(st.props), nil
}

// Property returns the value of one property, format.Null{} when absent.
func (x *Vertex) Property(name string, view ViewMode) (format.Value, error) {
	st, err := x.read(view, wantProps)
	if err != nil {
		return nil, err
	}
	return propValue(x.t.s, st.props, name), nil
}

func propValue(s *Storage, p props, name string) format.Value {
	id, ok := s.names.lookup(name)
	if !ok {
		return format.Null{}
	}
	if v := p.get(id); v != nil {
		return v
	}
	return format.Null{}
}

func (s *Storage) namedProps(p props) []Prop {
	out := make([]Prop, len(p))
	for i, q := range p {
		out[i] = Prop{Name: s.names.name(q.id), Value: q.v}
	}
	return out
}

// OutEdges returns the vertex's out-edges in its vector order.
func (x *Vertex) OutEdges(view ViewMode) ([]*Edge, error) { return x.edges(view, false) }

// InEdges returns the vertex's in-edges in its vector order.
func (x *Vertex) InEdges(view ViewMode) ([]*Edge, error) { return x.edges(view, true) }

func (x *Vertex) edges(view ViewMode, in bool) ([]*Edge, error) {
	want := wantOut
	if in {
		want = wantIn
	}
	st, err := x.read(view, want)
	if err != nil {
		return nil, err
	}
	links := st.out
	if in {
		links = st.in
	}
	out := make([]*Edge, len(links))
	for i, l := range links {
		out[i] = &Edge{x.t, l.e}
	}
	return out, nil
}

// Degree returns the numbers of in- and out-edges.
func (x *Vertex) Degree(view ViewMode) (in, out int, err error) {
	st, err := x.read(view, wantIn|wantOut)
	return len(st.in), len(st.out), err
}

// lockWrite locks v and checks that the transaction may write it.
func (x *Vertex) lockWrite(op string) error {
	if err := x.t.checkWrite(op); err != nil {
		return err
	}
	x.v.mu.Lock()
	if err := x.t.prepareWritable(x.v.head, x.v.deleted); err != nil {
		x.v.mu.Unlock()
		return err
	}
	return nil
}

// AddLabel adds label; false (and no delta) when the vertex has it.
func (x *Vertex) AddLabel(label string) (bool, error) {
	t, s := x.t, x.t.s
	id := s.names.id(label)
	if err := x.lockWrite("AddLabel"); err != nil {
		return false, err
	}
	defer x.v.mu.Unlock()
	for _, l := range x.v.labels {
		if l == id {
			return false, nil
		}
	}
	labels := append(append([]uint64(nil), x.v.labels...), id)
	sc := t.schemaView()
	if err := sc.checkVertex(s, labels, x.v.props); err != nil {
		return false, err
	}
	d := t.newDelta(actRemoveLabel)
	d.key = id
	linkVertex(x.v, d)
	x.v.labels = append(x.v.labels, id)
	// Entering an index rounds the vector; Memgraph logs nothing for it,
	// and its abort leaves the rounded copy that its own WAL replay does
	// not make. Here an unlogged undo record takes the rounding back with
	// the label, so the WAL and the store always agree.
	x.v.props = s.heldVectors(sc.eix.Vector, x.v.labels, x.v.props, func(id uint64, written format.Value) {
		d := t.newDelta(actUnholdVector)
		d.key, d.value = id, written
		linkVertex(x.v, d)
	})
	t.markVerify(x.v, verifyUnique|verifyExistence)
	return true, nil
}

// RemoveLabel removes label (the last label takes its place); false (and
// no delta) when the vertex lacks it.
func (x *Vertex) RemoveLabel(label string) (bool, error) {
	t, s := x.t, x.t.s
	id, known := s.names.lookup(label)
	if !known {
		id = s.names.id(label)
	}
	if err := x.lockWrite("RemoveLabel"); err != nil {
		return false, err
	}
	defer x.v.mu.Unlock()
	labels, ok := removeSwap(append([]uint64(nil), x.v.labels...), id)
	if !ok {
		return false, nil
	}
	d := t.newDelta(actAddLabel)
	d.key = id
	linkVertex(x.v, d)
	x.v.labels = labels
	return true, nil
}

// SetProperty sets a property (Null removes it) and returns the old value
// (format.Null{} when absent). It always writes a delta, even when the
// value does not change, unless Config.SkipIdenticalPropertyUpdates.
func (x *Vertex) SetProperty(name string, value format.Value) (format.Value, error) {
	return x.t.setProperty(x, name, value)
}

// InitProperties sets the properties of a vertex that has none (CREATE's
// property map): one delta per property in ascending property-id order.
// Null values are left out. It returns false, changing nothing, when the
// vertex already has properties.
func (x *Vertex) InitProperties(ps []Prop) (bool, error) { return x.t.initProperties(x, ps) }

// UpdateProperties applies a property map (SET n += map): each property in
// ascending id order, Null removing. Memgraph's vertex UpdateProperties
// reads --storage-delta-on-identical-property-update the other way round
// from SetProperty: by default it skips the delta of a value that does not
// change (and writes it with Config.SkipIdenticalPropertyUpdates).
func (x *Vertex) UpdateProperties(ps []Prop) error {
	return x.t.updateProperties(x, ps, !x.t.s.cfg.SkipIdenticalPropertyUpdates)
}

// ClearProperties removes every property, one delta each in id order.
func (x *Vertex) ClearProperties() error { return x.t.clearProperties(x) }

// The vertex as a propertyHolder (properties.go).

func (x *Vertex) unlock()            { x.v.mu.Unlock() }
func (x *Vertex) stored() *props     { return &x.v.props }
func (x *Vertex) linkDelta(d *delta) { linkVertex(x.v, d) }
func (x *Vertex) admitProps(sc *schemaState, next props) (props, error) {
	if err := sc.checkVertex(x.t.s, x.v.labels, next); err != nil {
		return nil, err
	}
	return x.t.s.heldVectors(sc.eix.Vector, x.v.labels, next, nil), nil
}
func (x *Vertex) verifyAtCommit(flags uint8) { x.t.markVerify(x.v, flags) }
func (x *Vertex) heldByIndex(sc *schemaState, id uint64, v format.Value) bool {
	if v == nil {
		return false
	}
	_, held := x.t.s.vectorForm(sc.eix.Vector, false, x.v.labels, id, v).(format.VectorIndexID)
	return held
}

// propMap resolves a property map: ids registered in the given order,
// values in stored form, sorted by id (a later duplicate wins).
func (t *Txn) propMap(ps []Prop) ([]uint64, []format.Value, error) {
	var p props
	for _, q := range ps {
		id := t.s.names.id(q.Name)
		v, err := t.storedValue(q.Name, q.Value)
		if err != nil {
			return nil, nil, err
		}
		i, ok := p.find(id)
		switch {
		case ok:
			p[i].v = v
		default:
			p = append(p, prop{})
			copy(p[i+1:], p[i:])
			p[i] = prop{id: id, v: v}
		}
	}
	ids := make([]uint64, len(p))
	vals := make([]format.Value, len(p))
	for i, q := range p {
		ids[i], vals[i] = q.id, q.v
	}
	return ids, vals, nil
}

func orNull(v format.Value) format.Value {
	if v == nil {
		return format.Null{}
	}
	return v
}

// sameStored is Memgraph's PropertyValue equality on stored values (nil
// is Null).
func sameStored(a, b format.Value) bool {
	return valuesEqual(orNull(a), orNull(b))
}
