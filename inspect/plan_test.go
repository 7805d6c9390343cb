package inspect

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
	"github.com/durascope/durascope/golden/chaindir"
	"github.com/durascope/durascope/internal/graphlimit"
)

// The directories here are built from chain files (golden/chain.go):
// transaction i commits at timestamp 2i and adds vertex i-1 and (from i=2)
// edge i-2, so every expected count and timestamp below follows from which
// transactions the recovered files hold.

type walWant struct {
	rel               string
	decision          string
	applied, skipped  int
	droppedTxns       int    // 0: nothing dropped
	droppedFirstTS    uint64 // commit timestamp of the first dropped transaction
	droppedAtLeast    bool
	droppedClassCheck string
}

type planWant struct {
	outcome   Outcome
	fatal     string // exact, or a prefix ending in "..."
	snapshot  string
	snapshots []string // "rel decision", in plan order
	wals      []walWant
	durable   int64 // -1: nil
	vertices  int
	edges     int
	nextSeq   uint64
	clean     bool
	findings  []string // "check severity" of every warning and error, sorted
}

func planOne(t *testing.T, root string) (*Plan, *TenantPlan) {
	t.Helper()
	p := PlanRecovery(scan(t, root), DirOptions{})
	if len(p.Tenants) != 1 {
		t.Fatalf("%d tenants", len(p.Tenants))
	}
	return p, p.Tenants[0]
}

func checkPlan(t *testing.T, root string, w planWant) *TenantPlan {
	t.Helper()
	p, tp := planOne(t, root)
	if tp.Outcome != w.outcome {
		t.Errorf("outcome %s, want %s", tp.Outcome, w.outcome)
	}
	if prefix, ok := strings.CutSuffix(w.fatal, "..."); ok {
		if !strings.HasPrefix(tp.Fatal, prefix) {
			t.Errorf("fatal %q, want it to start with %q", tp.Fatal, prefix)
		}
	} else if tp.Fatal != w.fatal {
		t.Errorf("fatal %q, want %q", tp.Fatal, w.fatal)
	}
	if tp.Snapshot != w.snapshot {
		t.Errorf("snapshot %q, want %q", tp.Snapshot, w.snapshot)
	}
	var snaps []string
	for _, s := range tp.Snapshots {
		snaps = append(snaps, s.File+" "+s.Decision)
	}
	if !slices.Equal(snaps, w.snapshots) {
		t.Errorf("snapshots\n%s\nwant\n%s", strings.Join(snaps, "\n"), strings.Join(w.snapshots, "\n"))
	}
	if len(tp.WALs) != len(w.wals) {
		t.Errorf("%d WAL steps, want %d: %+v", len(tp.WALs), len(w.wals), tp.WALs)
	}
	for i := range min(len(tp.WALs), len(w.wals)) {
		g, e := tp.WALs[i], w.wals[i]
		if g.File != e.rel || g.Decision != e.decision || g.Applied != e.applied || g.Skipped != e.skipped {
			t.Errorf("WAL %d: %s %s applied %d skipped %d (%s), want %s %s applied %d skipped %d",
				i, g.File, g.Decision, g.Applied, g.Skipped, g.Reason, e.rel, e.decision, e.applied, e.skipped)
		}
		switch dt := g.Dropped; {
		case e.droppedTxns == 0 && dt != nil && dt.Transactions != 0:
			t.Errorf("WAL %d drops %+v, want nothing", i, dt)
		case e.droppedTxns > 0 && dt == nil:
			t.Errorf("WAL %d drops nothing, want %d transactions", i, e.droppedTxns)
		case e.droppedTxns > 0:
			if dt.Transactions != e.droppedTxns || dt.AtLeast != e.droppedAtLeast || dt.FirstTimestamp == nil ||
				*dt.FirstTimestamp != e.droppedFirstTS || dt.Class != e.droppedClassCheck {
				first := int64(-1)
				if dt.FirstTimestamp != nil {
					first = int64(*dt.FirstTimestamp)
				}
				t.Errorf("WAL %d drops %+v (first ts %d), want %d (at least %v) from ts %d, class %s",
					i, dt, first, e.droppedTxns, e.droppedAtLeast, e.droppedFirstTS, e.droppedClassCheck)
			}
		}
	}
	switch {
	case w.durable < 0 && tp.DurableTimestamp != nil:
		t.Errorf("durable timestamp %d, want none", *tp.DurableTimestamp)
	case w.durable >= 0 && (tp.DurableTimestamp == nil || *tp.DurableTimestamp != uint64(w.durable)):
		t.Errorf("durable timestamp %v, want %d", tp.DurableTimestamp, w.durable)
	}
	if tp.Vertices != w.vertices || tp.Edges != w.edges {
		t.Errorf("recovers %d vertices, %d edges; want %d, %d", tp.Vertices, tp.Edges, w.vertices, w.edges)
	}
	if tp.NextWALSeqNum != w.nextSeq {
		t.Errorf("next WAL sequence number %d, want %d", tp.NextWALSeqNum, w.nextSeq)
	}
	if (p.ExitCode(false) == ExitClean) != w.clean {
		t.Errorf("clean %v, want %v", (p.ExitCode(false) == ExitClean), w.clean)
	}
	var fs []string
	for _, f := range append(p.Findings, tp.Findings...) {
		if f.Severity >= SeverityWarning {
			fs = append(fs, f.Check+" "+f.Severity.String())
		}
	}
	slices.Sort(fs)
	if !slices.Equal(fs, w.findings) {
		t.Errorf("findings %v, want %v\n%v", fs, w.findings, append(p.Findings, tp.Findings...))
	}
	// Data is lost where an error other than "nothing to recover" leaves
	// the database recovering (or empty), spec/recovery.md §6.
	wantLoss := (w.outcome == OutcomeRecovers || w.outcome == OutcomeEmpty) && slices.ContainsFunc(w.findings, func(f string) bool {
		return strings.HasSuffix(f, " error") && !strings.HasPrefix(f, "plan.empty ") && !strings.HasPrefix(f, "chain.empty ")
	})
	if tp.LosesData != wantLoss {
		t.Errorf("loses data %v, want %v", tp.LosesData, wantLoss)
	}
	return tp
}

