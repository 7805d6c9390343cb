package cypher

import "github.com/durascope/durascope/format"

// schema reads the CREATE/DROP statements of MemgraphCypher.g4 that are not
// queries: indices, constraints and enums. ok is false when the keywords
// after CREATE or DROP start none of them.
func (p *parser) schema() (st Statement, ok bool, err error) {
	drop := p.isWord(0, "DROP")
	k := 1 // the keyword after CREATE/DROP
	switch p.keywordUpper(k) {
	case "INDEX":
		st, err = p.labelIndex(drop)
	case "EDGE":
		if !p.isWord(k+1, "INDEX") {
			return nil, false, nil
		}
		st, err = p.edgeIndex(drop)
	case "GLOBAL":
		st, err = p.globalIndex(drop)
	case "POINT":
		st, err = p.pointIndex(drop)
	case "TEXT":
		st, err = p.textIndex(drop)
	case "VECTOR":
		st, err = p.vectorIndex(drop)
	case "CONSTRAINT":
		st, err = p.constraint(drop)
	case "ENUM":
		if drop {
			st, err = p.dropEnum()
		} else {
			st, err = p.createEnum()
		}
	default:
		return nil, false, nil
	}
	if err != nil {
		return nil, true, err
	}
	return st, true, nil
}

// onLabel reads ON ':' name.
func (p *parser) onLabel(what string) (Ident, error) {
	if err := p.expectWord("ON"); err != nil {
		return Ident{}, err
	}
	return p.colonName(what)
}

// labelIndex reads INDEX ON ':' label [ '(' path (',' path)* ')' ] [WITH CONFIG map],
// where a path is name ('.' name)*.
func (p *parser) labelIndex(drop bool) (*LabelIndex, error) {
	p.i += 2 // CREATE|DROP INDEX
	label, err := p.onLabel("a label name")
	if err != nil {
		return nil, err
	}
	ix := &LabelIndex{Drop: drop, Label: label}
	if p.isPunct(0, "(") {
		path := func() ([]Ident, error) {
			return separated(p, ".", func() (Ident, error) { return p.name("a property name") })
		}
		if ix.Properties, err = enclosed(p, "(", ")", func() ([][]Ident, error) { return separated(p, ",", path) }); err != nil {
			return nil, err
		}
	}
	if ix.Config, err = p.optionalConfig(); err != nil {
		return nil, err
	}
	return ix, nil
}

// optionalConfig reads [WITH CONFIG configMap].
func (p *parser) optionalConfig() (*MapLit, error) {
	if !p.isWord(0, "WITH") {
		return nil, nil
	}
	return p.config()
}

// config reads WITH CONFIG configMap.
func (p *parser) config() (*MapLit, error) {
	if err := p.expectWord("WITH", "CONFIG"); err != nil {
		return nil, err
	}
	if !p.isPunct(0, "{") {
		return nil, p.errExpected(`"{" starting the configuration map`)
	}
	return p.mapLit(true)
}

// edgeIndex reads EDGE INDEX ON ':' type [ '(' name (',' name)* ')' ].
func (p *parser) edgeIndex(drop bool) (*EdgeIndex, error) {
	p.i += 3 // CREATE|DROP EDGE INDEX
	et, err := p.onLabel("an edge type name")
	if err != nil {
		return nil, err
	}
	ix := &EdgeIndex{Drop: drop, EdgeType: et}
	if p.isPunct(0, "(") {
		if ix.Properties, err = p.parenNames("a property name"); err != nil {
			return nil, err
		}
	}
	return ix, nil
}

// globalIndex reads GLOBAL [EDGE] INDEX ON ':' '(' name ')'.
func (p *parser) globalIndex(drop bool) (*GlobalIndex, error) {
	p.i += 2 // CREATE|DROP GLOBAL
	ix := &GlobalIndex{Drop: drop, Edge: p.acceptWord("EDGE")}
	if err := p.expectWord("INDEX", "ON"); err != nil {
		return nil, err
	}
	if _, err := p.expectPunct(":"); err != nil {
		return nil, err
	}
	var err error
	if ix.Property, err = p.parenName("a global index is on exactly one property"); err != nil {
		return nil, err
	}
	return ix, nil
}

