package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/durascope/durascope/golden"
)

// runCLI runs durascope in-process and returns exit code, stdout, stderr.
func runCLI(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// cliCase is a command line whose stdout and stderr are the goldens
// cli/<name>.stdout and cli/<name>.stderr, and its expected exit code.
type cliCase struct {
	name string
	args []string
	code int
}

// checkCLI runs a command line and compares its exit code and output with
// the goldens named after name.
func checkCLI(t *testing.T, name string, code int, args ...string) {
	t.Helper()
	got, stdout, stderr := runCLI(args...)
	if got != code {
		t.Errorf("exit code %d, want %d; stderr:\n%s", got, code, stderr)
	}
	golden.Check(t, "cli/"+name+".stdout", []byte(stdout))
	golden.Check(t, "cli/"+name+".stderr", []byte(stderr))
}

// checkCLICases runs checkCLI on each case as a subtest.
func checkCLICases(t *testing.T, cases []cliCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkCLI(t, c.name, c.code, c.args...) })
	}
}

func digest(t *testing.T, paths ...string) string {
	h := sha256.New()
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		h.Write(b)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// TestCLIGolden runs commands on corpus files (paths relative to the corpus
// root, so the output is stable) and compares stdout, stderr and the exit
// code with golden/testdata/cli. Inputs must be unchanged afterwards.
func TestCLIGolden(t *testing.T) {
	root := golden.CorpusDir(t)
	t.Chdir(root)
	// A torn copy lives in a temp dir; torn cases run from there so the path
	// printed (and the table widths) stay the same on every run.
	tmp := t.TempDir()
	full, err := os.ReadFile("v36/test_all/wal.bin")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(tmp, "torn_v36.wal"), full[:5000], 0o644); err != nil {
		t.Fatal(err)
	}
	const torn = "torn_v36.wal"
	cases := []cliCase{
		{"help", []string{"--help"}, 0},
		{"help_cmd", []string{"help", "stats"}, 0},
		{"info_help", []string{"info", "--help"}, 0},
		{"dump_help", []string{"dump", "-h"}, 0},
		{"no_args", nil, 2},
		{"unknown_command", []string{"frobnicate"}, 2},
		{"info_no_file", []string{"info"}, 2},
		{"info_missing_file", []string{"info", "does/not/exist.bin"}, 2},
		{"dump_two_files", []string{"dump", "-f", "cypher", "v37/test_all/wal.bin", "v37/test_all/snapshot.bin"}, 2},
		{"dump_bad_format", []string{"dump", "--format", "xml", "v37/test_all/wal.bin"}, 2},
		{"info_v37_all", []string{"info", "--full", "v37/test_all/wal.bin", "v37/test_all/snapshot.bin"}, 0},
		{"info_json_v14_snapshot", []string{"info", "--full", "--json", "v14/test_all/snapshot.bin"}, 0},
		// Without --full a finalized WAL and a snapshot are read as far as
		// their headers and tables.
		{"info_v37_all_headers", []string{"info", "v37/test_all/wal.bin", "v37/test_all/snapshot.bin"}, 0},
		{"info_json_v14_snapshot_headers", []string{"info", "--json", "v14/test_all/snapshot.bin"}, 0},
		{"info_json_v37_wal_headers", []string{"info", "--json", "v37/test_all/wal.bin"}, 0},
		{"info_json_v36_wal", []string{"info", "--json", "v36/test_vertices/wal.bin"}, 0},
		{"dump_text_v16_wal", []string{"dump", "v16/test_all/wal.bin"}, 0},
		{"dump_text_v14_snapshot", []string{"dump", "--format", "text", "v14/test_vertices/snapshot.bin"}, 0},
		{"dump_text_v37_snapshot", []string{"dump", "v37/test_all/snapshot.bin"}, 0},
		{"dump_jsonl_v37_wal", []string{"dump", "-f", "jsonl", "v37/test_vertices/wal.bin"}, 0},
		{"dump_jsonl_v20_snapshot", []string{"dump", "-f", "jsonl", "v20/test_all/snapshot.bin"}, 0},
		{"dump_cypher_v24_snapshot", []string{"dump", "-f", "cypher", "v24/test_vertices/snapshot.bin"}, 0},
		// A torn tail is a warning in every command (spec/recovery.md §6).
		{"dump_cypher_torn", []string{"dump", "-f", "cypher", torn}, 0},
		{"dump_text_torn", []string{"dump", torn}, 0},
		{"info_torn", []string{"info", torn}, 0},
		{"info_strict_torn", []string{"info", "--strict", torn}, 1},
		{"info_json_torn", []string{"info", "--json", torn}, 0},
	}
	inputs, _ := filepath.Glob("v*/test_*/*.bin")
	before := digest(t, inputs...)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if slices.Contains(c.args, torn) {
				t.Chdir(tmp)
			}
			checkCLI(t, c.name, c.code, c.args...)
		})
	}
	if after := digest(t, inputs...); after != before {
		t.Fatal("the CLI modified its input files")
	}
}

// TestDumpCypherEveryCorpusFile checks that `durascope dump --format cypher`
// prints Memgraph's own dump for every corpus file (as sorted lines).
func TestDumpCypherEveryCorpusFile(t *testing.T) {
	n := 0
	for _, c := range golden.CorpusCases(t) {
		for _, kind := range []string{"snapshot", "wal"} {
			code, stdout, stderr := runCLI("dump", "--format", "cypher", filepath.Join(c.Dir, kind+".bin"))
			if code != 0 {
				t.Errorf("%s/%s: exit %d: %s", c.Name, kind, code, stderr)
				continue
			}
			want, err := os.ReadFile(filepath.Join(c.Dir, "expected_"+kind+".cypher"))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(golden.SortedLines(want), golden.SortedLines([]byte(stdout))) {
				t.Errorf("%s/%s: dump differs from Memgraph's", c.Name, kind)
				continue
			}
			n++
		}
	}
	t.Logf("durascope dump --format cypher matches Memgraph on %d corpus files", n)
}
