package query

import (
	"slices"
	"time"

	"github.com/durascope/durascope/engine/cypher"
	"github.com/durascope/durascope/engine/storage"
)

// execCtx is what the operators of one statement share.
type execCtx struct {
	tx    *storage.Txn
	stats *Stats
	now   func() time.Time
}

// scope maps the variables visible at one point of a query to row slots.
type scope struct {
	slots map[string]int
	order []string // declaration order, for RETURN *
}

func newScope() *scope { return &scope{slots: map[string]int{}} }

func (s *scope) clone() *scope {
	c := &scope{slots: make(map[string]int, len(s.slots)), order: slices.Clone(s.order)}
	for k, v := range s.slots {
		c.slots[k] = v
	}
	return c
}

func (s *scope) lookup(name string) (int, bool) {
	i, ok := s.slots[name]
	return i, ok
}

// declare gives name a slot (its existing one if it has one).
func (s *scope) declare(name string) int {
	if i, ok := s.slots[name]; ok {
		return i
	}
	i := len(s.slots)
	s.slots[name] = i
	s.order = append(s.order, name)
	return i
}

// row is one row of values, indexed by scope slot; rows are never changed
// once made (set copies).
type row []Value

func (r row) get(i int) Value {
	if i < len(r) {
		return r[i]
	}
	return nil
}

func (r row) set(i int, v Value) row {
	n := max(len(r), i+1)
	out := make(row, n)
	copy(out, r)
	out[i] = v
	return out
}

// env is what an expression is evaluated against.
type env struct {
	ctx   *execCtx
	scope *scope
	row   row
	view  storage.ViewMode
	// aggs holds the results of the aggregate calls of a projection
	// that aggregates, keyed by the call expression.
	aggs map[cypher.Expr]Value
}

// cursor is an operator of the pull pipeline a query compiles to, as
// Memgraph's plan operators are: each pull asks the input for one row.
type cursor interface {
	pull() (row, bool, error)
}

// onceCursor yields one empty row: the input of the first clause.
type onceCursor struct{ done bool }

func (c *onceCursor) pull() (row, bool, error) {
	if c.done {
		return nil, false, nil
	}
	c.done = true
	return row{}, true, nil
}

// sliceCursor yields rows already computed.
type sliceCursor struct {
	rows []row
	i    int
}

func (c *sliceCursor) pull() (row, bool, error) {
	if c.i >= len(c.rows) {
		return nil, false, nil
	}
	c.i++
	return c.rows[c.i-1], true, nil
}

// drain pulls every row of c.
func drain(c cursor) ([]row, error) {
	var out []row
	for {
		r, ok, err := c.pull()
		if err != nil {
			return nil, err
		}
		if !ok {
			return out, nil
		}
		out = append(out, r)
	}
}
