package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/durascope/durascope/engine"
	"github.com/durascope/durascope/engine/cypher"
	"github.com/durascope/durascope/engine/query"
)

const engineAbout = `Runs durascope's reference engine on a data directory: an in-memory graph
store with MVCC transactions that writes Memgraph's WAL and snapshots as
Memgraph writes them (any format version with --format-version), and
recovers from them at start. Cypher statements come from the SCRIPT files in
order, or from stdin ("-" names it); each statement outside BEGIN..COMMIT is
one transaction. On a terminal, stdin is read statement by statement with a
prompt. Results are printed as tables on stdout, errors on stderr.

The storage flags carry Memgraph's names and its binary's defaults, so a
Memgraph command line reads the same. At the end of the input (or on
SIGINT/SIGTERM) the engine shuts down as Memgraph does: the WAL is
finalized and, with --storage-snapshot-on-exit, a snapshot written.

Beyond Memgraph: with --storage-wal-file-flush-every-n-tx=1 a commit is
acknowledged only after its fsync (concurrent commits share one); directories
are fsynced after a create or rename; snapshots are written under a temporary
name and renamed; a failed write or fsync stops the engine (exit 2).

Before it starts, the engine compares the least memory its recovery holds
(the graph of the snapshot it loads and its own store built from that
graph, several times larger) with what the system has available or
--max-memory allows, and stops with exit 2 when it does not fit.

The first failing statement stops the run (exit 1) unless --continue. With
--json each statement prints one JSON object on stdout: input, line, column,
statement, and result (columns, rows with values as in spec/jsonl.md, graph
elements as {"node": ...}, {"relationship": ...}, {"path": ...}, notice,
stats) or error.`

// stdin is the engine's statement input when no SCRIPT is named.
var stdin io.Reader = os.Stdin

func runEngine(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("engine", "[--data-directory DIR] [storage flags] [--format-version N] [--max-memory SIZE] [--continue] [SCRIPT...]", engineAbout)
	cfg := engine.DefaultConfig()
	cfg.AddFlags(fs)
	keepGoing := fs.Bool("continue", false, "run the remaining statements after one fails (exit 1 at the end)")
	asJSON := fs.Bool("json", false, "print one JSON object per statement (its position, and its result or error) instead of tables")
	var maxMemory memoryLimit
	maxMemory.add(fs)
	if code, stop := parseFlags(fs, args, stdout, stderr); stop {
		return code
	}
	if err := cfg.Check(); err != nil {
		usageError(fs, stderr, err.Error())
		return exitUsage
	}
	if err := maxMemory.valid(); err != nil {
		usageError(fs, stderr, err.Error())
		return exitUsage
	}
	inputs := fs.Args()
	if len(inputs) == 0 {
		inputs = []string{"-"}
	}
	// Inputs are checked before the engine starts: a missing script must
	// not leave a started (and snapshotting) database behind.
	for _, in := range inputs {
		if in == "-" {
			continue
		}
		if err := checkScript(in); err != nil {
			fmt.Fprintf(stderr, "durascope engine: %v\n", err)
			return exitUsage
		}
	}
	if err := maxMemory.checkEngine(cfg); err != nil {
		fmt.Fprintf(stderr, "durascope engine: %v\n", err)
		return exitUsage
	}
	e, err := engine.Open(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "durascope engine: %v\n", err)
		return exitUsage
	}
	r := &engineRun{e: e, s: query.NewSession(e), stdout: stdout, stderr: stderr, keepGoing: *keepGoing, json: *asJSON}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	code := exitOK
	for _, in := range inputs {
		c := r.runInput(in, sigs)
		code = max(code, c)
		if c != exitOK && !r.keepGoing || r.interrupted {
			break
		}
	}
	r.s.Close()
	if err := e.Close(); err != nil {
		fmt.Fprintf(stderr, "durascope engine: shutting down: %v\n", err)
		code = exitUsage
	}
	if err := e.Storage().Stopped(); err != nil {
		code = exitUsage
	}
	return code
}

// checkScript refuses what cannot be a script without blocking on it: a
// FIFO or device would hang the open or the read.
func checkScript(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() {
		return fmt.Errorf("%s: not a regular file", path)
	}
	return nil
}

// isTerminalReader reports whether r is a terminal (interactive input).
func isTerminalReader(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && isTerminal(f)
}

type engineRun struct {
	e           *engine.Engine
	s           *query.Session
	stdout      io.Writer
	stderr      io.Writer
	keepGoing   bool
	json        bool
	interrupted bool
}

// statementJSON is one line of --json output.
type statementJSON struct {
	Input     string        `json:"input"`
	Line      int           `json:"line"`
	Column    int           `json:"column"`
	Statement string        `json:"statement,omitempty"`
	Result    *query.Result `json:"result,omitempty"`
	Error     string        `json:"error,omitempty"`
}

func (r *engineRun) writeJSON(line statementJSON) error {
	enc := json.NewEncoder(r.stdout)
	enc.SetEscapeHTML(false) // statements hold -> and <
	return enc.Encode(line)
}

// chunk is a run of whole lines ending in a statement terminator.
type chunk struct {
	text      string
	firstLine int // 1-based line of the input where text starts
	err       error
	ran       chan struct{} // closed when the chunk has run (the next prompt waits)
}

