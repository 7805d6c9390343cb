package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/spf13/pflag"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/inspect"
)

const planAbout = `Decides offline what Memgraph would recover from DATADIR at start-up, by
its own rules: which snapshot it loads (really loading them, newest first,
falling back as Memgraph does), which WAL files it replays or skips and why,
what it silently drops (a torn or damaged WAL tail), where it would stop
(quoting the message Memgraph logs), and what it ends with: vertices, edges,
the last durable timestamp (the graph is really recovered, then discarded).

DATADIR is a Memgraph data directory (snapshots/, wal/, and
databases/<tenant>/ for other databases) or a directory holding durability
files directly. Nothing is modified and no lock is taken.

The recovered graph is held in memory. Before loading, plan compares the
least memory the graph of the snapshot tried first needs (its vertices and
edges from its metadata, before any property) with what the system has
available or --max-memory allows, and stops with exit 2 when it does not
fit: on the host of a running database, the kernel would otherwise have to
kill a process to make room.

The first line per database says how it ends: RECOVERS, LOSES DATA, EMPTY
(loudly: Memgraph would start it empty) or FAILS. Exit 1 when recovery would
fail or lose data present in the files (a dropped WAL tail, a snapshot that
fails to load, a file Memgraph ignores although it holds data); 0 when
everything present would be recovered.

While it reads, a line on stderr shows the file and how far it has read
(only on a terminal, unless --progress; --no-progress or --quiet turn it
off). --quiet prints the verdict lines alone.`

// planOptions are plan's flags.
type planOptions struct {
	json, strict, allowEmpty, quiet bool
	threads                         int
	progress                        progressFlags
	maxMemory                       memoryLimit
}

func (o *planOptions) addFlags(fs *pflag.FlagSet) {
	fs.BoolVar(&o.json, "json", false, "print the plan as JSON")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "print only the verdict line of each database (not with --json)")
	o.progress.add(fs)
	strictFlag(fs, &o.strict)
	fs.BoolVar(&o.allowEmpty, "allow-empty", false, "an empty data directory (nothing to recover) is no error")
	fs.IntVarP(&o.threads, "threads", "", 0, "load a snapshot's batches on N threads, as Memgraph's --storage-recovery-thread-count (default: one per CPU; 1: in order; the result is the same)")
	o.maxMemory.add(fs)
}

func runPlan(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("plan", "[--json|-q] [--strict] [--allow-empty] [--threads N] [--max-memory SIZE] [--[no-]progress] DATADIR", planAbout)
	var o planOptions
	o.addFlags(fs)
	if code, stop := parseFlags(fs, args, stdout, stderr); stop {
		return code
	}
	if fs.NArg() != 1 {
		usageError(fs, stderr, "exactly one DATADIR is required")
		return exitUsage
	}
	if o.quiet && o.json {
		usageError(fs, stderr, "--quiet and --json exclude each other")
		return exitUsage
	}
	if o.threads < 0 {
		usageError(fs, stderr, "--threads must not be negative")
		return exitUsage
	}
	if o.progress.on && o.progress.off {
		usageError(fs, stderr, "--progress and --no-progress exclude each other")
		return exitUsage
	}
	if err := o.maxMemory.valid(); err != nil {
		usageError(fs, stderr, err.Error())
		return exitUsage
	}
	d, err := datadir.ScanDataDir(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(stderr, "durascope plan: %v\n", err)
		return exitUsage
	}
	if err := o.maxMemory.checkDir(d); err != nil {
		fmt.Fprintf(stderr, "durascope plan: %v\n", err)
		return exitUsage
	}
	pr := &fileByFile{w: stderr, on: o.progress.show(stderr, o.quiet), label: func(path string) string { return "plan: " + rel(d, path) }}
	p := inspect.PlanRecovery(d, inspect.DirOptions{AllowEmpty: o.allowEmpty, Progress: pr.Update, Workers: o.threads})
	pr.Done()
	code := p.ExitCode(o.strict)
	switch {
	case o.json:
		return writeJSON(stdout, stderr, "plan", p, code, false)
	case o.quiet:
		for _, t := range p.Tenants {
			fmt.Fprintln(stdout, verdict(t, findingsOmit))
		}
		if n := len(p.Findings); n > 0 {
			fmt.Fprintf(stdout, "%s outside the databases (durascope plan without -q lists them)\n", plural(n, "finding"))
		}
		return code
	}
	printPlan(stdout, d, p)
	return code
}

