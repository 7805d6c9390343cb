package decode_test

// Error classification on small hand-made inputs (annotated hex) and on
// single edits of corpus files: every decode error is a *format.DecodeError
// of exactly one class, at the offset of the damage. Also: length and count
// bombs stay within the allocation budget of the reliability plan (D4: about
// 64 × input size + 1 MiB).

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/fuzz"
)

// hx turns annotated hex into bytes: two-digit hex bytes separated by blanks,
// "quoted" text as its bytes, and # comments to the end of a line.
func hx(s string) []byte {
	var out []byte
	for _, line := range strings.Split(s, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		for line = strings.TrimSpace(line); line != ""; line = strings.TrimSpace(line) {
			if line[0] == '"' {
				j := strings.IndexByte(line[1:], '"')
				out = append(out, line[1:1+j]...)
				line = line[2+j:]
				continue
			}
			b, err := strconv.ParseUint(line[:2], 16, 8)
			if err != nil {
				panic(fmt.Sprintf("hx: %q: %v", line, err))
			}
			out = append(out, byte(b))
			line = line[2:]
		}
	}
	return out
}

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

// le64 is a raw little-endian u64; uintField is a marked UINT (0x12 + u64).
func le64(v uint64) []byte      { return binary.LittleEndian.AppendUint64(nil, v) }
func uintField(v uint64) []byte { return append([]byte{byte(format.MarkerInt)}, le64(v)...) }

// zeroCounts is n × UINT 0: n empty lists.
func zeroCounts(n int) []byte { return bytes.Repeat(uintField(0), n) }

// edit returns a copy of b changed by f.
func edit(b []byte, f func(b []byte)) []byte {
	b = bytes.Clone(b)
	f(b)
	return b
}

// pvInt42 is the property value Int 42.
var pvInt42 = hx(`17 12 2a 00 00 00 00 00 00 00`)

// handWAL is a hand-made v36 or v37 WAL: one-byte UUID and epoch, one
// transaction (timestamp 2) that creates vertex 1 and sets its property "p"
// to a value. Every CRC is valid; a v37 file is finalized (summary 2, 2, 4).
type handWAL struct {
	data  []byte
	txn   int // TRANSACTION_START frame (= offset_deltas)
	set   int // VERTEX_SET_PROPERTY frame
	value int // the value's 0x17
	end   int // TRANSACTION_END frame
}

func newHandWAL(version int, value []byte) handWAL {
	header := hx(`
		4d 47 77 6c                     # 0   "MGwl"
		24 00 00 00 00 00 00 00         # 4   version 36 (patched below)
		42                              # 12  SECTION_OFFSETS
		12 1f 00 00 00 00 00 00 00      # 13  UINT offset_metadata = 31
		12 46 00 00 00 00 00 00 00      # 22  UINT offset_deltas = 70 (patched below)
		23                              # 31  SECTION_METADATA
		14 01 00 00 00 00 00 00 00 "u"  # 32  STR storage uuid
		14 01 00 00 00 00 00 00 00 "e"  # 42  STR epoch id
		12 00 00 00 00 00 00 00 00      # 52  UINT seq_num 0
		12 00 00 00 00 00 00 00 00      # 61  UINT header CRC of bytes 0..61 (filled in)
	`)
	summary := hx(`                     # v37 only, at 70
		12 02 00 00 00 00 00 00 00      # +0  UINT from timestamp 2
		12 02 00 00 00 00 00 00 00      # +9  UINT to timestamp 2
		12 04 00 00 00 00 00 00 00      # +18 UINT 4 deltas
		12 00 00 00 00 00 00 00 00      # +27 UINT summary CRC of +0..+27 (filled in)
	`)
	txn := hx(`
		26 12 02 00 00 00 00 00 00 00 77  11 ff  12 00 00 00 00 00 00 00 00   # +0  TRANSACTION_START: commit, access 0
		26 12 02 00 00 00 00 00 00 00 50  12 01 00 00 00 00 00 00 00          # +22 VERTEX_CREATE gid 1
		26 12 02 00 00 00 00 00 00 00 54  12 01 00 00 00 00 00 00 00          # +42 VERTEX_SET_PROPERTY gid 1,
		   14 01 00 00 00 00 00 00 00 "p"                                      #     property "p", then the value
	`)
	end := hx(`26 12 02 00 00 00 00 00 00 00 58  12 00 00 00 00 00 00 00 00  # TRANSACTION_END, CRC of the transaction through this 0x12`)
	if version >= 37 {
		header = append(header, summary...)
	}
	h := handWAL{txn: len(header)}
	h.set, h.value = h.txn+42, h.txn+72
	h.end = h.value + len(value)
	h.data = cat(header, txn, value, end)
	h.data[4] = byte(version)
	binary.LittleEndian.PutUint64(h.data[23:], uint64(h.txn))
	fixCRC(h.data, 0, 61)
	if version >= 37 {
		fixCRC(h.data, 70, 97)
	}
	fixCRC(h.data, int64(h.txn), int64(h.end+11))
	return h
}

