package cypher

import (
	"math"
	"strconv"
	"strings"
)

// Expressions follow Cypher.g4's precedence levels, loosest first:
//
//	expression12  OR
//	expression11  XOR
//	expression10  AND
//	expression9   NOT (prefix, repeated)
//	expression8   = <> != < > <= >= (chained)
//	expression7   + -
//	expression6   * / %
//	expression5   ^
//	expression4   unary + - (prefix, repeated)
//	expression3a  =~, IN, STARTS WITH, ENDS WITH, CONTAINS, IS [NOT] NULL
//	expression3b  [index], [from..to]
//	expression2a  label test n:L
//	expression2b  property lookup .key
//	atom
//
// The Pos of an operator expression is its operator's; of a property
// lookup, its subject's start.

// maxNesting bounds how deeply expressions and patterns nest, so that
// hostile input gets an error instead of exhausting the stack.
const maxNesting = 500

func (p *parser) expr() (Expr, error) {
	if p.depth++; p.depth > maxNesting {
		return nil, syntaxErrorf(p.peek().pos, "expression nests more than %d levels deep", maxNesting)
	}
	defer func() { p.depth-- }()
	return p.or()
}

func (p *parser) binaryLevel(kw Operator, next func() (Expr, error)) (Expr, error) {
	left, err := next()
	if err != nil {
		return nil, err
	}
	for p.isWord(0, string(kw)) {
		op := p.next()
		right, err := next()
		if err != nil {
			return nil, err
		}
		left = &Binary{Pos: op.pos, Op: kw, Left: left, Right: right}
	}
	return left, nil
}

func (p *parser) or() (Expr, error)  { return p.binaryLevel(OpOr, p.xor) }
func (p *parser) xor() (Expr, error) { return p.binaryLevel(OpXor, p.and) }
func (p *parser) and() (Expr, error) { return p.binaryLevel(OpAnd, p.not) }

func (p *parser) not() (Expr, error) {
	var ops []token
	for p.isWord(0, "NOT") {
		ops = append(ops, p.next())
	}
	e, err := p.comparison()
	if err != nil {
		return nil, err
	}
	for i := len(ops) - 1; i >= 0; i-- {
		e = &Unary{Pos: ops[i].pos, Op: OpNot, Operand: e}
	}
	return e, nil
}

var comparisonOps = map[string]Operator{
	"=": OpEqual, "<>": OpNotEqual, "!=": OpNotEqual,
	"<": OpLess, "<=": OpLessEq, ">": OpGreater, ">=": OpGreaterEq,
}

// comparison reads expression7 (cmp expression7)*; a chain becomes the
// conjunction of its adjacent pairs, as Memgraph builds it.
func (p *parser) comparison() (Expr, error) {
	left, err := p.additive()
	if err != nil {
		return nil, err
	}
	var result Expr
	for {
		t := p.peek()
		op, ok := comparisonOps[t.val]
		if t.kind != tokPunct || t.patternOnly || !ok {
			break
		}
		p.next()
		right, err := p.additive()
		if err != nil {
			return nil, err
		}
		cmp := &Binary{Pos: t.pos, Op: op, Left: left, Right: right}
		if result == nil {
			result = cmp
		} else {
			result = &Binary{Pos: t.pos, Op: OpAnd, Left: result, Right: cmp}
		}
		left = right
	}
	if result == nil {
		return left, nil
	}
	return result, nil
}

func (p *parser) punctLevel(ops map[string]Operator, next func() (Expr, error)) (Expr, error) {
	left, err := next()
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		op, ok := ops[t.val]
		if t.kind != tokPunct || t.patternOnly || !ok {
			return left, nil
		}
		p.next()
		right, err := next()
		if err != nil {
			return nil, err
		}
		left = &Binary{Pos: t.pos, Op: op, Left: left, Right: right}
	}
}

