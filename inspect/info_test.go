package inspect

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
)

// TestInfoCutSnapshot: a snapshot cut inside its sections does not open,
// yet Info still reports its version, the releases that write it and the
// offsets-table entries, marking those past the cut; a snapshot that opens
// has no Header.
func TestInfoCutSnapshot(t *testing.T) {
	var buf bytes.Buffer
	if err := encode.EncodeSnapshot(&buf, golden.ExampleSnapshot(14)); err != nil {
		t.Fatal(err)
	}
	full := buf.Bytes()
	info := func(b []byte) *FileInfo {
		p := filepath.Join(t.TempDir(), "snap")
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		f, err := datadir.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		return Info(f)
	}
	if r := info(full); r.Problem != "" || r.Header != nil {
		t.Fatalf("whole snapshot: problem %q, header %+v", r.Problem, r.Header)
	}
	const cut = 150
	r := info(full[:cut])
	if r.ProblemClass != "truncated" || r.Version != 14 || len(r.WrittenBy) == 0 || r.Snapshot != nil {
		t.Fatalf("problem %q (%s), version %d, written by %v, snapshot %+v", r.Problem, r.ProblemClass, r.Version, r.WrittenBy, r.Snapshot)
	}
	h := r.Header
	slots := format.SnapshotOffsetSlots(format.FeaturesOf(14))
	if h == nil || !h.Magic || h.TableEntries != len(slots) || len(h.Offsets) != len(slots) {
		t.Fatalf("header %+v, want all %d entries", h, len(slots))
	}
	past := 0
	for i, o := range h.Offsets {
		if o.Section != slots[i].String() || o.Entry != int64(13+9*i) || o.PastEnd != (o.Offset > cut) {
			t.Errorf("entry %d: %+v", i, o)
		}
		if o.PastEnd {
			past++
		}
	}
	if past == 0 || past == len(slots) {
		t.Errorf("%d of %d entries past the cut at %d: the cut should fall between sections", past, len(slots), cut)
	}
}
