package query

import (
	"slices"

	"github.com/durascope/durascope/engine/cypher"
	"github.com/durascope/durascope/engine/storage"
	"github.com/durascope/durascope/format"
)

// matcher enumerates the matches of a list of patterns for one input row,
// as Memgraph's ScanAll, Expand and Filter operators do: vertices in gid
// order, a vertex's edges in its vector order (in-edges before out-edges
// for an undirected relationship, a self-loop once), every relationship
// of the clause bound to a different edge (EdgeUniquenessFilter), and
// each WHERE conjunct applied as soon as its variables are bound.
type matcher struct {
	ctx      *execCtx
	scope    *scope // the scope after the match
	patterns []*cypher.Pattern
	filters  []filter
	view     storage.ViewMode
	// newVars are the variables the clause binds, in declaration order.
	newVars []string
}

// filter is one conjunct of a WHERE with the variables it reads.
type filter struct {
	expr cypher.Expr
	vars []string
}

// conjuncts splits a WHERE into its AND operands.
func conjuncts(e cypher.Expr) []filter {
	if e == nil {
		return nil
	}
	if b, ok := e.(*cypher.Binary); ok && b.Op == cypher.OpAnd {
		return append(conjuncts(b.Left), conjuncts(b.Right)...)
	}
	return []filter{{expr: e, vars: freeVars(e)}}
}

// matchState is one partial match: the row so far, the edges already
// used in the clause and the WHERE conjuncts not yet applied.
type matchState struct {
	r       row
	used    []uint64
	pending []filter
}

// matches returns every row extending in that matches all patterns.
func (m *matcher) matches(in row) ([]row, error) {
	var out []row
	st := matchState{r: in, pending: m.filters}
	ok, st, err := m.applyFilters(st)
	if err != nil || !ok {
		return nil, err
	}
	err = m.matchFrom(0, st, func(s matchState) error {
		if len(s.pending) > 0 {
			// Conjuncts over variables the match never binds (unbound
			// ones fail when evaluated, as Memgraph's do).
			en := m.env(s.r)
			for _, f := range s.pending {
				pass, err := en.filterTrue(f.expr)
				if err != nil || !pass {
					return err
				}
			}
		}
		out = append(out, s.r)
		return nil
	})
	return out, err
}

func (m *matcher) env(r row) *env {
	return &env{ctx: m.ctx, scope: m.scope, row: r, view: m.view}
}

// bound reports whether name has a value in r.
func (m *matcher) bound(r row, name string) bool {
	i, ok := m.scope.lookup(name)
	return ok && r.get(i) != nil
}

// applyFilters evaluates the pending conjuncts whose variables are all bound.
func (m *matcher) applyFilters(st matchState) (bool, matchState, error) {
	var rest []filter
	en := m.env(st.r)
	for _, f := range st.pending {
		ready := true
		for _, v := range f.vars {
			if _, declared := m.scope.lookup(v); declared && !m.bound(st.r, v) {
				ready = false
				break
			}
		}
		if !ready {
			rest = append(rest, f)
			continue
		}
		pass, err := en.filterTrue(f.expr)
		if err != nil {
			return false, st, err
		}
		if !pass {
			return false, st, nil
		}
	}
	st.pending = rest
	return true, st, nil
}

func (m *matcher) matchFrom(pi int, st matchState, yield func(matchState) error) error {
	if pi == len(m.patterns) {
		return yield(st)
	}
	p := m.patterns[pi]
	// Start at the first node unless only the last one is bound already,
	// so a pattern ending in a known vertex expands from it.
	reverse := len(p.Nodes) > 1 && !m.nodeBound(st.r, p.Nodes[0]) && m.nodeBound(st.r, p.Nodes[len(p.Nodes)-1])
	vs := make([]*storage.Vertex, len(p.Nodes))
	es := make([]*storage.Edge, len(p.Rels))
	start := 0
	if reverse {
		start = len(p.Nodes) - 1
	}
	return m.startNode(p, start, st, func(v *storage.Vertex, st matchState) error {
		vs[start] = v
		return m.expand(p, start, reverse, vs, es, st, func(st matchState) error {
			if p.Variable != nil {
				pr := pathRef{vertices: slices.Clone(vs), edges: slices.Clone(es)}
				st.r = st.r.set(m.scope.slots[p.Variable.Name], pr)
				ok, next, err := m.applyFilters(st)
				if err != nil || !ok {
					return err
				}
				st = next
			}
			return m.matchFrom(pi+1, st, yield)
		})
	})
}

func (m *matcher) nodeBound(r row, n *cypher.NodePattern) bool {
	return n.Variable != nil && m.bound(r, n.Variable.Name)
}

