package decode_test

// Hand-built WAL streams for the delta types the real-file corpus never
// contains. The payload layouts were settled against Memgraph's own reader
// and writer (src/storage/v2/durability/wal.hpp and wal.cpp, the metadata
// encoder in src/storage/v2/inmemory/storage.cpp); the bytes below are
// written from those layouts, not copied from any file.

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"io"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
)

// --- primitive encoders -----------------------------------------------------

func wdLE64(b []byte, v uint64) []byte { return binary.LittleEndian.AppendUint64(b, v) }

// wdU is a UINT: 0x12 + u64 LE.
func wdU(v uint64) []byte { return wdLE64([]byte{byte(format.MarkerInt)}, v) }

// wdS is a STR: 0x14 + u64 LE length + bytes.
func wdS(s string) []byte {
	return append(wdLE64([]byte{byte(format.MarkerString)}, uint64(len(s))), s...)
}

// wdB is a BOOL: 0x11 + 0x00/0xFF.
func wdB(v bool) []byte {
	if v {
		return []byte{byte(format.MarkerBool), byte(format.MarkerTrue)}
	}
	return []byte{byte(format.MarkerBool), byte(format.MarkerFalse)}
}

// wdStrs is a UINT count followed by that many STRs.
func wdStrs(ss ...string) []byte {
	out := wdU(uint64(len(ss)))
	for _, s := range ss {
		out = append(out, wdS(s)...)
	}
	return out
}

// wdPVInt is a property value holding an integer: 0x17, 0x12, i64 LE.
func wdPVInt(v int64) []byte {
	return wdLE64([]byte{byte(format.MarkerPropertyValue), byte(format.MarkerInt)}, uint64(v))
}

