package crashtest

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/durascope/durascope/engine"
	"github.com/durascope/durascope/engine/fs"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
)

// Fixed identity of recorded runs, so that two runs of one workload write
// the same bytes.
const (
	testUUID  = "8a5fd6c4-33b1-4f3a-9c1e-2b6d7e0f4a11"
	testEpoch = "3c1d9e2a-7b44-4e0c-8f6a-d5e2b1c0a9f3"
)

// EngineConfig is the configuration the tests run the engine with on dir:
// WAL on with flush-every-n-tx (1: sync commit), WAL files finalized once
// they reach walKiB, one snapshot retained, properties on edges, no
// periodic or exit snapshot, a fixed uuid and epoch, and a clock that
// moves a millisecond per reading (distinct, reproducible file names).
func EngineConfig(dir string, flushEveryNTx, walKiB uint64) engine.Config {
	cfg := engine.DefaultConfig()
	cfg.DataDirectory = dir
	cfg.WALEnabled = true
	cfg.SnapshotIntervalSec = 3600 // never fires in a test; a WAL needs it non-zero
	cfg.SnapshotOnExit = false
	cfg.SnapshotRetentionCount = 1
	cfg.WALFileSizeKiB = walKiB
	cfg.WALFlushEveryNTx = flushEveryNTx
	cfg.PropertiesOnEdges = true
	cfg.LockTimeout = 0
	cfg.UUID, cfg.Epoch = testUUID, testEpoch
	var mu sync.Mutex
	now := time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)
	cfg.Now = func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(time.Millisecond)
		return now
	}
	return cfg
}

// RecoveryConfig opens dir only to recover it: no WAL, no snapshots, so
// the engine writes nothing but the directories and .lock it needs.
func RecoveryConfig(dir string) engine.Config {
	cfg := engine.DefaultConfig()
	cfg.DataDirectory = dir
	cfg.WALEnabled = false
	cfg.SnapshotIntervalSec = 0
	cfg.SnapshotOnExit = false
	cfg.PropertiesOnEdges = true
	cfg.LockTimeout = 0
	return cfg
}

// Options say how to record a workload.
type Options struct {
	Workload
	Dir            string // the data directory (created)
	FlushEveryNTx  uint64 // --storage-wal-file-flush-every-n-tx
	WALFileSizeKiB uint64 // --storage-wal-file-size-kib
	// FS is what the recorder writes through; nil: the operating system's.
	FS fs.FS
}

// Ack is one acknowledged commit: the oracle state it produced and the
// length of the file-system log when Commit returned.
type Ack struct {
	State  int
	LogLen int
}

// Failure is a statement of the workload that failed.
type Failure struct {
	What         string
	Err          error
	AfterCommits int // acknowledged commits before it
}

func (f Failure) String() string {
	return fmt.Sprintf("%s after %d commits: %v", f.What, f.AfterCommits, f.Err)
}

// Recording is a recorded run: the file-system log, the acknowledgements
// and the oracle of the states after each commit.
type Recording struct {
	Options
	Log      []fs.Record
	Acks     []Ack // in commit order: Acks[i] produced state i+1
	Oracle   *Oracle
	Stats    Stats
	Failures []Failure // what failed (with injected faults), in order
	CloseErr error     // what Close returned
	OpenErr  error     // what Open returned (nothing else ran then)
}

// Record runs the workload on a new engine whose file system is a
// Recorder, taking the oracle state (the engine/graph dump of a read view)
// after every acknowledged commit, then closes the engine.
func Record(opts Options) (*Recording, error) {
	under := opts.FS
	if under == nil {
		under = fs.OS{}
	}
	recorder := &fs.Recorder{FS: under}
	cfg := EngineConfig(opts.Dir, opts.FlushEveryNTx, opts.WALFileSizeKiB)
	cfg.FS = recorder
	rec := &Recording{Options: opts, Oracle: NewOracle()}
	e, err := engine.Open(cfg)
	if err != nil {
		rec.OpenErr = err
		rec.Log = recorder.Log()
		return rec, nil
	}
	empty, err := Dump(e)
	if err != nil {
		e.Close()
		return nil, err
	}
	rec.Oracle.Add(empty)
	var dumpErr error
	rec.Stats = opts.Workload.Run(e, Hooks{
		Committed: func(commits int) {
			rec.Acks = append(rec.Acks, Ack{State: commits, LogLen: len(recorder.Log())})
			d, err := Dump(e)
			if err != nil && dumpErr == nil {
				dumpErr = err
			}
			rec.Oracle.Add(d)
		},
		Failed: func(what string, err error) {
			rec.Failures = append(rec.Failures, Failure{What: what, Err: err, AfterCommits: len(rec.Acks)})
		},
	})
	rec.CloseErr = e.Close()
	rec.Log = recorder.Log()
	if dumpErr != nil {
		return nil, fmt.Errorf("oracle: %w", dumpErr)
	}
	return rec, nil
}

