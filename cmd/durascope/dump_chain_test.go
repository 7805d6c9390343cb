package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/durascope/durascope/golden"
	"github.com/durascope/durascope/golden/chaindir"
)

// looseWALs writes three chain WALs under root/loose whose names do not
// sort as their sequence numbers: c.wal is 0 (transactions 1-2), a.wal 1
// (3-4), b.wal 2 (5-6, unfinalized), and d.wal a WAL of another storage.
func looseWALs(t *testing.T, root string) {
	d := chaindir.At(t, filepath.Join(root, "loose"), 37)
	d.Put("c.wal", d.EncodeWAL(0, 1, 2, true))
	d.Put("a.wal", d.EncodeWAL(1, 3, 4, true))
	d.Put("b.wal", d.EncodeWAL(2, 5, 6, false))
	o := d.With(37, golden.ChainOtherUUID)
	o.Put("d.wal", o.EncodeWAL(0, 1, 1, true))
}

// cutSnapshot writes the v14 example snapshot cut after 300 bytes, inside
// its vertex records, as root/cut.bin.
func cutSnapshot(t *testing.T, root string) {
	b, err := os.ReadFile("../../golden/testdata/examples/snapshot_v14.bin")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "cut.bin"), b[:300], 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestDumpChainCLI runs dump on several files and on data directories and
// compares with golden/testdata/cli; inputs stay unchanged.
func TestDumpChainCLI(t *testing.T) {
	root := t.TempDir()
	planDirs(t, root)
	looseWALs(t, root)
	cutSnapshot(t, root)
	t.Chdir(root)
	cases := []cliCase{
		{"dump_files_order", []string{"dump", "loose/a.wal", "loose/b.wal", "loose/c.wal"}, 0},
		{"dump_files_uuids", []string{"dump", "--type", "VERTEX_CREATE", "loose/d.wal", "loose/b.wal", "loose/c.wal"}, 0},
		{"dump_files_limit", []string{"dump", "-f", "jsonl", "--limit", "15", "loose/b.wal", "loose/c.wal"}, 0},
		{"dump_files_txn_none", []string{"dump", "--txn", "2", "loose/a.wal", "loose/c.wal"}, 0},
		{"dump_files_dir", []string{"dump", "loose/a.wal", "clean"}, 2},
		{"dump_files_section_wal", []string{"dump", "--section", "vertex", "loose/a.wal", "loose/c.wal"}, 2},
		{"dump_dir_jsonl_ts", []string{"dump", "-f", "jsonl", "--from-ts", "9", "--to-ts", "14", "--type", "EDGE_CREATE", "clean"}, 0},
		{"dump_dir_fallback_gid", []string{"dump", "--gid", "2", "fallback"}, 0},
		{"dump_dir_foreign_label", []string{"dump", "--label", "Node", "--txn", "0", "foreign"}, 1},
		{"dump_dir_tenants_text", []string{"dump", "--edge-type", "NEXT", "--limit", "2", "tenants"}, 0},
		{"dump_dir_empty_text", []string{"dump", "empty"}, 1},
		{"dump_cut_snapshot", []string{"dump", "cut.bin"}, 1},
		{"dump_cut_best_effort", []string{"dump", "--best-effort", "cut.bin"}, 1},
		{"dump_cut_best_effort_jsonl", []string{"dump", "-f", "jsonl", "--best-effort", "--section", "offsets,edge", "cut.bin"}, 1},
		{"dump_cut_cypher", []string{"dump", "-f", "cypher", "cut.bin"}, 1},
		{"dump_best_effort_cypher", []string{"dump", "-f", "cypher", "--best-effort", "cut.bin"}, 2},
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
		t.Fatal("dump modified its input files")
	}
}

// fileLines groups a jsonl dump of several files by its "file" key: the
// order of the files, and each file's lines without the key.
func fileLines(t *testing.T, lines []string) (order []string, byFile map[string][]string) {
	t.Helper()
	byFile = map[string][]string{}
	for _, l := range lines {
		o := decodeLine(t, l)
		file, _ := o["file"].(string)
		if o["record"] == "file" {
			order = append(order, file)
			continue
		}
		if len(order) == 0 || order[len(order)-1] != file {
			t.Fatalf("line %q follows the file record of %v", l, order)
		}
		byFile[file] = append(byFile[file], strings.Replace(l, `,"file":"`+file+`"`, "", 1))
	}
	return order, byFile
}

