package query

import (
	"errors"
	"slices"

	"github.com/durascope/durascope/engine/cypher"
	"github.com/durascope/durascope/engine/storage"
	"github.com/durascope/durascope/format"
)

// The write operators make the storage calls Memgraph's do, in its order
// (src/query/plan/operator.cpp): CreateNode inserts the vertex, adds the
// labels one by one, then initialises the properties (one delta each, in
// property-id order); CreateExpand creates the far node first when it is
// new, then the edge, then the edge's properties; SET, REMOVE and the
// label operators work row by row as the rows arrive; Delete buffers what
// every row names and deletes it in one DetachDelete call when its input
// is exhausted. Writes evaluate with View::NEW.

type writer struct {
	ctx   *execCtx
	scope *scope
}

func (w *writer) env(r row) *env {
	return &env{ctx: w.ctx, scope: w.scope, row: r, view: storage.ViewNew}
}

// propsOf evaluates a pattern's property map into storage properties in
// the map's order.
func (w *writer) propsOf(props cypher.Expr, r row) ([]storage.Prop, error) {
	ml, err := patternMap(props)
	if ml == nil {
		return nil, err
	}
	en := w.env(r)
	var out []storage.Prop
	for _, e := range ml.Entries {
		v, err := en.eval(e.Value)
		if err != nil {
			return nil, err
		}
		p, err := propertyValue(e.Value.ExprPos(), v)
		if err != nil {
			return nil, err
		}
		out = append(out, storage.Prop{Name: e.Key.Name, Value: p})
	}
	return out, nil
}

// patternMap is a pattern's property map: nil for none, a map literal,
// not a parameter.
func patternMap(props cypher.Expr) (*cypher.MapLit, error) {
	if props == nil {
		return nil, nil
	}
	ml, ok := props.(*cypher.MapLit)
	if !ok {
		return nil, notSupported(props.ExprPos(), "a parameter as a pattern's properties")
	}
	return ml, nil
}

// propertyValue checks that v can be stored.
func propertyValue(p cypher.Pos, v Value) (format.Value, error) {
	pv, ok := toProperty(v)
	if !ok {
		return nil, errorf(p, "'%s' cannot be used as a property value.", typeName(v))
	}
	return pv, nil
}

func countNonNull(ps []storage.Prop) int64 {
	var n int64
	for _, p := range ps {
		if _, null := p.Value.(format.Null); !null {
			n++
		}
	}
	return n
}

func (w *writer) createNode(np *cypher.NodePattern, r row) (*storage.Vertex, row, error) {
	tx := w.ctx.tx
	v, err := tx.CreateVertex()
	if err != nil {
		return nil, nil, wrapErr(np.Pos, err)
	}
	w.ctx.stats.NodesCreated++
	if err := w.applyLabels(v, np.Labels, (*storage.Vertex).AddLabel, &w.ctx.stats.LabelsAdded); err != nil {
		return nil, nil, err
	}
	if np.Variable != nil {
		r = r.set(w.scope.slots[np.Variable.Name], vertexRef{v})
	}
	props, err := w.propsOf(np.Properties, r)
	if err != nil {
		return nil, nil, err
	}
	if len(props) > 0 {
		if _, err := v.InitProperties(props); err != nil {
			return nil, nil, wrapErr(np.Pos, err)
		}
		w.ctx.stats.PropertiesSet += countNonNull(props)
	}
	return v, r, nil
}

func (w *writer) createEdge(rp *cypher.RelPattern, from, to *storage.Vertex, r row) (*storage.Edge, row, error) {
	typ := rp.Types[0].Name
	e, err := w.ctx.tx.CreateEdge(from, to, typ)
	if err != nil {
		return nil, nil, wrapErr(rp.Pos, err)
	}
	w.ctx.stats.RelationshipsCreated++
	if rp.Variable != nil {
		r = r.set(w.scope.slots[rp.Variable.Name], edgeRef{e})
	}
	props, err := w.propsOf(rp.Properties, r)
	if err != nil {
		return nil, nil, err
	}
	if len(props) > 0 {
		if _, err := e.InitProperties(props); err != nil {
			return nil, nil, edgePropertyErr(rp.Pos, err)
		}
		w.ctx.stats.PropertiesSet += countNonNull(props)
	}
	return e, r, nil
}

