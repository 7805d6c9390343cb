package query

import (
	"errors"
	"math"
	"strconv"
	"strings"

	"github.com/durascope/durascope/engine/cypher"
	"github.com/durascope/durascope/engine/storage"
	"github.com/durascope/durascope/format"
)

// aggregateNames are the aggregation functions the executor computes.
var aggregateNames = map[string]bool{"count": true, "sum": true, "min": true, "max": true, "avg": true, "collect": true}

func isAggregate(c *cypher.Call) bool { return aggregateNames[strings.ToLower(c.Name)] }

// constructors are the functions whose rules cypher.EvalLiteral holds.
var constructors = map[string]bool{"point": true, "date": true, "localtime": true, "localdatetime": true, "datetime": true, "duration": true}

func (en *env) call(c *cypher.Call) (Value, error) {
	name := strings.ToLower(c.Name)
	if c.Distinct {
		return nil, errorf(c.Pos, "DISTINCT can only be used in aggregation functions.")
	}
	args := make([]Value, len(c.Args))
	for i, a := range c.Args {
		v, err := en.eval(a)
		if err != nil {
			return nil, err
		}
		args[i] = v
	}
	if constructors[name] {
		return constructor(c, args)
	}
	fn, ok := functions[name]
	if !ok {
		return nil, notSupported(c.Pos, "function %s", c.Name)
	}
	if len(args) < fn.min || (fn.max >= 0 && len(args) > fn.max) {
		return nil, errorf(c.Pos, "Function '%s' got %d arguments.", strings.ToUpper(name), len(args))
	}
	v, err := fn.run(en, args)
	if err != nil {
		return nil, wrapErr(c.Pos, err)
	}
	return v, nil
}

type function struct {
	min, max int // max -1: any number
	run      func(en *env, args []Value) (Value, error)
}

type argError struct{ msg string }

func (e *argError) Error() string { return e.msg }

func badArg(fn string, v Value) error {
	return &argError{"Function '" + fn + "' doesn't accept an argument of type " + typeName(v) + "."}
}

// errArgType is what a oneArg body returns for an argument type it does
// not take; oneArg turns it into badArg's message.
var errArgType = errors.New("argument type not taken")

// oneArg is a function of one argument that gives null for null; name is
// the function's name in Memgraph's messages.
func oneArg(name string, run func(en *env, x Value) (Value, error)) function {
	return function{1, 1, func(en *env, a []Value) (Value, error) {
		if x, ok := a[0].(format.Null); ok {
			return x, nil
		}
		v, err := run(en, a[0])
		if err == errArgType {
			return nil, badArg(name, a[0])
		}
		return v, err
	}}
}

