package datadir_test

import (
	"slices"
	"testing"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/golden"
	"github.com/durascope/durascope/golden/chaindir"
)

// TestScanFilesChainOrder: files named one by one keep the order given in
// the tenant, and WALChain orders them by sequence number, whatever their
// names and the order given.
func TestScanFilesChainOrder(t *testing.T) {
	d := chaindir.New(t, 37)
	d.Put("c.wal", d.EncodeWAL(0, 1, 2, true))
	d.Put("a.wal", d.EncodeWAL(1, 3, 4, true))
	d.Put("b.wal", d.EncodeWAL(2, 5, 6, false))
	snap := d.Snapshot(1, 2)
	d.Put("junk", []byte("not a durability file"))
	paths := []string{d.Path("a.wal"), d.Path("junk"), d.Path("b.wal"), d.Path(snap), d.Path("c.wal")}
	ts := datadir.ScanFiles(paths)
	var wals, chain []string
	for _, f := range ts.WALs {
		wals = append(wals, f.Rel)
	}
	if want := []string{paths[0], paths[2], paths[4]}; !slices.Equal(wals, want) {
		t.Errorf("WALs %v, want them as given: %v", wals, want)
	}
	if len(ts.Snapshots) != 1 || ts.Snapshots[0].Path != paths[3] || len(ts.Unknown) != 1 || ts.Unknown[0].Path != paths[1] {
		t.Errorf("snapshots %v, unknown %v", ts.Snapshots, ts.Unknown)
	}
	uuid, from := datadir.StorageUUID(ts)
	if uuid != golden.ChainUUID || from != ts.Snapshots[0] {
		t.Errorf("storage uuid %q from %v", uuid, from)
	}
	for _, f := range datadir.WALChain(ts, uuid) {
		chain = append(chain, f.Path)
	}
	if want := []string{paths[4], paths[0], paths[2]}; !slices.Equal(chain, want) {
		t.Errorf("chain %v, want by sequence number %v", chain, want)
	}
}
