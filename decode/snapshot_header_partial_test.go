package decode_test

import (
	"bytes"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
)

// TestReadSnapshotHeaderPrefix cuts an encoded snapshot at every length up
// to past its offsets table: the prefix reader returns exactly the entries
// that are there whole, flags the ones beyond the cut, and agrees with
// OpenSnapshot on the whole file.
func TestReadSnapshotHeaderPrefix(t *testing.T) {
	for _, v := range []format.Version{14, 25, 37} {
		var buf bytes.Buffer
		if err := encode.EncodeSnapshot(&buf, golden.ExampleSnapshot(v)); err != nil {
			t.Fatal(err)
		}
		b := buf.Bytes()
		s, err := decode.OpenSnapshot(bytes.NewReader(b), int64(len(b)), "f")
		if err != nil {
			t.Fatal(err)
		}
		slots := format.SnapshotOffsetSlots(s.Features)
		tableEnd := 13 + 9*len(slots)
		for n := 0; n <= tableEnd+10; n++ {
			h := decode.ReadSnapshotHeaderPrefix(bytes.NewReader(b[:n]), int64(n))
			if h.Magic != (n >= 4) {
				t.Fatalf("v%d cut at %d: magic %v", v, n, h.Magic)
			}
			if wantV := n >= 12; (h.Version == v) != wantV || (h.Slots == len(slots)) != wantV {
				t.Fatalf("v%d cut at %d: version %d, %d slots", v, n, h.Version, h.Slots)
			}
			whole := max(0, (n-13)/9)
			if len(h.Offsets) != min(whole, len(slots)) {
				t.Fatalf("v%d cut at %d: %d entries, want %d", v, n, len(h.Offsets), min(whole, len(slots)))
			}
			for i, o := range h.Offsets {
				if o.Slot != slots[i] || o.At != int64(13+9*i) || o.Offset != s.Offsets[o.Slot] || o.PastEnd != (o.Offset > uint64(n)) {
					t.Fatalf("v%d cut at %d: entry %d = %+v, want %s at %d = %d", v, n, i, o, slots[i], 13+9*i, s.Offsets[o.Slot])
				}
			}
		}
	}
	// Another magic, or a version durascope cannot lay out: nothing more is read.
	if h := decode.ReadSnapshotHeaderPrefix(bytes.NewReader([]byte("MGwl\x25\x00\x00\x00\x00\x00\x00\x00")), 12); h.Magic || h.Version != 0 {
		t.Errorf("a WAL header read as %+v", h)
	}
	if h := decode.ReadSnapshotHeaderPrefix(bytes.NewReader([]byte("MGsn\x63\x00\x00\x00\x00\x00\x00\x00\x5f")), 13); !h.Magic || h.Version != 99 || h.Slots != 0 || h.Offsets != nil {
		t.Errorf("version 99 read as %+v", h)
	}
}
