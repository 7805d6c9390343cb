package inspect

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
)

// TestVerifyCorpus: every real Memgraph file verifies without a finding.
func TestVerifyCorpus(t *testing.T) {
	files := golden.CorpusFiles(t)
	if len(files) != 126 {
		t.Fatalf("%d corpus files, want 126", len(files))
	}
	for _, p := range files {
		r := verifyPath(t, p, VerifyOptions{})
		for _, fd := range r.Findings {
			t.Errorf("%s", fd)
		}
		if r.Verdict != VerdictOK || r.Version == 0 {
			t.Errorf("%s: verdict %q, version %d", p, r.Verdict, r.Version)
		}
	}
}

// TestVerifyExamples: the shipped example files are clean, except the torn
// v36 WAL, which has exactly one torn-tail warning where its last
// transaction starts.
func TestVerifyExamples(t *testing.T) {
	dir := filepath.Join(golden.TestdataDir(), "examples")
	names, err := filepath.Glob(filepath.Join(dir, "*.bin"))
	if err != nil || len(names) != 5 {
		t.Fatalf("example files: %v %v", names, err)
	}
	for _, p := range names {
		r := verifyPath(t, p, VerifyOptions{})
		if filepath.Base(p) != "wal_v36_torn.bin" {
			if len(r.Findings) != 0 || r.Verdict != VerdictOK {
				t.Errorf("%s: %v", p, r.Findings)
			}
			continue
		}
		// The torn file is a prefix of the full v36 example WAL, cut
		// inside its last transaction.
		full := encodeWAL(t, golden.ExampleWAL(36), false)
		torn, _ := os.ReadFile(p)
		if !bytes.HasPrefix(full, torn) {
			t.Fatal("wal_v36_torn.bin is not a prefix of the v36 example WAL")
		}
		txns := walTransactions(t, full)
		last := txns[len(txns)-1]
		if int64(len(torn)) <= last.Offset || int64(len(torn)) >= last.End {
			t.Fatalf("the cut at %d is not inside the last transaction %d..%d", len(torn), last.Offset, last.End)
		}
		if len(r.Findings) != 1 {
			t.Fatalf("torn example: %d findings, want 1: %v", len(r.Findings), r.Findings)
		}
		fd := r.Findings[0]
		if fd.Check != "wal.torn_tail" || fd.Severity != SeverityWarning || fd.Offset != last.Offset || r.Verdict != VerdictWarnings {
			t.Errorf("torn example: %s (verdict %s), want a wal.torn_tail warning at %d", fd, r.Verdict, last.Offset)
		}
		if r.Counts.Transactions != uint64(len(txns)-1) {
			t.Errorf("torn example: %d complete transactions, want %d", r.Counts.Transactions, len(txns)-1)
		}
	}
}

// --- planted WAL corruptions ---

func TestVerifyWALFlippedByte(t *testing.T) {
	for _, v := range []format.Version{36, 37} {
		wal := encodeWAL(t, golden.ExampleWAL(v), format.FeaturesOf(v).Has(format.FeatWALSummary))
		at := int64(bytes.Index(wal, []byte("CURIOUS")))
		if at < 0 {
			t.Fatal("no enum value to flip")
		}
		var crcAt int64 = -1
		for _, tx := range walTransactions(t, wal) {
			if tx.Offset <= at && at < tx.End {
				end := tx.Frames[len(tx.Frames)-1]
				if end.Marker != format.DeltaTransactionEnd {
					t.Fatal("transaction does not end with TRANSACTION_END")
				}
				crcAt = end.Offset + 11 // 0x26, UINT timestamp, 0x58, then the CRC's 0x12
			}
		}
		bad := bytes.Clone(wal)
		bad[at] ^= 0x20 // 'C' -> 'c': still a valid string
		r := verifyBytes(t, bad, VerifyOptions{})
		wantOnly(t, r, "wal.txn_crc", crcAt)
	}
	// The header and the summary have CRCs of their own (spec/wal.md §2, §3):
	// with 36-byte uuid and epoch the header CRC is at 131, the summary CRC at 167.
	wal := encodeWAL(t, golden.ExampleWAL(37), true)
	bad := bytes.Clone(wal)
	bad[45] ^= 1 // inside the uuid (its STR starts at 32: marker, 8-byte length, text)
	wantOnly(t, verifyBytes(t, bad, VerifyOptions{}), "wal.header_crc", 131)
	bad = bytes.Clone(wal)
	bad[158+1] ^= 1 // the summary delta count (its UINT starts at 158)
	wantOnly(t, verifyBytes(t, bad, VerifyOptions{}), "wal.summary_crc", 167)
}