// pointIndex reads POINT INDEX ON ':' label '(' name ')'.
func (p *parser) pointIndex(drop bool) (*PointIndex, error) {
	p.i += 2 // CREATE|DROP POINT
	if err := p.expectWord("INDEX"); err != nil {
		return nil, err
	}
	label, err := p.onLabel("a label name")
	if err != nil {
		return nil, err
	}
	prop, err := p.parenName("a point index is on exactly one property")
	if err != nil {
		return nil, err
	}
	return &PointIndex{Drop: drop, Label: label, Property: prop}, nil
}

// namedIndexHead reads the start of a text or vector index statement
// after CREATE|DROP TEXT|VECTOR: [EDGE] INDEX name, EDGE only in a CREATE.
func (p *parser) namedIndexHead(drop bool) (edge bool, name Ident, err error) {
	p.i += 2 // CREATE|DROP TEXT|VECTOR
	if !drop {
		edge = p.acceptWord("EDGE")
	}
	if err := p.expectWord("INDEX"); err != nil {
		return false, Ident{}, err
	}
	name, err = p.name("an index name")
	return edge, name, err
}

// targetWhat is what an index's target is called in errors.
func targetWhat(edge bool) string {
	if edge {
		return "an edge type name"
	}
	return "a label name"
}

// textIndex reads TEXT [EDGE] INDEX name ON ':' target [ '(' names ')' ], or
// for DROP, TEXT INDEX name.
func (p *parser) textIndex(drop bool) (*TextIndex, error) {
	ix := &TextIndex{Drop: drop}
	var err error
	if ix.Edge, ix.Name, err = p.namedIndexHead(drop); err != nil {
		return nil, err
	}
	if drop {
		return ix, nil
	}
	if ix.Target, err = p.onLabel(targetWhat(ix.Edge)); err != nil {
		return nil, err
	}
	if p.isPunct(0, "(") {
		if ix.Properties, err = p.parenNames("a property name"); err != nil {
			return nil, err
		}
	}
	return ix, nil
}

// vectorIndex reads VECTOR [EDGE] INDEX name ON [':' t (('|' | '&') ':'? t)*]
// '(' property ')' WITH CONFIG configMap, or for DROP, VECTOR INDEX name.
func (p *parser) vectorIndex(drop bool) (*VectorIndex, error) {
	ix := &VectorIndex{Drop: drop}
	var err error
	if ix.Edge, ix.Name, err = p.namedIndexHead(drop); err != nil {
		return nil, err
	}
	if drop {
		return ix, nil
	}
	if err := p.expectWord("ON"); err != nil {
		return nil, err
	}
	what := targetWhat(ix.Edge)
	if p.isPunct(0, ":") {
		sep := ""
		for {
			p.acceptPunct(":")
			t, err := p.name(what)
			if err != nil {
				return nil, err
			}
			ix.Targets = append(ix.Targets, t)
			s := p.peek()
			if !p.isPunct(0, "|") && !p.isPunct(0, "&") {
				break
			}
			if sep != "" && s.val != sep {
				return nil, syntaxErrorf(s.pos, "cannot mix '|' and '&' in a vector index's targets")
			}
			sep = s.val
			p.next()
		}
		ix.AllOf = sep == "&"
	}
	if ix.Property, err = p.parenName("a vector index is on exactly one property"); err != nil {
		return nil, err
	}
	if ix.Config, err = p.config(); err != nil {
		return nil, err
	}
	return ix, nil
}

