package datadir_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/golden/chaindir"
	"github.com/durascope/durascope/internal/graphlimit"
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

// TestRecoverTooLarge: a graph past durascope's lowered slot limit ends
// recovery where it outgrows it, without a verdict: no stop (Memgraph may
// hold it), no fallback to an older snapshot, no graph.
func TestRecoverTooLarge(t *testing.T) {
	d := chaindir.New(t, 37)
	older := d.Snapshot(2, 2)
	snap := d.Snapshot(4, 3) // 3 vertices, 2 edges
	w0 := d.WAL(1, 0, 1, 2)
	w1 := d.WAL(3, 1, 3, 5) // to 5 vertices, 4 edges
	for _, c := range []struct {
		slots     uint32
		at, what  string
		snapshots []string
		wals      []string
	}{
		{2, snap, "vertices", []string{snap + " too_large", older + " not_reached"}, []string{w0 + " not_reached", w1 + " not_reached"}},
		{4, w1, "vertices", []string{snap + " loaded", older + " not_needed"}, []string{w0 + " skip", w1 + " too_large"}},
	} {
		graphlimit.Slots = c.slots
		rec := recoverDir(t, d.Root)
		graphlimit.Slots = 0
		var ce *graph.CapacityError
		if tl := rec.TooLarge; tl == nil || tl.File.Rel != c.at || !errors.As(tl.Err, &ce) || ce.What != c.what || ce.Limit != uint64(c.slots) {
			t.Fatalf("%d slots: too large %+v, want at %s", c.slots, rec.TooLarge, c.at)
		}
		if rec.Stop != nil || rec.Graph != nil || rec.DurableTimestamp != nil {
			t.Errorf("%d slots: stop %+v, graph %v, durable %v", c.slots, rec.Stop, rec.Graph, rec.DurableTimestamp)
		}
		var snaps, wals []string
		for _, s := range rec.Snapshots {
			snaps = append(snaps, s.File+" "+s.Decision)
		}
		for _, w := range rec.WALs {
			wals = append(wals, w.File+" "+w.Decision)
		}
		if !slices.Equal(snaps, c.snapshots) || !slices.Equal(wals, c.wals) {
			t.Errorf("%d slots: snapshots %v, WALs %v; want %v, %v", c.slots, snaps, wals, c.snapshots, c.wals)
		}
	}
}
