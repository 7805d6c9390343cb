package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
	"github.com/durascope/durascope/golden/chaindir"
	"github.com/durascope/durascope/inspect/convert"
)

// inTempDir copies the named repository files into a temp dir under short
// names and moves there, so printed paths are stable.
func inTempDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	return dir
}

func exampleFile(name string) string {
	return filepath.Join("..", "..", "golden", "testdata", "examples", name)
}

// TestConvertCLI runs convert on the example files and a torn WAL and
// compares stdout, stderr and exit codes with golden/testdata/cli.
func TestConvertCLI(t *testing.T) {
	abs := func(p string) string { a, _ := filepath.Abs(p); return a }
	files := map[string]string{"snap37.bin": abs(exampleFile("snapshot_v37.bin")), "wal37.bin": abs(exampleFile("wal_v37.bin")),
		"torn36.bin": abs(exampleFile("wal_v36_torn.bin"))}
	dir := inTempDir(t, files)
	if err := os.Symlink("wal37.bin", "link.bin"); err != nil {
		t.Fatal(err)
	}
	if err := os.Link("wal37.bin", "hard.bin"); err != nil {
		t.Fatal(err)
	}
	before := digest(t, "snap37.bin", "wal37.bin", "torn36.bin")
	cases := []struct {
		name string
		args []string
		code int
		out  string // file that must exist afterwards ("" none), "-" must not
	}{
		{"convert_help", []string{"convert", "--help"}, 0, ""},
		{"convert_no_args", []string{"convert"}, 2, ""},
		{"convert_no_version", []string{"convert", "wal37.bin", "out.bin"}, 2, "-out.bin"},
		{"convert_bad_version", []string{"convert", "--to-version", "13", "wal37.bin", "out.bin"}, 2, "-out.bin"},
		{"convert_refuse", []string{"convert", "--to-version", "17", "snap37.bin", "s17.bin"}, 1, "-s17.bin"},
		{"convert_refuse_json", []string{"convert", "--json", "--to-version", "17", "snap37.bin", "s17.bin"}, 1, "-s17.bin"},
		{"convert_drop", []string{"convert", "--to-version", "17", "--drop-unsupported", "snap37.bin", "s17.bin"}, 0, "s17.bin"},
		{"convert_drop_wal_json", []string{"convert", "--to-version", "14", "--drop-unsupported", "--json", "wal37.bin", "w14.bin"}, 0, "w14.bin"},
		{"convert_up", []string{"convert", "--to-version", "37", "w14.bin", "w14to37.bin"}, 0, "w14to37.bin"},
		{"convert_own", []string{"convert", "--to-version", "37", "wal37.bin", "same.bin"}, 0, "same.bin"},
		{"convert_batches", []string{"convert", "--to-version", "37", "--items-per-batch", "1", "snap37.bin", "b1.bin"}, 0, "b1.bin"},
		{"convert_batches_wal", []string{"convert", "--to-version", "36", "--items-per-batch", "1", "wal37.bin", "x.bin"}, 2, "-x.bin"},
		{"convert_same_file", []string{"convert", "--to-version", "30", "wal37.bin", "wal37.bin"}, 2, ""},
		{"convert_same_symlink", []string{"convert", "--to-version", "30", "wal37.bin", "link.bin"}, 2, ""},
		{"convert_same_hardlink", []string{"convert", "--to-version", "30", "hard.bin", "wal37.bin"}, 2, ""},
		{"convert_torn", []string{"convert", "--to-version", "20", "torn36.bin", "t20.bin"}, 0, "t20.bin"},
		{"convert_missing", []string{"convert", "--to-version", "20", "nope.bin", "t.bin"}, 2, "-t.bin"},
		{"compat_torn", []string{"compat", "torn36.bin"}, 0, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkCLI(t, c.name, c.code, c.args...)
			switch {
			case strings.HasPrefix(c.out, "-"):
				if _, err := os.Stat(c.out[1:]); err == nil {
					t.Errorf("%s was written", c.out[1:])
				}
			case c.out != "":
				if _, err := os.Stat(c.out); err != nil {
					t.Errorf("%s was not written: %v", c.out, err)
				}
			}
		})
	}
	if digest(t, "snap37.bin", "wal37.bin", "torn36.bin") != before {
		t.Error("convert modified its input")
	}
	if got, want := digest(t, "same.bin"), digest(t, "wal37.bin"); got != want {
		t.Error("conversion to the own version is not byte-identical")
	}
	if l, err := os.Readlink("link.bin"); err != nil || l != "wal37.bin" {
		t.Errorf("the symlink was replaced: %q %v", l, err)
	}
	// No temporary file stays behind, whatever happened.
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