// chainDump is the Cypher dump of the chain graph after n transactions,
// recovered from a snapshot written for it: built without the WAL path.
func chainDump(t *testing.T, v format.Version, n int) string {
	t.Helper()
	d := chaindir.New(t, v)
	b := d.Read(d.Snapshot(1, n))
	snap, err := decode.OpenSnapshot(bytes.NewReader(b), int64(len(b)), "chain")
	if err != nil {
		t.Fatal(err)
	}
	s, err := graph.LoadSnapshot(snap)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := s.WriteCypher(&out); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// cleanChain: a snapshot after transaction 5 (durable timestamp 10), WAL 0
// with transactions 1-3 (covered), WAL 1 with 4-7 (4 and 5 covered), and the
// _current WAL 2 with 8-10.
func cleanChain(d *chaindir.Dir) (snap, w0, w1, w2 string) {
	return d.Snapshot(6, 5), d.WAL(1, 0, 1, 3), d.WAL(3, 1, 4, 7), d.CurrentWAL(7, 2, 8, 10, false)
}

// TestPlanCleanChain: the snapshot loads, the WAL files it covers are
// skipped, the others replayed from the first transaction above its
// timestamp; everything present is recovered. Before DurableTimestamp the
// start timestamp (11) covers the same transactions.
func TestPlanCleanChain(t *testing.T) {
	for _, v := range []format.Version{14, 16, 23, 28, 30, 36, 37} {
		t.Run(v.String(), func(t *testing.T) {
			d := chaindir.New(t, v)
			snap, w0, w1, w2 := cleanChain(d)
			checkPlan(t, d.Root, planWant{
				outcome: OutcomeRecovers, snapshot: snap, snapshots: []string{snap + " loaded"},
				wals: []walWant{{rel: w0, decision: datadir.DecisionSkip}, {rel: w1, decision: datadir.DecisionPartial, applied: 2, skipped: 2},
					{rel: w2, decision: datadir.DecisionReplay, applied: 3}},
				durable: 20, vertices: 10, edges: 9, nextSeq: 3, clean: true,
			})
			s, tp, err := RecoverDataDir(scan(t, d.Root), "", DirOptions{})
			if err != nil || s == nil {
				t.Fatalf("RecoverDataDir: %v (%s)", err, tp.Fatal)
			}
			var got bytes.Buffer
			if err := s.WriteCypher(&got); err != nil {
				t.Fatal(err)
			}
			if want := chainDump(t, v, 10); got.String() != want {
				t.Errorf("recovered dump\n%s\nwant (snapshot of the same graph)\n%s", got.String(), want)
			}
		})
	}
}

// TestPlanMissingMiddleWAL: a gap in the sequence numbers stops Memgraph,
// even where the snapshot covers the files around it.
func TestPlanMissingMiddleWAL(t *testing.T) {
	d := chaindir.New(t, 37)
	snap, w0, w1, w2 := cleanChain(d)
	os.Remove(d.Path(w1))
	checkPlan(t, d.Root, planWant{
		outcome: OutcomeFails, fatal: "You are missing a WAL file with the sequence number 1!",
		snapshot: snap, snapshots: []string{snap + " loaded"},
		wals:    []walWant{{rel: w0, decision: datadir.DecisionSkip}, {rel: w2, decision: datadir.DecisionNotReached}},
		durable: -1, nextSeq: 1, findings: []string{"plan.fatal error"},
	})
}

// TestPlanMissingPrefix: the first WAL file must be number 0 or reach back
// to the snapshot's durable timestamp.
func TestPlanMissingPrefix(t *testing.T) {
	t.Run("after the snapshot", func(t *testing.T) {
		d := chaindir.New(t, 37)
		snap := d.Snapshot(6, 5) // durable timestamp 10
		w2 := d.WAL(7, 2, 8, 10) // from 16
		checkPlan(t, d.Root, planWant{
			outcome: OutcomeFails, fatal: datadir.MsgNoWALBeforeSnap, snapshot: snap, snapshots: []string{snap + " loaded"},
			wals: []walWant{{rel: w2, decision: datadir.DecisionNotReached}}, durable: -1, findings: []string{"plan.fatal error"},
		})
	})
	t.Run("no snapshot", func(t *testing.T) {
		d := chaindir.New(t, 37)
		w1, w2 := d.WAL(3, 1, 4, 7), d.WAL(7, 2, 8, 10)
		checkPlan(t, d.Root, planWant{
			outcome: OutcomeFails, fatal: datadir.MsgMissingPrefix,
			wals:    []walWant{{rel: w1, decision: datadir.DecisionNotReached}, {rel: w2, decision: datadir.DecisionNotReached}},
			durable: -1, findings: []string{"plan.fatal error"},
		})
	})
	t.Run("reaching back", func(t *testing.T) {
		d := chaindir.New(t, 37)
		snap := d.Snapshot(6, 5)                        // durable timestamp 10
		w1, w2 := d.WAL(3, 1, 4, 7), d.WAL(7, 2, 8, 10) // from 8 <= 10
		checkPlan(t, d.Root, planWant{
			outcome: OutcomeRecovers, snapshot: snap, snapshots: []string{snap + " loaded"},
			wals:    []walWant{{rel: w1, decision: datadir.DecisionPartial, applied: 2, skipped: 2}, {rel: w2, decision: datadir.DecisionReplay, applied: 3}},
			durable: 20, vertices: 10, edges: 9, nextSeq: 3, clean: true,
		})
	})
}

// TestPlanForeignUUID: files of another storage are ignored; the newest
// snapshot decides which storage that is.
func TestPlanForeignUUID(t *testing.T) {
	t.Run("older foreign files", func(t *testing.T) {
		d := chaindir.New(t, 37)
		snap, w0, w1, w2 := cleanChain(d)
		o := d.With(37, golden.ChainOtherUUID)
		osnap := o.Snapshot(2, 2)
		ow := o.WAL(9, 3, 11, 12)
		checkPlan(t, d.Root, planWant{
			outcome: OutcomeRecovers, snapshot: snap, snapshots: []string{snap + " loaded", osnap + " other_uuid"},
			wals: []walWant{{rel: w0, decision: datadir.DecisionSkip}, {rel: w1, decision: datadir.DecisionPartial, applied: 2, skipped: 2},
				{rel: w2, decision: datadir.DecisionReplay, applied: 3}, {rel: ow, decision: datadir.DecisionOtherUUID}},
			durable: 20, vertices: 10, edges: 9, nextSeq: 3, findings: []string{"chain.uuid error", "chain.uuid error"},
		})
	})
	t.Run("newest snapshot foreign", func(t *testing.T) {
		d := chaindir.New(t, 37)
		snap, w0, w1, w2 := cleanChain(d)
		osnap := d.With(37, golden.ChainOtherUUID).Snapshot(9, 2) // newest by name: its uuid wins
		checkPlan(t, d.Root, planWant{
			outcome: OutcomeRecovers, snapshot: osnap, snapshots: []string{osnap + " loaded", snap + " other_uuid"},
			wals: []walWant{{rel: w0, decision: datadir.DecisionOtherUUID}, {rel: w1, decision: datadir.DecisionOtherUUID},
				{rel: w2, decision: datadir.DecisionOtherUUID}},
			durable: 4, vertices: 2, edges: 1,
			findings: []string{"chain.uuid error", "chain.uuid error", "chain.uuid error", "chain.uuid error"},
		})
	})
}

// TestPlanTornCurrent: a _current file torn inside its last transaction
// contributes the transactions before it; the torn one is dropped silently.
func TestPlanTornCurrent(t *testing.T) {
	d := chaindir.New(t, 37)
	snap := d.Snapshot(6, 5)
	w0 := d.WAL(1, 0, 1, 7)
	w1 := d.CurrentWAL(7, 1, 8, 10, true)
	checkPlan(t, d.Root, planWant{
		outcome: OutcomeRecovers, snapshot: snap, snapshots: []string{snap + " loaded"},
		wals: []walWant{{rel: w0, decision: datadir.DecisionPartial, applied: 2, skipped: 5},
			{rel: w1, decision: datadir.DecisionReplay, applied: 2, droppedTxns: 1, droppedFirstTS: 20, droppedClassCheck: "torn_tail"}},
		// The torn transaction was never written whole: a warning, no loss.
		durable: 18, vertices: 9, edges: 8, nextSeq: 2, clean: true, findings: []string{"plan.dropped_torn_tail warning"},
	})
}

// corruptTxn flips a byte of the property value of chain transaction i in
// a WAL file holding transactions from first on: the frames still decode,
// only the transaction's CRC (format 36+) no longer matches.
func corruptTxn(t *testing.T, d *chaindir.Dir, rel string, i int) {
	b := d.Read(rel)
	m, err := decode.DecodeWAL(bytes.NewReader(b), int64(len(b)), rel)
	if err != nil {
		t.Fatal(err)
	}
	for _, fr := range m.Frames {
		if fr.Timestamp == golden.ChainTimestamp(i) && fr.Marker == format.DeltaVertexSetProperty {
			b[fr.Offset+fr.Size-2] ^= 0x40
			d.Put(rel, b)
			return
		}
	}
	t.Fatalf("%s has no transaction %d", rel, i)
}

// TestPlanCorruptWAL: damage in a finalized (v37) file is fatal; in a file
// without a summary Memgraph's scan stops at it and the rest is dropped.
func TestPlanCorruptWAL(t *testing.T) {
	t.Run("finalized", func(t *testing.T) {
		d := chaindir.New(t, 37)
		snap := d.Snapshot(6, 5)
		w0, w1 := d.WAL(1, 0, 1, 7), d.WAL(7, 1, 8, 10)
		corruptTxn(t, d, w1, 9)
		checkPlan(t, d.Root, planWant{
			outcome: OutcomeFails, fatal: "Couldn't recover WAL deltas from " + d.Path(w1) + " because of: ...",
			snapshot: snap, snapshots: []string{snap + " loaded"},
			wals:    []walWant{{rel: w0, decision: datadir.DecisionPartial, applied: 2, skipped: 5}, {rel: w1, decision: datadir.DecisionFailed, applied: 1}},
			durable: -1, nextSeq: 2, findings: []string{"plan.fatal error"},
		})
	})
	t.Run("no summary", func(t *testing.T) {
		d := chaindir.New(t, 36)
		snap := d.Snapshot(6, 5)
		w0, w1 := d.WAL(1, 0, 1, 7), d.WAL(7, 1, 8, 10)
		corruptTxn(t, d, w1, 9)
		checkPlan(t, d.Root, planWant{
			outcome: OutcomeRecovers, snapshot: snap, snapshots: []string{snap + " loaded"},
			wals: []walWant{{rel: w0, decision: datadir.DecisionPartial, applied: 2, skipped: 5},
				// The damaged transaction 9 and the complete transaction 10 behind it.
				{rel: w1, decision: datadir.DecisionReplay, applied: 1, droppedTxns: 2, droppedAtLeast: true, droppedFirstTS: 18, droppedClassCheck: "checksum"}},
			durable: 16, vertices: 8, edges: 7, nextSeq: 2, findings: []string{"chain.name_mismatch warning", "plan.dropped_checksum error"},
		})
	})
	t.Run("covered by the snapshot", func(t *testing.T) {
		// Memgraph never reads a file the snapshot covers, damaged or not.
		d := chaindir.New(t, 37)
		snap := d.Snapshot(8, 7)
		w0 := d.WAL(1, 0, 1, 7)
		corruptTxn(t, d, w0, 3)
		checkPlan(t, d.Root, planWant{
			outcome: OutcomeRecovers, snapshot: snap, snapshots: []string{snap + " loaded"},
			wals:    []walWant{{rel: w0, decision: datadir.DecisionSkip}},
			durable: 14, vertices: 7, edges: 6, nextSeq: 1, clean: true,
		})
	})
}

// breakSnapshot overwrites the first vertex record's marker: the header and
// metadata still read, loading fails.
func breakSnapshot(t *testing.T, d *chaindir.Dir, rel string) {
	b := d.Read(rel)
	s, err := decode.OpenSnapshot(bytes.NewReader(b), int64(len(b)), rel)
	if err != nil {
		t.Fatal(err)
	}
	b[s.Offsets[format.OffsetVertices]] = 0
	d.Put(rel, b)
}

// TestPlanSnapshotFallback: a snapshot that fails to load makes Memgraph
// fall back to the next older one, and replay more WAL from there.
func TestPlanSnapshotFallback(t *testing.T) {
	t.Run("older loads", func(t *testing.T) {
		d := chaindir.New(t, 37)
		old, bad := d.Snapshot(4, 3), d.Snapshot(6, 5)
		breakSnapshot(t, d, bad)
		w0, w1 := d.WAL(1, 0, 1, 4), d.WAL(5, 1, 5, 10)
		checkPlan(t, d.Root, planWant{
			outcome: OutcomeRecovers, snapshot: old, snapshots: []string{bad + " failed", old + " loaded"},
			wals: []walWant{{rel: w0, decision: datadir.DecisionPartial, applied: 1, skipped: 3}, {rel: w1, decision: datadir.DecisionReplay, applied: 6}},
			// The WAL files still reach timestamp 20, past the failed snapshot's 10: nothing is lost.
			durable: 20, vertices: 10, edges: 9, nextSeq: 2, clean: true, findings: []string{"plan.snapshot_failed warning"},
		})
	})
	t.Run("fallback lacks the WAL prefix", func(t *testing.T) {
		// With the newest snapshot (10) WAL 1 (from 10) would do; with the older (6) it does not.
		d := chaindir.New(t, 37)
		old, bad := d.Snapshot(4, 3), d.Snapshot(6, 5)
		breakSnapshot(t, d, bad)
		w1 := d.WAL(5, 1, 5, 10)
		checkPlan(t, d.Root, planWant{
			outcome: OutcomeFails, fatal: datadir.MsgNoWALBeforeSnap, snapshot: old, snapshots: []string{bad + " failed", old + " loaded"},
			wals: []walWant{{rel: w1, decision: datadir.DecisionNotReached}}, durable: -1,
			findings: []string{"plan.fatal error", "plan.snapshot_failed error"},
		})
	})
	t.Run("none loads", func(t *testing.T) {
		d := chaindir.New(t, 37)
		a, b := d.Snapshot(4, 3), d.Snapshot(6, 5)
		breakSnapshot(t, d, a)
		breakSnapshot(t, d, b)
		w0 := d.WAL(1, 0, 1, 7)
		checkPlan(t, d.Root, planWant{
			outcome: OutcomeFails, fatal: datadir.MsgNoSnapshotLoads, snapshots: []string{b + " failed", a + " failed"},
			wals: []walWant{{rel: w0, decision: datadir.DecisionNotReached}}, durable: -1,
			findings: []string{"plan.fatal error", "plan.snapshot_failed error", "plan.snapshot_failed error"},
		})
	})
}

// TestPlanNoFiles: nothing to recover makes the plan say EMPTY, and is an
// error (a backup that holds nothing) unless --allow-empty expects it.
func TestPlanNoFiles(t *testing.T) {
	t.Run("empty directory", func(t *testing.T) {
		checkPlan(t, t.TempDir(), planWant{outcome: OutcomeEmpty, durable: -1,
			findings: []string{"chain.empty error"}})
	})
	t.Run("empty snapshots and wal", func(t *testing.T) {
		d := chaindir.New(t, 37)
		os.MkdirAll(d.Path("snapshots"), 0o755)
		os.MkdirAll(d.Path("wal"), 0o755)
		checkPlan(t, d.Root, planWant{outcome: OutcomeEmpty, durable: -1,
			findings: []string{"chain.empty error"}})
		p := PlanRecovery(scan(t, d.Root), DirOptions{AllowEmpty: true})
		if p.ExitCode(false) != ExitClean || p.Tenants[0].Outcome != OutcomeEmpty {
			t.Errorf("--allow-empty: exit %d, outcome %s", p.ExitCode(false), p.Tenants[0].Outcome)
		}
	})
	t.Run("files that hold no data", func(t *testing.T) {
		d := chaindir.New(t, 37)
		snap := d.Snapshot(1, 0) // taken before the first transaction
		checkPlan(t, d.Root, planWant{outcome: OutcomeEmpty, snapshot: snap, snapshots: []string{snap + " loaded"}, durable: 0,
			findings: []string{"plan.empty error"}})
	})
	t.Run("only unreadable files", func(t *testing.T) {
		d := chaindir.New(t, 37)
		w := d.WAL(1, 0, 1, 2)
		b := d.Read(w)
		d.Put(w, b[:20]) // cut inside the header
		checkPlan(t, d.Root, planWant{outcome: OutcomeEmpty, durable: -1,
			wals:     []walWant{{rel: w, decision: datadir.DecisionUnreadable}},
			findings: []string{"chain.empty error", "chain.unreadable error"}})
	})
}

// TestPlanPartLeftover: a part file of an interrupted snapshot write is
// reported; recovery is unaffected.
func TestPlanPartLeftover(t *testing.T) {
	d := chaindir.New(t, 37)
	snap, w0, w1, w2 := cleanChain(d)
	part := "snapshots/" + chaindir.SnapshotName(9, 20) + "_vertex_part_1"
	d.Put(part, []byte{0x20, 0x12, 9, 0, 0, 0, 0, 0, 0, 0})
	checkPlan(t, d.Root, planWant{
		outcome: OutcomeRecovers, snapshot: snap, snapshots: []string{snap + " loaded", part + " unreadable"},
		wals: []walWant{{rel: w0, decision: datadir.DecisionSkip}, {rel: w1, decision: datadir.DecisionPartial, applied: 2, skipped: 2},
			{rel: w2, decision: datadir.DecisionReplay, applied: 3}},
		durable: 20, vertices: 10, edges: 9, nextSeq: 3, clean: true, findings: []string{"chain.part warning"},
	})
}

// TestPlanTwoCurrent: each crash leaves a _current file; recovery reads them all.
func TestPlanTwoCurrent(t *testing.T) {
	d := chaindir.New(t, 37)
	c0, c1 := d.CurrentWAL(1, 0, 1, 3, false), d.CurrentWAL(2, 1, 4, 6, false)
	checkPlan(t, d.Root, planWant{
		outcome: OutcomeRecovers,
		wals:    []walWant{{rel: c0, decision: datadir.DecisionReplay, applied: 3}, {rel: c1, decision: datadir.DecisionReplay, applied: 3}},
		durable: 12, vertices: 6, edges: 5, nextSeq: 2, clean: true, findings: []string{"chain.current warning"},
	})
}

// TestPlanDuplicate: the same file under its _current and its finalized
// name (a copy taken under LOCK DATA DIRECTORY): the second copy adds nothing.
func TestPlanDuplicate(t *testing.T) {
	d := chaindir.New(t, 37)
	w0 := d.WAL(1, 0, 1, 3)
	fin := d.WAL(2, 1, 4, 6)
	cur := "wal/" + chaindir.CurrentWALName(2)
	d.Put(cur, d.Read(fin))
	checkPlan(t, d.Root, planWant{
		outcome: OutcomeRecovers,
		wals: []walWant{{rel: w0, decision: datadir.DecisionReplay, applied: 3}, {rel: cur, decision: datadir.DecisionReplay, applied: 3},
			{rel: fin, decision: datadir.DecisionSkip}},
		durable: 12, vertices: 6, edges: 5, nextSeq: 2, clean: true,
	})
}

// TestPlanUncommitted: a transaction whose TRANSACTION_START says
// commit=false is skipped; the file's last timestamp still counts as durable.
func TestPlanUncommitted(t *testing.T) {
	d := chaindir.New(t, 37)
	m := golden.ChainWAL(37, golden.ChainUUID, 0, 1, 3)
	for i := range m.Frames {
		if m.Frames[i].Timestamp == golden.ChainTimestamp(3) && m.Frames[i].Marker == format.DeltaTransactionStart {
			m.Frames[i].Delta = format.TxnStart{Commit: false, AccessType: 1}
		}
	}
	rel := "wal/" + chaindir.FinalizedWALName(1, 2, 6)
	d.PutWAL(rel, m, true)
	tp := checkPlan(t, d.Root, planWant{
		outcome: OutcomeRecovers, wals: []walWant{{rel: rel, decision: datadir.DecisionReplay, applied: 2}},
		durable: 6, vertices: 2, edges: 1, nextSeq: 1, clean: true,
	})
	if tp.WALs[0].Uncommitted != 1 {
		t.Errorf("uncommitted %d, want 1", tp.WALs[0].Uncommitted)
	}
}

// TestPlanTenants: every database of a multi-tenant directory is planned on its own.
func TestPlanTenants(t *testing.T) {
	d := chaindir.New(t, 37)
	cleanChain(d)
	other := chaindir.At(t, d.Path("databases/9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4"), 37).With(37, golden.ChainOtherUUID)
	other.WAL(1, 0, 1, 4)
	p := PlanRecovery(scan(t, d.Root), DirOptions{})
	var got []string
	for _, tp := range p.Tenants {
		got = append(got, fmt.Sprintf("%s %s %d/%d", tp.Name, tp.Outcome, tp.Vertices, tp.Edges))
	}
	want := []string{"memgraph recovers 10/9", "9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4 recovers 4/3"}
	if !slices.Equal(got, want) || !(p.ExitCode(false) == ExitClean) {
		t.Errorf("tenants %v (clean %v), want %v", got, (p.ExitCode(false) == ExitClean), want)
	}
	s, tp, err := RecoverDataDir(scan(t, d.Root), "9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4", DirOptions{})
	if err != nil || s.VertexCount() != 4 || tp.UUID != golden.ChainOtherUUID {
		t.Errorf("RecoverDataDir(tenant): %v, %v", err, tp)
	}
	if _, _, err := RecoverDataDir(scan(t, d.Root), "nope", DirOptions{}); err == nil {
		t.Error("an unknown tenant must be an error")
	}
}

// TestPlanConstraintViolation: constraints are validated after all data is
// loaded; data that violates one stops Memgraph.
func TestPlanConstraintViolation(t *testing.T) {
	meta := func(m *format.WAL, ts uint64, frames ...format.Frame) {
		m.Frames = append(m.Frames, format.Frame{Timestamp: ts, Marker: format.DeltaTransactionStart, Delta: format.TxnStart{Commit: true, AccessType: 1}})
		for _, fr := range frames {
			fr.Timestamp = ts
			m.Frames = append(m.Frames, fr)
		}
		m.Frames = append(m.Frames, format.Frame{Timestamp: ts, Marker: format.DeltaTransactionEnd, Delta: format.TxnEnd{}})
	}
	setK := func(gid uint64, v format.Value) format.Frame {
		return format.Frame{Marker: format.DeltaVertexSetProperty, Delta: format.VertexPropertyDelta{Gid: gid, Property: "k", Value: v}}
	}
	cases := []struct {
		name   string
		frames []format.Frame
		fatal  string
	}{
		{"existence", []format.Frame{{Marker: format.DeltaExistenceConstraintCreate, Delta: format.LabelPropertyDelta{Label: "Node", Property: "k"}}},
			graph.MsgExistenceViolated},
		{"existence met", []format.Frame{{Marker: format.DeltaExistenceConstraintCreate, Delta: format.LabelPropertyDelta{Label: "Node", Property: "i"}}},
			""},
		{"unique", []format.Frame{setK(0, format.Int(1)), setK(2, format.Double(1)),
			{Marker: format.DeltaUniqueConstraintCreate, Delta: format.UniqueConstraintDelta{Label: "Node", Properties: []string{"k"}}}},
			graph.MsgUniqueViolated},
		{"unique met", []format.Frame{setK(0, format.Int(1)), setK(2, format.String("1")),
			{Marker: format.DeltaUniqueConstraintCreate, Delta: format.UniqueConstraintDelta{Label: "Node", Properties: []string{"k", "i"}}}},
			""},
		{"type", []format.Frame{{Marker: format.DeltaTypeConstraintCreate, Delta: format.TypeConstraintDelta{Label: "Node", Property: "i", Kind: 0}}},
			graph.MsgTypeViolated},
		{"type met", []format.Frame{{Marker: format.DeltaTypeConstraintCreate, Delta: format.TypeConstraintDelta{Label: "Node", Property: "i", Kind: 2}}},
			""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := chaindir.New(t, 37)
			m := golden.ChainWAL(37, golden.ChainUUID, 0, 1, 3)
			meta(m, golden.ChainTimestamp(4), c.frames...)
			rel := "wal/" + chaindir.FinalizedWALName(1, 2, 8)
			d.PutWAL(rel, m, true)
			w := planWant{outcome: OutcomeRecovers, wals: []walWant{{rel: rel, decision: datadir.DecisionReplay, applied: 4}},
				durable: 8, vertices: 3, edges: 2, nextSeq: 1, clean: true}
			if c.fatal != "" {
				w = planWant{outcome: OutcomeFails, fatal: c.fatal, wals: w.wals, durable: -1, nextSeq: 1, findings: []string{"plan.fatal error"}}
			}
			checkPlan(t, d.Root, w)
		})
	}
}