func TestVerifyWALTruncatedFinalized(t *testing.T) {
	wal := encodeWAL(t, golden.ExampleWAL(37), true)
	txns := walTransactions(t, wal)
	cut := wal[:txns[4].End] // between transactions, short of the 45 deltas the summary promises
	r := verifyBytes(t, cut, VerifyOptions{})
	wantOnly(t, r, "wal.truncated", int64(len(cut)))
	// The same cut in an unfinalized file is a clean, shorter WAL.
	open := encodeWAL(t, golden.ExampleWAL(36), false)
	if r := verifyBytes(t, open[:walTransactions(t, open)[4].End], VerifyOptions{}); len(r.Findings) != 0 {
		t.Errorf("unfinalized WAL cut between transactions: %v", r.Findings)
	}
	// Cut inside a transaction: finalized is an error, unfinalized a torn tail.
	r = verifyBytes(t, wal[:txns[4].End-3], VerifyOptions{})
	if r.Verdict != VerdictErrors || len(findingsOf(r, "wal.truncated")) != 1 {
		t.Errorf("finalized WAL cut inside a transaction: %v", r.Findings)
	}
}

// walWithTimestamp rewrites the timestamps of transaction k of m.
func walWithTimestamp(m *format.WAL, k int, ts uint64) {
	f := format.FeaturesOf(m.Header.Version)
	txn := 0
	for i := range m.Frames {
		if txn == k {
			m.Frames[i].Timestamp = ts
		}
		if format.ClosesTransaction(m.Frames[i].Marker, f) {
			txn++
		}
	}
}

func TestVerifyWALTimestampBackwards(t *testing.T) {
	for _, v := range []format.Version{14, 37} {
		m := golden.ExampleWAL(v)
		walWithTimestamp(m, 3, 1) // below transaction #2's
		wal := encodeWAL(t, m, format.FeaturesOf(v).Has(format.FeatWALSummary))
		txns := walTransactions(t, wal)
		if txns[3].Timestamp != 1 || txns[2].Timestamp <= 1 {
			t.Fatalf("v%d: timestamps %d, %d", v, txns[2].Timestamp, txns[3].Timestamp)
		}
		r := verifyBytes(t, wal, VerifyOptions{})
		wantOnly(t, r, "wal.timestamp_order", txns[3].Offset)
	}
	// Equal timestamps are allowed.
	m := golden.ExampleWAL(37)
	walWithTimestamp(m, 3, walTimestampOf(m, 2))
	if r := verifyBytes(t, encodeWAL(t, m, true), VerifyOptions{}); len(r.Findings) != 0 {
		t.Errorf("equal timestamps: %v", r.Findings)
	}
}

// TestVerifyWALFailFastCounts: a WAL's counts cover the transactions
// checked, when --fail-fast stops at a finding, not the frames the decoder
// read ahead (NextFrames hands them out in batches).
func TestVerifyWALFailFastCounts(t *testing.T) {
	m := golden.ExampleWAL(37)
	walWithTimestamp(m, 3, 1) // below transaction #2's
	wal := encodeWAL(t, m, true)
	txns := walTransactions(t, wal)
	var deltas uint64
	for _, tx := range txns[:3] {
		deltas += uint64(len(tx.Frames))
	}
	r := verifyBytes(t, wal, VerifyOptions{FailFast: true})
	want := VerifyCounts{Transactions: 3, Deltas: deltas, FromTimestamp: txns[0].Timestamp, ToTimestamp: txns[2].Timestamp}
	if !r.Stopped || r.Counts != want {
		t.Errorf("fail-fast at transaction #3: counts %+v (stopped %v), want %+v", r.Counts, r.Stopped, want)
	}
	if r := verifyBytes(t, wal, VerifyOptions{}); r.Counts.Transactions != uint64(len(txns)) {
		t.Errorf("without fail-fast: %d transactions counted of %d", r.Counts.Transactions, len(txns))
	}
}

// TestVerifyWALFrameTimestamp: a frame whose timestamp differs from its
// transaction's is corruption the decoder reports at the timestamp field.
func TestVerifyWALFrameTimestamp(t *testing.T) {
	for _, v := range []format.Version{36, 37} {
		wal := encodeWAL(t, golden.ExampleWAL(v), format.FeaturesOf(v).Has(format.FeatWALSummary))
		fr := walTransactions(t, wal)[3].Frames[1]
		at := uint64(fr.Offset + 1) // the frame's UINT timestamp follows its 0x26
		putUint(wal, at, readUint(t, wal, at)+1)
		wantOnly(t, verifyBytes(t, wal, VerifyOptions{}), "wal.corrupt", int64(at))
	}
}

func walTimestampOf(m *format.WAL, k int) uint64 {
	f := format.FeaturesOf(m.Header.Version)
	txn := 0
	for _, fr := range m.Frames {
		if txn == k {
			return fr.Timestamp
		}
		if format.ClosesTransaction(fr.Marker, f) {
			txn++
		}
	}
	return 0
}

