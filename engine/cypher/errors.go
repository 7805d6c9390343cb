package cypher

import "fmt"

// Pos is a place in the source: 1-based line and 1-based column, where a
// column counts characters (runes; a byte that is not valid UTF-8 counts as
// one), so a tab is one column.
type Pos struct{ Line, Col int }

// String formats p as "line L, column C".
func (p Pos) String() string { return fmt.Sprintf("line %d, column %d", p.Line, p.Col) }

// SyntaxError is a script that does not follow the grammar: Pos is the
// offending token (or character, for a lexical error) and Msg says what was
// expected there.
type SyntaxError struct {
	Pos Pos
	Msg string
}

func (e *SyntaxError) Error() string { return e.Pos.String() + ": " + e.Msg }

// ValueError is a well-formed expression that has no constant value: a
// variable or parameter where a literal is needed, a temporal string
// Memgraph refuses, a point map with a wrong coordinate, an unknown enum.
// Pos is the sub-expression at fault.
type ValueError struct {
	Pos Pos
	Msg string
}

func (e *ValueError) Error() string { return e.Pos.String() + ": " + e.Msg }

func syntaxErrorf(p Pos, format string, args ...any) *SyntaxError {
	return &SyntaxError{Pos: p, Msg: fmt.Sprintf(format, args...)}
}

func valueErrorf(p Pos, format string, args ...any) *ValueError {
	return &ValueError{Pos: p, Msg: fmt.Sprintf(format, args...)}
}
