package cypher

// query reads clause (clause)*, following Cypher.g4's singleQuery.
func (p *parser) query() (*Query, error) {
	q := &Query{}
	for !p.atEnd() {
		c, err := p.clause()
		if err != nil {
			return nil, err
		}
		q.Clauses = append(q.Clauses, c)
	}
	if len(q.Clauses) == 0 {
		return nil, p.errExpected("a clause")
	}
	return q, nil
}

func (p *parser) clause() (Clause, error) {
	t := p.peek()
	switch p.keywordUpper(0) {
	case "OPTIONAL":
		p.next()
		if !p.isWord(0, "MATCH") {
			return nil, p.errExpected("MATCH after OPTIONAL")
		}
		m, err := p.match()
		if err != nil {
			return nil, err
		}
		m.Pos, m.Optional = t.pos, true
		return m, nil
	case "MATCH":
		return clauseOf(p.match())
	case "CREATE":
		p.next()
		pats, err := p.patterns()
		if err != nil {
			return nil, err
		}
		return &Create{Pos: t.pos, Patterns: pats}, nil
	case "MERGE":
		return clauseOf(p.merge())
	case "SET":
		p.next()
		items, err := p.setItems()
		if err != nil {
			return nil, err
		}
		return &Set{Pos: t.pos, Items: items}, nil
	case "REMOVE":
		return clauseOf(p.remove())
	case "DETACH", "DELETE":
		return clauseOf(p.delete())
	case "RETURN":
		p.next()
		proj, err := p.projection()
		if err != nil {
			return nil, err
		}
		return &Return{Pos: t.pos, Projection: proj}, nil
	case "WITH":
		p.next()
		proj, err := p.projection()
		if err != nil {
			return nil, err
		}
		w := &With{Pos: t.pos, Projection: proj}
		if p.acceptWord("WHERE") {
			if w.Where, err = p.expr(); err != nil {
				return nil, err
			}
		}
		return w, nil
	case "UNWIND":
		p.next()
		list, err := p.expr()
		if err != nil {
			return nil, err
		}
		if err := p.expectWord("AS"); err != nil {
			return nil, err
		}
		as, err := p.name("a variable name")
		if err != nil {
			return nil, err
		}
		return &Unwind{Pos: t.pos, List: list, As: as}, nil
	case "CALL":
		return nil, unsupported(t, "CALL")
	case "LOAD":
		return nil, unsupported(t, "LOAD")
	case "FOREACH":
		return nil, unsupported(t, "FOREACH")
	case "UNION":
		return nil, unsupported(t, "UNION")
	case "USING":
		return nil, unsupported(t, "USING (query directives)")
	case "EXPLAIN", "PROFILE":
		return nil, unsupported(t, p.keywordUpper(0))
	}
	return nil, p.errExpected("a clause (MATCH, CREATE, MERGE, SET, REMOVE, DELETE, RETURN, WITH, UNWIND)")
}

// clauseOf keeps a failed clause parse from becoming a non-nil Clause
// holding a nil pointer.
func clauseOf[C Clause](c C, err error) (Clause, error) {
	if err != nil {
		return nil, err
	}
	return c, nil
}

func (p *parser) match() (*Match, error) {
	t := p.next() // MATCH
	pats, err := p.patterns()
	if err != nil {
		return nil, err
	}
	m := &Match{Pos: t.pos, Patterns: pats}
	if p.acceptWord("WHERE") {
		if m.Where, err = p.expr(); err != nil {
			return nil, err
		}
	}
	return m, nil
}

func (p *parser) merge() (*Merge, error) {
	t := p.next() // MERGE
	pat, err := p.pattern()
	if err != nil {
		return nil, err
	}
	m := &Merge{Pos: t.pos, Pattern: pat}
	for p.isWord(0, "ON") {
		p.next()
		var onCreate bool
		switch {
		case p.acceptWord("CREATE"):
			onCreate = true
		case p.acceptWord("MATCH"):
		default:
			return nil, p.errExpected("CREATE or MATCH after ON")
		}
		if err := p.expectWord("SET"); err != nil {
			return nil, err
		}
		items, err := p.setItems()
		if err != nil {
			return nil, err
		}
		if onCreate {
			m.OnCreate = append(m.OnCreate, items...)
		} else {
			m.OnMatch = append(m.OnMatch, items...)
		}
	}
	return m, nil
}

// setItems reads setItem (',' setItem)*:
//
//	propertyExpression '=' expression | variable '=' expression
//	| variable '+=' expression | variable nodeLabels
func (p *parser) setItems() ([]SetItem, error) { return separated(p, ",", p.setItem) }

// variableLabels reads variable nodeLabels when the tokens start one.
func (p *parser) variableLabels() (v Ident, labels []Ident, ok bool, err error) {
	if !p.isName(0) || !p.isPunct(1, ":") {
		return Ident{}, nil, false, nil
	}
	v, _ = p.name("")
	labels, err = p.nodeLabels()
	return v, labels, true, err
}

