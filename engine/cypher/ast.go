package cypher

import "github.com/durascope/durascope/format"

// Span is where a statement is in the text it was parsed from: the position
// of its first token, and the byte range from its first token to the end of
// its last one (the closing ';' excluded).
type Span struct {
	Pos        Pos
	Start, End int
	Text       string
}

// StatementSpan returns s; every statement embeds a Span.
func (s Span) StatementSpan() Span { return s }

func (s *Span) setSpan(to Span) { *s = to }

// Statement is one parsed statement. Its concrete type is one of: *Query,
// *LabelIndex, *EdgeIndex, *GlobalIndex, *PointIndex, *TextIndex,
// *VectorIndex, *Constraint, *CreateEnum, *AlterEnum, *DropEnum, *TTL,
// *Description, *AnalyzeGraph, *Command.
type Statement interface {
	StatementSpan() Span
	setSpan(Span)
}

// Ident is a name as written: a variable, label, edge type, property key,
// index, enum or database name. Backquoted names are unquoted.
type Ident struct {
	Name string
	Pos  Pos
}

// ---- Queries ----

// Query is a query: a sequence of clauses, kept general so that the
// executor decides which combinations it runs.
type Query struct {
	Span
	Clauses []Clause
}

// Clause is one of *Match, *Create, *Merge, *Set, *Remove, *Delete,
// *Return, *With, *Unwind.
type Clause interface{ ClausePos() Pos }

// Match is [OPTIONAL] MATCH patterns [WHERE expr].
type Match struct {
	Pos      Pos
	Optional bool
	Patterns []*Pattern
	Where    Expr // nil without WHERE
}

// Create is CREATE patterns.
type Create struct {
	Pos      Pos
	Patterns []*Pattern
}

// Merge is MERGE pattern [ON CREATE SET ...] [ON MATCH SET ...]; the items
// of repeated actions are concatenated in order.
type Merge struct {
	Pos      Pos
	Pattern  *Pattern
	OnCreate []SetItem
	OnMatch  []SetItem
}

// Set is SET item, ...
type Set struct {
	Pos   Pos
	Items []SetItem
}

// Remove is REMOVE item, ...
type Remove struct {
	Pos   Pos
	Items []RemoveItem
}

// Delete is [DETACH] DELETE expr, ...
type Delete struct {
	Pos     Pos
	Detach  bool
	Targets []Expr
}

// Return is RETURN [DISTINCT] items [ORDER BY ...] [SKIP n] [LIMIT n].
type Return struct {
	Pos Pos
	Projection
}

// With is WITH [DISTINCT] items [ORDER BY ...] [SKIP n] [LIMIT n] [WHERE expr].
type With struct {
	Pos Pos
	Projection
	Where Expr
}

// Unwind is UNWIND expr AS variable.
type Unwind struct {
	Pos  Pos
	List Expr
	As   Ident
}

func (c *Match) ClausePos() Pos  { return c.Pos }
func (c *Create) ClausePos() Pos { return c.Pos }
func (c *Merge) ClausePos() Pos  { return c.Pos }
func (c *Set) ClausePos() Pos    { return c.Pos }
func (c *Remove) ClausePos() Pos { return c.Pos }
func (c *Delete) ClausePos() Pos { return c.Pos }
func (c *Return) ClausePos() Pos { return c.Pos }
func (c *With) ClausePos() Pos   { return c.Pos }
func (c *Unwind) ClausePos() Pos { return c.Pos }

// Projection is the body of RETURN and WITH.
type Projection struct {
	Distinct bool
	All      bool // '*' as the first item
	AllPos   Pos  // where the '*' is, when All
	Items    []*ProjectionItem
	OrderBy  []*SortItem
	Skip     Expr // nil when absent
	Limit    Expr // nil when absent
}

// ProjectionItem is expr [AS alias]. Text is the expression's source text,
// which Memgraph uses as the column name when there is no alias.
type ProjectionItem struct {
	Expr  Expr
	Alias *Ident
	Text  string
}

// SortItem is one ORDER BY key.
type SortItem struct {
	Expr       Expr
	Descending bool
}

// SetItem is one of *SetProperty, *SetProperties, *SetLabels.
type SetItem interface{ ItemPos() Pos }

// SetProperty is target.key = value (target may itself be a property chain).
type SetProperty struct {
	Pos    Pos
	Target *Property
	Value  Expr
}

// SetProperties is var = map (replace all properties) or var += map (Merge).
type SetProperties struct {
	Pos      Pos
	Variable Ident
	Value    Expr
	Merge    bool
}

