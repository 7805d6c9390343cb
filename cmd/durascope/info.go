package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/spf13/pflag"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/inspect"
)

const infoAbout = `Reads each FILE completely (streaming) and prints what it is: kind, format
version, the Memgraph releases that write that version, storage uuid, epoch,
timestamps and counts; for a WAL the sequence number, header CRC, summary and
what a full scan of its transactions finds; for a snapshot its offsets and
batch tables. A file that does not decode cleanly is still described as far
as it reads, with the problem, and makes the exit code 1.`

// infoOptions are info's flags.
type infoOptions struct{ json, strict bool }

func (o *infoOptions) addFlags(fs *pflag.FlagSet) {
	fs.BoolVar(&o.json, "json", false, "print a JSON array of file reports")
	strictFlag(fs, &o.strict)
}

func runInfo(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("info", "[--json] FILE...", infoAbout)
	var o infoOptions
	o.addFlags(fs)
	if code, stop := parseFlags(fs, args, stdout, stderr); stop {
		return code
	}
	if !needArgs(fs, stderr, "FILE") {
		return exitUsage
	}
	reports, code := readFiles("info", fs.Args(), o.strict, stderr, func(_ string, f *datadir.File) *inspect.FileInfo {
		return inspect.Info(f)
	})
	return printReports(stdout, stderr, "info", o.json, reports, code, printInfo)
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
		rows = append(rows,
			[]string{"complete transactions", strconv.Itoa(wl.Transactions)},
			[]string{"deltas in them", u(wl.Deltas)},
			[]string{"commit timestamps", u(wl.FromTimestamp) + ".." + u(wl.ToTimestamp)},
			[]string{"valid up to byte", strconv.FormatInt(wl.ValidEnd, 10)})
	}
	status := "ok"
	if r.Problem != "" {
		status = r.Problem
	}
	rows = append(rows, []string{"status", status})
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
