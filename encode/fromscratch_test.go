package encode

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
)

// allVersions is every supported version; the scratch tests run on each.
func allVersions() []format.Version {
	var out []format.Version
	for v := format.MinVersion; v <= format.MaxVersion; v++ {
		out = append(out, v)
	}
	return out
}

// ignoreLayout drops what a fresh layout recomputes.
var ignoreLayout = cmp.Options{
	cmpopts.EquateEmpty(),
	cmpopts.IgnoreFields(format.Snapshot{}, "Offsets", "EdgeBatches", "VertexBatches"),
	cmpopts.IgnoreFields(format.EdgeRecord{}, "Offset"),
	cmpopts.IgnoreFields(format.VertexRecord{}, "Offset"),
}

// TestScratchSnapshot takes the fixture model of every version (built from
// scratch) without its batch tables, encodes it with a fresh layout cut
// every 3 records, decodes it back and compares.
func TestScratchSnapshot(t *testing.T) {
	const batch = 3
	for _, v := range allVersions() {
		t.Run(v.String(), func(t *testing.T) {
			f := format.FeaturesOf(v)
			m := golden.FixtureSnapshot(v)
			m.EdgeBatches, m.VertexBatches = nil, nil
			var buf bytes.Buffer
			if err := EncodeSnapshotWith(&buf, m, &SnapshotOptions{Layout: LayoutFresh, BatchSize: batch}); err != nil {
				t.Fatal(err)
			}
			got := decodeSnapshot(t, buf.Bytes(), v.String())
			if d := cmp.Diff(m, got, ignoreLayout); d != "" {
				t.Fatalf("decoded model differs (-built +decoded):\n%s", d)
			}
			// The layout is Memgraph's: sections in table order, no gaps,
			// batches of 3 records, records where the batches say.
			if len(got.Gaps) != 0 {
				t.Errorf("fresh layout left gaps: %v", got.Gaps)
			}
			prev := uint64(0)
			for _, slot := range format.SnapshotOffsetSlots(f) {
				if got.Offsets[slot] < prev {
					t.Errorf("offset of %s (%d) is before the previous section (%d)", slot, got.Offsets[slot], prev)
				}
				prev = got.Offsets[slot]
			}
			if f.Has(format.FeatSnapshotBatches) {
				wantCounts := func(n int) (c []uint64) {
					for ; n > 0; n -= min(n, batch) {
						c = append(c, uint64(min(n, batch)))
					}
					return c
				}
				for kind, tab := range map[string][]format.Batch{"edge": got.EdgeBatches, "vertex": got.VertexBatches} {
					n := len(m.Edges)
					if kind == "vertex" {
						n = len(m.Vertices)
					}
					var counts []uint64
					for _, b := range tab {
						counts = append(counts, b.Count)
					}
					if !cmp.Equal(counts, wantCounts(n)) {
						t.Errorf("%s batch counts %v, want %v", kind, counts, wantCounts(n))
					}
				}
				if got.EdgeBatches[0].Offset != got.Offsets[format.OffsetEdges] || got.VertexBatches[0].Offset != got.Offsets[format.OffsetVertices] {
					t.Errorf("first batches at %d/%d, sections at %d/%d", got.EdgeBatches[0].Offset, got.VertexBatches[0].Offset,
						got.Offsets[format.OffsetEdges], got.Offsets[format.OffsetVertices])
				}
			}
			// Re-encoding the decoded model (recorded layout) gives the same bytes.
			var again bytes.Buffer
			if err := EncodeSnapshotWith(&again, got, &SnapshotOptions{Layout: LayoutRecorded}); err != nil {
				t.Fatal(err)
			}
			if d := firstDiff(again.Bytes(), buf.Bytes()); d != "" {
				t.Errorf("recorded re-encode: %s", d)
			}
			// The streaming writer gives the same bytes.
			mf := &golden.MemFile{}
			sw, err := NewSnapshotWriter(mf, v, &SnapshotOptions{BatchSize: batch})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range m.Edges {
				if err := sw.WriteEdge(e); err != nil {
					t.Fatal(err)
				}
			}
			for _, vr := range m.Vertices {
				if err := sw.WriteVertex(vr); err != nil {
					t.Fatal(err)
				}
			}
			rest := *m
			rest.Edges, rest.Vertices = nil, nil
			if err := sw.Finish(&rest); err != nil {
				t.Fatal(err)
			}
			if d := firstDiff(mf.Bytes(), buf.Bytes()); d != "" {
				t.Errorf("SnapshotWriter: %s", d)
			}
		})
	}
}