// LastAcked is the oracle state of the last commit acknowledged within the
// first n records of the log (0: none).
func (r *Recording) LastAcked(n int) int {
	i := sort.Search(len(r.Acks), func(i int) bool { return r.Acks[i].LogLen > n })
	if i == 0 {
		return 0
	}
	return r.Acks[i-1].State
}

// Dump is the state of e as the oracle compares it (State of a read view).
func Dump(e *engine.Engine) (string, error) {
	_, d, err := dumpGraph(e)
	return d, err
}

// dumpGraph is Dump with the graph it printed.
func dumpGraph(e *engine.Engine) (*graph.Graph, string, error) {
	v, err := e.Storage().View()
	if err != nil {
		return nil, "", err
	}
	defer v.Close()
	g, err := v.Graph()
	if err != nil {
		return nil, "", err
	}
	return g, State(g), nil
}

// State prints g for comparison: one line per vertex in gid order (gid,
// labels in Memgraph's stored order, properties), one per edge in each
// vertex's out-edge order (gid, ends, type, properties), then DUMP
// DATABASE's schema statements (enums, indices, constraints, TTL,
// descriptions). Property values print as the dump prints them, but
// properties are sorted by name: the dump prints them in name-id order,
// and ids are assigned by first use, which recovery legitimately does in
// another order than the run that wrote the files.
func State(g *graph.Graph) string {
	var b []byte
	props := func(p graph.Props) {
		type kv struct {
			name string
			v    format.Value
		}
		var list []kv
		for id, v := range p.All() {
			list = append(list, kv{g.Name(id), v})
		}
		slices.SortFunc(list, func(a, c kv) int { return strings.Compare(a.name, c.name) })
		b = append(b, " {"...)
		for i, x := range list {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = graph.AppendCypherName(b, x.name)
			b = append(b, ": "...)
			b = graph.AppendCypherValue(b, x.v, g)
		}
		b = append(b, "}\n"...)
	}
	vertices := g.SortedVertices()
	for _, v := range vertices {
		b = fmt.Appendf(b, "V %d", v.Gid)
		for _, l := range v.Labels(g) {
			b = graph.AppendCypherName(append(b, ':'), g.Name(l))
		}
		props(v.Props(g))
	}
	for _, v := range vertices {
		for e := range g.Out(v) {
			_, to := g.Ends(e)
			b = fmt.Appendf(b, "%s%d %d->%d :", edgeLine, e.Gid, v.Gid, to.Gid)
			b = graph.AppendCypherName(b, g.Name(e.Type(g)))
			props(e.Props(g))
		}
	}
	g.Statements(func(line []byte) bool {
		if !bytes.Contains(line, []byte("__mg_")) {
			b = append(append(b, line...), '\n')
		}
		return true
	})
	return string(b)
}

// edgeLine starts the line of one edge in a State.
const edgeLine = "E "

// EdgesAsMultiset sorts the edge lines of a State. They come in each
// vertex's out-edge order, Memgraph's vector order, which an aborted
// transaction changes in memory (a deleted edge is swapped to the end and
// popped; the abort appends it again) but not on disk, so after a commit
// failed and was aborted recovery can legitimately restore another order.
func EdgesAsMultiset(state string) string {
	lines := strings.SplitAfter(state, "\n")
	start := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, edgeLine) })
	if start < 0 {
		return state
	}
	end := start
	for end < len(lines) && strings.HasPrefix(lines[end], edgeLine) {
		end++
	}
	slices.Sort(lines[start:end])
	return strings.Join(lines, "")
}

// Oracle is the sequence of states a run went through: state 0 before any
// commit, state k after the k-th acknowledged commit.
type Oracle struct {
	states []string
	index  map[string][]int
	norm   func(string) string // applied to every state added or matched
}

// NewOracle is an empty oracle that compares dumps exactly.
func NewOracle() *Oracle {
	return &Oracle{index: map[string][]int{}, norm: func(s string) string { return s }}
}

// Normalized is a copy of o that compares states after norm.
func (o *Oracle) Normalized(norm func(string) string) *Oracle {
	n := &Oracle{index: map[string][]int{}, norm: norm}
	for _, s := range o.states {
		n.Add(s)
	}
	return n
}

// Add appends the next state.
func (o *Oracle) Add(state string) {
	state = o.norm(state)
	o.index[state] = append(o.index[state], len(o.states))
	o.states = append(o.states, state)
}

// Len is the number of states.
func (o *Oracle) Len() int { return len(o.states) }

// State is state k.
func (o *Oracle) State(k int) string { return o.states[k] }

// Match lists the states equal to state, ascending (none: not a prefix).
func (o *Oracle) Match(state string) []int { return o.index[o.norm(state)] }