var (
	additiveOps       = map[string]Operator{"+": OpAdd, "-": OpSub}
	multiplicativeOps = map[string]Operator{"*": OpMul, "/": OpDiv, "%": OpMod}
	powerOps          = map[string]Operator{"^": OpPow}
)

func (p *parser) additive() (Expr, error)       { return p.punctLevel(additiveOps, p.multiplicative) }
func (p *parser) multiplicative() (Expr, error) { return p.punctLevel(multiplicativeOps, p.power) }
func (p *parser) power() (Expr, error)          { return p.punctLevel(powerOps, p.unary) }

// unary reads ('+' | '-')* expression3a. As in Memgraph, a '-' is an
// operator, not part of a literal: -9223372036854775808 is out of range.
func (p *parser) unary() (Expr, error) {
	var ops []token
	for p.isPunct(0, "+") || p.isPunct(0, "-") {
		ops = append(ops, p.next())
	}
	operand, err := p.stringAndNull()
	if err != nil {
		return nil, err
	}
	for i := len(ops) - 1; i >= 0; i-- {
		op := OpNeg
		if ops[i].val == "+" {
			op = OpPlus
		}
		operand = &Unary{Pos: ops[i].pos, Op: op, Operand: operand}
	}
	return operand, nil
}

// stringAndNull reads expression3b followed by any of =~, IN, STARTS WITH,
// ENDS WITH, CONTAINS (each with an expression3b) and IS [NOT] NULL.
func (p *parser) stringAndNull() (Expr, error) {
	left, err := p.indexing()
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		var op Operator
		switch {
		case p.isPunct(0, "=~"):
			op = OpRegex
			p.next()
		case p.isWord(0, "IN"):
			op = OpIn
			p.next()
		case p.isWords("STARTS", "WITH"):
			op = OpStartsWith
			p.i += 2
		case p.isWords("ENDS", "WITH"):
			op = OpEndsWith
			p.i += 2
		case p.isWord(0, "CONTAINS"):
			op = OpContains
			p.next()
		case p.isWords("IS", "NULL"):
			p.i += 2
			left = &IsNull{Pos: t.pos, Operand: left}
			continue
		case p.isWords("IS", "NOT", "NULL"):
			p.i += 3
			left = &IsNull{Pos: t.pos, Operand: left, Negated: true}
			continue
		default:
			return left, nil
		}
		right, err := p.indexing()
		if err != nil {
			return nil, err
		}
		left = &Binary{Pos: t.pos, Op: op, Left: left, Right: right}
	}
}