// typeConstraintNames spells each type-constraint kind, as Memgraph's
// grammar does (BOOLEAN, LOCALTIME, ...) and as its DUMP DATABASE prints
// (BOOL, LOCAL TIME, LOCAL DATE TIME, ZONED DATE TIME); longest first.
var typeConstraintNames = []struct {
	words []string
	kind  uint64
}{
	{[]string{"LOCAL", "DATE", "TIME"}, 9},
	{[]string{"ZONED", "DATE", "TIME"}, 10},
	{[]string{"LOCAL", "DATETIME"}, 9},
	{[]string{"ZONED", "DATETIME"}, 10},
	{[]string{"LOCAL", "TIME"}, 8},
	{[]string{"STRING"}, 0},
	{[]string{"BOOL"}, 1},
	{[]string{"BOOLEAN"}, 1},
	{[]string{"INTEGER"}, 2},
	{[]string{"FLOAT"}, 3},
	{[]string{"LIST"}, 4},
	{[]string{"MAP"}, 5},
	{[]string{"DURATION"}, 6},
	{[]string{"DATE"}, 7},
	{[]string{"LOCALTIME"}, 8},
	{[]string{"LOCALDATETIME"}, 9},
	{[]string{"ZONEDDATETIME"}, 10},
	{[]string{"ENUM"}, 11},
	{[]string{"POINT"}, 12},
}

// constraint reads CONSTRAINT ON '(' var ':' label ')' ASSERT, then
// EXISTS '(' props ')' | '(' props ')' IS NODE KEY | props IS UNIQUE |
// props IS TYPED type, where props is var '.' name (',' var '.' name)*.
func (p *parser) constraint(drop bool) (*Constraint, error) {
	p.i += 2 // CREATE|DROP CONSTRAINT
	if err := p.expectWord("ON"); err != nil {
		return nil, err
	}
	if _, err := p.expectPunct("("); err != nil {
		return nil, err
	}
	c := &Constraint{Drop: drop}
	var err error
	if c.Variable, err = p.name("a variable name"); err != nil {
		return nil, err
	}
	if c.Label, err = p.colonName("a label name"); err != nil {
		return nil, err
	}
	if _, err := p.expectPunct(")"); err != nil {
		return nil, err
	}
	if err := p.expectWord("ASSERT"); err != nil {
		return nil, err
	}
	switch {
	case p.acceptWord("EXISTS"):
		c.Kind = ConstraintExists
		if c.Properties, err = p.constraintProps(c.Variable, true); err != nil {
			return nil, err
		}
		return c, nil
	case p.isPunct(0, "("):
		c.Kind = ConstraintNodeKey
		if c.Properties, err = p.constraintProps(c.Variable, true); err != nil {
			return nil, err
		}
		if err := p.expectWord("IS", "NODE", "KEY"); err != nil {
			return nil, err
		}
		return c, nil
	}
	if c.Properties, err = p.constraintProps(c.Variable, false); err != nil {
		return nil, err
	}
	if err := p.expectWord("IS"); err != nil {
		return nil, err
	}
	switch {
	case p.acceptWord("UNIQUE"):
		c.Kind = ConstraintUnique
	case p.acceptWord("TYPED"):
		c.Kind = ConstraintTyped
		for _, tn := range typeConstraintNames {
			if p.isWords(tn.words...) {
				c.Type, c.TypeName = tn.kind, format.TypeConstraintKinds[tn.kind]
				p.i += len(tn.words)
				return c, nil
			}
		}
		return nil, p.errExpected("a type (STRING, BOOLEAN, INTEGER, FLOAT, LIST, MAP, DURATION, DATE, LOCALTIME, LOCALDATETIME, ZONEDDATETIME, ENUM or POINT)")
	default:
		return nil, p.errExpected("UNIQUE or TYPED")
	}
	return c, nil
}

// constraintProps reads var '.' name (',' var '.' name)*, between
// parentheses when paren; every var must be the constraint's variable.
func (p *parser) constraintProps(v Ident, paren bool) ([]Ident, error) {
	property := func() (Ident, error) {
		ref, err := p.name("the constraint's variable " + v.Name)
		if err != nil {
			return Ident{}, err
		}
		if ref.Name != v.Name {
			return Ident{}, syntaxErrorf(ref.Pos, "constraint properties must belong to the variable %s, not %s", v.Name, ref.Name)
		}
		if _, err := p.expectPunct("."); err != nil {
			return Ident{}, err
		}
		return p.name("a property name")
	}
	properties := func() ([]Ident, error) { return separated(p, ",", property) }
	if paren {
		return enclosed(p, "(", ")", properties)
	}
	return properties()
}