// startNode binds the node pattern at index i by a scan, or checks its
// bound value.
func (m *matcher) startNode(p *cypher.Pattern, i int, st matchState, yield func(*storage.Vertex, matchState) error) error {
	np := p.Nodes[i]
	if m.nodeBound(st.r, np) {
		v, ok := st.r.get(m.scope.slots[np.Variable.Name]).(vertexRef)
		if !ok {
			return nil // null (OPTIONAL MATCH) or not a vertex: no match
		}
		next, ok, err := m.bindNode(np, v.v, st)
		if err != nil || !ok {
			return err
		}
		return yield(v.v, next)
	}
	var all []*storage.Vertex
	for v := range m.ctx.tx.Vertices(m.view) {
		all = append(all, v)
	}
	for _, v := range all {
		next, ok, err := m.bindNode(np, v, st)
		if err != nil {
			return err
		}
		if ok {
			if err := yield(v, next); err != nil {
				return err
			}
		}
	}
	return nil
}

// bindNode checks v against a node pattern's labels and properties (and
// its variable's value when bound) and binds the variable.
func (m *matcher) bindNode(np *cypher.NodePattern, v *storage.Vertex, st matchState) (matchState, bool, error) {
	st, ok := m.bindVariable(st, np.Variable, vertexRef{v})
	if !ok {
		return st, false, nil
	}
	for _, l := range np.Labels {
		has, err := v.HasLabel(l.Name, m.view)
		if err != nil {
			return st, false, wrapErr(l.Pos, err)
		}
		if !has {
			return st, false, nil
		}
	}
	ok, err := m.propsMatch(np.Properties, st.r, func(name string) (format.Value, error) { return v.Property(name, m.view) })
	if err != nil || !ok {
		return st, false, err
	}
	ok, st, err = m.applyFilters(st)
	return st, ok, err
}

// bindVariable binds a pattern's variable (when it has one) to x; when the
// row has the variable bound already, ok tells whether it holds x.
func (m *matcher) bindVariable(st matchState, variable *cypher.Ident, x Value) (next matchState, ok bool) {
	if variable == nil {
		return st, true
	}
	slot := m.scope.slots[variable.Name]
	if cur := st.r.get(slot); cur != nil {
		return st, sameValue(cur, x)
	}
	st.r = st.r.set(slot, x)
	return st, true
}

// propsMatch checks a pattern's property map: every entry equal.
func (m *matcher) propsMatch(props cypher.Expr, r row, get func(string) (format.Value, error)) (bool, error) {
	ml, err := patternMap(props)
	if ml == nil {
		return err == nil, err
	}
	en := m.env(r)
	for _, e := range ml.Entries {
		want, err := en.eval(e.Value)
		if err != nil {
			return false, err
		}
		have, err := get(e.Key.Name)
		if err != nil {
			return false, wrapErr(e.Key.Pos, err)
		}
		if equal(fromProperty(have), want) != Value(format.Bool(true)) {
			return false, nil
		}
	}
	return true, nil
}

// expand walks the pattern from node i, rightwards or (reverse)
// leftwards, binding each relationship and the node beyond it.
func (m *matcher) expand(p *cypher.Pattern, i int, reverse bool, vs []*storage.Vertex, es []*storage.Edge, st matchState, yield func(matchState) error) error {
	if (!reverse && i == len(p.Nodes)-1) || (reverse && i == 0) {
		return yield(st)
	}
	ri, ni := i, i+1
	if reverse {
		ri, ni = i-1, i-1
	}
	rp := p.Rels[ri]
	// The direction as seen from the vertex we expand from.
	dir := rp.Direction
	if reverse {
		switch dir {
		case cypher.DirOut:
			dir = cypher.DirIn
		case cypher.DirIn:
			dir = cypher.DirOut
		}
	}
	u := vs[i]
	type step struct {
		e     *storage.Edge
		other *storage.Vertex
	}
	var steps []step
	if dir != cypher.DirOut {
		in, err := u.InEdges(m.view)
		if err != nil {
			return wrapErr(rp.Pos, err)
		}
		for _, e := range in {
			steps = append(steps, step{e, e.From()})
		}
	}
	if dir != cypher.DirIn {
		out, err := u.OutEdges(m.view)
		if err != nil {
			return wrapErr(rp.Pos, err)
		}
		for _, e := range out {
			if dir == cypher.DirBoth && e.From().Gid() == e.To().Gid() {
				continue // a self-loop was expanded once already
			}
			steps = append(steps, step{e, e.To()})
		}
	}
	for _, s := range steps {
		next, ok, err := m.bindRel(rp, s.e, st)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		next, ok, err = m.bindNode(p.Nodes[ni], s.other, next)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		es[ri], vs[ni] = s.e, s.other
		if err := m.expand(p, ni, reverse, vs, es, next, yield); err != nil {
			return err
		}
	}
	return nil
}