// TestDumpDataDirIsItsFiles: the jsonl dump of a data directory is the
// dump of each file recovery reads, in its order (the loaded snapshot,
// then the WAL files by sequence number), line for line.
func TestDumpDataDirIsItsFiles(t *testing.T) {
	root := t.TempDir()
	planDirs(t, root)
	for dir, want := range map[string][]string{
		"clean": {"snapshots/" + chaindir.SnapshotName(6, 10), "wal/" + chaindir.FinalizedWALName(1, 2, 6),
			"wal/" + chaindir.FinalizedWALName(3, 8, 14), "wal/" + chaindir.CurrentWALName(7)},
		// The newest snapshot fails to load: the older one is printed.
		"fallback": {"snapshots/" + chaindir.SnapshotName(4, 6), "wal/" + chaindir.FinalizedWALName(1, 2, 8),
			"wal/" + chaindir.FinalizedWALName(5, 10, 20)},
	} {
		code, _, lines, stderr := jsonlAny(t, filepath.Join(root, dir))
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", dir, code, stderr)
		}
		order, byFile := fileLines(t, lines)
		if !slices.Equal(order, want) {
			t.Errorf("%s: files %v, want %v", dir, order, want)
		}
		for _, f := range order {
			_, _, single, _ := jsonlAny(t, filepath.Join(root, dir, f))
			if !slices.Equal(byFile[f], single) {
				t.Errorf("%s: the lines of %s differ from its own dump", dir, f)
			}
		}
	}
}

// TestDumpFilesReplayOrder: WAL files named one by one print in sequence
// number order whatever the order given, and a timestamp range selects
// across them exactly the frames of the whole chain in that range.
func TestDumpFilesReplayOrder(t *testing.T) {
	root := t.TempDir()
	looseWALs(t, root)
	p := func(n string) string { return filepath.Join(root, "loose", n) }
	var first []string
	for _, perm := range [][]string{{"a.wal", "b.wal", "c.wal"}, {"b.wal", "c.wal", "a.wal"}, {"c.wal", "a.wal", "b.wal"}} {
		code, _, lines, stderr := jsonlAny(t, p(perm[0]), p(perm[1]), p(perm[2]))
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", perm, code, stderr)
		}
		order, _ := fileLines(t, lines)
		if want := []string{p("c.wal"), p("a.wal"), p("b.wal")}; !slices.Equal(order, want) {
			t.Errorf("%v: files in order %v, want %v", perm, order, want)
		}
		if first == nil {
			first = lines
		} else if !slices.Equal(lines, first) {
			t.Errorf("%v: the output depends on the order given", perm)
		}
	}
	// Chain transaction i commits at 2i: 3..5 hold timestamps 6..10.
	_, objs, lines, _ := jsonlAny(t, "--from-ts", "6", "--to-ts", "10", p("a.wal"), p("b.wal"), p("c.wal"))
	var want, got []string
	for _, l := range first {
		o := decodeLine(t, l)
		if ts, ok := num(o["timestamp"]); ok && ts >= 6 && ts <= 10 {
			want = append(want, l)
		}
	}
	for i, o := range objs {
		if o["record"] != "file" {
			got = append(got, lines[i])
		}
	}
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("--from-ts 6 --to-ts 10: %d frames, want the %d of the chain", len(got), len(want))
	}
	order, _ := fileLines(t, lines)
	if !slices.Equal(order, []string{p("a.wal"), p("b.wal")}) {
		t.Errorf("--from-ts 6 --to-ts 10 introduces the files %v, want those with frames in the range", order)
	}
}

// failingWriter accepts n bytes, then fails every write.
type failingWriter struct{ n int }

func (w *failingWriter) Write(b []byte) (int, error) {
	if len(b) > w.n {
		return 0, errors.New("disk full")
	}
	w.n -= len(b)
	return len(b), nil
}

// TestDumpFilesOutputFails: when the output fails, the dump of several
// files stops there, says so once and exits 2.
func TestDumpFilesOutputFails(t *testing.T) {
	root := t.TempDir()
	looseWALs(t, root)
	p := func(n string) string { return filepath.Join(root, "loose", n) }
	var stderr bytes.Buffer
	code := run([]string{"dump", p("a.wal"), p("b.wal"), p("c.wal")}, &failingWriter{n: 10}, &stderr)
	if code != exitUsage || strings.Count(stderr.String(), "durascope dump:") != 1 || !strings.Contains(stderr.String(), "writing the output: disk full") {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
}
