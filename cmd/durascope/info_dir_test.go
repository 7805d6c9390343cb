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

// jsonItems splits a --json array into file reports (by path) and data
// directory summaries, keeping the order of each.
func jsonItems(t *testing.T, stdout string) (files []string, dirs []json.RawMessage) {
	t.Helper()
	var items []json.RawMessage
	if err := json.Unmarshal([]byte(stdout), &items); err != nil {
		t.Fatalf("not a JSON array: %v\n%s", err, stdout)
	}
	for _, it := range items {
		var head struct{ Kind, Path string }
		if err := json.Unmarshal(it, &head); err != nil {
			t.Fatal(err)
		}
		if head.Kind == "data_directory" {
			dirs = append(dirs, it)
		} else {
			files = append(files, head.Path)
		}
	}
	return files, dirs
}

// infoDirJSON is the part of info's directory summary the tests read.
type infoDirJSON struct {
	Path      string            `json:"path"`
	Findings  []inspect.Finding `json:"findings"`
	Databases []struct {
		Name       string                  `json:"name"`
		UUID       string                  `json:"uuid"`
		UUIDFrom   string                  `json:"uuid_from"`
		OtherUUIDs []inspect.UUIDFiles     `json:"other_uuids"`
		Snapshots  []inspect.ChainSnapshot `json:"snapshots"`
		WALs       *inspect.WALRange       `json:"wals"`
		Files      []string                `json:"files"`
		Verdict    string                  `json:"verdict"`
	} `json:"databases"`
}

func hasCheck(fs []inspect.Finding, check string, sev inspect.Severity) bool {
	return slices.ContainsFunc(fs, func(f inspect.Finding) bool { return f.Check == check && f.Severity == sev })
}

// TestInfoDataDir builds data directories (chain transaction i commits at
// timestamp 2i) and checks what info reports for each: every durability
// file, snapshots first and WAL files by sequence number whatever their
// names, then per database the chain summary and the findings of the checks
// on the set, with the exit code those call for.
func TestInfoDataDir(t *testing.T) {
	type want struct {
		code     int
		files    []string // relative to the directory, in report order
		check    string   // a finding expected (with sev)
		sev      inspect.Severity
		walRange *inspect.WALRange
	}
	cases := []struct {
		name  string
		build func(d *chaindir.Dir) (arg string, w want)
	}{
		{"clean chain", func(d *chaindir.Dir) (string, want) {
			s := d.Snapshot(6, 5)
			w0 := d.WAL(1, 0, 1, 3)
			w1 := d.WAL(3, 1, 4, 7)
			w2 := d.CurrentWAL(7, 2, 8, 10, false)
			return d.Root, want{0, []string{s, w0, w1, w2}, "", 0, &inspect.WALRange{Files: 3, FirstSeqNum: 0, LastSeqNum: 2, FromTimestamp: 2, ToTimestamp: 20}}
		}},
		{"names out of sequence order", func(d *chaindir.Dir) (string, want) {
			// The WAL created first by name holds sequence number 1.
			w1 := d.WAL(1, 1, 4, 6)
			w0 := d.WAL(3, 0, 1, 3)
			return d.Root, want{0, []string{w0, w1}, "", 0, &inspect.WALRange{Files: 2, FirstSeqNum: 0, LastSeqNum: 1, FromTimestamp: 2, ToTimestamp: 12}}
		}},
		{"gap", func(d *chaindir.Dir) (string, want) {
			w0 := d.WAL(1, 0, 1, 3)
			w2 := d.WAL(5, 2, 8, 10)
			return d.Root, want{1, []string{w0, w2}, "chain.gap", inspect.SeverityError, &inspect.WALRange{Files: 2, FirstSeqNum: 0, LastSeqNum: 2, FromTimestamp: 2, ToTimestamp: 20}}
		}},
		{"foreign uuid", func(d *chaindir.Dir) (string, want) {
			w0 := d.WAL(1, 0, 1, 3)
			w1 := d.With(37, golden.ChainOtherUUID).WAL(3, 1, 4, 6)
			return d.Root, want{1, []string{w0, w1}, "chain.uuid", inspect.SeverityError, nil}
		}},
		{"part and unrelated files", func(d *chaindir.Dir) (string, want) {
			s := d.Snapshot(6, 5)
			part := s + "_edge_part_1"
			d.Put(part, d.Read(s)[:200])
			d.Put("wal/notes.txt", []byte("not a WAL"))
			// The cut part file reads as a truncated snapshot: exit 1, as verify.
			return d.Root, want{1, []string{s, part}, "chain.part", inspect.SeverityWarning, nil}
		}},
		{"wal folder of a data directory", func(d *chaindir.Dir) (string, want) {
			d.Snapshot(6, 5)
			w0 := d.WAL(1, 0, 1, 3)
			return d.Path("wal"), want{1, []string{strings.TrimPrefix(w0, "wal/")}, "path.not_datadir", inspect.SeverityError, nil}
		}},
		{"empty", func(d *chaindir.Dir) (string, want) {
			return d.Root, want{1, nil, "chain.empty", inspect.SeverityError, nil}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := chaindir.New(t, 37)
			arg, w := c.build(d)
			code, stdout, stderr := runCLI("info", "--json", arg)
			if code != w.code {
				t.Fatalf("exit %d, want %d\n%s", code, w.code, stderr)
			}
			files, dirs := jsonItems(t, stdout)
			var wantFiles []string
			for _, f := range w.files {
				wantFiles = append(wantFiles, filepath.Join(arg, f))
			}
			if !slices.Equal(files, wantFiles) {
				t.Errorf("files reported %q, want %q", files, wantFiles)
			}
			if len(dirs) != 1 {
				t.Fatalf("%d directory summaries, want 1", len(dirs))
			}
			var s infoDirJSON
			if err := json.Unmarshal(dirs[0], &s); err != nil {
				t.Fatal(err)
			}
			if s.Path != arg || len(s.Databases) != 1 || !slices.Equal(s.Databases[0].Files, files) {
				t.Fatalf("summary %+v", s)
			}
			if w.check != "" && !hasCheck(s.Findings, w.check, w.sev) {
				t.Errorf("no %s %s finding in %+v", w.sev, w.check, s.Findings)
			}
			if w.check == "" && inspect.CountSeverity(s.Findings, inspect.SeverityError)+inspect.CountSeverity(s.Findings, inspect.SeverityWarning) > 0 {
				t.Errorf("clean directory has findings %+v", s.Findings)
			}
			if db := s.Databases[0]; w.walRange != nil && (db.WALs == nil || *db.WALs != *w.walRange) {
				t.Errorf("WAL range %+v, want %+v", db.WALs, *w.walRange)
			}
		})
	}
}

