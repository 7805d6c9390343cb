package query

import (
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

var functions = map[string]function{
	"id": {1, 1, func(en *env, a []Value) (Value, error) {
		switch x := a[0].(type) {
		case format.Null:
			return x, nil
		case vertexRef:
			return format.Int(x.v.Gid()), nil
		case edgeRef:
			return format.Int(x.e.Gid()), nil
		}
		return nil, badArg("ID", a[0])
	}},
	"labels": {1, 1, func(en *env, a []Value) (Value, error) {
		switch x := a[0].(type) {
		case format.Null:
			return x, nil
		case vertexRef:
			labels, err := x.v.Labels(en.view)
			if err != nil {
				return nil, err
			}
			out := make(List, len(labels))
			for i, l := range labels {
				out[i] = format.String(l)
			}
			return out, nil
		}
		return nil, badArg("LABELS", a[0])
	}},
	"type": {1, 1, func(en *env, a []Value) (Value, error) {
		switch x := a[0].(type) {
		case format.Null:
			return x, nil
		case edgeRef:
			return format.String(x.e.Type()), nil
		}
		return nil, badArg("TYPE", a[0])
	}},
	"properties": {1, 1, func(en *env, a []Value) (Value, error) {
		switch x := a[0].(type) {
		case format.Null, Map:
			return x, nil
		case vertexRef:
			ps, err := x.v.Properties(en.view)
			if err != nil {
				return nil, err
			}
			return propsMap(ps), nil
		case edgeRef:
			ps, err := x.e.Properties(en.view)
			if err != nil {
				return nil, err
			}
			return propsMap(ps), nil
		}
		return nil, badArg("PROPERTIES", a[0])
	}},
	"keys": {1, 1, func(en *env, a []Value) (Value, error) {
		var ps []storage.Prop
		var err error
		switch x := a[0].(type) {
		case format.Null:
			return x, nil
		case Map:
			out := make(List, len(x))
			for i, e := range x {
				out[i] = format.String(e.Key)
			}
			return out, nil
		case vertexRef:
			ps, err = x.v.Properties(en.view)
		case edgeRef:
			ps, err = x.e.Properties(en.view)
		default:
			return nil, badArg("KEYS", a[0])
		}
		if err != nil {
			return nil, err
		}
		out := make(List, len(ps))
		for i, p := range ps {
			out[i] = format.String(p.Name)
		}
		return out, nil
	}},
	"size": {1, 1, func(en *env, a []Value) (Value, error) {
		switch x := a[0].(type) {
		case format.Null:
			return x, nil
		case List:
			return format.Int(len(x)), nil
		case format.String:
			return format.Int(len(x)), nil
		case Map:
			return format.Int(len(x)), nil
		case pathRef:
			return format.Int(len(x.edges)), nil
		}
		return nil, badArg("SIZE", a[0])
	}},
	"length": {1, 1, func(en *env, a []Value) (Value, error) {
		switch x := a[0].(type) {
		case format.Null:
			return x, nil
		case List:
			return format.Int(len(x)), nil
		case format.String:
			return format.Int(len(x)), nil
		case pathRef:
			return format.Int(len(x.edges)), nil
		}
		return nil, badArg("LENGTH", a[0])
	}},
	"tointeger": {1, 1, toInteger},
	"toint":     {1, 1, toInteger},
	"tofloat": {1, 1, func(en *env, a []Value) (Value, error) {
		switch x := a[0].(type) {
		case format.Null, format.Double:
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
		return nil, badArg("TOFLOAT", a[0])
	}},
	"tostring": {1, 1, func(en *env, a []Value) (Value, error) {
		switch x := a[0].(type) {
		case format.Null, format.String:
			return x, nil
		case format.Int:
			return format.String(strconv.FormatInt(int64(x), 10)), nil
		case format.Double:
			return format.String(strconv.FormatFloat(float64(x), 'f', -1, 64)), nil
		case format.Bool:
			return format.String(strconv.FormatBool(bool(x))), nil
		}
		return nil, badArg("TOSTRING", a[0])
	}},
	"toboolean": {1, 1, func(en *env, a []Value) (Value, error) {
		switch x := a[0].(type) {
		case format.Null, format.Bool:
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
		return nil, badArg("TOBOOLEAN", a[0])
	}},
	"coalesce": {1, -1, func(en *env, a []Value) (Value, error) {
		for _, v := range a {
			if !isNull(v) {
				return v, nil
			}
		}
		return format.Null{}, nil
	}},
	"head": {1, 1, func(en *env, a []Value) (Value, error) {
		switch x := a[0].(type) {
		case format.Null:
			return x, nil
		case List:
			if len(x) == 0 {
				return format.Null{}, nil
			}
			return x[0], nil
		}
		return nil, badArg("HEAD", a[0])
	}},
	"last": {1, 1, func(en *env, a []Value) (Value, error) {
		switch x := a[0].(type) {
		case format.Null:
			return x, nil
		case List:
			if len(x) == 0 {
				return format.Null{}, nil
			}
			return x[len(x)-1], nil
		}
		return nil, badArg("LAST", a[0])
	}},
	"tail": {1, 1, func(en *env, a []Value) (Value, error) {
		switch x := a[0].(type) {
		case format.Null:
			return x, nil
		case List:
			if len(x) == 0 {
				return List{}, nil
			}
			return append(List(nil), x[1:]...), nil
		}
		return nil, badArg("TAIL", a[0])
	}},
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
	"abs": {1, 1, func(en *env, a []Value) (Value, error) {
		switch x := a[0].(type) {
		case format.Null:
			return x, nil
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
		return nil, badArg("ABS", a[0])
	}},
	"toupper": {1, 1, stringFunc("TOUPPER", strings.ToUpper)},
	"tolower": {1, 1, stringFunc("TOLOWER", strings.ToLower)},
	"trim":    {1, 1, stringFunc("TRIM", strings.TrimSpace)},
	"startnode": {1, 1, func(en *env, a []Value) (Value, error) {
		switch x := a[0].(type) {
		case format.Null:
			return x, nil
		case edgeRef:
			return vertexRef{x.e.From()}, nil
		}
		return nil, badArg("STARTNODE", a[0])
	}},
	"endnode": {1, 1, func(en *env, a []Value) (Value, error) {
		switch x := a[0].(type) {
		case format.Null:
			return x, nil
		case edgeRef:
			return vertexRef{x.e.To()}, nil
		}
		return nil, badArg("ENDNODE", a[0])
	}},
	"nodes": {1, 1, func(en *env, a []Value) (Value, error) {
		switch x := a[0].(type) {
		case format.Null:
			return x, nil
		case pathRef:
			out := make(List, len(x.vertices))
			for i, v := range x.vertices {
				out[i] = vertexRef{v}
			}
			return out, nil
		}
		return nil, badArg("NODES", a[0])
	}},
	"relationships": {1, 1, func(en *env, a []Value) (Value, error) {
		switch x := a[0].(type) {
		case format.Null:
			return x, nil
		case pathRef:
			out := make(List, len(x.edges))
			for i, e := range x.edges {
				out[i] = edgeRef{e}
			}
			return out, nil
		}
		return nil, badArg("RELATIONSHIPS", a[0])
	}},
}

func toInteger(en *env, a []Value) (Value, error) {
	switch x := a[0].(type) {
	case format.Null, format.Int:
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
		return toInteger(en, []Value{format.Double(f)})
	}
	return nil, badArg("TOINTEGER", a[0])
}

func stringFunc(name string, f func(string) string) func(*env, []Value) (Value, error) {
	return func(en *env, a []Value) (Value, error) {
		switch x := a[0].(type) {
		case format.Null:
			return x, nil
		case format.String:
			return format.String(f(string(x))), nil
		}
		return nil, badArg(name, a[0])
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
