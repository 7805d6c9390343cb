package decode_test

// Regression tests for the hardening rules of spec/hardening.md, one per
// fix the fuzzers or the audit of decode/ led to.

import (
	"bytes"
	"encoding/binary"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/format"
)

// encodeSnapshot writes m with a fresh layout.
func encodeSnapshot(t *testing.T, m *format.Snapshot) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := encode.EncodeSnapshotWith(&buf, m, &encode.SnapshotOptions{Layout: encode.LayoutFresh}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// setOffset points the offsets-table entry of slot at off.
func setOffset(b []byte, v format.Version, slot format.OffsetSlot, off int) {
	i := slices.Index(format.SnapshotOffsetSlots(format.FeaturesOf(v)), slot)
	binary.LittleEndian.PutUint64(b[13+9*i+1:], uint64(off))
}

// TestSnapshotOverlappingSections: a section that starts inside another
// (here an empty descriptions section hidden in a mapper name) decodes on
// its own, but no writer lays sections out so and the lossless model could
// not hold both: DecodeSnapshot reports ErrCorrupt where it starts (found
// by the bit flips of the fuzz property test, which require a clean decode
// to re-encode to the same bytes).
func TestSnapshotOverlappingSections(t *testing.T) {
	fake := "\x2b\x12\x00\x00\x00\x00\x00\x00\x00\x00" // SECTION_DESCRIPTIONS, UINT 0 entries
	m := &format.Snapshot{Version: 37, TTL: &format.TTLConfig{}, Mapper: []format.MapperEntry{{ID: 1, Name: "x" + fake + "y"}}}
	data := encodeSnapshot(t, m)
	at := bytes.Index(data, []byte(fake))
	setOffset(data, 37, format.OffsetDescriptions, at)
	s, err := decode.OpenSnapshot(bytes.NewReader(data), int64(len(data)), "")
	if err != nil {
		t.Fatal(err)
	}
	if d, err := s.Descriptions(); err != nil || len(d) != 0 {
		t.Fatalf("the hidden section alone: %v, %v; want it to decode", d, err)
	}
	_, err = decode.DecodeSnapshot(bytes.NewReader(data), int64(len(data)), "")
	var de *format.DecodeError
	if !errors.As(err, &de) || !errors.Is(err, format.ErrCorrupt) || de.Offset != int64(at) || de.Section != "descriptions" ||
		!strings.Contains(de.Reason, "inside mapper") {
		t.Errorf("got %v; want ErrCorrupt at %d in descriptions, inside mapper", err, at)
	}
}
