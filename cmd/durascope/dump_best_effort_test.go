package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/durascope/durascope/golden"
)

// TestDumpBestEffortCuts cuts corpus snapshots at many lengths: without
// --best-effort nothing is printed and the error names the flag; with it,
// every line printed is a line of the full dump marked partial, and the
// edge and vertex records printed are exactly those that lie whole before
// the cut (once the offsets table is whole). Exit 1 either way.
func TestDumpBestEffortCuts(t *testing.T) {
	root := golden.CorpusDir(t)
	tmp := t.TempDir()
	for _, name := range []string{"v14/test_all", "v21/test_all", "v37/test_all"} {
		path := filepath.Join(root, name, "snapshot.bin")
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		_, full, lines, _ := jsonlAny(t, path)
		inFull := map[string]bool{}
		var offsetsLine string
		var starts []uint64
		var tableEnd, indices uint64
		for i, o := range full {
			inFull[lines[i]] = true
			switch o["record"] {
			case "edge", "vertex":
				off, _ := num(o["offset"])
				starts = append(starts, off)
			case "offsets":
				offsetsLine = lines[i]
				entries := o["value"].([]any)
				tableEnd = 12 + 1 + 9*uint64(len(entries))
				for _, e := range entries {
					if e := e.(map[string]any); e["section"] == "indices" {
						indices, _ = num(e["offset"])
					}
				}
			}
		}
		// Records follow one another; the last vertex ends where the indices start.
		ends := append(slices.Clone(starts[1:]), indices)
		cut := filepath.Join(tmp, strings.ReplaceAll(name, "/", "_"))
		// check reads a dump of the cut file: every line is a line of the
		// full dump (partial only with best effort; a table cut short is
		// the start of the whole one); it returns the records printed.
		check := func(n int, best bool, args ...string) (records int, stderr string) {
			code, objs, got, stderr := jsonlAny(t, append(args, cut)...)
			if code != exitProblems {
				t.Errorf("%s cut at %d %v: exit %d: %s", name, n, args, code, stderr)
			}
			for i, l := range got {
				plain := strings.Replace(l, `"partial":true,`, "", 1)
				ok := inFull[plain] || objs[i]["record"] == "offsets" && strings.HasPrefix(offsetsLine, strings.TrimSuffix(plain, "]}"))
				if !ok || objs[i]["partial"] == true && !best {
					t.Fatalf("%s cut at %d %v: %s is not a line of the full dump", name, n, args, l)
				}
				if r := objs[i]["record"]; r == "edge" || r == "vertex" {
					records++
				}
			}
			if n >= 12 && best && (len(got) == 0 || objs[0]["record"] != "header") {
				t.Errorf("%s cut at %d: no header line", name, n)
			}
			return records, stderr
		}
		for n := 0; n < len(data); n += max(1, len(data)/60) {
			if err := os.WriteFile(cut, data[:n], 0o644); err != nil {
				t.Fatal(err)
			}
			want := 0
			for _, end := range ends {
				if uint64(n) >= tableEnd && end <= uint64(n) {
					want++
				}
			}
			if got, _ := check(n, true, "--best-effort"); got != want {
				t.Errorf("%s cut at %d: --best-effort prints %d edge and vertex records, want the %d before the cut", name, n, got, want)
			}
			// Without the flag, records that are there but not printed
			// come with the hint.
			if got, stderr := check(n, false); got < want && !strings.Contains(stderr, "--best-effort dumps its header") {
				t.Errorf("%s cut at %d: %d of %d records printed, and no hint: %s", name, n, got, want, stderr)
			}
		}
	}
}

// TestDumpBestEffortWholeFile: on a snapshot that opens, --best-effort
// changes nothing.
func TestDumpBestEffortWholeFile(t *testing.T) {
	path := "../../golden/testdata/examples/snapshot_v37.bin"
	code, plain, _ := runCLI("dump", path)
	code2, best, stderr := runCLI("dump", "--best-effort", path)
	if code != 0 || code2 != 0 || plain != best || stderr != "" {
		t.Errorf("--best-effort on a whole file: exit %d, stderr %q, output differs: %v", code2, stderr, plain != best)
	}
}
