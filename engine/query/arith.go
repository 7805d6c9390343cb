package query

import (
	"errors"
	"fmt"
	"math"

	"github.com/durascope/durascope/engine/cypher"
	"github.com/durascope/durascope/format"
)

var opNames = map[cypher.Operator]string{
	cypher.OpAdd: "addition", cypher.OpSub: "subtraction", cypher.OpMul: "multiplication",
	cypher.OpDiv: "division", cypher.OpMod: "modulo", cypher.OpPow: "exponentiation",
}

// arithmetic is Memgraph's +, -, *, /, % and ^ (typed_value.cpp): null
// propagates; + concatenates lists (a non-list joins as one element) and
// strings; numbers mix as doubles; integer division and modulo truncate
// toward zero and refuse zero.
func arithmetic(op cypher.Operator, a, b Value) (Value, error) {
	if isNull(a) || isNull(b) {
		return format.Null{}, nil
	}
	if op == cypher.OpAdd {
		la, aList := a.(List)
		lb, bList := b.(List)
		switch {
		case aList && bList:
			return append(append(List(nil), la...), lb...), nil
		case aList:
			return append(append(List(nil), la...), b), nil
		case bList:
			return append(List{a}, lb...), nil
		}
		sa, aStr := a.(format.String)
		sb, bStr := b.(format.String)
		if aStr || bStr {
			if !aStr || !bStr {
				return nil, fmt.Errorf("Invalid 'add' operand types: %s + %s", typeName(a), typeName(b))
			}
			return sa + sb, nil
		}
	}
	x, aNum := numeric(a)
	y, bNum := numeric(b)
	if !aNum || !bNum {
		return nil, fmt.Errorf("Invalid %s operand types %s, %s", opNames[op], typeName(a), typeName(b))
	}
	ia, aInt := a.(format.Int)
	ib, bInt := b.(format.Int)
	if op == cypher.OpPow {
		return format.Double(math.Pow(x, y)), nil
	}
	if aInt && bInt {
		return intArithmetic(op, int64(ia), int64(ib))
	}
	switch op {
	case cypher.OpAdd:
		return format.Double(x + y), nil
	case cypher.OpSub:
		return format.Double(x - y), nil
	case cypher.OpMul:
		return format.Double(x * y), nil
	case cypher.OpDiv:
		return format.Double(x / y), nil
	}
	return format.Double(math.Mod(x, y)), nil
}

var errOverflow = errors.New("Integer overflow.")

func intArithmetic(op cypher.Operator, a, b int64) (Value, error) {
	switch op {
	case cypher.OpAdd:
		s := a + b
		if (s > a) != (b > 0) {
			return nil, errOverflow
		}
		return format.Int(s), nil
	case cypher.OpSub:
		d := a - b
		if (d < a) != (b > 0) {
			return nil, errOverflow
		}
		return format.Int(d), nil
	case cypher.OpMul:
		p := a * b
		if a != 0 && (p/a != b || (a == -1 && b == math.MinInt64) || (b == -1 && a == math.MinInt64)) {
			return nil, errOverflow
		}
		return format.Int(p), nil
	case cypher.OpDiv:
		if b == 0 {
			return nil, errors.New("Division by zero")
		}
		if a == math.MinInt64 && b == -1 {
			return nil, errOverflow
		}
		return format.Int(a / b), nil
	}
	if b == 0 {
		return nil, errors.New("Mod with zero")
	}
	if b == -1 {
		return format.Int(0), nil
	}
	return format.Int(a % b), nil
}
