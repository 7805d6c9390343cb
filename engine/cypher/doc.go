// Package cypher reads the Cypher the engine runs: a hand-written lexer and
// a recursive-descent parser that follow Memgraph's grammar
// (src/query/frontend/opencypher/grammar: CypherLexer.g4, Cypher.g4,
// MemgraphCypher.g4) into a typed AST with positions, and EvalLiteral,
// which turns constant expressions into format values as Memgraph would.
//
// # Entry points
//
//	ParseScript(src) ([]Statement, error)  a script as mgconsole sends it
//	Parse(stmt) (Statement, error)         exactly one statement, ';' optional
//	ParseExpr(src) (Expr, error)           one expression
//	EvalLiteral(e, enums) (format.Value, error)
//
// Errors are *SyntaxError (grammar, lexing) and *ValueError (evaluation),
// both with the Pos (1-based line, and column counted in characters) of the
// offending token or sub-expression; Error() reads "line L, column C: msg",
// where msg says what was expected and what was found.
//
// # Scripts
//
// Statements end with ';'. Lines without one join the next, as mgconsole
// joins them, so "CREATE (a)\nCREATE (b);" is one query of two clauses.
// Comments are // to the end of the line and /* ... */. Empty statements
// are skipped, and a last statement without ';' is taken. Every Statement
// carries its Span: position, byte range and text. ParseScript returns the
// statements before a failing one together with the error.
//
// # Statements
//
// A *Query is a sequence of clauses, kept general so the executor rejects
// the combinations it does not run: [OPTIONAL] MATCH with WHERE, CREATE,
// MERGE with ON CREATE/ON MATCH SET, SET (n.p = e, n = map, n += map,
// n:L), REMOVE (n:L, n.p), [DETACH] DELETE, RETURN and WITH (DISTINCT, AS,
// ORDER BY, SKIP, LIMIT, *), UNWIND. Patterns are paths of node and
// relationship patterns in either direction, with labels, types (T1|T2)
// and property maps or parameters. CALL, LOAD CSV, FOREACH, UNION, query
// directives, variable-length relationships, list and pattern
// comprehensions and the FILTER/EXTRACT/REDUCE/ALL/ANY/NONE/SINGLE/EXISTS
// atoms are refused as "not supported" at their position.
//
// The other statements, each with its own type: label, label-property
// (nested paths a.b.c, WITH CONFIG), edge-type, global, point, text and
// vector indices (label alternatives :A|B, conjunctions :A&B, wildcard ON
// (p)), create and drop; EXISTS, UNIQUE, NODE KEY and IS TYPED
// constraints; CREATE/ALTER/DROP ENUM; ENABLE/DISABLE/STOP TTL; SET and
// DELETE DESCRIPTION on every target kind; ANALYZE GRAPH; and the
// fixed-keyword commands (BEGIN, COMMIT, ROLLBACK, CREATE SNAPSHOT,
// LOCK/UNLOCK DATA DIRECTORY, DATA DIRECTORY LOCK STATUS, DUMP DATABASE,
// SHOW STORAGE INFO and other SHOW statements, DROP GRAPH, ...) as a
// *Command.
//
// # Lexical rules, as Memgraph's lexer has them
//
// Keywords match in any case and, as in the grammar, are also valid names
// wherever a name is expected (a label CREATE, a variable count);
// backquoted names may hold anything, a doubled backquote standing for one. Integers are
// decimal, 0x hexadecimal or 0-prefixed octal and must fit an int64; a '-'
// is an operator, so -9223372036854775808 is out of range. Floats have a
// fraction or an exponent (1.5, .5, 1e3, 1.e3, 1e-3) whose sign can only
// be '-'. Strings use '...' or "..." with the escapes \\ \' \" \b \f \n \r
// \t (either case), \uXXXX (a high surrogate must be followed by its low
// half) and \UXXXXXXXX. Enum values are Type::Value. A map literal may not
// repeat a key. Memgraph's Unicode arrow heads and dashes work in
// relationship patterns.
//
// # Evaluation
//
// EvalLiteral evaluates literals, lists, maps (entries in source order),
// unary minus and plus, enum values (through an EnumResolver; they stay
// symbolic in the AST as *EnumRef), and the constructors DUMP DATABASE
// writes, with any case of their names: point({...}), date, localtime,
// localdatetime, datetime and duration of a string. The rules are
// Memgraph's: point() maps as its spatial tests pin them (x/y or
// longitude/latitude, z or height, crs or srid, WGS-84 ranges); temporal
// strings as src/utils/temporal.cpp reads them (see temporal.go), local
// date-times in UTC (Memgraph's default instance time zone), durations
// summed in double precision so a fraction of a second may lose a
// microsecond exactly as Memgraph loses it. A zoned date-time takes 'Z',
// ±hh:mm, ±hhmm or ±hh, and/or a zone name in square brackets (names from
// Go's embedded tzdata): with a name the value is in that zone, the offset
// choosing between the two instants of a repeated wall clock.
//
// Every value engine/graph's dump printer writes reads back to the same
// value, except where Memgraph cannot read it either: the smallest int64,
// doubles printed with "e+", NaN and infinities.
package cypher