func (r *engineRun) runInput(name string, sigs <-chan os.Signal) int {
	var in io.Reader
	interactive := false
	if name == "-" {
		in, interactive = stdin, isTerminalReader(stdin) && isTerminal(r.stderr)
		name = "<stdin>"
	} else {
		f, err := os.Open(name)
		if err != nil {
			fmt.Fprintf(r.stderr, "durascope engine: %v\n", err)
			return exitUsage
		}
		defer f.Close()
		in = f
	}
	prompt := func(more bool) {
		if interactive {
			fmt.Fprint(r.stderr, map[bool]string{false: "durascope> ", true: "       ... "}[more])
		}
	}
	chunks := make(chan chunk)
	done := make(chan struct{})
	defer close(done)
	go readChunks(in, chunks, done, prompt)
	code := exitOK
	for {
		select {
		case <-sigs:
			fmt.Fprintln(r.stderr, "durascope engine: interrupted, shutting down")
			r.interrupted = true
			return max(code, exitProblems)
		case c, ok := <-chunks:
			if !ok {
				return code
			}
			if c.err != nil {
				fmt.Fprintf(r.stderr, "durascope engine: %s: %v\n", name, c.err)
				return exitUsage
			}
			cc := r.runChunk(name, c)
			close(c.ran)
			code = max(code, cc)
			if cc != exitOK && !r.keepGoing && !interactive {
				return code
			}
			if r.e.Storage().Stopped() != nil {
				return exitUsage
			}
		}
	}
}

// readChunks splits the input after lines that end a statement, so a
// long script is parsed and run piece by piece.
func readChunks(in io.Reader, out chan<- chunk, done <-chan struct{}, prompt func(more bool)) {
	defer close(out)
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 64<<20)
	var b strings.Builder
	first, line := 1, 0
	send := func(c chunk) bool {
		select {
		case out <- c:
			return true
		case <-done:
			return false
		}
	}
	prompt(false)
	for sc.Scan() {
		line++
		if b.Len() == 0 {
			first = line
		}
		b.WriteString(sc.Text())
		b.WriteByte('\n')
		if !strings.HasSuffix(strings.TrimSpace(sc.Text()), ";") {
			if strings.TrimSpace(b.String()) != "" {
				prompt(true)
			}
			continue
		}
		c := chunk{text: b.String(), firstLine: first, ran: make(chan struct{})}
		if !send(c) {
			return
		}
		b.Reset()
		select { // the results come before the next prompt
		case <-c.ran:
		case <-done:
			return
		}
		prompt(false)
	}
	if err := sc.Err(); err != nil {
		send(chunk{err: err})
		return
	}
	if strings.TrimSpace(b.String()) != "" {
		send(chunk{text: b.String(), firstLine: first, ran: make(chan struct{})})
	}
}

// runChunk parses and runs the statements of one chunk.
func (r *engineRun) runChunk(name string, c chunk) int {
	stmts, perr := cypher.ParseScript(c.text)
	code := exitOK
	for _, st := range stmts {
		res, err := r.s.Run(st)
		span := st.StatementSpan()
		if err != nil {
			pos, msg := r.report(name, c.firstLine, span.Pos, err)
			if r.json {
				if werr := r.writeJSON(statementJSON{Input: name, Line: pos.Line, Column: pos.Col, Statement: span.Text, Error: msg}); werr != nil {
					fmt.Fprintf(r.stderr, "durascope engine: writing results: %v\n", werr)
					return exitUsage
				}
			}
			code = exitProblems
			if !r.keepGoing {
				return code
			}
			continue
		}
		if r.json {
			if err := r.writeJSON(statementJSON{Input: name, Line: c.firstLine + span.Pos.Line - 1, Column: span.Pos.Col, Statement: span.Text, Result: res}); err != nil {
				fmt.Fprintf(r.stderr, "durascope engine: writing results: %v\n", err)
				return exitUsage
			}
			continue
		}
		if err := res.WriteTable(r.stdout); err != nil {
			fmt.Fprintf(r.stderr, "durascope engine: writing results: %v\n", err)
			return exitUsage
		}
	}
	if perr != nil {
		var se *cypher.SyntaxError
		pos := cypher.Pos{Line: 1, Col: 1}
		if errors.As(perr, &se) {
			pos = se.Pos
		}
		pos, msg := r.report(name, c.firstLine, pos, perr)
		if r.json {
			if err := r.writeJSON(statementJSON{Input: name, Line: pos.Line, Column: pos.Col, Error: msg}); err != nil {
				fmt.Fprintf(r.stderr, "durascope engine: writing results: %v\n", err)
				return exitUsage
			}
		}
		code = exitProblems
	}
	return code
}

// report prints an error with the input's line and column, and returns
// them with the message.
func (r *engineRun) report(name string, firstLine int, pos cypher.Pos, err error) (cypher.Pos, string) {
	msg := err.Error()
	// Errors carry "line L, column C" of the chunk they were parsed from;
	// the input's position replaces it.
	var se *cypher.SyntaxError
	var ve *cypher.ValueError
	var qe *query.Error
	switch {
	case errors.As(err, &qe) && qe.Pos.Line > 0:
		pos, msg = qe.Pos, qe.Msg
	case errors.As(err, &se):
		msg = se.Msg
	case errors.As(err, &ve):
		msg = ve.Msg
	}
	pos.Line += firstLine - 1
	fmt.Fprintf(r.stderr, "%s:%d:%d: %s\n", name, pos.Line, pos.Col, msg)
	return pos, msg
}