// boundVertex returns the vertex a bound node variable holds.
func (w *writer) boundVertex(np *cypher.NodePattern, r row) (*storage.Vertex, bool, error) {
	if np.Variable == nil {
		return nil, false, nil
	}
	cur := r.get(w.scope.slots[np.Variable.Name])
	if cur == nil {
		return nil, false, nil
	}
	ref, ok := cur.(vertexRef)
	if !ok {
		return nil, false, errorf(np.Pos, "Trying to create a relationship with %s '%s' that is not a node.", typeName(cur), np.Variable.Name)
	}
	return ref.v, true, nil
}

// createPattern creates what a CREATE (or MERGE) pattern names that is
// not bound yet. An undirected relationship (MERGE only) is created from
// left to right.
func (w *writer) createPattern(p *cypher.Pattern, r row) (row, error) {
	vs := make([]*storage.Vertex, len(p.Nodes))
	es := make([]*storage.Edge, len(p.Rels))
	for i, np := range p.Nodes {
		v, ok, err := w.boundVertex(np, r)
		if err != nil {
			return nil, err
		}
		if !ok {
			if v, r, err = w.createNode(np, r); err != nil {
				return nil, err
			}
		}
		vs[i] = v
		if i == 0 {
			continue
		}
		rp := p.Rels[i-1]
		from, to := vs[i-1], v
		if rp.Direction == cypher.DirIn {
			from, to = to, from
		}
		e, next, err := w.createEdge(rp, from, to, r)
		if err != nil {
			return nil, err
		}
		es[i-1], r = e, next
	}
	if p.Variable != nil {
		r = r.set(w.scope.slots[p.Variable.Name], pathRef{vertices: vs, edges: es})
	}
	return r, nil
}

// createCursor is CREATE: every pattern, in order, for each row.
type createCursor struct {
	input    cursor
	w        *writer
	patterns []*cypher.Pattern
}

func (c *createCursor) pull() (row, bool, error) {
	r, ok, err := c.input.pull()
	if err != nil || !ok {
		return nil, false, err
	}
	for _, p := range c.patterns {
		if r, err = c.w.createPattern(p, r); err != nil {
			return nil, false, err
		}
	}
	return r, true, nil
}

// setItem applies one SET or REMOVE item to a row.
func (w *writer) setItem(item cypher.SetItem, r row) error {
	en := w.env(r)
	switch x := item.(type) {
	case *cypher.SetProperty:
		target, err := en.eval(x.Target.Subject)
		if err != nil {
			return err
		}
		v, err := en.eval(x.Value)
		if err != nil {
			return err
		}
		pv, err := propertyValue(x.Value.ExprPos(), v)
		if err != nil {
			return err
		}
		return w.setProperty(x.Pos, target, x.Target.Key.Name, pv)
	case *cypher.SetProperties:
		return w.setProperties(x, en)
	case *cypher.SetLabels:
		return w.changeLabels(en, x.Pos, x.Variable, x.Labels, (*storage.Vertex).AddLabel, &w.ctx.stats.LabelsAdded,
			"Labels can only be set on nodes, not on %s.")
	}
	return notSupported(item.ItemPos(), "this SET item")
}

// changeLabels is SET n:L (change adds) and REMOVE n:L (change removes):
// each label in order on a node, nothing on null; counter counts the
// labels changed, notNode is the error for any other value.
func (w *writer) changeLabels(en *env, p cypher.Pos, variable cypher.Ident, labels []cypher.Ident,
	change func(v *storage.Vertex, label string) (bool, error), counter *int64, notNode string) error {
	target, err := en.variable(variable)
	if err != nil {
		return err
	}
	switch t := target.(type) {
	case format.Null:
		return nil
	case vertexRef:
		return w.applyLabels(t.v, labels, change, counter)
	}
	return errorf(p, notNode, typeName(target))
}

// applyLabels adds (or removes) labels on v in order, counting those that
// changed.
func (w *writer) applyLabels(v *storage.Vertex, labels []cypher.Ident,
	change func(v *storage.Vertex, label string) (bool, error), counter *int64) error {
	for _, l := range labels {
		changed, err := change(v, l.Name)
		if err != nil {
			return wrapErr(l.Pos, err)
		}
		if changed {
			*counter++
		}
	}
	return nil
}

