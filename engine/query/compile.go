package query

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/durascope/durascope/engine/cypher"
	"github.com/durascope/durascope/engine/storage"
)

// queryShape is what is known of a query before it runs: whether it
// writes (WRITE access, else READ) and whether it touches the graph at all.
type queryShape struct {
	writes    bool
	graphFree bool
}

// checkClauses applies the clause-order rules Memgraph's parser applies
// (CypherMainVisitor::visitSingleQuery) before any transaction is opened,
// and says what the query needs.
func checkClauses(q *cypher.Query) (queryShape, error) {
	shape := queryShape{}
	var update, ret, optional bool
	for _, c := range q.Clauses {
		switch x := c.(type) {
		case *cypher.Unwind:
			if update || ret {
				return shape, errorf(x.Pos, "UNWIND can't be put after RETURN clause or after an update.")
			}
		case *cypher.Match:
			if update || ret {
				return shape, errorf(x.Pos, "MATCH can't be put after RETURN clause or after an update.")
			}
			if x.Optional {
				optional = true
			} else if optional {
				return shape, errorf(x.Pos, "MATCH can't be put after OPTIONAL MATCH.")
			}
		case *cypher.Create, *cypher.Merge, *cypher.Set, *cypher.Remove, *cypher.Delete:
			shape.writes = true
			if ret {
				return shape, errorf(c.ClausePos(), "Update clause can't be used after RETURN.")
			}
			update = true
		case *cypher.Return:
			if ret {
				return shape, errorf(x.Pos, "There can only be one RETURN in a clause.")
			}
			ret = true
		case *cypher.With:
			if ret {
				return shape, errorf(x.Pos, "Return can't be put before WITH.")
			}
			update, ret, optional = false, false, false
		default:
			return shape, notSupported(c.ClausePos(), "this clause")
		}
	}
	if !update && !ret {
		return shape, errorf(q.Pos, "Query should either create or update something, or return results!")
	}
	shape.graphFree = graphFree(q)
	return shape, nil
}

// graphFree is Memgraph's IsGraphFree (src/query/frontend/semantic/
// graph_free.cpp): only RETURN, WITH and UNWIND, no '*', and no
// expression that names graph state or goes through the accessor: no
// property lookup, label test, enum value, function (aggregations are
// fine) or string predicate (STARTS WITH, ENDS WITH and CONTAINS parse as
// functions there). Such a query opens no transaction.
func graphFree(q *cypher.Query) bool {
	for _, c := range q.Clauses {
		switch x := c.(type) {
		case *cypher.Return:
			if x.All {
				return false
			}
		case *cypher.With:
			if x.All {
				return false
			}
		case *cypher.Unwind:
		default:
			return false
		}
		reaches := false
		forClauseExprs(c, func(e cypher.Expr) {
			walkExpr(e, func(x cypher.Expr) {
				switch y := x.(type) {
				case *cypher.Property, *cypher.HasLabels, *cypher.EnumRef:
					reaches = true
				case *cypher.Call:
					reaches = reaches || !isAggregate(y)
				case *cypher.Binary:
					switch y.Op {
					case cypher.OpStartsWith, cypher.OpEndsWith, cypher.OpContains:
						reaches = true
					}
				}
			})
		})
		if reaches {
			return false
		}
	}
	return true
}

// compiled is a query made into a pipeline.
type compiled struct {
	root    cursor
	columns []string // nil without RETURN
}

