package fs

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func exists(path string) bool { _, err := os.Stat(path); return err == nil }

// TestRetainerDefersWhileLocked: Memgraph's FileRetainer semantics.
func TestRetainerDefersWhileLocked(t *testing.T) {
	root := t.TempDir()
	wal := filepath.Join(root, "wal")
	if err := os.Mkdir(wal, 0o755); err != nil {
		t.Fatal(err)
	}
	cur, fin, old := filepath.Join(wal, "1_current"), filepath.Join(wal, "1_from_2_to_4"), filepath.Join(wal, "0_from_1_to_1")
	write(t, cur, "cur")
	write(t, old, "old")
	r := NewRetainer(OS{})
	if !r.Lock(root) || r.Lock(root) {
		t.Fatal("Lock: first true, second false expected")
	}
	if !r.Locked(cur) || r.Locked(filepath.Join(filepath.Dir(root), "other")) {
		t.Fatal("Locked covers the directory and what is below it only")
	}
	if err := r.Remove(old); err != nil || !exists(old) {
		t.Fatalf("remove while locked: %v, file still there %v", err, exists(old))
	}
	if err := r.Rename(cur, fin); err != nil {
		t.Fatal(err)
	}
	if !exists(cur) || !exists(fin) {
		t.Fatal("a rename while locked is a copy: both names exist")
	}
	if b, _ := os.ReadFile(fin); string(b) != "cur" {
		t.Fatalf("copy holds %q", b)
	}
	if got := r.Pending(); !slices.Equal(got, []string{old, cur}) {
		t.Fatalf("pending %v", got)
	}
	// A second rename onto an existing name is refused, as Memgraph skips it.
	write(t, cur, "again")
	if err := r.Rename(cur, fin); err == nil {
		t.Fatal("copy over an existing file")
	}
	if ok, err := r.Unlock(root); !ok || err != nil {
		t.Fatalf("Unlock: %v %v", ok, err)
	}
	if exists(old) || exists(cur) || !exists(fin) {
		t.Fatal("deferred deletions not carried out at unlock")
	}
	if ok, _ := r.Unlock(root); ok {
		t.Fatal("second Unlock reports success")
	}
	// Unlocked: a plain rename and removal.
	write(t, cur, "x")
	if err := r.Rename(cur, filepath.Join(wal, "2_from_5_to_5")); err != nil || exists(cur) {
		t.Fatalf("rename unlocked: %v", err)
	}
}

// TestFaultyFailsTheNthOperation: once, or from then on.
func TestFaultyFailsTheNthOperation(t *testing.T) {
	dir := t.TempDir()
	for _, persistent := range []bool{false, true} {
		f := &Faulty{FS: OS{}, Fail: OpSync, N: 2, Persistent: persistent}
		file, err := f.Create(filepath.Join(dir, "f"), 0o644, true)
		if err != nil {
			t.Fatal(err)
		}
		var got []bool
		for range 4 {
			got = append(got, errors.Is(file.Sync(), ErrInjected))
		}
		file.Close()
		want := []bool{false, true, false, false}
		if persistent {
			want = []bool{false, true, true, true}
		}
		if !slices.Equal(got, want) {
			t.Errorf("persistent=%v: failures %v, want %v", persistent, got, want)
		}
	}
}

// TestCreateDurably creates missing directories and leaves existing ones.
func TestCreateDurably(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "a", "b", "c")
	f := &Faulty{FS: OS{}, Fail: OpSyncDir, N: 4}
	if err := CreateDurably(f, dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		t.Fatalf("not created: %v", err)
	}
	if f.count != 3 {
		t.Errorf("%d directory syncs, want 3 (one per created directory's parent)", f.count)
	}
	if err := CreateDurably(f, dir, 0o755); err != nil || f.count != 3 {
		t.Errorf("existing directory: %v, syncs %d", err, f.count)
	}
}

// TestRetainerUnlockStopsAtFailure: deferred deletions are carried out in
// order; the first that fails stays queued with everything after it.
func TestRetainerUnlockStopsAtFailure(t *testing.T) {
	root := t.TempDir()
	var paths []string
	for _, name := range []string{"0_from_1_to_3", "1_from_4_to_9", "2_from_10_to_12"} {
		p := filepath.Join(root, name)
		write(t, p, name)
		paths = append(paths, p)
	}
	r := NewRetainer(&Faulty{FS: OS{}, Fail: OpRemove, N: 2})
	r.Lock(root)
	for _, p := range paths {
		if err := r.Remove(p); err != nil {
			t.Fatal(err)
		}
	}
	if ok, err := r.Unlock(root); !ok || !errors.Is(err, ErrInjected) {
		t.Fatalf("Unlock: %v %v, want the second deletion's error", ok, err)
	}
	if exists(paths[0]) || !exists(paths[1]) || !exists(paths[2]) {
		t.Errorf("left: %v %v %v; want the second and third (no gap)", exists(paths[0]), exists(paths[1]), exists(paths[2]))
	}
	if got := r.Pending(); !slices.Equal(got, paths[1:]) {
		t.Errorf("pending %v, want %v", got, paths[1:])
	}
}
