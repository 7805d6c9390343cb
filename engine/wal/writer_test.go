package wal_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/engine/fs"
	"github.com/durascope/durascope/engine/wal"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/inspect"
)

const (
	testUUID  = "7d2a4c1e-0b7e-4f43-9d55-1b6f0a2c3e11"
	testEpoch = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d"
)

func config(dir string, v format.Version) wal.Config {
	return wal.Config{Dir: dir, Version: v, UUID: testUUID, Epoch: testEpoch, FS: fs.OS{}, Now: clock()}
}

// ignoreLayout compares frames without their offsets and sizes.
var ignoreLayout = cmpopts.IgnoreFields(format.Frame{}, "Offset", "Size")

// TestRoundTrip writes transactions across rotations in every version and
// reads the files back: names, headers, summaries, frames, CRCs (decode and
// inspect.VerifyFile), and Memgraph's recovery of the directory.
func TestRoundTrip(t *testing.T) {
	for v := format.MinVersion; v <= format.MaxVersion; v++ {
		t.Run(v.String(), func(t *testing.T) {
			root := t.TempDir()
			dir := filepath.Join(root, "wal")
			cfg := config(dir, v)
			cfg.FileSizeKiB = 1
			w := wal.Open(cfg)
			if _, err := os.Stat(dir); !os.IsNotExist(err) {
				t.Fatalf("Open created %s (%v); Memgraph creates the WAL lazily", dir, err)
			}
			var txns []format.Txn
			ts := uint64(2)
			for gid := range uint64(12) {
				if gid == 4 {
					txns = append(txns, indexTxn(ts, "Person"))
					ts += 2
				}
				if gid == 8 {
					// Two metadata deltas and data in one commit: before
					// MetadataTxnEnd three transactions sharing a timestamp.
					x := indexTxn(ts, "A")
					x.Metadata = append(x.Metadata, indexTxn(ts, "B").Metadata...)
					x.Add(createTxn(ts, 100, 1).Data...)
					txns = append(txns, x)
					ts += 2
				}
				txns = append(txns, createTxn(ts, gid, 100))
				ts += 2
			}
			var open []string // _current paths seen after each Append
			for _, txn := range txns {
				durable, err := w.Append(txn)
				if err != nil {
					t.Fatalf("append ts %d: %v", txn.Timestamp, err)
				}
				if err := durable(); err != nil {
					t.Fatal(err)
				}
				if p := w.CurrentPath(); p != "" {
					if n := datadir.ParseName(filepath.Base(p)); n.Naming != datadir.NamingCurrent {
						t.Fatalf("open file %s is not named <time>_current", p)
					}
					if _, err := os.Stat(p); err != nil {
						t.Fatal(err)
					}
					open = append(open, p)
				}
			}
			if last, ok := w.LastTimestamp(); !ok || last != txns[len(txns)-1].Timestamp {
				t.Errorf("LastTimestamp %d %v", last, ok)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			files := w.Files()
			if len(files) < 3 {
				t.Fatalf("%d files; the 1 KiB limit should rotate more often", len(files))
			}
			if got := w.NextSeqNum(); got != uint64(len(files)) {
				t.Errorf("NextSeqNum %d, want %d", got, len(files))
			}
			if got := listDir(t, dir); len(got) != len(files) {
				t.Errorf("wal/ holds %v, want the %d finalized files", got, len(files))
			}
			for _, p := range open {
				if _, err := os.Stat(p); !os.IsNotExist(err) {
					t.Errorf("%s still exists after finalization", p)
				}
			}

			var all []format.Txn
			hasSummary := format.FeaturesOf(v).Has(format.FeatWALSummary)
			for seq, p := range files {
				r, f := openWAL(t, p)
				got := readTxns(t, r)
				tot := r.Totals()
				f.Close()
				h := r.Header
				if h.UUID != testUUID || h.Epoch != testEpoch || h.SeqNum != uint64(seq) || h.Version != v {
					t.Errorf("%s: header %+v", p, h)
				}
				n := datadir.ParseName(filepath.Base(p))
				if n.Naming != datadir.NamingFinalized || *n.From != got[0].Timestamp || *n.To != got[len(got)-1].Timestamp {
					t.Errorf("%s: name does not say from %d to %d", p, got[0].Timestamp, got[len(got)-1].Timestamp)
				}
				if hasSummary {
					want := tot.Summary()
					if s := h.Summary; s == nil || s.FromTimestamp != want.FromTimestamp || s.ToTimestamp != want.ToTimestamp || s.NumDeltas != want.NumDeltas {
						t.Errorf("%s: summary %+v, want %+v", p, s, want)
					}
				}
				df, err := datadir.Open(p)
				if err != nil {
					t.Fatal(err)
				}
				rep := inspect.VerifyFile(df, inspect.VerifyOptions{})
				df.Close()
				if rep.Verdict != inspect.VerdictOK {
					t.Errorf("%s: verify %s: %+v", p, rep.Verdict, rep.Findings)
				}
				all = append(all, got...)
			}
			if len(all) != len(txns) {
				t.Errorf("%d commits read back, %d appended", len(all), len(txns))
			}
			if d := cmp.Diff(frames(v, txns), frames(v, all), ignoreLayout); d != "" {
				t.Errorf("frames read back differ (-appended +read):\n%s", d)
			}

			d, err := datadir.ScanDataDir(root)
			if err != nil {
				t.Fatal(err)
			}
			rec, err := d.Recover("")
			if err != nil {
				t.Fatal(err)
			}
			if rec.Stop != nil {
				t.Fatalf("recovery stops: %s %s", rec.Stop.Message, rec.Stop.Detail)
			}
			if len(rec.WALs) != len(files) {
				t.Fatalf("recovery reads %d WALs, want %d", len(rec.WALs), len(files))
			}
			for _, s := range rec.WALs {
				if s.Decision != datadir.DecisionReplay || !s.Finalized && hasSummary {
					t.Errorf("%s: %s finalized=%v %s", s.File, s.Decision, s.Finalized, s.Reason)
				}
			}
			if rec.NextWALSeqNum != w.NextSeqNum() || rec.Graph == nil || rec.Graph.VertexCount() != 13 {
				t.Errorf("recovered next seq %d, graph %v", rec.NextWALSeqNum, rec.Graph)
			}
		})
	}
}

// frames frames txns for v, as the file should hold them.
func frames(v format.Version, txns []format.Txn) []format.Frame {
	var out []format.Frame
	for _, t := range txns {
		out = format.AppendTxn(out, format.FeaturesOf(v), t)
	}
	return out
}

// TestRotationPoints: a file is finalized by the first commit that takes
// its size / 1024 to the limit, never earlier, so it exceeds the limit by at
// most that one transaction; the next commit opens sequence number + 1.
func TestRotationPoints(t *testing.T) {
	const limitKiB = 4
	dir := filepath.Join(t.TempDir(), "wal")
	cfg := config(dir, format.MaxVersion)
	cfg.FileSizeKiB, cfg.SeqNum = limitKiB, 7
	w := wal.Open(cfg)
	var rotations []int
	var sizes []int64 // finalized sizes
	for i := range 200 {
		before := w.CurrentSize()
		pad := 20 + (i*37)%700 // transactions of varying size
		if _, err := w.Append(createTxn(uint64(i+1), uint64(i), pad)); err != nil {
			t.Fatal(err)
		}
		if w.CurrentPath() != "" {
			if w.CurrentSize()/1024 >= limitKiB {
				t.Fatalf("commit %d: file at %d bytes is still open", i, w.CurrentSize())
			}
			continue
		}
		files := w.Files()
		st, err := os.Stat(files[len(files)-1])
		if err != nil {
			t.Fatal(err)
		}
		if st.Size()/1024 < limitKiB || before/1024 >= limitKiB {
			t.Fatalf("commit %d rotated a file of %d bytes that was %d bytes before it", i, st.Size(), before)
		}
		rotations = append(rotations, i)
		sizes = append(sizes, st.Size())
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if len(rotations) < 5 {
		t.Fatalf("only %d rotations", len(rotations))
	}
	files := w.Files()
	if len(files) != len(rotations)+1 {
		t.Fatalf("%d files for %d rotations", len(files), len(rotations))
	}
	next := 0
	for i, p := range files {
		r, f := openWAL(t, p)
		txns := readTxns(t, r)
		f.Close()
		if r.Header.SeqNum != uint64(7+i) {
			t.Errorf("%s: seq %d, want %d", p, r.Header.SeqNum, 7+i)
		}
		// The file holds exactly the commits since the previous rotation.
		last := 199
		if i < len(rotations) {
			last = rotations[i]
		}
		if txns[0].Timestamp != uint64(next+1) || txns[len(txns)-1].Timestamp != uint64(last+1) {
			t.Errorf("%s holds commits %d..%d, want %d..%d", p, txns[0].Timestamp, txns[len(txns)-1].Timestamp, next+1, last+1)
		}
		next = last + 1
	}
	t.Logf("rotations after commits %v, sizes %v", rotations, sizes)
}

// TestFsyncPolicy records every fsync: the header's at creation, every N-th
// commit (counted from the file's creation), finalization; the directory
// after the wal/ directory is created, after each file is created and
// after each rename.
func TestFsyncPolicy(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "wal")
	cfs := newCountingFS(fs.OS{})
	cfg := config(dir, format.MaxVersion)
	cfg.FS, cfg.FlushEveryNTx, cfg.FileSizeKiB = cfs, 3, 1
	w := wal.Open(cfg)

	var want []event
	var cur string
	var written int64
	unsynced := 0
	for i := range 14 {
		if _, err := w.Append(createTxn(uint64(i+1), uint64(i), 150)); err != nil {
			t.Fatal(err)
		}
		if cur == "" {
			cur = filepath.Base(w.CurrentPath())
			if i == 0 {
				want = append(want, event{Op: "fsyncdir", Name: filepath.Base(root)})
			}
			want = append(want, event{Op: "create", Name: cur}, event{Op: "fsync", Name: cur, Size: -1}, event{Op: "fsyncdir", Name: "wal"})
			unsynced = 0
		}
		unsynced++
		rotated := w.CurrentPath() == ""
		if rotated {
			files := w.Files()
			st, err := os.Stat(files[len(files)-1])
			if err != nil {
				t.Fatal(err)
			}
			written = st.Size()
		} else {
			written = w.CurrentSize()
		}
		if unsynced == 3 {
			want = append(want, event{Op: "fsync", Name: cur, Size: written})
			unsynced = 0
		}
		if rotated {
			files := w.Files()
			if unsynced > 0 {
				// The transactions are fsynced before the summary is written.
				want = append(want, event{Op: "fsync", Name: cur, Size: written})
			}
			want = append(want, event{Op: "fsync", Name: cur, Size: written},
				event{Op: "rename", Name: cur + ">" + filepath.Base(files[len(files)-1])}, event{Op: "fsyncdir", Name: "wal"})
			cur = ""
		}
	}
	if cur == "" {
		t.Fatal("the last commit rotated; the test wants an open file at Close")
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	files := w.Files()
	st, err := os.Stat(files[len(files)-1])
	if err != nil {
		t.Fatal(err)
	}
	if unsynced > 0 {
		want = append(want, event{Op: "fsync", Name: cur, Size: st.Size()})
	}
	want = append(want, event{Op: "fsync", Name: cur, Size: st.Size()},
		event{Op: "rename", Name: cur + ">" + filepath.Base(files[len(files)-1])}, event{Op: "fsyncdir", Name: "wal"})

	got := cfs.Events()
	// The header's size is the encoder's; take it from what happened.
	for i := range want {
		if want[i].Size == -1 && i < len(got) && got[i].Op == "fsync" {
			want[i].Size = got[i].Size
			if want[i].Size < 50 || want[i].Size > 200 {
				t.Errorf("header fsync at %d bytes", want[i].Size)
			}
		}
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("file-system events (-want +got):\n%s", d)
	}
	if len(files) < 3 {
		t.Errorf("%d files: the test means to cover several rotations", len(files))
	}
}

// TestFsyncEveryCommit: with FlushEveryNTx = 1 each commit's durable
// fsyncs, and nothing else syncs the file between commits.
func TestFsyncEveryCommit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "wal")
	cfs := newCountingFS(fs.OS{})
	cfg := config(dir, format.MaxVersion)
	cfg.FS, cfg.FlushEveryNTx = cfs, 1
	w := wal.Open(cfg)
	for i := range 5 {
		durable, err := w.Append(createTxn(uint64(i+1), uint64(i), 10))
		if err != nil {
			t.Fatal(err)
		}
		p := w.CurrentPath()
		if got := cfs.Syncs(p); got != 1+i {
			t.Fatalf("commit %d: %d fsyncs before durable, want %d", i, got, 1+i)
		}
		if err := durable(); err != nil {
			t.Fatal(err)
		}
		if got, end := cfs.Synced(p), w.CurrentSize(); got < end {
			t.Fatalf("commit %d: durable returned with %d of %d bytes fsynced", i, got, end)
		}
		if err := durable(); err != nil || cfs.Syncs(p) != 2+i {
			t.Fatalf("a second durable call fsynced again (%v)", err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestFlushEveryNTxDefault: with the default the commits are written but
// not fsynced until finalization.
func TestFlushEveryNTxDefault(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "wal")
	cfs := newCountingFS(fs.OS{})
	cfg := config(dir, format.MaxVersion)
	cfg.FS = cfs
	w := wal.Open(cfg)
	for i := range 50 {
		durable, err := w.Append(createTxn(uint64(i+1), uint64(i), 10))
		if err != nil {
			t.Fatal(err)
		}
		if err := durable(); err != nil {
			t.Fatal(err)
		}
	}
	p := w.CurrentPath()
	st, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if st.Size() != w.CurrentSize() {
		t.Errorf("file holds %d bytes, Writer wrote %d: commits not handed to the OS", st.Size(), w.CurrentSize())
	}
	if cfs.Syncs(p) != 1 {
		t.Errorf("%d fsyncs, want only the header's", cfs.Syncs(p))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if cfs.Syncs(p) != 3 {
		t.Errorf("%d fsyncs after Close, want the header's, the transactions' (before the summary) and finalization's", cfs.Syncs(p))
	}
}

// TestFailureStops: an fsync that fails once stops the Writer: the failing
// commit's durable errs, every later Append errs naming the first error,
// and the file keeps its _current name.
func TestFailureStops(t *testing.T) {
	for _, n := range []uint64{1, 2} {
		t.Run("flush-every-"+string(rune('0'+n)), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "wal")
			// fsync 1 is the header's; fsync 3 is the second commit's
			// durable (N = 1) or the fourth commit's (N = 2).
			faulty := &fs.Faulty{FS: fs.OS{}, Fail: fs.OpSync, N: 3}
			cfg := config(dir, format.MaxVersion)
			cfg.FS, cfg.FlushEveryNTx = faulty, n
			w := wal.Open(cfg)
			var failed error
			commit := 0
			for i := range 6 {
				durable, err := w.Append(createTxn(uint64(i+1), uint64(i), 10))
				if err == nil {
					err = durable()
				}
				if err != nil {
					failed, commit = err, i
					break
				}
			}
			wantCommit := map[uint64]int{1: 1, 2: 3}[n]
			if failed == nil || commit != wantCommit {
				t.Fatalf("failure at commit %d (%v), want commit %d", commit, failed, wantCommit)
			}
			var ioErr *wal.IOError
			if !errors.Is(failed, fs.ErrInjected) || !errors.As(failed, &ioErr) || ioErr.Op != "fsync" {
				t.Errorf("failing commit: %v", failed)
			}
			for i := range 2 {
				_, err := w.Append(createTxn(uint64(100+i), uint64(100+i), 10))
				if !errors.Is(err, wal.ErrStopped) || !errors.Is(err, fs.ErrInjected) || !strings.Contains(err.Error(), "stopped acknowledging") {
					t.Fatalf("append after the failure: %v", err)
				}
			}
			if !errors.Is(w.Err(), fs.ErrInjected) {
				t.Errorf("Err() = %v", w.Err())
			}
			if err := w.Close(); !errors.Is(err, wal.ErrStopped) {
				t.Errorf("Close: %v", err)
			}
			names := listDir(t, dir)
			if len(names) != 1 || datadir.ParseName(names[0]).Naming != datadir.NamingCurrent {
				t.Errorf("wal/ holds %v, want the one _current file, not renamed", names)
			}
		})
	}
}

// TestFailureKinds fails each I/O operation of a run in turn: two commits
// that rotate the first file, a third in a second file, Close. Each failure
// stops the Writer, and no file is renamed after it.
func TestFailureKinds(t *testing.T) {
	run := func(fsys fs.FS) (*wal.Writer, string, error) {
		dir := filepath.Join(t.TempDir(), "wal")
		cfg := config(dir, format.MaxVersion)
		cfg.FS, cfg.FileSizeKiB = fsys, 1
		w := wal.Open(cfg)
		for i := range 3 {
			if _, err := w.Append(createTxn(uint64(i+1), uint64(i), 600)); err != nil {
				return w, dir, err
			}
			if rotated := w.CurrentPath() == ""; rotated != (i == 1) {
				t.Fatalf("commit %d: rotated %v; the table below assumes the second commit rotates", i, rotated)
			}
		}
		return w, dir, w.Close()
	}
	if _, _, err := run(fs.OS{}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		fail      fs.Op
		n         int
		wantOp    string
		finalized int // finalized files left
	}{
		{fs.OpSyncDir, 1, "create directory", 0}, // the parent of the new wal/
		{fs.OpCreate, 1, "create", 0},
		{fs.OpWrite, 1, "write", 0},             // the header
		{fs.OpSync, 1, "fsync", 0},              // the header's fsync
		{fs.OpSyncDir, 2, "fsync directory", 0}, // after the file is created
		{fs.OpWrite, 2, "write", 0},             // the first commit
		{fs.OpWrite, 4, "write summary", 0},     // finalization's back-patch
		{fs.OpSync, 2, "fsync", 0},              // the transactions', before the summary
		{fs.OpSync, 3, "fsync", 0},              // finalization's fsync
		{fs.OpRename, 1, "rename", 0},           // rotation
		{fs.OpSyncDir, 3, "rename", 1},          // the directory after the rename
		{fs.OpCreate, 2, "create", 1},           // the second file
		{fs.OpSync, 4, "fsync", 1},              // its header's fsync
		{fs.OpWrite, 6, "write", 1},             // its first commit
		{fs.OpWrite, 7, "write summary", 1},     // Close's back-patch
		{fs.OpSync, 5, "fsync", 1},              // Close's, of the transactions
		{fs.OpSync, 6, "fsync", 1},              // Close's fsync
		{fs.OpRename, 2, "rename", 1},           // Close's rename
	} {
		t.Run(fmt.Sprintf("%s-%d", tc.fail, tc.n), func(t *testing.T) {
			w, dir, err := run(&fs.Faulty{FS: fs.OS{}, Fail: tc.fail, N: tc.n})
			var ioErr *wal.IOError
			if !errors.Is(err, fs.ErrInjected) || !errors.As(err, &ioErr) || ioErr.Op != tc.wantOp {
				t.Fatalf("error %v, want an injected error in %q", err, tc.wantOp)
			}
			if _, err := w.Append(createTxn(100, 100, 1)); !errors.Is(err, wal.ErrStopped) {
				t.Errorf("append after the failure: %v", err)
			}
			finalized := 0
			if _, err := os.Stat(dir); err == nil {
				for _, name := range listDir(t, dir) {
					if datadir.ParseName(name).Naming == datadir.NamingFinalized {
						finalized++
					}
				}
			}
			if finalized != tc.finalized {
				t.Errorf("%d finalized files, want %d", finalized, tc.finalized)
			}
		})
	}
}