func TestVerifyWALFraming(t *testing.T) {
	// TxnStart: a transaction without its TRANSACTION_START.
	m := golden.ExampleWAL(37)
	f := format.FeaturesOf(37)
	txn, drop := 0, -1
	for i, fr := range m.Frames {
		if txn == 2 && fr.Marker == format.DeltaTransactionStart {
			drop = i
		}
		if format.ClosesTransaction(fr.Marker, f) {
			txn++
		}
	}
	m.Frames = append(m.Frames[:drop], m.Frames[drop+1:]...)
	wal := encodeWAL(t, m, true)
	wantOnly(t, verifyBytes(t, wal, VerifyOptions{}), "wal.txn_start", walTransactions(t, wal)[2].Offset)

	// Before MetadataTxnEnd a metadata frame closes its transaction: one
	// after data frames leaves them without a TRANSACTION_END.
	m = golden.ExampleWAL(14)
	f = format.FeaturesOf(14)
	var at int
	for i, fr := range m.Frames {
		if fr.Marker == format.DeltaTransactionEnd {
			at = i // the first data transaction's end
			break
		}
	}
	m.Frames[at] = format.Frame{Timestamp: m.Frames[at].Timestamp, Marker: format.DeltaLabelIndexCreate,
		Delta: format.LabelOnlyDelta{Label: "Extra"}}
	wal = encodeWAL(t, m, false)
	var frameAt int64 = -1
	data := 0
	for _, tx := range walTransactions(t, wal) {
		if last := tx.Frames[len(tx.Frames)-1]; last.Marker == format.DeltaLabelIndexCreate && len(tx.Frames) > 1 {
			frameAt, data = last.Offset, dataFrames(tx.Frames)
		}
	}
	fnd := wantOnly(t, verifyBytes(t, wal, VerifyOptions{}), "wal.metadata_placement", frameAt)
	if want := fmt.Sprintf("holds %d data frames", data); data == 0 || !strings.Contains(fnd.Message, want) {
		t.Errorf("%q does not say it %s", fnd.Message, want)
	}
}

// TestVerifyWALMetadataOrder: from MetadataTxnEnd on, a metadata frame
// after a transaction's data frames is a warning that counts them (verify
// reads those frames only as a count: FrameHead.Seq).
func TestVerifyWALMetadataOrder(t *testing.T) {
	m := golden.ExampleWAL(37)
	end, data := -1, 0
	for i, fr := range m.Frames {
		if format.IsDataDelta(fr.Marker) {
			data++
		}
		if fr.Marker == format.DeltaTransactionEnd && data > 1 {
			end = i // the end of the first transaction with data frames
			break
		}
		if fr.Marker == format.DeltaTransactionEnd {
			data = 0
		}
	}
	if end < 0 {
		t.Fatal("no transaction with data frames in the example WAL")
	}
	extra := format.Frame{Timestamp: m.Frames[end].Timestamp, Marker: format.DeltaLabelIndexCreate, Delta: format.LabelOnlyDelta{Label: "Extra"}}
	m.Frames = append(m.Frames[:end], append([]format.Frame{extra}, m.Frames[end:]...)...)
	wal := encodeWAL(t, m, false)
	var frameAt int64 = -1
	for _, tx := range walTransactions(t, wal) {
		for _, fr := range tx.Frames {
			if fr.Marker == format.DeltaLabelIndexCreate && fr.Delta.(format.LabelOnlyDelta).Label == "Extra" {
				frameAt = fr.Offset
			}
		}
	}
	var fnd Finding
	for _, f := range findingsOf(verifyBytes(t, wal, VerifyOptions{}), "wal.metadata_order") {
		if f.Offset == frameAt && f.Severity == SeverityWarning {
			fnd = f
		}
	}
	if want := fmt.Sprintf("follows %d data frames", data); !strings.Contains(fnd.Message, want) {
		t.Errorf("metadata_order warning at %d: %q does not say it %s", frameAt, fnd.Message, want)
	}
}

// dataFrames counts the frames of graph data.
func dataFrames(frs []format.Frame) int {
	n := 0
	for _, fr := range frs {
		if format.IsDataDelta(fr.Marker) {
			n++
		}
	}
	return n
}

// --- planted snapshot corruptions ---

func TestVerifySnapshotEdgeToMissingVertex(t *testing.T) {
	m := golden.ExampleSnapshot(37)
	if ref := m.Vertices[0].OutEdges[0]; ref.Edge != 0 || ref.Other != 2 {
		t.Fatalf("example vertex 0's first out-edge is %+v", ref)
	}
	m.Vertices[0].OutEdges[0].Other = 99
	snap := encodeSnap(t, m, nil)
	d := decodeSnap(t, snap)
	r := verifyBytes(t, snap, VerifyOptions{})
	want(t, r, "snapshot.edge_endpoint", int64(d.Vertices[0].Offset))
	// Vertex 2's in-list still names edge 0 from vertex 0.
	want(t, r, "snapshot.edge_mirror", int64(d.Vertices[2].Offset))
	if n := len(r.Findings); n != 2 {
		t.Errorf("%d findings, want 2: %v", n, r.Findings)
	}
}

