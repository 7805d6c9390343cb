package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
)

// jsonlAny runs dump --format jsonl and returns the exit code, each line
// decoded (numbers kept exact) beside its text, and stderr.
func jsonlAny(t *testing.T, args ...string) (int, []map[string]any, []string, string) {
	t.Helper()
	code, stdout, stderr := runCLI(append([]string{"dump", "-f", "jsonl"}, args...)...)
	var objs []map[string]any
	var lines []string
	for _, l := range strings.Split(strings.TrimSuffix(stdout, "\n"), "\n") {
		if l != "" {
			objs, lines = append(objs, decodeLine(t, l)), append(lines, l)
		}
	}
	return code, objs, lines, stderr
}

// decodeLine decodes one jsonl line, numbers kept exact.
func decodeLine(t *testing.T, l string) map[string]any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(l))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("bad jsonl line %q: %v", l, err)
	}
	return m
}

func num(v any) (uint64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	u, err := strconv.ParseUint(string(n), 10, 64)
	return u, err == nil
}

func strs(v any) []string {
	var out []string
	switch x := v.(type) {
	case string:
		out = []string{x}
	case []any:
		for _, s := range x {
			if s, ok := s.(string); ok {
				out = append(out, s)
			}
		}
	}
	// "" is an absent name (an edge type before format 33).
	return slices.DeleteFunc(out, func(s string) bool { return s == "" })
}

// lineFacts is what one jsonl line is about, read from its JSON alone (the
// test's own reading of spec/jsonl.md, apart from inspect's rule).
type lineFacts struct {
	gids              []uint64
	labels, edgeTypes []string
}

func factsOf(line map[string]any, version uint64, mapper map[uint64]string) lineFacts {
	var f lineFacts
	v, _ := line["value"].(map[string]any)
	switch line["record"] {
	case "vertex":
		g, _ := num(v["gid"])
		f.gids = append(f.gids, g)
		for _, id := range v["labels"].([]any) {
			n, _ := num(id)
			f.labels = append(f.labels, mapper[n])
		}
		for _, key := range []string{"in_edges", "out_edges"} {
			for _, e := range v[key].([]any) {
				e := e.(map[string]any)
				g, _ := num(e["edge"])
				ty, _ := num(e["type"])
				f.gids = append(f.gids, g)
				f.edgeTypes = append(f.edgeTypes, mapper[ty])
			}
		}
	case "edge":
		g, _ := num(v["gid"])
		f.gids = append(f.gids, g)
	case "frame":
		typ := line["type"].(string)
		for _, key := range []string{"gid", "from", "to"} {
			g, ok := num(v[key])
			if !ok || g == format.UnknownGid || typ == "EDGE_SET_PROPERTY" && (key == "from" && version < 21 || key == "to" && version < 33) {
				continue
			}
			f.gids = append(f.gids, g)
		}
		f.labels = append(append(append(f.labels, strs(v["label"])...), strs(v["labels"])...), strs(v["to_labels"])...)
		f.edgeTypes = append(f.edgeTypes, strs(v["edge_type"])...)
		switch typ {
		case "TEXT_INDEX_CREATE", "VECTOR_INDEX_CREATE":
			f.labels = append(append(f.labels, strs(v["target"])...), strs(v["targets"])...)
		case "TEXT_EDGE_INDEX_CREATE", "VECTOR_EDGE_INDEX_CREATE":
			f.edgeTypes = append(append(f.edgeTypes, strs(v["target"])...), strs(v["targets"])...)
		case "TEXT_INDEX_DROP":
			f.labels = append(f.labels, strs(v["target"])...)
			f.edgeTypes = append(f.edgeTypes, strs(v["target"])...)
		}
	}
	return f
}