// TestPlanSnapshotRecordOutsideBatches: Memgraph loads a snapshot through
// its batch tables and counts nothing, so a vertex record left out of every
// batch is silently not recovered: the plan says LOSES DATA, as verify says
// the batch tables do not cover the record.
func TestPlanSnapshotRecordOutsideBatches(t *testing.T) {
	snap, d := fiveVertices(t)
	entry := d.Offsets[format.OffsetVertexBatches] + 9 + 18*2 // the last batch (UINT n, then UINT offset, UINT count each)
	if readUint(t, snap, entry+9) != 1 {
		t.Fatal("batch #2 count not found")
	}
	putUint(snap, entry+9, 0)
	dir := t.TempDir()
	rel := "snapshots/" + chaindir.SnapshotName(1, d.Metadata.DurableTimestamp)
	chaindir.At(t, dir, 37).Put(rel, snap)
	p, tp := planOne(t, dir)
	if tp.Outcome != OutcomeRecovers || !tp.LosesData || tp.Vertices != 4 || p.ExitCode(false) != ExitProblems {
		t.Fatalf("outcome %s, loses data %v, %d vertices, exit %d", tp.Outcome, tp.LosesData, tp.Vertices, p.ExitCode(false))
	}
	if !slices.ContainsFunc(tp.Findings, func(f Finding) bool { return f.Check == "plan.snapshot_unloaded" && f.Severity == SeverityError }) {
		t.Errorf("no plan.snapshot_unloaded error: %v", tp.Findings)
	}
}

