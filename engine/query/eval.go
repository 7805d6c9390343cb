package query

import (
	"math"
	"strings"

	"github.com/durascope/durascope/engine/cypher"
	"github.com/durascope/durascope/engine/storage"
	"github.com/durascope/durascope/format"
)

// eval evaluates e as Memgraph's ExpressionEvaluator does
// (src/query/interpret/eval.hpp): null propagates through operators,
// AND and OR short-circuit on false and true, and type errors are errors.
func (en *env) eval(e cypher.Expr) (Value, error) {
	switch x := e.(type) {
	case *cypher.IntLit:
		return format.Int(x.Value), nil
	case *cypher.FloatLit:
		return format.Double(x.Value), nil
	case *cypher.StringLit:
		return format.String(x.Value), nil
	case *cypher.BoolLit:
		return format.Bool(x.Value), nil
	case *cypher.NullLit:
		return format.Null{}, nil
	case *cypher.ListLit:
		out := make(List, len(x.Items))
		for i, item := range x.Items {
			v, err := en.eval(item)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	case *cypher.MapLit:
		return en.evalMap(x)
	case *cypher.Param:
		return nil, notSupported(x.Pos, "parameter $%s", x.Name)
	case *cypher.Variable:
		i, ok := en.scope.lookup(x.Name)
		if !ok {
			return nil, errorf(x.Pos, "Unbound variable: %s.", x.Name)
		}
		v := en.row.get(i)
		if v == nil {
			return format.Null{}, nil
		}
		return v, nil
	case *cypher.Property:
		subject, err := en.eval(x.Subject)
		if err != nil {
			return nil, err
		}
		return en.property(x, subject)
	case *cypher.HasLabels:
		return en.hasLabels(x)
	case *cypher.Unary:
		return en.unary(x)
	case *cypher.Binary:
		return en.binary(x)
	case *cypher.IsNull:
		v, err := en.eval(x.Operand)
		if err != nil {
			return nil, err
		}
		return format.Bool(isNull(v) != x.Negated), nil
	case *cypher.Index:
		return en.index(x)
	case *cypher.Slice:
		return en.slice(x)
	case *cypher.Call:
		if v, ok := en.aggs[x]; ok {
			return v, nil
		}
		if isAggregate(x) {
			return nil, errorf(x.Pos, "Aggregation functions are only allowed in WITH and RETURN.")
		}
		return en.call(x)
	case *cypher.CountAll:
		if v, ok := en.aggs[x]; ok {
			return v, nil
		}
		return nil, errorf(x.Pos, "Aggregation functions are only allowed in WITH and RETURN.")
	case *cypher.EnumRef:
		if en.ctx.tx == nil {
			return nil, errorf(x.Pos, "enum value %s::%s needs a database", x.Type, x.Value)
		}
		v, ok := en.ctx.tx.EnumValue(x.Type, x.Value)
		if !ok {
			return nil, errorf(x.Pos, "Enum value %s::%s doesn't exist.", x.Type, x.Value)
		}
		return v, nil
	case *cypher.Case:
		return en.caseExpr(x)
	}
	return nil, notSupported(e.ExprPos(), "this expression")
}

// variable is the value of a variable a clause names outside an
// expression (SET n:L, SET n = ...).
func (en *env) variable(id cypher.Ident) (Value, error) {
	return en.eval(&cypher.Variable{Pos: id.Pos, Name: id.Name})
}

func (en *env) evalMap(m *cypher.MapLit) (Map, error) {
	entries := make([]MapEntry, len(m.Entries))
	for i, entry := range m.Entries {
		v, err := en.eval(entry.Value)
		if err != nil {
			return nil, err
		}
		entries[i] = MapEntry{Key: entry.Key.Name, Value: v}
	}
	return newMap(entries), nil
}

func (en *env) property(x *cypher.Property, subject Value) (Value, error) {
	name := x.Key.Name
	switch s := subject.(type) {
	case nil, format.Null:
		return format.Null{}, nil
	case vertexRef:
		v, err := s.v.Property(name, en.view)
		if err != nil {
			return nil, wrapErr(x.Pos, err)
		}
		return fromProperty(v), nil
	case edgeRef:
		v, err := s.e.Property(name, en.view)
		if err != nil {
			return nil, wrapErr(x.Pos, err)
		}
		return fromProperty(v), nil
	case Map:
		if v, ok := s.Get(name); ok {
			return v, nil
		}
		return format.Null{}, nil
	}
	return nil, errorf(x.Pos, "Only nodes, edges and maps have properties to be looked up, not a %s.", typeName(subject))
}

func (en *env) hasLabels(x *cypher.HasLabels) (Value, error) {
	subject, err := en.eval(x.Subject)
	if err != nil {
		return nil, err
	}
	switch s := subject.(type) {
	case nil, format.Null:
		return format.Null{}, nil
	case vertexRef:
		for _, l := range x.Labels {
			has, err := s.v.HasLabel(l.Name, en.view)
			if err != nil {
				return nil, wrapErr(x.Pos, err)
			}
			if !has {
				return format.Bool(false), nil
			}
		}
		return format.Bool(true), nil
	}
	return nil, errorf(x.Pos, "Expected to evaluate vertex in labels test, got %s.", typeName(subject))
}

func (en *env) unary(x *cypher.Unary) (Value, error) {
	v, err := en.eval(x.Operand)
	if err != nil {
		return nil, err
	}
	if isNull(v) {
		return format.Null{}, nil
	}
	switch x.Op {
	case cypher.OpNot:
		if b, ok := v.(format.Bool); ok {
			return !b, nil
		}
		return nil, errorf(x.Pos, "Invalid type %s for NOT.", typeName(v))
	case cypher.OpNeg:
		switch n := v.(type) {
		case format.Int:
			if n == math.MinInt64 {
				return nil, errorf(x.Pos, "Integer overflow negating %d.", int64(n))
			}
			return -n, nil
		case format.Double:
			return -n, nil
		}
		return nil, errorf(x.Pos, "Invalid unary minus operand type %s.", typeName(v))
	case cypher.OpPlus:
		if _, ok := numeric(v); ok {
			return v, nil
		}
		return nil, errorf(x.Pos, "Invalid unary plus operand type %s.", typeName(v))
	}
	return nil, notSupported(x.Pos, "operator %s", x.Op)
}

// logical checks an operand of AND, OR and XOR.
func logical(x *cypher.Binary, a, b Value) error {
	for _, v := range []Value{a, b} {
		if _, ok := v.(format.Bool); !ok && !isNull(v) {
			return errorf(x.Pos, "Invalid types: %s and %s for %s.", typeName(a), typeName(b), x.Op)
		}
	}
	return nil
}

func (en *env) binary(x *cypher.Binary) (Value, error) {
	a, err := en.eval(x.Left)
	if err != nil {
		return nil, err
	}
	switch x.Op {
	case cypher.OpAnd:
		if a == Value(format.Bool(false)) {
			return a, nil
		}
	case cypher.OpOr:
		if a == Value(format.Bool(true)) {
			return a, nil
		}
	}
	b, err := en.eval(x.Right)
	if err != nil {
		return nil, err
	}
	switch x.Op {
	case cypher.OpAnd, cypher.OpOr, cypher.OpXor:
		if err := logical(x, a, b); err != nil {
			return nil, err
		}
		return logic3(x.Op, a, b), nil
	case cypher.OpEqual:
		return equal(a, b), nil
	case cypher.OpNotEqual:
		return not(equal(a, b)), nil
	case cypher.OpLess, cypher.OpLessEq, cypher.OpGreater, cypher.OpGreaterEq:
		r, err := compareOp(string(x.Op), a, b)
		if err != nil {
			return nil, errorf(x.Pos, "%s", err.Error())
		}
		return r, nil
	case cypher.OpIn:
		return inList(x, a, b)
	case cypher.OpStartsWith, cypher.OpEndsWith, cypher.OpContains:
		if isNull(a) || isNull(b) {
			return format.Null{}, nil
		}
		sa, ok1 := a.(format.String)
		sb, ok2 := b.(format.String)
		if !ok1 || !ok2 {
			return nil, errorf(x.Pos, "Invalid arguments for %s: %s and %s.", x.Op, typeName(a), typeName(b))
		}
		switch x.Op {
		case cypher.OpStartsWith:
			return format.Bool(strings.HasPrefix(string(sa), string(sb))), nil
		case cypher.OpEndsWith:
			return format.Bool(strings.HasSuffix(string(sa), string(sb))), nil
		}
		return format.Bool(strings.Contains(string(sa), string(sb))), nil
	case cypher.OpAdd, cypher.OpSub, cypher.OpMul, cypher.OpDiv, cypher.OpMod, cypher.OpPow:
		v, err := arithmetic(x.Op, a, b)
		if err != nil {
			return nil, errorf(x.Pos, "%s", err.Error())
		}
		return v, nil
	}
	return nil, notSupported(x.Pos, "operator %s", x.Op)
}

// logic3 is three-valued logic on format.Bool and format.Null operands.
func logic3(op cypher.Operator, a, b Value) Value {
	an, bn := isNull(a), isNull(b)
	switch op {
	case cypher.OpAnd:
		if a == Value(format.Bool(false)) || b == Value(format.Bool(false)) {
			return format.Bool(false)
		}
		if an || bn {
			return format.Null{}
		}
		return format.Bool(true)
	case cypher.OpOr:
		return or3(a, b)
	}
	if an || bn {
		return format.Null{}
	}
	return format.Bool(a.(format.Bool) != b.(format.Bool))
}

// inList is Memgraph's IN: null for a null list, false for an empty one,
// null for a null element or a list holding null and no match.
func inList(x *cypher.Binary, element, list Value) (Value, error) {
	if isNull(list) {
		return format.Null{}, nil
	}
	l, ok := list.(List)
	if !ok {
		return nil, errorf(x.Pos, "IN expected a list, got %s.", typeName(list))
	}
	if len(l) == 0 {
		return format.Bool(false), nil
	}
	if isNull(element) {
		return format.Null{}, nil
	}
	hasNull := false
	for _, e := range l {
		switch r := equal(element, e).(type) {
		case format.Null:
			hasNull = true
		case format.Bool:
			if r {
				return format.Bool(true), nil
			}
		}
	}
	if hasNull {
		return format.Null{}, nil
	}
	return format.Bool(false), nil
}

func (en *env) index(x *cypher.Index) (Value, error) {
	subject, err := en.eval(x.Subject)
	if err != nil {
		return nil, err
	}
	idx, err := en.eval(x.Index)
	if err != nil {
		return nil, err
	}
	if isNull(subject) || isNull(idx) {
		return format.Null{}, nil
	}
	switch s := subject.(type) {
	case List:
		i, ok := idx.(format.Int)
		if !ok {
			return nil, errorf(x.Pos, "Expected an integer as a list index, got %s.", typeName(idx))
		}
		if i < 0 {
			i += format.Int(len(s))
		}
		if i < 0 || int64(i) >= int64(len(s)) {
			return format.Null{}, nil
		}
		return s[i], nil
	case Map, vertexRef, edgeRef:
		k, ok := idx.(format.String)
		if !ok {
			return nil, errorf(x.Pos, "Expected a string as a map index, got %s.", typeName(idx))
		}
		return en.property(&cypher.Property{Pos: x.Pos, Subject: x.Subject, Key: cypher.Ident{Name: string(k)}}, subject)
	}
	return nil, errorf(x.Pos, "Expected a list, a map, a node or an edge to index with '[]', got %s.", typeName(subject))
}

func (en *env) slice(x *cypher.Slice) (Value, error) {
	subject, err := en.eval(x.Subject)
	if err != nil {
		return nil, err
	}
	bound := func(e cypher.Expr, def int64) (int64, bool, error) {
		if e == nil {
			return def, false, nil
		}
		v, err := en.eval(e)
		if err != nil {
			return 0, false, err
		}
		if isNull(v) {
			return 0, true, nil
		}
		i, ok := v.(format.Int)
		if !ok {
			return 0, false, errorf(e.ExprPos(), "Expected an integer as a list slicing bound, got %s.", typeName(v))
		}
		return int64(i), false, nil
	}
	l, ok := subject.(List)
	if !ok && !isNull(subject) {
		return nil, errorf(x.Pos, "Expected a list to slice, got %s.", typeName(subject))
	}
	from, fromNull, err := bound(x.From, 0)
	if err != nil {
		return nil, err
	}
	to, toNull, err := bound(x.To, int64(len(l)))
	if err != nil {
		return nil, err
	}
	if isNull(subject) || fromNull || toNull {
		return format.Null{}, nil
	}
	n := int64(len(l))
	norm := func(i int64) int64 {
		if i < 0 {
			i += n
		}
		return min(max(i, 0), n)
	}
	from, to = norm(from), norm(to)
	if from >= to {
		return List{}, nil
	}
	return append(List(nil), l[from:to]...), nil
}

func (en *env) caseExpr(x *cypher.Case) (Value, error) {
	var test Value
	if x.Test != nil {
		v, err := en.eval(x.Test)
		if err != nil {
			return nil, err
		}
		test = v
	}
	for _, w := range x.Whens {
		cond, err := en.eval(w.When)
		if err != nil {
			return nil, err
		}
		hit := false
		if x.Test != nil {
			hit = equal(test, cond) == Value(format.Bool(true))
		} else {
			hit = cond == Value(format.Bool(true))
		}
		if hit {
			return en.eval(w.Then)
		}
	}
	if x.Else != nil {
		return en.eval(x.Else)
	}
	return format.Null{}, nil
}

// filterTrue evaluates a WHERE condition: null counts as false, anything
// other than a boolean is an error (Memgraph's Filter operator).
func (en *env) filterTrue(e cypher.Expr) (bool, error) {
	v, err := en.eval(e)
	if err != nil {
		return false, err
	}
	switch b := v.(type) {
	case format.Null:
		return false, nil
	case format.Bool:
		return bool(b), nil
	}
	return false, errorf(e.ExprPos(), "Filter expression must evaluate to bool or null, got %s.", typeName(v))
}

// viewFor is the view a read of the current command uses: Memgraph reads
// with View::OLD in MATCH and View::NEW where a clause needs what this
// command wrote.
func viewFor(newer bool) storage.ViewMode {
	if newer {
		return storage.ViewNew
	}
	return storage.ViewOld
}