func TestVerifySnapshotEdgeRecords(t *testing.T) {
	// An edge record missing: vertex 1's out-edge 1 has no record.
	m := golden.ExampleSnapshot(37)
	m.Edges = m.Edges[:1]
	m.Metadata.EdgeCount = 2
	snap := encodeSnap(t, m, nil)
	d := decodeSnap(t, snap)
	wantOnly(t, verifyBytes(t, snap, VerifyOptions{}), "snapshot.edge_missing", int64(d.Vertices[1].Offset))

	// An edge batch table emptied (v15+): the records at offset_edges are
	// never loaded, so both out-edges lack their record.
	snap = encodeSnap(t, golden.ExampleSnapshot(37), nil)
	d = decodeSnap(t, snap)
	tbl := d.Offsets[format.OffsetEdgeBatches]
	if readUint(t, snap, tbl) != 1 {
		t.Fatal("want one edge batch")
	}
	putUint(snap, tbl, 0)
	r := verifyBytes(t, snap, VerifyOptions{})
	want(t, r, "snapshot.unused_edge_section", int64(d.Offsets[format.OffsetEdges]))
	// The batch's 18-byte entry is left behind the emptied table, unread.
	want(t, r, "snapshot.unread_bytes", int64(tbl+9))
	if n := len(findingsOf(r, "snapshot.edge_missing")); n != 2 || len(r.Findings) != 4 {
		t.Errorf("want unused_edge_section, 2 edge_missing and unread_bytes: %v", r.Findings)
	}
}

// fiveVertices is the example snapshot with two more vertices, cut into
// batches of two: offsets v0, v2, v4.
func fiveVertices(t *testing.T) ([]byte, *format.Snapshot) {
	snap := encodeSnap(t, fiveVertexModel(), fiveVertexOpts)
	d := decodeSnap(t, snap)
	if len(d.VertexBatches) != 3 || d.VertexBatches[1].Offset != d.Vertices[2].Offset {
		t.Fatalf("vertex batches %+v", d.VertexBatches)
	}
	return snap, d
}

var fiveVertexOpts = &encode.SnapshotOptions{Layout: encode.LayoutFresh, BatchSize: 2}

func fiveVertexModel() *format.Snapshot {
	m := golden.ExampleSnapshot(37)
	m.Vertices = append(m.Vertices, format.VertexRecord{Gid: 3}, format.VertexRecord{Gid: 4})
	m.Metadata.VertexCount = 5
	return m
}

func TestVerifySnapshotBatchTable(t *testing.T) {
	// Batch #1 moved from vertex 2 to vertex 3: vertex 2 is in no batch.
	snap, d := fiveVertices(t)
	entry := func(i int) uint64 { return d.Offsets[format.OffsetVertexBatches] + 9 + 18*uint64(i) } // UINT n, then (UINT offset, UINT count) each
	if readUint(t, snap, entry(1)) != d.Vertices[2].Offset {
		t.Fatal("batch #1 entry not found")
	}
	putUint(snap, entry(1), d.Vertices[3].Offset)
	wantOnly(t, verifyBytes(t, snap, VerifyOptions{}), "snapshot.batch_table", int64(d.Vertices[3].Offset))

	// The last batch's count cut to 0: vertex 4 is in no batch, and the
	// batches hold 4 vertices where the metadata says 5.
	snap, d = fiveVertices(t)
	if readUint(t, snap, entry(2)+9) != 1 {
		t.Fatal("batch #2 count not found")
	}
	putUint(snap, entry(2)+9, 0)
	r := verifyBytes(t, snap, VerifyOptions{})
	want(t, r, "snapshot.batch_coverage", int64(d.Vertices[4].Offset))
	countAt := metadataFieldOffset(t, fiveVertexModel, fiveVertexOpts, func(m *format.Snapshot) { m.Metadata.VertexCount++ })
	want(t, r, "snapshot.vertex_count", countAt)
	if len(r.Findings) != 2 {
		t.Errorf("want 2 findings: %v", r.Findings)
	}
}

// metadataFieldOffset finds where a metadata UINT sits by encoding the
// model twice, once with the field changed by edit, and diffing the bytes.
func metadataFieldOffset(t *testing.T, build func() *format.Snapshot, opts *encode.SnapshotOptions, edit func(*format.Snapshot)) int64 {
	m := build()
	a := encodeSnap(t, m, opts)
	edit(m)
	b := encodeSnap(t, m, opts)
	if len(a) != len(b) {
		t.Fatal("the edit changed the layout")
	}
	for i := range a {
		if a[i] != b[i] {
			if a[i-1] != byte(format.MarkerInt) {
				t.Fatalf("byte %d does not follow a UINT marker", i)
			}
			return int64(i - 1) // the low byte follows the 0x12 marker
		}
	}
	t.Fatal("the edit changed nothing")
	return 0
}

func example37() *format.Snapshot { return golden.ExampleSnapshot(37) }