// TestPlanUnreadableInput: a file durascope itself cannot read (permission
// denied, as the scan records it) is no Memgraph outcome: the plan says
// INCOMPLETE, exits 2, and reports no "Memgraph cannot read" finding.
func TestPlanUnreadableInput(t *testing.T) {
	d := chaindir.New(t, 37)
	d.WAL(1, 0, 1, 3)
	rel := d.WAL(3, 1, 4, 6)
	d.WAL(5, 2, 7, 9)
	dd := scan(t, d.Root)
	for _, f := range dd.Tenants[0].WALs {
		if f.Rel == rel {
			*f = datadir.DurableFile{Path: f.Path, Rel: f.Rel, Name: f.Name, Naming: f.Naming,
				Problem: "open " + f.Path + ": permission denied", ProblemClass: format.ClassIO}
		}
	}
	p := PlanRecovery(dd, DirOptions{})
	tp := p.Tenants[0]
	if tp.Outcome != OutcomeIncomplete || p.ExitCode(false) != ExitIO || tp.LosesData {
		t.Fatalf("outcome %s, exit %d, loses data %v", tp.Outcome, p.ExitCode(false), tp.LosesData)
	}
	for _, f := range tp.Findings {
		if f.Check == "chain.unreadable" || f.Severity == SeverityIO && f.Check != CheckUnreadable {
			t.Errorf("an input durascope could not read is reported as %v", f)
		}
	}
	if !slices.ContainsFunc(tp.Findings, func(f Finding) bool { return f.Check == CheckUnreadable && f.File == d.Path(rel) }) {
		t.Errorf("no %s finding: %v", CheckUnreadable, tp.Findings)
	}
	// The missing sequence number 1 stops recovery only if Memgraph cannot
	// read the file either: a note, never an error or warning on the files.
	sawFatal := false
	for _, f := range tp.Findings {
		if strings.HasPrefix(f.Check, "plan.") && (f.Severity == SeverityError || f.Severity == SeverityWarning) {
			t.Errorf("a verdict that rests on durascope's own read failure: %v", f)
		}
		sawFatal = sawFatal || f.Check == "plan.fatal" && f.Severity == SeverityInfo && strings.HasPrefix(f.Message, "if Memgraph could not read")
	}
	if !sawFatal {
		t.Errorf("the stop is not kept as a conditional note: %v", tp.Findings)
	}
	for _, w := range tp.WALs {
		if w.File == rel && w.Decision != datadir.DecisionNotRead {
			t.Errorf("%s: decision %s, want %s", rel, w.Decision, datadir.DecisionNotRead)
		}
	}
}

