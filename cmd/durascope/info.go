package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/spf13/pflag"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/inspect"
)

const infoAbout = `Reads each FILE's header and prints what it is: kind, format version, the
Memgraph releases that write that version, storage uuid, epoch, timestamps
and counts; for a WAL the sequence number, header CRC, summary and what a
scan of its transactions finds; for a snapshot its offsets and batch
tables. A snapshot is read as far as its header, metadata, mapper, enums,
epoch history and batch tables, and a finalized WAL as far as its header
and summary (whose delta count and timestamps it prints), which takes the
same time whatever the file's size; the status then covers what was read.
--full reads every record and frame as well, counts a finalized WAL's
transactions and where they end, and reports the first problem anywhere in
the file (what verify checks, and more, it does not). A WAL that is not
finalized is always read whole. A file that does not decode cleanly is
still described as far as it reads, with the problem, and makes the exit
code 1 (a torn WAL tail is a warning).

A PATH that is a directory is read as a Memgraph data directory (snapshots/,
wal/, and tenants under databases/<uuid>/), as verify reads it: every
durability file in it is described, per database its snapshots and then its
WAL files by sequence number, and then each database's chain: the storage
uuid recovery adopts, the snapshots with their timestamps, the WAL sequence
numbers and commit timestamps; then the findings, as verify names them: each
file's problem, and the checks on the set of files ("chain.*": gaps,
duplicates, other uuids, leftover _part_ files, unrelated files). What
Memgraph would recover needs the files replayed, which 'durascope plan'
does; info says it only for a database with nothing to recover.`

// infoOptions are info's flags.
type infoOptions struct{ json, strict, allowEmpty, full bool }

func (o *infoOptions) addFlags(fs *pflag.FlagSet) {
	fs.BoolVar(&o.json, "json", false, "print a JSON array: a report per file, then a summary per data directory")
	fs.BoolVar(&o.full, "full", false, "read every record and frame, not only the headers and tables")
	strictFlag(fs, &o.strict)
	fs.BoolVar(&o.allowEmpty, "allow-empty", false, "an empty data directory (nothing to recover) is no error")
}

func runInfo(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("info", "[--json] [--full] [--strict] [--allow-empty] PATH...", infoAbout)
	var o infoOptions
	o.addFlags(fs)
	if code, stop := parseFlags(fs, args, stdout, stderr); stop {
		return code
	}
	if !needArgs(fs, stderr, "PATH") {
		return exitUsage
	}
	read := func(_ string, f *datadir.File) *inspect.FileInfo {
		return inspect.InfoWith(f, inspect.InfoOptions{Full: o.full})
	}
	out := newOutput(stdout, o.json)
	code := exitOK
	for _, p := range fs.Args() {
		if !isDataDir(p) {
			reports, c := readFiles("info", []string{p}, o.strict, stderr, read)
			code = max(code, c)
			for _, r := range reports {
				out.add(r, func(w io.Writer) { printInfo(w, r) })
			}
			continue
		}
		dr, c := readDir("info", p, o.allowEmpty, o.strict, stderr, read)
		code = max(code, c)
		if dr == nil {
			continue
		}
		for _, db := range dr.dbs {
			for _, r := range db.reports {
				out.add(r, func(w io.Writer) { printInfo(w, r) })
			}
		}
		s := infoDirSummary(dr, o.allowEmpty)
		out.add(s, func(w io.Writer) { printInfoDir(w, dr.d, s) })
	}
	return out.finish(stderr, "info", code)
}

// infoDir is info's summary of a data directory.
type infoDir struct {
	dirSummary
	Databases []infoDatabase `json:"databases"`
}

type infoDatabase struct {
	inspect.ChainSummary
	// Files are the database's durability files, reported above in this order.
	Files []string `json:"files"`
	// Verdict is plan's first line where it needs nothing replayed (there
	// is nothing to recover); otherwise "": 'durascope plan' decides.
	Verdict         string          `json:"verdict,omitempty"`
	Outcome         inspect.Outcome `json:"outcome,omitempty"`
	snapshots, wals int             // files reported, by kind
}

