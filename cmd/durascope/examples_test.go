package main

import (
	"os"
	"testing"
)

// TestCLIExamplesGolden runs stats and the dump filters on the example files
// that ship with the project (from the repository root, so paths print as in
// the README) and compares with golden/testdata/cli. Inputs must be unchanged.
func TestCLIExamplesGolden(t *testing.T) {
	t.Chdir("../..")
	const (
		ex      = "golden/testdata/examples/"
		wal14   = ex + "wal_v14.bin"
		wal37   = ex + "wal_v37.bin"
		torn    = ex + "wal_v36_torn.bin"
		snap14  = ex + "snapshot_v14.bin"
		snap37  = ex + "snapshot_v37.bin"
		missing = ex + "missing.bin"
	)
	cases := []cliCase{
		{"stats_help", []string{"stats", "--help"}, 0},
		{"stats_no_file", []string{"stats"}, 2},
		{"stats_bad_top", []string{"stats", "--top", "0", wal37}, 2},
		{"stats_missing_file", []string{"stats", missing}, 2},
		{"stats_wal_v37", []string{"stats", wal37}, 0},
		{"stats_wal_v14_top2", []string{"stats", "--top", "2", wal14}, 0},
		{"stats_snapshot_v14", []string{"stats", snap14}, 0},
		{"stats_snapshot_v37", []string{"stats", snap37}, 0},
		{"stats_torn", []string{"stats", torn}, 0},
		{"stats_strict_torn", []string{"stats", "--strict", torn}, 1},
		{"stats_json", []string{"stats", "--json", "--top", "2", wal37, snap37, torn}, 0},
		{"dump_txn_one", []string{"dump", "--txn", "1", wal37}, 0},
		{"dump_txn_range", []string{"dump", "--txn", "2-3", wal14}, 0},
		{"dump_txn_open_torn", []string{"dump", "--txn", "7-", torn}, 0},
		{"dump_txn_before_torn", []string{"dump", "--txn", "0-1", torn}, 0},
		{"dump_ts_jsonl", []string{"dump", "-f", "jsonl", "--from-ts", "6", "--to-ts", "10", wal37}, 0},
		{"dump_type", []string{"dump", "--type", "vertex_create,EDGE_CREATE", wal37}, 0},
		{"dump_limit", []string{"dump", "--limit", "4", wal37}, 0},
		{"dump_combined", []string{"dump", "--txn", "1-4", "--type", "VERTEX_SET_PROPERTY", "--limit", "3", wal14}, 0},
		{"dump_section", []string{"dump", "--section", "vertex,mapper", snap37}, 0},
		{"dump_section_jsonl", []string{"dump", "-f", "jsonl", "--section", "edges,metadata", snap14}, 0},
		{"dump_type_unknown", []string{"dump", "--type", "VERTEX_CREATE,NODE_CREATE", wal37}, 2},
		{"dump_txn_bad", []string{"dump", "--txn", "3-1", wal37}, 2},
		{"dump_ts_order", []string{"dump", "--from-ts", "9", "--to-ts", "8", wal37}, 2},
		{"dump_cypher_filter", []string{"dump", "-f", "cypher", "--txn", "1", "--limit", "2", wal37}, 2},
		{"dump_section_on_wal", []string{"dump", "--section", "vertex", wal37}, 2},
		{"dump_txn_on_snapshot", []string{"dump", "--txn", "1", snap37}, 2},
		{"dump_section_unknown", []string{"dump", "--section", "nodes", snap37}, 2},
	}
	inputs := []string{wal14, wal37, torn, snap14, snap37}
	before := digest(t, inputs...)
	checkCLICases(t, cases)
	if after := digest(t, inputs...); after != before {
		t.Fatal("the CLI modified its input files")
	}
	if _, err := os.Stat(missing); err == nil {
		t.Fatal(missing + " exists")
	}
}
