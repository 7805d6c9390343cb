package encode

import (
	"bytes"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
)

// TestWALRecomputesCRCs: a model whose stored CRCs are wrong (hand-edited)
// still encodes to the original corpus bytes, because every CRC is
// recomputed; with Verbatim the stored (wrong) CRCs are written and the
// decoder reports a checksum mismatch.
func TestWALRecomputesCRCs(t *testing.T) {
	n := 0
	for _, cf := range corpusOf(t, true) {
		m := decodeWAL(t, cf.data, cf.name)
		if !format.FeaturesOf(m.Header.Version).Has(format.FeatCRC) {
			continue
		}
		m.Header.HeaderCRC ^= 0xffff
		if m.Header.Summary != nil {
			m.Header.Summary.CRC ^= 0xffff
		}
		ends := 0
		for i := range m.Frames {
			if end, ok := m.Frames[i].Delta.(format.TxnEnd); ok {
				end.CRC ^= 0x1234
				m.Frames[i].Delta = end
				ends++
			}
		}
		if ends == 0 {
			t.Fatalf("%s: no TRANSACTION_END", cf.name)
		}
		var buf bytes.Buffer
		if err := EncodeWAL(&buf, m); err != nil {
			t.Fatalf("%s: %v", cf.name, err)
		}
		if d := firstDiff(buf.Bytes(), cf.data); d != "" {
			t.Errorf("%s: %s", cf.name, d)
		}
		buf.Reset()
		if err := EncodeWALWith(&buf, m, &WALOptions{Verbatim: true}); err != nil {
			t.Fatalf("%s: verbatim: %v", cf.name, err)
		}
		_, err := decode.DecodeWAL(bytes.NewReader(buf.Bytes()), int64(buf.Len()), cf.name)
		if !errorsIs(err, format.ErrChecksum) {
			t.Errorf("%s: verbatim wrong CRCs decode with %v, want a checksum mismatch", cf.name, err)
		}
		n++
	}
	if n == 0 {
		t.Fatal("no corpus WAL with CRCs")
	}
}

// TestWALTornTail cuts unfinalized WALs inside their last transaction: the
// decoder keeps the complete frames and the leftover bytes as Tail, and the
// encoder reproduces the cut file.
func TestWALTornTail(t *testing.T) {
	n := 0
	for _, cf := range corpusOf(t, true) {
		m := decodeWAL(t, cf.data, cf.name)
		data := cf.data
		if m.Header.Summary.Finalized() {
			// Un-finalize (as a crashed writer leaves it) to allow a torn tail.
			m.Header.Summary = nil
			var buf bytes.Buffer
			if err := EncodeWAL(&buf, m); err != nil {
				t.Fatal(err)
			}
			data = buf.Bytes()
		}
		last := m.Frames[len(m.Frames)-1]
		for _, cut := range []int64{1, 5, last.Size - 1, last.Size + 3} {
			size := int64(len(data)) - cut
			torn := data[:size]
			got, err := decode.DecodeWAL(bytes.NewReader(torn), size, cf.name)
			if !format.IsTornTail(err) {
				t.Fatalf("%s cut %d: %v, want a torn tail", cf.name, cut, err)
			}
			var buf bytes.Buffer
			if err := EncodeWAL(&buf, got); err != nil {
				t.Fatalf("%s cut %d: %v", cf.name, cut, err)
			}
			if d := firstDiff(buf.Bytes(), torn); d != "" {
				t.Errorf("%s cut %d: %s", cf.name, cut, d)
			}
			n++
		}
	}
	t.Logf("%d torn WALs reproduced", n)
}

