package engine_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/durascope/durascope/engine"
	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/engine/fs"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/engine/storage"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/inspect"
	"github.com/durascope/durascope/internal/graphlimit"
)

// testConfig is a durable configuration on a fresh directory with a
// clock that advances a millisecond per reading (distinct file names).
func testConfig(t *testing.T, dir string) engine.Config {
	cfg := engine.DefaultConfig()
	cfg.DataDirectory = dir
	cfg.WALEnabled = true
	cfg.SnapshotOnExit = true
	cfg.SnapshotIntervalSec = 3600
	cfg.PropertiesOnEdges = true
	cfg.LockTimeout = 0
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

func mustOpen(t *testing.T, cfg engine.Config) *engine.Engine {
	t.Helper()
	e, err := engine.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// write commits one transaction creating n vertices labelled label with
// an id property, chained by NEXT edges.
func write(t *testing.T, e *engine.Engine, label string, from, n int) {
	t.Helper()
	tx, err := e.Storage().Begin(storage.AccessWrite)
	if err != nil {
		t.Fatal(err)
	}
	var prev *storage.Vertex
	for i := from; i < from+n; i++ {
		v, err := tx.CreateVertex()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := v.AddLabel(label); err != nil {
			t.Fatal(err)
		}
		if _, err := v.SetProperty("id", format.Int(int64(i))); err != nil {
			t.Fatal(err)
		}
		if prev != nil {
			edge, err := tx.CreateEdge(prev, v, "NEXT")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := edge.SetProperty("w", format.Double(float64(i)/2)); err != nil {
				t.Fatal(err)
			}
		}
		prev = v
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// ids reads the id property of every vertex, sorted.
func ids(t *testing.T, e *engine.Engine) []int64 {
	t.Helper()
	v, err := e.Storage().View()
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	g, err := v.Graph()
	if err != nil {
		t.Fatal(err)
	}
	var out []int64
	for _, x := range g.SortedVertices() {
		for id, val := range x.Props(g).All() {
			if g.Name(id) == "id" {
				out = append(out, int64(val.(format.Int)))
			}
		}
	}
	slices.Sort(out)
	return out
}

func seq(from, to int) []int64 {
	var out []int64
	for i := from; i < to; i++ {
		out = append(out, int64(i))
	}
	return out
}

// checkClean verifies every file of dir strictly and plans its recovery:
// no finding of any severity, and recovery ends with want vertices
// (unless want < 0).
func checkClean(t *testing.T, dir string, wantVertices int) {
	t.Helper()
	d, err := datadir.ScanDataDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, sub := range []string{"snapshots", "wal"} {
		entries, _ := os.ReadDir(filepath.Join(dir, sub))
		for _, ent := range entries {
			if ent.IsDir() {
				continue
			}
			f, err := datadir.Open(filepath.Join(dir, sub, ent.Name()))
			if err != nil {
				t.Fatal(err)
			}
			r := inspect.VerifyFile(f, inspect.VerifyOptions{})
			f.Close()
			if code := inspect.ExitCode(r.Findings, true); code != 0 {
				t.Errorf("verify %s/%s: exit %d: %+v", sub, ent.Name(), code, r.Findings)
			}
		}
	}
	p := inspect.PlanRecovery(d, inspect.DirOptions{})
	if code := p.ExitCode(true); code != 0 {
		t.Errorf("plan: exit %d: %+v", code, p.AllFindings())
	}
	g, _, err := inspect.RecoverDataDir(d, "", inspect.DirOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if wantVertices >= 0 && g.VertexCount() != wantVertices {
		t.Errorf("plan recovers %d vertices, want %d", g.VertexCount(), wantVertices)
	}
}

func list(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() {
			out = append(out, e.Name())
		}
	}
	return out
}

// A run writes a WAL and an exit snapshot that verify clean; a restart
// recovers them, keeps the uuid and epoch, continues the clock and the
// WAL sequence, and a second run's files verify and recover too.
func TestRunRestartRun(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(t, dir)
	e := mustOpen(t, cfg)
	write(t, e, "A", 0, 10)
	write(t, e, "A", 10, 5)
	ldt, n := e.Storage().LastCommitted()
	if ldt != 4 || n != 2 {
		// ts 0 at start-up, then a start and a commit timestamp per transaction.
		t.Errorf("after two commits: ldt %d, committed %d; want 4, 2", ldt, n)
	}
	uuid, epoch := e.UUID(), e.Epoch()
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	wals, snaps := list(t, filepath.Join(dir, "wal")), list(t, filepath.Join(dir, "snapshots"))
	if len(wals) != 1 || !strings.Contains(wals[0], "_from_") || len(snaps) != 1 || !strings.HasSuffix(snaps[0], "_timestamp_4") {
		t.Fatalf("after the first run: wal %v, snapshots %v", wals, snaps)
	}
	checkClean(t, dir, 15)

	e = mustOpen(t, cfg)
	if e.UUID() != uuid || e.Epoch() != epoch {
		t.Errorf("restart: uuid %s epoch %s, want %s %s", e.UUID(), e.Epoch(), uuid, epoch)
	}
	if rec := e.Recovery(); rec == nil || rec.Snapshot == "" {
		t.Fatalf("restart did not recover from the snapshot: %+v", rec)
	}
	// The exit snapshot started at ldt+3 = 7; the clock goes on from 8,
	// and start-up takes one more.
	if next := e.Storage().NextTimestamp(); next != 9 {
		t.Errorf("restart: next timestamp %d, want 9", next)
	}
	if got := ids(t, e); !slices.Equal(got, seq(0, 15)) {
		t.Fatalf("restart: ids %v", got)
	}
	write(t, e, "B", 15, 3)
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	wals = list(t, filepath.Join(dir, "wal"))
	if len(wals) != 2 {
		t.Fatalf("after the second run: wal %v", wals)
	}
	w, err := datadir.ScanDataDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var seqs []uint64
	for _, f := range w.Tenants[0].WALs {
		seqs = append(seqs, f.SeqNum)
	}
	slices.Sort(seqs)
	if !slices.Equal(seqs, []uint64{0, 1}) {
		t.Errorf("WAL sequence numbers %v, want [0 1]", seqs)
	}
	checkClean(t, dir, 18)
	e = mustOpen(t, cfg)
	if got := ids(t, e); !slices.Equal(got, seq(0, 18)) {
		t.Errorf("third start: ids %v", got)
	}
	e.Close()
}

// Without a snapshot the WAL alone recovers; without recovery the old
// files move to .backup/ and the engine starts empty with a new uuid.
func TestWALOnlyAndNoRecovery(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(t, dir)
	cfg.SnapshotOnExit = false
	e := mustOpen(t, cfg)
	write(t, e, "A", 0, 4)
	uuid := e.UUID()
	e.Close()
	if snaps := list(t, filepath.Join(dir, "snapshots")); len(snaps) != 0 {
		t.Fatalf("snapshots without --storage-snapshot-on-exit: %v", snaps)
	}
	e = mustOpen(t, cfg)
	if got := ids(t, e); !slices.Equal(got, seq(0, 4)) {
		t.Fatalf("WAL-only recovery: ids %v", got)
	}
	e.Close()

	cfg.RecoveryOnStartup = false
	e = mustOpen(t, cfg)
	if got := ids(t, e); len(got) != 0 || e.UUID() == uuid {
		t.Errorf("no recovery: ids %v, uuid %s (old %s)", got, e.UUID(), uuid)
	}
	e.Close()
	// The second run wrote nothing, so it created no WAL file.
	if moved := list(t, filepath.Join(dir, ".backup", "wal")); len(moved) != 1 {
		t.Errorf(".backup/wal holds %v, want the first run's WAL file", moved)
	}
}

// A second engine on the same directory is refused while the first runs.
func TestSecondEngineRefused(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(t, dir)
	e := mustOpen(t, cfg)
	defer e.Close()
	_, err := engine.Open(cfg)
	if err == nil || !errors.Is(err, datadir.ErrLocked) {
		t.Fatalf("second engine: %v, want ErrLocked", err)
	}
}

// CREATE SNAPSHOT writes even when nothing changed; the exit snapshot is
// skipped when this process's last snapshot has the same commits... except
// that Memgraph's digest is per process, so it is written after a restart.
// Retention keeps the newest N and deletes the WALs they cover.
func TestSnapshotsAndRetention(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(t, dir)
	cfg.SnapshotRetentionCount = 2
	cfg.WALFileSizeKiB = 1
	e := mustOpen(t, cfg)
	var paths []string
	for i := range 4 {
		write(t, e, "A", i*20, 20)
		p, err := e.CreateSnapshot()
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, filepath.Base(p))
	}
	p, err := e.CreateSnapshot() // forced: written although nothing changed
	if err != nil {
		t.Fatal(err)
	}
	paths = append(paths, filepath.Base(p))
	if err := e.Close(); err != nil { // exit snapshot: same digest, skipped
		t.Fatal(err)
	}
	snaps := list(t, filepath.Join(dir, "snapshots"))
	if !slices.Equal(snaps, paths[3:]) {
		t.Errorf("snapshots kept %v, want the newest two of %v", snaps, paths)
	}
	checkClean(t, dir, 80)
}

// LOCK DATA DIRECTORY defers retention's deletions until UNLOCK.
func TestLockDefersDeletions(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(t, dir)
	cfg.SnapshotRetentionCount = 1
	e := mustOpen(t, cfg)
	defer e.Close()
	write(t, e, "A", 0, 2)
	first, err := e.CreateSnapshot()
	if err != nil {
		t.Fatal(err)
	}
	if already, _ := e.LockDataDirectory(); already || !e.DataDirectoryLocked() {
		t.Fatal("LOCK DATA DIRECTORY did not lock")
	}
	if already, _ := e.LockDataDirectory(); !already {
		t.Error("a second LOCK DATA DIRECTORY should report: already locked")
	}
	write(t, e, "A", 2, 2)
	if _, err := e.CreateSnapshot(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(first); err != nil {
		t.Fatalf("the older snapshot was deleted while locked: %v", err)
	}
	if already, err := e.UnlockDataDirectory(); already || err != nil {
		t.Fatalf("UNLOCK: already %v, %v", already, err)
	}
	if _, err := os.Stat(first); !os.IsNotExist(err) {
		t.Errorf("the older snapshot survived the unlock: %v", err)
	}
	if already, _ := e.UnlockDataDirectory(); !already {
		t.Error("a second UNLOCK should report: already unlocked")
	}
}

// A failed WAL fsync stops the engine: the commit whose fsync failed is
// not acknowledged, and nothing commits after it.
func TestFailedFsyncStops(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(t, dir)
	cfg.WALFlushEveryNTx = 1
	cfg.SnapshotOnExit = false
	// File fsyncs: the WAL header's (1), then the first commit's (2).
	cfg.FS = &fs.Faulty{FS: fs.OS{}, Fail: fs.OpSync, N: 2}
	e := mustOpen(t, cfg)
	defer e.Close()
	commit := func(label string) error {
		tx, err := e.Storage().Begin(storage.AccessWrite)
		if err != nil {
			return err
		}
		v, err := tx.CreateVertex()
		if err != nil {
			return err
		}
		if _, err := v.AddLabel(label); err != nil {
			return err
		}
		return tx.Commit()
	}
	err := commit("A")
	if !errors.Is(err, fs.ErrInjected) {
		t.Fatalf("commit whose fsync failed: %v, want the injected error", err)
	}
	if err := commit("B"); err == nil || e.Storage().Stopped() == nil {
		t.Fatalf("a commit after the failed fsync: %v, stopped: %v", err, e.Storage().Stopped())
	}
	// Reads may go on in a stopped store; they must not see the commit.
	if v, err := e.Storage().View(); err == nil {
		g, err := v.Graph()
		if err != nil || g.VertexCount() != 0 {
			t.Errorf("after the failed commit: %v, %d vertices visible", err, g.VertexCount())
		}
		v.Close()
	}
}

// A directory whose graph outgrows durascope's lowered slot limit is
// refused with the *graph.CapacityError, never as a recovery Memgraph
// would refuse to finish.
func TestRecoveryTooLarge(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(t, dir)
	e := mustOpen(t, cfg)
	write(t, e, "A", 0, 10)
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	graphlimit.Slots = 9
	_, err := engine.Open(cfg)
	graphlimit.Slots = 0
	var ce *graph.CapacityError
	var re *engine.RecoveryError
	if !errors.As(err, &ce) || ce.What != "vertices" || ce.Limit != 9 || errors.As(err, &re) {
		t.Fatalf("open: %v, want the limit of 9 vertices", err)
	}
	e = mustOpen(t, cfg) // within the limit again, the same files recover
	defer e.Close()
	if got := ids(t, e); len(got) != 10 {
		t.Fatalf("recovered ids %v, want 10", got)
	}
}