// TestInfoDataDirSummary checks the chain summary of one directory field by
// field: the uuid adopted from the newest snapshot, every snapshot with its
// timestamps, files of another uuid counted, the verdict left to plan.
func TestInfoDataDirSummary(t *testing.T) {
	d := chaindir.New(t, 37)
	s3 := d.Snapshot(4, 3)
	s5 := d.Snapshot(6, 5)
	d.WAL(1, 0, 1, 3)
	d.WAL(3, 1, 4, 7)
	d.With(37, golden.ChainOtherUUID).WAL(9, 2, 8, 9)
	code, stdout, _ := runCLI("info", "--json", d.Root)
	if code != 1 { // chain.uuid
		t.Fatalf("exit %d", code)
	}
	_, dirs := jsonItems(t, stdout)
	var s infoDirJSON
	if err := json.Unmarshal(dirs[0], &s); err != nil {
		t.Fatal(err)
	}
	db := s.Databases[0]
	wantSnaps := []inspect.ChainSnapshot{
		{Path: d.Path(s3), UUID: golden.ChainUUID, StartTimestamp: 7, DurableTimestamp: 6},
		{Path: d.Path(s5), UUID: golden.ChainUUID, StartTimestamp: 11, DurableTimestamp: 10},
	}
	if db.UUID != golden.ChainUUID || db.UUIDFrom != d.Path(s5) || !slices.Equal(db.Snapshots, wantSnaps) {
		t.Errorf("uuid %s from %s, snapshots %+v", db.UUID, db.UUIDFrom, db.Snapshots)
	}
	if !slices.Equal(db.OtherUUIDs, []inspect.UUIDFiles{{UUID: golden.ChainOtherUUID, Files: 1}}) {
		t.Errorf("other uuids %+v", db.OtherUUIDs)
	}
	if db.WALs == nil || *db.WALs != (inspect.WALRange{Files: 2, FirstSeqNum: 0, LastSeqNum: 1, FromTimestamp: 2, ToTimestamp: 14}) {
		t.Errorf("WAL range %+v", db.WALs)
	}
	if db.Verdict != "" {
		t.Errorf("verdict %q given without replaying", db.Verdict)
	}
	_, text, _ := runCLI("info", d.Root)
	for _, want := range []string{"database memgraph of " + d.Root, "2 files, sequence numbers 0..1, commit timestamps 2..14",
		"durable timestamp 10, start timestamp 11", golden.ChainOtherUUID + ": 1 file, ignored by recovery",
		"see 'durascope plan " + d.Root + "'", "error chain.uuid"} {
		if !strings.Contains(text, want) {
			t.Errorf("text output lacks %q:\n%s", want, text)
		}
	}
}