// SetLabels is var:L1:L2.
type SetLabels struct {
	Pos      Pos
	Variable Ident
	Labels   []Ident
}

// RemoveItem is one of *RemoveProperty, *RemoveLabels.
type RemoveItem interface{ ItemPos() Pos }

// RemoveProperty is REMOVE target.key.
type RemoveProperty struct {
	Pos    Pos
	Target *Property
}

// RemoveLabels is REMOVE var:L1:L2.
type RemoveLabels struct {
	Pos      Pos
	Variable Ident
	Labels   []Ident
}

func (i *SetProperty) ItemPos() Pos    { return i.Pos }
func (i *SetProperties) ItemPos() Pos  { return i.Pos }
func (i *SetLabels) ItemPos() Pos      { return i.Pos }
func (i *RemoveProperty) ItemPos() Pos { return i.Pos }
func (i *RemoveLabels) ItemPos() Pos   { return i.Pos }

// Pattern is [var =] (node) (-[rel]- (node))*: Nodes has one more element
// than Rels, and Rels[i] joins Nodes[i] and Nodes[i+1].
type Pattern struct {
	Pos      Pos
	Variable *Ident // path variable, nil if none
	Nodes    []*NodePattern
	Rels     []*RelPattern
}

// NodePattern is (var:L1:L2 {props}).
type NodePattern struct {
	Pos        Pos
	Variable   *Ident
	Labels     []Ident
	Properties Expr // nil, *MapLit or *Param
}

// Direction of a relationship pattern, read left to right.
type Direction uint8

const (
	DirBoth Direction = iota // -[]- or <-[]->
	DirOut                   // -[]->
	DirIn                    // <-[]-
)

// RelPattern is -[var:T1|T2 {props}]-> with its direction.
type RelPattern struct {
	Pos        Pos
	Variable   *Ident
	Types      []Ident
	Direction  Direction
	Properties Expr // nil, *MapLit or *Param
}

// ---- Expressions ----

// Expr is an expression: *IntLit, *FloatLit, *StringLit, *BoolLit,
// *NullLit, *ListLit, *MapLit, *Param, *Variable, *Property, *HasLabels,
// *Unary, *Binary, *IsNull, *Index, *Slice, *Call, *CountAll, *EnumRef or
// *Case.
type Expr interface{ ExprPos() Pos }

// IntLit is an integer literal.
type IntLit struct {
	Pos   Pos
	Value int64
}

// FloatLit is a floating-point literal.
type FloatLit struct {
	Pos   Pos
	Value float64
}

// StringLit is a string literal, unescaped.
type StringLit struct {
	Pos   Pos
	Value string
}

// BoolLit is true or false.
type BoolLit struct {
	Pos   Pos
	Value bool
}

// NullLit is null.
type NullLit struct{ Pos Pos }

// ListLit is [a, b, ...].
type ListLit struct {
	Pos   Pos
	Items []Expr
}

// MapLit is {key: value, ...} with its entries in source order; keys are
// unique.
type MapLit struct {
	Pos     Pos
	Entries []MapEntry
}

// MapEntry is one key: value of a MapLit.
type MapEntry struct {
	Key   Ident
	Value Expr
}

// Param is $name or $0.
type Param struct {
	Pos  Pos
	Name string
}

// Variable is a name used as a value.
type Variable struct {
	Pos  Pos
	Name string
}

// Property is subject.key.
type Property struct {
	Pos     Pos
	Subject Expr
	Key     Ident
}

// HasLabels is subject:L1:L2, a label test.
type HasLabels struct {
	Pos     Pos
	Subject Expr
	Labels  []Ident
}

// Operator names a unary or binary operator.
type Operator string

// Operators. "!=" parses as OpNotEqual.
const (
	OpOr         Operator = "OR"
	OpXor        Operator = "XOR"
	OpAnd        Operator = "AND"
	OpNot        Operator = "NOT"
	OpEqual      Operator = "="
	OpNotEqual   Operator = "<>"
	OpLess       Operator = "<"
	OpLessEq     Operator = "<="
	OpGreater    Operator = ">"
	OpGreaterEq  Operator = ">="
	OpAdd        Operator = "+"
	OpSub        Operator = "-"
	OpMul        Operator = "*"
	OpDiv        Operator = "/"
	OpMod        Operator = "%"
	OpPow        Operator = "^"
	OpNeg        Operator = "unary -"
	OpPlus       Operator = "unary +"
	OpRegex      Operator = "=~"
	OpIn         Operator = "IN"
	OpStartsWith Operator = "STARTS WITH"
	OpEndsWith   Operator = "ENDS WITH"
	OpContains   Operator = "CONTAINS"
)

