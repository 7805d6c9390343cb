package cypher

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokenKind classifies a token. Keywords are not a kind of their own: as in
// Memgraph's grammar almost every keyword is also a valid name, so the
// parser compares word tokens with keywords where the grammar expects one.
type tokenKind uint8

const (
	tokEOF    tokenKind = iota
	tokWord             // unescaped symbolic name: an identifier or a keyword
	tokQuoted           // `backquoted name`; val holds the name
	tokString           // 'single' or "double" quoted; val holds the unescaped string
	tokInt              // decimal, 0x hexadecimal or 0-prefixed octal integer
	tokFloat            // floating-point literal
	tokPunct            // punctuation or operator; val holds it (see punctuation)
)

// token is one lexical unit. Offsets are byte offsets into the source.
type token struct {
	kind tokenKind
	text string // the source text
	val  string // the name, the unescaped string, or the punctuation
	pos  Pos
	off  int
	end  int
	// patternOnly marks the Unicode arrow heads and dashes Memgraph accepts
	// in relationship patterns but not as operators.
	patternOnly bool
}

// punctuation lists the multi-character operators first so the longest match
// wins, as ANTLR's lexer does.
var punctuation = []string{
	"..", "::", "<=", ">=", "<>", "!=", "=~", "+=",
	"(", ")", "[", "]", "{", "}", ",", ".", ":", ";", "$", "|", "&",
	"=", "<", ">", "+", "-", "*", "/", "%", "^",
}

// patternPunct maps Memgraph's alternative arrow heads and dashes to the
// ASCII character they stand for in a relationship pattern.
var patternPunct = map[rune]string{
	'⟨': "<", '〈': "<", '﹤': "<", '＜': "<",
	'⟩': ">", '〉': ">", '﹥': ">", '＞': ">",
	'\u00AD': "-", '‐': "-", '‑': "-", '‒': "-", '–': "-", '—': "-", '―': "-",
	'−': "-", '﹘': "-", '﹣': "-", '－': "-",
}

// lexer turns source text into tokens, keeping line and column as it goes.
type lexer struct {
	src  string
	off  int
	line int
	col  int
}

func newLexer(src string) *lexer { return &lexer{src: src, line: 1, col: 1} }

func (l *lexer) pos() Pos { return Pos{Line: l.line, Col: l.col} }

// advance moves past n bytes, counting lines and characters.
func (l *lexer) advance(n int) {
	end := l.off + n
	for l.off < end {
		r, size := utf8.DecodeRuneInString(l.src[l.off:])
		if r == '\n' {
			l.line++
			l.col = 1
		} else {
			l.col++
		}
		l.off += size
	}
}

// isSpace is the whitespace of Memgraph's lexer.
func isSpace(r rune) bool {
	switch {
	case r == ' ', r >= '\t' && r <= '\r', r >= 0x1C && r <= 0x1F:
		return true
	case r == 0x1680, r == 0x180E, r >= 0x2000 && r <= 0x200A, r == 0x2028, r == 0x2029,
		r == 0x205F, r == 0x3000, r == 0x00A0, r == 0x202F:
		return true
	}
	return false
}

// isIdentStart and isIdentPart follow the grammar's ID_Start/Pc and
// ID_Continue/Sc character classes.
func isIdentStart(r rune) bool {
	return unicode.IsLetter(r) || unicode.Is(unicode.Nl, r) || unicode.Is(unicode.Pc, r) ||
		unicode.Is(unicode.Other_ID_Start, r)
}

func isIdentPart(r rune) bool {
	return isIdentStart(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) ||
		unicode.Is(unicode.Sc, r) || unicode.Is(unicode.Other_ID_Continue, r)
}

// skip passes over whitespace and comments.
func (l *lexer) skip() error {
	for l.off < len(l.src) {
		rest := l.src[l.off:]
		r, size := utf8.DecodeRuneInString(rest)
		switch {
		case isSpace(r):
			l.advance(size)
		case strings.HasPrefix(rest, "//"):
			n := strings.IndexAny(rest, "\r\n")
			if n < 0 {
				n = len(rest)
			}
			l.advance(n)
		case strings.HasPrefix(rest, "/*"):
			start := l.pos()
			n := strings.Index(rest[2:], "*/")
			if n < 0 {
				return syntaxErrorf(start, "unterminated /* comment")
			}
			l.advance(n + 4)
		default:
			return nil
		}
	}
	return nil
}

