package query

import (
	"cmp"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/durascope/durascope/format"
)

// Comparison semantics follow Memgraph's TypedValue (src/query/typed_value.cpp):
// '=' is null when either side is null, false across unrelated types,
// numeric across int and double; lists and maps are equal when their
// elements are "bool-equal" (null equals null there), so a list comparison
// is never null. '<' and friends accept null, numbers, strings and
// temporal values of one kind and refuse everything else.

func numeric(v Value) (float64, bool) {
	switch x := v.(type) {
	case format.Int:
		return float64(x), true
	case format.Double:
		return float64(x), true
	}
	return 0, false
}

// equal is Memgraph's operator==: format.Bool or format.Null.
func equal(a, b Value) Value {
	if isNull(a) || isNull(b) {
		return format.Null{}
	}
	return format.Bool(sameValue(a, b))
}

// boolEqual is TypedValue::BoolEqual: null equals null, otherwise '='
// taken as a boolean.
func boolEqual(a, b Value) bool {
	an, bn := isNull(a), isNull(b)
	if an || bn {
		return an && bn
	}
	return sameValue(a, b)
}

// sameValue compares two non-null values.
func sameValue(a, b Value) bool {
	switch x := a.(type) {
	case format.Int:
		switch y := b.(type) {
		case format.Int:
			return x == y
		case format.Double:
			return float64(x) == float64(y)
		}
		return false
	case format.Double:
		if y, ok := numeric(b); ok {
			return float64(x) == y
		}
		return false
	case List:
		y, ok := b.(List)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !boolEqual(x[i], y[i]) {
				return false
			}
		}
		return true
	case Map:
		y, ok := b.(Map)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if x[i].Key != y[i].Key || !boolEqual(x[i].Value, y[i].Value) {
				return false
			}
		}
		return true
	case vertexRef:
		y, ok := b.(vertexRef)
		return ok && x.v.Gid() == y.v.Gid()
	case edgeRef:
		y, ok := b.(edgeRef)
		return ok && x.e.Gid() == y.e.Gid()
	case pathRef:
		y, ok := b.(pathRef)
		if !ok || len(x.vertices) != len(y.vertices) || len(x.edges) != len(y.edges) {
			return false
		}
		for i := range x.vertices {
			if x.vertices[i].Gid() != y.vertices[i].Gid() {
				return false
			}
		}
		for i := range x.edges {
			if x.edges[i].Gid() != y.edges[i].Gid() {
				return false
			}
		}
		return true
	case format.ZonedTemporal:
		y, ok := b.(format.ZonedTemporal)
		return ok && x.Micros == y.Micros
	case format.Bool, format.String, format.Temporal, format.Enum, format.Point2D, format.Point3D:
		return a == b // comparable scalars and structs of one type
	}
	return false
}

// less is Memgraph's operator<: format.Bool or format.Null, or an error
// for operands it does not order.
func less(a, b Value) (Value, error) {
	legal := func(v Value) bool {
		switch x := v.(type) {
		case nil, format.Null, format.Int, format.Double, format.String, format.ZonedTemporal:
			return true
		case format.Temporal:
			return x.Type <= format.TemporalDuration
		}
		return false
	}
	bad := fmt.Errorf("Invalid 'less' operand types(%s + %s)", typeName(a), typeName(b))
	if !legal(a) || !legal(b) {
		return nil, bad
	}
	if isNull(a) || isNull(b) {
		return format.Null{}, nil
	}
	c, err := orderCompare(a, b)
	if err != nil {
		return nil, bad
	}
	return format.Bool(c < 0), nil
}

// compareOp evaluates <, <=, > and >= as Memgraph's TypedValue does:
// a <= b is a < b || a = b, a > b is NOT (a <= b), a >= b is NOT (a < b).
func compareOp(op string, a, b Value) (Value, error) {
	switch op {
	case "<":
		return less(a, b)
	case ">=":
		r, err := less(a, b)
		return not(r), err
	}
	r, err := less(a, b)
	if err != nil {
		return nil, err
	}
	r = or3(r, equal(a, b))
	if op == ">" {
		r = not(r)
	}
	return r, nil
}

// or3 is three-valued OR of two format.Bool or format.Null values.
func or3(a, b Value) Value {
	if a == format.Bool(true) || b == format.Bool(true) {
		return format.Bool(true)
	}
	if isNull(a) || isNull(b) {
		return format.Null{}
	}
	return format.Bool(false)
}

func not(v Value) Value {
	if b, ok := v.(format.Bool); ok {
		return !b
	}
	return v
}