// Unary is NOT x, -x or +x.
type Unary struct {
	Pos     Pos
	Op      Operator
	Operand Expr
}

// Binary is left op right. A chain of comparisons a < b < c parses, as in
// Memgraph, into (a < b) AND (b < c) sharing the middle operand.
type Binary struct {
	Pos         Pos
	Op          Operator
	Left, Right Expr
}

// IsNull is x IS NULL, or x IS NOT NULL when Negated.
type IsNull struct {
	Pos     Pos
	Operand Expr
	Negated bool
}

// Index is subject[index].
type Index struct {
	Pos            Pos
	Subject, Index Expr
}

// Slice is subject[from..to]; From and To may be nil.
type Slice struct {
	Pos      Pos
	Subject  Expr
	From, To Expr
}

// Call is a function call; Name is as written (dotted for namespaced
// functions such as point.distance), compared case-insensitively.
type Call struct {
	Pos      Pos
	Name     string
	Distinct bool
	Args     []Expr
}

// CountAll is count(*).
type CountAll struct{ Pos Pos }

// EnumRef is Type::Value, kept symbolic: its value depends on the enum
// registry (see EvalLiteral).
type EnumRef struct {
	Pos         Pos
	Type, Value string
}

// Case is CASE [test] WHEN ... THEN ... [ELSE ...] END.
type Case struct {
	Pos   Pos
	Test  Expr // nil for the generic form
	Whens []CaseWhen
	Else  Expr // nil without ELSE
}

// CaseWhen is one WHEN ... THEN ... of a Case.
type CaseWhen struct{ When, Then Expr }

func (e *IntLit) ExprPos() Pos    { return e.Pos }
func (e *FloatLit) ExprPos() Pos  { return e.Pos }
func (e *StringLit) ExprPos() Pos { return e.Pos }
func (e *BoolLit) ExprPos() Pos   { return e.Pos }
func (e *NullLit) ExprPos() Pos   { return e.Pos }
func (e *ListLit) ExprPos() Pos   { return e.Pos }
func (e *MapLit) ExprPos() Pos    { return e.Pos }
func (e *Param) ExprPos() Pos     { return e.Pos }
func (e *Variable) ExprPos() Pos  { return e.Pos }
func (e *Property) ExprPos() Pos  { return e.Pos }
func (e *HasLabels) ExprPos() Pos { return e.Pos }
func (e *Unary) ExprPos() Pos     { return e.Pos }
func (e *Binary) ExprPos() Pos    { return e.Pos }
func (e *IsNull) ExprPos() Pos    { return e.Pos }
func (e *Index) ExprPos() Pos     { return e.Pos }
func (e *Slice) ExprPos() Pos     { return e.Pos }
func (e *Call) ExprPos() Pos      { return e.Pos }
func (e *CountAll) ExprPos() Pos  { return e.Pos }
func (e *EnumRef) ExprPos() Pos   { return e.Pos }
func (e *Case) ExprPos() Pos      { return e.Pos }

// ---- Schema and administration ----

// LabelIndex is CREATE|DROP INDEX ON :L or :L(p, q.r, ...) [WITH CONFIG {...}].
// Each property is a path: nested properties a.b.c have three parts.
type LabelIndex struct {
	Span
	Drop       bool
	Label      Ident
	Properties [][]Ident
	Config     *MapLit // nil without WITH CONFIG
}

// EdgeIndex is CREATE|DROP EDGE INDEX ON :T or :T(p, ...).
type EdgeIndex struct {
	Span
	Drop       bool
	EdgeType   Ident
	Properties []Ident
}

// GlobalIndex is CREATE|DROP GLOBAL [EDGE] INDEX ON :(p).
type GlobalIndex struct {
	Span
	Drop     bool
	Edge     bool
	Property Ident
}

// PointIndex is CREATE|DROP POINT INDEX ON :L(p).
type PointIndex struct {
	Span
	Drop     bool
	Label    Ident
	Property Ident
}

// TextIndex is CREATE TEXT [EDGE] INDEX name ON :L[(p, ...)] or DROP TEXT
// INDEX name (which has only Name).
type TextIndex struct {
	Span
	Drop       bool
	Edge       bool
	Name       Ident
	Target     Ident
	Properties []Ident
}