// TestPlanTooLarge: a graph past durascope's lowered slot limit is no
// Memgraph outcome: the plan says INCOMPLETE, exits 2 with a too_large
// finding where it outgrew the limit, and neither stops, falls back nor
// reports a Memgraph error.
func TestPlanTooLarge(t *testing.T) {
	d := chaindir.New(t, 37)
	older := d.Snapshot(2, 2)
	snap := d.Snapshot(4, 3) // 3 vertices, 2 edges
	w0 := d.WAL(1, 0, 1, 2)
	w1 := d.WAL(3, 1, 3, 5) // to 5 vertices, 4 edges
	for _, c := range []struct {
		slots uint32
		at    string
		want  planWant
	}{
		{2, snap, planWant{outcome: OutcomeIncomplete, snapshots: []string{snap + " too_large", older + " not_reached"},
			wals:    []walWant{{rel: w0, decision: datadir.DecisionNotReached}, {rel: w1, decision: datadir.DecisionNotReached}},
			durable: -1, findings: []string{"input.too_large too_large"}}},
		{4, w1, planWant{outcome: OutcomeIncomplete, snapshot: snap, snapshots: []string{snap + " loaded", older + " not_needed"},
			wals:    []walWant{{rel: w0, decision: datadir.DecisionSkip}, {rel: w1, decision: datadir.DecisionTooLarge}},
			durable: -1, nextSeq: 2, findings: []string{"input.too_large too_large"}}},
	} {
		graphlimit.Slots = c.slots
		tp := checkPlan(t, d.Root, c.want)
		p, _ := planOne(t, d.Root)
		graphlimit.Slots = 0
		want := fmt.Sprintf("the graph needs more than %d vertices", c.slots)
		if p.ExitCode(false) != ExitIO || !strings.HasPrefix(tp.TooLarge, want) || tp.Fatal != "" {
			t.Errorf("%d slots: exit %d, too large %q, fatal %q; want exit %d, %q...", c.slots, p.ExitCode(false), tp.TooLarge, tp.Fatal, ExitIO, want)
		}
		if !slices.ContainsFunc(tp.Findings, func(f Finding) bool {
			return f.Check == CheckTooLarge && f.File == d.Path(c.at) && f.Offset > 0 && strings.HasPrefix(f.Message, want)
		}) {
			t.Errorf("%d slots: no %s finding at %s: %v", c.slots, CheckTooLarge, c.at, tp.Findings)
		}
	}
}
