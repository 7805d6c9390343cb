package inspect

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
	"github.com/durascope/durascope/golden/chaindir"
)

func scan(t *testing.T, root string) *datadir.DataDir {
	t.Helper()
	d, err := datadir.ScanDataDir(root)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func names(fs []*datadir.DurableFile) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rel)
	}
	return out
}

// checks lists "check file" for every finding, file relative to root.
func checks(root string, fs []Finding) []string {
	var out []string
	for _, f := range fs {
		r, _ := filepath.Rel(root, f.File)
		out = append(out, f.Check+" "+filepath.ToSlash(r))
	}
	return out
}

func hasCheck(fs []Finding, check string, sev Severity) bool {
	return slices.ContainsFunc(fs, func(f Finding) bool { return f.Check == check && f.Severity == sev })
}

// TestScanHeaders reads what Memgraph's info read would: uuid, epoch,
// sequence numbers and timestamps, the summary of a finalized v37 file,
// a scan of an unfinalized one.
func TestScanHeaders(t *testing.T) {
	d := chaindir.New(t, 37)
	snap := d.Snapshot(4, 3)
	fin := d.WAL(1, 0, 1, 2)
	cur := d.CurrentWAL(5, 1, 3, 5, true)
	dd := scan(t, d.Root)
	if dd.Layout != datadir.LayoutDataDir || len(dd.Tenants) != 1 || dd.Tenants[0].Name != datadir.DefaultTenant {
		t.Fatalf("layout %s, tenants %v", dd.Layout, dd.Tenants)
	}
	tn := dd.Tenants[0]
	if got := names(tn.Snapshots); !slices.Equal(got, []string{snap}) {
		t.Errorf("snapshots %v", got)
	}
	if got := names(tn.WALs); !slices.Equal(got, []string{fin, cur}) {
		t.Errorf("wals %v", got)
	}
	s := tn.Snapshots[0]
	if s.Kind != datadir.KindSnapshot || s.Version != 37 || s.UUID != golden.ChainUUID || s.Epoch != golden.ChainEpoch ||
		s.DurableTimestamp != 6 || s.StartTimestamp != 7 || s.Vertices != 3 || s.Edges != 2 || !s.Usable() {
		t.Errorf("snapshot header %+v", s)
	}
	w := tn.WALs[0]
	// Transactions 1 and 2: 6 and 7 frames (start, create, label, property, [edge], end).
	if !w.Finalized || w.Scanned || w.SeqNum != 0 || w.FromTimestamp != 2 || w.ToTimestamp != 4 || w.Deltas != 11 {
		t.Errorf("finalized WAL %+v", w)
	}
	c := tn.WALs[1]
	if c.Finalized || !c.Scanned || c.SeqNum != 1 || c.FromTimestamp != 6 || c.ToTimestamp != 8 || c.Transactions != 2 ||
		c.TailClass != "torn_tail" || c.ZeroTail || !c.Usable() {
		t.Errorf("current WAL %+v", c)
	}
	if c.ValidEnd != int64(len(d.EncodeWAL(1, 3, 4, false))) {
		t.Errorf("valid end %d, want %d", c.ValidEnd, len(d.EncodeWAL(1, 3, 4, false)))
	}
	if fs := CheckDataDir(dd, DirOptions{}); len(fs) != 0 {
		t.Errorf("clean directory has findings: %v", fs)
	}
}

