package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/spf13/pflag"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/inspect/convert"
)

const compatAbout = `Reads each FILE completely and says which Memgraph releases wrote its format
version and which releases can read it. A release reads every format from 14
up to its own, except for the known read exceptions (zoned datetimes in
format 17 for 2.15.1-2.16.0, SRID 9757 points in formats 19-20 for
2.21.0-3.1.1), which count only when the file holds such values. It also
gives the oldest format the file converts to without dropping anything
(durascope convert) and what needs the later formats.

With --release it answers yes or no for that release only, and the exit
code is 1 when the release cannot read a file. The release is written
3.11.0, v3.11.0, or 3.11 for the newest patch release of 3.11.

A WAL that ends in a torn transaction is judged without it, as Memgraph
drops it; as for every command, that is a warning (exit 0, 1 with --strict).

A PATH that is a directory is read as a Memgraph data directory (snapshots/,
wal/, and tenants under databases/<uuid>/), as verify reads it: every
durability file in it is reported, per database its snapshots and then its
WAL files by sequence number, then the directory as a whole: the releases
that read every file in it (with --release, yes only when that release
reads every one), and the findings, as verify names them: each file's
problem, and the checks on the set of files ("chain.*").`

// compatOptions are compat's flags.
type compatOptions struct {
	json, strict, allowEmpty bool
	release                  string
}

func (o *compatOptions) addFlags(fs *pflag.FlagSet) {
	fs.BoolVar(&o.json, "json", false, "print a JSON array: a report (or answer) per file, then one per data directory")
	fs.StringVar(&o.release, "release", "", "answer yes/no for this Memgraph release (3.11.0, v3.11.0, 3.11)")
	strictFlag(fs, &o.strict)
	fs.BoolVar(&o.allowEmpty, "allow-empty", false, "an empty data directory (nothing to recover) is no error")
}

// compatInput is what compat read of one PATH: a file, or a data directory.
type compatInput struct {
	reports []*convert.CompatReport
	dir     *dirReports[*convert.CompatReport]
}

func runCompat(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("compat", "[--json] [--release X.Y.Z] [--strict] [--allow-empty] PATH...", compatAbout)
	var o compatOptions
	o.addFlags(fs)
	if code, stop := parseFlags(fs, args, stdout, stderr); stop {
		return code
	}
	if !needArgs(fs, stderr, "PATH") {
		return exitUsage
	}
	if o.release != "" {
		name, ok := convert.ParseRelease(o.release)
		if !ok {
			var known []string
			for _, r := range format.Releases {
				known = append(known, r.Name)
			}
			fmt.Fprintf(stderr, "durascope compat: unknown release %q; known releases: %s\n", o.release, strings.Join(known, ", "))
			return exitUsage
		}
		o.release = name
	}
	torn := exitOK
	read := func(path string, f *datadir.File) *convert.CompatReport {
		r := convert.Compat(f)
		if r.TornTail {
			fmt.Fprintf(stderr, "durascope compat: warning: %s: ends in a torn transaction (never written whole), left out as Memgraph drops it\n", path)
			if o.strict {
				torn = exitProblems
			}
		}
		return r
	}
	code := exitOK
	var inputs []compatInput
	for _, p := range fs.Args() {
		if !isDataDir(p) {
			reports, c := readFiles("compat", []string{p}, o.strict, stderr, read)
			code = max(code, c)
			inputs = append(inputs, compatInput{reports: reports})
			continue
		}
		dr, c := readDir("compat", p, o.allowEmpty, o.strict, stderr, read)
		code = max(code, c)
		if dr != nil {
			in := compatInput{dir: dr}
			for _, db := range dr.dbs {
				in.reports = append(in.reports, db.reports...)
			}
			inputs = append(inputs, in)
		}
	}
	code = max(code, torn)
	if o.release != "" {
		// Answers are one line each, without blank lines between.
		out := newOutput(stdout, o.json)
		out.tight = true
		for _, in := range inputs {
			for _, r := range in.reports {
				if r.Problem != "" {
					continue // reported on stderr; it answers nothing
				}
				a := answerFor(r, o.release)
				if !a.CanRead {
					code = max(code, exitProblems)
				}
				out.add(a, func(w io.Writer) { printAnswer(w, a) })
			}
			if in.dir != nil {
				a := dirAnswerFor(in.dir, in.reports, o.release)
				out.add(a, func(w io.Writer) { printDirAnswer(w, in.dir.d, a) })
			}
		}
		return out.finish(stderr, "compat", code)
	}
	out := newOutput(stdout, o.json)
	for _, in := range inputs {
		for _, r := range in.reports {
			out.add(r, func(w io.Writer) { printCompat(w, r) })
		}
		if in.dir != nil {
			s := compatDirSummary(in.dir, in.reports)
			out.add(s, func(w io.Writer) { printCompatDir(w, in.dir.d, s) })
		}
	}
	return out.finish(stderr, "compat", code)
}