// edgePropertyErr is the error of an edge property write, in the
// interpreter's words when properties on edges are off.
func edgePropertyErr(p cypher.Pos, err error) error {
	if errors.Is(err, storage.ErrPropertiesDisabled) {
		return &Error{Pos: p, Msg: "Can't set property because properties on edges are disabled.", Err: err}
	}
	return wrapErr(p, err)
}

func (w *writer) setProperty(p cypher.Pos, target Value, name string, v format.Value) error {
	switch t := target.(type) {
	case format.Null:
		return nil
	case vertexRef:
		if _, err := t.v.SetProperty(name, v); err != nil {
			return wrapErr(p, err)
		}
	case edgeRef:
		if _, err := t.e.SetProperty(name, v); err != nil {
			return edgePropertyErr(p, err)
		}
	default:
		return errorf(p, "Properties can only be set on edges and vertices.")
	}
	w.ctx.stats.PropertiesSet++
	return nil
}

// setProperties is SET n = map (ClearProperties, then UpdateProperties)
// and SET n += map (UpdateProperties), as Memgraph's SetProperties does;
// the right side may also be a node or an edge, whose properties it
// takes. A null target is skipped (OPTIONAL MATCH).
func (w *writer) setProperties(x *cypher.SetProperties, en *env) error {
	target, err := en.variable(x.Variable)
	if err != nil {
		return err
	}
	type propsTarget interface {
		ClearProperties() error
		UpdateProperties([]storage.Prop) error
	}
	var t propsTarget
	switch tv := target.(type) {
	case format.Null:
		return nil
	case vertexRef:
		t = tv.v
	case edgeRef:
		t = tv.e
	default:
		return errorf(x.Pos, "Properties can only be set on edges and vertices.")
	}
	src, err := en.eval(x.Value)
	if err != nil {
		return err
	}
	var props []storage.Prop
	switch s := src.(type) {
	case Map:
		for _, e := range s {
			pv, err := propertyValue(x.Value.ExprPos(), e.Value)
			if err != nil {
				return err
			}
			props = append(props, storage.Prop{Name: e.Key, Value: pv})
		}
	case vertexRef:
		props, err = s.v.Properties(storage.ViewNew)
	case edgeRef:
		props, err = s.e.Properties(storage.ViewNew)
	default:
		return errorf(x.Value.ExprPos(), "Right-hand side in SET expression must be a node, an edge or a map.")
	}
	if err != nil {
		return wrapErr(x.Pos, err)
	}
	if !x.Merge {
		if err := t.ClearProperties(); err != nil {
			return wrapErr(x.Pos, err)
		}
	}
	if len(props) > 0 {
		if err := t.UpdateProperties(props); err != nil {
			return wrapErr(x.Pos, err)
		}
	}
	w.ctx.stats.PropertiesSet += int64(len(props))
	return nil
}

func (w *writer) removeItem(item cypher.RemoveItem, r row) error {
	en := w.env(r)
	switch x := item.(type) {
	case *cypher.RemoveProperty:
		target, err := en.eval(x.Target.Subject)
		if err != nil {
			return err
		}
		return w.setProperty(x.Pos, target, x.Target.Key.Name, format.Null{})
	case *cypher.RemoveLabels:
		return w.changeLabels(en, x.Pos, x.Variable, x.Labels, (*storage.Vertex).RemoveLabel, &w.ctx.stats.LabelsRemoved,
			"Labels can only be removed from nodes, not from %s.")
	}
	return notSupported(item.ItemPos(), "this REMOVE item")
}

// updateCursor is SET or REMOVE: its items in order, for each row.
type updateCursor struct {
	input  cursor
	w      *writer
	set    []cypher.SetItem
	remove []cypher.RemoveItem
}

func (c *updateCursor) pull() (row, bool, error) {
	r, ok, err := c.input.pull()
	if err != nil || !ok {
		return nil, false, err
	}
	for _, it := range c.set {
		if err := c.w.setItem(it, r); err != nil {
			return nil, false, err
		}
	}
	for _, it := range c.remove {
		if err := c.w.removeItem(it, r); err != nil {
			return nil, false, err
		}
	}
	return r, true, nil
}

