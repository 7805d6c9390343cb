package query

import (
	"slices"
	"strings"

	"github.com/durascope/durascope/engine/cypher"
	"github.com/durascope/durascope/engine/storage"
	"github.com/durascope/durascope/format"
)

// projection is the body of RETURN or WITH, planned as Memgraph's
// GenReturnBody plans it: Accumulate (when the query part wrote; WITH then
// advances the command so later clauses see the writes), Aggregate,
// Produce, Distinct, OrderBy, Skip, Limit, and WITH's WHERE last.
// Expressions are evaluated with View::NEW.
type projection struct {
	ctx      *execCtx
	in       *scope
	out      *scope
	combined *scope // in + output names: ORDER BY sees both without aggregation or DISTINCT
	items    []projItem
	aggCalls []cypher.Expr
	distinct bool
	orderBy  []*cypher.SortItem
	skip     cypher.Expr
	limit    cypher.Expr
	where    cypher.Expr
	// accumulate pulls every input row before producing any; advance
	// also advances the command afterwards (WITH after writes).
	accumulate, advance bool
}

type projItem struct {
	expr      cypher.Expr
	name      string
	aggregate bool // the item holds an aggregation
}

func (p *projection) aggregating() bool { return len(p.aggCalls) > 0 }

type projectCursor struct {
	input cursor
	p     *projection
	// eager mode: every output row, computed on the first pull.
	rows    []row
	started bool
	// streaming mode
	seen    map[string]bool
	skipped int64
	emitted int64
	skipN   int64
	limitN  int64 // -1: no limit
}

func (c *projectCursor) eager() bool {
	return c.p.accumulate || c.p.aggregating() || len(c.p.orderBy) > 0
}

func (c *projectCursor) pull() (row, bool, error) {
	p := c.p
	if !c.started {
		c.started = true
		var err error
		if c.skipN, c.limitN, err = p.bounds(); err != nil {
			return nil, false, err
		}
		c.seen = map[string]bool{}
		if c.eager() {
			if c.rows, err = c.all(); err != nil {
				return nil, false, err
			}
		}
	}
	if c.eager() {
		if len(c.rows) == 0 {
			return nil, false, nil
		}
		r := c.rows[0]
		c.rows = c.rows[1:]
		return r, true, nil
	}
	for c.limitN < 0 || c.emitted < c.limitN {
		in, ok, err := c.input.pull()
		if err != nil || !ok {
			return nil, false, err
		}
		out, err := p.produce(in)
		if err != nil {
			return nil, false, err
		}
		if p.distinct {
			k := hashKey(List(out))
			if c.seen[k] {
				continue
			}
			c.seen[k] = true
		}
		if c.skipped < c.skipN {
			c.skipped++
			continue
		}
		c.emitted++
		pass, err := p.whereTrue(out)
		if err != nil {
			return nil, false, err
		}
		if pass {
			return out, true, nil
		}
	}
	return nil, false, nil
}

// all computes every output row: the eager path.
func (c *projectCursor) all() ([]row, error) {
	p := c.p
	input, err := drain(c.input)
	if err != nil {
		return nil, err
	}
	if p.advance && p.ctx.tx != nil {
		p.ctx.tx.AdvanceCommand()
	}
	type keyed struct {
		out  row
		keys []Value
	}
	var rows []keyed
	if p.aggregating() {
		outs, err := p.aggregate(input)
		if err != nil {
			return nil, err
		}
		for _, o := range outs {
			rows = append(rows, keyed{out: o})
		}
	} else {
		for _, in := range input {
			o, err := p.produce(in)
			if err != nil {
				return nil, err
			}
			rows = append(rows, keyed{out: o})
		}
	}
	if p.distinct {
		seen := map[string]bool{}
		kept := rows[:0]
		for _, r := range rows {
			k := hashKey(List(r.out))
			if !seen[k] {
				seen[k] = true
				kept = append(kept, r)
			}
		}
		rows = kept
	}
	if len(p.orderBy) > 0 {
		for i := range rows {
			en := p.sortEnv(rows[i].out, input, i)
			for _, s := range p.orderBy {
				v, err := en.eval(s.Expr)
				if err != nil {
					return nil, err
				}
				rows[i].keys = append(rows[i].keys, v)
			}
		}
		var sortErr error
		slices.SortStableFunc(rows, func(a, b keyed) int {
			for k, s := range p.orderBy {
				c, err := sortCompare(a.keys[k], b.keys[k])
				if err != nil && sortErr == nil {
					sortErr = errorf(s.Expr.ExprPos(), "%s", err.Error())
				}
				if s.Descending {
					c = -c
				}
				if c != 0 {
					return c
				}
			}
			return 0
		})
		if sortErr != nil {
			return nil, sortErr
		}
	}
	var out []row
	for i, r := range rows {
		if int64(i) < c.skipN {
			continue
		}
		if c.limitN >= 0 && int64(len(out)) >= c.limitN {
			break
		}
		pass, err := p.whereTrue(r.out)
		if err != nil {
			return nil, err
		}
		if pass {
			out = append(out, r.out)
		}
	}
	return out, nil
}