// TestScratchSnapshotVariants covers the optional shapes: absent text
// lists, an omitted edge section, empty models, a v14 file whose edges have
// no records.
func TestScratchSnapshotVariants(t *testing.T) {
	roundTrip := func(t *testing.T, m *format.Snapshot, opts *SnapshotOptions) *format.Snapshot {
		t.Helper()
		var buf bytes.Buffer
		if err := EncodeSnapshotWith(&buf, m, opts); err != nil {
			t.Fatal(err)
		}
		got := decodeSnapshot(t, buf.Bytes(), m.Version.String())
		if d := cmp.Diff(m, got, ignoreLayout); d != "" {
			t.Fatalf("decoded model differs (-built +decoded):\n%s", d)
		}
		return got
	}
	t.Run("text absent", func(t *testing.T) {
		for _, v := range []format.Version{17, 28, 30, 31, 37} {
			m := golden.FixtureSnapshot(v)
			m.EdgeIndices.Text, m.EdgeIndices.TextPresent = nil, false
			m.EdgeIndices.TextEdge, m.EdgeIndices.TextEdgePresent = nil, false
			roundTrip(t, m, nil)
			if format.FeaturesOf(v).Has(format.FeatTextEdgeIndex) { // v31 development builds: text list only
				m.EdgeIndices.Text, m.EdgeIndices.TextPresent = []format.TextIndex{{Name: "x", Target: 1}}, true
				roundTrip(t, m, nil)
			}
		}
	})
	t.Run("omitted edge section", func(t *testing.T) {
		for _, v := range []format.Version{14, 15, 37} {
			m := golden.FixtureSnapshot(v)
			m.Edges = nil
			got := roundTrip(t, m, &SnapshotOptions{OmitEdgeSection: true})
			if got.Offsets[format.OffsetEdges] != 0 {
				t.Errorf("%s: offset of edges %d, want 0", v, got.Offsets[format.OffsetEdges])
			}
			// The decoded model records the absence; a fresh re-layout keeps it.
			var buf bytes.Buffer
			if err := EncodeSnapshotWith(&buf, got, &SnapshotOptions{Layout: LayoutFresh}); err != nil {
				t.Fatal(err)
			}
			if again := decodeSnapshot(t, buf.Bytes(), ""); again.Offsets[format.OffsetEdges] != 0 {
				t.Errorf("%s: fresh re-layout wrote an edge section", v)
			}
			// Edge records added to such a model get a section again.
			got.Edges = golden.FixtureSnapshot(v).Edges
			buf.Reset()
			if err := EncodeSnapshot(&buf, got); err != nil {
				t.Fatal(err)
			}
			again := decodeSnapshot(t, buf.Bytes(), "")
			if again.Offsets[format.OffsetEdges] == 0 || len(again.Edges) != len(got.Edges) {
				t.Errorf("%s: edges added to a model without an edge section: offset %d, %d edges", v, again.Offsets[format.OffsetEdges], len(again.Edges))
			}
		}
	})
	t.Run("v14 edges without records", func(t *testing.T) {
		m := golden.FixtureSnapshot(14)
		m.Edges = nil // edge_count stays 5: edges exist, their section does not
		got := roundTrip(t, m, nil)
		if got.Offsets[format.OffsetEdges] != 0 {
			t.Errorf("offset of edges %d, want 0", got.Offsets[format.OffsetEdges])
		}
	})
	t.Run("empty", func(t *testing.T) {
		for _, v := range allVersions() {
			f := format.FeaturesOf(v)
			m := &format.Snapshot{Version: v}
			if f.Has(format.FeatTTL) {
				m.TTL = &format.TTLConfig{}
			}
			got := roundTrip(t, m, nil)
			if got.Offsets[format.OffsetEdges] != got.Offsets[format.OffsetVertices] {
				t.Errorf("%s: empty edge section at %d, vertices at %d", v, got.Offsets[format.OffsetEdges], got.Offsets[format.OffsetVertices])
			}
		}
	})
	t.Run("nil TTL is written disabled", func(t *testing.T) {
		m := golden.FixtureSnapshot(30)
		m.TTL = nil
		var buf bytes.Buffer
		if err := EncodeSnapshot(&buf, m); err != nil {
			t.Fatal(err)
		}
		got := decodeSnapshot(t, buf.Bytes(), "")
		if got.TTL == nil || got.TTL.Enabled {
			t.Errorf("TTL %+v, want disabled", got.TTL)
		}
	})
}

