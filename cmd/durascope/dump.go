package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/inspect"
)

const dumpAbout = `Prints one file. Formats:
  text    one line per record or WAL frame, prefixed with its byte offset
  jsonl   one JSON object per record (schema: spec/jsonl.md)
  cypher  the graph the file recovers to, exactly as Memgraph's DUMP DATABASE
          prints it (a snapshot alone, or a WAL replayed from an empty database)
A WAL whose last transaction is torn prints everything before it, with a
warning (exit 0; 1 with --strict).

Filters (text and jsonl only; every filter given must hold):
  --txn N, A-B or A-   WAL transactions by index, from 0, as txn= prints them
  --from-ts/--to-ts T  WAL frames whose commit timestamp is >= / <= T
  --type NAME,...      WAL frames of these delta types (VERTEX_CREATE, ...; any case)
  --section NAME,...   snapshot records of these kinds, as the text dump names
                       them (header, offsets, edge, vertex, indices, mapper, ...)
  --limit N            at most N records
WAL filters select frames only: the header, summary and tail lines drop out.
Reading stops once no later record can match (past the --txn range or the
--limit, or past --to-ts from format 16 on), so the rest of the file is then
neither read nor checked.
A data directory (--format cypher) prints the graph durascope plan recovers.`

// dumpOptions are dump's flags.
type dumpOptions struct {
	format             string
	txn                string
	fromTS, toTS       uint64
	types, section     string
	limit              int
	strict, allowEmpty bool
}

func (o *dumpOptions) addFlags(fs *pflag.FlagSet) {
	fs.StringVarP(&o.format, "format", "f", "text", "output format: text, jsonl or cypher")
	fs.StringVar(&o.txn, "txn", "", "WAL transactions: N, A-B or A- (indices from 0)")
	fs.Uint64Var(&o.fromTS, "from-ts", 0, "WAL frames with commit timestamp >= T")
	fs.Uint64Var(&o.toTS, "to-ts", 0, "WAL frames with commit timestamp <= T")
	fs.StringVar(&o.types, "type", "", "WAL delta types, comma-separated (e.g. VERTEX_CREATE,EDGE_CREATE)")
	fs.StringVar(&o.section, "section", "", "snapshot record kinds, comma-separated (e.g. vertex,mapper)")
	fs.IntVar(&o.limit, "limit", 0, "print at most N records")
	strictFlag(fs, &o.strict)
	fs.BoolVar(&o.allowEmpty, "allow-empty", false, "DATADIR: an empty data directory is no error")
}

func runDump(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("dump", "[--format text|jsonl|cypher] [filters] FILE|DATADIR", dumpAbout)
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
	if fs.NArg() != 1 {
		usageError(fs, stderr, "exactly one FILE or DATADIR is required")
		return exitUsage
	}
	if isDataDir(fs.Arg(0)) {
		if filter != nil {
			fmt.Fprintln(stderr, "durascope dump: filters apply to one file, not to a data directory")
			return exitUsage
		}
		return runDumpDir(fs.Arg(0), &o, stdout, stderr)
	}
	var write func(io.Writer, *datadir.File, *inspect.DumpOptions) error
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
	p := fileProgress(stdout, stderr, f.Path, f.Size, true)
	err = write(stdout, f, &inspect.DumpOptions{Filter: filter, Progress: p.Update})
	p.Done()
	if err != nil {
		fmt.Fprintf(stderr, "durascope dump: %s\n", describe(err))
		if errors.Is(err, format.ErrTornTail) {
			fmt.Fprintln(stderr, "durascope dump: the last transaction was never written whole; Memgraph drops it and recovers everything before it")
		}
		return problemCode(err, o.strict)
	}
	return exitOK
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
	for _, name := range []string{"txn", "from-ts", "to-ts", "type", "section", "limit"} {
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
