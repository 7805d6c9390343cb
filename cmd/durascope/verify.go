package main

import (
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/olekukonko/tablewriter"
	"github.com/spf13/pflag"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/inspect"
)

const verifyAbout = `Checks each file completely (streaming, bounded memory) and reports every
problem with its byte offset, record or transaction, severity and a stable
check name. Snapshots: structure, offsets and batch tables (every record in
exactly one batch), record counts against the metadata, mapper, enum and
schema ids, that every edge list entry has its mirror entry and its edge
record, and that the data obeys the existence, unique and type constraints.
WALs: header, summary and transaction CRCs, framing as the version requires,
one timestamp per transaction, timestamps that never go backwards, a
finalized summary that matches the frames. A torn WAL tail (what Memgraph
drops silently) is a warning; warnings alone exit 0, any error exits 1.

A PATH that is a directory is read as a Memgraph data directory (snapshots/,
wal/, and tenants under databases/<uuid>/): every durability file in it is
verified as above, and the files are checked against each other (findings
"chain.*": one storage uuid, contiguous WAL sequence numbers, the first WAL
reaching back to the snapshot, duplicates, leftover _part_ files, several
_current files, unreadable files), and what Memgraph would recover from it
is decided as 'durascope plan' decides it, the recovered graph held in
memory (checked first against the memory available, as plan does: see
--max-memory).`

// verifyDoc is the --json output: one document for all files.
type verifyDoc struct {
	Files    []inspect.FileSummary `json:"files"`
	Findings []inspect.Finding     `json:"findings"`
	// Recovery is, for each data directory given, what Memgraph would
	// recover from it (as durascope plan decides).
	Recovery   []recoverySummary `json:"recovery"`
	Errors     int               `json:"errors"`
	Warnings   int               `json:"warnings"`
	Notes      int               `json:"notes"`
	Unreadable int               `json:"unreadable"` // inputs durascope could not read
}

// recoverySummary is one database's recovery outcome.
type recoverySummary struct {
	Path     string          `json:"path"`
	Database string          `json:"database"`
	Outcome  inspect.Outcome `json:"outcome"`
	Verdict  string          `json:"verdict"` // plan's first line
}

// verifyOptions are verify's flags.
type verifyOptions struct {
	json, failFast, strict, allowEmpty bool
	maxMemory                          memoryLimit
}

func (o *verifyOptions) addFlags(fs *pflag.FlagSet) {
	fs.BoolVar(&o.json, "json", false, "print one JSON document: a summary per file and every finding")
	fs.BoolVar(&o.failFast, "fail-fast", false, "stop at the first error")
	strictFlag(fs, &o.strict)
	fs.BoolVar(&o.allowEmpty, "allow-empty", false, "an empty data directory (nothing to recover) is no error")
	o.maxMemory.add(fs)
}

func runVerify(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("verify", "[--json] [--fail-fast] [--strict] [--allow-empty] [--max-memory SIZE] PATH...", verifyAbout)
	var o verifyOptions
	o.addFlags(fs)
	if code, stop := parseFlags(fs, args, stdout, stderr); stop {
		return code
	}
	if !needArgs(fs, stderr, "PATH") {
		return exitUsage
	}
	if err := o.maxMemory.valid(); err != nil {
		usageError(fs, stderr, err.Error())
		return exitUsage
	}
	v := &verifier{doc: verifyDoc{Files: []inspect.FileSummary{}, Findings: []inspect.Finding{}, Recovery: []recoverySummary{}},
		opts: o, stdout: stdout, stderr: stderr}
	for _, p := range fs.Args() {
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			v.dir(p)
		} else {
			v.file(p)
		}
		if v.stop {
			break
		}
	}
	doc := v.doc
	code := max(v.code, inspect.ExitCode(doc.Findings, o.strict))
	doc.Errors = inspect.CountSeverity(doc.Findings, inspect.SeverityError)
	doc.Warnings = inspect.CountSeverity(doc.Findings, inspect.SeverityWarning)
	doc.Notes = inspect.CountSeverity(doc.Findings, inspect.SeverityInfo)
	doc.Unreadable = inspect.CountSeverity(doc.Findings, inspect.SeverityIO)
	if o.json {
		return writeJSON(stdout, stderr, "verify", doc, code, true)
	}
	if len(doc.Files) > 0 {
		t := tablewriter.NewWriter(stdout)
		t.Header("file", "kind", "version", "size", "contents", "verdict")
		for _, s := range doc.Files {
			t.Append(s.File, s.Kind.String(), ifRead(s.Version, s.Version), strconv.FormatInt(s.Size, 10), contents(s), s.Verdict)
		}
		t.Render()
	}
	// A data directory without a durability file to verify still has its
	// cross-file findings (chain.empty at least).
	if len(doc.Files) > 0 || len(doc.Findings) > 0 {
		printFindings(stdout, doc.Findings)
	}
	for _, r := range doc.Recovery {
		fmt.Fprintf(stdout, "recovery of %s: %s\n", r.Path, r.Verdict)
	}
	return code
}