// VectorIndex is CREATE VECTOR [EDGE] INDEX name ON <targets>(p) WITH CONFIG
// {...}, or DROP VECTOR INDEX name (which has only Name). Targets is empty
// for the wildcard form ON (p); several targets are alternatives (:A|B) or,
// with AllOf, a conjunction (:A&B).
type VectorIndex struct {
	Span
	Drop     bool
	Edge     bool
	Name     Ident
	Targets  []Ident
	AllOf    bool
	Property Ident
	Config   *MapLit
}

// ConstraintKind is the kind of a constraint.
type ConstraintKind uint8

const (
	ConstraintExists  ConstraintKind = iota // ASSERT EXISTS (n.p)
	ConstraintUnique                        // ASSERT n.p, n.q IS UNIQUE
	ConstraintNodeKey                       // ASSERT (n.p, n.q) IS NODE KEY
	ConstraintTyped                         // ASSERT n.p IS TYPED T
)

// Constraint is CREATE|DROP CONSTRAINT ON (n:L) ASSERT ...; every property
// refers to Variable. For ConstraintTyped, Type is the type's code in
// format.TypeConstraintKinds and TypeName its spelling in the statement.
type Constraint struct {
	Span
	Drop       bool
	Kind       ConstraintKind
	Variable   Ident
	Label      Ident
	Properties []Ident
	Type       uint64
	TypeName   string
}

// CreateEnum is CREATE ENUM Name VALUES {A, B, ...}.
type CreateEnum struct {
	Span
	Name   Ident
	Values []Ident
}

// EnumAction says what ALTER ENUM does.
type EnumAction uint8

const (
	EnumAddValue    EnumAction = iota // ADD VALUE v
	EnumUpdateValue                   // UPDATE VALUE old TO new
	EnumRemoveValue                   // REMOVE VALUE v
)

// AlterEnum is ALTER ENUM Name ADD VALUE v | UPDATE VALUE v TO w | REMOVE VALUE v.
type AlterEnum struct {
	Span
	Name     Ident
	Action   EnumAction
	Value    Ident
	NewValue Ident // for EnumUpdateValue
}

// DropEnum is DROP ENUM Name.
type DropEnum struct {
	Span
	Name Ident
}

// TTLAction says what a TTL statement does.
type TTLAction uint8

const (
	TTLEnable  TTLAction = iota // ENABLE TTL [EVERY period] [AT time]
	TTLDisable                  // DISABLE TTL
	TTLStop                     // STOP TTL
)

// TTL is ENABLE TTL [EVERY "period"] [AT "hh:mm:ss"] (either order),
// DISABLE TTL or STOP TTL. Every and At are literals, nil when absent.
type TTL struct {
	Span
	Action TTLAction
	Every  Expr
	At     Expr
}

// DescriptionTarget is what a description is on. Kind uses the format's
// description kinds; which fields are set depends on it:
//
//	DescDatabase                  Database
//	DescLabel                     Labels
//	DescEdgeType                  EdgeType
//	DescLabelProperty             Labels, Property
//	DescEdgeTypeProperty          EdgeType, Property
//	DescProperty                  Property
//	DescPropertyValue             Property, Value
//	DescEdgeTypePattern           Labels (from), EdgeType, ToLabels
//	DescEdgeTypePatternProperty   Labels (from), EdgeType, ToLabels, Property
type DescriptionTarget struct {
	Kind     format.DescriptionKind
	Labels   []Ident
	EdgeType Ident
	ToLabels []Ident
	Property Ident
	Value    Expr
	Database Ident
}

// Description is SET DESCRIPTION ON target "text" or DELETE DESCRIPTION ON
// target (Delete, no Text).
type Description struct {
	Span
	Delete bool
	Target DescriptionTarget
	Text   string
}

// AnalyzeGraph is ANALYZE GRAPH [ON LABELS :A, :B | *] [DELETE STATISTICS].
// Labels is empty, and AllLabels true, without ON LABELS or with '*'.
type AnalyzeGraph struct {
	Span
	Labels           []Ident
	AllLabels        bool
	DeleteStatistics bool
}

// CommandKind names a statement that is a fixed sequence of keywords.
type CommandKind uint8