// TestConvertRefusalKeepsOut: a refused conversion leaves an existing OUT
// as it was.
func TestConvertRefusalKeepsOut(t *testing.T) {
	abs, _ := filepath.Abs(exampleFile("snapshot_v37.bin"))
	inTempDir(t, map[string]string{"in.bin": abs})
	if err := os.WriteFile("out.bin", []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI("convert", "--to-version", "15", "in.bin", "out.bin"); code != 1 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if b, _ := os.ReadFile("out.bin"); string(b) != "keep me" {
		t.Errorf("OUT changed: %q", b)
	}
}

// TestConvertOwnVersionEveryCorpusFile converts every corpus snapshot and
// WAL to its own version through the command and expects the same bytes.
func TestConvertOwnVersionEveryCorpusFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.bin")
	n := 0
	for _, p := range golden.CorpusFiles(t) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		v := strconv.Itoa(int(data[4]))
		code, stdout, stderr := runCLI("convert", "--json", "--to-version", v, p, out)
		if code != 0 {
			t.Errorf("%s: exit %d: %s", p, code, stderr)
			continue
		}
		var rep convert.Report
		if err := json.Unmarshal([]byte(stdout), &rep); err != nil || !rep.Exact || !rep.Written {
			t.Errorf("%s: report %s (%v)", p, stdout, err)
		}
		got, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, data) {
			t.Errorf("%s: converted to its own version %s, the bytes differ", p, v)
			continue
		}
		n++
	}
	t.Logf("%d corpus files reproduced byte for byte by convert to their own version", n)
	if n != len(golden.CorpusFiles(t)) {
		t.Errorf("%d of %d byte-identical", n, len(golden.CorpusFiles(t)))
	}
}

// TestCompatCLI runs compat on corpus files and compares with goldens.
func TestCompatCLI(t *testing.T) {
	t.Chdir(golden.CorpusDir(t))
	cases := []cliCase{
		{"compat_help", []string{"compat", "--help"}, 0},
		{"compat_no_file", []string{"compat"}, 2},
		{"compat_v37_snapshot", []string{"compat", "v37/test_all/snapshot.bin"}, 0},
		{"compat_v19_wal_srid", []string{"compat", "v19/test_all/wal.bin", "v20/test_all/snapshot.bin"}, 0},
		{"compat_json_v17", []string{"compat", "--json", "v18/test_edges/snapshot.bin"}, 0},
		{"compat_release_no", []string{"compat", "--release", "3.1.1", "v19/test_all/wal.bin", "v21/test_all/wal.bin"}, 1},
		{"compat_release_yes", []string{"compat", "--release", "3.2.0", "v19/test_all/wal.bin", "v21/test_all/wal.bin"}, 0},
		{"compat_release_json", []string{"compat", "--json", "--release", "2.18.0", "v18/test_all/snapshot.bin", "v19/test_all/snapshot.bin"}, 1},
		{"compat_release_unknown", []string{"compat", "--release", "2.99.0", "v19/test_all/wal.bin"}, 2},
		{"compat_missing", []string{"compat", "does/not/exist.bin"}, 2},
	}
	checkCLICases(t, cases)
}