// createEnum reads CREATE ENUM name VALUES '{' name (',' name)* '}'.
func (p *parser) createEnum() (*CreateEnum, error) {
	p.i += 2 // CREATE ENUM
	name, err := p.name("an enum name")
	if err != nil {
		return nil, err
	}
	if err := p.expectWord("VALUES"); err != nil {
		return nil, err
	}
	values, err := enclosed(p, "{", "}", func() ([]Ident, error) { return p.names("an enum value") })
	if err != nil {
		return nil, err
	}
	return &CreateEnum{Name: name, Values: values}, nil
}

// alterEnum reads ALTER ENUM name (ADD VALUE v | UPDATE VALUE v TO w | REMOVE VALUE v).
func (p *parser) alterEnum() (*AlterEnum, error) {
	p.next() // ALTER
	if err := p.expectWord("ENUM"); err != nil {
		return nil, err
	}
	name, err := p.name("an enum name")
	if err != nil {
		return nil, err
	}
	a := &AlterEnum{Name: name}
	switch {
	case p.acceptWord("ADD"):
		a.Action = EnumAddValue
	case p.acceptWord("UPDATE"):
		a.Action = EnumUpdateValue
	case p.acceptWord("REMOVE"):
		a.Action = EnumRemoveValue
	default:
		return nil, p.errExpected("ADD, UPDATE or REMOVE")
	}
	if err := p.expectWord("VALUE"); err != nil {
		return nil, err
	}
	if a.Value, err = p.name("an enum value"); err != nil {
		return nil, err
	}
	if a.Action == EnumUpdateValue {
		if err := p.expectWord("TO"); err != nil {
			return nil, err
		}
		if a.NewValue, err = p.name("an enum value"); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// dropEnum reads DROP ENUM name.
func (p *parser) dropEnum() (*DropEnum, error) {
	p.i += 2 // DROP ENUM
	name, err := p.name("an enum name")
	if err != nil {
		return nil, err
	}
	return &DropEnum{Name: name}, nil
}

// ttl reads ENABLE TTL [EVERY lit [AT lit] | AT lit [EVERY lit]],
// DISABLE TTL or STOP TTL.
func (p *parser) ttl() (*TTL, error) {
	t := &TTL{}
	switch p.keywordUpper(0) {
	case "ENABLE":
		t.Action = TTLEnable
	case "DISABLE":
		t.Action = TTLDisable
	default:
		t.Action = TTLStop
	}
	p.next()
	if err := p.expectWord("TTL"); err != nil {
		return nil, err
	}
	if t.Action != TTLEnable {
		return t, nil
	}
	for range 2 {
		var err error
		switch {
		case t.Every == nil && p.acceptWord("EVERY"):
			t.Every, err = p.literal()
		case t.At == nil && p.acceptWord("AT"):
			t.At, err = p.literal()
		}
		if err != nil {
			return nil, err
		}
	}
	return t, nil
}

// literal reads a literal: a number, string, boolean, null, list or map.
func (p *parser) literal() (Expr, error) {
	t := p.peek()
	switch {
	case t.kind == tokInt, t.kind == tokFloat, t.kind == tokString,
		p.isWord(0, "TRUE"), p.isWord(0, "FALSE"), p.isWord(0, "NULL"),
		p.isPunct(0, "["), p.isPunct(0, "{"):
		return p.atom()
	}
	return nil, p.errExpected("a literal")
}

// description reads (SET | DELETE) DESCRIPTION ON target, with the text for SET:
//
//	LABEL labels | LABEL PROPERTY labels '(' p ')'
//	| EDGE TYPE ':' T | EDGE TYPE PROPERTY ':' T '(' p ')'
//	| EDGE TYPE '(' labels ')' '-' '[' ':' T ']' '-' '>' '(' labels ')'
//	| EDGE TYPE PROPERTY <that pattern> '(' p ')'
//	| PROPERTY p [VALUE literal] | DATABASE name
//
// where labels is (':' name)*, written with or without spaces.
func (p *parser) description() (*Description, error) {
	d := &Description{Delete: p.isWord(0, "DELETE")}
	p.i += 3 // SET|DELETE DESCRIPTION ON
	tg := &d.Target
	var err error
	switch {
	case p.acceptWord("LABEL"):
		property := p.acceptWord("PROPERTY")
		if tg.Labels, err = p.nodeLabels(); err != nil {
			return nil, err
		}
		tg.Kind = format.DescLabel
		if property {
			tg.Kind = format.DescLabelProperty
			if tg.Property, err = p.parenName("expected one property"); err != nil {
				return nil, err
			}
		}
	case p.isWords("EDGE", "TYPE"):
		p.i += 2
		property := p.acceptWord("PROPERTY")
		if p.isPunct(0, "(") {
			if err := p.edgeTypePattern(tg); err != nil {
				return nil, err
			}
			tg.Kind = format.DescEdgeTypePattern
			if property {
				tg.Kind = format.DescEdgeTypePatternProperty
			}
		} else {
			if tg.EdgeType, err = p.colonName("an edge type name"); err != nil {
				return nil, err
			}
			tg.Kind = format.DescEdgeType
			if property {
				tg.Kind = format.DescEdgeTypeProperty
			}
		}
		if property {
			if tg.Property, err = p.parenName("expected one property"); err != nil {
				return nil, err
			}
		}
	case p.acceptWord("PROPERTY"):
		tg.Kind = format.DescProperty
		if tg.Property, err = p.name("a property name"); err != nil {
			return nil, err
		}
		if p.acceptWord("VALUE") {
			tg.Kind = format.DescPropertyValue
			if tg.Value, err = p.expr(); err != nil {
				return nil, err
			}
		}
	case p.acceptWord("DATABASE"):
		tg.Kind = format.DescDatabase
		if tg.Database, err = p.name("a database name"); err != nil {
			return nil, err
		}
	default:
		return nil, p.errExpected("LABEL, EDGE TYPE, PROPERTY or DATABASE")
	}
	if !d.Delete {
		t := p.peek()
		if t.kind != tokString {
			return nil, p.errExpected("the description as a string literal")
		}
		p.next()
		d.Text = t.val
	}
	return d, nil
}

// edgeTypePattern reads '(' labels ')' '-' '[' ':' T ']' '-' '>' '(' labels ')'.
func (p *parser) edgeTypePattern(tg *DescriptionTarget) error {
	labels := func() ([]Ident, error) {
		if _, err := p.expectPunct("("); err != nil {
			return nil, err
		}
		var out []Ident
		if p.isPunct(0, ":") {
			var err error
			if out, err = p.nodeLabels(); err != nil {
				return nil, err
			}
		}
		_, err := p.expectPunct(")")
		return out, err
	}
	var err error
	if tg.Labels, err = labels(); err != nil {
		return err
	}
	if !p.isDash(0) {
		return p.errExpected(`"-"`)
	}
	p.next()
	if _, err := p.expectPunct("["); err != nil {
		return err
	}
	if tg.EdgeType, err = p.colonName("an edge type name"); err != nil {
		return err
	}
	if _, err := p.expectPunct("]"); err != nil {
		return err
	}
	if !p.isDash(0) {
		return p.errExpected(`"-"`)
	}
	p.next()
	if !p.isArrow(0, ">") {
		return p.errExpected(`">"`)
	}
	p.next()
	tg.ToLabels, err = labels()
	return err
}

// analyzeGraph reads ANALYZE GRAPH [ON LABELS (':' name (',' ':' name)* | '*')] [DELETE STATISTICS].
func (p *parser) analyzeGraph() (*AnalyzeGraph, error) {
	p.next() // ANALYZE
	if err := p.expectWord("GRAPH"); err != nil {
		return nil, err
	}
	a := &AnalyzeGraph{AllLabels: true}
	if p.acceptWord("ON") {
		if err := p.expectWord("LABELS"); err != nil {
			return nil, err
		}
		if !p.acceptPunct("*") {
			a.AllLabels = false
			var err error
			if a.Labels, err = separated(p, ",", func() (Ident, error) { return p.colonName("a label name") }); err != nil {
				return nil, err
			}
		}
	}
	if p.acceptWord("DELETE") {
		if err := p.expectWord("STATISTICS"); err != nil {
			return nil, err
		}
		a.DeleteStatistics = true
	}
	return a, nil
}
