package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
	"github.com/spf13/pflag"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/inspect"
)

const statsAbout = `Reads each FILE once (streaming, bounded memory) and prints statistics.
For a WAL: frames and bytes per delta type, header, summary and tail bytes,
complete transactions (committed and uncommitted where the format records
the commit flag), deltas and bytes per transaction (min, p50, p90, p99, max;
quantiles come from log buckets: exact below 64, otherwise at most 3.2% high),
the first and last commit timestamp, and the --top largest transactions by
bytes (index from 0, as dump numbers them). For a snapshot: bytes and records
per section (each section runs to the next one's offset; they add up to the
file size), batch sizes, vertices per label, edges per edge type, properties
per vertex and per edge, and property values by type. A file that does not
decode is described up to the problem, which goes to stderr; exit code 1
(a torn WAL tail is a warning).

A PATH that is a directory is read as a Memgraph data directory (snapshots/,
wal/, and tenants under databases/<uuid>/), as verify reads it: the
statistics of every durability file in it, per database its snapshots and
then its WAL files by sequence number, then each database's totals (files,
bytes, complete transactions and their deltas, as the files hold them: a
transaction in two files counts twice), and the findings, as verify names
them: each file's problem, and the checks on the set of files ("chain.*").`

// statsOptions are stats' flags.
type statsOptions struct {
	json, strict, allowEmpty bool
	top                      int
}

func (o *statsOptions) addFlags(fs *pflag.FlagSet) {
	fs.BoolVar(&o.json, "json", false, "print a JSON array: statistics per file, then totals per data directory")
	fs.IntVar(&o.top, "top", 5, "how many of a WAL's largest transactions to list")
	strictFlag(fs, &o.strict)
	fs.BoolVar(&o.allowEmpty, "allow-empty", false, "an empty data directory (nothing to recover) is no error")
}

func runStats(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("stats", "[--json] [--top N] [--strict] [--allow-empty] PATH...", statsAbout)
	var o statsOptions
	o.addFlags(fs)
	if code, stop := parseFlags(fs, args, stdout, stderr); stop {
		return code
	}
	if !needArgs(fs, stderr, "PATH") {
		return exitUsage
	}
	if o.top < 1 {
		fmt.Fprintf(stderr, "durascope stats: --top must be at least 1, not %d\n", o.top)
		return exitUsage
	}
	read := func(path string, f *datadir.File) *inspect.FileStats {
		p := fileProgress(stdout, stderr, path, f.Size, false)
		defer p.Done()
		return inspect.Stats(f, inspect.StatsOptions{Top: o.top, Progress: p.Update})
	}
	out := newOutput(stdout, o.json)
	code := exitOK
	for _, p := range fs.Args() {
		if !isDataDir(p) {
			reports, c := readFiles("stats", []string{p}, o.strict, stderr, read)
			code = max(code, c)
			for _, r := range reports {
				out.add(r, func(w io.Writer) { printStats(w, r) })
			}
			continue
		}
		dr, c := readDir("stats", p, o.allowEmpty, o.strict, stderr, read)
		code = max(code, c)
		if dr == nil {
			continue
		}
		s := &statsDir{dirSummary: newDirSummary(dr), Databases: []statsDatabase{}}
		for _, db := range dr.dbs {
			sd := statsDatabase{Name: db.t.Name, Dir: db.t.Dir, Files: []string{}, Totals: inspect.TotalStats(db.reports)}
			for _, r := range db.reports {
				sd.Files = append(sd.Files, r.Path)
				out.add(r, func(w io.Writer) { printStats(w, r) })
			}
			s.Databases = append(s.Databases, sd)
		}
		out.add(s, func(w io.Writer) { printStatsDir(w, dr.d, s) })
	}
	return out.finish(stderr, "stats", code)
}

// statsDir is stats' summary of a data directory.
type statsDir struct {
	dirSummary
	Databases []statsDatabase `json:"databases"`
}

type statsDatabase struct {
	Name string `json:"name"`
	Dir  string `json:"dir"`
	// Files are the database's durability files, reported above in this order.
	Files  []string            `json:"files"`
	Totals inspect.StatsTotals `json:"totals"`
}

// printStatsDir prints each database's totals, then the findings on the set.
func printStatsDir(w io.Writer, d *datadir.DataDir, s *statsDir) {
	var rows [][]string
	for _, db := range s.Databases {
		t := db.Totals
		rows = append(rows, []string{db.Name, strconv.Itoa(t.Files), strconv.Itoa(t.Snapshots), strconv.Itoa(t.WALs),
			strconv.FormatInt(t.Bytes, 10), strconv.Itoa(t.Transactions), u(t.Deltas), strconv.Itoa(t.Incomplete)})
	}
	fmt.Fprintf(w, "totals of %s\n", d.Path)
	table(w, []string{"database", "files", "snapshots", "WAL files", "bytes", "transactions", "deltas", "not read to the end"}, rows)
	printFindings(w, relFindings(d, s.Findings))
}

