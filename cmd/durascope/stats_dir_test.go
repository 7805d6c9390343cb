package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/durascope/durascope/golden"
	"github.com/durascope/durascope/golden/chaindir"
	"github.com/durascope/durascope/inspect"
)

// statsDirJSON is the part of stats' directory summary the tests read.
type statsDirJSON struct {
	Findings  []inspect.Finding `json:"findings"`
	Databases []struct {
		Name   string              `json:"name"`
		Files  []string            `json:"files"`
		Totals inspect.StatsTotals `json:"totals"`
	} `json:"databases"`
}

// TestStatsDataDir: stats of a data directory reports every durability
// file in order, then per database totals that agree with the files on
// disk (bytes), with the chain (10 transactions) and with info's own count
// of deltas; a torn _current WAL counts its complete transactions and is a
// warning (exit 0), the chain findings are the directory's.
func TestStatsDataDir(t *testing.T) {
	d := chaindir.New(t, 37)
	rels := []string{d.Snapshot(6, 5), d.WAL(1, 0, 1, 3), d.WAL(3, 1, 4, 7), d.CurrentWAL(7, 2, 8, 11, true)}
	d.Put("wal/notes.txt", []byte("not a WAL"))
	tenant := chaindir.At(t, d.Path("databases/9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4"), 37).With(37, golden.ChainOtherUUID)
	tw := tenant.WAL(1, 0, 1, 4)
	code, stdout, stderr := runCLI("stats", "--json", d.Root)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	files, dirs := jsonItems(t, stdout)
	var want []string
	for _, r := range rels {
		want = append(want, d.Path(r))
	}
	want = append(want, tenant.Path(tw))
	if !slices.Equal(files, want) || len(dirs) != 1 {
		t.Fatalf("files %q, want %q; %d summaries", files, want, len(dirs))
	}
	var s statsDirJSON
	if err := json.Unmarshal(dirs[0], &s); err != nil {
		t.Fatal(err)
	}
	if len(s.Databases) != 2 {
		t.Fatalf("%d databases", len(s.Databases))
	}
	for i, db := range s.Databases {
		var bytes int64
		var deltas uint64
		for _, f := range db.Files {
			st, err := os.Stat(f)
			if err != nil {
				t.Fatal(err)
			}
			bytes += st.Size()
			if _, out, _ := runCLI("info", "--json", f); strings.Contains(f, "/wal/") {
				var r []inspect.FileInfo
				if err := json.Unmarshal([]byte(out), &r); err != nil {
					t.Fatal(err)
				}
				deltas += r[0].WAL.Deltas
			}
		}
		wantTotals := inspect.StatsTotals{Files: 4, Snapshots: 1, WALs: 3, Bytes: bytes, Transactions: 10, Deltas: deltas, Incomplete: 1}
		if i == 1 {
			wantTotals = inspect.StatsTotals{Files: 1, WALs: 1, Bytes: bytes, Transactions: 4, Deltas: deltas}
		}
		if db.Totals != wantTotals {
			t.Errorf("%s: totals %+v, want %+v", db.Name, db.Totals, wantTotals)
		}
	}
	if !hasCheck(s.Findings, "chain.not_durability", inspect.SeverityWarning) {
		t.Errorf("findings %+v", s.Findings)
	}
	if code, _, _ := runCLI("stats", "--strict", d.Root); code != 1 {
		t.Errorf("--strict: exit %d, want 1 (a torn tail and an unrelated file are warnings)", code)
	}
	if code, _, stderr := runCLI("stats", filepath.Join(d.Root, "nope")); code != 2 || stderr == "" {
		t.Errorf("missing path: exit %d, stderr %q", code, stderr)
	}
}
