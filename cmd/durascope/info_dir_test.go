package main

import (
	"os"
	"testing"
)

// TestInfoCutSnapshotCLI: info on a snapshot cut after its offsets table
// (the example v14 snapshot's first 300 bytes) shows the magic, version,
// releases and the offsets-table entries, those past the end marked, before
// the status; --json holds the same under "header". Exit 1: it is truncated.
func TestInfoCutSnapshotCLI(t *testing.T) {
	b, err := os.ReadFile("../../golden/testdata/examples/snapshot_v14.bin")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	if err := os.WriteFile("cut_v14.snap", b[:300], 0o644); err != nil {
		t.Fatal(err)
	}
	checkCLICases(t, []cliCase{
		{"info_cut_snapshot", []string{"info", "cut_v14.snap"}, 1},
		{"info_json_cut_snapshot", []string{"info", "--json", "cut_v14.snap"}, 1},
	})
}