// next returns the next token, tokEOF at the end.
func (l *lexer) next() (token, error) {
	if err := l.skip(); err != nil {
		return token{}, err
	}
	t := token{pos: l.pos(), off: l.off}
	if l.off >= len(l.src) {
		t.kind, t.end = tokEOF, l.off
		return t, nil
	}
	rest := l.src[l.off:]
	r, size := utf8.DecodeRuneInString(rest)
	var err error
	switch {
	case r == '"' || r == '\'':
		err = l.lexString(&t, byte(r))
	case r == '`':
		err = l.lexQuoted(&t)
	case r >= '0' && r <= '9', r == '.' && len(rest) > 1 && rest[1] >= '0' && rest[1] <= '9':
		err = l.lexNumber(&t)
	case isIdentStart(r):
		n := size
		for n < len(rest) {
			r2, s2 := utf8.DecodeRuneInString(rest[n:])
			if !isIdentPart(r2) {
				break
			}
			n += s2
		}
		t.kind, t.val = tokWord, rest[:n]
		l.advance(n)
	default:
		if p, ok := patternPunct[r]; ok {
			t.kind, t.val, t.patternOnly = tokPunct, p, true
			l.advance(size)
			break
		}
		for _, p := range punctuation {
			if strings.HasPrefix(rest, p) {
				t.kind, t.val = tokPunct, p
				l.advance(len(p))
				break
			}
		}
		if t.kind != tokPunct {
			if r == utf8.RuneError && size == 1 {
				return token{}, syntaxErrorf(t.pos, "invalid UTF-8 byte 0x%02x", rest[0])
			}
			return token{}, syntaxErrorf(t.pos, "unexpected character %q", r)
		}
	}
	if err != nil {
		return token{}, err
	}
	t.end = l.off
	t.text = l.src[t.off:t.end]
	return t, nil
}

// lexString reads a quoted string. The escapes are those of Memgraph's
// lexer: \b \f \n \r \t (either case), \\ \' \", \u with four and \U with
// eight hexadecimal digits; a \u high surrogate must be followed by a \u low
// surrogate, and code points must be valid, as Memgraph's unescaping
// requires. Other bytes, newlines and invalid UTF-8 included, are kept.
func (l *lexer) lexString(t *token, quote byte) error {
	start := l.pos()
	var b strings.Builder
	i := l.off + 1
	for {
		if i >= len(l.src) {
			return syntaxErrorf(start, "unterminated string literal")
		}
		c := l.src[i]
		if c == quote {
			i++
			break
		}
		if c != '\\' {
			b.WriteByte(c)
			i++
			continue
		}
		escAt := i
		if i+1 >= len(l.src) {
			return syntaxErrorf(start, "unterminated string literal")
		}
		e := l.src[i+1]
		i += 2
		switch e {
		case '\\', '\'', '"':
			b.WriteByte(e)
		case 'b', 'B':
			b.WriteByte('\b')
		case 'f', 'F':
			b.WriteByte('\f')
		case 'n', 'N':
			b.WriteByte('\n')
		case 'r', 'R':
			b.WriteByte('\r')
		case 't', 'T':
			b.WriteByte('\t')
		case 'u', 'U':
			digits := 4
			if e == 'U' {
				digits = 8
			}
			cp, ok := hexDigits(l.src, i, digits)
			if !ok {
				return l.escapeError(escAt, "\\%c needs %d hexadecimal digits", e, digits)
			}
			i += digits
			if e == 'u' && cp >= 0xD800 && cp <= 0xDBFF {
				// A UTF-16 high surrogate: the low half must follow as \uXXXX.
				if i+1 >= len(l.src) || l.src[i] != '\\' || l.src[i+1] != 'u' && l.src[i+1] != 'U' {
					return l.escapeError(escAt, "invalid UTF codepoint: high surrogate \\u%04X without a low surrogate", cp)
				}
				low, ok := hexDigits(l.src, i+2, 4)
				if !ok || low < 0xDC00 || low > 0xDFFF {
					return l.escapeError(escAt, "invalid UTF codepoint: high surrogate \\u%04X without a low surrogate", cp)
				}
				cp = 0x10000 + (cp-0xD800)<<10 + (low - 0xDC00)
				i += 6
			}
			if cp > unicode.MaxRune || cp >= 0xD800 && cp <= 0xDFFF {
				return l.escapeError(escAt, "invalid UTF codepoint U+%04X", cp)
			}
			b.WriteRune(rune(cp))
		default:
			return l.escapeError(escAt, "invalid escape sequence \\%c in string literal", e)
		}
	}
	t.kind, t.val = tokString, b.String()
	l.advance(i - l.off)
	return nil
}

