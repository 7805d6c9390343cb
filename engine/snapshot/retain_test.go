package snapshot

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/engine/fs"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
	"github.com/durascope/durascope/golden/chaindir"
)

// retentionDir is a data directory of chain files (golden/chaindir) and
// the new snapshot Create adds to it.
type retentionDir struct {
	t   *testing.T
	d   *chaindir.Dir
	cfg Config
}

func newRetentionDir(t *testing.T) *retentionDir {
	d := chaindir.New(t, format.MaxVersion)
	for _, sub := range []string{"snapshots", "wal"} {
		if err := os.MkdirAll(d.Path(sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return &retentionDir{t: t, d: d, cfg: Config{Dir: d.Path("snapshots"), WALDir: d.Path("wal"), UUID: golden.ChainUUID}}
}

// snapshot writes an older snapshot of the graph after n transactions
// (durable timestamp 2n), named with clock.
func (r *retentionDir) snapshot(clock, n int) string { return r.d.Path(r.d.Snapshot(clock, n)) }

func (r *retentionDir) otherSnapshot(clock, n int) string {
	return r.d.Path(r.d.With(format.MaxVersion, golden.ChainOtherUUID).Snapshot(clock, n))
}

func (r *retentionDir) put(rel string, b []byte) string { r.d.Put(rel, b); return r.d.Path(rel) }

// create adds the new snapshot (the graph after n transactions) with
// Create, named after every chain file.
func (r *retentionDir) create(n int) string {
	cfg := r.cfg
	cfg.Now = func() time.Time { return golden.ChainTime(1000) }
	path, err := Create(cfg, chainSource(r.t, format.MaxVersion, golden.ChainUUID, n))
	if err != nil {
		r.t.Fatal(err)
	}
	return path
}

func (r *retentionDir) retain() *Retention {
	r.t.Helper()
	out, err := Retain(r.cfg, r.create(20))
	if err != nil {
		r.t.Fatal(err)
	}
	return out
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

func sameList(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s:\n got %v\nwant %v", what, got, want)
	}
}

func chainBytes(t *testing.T, n int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := encode.EncodeSnapshot(&b, golden.ChainSnapshot(format.MaxVersion, golden.ChainUUID, n)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestRetainSnapshotCounts: with 0..5 older snapshots and the default
// retention of 3, the oldest by durable timestamp (not by name) go until 2
// remain; WAL clean-up runs exactly when 2 remain.
func TestRetainSnapshotCounts(t *testing.T) {
	for older := 0; older <= 5; older++ {
		r := newRetentionDir(t)
		var snaps []string
		for i := range older {
			// Names in the opposite order of the timestamps.
			snaps = append(snaps, r.snapshot(100-i, 2+i))
		}
		out := r.retain()
		wantDeleted := []string{}
		if older >= 3 {
			wantDeleted = snaps[:older-2]
		}
		sameList(t, "deleted", nonNil(out.Snapshots), wantDeleted)
		sameList(t, "kept", nonNil(out.Kept), nonNil(snaps[len(wantDeleted):]))
		for _, p := range snaps {
			if exists(p) == slices.Contains(wantDeleted, p) {
				t.Errorf("%d older: %s exists %v", older, filepath.Base(p), exists(p))
			}
		}
		if out.WALCleanup != (older >= 2) {
			t.Errorf("%d older: WAL clean-up %v", older, out.WALCleanup)
		}
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// TestRetainStrayFilesGoFirst: files of another uuid, unreadable files and
// files that are not snapshots rank 0 and are deleted first, in name order;
// directories are left alone.
func TestRetainStrayFilesGoFirst(t *testing.T) {
	r := newRetentionDir(t)
	good1, good2 := r.snapshot(1, 3), r.snapshot(2, 4)
	other := r.otherSnapshot(3, 9)
	notes := r.put("snapshots/notes.txt", []byte("not a snapshot"))
	torn := r.put("snapshots/"+chaindir.SnapshotName(4, 10)+TempSuffix, chainBytes(t, 5)[:40])
	if err := os.Mkdir(r.d.Path("snapshots/.old"), 0o755); err != nil {
		t.Fatal(err)
	}
	archived := r.put("snapshots/.old/"+chaindir.SnapshotName(0, 1), chainBytes(t, 1))
	out := r.retain()
	// Five older files, retention 3: the three ranked 0 go, by path.
	stray := []string{other, torn, notes}
	slices.Sort(stray)
	sameList(t, "deleted", out.Snapshots, stray)
	sameList(t, "kept", out.Kept, []string{good1, good2})
	for _, p := range stray {
		if exists(p) {
			t.Errorf("%s not deleted", p)
		}
	}
	if !exists(archived) || !out.WALCleanup || out.Oldest != golden.ChainTimestamp(3) {
		t.Errorf("archive kept %v, WAL clean-up %v for timestamp %d", exists(archived), out.WALCleanup, out.Oldest)
	}
}

// TestRetainStrayKeptRanksZero: a stray that survives the count stays in
// the list as the oldest (rank 0), so WAL clean-up keeps WALs for
// timestamp 0: nothing is deleted.
func TestRetainStrayKeptRanksZero(t *testing.T) {
	r := newRetentionDir(t)
	r.snapshot(1, 6)
	strayA := r.put("snapshots/a-stray", []byte("x"))
	strayB := r.put("snapshots/b-stray", []byte("y"))
	w1, w2 := r.d.Path(r.d.WAL(1, 0, 1, 3)), r.d.Path(r.d.WAL(2, 1, 4, 9))
	out := r.retain()
	sameList(t, "deleted", out.Snapshots, []string{strayA})
	if !out.WALCleanup || out.Oldest != 0 || len(out.WALs) != 0 || !exists(w1) || !exists(w2) || !exists(strayB) {
		t.Errorf("clean-up %v for %d deleted %v", out.WALCleanup, out.Oldest, out.WALs)
	}
}

// TestRetainWALCleanup keeps exactly the WAL that straddles the oldest kept
// snapshot and everything after it; another uuid's WALs go, unreadable ones
// stay.
func TestRetainWALCleanup(t *testing.T) {
	for _, c := range []struct {
		name        string
		oldest      int // transactions in the oldest kept snapshot: durable timestamp 2n
		wantDeleted []int
	}{
		{"straddled", 5, []int{0}},         // WAL 1 (from 8) starts before 10, WAL 2 (from 14) after
		{"starts at D", 4, []int{0}},       // WAL 1 starts exactly at 8: kept
		{"all before", 30, []int{0, 1, 2}}, // every WAL starts at or before 60: all but the last go
		{"none before", 0, nil},            // D = 0: no WAL starts at or before it
	} {
		t.Run(c.name, func(t *testing.T) {
			r := newRetentionDir(t)
			older := r.snapshot(1, c.oldest)
			r.snapshot(2, 31)
			wals := []string{
				r.d.Path(r.d.WAL(10, 0, 1, 3)),                 // 2..6
				r.d.Path(r.d.WAL(11, 1, 4, 6)),                 // 8..12
				r.d.Path(r.d.WAL(12, 2, 7, 9)),                 // 14..18
				r.d.Path(r.d.CurrentWAL(13, 3, 10, 11, false)), // 20..22, still written
			}
			otherUUID := r.d.Path("wal/" + chaindir.FinalizedWALName(14, 2, 6))
			r.d.With(format.MaxVersion, golden.ChainOtherUUID).PutWAL("wal/"+filepath.Base(otherUUID), golden.ChainWAL(format.MaxVersion, golden.ChainOtherUUID, 0, 1, 3), true)
			headerOnly := r.d.Path(r.d.CurrentWAL(15, 4, 12, 12, true)) // a torn only transaction
			garbage := r.put("wal/garbage", []byte("garbage"))
			if c.oldest == 0 {
				os.Remove(older)
				r.put("snapshots/"+filepath.Base(older), []byte("unreadable"))
			}
			out := r.retain()
			want := []string{otherUUID}
			for _, i := range c.wantDeleted {
				want = append(want, wals[i])
			}
			sameList(t, "deleted WALs", out.WALs, want)
			sameList(t, "unreadable WALs", out.Unreadable, sortedCopy(headerOnly, garbage))
			for _, p := range append(slices.Clone(wals), otherUUID, headerOnly, garbage) {
				if exists(p) == slices.Contains(want, p) {
					t.Errorf("%s exists %v", filepath.Base(p), exists(p))
				}
			}
		})
	}
}

func sortedCopy(s ...string) []string { slices.Sort(s); return s }

// TestRetainRetentionOne: every older snapshot goes and the WALs are kept
// for the new snapshot's own durable timestamp.
func TestRetainRetentionOne(t *testing.T) {
	r := newRetentionDir(t)
	r.cfg.Retention = 1
	a, b := r.snapshot(1, 2), r.snapshot(2, 3)
	w0, w1, w2 := r.d.Path(r.d.WAL(10, 0, 1, 15)), r.d.Path(r.d.WAL(11, 1, 16, 19)), r.d.Path(r.d.WAL(12, 2, 21, 25))
	out := r.retain() // durable timestamp 40: w1 (32..38) straddles it, w2 starts at 42
	sameList(t, "deleted", out.Snapshots, []string{a, b})
	if out.Oldest != golden.ChainTimestamp(20) {
		t.Errorf("WALs kept for %d", out.Oldest)
	}
	sameList(t, "deleted WALs", out.WALs, []string{w0})
	if exists(w0) || !exists(w1) || !exists(w2) {
		t.Error("wrong WALs deleted")
	}
}

// TestRetainNoWALDir: without wal/ there is no clean-up.
func TestRetainNoWALDir(t *testing.T) {
	r := newRetentionDir(t)
	r.snapshot(1, 2)
	r.snapshot(2, 3)
	if err := os.Remove(r.d.Path("wal")); err != nil {
		t.Fatal(err)
	}
	if out := r.retain(); out.WALCleanup {
		t.Error("WAL clean-up without a WAL directory")
	}
}

// TestRetainLocked: while the data directory is locked every deletion is
// only queued; Unlock carries them out.
func TestRetainLocked(t *testing.T) {
	r := newRetentionDir(t)
	ret := fs.NewRetainer(fs.OS{})
	r.cfg.Retainer = ret
	snaps := []string{r.snapshot(1, 2), r.snapshot(2, 3), r.snapshot(3, 4), r.snapshot(4, 5)}
	w0, w1 := r.d.Path(r.d.WAL(10, 0, 1, 3)), r.d.Path(r.d.WAL(11, 1, 4, 40))
	ret.Lock(r.d.Root)
	out := r.retain()
	deleted := append(slices.Clone(snaps[:2]), w0)
	sameList(t, "deferred", out.Deferred, deleted)
	for _, p := range deleted {
		if !exists(p) {
			t.Errorf("%s deleted while locked", filepath.Base(p))
		}
	}
	if ok, err := ret.Unlock(r.d.Root); !ok || err != nil {
		t.Fatal(ok, err)
	}
	for _, p := range deleted {
		if exists(p) {
			t.Errorf("%s still there after Unlock", filepath.Base(p))
		}
	}
	if !exists(w1) || !exists(snaps[2]) || !exists(snaps[3]) {
		t.Error("a kept file was deleted")
	}
}

// TestRetainSyncsDirectories: each directory files were deleted from is
// fsynced; a failed fsync is reported after the deletions are done.
func TestRetainSyncsDirectories(t *testing.T) {
	r := newRetentionDir(t)
	for i := range 4 {
		r.snapshot(i, i+2)
	}
	w0 := r.d.Path(r.d.WAL(10, 0, 1, 3))
	r.d.WAL(11, 1, 4, 40)
	newPath := r.create(20)
	faulty := &fs.Faulty{FS: fs.OS{}, Fail: fs.OpSyncDir, N: 2}
	cfg := r.cfg
	cfg.FS = faulty
	out, err := Retain(cfg, newPath)
	if !errors.Is(err, fs.ErrInjected) {
		t.Fatalf("%v, want the second directory fsync (wal/) to fail", err)
	}
	var fe *FileError
	if !errors.As(err, &fe) || fe.Op != "syncdir" || fe.Path != r.d.Path("wal") {
		t.Errorf("error %v", err)
	}
	if len(out.Snapshots) != 2 || len(out.WALs) != 1 || exists(w0) {
		t.Errorf("deletions not done: %+v", out)
	}
}

// TestRetainUUIDFromNewSnapshot: without Config.UUID the new snapshot's
// uuid decides which files are another storage's.
func TestRetainUUIDFromNewSnapshot(t *testing.T) {
	r := newRetentionDir(t)
	r.cfg.UUID = ""
	mine := r.snapshot(1, 2)
	other := r.otherSnapshot(2, 30)
	r.snapshot(3, 4)
	out := r.retain()
	sameList(t, "deleted", out.Snapshots, []string{other})
	if !exists(mine) {
		t.Error("own snapshot deleted")
	}
}

// TestRetainWALDeletionStopsAtFailure: WALs are deleted oldest first and
// the first failed deletion ends the clean-up, so what is left has no gap
// in its sequence numbers (recovery refuses one).
func TestRetainWALDeletionStopsAtFailure(t *testing.T) {
	r := newRetentionDir(t)
	r.cfg.Retention = 1
	w0 := r.d.Path(r.d.WAL(10, 0, 1, 3))
	w1 := r.d.Path(r.d.WAL(11, 1, 4, 10))
	w2 := r.d.Path(r.d.WAL(12, 2, 11, 15))
	w3 := r.d.Path(r.d.WAL(13, 3, 16, 40))
	newPath := r.create(20)
	cfg := r.cfg
	cfg.FS = &fs.Faulty{FS: fs.OS{}, Fail: fs.OpRemove, N: 2}
	out, err := Retain(cfg, newPath)
	if !errors.Is(err, fs.ErrInjected) {
		t.Fatalf("%v, want the second deletion to fail", err)
	}
	sameList(t, "deleted", out.WALs, []string{w0})
	if exists(w0) || !exists(w1) || !exists(w2) || !exists(w3) {
		t.Errorf("left: seq 0 %v, 1 %v, 2 %v, 3 %v; want 1, 2 and 3 (no gap)", exists(w0), exists(w1), exists(w2), exists(w3))
	}
}