func wdCat(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// --- file builder -----------------------------------------------------------

type wdFrame struct {
	marker  format.Marker
	payload []byte
}

type wdTxn struct {
	ts     uint64
	commit bool   // TRANSACTION_START commit flag (v28+)
	access uint64 // TRANSACTION_START access type (v30+)
	frames []wdFrame
}

// wdHeader writes the header of a version-v WAL: magic, version, offsets,
// metadata, and from v36 the header CRC, from v37 an unfinalized summary.
func wdHeader(v uint64) []byte {
	h := wdLE64([]byte(format.WALMagic), v)
	h = append(h, byte(format.SectionOffsets))
	h = append(h, wdU(31)...) // metadata follows the offsets at 4+8+1+9+9
	deltasAt := len(h) + 1    // the u64 after the 0x12 marker
	h = append(h, wdU(0)...)
	h = append(h, byte(format.SectionMetadata))
	h = append(h, wdS("8e5c0a7e-0000-4000-8000-000000000001")...)
	h = append(h, wdS("epoch-1")...)
	h = append(h, wdU(0)...)
	end := len(h)
	if v >= 36 {
		end += 9
	}
	if v >= 37 {
		end += 36
	}
	binary.LittleEndian.PutUint64(h[deltasAt:], uint64(end))
	if v >= 36 {
		h = append(h, byte(format.MarkerInt))
		h = wdLE64(h, uint64(crc32.ChecksumIEEE(h)))
	}
	if v >= 37 {
		sum := wdCat(wdU(0), wdU(0), wdU(0), []byte{byte(format.MarkerInt)})
		h = append(h, sum...)
		h = wdLE64(h, uint64(crc32.ChecksumIEEE(sum)))
	}
	return h
}

// wdFile builds a whole WAL of version v. From v28 every transaction opens
// with TRANSACTION_START; every transaction closes with TRANSACTION_END,
// except that before v16 a transaction made only of metadata deltas has none
// (each such delta ends itself). From v36 TRANSACTION_END carries the CRC of
// the transaction's bytes up to and including the CRC's 0x12 marker.
func wdFile(v uint64, txns ...wdTxn) []byte {
	out := wdHeader(v)
	for _, t := range txns {
		start := len(out)
		frame := func(m format.Marker, payload []byte) {
			out = append(out, byte(format.SectionDelta))
			out = append(out, wdU(t.ts)...)
			out = append(out, byte(m))
			out = append(out, payload...)
		}
		if v >= 28 {
			p := wdB(t.commit)
			if v >= 30 {
				p = append(p, wdU(t.access)...)
			}
			frame(format.DeltaTransactionStart, p)
		}
		implicitEnd := v < 16
		for _, f := range t.frames {
			frame(f.marker, f.payload)
			if !format.IsMetadataDelta(f.marker) {
				implicitEnd = false
			}
		}
		if implicitEnd {
			continue
		}
		frame(format.DeltaTransactionEnd, nil)
		if v >= 36 {
			out = append(out, byte(format.MarkerInt))
			out = wdLE64(out, uint64(crc32.ChecksumIEEE(out[start:])))
		}
	}
	return out
}

func wdDecode(t *testing.T, b []byte) *format.WAL {
	t.Helper()
	w, err := decode.DecodeWAL(bytes.NewReader(b), int64(len(b)), "t")
	if err != nil {
		t.Fatalf("DecodeWAL: %v", err)
	}
	if len(w.Tail) != 0 {
		t.Fatalf("unexpected tail of %d bytes", len(w.Tail))
	}
	return w
}

// wdGot is the part of a frame the tests pin.
type wdGot struct {
	Timestamp uint64
	Marker    format.Marker
	Delta     format.Delta
}

// wdPayloadFrames drops the TRANSACTION_START/END framing.
func wdPayloadFrames(w *format.WAL) []wdGot {
	var out []wdGot
	for _, f := range w.Frames {
		if f.Marker == format.DeltaTransactionStart || f.Marker == format.DeltaTransactionEnd {
			continue
		}
		out = append(out, wdGot{f.Timestamp, f.Marker, f.Delta})
	}
	return out
}

var wdCmpOpts = cmp.Options{cmpopts.EquateEmpty()}

func wdDesc(d format.Description) format.DescriptionDelta {
	return format.DescriptionDelta{Description: d}
}

// --- tests ------------------------------------------------------------------

// TestWALDeltaPayloads decodes one frame of each rarely written delta type
// in the versions where its layout matters.
func TestWALDeltaPayloads(t *testing.T) {
	cases := []struct {
		name    string
		version uint64
		marker  format.Marker
		payload []byte
		want    format.Delta
	}{
		// Data deltas (inside a transaction in every version).
		{"VERTEX_DELETE v14", 14, format.DeltaVertexDelete, wdU(7), format.VertexDelta{Gid: 7}},
		{"VERTEX_DELETE v36", 36, format.DeltaVertexDelete, wdU(1 << 40), format.VertexDelta{Gid: 1 << 40}},
		{"VERTEX_REMOVE_LABEL v14", 14, format.DeltaVertexRemoveLabel, wdCat(wdU(3), wdS("Person")),
			format.LabelDelta{Gid: 3, Label: "Person"}},
		{"VERTEX_REMOVE_LABEL v37", 37, format.DeltaVertexRemoveLabel, wdCat(wdU(3), wdS("Person")),
			format.LabelDelta{Gid: 3, Label: "Person"}},
		{"EDGE_DELETE v14", 14, format.DeltaEdgeDelete, wdCat(wdU(9), wdS("KNOWS"), wdU(1), wdU(2)),
			format.EdgeDelta{Gid: 9, EdgeType: "KNOWS", From: 1, To: 2}},
		{"EDGE_DELETE v36", 36, format.DeltaEdgeDelete, wdCat(wdU(9), wdS("KNOWS"), wdU(2), wdU(1)),
			format.EdgeDelta{Gid: 9, EdgeType: "KNOWS", From: 2, To: 1}},

		// Index and constraint drops.
		{"LABEL_INDEX_DROP v14 (self-closing)", 14, format.DeltaLabelIndexDrop, wdS("L"), format.LabelOnlyDelta{Label: "L"}},
		{"LABEL_INDEX_DROP v16", 16, format.DeltaLabelIndexDrop, wdS("L"), format.LabelOnlyDelta{Label: "L"}},
		{"LABEL_PROPERTIES_INDEX_DROP v23", 23, format.DeltaLabelPropertiesIndexDrop, wdCat(wdS("L"), wdS("p")),
			format.LabelPropertiesDelta{Label: "L", Paths: []format.NamePath{{"p"}}}},
		{"LABEL_PROPERTIES_INDEX_DROP v24", 24, format.DeltaLabelPropertiesIndexDrop,
			wdCat(wdS("L"), wdStrs("p", "q")),
			format.LabelPropertiesDelta{Label: "L", Paths: []format.NamePath{{"p"}, {"q"}}}},
		{"LABEL_PROPERTIES_INDEX_DROP v25", 25, format.DeltaLabelPropertiesIndexDrop,
			wdCat(wdS("L"), wdU(2), wdStrs("a", "b"), wdStrs("c")),
			format.LabelPropertiesDelta{Label: "L", Paths: []format.NamePath{{"a", "b"}, {"c"}}}},
		{"LABEL_PROPERTIES_INDEX_DROP v34 DESC", 34, format.DeltaLabelPropertiesIndexDrop,
			wdCat(wdS("L"), wdU(1), wdStrs("a"), wdU(1)),
			format.LabelPropertiesDelta{Label: "L", Paths: []format.NamePath{{"a"}}, Order: 1}},
		{"EXISTENCE_CONSTRAINT_DROP v16", 16, format.DeltaExistenceConstraintDrop, wdCat(wdS("L"), wdS("p")),
			format.LabelPropertyDelta{Label: "L", Property: "p"}},
		{"UNIQUE_CONSTRAINT_DROP v16", 16, format.DeltaUniqueConstraintDrop, wdCat(wdS("L"), wdStrs("p", "q")),
			format.UniqueConstraintDelta{Label: "L", Properties: []string{"p", "q"}}},
		{"EDGE_INDEX_DROP v17", 17, format.DeltaEdgeIndexDrop, wdS("KNOWS"), format.EdgeTypeDelta{EdgeType: "KNOWS"}},
		{"EDGE_PROPERTY_INDEX_DROP v18", 18, format.DeltaEdgePropertyIndexDrop, wdCat(wdS("KNOWS"), wdS("w")),
			format.EdgeTypePropertyDelta{EdgeType: "KNOWS", Property: "w"}},
		{"POINT_INDEX_DROP v20", 20, format.DeltaPointIndexDrop, wdCat(wdS("Place"), wdS("loc")),
			format.LabelPropertyDelta{Label: "Place", Property: "loc"}},
		{"TYPE_CONSTRAINT_DROP v20", 20, format.DeltaTypeConstraintDrop, wdCat(wdS("L"), wdS("p"), wdU(2)),
			format.TypeConstraintDelta{Label: "L", Property: "p", Kind: 2}},
		{"VECTOR_INDEX_DROP v22", 22, format.DeltaVectorIndexDrop, wdS("vi"), format.NameOnlyDelta{Name: "vi"}},
		{"VECTOR_INDEX_DROP v35", 35, format.DeltaVectorIndexDrop, wdS("vi"), format.NameOnlyDelta{Name: "vi"}},
		{"GLOBAL_EDGE_PROPERTY_INDEX_DROP v24", 24, format.DeltaGlobalEdgePropertyIndexDrop, wdS("w"),
			format.PropertyOnlyDelta{Property: "w"}},
		{"GLOBAL_VERTEX_PROPERTY_INDEX_DROP v37", 37, format.DeltaGlobalVertexPropertyIndexDrop, wdS("p"),
			format.PropertyOnlyDelta{Property: "p"}},

		// Index statistics clears: the label only, in every version.
		{"LABEL_INDEX_STATS_CLEAR v16", 16, format.DeltaLabelIndexStatsClear, wdS("L"), format.LabelOnlyDelta{Label: "L"}},
		{"LABEL_INDEX_STATS_CLEAR v36", 36, format.DeltaLabelIndexStatsClear, wdS("L"), format.LabelOnlyDelta{Label: "L"}},
		{"LABEL_PROPERTIES_INDEX_STATS_CLEAR v16", 16, format.DeltaLabelPropertiesIndexStatsClear, wdS("L"),
			format.LabelOnlyDelta{Label: "L"}},
		{"LABEL_PROPERTIES_INDEX_STATS_CLEAR v25", 25, format.DeltaLabelPropertiesIndexStatsClear, wdS("L"),
			format.LabelOnlyDelta{Label: "L"}},
		{"LABEL_PROPERTIES_INDEX_STATS_CLEAR v37", 37, format.DeltaLabelPropertiesIndexStatsClear, wdS("L"),
			format.LabelOnlyDelta{Label: "L"}},

		// TEXT_INDEX_DROP: name and label before v29, name only from v29.
		{"TEXT_INDEX_DROP v17", 17, format.DeltaTextIndexDrop, wdCat(wdS("ti"), wdS("Doc")),
			format.TextIndexDelta{Name: "ti", Target: "Doc"}},
		{"TEXT_INDEX_DROP v28", 28, format.DeltaTextIndexDrop, wdCat(wdS("ti"), wdS("Doc")),
			format.TextIndexDelta{Name: "ti", Target: "Doc"}},
		{"TEXT_INDEX_DROP v29", 29, format.DeltaTextIndexDrop, wdS("ti"), format.TextIndexDelta{Name: "ti"}},
		{"TEXT_INDEX_DROP v36", 36, format.DeltaTextIndexDrop, wdS("ti"), format.TextIndexDelta{Name: "ti"}},

		// Enum alterations.
		{"ENUM_ALTER_ADD v18", 18, format.DeltaEnumAlterAdd, wdCat(wdS("Color"), wdS("BLUE")),
			format.EnumAlterAddDelta{Name: "Color", Value: "BLUE"}},
		{"ENUM_ALTER_UPDATE v18", 18, format.DeltaEnumAlterUpdate, wdCat(wdS("Color"), wdS("RED"), wdS("CRIMSON")),
			format.EnumAlterUpdateDelta{Name: "Color", OldValue: "RED", NewValue: "CRIMSON"}},
		{"ENUM_ALTER_UPDATE v37", 37, format.DeltaEnumAlterUpdate, wdCat(wdS("Color"), wdS("RED"), wdS("CRIMSON")),
			format.EnumAlterUpdateDelta{Name: "Color", OldValue: "RED", NewValue: "CRIMSON"}},

		// TTL_OPERATION: op, optional period (µs), optional start (µs), edge flag.
		{"TTL DISABLE v30", 30, format.DeltaTTLOperation, wdCat(wdU(1), wdB(false), wdB(false), wdB(false)),
			format.TTLDelta{Op: format.TTLDisable}},
		{"TTL STOP v30", 30, format.DeltaTTLOperation, wdCat(wdU(3), wdB(false), wdB(false), wdB(false)),
			format.TTLDelta{Op: format.TTLStop}},
		{"TTL DISABLE v30 with fields", 30, format.DeltaTTLOperation,
			wdCat(wdU(1), wdB(true), wdU(60_000_000), wdB(true), wdU(1_700_000_000_000_000), wdB(true)),
			format.TTLDelta{Op: format.TTLDisable, HasPeriod: true, PeriodUs: 60_000_000, HasStart: true,
				StartUs: 1_700_000_000_000_000, EdgeTTL: true}},
		{"TTL STOP v36 period only", 36, format.DeltaTTLOperation,
			wdCat(wdU(3), wdB(true), wdU(86_400_000_000), wdB(false), wdB(true)),
			format.TTLDelta{Op: format.TTLStop, HasPeriod: true, PeriodUs: 86_400_000_000, EdgeTTL: true}},

		// DESCRIPTION_SET: kind, target fields, text.
		{"DESCRIPTION_SET kind 0 v34", 34, format.DeltaDescriptionSet, wdCat(wdU(0), wdS("the db")),
			wdDesc(format.Description{Kind: format.DescDatabase, Text: "the db"})},
		{"DESCRIPTION_SET kind 1 v34", 34, format.DeltaDescriptionSet, wdCat(wdU(1), wdStrs("A", "B"), wdS("ab")),
			wdDesc(format.Description{Kind: format.DescLabel, Labels: []string{"A", "B"}, Text: "ab"})},
		{"DESCRIPTION_SET kind 2 v34", 34, format.DeltaDescriptionSet, wdCat(wdU(2), wdS("KNOWS"), wdS("k")),
			wdDesc(format.Description{Kind: format.DescEdgeType, EdgeType: "KNOWS", Text: "k"})},
		{"DESCRIPTION_SET kind 3 v34", 34, format.DeltaDescriptionSet,
			wdCat(wdU(3), wdStrs("A", "B"), wdS("age"), wdS("t")),
			wdDesc(format.Description{Kind: format.DescLabelProperty, Labels: []string{"A", "B"}, Property: "age", Text: "t"})},
		{"DESCRIPTION_SET kind 4 v34", 34, format.DeltaDescriptionSet, wdCat(wdU(4), wdS("KNOWS"), wdS("w"), wdS("t")),
			wdDesc(format.Description{Kind: format.DescEdgeTypeProperty, EdgeType: "KNOWS", Property: "w", Text: "t"})},
		{"DESCRIPTION_SET kind 5 v34", 34, format.DeltaDescriptionSet, wdCat(wdU(5), wdS("name"), wdS("t")),
			wdDesc(format.Description{Kind: format.DescProperty, Property: "name", Text: "t"})},
		{"DESCRIPTION_SET kind 6 v34", 34, format.DeltaDescriptionSet,
			wdCat(wdU(6), wdStrs("A"), wdS("KNOWS"), wdStrs("B", "C"), wdS("t")),
			wdDesc(format.Description{Kind: format.DescEdgeTypePattern, Labels: []string{"A"}, EdgeType: "KNOWS",
				ToLabels: []string{"B", "C"}, Text: "t"})},
		{"DESCRIPTION_SET kind 6 v34 empty label lists", 34, format.DeltaDescriptionSet,
			wdCat(wdU(6), wdStrs(), wdS("KNOWS"), wdStrs(), wdS("t")),
			wdDesc(format.Description{Kind: format.DescEdgeTypePattern, EdgeType: "KNOWS", Text: "t"})},
		{"DESCRIPTION_SET kind 7 v34", 34, format.DeltaDescriptionSet,
			wdCat(wdU(7), wdStrs("A"), wdS("KNOWS"), wdStrs("B"), wdS("since"), wdS("t")),
			wdDesc(format.Description{Kind: format.DescEdgeTypePatternProperty, Labels: []string{"A"}, EdgeType: "KNOWS",
				ToLabels: []string{"B"}, Property: "since", Text: "t"})},
		{"DESCRIPTION_SET kind 8 v37", 37, format.DeltaDescriptionSet, wdCat(wdU(8), wdS("age"), wdPVInt(42), wdS("t")),
			wdDesc(format.Description{Kind: format.DescPropertyValue, Property: "age", Value: format.Int(42), Text: "t"})},

		// DESCRIPTION_DELETE: kind and target fields, no text.
		{"DESCRIPTION_DELETE kind 0 v34", 34, format.DeltaDescriptionDelete, wdU(0),
			wdDesc(format.Description{Kind: format.DescDatabase})},
		{"DESCRIPTION_DELETE kind 1 v34", 34, format.DeltaDescriptionDelete, wdCat(wdU(1), wdStrs("A")),
			wdDesc(format.Description{Kind: format.DescLabel, Labels: []string{"A"}})},
		{"DESCRIPTION_DELETE kind 3 v36", 36, format.DeltaDescriptionDelete, wdCat(wdU(3), wdStrs("A"), wdS("p")),
			wdDesc(format.Description{Kind: format.DescLabelProperty, Labels: []string{"A"}, Property: "p"})},
		{"DESCRIPTION_DELETE kind 4 v34", 34, format.DeltaDescriptionDelete, wdCat(wdU(4), wdS("KNOWS"), wdS("w")),
			wdDesc(format.Description{Kind: format.DescEdgeTypeProperty, EdgeType: "KNOWS", Property: "w"})},
		{"DESCRIPTION_DELETE kind 5 v34", 34, format.DeltaDescriptionDelete, wdCat(wdU(5), wdS("name")),
			wdDesc(format.Description{Kind: format.DescProperty, Property: "name"})},
		{"DESCRIPTION_DELETE kind 6 v37", 37, format.DeltaDescriptionDelete,
			wdCat(wdU(6), wdStrs("A"), wdS("KNOWS"), wdStrs("B")),
			wdDesc(format.Description{Kind: format.DescEdgeTypePattern, Labels: []string{"A"}, EdgeType: "KNOWS",
				ToLabels: []string{"B"}})},
		{"DESCRIPTION_DELETE kind 7 v37", 37, format.DeltaDescriptionDelete,
			wdCat(wdU(7), wdStrs("A"), wdS("KNOWS"), wdStrs("B"), wdS("since")),
			wdDesc(format.Description{Kind: format.DescEdgeTypePatternProperty, Labels: []string{"A"}, EdgeType: "KNOWS",
				ToLabels: []string{"B"}, Property: "since"})},
		{"DESCRIPTION_DELETE kind 8 v37", 37, format.DeltaDescriptionDelete, wdCat(wdU(8), wdS("age"), wdPVInt(42)),
			wdDesc(format.Description{Kind: format.DescPropertyValue, Property: "age", Value: format.Int(42)})},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := wdFile(c.version, wdTxn{ts: 5, commit: true, access: 1,
				frames: []wdFrame{{c.marker, c.payload}}})
			w := wdDecode(t, b)
			want := []wdGot{{Timestamp: 5, Marker: c.marker, Delta: c.want}}
			if diff := cmp.Diff(want, wdPayloadFrames(w), wdCmpOpts); diff != "" {
				t.Errorf("frames (-want +got):\n%s", diff)
			}
		})
	}
}

