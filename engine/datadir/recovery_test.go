package datadir_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/golden/chaindir"
)

// Chain transaction i commits at timestamp 2i and adds vertex i-1 and,
// from i = 2, edge i-2 (golden/chain.go): every expectation below follows
// from which transactions the recovered files hold.

func recoverDir(t *testing.T, root string) *datadir.Recovery {
	t.Helper()
	d, err := datadir.ScanDataDir(root)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := d.Recover("")
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// TestRecoverDecisions: snapshot after 3 transactions; WAL 0 (1..2) is
// covered by it, WAL 1 (3..5) partly, WAL 2 (6..7, unfinalized) replays
// transaction 6 and drops the torn transaction 7.
func TestRecoverDecisions(t *testing.T) {
	d := chaindir.New(t, 37)
	snap := d.Snapshot(4, 3)
	w0 := d.WAL(1, 0, 1, 2)
	w1 := d.WAL(3, 1, 3, 5)
	w2 := d.CurrentWAL(5, 2, 6, 7, true)
	rec := recoverDir(t, d.Root)
	if rec.Stop != nil {
		t.Fatalf("stops: %+v", rec.Stop)
	}
	if rec.Snapshot != snap || len(rec.Snapshots) != 1 || rec.Snapshots[0].Decision != datadir.DecisionLoaded {
		t.Errorf("snapshot %q, steps %+v", rec.Snapshot, rec.Snapshots)
	}
	var got []string
	for _, w := range rec.WALs {
		got = append(got, fmt.Sprintf("%s %s %d/%d", w.File, w.Decision, w.Applied, w.Skipped))
	}
	want := []string{w0 + " skip 0/0", w1 + " partial 2/1", w2 + " replay 1/0"}
	if !slices.Equal(got, want) {
		t.Errorf("WAL steps\n%v\nwant\n%v", got, want)
	}
	if dt := rec.WALs[2].Dropped; dt == nil || dt.Transactions != 1 || dt.AtLeast || dt.FirstTimestamp == nil || *dt.FirstTimestamp != 14 || dt.Class != "torn_tail" {
		t.Errorf("dropped tail %+v", dt)
	}
	if rec.DurableTimestamp == nil || *rec.DurableTimestamp != 12 || rec.NextWALSeqNum != 3 {
		t.Errorf("durable %v, next seq %d", rec.DurableTimestamp, rec.NextWALSeqNum)
	}
	if g := rec.Graph; g == nil || g.VertexCount() != 6 || g.EdgeCount() != 5 {
		t.Errorf("graph %v", g)
	}
}

// TestRecoverStops: a missing middle WAL stops recovery with Memgraph's
// message; nothing is recovered.
func TestRecoverStops(t *testing.T) {
	d := chaindir.New(t, 36)
	d.WAL(1, 0, 1, 2)
	gap := d.WAL(3, 2, 5, 6)
	rec := recoverDir(t, d.Root)
	if rec.Stop == nil || rec.Stop.Message != fmt.Sprintf(datadir.MsgMissingWAL, 1) || rec.Stop.File == nil || rec.Stop.File.Rel != gap {
		t.Fatalf("stop %+v", rec.Stop)
	}
	if rec.Graph != nil || rec.DurableTimestamp != nil {
		t.Errorf("a stopped recovery has graph %v, durable %v", rec.Graph, rec.DurableTimestamp)
	}
}