var functions = map[string]function{
	"id": oneArg("ID", func(en *env, x Value) (Value, error) {
		switch x := x.(type) {
		case vertexRef:
			return format.Int(x.v.Gid()), nil
		case edgeRef:
			return format.Int(x.e.Gid()), nil
		}
		return nil, errArgType
	}),
	"labels": oneArg("LABELS", func(en *env, x Value) (Value, error) {
		v, ok := x.(vertexRef)
		if !ok {
			return nil, errArgType
		}
		labels, err := v.v.Labels(en.view)
		if err != nil {
			return nil, err
		}
		return mapList(labels, func(l string) Value { return format.String(l) }), nil
	}),
	"type": oneArg("TYPE", func(en *env, x Value) (Value, error) {
		if e, ok := x.(edgeRef); ok {
			return format.String(e.e.Type()), nil
		}
		return nil, errArgType
	}),
	"properties": oneArg("PROPERTIES", func(en *env, x Value) (Value, error) {
		if m, ok := x.(Map); ok {
			return m, nil
		}
		ps, err := en.properties(x)
		if err != nil {
			return nil, err
		}
		return propsMap(ps), nil
	}),
	"keys": oneArg("KEYS", func(en *env, x Value) (Value, error) {
		if m, ok := x.(Map); ok {
			return mapList(m, func(e MapEntry) Value { return format.String(e.Key) }), nil
		}
		ps, err := en.properties(x)
		if err != nil {
			return nil, err
		}
		return mapList(ps, func(p storage.Prop) Value { return format.String(p.Name) }), nil
	}),
	"size":      oneArg("SIZE", lengthOf(true)),
	"length":    oneArg("LENGTH", lengthOf(false)),
	"tointeger": oneArg("TOINTEGER", toInteger),
	"toint":     oneArg("TOINTEGER", toInteger),
	"tofloat": oneArg("TOFLOAT", func(en *env, x Value) (Value, error) {
		switch x := x.(type) {
		case format.Double:
			return x, nil
		case format.Int:
			return format.Double(x), nil
		case format.String:
			f, err := strconv.ParseFloat(strings.TrimSpace(string(x)), 64)
			if err != nil {
				return format.Null{}, nil
			}
			return format.Double(f), nil
		}
		return nil, errArgType
	}),
	"tostring": oneArg("TOSTRING", func(en *env, x Value) (Value, error) {
		switch x := x.(type) {
		case format.String:
			return x, nil
		case format.Int:
			return format.String(strconv.FormatInt(int64(x), 10)), nil
		case format.Double:
			return format.String(strconv.FormatFloat(float64(x), 'f', -1, 64)), nil
		case format.Bool:
			return format.String(strconv.FormatBool(bool(x))), nil
		}
		return nil, errArgType
	}),
	"toboolean": oneArg("TOBOOLEAN", func(en *env, x Value) (Value, error) {
		switch x := x.(type) {
		case format.Bool:
			return x, nil
		case format.Int:
			return format.Bool(x != 0), nil
		case format.String:
			switch strings.ToLower(strings.TrimSpace(string(x))) {
			case "true":
				return format.Bool(true), nil
			case "false":
				return format.Bool(false), nil
			}
			return format.Null{}, nil
		}
		return nil, errArgType
	}),
	"coalesce": {1, -1, func(en *env, a []Value) (Value, error) {
		for _, v := range a {
			if !isNull(v) {
				return v, nil
			}
		}
		return format.Null{}, nil
	}},
	"head": oneArg("HEAD", listItem(func(l List) Value { return l[0] })),
	"last": oneArg("LAST", listItem(func(l List) Value { return l[len(l)-1] })),
	"tail": oneArg("TAIL", func(en *env, x Value) (Value, error) {
		l, ok := x.(List)
		if !ok {
			return nil, errArgType
		}
		if len(l) == 0 {
			return List{}, nil
		}
		return append(List(nil), l[1:]...), nil
	}),
	"range": {2, 3, func(en *env, a []Value) (Value, error) {
		var n [3]int64
		n[2] = 1
		for i, v := range a {
			x, ok := v.(format.Int)
			if !ok {
				return nil, badArg("RANGE", v)
			}
			n[i] = int64(x)
		}
		if n[2] == 0 {
			return nil, &argError{"Function 'RANGE' step can't be 0."}
		}
		out := List{}
		for i := n[0]; (n[2] > 0 && i <= n[1]) || (n[2] < 0 && i >= n[1]); i += n[2] {
			out = append(out, format.Int(i))
			if len(out) > 1<<24 {
				return nil, &argError{"Function 'RANGE' would make more than 16777216 elements."}
			}
		}
		return out, nil
	}},
	"abs": oneArg("ABS", func(en *env, x Value) (Value, error) {
		switch x := x.(type) {
		case format.Int:
			if x == math.MinInt64 {
				return nil, errOverflow
			}
			if x < 0 {
				return -x, nil
			}
			return x, nil
		case format.Double:
			return format.Double(math.Abs(float64(x))), nil
		}
		return nil, errArgType
	}),
	"toupper":   oneArg("TOUPPER", stringFunc(strings.ToUpper)),
	"tolower":   oneArg("TOLOWER", stringFunc(strings.ToLower)),
	"trim":      oneArg("TRIM", stringFunc(strings.TrimSpace)),
	"startnode": oneArg("STARTNODE", edgeEnd((*storage.Edge).From)),
	"endnode":   oneArg("ENDNODE", edgeEnd((*storage.Edge).To)),
	"nodes": oneArg("NODES", pathList(func(p pathRef) List {
		return mapList(p.vertices, func(v *storage.Vertex) Value { return vertexRef{v} })
	})),
	"relationships": oneArg("RELATIONSHIPS", pathList(func(p pathRef) List {
		return mapList(p.edges, func(e *storage.Edge) Value { return edgeRef{e} })
	})),
}

// properties reads a vertex's or an edge's properties.
func (en *env) properties(x Value) ([]storage.Prop, error) {
	switch x := x.(type) {
	case vertexRef:
		return x.v.Properties(en.view)
	case edgeRef:
		return x.e.Properties(en.view)
	}
	return nil, errArgType
}

// mapList is the list of f of each item.
func mapList[T any](items []T, f func(T) Value) List {
	out := make(List, len(items))
	for i, x := range items {
		out[i] = f(x)
	}
	return out
}

