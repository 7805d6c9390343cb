package golden

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/inspect"
)

func fixtureVersions() []format.Version {
	var out []format.Version
	for v := format.MinVersion; v <= format.MaxVersion; v++ {
		out = append(out, v)
	}
	return out
}

// fixtureDir is golden/testdata/fixtures/vNN, relative to testdata.
func fixtureDir(v format.Version) string { return fmt.Sprintf("fixtures/v%02d", uint64(v)) }

// What encoding computes and a model built from scratch leaves zero.
var (
	ignoreSnapshotLayout = cmp.Options{
		cmpopts.EquateEmpty(),
		cmpopts.IgnoreFields(format.Snapshot{}, "Offsets"),
		cmpopts.IgnoreFields(format.Batch{}, "Offset"),
		cmpopts.IgnoreFields(format.EdgeRecord{}, "Offset"),
		cmpopts.IgnoreFields(format.VertexRecord{}, "Offset"),
	}
	ignoreWALLayout = cmp.Options{
		cmpopts.EquateEmpty(),
		cmpopts.IgnoreFields(format.WALHeader{}, "OffsetMetadata", "OffsetDeltas", "HeaderCRC", "HeaderEnd"),
		cmpopts.IgnoreFields(format.WALSummary{}, "CRC"),
		cmpopts.IgnoreFields(format.Frame{}, "Offset", "Size"),
		cmpopts.IgnoreFields(format.TxnEnd{}, "CRC"),
	}
)

func readTestdata(t *testing.T, rel string) (path string, data []byte) {
	t.Helper()
	path = filepath.Join(TestdataDir(), filepath.FromSlash(rel))
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, data
}

// renderFile is `durascope dump --format text` and `--format cypher` of path.
func renderFile(t *testing.T, path string) (text, cypher []byte) {
	t.Helper()
	f, err := datadir.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var tb, cb bytes.Buffer
	if err := inspect.WriteText(&tb, f); err != nil {
		t.Fatalf("%s: text: %v", path, err)
	}
	s, res, err := datadir.RecoverFile(f)
	if err != nil {
		t.Fatalf("%s: recover: %v", path, err)
	}
	if res != nil && res.TornTail != nil {
		t.Fatalf("%s: torn tail: %v", path, res.TornTail)
	}
	if err := s.WriteCypher(&cb); err != nil {
		t.Fatal(err)
	}
	return tb.Bytes(), cb.Bytes()
}

// TestFixtures pins the per-version fixtures: the encoder's bytes for the
// fixture models, their text and Cypher dumps, and that the golden bytes
// decode back to the models. go test ./golden -update rewrites them.
func TestFixtures(t *testing.T) {
	for _, v := range fixtureVersions() {
		t.Run(v.String(), func(t *testing.T) {
			dir := fixtureDir(v)
			snap := FixtureSnapshot(v)
			var sb bytes.Buffer
			if err := encode.EncodeSnapshot(&sb, snap); err != nil {
				t.Fatalf("encode snapshot: %v", err)
			}
			Check(t, dir+"/snapshot.bin", sb.Bytes())
			wal := FixtureWAL(v)
			var wb bytes.Buffer
			if err := encode.EncodeWAL(&wb, wal); err != nil {
				t.Fatalf("encode WAL: %v", err)
			}
			Check(t, dir+"/wal.bin", wb.Bytes())

			// The streaming writers write the same bytes.
			sw := &MemFile{}
			snapW, err := encode.NewSnapshotWriter(sw, v, &encode.SnapshotOptions{BatchSize: FixtureBatchSize})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range snap.Edges {
				if err := snapW.WriteEdge(e); err != nil {
					t.Fatal(err)
				}
			}
			for _, r := range snap.Vertices {
				if err := snapW.WriteVertex(r); err != nil {
					t.Fatal(err)
				}
			}
			rest := *snap
			rest.Edges, rest.Vertices = nil, nil
			if err := snapW.Finish(&rest); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(sw.Bytes(), sb.Bytes()) {
				t.Errorf("SnapshotWriter: %s", FirstDifference(sb.Bytes(), sw.Bytes()))
			}
			ww := &MemFile{}
			h := wal.Header
			h.Summary = nil // computed by finalizing
			walW, err := encode.NewWALWriter(ww, h, &encode.WALOptions{Finalize: format.FeaturesOf(v).Has(format.FeatWALSummary)})
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range wal.Frames {
				if err := walW.WriteFrame(x); err != nil {
					t.Fatal(err)
				}
			}
			if err := walW.Close(); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(ww.Bytes(), wb.Bytes()) {
				t.Errorf("WALWriter: %s", FirstDifference(wb.Bytes(), ww.Bytes()))
			}

			path, data := readTestdata(t, dir+"/snapshot.bin")
			gotSnap, err := decode.DecodeSnapshot(bytes.NewReader(data), int64(len(data)), path)
			if err != nil {
				t.Fatalf("decode golden snapshot: %v", err)
			}
			if d := cmp.Diff(snap, gotSnap, ignoreSnapshotLayout); d != "" {
				t.Errorf("golden snapshot decodes to another model (-fixture +decoded):\n%s", d)
			}
			text, snapCypher := renderFile(t, path)
			Check(t, dir+"/snapshot.txt", text)
			Check(t, dir+"/snapshot.cypher", snapCypher)

			path, data = readTestdata(t, dir+"/wal.bin")
			gotWAL, err := decode.DecodeWAL(bytes.NewReader(data), int64(len(data)), path)
			if err != nil {
				t.Fatalf("decode golden WAL: %v", err)
			}
			if d := cmp.Diff(wal, gotWAL, ignoreWALLayout); d != "" {
				t.Errorf("golden WAL decodes to another model (-fixture +decoded):\n%s", d)
			}
			text, walCypher := renderFile(t, path)
			Check(t, dir+"/wal.txt", text)
			Check(t, dir+"/wal.cypher", walCypher)

			// The WAL replayed from an empty database and the snapshot hold
			// the same graph: Memgraph's dumps compare as sorted lines.
			if !slices.Equal(SortedLines(snapCypher), SortedLines(walCypher)) {
				t.Errorf("snapshot and WAL recover differently:\n%s", lineDiff(SortedLines(snapCypher), SortedLines(walCypher)))
			}
		})
	}
}

// lineDiff lists the lines only one side has.
func lineDiff(a, b []string) string {
	var out bytes.Buffer
	for _, l := range a {
		if !slices.Contains(b, l) {
			fmt.Fprintf(&out, "- %s\n", l)
		}
	}
	for _, l := range b {
		if !slices.Contains(a, l) {
			fmt.Fprintf(&out, "+ %s\n", l)
		}
	}
	return out.String()
}

// TestFixtureFilesTracked: every file under testdata/fixtures is one the
// test writes, so a version or file dropped from the test is noticed.
func TestFixtureFilesTracked(t *testing.T) {
	want := map[string]bool{}
	for _, v := range fixtureVersions() {
		for _, name := range []string{"snapshot.bin", "snapshot.txt", "snapshot.cypher", "wal.bin", "wal.txt", "wal.cypher"} {
			want[filepath.FromSlash(fixtureDir(v)+"/"+name)] = true
		}
	}
	root := TestdataDir()
	err := filepath.WalkDir(filepath.Join(root, "fixtures"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) == ".got" {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if !want[rel] {
			t.Errorf("stray fixture file %s", rel)
		}
		delete(want, rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for rel := range want {
		t.Errorf("missing fixture file %s (go test ./golden -update)", rel)
	}
}