// handSnapshot is a hand-made v37 snapshot holding one vertex (gid 1, no
// labels) whose property "p" (mapper id 0) has a given value, and nothing
// else: every section present and empty, TTL disabled.
type handSnapshot struct {
	data  []byte
	at    [13]int // section offsets by format.OffsetSlot
	value int     // the value's 0x17
}

func newHandSnapshot(value []byte) handSnapshot {
	var h handSnapshot
	h.data = hx(`
		4d 47 73 6e               # 0   "MGsn"
		25 00 00 00 00 00 00 00   # 4   version 37
		42                        # 12  SECTION_OFFSETS, then 13 UINT offsets (filled in)
	`)
	h.data = append(h.data, zeroCounts(13)...)
	const vertices = 130 // 13 + 13 × 9
	h.value = vertices + 37
	sections := []struct {
		slot  format.OffsetSlot
		bytes []byte
	}{
		{format.OffsetVertices, cat(hx(`
			20                          # SECTION_VERTEX
			12 01 00 00 00 00 00 00 00  # UINT gid 1
			12 00 00 00 00 00 00 00 00  # UINT 0 labels
			12 01 00 00 00 00 00 00 00  # UINT 1 property:
			12 00 00 00 00 00 00 00 00  #   UINT mapper id 0, then the value
		`), value, hx(`
			12 00 00 00 00 00 00 00 00  # UINT 0 in-edges
			12 00 00 00 00 00 00 00 00  # UINT 0 out-edges
		`))},
		// SECTION_INDICES, empty lists: label, label stats, label+properties,
		// descending label+properties, label+properties stats.
		{format.OffsetIndices, cat(hx(`24`), zeroCounts(5))},
		// SECTION_EDGE_INDICES, empty lists: edge type, edge type+property,
		// global edge property, global vertex property, point, vector,
		// vector edge, text, text edge.
		{format.OffsetEdgeIndices, cat(hx(`28`), zeroCounts(9))},
		// SECTION_CONSTRAINTS, empty lists: existence, unique, type.
		{format.OffsetConstraints, cat(hx(`25`), zeroCounts(3))},
		{format.OffsetMapper, hx(`
			22                              # SECTION_MAPPER
			12 01 00 00 00 00 00 00 00      # UINT 1 entry:
			12 00 00 00 00 00 00 00 00      #   UINT id 0
			14 01 00 00 00 00 00 00 00 "p"  #   STR name
		`)},
		{format.OffsetEnums, cat(hx(`29`), zeroCounts(1))},        // SECTION_ENUMS, no enums
		{format.OffsetEpochHistory, cat(hx(`27`), zeroCounts(1))}, // SECTION_EPOCH_HISTORY, empty
		{format.OffsetMetadata, hx(`
			23                              # SECTION_METADATA
			14 01 00 00 00 00 00 00 00 "u"  # STR storage uuid
			14 01 00 00 00 00 00 00 00 "e"  # STR epoch id
			12 02 00 00 00 00 00 00 00      # UINT start timestamp
			12 02 00 00 00 00 00 00 00      # UINT durable timestamp
			12 00 00 00 00 00 00 00 00      # UINT edge count
			12 01 00 00 00 00 00 00 00      # UINT vertex count
			12 01 00 00 00 00 00 00 00      # UINT committed transactions
		`)},
		{format.OffsetEdgeBatches, zeroCounts(1)}, // no edge batches
		{format.OffsetVertexBatches, hx(`
			12 01 00 00 00 00 00 00 00      # UINT 1 batch:
			12 82 00 00 00 00 00 00 00      #   UINT offset 130
			12 01 00 00 00 00 00 00 00      #   UINT 1 record
		`)},
		{format.OffsetTTL, hx(`2a  11 00`)},                       // SECTION_TTL, BOOL enabled = false
		{format.OffsetDescriptions, cat(hx(`2b`), zeroCounts(1))}, // SECTION_DESCRIPTIONS, none
	}
	for _, s := range sections {
		h.at[s.slot] = len(h.data)
		h.data = append(h.data, s.bytes...)
	}
	h.at[format.OffsetEdges] = vertices // an empty edge section starts where the vertices do
	for i, slot := range format.SnapshotOffsetSlots(format.FeaturesOf(37)) {
		binary.LittleEndian.PutUint64(h.data[13+9*i+1:], uint64(h.at[slot]))
	}
	return h
}