func TestVerifySnapshotCounts(t *testing.T) {
	m := golden.ExampleSnapshot(37)
	m.Metadata.VertexCount = 4
	snap := encodeSnap(t, m, nil)
	at := metadataFieldOffset(t, example37, nil, func(m *format.Snapshot) { m.Metadata.VertexCount = 4 })
	wantOnly(t, verifyBytes(t, snap, VerifyOptions{}), "snapshot.vertex_count", at)

	m = golden.ExampleSnapshot(37)
	m.Metadata.EdgeCount = 3
	snap = encodeSnap(t, m, nil)
	at = metadataFieldOffset(t, example37, nil, func(m *format.Snapshot) { m.Metadata.EdgeCount = 3 })
	wantOnly(t, verifyBytes(t, snap, VerifyOptions{}), "snapshot.edge_count", at)
}

// propIndex finds a property of a record by mapper name.
func propIndex(t *testing.T, m *format.Snapshot, ps []format.Property, name string) int {
	for i, p := range ps {
		if m.Mapper[p.ID].Name == name {
			return i
		}
	}
	t.Fatalf("no property %s", name)
	return 0
}

func mapperID(t *testing.T, m *format.Snapshot, name string) uint64 {
	for _, e := range m.Mapper {
		if e.Name == name {
			return e.ID
		}
	}
	t.Fatalf("no mapper entry %s", name)
	return 0
}

func TestVerifySnapshotUniqueConstraint(t *testing.T) {
	// Vertex 1 becomes a second Machine named "Analytical Engine".
	m := golden.ExampleSnapshot(37)
	if u := m.Constraints.Unique; len(u) != 1 || m.Mapper[u[0].Label].Name != "Machine" {
		t.Fatalf("example unique constraints %+v", u)
	}
	v1 := &m.Vertices[1]
	v1.Labels = append(v1.Labels, mapperID(t, m, "Machine"))
	v1.Properties[propIndex(t, m, v1.Properties, "name")].Value = format.String("Analytical Engine")
	snap := encodeSnap(t, m, nil)
	d := decodeSnap(t, snap)
	fd := wantOnly(t, verifyBytes(t, snap, VerifyOptions{}), "snapshot.unique_constraint", int64(d.Vertices[2].Offset))
	if !strings.Contains(fd.Message, "offset "+itoa(d.Vertices[1].Offset)) {
		t.Errorf("the finding does not name the first vertex: %s", fd.Message)
	}
	// An Int and an equal Double collide as Memgraph compares them.
	m = golden.ExampleSnapshot(37)
	v1, v2 := &m.Vertices[1], &m.Vertices[2]
	v1.Labels = append(v1.Labels, mapperID(t, m, "Machine"))
	v1.Properties[propIndex(t, m, v1.Properties, "name")].Value = format.Int(7)
	v2.Properties[propIndex(t, m, v2.Properties, "name")].Value = format.Double(7)
	snap = encodeSnap(t, m, nil)
	d = decodeSnap(t, snap)
	wantOnly(t, verifyBytes(t, snap, VerifyOptions{}), "snapshot.unique_constraint", int64(d.Vertices[2].Offset))
	// So does one instant at two fixed offsets: Memgraph compares zones by
	// tz-database name, which an offset lacks.
	v1.Properties[propIndex(t, m, v1.Properties, "name")].Value = format.ZonedTemporal{Micros: 1e15, OffsetMinutes: 60}
	v2.Properties[propIndex(t, m, v2.Properties, "name")].Value = format.ZonedTemporal{Micros: 1e15, OffsetMinutes: -300}
	snap = encodeSnap(t, m, nil)
	d = decodeSnap(t, snap)
	wantOnly(t, verifyBytes(t, snap, VerifyOptions{}), "snapshot.unique_constraint", int64(d.Vertices[2].Offset))
	// Different values, and a vertex missing the property, are fine.
	v2.Properties[propIndex(t, m, v2.Properties, "name")].Value = format.ZonedTemporal{Micros: 1e15, ZoneIsName: true, ZoneName: "Europe/Paris"}
	if r := verifyBytes(t, encodeSnap(t, m, nil), VerifyOptions{}); len(r.Findings) != 0 {
		t.Errorf("one instant at an offset and in a named zone: %v", r.Findings)
	}
	v2.Properties[propIndex(t, m, v2.Properties, "name")].Value = format.Double(7.5)
	if r := verifyBytes(t, encodeSnap(t, m, nil), VerifyOptions{}); len(r.Findings) != 0 {
		t.Errorf("distinct values: %v", r.Findings)
	}
}

// TestVerifyConstraintLargeLabelID: a constraint on a label whose id is
// past the verifier's tables of small ids (maxDenseID) is checked too.
func TestVerifyConstraintLargeLabelID(t *testing.T) {
	m := golden.ExampleSnapshot(37)
	person, born := mapperID(t, m, "Person"), mapperID(t, m, "born")
	const large = maxDenseID + 7
	for i := range m.Mapper {
		if m.Mapper[i].ID == person {
			m.Mapper[i].ID = large
		}
	}
	for i := range m.Vertices {
		for j, l := range m.Vertices[i].Labels {
			if l == person {
				m.Vertices[i].Labels[j] = large
			}
		}
	}
	m.Indices = format.Indices{}
	m.Constraints = format.Constraints{Existence: []format.LabelProperty{{Label: large, Property: born}}}
	v1 := &m.Vertices[1]
	if !slices.Contains(v1.Labels, large) {
		t.Fatal("vertex 1 is no Person")
	}
	i := propIndex(t, m, v1.Properties, "born")
	v1.Properties = append(v1.Properties[:i], v1.Properties[i+1:]...)
	snap := encodeSnap(t, m, nil)
	d := decodeSnap(t, snap)
	wantOnly(t, verifyBytes(t, snap, VerifyOptions{}), "snapshot.existence_constraint", int64(d.Vertices[1].Offset))
}