func printStats(w io.Writer, r *inspect.FileStats) {
	rows := [][]string{
		{"file", r.Path},
		{"kind", r.Kind.String()},
		{"size", strconv.FormatInt(r.Size, 10) + " bytes"},
	}
	if r.Version != 0 {
		rows = append(rows, []string{"format version", u(r.Version)})
	}
	var dists [][]string
	dist := func(name string, d inspect.Distribution) {
		dists = append(dists, []string{name, u(d.Count), u(d.Min), u(d.P50), u(d.P90), u(d.P99), u(d.Max), u(d.Sum)})
	}
	if wl := r.WAL; wl != nil {
		txns := strconv.Itoa(wl.Transactions)
		if wl.Committed != nil {
			txns += fmt.Sprintf(" (%d committed, %d uncommitted)", *wl.Committed, *wl.Uncommitted)
		}
		rows = append(rows,
			[]string{"header bytes", strconv.FormatInt(wl.HeaderBytes, 10)},
			[]string{"summary bytes", strconv.FormatInt(wl.SummaryBytes, 10)},
			[]string{"frame bytes", strconv.FormatInt(wl.FrameBytes, 10)},
			[]string{"tail bytes", strconv.FormatInt(wl.TailBytes, 10)},
			[]string{"frames", u(wl.Frames)},
			[]string{"complete transactions", txns},
			[]string{"frames after the last txn", strconv.Itoa(wl.IncompleteFrames)})
		if wl.Transactions > 0 {
			rows = append(rows, []string{"commit timestamps", u(wl.FirstTimestamp) + ".." + u(wl.LastTimestamp)})
		}
		dist("deltas per transaction", wl.DeltasPerTxn)
		dist("bytes per transaction", wl.BytesPerTxn)
	}
	if s := r.Snapshot; s != nil {
		rows = append(rows,
			[]string{"vertices", u(s.Vertices)},
			[]string{"edge records", u(s.Edges)},
			[]string{"unlabeled vertices", u(s.UnlabeledVertices)})
		dist("properties per vertex", s.VertexProperties)
		dist("properties per edge", s.EdgeProperties)
		if b := s.EdgeBatches; b != nil {
			dist("records per edge batch", b.Records)
			dist("bytes per edge batch", b.Bytes)
		}
		if b := s.VertexBatches; b != nil {
			dist("records per vertex batch", b.Records)
			dist("bytes per vertex batch", b.Bytes)
		}
	}
	status := "ok"
	if r.Problem != "" {
		status = r.ProblemClass + " (details on stderr)"
	}
	rows = append(rows, []string{"status", status})
	table(w, []string{"field", "value"}, rows)

	if wl := r.WAL; wl != nil && len(wl.Deltas) > 0 {
		var t [][]string
		for _, d := range wl.Deltas {
			t = append(t, []string{d.Type, u(d.Frames), u(d.Bytes), percent(int64(d.Bytes), wl.FrameBytes)})
		}
		table(w, []string{"delta type", "frames", "bytes", "% of frame bytes"}, t)
	}
	if s := r.Snapshot; s != nil {
		var t [][]string
		for _, sec := range s.Sections {
			t = append(t, []string{sec.Name, u(sec.Offset), strconv.FormatInt(sec.Bytes, 10), percent(sec.Bytes, r.Size), u(sec.Records)})
		}
		table(w, []string{"section", "offset", "bytes", "% of file", "records"}, t)
	}
	if len(dists) > 0 && (r.WAL == nil || r.WAL.Transactions > 0) {
		table(w, []string{"distribution", "count", "min", "p50", "p90", "p99", "max", "total"}, dists)
	}
	if wl := r.WAL; wl != nil && len(wl.Largest) > 0 {
		var t [][]string
		for _, x := range wl.Largest {
			t = append(t, []string{strconv.Itoa(x.Index), u(x.Timestamp), strconv.FormatInt(x.Offset, 10),
				strconv.Itoa(x.Deltas), strconv.FormatInt(x.Bytes, 10), strconv.FormatBool(x.Commit)})
		}
		table(w, []string{"largest txn", "timestamp", "offset", "deltas", "bytes", "commit"}, t)
	}
	if s := r.Snapshot; s != nil {
		names := func(head string, list []inspect.NameCount) {
			if len(list) == 0 {
				return
			}
			var t [][]string
			for _, n := range list {
				t = append(t, []string{n.Name, u(n.Count)})
			}
			table(w, []string{head, "count"}, t)
		}
		names("label", s.Labels)
		names("edge type", s.EdgeTypes)
		if len(s.ValueTypes) > 0 {
			var t [][]string
			for _, v := range s.ValueTypes {
				t = append(t, []string{v.Type, u(v.Vertices), u(v.Edges)})
			}
			table(w, []string{"value type", "on vertices", "on edges"}, t)
		}
	}
}

// table renders rows; headers are upper-cased here rather than by
// tablewriter, whose auto-format would print "p50" as "P 50".
func table(w io.Writer, header []string, rows [][]string) {
	t := tablewriter.NewTable(w, tablewriter.WithHeaderAutoFormat(tw.Off))
	up := make([]string, len(header))
	for i, h := range header {
		up[i] = strings.ToUpper(h)
	}
	t.Header(up)
	t.Bulk(rows)
	t.Render()
}

func percent(part, whole int64) string {
	if whole <= 0 {
		return "-"
	}
	return strconv.FormatFloat(float64(part)*100/float64(whole), 'f', 1, 64) + "%"
}