// indexing reads expression2a ('[' expr ']' | '[' expr? '..' expr? ']')*.
func (p *parser) indexing() (Expr, error) {
	e, err := p.labelTest()
	if err != nil {
		return nil, err
	}
	for p.isPunct(0, "[") {
		open := p.next()
		var from Expr
		if !p.isPunct(0, "..") {
			if from, err = p.expr(); err != nil {
				return nil, err
			}
		}
		if p.acceptPunct("..") {
			var to Expr
			if !p.isPunct(0, "]") {
				if to, err = p.expr(); err != nil {
					return nil, err
				}
			}
			e = &Slice{Pos: open.pos, Subject: e, From: from, To: to}
		} else {
			e = &Index{Pos: open.pos, Subject: e, Index: from}
		}
		if _, err := p.expectPunct("]"); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// labelTest reads expression2b [nodeLabels].
func (p *parser) labelTest() (Expr, error) {
	e, err := p.postfix()
	if err != nil {
		return nil, err
	}
	if p.isPunct(0, ":") && p.isName(1) {
		colon := p.peek()
		labels, err := p.nodeLabels()
		if err != nil {
			return nil, err
		}
		return &HasLabels{Pos: colon.pos, Subject: e, Labels: labels}, nil
	}
	return e, nil
}

// postfix reads atom ('.' propertyKeyName)*.
func (p *parser) postfix() (Expr, error) {
	e, err := p.atom()
	if err != nil {
		return nil, err
	}
	for p.isPunct(0, ".") {
		p.next()
		key, err := p.name("a property name after '.'")
		if err != nil {
			return nil, err
		}
		e = &Property{Pos: e.ExprPos(), Subject: e, Key: key}
	}
	return e, nil
}

// notSupportedAtoms are Cypher.g4 atoms written like calls that this parser
// does not take apart.
var notSupportedAtoms = map[string]string{
	"FILTER": "FILTER(...)", "EXTRACT": "EXTRACT(...)", "REDUCE": "REDUCE(...)",
	"ALL": "ALL(...)", "ANY": "ANY(...)", "NONE": "NONE(...)", "SINGLE": "SINGLE(...)",
	"EXISTS": "EXISTS(...)",
}

func (p *parser) atom() (Expr, error) {
	t := p.peek()
	switch t.kind {
	case tokInt:
		p.next()
		v, err := strconv.ParseUint(t.val, 0, 64)
		if err != nil || v > math.MaxInt64 {
			return nil, syntaxErrorf(t.pos, "integer literal %s exceeds 64 bits", t.val)
		}
		return &IntLit{Pos: t.pos, Value: int64(v)}, nil
	case tokFloat:
		p.next()
		v, err := strconv.ParseFloat(t.val, 64)
		if err != nil && math.IsInf(v, 0) {
			return nil, syntaxErrorf(t.pos, "floating-point literal %s is out of range", t.val)
		}
		return &FloatLit{Pos: t.pos, Value: v}, nil
	case tokString:
		p.next()
		return &StringLit{Pos: t.pos, Value: t.val}, nil
	case tokPunct:
		switch {
		case p.isPunct(0, "["):
			return p.listLit()
		case p.isPunct(0, "{"):
			return p.mapLit(false)
		case p.isPunct(0, "$"):
			return p.param()
		case p.isPunct(0, "("):
			p.next()
			e, err := p.expr()
			if err != nil {
				return nil, err
			}
			if _, err := p.expectPunct(")"); err != nil {
				return nil, err
			}
			return e, nil
		}
	case tokWord, tokQuoted:
		if p.isPunct(1, "::") {
			p.i += 2
			v, err := p.name("an enum value after '::'")
			if err != nil {
				return nil, err
			}
			return &EnumRef{Pos: t.pos, Type: t.val, Value: v.Name}, nil
		}
		if t.kind == tokWord {
			switch kw := strings.ToUpper(t.val); kw {
			case "TRUE", "FALSE":
				p.next()
				return &BoolLit{Pos: t.pos, Value: kw == "TRUE"}, nil
			case "NULL":
				p.next()
				return &NullLit{Pos: t.pos}, nil
			case "CASE":
				return p.caseExpr()
			case "COUNT":
				if p.isPunct(1, "(") && p.isPunct(2, "*") && p.isPunct(3, ")") {
					p.i += 4
					return &CountAll{Pos: t.pos}, nil
				}
			default:
				if what, ok := notSupportedAtoms[kw]; ok && p.isPunct(1, "(") {
					return nil, unsupported(t, what)
				}
			}
		}
		if k := p.callNameLength(); k > 0 {
			return p.call(k)
		}
		p.next()
		return &Variable{Pos: t.pos, Name: t.val}, nil
	}
	return nil, p.errExpected("an expression")
}

// callNameLength is the number of tokens of a function name
// (name ('.' name)*) directly followed by '(', or 0.
func (p *parser) callNameLength() int {
	k := 1
	for p.isPunct(k, ".") && p.isName(k+1) {
		k += 2
	}
	if p.isPunct(k, "(") {
		return k
	}
	return 0
}

// call reads functionName '(' [DISTINCT] [expr (',' expr)*] ')'.
func (p *parser) call(nameTokens int) (*Call, error) {
	start := p.peek()
	var parts []string
	for k := 0; k < nameTokens; k += 2 {
		parts = append(parts, p.peekAt(k).val)
	}
	p.i += nameTokens + 1 // the name and '('
	c := &Call{Pos: start.pos, Name: strings.Join(parts, ".")}
	c.Distinct = p.acceptWord("DISTINCT")
	if !p.acceptPunct(")") {
		var err error
		if c.Args, err = p.exprsUntil(")"); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func (p *parser) param() (*Param, error) {
	dollar := p.next()
	t := p.peek()
	decimal := t.kind == tokInt && (t.val == "0" || t.val[0] != '0')
	if decimal || t.kind == tokWord || t.kind == tokQuoted {
		p.next()
		return &Param{Pos: dollar.pos, Name: t.val}, nil
	}
	return nil, p.errExpected("a parameter name after '$'")
}

// listLit reads '[' [expr (',' expr)*] ']'.
func (p *parser) listLit() (*ListLit, error) {
	open := p.next()
	if p.isName(0) && p.isWord(1, "IN") {
		return nil, unsupported(open, "a list comprehension")
	}
	l := &ListLit{Pos: open.pos}
	if p.acceptPunct("]") {
		return l, nil
	}
	var err error
	if l.Items, err = p.exprsUntil("]"); err != nil {
		return nil, err
	}
	return l, nil
}

// exprsUntil reads expr (',' expr)* close.
func (p *parser) exprsUntil(close string) ([]Expr, error) {
	items, err := separated(p, ",", p.expr)
	if err != nil {
		return nil, err
	}
	if _, err := p.expectPunct(close); err != nil {
		return nil, err
	}
	return items, nil
}

// mapLit reads '{' [key ':' expr (',' key ':' expr)*] '}'. Keys are names;
// in a configuration map (WITH CONFIG) they may also be string literals, as
// in configMap. A key given twice is an error, as in Memgraph.
func (p *parser) mapLit(config bool) (*MapLit, error) {
	open := p.next()
	m := &MapLit{Pos: open.pos}
	if p.acceptPunct("}") {
		return m, nil
	}
	seen := map[string]bool{}
	entry := func() (MapEntry, error) {
		var key Ident
		if t := p.peek(); config && t.kind == tokString {
			p.next()
			key = Ident{Name: t.val, Pos: t.pos}
		} else {
			var err error
			if key, err = p.name("a map key"); err != nil {
				return MapEntry{}, err
			}
		}
		if seen[key.Name] {
			return MapEntry{}, syntaxErrorf(key.Pos, "the key %q appears twice in a map literal", key.Name)
		}
		seen[key.Name] = true
		if _, err := p.expectPunct(":"); err != nil {
			return MapEntry{}, err
		}
		v, err := p.expr()
		if err != nil {
			return MapEntry{}, err
		}
		return MapEntry{Key: key, Value: v}, nil
	}
	var err error
	if m.Entries, err = separated(p, ",", entry); err != nil {
		return nil, err
	}
	if _, err := p.expectPunct("}"); err != nil {
		return nil, err
	}
	return m, nil
}

// caseExpr reads CASE [test] (WHEN e THEN e)+ [ELSE e] END.
func (p *parser) caseExpr() (*Case, error) {
	t := p.next() // CASE
	c := &Case{Pos: t.pos}
	var err error
	if !p.isWord(0, "WHEN") {
		if c.Test, err = p.expr(); err != nil {
			return nil, err
		}
	}
	for p.acceptWord("WHEN") {
		var w CaseWhen
		if w.When, err = p.expr(); err != nil {
			return nil, err
		}
		if err := p.expectWord("THEN"); err != nil {
			return nil, err
		}
		if w.Then, err = p.expr(); err != nil {
			return nil, err
		}
		c.Whens = append(c.Whens, w)
	}
	if len(c.Whens) == 0 {
		return nil, p.errExpected("WHEN")
	}
	if p.acceptWord("ELSE") {
		if c.Else, err = p.expr(); err != nil {
			return nil, err
		}
	}
	if err := p.expectWord("END"); err != nil {
		return nil, err
	}
	return c, nil
}
