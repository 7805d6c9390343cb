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
drops it; as for every command, that is a warning (exit 0, 1 with --strict).`

// compatOptions are compat's flags.
type compatOptions struct {
	json, strict bool
	release      string
}

func (o *compatOptions) addFlags(fs *pflag.FlagSet) {
	fs.BoolVar(&o.json, "json", false, "print a JSON array of file reports")
	fs.StringVar(&o.release, "release", "", "answer yes/no for this Memgraph release (3.11.0, v3.11.0, 3.11)")
	strictFlag(fs, &o.strict)
}

func runCompat(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("compat", "[--json] [--release X.Y.Z] FILE...", compatAbout)
	var o compatOptions
	o.addFlags(fs)
	if code, stop := parseFlags(fs, args, stdout, stderr); stop {
		return code
	}
	if !needArgs(fs, stderr, "FILE") {
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
	reports, code := readFiles("compat", fs.Args(), o.strict, stderr, func(path string, f *datadir.File) *convert.CompatReport {
		r := convert.Compat(f)
		if r.TornTail {
			fmt.Fprintf(stderr, "durascope compat: warning: %s: ends in a torn transaction (never written whole), left out as Memgraph drops it\n", path)
			if o.strict {
				torn = exitProblems
			}
		}
		return r
	})
	code = max(code, torn)
	if o.release != "" {
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
		answers := []answer{}
		for _, r := range reports {
			if r.Problem != "" {
				continue
			}
			ok, why := r.CanRead(o.release)
			a := answer{Path: r.Path, Release: o.release, CanRead: ok, Reason: why}
			if !ok {
				code = max(code, exitProblems)
				if v := r.ReadableAt(o.release); v != 0 {
					a.ConvertTo = uint64(v)
					if f, err := datadir.Open(r.Path); err == nil {
						a.Drops, _ = convert.DropsAt(f, v)
						f.Close()
					}
				}
			}
			answers = append(answers, a)
		}
		if o.json {
			return writeJSON(stdout, stderr, "compat", answers, code, true)
		}
		for _, a := range answers {
			if a.CanRead {
				fmt.Fprintf(stdout, "yes: Memgraph %s reads %s\n", a.Release, a.Path)
			} else {
				fmt.Fprintf(stdout, "no: Memgraph %s cannot read %s: %s\n", a.Release, a.Path, a.Reason)
				switch {
				case a.ConvertTo == 0:
					fmt.Fprintf(stdout, "    no conversion makes it readable\n")
				case len(a.Drops) == 0:
					fmt.Fprintf(stdout, "    'durascope convert --to-version %d %s OUT' makes it readable, dropping nothing\n", a.ConvertTo, a.Path)
				default:
					fmt.Fprintf(stdout, "    'durascope convert --to-version %d --drop-unsupported %s OUT' makes it readable, dropping %d item(s):\n", a.ConvertTo, a.Path, len(a.Drops))
					printDropped(stdout, a.Drops)
				}
			}
		}
		return code
	}
	return printReports(stdout, stderr, "compat", o.json, reports, code, printCompat)
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
