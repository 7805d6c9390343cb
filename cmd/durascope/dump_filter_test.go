package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
)

// jsonlLine is the envelope of one `dump --format jsonl` line.
type jsonlLine struct {
	Record    string  `json:"record"`
	Txn       *int    `json:"txn"`
	Timestamp *uint64 `json:"timestamp"`
	Type      string  `json:"type"`
	raw       string
}

func dumpJSONL(t *testing.T, args ...string) []jsonlLine {
	t.Helper()
	code, stdout, stderr := runCLI(append([]string{"dump", "-f", "jsonl"}, args...)...)
	if code != 0 {
		t.Fatalf("dump %v: exit %d: %s", args, code, stderr)
	}
	var out []jsonlLine
	for _, l := range strings.Split(strings.TrimSuffix(stdout, "\n"), "\n") {
		if l == "" {
			continue
		}
		var j jsonlLine
		if err := json.Unmarshal([]byte(l), &j); err != nil {
			t.Fatalf("bad jsonl line %q: %v", l, err)
		}
		j.raw = l
		out = append(out, j)
	}
	return out
}

func raws(lines []jsonlLine) []string {
	out := []string{}
	for _, l := range lines {
		out = append(out, l.raw)
	}
	return out
}

// subset keeps the lines of the unfiltered dump that keep says pass: the
// filtered dump must print exactly those, in order.
func subset(lines []jsonlLine, keep func(jsonlLine) bool) []jsonlLine {
	var out []jsonlLine
	for _, l := range lines {
		if keep(l) {
			out = append(out, l)
		}
	}
	return out
}

