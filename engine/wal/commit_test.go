package wal_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/engine/fs"
	"github.com/durascope/durascope/engine/wal"
	"github.com/durascope/durascope/format"
)

// TestGroupCommit: committers append under a shared lock (the engine's) and
// wait for durability outside it. Each durable returns only after an fsync
// that covered its transaction, and under contention one fsync serves
// several commits.
func TestGroupCommit(t *testing.T) {
	const workers, perWorker = 16, 20
	dir := filepath.Join(t.TempDir(), "wal")
	cfs := newCountingFS(fs.OS{})
	cfs.SyncDelay = time.Millisecond
	cfg := config(dir, format.MaxVersion)
	cfg.FS, cfg.FlushEveryNTx = cfs, 1
	w := wal.Open(cfg)

	var (
		engine sync.Mutex // the caller's lock
		ts     uint64
		wg     sync.WaitGroup
		errMu  sync.Mutex
		errs   []error
	)
	report := func(err error) {
		errMu.Lock()
		defer errMu.Unlock()
		errs = append(errs, err)
	}
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range perWorker {
				engine.Lock()
				ts++
				durable, err := w.Append(createTxn(ts, ts, 40))
				path, end := w.CurrentPath(), w.CurrentSize()
				engine.Unlock()
				if err != nil {
					report(err)
					return
				}
				if err := durable(); err != nil {
					report(err)
					return
				}
				if got := cfs.Synced(path); got < end {
					report(errors.New("durable returned before an fsync covered the transaction"))
					return
				}
			}
		}()
	}
	wg.Wait()
	if len(errs) > 0 {
		t.Fatal(errs[0])
	}
	path := w.CurrentPath()
	commitSyncs := cfs.Syncs(path) - 1 // less the header's
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	const commits = workers * perWorker
	if commitSyncs >= commits || commitSyncs < 1 {
		t.Errorf("%d fsyncs for %d concurrent commits: no group commit", commitSyncs, commits)
	}
	t.Logf("%d commits, %d fsyncs", commits, commitSyncs)
	r, f := openWAL(t, w.Files()[0])
	defer f.Close()
	if got := readTxns(t, r); len(got) != commits {
		t.Errorf("file holds %d transactions, want %d", len(got), commits)
	}
}

// TestGroupCommitAcrossRotation: durable of a commit whose file was
// finalized since returns at once: finalization fsynced it.
func TestGroupCommitAcrossRotation(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "wal")
	cfs := newCountingFS(fs.OS{})
	cfg := config(dir, format.MaxVersion)
	cfg.FS, cfg.FlushEveryNTx, cfg.FileSizeKiB = cfs, 1, 1
	w := wal.Open(cfg)
	first, err := w.Append(createTxn(1, 1, 10))
	if err != nil {
		t.Fatal(err)
	}
	path := w.CurrentPath()
	if _, err := w.Append(createTxn(2, 2, 1200)); err != nil || w.CurrentPath() != "" {
		t.Fatalf("the second commit should rotate (%v)", err)
	}
	syncs := cfs.Syncs(path)
	if err := first(); err != nil || cfs.Syncs(path) != syncs {
		t.Errorf("durable after finalization: %v, fsyncs %d -> %d", err, syncs, cfs.Syncs(path))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestGroupCommitFailure: when the shared fsync fails, the leader's durable
// returns the fsync error and the other waiters the stopped error.
func TestGroupCommitFailure(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "wal")
	faulty := &fs.Faulty{FS: fs.OS{}, Fail: fs.OpSync, N: 2}
	cfg := config(dir, format.MaxVersion)
	cfg.FS, cfg.FlushEveryNTx = faulty, 1
	w := wal.Open(cfg)
	var durables []func() error
	for i := range 3 {
		d, err := w.Append(createTxn(uint64(i+1), uint64(i), 10))
		if err != nil {
			t.Fatal(err)
		}
		durables = append(durables, d)
	}
	err := durables[2]()
	var ioErr *wal.IOError
	if !errors.As(err, &ioErr) || ioErr.Op != "fsync" || errors.Is(err, wal.ErrStopped) {
		t.Fatalf("leader: %v", err)
	}
	for _, d := range durables[:2] {
		if err := d(); !errors.Is(err, wal.ErrStopped) || !errors.Is(err, fs.ErrInjected) {
			t.Errorf("waiter: %v", err)
		}
	}
	if _, err := w.Append(createTxn(9, 9, 1)); !errors.Is(err, wal.ErrStopped) {
		t.Errorf("append: %v", err)
	}
	if err := w.Close(); !errors.Is(err, wal.ErrStopped) {
		t.Errorf("close: %v", err)
	}
}