// TestREADMEConvertExamples runs the `$ durascope convert` lines of the
// README's text blocks, which write files and so are not run by
// TestREADMEExamples, in a scratch directory holding copies of the example
// files, and checks the output shown under each (convert prints to stderr).
func TestREADMEConvertExamples(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, n := range []string{"snapshot_v37.bin", "wal_v37.bin"} {
		abs, _ := filepath.Abs(exampleFile(n))
		files[n] = abs
	}
	dir := inTempDir(t, nil)
	ex := filepath.Join(dir, "golden", "testdata", "examples")
	if err := os.MkdirAll(ex, 0o755); err != nil {
		t.Fatal(err)
	}
	for n, src := range files {
		b, _ := os.ReadFile(src)
		os.WriteFile(filepath.Join(ex, n), b, 0o644)
	}
	ran := 0
	for _, block := range strings.Split(string(readme), "```text\n")[1:] {
		block = block[:strings.Index(block, "```")]
		var cmd string
		var shown []string
		check := func() {
			if cmd == "" {
				return
			}
			code, _, stderr := runCLI(strings.Fields(cmd)[1:]...)
			if code != 0 {
				t.Errorf("%s: exit %d: %s", cmd, code, stderr)
			}
			if got := strings.TrimRight(stderr, "\n"); got != strings.Join(shown, "\n") {
				t.Errorf("%s: README shows:\n%s\ndurascope prints:\n%s", cmd, strings.Join(shown, "\n"), got)
			}
			ran++
		}
		for _, line := range strings.Split(strings.TrimRight(block, "\n"), "\n") {
			if strings.HasPrefix(line, "$ ") {
				check()
				cmd, shown = strings.TrimPrefix(line, "$ "), nil
				if !strings.HasPrefix(cmd, "durascope convert ") {
					cmd = ""
				}
				continue
			}
			shown = append(shown, line)
		}
		check()
	}
	if ran < 2 {
		t.Fatalf("only %d README convert examples ran", ran)
	}
	if got, want := digest(t, "wal_copy.bin"), digest(t, filepath.Join(ex, "wal_v37.bin")); got != want {
		t.Error("the README's own-version copy is not byte-identical")
	}
}

// TestConvertNeverBlocksOrReplacesSpecialFiles: a FIFO as input is refused
// without waiting for a writer; a FIFO or a device as OUT is refused and
// left as it is (as root, renaming over /dev/null would replace it).
func TestConvertNeverBlocksOrReplacesSpecialFiles(t *testing.T) {
	in := exampleFile("wal_v37.bin")
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("mkfifo:", err)
	}
	for _, c := range []struct{ in, out string }{{fifo, filepath.Join(dir, "out")}, {in, fifo}, {in, "/dev/null"}} {
		done := make(chan int, 1)
		go func() {
			code, _, _ := runCLI("convert", "--to-version", "36", c.in, c.out)
			done <- code
		}()
		select {
		case code := <-done:
			if code != exitUsage {
				t.Errorf("convert %s %s: exit %d, want %d", c.in, c.out, code, exitUsage)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("convert %s %s blocks", c.in, c.out)
		}
	}
	if st, err := os.Lstat(fifo); err != nil || st.Mode().Type() != os.ModeNamedPipe {
		t.Errorf("the FIFO was replaced: %v %v", st.Mode(), err)
	}
	if st, err := os.Stat("/dev/null"); err != nil || st.Mode()&os.ModeDevice == 0 {
		t.Errorf("/dev/null is no longer a device: %v %v", st.Mode(), err)
	}
	if _, err := os.Stat(filepath.Join(dir, "out")); err == nil {
		t.Error("an output was written from a FIFO input")
	}
}

