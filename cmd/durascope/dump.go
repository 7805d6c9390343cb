package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/inspect"
)

const dumpAbout = `Prints one file. Formats:
  text    one line per record or WAL frame, prefixed with its byte offset
  jsonl   one JSON object per record (schema: spec/jsonl.md)
  cypher  the graph the file recovers to, exactly as Memgraph's DUMP DATABASE
          prints it (a snapshot alone, or a WAL replayed from an empty database)
A WAL whose last transaction is torn prints everything before it and exits 1.
A data directory (--format cypher) prints the graph durascope plan recovers.`

func runDump(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("dump", "[--format text|jsonl|cypher] FILE|DATADIR", dumpAbout)
	formatName := fs.StringP("format", "f", "text", "output format: text, jsonl or cypher")
	if code, stop := parseFlags(fs, args, stdout, stderr); stop {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "durascope dump: exactly one FILE is required")
		fs.Usage()
		return exitUsage
	}
	if isDataDir(fs.Arg(0)) {
		return runDumpDir(fs.Arg(0), *formatName, stdout, stderr)
	}
	var write func(io.Writer, *inspect.File) error
	switch *formatName {
	case "text":
		write = inspect.WriteText
	case "jsonl":
		write = inspect.WriteJSONL
	case "cypher":
		write = writeCypher
	default:
		fmt.Fprintf(stderr, "durascope dump: unknown format %q (text, jsonl, cypher)\n", *formatName)
		return exitUsage
	}
	f, err := inspect.Open(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(stderr, "durascope dump: %v\n", err)
		return exitUsage
	}
	defer f.Close()
	if err := write(stdout, f); err != nil {
		fmt.Fprintf(stderr, "durascope dump: %v\n", err)
		if errors.Is(err, format.ErrTornTail) {
			fmt.Fprintln(stderr, "durascope dump: Memgraph would drop this torn transaction silently and recover everything before it")
		}
		return problemCode(err)
	}
	return exitOK
}

// writeCypher prints the recovered graph; a torn WAL tail is reported after
// the dump of everything before it.
func writeCypher(w io.Writer, f *inspect.File) error {
	s, res, err := inspect.RecoverFile(f)
	if err != nil {
		return err
	}
	if err := inspect.WriteCypher(w, s); err != nil {
		return err
	}
	if res != nil && res.TornTail != nil {
		return res.TornTail
	}
	return nil
}