// TestDumpGidLabelEdgeTypeCorpus checks --gid, --label and --edge-type on
// every corpus file against the unfiltered dump read by the test itself:
// the filtered dump prints exactly the lines of the full dump about that
// gid, label or edge type, and all filters together print the lines that
// meet each.
func TestDumpGidLabelEdgeTypeCorpus(t *testing.T) {
	for _, c := range golden.CorpusCases(t) {
		for _, kind := range []string{"snapshot", "wal"} {
			t.Run(c.Name+"/"+kind, func(t *testing.T) {
				path := filepath.Join(c.Dir, kind+".bin")
				_, full, lines, _ := jsonlAny(t, path)
				version, _ := num(full[0]["value"].(map[string]any)["version"])
				mapper := map[uint64]string{}
				for _, l := range full {
					if l["record"] == "mapper" {
						for _, e := range l["value"].([]any) {
							e := e.(map[string]any)
							id, _ := num(e["id"])
							if _, dup := mapper[id]; !dup {
								mapper[id] = e["name"].(string)
							}
						}
					}
				}
				facts := make([]lineFacts, len(full))
				var gids []uint64
				var labels, types []string
				for i, l := range full {
					facts[i] = factsOf(l, version, mapper)
					gids = append(gids, facts[i].gids...)
					labels = append(labels, facts[i].labels...)
					types = append(types, facts[i].edgeTypes...)
				}
				want := func(keep func(lineFacts) bool) []string {
					out := []string{}
					for i, f := range facts {
						if keep(f) {
							out = append(out, lines[i])
						}
					}
					return out
				}
				check := func(args []string, keep func(lineFacts) bool) {
					t.Helper()
					code, _, got, stderr := jsonlAny(t, append(args, path)...)
					w := want(keep)
					if code != 0 || len(w) == 0 && !strings.Contains(stderr, "nothing matches") {
						t.Errorf("%v: exit %d: %s", args, code, stderr)
					}
					if !slices.Equal(got, w) {
						t.Errorf("%v: %d lines, want the %d of the full dump about it", args, len(got), len(w))
					}
				}
				if len(gids) == 0 {
					return
				}
				slices.Sort(gids)
				g := gids[len(gids)/2]
				check([]string{"--gid", fmt.Sprint(g)}, func(f lineFacts) bool { return slices.Contains(f.gids, g) })
				check([]string{"--gid", fmt.Sprintf("%d,%d", gids[0], gids[len(gids)-1])},
					func(f lineFacts) bool {
						return slices.Contains(f.gids, gids[0]) || slices.Contains(f.gids, gids[len(gids)-1])
					})
				if len(labels) > 0 {
					l := labels[len(labels)/2]
					check([]string{"--label", l}, func(f lineFacts) bool { return slices.Contains(f.labels, l) })
					if len(types) > 0 {
						ty := types[0]
						check([]string{"--label", l, "--edge-type", ty, "--gid", fmt.Sprint(g)}, func(f lineFacts) bool {
							return slices.Contains(f.labels, l) && slices.Contains(f.edgeTypes, ty) && slices.Contains(f.gids, g)
						})
					}
				}
				if len(types) > 0 {
					ty := types[len(types)/2]
					check([]string{"--edge-type", ty}, func(f lineFacts) bool { return slices.Contains(f.edgeTypes, ty) })
				}
			})
		}
	}
}

// TestDumpNothingMatchesCorpus: --txn past the end of a corpus WAL prints
// nothing, exits 0, and says on stderr how many transactions the decoder
// reads in the file.
func TestDumpNothingMatchesCorpus(t *testing.T) {
	for _, c := range golden.CorpusCases(t) {
		path := filepath.Join(c.Dir, "wal.bin")
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		w, err := decode.OpenWAL(bytes.NewReader(data), int64(len(data)), path)
		if err != nil {
			t.Fatal(err)
		}
		txns := 0
		for _, err := range w.Frames() {
			if err != nil {
				t.Fatal(err)
			}
			if w.ClosedTransaction() {
				txns++
			}
		}
		code, stdout, stderr := runCLI("dump", "--txn", fmt.Sprint(txns), path)
		want := fmt.Sprintf("durascope dump: %s: nothing matches the filters; the file has %d complete transactions, 0..%d\n", path, txns, txns-1)
		if code != 0 || stdout != "" || stderr != want {
			t.Errorf("%s --txn %d: exit %d, stdout %q, stderr %q; want %q", c.Name, txns, code, stdout, stderr, want)
		}
		if _, _, stderr := runCLI("dump", "--txn", fmt.Sprint(txns-1), path); stderr != "" {
			t.Errorf("%s --txn %d (the last): stderr %q", c.Name, txns-1, stderr)
		}
	}
}