func printPlan(w io.Writer, d *datadir.DataDir, p *inspect.Plan) {
	for _, t := range p.Tenants {
		fmt.Fprintln(w, verdict(t, findingsBelow))
	}
	for _, t := range p.Tenants {
		fmt.Fprintln(w)
		printTenantPlan(w, d, t)
	}
	if len(p.Findings) > 0 {
		fmt.Fprintln(w)
		printFindings(w, relFindings(d, p.Findings))
	}
}

// Where the findings a verdict counts are shown.
const (
	findingsBelow  = " below"
	findingsListed = " listed"
	findingsOmit   = "; see durascope plan"
)

// verdict is the first line of a database's plan; where says where the
// findings it counts are shown.
func verdict(t *inspect.TenantPlan, where string) string {
	warnings := ""
	if n := inspect.CountSeverity(t.Findings, inspect.SeverityWarning); n > 0 {
		warnings = " (" + plural(n, "warning") + where + ")"
	}
	switch {
	case t.TooLarge != "":
		return fmt.Sprintf("INCOMPLETE %s: %s, so durascope gives no verdict on what Memgraph would recover", t.Name, t.TooLarge)
	case t.Outcome == inspect.OutcomeIncomplete:
		return fmt.Sprintf("INCOMPLETE %s: durascope cannot read %s, so it gives no verdict on what Memgraph, reading them, would recover",
			t.Name, plural(inspect.CountSeverity(t.Findings, inspect.SeverityIO), "file"))
	case t.Outcome == inspect.OutcomeFails:
		return fmt.Sprintf("FAILS %s: Memgraph would not start: %q", t.Name, t.Fatal)
	case t.Outcome == inspect.OutcomeEmpty:
		why := "the files it reads hold no data"
		if t.UUID == "" {
			why = "no snapshot or WAL file it can read"
		}
		s := fmt.Sprintf("EMPTY %s: Memgraph would start this database EMPTY (%s)", t.Name, why)
		if t.LosesData {
			s += "; data in the files is lost"
		}
		return s
	}
	got := fmt.Sprintf("%d vertices, %d edges up to commit timestamp %d", t.Vertices, t.Edges, *t.DurableTimestamp)
	if t.LosesData {
		return fmt.Sprintf("LOSES DATA %s: recovers %s, but not everything in the files (%s%s)", t.Name, got,
			plural(inspect.CountSeverity(t.Findings, inspect.SeverityError), "error"), where)
	}
	return fmt.Sprintf("RECOVERS %s: %s%s", t.Name, got, warnings)
}