func TestVerifySnapshotOtherConstraints(t *testing.T) {
	m := golden.ExampleSnapshot(37)
	person, born, name := mapperID(t, m, "Person"), mapperID(t, m, "born"), mapperID(t, m, "name")
	m.Constraints.Existence = []format.LabelProperty{{Label: person, Property: born}}
	v1 := &m.Vertices[1]
	i := propIndex(t, m, v1.Properties, "born")
	v1.Properties = append(v1.Properties[:i], v1.Properties[i+1:]...)
	kind := uint64(0) // STRING
	if format.TypeConstraintKinds[kind] != "STRING" {
		t.Fatal("kind 0 is not STRING")
	}
	m.Constraints.Type = []format.TypeConstraint{{Label: person, Property: name, Kind: kind}}
	v0 := &m.Vertices[0]
	v0.Properties[propIndex(t, m, v0.Properties, "name")].Value = format.Int(1)
	snap := encodeSnap(t, m, nil)
	d := decodeSnap(t, snap)
	r := verifyBytes(t, snap, VerifyOptions{})
	want(t, r, "snapshot.existence_constraint", int64(d.Vertices[1].Offset))
	want(t, r, "snapshot.type_constraint", int64(d.Vertices[0].Offset))
	if len(r.Findings) != 2 {
		t.Errorf("want 2 findings: %v", r.Findings)
	}
}

func TestVerifySnapshotIDs(t *testing.T) {
	m := golden.ExampleSnapshot(37)
	m.Vertices[2].Labels = []uint64{999}
	v0 := &m.Vertices[0]
	v0.Properties[propIndex(t, m, v0.Properties, "mood")].Value = format.Enum{TypeID: 0, ValueID: 2}
	m.Indices.Label = append(m.Indices.Label, 998)
	snap := encodeSnap(t, m, nil)
	d := decodeSnap(t, snap)
	r := verifyBytes(t, snap, VerifyOptions{})
	want(t, r, "snapshot.mapper_id", int64(d.Vertices[2].Offset))
	want(t, r, "snapshot.enum_value", int64(d.Vertices[0].Offset))
	want(t, r, "snapshot.schema_id", int64(d.Offsets[format.OffsetIndices]))
	if len(r.Findings) != 3 {
		t.Errorf("want 3 findings: %v", r.Findings)
	}
}

// Index statistics naming an id the mapper lacks fail Memgraph's loader
// as the indices do (the graph's load fails on them too): verify names
// the entry.
func TestVerifyStatsIDs(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(m *format.Snapshot, id func(string) uint64) int // the entry's place
	}{
		{"label index stats", func(m *format.Snapshot, id func(string) uint64) int {
			m.Indices.LabelStats = append(m.Indices.LabelStats, format.LabelStat{Label: 999, Count: 1})
			return len(m.Indices.LabelStats) - 1
		}},
		{"label+properties index stats", func(m *format.Snapshot, id func(string) uint64) int {
			m.Indices.LabelPropertyStats = append(m.Indices.LabelPropertyStats,
				format.LabelPropertiesStat{Label: 999, Paths: []format.PropertyPath{{id("name")}}})
			return len(m.Indices.LabelPropertyStats) - 1
		}},
		{"label+properties index stats", func(m *format.Snapshot, id func(string) uint64) int {
			m.Indices.LabelPropertyStats = append(m.Indices.LabelPropertyStats,
				format.LabelPropertiesStat{Label: id("Person"), Paths: []format.PropertyPath{{999}}})
			return len(m.Indices.LabelPropertyStats) - 1
		}},
	} {
		m, id := golden.ExampleSnapshotNamer(37)
		i := c.edit(m, id)
		snap := encodeSnap(t, m, nil)
		d := decodeSnap(t, snap)
		f := wantOnly(t, verifyBytes(t, snap, VerifyOptions{}), "snapshot.schema_id", int64(d.Offsets[format.OffsetIndices]))
		if want := fmt.Sprintf("%s #%d", c.name, i); f.Record != want || !strings.Contains(f.Message, "id 999 is not in the mapper") {
			t.Errorf("%s: finding %q: %s; want %q, id 999", c.name, f.Record, f.Message, want)
		}
	}
}

