package golden

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/format"
)

func encodeExampleWAL(t *testing.T, v format.Version) []byte {
	var out MemFile
	opts := &encode.WALOptions{Finalize: format.FeaturesOf(v).Has(format.FeatWALSummary)}
	if err := encode.EncodeWALWith(&out, ExampleWAL(v), opts); err != nil {
		t.Fatalf("v%d WAL: %v", v, err)
	}
	return out.Bytes()
}

func encodeExampleSnapshot(t *testing.T, v format.Version) []byte {
	var out bytes.Buffer
	if err := encode.EncodeSnapshot(&out, ExampleSnapshot(v)); err != nil {
		t.Fatalf("v%d snapshot: %v", v, err)
	}
	return out.Bytes()
}

// tornCopy cuts a WAL in the middle of its last transaction, as a crash leaves a _current file.
func tornCopy(t *testing.T, wal []byte) []byte {
	m, err := decodeWAL(wal)
	if err != nil {
		t.Fatal(err)
	}
	last := m.Frames[len(m.Frames)-1]
	return wal[:last.Offset+last.Size/2]
}

func decodeWAL(b []byte) (*format.WAL, error) {
	return decode.DecodeWAL(bytes.NewReader(b), int64(len(b)), "example")
}

// TestExamples pins the example files byte for byte (go test ./golden
// -update rewrites them) and checks that each decodes and recovers: the WAL
// replay and the snapshot of the same graph must dump the same Cypher.
func TestExamples(t *testing.T) {
	files := map[string][]byte{}
	for _, v := range []format.Version{14, 37} {
		files[fmtName("snapshot", v)] = encodeExampleSnapshot(t, v)
		files[fmtName("wal", v)] = encodeExampleWAL(t, v)
	}
	files["wal_v36_torn.bin"] = tornCopy(t, encodeExampleWAL(t, 36))
	for name, b := range files {
		Check(t, "examples/"+name, b)
	}
	dir := filepath.Join(TestdataDir(), "examples")
	for _, v := range []format.Version{14, 37} {
		snap := dumpFile(t, filepath.Join(dir, fmtName("snapshot", v)), nil)
		wal := dumpFile(t, filepath.Join(dir, fmtName("wal", v)), nil)
		if !slices.Equal(SortedLines([]byte(snap)), SortedLines([]byte(wal))) {
			t.Errorf("v%d: snapshot and WAL of the same graph dump differently:\nsnapshot:\n%s\nwal:\n%s", v, snap, wal)
		}
		if !strings.Contains(snap, "CREATE (:__mg_vertex__:`Person`:`Scientist` {__mg_id__: 0, `name`: \"Ada \\\"Countess\\\" Lovelace\"") {
			t.Errorf("v%d: example dump lost vertex 0:\n%s", v, snap)
		}
	}
	var torn error
	dumpFile(t, filepath.Join(dir, "wal_v36_torn.bin"), &torn)
	if !format.IsTornTail(torn) {
		t.Errorf("wal_v36_torn.bin: want a torn tail, got %v", torn)
	}
}

func fmtName(kind string, v format.Version) string {
	return kind + "_" + v.String() + ".bin"
}

// dumpFile recovers path and returns its Cypher dump; a torn tail goes to *torn.
func dumpFile(t *testing.T, path string, torn *error) string {
	f, err := datadir.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, res, err := datadir.RecoverFile(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if res != nil && res.TornTail != nil {
		if torn == nil {
			t.Fatalf("%s: unexpected torn tail: %v", path, res.TornTail)
		}
		*torn = res.TornTail
	}
	var b bytes.Buffer
	if err := s.WriteCypher(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
