package cypher

import (
	"math"
	"strings"

	"github.com/durascope/durascope/format"
)

// EnumResolver finds the stored value of the enum Type::Value; ok is false
// when the registry has no such type or value.
type EnumResolver func(typeName, valueName string) (value format.Enum, ok bool)

// EvalLiteral evaluates a constant expression into a property value:
// literals, lists, maps (entries in source order), unary minus and plus on
// numbers, enum values (through enums; nil means none can be resolved) and
// the constructor calls point({...}), date(s), localtime(s),
// localdatetime(s), datetime(s) and duration(s) with a string argument,
// function names in any case, as DUMP DATABASE writes them. A null argument
// gives null, as in Memgraph. Anything else (a variable, a parameter, an
// operator other than unary minus and plus, another function) is a
// *ValueError at that sub-expression.
func EvalLiteral(e Expr, enums EnumResolver) (format.Value, error) {
	return eval(e, enums, 0)
}

// eval evaluates e inside depth lists and maps of the value.
func eval(e Expr, enums EnumResolver, depth int) (format.Value, error) {
	switch e.(type) {
	case *ListLit, *MapLit:
		if format.NestsTooDeep(depth) {
			return nil, valueErrorf(e.ExprPos(), "value nests deeper than %d lists and maps", format.MaxValueDepth)
		}
	}
	switch x := e.(type) {
	case *IntLit:
		return format.Int(x.Value), nil
	case *FloatLit:
		return format.Double(x.Value), nil
	case *StringLit:
		return format.String(x.Value), nil
	case *BoolLit:
		return format.Bool(x.Value), nil
	case *NullLit:
		return format.Null{}, nil
	case *ListLit:
		out := make(format.List, len(x.Items))
		for i, item := range x.Items {
			v, err := eval(item, enums, depth+1)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	case *MapLit:
		out := make(format.Map, len(x.Entries))
		for i, entry := range x.Entries {
			v, err := eval(entry.Value, enums, depth+1)
			if err != nil {
				return nil, err
			}
			out[i] = format.MapEntry{Key: entry.Key.Name, Value: v}
		}
		return out, nil
	case *Unary:
		return evalUnary(x, enums, depth)
	case *EnumRef:
		if enums == nil {
			return nil, valueErrorf(x.Pos, "enum value %s::%s cannot be resolved: no enum registry", x.Type, x.Value)
		}
		v, ok := enums(x.Type, x.Value)
		if !ok {
			return nil, valueErrorf(x.Pos, "unknown enum value %s::%s", x.Type, x.Value)
		}
		return v, nil
	case *Call:
		return evalCall(x, enums, depth)
	}
	return nil, valueErrorf(e.ExprPos(), "%s is not a constant value", exprKind(e))
}

func evalUnary(u *Unary, enums EnumResolver, depth int) (format.Value, error) {
	if u.Op != OpNeg && u.Op != OpPlus {
		return nil, valueErrorf(u.Pos, "%s is not a constant value", exprKind(u))
	}
	v, err := eval(u.Operand, enums, depth)
	if err != nil {
		return nil, err
	}
	switch x := v.(type) {
	case format.Null:
		return x, nil
	case format.Int:
		if u.Op == OpPlus {
			return x, nil
		}
		if x == math.MinInt64 {
			return nil, valueErrorf(u.Pos, "integer overflow negating %d", int64(x))
		}
		return -x, nil
	case format.Double:
		if u.Op == OpPlus {
			return x, nil
		}
		return -x, nil
	}
	return nil, valueErrorf(u.Pos, "unary %s needs a number, not a %s", strings.TrimPrefix(string(u.Op), "unary "), format.ValueTypeName(v))
}

func evalCall(c *Call, enums EnumResolver, depth int) (format.Value, error) {
	name := strings.ToLower(c.Name)
	switch name {
	case "point", "date", "localtime", "localdatetime", "datetime", "duration":
	default:
		return nil, valueErrorf(c.Pos, "function %s is not a constant constructor (only point, date, localtime, localdatetime, datetime and duration are)", c.Name)
	}
	if c.Distinct {
		return nil, valueErrorf(c.Pos, "DISTINCT is not allowed in %s()", c.Name)
	}
	if len(c.Args) != 1 {
		return nil, valueErrorf(c.Pos, "%s() takes exactly one argument here, got %d", c.Name, len(c.Args))
	}
	arg, err := eval(c.Args[0], enums, 0) // its own value, not part of the result's nesting
	if err != nil {
		return nil, err
	}
	if _, ok := arg.(format.Null); ok {
		return arg, nil
	}
	argPos := c.Args[0].ExprPos()
	if name == "point" {
		m, ok := arg.(format.Map)
		if !ok {
			return nil, valueErrorf(argPos, "point() needs a map, not a %s", format.ValueTypeName(arg))
		}
		return pointFromMap(m, argPos)
	}
	s, ok := arg.(format.String)
	if !ok {
		return nil, valueErrorf(argPos, "%s() is supported with a string argument only, not a %s", c.Name, format.ValueTypeName(arg))
	}
	var v format.Value
	switch name {
	case "date":
		v, err = parseDate(string(s))
	case "localtime":
		v, err = parseLocalTime(string(s))
	case "localdatetime":
		v, err = parseLocalDateTime(string(s))
	case "datetime":
		v, err = parseZonedDateTime(string(s))
	case "duration":
		v, err = parseDuration(string(s))
	}
	if err != nil {
		return nil, valueErrorf(argPos, "%s(%q): %v", c.Name, string(s), err)
	}
	return v, nil
}

// exprKind names an expression's form for messages.
func exprKind(e Expr) string {
	switch x := e.(type) {
	case *Param:
		return "parameter $" + x.Name
	case *Variable:
		return "variable " + x.Name
	case *Property:
		return "property lookup ." + x.Key.Name
	case *HasLabels:
		return "label test"
	case *Unary:
		return "operator " + string(x.Op)
	case *Binary:
		return "operator " + string(x.Op)
	case *IsNull:
		return "IS NULL test"
	case *Index:
		return "indexing"
	case *Slice:
		return "slicing"
	case *CountAll:
		return "count(*)"
	case *Case:
		return "CASE expression"
	case *Call:
		return "function call " + x.Name
	}
	return "expression"
}
