// Command durascope reads, checks and dumps Memgraph durability files
// (snapshots and WALs, format versions 14 to 37), and writes them with its
// reference engine. The reading commands never modify their inputs.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/spf13/pflag"

	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/inspect"
)

// Exit codes, documented in every --help; the rule is inspect.ExitCode
// (spec/recovery.md §6).
const (
	exitOK       = inspect.ExitClean    // no error (warnings allowed unless --strict)
	exitProblems = inspect.ExitProblems // an error in the files (or, --strict, a warning)
	exitUsage    = inspect.ExitIO       // bad usage, an input that could not be read at all, too little memory for a graph
)

const exitCodeHelp = `
Exit codes: 0 no error (warnings, such as a torn WAL tail, allowed; --strict
counts them), 1 errors found in the files, 2 usage error, an input that
could not be read, or too little memory for the graph a recovery or a
Cypher dump builds (--max-memory).`

// command is one subcommand; each lives in its own file.
type command struct {
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

var commands = map[string]command{
	"info":    {"what a file is: version, uuid, timestamps, counts; a directory's chain", runInfo},
	"import":  {"write a snapshot from CSV files, as Memgraph's removed mg_import_csv did", runImport},
	"dump":    {"print records (text, jsonl) or the recovered graph as Cypher", runDump},
	"stats":   {"count and size contents: delta types, transactions, sections, labels", runStats},
	"verify":  {"check files completely and report every problem with its offset", runVerify},
	"plan":    {"what Memgraph would recover from a data directory, and what it would drop", runPlan},
	"convert": {"convert a snapshot or WAL to another format version", runConvert},
	"compat":  {"which Memgraph releases read the files; how far back they convert", runCompat},
	"engine":  {"run the reference engine: Cypher in, Memgraph's WAL and snapshots out", runEngine},
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "help":
		// "help CMD" is "CMD --help".
		if len(args) > 1 {
			if _, ok := commands[args[1]]; ok {
				return run([]string{args[1], "--help"}, stdout, stderr)
			}
			fmt.Fprintf(stderr, "durascope: unknown command %q (see 'durascope help')\n", args[1])
			return exitUsage
		}
		usage(stdout)
		return exitOK
	case "-h", "--help":
		usage(stdout)
		return exitOK
	case "--version", "version":
		fmt.Fprintf(stdout, "durascope %s (reads Memgraph durability formats %d..%d)\n", buildVersion(), format.MinVersion, format.MaxVersion)
		return exitOK
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "durascope: unknown command %q\n\n", args[0])
		usage(stderr)
		return exitUsage
	}
	return cmd.run(args[1:], stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "durascope: offline reader, checker and writer of Memgraph snapshots and write-ahead logs (format 14..37)")
	fmt.Fprintln(w, "\nUsage: durascope <command> [flags] FILE|DATADIR...\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	width := 0
	for _, n := range names {
		width = max(width, len(n))
	}
	for _, n := range names {
		fmt.Fprintf(w, "  %-*s  %s\n", width, n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'durascope <command> --help' for a command's flags.")
	fmt.Fprintln(w, strings.TrimPrefix(exitCodeHelp, "\n"))
}

// newFlags builds a subcommand's flag set; usage text goes to stderr on error
// and to stdout for --help.
func newFlags(name, synopsis, about string) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SortFlags = false
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "Usage: durascope %s %s\n\n%s\n\nFlags:\n", name, synopsis, about)
		fs.PrintDefaults()
		fmt.Fprintln(w, exitCodeHelp)
	}
	return fs
}

// parseFlags parses args; it returns an exit code when the command should stop.
func parseFlags(fs *pflag.FlagSet, args []string, stdout, stderr io.Writer) (int, bool) {
	// pflag prints usage itself on errors; silence it and print once, to
	// stdout for --help and to stderr after a usage error.
	usage := fs.Usage
	fs.Usage = func() {}
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	fs.Usage = usage
	if errors.Is(err, pflag.ErrHelp) {
		fs.SetOutput(stdout)
		fs.Usage()
		return exitOK, true
	}
	fs.SetOutput(stderr)
	if err != nil {
		usageError(fs, stderr, err.Error())
		return exitUsage, true
	}
	return 0, false
}

// usageError prints one line and where the help is, not the whole help.
func usageError(fs *pflag.FlagSet, stderr io.Writer, msg string) {
	fmt.Fprintf(stderr, "durascope %s: %s (see 'durascope %s --help')\n", fs.Name(), msg, fs.Name())
}

// buildVersion is the module version and the commit the binary was built
// from, as the Go toolchain stamps them.
func buildVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown build)"
	}
	version := bi.Main.Version
	if version == "" || version == "(devel)" {
		version = "dev"
	}
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev == "" {
		return version + ", commit unknown"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if modified == "true" {
		rev += " with local changes"
	}
	return version + ", commit " + rev
}

// problemCode is the exit code of an error: a torn tail is a warning (0,
// or 1 with strict), any other decode error 1, anything else (a missing
// file, a read error) 2.
func problemCode(err error, strict bool) int { return inspect.ErrorExitCode(err, strict) }

// describe prefixes a diagnostic with its severity where it is not an error.
func describe(err error) string {
	if inspect.ErrorSeverity(err) == inspect.SeverityWarning {
		return "warning: " + err.Error()
	}
	return err.Error()
}

// strictFlag adds --strict, which every command takes.
func strictFlag(fs *pflag.FlagSet, strict *bool) {
	fs.BoolVar(strict, "strict", false, "count warnings (a torn WAL tail, ...) as problems: exit 1")
}
