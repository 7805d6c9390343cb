package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/inspect"
)

const dumpAbout = `Prints durability files. Formats:
  text    one line per record or WAL frame, prefixed with its byte offset
  jsonl   one JSON object per record (schema: spec/jsonl.md)
  cypher  the graph the file recovers to, exactly as Memgraph's DUMP DATABASE
          prints it (a snapshot alone, or a WAL replayed from an empty database)
A WAL whose last transaction is torn prints everything before it, with a
warning (exit 0; 1 with --strict).

Several files, or a data directory, print (as text or jsonl) file after
file, in the order recovery reads them, each introduced by a line
"# FILE: kind ..." (jsonl: a "file" record first, and a "file" key on every
line); a file with a problem is reported and the next one printed:
  FILE...  the snapshots in the order given, then the WAL files in the order
           Memgraph replays them (sequence number, then timestamps); WAL files
           of another storage uuid after, one uuid after the other, then
           those Memgraph cannot read
  DATADIR  what recovery reads, as durascope plan decides: the snapshot it
           loads, then every WAL file of the chain in replay order, those it
           skips as already recovered included, each line saying what
           recovery does with the file. Snapshots it does not load and files
           it ignores are not printed (dump them by name). Of several
           databases, the default one. Exit 1 also when plan would.
A DATADIR as --format cypher prints the graph durascope plan recovers.

Filters (text and jsonl; every filter given must hold):
  --txn N, A-B or A-   WAL transactions by index, from 0, as txn= prints them;
                       the index restarts in each file, so across files
                       --txn selects in each (--from-ts/--to-ts select a
                       stretch of a chain)
  --from-ts/--to-ts T  WAL frames whose commit timestamp is >= / <= T
  --type NAME,...      WAL frames of these delta types (VERTEX_CREATE, ...; any case)
  --gid N,...          what concerns these gids, of vertices or edges (a
                       number matches both): snapshot vertex and edge records
                       with the gid, and the vertex records that hold an edge
                       with it (its endpoints); WAL frames whose gid is one of
                       them, and edge frames whose from or to is (an edge
                       property frame holds them from formats 21 and 33 on)
  --label NAME         snapshot vertex records carrying the label (through the
                       mapper); WAL frames naming it: a label added or removed,
                       an index, constraint, text or vector index, description
  --edge-type NAME     snapshot vertex records holding an edge of the type
                       (edge records carry no type); WAL frames naming it: an
                       edge created, deleted or given a property (the type is
                       in the frame from format 33 on), an edge index, text or
                       vector edge index, description
                       --label and --edge-type repeat: any of the names matches
  --section NAME,...   snapshot records of these kinds, as the text dump names
                       them (header, offsets, edge, vertex, indices, mapper, ...)
  --limit N            at most N records, all files together
WAL filters select frames only: the header, summary and tail lines drop out.
Reading a file stops once no later record of it can match (past the --txn
range or the --limit, or past --to-ts from format 16 on), so the rest of the
file is then neither read nor checked.
When the filters select nothing at all, a notice on stderr says, per file,
what it holds in their terms (transactions, timestamps, delta types, gids,
labels), as far as it was read. Selecting nothing is not a problem: the exit
code depends only on the files.

--best-effort (text and jsonl) prints what decodes of a snapshot whose
records cannot be read (it does not open, or its batch tables do not read;
typically a file cut short, whose offsets table points past its end): the
header, the offsets table as far as it reads, the edge and vertex records
one after the other from where the table puts them, and the sections that
start inside the file and decode. Such output is marked (text: a
"# best effort" line first; jsonl: "partial": true), the error is still
reported and the exit code is still 1.`

// dumpOptions are dump's flags.
type dumpOptions struct {
	format               string
	txn                  string
	fromTS, toTS         uint64
	types, section, gids string
	labels, edgeTypes    []string
	limit                int
	strict, allowEmpty   bool
	bestEffort           bool
	maxMemory            memoryLimit
}