// TestHandMadeInputs checks that the hand-made files the error cases edit
// decode cleanly to what they say.
func TestHandMadeInputs(t *testing.T) {
	for _, v := range []int{36, 37} {
		h := newHandWAL(v, pvInt42)
		m, err := decode.DecodeWAL(bytes.NewReader(h.data), int64(len(h.data)), "")
		if err != nil {
			t.Fatalf("v%d: %v", v, err)
		}
		if len(m.Frames) != 4 || m.Frames[2].Offset != int64(h.set) || m.Frames[3].Offset != int64(h.end) ||
			m.Frames[2].Delta.(format.VertexPropertyDelta).Value != format.Int(42) {
			t.Errorf("v%d: frames %+v", v, m.Frames)
		}
		if s := m.Header.Summary; (v == 37) != s.Finalized() {
			t.Errorf("v%d: summary %+v", v, s)
		}
	}
	h := newHandSnapshot(pvInt42)
	m, err := decode.DecodeSnapshot(bytes.NewReader(h.data), int64(len(h.data)), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Vertices) != 1 || m.Vertices[0].Properties[0].Value != format.Int(42) || len(m.Gaps) != 0 || m.Mapper[0].Name != "p" {
		t.Errorf("snapshot model %+v", m)
	}
}

// nested returns a property value of depth levels of one-element lists (or
// maps with key "k") around Null.
func nested(depth int, maps bool) []byte {
	level := hx(`17 15  01 00 00 00 00 00 00 00`) // PROPERTY_VALUE LIST, u64 size 1
	if maps {
		level = hx(`17 16  01 00 00 00 00 00 00 00  14 01 00 00 00 00 00 00 00 "k"`) // MAP, size 1, key "k"
	}
	return cat(bytes.Repeat(level, depth), hx(`17 10`))
}

// errCase is one input and the error it must produce.
type errCase struct {
	name    string
	data    []byte
	wal     bool
	class   error  // the sentinel the error must wrap
	offset  int64  // the exact DecodeError.Offset; -1: any
	section string // DecodeError.Section; "": any
	reason  string // a substring of Reason
	version uint64 // for ErrUnsupportedVersion: UnsupportedVersionError.Version
	bomb    bool   // also check the allocation budget
}