const (
	CmdBegin                   CommandKind = iota // BEGIN
	CmdCommit                                     // COMMIT
	CmdRollback                                   // ROLLBACK
	CmdCreateSnapshot                             // CREATE SNAPSHOT
	CmdLockDataDirectory                          // LOCK DATA DIRECTORY
	CmdUnlockDataDirectory                        // UNLOCK DATA DIRECTORY
	CmdDataDirectoryLockStatus                    // DATA DIRECTORY LOCK STATUS
	CmdDumpDatabase                               // DUMP DATABASE
	CmdShowStorageInfo                            // SHOW STORAGE INFO
	CmdShowIndexInfo                              // SHOW INDEX INFO
	CmdShowConstraintInfo                         // SHOW CONSTRAINT INFO
	CmdShowEnums                                  // SHOW ENUMS
	CmdShowSchemaInfo                             // SHOW SCHEMA INFO
	CmdShowDescriptions                           // SHOW DESCRIPTIONS
	CmdShowSnapshots                              // SHOW SNAPSHOTS
	CmdFreeMemory                                 // FREE MEMORY
	CmdDropGraph                                  // DROP GRAPH
	CmdDropAllIndexes                             // DROP ALL INDEXES
	CmdDropAllConstraints                         // DROP ALL CONSTRAINTS
)

// commands is the grammar of the fixed-keyword statements.
var commands = []struct {
	kind  CommandKind
	words []string
}{
	{CmdBegin, []string{"BEGIN"}},
	{CmdCommit, []string{"COMMIT"}},
	{CmdRollback, []string{"ROLLBACK"}},
	{CmdCreateSnapshot, []string{"CREATE", "SNAPSHOT"}},
	{CmdLockDataDirectory, []string{"LOCK", "DATA", "DIRECTORY"}},
	{CmdUnlockDataDirectory, []string{"UNLOCK", "DATA", "DIRECTORY"}},
	{CmdDataDirectoryLockStatus, []string{"DATA", "DIRECTORY", "LOCK", "STATUS"}},
	{CmdDumpDatabase, []string{"DUMP", "DATABASE"}},
	{CmdShowStorageInfo, []string{"SHOW", "STORAGE", "INFO"}},
	{CmdShowIndexInfo, []string{"SHOW", "INDEX", "INFO"}},
	{CmdShowConstraintInfo, []string{"SHOW", "CONSTRAINT", "INFO"}},
	{CmdShowEnums, []string{"SHOW", "ENUMS"}},
	{CmdShowSchemaInfo, []string{"SHOW", "SCHEMA", "INFO"}},
	{CmdShowDescriptions, []string{"SHOW", "DESCRIPTIONS"}},
	{CmdShowSnapshots, []string{"SHOW", "SNAPSHOTS"}},
	{CmdFreeMemory, []string{"FREE", "MEMORY"}},
	{CmdDropGraph, []string{"DROP", "GRAPH"}},
	{CmdDropAllIndexes, []string{"DROP", "ALL", "INDEXES"}},
	{CmdDropAllConstraints, []string{"DROP", "ALL", "CONSTRAINTS"}},
}

// String spells the command as its keywords.
func (k CommandKind) String() string {
	for _, c := range commands {
		if c.kind == k {
			s := c.words[0]
			for _, w := range c.words[1:] {
				s += " " + w
			}
			return s
		}
	}
	return "UNKNOWN COMMAND"
}

// Command is a statement made of fixed keywords only.
type Command struct {
	Span
	Kind CommandKind
}

// String spells the direction as the arrow it parses from.
func (d Direction) String() string {
	switch d {
	case DirOut:
		return "-->"
	case DirIn:
		return "<--"
	}
	return "--"
}

// String names the constraint kind as the statement writes it.
func (k ConstraintKind) String() string {
	switch k {
	case ConstraintExists:
		return "EXISTS"
	case ConstraintUnique:
		return "IS UNIQUE"
	case ConstraintNodeKey:
		return "IS NODE KEY"
	case ConstraintTyped:
		return "IS TYPED"
	}
	return "UNKNOWN CONSTRAINT"
}

// String names the action as the statement writes it.
func (a EnumAction) String() string {
	switch a {
	case EnumAddValue:
		return "ADD VALUE"
	case EnumUpdateValue:
		return "UPDATE VALUE"
	case EnumRemoveValue:
		return "REMOVE VALUE"
	}
	return "UNKNOWN ENUM ACTION"
}

// String names the action as the statement writes it.
func (a TTLAction) String() string {
	switch a {
	case TTLEnable:
		return "ENABLE TTL"
	case TTLDisable:
		return "DISABLE TTL"
	case TTLStop:
		return "STOP TTL"
	}
	return "UNKNOWN TTL ACTION"
}