// TestLockDataDirectory: a rotation while LOCK DATA DIRECTORY holds copies
// the file to its finalized name and leaves the _current file until the
// unlock; the next file never takes the name of the one waiting for
// deletion, even when the clock has not moved.
func TestLockDataDirectory(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "wal")
	ret := fs.NewRetainer(fs.OS{})
	ret.Lock(root)
	cfg := config(dir, format.MaxVersion)
	cfg.FileSizeKiB, cfg.Retainer, cfg.Now = 1, ret, fixedClock
	w := wal.Open(cfg)
	if _, err := w.Append(createTxn(1, 1, 1200)); err != nil {
		t.Fatal(err)
	}
	if w.CurrentPath() != "" {
		t.Fatal("the first commit should rotate")
	}
	final := w.Files()[0]
	current := filepath.Join(dir, datadir.CurrentWALName(fixedClock()))
	if got, want := listDir(t, dir), []string{filepath.Base(current), filepath.Base(final)}; !slices.Equal(got, want) {
		t.Fatalf("while locked wal/ holds %v, want %v", got, want)
	}
	a, _ := os.ReadFile(current)
	b, _ := os.ReadFile(final)
	if string(a) != string(b) {
		t.Error("the finalized copy differs from the _current file")
	}
	if !slices.Equal(ret.Pending(), []string{current}) {
		t.Errorf("pending deletions %v", ret.Pending())
	}
	if _, err := w.Append(createTxn(2, 2, 10)); err != nil {
		t.Fatal(err)
	}
	next := w.CurrentPath()
	if next == current || datadir.ParseName(filepath.Base(next)).Naming != datadir.NamingCurrent {
		t.Fatalf("the second file is %s", next)
	}
	if ok, err := ret.Unlock(root); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if got, want := listDir(t, dir), []string{filepath.Base(final), filepath.Base(next)}; !slices.Equal(got, want) {
		t.Errorf("after the unlock wal/ holds %v, want %v", got, want)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if len(listDir(t, dir)) != 2 {
		t.Errorf("wal/ holds %v", listDir(t, dir))
	}
}

// TestEmptyFileDeleted: a file created for a transaction the version
// cannot represent holds no transaction; Close deletes it, directly even
// while the directory is locked, as ~WalFile does.
func TestEmptyFileDeleted(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "wal")
	ret := fs.NewRetainer(fs.OS{})
	ret.Lock(root)
	cfg := config(dir, 16) // no enums before v18
	cfg.Retainer = ret
	w := wal.Open(cfg)
	enum := format.Txn{Timestamp: 1, Commit: true}
	enum.Add(format.Frame{Marker: format.DeltaEnumCreate, Delta: format.EnumCreateDelta{Name: "E", Values: []string{"A"}}})
	_, err := w.Append(enum)
	if !errors.Is(err, encode.ErrUnrepresentable) {
		t.Fatalf("enum at v16: %v", err)
	}
	if w.CurrentPath() == "" || w.Err() != nil {
		t.Fatal("the file is created before the transaction is encoded, and the Writer stays usable")
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got := listDir(t, dir); len(got) != 0 || len(w.Files()) != 0 || len(ret.Pending()) != 0 {
		t.Errorf("after Close wal/ holds %v, files %v, pending %v", got, w.Files(), ret.Pending())
	}
}

// TestRefusals: what Append refuses without stopping the Writer.
func TestRefusals(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "wal")
	w := wal.Open(config(dir, format.MaxVersion))
	if d, err := w.Append(format.Txn{Timestamp: 1}); err != nil || d() != nil || w.CurrentPath() != "" {
		t.Fatalf("a transaction without deltas writes nothing and creates no file (%v)", err)
	}
	if _, err := w.Append(createTxn(5, 1, 1)); err != nil {
		t.Fatal(err)
	}
	size := w.CurrentSize()
	for _, ts := range []uint64{5, 4} {
		var order *wal.OrderError
		if _, err := w.Append(createTxn(ts, 2, 1)); !errors.As(err, &order) || order.Last != 5 {
			t.Errorf("timestamp %d after 5: %v", ts, err)
		}
	}
	if w.CurrentSize() != size || w.Err() != nil {
		t.Error("a refused transaction wrote bytes or stopped the Writer")
	}
	if _, err := w.Append(createTxn(6, 2, 1)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := w.Append(createTxn(7, 3, 1)); !errors.Is(err, wal.ErrClosed) {
		t.Errorf("append after Close: %v", err)
	}
	r, f := openWAL(t, w.Files()[0])
	defer f.Close()
	if got := readTxns(t, r); len(got) != 2 || got[0].Timestamp != 5 || got[1].Timestamp != 6 {
		t.Errorf("file holds %+v", got)
	}
}

// TestCloseWithoutCommits creates nothing.
func TestCloseWithoutCommits(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "wal")
	w := wal.Open(config(dir, format.MaxVersion))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) || len(w.Files()) != 0 {
		t.Errorf("Close without commits created %s (%v)", dir, err)
	}
}