// answer is compat --release's answer for one file.
type answer struct {
	Path    string `json:"path"`
	Release string `json:"release"`
	CanRead bool   `json:"can_read"`
	Reason  string `json:"reason,omitempty"`
	// ConvertTo is the format a conversion makes the file readable
	// at (0: none does); Drops what that conversion leaves out.
	ConvertTo uint64            `json:"convert_to,omitempty"`
	Drops     []convert.Dropped `json:"drops,omitempty"`
}

func answerFor(r *convert.CompatReport, release string) *answer {
	ok, why := r.CanRead(release)
	a := &answer{Path: r.Path, Release: release, CanRead: ok, Reason: why}
	if !ok {
		if v := r.ReadableAt(release); v != 0 {
			a.ConvertTo = uint64(v)
			if f, err := datadir.Open(r.Path); err == nil {
				a.Drops, _ = convert.DropsAt(f, v)
				f.Close()
			}
		}
	}
	return a
}

func printAnswer(w io.Writer, a *answer) {
	if a.CanRead {
		fmt.Fprintf(w, "yes: Memgraph %s reads %s\n", a.Release, a.Path)
		return
	}
	fmt.Fprintf(w, "no: Memgraph %s cannot read %s: %s\n", a.Release, a.Path, a.Reason)
	switch {
	case a.ConvertTo == 0:
		fmt.Fprintf(w, "    no conversion makes it readable\n")
	case len(a.Drops) == 0:
		fmt.Fprintf(w, "    'durascope convert --to-version %d %s OUT' makes it readable, dropping nothing\n", a.ConvertTo, a.Path)
	default:
		fmt.Fprintf(w, "    'durascope convert --to-version %d --drop-unsupported %s OUT' makes it readable, dropping %d item(s):\n", a.ConvertTo, a.Path, len(a.Drops))
		printDropped(w, a.Drops)
	}
}

// dirAnswer is compat --release's answer for a data directory as a whole:
// yes only when the release reads every durability file in it.
type dirAnswer struct {
	dirSummary
	Release string `json:"release"`
	CanRead bool   `json:"can_read"`
	Files   int    `json:"files"` // durability files
	// CannotRead are the files the release cannot read; Unknown those
	// durascope could not analyse (their problem is on stderr).
	CannotRead []string `json:"cannot_read"`
	Unknown    []string `json:"unknown"`
}

func dirAnswerFor(dr *dirReports[*convert.CompatReport], reports []*convert.CompatReport, release string) *dirAnswer {
	a := &dirAnswer{dirSummary: newDirSummary(dr), Release: release, Files: len(reports), CannotRead: []string{}, Unknown: []string{}}
	for _, r := range reports {
		if r.Problem != "" {
			a.Unknown = append(a.Unknown, r.Path)
		} else if ok, _ := r.CanRead(release); !ok {
			a.CannotRead = append(a.CannotRead, r.Path)
		}
	}
	a.CanRead = len(a.CannotRead) == 0 && len(a.Unknown) == 0
	return a
}

