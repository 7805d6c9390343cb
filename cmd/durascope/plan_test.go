package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
	"github.com/durascope/durascope/golden/chaindir"
	"github.com/durascope/durascope/internal/graphlimit"
)

// planDirs builds, under root, one data directory per case (chain files,
// golden/chain.go): after transaction i the graph has i vertices and i-1
// edges, transaction i commits at timestamp 2i.
func planDirs(t *testing.T, root string) {
	clean := func(name string) *chaindir.Dir {
		d := chaindir.At(t, filepath.Join(root, name), 37)
		d.Snapshot(6, 5)
		d.WAL(1, 0, 1, 3)
		d.WAL(3, 1, 4, 7)
		d.CurrentWAL(7, 2, 8, 10, false)
		return d
	}
	clean("clean")
	gap := clean("gap")
	os.Remove(gap.Path("wal/" + chaindir.FinalizedWALName(3, 8, 14)))
	if err := os.MkdirAll(filepath.Join(root, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	fb := chaindir.At(t, filepath.Join(root, "fallback"), 37)
	fb.Snapshot(4, 3)
	bad := fb.Snapshot(6, 5)
	b := fb.Read(bad)
	s, err := decode.OpenSnapshot(bytes.NewReader(b), int64(len(b)), bad)
	if err != nil {
		t.Fatal(err)
	}
	b[s.Offsets[format.OffsetVertices]] = 0 // loading fails at the first vertex
	fb.Put(bad, b)
	fb.WAL(1, 0, 1, 4)
	fb.WAL(5, 1, 5, 10)
	foreign := clean("foreign")
	foreign.With(37, golden.ChainOtherUUID).WAL(9, 3, 11, 12)
	tenants := clean("tenants")
	chaindir.At(t, tenants.Path("databases/9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4"), 37).With(37, golden.ChainOtherUUID).WAL(1, 0, 1, 4)
}

// TestPlanCLI runs plan (and dump on a directory) on the directories of
// planDirs and compares with golden/testdata/cli; inputs stay unchanged.
func TestPlanCLI(t *testing.T) {
	root := t.TempDir()
	planDirs(t, root)
	t.Chdir(root)
	cases := []cliCase{
		{"plan_help", []string{"plan", "--help"}, 0},
		{"plan_no_args", []string{"plan"}, 2},
		{"plan_missing_dir", []string{"plan", "nope"}, 2},
		{"plan_clean", []string{"plan", "clean"}, 0},
		{"plan_json_clean", []string{"plan", "--json", "clean"}, 0},
		{"plan_gap", []string{"plan", "gap"}, 1},
		{"plan_empty", []string{"plan", "empty"}, 1},
		{"plan_empty_allowed", []string{"plan", "--allow-empty", "empty"}, 0},
		{"plan_fallback", []string{"plan", "fallback"}, 0},
		{"plan_foreign", []string{"plan", "foreign"}, 1},
		{"plan_tenants", []string{"plan", "tenants"}, 0},
		{"plan_quiet_fallback", []string{"plan", "-q", "fallback"}, 0},
		{"plan_quiet_foreign", []string{"plan", "--quiet", "foreign"}, 1},
		{"plan_quiet_tenants", []string{"plan", "-q", "tenants"}, 0},
		{"plan_quiet_json", []string{"plan", "-q", "--json", "clean"}, 2},
		{"dump_dir_gap", []string{"dump", "-f", "cypher", "gap"}, 1},
		{"dump_dir_text", []string{"dump", "gap"}, 1},
		{"dump_dir_tenants", []string{"dump", "-f", "cypher", "tenants"}, 0},
	}
	var inputs []string
	filepath.WalkDir(".", func(p string, e os.DirEntry, err error) error {
		if err == nil && e.Type().IsRegular() {
			inputs = append(inputs, p)
		}
		return nil
	})
	before := digest(t, inputs...)
	checkCLICases(t, cases)
	if after := digest(t, inputs...); after != before {
		t.Fatal("plan or dump modified its input files")
	}
}

// TestPlanFirstLine: the first line of plan's output says how each
// database ends, EMPTY loudly.
func TestPlanFirstLine(t *testing.T) {
	root := t.TempDir()
	planDirs(t, root)
	t.Chdir(root)
	for dir, want := range map[string]string{
		"clean": "RECOVERS memgraph: 10 vertices, 9 edges up to commit timestamp 20",
		"empty": "EMPTY empty: Memgraph would start this database EMPTY (no snapshot or WAL file it can read)",
		"gap":   `FAILS memgraph: Memgraph would not start: "You are missing a WAL file with the sequence number 1!"`,
		// The WAL files carry the older snapshot past the failed one: nothing lost.
		"fallback": "RECOVERS memgraph: 10 vertices, 9 edges up to commit timestamp 20 (1 warning below)",
	} {
		_, stdout, _ := runCLI("plan", dir)
		if first, _, _ := strings.Cut(stdout, "\n"); first != want {
			t.Errorf("%s: first line %q, want %q", dir, first, want)
		}
	}
}

// TestDumpDataDir: dump of a data directory prints the graph the plan
// recovers: for the clean chain, the graph after all 10 transactions, as a
// snapshot of that graph dumps it.
func TestDumpDataDir(t *testing.T) {
	root := t.TempDir()
	planDirs(t, root)
	d := chaindir.New(t, 37)
	full := d.Snapshot(1, 10)
	code, want, stderr := runCLI("dump", "-f", "cypher", d.Path(full))
	if code != 0 {
		t.Fatalf("dump of the full snapshot: exit %d: %s", code, stderr)
	}
	code, got, stderr := runCLI("dump", "-f", "cypher", filepath.Join(root, "clean"))
	if code != 0 || stderr != "" {
		t.Errorf("dump clean: exit %d, stderr %q", code, stderr)
	}
	if got != want || !strings.Contains(got, "{__mg_id__: 9, `i`: 10}") {
		t.Errorf("dump of the data directory\n%s\nwant\n%s", got, want)
	}
	// The fallback directory recovers the same graph through an older
	// snapshot: a warning (exit 0), an error only with --strict.
	code, got, _ = runCLI("dump", "-f", "cypher", filepath.Join(root, "fallback"))
	if code != 0 || got != want {
		t.Errorf("dump fallback: exit %d (want 0), same graph: %v", code, got == want)
	}
	if code, _, _ = runCLI("dump", "-f", "cypher", "--strict", filepath.Join(root, "fallback")); code != 1 {
		t.Errorf("dump --strict fallback: exit %d, want 1", code)
	}
}

// TestPlanExitCodes: the exit code of plan for each recovery rule (the
// plans themselves are asserted in inspect/plan_test.go): 1 when Memgraph
// would stop or drop data the files hold whole, 0 when everything present
// is recovered (a torn last transaction was never whole: a warning).
func TestPlanExitCodes(t *testing.T) {
	cases := []struct {
		name  string
		build func(d *chaindir.Dir)
		code  int
	}{
		{"torn _current", func(d *chaindir.Dir) {
			d.Snapshot(6, 5)
			d.WAL(1, 0, 1, 7)
			d.CurrentWAL(7, 1, 8, 10, true)
		}, 0},
		{"missing prefix", func(d *chaindir.Dir) {
			d.Snapshot(6, 5)
			d.WAL(7, 2, 8, 10)
		}, 1},
		{"corrupt finalized WAL", func(d *chaindir.Dir) {
			d.Snapshot(6, 5)
			d.WAL(1, 0, 1, 7)
			rel := d.WAL(7, 1, 8, 10)
			b := d.Read(rel)
			b[len(b)-20] ^= 0xff // inside the last transaction
			d.Put(rel, b)
		}, 1},
		{"part leftover", func(d *chaindir.Dir) {
			d.WAL(1, 0, 1, 3)
			d.Put("snapshots/"+chaindir.SnapshotName(2, 6)+"_edge_part_0", []byte{1, 2, 3})
		}, 0},
		{"two _current", func(d *chaindir.Dir) {
			d.CurrentWAL(1, 0, 1, 3, false)
			d.CurrentWAL(2, 1, 4, 6, false)
		}, 0},
		{"duplicate", func(d *chaindir.Dir) {
			rel := d.WAL(1, 0, 1, 3)
			d.Put("wal/"+chaindir.CurrentWALName(1), d.Read(rel))
		}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := chaindir.New(t, 37)
			c.build(d)
			code, stdout, stderr := runCLI("plan", d.Root)
			if code != c.code {
				t.Errorf("exit %d, want %d\n%s%s", code, c.code, stdout, stderr)
			}
		})
	}
}

// TestPlanWrongPath: a folder that is only part of a data directory, or
// that holds no durability file, is no clean backup: exit 1 with a hint.
func TestPlanWrongPath(t *testing.T) {
	d := chaindir.New(t, 37)
	d.Snapshot(2, 3)
	d.WAL(1, 0, 1, 3)
	d.Put("databases/.durability/x", []byte("x"))
	unrelated := t.TempDir()
	os.WriteFile(filepath.Join(unrelated, "notes.txt"), []byte("hello"), 0o644)
	for _, c := range []struct{ path, hint string }{
		{d.Path("wal"), "looks like the wal/ folder of the data directory"},
		{d.Path("snapshots"), "looks like the snapshots/ folder of the data directory"},
		{d.Path("databases"), "looks like the databases/ folder of the data directory"},
		{unrelated, "nothing to recover"},
		{t.TempDir(), "nothing to recover"},
	} {
		for _, cmd := range []string{"plan", "verify"} {
			code, stdout, stderr := runCLI(cmd, c.path)
			if code != 1 || !strings.Contains(stdout, c.hint) {
				t.Errorf("%s %s: exit %d, want 1 and %q\n%s%s", cmd, c.path, code, c.hint, stdout, stderr)
			}
		}
	}
	if code, _, _ := runCLI("plan", d.Root); code != 0 {
		t.Errorf("plan of the data directory itself: exit %d", code)
	}
}

// TestPlanTooLargeCLI: a directory whose graph passes durascope's lowered
// slot limit exits 2 (spec/recovery.md §6) and says INCOMPLETE with the
// limit, in every form of plan's report and in dump's, never FAILS or
// RECOVERS.
func TestPlanTooLargeCLI(t *testing.T) {
	d := chaindir.New(t, 37)
	d.Snapshot(4, 3) // 3 vertices
	d.WAL(1, 0, 1, 2)
	d.WAL(3, 1, 3, 5) // 5 vertices
	graphlimit.Slots = 4
	defer func() { graphlimit.Slots = 0 }()
	verdict := "INCOMPLETE memgraph: the graph needs more than 4 vertices, the most durascope's in-memory graph holds (Memgraph may hold more), so durascope gives no verdict on what Memgraph would recover\n"
	for _, c := range []struct {
		args    []string
		first   string   // stdout's first line, when set
		want    []string // in stdout
		wantErr []string // in stderr
	}{
		{[]string{"plan", d.Root}, verdict, []string{"too_large: offset ", "recovered: not known (the graph is too large for durascope)\n",
			"too_large input.too_large: wal/", "0 errors, 0 warnings, 0 notes; 1 graph too large for durascope\n"}, nil},
		{[]string{"plan", "-q", d.Root}, verdict, nil, nil},
		{[]string{"plan", "--json", d.Root}, "{\n", []string{`"outcome": "incomplete"`, `"too_large": "the graph needs more than 4 vertices`,
			`"decision": "too_large"`, `"check": "input.too_large"`, `"severity": "too_large"`}, nil},
		{[]string{"verify", d.Root}, "", []string{"recovery of " + d.Root + ": " + verdict}, nil},
		{[]string{"dump", "-f", "cypher", d.Root}, "", nil, []string{"durascope dump: too_large input.too_large: " + d.Root + "/wal/",
			"durascope dump: " + d.Root + ": the graph is too large for durascope, so it cannot say what Memgraph would recover\n"}},
	} {
		code, stdout, stderr := runCLI(c.args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2; stderr:\n%s", c.args, code, stderr)
		}
		if got := strings.SplitAfter(stdout, "\n")[0]; c.first != "" && got != c.first {
			t.Errorf("%v: first line\n%s\nwant\n%s", c.args, got, c.first)
		}
		for _, w := range c.want {
			if !strings.Contains(stdout, w) {
				t.Errorf("%v: no %q in\n%s", c.args, w, stdout)
			}
		}
		for _, w := range c.wantErr {
			if !strings.Contains(stderr, w) {
				t.Errorf("%v: no %q in stderr\n%s", c.args, w, stderr)
			}
		}
		for _, never := range []string{"FAILS", "RECOVERS", "LOSES DATA", "Memgraph would not start", "Memgraph stops", "unreadable"} {
			if strings.Contains(stdout+stderr, never) {
				t.Errorf("%v: %q in\n%s%s", c.args, never, stdout, stderr)
			}
		}
	}
}