func infoDirSummary(dr *dirReports[*inspect.FileInfo], allowEmpty bool) *infoDir {
	s := &infoDir{dirSummary: newDirSummary(dr), Databases: []infoDatabase{}}
	for _, db := range dr.dbs {
		idb := infoDatabase{ChainSummary: inspect.SummarizeChain(db.t), Files: []string{}}
		for _, r := range db.reports {
			idb.Files = append(idb.Files, r.Path)
			if r.Kind == datadir.KindSnapshot {
				idb.snapshots++
			} else {
				idb.wals++
			}
		}
		if idb.UUIDFrom == "" {
			// No file recovery reads: the plan loads and replays nothing.
			one := *dr.d
			one.Tenants = []*datadir.Tenant{db.t}
			tp := inspect.PlanRecovery(&one, inspect.DirOptions{AllowEmpty: allowEmpty}).Tenants[0]
			idb.Verdict, idb.Outcome = verdict(tp, findingsListed), tp.Outcome
		}
		s.Databases = append(s.Databases, idb)
	}
	return s
}

// printInfoDir prints each database's chain, then the findings on the set.
func printInfoDir(w io.Writer, d *datadir.DataDir, s *infoDir) {
	for i, db := range s.Databases {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "database %s of %s\n", db.Name, d.Path)
		rows := [][]string{{"files", plural(db.snapshots, "snapshot") + ", " + plural(db.wals, "WAL file")}}
		if db.UUID != "" {
			rows = append(rows, []string{"storage uuid", db.UUID + " (of " + rel(d, db.UUIDFrom) + ")"})
		} else {
			rows = append(rows, []string{"storage uuid", "none: no file whose header Memgraph reads"})
		}
		for _, o := range db.OtherUUIDs {
			rows = append(rows, []string{"other storage uuid", fmt.Sprintf("%s: %s, ignored by recovery", o.UUID, plural(o.Files, "file"))})
		}
		for _, sn := range db.Snapshots {
			v := fmt.Sprintf("%s: durable timestamp %d, start timestamp %d", rel(d, sn.Path), sn.DurableTimestamp, sn.StartTimestamp)
			if sn.UUID != db.UUID {
				v += " (other storage uuid)"
			}
			rows = append(rows, []string{"snapshot", v})
		}
		if r := db.WALs; r != nil {
			rows = append(rows, []string{"WAL chain", fmt.Sprintf("%s, sequence numbers %d..%d, commit timestamps %d..%d",
				plural(r.Files, "file"), r.FirstSeqNum, r.LastSeqNum, r.FromTimestamp, r.ToTimestamp)})
		}
		recovery := db.Verdict
		if recovery == "" {
			recovery = "needs the files replayed: see 'durascope plan " + d.Path + "'"
		}
		rows = append(rows, []string{"recovery", recovery})
		t := tablewriter.NewWriter(w)
		t.Header("field", "value")
		t.Bulk(rows)
		t.Render()
	}
	printFindings(w, relFindings(d, s.Findings))
}

