package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/spf13/pflag"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/inspect/convert"
)

const convertAbout = `Converts a snapshot or a WAL to another format version (14..37), keeping its
nature: a snapshot stays a snapshot, a WAL keeps its transactions, framed as
the target version writes them (spec/conversion.md). Converting a file to
its own version reproduces its bytes exactly (for a snapshot unless
--items-per-batch re-cuts its batches).

When the target cannot represent something the file holds (an enum before
format 18, a type constraint before 20, a DESC index before 34, ...),
nothing is written and each such item is listed, with exit code 1; with
--drop-unsupported the file is written without them and they are listed.
Lists and notes go to stderr; --json prints the report on stdout instead.

The input is verified first: a damaged one (any error 'durascope verify'
reports) is refused with those findings and exit 1, since converting it would
carry the damage over or hide it. --salvage converts what is recoverable
instead (the transactions of a WAL before the damage; the graph a snapshot
loads into) and lists what is left behind (exit 1: the input was damaged).

OUT is never the input (also through a link), nor an existing FIFO or device:
the file is written to a temporary file beside OUT, synced, verified and
recovered again, and only then renamed over OUT. A torn tail of an input WAL
is left out (copied at its own version) with a warning.`

// convertOptions are convert's flags.
type convertOptions struct {
	to            int
	perBatch      int
	drop, salvage bool
	json, strict  bool
}

func (o *convertOptions) addFlags(fs *pflag.FlagSet) {
	fs.IntVar(&o.to, "to-version", 0, "target format version (14..37)")
	fs.IntVar(&o.perBatch, "items-per-batch", 0, "snapshot records per batch in the output (default: the input's batches)")
	fs.BoolVar(&o.drop, "drop-unsupported", false, "write the file even if items must be dropped, and list them")
	fs.BoolVar(&o.salvage, "salvage", false, "convert what a damaged input holds intact, and list what is left behind")
	fs.BoolVar(&o.json, "json", false, "print the conversion report as JSON on stdout")
	strictFlag(fs, &o.strict)
}

func runConvert(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("convert", "--to-version N [--items-per-batch K] [--drop-unsupported] [--json] IN OUT", convertAbout)
	var o convertOptions
	o.addFlags(fs)
	if code, stop := parseFlags(fs, args, stdout, stderr); stop {
		return code
	}
	usageErr := func(msg string) int {
		usageError(fs, stderr, msg)
		return exitUsage
	}
	switch {
	case fs.NArg() != 2:
		return usageErr("IN and OUT are required")
	case !fs.Changed("to-version"):
		return usageErr("--to-version is required")
	case !format.Version(o.to).Supported() || o.to < 0:
		return usageErr(fmt.Sprintf("--to-version %d is outside %d..%d", o.to, format.MinVersion, format.MaxVersion))
	case o.perBatch < 0:
		return usageErr("--items-per-batch must not be negative (0 keeps the input's batches)")
	}
	in, out := fs.Arg(0), fs.Arg(1)
	v := format.Version(o.to)
	rep, err := convert.File(in, out, v, &convert.Options{ItemsPerBatch: o.perBatch, DropUnsupported: o.drop, Salvage: o.salvage})
	if o.json && rep != nil {
		if code := writeJSON(stdout, stderr, "convert", rep, exitOK, true); code != exitOK {
			return code
		}
	}
	var unrep *convert.DropError
	var same *convert.SameFileError
	var damaged *convert.DamagedError
	switch {
	case errors.As(err, &damaged):
		fmt.Fprintf(stderr, "durascope convert: %s is damaged; nothing written:\n", in)
		for _, f := range damaged.Findings {
			fmt.Fprintf(stderr, "  %s\n", f)
		}
		fmt.Fprintln(stderr, "durascope convert: --salvage converts what it holds intact and lists what is left behind")
		return exitProblems
	case errors.As(err, &unrep):
		if !o.json {
			fmt.Fprintf(stderr, "durascope convert: format %d cannot represent %d item(s) of %s; nothing written:\n", o.to, len(unrep.Dropped), in)
			printDropped(stderr, unrep.Dropped)
			fmt.Fprintln(stderr, "durascope convert: --drop-unsupported writes the file without them")
		}
		return exitProblems
	case errors.As(err, &same):
		fmt.Fprintln(stderr, "durascope convert: "+err.Error())
		return exitUsage
	case err != nil:
		fmt.Fprintf(stderr, "durascope convert: %s: %v\n", in, err)
		return problemCode(err, o.strict)
	}
	if !o.json {
		fmt.Fprintf(stderr, "durascope convert: wrote %s: %s, format %d -> %d%s\n", out, rep.Kind, rep.FromVersion, rep.ToVersion, convertCounts(rep))
		if len(rep.Dropped) > 0 {
			fmt.Fprintf(stderr, "durascope convert: dropped %d item(s) format %d cannot represent:\n", len(rep.Dropped), o.to)
			printDropped(stderr, rep.Dropped)
		}
		for _, n := range rep.Notes {
			fmt.Fprintln(stderr, "durascope convert: note: "+n)
		}
		if len(rep.LeftBehind) > 0 {
			fmt.Fprintf(stderr, "durascope convert: salvaged; left behind from the damaged input:\n")
			for _, f := range rep.LeftBehind {
				fmt.Fprintf(stderr, "  %s\n", f)
			}
		}
	}
	if len(rep.LeftBehind) > 0 || rep.TornTail && o.strict {
		return exitProblems
	}
	return exitOK
}

func convertCounts(r *convert.Report) string {
	s := ""
	if r.Exact {
		s = ", byte for byte"
	}
	if r.Kind == datadir.KindWAL {
		return s + ", " + strconv.Itoa(r.Transactions) + " transactions, " + u(r.Deltas) + " deltas"
	}
	return s + ", " + u(r.Vertices) + " vertices, " + u(r.Edges) + " edges"
}

func printDropped(w io.Writer, ds []convert.Dropped) {
	for _, d := range ds {
		fmt.Fprintf(w, "  %s\n", d)
	}
}