// TestInfoDataDirEmpty: nothing to recover is an error unless
// --allow-empty, as verify and plan grade it, and the verdict is plan's,
// given because it replays nothing.
func TestInfoDataDirEmpty(t *testing.T) {
	d := chaindir.New(t, 37)
	d.Put("wal/"+chaindir.CurrentWALName(1), []byte("not a WAL"))
	code, stdout, stderr := runCLI("info", d.Root)
	if code != 1 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{"EMPTY memgraph: Memgraph would start this database EMPTY", "error chain.empty", "warning chain.not_durability"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	if code, stdout, _ := runCLI("info", "--allow-empty", d.Root); code != 0 || !strings.Contains(stdout, "info chain.empty") {
		t.Errorf("--allow-empty: exit %d\n%s", code, stdout)
	}
}

// TestInfoDataDirTenants: each database under databases/ is summarised
// after the default one, its files reported after the default's.
func TestInfoDataDirTenants(t *testing.T) {
	d := chaindir.New(t, 37)
	w := d.WAL(1, 0, 1, 3)
	tenant := "databases/9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4"
	tw := chaindir.At(t, d.Path(tenant), 37).With(37, golden.ChainOtherUUID).WAL(1, 0, 1, 4)
	code, stdout, stderr := runCLI("info", "--json", d.Root)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	files, dirs := jsonItems(t, stdout)
	if !slices.Equal(files, []string{d.Path(w), filepath.Join(d.Path(tenant), tw)}) {
		t.Errorf("files %q", files)
	}
	var s infoDirJSON
	if err := json.Unmarshal(dirs[0], &s); err != nil {
		t.Fatal(err)
	}
	if len(s.Databases) != 2 || s.Databases[0].Name != "memgraph" || s.Databases[1].UUID != golden.ChainOtherUUID || s.Databases[1].WALs.ToTimestamp != 8 {
		t.Errorf("databases %+v", s.Databases)
	}
}

// TestInfoFilesAndDir: FILE arguments keep the plain array of reports; a
// directory among them adds its reports and summary at its place.
func TestInfoFilesAndDir(t *testing.T) {
	d := chaindir.New(t, 37)
	w := d.Path(d.WAL(1, 0, 1, 3))
	code, stdout, _ := runCLI("info", "--json", w)
	var plain []inspect.FileInfo
	if err := json.Unmarshal([]byte(stdout), &plain); code != 0 || err != nil || len(plain) != 1 || plain[0].Path != w || plain[0].WAL == nil {
		t.Fatalf("exit %d, %v: %s", code, err, stdout)
	}
	_, stdout, _ = runCLI("info", "--json", w, d.Root, w)
	files, dirs := jsonItems(t, stdout)
	if !slices.Equal(files, []string{w, w, w}) || len(dirs) != 1 {
		t.Errorf("files %q, %d directories", files, len(dirs))
	}
	var items []map[string]any
	json.Unmarshal([]byte(stdout), &items)
	if len(items) != 4 || items[2]["kind"] != "data_directory" {
		t.Errorf("the summary is not right after the directory's files: %v", items)
	}
}

// TestDirCLIGolden runs info, stats and compat on a data directory (a
// snapshot, three WAL files, the last torn, a leftover _part_ file, an
// unrelated file and a second database) and compares with
// golden/testdata/cli; inputs stay unchanged. (A path inside a data
// directory is tested elsewhere: its hint names an absolute path.)
func TestDirCLIGolden(t *testing.T) {
	root := t.TempDir()
	d := chaindir.At(t, filepath.Join(root, "data"), 37)
	s := d.Snapshot(6, 5)
	d.Put(s+"_vertex_part_0", d.Read(s)[:120])
	d.WAL(1, 0, 1, 3)
	d.WAL(3, 1, 4, 7)
	d.CurrentWAL(7, 2, 8, 10, true)
	d.Put("wal/notes.txt", []byte("not a WAL"))
	chaindir.At(t, d.Path("databases/9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4"), 25).With(25, golden.ChainOtherUUID).WAL(1, 0, 1, 2)
	t.Chdir(root)
	var inputs []string
	filepath.WalkDir(".", func(p string, e os.DirEntry, err error) error {
		if err == nil && e.Type().IsRegular() {
			inputs = append(inputs, p)
		}
		return nil
	})
	before := digest(t, inputs...)
	checkCLICases(t, []cliCase{
		{"info_dir", []string{"info", "--full", "data"}, 1},
		{"info_dir_headers", []string{"info", "data"}, 1},
		{"info_json_dir", []string{"info", "--json", "data/databases/9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4"}, 0},
		{"stats_dir", []string{"stats", "--top", "1", "data"}, 1},
		{"compat_dir", []string{"compat", "data"}, 1},
		{"compat_dir_release", []string{"compat", "--release", "3.3", "data"}, 1},
	})
	if after := digest(t, inputs...); after != before {
		t.Fatal("info, stats or compat modified its input files")
	}
}

// TestDirFileProblemsAsVerify: the problems of a directory's files are in
// info's and stats' directory findings under the names verify gives them,
// with the same severity (a torn tail a warning, a cut snapshot an error).
func TestDirFileProblemsAsVerify(t *testing.T) {
	d := chaindir.New(t, 37)
	s := d.Snapshot(6, 5)
	d.Put(s+"_edge_part_1", d.Read(s)[:150])
	d.WAL(1, 0, 1, 3)
	d.CurrentWAL(3, 1, 4, 7, true)
	_, out, _ := runCLI("verify", "--json", d.Root)
	var v verifyDoc
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	key := func(f inspect.Finding) string { return f.Check + " " + f.Severity.String() + " " + f.File }
	var want []string
	for _, f := range v.Findings {
		if strings.HasPrefix(f.Check, "snapshot.") || strings.HasPrefix(f.Check, "wal.") {
			want = append(want, key(f))
		}
	}
	if len(want) != 2 {
		t.Fatalf("verify's file findings %q: want a truncated part and a torn tail", want)
	}
	for _, cmd := range []string{"info", "stats"} {
		code, out, _ := runCLI(cmd, "--json", d.Root)
		_, dirs := jsonItems(t, out)
		var sum struct{ Findings []inspect.Finding }
		if err := json.Unmarshal(dirs[0], &sum); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range sum.Findings {
			if !strings.HasPrefix(f.Check, "chain.") {
				got = append(got, key(f))
			}
		}
		slices.Sort(got)
		slices.Sort(want)
		if code != 1 || !slices.Equal(got, want) {
			t.Errorf("%s: exit %d, file findings %q, verify's %q", cmd, code, got, want)
		}
	}
}

// TestInfoCorpusFolders: each corpus folder (a snapshot and a WAL written
// by a real Memgraph, beside unrelated .cypher files) read as a directory
// gives the same file reports as the files given one by one, and a chain
// whose uuid is the snapshot's and whose WAL range is the WAL's, or, where
// the folder's WAL comes from another storage (some do), that uuid counted
// apart and no WAL range.
func TestInfoCorpusFolders(t *testing.T) {
	for _, c := range golden.CorpusCases(t) {
		snap, wal := filepath.Join(c.Dir, "snapshot.bin"), filepath.Join(c.Dir, "wal.bin")
		_, dirOut, _ := runCLI("info", "--json", c.Dir)
		_, filesOut, _ := runCLI("info", "--json", snap, wal)
		var items []json.RawMessage
		if err := json.Unmarshal([]byte(dirOut), &items); err != nil || len(items) != 3 {
			t.Fatalf("%s: %d items, %v", c.Name, len(items), err)
		}
		var files []json.RawMessage
		var reports []inspect.FileInfo
		if json.Unmarshal([]byte(filesOut), &files) != nil || json.Unmarshal([]byte(filesOut), &reports) != nil || len(reports) != 2 {
			t.Fatalf("%s: %s", c.Name, filesOut)
		}
		if string(items[0]) != string(files[0]) || string(items[1]) != string(files[1]) {
			t.Errorf("%s: the directory's file reports differ from the files'", c.Name)
			continue
		}
		var s infoDirJSON
		if err := json.Unmarshal(items[2], &s); err != nil {
			t.Fatal(err)
		}
		db, sn, wr := s.Databases[0], reports[0], reports[1]
		if db.UUID != sn.UUID {
			t.Errorf("%s: uuid %s, the snapshot's is %s", c.Name, db.UUID, sn.UUID)
		}
		w := wr.WAL
		if wr.UUID != sn.UUID {
			if db.WALs != nil || !slices.Equal(db.OtherUUIDs, []inspect.UUIDFiles{{UUID: wr.UUID, Files: 1}}) {
				t.Errorf("%s: WAL of another storage: chain %+v, other uuids %+v", c.Name, db.WALs, db.OtherUUIDs)
			}
		} else if db.WALs == nil || db.WALs.FirstSeqNum != w.SeqNum || db.WALs.FromTimestamp != w.FromTimestamp || db.WALs.ToTimestamp != w.ToTimestamp {
			t.Errorf("%s: chain %+v, the WAL's %+v", c.Name, db.WALs, w)
		}
	}
}