// lengthOf is size() (maps too) and length(): the elements of a list, the
// bytes of a string, the edges of a path.
func lengthOf(maps bool) func(en *env, x Value) (Value, error) {
	return func(en *env, x Value) (Value, error) {
		switch x := x.(type) {
		case List:
			return format.Int(len(x)), nil
		case format.String:
			return format.Int(len(x)), nil
		case Map:
			if maps {
				return format.Int(len(x)), nil
			}
		case pathRef:
			return format.Int(len(x.edges)), nil
		}
		return nil, errArgType
	}
}

// listItem is head() and last(): one item of a list, null for an empty one.
func listItem(pick func(List) Value) func(en *env, x Value) (Value, error) {
	return func(en *env, x Value) (Value, error) {
		l, ok := x.(List)
		if !ok {
			return nil, errArgType
		}
		if len(l) == 0 {
			return format.Null{}, nil
		}
		return pick(l), nil
	}
}

// edgeEnd is startNode() and endNode().
func edgeEnd(end func(*storage.Edge) *storage.Vertex) func(en *env, x Value) (Value, error) {
	return func(en *env, x Value) (Value, error) {
		if e, ok := x.(edgeRef); ok {
			return vertexRef{end(e.e)}, nil
		}
		return nil, errArgType
	}
}

// pathList is nodes() and relationships().
func pathList(items func(pathRef) List) func(en *env, x Value) (Value, error) {
	return func(en *env, x Value) (Value, error) {
		if p, ok := x.(pathRef); ok {
			return items(p), nil
		}
		return nil, errArgType
	}
}

func toInteger(en *env, x Value) (Value, error) {
	switch x := x.(type) {
	case format.Int:
		return x, nil
	case format.Bool:
		return format.Int(boolInt(bool(x))), nil
	case format.Double:
		f := math.Trunc(float64(x))
		if math.IsNaN(f) || f < -(1<<63) || f >= 1<<63 {
			return format.Null{}, nil
		}
		return format.Int(int64(f)), nil
	case format.String:
		s := strings.TrimSpace(string(x))
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return format.Int(i), nil
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return format.Null{}, nil
		}
		return toInteger(en, format.Double(f))
	}
	return nil, errArgType
}

func stringFunc(f func(string) string) func(en *env, x Value) (Value, error) {
	return func(en *env, x Value) (Value, error) {
		if s, ok := x.(format.String); ok {
			return format.String(f(string(s))), nil
		}
		return nil, errArgType
	}
}

// constructor runs point(), date(), ... with cypher.EvalLiteral's rules:
// the evaluated argument is turned back into a literal for it.
func constructor(c *cypher.Call, args []Value) (Value, error) {
	lits := make([]cypher.Expr, len(args))
	for i, a := range args {
		lit, ok := literalOf(a, c.Args[i].ExprPos())
		if !ok {
			return nil, errorf(c.Args[i].ExprPos(), "%s() doesn't accept an argument of type %s.", c.Name, typeName(a))
		}
		lits[i] = lit
	}
	v, err := cypher.EvalLiteral(&cypher.Call{Pos: c.Pos, Name: c.Name, Args: lits}, nil)
	if err != nil {
		return nil, literalErr(c.Pos, err)
	}
	return fromProperty(v), nil
}

// literalOf is the literal expression of a number, string, bool, null or
// a list or map of them.
func literalOf(v Value, p cypher.Pos) (cypher.Expr, bool) {
	switch x := v.(type) {
	case format.Null:
		return &cypher.NullLit{Pos: p}, true
	case format.Int:
		return &cypher.IntLit{Pos: p, Value: int64(x)}, true
	case format.Double:
		return &cypher.FloatLit{Pos: p, Value: float64(x)}, true
	case format.String:
		return &cypher.StringLit{Pos: p, Value: string(x)}, true
	case format.Bool:
		return &cypher.BoolLit{Pos: p, Value: bool(x)}, true
	case List:
		l := &cypher.ListLit{Pos: p}
		for _, e := range x {
			item, ok := literalOf(e, p)
			if !ok {
				return nil, false
			}
			l.Items = append(l.Items, item)
		}
		return l, true
	case Map:
		m := &cypher.MapLit{Pos: p}
		for _, e := range x {
			item, ok := literalOf(e.Value, p)
			if !ok {
				return nil, false
			}
			m.Entries = append(m.Entries, cypher.MapEntry{Key: cypher.Ident{Name: e.Key, Pos: p}, Value: item})
		}
		return m, true
	}
	return nil, false
}
