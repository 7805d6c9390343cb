package datadir_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/golden"
	"github.com/durascope/durascope/golden/chaindir"
	"github.com/durascope/durascope/golden/largegen"
)

// progressCall is one call of a ProgressFunc.
type progressCall struct {
	path       string
	done, size int64
}

func recoverWatched(t *testing.T, root string) (*datadir.Recovery, []progressCall) {
	t.Helper()
	d, err := datadir.ScanDataDir(root)
	if err != nil {
		t.Fatal(err)
	}
	var calls []progressCall
	rec := datadir.RecoverWith(d.Tenants[0], datadir.RecoverOptions{Progress: func(path string, done, size int64) {
		calls = append(calls, progressCall{path, done, size})
	}})
	return rec, calls
}

// TestRecoverProgressFollowsReads: each file recovery reads is announced
// at 0 with its size, in the order it is read; a file it skips is not.
func TestRecoverProgressFollowsReads(t *testing.T) {
	d := chaindir.New(t, 37)
	snap := d.Snapshot(4, 3)
	d.WAL(1, 0, 1, 2) // covered by the snapshot: never read
	w1 := d.WAL(3, 1, 3, 5)
	rec, calls := recoverWatched(t, d.Root)
	if rec.Stop != nil {
		t.Fatalf("stops: %+v", rec.Stop)
	}
	var started []string
	for _, c := range calls {
		if c.done == 0 {
			started = append(started, c.path)
			st, err := os.Stat(c.path)
			if err != nil || st.Size() != c.size {
				t.Errorf("%s announced with size %d, the file has %v (%v)", c.path, c.size, st.Size(), err)
			}
		}
	}
	want := []string{d.Path(snap), d.Path(w1)}
	if len(started) != len(want) || started[0] != want[0] || started[1] != want[1] {
		t.Errorf("files announced %q, want %q", started, want)
	}
}

// TestRecoverProgressAdvances: in a file of several MiB, done grows,
// never past the size, and reaches the end of what was read.
func TestRecoverProgressAdvances(t *testing.T) {
	var b bytes.Buffer
	if _, err := largegen.WriteWAL(&b, 37, 5<<20, 1); err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	path := filepath.Join(root, "wal", chaindir.FinalizedWALName(1, 1, 2))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	rec, calls := recoverWatched(t, root)
	if rec.Graph == nil {
		t.Fatalf("nothing recovered: %+v", rec.Stop)
	}
	size := int64(b.Len())
	var last int64 = -1
	for _, c := range calls {
		if c.path != path || c.size != size || c.done < last || c.done > size {
			t.Fatalf("call %+v after done=%d (file %s, %d bytes)", c, last, path, size)
		}
		last = c.done
	}
	if len(calls) < 4 || last < size-(1<<20) {
		t.Errorf("%d calls, last at %d of %d: progress does not follow the read", len(calls), last, size)
	}
}

// TestRecoverProgressMapped: a snapshot recovered with a progress
// function is read as one recovered without (mapped where files are: the
// function must not hide the mapping from the scan, nor the scan the
// reads from the function); done never passes the size and reaches about
// the end.
func TestRecoverProgressMapped(t *testing.T) {
	var snap golden.MemFile
	st, err := largegen.WriteSnapshot(&snap, 37, 3<<20, &largegen.SnapshotParams{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	path := filepath.Join(root, "snapshots", chaindir.SnapshotName(1, 998)) // largegen's durable timestamp
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, snap.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := datadir.ScanDataDir(root)
	if err != nil {
		t.Fatal(err)
	}
	plain := datadir.Recover(d.Tenants[0])
	rec, calls := recoverWatched(t, root)
	for _, r := range []*datadir.Recovery{plain, rec} {
		if g := r.Graph; g == nil || int64(g.VertexCount()) != int64(st.Vertices) || int64(g.EdgeCount()) != int64(st.Edges) {
			t.Fatalf("recovered %+v, want %d vertices and %d edges", r.Stop, st.Vertices, st.Edges)
		}
	}
	size := int64(len(snap.Bytes()))
	var last int64 = -1
	for _, c := range calls {
		if c.path != path || c.size != size || c.done < last || c.done > size {
			t.Fatalf("call %+v after done=%d (file %s, %d bytes)", c, last, path, size)
		}
		last = c.done
	}
	if last < size-(1<<20) {
		t.Errorf("%d calls, last at %d of %d", len(calls), last, size)
	}
}