func printDirAnswer(w io.Writer, d *datadir.DataDir, a *dirAnswer) {
	switch {
	case a.CanRead:
		fmt.Fprintf(w, "yes: Memgraph %s reads every durability file of %s (%s)\n", a.Release, d.Path, plural(a.Files, "file"))
	case len(a.CannotRead) > 0:
		fmt.Fprintf(w, "no: Memgraph %s cannot read %d of the %s of %s\n", a.Release, len(a.CannotRead), plural(a.Files, "durability file"), d.Path)
	default:
		fmt.Fprintf(w, "unknown: Memgraph %s reads every durability file of %s that durascope could read; %d of %d could not be read\n",
			a.Release, d.Path, len(a.Unknown), a.Files)
	}
	// The answers stay terse: the checks on the set only when they find something.
	if len(a.Findings) > 0 {
		printFindings(w, relFindings(d, a.Findings))
	}
}

// compatDir is compat's summary of a data directory: which releases read
// every durability file in it.
type compatDir struct {
	dirSummary
	Files int `json:"files"` // durability files
	// ReadableBy are the releases that read every file durascope could
	// analyse; Unknown the files it could not (their problem is on stderr).
	ReadableBy []string `json:"readable_by"`
	Unknown    []string `json:"unknown"`
}

func compatDirSummary(dr *dirReports[*convert.CompatReport], reports []*convert.CompatReport) *compatDir {
	s := &compatDir{dirSummary: newDirSummary(dr), Files: len(reports), ReadableBy: convert.ReadableByAll(reports), Unknown: []string{}}
	for _, r := range reports {
		if r.Problem != "" {
			s.Unknown = append(s.Unknown, r.Path)
		}
	}
	return s
}

func printCompatDir(w io.Writer, d *datadir.DataDir, s *compatDir) {
	fmt.Fprintf(w, "data directory %s\n", d.Path)
	readers := convert.ReleaseRanges(s.ReadableBy)
	if s.Files == 0 {
		readers += " (it holds no durability file)"
	}
	rows := [][]string{{"durability files", strconv.Itoa(s.Files)}, {"readable by (every file)", readers}}
	for _, p := range s.Unknown {
		rows = append(rows, []string{"not analysed", rel(d, p)})
	}
	t := tablewriter.NewWriter(w)
	t.Header("field", "value")
	t.Bulk(rows)
	t.Render()
	printFindings(w, relFindings(d, s.Findings))
}

func printCompat(w io.Writer, r *convert.CompatReport) {
	rows := [][]string{{"file", r.Path}, {"kind", r.Kind.String()}}
	if r.Version != 0 {
		rows = append(rows, versionRows(r.Version, r.WrittenBy)...)
	}
	if r.Problem == "" {
		rows = append(rows, []string{"readable by", convert.ReleaseRanges(r.ReadableBy)})
		for _, nr := range r.NotReadableBy {
			rows = append(rows, []string{"not readable by", nr.Releases + ": " + nr.Reason})
		}
		for _, e := range r.Exceptions {
			state := "none in this file"
			if e.Applies {
				state = fmt.Sprintf("%d in this file", e.Values)
			}
			rows = append(rows, []string{"read exception", e.Releases + " cannot read " + e.What + ": " + state})
		}
		rows = append(rows, []string{"oldest lossless format", strconv.FormatUint(r.OldestVersion, 10) +
			" (then readable by " + convert.ReleaseRanges(r.OldestReaders) + ")"})
		for _, n := range r.Notes {
			rows = append(rows, []string{"note", n})
		}
	} else {
		rows = append(rows, []string{"status", r.Problem})
	}
	t := tablewriter.NewWriter(w)
	t.Header("field", "value")
	t.Bulk(rows)
	t.Render()
	if len(r.Needs) > 0 {
		nt := tablewriter.NewWriter(w)
		nt.Header("needs feature", "from format", "items")
		for _, n := range r.Needs {
			nt.Append(n.Feature.String(), strconv.FormatUint(n.First, 10), strconv.Itoa(n.Items))
		}
		nt.Render()
	}
}
