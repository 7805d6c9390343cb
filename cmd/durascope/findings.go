package main

import (
	"fmt"
	"io"
	"strconv"

	"github.com/olekukonko/tablewriter"

	"github.com/durascope/durascope/inspect"
)

// printFindings renders findings as a table (severity, check, file, offset,
// record, message) followed by a one-line count. Nothing is printed for an
// empty list but the count.
func printFindings(w io.Writer, fs []inspect.Finding) {
	if len(fs) > 0 {
		t := tablewriter.NewWriter(w)
		t.Header("severity", "check", "file", "offset", "record", "message")
		for _, f := range fs {
			off := ""
			if f.Offset != inspect.NoOffset {
				off = strconv.FormatInt(f.Offset, 10)
			}
			t.Append(f.Severity.String(), f.Check, f.File, off, f.Record, f.Message)
		}
		t.Render()
	}
	fmt.Fprintf(w, "%d errors, %d warnings, %d notes\n",
		inspect.CountSeverity(fs, inspect.SeverityError),
		inspect.CountSeverity(fs, inspect.SeverityWarning),
		inspect.CountSeverity(fs, inspect.SeverityInfo))
}