// TestWALDeltaDataTransaction decodes a transaction that undoes a small graph
// step by step, checking that the data deltas keep their order.
func TestWALDeltaDataTransaction(t *testing.T) {
	frames := []wdFrame{
		{format.DeltaVertexCreate, wdU(1)},
		{format.DeltaVertexCreate, wdU(2)},
		{format.DeltaVertexAddLabel, wdCat(wdU(1), wdS("A"))},
		{format.DeltaEdgeCreate, wdCat(wdU(0), wdS("R"), wdU(1), wdU(2))},
		{format.DeltaEdgeDelete, wdCat(wdU(0), wdS("R"), wdU(1), wdU(2))},
		{format.DeltaVertexRemoveLabel, wdCat(wdU(1), wdS("A"))},
		{format.DeltaVertexDelete, wdU(2)},
		{format.DeltaVertexDelete, wdU(1)},
	}
	want := []wdGot{
		{9, format.DeltaVertexCreate, format.VertexDelta{Gid: 1}},
		{9, format.DeltaVertexCreate, format.VertexDelta{Gid: 2}},
		{9, format.DeltaVertexAddLabel, format.LabelDelta{Gid: 1, Label: "A"}},
		{9, format.DeltaEdgeCreate, format.EdgeDelta{Gid: 0, EdgeType: "R", From: 1, To: 2}},
		{9, format.DeltaEdgeDelete, format.EdgeDelta{Gid: 0, EdgeType: "R", From: 1, To: 2}},
		{9, format.DeltaVertexRemoveLabel, format.LabelDelta{Gid: 1, Label: "A"}},
		{9, format.DeltaVertexDelete, format.VertexDelta{Gid: 2}},
		{9, format.DeltaVertexDelete, format.VertexDelta{Gid: 1}},
	}
	for _, v := range []uint64{14, 21, 28, 33, 36, 37} {
		b := wdFile(v, wdTxn{ts: 9, commit: true, access: 1, frames: frames})
		w := wdDecode(t, b)
		if diff := cmp.Diff(want, wdPayloadFrames(w), wdCmpOpts); diff != "" {
			t.Errorf("v%d frames (-want +got):\n%s", v, diff)
		}
	}
}

