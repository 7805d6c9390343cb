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

// TestNestedPreallocation: each level of nested maps claims 1,024 entries
// (the bytes after it could hold them) and stops after its first entry.
// Every level preallocates before it fails, so the capacity hint must stay
// small: 64 levels × 1,024 map entries would be 2 MiB for 13 KB of input.
func TestNestedPreallocation(t *testing.T) {
	level := hx(`17 16  00 04 00 00 00 00 00 00  14 01 00 00 00 00 00 00 00 "k"`) // MAP of 1024, key "k"
	value := cat(bytes.Repeat(level, maxDepth), hx(`17 10`), make([]byte, 1024*11))
	var err error
	got := heapAllocs(1, func() { _, err = decode.Value(value, 37) })
	if !errors.Is(err, format.ErrCorrupt) {
		t.Fatalf("got %v, want ErrCorrupt at the second key of the innermost map", err)
	}
	if budget := allocBudget(len(value)); got > budget {
		t.Errorf("decoding %d bytes allocated %d, budget %d", len(value), got, budget)
	}
	h := newHandSnapshot(value)
	got = heapAllocs(1, func() { _, err = decode.DecodeSnapshot(bytes.NewReader(h.data), int64(len(h.data)), "") })
	if !errors.Is(err, format.ErrCorrupt) {
		t.Fatalf("snapshot: got %v, want ErrCorrupt", err)
	}
	if budget := allocBudget(len(h.data)); got > budget {
		t.Errorf("snapshot: decoding %d bytes allocated %d, budget %d", len(h.data), got, budget)
	}
}

// TestIndependentBatchReads: a parallel reader reads every batch on its own
// with ReadVertexBatch. Each read must cost what its batch holds, not the
// rest of the file: a valid snapshot of one vertex per batch, each batch
// read apart, stays within the allocation budget.
func TestIndependentBatchReads(t *testing.T) {
	data, vertices := genSnapshot(t, 512<<10, 1)
	s, err := decode.OpenSnapshot(bytes.NewReader(data), int64(len(data)), "")
	if err != nil {
		t.Fatal(err)
	}
	_, batches, _, err := s.BatchTables()
	if err != nil || len(batches) != vertices {
		t.Fatalf("%d batches for %d vertices: %v", len(batches), vertices, err)
	}
	n := 0
	got := heapAllocs(1, func() {
		for _, b := range batches {
			if _, err = s.ReadVertexBatch(b, func(format.VertexRecord) error { n++; return nil }); err != nil {
				return
			}
		}
	})
	if err != nil || n != vertices {
		t.Fatalf("read %d of %d vertices: %v", n, vertices, err)
	}
	if budget := allocBudget(len(data)); got > budget {
		t.Errorf("reading %d one-vertex batches of a %d-byte file one by one allocated %d bytes (%d per batch), budget %d",
			vertices, len(data), got, got/uint64(vertices), budget)
	}
}

// TestBatchRunsIntoNext: a batch whose count claims more records than lie
// before the next batch is corrupt, whether it is read on its own or in
// order; its reader stops at the next batch instead of decoding it.
func TestBatchRunsIntoNext(t *testing.T) {
	src, _ := genSnapshot(t, 16<<10, 2)
	data := bytes.Clone(src)
	s, err := decode.OpenSnapshot(bytes.NewReader(data), int64(len(data)), "")
	if err != nil {
		t.Fatal(err)
	}
	table := int(s.Offsets[format.OffsetVertexBatches])
	binary.LittleEndian.PutUint64(data[table+9+9+1:], 3) // batch #0: 3 records, not 2
	s, err = decode.OpenSnapshot(bytes.NewReader(data), int64(len(data)), "")
	if err != nil {
		t.Fatal(err)
	}
	_, batches, _, err := s.BatchTables()
	if err != nil || len(batches) < 2 || batches[0].Count != 3 {
		t.Fatalf("batches %v: %v", batches, err)
	}
	n := 0
	_, err = s.ReadVertexBatch(batches[0], func(format.VertexRecord) error { n++; return nil })
	var de *format.DecodeError
	if !errors.As(err, &de) || !errors.Is(err, format.ErrCorrupt) || de.Offset != int64(batches[1].Offset) ||
		!strings.Contains(de.Reason, "runs into the next batch") || n != 2 {
		t.Errorf("ReadVertexBatch: %d records, %v; want 2 records, then ErrCorrupt at the next batch (%d)", n, err, batches[1].Offset)
	}
	_, err = decode.DecodeSnapshot(bytes.NewReader(data), int64(len(data)), "")
	if !errors.As(err, &de) || !errors.Is(err, format.ErrCorrupt) || de.Offset != int64(batches[1].Offset) {
		t.Errorf("DecodeSnapshot: %v; want ErrCorrupt at %d", err, batches[1].Offset)
	}
}