func TestDecodeErrors(t *testing.T) {
	w36, w37 := newHandWAL(36, pvInt42), newHandWAL(37, pvInt42)
	snap := newHandSnapshot(pvInt42)
	withValue := func(value []byte) (handWAL, handWAL, handSnapshot) {
		return newHandWAL(36, value), newHandWAL(37, value), newHandSnapshot(value)
	}

	// Corpus files get single, surgical edits.
	c36 := corpusBytes(t, "v36/test_all/wal.bin")
	c37 := corpusBytes(t, "v37/test_all/wal.bin")
	l36, l37 := layoutWAL(t, c36, "v36"), layoutWAL(t, c37, "v37")
	hdrCRC36 := int64(l36.hdr.HeaderEnd) - 9 // 131
	sum37 := summaryStart(l37.hdr)           // 140

	var cases []errCase
	add := func(c ...errCase) { cases = append(cases, c...) }

	// Magic and version.
	add(
		errCase{name: "WAL bad magic", wal: true, data: hx(`4d 47 77 78  25 00 00 00 00 00 00 00`), class: format.ErrBadMagic, offset: 0, section: "header", reason: `"MGwx"`},
		errCase{name: "snapshot given a WAL", data: w37.data, class: format.ErrBadMagic, offset: 0, section: "header", reason: `"MGwl"`},
		errCase{name: "WAL given a snapshot", wal: true, data: snap.data, class: format.ErrBadMagic, offset: 0, section: "header"},
		errCase{name: "empty WAL", wal: true, data: nil, class: format.ErrTruncated, offset: 0, section: "header", reason: "magic"},
		errCase{name: "empty snapshot", data: nil, class: format.ErrTruncated, offset: 0, section: "header", reason: "magic"},
	)
	for _, v := range []uint64{0, 13, 38, math.MaxUint64} {
		add(
			errCase{name: fmt.Sprintf("WAL version %d", v), wal: true, data: edit(w37.data, func(b []byte) { binary.LittleEndian.PutUint64(b[4:], v) }),
				class: format.ErrUnsupportedVersion, offset: 4, section: "header", version: v},
			errCase{name: fmt.Sprintf("snapshot version %d", v), data: edit(snap.data, func(b []byte) { binary.LittleEndian.PutUint64(b[4:], v) }),
				class: format.ErrUnsupportedVersion, offset: 4, section: "header", version: v},
		)
	}

	// Truncated headers (the hand-made v36/v37 layout is annotated in newHandWAL).
	add(
		errCase{name: "WAL cut in the magic", wal: true, data: w36.data[:3], class: format.ErrTruncated, offset: 3, section: "header"},
		errCase{name: "WAL cut in the version", wal: true, data: w36.data[:9], class: format.ErrTruncated, offset: 9, section: "header", reason: "version"},
		errCase{name: "WAL cut before SECTION_OFFSETS", wal: true, data: w36.data[:12], class: format.ErrTruncated, offset: 12, section: "header"},
		errCase{name: "WAL cut in offset_metadata", wal: true, data: w36.data[:20], class: format.ErrTruncated, offset: 13, section: "header", reason: "metadata offset"},
		errCase{name: "WAL cut in the uuid length", wal: true, data: w36.data[:38], class: format.ErrTruncated, offset: 33, section: "header", reason: "uuid length"},
		errCase{name: "WAL cut in the uuid bytes", wal: true, data: w36.data[:41], class: format.ErrTruncated, offset: 33, section: "header", reason: "uuid"},
		errCase{name: "WAL cut in the header CRC", wal: true, data: w36.data[:66], class: format.ErrTruncated, offset: 62, section: "header", reason: "header CRC"},
		errCase{name: "WAL cut in the summary", wal: true, data: w37.data[:80], class: format.ErrTruncated, offset: 79, section: "summary", reason: "to timestamp"},
		errCase{name: "snapshot cut in the version", data: snap.data[:7], class: format.ErrTruncated, offset: 7, section: "header"},
		errCase{name: "snapshot cut in the offsets table", data: snap.data[:16], class: format.ErrTruncated, offset: 13, section: "offsets", reason: "offset of edges"},
		errCase{name: "snapshot cut after the first offset", data: snap.data[:50], class: format.ErrTruncated, offset: 13, section: "offsets", reason: "beyond the file size 50"},
	)

	// Checksums.
	add(
		errCase{name: "v36 corpus WAL, uuid byte changed: header CRC", wal: true,
			data:  edit(c36, func(b []byte) { b[41] ^= 0x01 }), // first character of the UUID ('5' → '4')
			class: format.ErrChecksum, offset: hdrCRC36, section: "header", reason: "header CRC"},
		errCase{name: "hand-made v36, uuid changed: header CRC", wal: true, data: edit(w36.data, func(b []byte) { b[41] = 'v' }),
			class: format.ErrChecksum, offset: 61, section: "header", reason: "header CRC"},
		errCase{name: "v36 corpus WAL, access type of transaction #0 changed: transaction CRC", wal: true,
			data:  edit(c36, func(b []byte) { b[l36.txnStarts[0]+14] = 0x01 }), // TRANSACTION_START: 26, ts, 77, 11 ff, 12 access
			class: format.ErrChecksum, offset: l36.txnCRCMarker[0], section: "delta", reason: "transaction CRC"},
		// The last transaction of an unfinalized file: every byte is there, so
		// a mismatch is damage, not a torn tail (the CRC's high 4 bytes are
		// zero and end the file; they are not zero padding).
		errCase{name: "v36 corpus WAL, access type of the last transaction changed: transaction CRC", wal: true,
			data:  edit(c36, func(b []byte) { b[l36.txnStarts[len(l36.txnStarts)-1]+14] = 0x01 }),
			class: format.ErrChecksum, offset: l36.txnCRCMarker[len(l36.txnCRCMarker)-1], section: "delta", reason: "transaction CRC"},
		errCase{name: "v37 corpus WAL, a byte of transaction #5 changed: transaction CRC", wal: true,
			data:  edit(c37, func(b []byte) { b[l37.txnStarts[5]+14] ^= 0x01 }),
			class: format.ErrChecksum, offset: l37.txnCRCMarker[5], section: "delta", reason: "transaction CRC"},
		errCase{name: "hand-made v36, vertex gid changed: transaction CRC", wal: true, data: edit(w36.data, func(b []byte) { b[w36.txn+34] = 2 }),
			class: format.ErrChecksum, offset: int64(w36.end + 11), section: "delta", reason: "transaction CRC"},
		errCase{name: "hand-made v36, CRC high bytes not zero", wal: true, data: edit(w36.data, func(b []byte) { b[w36.end+18] = 1 }),
			class: format.ErrChecksum, offset: int64(w36.end + 11), section: "delta"},
		errCase{name: "v37 corpus WAL, summary count changed without its CRC", wal: true,
			data:  edit(c37, func(b []byte) { b[sum37+19]++ }),
			class: format.ErrChecksum, offset: sum37 + 27, section: "summary", reason: "summary CRC"},
	)

	// Summary that contradicts the file.
	add(
		errCase{name: "v37 corpus WAL, summary count +1 with a valid CRC", wal: true,
			data:  edit(c37, func(b []byte) { b[sum37+19]++; fixCRC(b, sum37, sum37+27) }),
			class: format.ErrTruncated, offset: int64(len(c37)), section: "delta", reason: "its summary promises"},
		errCase{name: "v37 corpus WAL, summary count -1 with a valid CRC", wal: true,
			data:  edit(c37, func(b []byte) { b[sum37+19]--; fixCRC(b, sum37, sum37+27) }),
			class: format.ErrCorrupt, offset: sum37, section: "summary", reason: "summary says"},
		errCase{name: "v37 corpus WAL, summary to-timestamp changed with a valid CRC", wal: true,
			data:  edit(c37, func(b []byte) { b[sum37+10]++; fixCRC(b, sum37, sum37+27) }),
			class: format.ErrCorrupt, offset: sum37, section: "summary", reason: "summary says"},
	)

	// Delta markers.
	create := w36.txn + 22
	add(
		errCase{name: "unknown delta marker 0x4f", wal: true, data: edit(w36.data, func(b []byte) { b[create+10] = 0x4f }),
			class: format.ErrCorrupt, offset: int64(create + 10), section: "delta", reason: "unknown delta type 0x4f"},
		errCase{name: "unknown delta marker 0x7e", wal: true, data: edit(w37.data, func(b []byte) { b[w37.txn+22+10] = 0x7e }),
			class: format.ErrCorrupt, offset: int64(w37.txn + 32), section: "delta", reason: "unknown delta type 0x7e"},
		errCase{name: "v37 delta in a v36 file", wal: true, data: edit(w36.data, func(b []byte) { b[create+10] = byte(format.DeltaGlobalVertexPropertyIndexCreate) }),
			class: format.ErrCorrupt, offset: int64(create + 10), section: "delta", reason: "needs format 37"},
		errCase{name: "unknown delta marker in the last TRANSACTION_END of a v36 corpus WAL", wal: true,
			data:  edit(c36, func(b []byte) { b[len(b)-20+10] = 0x4f }), // 26 | 12 ts | 58 | 12 crc: the last 20 bytes
			class: format.ErrCorrupt, offset: int64(len(c36) - 10), section: "delta", reason: "unknown delta type 0x4f"},
		errCase{name: "not a delta frame", wal: true, data: edit(w36.data, func(b []byte) { b[create] = 0x25 }),
			class: format.ErrCorrupt, offset: int64(create), section: "delta"},
	)

	// Bool payloads other than 00 and ff.
	b36, b37, bsnap := withValue(hx(`17 11 01`)) // PROPERTY_VALUE BOOL 0x01
	add(
		errCase{name: "bool value 0x01 in a snapshot", data: bsnap.data, class: format.ErrCorrupt, offset: int64(bsnap.value + 2), section: "vertices", reason: "bool payload"},
		errCase{name: "bool value 0x01 in a v36 WAL", wal: true, data: b36.data, class: format.ErrCorrupt, offset: int64(b36.value + 2), section: "delta", reason: "bool payload"},
		errCase{name: "bool value 0x01 in a v37 WAL", wal: true, data: b37.data, class: format.ErrCorrupt, offset: int64(b37.value + 2), section: "delta", reason: "bool payload"},
		errCase{name: "commit flag 0x01", wal: true, data: edit(w36.data, func(b []byte) { b[w36.txn+12] = 0x01 }),
			class: format.ErrCorrupt, offset: int64(w36.txn + 12), section: "delta", reason: "commit flag"},
		errCase{name: "TTL enabled flag 0x7f", data: edit(snap.data, func(b []byte) { b[snap.at[format.OffsetTTL]+2] = 0x7f }),
			class: format.ErrCorrupt, offset: int64(snap.at[format.OffsetTTL] + 2), section: "ttl", reason: "bool payload"},
	)

	// Snapshot offsets.
	size := uint64(len(snap.data))
	add(
		errCase{name: "snapshot mapper offset beyond EOF", data: edit(snap.data, func(b []byte) { binary.LittleEndian.PutUint64(b[13+9*5+1:], size+1) }),
			class: format.ErrTruncated, offset: 13 + 9*5, section: "offsets", reason: "offset of mapper"},
		errCase{name: "snapshot descriptions offset 2^63", data: edit(snap.data, func(b []byte) { binary.LittleEndian.PutUint64(b[13+9*12+1:], 1<<63) }),
			class: format.ErrTruncated, offset: 13 + 9*12, section: "offsets", reason: "offset of descriptions"},
		errCase{name: "snapshot indices offset at the constraints section", data: edit(snap.data, func(b []byte) {
			binary.LittleEndian.PutUint64(b[13+9*2+1:], uint64(snap.at[format.OffsetConstraints]))
		}), class: format.ErrCorrupt, offset: int64(snap.at[format.OffsetConstraints]), section: "indices", reason: "SECTION_INDICES"},
		errCase{name: "snapshot vertex batch beyond EOF", data: edit(snap.data, func(b []byte) { binary.LittleEndian.PutUint64(b[snap.at[format.OffsetVertexBatches]+10:], size) }),
			class: format.ErrTruncated, offset: int64(snap.at[format.OffsetVertexBatches] + 9), section: "vertex_batches", reason: "beyond the file size"},
	)

	// Length and count bombs: bounded errors, no allocation from the claim.
	s36, s37, ssnap := withValue(hx(`17 14  00 00 00 00 00 00 00 80`)) // STRING of length 2^63
	add(
		errCase{name: "string length 2^63 in a snapshot", data: ssnap.data, class: format.ErrTruncated, offset: int64(ssnap.value + 2), section: "vertices", reason: "length 9223372036854775808", bomb: true},
		errCase{name: "string length 2^63 in a finalized v37 WAL", wal: true, data: s37.data, class: format.ErrTruncated, offset: int64(s37.value + 2), section: "delta", reason: "length 9223372036854775808", bomb: true},
		// Unfinalized: the transaction claims to run past the end of the
		// file, but its own TRANSACTION_END follows: damage, not a torn tail.
		errCase{name: "string length 2^63 in a v36 WAL", wal: true, data: s36.data, class: format.ErrCorrupt, offset: int64(s36.value + 2), section: "delta", reason: "own TRANSACTION_END follows", bomb: true},
		errCase{name: "uuid length 2^63", wal: true, data: edit(w36.data, func(b []byte) { binary.LittleEndian.PutUint64(b[33:], 1<<63) }),
			class: format.ErrTruncated, offset: 33, section: "header", bomb: true},
	)
	l36b, l37b, lsnap := withValue(hx(`17 15  00 00 00 00 00 01 00 00`)) // LIST of 2^40 elements
	add(
		errCase{name: "list count 2^40 in a snapshot", data: lsnap.data, class: format.ErrTruncated, offset: int64(lsnap.value + 2), section: "vertices", reason: "count 1099511627776", bomb: true},
		errCase{name: "list count 2^40 in a finalized v37 WAL", wal: true, data: l37b.data, class: format.ErrTruncated, offset: int64(l37b.value + 2), section: "delta", reason: "count 1099511627776", bomb: true},
		errCase{name: "list count 2^40 in a v36 WAL", wal: true, data: l36b.data, class: format.ErrCorrupt, offset: int64(l36b.value + 2), section: "delta", reason: "own TRANSACTION_END follows", bomb: true},
	)
	// A count the file could hold (2^20 elements, 2 MiB of zeros after it)
	// whose first element is not a value: at most a capped preallocation.
	pad := cat(hx(`17 15  00 00 10 00 00 00 00 00`), make([]byte, 2<<20))
	_, p37, psnap := withValue(pad)
	add(
		errCase{name: "plausible list count 2^20, zeros after it, snapshot", data: psnap.data, class: format.ErrCorrupt, offset: int64(psnap.value + 10), section: "vertices", reason: "PROPERTY_VALUE", bomb: true},
		errCase{name: "plausible list count 2^20, zeros after it, v37 WAL", wal: true, data: p37.data, class: format.ErrCorrupt, offset: int64(p37.value + 10), section: "delta", reason: "PROPERTY_VALUE", bomb: true},
	)
	// Nesting: maxDepth levels decode (TestNestingLimit), one more is refused where
	// its size would be read; 100,000 levels must not reach the stack.
	for _, depth := range []int{maxDepth + 1, 100_000} {
		_, n37, nsnap := withValue(nested(depth, false))
		_, m37, msnap := withValue(nested(depth, true))
		add(
			errCase{name: fmt.Sprintf("%d nested lists in a snapshot", depth), data: nsnap.data, class: format.ErrCorrupt, offset: int64(nsnap.value + 10*maxDepth + 2), section: "vertices", reason: fmt.Sprintf("nested deeper than %d", maxDepth), bomb: true},
			errCase{name: fmt.Sprintf("%d nested lists in a v37 WAL", depth), wal: true, data: n37.data, class: format.ErrCorrupt, offset: int64(n37.value + 10*maxDepth + 2), section: "delta", reason: fmt.Sprintf("nested deeper than %d", maxDepth), bomb: true},
			errCase{name: fmt.Sprintf("%d nested maps in a snapshot", depth), data: msnap.data, class: format.ErrCorrupt, offset: int64(msnap.value + 20*maxDepth + 2), section: "vertices", reason: fmt.Sprintf("nested deeper than %d", maxDepth), bomb: true},
			errCase{name: fmt.Sprintf("%d nested maps in a v37 WAL", depth), wal: true, data: m37.data, class: format.ErrCorrupt, offset: int64(m37.value + 20*maxDepth + 2), section: "delta", reason: fmt.Sprintf("nested deeper than %d", maxDepth), bomb: true},
		)
	}

	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := decodeBytes(c.data, c.wal)
			if o.panic != "" {
				t.Fatalf("panic: %s", o.panic)
			}
			class, de, err := classify(o.err, len(c.data))
			if err != nil {
				t.Fatal(err)
			}
			if de == nil || !errors.Is(o.err, c.class) {
				t.Fatalf("got %s (%v), want class %v", class, o.err, c.class)
			}
			if c.offset >= 0 && de.Offset != c.offset {
				t.Errorf("offset %d, want %d: %v", de.Offset, c.offset, o.err)
			}
			if c.section != "" && de.Section != c.section {
				t.Errorf("section %q, want %q: %v", de.Section, c.section, o.err)
			}
			if !strings.Contains(de.Reason, c.reason) {
				t.Errorf("reason %q does not mention %q", de.Reason, c.reason)
			}
			if !strings.Contains(o.err.Error(), fmt.Sprintf("offset %d", de.Offset)) {
				t.Errorf("message %q does not name the offset", o.err)
			}
			if c.class == format.ErrUnsupportedVersion {
				var uv *format.UnsupportedVersionError
				if !errors.As(o.err, &uv) || uint64(uv.Version) != c.version {
					t.Errorf("want *format.UnsupportedVersionError{Version: %d}, got %#v", c.version, uv)
				}
			}
			if c.wal {
				if err := fuzz.CheckNextFrames(c.data, 3); err != nil {
					t.Error(err)
				}
			}
			if c.bomb {
				got := heapAllocs(1, func() { decodeBytes(c.data, c.wal) })
				if budget := allocBudget(len(c.data)); got > budget {
					t.Errorf("decoding allocated %d bytes, budget %d (64 × %d input bytes + 1 MiB)", got, budget, len(c.data))
				}
			}
		})
	}
}