// TestEditedSnapshot: an edited model (a longer string) no longer fits its
// recorded offsets. LayoutRecorded refuses it; LayoutAuto re-lays it out and
// the edit reads back.
func TestEditedSnapshot(t *testing.T) {
	for _, cf := range corpus(t) {
		if cf.wal || cf.name != "v37/test_all/snapshot.bin" {
			continue
		}
		m := decodeSnapshot(t, cf.data, cf.name)
		var edited bool
		for i := range m.Vertices {
			for j, p := range m.Vertices[i].Properties {
				if _, ok := p.Value.(format.String); ok && !edited {
					m.Vertices[i].Properties[j].Value = format.String("a much longer string than before")
					edited = true
				}
			}
		}
		if !edited {
			t.Fatal("no string property to edit")
		}
		var buf bytes.Buffer
		err := EncodeSnapshotWith(&buf, m, &SnapshotOptions{Layout: LayoutRecorded})
		if !errorsIs(err, ErrLayout) || buf.Len() != 0 {
			t.Fatalf("recorded layout of an edited model: err %v, %d bytes written", err, buf.Len())
		}
		if err := EncodeSnapshot(&buf, m); err != nil {
			t.Fatal(err)
		}
		got := decodeSnapshot(t, buf.Bytes(), "edited")
		if d := cmp.Diff(m, got, ignoreLayout); d != "" {
			t.Fatalf("edited model differs (-edited +decoded):\n%s", d)
		}
		return
	}
	t.Fatal("v37/test_all/snapshot.bin not in the corpus")
}

// insertGap shifts a decoded model's layout to make room for gap bytes at
// offset at.
func insertGap(m *format.Snapshot, at uint64, gap []byte) {
	shift := func(x uint64) uint64 {
		if x >= at {
			return x + uint64(len(gap))
		}
		return x
	}
	for i := range m.Offsets {
		m.Offsets[i] = shift(m.Offsets[i])
	}
	for i := range m.EdgeBatches {
		m.EdgeBatches[i].Offset = shift(m.EdgeBatches[i].Offset)
	}
	for i := range m.VertexBatches {
		m.VertexBatches[i].Offset = shift(m.VertexBatches[i].Offset)
	}
	for i := range m.Edges {
		m.Edges[i].Offset = shift(m.Edges[i].Offset)
	}
	for i := range m.Vertices {
		m.Vertices[i].Offset = shift(m.Vertices[i].Offset)
	}
	m.Gaps = append(m.Gaps, format.Gap{Offset: at, Bytes: gap})
}

// TestSnapshotGaps: bytes between sections survive a recorded layout; a
// model with gaps and inconsistent offsets is refused rather than losing them.
func TestSnapshotGaps(t *testing.T) {
	m := golden.FixtureSnapshot(37)
	var buf bytes.Buffer
	if err := EncodeSnapshot(&buf, m); err != nil {
		t.Fatal(err)
	}
	orig := append([]byte(nil), buf.Bytes()...)
	got := decodeSnapshot(t, orig, "")
	at := got.Offsets[format.OffsetMapper]
	gap := []byte{0xde, 0xad, 0xbe, 0xef, 0x00}
	insertGap(got, at, gap)
	buf.Reset()
	if err := EncodeSnapshot(&buf, got); err != nil {
		t.Fatal(err)
	}
	out := buf.Bytes()
	// Apart from the offsets table and the batch tables, which moved, the
	// file is the original with the gap inserted.
	if !bytes.Equal(out[at:at+5], gap) || !bytes.Equal(out[at+5:got.Offsets[format.OffsetEdgeBatches]], orig[at:got.Offsets[format.OffsetEdgeBatches]-5]) {
		t.Errorf("gap or the sections after it misplaced")
	}
	again := decodeSnapshot(t, out, "gapped")
	if d := cmp.Diff(got, again, cmpopts.EquateEmpty()); d != "" {
		t.Fatalf("gapped model differs:\n%s", d)
	}
	got.Gaps[0].Offset++ // now the gap overlaps the mapper
	buf.Reset()
	if err := EncodeSnapshot(&buf, got); !errorsIs(err, ErrLayout) || buf.Len() != 0 {
		t.Errorf("inconsistent gap: err %v, %d bytes", err, buf.Len())
	}
	if err := EncodeSnapshotWith(&buf, got, &SnapshotOptions{Layout: LayoutFresh}); !errorsIs(err, ErrLayout) || buf.Len() != 0 {
		t.Errorf("gaps in a fresh layout: err %v, %d bytes", err, buf.Len())
	}
}

