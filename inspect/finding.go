package inspect

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
)

// Severity ranks a finding. Only errors make verify and plan exit 1.
type Severity int

// Severities, least severe first (spec/recovery.md §6). SeverityIO and
// SeverityTooLarge are not verdicts on the files: durascope could not read
// an input, or could not hold the graph it recovers to
// (graph.CapacityError), which Memgraph may hold.
const (
	SeverityInfo Severity = iota
	SeverityWarning
	SeverityError
	SeverityIO
	SeverityTooLarge
)

// NoVerdict reports whether s says nothing of the files but that
// durascope could not read one (SeverityIO) or hold its graph
// (SeverityTooLarge): exit 2, never a verdict.
func (s Severity) NoVerdict() bool { return s == SeverityIO || s == SeverityTooLarge }

func (s Severity) String() string {
	switch s {
	case SeverityWarning:
		return "warning"
	case SeverityError:
		return "error"
	case SeverityIO:
		return "unreadable"
	case SeverityTooLarge:
		return "too_large"
	}
	return "info"
}

// MarshalJSON writes the severity by name.
func (s Severity) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// UnmarshalJSON reads a severity name.
func (s *Severity) UnmarshalJSON(b []byte) error {
	var name string
	if err := json.Unmarshal(b, &name); err != nil {
		return err
	}
	for _, c := range []Severity{SeverityInfo, SeverityWarning, SeverityError, SeverityIO, SeverityTooLarge} {
		if c.String() == name {
			*s = c
			return nil
		}
	}
	return fmt.Errorf("unknown severity %q", name)
}

// NoOffset marks a finding that is not tied to a byte of a file.
const NoOffset = format.NoOffset

// Finding is one result of a check: where (file, byte offset, record or
// transaction), which check, how severe, and what it means.
type Finding struct {
	File     string   `json:"file,omitempty"`
	Offset   int64    `json:"offset"`           // NoOffset when the finding concerns a whole file or directory
	Record   string   `json:"record,omitempty"` // "vertex #12 gid 40", "transaction #3 (commit ts 99)"
	Check    string   `json:"check"`            // stable dotted name, e.g. "wal.checksum", "chain.gap"
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
}

func (f Finding) String() string {
	s := f.Severity.String() + " " + f.Check + ": "
	if f.File != "" {
		s += f.File + ": "
	}
	if f.Offset != NoOffset {
		s += fmt.Sprintf("offset %d: ", f.Offset)
	}
	if f.Record != "" {
		s += "(" + f.Record + ") "
	}
	return s + f.Message
}

// FindingFromError turns a decode error into an error finding named
// "<prefix>.<class>" (e.g. "decode.checksum"); other errors (I/O) become
// "<prefix>.io". A torn tail is a warning: Memgraph recovers what precedes it.
func FindingFromError(prefix, file string, err error) Finding {
	f := Finding{File: file, Offset: NoOffset, Severity: SeverityError, Message: err.Error()}
	var de *format.DecodeError
	if errors.As(err, &de) {
		f.Offset, f.Record = de.Offset, de.Record
		if de.File != "" {
			f.File = de.File
		}
		f.Message = de.Reason
		if de.Section != "" {
			f.Message = de.Section + ": " + de.Reason
		}
	}
	f.Check = prefix + "." + format.ClassName(err)
	f.Severity = ErrorSeverity(err)
	switch f.Severity {
	case SeverityIO:
		f.Check = CheckUnreadable
	case SeverityTooLarge:
		f.Check = CheckTooLarge
	}
	return f
}

// ErrorSeverity grades an error as spec/recovery.md §6 does: a torn tail
// is a warning (a crash; Memgraph drops it), any other decode error is an
// error, a graph outgrowing durascope's limits is SeverityTooLarge, and an
// error outside the decode classes (the file could not be read at all) is
// SeverityIO, durascope's own failure.
func ErrorSeverity(err error) Severity {
	switch class := format.ClassName(err); {
	case class == "":
		return SeverityInfo
	case errors.As(err, new(*graph.CapacityError)):
		return SeverityTooLarge
	case format.IsTornTail(err):
		return SeverityWarning
	case class == format.ClassIO:
		return SeverityIO
	}
	return SeverityError
}

// CheckUnreadable names findings about an input durascope itself could not
// read (permission denied, vanished, not a regular file): never a verdict
// on the files, always exit 2.
const CheckUnreadable = "input.unreadable"

// CheckTooLarge names the findings of SeverityTooLarge: an input whose
// graph outgrows what durascope holds (graph.CapacityError), which
// Memgraph may hold. Like CheckUnreadable, never a verdict on the files,
// always exit 2.
const CheckTooLarge = "input.too_large"

// Exit codes, the same for every command (spec/recovery.md §6).
const (
	ExitClean    = 0 // no error (warnings and notes allowed, unless strict)
	ExitProblems = 1 // an error, or a warning under strict
	ExitIO       = 2 // an input durascope could not read or hold (or a usage error)
)

// ExitCode is the exit code findings give: 2 when an input could not be
// read or its graph held, 1 with an error (or, strict, a warning), 0
// otherwise.
func ExitCode(fs []Finding, strict bool) int {
	code := ExitClean
	for _, f := range fs {
		switch {
		case f.Severity.NoVerdict():
			return ExitIO
		case f.Severity == SeverityError, f.Severity == SeverityWarning && strict:
			code = ExitProblems
		}
	}
	return code
}

// ErrorExitCode is ExitCode for one error (nil is clean).
func ErrorExitCode(err error, strict bool) int {
	if err == nil {
		return ExitClean
	}
	return ExitCode([]Finding{{Severity: ErrorSeverity(err)}}, strict)
}

// CountSeverity counts the findings of severity s.
func CountSeverity(fs []Finding, s Severity) int {
	n := 0
	for _, f := range fs {
		if f.Severity == s {
			n++
		}
	}
	return n
}

// SortFindings orders findings by file, then offset, then check, keeping the
// order of equal ones.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Offset != b.Offset {
			return a.Offset < b.Offset
		}
		return a.Check < b.Check
	})
}