// compile builds the pipeline of q, checking its variables as Memgraph's
// symbol generator does.
func compile(ctx *execCtx, q *cypher.Query) (*compiled, error) {
	sc := newScope()
	var cur cursor = &onceCursor{}
	wrote := false
	out := &compiled{}
	for _, c := range q.Clauses {
		switch x := c.(type) {
		case *cypher.Match:
			m, err := matchClause(ctx, sc, x.Patterns, x.Where, storage.ViewOld)
			if err != nil {
				return nil, err
			}
			sc = m.scope
			cur = &expandCursor{input: cur, expand: matchRows(m, x.Optional)}
		case *cypher.Unwind:
			if _, ok := sc.lookup(x.As.Name); ok {
				return nil, errorf(x.As.Pos, "Redeclaring variable: %s.", x.As.Name)
			}
			if err := checkVars(sc, x.List); err != nil {
				return nil, err
			}
			next := sc.clone()
			slot := next.declare(x.As.Name)
			cur = &expandCursor{input: cur, expand: unwindRows(ctx, next, x.List, slot)}
			sc = next
		case *cypher.Create:
			next, err := createScope(sc, x.Patterns, false)
			if err != nil {
				return nil, err
			}
			sc = next
			cur = &createCursor{input: cur, w: &writer{ctx: ctx, scope: sc}, patterns: x.Patterns}
			wrote = true
		case *cypher.Merge:
			next, err := createScope(sc, []*cypher.Pattern{x.Pattern}, true)
			if err != nil {
				return nil, err
			}
			m, err := matchClause(ctx, sc, []*cypher.Pattern{x.Pattern}, nil, storage.ViewNew)
			if err != nil {
				return nil, err
			}
			m.scope = next
			sc = next
			if err := checkSetItems(sc, x.OnCreate); err != nil {
				return nil, err
			}
			if err := checkSetItems(sc, x.OnMatch); err != nil {
				return nil, err
			}
			cur = &mergeCursor{input: cur, w: &writer{ctx: ctx, scope: sc}, m: m, clause: x}
			wrote = true
		case *cypher.Set:
			if err := checkSetItems(sc, x.Items); err != nil {
				return nil, err
			}
			cur = &updateCursor{input: cur, w: &writer{ctx: ctx, scope: sc}, set: x.Items}
			wrote = true
		case *cypher.Remove:
			for _, it := range x.Items {
				if err := checkRemoveItem(sc, it); err != nil {
					return nil, err
				}
			}
			cur = &updateCursor{input: cur, w: &writer{ctx: ctx, scope: sc}, remove: x.Items}
			wrote = true
		case *cypher.Delete:
			for _, t := range x.Targets {
				if err := checkVars(sc, t); err != nil {
					return nil, err
				}
			}
			cur = &deleteCursor{input: cur, w: &writer{ctx: ctx, scope: sc}, clause: x}
			wrote = true
		case *cypher.With:
			p, err := newProjection(ctx, sc, &x.Projection, false)
			if err != nil {
				return nil, err
			}
			if x.Where != nil {
				if err := checkVars(p.out, x.Where); err != nil {
					return nil, err
				}
				p.where = x.Where
			}
			p.accumulate, p.advance = wrote, wrote
			cur = &projectCursor{input: cur, p: p}
			sc, wrote = p.out, false
		case *cypher.Return:
			p, err := newProjection(ctx, sc, &x.Projection, true)
			if err != nil {
				return nil, err
			}
			p.accumulate = wrote
			cur = &projectCursor{input: cur, p: p}
			sc = p.out
			for _, it := range p.items {
				out.columns = append(out.columns, it.name)
			}
		}
	}
	out.root = cur
	return out, nil
}

// matchClause plans MATCH patterns: the variables they declare and the
// WHERE conjuncts.
func matchClause(ctx *execCtx, sc *scope, patterns []*cypher.Pattern, where cypher.Expr, view storage.ViewMode) (*matcher, error) {
	next := sc.clone()
	var newVars []string
	declare := func(id *cypher.Ident) {
		if id == nil {
			return
		}
		if _, ok := next.lookup(id.Name); !ok {
			newVars = append(newVars, id.Name)
		}
		next.declare(id.Name)
	}
	for _, p := range patterns {
		for i, n := range p.Nodes {
			declare(n.Variable)
			if i < len(p.Rels) {
				declare(p.Rels[i].Variable)
			}
		}
		if p.Variable != nil {
			if _, ok := next.lookup(p.Variable.Name); ok {
				return nil, errorf(p.Variable.Pos, "Redeclaring variable: %s.", p.Variable.Name)
			}
			declare(p.Variable)
		}
	}
	for _, p := range patterns {
		if err := checkPatternExprs(next, p); err != nil {
			return nil, err
		}
	}
	if where != nil {
		if err := checkVars(next, where); err != nil {
			return nil, err
		}
		if calls := aggregateCalls(where); len(calls) > 0 {
			return nil, errorf(calls[0].ExprPos(), "Aggregation functions are only allowed in WITH and RETURN.")
		}
	}
	return &matcher{ctx: ctx, scope: next, patterns: patterns, filters: conjuncts(where), view: view, newVars: newVars}, nil
}