// escapeError reports a bad escape at byte offset at, which lies on the
// current string's line or after it.
func (l *lexer) escapeError(at int, format string, args ...any) error {
	probe := *l
	probe.advance(at - l.off)
	return syntaxErrorf(probe.pos(), format, args...)
}

func hexDigits(s string, at, n int) (uint32, bool) {
	if at+n > len(s) {
		return 0, false
	}
	v, err := strconv.ParseUint(s[at:at+n], 16, 32)
	return uint32(v), err == nil
}

// lexQuoted reads a backquoted name: ( '`' ~[`]* '`' )+, so a doubled
// backquote inside stands for one.
func (l *lexer) lexQuoted(t *token) error {
	start := l.pos()
	i := l.off
	var b strings.Builder
	for i < len(l.src) && l.src[i] == '`' {
		if i > l.off { // a doubled backquote
			b.WriteByte('`')
		}
		n := strings.IndexByte(l.src[i+1:], '`')
		if n < 0 {
			return syntaxErrorf(start, "unterminated backquoted name")
		}
		b.WriteString(l.src[i+1 : i+1+n])
		i += n + 2
	}
	t.kind, t.val = tokQuoted, b.String()
	l.advance(i - l.off)
	return nil
}

// lexNumber reads an integer or float literal with Memgraph's rules: a float
// has a fraction (digits after the point) or an exponent ('e' or 'E' with an
// optional '-', no '+'); "0x" starts a hexadecimal integer; a leading 0
// followed by digits is octal.
func (l *lexer) lexNumber(t *token) error {
	s := l.src
	i := l.off
	digits := func() {
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	}
	isDigit := func(j int) bool { return j < len(s) && s[j] >= '0' && s[j] <= '9' }
	exponentAt := func(j int) int { // length of an exponent at j, or 0
		if j < len(s) && (s[j] == 'e' || s[j] == 'E') {
			k := j + 1
			if k < len(s) && s[k] == '-' {
				k++
			}
			if isDigit(k) {
				for isDigit(k) {
					k++
				}
				return k - j
			}
		}
		return 0
	}
	if strings.HasPrefix(s[i:], "0x") {
		j := i + 2
		for j < len(s) && strings.IndexByte("0123456789abcdefABCDEF", s[j]) >= 0 {
			j++
		}
		if j > i+2 {
			t.kind, t.val = tokInt, s[i:j]
			l.advance(j - i)
			return nil
		}
	}
	float := false
	digits()
	if i < len(s) && s[i] == '.' {
		switch {
		case isDigit(i + 1):
			i++
			digits()
			float = true
		case exponentAt(i+1) > 0:
			i++
			float = true
		}
	}
	if n := exponentAt(i); n > 0 {
		i += n
		float = true
	}
	text := s[l.off:i]
	if float {
		t.kind, t.val = tokFloat, text
	} else {
		if len(text) > 1 && text[0] == '0' && strings.ContainsAny(text, "89") {
			return syntaxErrorf(l.pos(), "invalid octal literal %s", text)
		}
		t.kind, t.val = tokInt, text
	}
	l.advance(i - l.off)
	return nil
}

// tokenize lexes all of src. On a lexical error it returns the tokens before
// it and the error; the last token is tokEOF only when there is no error.
func tokenize(src string) ([]token, error) {
	l := newLexer(src)
	var out []token
	for {
		t, err := l.next()
		if err != nil {
			return out, err
		}
		out = append(out, t)
		if t.kind == tokEOF {
			return out, nil
		}
	}
}
