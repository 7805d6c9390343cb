package inspect

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
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

// infoOf writes b to a file and describes it with opts.
func infoOf(t *testing.T, b []byte, opts InfoOptions) *FileInfo {
	t.Helper()
	p := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := datadir.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return InfoWith(f, opts)
}

// TestInfoHeaders: without Full, a snapshot's records and a finalized
// WAL's frames are not read: damage in them goes unseen (Scan says so)
// while the header, the summary and the tables are reported as with
// Full, a finalized WAL's deltas and timestamps coming from its summary.
// A WAL that is not finalized is read whole either way.
func TestInfoHeaders(t *testing.T) {
	snap := encodeSnap(t, golden.ExampleSnapshot(37), nil)
	m := decodeSnap(t, snap)
	bad := bytes.Clone(snap)
	bad[m.Vertices[0].Offset] ^= 0xff // the first vertex record's marker
	full, quick := infoOf(t, bad, InfoOptions{Full: true}), infoOf(t, bad, InfoOptions{})
	if full.ProblemClass != "corrupt" || full.Scan != "" {
		t.Errorf("full: %q (%s), scan %q", full.Problem, full.ProblemClass, full.Scan)
	}
	if quick.Problem != "" || quick.Scan != ScanHeaders {
		t.Errorf("headers: %q, scan %q", quick.Problem, quick.Scan)
	}
	quick.Scan, quick.err, quick.Path = "", nil, full.Path
	full.err, full.Problem, full.ProblemClass = nil, "", ""
	if !reflect.DeepEqual(quick, full) {
		t.Errorf("headers and full reports differ beyond the scan:\n%+v\n%+v", quick, full)
	}

	wal := encodeWAL(t, golden.ExampleWAL(37), true)
	fw, qw := infoOf(t, wal, InfoOptions{Full: true}), infoOf(t, wal, InfoOptions{})
	if fw.Scan != "" || fw.WAL.Transactions == nil || fw.WAL.ValidEnd == nil || *fw.WAL.ValidEnd != int64(len(wal)) {
		t.Fatalf("full WAL info: %+v", fw.WAL)
	}
	if qw.Scan != ScanHeaders || qw.WAL.Transactions != nil || qw.WAL.ValidEnd != nil ||
		qw.WAL.Deltas != fw.WAL.Deltas || qw.WAL.FromTimestamp != fw.WAL.FromTimestamp || qw.WAL.ToTimestamp != fw.WAL.ToTimestamp {
		t.Errorf("headers WAL info %+v, full %+v", qw.WAL, fw.WAL)
	}
	cut := wal[:len(wal)-3] // a finalized file cut: only a full read notices
	if r := infoOf(t, cut, InfoOptions{}); r.Problem != "" {
		t.Errorf("headers, cut WAL: %q", r.Problem)
	}
	if r := infoOf(t, cut, InfoOptions{Full: true}); r.ProblemClass != "truncated" {
		t.Errorf("full, cut WAL: %q", r.Problem)
	}
	open := encodeWAL(t, golden.ExampleWAL(37), false)
	if r := infoOf(t, open, InfoOptions{}); r.Scan != "" || r.WAL.Transactions == nil || *r.WAL.Transactions == 0 {
		t.Errorf("unfinalized WAL, headers only asked: scan %q, %+v", r.Scan, r.WAL)
	}
}
