package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/olekukonko/tablewriter"

	"github.com/durascope/durascope/inspect"
)

// printFindings renders findings, then a one-line count: a table
// (severity, check, file, offset, record, message) on a terminal wide
// enough for it, otherwise one line each ("error wal.txn_crc: FILE: offset
// N: (RECORD) MESSAGE"), which pipes and narrow terminals read better.
// Nothing is printed for an empty list but the count.
func printFindings(w io.Writer, fs []inspect.Finding) {
	if len(fs) > 0 {
		var b bytes.Buffer
		t := tablewriter.NewWriter(&b)
		t.Header("severity", "check", "file", "offset", "record", "message")
		for _, f := range fs {
			off := ""
			if f.Offset != inspect.NoOffset {
				off = strconv.FormatInt(f.Offset, 10)
			}
			t.Append(f.Severity.String(), f.Check, f.File, off, f.Record, f.Message)
		}
		t.Render()
		if fitsTerminal(w, b.String()) {
			w.Write(b.Bytes())
		} else {
			for _, f := range fs {
				fmt.Fprintln(w, f)
			}
		}
	}
	fmt.Fprintf(w, "%s, %s, %s",
		plural(inspect.CountSeverity(fs, inspect.SeverityError), "error"),
		plural(inspect.CountSeverity(fs, inspect.SeverityWarning), "warning"),
		plural(inspect.CountSeverity(fs, inspect.SeverityInfo), "note"))
	if n := inspect.CountSeverity(fs, inspect.SeverityIO); n > 0 {
		fmt.Fprintf(w, "; %s durascope could not read", plural(n, "input"))
	}
	if n := inspect.CountSeverity(fs, inspect.SeverityTooLarge); n > 0 {
		fmt.Fprintf(w, "; %s too large for durascope", plural(n, "graph"))
	}
	fmt.Fprintln(w)
}

// fitsTerminal reports whether w is a terminal at least as wide as every
// line of text.
func fitsTerminal(w io.Writer, text string) bool {
	f, ok := w.(*os.File)
	if !ok || !isTerminal(w) {
		return false
	}
	cols := terminalWidth(f)
	for _, line := range strings.Split(text, "\n") {
		if utf8.RuneCountInString(line) > cols {
			return false
		}
	}
	return cols > 0
}