// createScope checks CREATE (or MERGE) patterns and declares their
// variables: a relationship needs exactly one type and (in CREATE) a
// direction, and may not reuse a variable; a bound node may not get
// labels or properties.
func createScope(sc *scope, patterns []*cypher.Pattern, merge bool) (*scope, error) {
	next := sc.clone()
	for _, p := range patterns {
		for i, n := range p.Nodes {
			if n.Variable != nil {
				if _, ok := next.lookup(n.Variable.Name); ok {
					if len(n.Labels) > 0 || n.Properties != nil {
						return nil, errorf(n.Pos, "Cannot create node '%s' with labels or properties, because it is already declared.", n.Variable.Name)
					}
				} else if err := checkPropsExpr(next, n.Properties); err != nil {
					return nil, err
				} else {
					next.declare(n.Variable.Name)
				}
			} else if err := checkPropsExpr(next, n.Properties); err != nil {
				return nil, err
			}
			if i == 0 {
				continue
			}
			r := p.Rels[i-1]
			if len(r.Types) != 1 {
				return nil, errorf(r.Pos, "Exactly one relationship type must be specified when creating an edge.")
			}
			if r.Direction == cypher.DirBoth && !merge {
				return nil, errorf(r.Pos, "Bidirectional relationship are not supported when creating an edge")
			}
			if err := checkPropsExpr(next, r.Properties); err != nil {
				return nil, err
			}
			if r.Variable != nil {
				if _, ok := next.lookup(r.Variable.Name); ok {
					return nil, errorf(r.Variable.Pos, "Redeclaring variable: %s.", r.Variable.Name)
				}
				next.declare(r.Variable.Name)
			}
		}
		if p.Variable != nil {
			if _, ok := next.lookup(p.Variable.Name); ok {
				return nil, errorf(p.Variable.Pos, "Redeclaring variable: %s.", p.Variable.Name)
			}
			next.declare(p.Variable.Name)
		}
	}
	return next, nil
}

func checkPropsExpr(sc *scope, e cypher.Expr) error {
	if e == nil {
		return nil
	}
	if _, ok := e.(*cypher.MapLit); !ok {
		return notSupported(e.ExprPos(), "a parameter as a pattern's properties")
	}
	return checkVars(sc, e)
}

func checkPatternExprs(sc *scope, p *cypher.Pattern) error {
	for _, n := range p.Nodes {
		if err := checkPropsExpr(sc, n.Properties); err != nil {
			return err
		}
	}
	for _, r := range p.Rels {
		if err := checkPropsExpr(sc, r.Properties); err != nil {
			return err
		}
	}
	return nil
}

func checkSetItems(sc *scope, items []cypher.SetItem) error {
	for _, it := range items {
		if err := checkSetItem(sc, it); err != nil {
			return err
		}
	}
	return nil
}

func checkSetItem(sc *scope, it cypher.SetItem) error {
	switch x := it.(type) {
	case *cypher.SetProperty:
		if _, nested := x.Target.Subject.(*cypher.Property); nested {
			return notSupported(x.Pos, "setting a nested property")
		}
		if err := checkVars(sc, x.Target.Subject); err != nil {
			return err
		}
		return checkVars(sc, x.Value)
	case *cypher.SetProperties:
		if err := checkBound(sc, x.Variable.Name, x.Variable.Pos); err != nil {
			return err
		}
		return checkVars(sc, x.Value)
	case *cypher.SetLabels:
		return checkBound(sc, x.Variable.Name, x.Variable.Pos)
	}
	return notSupported(it.ItemPos(), "this SET item")
}