// TestSnapshotOptionalCountGuard: with the text count absent, a gap starting
// with an INT marker right after the edge-indices section would be read as
// the count; the recorded layout is refused.
func TestSnapshotOptionalCountGuard(t *testing.T) {
	m := golden.FixtureSnapshot(20)
	m.EdgeIndices.Text, m.EdgeIndices.TextPresent = nil, false
	var buf bytes.Buffer
	if err := EncodeSnapshot(&buf, m); err != nil {
		t.Fatal(err)
	}
	for _, first := range []byte{0x00, 0x12} {
		got := decodeSnapshot(t, buf.Bytes(), "")
		insertGap(got, got.Offsets[format.OffsetConstraints], []byte{first, 0, 0})
		var out bytes.Buffer
		err := EncodeSnapshotWith(&out, got, &SnapshotOptions{Layout: LayoutRecorded})
		if first == 0x12 && !errorsIs(err, ErrLayout) {
			t.Errorf("gap starting with 0x12: %v", err)
		}
		if first == 0x00 {
			if err != nil {
				t.Fatal(err)
			}
			if again := decodeSnapshot(t, out.Bytes(), ""); again.EdgeIndices.TextPresent {
				t.Error("text count read from the gap")
			}
		}
	}
}

// firstTxn returns the frames of the first transaction of m.
func firstTxn(m *format.WAL) []format.Frame {
	f := format.FeaturesOf(m.Header.Version)
	for i, fr := range m.Frames {
		if format.ClosesTransaction(fr.Marker, f) {
			return m.Frames[:i+1]
		}
	}
	return m.Frames
}

var ignoreFrameLayout = cmp.Options{
	cmpopts.EquateEmpty(),
	cmpopts.IgnoreFields(format.Frame{}, "Offset", "Size"),
	cmpopts.IgnoreFields(format.TxnEnd{}, "CRC"),
}

// TestScratchWAL writes the fixture WAL of every version (built from
// scratch) through the streaming writer, finalizing where the version has a
// summary, and checks that it decodes to the frames written with every CRC
// verified.
func TestScratchWAL(t *testing.T) {
	for _, v := range allVersions() {
		t.Run(v.String(), func(t *testing.T) {
			f := format.FeaturesOf(v)
			fx := golden.FixtureWAL(v)
			h := fx.Header
			h.SeqNum, h.Summary = 7, nil
			mf := &golden.MemFile{}
			ww, err := NewWALWriter(mf, h, &WALOptions{Finalize: f.Has(format.FeatWALSummary)})
			if err != nil {
				t.Fatal(err)
			}
			frames := fx.Frames
			for _, fr := range frames {
				if err := ww.WriteFrame(fr); err != nil {
					t.Fatal(err)
				}
			}
			if err := ww.Close(); err != nil {
				t.Fatal(err)
			}
			// OpenWAL/Next verify the header, summary and transaction CRCs.
			r, err := decode.OpenWAL(bytes.NewReader(mf.Bytes()), int64(len(mf.Bytes())), v.String())
			if err != nil {
				t.Fatal(err)
			}
			var got []format.Frame
			for fr, err := range r.Frames() {
				if err != nil {
					t.Fatalf("frame %d: %v", len(got), err)
				}
				got = append(got, fr)
			}
			if d := cmp.Diff(frames, got, ignoreFrameLayout); d != "" {
				t.Fatalf("frames differ (-written +decoded):\n%s", d)
			}
			if d := cmp.Diff(ww.Header(), r.Header, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("header differs (-writer +decoded):\n%s", d)
			}
			tot := r.Totals()
			wt := ww.Totals()
			if tot.Transactions != wt.Transactions || tot.Frames != wt.Frames || tot.FromTimestamp != wt.FromTimestamp || tot.ToTimestamp != wt.ToTimestamp {
				t.Errorf("totals: decoder %+v, writer %+v", tot, wt)
			}
			if f.Has(format.FeatWALSummary) && (!r.Finalized() || r.Header.Summary.NumDeltas != uint64(len(frames))) {
				t.Errorf("summary %+v, want finalized with %d deltas", r.Header.Summary, len(frames))
			}
			// EncodeWAL of the decoded model reproduces the file.
			m := decodeWAL(t, mf.Bytes(), v.String())
			var buf bytes.Buffer
			if err := EncodeWAL(&buf, m); err != nil {
				t.Fatal(err)
			}
			if d := firstDiff(buf.Bytes(), mf.Bytes()); d != "" {
				t.Errorf("EncodeWAL of the decoded model: %s", d)
			}
		})
	}
}
