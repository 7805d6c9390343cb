package fuzz

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/engine/crashtest"
	"github.com/durascope/durascope/engine/cypher"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/engine/query"
	"github.com/durascope/durascope/engine/storage"
	"github.com/durascope/durascope/format"
)

// Script limits: a fuzz input runs at most maxScriptStatements statements
// of at most maxScriptBytes, so one execution stays in milliseconds.
const (
	maxScriptBytes      = 16 << 10
	maxScriptStatements = 48
)

// CheckScript runs data as a Cypher script on a fresh in-memory store of
// the newest format, one session as `durascope engine` runs it:
//
//   - parsing and running never panic;
//   - a parse error is a *cypher.SyntaxError or *cypher.ValueError, and a
//     statement error a *query.Error, at a line and column of the input;
//   - a statement that fails changes no committed data and logs nothing
//     (Memgraph's "nothing half-applied");
//   - the transactions the store logged, encoded as a WAL, decode and
//     replay (the recovery path) to exactly the graph the store holds.
func CheckScript(data []byte) error {
	return guard(func() error { return checkScript(data) })
}

// scriptLog keeps what the store commits (a storage.Log without a disk).
type scriptLog struct{ txns []format.Txn }

func (l *scriptLog) Append(t format.Txn) (func() error, error) {
	l.txns = append(l.txns, t)
	return func() error { return nil }, nil
}

// scriptHost is the engine around the store: no snapshots (CREATE
// SNAPSHOT fails, which the statement checks cover), the lock as a flag.
type scriptHost struct {
	st     *storage.Storage
	locked bool
}

var errNoSnapshots = errors.New("no snapshots while fuzzing")

func (h *scriptHost) Storage() *storage.Storage        { return h.st }
func (h *scriptHost) CreateSnapshot() (string, error)  { return "", errNoSnapshots }
func (h *scriptHost) DataDirectoryLocked() bool        { return h.locked }
func (h *scriptHost) LockDataDirectory() (bool, error) { a := h.locked; h.locked = true; return a, nil }
func (h *scriptHost) UnlockDataDirectory() (bool, error) {
	a := !h.locked
	h.locked = false
	return a, nil
}

func checkScript(data []byte) error {
	if len(data) > maxScriptBytes {
		return nil
	}
	return runScript(string(data), format.MaxVersion, true)
}

// runScript runs src on a fresh store of version v and checks the
// properties CheckScript states.
func runScript(src string, v format.Version, edgeProps bool) error {
	stmts, err := cypher.ParseScript(src)
	if err != nil {
		return scriptErrorAt("ParseScript", err, src)
	}
	log := &scriptLog{}
	st, err := storage.New(storage.Config{Version: v, PropertiesOnEdges: edgeProps, Log: log})
	if err != nil {
		return err
	}
	sess := query.NewSession(&scriptHost{st: st})
	sess.SetClock(func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) })
	failed := false
	// The committed state changes with a logged commit, and its order
	// with an abort or an open transaction's undo: compute it again then.
	before, beforeAt := "", -1
	for _, stmt := range stmts[:min(len(stmts), maxScriptStatements)] {
		logged := len(log.txns)
		if beforeAt != logged || sess.InTransaction() {
			if before, err = committedState(st); err != nil {
				return err
			}
			beforeAt = logged
		}
		_, runErr := sess.Run(stmt)
		if c, ok := stmt.(*cypher.Command); ok && c.Kind == cypher.CmdRollback {
			failed = true
		}
		if runErr == nil {
			continue
		}
		failed, beforeAt = true, -1
		if e := scriptErrorAt("Run", runErr, src); e != nil {
			return e
		}
		after, err := committedState(st)
		if err != nil {
			return err
		}
		if abortedOrder(after) != abortedOrder(before) {
			return fmt.Errorf("statement at %v failed (%v) but changed the graph:\nbefore:\n%safter:\n%s",
				stmt.StatementSpan().Pos, runErr, before, after)
		}
		if len(log.txns) != logged {
			return fmt.Errorf("statement at %v failed (%v) but logged %d transactions", stmt.StatementSpan().Pos, runErr, len(log.txns)-logged)
		}
	}
	if sess.InTransaction() {
		failed = true
	}
	sess.Close()
	live, err := committedState(st)
	if err != nil {
		return err
	}
	replayed, err := replayLogged(v, log.txns)
	if err != nil {
		return err
	}
	if failed {
		live, replayed = abortedOrder(live), abortedOrder(replayed)
	}
	live, replayed = schemaAsSet(live), schemaAsSet(replayed)
	if live != replayed {
		return fmt.Errorf("the logged WAL replays to another graph:\nlive:\n%sreplayed:\n%s", live, replayed)
	}
	return nil
}

// abortedOrder sorts each vertex's labels and the edge lines of a
// crashtest.State. An abort undoes in memory as Memgraph does: a removed
// label or a deleted edge comes back at the end of its list, an order the
// WAL, which never saw the aborted transaction, does not have.
func abortedOrder(state string) string {
	var b strings.Builder
	for line := range strings.Lines(crashtest.EdgesAsMultiset(state)) {
		if rest, ok := strings.CutPrefix(line, "V "); ok {
			head, props, _ := strings.Cut(rest, " {")
			parts := strings.Split(head, ":")
			slices.Sort(parts[1:])
			line = "V " + strings.Join(parts, ":") + " {" + props
		}
		b.WriteString(line)
	}
	return b.String()
}