func checkRemoveItem(sc *scope, it cypher.RemoveItem) error {
	switch x := it.(type) {
	case *cypher.RemoveProperty:
		if _, nested := x.Target.Subject.(*cypher.Property); nested {
			return notSupported(x.Pos, "removing a nested property")
		}
		return checkVars(sc, x.Target.Subject)
	case *cypher.RemoveLabels:
		return checkBound(sc, x.Variable.Name, x.Variable.Pos)
	}
	return notSupported(it.ItemPos(), "this REMOVE item")
}

// checkBound refuses a variable sc lacks.
func checkBound(sc *scope, name string, p cypher.Pos) error {
	if _, ok := sc.lookup(name); !ok {
		return errorf(p, "Unbound variable: %s.", name)
	}
	return nil
}

// checkVars reports the first variable e reads that sc lacks.
func checkVars(sc *scope, e cypher.Expr) error {
	var err error
	walkExpr(e, func(x cypher.Expr) {
		if v, ok := x.(*cypher.Variable); ok && err == nil {
			err = checkBound(sc, v.Name, v.Pos)
		}
	})
	return err
}

// newProjection plans the body of RETURN (ret) or WITH.
func newProjection(ctx *execCtx, in *scope, body *cypher.Projection, ret bool) (*projection, error) {
	p := &projection{ctx: ctx, in: in, out: newScope(), distinct: body.Distinct, orderBy: body.OrderBy, skip: body.Skip, limit: body.Limit}
	var items []*cypher.ProjectionItem
	if body.All {
		names := slices.Clone(in.order)
		sort.Strings(names)
		for _, n := range names {
			items = append(items, &cypher.ProjectionItem{Expr: &cypher.Variable{Pos: body.AllPos, Name: n}, Text: n})
		}
		if len(names) == 0 && len(body.Items) == 0 {
			return nil, errorf(body.AllPos, "There are no variables in scope to use for '*'.")
		}
	}
	items = append(items, body.Items...)
	for _, it := range items {
		if err := checkVars(in, it.Expr); err != nil {
			return nil, err
		}
		name := it.Text
		if it.Alias != nil {
			name = it.Alias.Name
		} else if v, ok := it.Expr.(*cypher.Variable); ok {
			name = v.Name
		} else if !ret {
			return nil, errorf(it.Expr.ExprPos(), "Only variables can be non-aliased in WITH.")
		}
		if _, dup := p.out.lookup(name); dup {
			return nil, errorf(it.Expr.ExprPos(), "Multiple results with the same name '%s' are not allowed.", name)
		}
		p.out.declare(name)
		calls := aggregateCalls(it.Expr)
		for _, c := range calls {
			if call, ok := c.(*cypher.Call); ok {
				for _, a := range call.Args {
					if inner := aggregateCalls(a); len(inner) > 0 {
						return nil, errorf(inner[0].ExprPos(), "Using aggregation functions inside aggregation functions is not allowed.")
					}
				}
			}
		}
		p.aggCalls = append(p.aggCalls, calls...)
		p.items = append(p.items, projItem{expr: it.Expr, name: name, aggregate: len(calls) > 0})
	}
	p.combined = in.clone()
	for _, it := range p.items {
		p.combined.declare(it.name)
	}
	sortScope := p.combined
	if p.aggregating() || p.distinct {
		sortScope = p.out
	}
	// An ORDER BY key that repeats a projected expression sorts by that
	// column, so RETURN DISTINCT n.x ORDER BY n.x works.
	p.orderBy = nil
	for _, s := range body.OrderBy {
		for _, it := range p.items {
			if exprKey(it.expr) == exprKey(s.Expr) {
				s = &cypher.SortItem{Expr: &cypher.Variable{Pos: s.Expr.ExprPos(), Name: it.name}, Descending: s.Descending}
				break
			}
		}
		p.orderBy = append(p.orderBy, s)
		if err := checkVars(sortScope, s.Expr); err != nil {
			return nil, err
		}
		if calls := aggregateCalls(s.Expr); len(calls) > 0 {
			return nil, notSupported(calls[0].ExprPos(), "aggregation in ORDER BY")
		}
	}
	for _, e := range []cypher.Expr{body.Skip, body.Limit} {
		if e != nil {
			if err := checkVars(newScope(), e); err != nil {
				return nil, err
			}
		}
	}
	return p, nil
}

