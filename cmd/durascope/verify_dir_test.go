package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
	"github.com/durascope/durascope/golden/chaindir"
	"github.com/durascope/durascope/inspect"
)

// TestVerifyDataDir builds data directories (transaction i commits at
// timestamp 2i; WAL(clock, seq, first, last)) and checks that verify runs the
// per-file checks on every durability file and the cross-file checks on the
// set, and what Memgraph would recover from it (the plan's findings), with
// the exit code each problem calls for: the same verdict plan gives.
func TestVerifyDataDir(t *testing.T) {
	cases := []struct {
		name   string
		build  func(d *chaindir.Dir) (want string, file string)
		code   int
		checks int // durability files verified one by one
	}{
		{"clean chain", func(d *chaindir.Dir) (string, string) {
			d.Snapshot(6, 5)
			d.WAL(1, 0, 1, 3)
			d.WAL(3, 1, 4, 7)
			d.CurrentWAL(7, 2, 8, 10, false)
			return "", ""
		}, 0, 4},
		{"missing middle WAL", func(d *chaindir.Dir) (string, string) {
			d.WAL(1, 0, 1, 3)
			d.WAL(5, 2, 8, 10)
			return "plan.fatal", ""
		}, 1, 2},
		{"edge to missing vertices", func(d *chaindir.Dir) (string, string) {
			// Every frame decodes and every CRC holds; recovery fails.
			m := golden.ChainWAL(37, golden.ChainUUID, 0, 1, 3)
			m.Frames = slices.DeleteFunc(m.Frames, func(fr format.Frame) bool {
				v, ok := fr.Delta.(format.VertexDelta)
				return ok && v.Gid == 1
			})
			m.Frames = slices.DeleteFunc(m.Frames, func(fr format.Frame) bool {
				d, ok := fr.Delta.(format.LabelDelta)
				p, okp := fr.Delta.(format.VertexPropertyDelta)
				return ok && d.Gid == 1 || okp && p.Gid == 1
			})
			d.PutWAL("wal/"+chaindir.FinalizedWALName(1, 2, 6), m, true)
			return "plan.fatal", ""
		}, 1, 1},
		{"vertex created twice", func(d *chaindir.Dir) (string, string) {
			m := golden.ChainWAL(37, golden.ChainUUID, 0, 1, 2)
			m.Frames = append(m.Frames, golden.ChainWAL(37, golden.ChainUUID, 0, 1, 1).Frames...)
			for i := len(m.Frames) - 5; i < len(m.Frames); i++ {
				m.Frames[i].Timestamp = golden.ChainTimestamp(3)
			}
			d.PutWAL("wal/"+chaindir.FinalizedWALName(1, 2, 6), m, true)
			return "plan.fatal", ""
		}, 1, 1},
		{"foreign uuid", func(d *chaindir.Dir) (string, string) {
			d.WAL(1, 0, 1, 3)
			d.With(37, golden.ChainOtherUUID).WAL(3, 1, 4, 6)
			return "chain.uuid", ""
		}, 1, 2},
		{"corrupt finalized WAL", func(d *chaindir.Dir) (string, string) {
			d.WAL(1, 0, 1, 3)
			rel := d.WAL(3, 1, 4, 7)
			b := d.Read(rel)
			b[len(b)-20] ^= 0xff // inside the last transaction, CRC-covered
			d.Put(rel, b)
			return "wal.", d.Path(rel) // a CRC or framing error, depending on the byte hit
		}, 1, 2},
		{"torn _current is only a warning", func(d *chaindir.Dir) (string, string) {
			d.WAL(1, 0, 1, 3)
			rel := d.CurrentWAL(3, 1, 4, 6, true)
			return "wal.torn_tail", d.Path(rel)
		}, 0, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := chaindir.New(t, 37)
			want, file := c.build(d)
			code, stdout, stderr := runCLI("verify", "--json", d.Root)
			if code != c.code {
				t.Fatalf("exit %d, want %d\n%s%s", code, c.code, stdout, stderr)
			}
			var doc verifyDoc
			if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
				t.Fatalf("json: %v\n%s", err, stdout)
			}
			if len(doc.Files) != c.checks {
				t.Errorf("%d files verified, want %d", len(doc.Files), c.checks)
			}
			found := false
			for _, f := range doc.Findings {
				if want != "" && strings.HasPrefix(f.Check, want) && (file == "" || f.File == file) {
					found = true
				}
				if want == "" && f.Severity == inspect.SeverityError {
					t.Errorf("clean directory has an error: %v", f)
				}
			}
			if want != "" && !found {
				t.Errorf("no %s finding (file %q) in %+v", want, file, doc.Findings)
			}
		})
	}
}

// TestVerifyDataDirFailFast stops at the first file with an error, before the
// cross-file checks.
func TestVerifyDataDirFailFast(t *testing.T) {
	d := chaindir.New(t, 37)
	first := d.WAL(1, 0, 1, 3)
	b := d.Read(first)
	b[len(b)-20] ^= 0xff
	d.Put(first, b)
	d.WAL(3, 1, 4, 6)
	code, stdout, _ := runCLI("verify", "--json", "--fail-fast", d.Root)
	var doc verifyDoc
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if code != 1 || len(doc.Files) != 1 || doc.Files[0].File != filepath.Join(d.Root, first) {
		t.Fatalf("exit %d, files %+v", code, doc.Files)
	}
	if _, err := os.Stat(d.Root); err != nil {
		t.Fatal(err)
	}
}

// TestVerifyDataDirWithoutDurabilityFiles: a directory holding no file to
// verify one by one still prints its cross-file findings in the table
// output, as --json lists them; holding nothing to recover, it is no clean
// backup (exit 1) unless --allow-empty says so.
func TestVerifyDataDirWithoutDurabilityFiles(t *testing.T) {
	d := chaindir.New(t, 37)
	d.Put("wal/"+chaindir.CurrentWALName(1), []byte("not a WAL"))
	code, stdout, stderr := runCLI("verify", d.Root)
	if code != 1 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{"chain.empty", "chain.not_durability", "1 error, 1 warning, 0 notes", "EMPTY memgraph"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	// One condition, one finding: the plan does not repeat the chain's.
	if strings.Contains(stdout, "plan.empty") {
		t.Errorf("empty reported twice:\n%s", stdout)
	}
	if code, stdout, _ := runCLI("verify", "--allow-empty", d.Root); code != 0 || !strings.Contains(stdout, "0 errors, 1 warning, 1 note") {
		t.Errorf("--allow-empty: exit %d\n%s", code, stdout)
	}
}