// TestDumpFiltersCorpus checks every filter on every corpus file against the
// unfiltered dump: a filtered dump prints exactly the records of the full
// dump that the test itself selects, and --type counts match the frames the
// plain decoder reads.
func TestDumpFiltersCorpus(t *testing.T) {
	for _, c := range golden.CorpusCases(t) {
		t.Run(c.Name+"/wal", func(t *testing.T) {
			path := filepath.Join(c.Dir, "wal.bin")
			full := dumpJSONL(t, path)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			w, err := decode.OpenWAL(bytes.NewReader(data), int64(len(data)), path)
			if err != nil {
				t.Fatal(err)
			}
			var stamps []uint64
			creates, txns := 0, 0
			for fr, err := range w.Frames() {
				if err != nil {
					t.Fatal(err)
				}
				stamps = append(stamps, fr.Timestamp)
				if fr.Marker == format.DeltaVertexCreate {
					creates++
				}
				if w.ClosedTransaction() {
					txns++
				}
			}
			isFrame := func(l jsonlLine) bool { return l.Record == "frame" }

			got := dumpJSONL(t, "--type", "vertex_create", path)
			if len(got) != creates || !slices.Equal(raws(got), raws(subset(full, func(l jsonlLine) bool { return l.Type == "VERTEX_CREATE" }))) {
				t.Errorf("--type vertex_create: %d records, the decoder reads %d VERTEX_CREATE frames", len(got), creates)
			}

			lo, hi := stamps[len(stamps)/3], stamps[2*len(stamps)/3]
			got = dumpJSONL(t, "--from-ts", fmt.Sprint(lo), "--to-ts", fmt.Sprint(hi), path)
			for _, l := range got {
				if l.Timestamp == nil || *l.Timestamp < lo || *l.Timestamp > hi {
					t.Fatalf("--from-ts %d --to-ts %d printed %s", lo, hi, l.raw)
				}
			}
			want := subset(full, func(l jsonlLine) bool { return isFrame(l) && *l.Timestamp >= lo && *l.Timestamp <= hi })
			if len(want) == 0 || !slices.Equal(raws(got), raws(want)) {
				t.Errorf("--from-ts %d --to-ts %d: %d records, want the %d of the full dump", lo, hi, len(got), len(want))
			}

			a, b := 1, max(1, txns/2)
			got = dumpJSONL(t, "--txn", fmt.Sprintf("%d-%d", a, b), path)
			want = subset(full, func(l jsonlLine) bool { return isFrame(l) && *l.Txn >= a && *l.Txn <= b })
			if len(want) == 0 || !slices.Equal(raws(got), raws(want)) {
				t.Errorf("--txn %d-%d: %d records, want the %d of the full dump", a, b, len(got), len(want))
			}
			got = dumpJSONL(t, "--txn", fmt.Sprint(txns-1), path)
			want = subset(full, func(l jsonlLine) bool { return isFrame(l) && *l.Txn == txns-1 })
			if len(want) == 0 || !slices.Equal(raws(got), raws(want)) {
				t.Errorf("--txn %d (the last): %d records, want %d", txns-1, len(got), len(want))
			}

			got = dumpJSONL(t, "--limit", "5", path)
			if !slices.Equal(raws(got), raws(full[:5])) {
				t.Errorf("--limit 5 is not the first five records")
			}

			types := map[string]bool{"VERTEX_SET_PROPERTY": true, "EDGE_CREATE": true}
			got = dumpJSONL(t, "--txn", "0-", "--from-ts", fmt.Sprint(lo), "--type", "Vertex_Set_Property,edge_create", "--limit", "7", path)
			want = subset(full, func(l jsonlLine) bool { return isFrame(l) && *l.Timestamp >= lo && types[l.Type] })
			want = want[:min(7, len(want))]
			if !slices.Equal(raws(got), raws(want)) {
				t.Errorf("combined filters: %d records, want %d", len(got), len(want))
			}
		})
		t.Run(c.Name+"/snapshot", func(t *testing.T) {
			path := filepath.Join(c.Dir, "snapshot.bin")
			full := dumpJSONL(t, path)
			got := dumpJSONL(t, "--section", "vertices,MAPPER", path)
			want := subset(full, func(l jsonlLine) bool { return l.Record == "vertex" || l.Record == "mapper" })
			if !slices.Equal(raws(got), raws(want)) {
				t.Errorf("--section vertices,MAPPER: %d records, want the %d of the full dump", len(got), len(want))
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			s, err := decode.OpenSnapshot(bytes.NewReader(data), int64(len(data)), path)
			if err != nil {
				t.Fatal(err)
			}
			if n := len(got) - 1; uint64(n) != s.Metadata.VertexCount {
				t.Errorf("--section vertices printed %d vertices, metadata says %d", n, s.Metadata.VertexCount)
			}
		})
	}
}

// TestDumpFilterStopsEarly damages the last frame of a WAL: a filter whose
// records all lie before it stops reading there and exits 0, and one that
// must read on (a delta type, or --to-ts before format 16) meets the damage.
func TestDumpFilterStopsEarly(t *testing.T) {
	root := golden.CorpusDir(t)
	tmp := t.TempDir()
	for _, c := range []struct {
		file     string
		stopping [][]string
		reading  [][]string
	}{
		{"v36/test_all/wal.bin",
			[][]string{{"--txn", "0-2"}, {"--limit", "3"}, {"--to-ts", "TS2"}, {"--type", "VERTEX_CREATE", "--txn", "2"}},
			[][]string{{"--type", "VERTEX_CREATE"}, {"--from-ts", "TS2"}, {"--txn", "2-"}}},
		{"v14/test_all/wal.bin",
			[][]string{{"--txn", "2"}, {"--limit", "1"}},
			[][]string{{"--to-ts", "TS2"}, {"--type", "LABEL_INDEX_CREATE"}}},
	} {
		data, err := os.ReadFile(filepath.Join(root, c.file))
		if err != nil {
			t.Fatal(err)
		}
		w, err := decode.OpenWAL(bytes.NewReader(data), int64(len(data)), c.file)
		if err != nil {
			t.Fatal(err)
		}
		var last format.Frame
		var ts2 uint64
		for fr, err := range w.Frames() {
			if err != nil {
				t.Fatal(err)
			}
			if w.TransactionIndex() == 2 {
				ts2 = fr.Timestamp
			}
			last = fr
		}
		bad := bytes.Clone(data)
		bad[last.Offset+1+9] = 0xFF // the delta marker of the last frame
		path := filepath.Join(tmp, strings.ReplaceAll(c.file, "/", "_"))
		if err := os.WriteFile(path, bad, 0o644); err != nil {
			t.Fatal(err)
		}
		if code, _, _ := runCLI("dump", path); code != exitProblems {
			t.Fatalf("%s: damaged copy dumps with exit %d, want 1", c.file, code)
		}
		run := func(args []string) (int, string) {
			for i, a := range args {
				if a == "TS2" {
					args = slices.Clone(args)
					args[i] = fmt.Sprint(ts2)
				}
			}
			code, _, stderr := runCLI(append(append([]string{"dump"}, args...), path)...)
			return code, stderr
		}
		for _, args := range c.stopping {
			if code, stderr := run(args); code != exitOK {
				t.Errorf("%s %v: exit %d, want 0 (reading should stop before the damage): %s", c.file, args, code, stderr)
			}
		}
		for _, args := range c.reading {
			if code, stderr := run(args); code != exitProblems || !strings.Contains(stderr, "corrupt") {
				t.Errorf("%s %v: exit %d, want 1 with the damage reported: %s", c.file, args, code, stderr)
			}
		}
	}
}
