package inspect

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	"github.com/durascope/durascope/format"
)

// Severity ranks a finding. Only errors make verify and plan exit 1.
type Severity int

// Severities, least severe first.
const (
	SeverityInfo Severity = iota
	SeverityWarning
	SeverityError
)

func (s Severity) String() string {
	switch s {
	case SeverityWarning:
		return "warning"
	case SeverityError:
		return "error"
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
	for _, c := range []Severity{SeverityInfo, SeverityWarning, SeverityError} {
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
	if format.IsTornTail(err) {
		f.Severity = SeverityWarning
	}
	return f
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