// forClauseExprs calls fn on every expression a clause holds, in source
// order.
func forClauseExprs(c cypher.Clause, fn func(cypher.Expr)) {
	patterns := func(ps []*cypher.Pattern) {
		for _, p := range ps {
			for i, n := range p.Nodes {
				if n.Properties != nil {
					fn(n.Properties)
				}
				if i < len(p.Rels) && p.Rels[i].Properties != nil {
					fn(p.Rels[i].Properties)
				}
			}
		}
	}
	projection := func(b *cypher.Projection) {
		for _, it := range b.Items {
			fn(it.Expr)
		}
		for _, s := range b.OrderBy {
			fn(s.Expr)
		}
		for _, e := range []cypher.Expr{b.Skip, b.Limit} {
			if e != nil {
				fn(e)
			}
		}
	}
	switch x := c.(type) {
	case *cypher.Match:
		patterns(x.Patterns)
		if x.Where != nil {
			fn(x.Where)
		}
	case *cypher.Create:
		patterns(x.Patterns)
	case *cypher.Merge:
		patterns([]*cypher.Pattern{x.Pattern})
		for _, it := range mergeItems(x) {
			setItemExprs(it, fn)
		}
	case *cypher.Set:
		for _, it := range x.Items {
			setItemExprs(it, fn)
		}
	case *cypher.Remove:
		for _, it := range x.Items {
			if rp, ok := it.(*cypher.RemoveProperty); ok {
				fn(rp.Target)
			}
		}
	case *cypher.Delete:
		for _, t := range x.Targets {
			fn(t)
		}
	case *cypher.Unwind:
		fn(x.List)
	case *cypher.With:
		projection(&x.Projection)
		if x.Where != nil {
			fn(x.Where)
		}
	case *cypher.Return:
		projection(&x.Projection)
	}
}

func setItemExprs(it cypher.SetItem, fn func(cypher.Expr)) {
	switch x := it.(type) {
	case *cypher.SetProperty:
		fn(x.Target)
		fn(x.Value)
	case *cypher.SetProperties:
		fn(x.Value)
	}
}

// mergeItems are a MERGE's ON CREATE and ON MATCH items in source order.
func mergeItems(m *cypher.Merge) []cypher.SetItem {
	items := append(slices.Clone(m.OnCreate), m.OnMatch...)
	slices.SortStableFunc(items, func(a, b cypher.SetItem) int {
		pa, pb := a.ItemPos(), b.ItemPos()
		if pa.Line != pb.Line {
			return pa.Line - pb.Line
		}
		return pa.Col - pb.Col
	})
	return items
}

// exprKey renders an expression without positions, to compare two
// expressions for equality; forms it does not know render uniquely.
func exprKey(e cypher.Expr) string {
	switch x := e.(type) {
	case nil:
		return ""
	case *cypher.Variable:
		return "v:" + x.Name
	case *cypher.Property:
		return "(" + exprKey(x.Subject) + ")." + x.Key.Name
	case *cypher.IntLit:
		return "i:" + strconv.FormatInt(x.Value, 10)
	case *cypher.StringLit:
		return "s:" + strconv.Quote(x.Value)
	case *cypher.Call:
		k := "f:" + strings.ToLower(x.Name) + "(" + strconv.FormatBool(x.Distinct)
		for _, a := range x.Args {
			k += "," + exprKey(a)
		}
		return k + ")"
	case *cypher.CountAll:
		return "count(*)"
	case *cypher.Binary:
		return "(" + exprKey(x.Left) + " " + string(x.Op) + " " + exprKey(x.Right) + ")"
	case *cypher.Unary:
		return string(x.Op) + "(" + exprKey(x.Operand) + ")"
	}
	return fmt.Sprintf("%p", e)
}