// TestConvertDamagedInput: an input verify finds errors in is refused
// (exit 1, nothing written, the findings listed); --salvage writes what it
// holds intact, lists what is left behind (exit 1), and the output
// verifies clean. Each input is made here: a v36 WAL with a transaction's
// CRC broken in the middle, a snapshot whose metadata miscounts its
// vertices, and one whose edge names a vertex that has no record.
func TestConvertDamagedInput(t *testing.T) {
	dir := t.TempDir()
	d := chaindir.At(t, dir, 36)
	walRel := d.WAL(1, 0, 1, 6)
	wal := d.Read(walRel)
	m, err := decode.DecodeWAL(bytes.NewReader(wal), int64(len(wal)), "w")
	if err != nil {
		t.Fatal(err)
	}
	for _, fr := range m.Frames {
		if fr.Timestamp == golden.ChainTimestamp(3) && fr.Marker == format.DeltaVertexSetProperty {
			wal[fr.Offset+fr.Size-2] ^= 0x40 // the value, under the transaction's CRC
			break
		}
	}
	os.WriteFile(filepath.Join(dir, "wal.bin"), wal, 0o644)

	miscount := golden.ExampleSnapshot(37)
	miscount.Metadata.VertexCount++
	dangling := golden.ExampleSnapshot(37)
	dangling.Vertices[0].OutEdges[0].Other = 99
	for name, m := range map[string]*format.Snapshot{"miscount.bin": miscount, "dangling.bin": dangling} {
		var b bytes.Buffer
		if err := encode.EncodeSnapshotWith(&b, m, &encode.SnapshotOptions{Layout: encode.LayoutFresh}); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, name), b.Bytes(), 0o644)
	}
	t.Chdir(dir)
	for _, c := range []struct {
		in, refused  string // a finding the refusal lists
		salvage      int    // exit code with --salvage
		transactions int    // a salvaged WAL's transactions
	}{
		{"wal.bin", "wal.txn_crc", 1, 2},
		{"miscount.bin", "snapshot.vertex_count", 1, 0},
		{"dangling.bin", "snapshot.edge_endpoint", 1, 0},
	} {
		out := c.in + ".v35"
		code, _, stderr := runCLI("convert", "--to-version", "35", c.in, out)
		if code != 1 || !strings.Contains(stderr, "is damaged; nothing written") || !strings.Contains(stderr, c.refused) {
			t.Errorf("%s: exit %d, want 1 listing %s:\n%s", c.in, code, c.refused, stderr)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%s: written although damaged", c.in)
		}
		code, stdout, stderr := runCLI("convert", "--salvage", "--json", "--to-version", "35", c.in, out)
		if code != c.salvage {
			t.Errorf("%s --salvage: exit %d, want %d:\n%s", c.in, code, c.salvage, stderr)
		}
		if c.in == "dangling.bin" {
			// Memgraph would not load it: nothing to salvage, nothing written.
			if _, err := os.Stat(out); err == nil || !strings.Contains(stderr, "nothing to salvage") {
				t.Errorf("dangling.bin salvaged: %s", stderr)
			}
			continue
		}
		var rep convert.Report
		if err := json.Unmarshal([]byte(stdout), &rep); err != nil || len(rep.LeftBehind) == 0 || !rep.Written {
			t.Errorf("%s --salvage: report %+v (%v)", c.in, rep, err)
		}
		if c.transactions > 0 && rep.Transactions != c.transactions {
			t.Errorf("%s --salvage: %d transactions carried over, want %d", c.in, rep.Transactions, c.transactions)
		}
		if code, stdout, _ := runCLI("verify", out); code != 0 || !strings.Contains(stdout, "0 errors") {
			t.Errorf("%s: the salvaged output does not verify:\n%s", c.in, stdout)
		}
	}
}

// TestCompatReleaseSuggestion: a release is written as users write it
// (3.11, v3.11.0), and a "no" names the conversion that makes the file
// readable; running that conversion does.
func TestCompatReleaseSuggestion(t *testing.T) {
	dir := inTempDir(t, map[string]string{"wal37.bin": exampleFile("wal_v37.bin")})
	_, a, _ := runCLI("compat", "--release", "3.11", "wal37.bin")
	_, b, _ := runCLI("compat", "--release", "v3.11.0", "wal37.bin")
	if a != b || !strings.HasPrefix(a, "no: Memgraph 3.11.0 cannot read") {
		t.Errorf("3.11 and v3.11.0 answer differently:\n%s\n%s", a, b)
	}
	code, stdout, _ := runCLI("compat", "--json", "--release", "2.18.1", "wal37.bin")
	var answers []struct {
		CanRead   bool   `json:"can_read"`
		ConvertTo uint64 `json:"convert_to"`
		Drops     []any  `json:"drops"`
	}
	if err := json.Unmarshal([]byte(stdout), &answers); err != nil || code != 1 || len(answers) != 1 || answers[0].CanRead {
		t.Fatalf("exit %d, %v: %s", code, err, stdout)
	}
	if answers[0].ConvertTo != 18 || len(answers[0].Drops) != 1 {
		t.Fatalf("suggests format %d dropping %d items, want 18 dropping the one point value", answers[0].ConvertTo, len(answers[0].Drops))
	}
	if code, _, stderr := runCLI("convert", "--to-version", "18", "--drop-unsupported", "wal37.bin", "wal18.bin"); code != 0 {
		t.Fatalf("the suggested conversion: exit %d: %s", code, stderr)
	}
	if code, stdout, _ := runCLI("compat", "--release", "2.18.1", filepath.Join(dir, "wal18.bin")); code != 0 || !strings.HasPrefix(stdout, "yes:") {
		t.Errorf("after the suggested conversion: exit %d: %s", code, stdout)
	}
}