func TestVerifyFailFast(t *testing.T) {
	m := golden.ExampleSnapshot(37)
	m.Vertices[2].Labels = []uint64{999}
	m.Metadata.VertexCount = 4
	snap := encodeSnap(t, m, nil)
	if r := verifyBytes(t, snap, VerifyOptions{}); r.Errors != 2 {
		t.Fatalf("want 2 errors without --fail-fast: %v", r.Findings)
	}
	r := verifyBytes(t, snap, VerifyOptions{FailFast: true})
	if r.Errors != 1 || !r.Stopped || r.Findings[0].Check != "snapshot.mapper_id" {
		t.Errorf("fail-fast: %v (stopped %v)", r.Findings, r.Stopped)
	}
}

func TestVerifyProgress(t *testing.T) {
	p := filepath.Join(golden.TestdataDir(), "examples", "snapshot_v37.bin")
	var calls, last, total int64
	verifyPath(t, p, VerifyOptions{Progress: func(done, tot int64) { calls, last, total = calls+1, done, tot }})
	st, _ := os.Stat(p)
	if calls == 0 || last != st.Size() || total != st.Size() {
		t.Errorf("progress: %d calls, last %d/%d, size %d", calls, last, total, st.Size())
	}
}

// --- helpers ---

func nan() float64 { return math.NaN() }

func itoa(v uint64) string { return strconv.FormatUint(v, 10) }

func verifyPath(t *testing.T, p string, opts VerifyOptions) *VerifyReport {
	t.Helper()
	f, err := datadir.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return VerifyFile(f, opts)
}

func verifyBytes(t *testing.T, b []byte, opts VerifyOptions) *VerifyReport {
	t.Helper()
	p := filepath.Join(t.TempDir(), "file.bin")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return verifyPath(t, p, opts)
}

func findingsOf(r *VerifyReport, check string) []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Check == check {
			out = append(out, f)
		}
	}
	return out
}

// want asserts an error finding of check at off.
func want(t *testing.T, r *VerifyReport, check string, off int64) Finding {
	t.Helper()
	for _, f := range findingsOf(r, check) {
		if f.Offset == off && f.Severity == SeverityError {
			if r.Verdict != VerdictErrors {
				t.Errorf("verdict %q with an error finding", r.Verdict)
			}
			return f
		}
	}
	t.Errorf("no %s error at offset %d; findings:\n%s", check, off, listFindings(r))
	return Finding{}
}

// wantOnly asserts that the only finding is an error of check at off.
func wantOnly(t *testing.T, r *VerifyReport, check string, off int64) Finding {
	t.Helper()
	f := want(t, r, check, off)
	if len(r.Findings) != 1 {
		t.Errorf("want only %s; findings:\n%s", check, listFindings(r))
	}
	return f
}

func listFindings(r *VerifyReport) string {
	var b strings.Builder
	for _, f := range r.Findings {
		b.WriteString("  " + f.String() + "\n")
	}
	return b.String()
}

