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

// runDumpDir prints what Memgraph would recover from a data directory (its
// default database, or its only one): as Cypher, the graph; as text or
// JSONL, the files recovery reads, in its order. It exits 1 when Memgraph
// would not start or would drop data present in the files.
func runDumpDir(path string, o *dumpOptions, filter *inspect.RecordFilter, write dumpWriter, stdout, stderr io.Writer) int {
	d, err := datadir.ScanDataDir(path)
	if err != nil {
		fmt.Fprintf(stderr, "durascope dump: %v\n", err)
		return exitUsage
	}
	if err := o.maxMemory.checkDir(d); err != nil {
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
	if tp.Outcome == inspect.OutcomeIncomplete {
		for _, f := range tp.Findings {
			if f.Severity.NoVerdict() {
				fmt.Fprintf(stderr, "durascope dump: %s\n", f)
			}
		}
		why := "durascope cannot read every file"
		if tp.TooLarge != "" {
			why = "the graph is too large for durascope"
		}
		fmt.Fprintf(stderr, "durascope dump: %s: %s, so it cannot say what Memgraph would recover\n", path, why)
		return exitUsage
	}
	var found []inspect.Finding
	if o.format == "cypher" {
		if tp.Outcome == inspect.OutcomeFails {
			fmt.Fprintf(stderr, "durascope dump: %s: Memgraph would not start: %q (see durascope plan)\n", path, tp.Fatal)
			return exitProblems
		}
		if s != nil {
			if err := s.WriteCypher(stdout); err != nil {
				fmt.Fprintf(stderr, "durascope dump: %v\n", err)
				return exitUsage
			}
		}
	} else {
		files, left := recoveryOrder(d, tp)
		if code, stop := checkFilterKinds(filter, files, stderr); stop {
			return code
		}
		if left != "" {
			fmt.Fprintf(stderr, "durascope dump: not printed: %s (see durascope plan)\n", left)
		}
		sel := filter.Select()
		found = dumpFiles(files, o, sel, write, true, stdout, stderr)
		printNotices(stderr, sel)
		if tp.Outcome == inspect.OutcomeFails {
			fmt.Fprintf(stderr, "durascope dump: %s: Memgraph would not start: %q (see durascope plan)\n", path, tp.Fatal)
		}
	}
	fs := append(inspect.DirFindings(d), tp.Findings...)
	for _, f := range fs {
		if f.Severity == inspect.SeverityError || f.Severity == inspect.SeverityWarning {
			fmt.Fprintf(stderr, "durascope dump: %s\n", f)
		}
	}
	switch {
	case tp.LosesData && o.format == "cypher":
		fmt.Fprintln(stderr, "durascope dump: the dump is what Memgraph would recover; the data above is not in it (see durascope plan)")
	case tp.LosesData:
		fmt.Fprintln(stderr, "durascope dump: Memgraph would not recover all the data the files hold: see the errors above (and durascope plan)")
	}
	code := inspect.ExitCode(append(fs, found...), o.strict)
	if tp.Outcome == inspect.OutcomeFails {
		code = max(code, exitProblems)
	}
	return code
}
