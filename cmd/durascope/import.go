package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/durascope/durascope/engine/csvimport"
	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/engine/snapshot"
	"github.com/durascope/durascope/format"
)

const importAbout = `Turns CSV files in Neo4j's import format into a Memgraph snapshot that
Memgraph loads at its next start: the replacement of mg_import_csv, which
Memgraph removed in 2025. Every flag of mg_import_csv is here with its
default, and the files are read exactly as it read them (quoting as Python's
csv module in strict mode, with a delimiter and quote of any length).

--nodes [LABEL[:LABEL]...=]FILE[,FILE...] names node files read as one CSV
whose header is the first line of the first file; the labels are added to
every node of them. --relationships [TYPE=]FILE[,FILE...] does the same for
relationships, the type applying to all of them. Both may be given several
times; nodes are read first. Header fields are name[:type]: ID, ID(space)
(a node's id; with a name it is also stored as a property), LABEL, IGNORE,
START_ID(space), END_ID(space), TYPE, or a property type: int, long, short,
byte, integer, float, double, boolean, bool, string (the default), char,
each with [] for an array split at --array-delimiter.

The snapshot goes to DATADIR/snapshots under Memgraph's name for it, with a
fresh storage uuid, in format --format-version (14..37). It is written under
a temporary name and renamed only when complete, so a failed import leaves
nothing. Memory grows with the number of node ids (about 30 bytes and the
id's length each), not with the files: records and edge lists go through
temporary files (--tmp-dir, by default inside DATADIR).

The import refuses to run while a Memgraph (or another durascope writer)
holds DATADIR's lock, and refuses a DATADIR whose snapshots/ or wal/ holds
anything; --force moves those files to DATADIR/.backup/ once the snapshot is
complete, as Memgraph does when it starts without recovery.

Bad input stops the import with its file, line, column and reason; with
--skip-duplicate-nodes and --skip-bad-relationships those rows are skipped
and counted instead. On a terminal, a line on stderr shows progress.`

const importExitCodes = `
Exit codes: 0 the snapshot was written (rows skipped under a skip flag are
warnings); 1 nothing was written: bad input, a flag value mg_import_csv
refused (such as an empty --delimiter), a locked data directory or existing
durability files; 2 usage error, or a file or directory that could not be
read or written.`

// maxWarningsShown bounds the skipped rows listed on stderr; all are counted.
const maxWarningsShown = 20

type importOptions struct {
	csvimport.Options
	nodes, relationships []string
	idType               string
	version, perBatch    int
	sortMiB              int
	json                 bool
	progress             progressFlags
}

func (o *importOptions) addFlags(fs *pflag.FlagSet) {
	d := csvimport.DefaultOptions()
	fs.StringVar(&o.DataDirectory, "data-directory", d.DataDirectory, "the Memgraph data directory the snapshot goes to (DATADIR)")
	fs.StringArrayVar(&o.nodes, "nodes", nil, "[LABEL[:LABEL]...=]FILE[,FILE...]: node files, read as one CSV (repeatable; at least one)")
	fs.StringArrayVar(&o.relationships, "relationships", nil, "[TYPE=]FILE[,FILE...]: relationship files, read as one CSV (repeatable)")
	fs.StringVar(&o.Delimiter, "delimiter", d.Delimiter, "separates fields")
	fs.StringVar(&o.Quote, "quote", d.Quote, "quotes a field (doubled inside one)")
	fs.StringVar(&o.ArrayDelimiter, "array-delimiter", d.ArrayDelimiter, "separates array elements and labels")
	fs.StringVar(&o.idType, "id-type", string(d.IDType), "how node ids are stored as properties: STRING or INTEGER (then every id must be an integer)")
	fs.BoolVar(&o.IgnoreEmptyStrings, "ignore-empty-strings", false, "an empty field is null (no property) rather than an empty string")
	fs.BoolVar(&o.IgnoreExtraColumns, "ignore-extra-columns", false, "drop fields beyond the header's instead of failing")
	fs.BoolVar(&o.SkipBadRelationships, "skip-bad-relationships", false, "skip (and count) relationships to nodes that do not exist instead of failing")
	fs.BoolVar(&o.SkipDuplicateNodes, "skip-duplicate-nodes", false, "skip (and count) nodes whose id was already imported instead of failing")
	fs.BoolVar(&o.TrimStrings, "trim-strings", false, "remove leading and trailing whitespace from every field")
	fs.BoolVar(&o.PropertiesOnEdges, "storage-properties-on-edges", false, "relationships have properties (Memgraph must run with the same setting)")
	fs.IntVar(&o.version, "format-version", int(format.MaxVersion), fmt.Sprintf("snapshot format version to write (%d..%d)", format.MinVersion, format.MaxVersion))
	fs.IntVar(&o.perBatch, "storage-items-per-batch", snapshot.DefaultItemsPerBatch, "snapshot records per batch (format 15+)")
	fs.BoolVar(&o.Force, "force", false, "move existing files of snapshots/ and wal/ to DATADIR/.backup/ instead of refusing")
	fs.StringVar(&o.TempDir, "tmp-dir", "", "directory for temporary files (default: inside DATADIR); removed at the end")
	fs.IntVar(&o.sortMiB, "sort-buffer-mib", csvimport.DefaultSortBuffer>>20, "memory for sorting edge lists before a sorted run is spilled")
	fs.BoolVar(&o.json, "json", false, "print the report (or the error) as JSON on stdout")
	o.progress.add(fs)
}