func encodeWAL(t *testing.T, m *format.WAL, finalize bool) []byte {
	t.Helper()
	p := filepath.Join(t.TempDir(), "wal.bin")
	out, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	if err := encode.EncodeWALWith(out, m, &encode.WALOptions{Finalize: finalize}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func walTransactions(t *testing.T, b []byte) []*decode.Transaction {
	t.Helper()
	w, err := decode.OpenWAL(bytes.NewReader(b), int64(len(b)), "")
	if err != nil {
		t.Fatal(err)
	}
	var out []*decode.Transaction
	for tx, err := range w.Transactions() {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, tx)
	}
	return out
}

func encodeSnap(t *testing.T, m *format.Snapshot, opts *encode.SnapshotOptions) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := encode.EncodeSnapshotWith(&b, m, opts); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func decodeSnap(t *testing.T, b []byte) *format.Snapshot {
	t.Helper()
	m, err := decode.DecodeSnapshot(bytes.NewReader(b), int64(len(b)), "")
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// readUint reads the UINT (0x12 + u64) at off; putUint overwrites its value.
func readUint(t *testing.T, b []byte, off uint64) uint64 {
	t.Helper()
	if b[off] != byte(format.MarkerInt) {
		t.Fatalf("no UINT at %d", off)
	}
	return binary.LittleEndian.Uint64(b[off+1:])
}

func putUint(b []byte, off, v uint64) { binary.LittleEndian.PutUint64(b[off+1:], v) }

// TestVerifyDamagedExamples truncates the example files at many lengths and
// flips many of their bytes: verify never panics, every finding names the
// file, a check of its kind and an offset inside the file, no check is
// listed more than the per-check limit allows, and damage that cannot be a
// clean file (a cut snapshot, a cut finalized WAL, a flipped byte in a v37
// WAL) always gives an error.
// DURASCOPE_SWEEP=full tries every length and every byte.
func TestVerifyDamagedExamples(t *testing.T) {
	stride := 17
	if os.Getenv("DURASCOPE_SWEEP") == "full" {
		stride = 1
	}
	dir := filepath.Join(golden.TestdataDir(), "examples")
	p := filepath.Join(t.TempDir(), "damaged.bin")
	check := func(name string, b []byte, mustErr bool, what string) {
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		r := verifyPath(t, p, VerifyOptions{})
		perCheck := map[string]int{}
		for _, fd := range r.Findings {
			prefix := "file."
			switch {
			case bytes.HasPrefix(b, []byte("MGsn")):
				prefix = "snapshot."
			case bytes.HasPrefix(b, []byte("MGwl")):
				prefix = "wal."
			}
			if fd.File != p || !strings.HasPrefix(fd.Check, prefix) || fd.Offset != NoOffset && (fd.Offset < 0 || fd.Offset > int64(len(b))) {
				t.Errorf("%s %s: finding outside the %d-byte file or not a %s* check: %s", name, what, len(b), prefix, fd)
			}
			if fd.Check == "wal.torn_tail" && fd.Severity != SeverityWarning {
				t.Errorf("%s %s: a torn tail that is not a warning: %s", name, what, fd)
			}
			if perCheck[fd.Check]++; perCheck[fd.Check] > maxPerCheck+1 {
				t.Errorf("%s %s: %s listed %d times, over the limit of %d", name, what, fd.Check, perCheck[fd.Check], maxPerCheck)
			}
		}
		if mustErr && r.Errors == 0 {
			t.Errorf("%s %s: no error: %v", name, what, r.Findings)
		}
	}
	for _, name := range []string{"snapshot_v14.bin", "snapshot_v37.bin", "wal_v14.bin", "wal_v37.bin", "wal_v36_torn.bin"} {
		orig, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		snapshot := strings.HasPrefix(name, "snapshot")
		for n := 0; n < len(orig); n += stride {
			check(name, orig[:n], snapshot || name == "wal_v37.bin", "cut at "+strconv.Itoa(n))
		}
		for i := 0; i < len(orig); i += stride {
			b := bytes.Clone(orig)
			b[i] ^= 0xff
			check(name, b, name == "wal_v37.bin", "byte "+strconv.Itoa(i)+" flipped")
		}
	}
}

// TestVerifySnapshotMapperGaps: with each mapper id in turn missing (a gap
// below ids the mapper has, or its last id), verify reports every label,
// property and edge-type reference to it, in record order, as checking
// each id of each record in turn would (the record check looks at ids one
// by one only when a record's largest id may be missing).
func TestVerifySnapshotMapperGaps(t *testing.T) {
	base := golden.ExampleSnapshot(37)
	for drop := range base.Mapper {
		m := golden.ExampleSnapshot(37)
		id := m.Mapper[drop].ID
		m.Mapper = slices.Delete(m.Mapper, drop, drop+1)
		b := encodeSnap(t, m, nil)
		d := decodeSnap(t, b)
		var wantList []string
		note := func(off uint64, what string, got uint64) {
			if got == id {
				wantList = append(wantList, fmt.Sprintf("%d %s id %d", off, what, id))
			}
		}
		for _, e := range d.Edges {
			for _, p := range e.Properties {
				note(e.Offset, "property", p.ID)
			}
		}
		for _, v := range d.Vertices {
			for _, l := range v.Labels {
				note(v.Offset, "label", l)
			}
			for _, p := range v.Properties {
				note(v.Offset, "property", p.ID)
			}
			for _, e := range v.OutEdges {
				note(v.Offset, "edge type", e.Type)
			}
			for _, e := range v.InEdges {
				note(v.Offset, "edge type", e.Type)
			}
		}
		for _, w := range []int{1, 2} {
			r := verifyBytes(t, b, VerifyOptions{Workers: w})
			var got []string
			for _, f := range findingsOf(r, "snapshot.mapper_id") {
				msg, _, _ := strings.Cut(f.Message, " is not in the mapper")
				got = append(got, fmt.Sprintf("%d %s", f.Offset, msg))
			}
			if !slices.Equal(got, wantList) {
				t.Errorf("mapper without id %d (%s), %d workers: mapper_id findings\n%s\nwant\n%s", id, base.Mapper[drop].Name, w,
					strings.Join(got, "\n"), strings.Join(wantList, "\n"))
			}
		}
	}
}

// TestProgressThrottle: a call a MiB past the last one at most, none
// before the first MiB, and none at all without a function.
func TestProgressThrottle(t *testing.T) {
	var got []int64
	p := newProgress(func(done, total int64) {
		if total != 10<<20 {
			t.Errorf("total %d", total)
		}
		got = append(got, done)
	}, 10<<20)
	for _, done := range []int64{0, 1<<20 - 1, 1 << 20, 2<<20 - 1, 2<<20 + 5, 3 << 20, 3<<20 + 4} {
		p.at(done)
	}
	if want := []int64{1 << 20, 2<<20 + 5}; !slices.Equal(got, want) {
		t.Errorf("calls at %v, want %v", got, want)
	}
	silent := newProgress(nil, 10<<20)
	silent.at(5 << 20)
	silent.end()
	noProgress.at(math.MaxInt64 - 1)
}