// TestWALWriterErrors covers the writer's refusals.
func TestWALWriterErrors(t *testing.T) {
	h := format.WALHeader{Version: 37, UUID: "u", Epoch: "e"}
	if _, err := NewWALWriter(&bytes.Buffer{}, h, &WALOptions{Finalize: true}); err == nil {
		t.Error("Finalize on a writer that cannot seek: no error")
	}
	h.Version = 35
	if _, err := NewWALWriter(&golden.MemFile{}, h, &WALOptions{Finalize: true}); !errorsIs(err, ErrUnrepresentable) {
		t.Errorf("Finalize at v35: %v, want ErrUnrepresentable", err)
	}
	h.Version = 13
	if _, err := NewWALWriter(&bytes.Buffer{}, h, nil); !errorsIs(err, format.ErrUnsupportedVersion) {
		t.Errorf("v13: %v", err)
	}

	h.Version = 37
	var buf bytes.Buffer
	w, err := NewWALWriter(&buf, h, nil)
	if err != nil {
		t.Fatal(err)
	}
	start := format.Frame{Timestamp: 5, Marker: format.DeltaTransactionStart, Delta: format.TxnStart{Commit: true}}
	if err := w.WriteFrame(start); err != nil {
		t.Fatal(err)
	}
	size := buf.Len()
	bad := format.Frame{Timestamp: 6, Marker: format.DeltaVertexCreate, Delta: format.VertexDelta{Gid: 1}}
	if err := w.WriteFrame(bad); !errorsIs(err, ErrInvalidModel) {
		t.Errorf("timestamp change inside a transaction: %v", err)
	}
	wrong := format.Frame{Timestamp: 5, Marker: format.DeltaVertexCreate, Delta: format.EdgeDelta{Gid: 1}}
	if err := w.WriteFrame(wrong); !errorsIs(err, ErrInvalidModel) {
		t.Errorf("payload of the wrong type: %v", err)
	}
	// Refused frames leave the writer usable and write nothing.
	if err := w.WriteFrame(format.Frame{Timestamp: 5, Marker: format.DeltaTransactionEnd, Delta: format.TxnEnd{}}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if buf.Len() <= size {
		t.Fatal("nothing written")
	}
	r, err := decode.OpenWAL(bytes.NewReader(buf.Bytes()), int64(buf.Len()), "")
	if err != nil {
		t.Fatal(err)
	}
	k := 0
	for _, err := range r.Frames() {
		if err != nil {
			t.Fatal(err)
		}
		k++
	}
	if k != 2 {
		t.Errorf("%d frames, want 2", k)
	}
}

// TestWALSummaryChecked: a finalized summary that disagrees with the frames
// is refused (the decoder would reject the file), unless Verbatim.
func TestWALSummaryChecked(t *testing.T) {
	for _, cf := range corpus(t) {
		if cf.name != "v37/test_all/wal.bin" {
			continue
		}
		m := decodeWAL(t, cf.data, cf.name)
		m.Header.Summary.NumDeltas++
		var buf bytes.Buffer
		if err := EncodeWAL(&buf, m); !errorsIs(err, ErrInvalidModel) || buf.Len() != 0 {
			t.Errorf("wrong summary: err %v, %d bytes written", err, buf.Len())
		}
		if err := CheckWAL(m); !errorsIs(err, ErrInvalidModel) {
			t.Errorf("CheckWAL: %v", err)
		}
		if err := EncodeWALWith(&buf, m, &WALOptions{Verbatim: true}); err != nil {
			t.Errorf("verbatim: %v", err)
		}
		m.Header.Summary.NumDeltas--
		m.Frames = m.Frames[:len(m.Frames)-1] // ends inside a transaction
		if err := CheckWAL(m); !errorsIs(err, ErrInvalidModel) {
			t.Errorf("finalized but open: %v", err)
		}
		return
	}
	t.Fatal("v37/test_all/wal.bin not in the corpus")
}

// TestWALHeaderGap: bytes between the header and the first frame are kept
// and offset_deltas follows them.
func TestWALHeaderGap(t *testing.T) {
	for _, v := range []format.Version{14, 36, 37} {
		m := &format.WAL{Header: format.WALHeader{Version: v, UUID: "uuid", Epoch: "epoch", SeqNum: 1, Gap: []byte{1, 2, 3}}}
		m.Frames = firstTxn(golden.FixtureWAL(v))
		var buf bytes.Buffer
		if err := EncodeWAL(&buf, m); err != nil {
			t.Fatal(err)
		}
		got := decodeWAL(t, buf.Bytes(), "")
		if !bytes.Equal(got.Header.Gap, m.Header.Gap) || got.Header.OffsetDeltas != got.Header.HeaderEnd+3 {
			t.Errorf("%s: gap %x, offset_deltas %d, header end %d", v, got.Header.Gap, got.Header.OffsetDeltas, got.Header.HeaderEnd)
		}
		if len(got.Frames) != len(m.Frames) {
			t.Errorf("%s: %d frames, want %d", v, len(got.Frames), len(m.Frames))
		}
	}
}