// orderCompare orders two non-null values of one kind (numbers count as
// one kind), as TypedValueCompare in ORDER BY does.
func orderCompare(a, b Value) (int, error) {
	if x, ok := numeric(a); ok {
		y, ok := numeric(b)
		if !ok {
			return 0, mismatch(a, b)
		}
		ia, aInt := a.(format.Int)
		ib, bInt := b.(format.Int)
		if aInt && bInt {
			return cmp.Compare(ia, ib), nil
		}
		return cmp.Compare(x, y), nil
	}
	switch x := a.(type) {
	case format.Bool:
		y, ok := b.(format.Bool)
		if !ok {
			return 0, mismatch(a, b)
		}
		return cmp.Compare(boolInt(bool(x)), boolInt(bool(y))), nil
	case format.String:
		y, ok := b.(format.String)
		if !ok {
			return 0, mismatch(a, b)
		}
		return strings.Compare(string(x), string(y)), nil
	case format.Temporal:
		y, ok := b.(format.Temporal)
		if !ok || x.Type != y.Type {
			return 0, mismatch(a, b)
		}
		return cmp.Compare(x.Micros, y.Micros), nil
	case format.ZonedTemporal:
		y, ok := b.(format.ZonedTemporal)
		if !ok {
			return 0, mismatch(a, b)
		}
		return cmp.Compare(x.Micros, y.Micros), nil
	}
	if typeName(a) != typeName(b) {
		return 0, mismatch(a, b)
	}
	return 0, fmt.Errorf("Comparison is not defined for values of type %s.", typeName(a))
}

func mismatch(a, b Value) error {
	return fmt.Errorf("Can't compare value of type %s to value of type %s.", typeName(a), typeName(b))
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// sortCompare orders values for ORDER BY: null after everything else.
func sortCompare(a, b Value) (int, error) {
	an, bn := isNull(a), isNull(b)
	switch {
	case an && bn:
		return 0, nil
	case an:
		return 1, nil
	case bn:
		return -1, nil
	}
	return orderCompare(a, b)
}

// hashKey is a key equal for bool-equal values (DISTINCT and grouping):
// an int and a double of the same value share one, as in TypedValue::Hash.
func hashKey(v Value) string {
	var b strings.Builder
	appendKey(&b, v)
	return b.String()
}

func appendKey(b *strings.Builder, v Value) {
	switch x := v.(type) {
	case nil, format.Null:
		b.WriteString("N;")
	case format.Bool:
		b.WriteString("b" + strconv.FormatBool(bool(x)) + ";")
	case format.Int:
		if f := float64(x); f >= -(1<<63) && f < 1<<63 && int64(f) == int64(x) {
			appendFloatKey(b, f)
			return
		}
		b.WriteString("i" + strconv.FormatInt(int64(x), 10) + ";")
	case format.Double:
		appendFloatKey(b, float64(x))
	case format.String:
		b.WriteString("s" + strconv.Itoa(len(x)) + ":" + string(x))
	case List:
		b.WriteString("[" + strconv.Itoa(len(x)) + ":")
		for _, e := range x {
			appendKey(b, e)
		}
	case Map:
		b.WriteString("{" + strconv.Itoa(len(x)) + ":")
		for _, e := range x {
			b.WriteString(strconv.Itoa(len(e.Key)) + ":" + e.Key)
			appendKey(b, e.Value)
		}
	case vertexRef:
		b.WriteString("v" + strconv.FormatUint(x.v.Gid(), 10) + ";")
	case edgeRef:
		b.WriteString("e" + strconv.FormatUint(x.e.Gid(), 10) + ";")
	case pathRef:
		b.WriteString("p" + strconv.Itoa(len(x.vertices)) + ":")
		for _, vx := range x.vertices {
			b.WriteString(strconv.FormatUint(vx.Gid(), 10) + ",")
		}
		for _, e := range x.edges {
			b.WriteString(strconv.FormatUint(e.Gid(), 10) + ",")
		}
	case format.ZonedTemporal:
		b.WriteString("z" + strconv.FormatInt(x.Micros, 10) + ";")
	default:
		fmt.Fprintf(b, "%T%v;", v, v)
	}
}

func appendFloatKey(b *strings.Builder, f float64) {
	if f == 0 {
		f = 0 // -0 equals 0
	}
	if math.IsNaN(f) {
		b.WriteString("nan;")
		return
	}
	b.WriteString("d" + strconv.FormatUint(math.Float64bits(f), 16) + ";")
}