func (o *dumpOptions) addFlags(fs *pflag.FlagSet) {
	fs.StringVarP(&o.format, "format", "f", "text", "output format: text, jsonl or cypher")
	fs.StringVar(&o.txn, "txn", "", "WAL transactions: N, A-B or A- (indices from 0, in each file)")
	fs.Uint64Var(&o.fromTS, "from-ts", 0, "WAL frames with commit timestamp >= T")
	fs.Uint64Var(&o.toTS, "to-ts", 0, "WAL frames with commit timestamp <= T")
	fs.StringVar(&o.types, "type", "", "WAL delta types, comma-separated (e.g. VERTEX_CREATE,EDGE_CREATE)")
	fs.StringVar(&o.gids, "gid", "", "vertex or edge gids, comma-separated")
	fs.StringArrayVar(&o.labels, "label", nil, "a label name (repeatable)")
	fs.StringArrayVar(&o.edgeTypes, "edge-type", nil, "an edge type name (repeatable)")
	fs.StringVar(&o.section, "section", "", "snapshot record kinds, comma-separated (e.g. vertex,mapper)")
	fs.IntVar(&o.limit, "limit", 0, "print at most N records (all files together)")
	fs.BoolVar(&o.bestEffort, "best-effort", false, "dump what decodes of a snapshot whose records cannot be read (cut short)")
	strictFlag(fs, &o.strict)
	fs.BoolVar(&o.allowEmpty, "allow-empty", false, "DATADIR: an empty data directory is no error")
	o.maxMemory.add(fs)
}

// dumpWriter prints one file in a format.
type dumpWriter func(io.Writer, *datadir.File, *inspect.DumpOptions) error

func runDump(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("dump", "[--format text|jsonl|cypher] [filters] FILE...|DATADIR", dumpAbout)
	var o dumpOptions
	o.addFlags(fs)
	if code, stop := parseFlags(fs, args, stdout, stderr); stop {
		return code
	}
	filter, err := o.filter(fs)
	if err != nil {
		fmt.Fprintf(stderr, "durascope dump: %v\n", err)
		return exitUsage
	}
	var write dumpWriter
	switch o.format {
	case "text":
		write = inspect.WriteTextWith
	case "jsonl":
		write = inspect.WriteJSONLWith
	case "cypher":
		write = writeCypher
	default:
		fmt.Fprintf(stderr, "durascope dump: unknown format %q (text, jsonl, cypher)\n", o.format)
		return exitUsage
	}
	if o.bestEffort && o.format == "cypher" {
		fmt.Fprintln(stderr, "durascope dump: --best-effort cannot be used with --format cypher: a graph built from what decodes is not what Memgraph would recover; use --format text or jsonl")
		return exitUsage
	}
	if err := o.maxMemory.valid(); err != nil {
		usageError(fs, stderr, err.Error())
		return exitUsage
	}
	switch {
	case fs.NArg() == 0:
		usageError(fs, stderr, "a FILE or a DATADIR is required")
		return exitUsage
	case isDataDir(fs.Arg(0)) && fs.NArg() == 1:
		// Checked in runDumpDir, which recovers it in every format.
	case o.format == "cypher":
		// The Cypher dump of files builds their graph.
		if err := o.maxMemory.checkFiles(fs.Args()); err != nil {
			fmt.Fprintf(stderr, "durascope dump: %v\n", err)
			return exitUsage
		}
	}
	switch {
	case fs.NArg() > 1:
		return runDumpFiles(fs.Args(), &o, filter, write, stdout, stderr)
	case isDataDir(fs.Arg(0)):
		return runDumpDir(fs.Arg(0), &o, filter, write, stdout, stderr)
	}
	f, err := datadir.Open(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(stderr, "durascope dump: %v\n", err)
		return exitUsage
	}
	defer f.Close()
	if err := filter.Check(f.Kind); err != nil {
		fmt.Fprintf(stderr, "durascope dump: %s: %v\n", f.Path, err)
		return exitUsage
	}
	sel := filter.Select()
	p := fileProgress(stdout, stderr, f.Path, f.Size, true)
	err = write(stdout, f, &inspect.DumpOptions{Selection: sel, Progress: p.Update, BestEffort: o.bestEffort})
	p.Done()
	code := exitOK
	if err != nil {
		reportDumpError(stderr, f, &o, err, false)
		code = problemCode(err, o.strict)
	}
	printNotices(stderr, sel)
	return code
}

// reportDumpError says what stopped the dump of f, and what can be done.
// In a data directory the plan's findings say what Memgraph does with a
// torn tail (planned).
func reportDumpError(stderr io.Writer, f *datadir.File, o *dumpOptions, err error, planned bool) {
	fmt.Fprintf(stderr, "durascope dump: %s\n", describe(err))
	var be *inspect.BestEffortError
	switch {
	case errors.Is(err, format.ErrTornTail) && planned:
	case errors.Is(err, format.ErrTornTail):
		fmt.Fprintln(stderr, "durascope dump: the last transaction was never written whole; Memgraph drops it and recovers everything before it")
	case errors.As(err, &be) && be.Bad >= 0:
		fmt.Fprintf(stderr, "durascope dump: --best-effort: printed what decodes of %s; the first record or section that does not starts at offset %d\n", f.Path, be.Bad)
	case errors.As(err, &be):
		fmt.Fprintf(stderr, "durascope dump: --best-effort: printed what decodes of %s\n", f.Path)
	case f.Kind == datadir.KindSnapshot && !o.bestEffort && inspect.SnapshotBlocked(f) != nil:
		how := "--best-effort"
		if o.format == "cypher" {
			how = "--format text --best-effort"
		}
		fmt.Fprintf(stderr, "durascope dump: no record of it can be read through its offsets and batch tables; %s dumps its header, its offsets table as read and the records that decode, one after the other\n", how)
	}
}