func printInfo(w io.Writer, r *inspect.FileInfo) {
	rows := [][]string{
		{"file", r.Path},
		{"kind", r.Kind.String()},
		{"size", strconv.FormatInt(r.Size, 10) + " bytes"},
	}
	if h := r.Header; h != nil && h.Magic {
		rows = append(rows, []string{"magic", "MGsn (snapshot)"})
	}
	if r.Version != 0 {
		rows = append(rows, versionRows(r.Version, r.WrittenBy)...)
	}
	if h := r.Header; h != nil {
		rows = append(rows, headerRows(h, r.Size)...)
	}
	if r.UUID != "" {
		rows = append(rows, []string{"storage uuid", r.UUID}, []string{"epoch", r.Epoch})
	}
	if s := r.Snapshot; s != nil {
		rows = append(rows,
			[]string{"start timestamp", u(s.StartTimestamp)},
			[]string{"durable timestamp", u(s.DurableTimestamp)})
		if s.NumCommittedTxns != nil {
			rows = append(rows, []string{"committed transactions", u(*s.NumCommittedTxns)})
		}
		rows = append(rows,
			[]string{"vertices", u(s.Vertices)},
			[]string{"edges", u(s.Edges)},
			[]string{"mapper names", strconv.Itoa(s.MapperNames)},
			[]string{"enums", strconv.Itoa(s.Enums)},
			[]string{"epoch history entries", strconv.Itoa(s.EpochHistory)})
	}
	if wl := r.WAL; wl != nil {
		rows = append(rows, []string{"sequence number", u(wl.SeqNum)})
		if wl.HeaderCRC != nil {
			rows = append(rows, []string{"header CRC", fmt.Sprintf("0x%08x (verified)", *wl.HeaderCRC)})
		}
		if s := wl.Summary; s != nil {
			state := "not finalized (zero summary)"
			if wl.Finalized {
				state = fmt.Sprintf("finalized: deltas %d, timestamps %d..%d", s.NumDeltas, s.FromTimestamp, s.ToTimestamp)
			}
			rows = append(rows, []string{"summary", state})
		}
		if wl.Transactions != nil && wl.ValidEnd != nil {
			rows = append(rows,
				[]string{"complete transactions", strconv.Itoa(*wl.Transactions)},
				[]string{"deltas in them", u(wl.Deltas)},
				[]string{"commit timestamps", u(wl.FromTimestamp) + ".." + u(wl.ToTimestamp)},
				[]string{"valid up to byte", strconv.FormatInt(*wl.ValidEnd, 10)})
		} else {
			rows = append(rows, []string{"complete transactions", "not counted (--full counts them)"})
		}
	}
	rows = append(rows, []string{"status", shortStatus(r)})
	t := tablewriter.NewWriter(w)
	t.Header("field", "value")
	t.Bulk(rows)
	t.Render()
	if s := r.Snapshot; s != nil && len(s.Offsets) > 0 {
		ot := tablewriter.NewWriter(w)
		ot.Header("section", "offset")
		for _, o := range s.Offsets {
			off := u(o.Offset)
			if o.Offset == 0 {
				off = "absent"
			}
			ot.Append(o.Section, off)
		}
		ot.Render()
	}
	if s := r.Snapshot; s != nil && (len(s.VertexBatches) > 0 || len(s.EdgeBatches) > 0) {
		bt := tablewriter.NewWriter(w)
		bt.Header("batch table", "#", "offset", "records")
		for i, b := range s.EdgeBatches {
			bt.Append("edges", strconv.Itoa(i), u(b.Offset), u(b.Count))
		}
		for i, b := range s.VertexBatches {
			bt.Append("vertices", strconv.Itoa(i), u(b.Offset), u(b.Count))
		}
		bt.Render()
	}
}

// versionRows are the "format version" and "written by Memgraph" rows of
// info and compat.
func versionRows(v uint64, writtenBy []string) [][]string {
	releases := strings.Join(writtenBy, ", ")
	if n := len(writtenBy); n > 4 {
		// The list is in release order; --json has every one.
		releases = fmt.Sprintf("%s .. %s (%d releases)", writtenBy[0], writtenBy[n-1], n)
	}
	if releases == "" {
		releases = "none (development builds only)"
	}
	return [][]string{{"format version", u(v)}, {"written by Memgraph", releases}}
}

func u(v uint64) string { return strconv.FormatUint(v, 10) }

// headerRows are the offsets-table entries of a snapshot that does not
// open, before its status: where its sections were meant to be.
func headerRows(h *inspect.SnapshotHeaderInfo, size int64) [][]string {
	var rows [][]string
	for _, o := range h.Offsets {
		v := u(o.Offset)
		switch {
		case o.Offset == 0:
			v = "absent"
		case o.PastEnd:
			v += fmt.Sprintf(" (past the end of the file, %d bytes)", size)
		}
		rows = append(rows, []string{"offset of " + o.Section, v})
	}
	if h.TableEntries > 0 && len(h.Offsets) < h.TableEntries {
		rows = append(rows, []string{"offsets table", fmt.Sprintf("%d of %d entries read", len(h.Offsets), h.TableEntries)})
	}
	return rows
}

// shortStatus keeps the table narrow: what went wrong and where; the whole
// message goes to stderr.
func shortStatus(r *inspect.FileInfo) string {
	err := r.Err()
	switch {
	case err == nil && r.Scan == inspect.ScanHeaders && r.Kind == datadir.KindWAL:
		return "ok: header and summary (--full reads every frame)"
	case err == nil && r.Scan == inspect.ScanHeaders:
		return "ok: header and tables (--full reads every record)"
	case err == nil:
		return "ok"
	}
	s := strings.ReplaceAll(format.ClassName(err), "_", " ")
	var de *format.DecodeError
	if errors.As(err, &de) {
		s += fmt.Sprintf(" at offset %d", de.Offset)
	}
	return s + " (" + inspect.ErrorSeverity(err).String() + "; the message is on stderr)"
}