// deleteCursor is [DETACH] DELETE: rows pass through while their targets
// are buffered; the buffer is deleted in one call at the end of input.
type deleteCursor struct {
	input   cursor
	w       *writer
	clause  *cypher.Delete
	nodes   []*storage.Vertex
	edges   []*storage.Edge
	flushed bool
}

func (c *deleteCursor) pull() (row, bool, error) {
	if c.flushed {
		return nil, false, nil
	}
	r, ok, err := c.input.pull()
	if err != nil {
		return nil, false, err
	}
	if ok {
		return r, true, c.buffer(r)
	}
	c.flushed = true
	return nil, false, c.flush()
}

func (c *deleteCursor) buffer(r row) error {
	en := c.w.env(r)
	for _, t := range c.clause.Targets {
		v, err := en.eval(t)
		if err != nil {
			return err
		}
		switch x := v.(type) {
		case format.Null:
		case vertexRef:
			c.nodes = append(c.nodes, x.v)
		case edgeRef:
			c.edges = append(c.edges, x.e)
		case pathRef:
			// Memgraph inserts a path's elements at the front of the buffer.
			c.nodes = append(slices.Clone(x.vertices), c.nodes...)
			c.edges = append(slices.Clone(x.edges), c.edges...)
		default:
			return errorf(t.ExprPos(), "Edges, vertices and paths can be deleted.")
		}
	}
	return nil
}

func (c *deleteCursor) flush() error {
	if len(c.nodes) == 0 && len(c.edges) == 0 {
		return nil
	}
	nodes, edges, err := c.deletedCounts()
	if err != nil {
		return err
	}
	if err := c.w.ctx.tx.DetachDelete(c.nodes, c.edges, c.clause.Detach); err != nil {
		return wrapErr(c.clause.Pos, err)
	}
	c.w.ctx.stats.NodesDeleted += nodes
	c.w.ctx.stats.RelationshipsDeleted += edges
	return nil
}

// deletedCounts counts the distinct live vertices and edges the buffer
// deletes (with DETACH, the edges of its vertices too).
func (c *deleteCursor) deletedCounts() (nodes, edges int64, err error) {
	seenV := map[uint64]bool{}
	seenE := map[uint64]bool{}
	for _, e := range c.edges {
		seenE[e.Gid()] = true
	}
	for _, v := range c.nodes {
		if seenV[v.Gid()] {
			continue
		}
		seenV[v.Gid()] = true
		if !c.clause.Detach {
			continue
		}
		for _, dir := range []func(storage.ViewMode) ([]*storage.Edge, error){v.InEdges, v.OutEdges} {
			es, err := dir(storage.ViewNew)
			if err != nil {
				return 0, 0, wrapErr(c.clause.Pos, err)
			}
			for _, e := range es {
				seenE[e.Gid()] = true
			}
		}
	}
	return int64(len(seenV)), int64(len(seenE)), nil
}

// mergeCursor is MERGE: for each row, every match of the pattern (with
// View::NEW, so a row sees what earlier rows created) with ON MATCH
// applied, or else the pattern created with ON CREATE applied.
type mergeCursor struct {
	input   cursor
	w       *writer
	m       *matcher
	clause  *cypher.Merge
	pending []row
}

func (c *mergeCursor) pull() (row, bool, error) {
	if len(c.pending) == 0 {
		in, ok, err := c.input.pull()
		if err != nil || !ok {
			return nil, false, err
		}
		rows, err := c.m.matches(in)
		if err != nil {
			return nil, false, err
		}
		if len(rows) == 0 {
			r, err := c.w.createPattern(c.clause.Pattern, in)
			if err != nil {
				return nil, false, err
			}
			for _, it := range c.clause.OnCreate {
				if err := c.w.setItem(it, r); err != nil {
					return nil, false, err
				}
			}
			return r, true, nil
		}
		c.pending = rows
	}
	// ON MATCH runs for a match when it is pulled, as Memgraph's Merge
	// pulls its match branch one row at a time.
	r := c.pending[0]
	c.pending = c.pending[1:]
	for _, it := range c.clause.OnMatch {
		if err := c.w.setItem(it, r); err != nil {
			return nil, false, err
		}
	}
	return r, true, nil
}
