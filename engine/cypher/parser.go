package cypher

import (
	"slices"
	"strconv"
	"strings"
)

// ParseScript parses a script as mgconsole sends it: statements end with
// ';' (a statement may span lines, and lines without ';' join the next
// ones, so two clauses on consecutive lines form one query); a last
// statement without ';' is accepted; empty statements are skipped. Comments
// are // to the end of the line and /* ... */.
//
// On an error it returns the statements before the failing one together
// with the error (a *SyntaxError), so a caller can run what mgconsole would
// have run before reaching it.
func ParseScript(src string) ([]Statement, error) {
	toks, lexErr := tokenize(src)
	var out []Statement
	start := 0
	for i := 0; i < len(toks); i++ {
		if !isStatementEnd(toks[i]) {
			continue
		}
		if i > start {
			st, err := parseStatement(src, toks[start:i], toks[i])
			if err != nil {
				return out, err
			}
			out = append(out, st)
		}
		start = i + 1
	}
	if lexErr != nil {
		return out, lexErr
	}
	return out, nil
}

// Parse parses exactly one statement, with or without a closing ';'.
func Parse(stmt string) (Statement, error) {
	toks, err := tokenize(stmt)
	if err != nil {
		return nil, err
	}
	n := 0
	for n < len(toks) && !isStatementEnd(toks[n]) {
		n++
	}
	if n == 0 {
		return nil, syntaxErrorf(toks[0].pos, "expected a statement, found %s", describe(toks[0]))
	}
	if toks[n].kind != tokEOF && toks[n+1].kind != tokEOF {
		return nil, syntaxErrorf(toks[n+1].pos, "expected end of input after the statement's ';', found %s", describe(toks[n+1]))
	}
	return parseStatement(stmt, toks[:n], toks[n])
}

// ParseExpr parses one expression, such as a property value.
func ParseExpr(src string) (Expr, error) {
	toks, err := tokenize(src)
	if err != nil {
		return nil, err
	}
	p := &parser{src: src, toks: toks}
	e, err := p.expr()
	if err != nil {
		return nil, err
	}
	if !p.atEnd() {
		return nil, p.errExpected("end of expression")
	}
	return e, nil
}

func isStatementEnd(t token) bool {
	return t.kind == tokEOF || t.kind == tokPunct && t.val == ";"
}

// parser reads one statement's tokens. toks ends with the token that ended
// the statement (';' or end of input), which the parser treats as the end.
type parser struct {
	src   string
	toks  []token
	i     int
	depth int // expression and pattern nesting
}

func parseStatement(src string, body []token, end token) (Statement, error) {
	toks := make([]token, 0, len(body)+1)
	toks = append(toks, body...)
	end.kind = tokEOF // the ';' ends this statement's token stream
	toks = append(toks, end)
	p := &parser{src: src, toks: toks}
	st, err := p.statement()
	if err != nil {
		return nil, err
	}
	if !p.atEnd() {
		return nil, p.errExpected("end of statement")
	}
	first, last := body[0], body[len(body)-1]
	span := Span{Pos: first.pos, Start: first.off, End: last.end, Text: src[first.off:last.end]}
	st.setSpan(span)
	return st, nil
}

// ---- token helpers ----

func (p *parser) peek() token { return p.peekAt(0) }

func (p *parser) peekAt(k int) token {
	if p.i+k < len(p.toks) {
		return p.toks[p.i+k]
	}
	return p.toks[len(p.toks)-1]
}

func (p *parser) next() token {
	t := p.peek()
	if p.i < len(p.toks)-1 {
		p.i++
	}
	return t
}

func (p *parser) atEnd() bool { return p.peek().kind == tokEOF }

// isWord reports whether the token k ahead is the keyword kw (any case).
func (p *parser) isWord(k int, kw string) bool {
	t := p.peekAt(k)
	return t.kind == tokWord && strings.EqualFold(t.val, kw)
}

// isWords reports whether the next tokens are the keywords kws.
func (p *parser) isWords(kws ...string) bool {
	for k, kw := range kws {
		if !p.isWord(k, kw) {
			return false
		}
	}
	return true
}

// isPunct reports whether the token k ahead is the operator or punctuation s.
func (p *parser) isPunct(k int, s string) bool {
	t := p.peekAt(k)
	return t.kind == tokPunct && t.val == s && !t.patternOnly
}

func (p *parser) acceptWord(kw string) bool {
	if p.isWord(0, kw) {
		p.next()
		return true
	}
	return false
}

func (p *parser) acceptPunct(s string) bool {
	if p.isPunct(0, s) {
		p.next()
		return true
	}
	return false
}

func (p *parser) expectWord(kws ...string) error {
	for _, kw := range kws {
		if !p.acceptWord(kw) {
			return p.errExpected(kw)
		}
	}
	return nil
}

func (p *parser) expectPunct(s string) (token, error) {
	if !p.isPunct(0, s) {
		return token{}, p.errExpected(strconv.Quote(s))
	}
	return p.next(), nil
}

// errExpected reports the current token as not what the grammar expects.
func (p *parser) errExpected(what string) error {
	t := p.peek()
	return syntaxErrorf(t.pos, "expected %s, found %s", what, describe(t))
}

// describe names a token for an error message.
func describe(t token) string {
	switch t.kind {
	case tokEOF:
		if t.text == ";" {
			return `";"`
		}
		return "end of input"
	case tokString:
		s := t.text
		if len(s) > 40 {
			s = s[:37] + "..."
		}
		return "string " + s
	case tokInt, tokFloat:
		return "number " + t.text
	case tokQuoted:
		return "name " + t.text
	}
	return strconv.Quote(t.text)
}