func runImport(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("import", "--data-directory DATADIR --nodes [LABELS=]FILE[,FILE...] ... [--relationships [TYPE=]FILE[,FILE...] ...] [flags]", importAbout)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "Usage: durascope import --data-directory DATADIR --nodes [LABELS=]FILE[,FILE...] ...\n"+
			"         [--relationships [TYPE=]FILE[,FILE...] ...] [flags]\n\n%s\n\nFlags:\n", importAbout)
		fs.PrintDefaults()
		fmt.Fprintln(w, importExitCodes)
	}
	// mg_import_csv's flags were gflags, which take underscores too.
	fs.SetNormalizeFunc(func(_ *pflag.FlagSet, name string) pflag.NormalizedName {
		return pflag.NormalizedName(strings.ReplaceAll(name, "_", "-"))
	})
	var o importOptions
	o.addFlags(fs)
	if code, stop := parseFlags(fs, args, stdout, stderr); stop {
		return code
	}
	usageErr := func(msg string) int {
		usageError(fs, stderr, msg)
		return exitUsage
	}
	switch {
	case fs.NArg() > 0:
		return usageErr(fmt.Sprintf("unexpected argument %q: input files go with --nodes and --relationships", fs.Arg(0)))
	case len(o.nodes) == 0:
		return usageErr("--nodes is required")
	case o.version < 0 || !format.Version(o.version).Supported():
		return usageErr(fmt.Sprintf("--format-version %d is outside %d..%d", o.version, format.MinVersion, format.MaxVersion))
	case o.perBatch < 1:
		return usageErr("--storage-items-per-batch must be at least 1")
	case o.sortMiB < 1:
		return usageErr("--sort-buffer-mib must be at least 1")
	case o.progress.on && o.progress.off:
		return usageErr("--progress and --no-progress exclude each other")
	}
	for _, n := range o.nodes {
		if n == "" {
			return usageErr("--nodes needs a value")
		}
		o.Nodes = append(o.Nodes, csvimport.ParseNodesArg(n))
	}
	for _, r := range o.relationships {
		if r == "" {
			return usageErr("--relationships needs a value")
		}
		o.Relationships = append(o.Relationships, csvimport.ParseRelationshipsArg(r))
	}
	o.IDType = csvimport.IDType(o.idType)
	o.Version, o.ItemsPerBatch, o.SortBuffer = format.Version(o.version), o.perBatch, o.sortMiB<<20

	var warnings []csvimport.Warning
	o.Warn = func(w csvimport.Warning) {
		if len(warnings) < maxWarningsShown {
			warnings = append(warnings, w)
		}
	}
	pr := &importProgress{w: stderr, on: o.progress.show(stderr, false)}
	o.Progress = pr.update
	rep, err := csvimport.Import(o.Options)
	pr.done()
	code := importExitCode(err)
	if o.json {
		out := importJSON{OK: err == nil, Report: rep, Warnings: warnings}
		if rep != nil {
			out.WarningsOmitted = int(rep.SkippedNodes+rep.SkippedRelationships) - len(warnings)
		}
		if err != nil {
			out.Error = newImportErrorJSON(err)
		}
		return writeJSON(stdout, stderr, "import", out, code, false)
	}
	for _, w := range warnings {
		fmt.Fprintf(stderr, "durascope import: warning: %s\n", w)
	}
	if err != nil {
		fmt.Fprintf(stderr, "durascope import: %v\n", err)
		fmt.Fprintln(stderr, "durascope import: nothing written")
		return code
	}
	if n := int(rep.SkippedNodes+rep.SkippedRelationships) - len(warnings); n > 0 {
		fmt.Fprintf(stderr, "durascope import: warning: %s not listed\n", plural(n, "more skipped row"))
	}
	printImport(stdout, rep)
	return code
}

