package fs

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// state materializes the disk after n records under model and returns
// file -> content.
func state(t *testing.T, log []Record, n int, root string, model LossModel) map[string]string {
	t.Helper()
	to := t.TempDir()
	if _, err := Replay(log, n).Materialize(root, to, model, rand.New(rand.NewPCG(1, 2))); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	filepath.WalkDir(to, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(to, p)
			out[rel] = string(b)
		}
		return nil
	})
	return out
}

func TestRecorderCrashStates(t *testing.T) {
	root := t.TempDir()
	r := &Recorder{FS: OS{}}
	dir := filepath.Join(root, "d")
	if err := r.MkdirAll(dir, 0o750); err != nil {
		t.Fatal(err)
	}
	f, err := r.Create(filepath.Join(dir, "a_tmp"), 0o640, true)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("hello "))
	f.Sync()
	f.Write([]byte("world"))
	f.WriteAt([]byte("H"), 0)
	afterWrites := len(r.Log())
	f.Close()
	r.SyncDir(dir)
	afterDirSync := len(r.Log())
	r.Rename(filepath.Join(dir, "a_tmp"), filepath.Join(dir, "a"))
	afterRename := len(r.Log())
	r.SyncDir(dir)
	log := r.Log()

	ops := []Op{}
	for _, rec := range log {
		ops = append(ops, rec.Op)
	}
	want := []Op{OpCreate, OpCreate, OpWrite, OpSync, OpWrite, OpWrite, OpSyncDir, OpRename, OpSyncDir}
	if !slices.Equal(ops, want) {
		t.Fatalf("log %v, want %v", ops, want)
	}

	cases := []struct {
		n     int
		model LossModel
		want  map[string]string
	}{
		// The file's entry was never synced: a power loss loses the file.
		{afterWrites, LoseUnsynced, map[string]string{}},
		{afterWrites, LoseDirEntries, map[string]string{}},
		{afterWrites, KeepAll, map[string]string{"d/a_tmp": "Hello world"}},
		{afterDirSync, LoseUnsynced, map[string]string{"d/a_tmp": "hello "}},
		{afterDirSync, LoseDirEntries, map[string]string{"d/a_tmp": "Hello world"}},
		// An unsynced rename keeps the old name.
		{afterRename, LoseUnsynced, map[string]string{"d/a_tmp": "hello "}},
		{afterRename, KeepAll, map[string]string{"d/a": "Hello world"}},
		{len(log), LoseUnsynced, map[string]string{"d/a": "hello "}},
		{len(log), LoseDirEntries, map[string]string{"d/a": "Hello world"}},
	}
	for _, c := range cases {
		got := state(t, log, c.n, root, c.model)
		if len(got) != len(c.want) {
			t.Errorf("after %d records, %v: %v, want %v", c.n, c.model, got, c.want)
			continue
		}
		for k, v := range c.want {
			if got[k] != v {
				t.Errorf("after %d records, %v: %s = %q, want %q", c.n, c.model, k, got[k], v)
			}
		}
	}
}

// KeepSomeSectors keeps synced bytes always, and each later sector whole
// or not at all.
func TestKeepSomeSectors(t *testing.T) {
	old := strings.Repeat("a", 3*SectorSize)
	f := &inode{synced: []byte(old), data: []byte(strings.Repeat("b", 5*SectorSize))}
	seen := map[string]bool{}
	for seed := range uint64(64) {
		out := someSectors(f, rand.New(rand.NewPCG(seed, 0)))
		if len(out) < len(old) || len(out)%SectorSize != 0 {
			t.Fatalf("seed %d: %d bytes", seed, len(out))
		}
		var pattern []byte
		for off := 0; off < len(out); off += SectorSize {
			s := out[off : off+SectorSize]
			switch {
			case strings.Count(string(s), "a") == SectorSize:
				pattern = append(pattern, 'a')
			case strings.Count(string(s), "b") == SectorSize:
				pattern = append(pattern, 'b')
			case strings.Count(string(s), "\x00") == SectorSize && off >= len(old):
				pattern = append(pattern, '0')
			default:
				t.Fatalf("seed %d: sector at %d is torn", seed, off)
			}
		}
		seen[string(pattern)] = true
	}
	if len(seen) < 8 {
		t.Errorf("only %d distinct sector patterns over 64 seeds: %v", len(seen), seen)
	}
}