// name reads a symbolic name: an unquoted word (keywords included, as in
// Memgraph's grammar) or a backquoted name.
func (p *parser) name(what string) (Ident, error) {
	t := p.peek()
	if t.kind != tokWord && t.kind != tokQuoted {
		return Ident{}, p.errExpected(what)
	}
	p.next()
	return Ident{Name: t.val, Pos: t.pos}, nil
}

func (p *parser) isName(k int) bool {
	t := p.peekAt(k)
	return t.kind == tokWord || t.kind == tokQuoted
}

// colonName reads ':' name.
func (p *parser) colonName(what string) (Ident, error) {
	if _, err := p.expectPunct(":"); err != nil {
		return Ident{}, err
	}
	return p.name(what)
}

// separated reads item (sep item)*, the shape of every list in the
// grammar.
func separated[T any](p *parser, sep string, item func() (T, error)) ([]T, error) {
	var out []T
	for {
		x, err := item()
		if err != nil {
			return nil, err
		}
		out = append(out, x)
		if !p.acceptPunct(sep) {
			return out, nil
		}
	}
}

// enclosed reads what between the punctuation open and close.
func enclosed[T any](p *parser, open, close string, what func() (T, error)) (T, error) {
	var zero T
	if _, err := p.expectPunct(open); err != nil {
		return zero, err
	}
	x, err := what()
	if err != nil {
		return zero, err
	}
	if _, err := p.expectPunct(close); err != nil {
		return zero, err
	}
	return x, nil
}

// names reads name (',' name)*.
func (p *parser) names(what string) ([]Ident, error) {
	return separated(p, ",", func() (Ident, error) { return p.name(what) })
}

// parenNames reads '(' name (',' name)* ')'.
func (p *parser) parenNames(what string) ([]Ident, error) {
	return enclosed(p, "(", ")", func() ([]Ident, error) { return p.names(what) })
}

// parenName reads '(' name ')', one property name; tooMany is the error
// at a second one.
func (p *parser) parenName(tooMany string) (Ident, error) {
	props, err := p.parenNames("a property name")
	if err != nil {
		return Ident{}, err
	}
	if len(props) != 1 {
		return Ident{}, syntaxErrorf(props[1].Pos, "%s", tooMany)
	}
	return props[0], nil
}

// ---- statements ----

// statement dispatches on the leading keywords: the schema and
// administration statements are recognised by keyword sequences no query
// can start with; anything else is a query.
func (p *parser) statement() (Statement, error) {
	t := p.peek()
	if t.kind != tokWord {
		return nil, p.errExpected("a statement")
	}
	if c, ok := p.command(); ok {
		return c, nil
	}
	switch strings.ToUpper(t.val) {
	case "CREATE", "DROP":
		if st, ok, err := p.schema(); ok || err != nil {
			return st, err
		}
		if p.isWord(0, "DROP") {
			p.next()
			return nil, p.errExpected("INDEX, EDGE INDEX, GLOBAL INDEX, POINT INDEX, TEXT INDEX, VECTOR INDEX, CONSTRAINT, ENUM, GRAPH or ALL after DROP")
		}
	case "ALTER":
		return statementOf(p.alterEnum())
	case "ENABLE", "DISABLE", "STOP":
		return statementOf(p.ttl())
	case "SET", "DELETE":
		if p.isWord(1, "DESCRIPTION") && p.isWord(2, "ON") {
			return statementOf(p.description())
		}
	case "ANALYZE":
		return statementOf(p.analyzeGraph())
	case "BEGIN", "COMMIT", "ROLLBACK", "SHOW", "LOCK", "UNLOCK", "DATA", "DUMP", "FREE":
		return nil, p.commandError()
	}
	return statementOf(p.query())
}

// statementOf keeps a failed parse from becoming a non-nil Statement
// holding a nil pointer.
func statementOf[S Statement](st S, err error) (Statement, error) {
	if err != nil {
		return nil, err
	}
	return st, nil
}

// command matches a whole statement against the fixed-keyword statements.
func (p *parser) command() (*Command, bool) {
	for _, c := range commands {
		if p.isWords(c.words...) && p.peekAt(len(c.words)).kind == tokEOF {
			p.i += len(c.words)
			return &Command{Kind: c.kind}, true
		}
	}
	return nil, false
}

// commandError reports where a statement starting like a fixed-keyword
// statement leaves it: at the first token no command continues with.
func (p *parser) commandError() error {
	best := -1
	var want []string
	for _, c := range commands {
		n := 0
		for n < len(c.words) && p.isWord(n, c.words[n]) {
			n++
		}
		if n == 0 {
			continue
		}
		next := "end of statement"
		if n < len(c.words) {
			next = c.words[n]
		}
		switch {
		case n > best:
			best, want = n, []string{next}
		case n == best && !slices.Contains(want, next):
			want = append(want, next)
		}
	}
	p.i += best
	return p.errExpected(strings.Join(want, " or "))
}

// keywordUpper is the upper-case keyword of the current word token, or "".
func (p *parser) keywordUpper(k int) string {
	t := p.peekAt(k)
	if t.kind != tokWord {
		return ""
	}
	return strings.ToUpper(t.val)
}

func unsupported(t token, what string) error {
	return syntaxErrorf(t.pos, "%s is not supported", what)
}