// importExitCode: 1 for what the importer refused, 2 for what it could not
// read or write.
func importExitCode(err error) int {
	var ie *csvimport.InputError
	var oe *csvimport.OptionError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ie):
		if ie.Problem == csvimport.ProblemOpen {
			return exitUsage
		}
		return exitProblems
	case errors.As(err, &oe), errors.Is(err, datadir.ErrLocked), errors.Is(err, csvimport.ErrExistingFiles):
		return exitProblems
	}
	return exitUsage
}

// importJSON is --json's document: the report, or the error.
type importJSON struct {
	OK bool `json:"ok"`
	*csvimport.Report
	Warnings        []csvimport.Warning `json:"warnings,omitempty"`
	WarningsOmitted int                 `json:"warnings_omitted,omitempty"`
	Error           *importErrorJSON    `json:"error,omitempty"`
}

type importErrorJSON struct {
	Message string            `json:"message"`
	Problem csvimport.Problem `json:"problem,omitempty"`
	File    string            `json:"file,omitempty"`
	Line    int               `json:"line,omitempty"`
	Column  int               `json:"column,omitempty"`
	Field   string            `json:"field,omitempty"`
	Option  string            `json:"option,omitempty"`
}

func newImportErrorJSON(err error) *importErrorJSON {
	out := &importErrorJSON{Message: err.Error()}
	var ie *csvimport.InputError
	var oe *csvimport.OptionError
	switch {
	case errors.As(err, &ie):
		out.Problem, out.File, out.Line, out.Column, out.Field = ie.Problem, ie.File, ie.Line, ie.Column, ie.Field
	case errors.As(err, &oe):
		out.Option = oe.Option
	}
	return out
}

func printImport(w io.Writer, r *csvimport.Report) {
	fmt.Fprintf(w, "wrote %s: snapshot, format %d, %d bytes, storage uuid %s\n", r.Snapshot, r.Version, r.Size, r.UUID)
	fmt.Fprintf(w, "%s, %s; %s, %s, %s\n", plural(int(r.Nodes), "node"), plural(int(r.Relationships), "relationship"),
		plural(r.Labels, "label"), plural(r.RelationshipTypes, "relationship type"), plural(r.PropertyNames, "property name"))
	if r.SkippedNodes > 0 || r.SkippedRelationships > 0 {
		fmt.Fprintf(w, "skipped %s and %s\n", plural(int(r.SkippedNodes), "duplicate node"), plural(int(r.SkippedRelationships), "bad relationship"))
	}
	secs := r.Elapsed.Seconds()
	fmt.Fprintf(w, "read %s, %s, %.1f MB in %s", plural(r.Files, "file"), plural(int(r.Rows), "row"), float64(r.Bytes)/1e6, r.Elapsed.Round(time.Millisecond))
	if secs > 0 {
		fmt.Fprintf(w, " (%.0f rows/s, %.1f MB/s)", float64(r.Rows)/secs, float64(r.Bytes)/1e6/secs)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "time: nodes %s, relationships %s, snapshot %s\n", r.NodesTime.Round(time.Millisecond),
		r.EdgesTime.Round(time.Millisecond), r.SnapshotTime.Round(time.Millisecond))
	if len(r.BackedUp) > 0 {
		fmt.Fprintf(w, "moved %d entries of snapshots/ and wal/ to .backup/\n", len(r.BackedUp))
	}
}

// importProgress draws one progress line per phase with the row count and
// rate in its label (progress draws bytes, percentage and ETA).
type importProgress struct {
	w     io.Writer
	on    bool
	now   func() time.Time // time.Now when nil
	phase string
	start time.Time
	rows  uint64 // rows read before the phase
	cur   *progress
}

func (p *importProgress) update(u csvimport.Progress) {
	if !p.on {
		return
	}
	now := p.now
	if now == nil {
		now = time.Now
	}
	if p.cur == nil || u.Phase != p.phase {
		p.done()
		p.phase, p.start, p.rows = u.Phase, now(), u.Rows
		p.cur = newProgress(p.w, true, "", u.Total, now)
	}
	label := "import: writing the snapshot"
	if u.Phase != csvimport.PhaseSnapshot {
		label = fmt.Sprintf("import %s: %d rows", u.Phase, u.Rows)
		if secs := now().Sub(p.start).Seconds(); secs > 0 {
			label += fmt.Sprintf(" (%.0f rows/s)", float64(u.Rows-p.rows)/secs)
		}
	}
	p.cur.label = label
	p.cur.Update(u.Done)
}

func (p *importProgress) done() {
	if p.cur != nil {
		p.cur.Done()
	}
}