// maxDepth is the nesting limit of spec/primitives.md §4.1.
const maxDepth = 64

// TestNestingLimit: maxDepth levels of lists decode; the limit is exact.
func TestNestingLimit(t *testing.T) {
	for _, maps := range []bool{false, true} {
		h := newHandSnapshot(nested(maxDepth, maps))
		m, err := decode.DecodeSnapshot(bytes.NewReader(h.data), int64(len(h.data)), "")
		if err != nil {
			t.Fatalf("maps=%v: %d levels: %v", maps, maxDepth, err)
		}
		depth := 0
		for v := m.Vertices[0].Properties[0].Value; ; depth++ {
			if l, ok := v.(format.List); ok {
				v = l[0]
			} else if mp, ok := v.(format.Map); ok {
				v = mp[0].Value
			} else {
				break
			}
		}
		if depth != maxDepth {
			t.Errorf("maps=%v: decoded depth %d, want %d", maps, depth, maxDepth)
		}
	}
}

// heapAllocs returns the heap bytes f allocates (runtime/metrics
// /gc/heap/allocs:bytes), the least over runs calls. Small allocations are
// counted per cached span, so the figure is exact to a few KiB; tests that
// use it do not run in parallel.
func heapAllocs(runs int, f func()) uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	best := uint64(math.MaxUint64)
	for range runs {
		metrics.Read(s)
		before := s[0].Value.Uint64()
		f()
		metrics.Read(s)
		best = min(best, s[0].Value.Uint64()-before)
	}
	return best
}