func (m *matcher) bindRel(rp *cypher.RelPattern, e *storage.Edge, st matchState) (matchState, bool, error) {
	if slices.Contains(st.used, e.Gid()) {
		return st, false, nil
	}
	if len(rp.Types) > 0 && !slices.ContainsFunc(rp.Types, func(t cypher.Ident) bool { return t.Name == e.Type() }) {
		return st, false, nil
	}
	st, ok := m.bindVariable(st, rp.Variable, edgeRef{e})
	if !ok {
		return st, false, nil
	}
	ok, err := m.propsMatch(rp.Properties, st.r, func(name string) (format.Value, error) { return e.Property(name, m.view) })
	if err != nil || !ok {
		return st, false, err
	}
	st.used = append(slices.Clone(st.used), e.Gid())
	ok, st, err = m.applyFilters(st)
	return st, ok, err
}

// expandCursor yields, for each input row, the rows expand makes of it in
// order; an input row it makes none of yields nothing.
type expandCursor struct {
	input   cursor
	expand  func(in row) ([]row, error)
	pending []row
}

func (c *expandCursor) pull() (row, bool, error) {
	for len(c.pending) == 0 {
		in, ok, err := c.input.pull()
		if err != nil || !ok {
			return nil, false, err
		}
		if c.pending, err = c.expand(in); err != nil {
			return nil, false, err
		}
	}
	r := c.pending[0]
	c.pending = c.pending[1:]
	return r, true, nil
}

// matchRows is [OPTIONAL] MATCH: each input row extended by every match;
// an OPTIONAL MATCH without matches yields the row with its new variables
// null.
func matchRows(m *matcher, optional bool) func(in row) ([]row, error) {
	return func(in row) ([]row, error) {
		rows, err := m.matches(in)
		if err != nil {
			return nil, err
		}
		if len(rows) == 0 && optional {
			r := in
			for _, v := range m.newVars {
				r = r.set(m.scope.slots[v], format.Null{})
			}
			rows = []row{r}
		}
		return rows, nil
	}
}

// unwindRows is UNWIND list AS x, x in slot.
func unwindRows(ctx *execCtx, sc *scope, list cypher.Expr, slot int) func(in row) ([]row, error) {
	return func(in row) ([]row, error) {
		en := &env{ctx: ctx, scope: sc, row: in, view: storage.ViewOld}
		v, err := en.eval(list)
		if err != nil {
			return nil, err
		}
		if isNull(v) {
			return nil, nil
		}
		l, ok := v.(List)
		if !ok {
			return nil, errorf(list.ExprPos(), "Argument of UNWIND must be a list, but '%s' was provided.", typeName(v))
		}
		rows := make([]row, len(l))
		for i, e := range l {
			rows[i] = in.set(slot, e)
		}
		return rows, nil
	}
}

// freeVars lists the variables an expression reads.
func freeVars(e cypher.Expr) []string {
	var out []string
	walkExpr(e, func(x cypher.Expr) {
		if v, ok := x.(*cypher.Variable); ok && !slices.Contains(out, v.Name) {
			out = append(out, v.Name)
		}
	})
	return out
}

// walkExpr calls fn on e and every sub-expression, in source order.
func walkExpr(e cypher.Expr, fn func(cypher.Expr)) {
	if e == nil {
		return
	}
	fn(e)
	for _, c := range children(e) {
		walkExpr(c, fn)
	}
}

// children lists the direct sub-expressions of e in source order.
func children(e cypher.Expr) []cypher.Expr {
	var out []cypher.Expr
	add := func(xs ...cypher.Expr) {
		for _, x := range xs {
			if x != nil {
				out = append(out, x)
			}
		}
	}
	switch x := e.(type) {
	case *cypher.ListLit:
		add(x.Items...)
	case *cypher.MapLit:
		for _, en := range x.Entries {
			add(en.Value)
		}
	case *cypher.Property:
		add(x.Subject)
	case *cypher.HasLabels:
		add(x.Subject)
	case *cypher.Unary:
		add(x.Operand)
	case *cypher.Binary:
		add(x.Left, x.Right)
	case *cypher.IsNull:
		add(x.Operand)
	case *cypher.Index:
		add(x.Subject, x.Index)
	case *cypher.Slice:
		add(x.Subject, x.From, x.To)
	case *cypher.Call:
		add(x.Args...)
	case *cypher.Case:
		add(x.Test)
		for _, w := range x.Whens {
			add(w.When, w.Then)
		}
		add(x.Else)
	}
	return out
}