// printNotices says what the files hold when the filters selected nothing.
func printNotices(stderr io.Writer, sel *inspect.Selection) {
	for _, n := range sel.Notices() {
		fmt.Fprintf(stderr, "durascope dump: %s\n", n)
	}
}

// writeCypher prints the recovered graph; a torn WAL tail is reported after
// the dump of everything before it.
func writeCypher(w io.Writer, f *datadir.File, _ *inspect.DumpOptions) error {
	s, res, err := datadir.RecoverFile(f)
	if err != nil {
		return err
	}
	if err := s.WriteCypher(w); err != nil {
		return err
	}
	if res != nil && res.TornTail != nil {
		return res.TornTail
	}
	return nil
}

// filter builds the record filter from the flags; nil when none is given.
func (o *dumpOptions) filter(fs *pflag.FlagSet) (*inspect.RecordFilter, error) {
	var set []string
	for _, name := range []string{"txn", "from-ts", "to-ts", "type", "gid", "label", "edge-type", "section", "limit"} {
		if fs.Changed(name) {
			set = append(set, "--"+name)
		}
	}
	if len(set) == 0 {
		return nil, nil
	}
	if o.format == "cypher" {
		return nil, fmt.Errorf("%s cannot be used with --format cypher: the Cypher dump is the graph the whole file "+
			"recovers to, and a graph rebuilt from selected records is not what Memgraph would recover; "+
			"filter --format text or jsonl instead", strings.Join(set, ", "))
	}
	rf := &inspect.RecordFilter{Limit: o.limit}
	var err error
	if fs.Changed("txn") {
		rf.HasTxn = true
		if rf.TxnFrom, rf.TxnTo, err = inspect.ParseTxnRange(o.txn); err != nil {
			return nil, fmt.Errorf("--txn: %w", err)
		}
	}
	if fs.Changed("from-ts") {
		rf.FromTS = &o.fromTS
	}
	if fs.Changed("to-ts") {
		rf.ToTS = &o.toTS
	}
	if rf.FromTS != nil && rf.ToTS != nil && o.fromTS > o.toTS {
		return nil, fmt.Errorf("--from-ts %d is after --to-ts %d", o.fromTS, o.toTS)
	}
	if fs.Changed("type") {
		if rf.Types, err = inspect.ParseDeltaTypes(o.types); err != nil {
			return nil, fmt.Errorf("--type: %w", err)
		}
	}
	if fs.Changed("gid") {
		if rf.Gids, err = parseGids(o.gids); err != nil {
			return nil, fmt.Errorf("--gid: %w", err)
		}
	}
	if rf.Labels, err = nameSet("label", o.labels); err != nil {
		return nil, err
	}
	if rf.EdgeTypes, err = nameSet("edge-type", o.edgeTypes); err != nil {
		return nil, err
	}
	if fs.Changed("section") {
		if rf.Sections, err = inspect.ParseSections(o.section); err != nil {
			return nil, fmt.Errorf("--section: %w", err)
		}
	}
	if o.limit < 0 || (fs.Changed("limit") && o.limit == 0) {
		return nil, fmt.Errorf("--limit must be at least 1, not %d", o.limit)
	}
	return rf, nil
}

// parseGids parses a comma-separated list of gids.
func parseGids(s string) (map[uint64]bool, error) {
	out := map[uint64]bool{}
	for _, part := range strings.Split(s, ",") {
		g, err := strconv.ParseUint(strings.TrimSpace(part), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("gid %q: want a non-negative integer", part)
		}
		out[g] = true
	}
	return out, nil
}

// nameSet collects the names given to a repeatable flag; nil when none.
func nameSet(flag string, names []string) (map[string]bool, error) {
	if len(names) == 0 {
		return nil, nil
	}
	out := map[string]bool{}
	for _, n := range names {
		if n == "" {
			return nil, fmt.Errorf("--%s: an empty name matches nothing", flag)
		}
		out[n] = true
	}
	return out, nil
}