// TestWALDeltaTransactionStart pins TRANSACTION_START: the commit flag from
// v28, the access type (0 UNIQUE, 1 WRITE, 2 READ, 3 READ_ONLY) from v30,
// and that a transaction whose flag is false is reported as not committed.
func TestWALDeltaTransactionStart(t *testing.T) {
	body := []wdFrame{{format.DeltaVertexCreate, wdU(4)}}
	cases := []struct {
		name    string
		version uint64
		commit  bool
		access  uint64
		want    format.TxnStart
	}{
		{"v28 commit=false", 28, false, 0, format.TxnStart{Commit: false}},
		{"v28 commit=true", 28, true, 0, format.TxnStart{Commit: true}},
		{"v29 commit=false", 29, false, 0, format.TxnStart{Commit: false}},
		{"v30 commit=false WRITE", 30, false, 1, format.TxnStart{Commit: false, AccessType: 1}},
		{"v30 UNIQUE", 30, true, 0, format.TxnStart{Commit: true, AccessType: 0}},
		{"v30 WRITE", 30, true, 1, format.TxnStart{Commit: true, AccessType: 1}},
		{"v30 READ", 30, true, 2, format.TxnStart{Commit: true, AccessType: 2}},
		{"v30 READ_ONLY", 30, true, 3, format.TxnStart{Commit: true, AccessType: 3}},
		{"v36 commit=false READ", 36, false, 2, format.TxnStart{Commit: false, AccessType: 2}},
		{"v37 commit=false UNIQUE", 37, false, 0, format.TxnStart{Commit: false, AccessType: 0}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := wdFile(c.version,
				wdTxn{ts: 3, commit: c.commit, access: c.access, frames: body},
				wdTxn{ts: 4, commit: true, access: 1, frames: []wdFrame{{format.DeltaVertexCreate, wdU(5)}}})
			w := wdDecode(t, b)
			if len(w.Frames) != 6 {
				t.Fatalf("got %d frames, want 6", len(w.Frames))
			}
			first := w.Frames[0]
			if first.Marker != format.DeltaTransactionStart || first.Timestamp != 3 {
				t.Fatalf("first frame is %s at %d", first.Marker, first.Timestamp)
			}
			if diff := cmp.Diff(format.Delta(c.want), first.Delta); diff != "" {
				t.Errorf("TRANSACTION_START (-want +got):\n%s", diff)
			}
			// The frame is 0x26, UINT ts, marker, BOOL, and from v30 UINT access.
			wantSize := int64(1 + 9 + 1 + 2)
			if c.version >= 30 {
				wantSize += 9
			}
			if first.Size != wantSize {
				t.Errorf("TRANSACTION_START size %d, want %d", first.Size, wantSize)
			}

			r, err := decode.OpenWAL(bytes.NewReader(b), int64(len(b)), "t")
			if err != nil {
				t.Fatal(err)
			}
			var commits []bool
			for {
				txn, err := r.NextTransaction()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				commits = append(commits, txn.Commit)
			}
			if diff := cmp.Diff([]bool{c.commit, true}, commits); diff != "" {
				t.Errorf("transaction commit flags (-want +got):\n%s", diff)
			}
		})
	}
}

// TestWALDeltaHeaderBuilder guards the test's own header builder: the
// offsets it writes must be the ones the decoder reads back.
func TestWALDeltaHeaderBuilder(t *testing.T) {
	for _, v := range []uint64{14, 30, 36, 37} {
		h := wdHeader(v)
		b := wdFile(v)
		if !bytes.Equal(h, b) {
			t.Fatalf("v%d: empty file differs from its header", v)
		}
		w, err := decode.OpenWAL(bytes.NewReader(b), int64(len(b)), "t")
		if err != nil {
			t.Fatalf("v%d: %v", v, err)
		}
		if w.Header.OffsetMetadata != 31 || w.Header.OffsetDeltas != uint64(len(h)) || w.Header.HeaderEnd != uint64(len(h)) {
			t.Errorf("v%d: offsets %d/%d, header end %d, want 31/%d/%d", v,
				w.Header.OffsetMetadata, w.Header.OffsetDeltas, w.Header.HeaderEnd, len(h), len(h))
		}
		if (w.Header.Summary != nil) != (v >= 37) || w.Finalized() {
			t.Errorf("v%d: summary %+v", v, w.Header.Summary)
		}
	}
}
