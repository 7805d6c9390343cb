package query

import (
	"errors"
	"fmt"

	"github.com/durascope/durascope/engine/cypher"
)

// Error is a statement that failed: Pos is the statement's or the
// offending sub-expression's position, Msg says what went wrong (in
// Memgraph's words where Memgraph has them), Err is the cause underneath
// (a storage error such as storage.ErrSerialization or a
// *storage.ConstraintViolation, or ErrNotSupported), nil if none.
type Error struct {
	Pos cypher.Pos
	Msg string
	Err error
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

func (e *Error) Unwrap() error { return e.Err }

// ErrNotSupported is the cause of an Error for Cypher the executor does
// not run.
var ErrNotSupported = errors.New("not supported")

func errorf(p cypher.Pos, format string, args ...any) *Error {
	return &Error{Pos: p, Msg: fmt.Sprintf(format, args...)}
}

func notSupported(p cypher.Pos, format string, args ...any) *Error {
	return &Error{Pos: p, Msg: fmt.Sprintf(format, args...) + " is not supported", Err: ErrNotSupported}
}

// wrapErr gives err a position: an *Error keeps its own, anything else
// (a storage error) gets p and its message.
func wrapErr(p cypher.Pos, err error) error {
	if err == nil {
		return nil
	}
	var qe *Error
	if errors.As(err, &qe) {
		return err
	}
	return &Error{Pos: p, Msg: err.Error(), Err: err}
}

// multicommandError is Memgraph's MulticommandTxException for a statement
// an explicit transaction refuses.
func multicommandError(p cypher.Pos, what string) *Error {
	return errorf(p, "%s is not allowed in multicommand transactions. A multicommand transaction, also known as an "+
		"explicit transaction, groups multiple commands into a single atomic operation. Instead, please use an "+
		"implicit transaction, also knwon as an auto committing transaction, in order to execute this particular "+
		"query. For more details, visit https://memgraph.com/docs", what)
}

// literalErr turns an error of cypher.EvalLiteral into an *Error at the
// sub-expression it names (at p when it names none).
func literalErr(p cypher.Pos, err error) *Error {
	var ve *cypher.ValueError
	if errors.As(err, &ve) {
		return &Error{Pos: ve.Pos, Msg: ve.Msg, Err: err}
	}
	return &Error{Pos: p, Msg: err.Error(), Err: err}
}
