package main

import (
	"fmt"
	"io"
	"os"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/inspect"
)

// isDataDir reports whether a dump argument is a directory: a data
// directory (or a folder of durability files) to recover as `plan` does.
func isDataDir(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}

// runDumpDir prints, as Cypher, the graph Memgraph would recover from a
// data directory (its default database, or its only one). It exits 1 when
// Memgraph would not start or would drop data present in the files.
func runDumpDir(path string, o *dumpOptions, stdout, stderr io.Writer) int {
	if o.format != "cypher" {
		fmt.Fprintf(stderr, "durascope dump: %s is a directory: it dumps only as --format cypher (the graph Memgraph would recover)\n", path)
		return exitUsage
	}
	d, err := datadir.ScanDataDir(path)
	if err != nil {
		fmt.Fprintf(stderr, "durascope dump: %v\n", err)
		return exitUsage
	}
	s, tp, err := inspect.RecoverDataDir(d, "", inspect.DirOptions{AllowEmpty: o.allowEmpty})
	if err != nil {
		fmt.Fprintf(stderr, "durascope dump: %v\n", err)
		return exitUsage
	}
	if len(d.Tenants) > 1 {
		fmt.Fprintf(stderr, "durascope dump: dumping database %s; %d other database(s) under databases/ dump with their own directory as DATADIR\n",
			tp.Name, len(d.Tenants)-1)
	}
	switch tp.Outcome {
	case inspect.OutcomeFails:
		fmt.Fprintf(stderr, "durascope dump: %s: Memgraph would not start: %q (see durascope plan)\n", path, tp.Fatal)
		return exitProblems
	case inspect.OutcomeIncomplete:
		for _, f := range tp.Findings {
			if f.Severity == inspect.SeverityIO {
				fmt.Fprintf(stderr, "durascope dump: %s\n", f)
			}
		}
		fmt.Fprintf(stderr, "durascope dump: %s: durascope cannot read every file, so it cannot say what Memgraph would recover\n", path)
		return exitUsage
	}
	if s != nil {
		if err := s.WriteCypher(stdout); err != nil {
			fmt.Fprintf(stderr, "durascope dump: %v\n", err)
			return exitUsage
		}
	}
	fs := append(inspect.DirFindings(d), tp.Findings...)
	for _, f := range fs {
		if f.Severity == inspect.SeverityError || f.Severity == inspect.SeverityWarning {
			fmt.Fprintf(stderr, "durascope dump: %s\n", f)
		}
	}
	if tp.LosesData {
		fmt.Fprintln(stderr, "durascope dump: the dump is what Memgraph would recover; the data above is not in it (see durascope plan)")
	}
	return inspect.ExitCode(fs, o.strict)
}