// sortEnv is what ORDER BY sees for output row i: the output names, and
// without aggregation or DISTINCT the input variables too.
func (p *projection) sortEnv(out row, input []row, i int) *env {
	if p.aggregating() || p.distinct || i >= len(input) {
		return &env{ctx: p.ctx, scope: p.out, row: out, view: storage.ViewNew}
	}
	r := input[i]
	for k, it := range p.items {
		r = r.set(p.combined.slots[it.name], out[k])
	}
	return &env{ctx: p.ctx, scope: p.combined, row: r, view: storage.ViewNew}
}

func (p *projection) whereTrue(out row) (bool, error) {
	if p.where == nil {
		return true, nil
	}
	en := &env{ctx: p.ctx, scope: p.out, row: out, view: storage.ViewNew}
	return en.filterTrue(p.where)
}

// produce evaluates the items over one input row.
func (p *projection) produce(in row) (row, error) {
	en := &env{ctx: p.ctx, scope: p.in, row: in, view: storage.ViewNew}
	out := make(row, len(p.items))
	for i, it := range p.items {
		v, err := en.eval(it.expr)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// bounds evaluates SKIP and LIMIT.
func (p *projection) bounds() (skip, limit int64, err error) {
	eval := func(e cypher.Expr, what string) (int64, error) {
		en := &env{ctx: p.ctx, scope: newScope(), view: storage.ViewNew}
		v, err := en.eval(e)
		if err != nil {
			return 0, err
		}
		n, ok := v.(format.Int)
		if !ok || n < 0 {
			return 0, errorf(e.ExprPos(), "%s must be a non-negative integer.", what)
		}
		return int64(n), nil
	}
	limit = -1
	if p.skip != nil {
		if skip, err = eval(p.skip, "Number of records to skip"); err != nil {
			return 0, 0, err
		}
	}
	if p.limit != nil {
		if limit, err = eval(p.limit, "Limit"); err != nil {
			return 0, 0, err
		}
	}
	return skip, limit, nil
}

// aggregator accumulates one aggregation over one group.
type aggregator struct {
	call     cypher.Expr
	name     string
	distinct bool
	seen     map[string]bool
	count    int64
	sum      Value
	best     Value
	list     List
	total    float64
}

func newAggregator(call cypher.Expr) *aggregator {
	a := &aggregator{call: call, name: "count"}
	if c, ok := call.(*cypher.Call); ok {
		a.name, a.distinct = strings.ToLower(c.Name), c.Distinct
	}
	a.sum = format.Int(0)
	a.list = List{}
	if a.distinct {
		a.seen = map[string]bool{}
	}
	return a
}

func (a *aggregator) add(en *env) error {
	c, ok := a.call.(*cypher.Call)
	if !ok { // count(*)
		a.count++
		return nil
	}
	if len(c.Args) != 1 {
		return errorf(c.Pos, "Function '%s' got %d arguments.", strings.ToUpper(a.name), len(c.Args))
	}
	v, err := en.eval(c.Args[0])
	if err != nil {
		return err
	}
	if isNull(v) {
		return nil
	}
	if a.distinct {
		k := hashKey(v)
		if a.seen[k] {
			return nil
		}
		a.seen[k] = true
	}
	a.count++
	switch a.name {
	case "sum", "avg":
		f, ok := numeric(v)
		if !ok {
			return errorf(c.Pos, "Only numeric values allowed in %s aggregation.", strings.ToUpper(a.name))
		}
		a.total += f
		s, err := arithmetic(cypher.OpAdd, a.sum, v)
		if err != nil {
			return errorf(c.Pos, "%s", err.Error())
		}
		a.sum = s
	case "min", "max":
		if a.best == nil {
			a.best = v
			return nil
		}
		cmp, err := orderCompare(v, a.best)
		if err != nil {
			return errorf(c.Pos, "%s", err.Error())
		}
		if (a.name == "min" && cmp < 0) || (a.name == "max" && cmp > 0) {
			a.best = v
		}
	case "collect":
		a.list = append(a.list, v)
	}
	return nil
}

func (a *aggregator) result() Value {
	switch a.name {
	case "count":
		return format.Int(a.count)
	case "sum":
		return a.sum
	case "avg":
		if a.count == 0 {
			return format.Null{}
		}
		return format.Double(a.total / float64(a.count))
	case "min", "max":
		if a.best == nil {
			return format.Null{}
		}
		return a.best
	}
	return a.list
}

// aggregate groups the input rows by the non-aggregating items and
// produces one row per group, in the order groups first appear. Without
// grouping items and without input it produces one row of defaults
// (count 0, sum 0, collect [], others null), as Memgraph does.
func (p *projection) aggregate(input []row) ([]row, error) {
	type group struct {
		first row
		keys  []Value
		aggs  []*aggregator
	}
	var order []*group
	groups := map[string]*group{}
	for _, in := range input {
		en := &env{ctx: p.ctx, scope: p.in, row: in, view: storage.ViewNew}
		var keys List
		for _, it := range p.items {
			if it.aggregate {
				continue
			}
			v, err := en.eval(it.expr)
			if err != nil {
				return nil, err
			}
			keys = append(keys, v)
		}
		k := hashKey(keys)
		g, ok := groups[k]
		if !ok {
			g = &group{first: in, keys: keys}
			for _, c := range p.aggCalls {
				g.aggs = append(g.aggs, newAggregator(c))
			}
			groups[k] = g
			order = append(order, g)
		}
		for _, a := range g.aggs {
			if err := a.add(en); err != nil {
				return nil, err
			}
		}
	}
	grouped := slices.ContainsFunc(p.items, func(it projItem) bool { return !it.aggregate })
	if len(order) == 0 && !grouped {
		g := &group{first: row{}}
		for _, c := range p.aggCalls {
			g.aggs = append(g.aggs, newAggregator(c))
		}
		order = append(order, g)
	}
	var out []row
	for _, g := range order {
		results := map[cypher.Expr]Value{}
		for _, a := range g.aggs {
			results[a.call] = a.result()
		}
		en := &env{ctx: p.ctx, scope: p.in, row: g.first, view: storage.ViewNew, aggs: results}
		o := make(row, len(p.items))
		ki := 0
		for i, it := range p.items {
			if !it.aggregate {
				o[i] = g.keys[ki]
				ki++
				continue
			}
			v, err := en.eval(it.expr)
			if err != nil {
				return nil, err
			}
			o[i] = v
		}
		out = append(out, o)
	}
	return out, nil
}

// aggregateCalls lists the aggregation calls in e (not inside another).
func aggregateCalls(e cypher.Expr) []cypher.Expr {
	var out []cypher.Expr
	var visit func(cypher.Expr)
	visit = func(x cypher.Expr) {
		switch c := x.(type) {
		case *cypher.CountAll:
			out = append(out, c)
			return
		case *cypher.Call:
			if isAggregate(c) {
				out = append(out, c)
				return
			}
		}
		for _, c := range children(x) {
			visit(c)
		}
	}
	visit(e)
	return out
}
