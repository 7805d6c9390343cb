package main

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"

	"github.com/spf13/pflag"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/inspect"
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

// dirReports is what info, stats or compat read of a data directory: the
// scan, the findings (each file's problem, and the checks on the set of
// files as CheckDataDir makes them, before any replay) and the reports of
// each database's durability files.
type dirReports[R any] struct {
	d        *datadir.DataDir
	findings []inspect.Finding
	dbs      []dbReports[R]
}

// dbReports are the reports of one database's files, in reportOrder.
type dbReports[R any] struct {
	t       *datadir.Tenant
	reports []R
}

// readDir reads the data directory at path as verify does (ScanDataDir,
// then each durability file) and checks the set: an unrelated or _part_
// file, a path that is part of a data directory, nothing to recover (an
// error unless allowEmpty), the chain. The findings are those checks and
// each file's problem, as verify names it. The code is the worst of the
// files' (readFiles) and the findings' (inspect.ExitCode); 2 when the
// directory cannot be listed, with nil.
func readDir[R fileReport](name, path string, allowEmpty, strict bool, stderr io.Writer, read func(path string, f *datadir.File) R) (*dirReports[R], int) {
	d, err := datadir.ScanDataDir(path)
	if err != nil {
		fmt.Fprintf(stderr, "durascope %s: %v\n", name, err)
		return nil, exitUsage
	}
	dr := &dirReports[R]{d: d, findings: inspect.CheckDataDir(d, inspect.DirOptions{AllowEmpty: allowEmpty})}
	code := exitOK
	for _, t := range d.Tenants {
		db := dbReports[R]{t: t, reports: []R{}}
		for _, df := range reportOrder(t) {
			reports, c := readFiles(name, []string{df.Path}, strict, stderr, read)
			code = max(code, c)
			for _, r := range reports {
				if err := r.Err(); err != nil {
					dr.findings = append(dr.findings, inspect.FileProblemFinding(df.Kind, df.Path, err))
				}
				db.reports = append(db.reports, r)
			}
		}
		dr.dbs = append(dr.dbs, db)
	}
	inspect.SortFindings(dr.findings)
	return dr, max(code, inspect.ExitCode(dr.findings, strict))
}

// reportOrder is the order in which a database's files are reported:
// snapshots by name (their creation time), then WAL files by sequence
// number, those whose header does not read last. Files of neither kind are
// left to the checks on the set (chain.not_durability), as verify does.
func reportOrder(t *datadir.Tenant) []*datadir.DurableFile {
	var snaps, wals []*datadir.DurableFile
	for _, f := range slices.Concat(t.Snapshots, t.WALs) {
		switch f.Kind {
		case datadir.KindSnapshot:
			snaps = append(snaps, f)
		case datadir.KindWAL:
			wals = append(wals, f)
		}
	}
	headerRead := func(f *datadir.DurableFile) bool {
		return f.Usable() || f.ProblemClass == datadir.ProblemNoTransactions
	}
	slices.SortStableFunc(wals, func(a, b *datadir.DurableFile) int {
		if ra, rb := headerRead(a), headerRead(b); ra != rb || !ra {
			return cmp.Compare(boolInt(!ra), boolInt(!rb))
		}
		return cmp.Compare(a.SeqNum, b.SeqNum)
	})
	return append(snaps, wals...)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// dirSummary is what every data directory summary holds (JSON: an object
// of kind "data_directory" after the reports of its files).
type dirSummary struct {
	Kind   string         `json:"kind"`
	Path   string         `json:"path"`
	Layout datadir.Layout `json:"layout"`
	// Findings are each file's problem (as verify names it: snapshot.*,
	// wal.*) and the checks on the set of files (CheckDataDir: chain.*,
	// path.*).
	Findings []inspect.Finding `json:"findings"`
	Errors   int               `json:"errors"`
	Warnings int               `json:"warnings"`
	Notes    int               `json:"notes"`
}

func newDirSummary[R any](dr *dirReports[R]) dirSummary {
	fs := dr.findings
	return dirSummary{Kind: "data_directory", Path: dr.d.Path, Layout: dr.d.Layout, Findings: fs,
		Errors:   inspect.CountSeverity(fs, inspect.SeverityError),
		Warnings: inspect.CountSeverity(fs, inspect.SeverityWarning),
		Notes:    inspect.CountSeverity(fs, inspect.SeverityInfo)}
}

// output prints what a command makes of its PATHs in order: as text each
// item as it comes, a blank line between; as JSON one array of them all at
// the end (file reports, and after the files of a data directory its
// summary).
type output struct {
	w     io.Writer
	json  bool
	tight bool // no blank line between items
	items []any
	n     int
}

func newOutput(w io.Writer, asJSON bool) *output { return &output{w: w, json: asJSON, items: []any{}} }

func (o *output) add(item any, print func(io.Writer)) {
	if o.json {
		o.items = append(o.items, item)
		return
	}
	if o.n > 0 && !o.tight {
		fmt.Fprintln(o.w)
	}
	o.n++
	print(o.w)
}

// finish writes the JSON array and returns code, or 2 if it cannot be written.
func (o *output) finish(stderr io.Writer, name string, code int) int {
	if o.json {
		return writeJSON(o.w, stderr, name, o.items, code, true)
	}
	return code
}