// TestScanLayouts: a multi-tenant data directory as Memgraph lays it out,
// and a directory holding the files directly.
func TestScanLayouts(t *testing.T) {
	d := chaindir.New(t, 36)
	d.Snapshot(1, 2)
	d.WAL(2, 0, 1, 3)
	tenant := d.With(36, golden.ChainOtherUUID)
	tenant.Root = d.Path("databases/9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4")
	tenant.WAL(1, 0, 1, 1)
	for _, dir := range []string{"auth", "streams", "databases/.durability", "snapshots/.old", "databases/memgraph"} {
		if err := os.MkdirAll(d.Path(dir), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// The backward-compatibility alias links back to the default database.
	if err := os.Symlink("../../snapshots", d.Path("databases/memgraph/snapshots")); err != nil {
		t.Fatal(err)
	}
	d.Put(".lock", nil)
	d.Put("copy_of_snapshot", d.Read(d.Snapshot(3, 2)))
	os.Remove(d.Path("snapshots/" + chaindir.SnapshotName(3, 4)))

	dd := scan(t, d.Root)
	var got []string
	for _, tn := range dd.Tenants {
		got = append(got, tn.Name+":"+strings.Join(append(names(tn.Snapshots), names(tn.WALs)...), ","))
	}
	want := []string{
		"memgraph:snapshots/" + chaindir.SnapshotName(1, 4) + ",wal/" + chaindir.FinalizedWALName(2, 2, 6),
		"9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4:databases/9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4/wal/" + chaindir.FinalizedWALName(1, 2, 2),
	}
	if !slices.Equal(got, want) {
		t.Errorf("tenants\n%v\nwant\n%v", got, want)
	}
	slices.Sort(dd.Other)
	wantOther := []string{".lock", "auth/", "copy_of_snapshot", "databases/.durability/", "databases/memgraph/ (links to the default database's directories)", "streams/"}
	if !slices.Equal(dd.Other, wantOther) {
		t.Errorf("other %q, want %q", dd.Other, wantOther)
	}
	if !slices.Equal(dd.Stray, []string{"copy_of_snapshot"}) {
		t.Errorf("stray %v", dd.Stray)
	}
	if sk := dd.Tenants[0].Skipped; len(sk) != 1 || sk[0].Rel != "snapshots/.old/" {
		t.Errorf("skipped %v", sk)
	}
	fs := CheckDataDir(dd, DirOptions{})
	if got, want := checks(d.Root, fs), []string{"chain.stray copy_of_snapshot", "chain.skipped snapshots/.old"}; !slices.Equal(got, want) {
		t.Errorf("findings %v, want %v", got, want)
	}

	// The same files copied into one folder.
	flat := t.TempDir()
	for _, f := range append(dd.Tenants[0].Snapshots, dd.Tenants[0].WALs...) {
		b, _ := os.ReadFile(f.Path)
		os.WriteFile(filepath.Join(flat, f.Name), b, 0o644)
	}
	os.WriteFile(filepath.Join(flat, "notes.txt"), []byte("hello"), 0o644)
	fd := scan(t, flat)
	ft := fd.Tenants[0]
	if fd.Layout != datadir.LayoutFiles || len(ft.Snapshots) != 1 || len(ft.WALs) != 1 || len(ft.Unknown) != 1 {
		t.Errorf("flat layout %s: %v %v %v", fd.Layout, names(ft.Snapshots), names(ft.WALs), names(ft.Unknown))
	}
	if got := checks(flat, CheckDataDir(fd, DirOptions{})); !slices.Equal(got, []string{"chain.not_durability notes.txt"}) {
		t.Errorf("flat findings %v", got)
	}
}

// TestCheckDataDir: the chain.* checks, each on a directory built to
// trigger it (expected values follow from how each was built).
func TestCheckDataDir(t *testing.T) {
	type build func(d *chaindir.Dir)
	cases := []struct {
		name  string
		build build
		want  []string // "check severity file"
	}{
		{"clean", func(d *chaindir.Dir) {
			d.Snapshot(3, 3)
			d.WAL(1, 0, 1, 2)
			d.WAL(2, 1, 3, 5)
		}, nil},
		{"gap", func(d *chaindir.Dir) {
			d.WAL(1, 0, 1, 2)
			d.WAL(3, 2, 5, 6)
		}, []string{"chain.gap error wal/" + chaindir.FinalizedWALName(3, 10, 12)}},
		{"prefix without snapshot", func(d *chaindir.Dir) {
			d.WAL(2, 1, 3, 4)
		}, []string{"chain.prefix error wal/" + chaindir.FinalizedWALName(2, 6, 8)}},
		{"prefix after snapshot", func(d *chaindir.Dir) {
			d.Snapshot(1, 2) // durable timestamp 4
			d.WAL(2, 1, 4, 5)
		}, []string{"chain.prefix error wal/" + chaindir.FinalizedWALName(2, 8, 10)}},
		{"prefix reaching back", func(d *chaindir.Dir) {
			d.Snapshot(1, 4) // durable timestamp 8; the WAL from 8 reaches it
			d.WAL(2, 1, 4, 5)
		}, nil},
		{"foreign uuid", func(d *chaindir.Dir) {
			d.Snapshot(5, 2)
			d.WAL(1, 0, 1, 3)
			o := d.With(d.V, golden.ChainOtherUUID)
			o.Snapshot(1, 1)
			o.WAL(2, 0, 1, 2)
		}, []string{"chain.uuid error snapshots/" + chaindir.SnapshotName(1, 2), "chain.uuid error wal/" + chaindir.FinalizedWALName(2, 2, 4)}},
		{"duplicate", func(d *chaindir.Dir) {
			fin := d.WAL(1, 0, 1, 3)
			d.Put("wal/"+chaindir.CurrentWALName(1), d.Read(fin))
		}, []string{"chain.duplicate info wal/" + chaindir.FinalizedWALName(1, 2, 6),
			"chain.name_mismatch info wal/" + chaindir.CurrentWALName(1)}},
		{"two current", func(d *chaindir.Dir) {
			d.CurrentWAL(1, 0, 1, 2, false)
			d.CurrentWAL(2, 1, 3, 4, false)
		}, []string{"chain.current warning wal"}},
		{"part leftover", func(d *chaindir.Dir) {
			d.Snapshot(2, 2)
			d.Put("snapshots/"+chaindir.SnapshotName(3, 6)+"_edge_part_0", []byte{0x21, 0x12, 1, 0, 0, 0, 0, 0, 0, 0})
		}, []string{"chain.part warning snapshots/" + chaindir.SnapshotName(3, 6) + "_edge_part_0"}},
		{"unreadable", func(d *chaindir.Dir) {
			b := d.EncodeWAL(0, 1, 1, true)
			b[4] = 38 // a version this reader (and the Memgraph that wrote the rest) cannot read
			d.Put("wal/"+chaindir.FinalizedWALName(1, 2, 2), b)
			d.Put("wal/"+chaindir.CurrentWALName(2), d.EncodeWAL(1, 2, 1, false)) // header only
			d.Put("wal/notes.txt", []byte("not a WAL"))
		}, []string{"chain.unreadable error wal/" + chaindir.FinalizedWALName(1, 2, 2),
			"chain.no_transactions info wal/" + chaindir.CurrentWALName(2), "chain.not_durability warning wal/notes.txt", "chain.empty error "}},
		{"misplaced and misnamed", func(d *chaindir.Dir) {
			d.Put("snapshots/"+chaindir.FinalizedWALName(1, 2, 2), d.EncodeWAL(0, 1, 1, true))
			d.Put("snapshots/backup.bin", d.Read(d.Snapshot(2, 1)))
			os.Remove(d.Path("snapshots/" + chaindir.SnapshotName(2, 2)))
			d.Put("snapshots/"+chaindir.SnapshotName(3, 99), d.Read(d.Snapshot(4, 2)))
			os.Remove(d.Path("snapshots/" + chaindir.SnapshotName(4, 4)))
		}, []string{"chain.misplaced error snapshots/" + chaindir.FinalizedWALName(1, 2, 2),
			"chain.name_mismatch warning snapshots/" + chaindir.SnapshotName(3, 99),
			"chain.name info snapshots/backup.bin",
			"chain.order warning snapshots/backup.bin"}},
		{"empty", func(d *chaindir.Dir) {
			os.MkdirAll(d.Path("snapshots"), 0o755)
			os.MkdirAll(d.Path("wal"), 0o755)
		}, []string{"chain.empty error "}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := chaindir.New(t, 37)
			c.build(d)
			fs := CheckDataDir(scan(t, d.Root), DirOptions{})
			var got []string
			for _, f := range fs {
				r, _ := filepath.Rel(d.Root, f.File)
				if r == "." {
					r = ""
				}
				got = append(got, f.Check+" "+f.Severity.String()+" "+filepath.ToSlash(r))
			}
			slices.Sort(got)
			slices.Sort(c.want)
			if !slices.Equal(got, c.want) {
				t.Errorf("findings\n%s\nwant\n%s\n(%v)", strings.Join(got, "\n"), strings.Join(c.want, "\n"), fs)
			}
		})
	}
}

// TestScanVanishedAndUnreadable: files that disappear or cannot be opened
// are reported, never fatal.
func TestScanVanishedAndUnreadable(t *testing.T) {
	d := chaindir.New(t, 37)
	d.WAL(1, 0, 1, 1)
	if err := os.Symlink("does-not-exist", d.Path("wal/"+chaindir.CurrentWALName(2))); err != nil {
		t.Fatal(err)
	}
	dd := scan(t, d.Root)
	tn := dd.Tenants[0]
	if len(tn.WALs) != 1 || len(tn.Skipped) != 1 || !strings.Contains(tn.Skipped[0].Reason, "vanished") {
		t.Errorf("wals %v skipped %v", names(tn.WALs), tn.Skipped)
	}
	if _, err := datadir.ScanDataDir(d.Path("wal/" + chaindir.FinalizedWALName(1, 2, 2))); err == nil {
		t.Error("a file is not a data directory")
	}
	if _, err := datadir.ScanDataDir(d.Path("nope")); err == nil {
		t.Error("a missing directory must be an error")
	}
	_ = format.MaxVersion
}