// schemaAsSet sorts the schema lines of a crashtest.State, the
// properties of each unique constraint and the label sets of each
// description: DUMP DATABASE lists indices, constraints and descriptions in
// name-id order, and a unique constraint's properties and a description's
// labels too (Memgraph keeps them as sets of ids). A WAL replay assigns ids by first
// use where the live store (and its snapshot) keeps the ids of the run,
// names a failed statement registered included, so the two legitimately
// list them in other orders, as Memgraph does before and after a restart.
func schemaAsSet(state string) string {
	var data, schema []string
	for line := range strings.Lines(state) {
		if strings.HasPrefix(line, "V ") || strings.HasPrefix(line, "E ") {
			data = append(data, line)
			continue
		}
		if head, rest, ok := strings.Cut(line, " ASSERT "); ok {
			if props, tail, ok := strings.Cut(rest, " IS UNIQUE"); ok {
				list := strings.Split(props, ", ")
				slices.Sort(list)
				line = head + " ASSERT " + strings.Join(list, ", ") + " IS UNIQUE" + tail
			}
		}
		if strings.HasPrefix(line, "SET DESCRIPTION ON ") {
			line = sortLabelRuns(line)
		}
		schema = append(schema, line)
	}
	slices.Sort(schema)
	return strings.Join(data, "") + strings.Join(schema, "")
}

// sortLabelRuns sorts each run of names written ":`A` :`B`" in line (a
// description's label sets). A backquote inside a name is doubled.
func sortLabelRuns(line string) string {
	name := func(i int) int { // the end of the ":`...`" at line[i:], or -1
		if !strings.HasPrefix(line[i:], ":`") {
			return -1
		}
		for j := i + 2; j < len(line); j++ {
			if line[j] != '`' {
				continue
			}
			if j+1 < len(line) && line[j+1] == '`' {
				j++
				continue
			}
			return j + 1
		}
		return -1
	}
	var b strings.Builder
	for i := 0; i < len(line); {
		end := name(i)
		if end < 0 {
			b.WriteByte(line[i])
			i++
			continue
		}
		run := []string{line[i:end]}
		for end+1 < len(line) && line[end] == ' ' {
			next := name(end + 1)
			if next < 0 {
				break
			}
			run = append(run, line[end+1:next])
			end = next
		}
		slices.Sort(run)
		b.WriteString(strings.Join(run, " "))
		i = end
	}
	return b.String()
}

// scriptErrorAt checks that err is one of the script errors and points
// into src.
func scriptErrorAt(what string, err error, src string) error {
	var pos cypher.Pos
	var syn *cypher.SyntaxError
	var val *cypher.ValueError
	var run *query.Error
	switch {
	case errors.As(err, &syn):
		pos = syn.Pos
	case errors.As(err, &val):
		pos = val.Pos
	case errors.As(err, &run):
		pos = run.Pos
	default:
		return fmt.Errorf("%s: untyped error %T: %v", what, err, err)
	}
	lines := strings.Count(src, "\n") + 1
	if pos.Line < 1 || pos.Line > lines || pos.Col < 1 {
		return fmt.Errorf("%s: error at %v, outside the input's %d lines: %v", what, pos, lines, err)
	}
	return nil
}

// committedState is the committed graph of st as the crash tests compare it.
func committedState(st *storage.Storage) (string, error) {
	v, err := st.View()
	if err != nil {
		return "", fmt.Errorf("view: %w", err)
	}
	defer v.Close()
	g, err := v.Graph()
	if err != nil {
		return "", fmt.Errorf("view graph: %w", err)
	}
	return crashtest.State(g), nil
}

// replayLogged encodes txns as one WAL of version v, decodes it and
// replays it into an empty graph, as recovery does.
func replayLogged(v format.Version, txns []format.Txn) (string, error) {
	var buf bytes.Buffer
	h := format.WALHeader{Version: v, UUID: "00000000-0000-0000-0000-000000000001", Epoch: "00000000-0000-0000-0000-000000000002"}
	w, err := encode.NewWALWriter(&buf, h, nil)
	if err != nil {
		return "", err
	}
	for _, t := range txns {
		if err := w.WriteTxn(t); err != nil {
			return "", fmt.Errorf("encoding the logged transaction at %d: %w", t.Timestamp, err)
		}
	}
	if err := w.Close(); err != nil {
		return "", err
	}
	wal, err := decode.OpenWAL(bytes.NewReader(buf.Bytes()), int64(buf.Len()), "logged.wal")
	if err != nil {
		return "", fmt.Errorf("decoding the logged WAL: %w", err)
	}
	g := graph.New()
	res, err := g.ReplayWAL(wal, 0)
	if err != nil {
		return "", fmt.Errorf("replaying the logged WAL: %w", err)
	}
	if res.TornTail != nil {
		return "", fmt.Errorf("the logged WAL ends torn after %d of %d transactions: %v", res.Applied, len(txns), res.TornTail)
	}
	return crashtest.State(g), nil
}