// allocBudget is the reliability plan's D4 budget for decoding n bytes.
func allocBudget(n int) uint64 { return 64*uint64(n) + 1<<20 }

// TestSnapshotOverlappingBatches: a vertex batch table whose N entries all
// point at the same records. The spec says the batches cover every record
// exactly once, in order; a decoder that follows them anyway decodes N times
// the records, so a file of S bytes costs O(S²) time and memory (each 18-byte
// table entry re-reads the whole vertex section). It must be refused.
func TestSnapshotOverlappingBatches(t *testing.T) {
	const name = "v37/test_vertices/snapshot.bin"
	src := corpusBytes(t, name)
	s, err := decode.OpenSnapshot(bytes.NewReader(src), int64(len(src)), name)
	if err != nil {
		t.Fatal(err)
	}
	_, batches, _, err := s.BatchTables()
	if err != nil || len(batches) != 1 {
		t.Fatalf("%s: want one vertex batch (%v)", name, err)
	}
	const copies = 5_000
	data := bytes.Clone(src)
	table := len(data)
	data = append(data, uintField(copies)...)
	for range copies { // every entry: the whole, real vertex batch
		data = append(data, cat(uintField(batches[0].Offset), uintField(batches[0].Count))...)
	}
	slot := slices.Index(format.SnapshotOffsetSlots(s.Features), format.OffsetVertexBatches)
	binary.LittleEndian.PutUint64(data[13+9*slot+1:], uint64(table))

	var m *format.Snapshot
	alloc := heapAllocs(1, func() { m, err = decode.DecodeSnapshot(bytes.NewReader(data), int64(len(data)), "") })
	if err == nil {
		t.Errorf("decoded %d vertices from %d batches that all point at the same %d records (metadata vertex count %d); want ErrCorrupt in vertex_batches",
			len(m.Vertices), copies, batches[0].Count, m.Metadata.VertexCount)
	} else if !errors.Is(err, format.ErrCorrupt) && !errors.Is(err, format.ErrInconsistent) {
		t.Errorf("got %v, want ErrCorrupt (or ErrInconsistent)", err)
	}
	if budget := allocBudget(len(data)); alloc > budget {
		t.Errorf("decoding %d bytes allocated %d bytes, budget %d", len(data), alloc, budget)
	}
}

// TestSnapshotManyBatchesAllocation: a valid snapshot written with one vertex
// per batch (Memgraph's storage_items_per_batch can be set that low). Every
// batch gets its own cursor with a fresh 64 KiB read buffer, so decoding
// allocates about 64 KiB per 100 input bytes, 600 × the input.
func TestSnapshotManyBatchesAllocation(t *testing.T) {
	data, vertices := genSnapshot(t, 512<<10, 1)
	var err error
	alloc := heapAllocs(1, func() { _, err = decode.DecodeSnapshot(bytes.NewReader(data), int64(len(data)), "") })
	if err != nil {
		t.Fatal(err)
	}
	if budget := allocBudget(len(data)); alloc > budget {
		t.Errorf("decoding a valid %d-byte snapshot of %d one-vertex batches allocated %d bytes (%d per batch), budget %d",
			len(data), vertices, alloc, alloc/uint64(vertices), budget)
	}
}
