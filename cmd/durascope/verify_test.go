package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestVerifyCLIGolden runs `durascope verify` on the shipped example files
// (from the repository root, so paths are stable) and on damaged copies
// (from a temp dir), comparing stdout, stderr and the exit code with
// golden/testdata/cli. Inputs must be unchanged afterwards.
func TestVerifyCLIGolden(t *testing.T) {
	t.Chdir("../..")
	examples, err := filepath.Glob("golden/testdata/examples/*.bin")
	if err != nil || len(examples) != 5 {
		t.Fatalf("examples: %v %v", examples, err)
	}
	// A v37 WAL with one byte of a CRC-covered enum value flipped.
	tmp := t.TempDir()
	wal, err := os.ReadFile("golden/testdata/examples/wal_v37.bin")
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(wal, []byte("CURIOUS"))
	if i < 0 {
		t.Fatal("no enum value in wal_v37.bin")
	}
	wal[i] ^= 0x20
	snap, err := os.ReadFile("golden/testdata/examples/snapshot_v37.bin")
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"flipped.wal": wal, "clean.snapshot": snap} {
		if err := os.WriteFile(filepath.Join(tmp, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		name string
		args []string
		code int
		tmp  bool
	}{
		{"verify_help", []string{"verify", "--help"}, 0, false},
		{"verify_no_args", []string{"verify"}, 2, false},
		{"verify_directory", []string{"verify", "golden/testdata/examples/datadir"}, 0, false},
		{"verify_directory_json", []string{"verify", "--json", "golden/testdata/examples/datadir"}, 0, false},
		{"verify_missing_file", []string{"verify", "does/not/exist.bin"}, 2, false},
		{"verify_examples", append([]string{"verify"}, examples...), 0, false},
		{"verify_examples_json", append([]string{"verify", "--json"}, examples...), 0, false},
		{"verify_flipped", []string{"verify", "flipped.wal", "clean.snapshot"}, 1, true},
		{"verify_flipped_json", []string{"verify", "--json", "flipped.wal"}, 1, true},
		{"verify_fail_fast", []string{"verify", "--fail-fast", "flipped.wal", "clean.snapshot"}, 1, true},
	}
	before := digest(t, examples...)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.tmp {
				t.Chdir(tmp)
			}
			checkCLI(t, c.name, c.code, c.args...)
		})
	}
	if after := digest(t, examples...); after != before {
		t.Fatal("verify modified its input files")
	}
	if b, _ := os.ReadFile(filepath.Join(tmp, "flipped.wal")); !slices.Equal(b, wal) {
		t.Fatal("verify modified flipped.wal")
	}
}