func (p *parser) setItem() (SetItem, error) {
	start := p.peek()
	if v, labels, ok, err := p.variableLabels(); ok {
		if err != nil {
			return nil, err
		}
		return &SetLabels{Pos: start.pos, Variable: v, Labels: labels}, nil
	}
	if p.isName(0) && (p.isPunct(1, "=") || p.isPunct(1, "+=")) {
		v, _ := p.name("")
		merge := p.next().val == "+="
		val, err := p.expr()
		if err != nil {
			return nil, err
		}
		return &SetProperties{Pos: start.pos, Variable: v, Value: val, Merge: merge}, nil
	}
	target, err := p.propertyExpression()
	if err != nil {
		return nil, err
	}
	if _, err := p.expectPunct("="); err != nil {
		return nil, err
	}
	val, err := p.expr()
	if err != nil {
		return nil, err
	}
	return &SetProperty{Pos: start.pos, Target: target, Value: val}, nil
}

// propertyExpression reads atom ('.' propertyKeyName)+.
func (p *parser) propertyExpression() (*Property, error) {
	e, err := p.postfix()
	if err != nil {
		return nil, err
	}
	prop, ok := e.(*Property)
	if !ok {
		return nil, syntaxErrorf(e.ExprPos(), "expected a property (variable.key)")
	}
	return prop, nil
}

func (p *parser) remove() (*Remove, error) {
	t := p.next() // REMOVE
	items, err := separated(p, ",", func() (RemoveItem, error) {
		start := p.peek()
		if v, labels, ok, err := p.variableLabels(); ok {
			if err != nil {
				return nil, err
			}
			return &RemoveLabels{Pos: start.pos, Variable: v, Labels: labels}, nil
		}
		target, err := p.propertyExpression()
		if err != nil {
			return nil, err
		}
		return &RemoveProperty{Pos: start.pos, Target: target}, nil
	})
	if err != nil {
		return nil, err
	}
	return &Remove{Pos: t.pos, Items: items}, nil
}

func (p *parser) delete() (*Delete, error) {
	t := p.peek()
	d := &Delete{Pos: t.pos}
	if p.acceptWord("DETACH") {
		d.Detach = true
	}
	if err := p.expectWord("DELETE"); err != nil {
		return nil, err
	}
	var err error
	if d.Targets, err = separated(p, ",", p.expr); err != nil {
		return nil, err
	}
	return d, nil
}

// projection reads [DISTINCT] returnItems [ORDER BY ...] [SKIP e] [LIMIT e].
func (p *parser) projection() (Projection, error) {
	var pr Projection
	var err error
	pr.Distinct = p.acceptWord("DISTINCT")
	pr.AllPos = p.peek().pos
	pr.All = p.acceptPunct("*")
	if !pr.All || p.acceptPunct(",") {
		if pr.Items, err = separated(p, ",", p.projectionItem); err != nil {
			return pr, err
		}
	}
	if p.isWord(0, "ORDER") {
		p.next()
		if err := p.expectWord("BY"); err != nil {
			return pr, err
		}
		if pr.OrderBy, err = separated(p, ",", p.sortItem); err != nil {
			return pr, err
		}
	}
	if p.acceptWord("SKIP") {
		if pr.Skip, err = p.expr(); err != nil {
			return pr, err
		}
	}
	if p.acceptWord("LIMIT") {
		if pr.Limit, err = p.expr(); err != nil {
			return pr, err
		}
	}
	return pr, nil
}

// projectionItem reads expression [AS alias], keeping the expression's
// text (a column's name).
func (p *parser) projectionItem() (*ProjectionItem, error) {
	start := p.peek()
	e, err := p.expr()
	if err != nil {
		return nil, err
	}
	item := &ProjectionItem{Expr: e, Text: p.src[start.off:p.toks[p.i-1].end]}
	if p.acceptWord("AS") {
		alias, err := p.name("an alias")
		if err != nil {
			return nil, err
		}
		item.Alias = &alias
	}
	return item, nil
}

// sortItem reads expression [ASC | ASCENDING | DESC | DESCENDING].
func (p *parser) sortItem() (*SortItem, error) {
	e, err := p.expr()
	if err != nil {
		return nil, err
	}
	s := &SortItem{Expr: e}
	switch p.keywordUpper(0) {
	case "DESC", "DESCENDING":
		p.next()
		s.Descending = true
	case "ASC", "ASCENDING":
		p.next()
	}
	return s, nil
}

// ---- patterns ----

func (p *parser) patterns() ([]*Pattern, error) { return separated(p, ",", p.pattern) }

