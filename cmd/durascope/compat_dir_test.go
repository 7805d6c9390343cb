package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/durascope/durascope/golden"
	"github.com/durascope/durascope/golden/chaindir"
	"github.com/durascope/durascope/inspect"
	"github.com/durascope/durascope/inspect/convert"
)

// compatDirs builds a data directory whose snapshot is format 25 (written
// by 3.3.0) and whose WAL files are format 31 (3.6.0 on), one of them torn.
func compatDirs(t *testing.T) *chaindir.Dir {
	d := chaindir.New(t, 25)
	d.Snapshot(6, 5)
	w := d.With(31, golden.ChainUUID)
	w.WAL(1, 0, 1, 3)
	w.CurrentWAL(3, 1, 4, 7, true)
	return d
}

// TestCompatDataDir: the directory is readable by the releases that read
// every file in it, the intersection of what the file reports say, which
// here is narrower than the snapshot's alone.
func TestCompatDataDir(t *testing.T) {
	d := compatDirs(t)
	code, stdout, stderr := runCLI("compat", "--json", d.Root)
	if code != 0 || !strings.Contains(stderr, "warning:") {
		t.Fatalf("exit %d, stderr %q (the torn tail is a warning)", code, stderr)
	}
	var items []json.RawMessage
	if err := json.Unmarshal([]byte(stdout), &items); err != nil || len(items) != 4 {
		t.Fatalf("%d items, %v", len(items), err)
	}
	var all []string
	for i, it := range items[:3] {
		var r convert.CompatReport
		if err := json.Unmarshal(it, &r); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			all = r.ReadableBy
			continue
		}
		all = slices.DeleteFunc(all, func(name string) bool { return !slices.Contains(r.ReadableBy, name) })
	}
	var s struct {
		Kind       string   `json:"kind"`
		Files      int      `json:"files"`
		ReadableBy []string `json:"readable_by"`
		Unknown    []string `json:"unknown"`
	}
	if err := json.Unmarshal(items[3], &s); err != nil {
		t.Fatal(err)
	}
	if s.Kind != "data_directory" || s.Files != 3 || len(s.Unknown) != 0 || !slices.Equal(s.ReadableBy, all) {
		t.Errorf("summary %+v, want readable by %v", s, all)
	}
	if len(all) == 0 || slices.Contains(all, "3.3.0") || !slices.Contains(all, "3.6.0") {
		t.Errorf("readable by %v: want 3.6.0 on, not 3.3.0", all)
	}
}

// TestCompatDataDirRelease: with --release the directory answer is yes only
// when the release reads every file; no keeps the per-file answers with
// their convert suggestion, and exits 1.
func TestCompatDataDirRelease(t *testing.T) {
	d := compatDirs(t)
	code, stdout, _ := runCLI("compat", "--release", "3.6", d.Root)
	if code != 0 || !strings.HasSuffix(stdout, "yes: Memgraph 3.6.2 reads every durability file of "+d.Root+" (3 files)\n") {
		t.Errorf("3.6 (3.6.2): exit %d\n%s", code, stdout)
	}
	code, stdout, _ = runCLI("compat", "--release", "v3.3.0", d.Root)
	for _, want := range []string{"yes: Memgraph 3.3.0 reads " + d.Path("snapshots/"),
		"no: Memgraph 3.3.0 cannot read " + d.Path("wal/"), "'durascope convert --to-version 25 ",
		"no: Memgraph 3.3.0 cannot read 2 of the 3 durability files of " + d.Root} {
		if !strings.Contains(stdout, want) {
			t.Errorf("3.3.0 output lacks %q:\n%s", want, stdout)
		}
	}
	if code != 1 {
		t.Errorf("3.3.0: exit %d, want 1", code)
	}
	code, stdout, _ = runCLI("compat", "--json", "--release", "3.3.0", d.Root)
	var items []map[string]any
	if err := json.Unmarshal([]byte(stdout), &items); err != nil || code != 1 || len(items) != 4 {
		t.Fatalf("exit %d, %v:\n%s", code, err, stdout)
	}
	if dir := items[3]; dir["kind"] != "data_directory" || dir["can_read"] != false || len(dir["cannot_read"].([]any)) != 2 {
		t.Errorf("directory answer %v", dir)
	}

	// A file durascope cannot analyse leaves the answer open, never yes.
	d.Put("snapshots/"+chaindir.SnapshotName(9, 20), d.Read("snapshots/" + chaindir.SnapshotName(6, 10))[:300])
	code, stdout, _ = runCLI("compat", "--release", "3.6.0", d.Root)
	if code != 1 || !strings.Contains(stdout, "unknown: Memgraph 3.6.0 reads every durability file of "+d.Root+" that durascope could read; 1 of 4 could not be read") {
		t.Errorf("with a cut snapshot: exit %d\n%s", code, stdout)
	}
}

// TestCompatDataDirFindings: the checks on the set are the directory's, as
// verify grades them: the wal/ folder of a data directory is an error.
func TestCompatDataDirFindings(t *testing.T) {
	d := compatDirs(t)
	code, stdout, _ := runCLI("compat", "--json", d.Path("wal"))
	var items []json.RawMessage
	if err := json.Unmarshal([]byte(stdout), &items); err != nil || code != 1 {
		t.Fatalf("exit %d, %v", code, err)
	}
	var s struct {
		Findings []inspect.Finding `json:"findings"`
	}
	json.Unmarshal(items[len(items)-1], &s)
	if !hasCheck(s.Findings, "path.not_datadir", inspect.SeverityError) {
		t.Errorf("findings %+v", s.Findings)
	}
}
