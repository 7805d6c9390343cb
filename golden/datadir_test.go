package golden_test

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/durascope/durascope/golden"
	"github.com/durascope/durascope/golden/chaindir"
)

// TestExampleDataDir pins the example data directory the README's plan
// example runs on (go test ./golden -update rewrites it): chain files of
// format 37, a snapshot after transaction 3, a WAL the snapshot covers, one
// it covers in part, and a _current WAL whose last transaction is torn.
func TestExampleDataDir(t *testing.T) {
	d := chaindir.New(t, 37)
	want := []string{
		d.WAL(1, 0, 1, 2),
		d.WAL(3, 1, 3, 5),
		d.Snapshot(4, 3),
		d.CurrentWAL(5, 2, 6, 7, true),
	}
	sort.Strings(want)
	dir := filepath.Join(golden.TestdataDir(), "examples", "datadir")
	for _, rel := range want {
		golden.Check(t, "examples/datadir/"+rel, d.Read(rel))
	}
	var got []string
	filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err == nil && e.Type().IsRegular() && filepath.Ext(p) != ".got" {
			r, _ := filepath.Rel(dir, p)
			got = append(got, filepath.ToSlash(r))
		}
		return nil
	})
	sort.Strings(got)
	if len(got) != len(want) {
		t.Errorf("examples/datadir holds %v, want exactly %v (remove stale files)", got, want)
	}
}
