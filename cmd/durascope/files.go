package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"github.com/durascope/durascope/engine/datadir"
)

// needArgs reports a usage error when no FILE (or PATH) argument was given.
func needArgs(fs *pflag.FlagSet, stderr io.Writer, what string) bool {
	if fs.NArg() > 0 {
		return true
	}
	usageError(fs, stderr, "at least one "+what+" is required")
	return false
}

// fileReport is what info, stats and compat make of one file.
type fileReport interface{ Err() error }

// readFiles opens each path in turn and collects what read makes of it. A
// file that cannot be opened is reported and makes the exit code 2; a report
// with a problem is reported (its Err, as the report's Problem says it) and
// sets the code by the problem's severity (a torn tail is a warning). The
// list is never nil, so JSON prints [].
func readFiles[R fileReport](name string, paths []string, strict bool, stderr io.Writer, read func(path string, f *datadir.File) R) ([]R, int) {
	code := exitOK
	reports := []R{}
	for _, path := range paths {
		f, err := datadir.Open(path)
		if err != nil {
			fmt.Fprintf(stderr, "durascope %s: %v\n", name, err)
			code = exitUsage
			continue
		}
		r := read(path, f)
		f.Close()
		if err := r.Err(); err != nil {
			fmt.Fprintf(stderr, "durascope %s: %s\n", name, describe(err))
			code = max(code, problemCode(err, strict))
		}
		reports = append(reports, r)
	}
	return reports, code
}

// printReports prints the reports as one JSON array, or each with print and
// a blank line between them; it returns code, or 2 if JSON cannot be written.
func printReports[R any](stdout, stderr io.Writer, name string, asJSON bool, reports []R, code int, print func(io.Writer, R)) int {
	if asJSON {
		if reports == nil {
			reports = []R{}
		}
		return writeJSON(stdout, stderr, name, reports, code, true)
	}
	for i, r := range reports {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		print(stdout, r)
	}
	return code
}

// writeJSON prints v as indented JSON and returns code, or 2 if it cannot be
// written. escapeHTML is encoding/json's default; plan turns it off so its
// reasons print "<=" as written.
func writeJSON(stdout, stderr io.Writer, name string, v any, code int, escapeHTML bool) int {
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(escapeHTML)
	if err := enc.Encode(v); err != nil {
		fmt.Fprintf(stderr, "durascope %s: %v\n", name, err)
		return exitUsage
	}
	return code
}