// contents says what verification read, for the summary table.
func contents(s inspect.FileSummary) string {
	c := s.Counts
	switch s.Kind {
	case datadir.KindSnapshot:
		return fmt.Sprintf("%d vertices, %d edges", c.Vertices, c.Edges)
	case datadir.KindWAL:
		out := fmt.Sprintf("%d transactions, %d deltas", c.Transactions, c.Deltas)
		if c.Transactions > 0 {
			out += fmt.Sprintf(", timestamps %d..%d", c.FromTimestamp, c.ToTimestamp)
		}
		return out
	}
	return ""
}

// verifier accumulates the findings of every PATH and the exit code of
// usage errors (the findings give the rest).
type verifier struct {
	doc            verifyDoc
	code           int
	opts           verifyOptions
	stop           bool
	stdout, stderr io.Writer
}

// file verifies one durability file. One that cannot be opened is listed
// with its error (exit 2).
func (v *verifier) file(path string) {
	f, err := datadir.Open(path)
	if err != nil {
		fmt.Fprintf(v.stderr, "durascope verify: %v\n", err)
		v.doc.Files = append(v.doc.Files, inspect.FileSummary{File: path, Verdict: inspect.VerdictUnreadable})
		v.doc.Findings = append(v.doc.Findings, inspect.Finding{File: path, Offset: inspect.NoOffset, Check: inspect.CheckUnreadable,
			Severity: inspect.SeverityIO, Message: "durascope cannot read it: " + err.Error()})
		return
	}
	p := fileProgress(v.stdout, v.stderr, path, f.Size, false)
	r := inspect.VerifyFile(f, inspect.VerifyOptions{FailFast: v.opts.failFast,
		Progress: func(done, _ int64) { p.Update(done) }})
	p.Done()
	f.Close()
	v.doc.Files = append(v.doc.Files, r.FileSummary)
	v.doc.Findings = append(v.doc.Findings, r.Findings...)
	if r.Errors > 0 {
		v.stop = v.opts.failFast
	}
}

// dir verifies every durability file of a data directory, then how the
// files fit together and what Memgraph would recover from them (the plan's
// findings: the same verdict plan gives). Files that are not snapshots or
// WALs are reported by the cross-file checks, not verified one by one.
func (v *verifier) dir(path string) {
	d, err := datadir.ScanDataDir(path)
	if err != nil {
		fmt.Fprintf(v.stderr, "durascope verify: %v\n", err)
		v.code = max(v.code, exitUsage)
		return
	}
	for _, t := range d.Tenants {
		for _, list := range [][]*datadir.DurableFile{t.Snapshots, t.WALs} {
			for _, df := range list {
				if df.Kind != datadir.KindSnapshot && df.Kind != datadir.KindWAL {
					continue
				}
				if v.file(df.Path); v.stop {
					return
				}
			}
		}
	}
	if err := v.opts.maxMemory.checkDir(d); err != nil {
		fmt.Fprintf(v.stderr, "durascope verify: %v\n", err)
		v.code = max(v.code, exitUsage)
		return
	}
	p := inspect.PlanRecovery(d, inspect.DirOptions{AllowEmpty: v.opts.allowEmpty})
	v.doc.Findings = append(v.doc.Findings, p.AllFindings()...)
	for _, t := range p.Tenants {
		v.doc.Recovery = append(v.doc.Recovery, recoverySummary{Path: path, Database: t.Name, Outcome: t.Outcome, Verdict: verdict(t, findingsListed)})
	}
	if p.ExitCode(false) == exitProblems {
		v.code = max(v.code, exitProblems)
	}
}