// pattern reads [variable '='] patternElement.
func (p *parser) pattern() (*Pattern, error) {
	start := p.peek()
	pat := &Pattern{Pos: start.pos}
	if p.isName(0) && p.isPunct(1, "=") {
		v, _ := p.name("")
		p.next()
		pat.Variable = &v
	}
	if err := p.patternElement(pat); err != nil {
		return nil, err
	}
	return pat, nil
}

// patternElement reads nodePattern (relationshipPattern nodePattern)* or the
// same between parentheses.
func (p *parser) patternElement(pat *Pattern) error {
	if p.isPunct(0, "(") && p.isPunct(1, "(") {
		if p.depth++; p.depth > maxNesting {
			return syntaxErrorf(p.peek().pos, "pattern nests more than %d levels deep", maxNesting)
		}
		defer func() { p.depth-- }()
		p.next()
		if err := p.patternElement(pat); err != nil {
			return err
		}
		_, err := p.expectPunct(")")
		return err
	}
	n, err := p.nodePattern()
	if err != nil {
		return err
	}
	pat.Nodes = append(pat.Nodes, n)
	for p.isDash(0) || p.isArrow(0, "<") {
		r, err := p.relPattern()
		if err != nil {
			return err
		}
		n, err := p.nodePattern()
		if err != nil {
			return err
		}
		pat.Rels = append(pat.Rels, r)
		pat.Nodes = append(pat.Nodes, n)
	}
	return nil
}

// isDash and isArrow accept the ASCII characters and Memgraph's Unicode
// alternatives.
func (p *parser) isDash(k int) bool {
	t := p.peekAt(k)
	return t.kind == tokPunct && t.val == "-"
}

func (p *parser) isArrow(k int, s string) bool {
	t := p.peekAt(k)
	return t.kind == tokPunct && t.val == s
}

// nodePattern reads '(' [variable] [nodeLabels] [properties] ')'.
func (p *parser) nodePattern() (*NodePattern, error) {
	open, err := p.expectPunct("(")
	if err != nil {
		return nil, err
	}
	n := &NodePattern{Pos: open.pos}
	if p.isName(0) {
		v, _ := p.name("")
		n.Variable = &v
	}
	if p.isPunct(0, ":") {
		if n.Labels, err = p.nodeLabels(); err != nil {
			return nil, err
		}
	}
	if n.Properties, err = p.properties(); err != nil {
		return nil, err
	}
	if _, err := p.expectPunct(")"); err != nil {
		if n.Variable == nil && n.Labels == nil && n.Properties == nil {
			return nil, p.errExpected("a variable, ':' label, '{' properties or ')' in a node pattern")
		}
		return nil, err
	}
	return n, nil
}

// nodeLabels reads (':' labelName)+.
func (p *parser) nodeLabels() ([]Ident, error) {
	var out []Ident
	for p.isPunct(0, ":") {
		l, err := p.colonName("a label name")
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	if len(out) == 0 {
		return nil, p.errExpected("':' and a label")
	}
	return out, nil
}

// properties reads an optional map literal or parameter.
func (p *parser) properties() (Expr, error) {
	switch {
	case p.isPunct(0, "{"):
		return p.mapLit(false)
	case p.isPunct(0, "$"):
		return p.param()
	}
	return nil, nil
}

// relPattern reads one of <-[..]->, <-[..]-, -[..]->, -[..]- where the
// detail in brackets is optional.
func (p *parser) relPattern() (*RelPattern, error) {
	start := p.peek()
	r := &RelPattern{Pos: start.pos}
	left := false
	if p.isArrow(0, "<") {
		p.next()
		left = true
	}
	if !p.isDash(0) {
		return nil, p.errExpected(`"-" in a relationship pattern`)
	}
	p.next()
	if p.isPunct(0, "[") {
		if err := p.relDetail(r); err != nil {
			return nil, err
		}
	}
	if !p.isDash(0) {
		return nil, p.errExpected(`"-" in a relationship pattern`)
	}
	p.next()
	right := false
	if p.isArrow(0, ">") {
		p.next()
		right = true
	}
	switch {
	case left && !right:
		r.Direction = DirIn
	case right && !left:
		r.Direction = DirOut
	default:
		r.Direction = DirBoth
	}
	return r, nil
}

// relDetail reads '[' [variable] [':' T ('|' ':'? T)*] [properties] ']'.
func (p *parser) relDetail(r *RelPattern) error {
	p.next() // '['
	if p.isName(0) {
		v, _ := p.name("")
		r.Variable = &v
	}
	var err error
	if p.isPunct(0, ":") {
		if r.Types, err = separated(p, "|", func() (Ident, error) {
			p.acceptPunct(":")
			return p.name("a relationship type")
		}); err != nil {
			return err
		}
	}
	if p.isPunct(0, "*") {
		return unsupported(p.peek(), "a variable-length relationship")
	}
	if r.Properties, err = p.properties(); err != nil {
		return err
	}
	_, err = p.expectPunct("]")
	return err
}