func printTenantPlan(w io.Writer, d *datadir.DataDir, t *inspect.TenantPlan) {
	where := rel(d, t.Dir)
	if where == "." || where == "" {
		where = d.Path
	}
	fmt.Fprintf(w, "database %s (%s)", t.Name, where)
	if t.UUID != "" {
		fmt.Fprintf(w, ", storage uuid %s", t.UUID)
	}
	fmt.Fprintln(w)
	if len(t.Snapshots) > 0 {
		fmt.Fprintln(w, "snapshots, as Memgraph tries them (newest first):")
		tw := tablewriter.NewWriter(w)
		tw.Header("file", "durable ts", "vertices", "edges", "decision")
		for _, s := range t.Snapshots {
			tw.Append(s.File, ifRead(s.DurableTimestamp, s.Version), ifRead(s.Vertices, s.Version), ifRead(s.Edges, s.Version), decision(s.Decision, s.Reason))
		}
		tw.Render()
	} else {
		fmt.Fprintln(w, "no snapshot files")
	}
	if len(t.WALs) > 0 {
		fmt.Fprintln(w, "WAL files, in replay order:")
		tw := tablewriter.NewWriter(w)
		tw.Header("seq", "file", "from", "to", "deltas", "decision")
		for _, s := range t.WALs {
			tw.Append(ifRead(s.SeqNum, s.Version), s.File, ifRead(s.FromTimestamp, s.Version), ifRead(s.ToTimestamp, s.Version), ifRead(s.Deltas, s.Version), walDecision(s))
		}
		tw.Render()
	} else {
		fmt.Fprintln(w, "no WAL files")
	}
	switch {
	case t.TooLarge != "":
		fmt.Fprintln(w, "recovered: not known (the graph is too large for durascope)")
	case t.Outcome == inspect.OutcomeIncomplete:
		fmt.Fprintln(w, "recovered: not known (durascope cannot read every file)")
	case t.Outcome == inspect.OutcomeFails:
		fmt.Fprintf(w, "recovery stops: %q\n", t.Fatal)
		fmt.Fprintln(w, "(with --storage-allow-recovery-failure Memgraph starts this database empty and refuses queries on it)")
	case t.DurableTimestamp != nil:
		fmt.Fprintf(w, "recovered: %d vertices, %d edges; last durable timestamp %d", t.Vertices, t.Edges, *t.DurableTimestamp)
		if t.Snapshot != "" || len(t.WALs) > 0 {
			fmt.Fprintf(w, "; epoch %s; next WAL sequence number %d", t.Epoch, t.NextWALSeqNum)
		}
		fmt.Fprintln(w)
	default:
		fmt.Fprintln(w, "recovered: nothing")
	}
	printFindings(w, relFindings(d, t.Findings))
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// ifRead prints a number of a file whose header read (version set), else
// nothing.
func ifRead(v, version uint64) string {
	if version == 0 {
		return ""
	}
	return strconv.FormatUint(v, 10)
}

func decision(d, reason string) string {
	if reason == "" {
		return d
	}
	return d + ": " + reason
}

func walDecision(s datadir.WALStep) string {
	var b strings.Builder
	b.WriteString(s.Decision)
	switch s.Decision {
	case datadir.DecisionReplay, datadir.DecisionPartial:
		fmt.Fprintf(&b, ": %d applied", s.Applied)
		if s.Skipped > 0 {
			fmt.Fprintf(&b, ", %d already recovered", s.Skipped)
		}
		if s.Uncommitted > 0 {
			fmt.Fprintf(&b, ", %d never committed", s.Uncommitted)
		}
		if dt := s.Dropped; dt != nil && dt.Transactions > 0 {
			n := plural(dt.Transactions, "transaction")
			if dt.AtLeast {
				n = "at least " + n
			}
			fmt.Fprintf(&b, "; DROPS %s (", n)
			if dt.FirstTimestamp != nil {
				fmt.Fprintf(&b, "commit ts %d; ", *dt.FirstTimestamp)
			}
			fmt.Fprintf(&b, "%s, %d bytes)", strings.ReplaceAll(dt.Class, "_", " "), dt.Bytes)
		}
	default:
		if s.Reason != "" {
			b.WriteString(": " + s.Reason)
		}
	}
	return b.String()
}

func rel(d *datadir.DataDir, p string) string {
	r, err := filepath.Rel(d.Path, p)
	if err != nil || strings.HasPrefix(r, "..") {
		return p
	}
	return filepath.ToSlash(r)
}

// relFindings shortens paths to the data directory, as the tables print them.
func relFindings(d *datadir.DataDir, fs []inspect.Finding) []inspect.Finding {
	out := make([]inspect.Finding, len(fs))
	for i, f := range fs {
		f.File = rel(d, f.File)
		f.Message = strings.ReplaceAll(f.Message, d.Path+string(filepath.Separator), "")
		out[i] = f
	}
	return out
}
