package fuzz

import (
	"bytes"
	"errors"
	"fmt"
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
	src := string(data)
	stmts, err := cypher.ParseScript(src)
	if err != nil {
		return scriptErrorAt("ParseScript", err, src)
	}
	log := &scriptLog{}
	st, err := storage.New(storage.Config{Version: format.MaxVersion, PropertiesOnEdges: true, Log: log})
	if err != nil {
		return err
	}
	sess := query.NewSession(&scriptHost{st: st})
	sess.SetClock(func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) })
	failed := false
	for _, stmt := range stmts[:min(len(stmts), maxScriptStatements)] {
		before, err := committedState(st)
		if err != nil {
			return err
		}
		logged := len(log.txns)
		_, runErr := sess.Run(stmt)
		if runErr == nil {
			continue
		}
		failed = true
		if e := scriptErrorAt("Run", runErr, src); e != nil {
			return e
		}
		after, err := committedState(st)
		if err != nil {
			return err
		}
		// An abort puts a deleted edge back at the end of its lists.
		if crashtest.EdgesAsMultiset(after) != crashtest.EdgesAsMultiset(before) {
			return fmt.Errorf("statement at %v failed (%v) but changed the graph:\nbefore:\n%safter:\n%s",
				stmt.StatementSpan().Pos, runErr, before, after)
		}
		if len(log.txns) != logged {
			return fmt.Errorf("statement at %v failed (%v) but logged %d transactions", stmt.StatementSpan().Pos, runErr, len(log.txns)-logged)
		}
	}
	sess.Close()
	live, err := committedState(st)
	if err != nil {
		return err
	}
	replayed, err := replayLogged(log.txns)
	if err != nil {
		return err
	}
	if failed {
		live, replayed = crashtest.EdgesAsMultiset(live), crashtest.EdgesAsMultiset(replayed)
	}
	if live != replayed {
		return fmt.Errorf("the logged WAL replays to another graph:\nlive:\n%sreplayed:\n%s", live, replayed)
	}
	return nil
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

// replayLogged encodes txns as one WAL of the newest format, decodes it
// and replays it into an empty graph, as recovery does.
func replayLogged(txns []format.Txn) (string, error) {
	var buf bytes.Buffer
	h := format.WALHeader{Version: format.MaxVersion, UUID: "00000000-0000-0000-0000-000000000001", Epoch: "00000000-0000-0000-0000-000000000002"}
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
	if res.TornTail != nil || res.Applied != len(txns) {
		return "", fmt.Errorf("replaying the logged WAL applied %d of %d transactions (torn tail: %v)", res.Applied, len(txns), res.TornTail)
	}
	return crashtest.State(g), nil
}
