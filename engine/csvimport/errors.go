package csvimport

import (
	"errors"
	"fmt"
)

// Problem names why an input was refused (or, with a skip flag, skipped).
// The names are stable: the --json report and tests use them.
type Problem string

// Problems. The ones marked skippable become counted warnings under
// SkipDuplicateNodes and SkipBadRelationships; every other one stops the
// import.
const (
	ProblemOpen              Problem = "open"               // an input file that does not open or read
	ProblemNullByte          Problem = "null_byte"          // a NUL byte in the CSV
	ProblemMissingEndQuote   Problem = "missing_end_quote"  // the file ends inside a quoted field
	ProblemExpectedDelimiter Problem = "expected_delimiter" // something other than the delimiter after a closing quote
	ProblemBadHeader         Problem = "bad_header"         // a header field that is not name[:type]
	ProblemColumnCount       Problem = "column_count"       // a row with the wrong number of fields
	ProblemBadInteger        Problem = "bad_integer"
	ProblemBadDouble         Problem = "bad_double"
	ProblemUnknownType       Problem = "unknown_type"   // a column type the format does not have
	ProblemBadIDField        Problem = "bad_id_field"   // an ID column whose type is not [START_|END_]ID[(space)]
	ProblemSeveralIDs        Problem = "several_ids"    // two ID (START_ID, END_ID) columns in one row
	ProblemDuplicateNode     Problem = "duplicate_node" // skippable: SkipDuplicateNodes
	ProblemUnknownNode       Problem = "unknown_node"   // skippable: SkipBadRelationships
	ProblemDuplicateProperty Problem = "duplicate_property"
	ProblemDuplicateLabel    Problem = "duplicate_label"
	ProblemMissingEndpoint   Problem = "missing_endpoint"  // no START_ID or END_ID column
	ProblemType              Problem = "relationship_type" // no TYPE, or both a TYPE column and one given with the files
	ProblemEdgeProperties    Problem = "properties_on_edges_disabled"
)

// InputError is bad input: where it is (file, 1-based line and column,
// the column counted in characters; Field is the header name of the field,
// when there is one) and why.
type InputError struct {
	File    string
	Line    int
	Column  int
	Field   string
	Problem Problem
	Reason  string
}

func (e *InputError) Error() string {
	where := e.File
	if e.Line > 0 {
		where += fmt.Sprintf(":%d", e.Line)
		if e.Column > 0 {
			where += fmt.Sprintf(":%d", e.Column)
		}
	}
	if e.Field != "" {
		return fmt.Sprintf("%s: field %q: %s", where, e.Field, e.Reason)
	}
	return where + ": " + e.Reason
}

// OptionError is an option the importer cannot work with (the old tool's
// flag validators: an empty or multi-line delimiter, quote or array
// delimiter, an unknown id type), or a missing input.
type OptionError struct {
	Option string // the command-line flag, without dashes
	Reason string
}

func (e *OptionError) Error() string { return "--" + e.Option + ": " + e.Reason }

// ErrExistingFiles is wrapped when the data directory already holds
// durability files and Options.Force is not set.
var ErrExistingFiles = errors.New("the data directory already holds durability files")

// Warning is a row skipped under a skip flag.
type Warning struct {
	File    string  `json:"file"`
	Line    int     `json:"line"`
	Column  int     `json:"column"`
	Problem Problem `json:"problem"`
	Message string  `json:"message"`
}

func (w Warning) String() string {
	return fmt.Sprintf("%s:%d:%d: %s", w.File, w.Line, w.Column, w.Message)
}
