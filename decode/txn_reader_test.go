package decode_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/fuzz"
	"github.com/durascope/durascope/golden"
	"github.com/durascope/durascope/golden/largegen"
)

// txnRead is what reading a WAL's transactions gives: each transaction's
// head and the frames read of it, the error that ends the reading, and the
// WAL's state after it.
type txnRead struct {
	Txns  []decode.Transaction
	Err   string
	State string
}

func walState(w *decode.WAL) string {
	return fmt.Sprintf("totals %+v complete end %d frames end %d behind %+v", w.Totals(), w.CompleteEnd(), w.FramesEnd(), w.Behind())
}

// byNextTransaction reads data with WAL.NextTransaction, keeping of the
// i-th transaction the frames read(i) says (-1: all).
func byNextTransaction(data []byte, read func(i int) int) (txnRead, error) {
	w, err := decode.OpenWAL(bytes.NewReader(data), int64(len(data)), "w")
	if err != nil {
		return txnRead{}, err
	}
	var r txnRead
	for i := 0; ; i++ {
		t, err := w.NextTransaction()
		if err != nil {
			if err != io.EOF {
				r.Err = err.Error()
			}
			r.State = walState(w)
			return r, nil
		}
		t.Index = w.TransactionIndex() // NextTransaction's own counts one more for a one-frame transaction
		if n := read(i); n >= 0 {
			t.Frames = t.Frames[:min(n, len(t.Frames))]
		}
		if len(t.Frames) == 0 {
			t.Frames = nil
		}
		r.Txns = append(r.Txns, *t)
	}
}

// byTxnReader reads data with a TxnReader, reading read(i) frames of the
// i-th transaction (-1: all, then io.EOF) as views, built into frames.
func byTxnReader(data []byte, read func(i int) int) (txnRead, error) {
	w, err := decode.OpenWAL(bytes.NewReader(data), int64(len(data)), "w")
	if err != nil {
		return txnRead{}, err
	}
	tr := decode.NewTxnReader(w)
	var r txnRead
	for i := 0; ; i++ {
		t, err := tr.Next()
		if err != nil {
			if err != io.EOF {
				r.Err = err.Error()
			}
			r.State = walState(w)
			return r, nil
		}
		if t.Frames != nil {
			return r, fmt.Errorf("transaction %d comes with frames", i)
		}
		got := *t
		for n := read(i); n != 0; n-- {
			d, err := tr.Delta()
			if err == io.EOF {
				break
			}
			if err != nil {
				return r, fmt.Errorf("transaction %d, frame %d: %v", i, len(got.Frames), err)
			}
			fr, err := d.Frame()
			if err != nil {
				return r, fmt.Errorf("transaction %d, frame %d: %v", i, len(got.Frames), err)
			}
			if d.HasValue() { // handed to a ValueVisitor, the value built
				var b fuzz.ValueBuilder
				if err := d.VisitValue(&b); err != nil {
					return r, fmt.Errorf("transaction %d, frame %d: %v", i, len(got.Frames), err)
				}
				if want, _ := d.Value(); !fuzz.SameModel(b.Value(), want) {
					return r, fmt.Errorf("transaction %d, frame %d: visited value differs", i, len(got.Frames))
				}
			}
			got.Frames = append(got.Frames, fr)
		}
		r.Txns = append(r.Txns, got)
	}
}

// TestTxnReader: a TxnReader reads the transactions NextTransaction reads,
// the same heads and frames, and stops with the same error, leaving the
// WAL in the same state, whichever frames of them are read: on every
// corpus WAL, generated WALs of every version, and cuts and byte flips of
// them (DURASCOPE_SWEEP=full: more of them).
func TestTxnReader(t *testing.T) {
	inputs := map[string][]byte{}
	for _, f := range golden.ReadCorpus(t) {
		if f.WAL {
			inputs[f.Name] = f.Data
		}
	}
	for v := format.MinVersion; v <= format.MaxVersion; v += 4 {
		var f golden.MemFile
		if _, err := largegen.WriteWAL(&f, v, 8<<10, uint64(v)); err != nil {
			t.Fatal(err)
		}
		inputs["generated "+v.String()] = f.Bytes()
	}
	inputs["uncommitted"] = uncommittedWAL(t)
	patterns := map[string]func(int) int{
		"every frame": func(int) int { return -1 },
		// Frames of some transactions skipped, of some only the first.
		"some frames": func(i int) int { return [...]int{-1, 0, 1, -1, 0, 0, 2}[i%7] },
	}
	same := func(name string, data []byte) {
		t.Helper()
		for pn, read := range patterns {
			want, err := byNextTransaction(data, read)
			if err != nil {
				return // does not open
			}
			got, err := byTxnReader(data, read)
			if err != nil {
				t.Fatalf("%s, %s: %v", name, pn, err)
			}
			if !fuzz.SameModel(got, want) {
				t.Fatalf("%s, %s: TxnReader reads %d transactions, error %q, state %s;\nNextTransaction %d, %q, %s",
					name, pn, len(got.Txns), got.Err, got.State, len(want.Txns), want.Err, want.State)
			}
		}
	}
	complete := 0
	for name, data := range inputs {
		same(name, data)
		if r, err := byTxnReader(data, func(int) int { return -1 }); err == nil && r.Err == "" {
			complete++
		}
		step := 1 + len(data)/40
		switch {
		case sweepFull():
			step = 1 + len(data)/400
		case strings.Contains(name, "test_edges") || strings.Contains(name, "test_vertices"):
			continue // test_all's deltas are theirs
		}
		for off := 0; off < len(data); off += step {
			same(fmt.Sprintf("%s cut at %d", name, off), data[:off])
			m := bytes.Clone(data)
			m[off] ^= 1 << (off % 8)
			same(fmt.Sprintf("%s flip at %d", name, off), m)
		}
	}
	if complete < len(inputs)/2 {
		t.Fatalf("only %d of %d WALs read to their end", complete, len(inputs))
	}
}

// TestTxnReaderChangedFile: a transaction whose frames read differently
// the second time (the file changed) is an error, not other frames.
func TestTxnReaderChangedFile(t *testing.T) {
	const v = 35 // TRANSACTION_START, no CRC to catch the change first
	var f golden.MemFile
	if _, err := largegen.WriteWAL(&f, v, 8<<10, 1); err != nil {
		t.Fatal(err)
	}
	data := f.Bytes()
	first, err := decode.OpenWAL(bytes.NewReader(data), int64(len(data)), "w")
	if err != nil {
		t.Fatal(err)
	}
	tx, err := first.NextTransaction()
	if err != nil || len(tx.Frames) < 3 {
		t.Fatalf("first transaction: %v, %d frames", err, len(tx.Frames))
	}
	file := &changing{data: bytes.Clone(data)}
	w, err := decode.OpenWAL(file, int64(len(data)), "w")
	if err != nil {
		t.Fatal(err)
	}
	tr := decode.NewTxnReader(w)
	if _, err := tr.Next(); err != nil {
		t.Fatal(err)
	}
	// The second frame becomes the transaction's end behind the reader's back.
	file.data[tx.Frames[1].Offset+10] = byte(format.DeltaTransactionEnd)
	for {
		_, err := tr.Delta()
		if err == io.EOF {
			t.Fatal("the changed transaction reads to its end")
		}
		if err != nil {
			if !strings.Contains(err.Error(), "does not read again as it read first") {
				t.Fatalf("got %v", err)
			}
			return
		}
	}
}

// TestTxnReaderTransactionChangedLength: a transaction read again (more
// frames than Next takes apart at once) that has more or fewer frames the
// second time (the file was replaced by one whose first frames are the
// same) is an error at the first frame that does not agree, after the
// frames before it: the one that should have been the last but does not
// close the transaction, or the one that closes it early.
func TestTxnReaderTransactionChangedLength(t *testing.T) {
	// wal is a WAL of transactions with so many vertices each.
	wal := func(vertices ...int) []byte {
		txns := make([]format.Txn, len(vertices))
		for i, n := range vertices {
			txns[i] = vertexTxn(uint64(10+i), true, uint64(1000*i), n)
		}
		return txnsWAL(t, txns...)
	}
	// A frame: 0x26, the timestamp, the delta type; a vertex adds its gid.
	const vertexFrame = 11 + 9
	for _, c := range []struct {
		name        string
		first, then []int // vertices of the transactions when read, and when read again
		returned    int   // frames Delta returns before the error
	}{
		// TRANSACTION_START, VERTEX_CREATE 0..299; VERTEX_CREATE 300 does
		// not close.
		{"longer", []int{300}, []int{302}, 301},
		// The same, in a file of the same size, so that the frames after
		// the one that should close lie in the window.
		{"longer, same size", []int{300, 2}, []int{302, 0}, 301},
		// TRANSACTION_START, VERTEX_CREATE 0..299; TRANSACTION_END closes
		// early.
		{"shorter", []int{302}, []int{300}, 301},
		{"shorter, same size", []int{302, 0}, []int{300, 2}, 301},
	} {
		t.Run(c.name, func(t *testing.T) {
			first, then := wal(c.first...), wal(c.then...)
			file := &changing{data: first}
			w, err := decode.OpenWAL(file, int64(len(first)), "w")
			if err != nil {
				t.Fatal(err)
			}
			tr := decode.NewTxnReader(w)
			tx, err := tr.Next()
			if err != nil {
				t.Fatal(err)
			}
			file.data = then
			var offsets []int64
			for {
				d, err := tr.Delta()
				if err == io.EOF {
					t.Fatal("the changed transaction reads to its end")
				}
				if err != nil {
					var de *format.DecodeError
					if !errors.As(err, &de) || !strings.Contains(err.Error(), "does not read again as it read first") {
						t.Fatalf("got %v", err)
					}
					if len(offsets) != c.returned {
						t.Fatalf("%d frames before the error, want %d", len(offsets), c.returned)
					}
					// The frame after the ones returned: the second vertex
					// frame, or the end frame in its place.
					if want := offsets[len(offsets)-1] + vertexFrame; de.Offset != want {
						t.Fatalf("error at offset %d, want %d", de.Offset, want)
					}
					if _, err := tr.Delta(); err != io.EOF {
						t.Fatalf("after the error, Delta returns %v, want io.EOF", err)
					}
					return
				}
				if len(offsets) == 0 && d.Offset != tx.Offset {
					t.Fatalf("first frame at %d, the transaction at %d", d.Offset, tx.Offset)
				}
				offsets = append(offsets, d.Offset)
			}
		})
	}
}

// TestTxnReaderReadsSmallTransactionsOnce: a transaction that lies whole
// in the read window, of no more frames than Next takes apart at once, is
// read once: Delta returns the frames Next read, whatever the file holds
// by then; a longer one is read again.
func TestTxnReaderReadsSmallTransactionsOnce(t *testing.T) {
	wal := func(gid uint64, vertices int) []byte {
		return txnsWAL(t, vertexTxn(10, true, gid, vertices))
	}
	for _, c := range []struct {
		vertices int
		again    bool // read again: the gids the file holds by then
	}{{1, false}, {200, false}, {300, true}} {
		file := &changing{data: wal(1, c.vertices)}
		w, err := decode.OpenWAL(file, int64(len(file.data)), "w")
		if err != nil {
			t.Fatal(err)
		}
		tr := decode.NewTxnReader(w)
		if _, err := tr.Next(); err != nil {
			t.Fatal(err)
		}
		file.data = wal(1001, c.vertices) // the same frames, other gids
		var first uint64
		for {
			d, err := tr.Delta()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			if d.Marker == format.DeltaVertexCreate && first == 0 {
				first = d.Gid
			}
		}
		if want := map[bool]uint64{false: 1, true: 1001}[c.again]; first != want {
			t.Errorf("%d vertices: the first vertex reads as %d, want %d", c.vertices, first, want)
		}
	}
}

// changing is a file whose bytes a test changes between reads.
type changing struct{ data []byte }

func (c *changing) ReadAt(p []byte, off int64) (int, error) {
	if off >= int64(len(c.data)) {
		return 0, io.EOF
	}
	n := copy(p, c.data[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// uncommittedWAL is a v37 WAL whose transactions alternate between
// committed and not (TRANSACTION_START commit=false), of one to three
// frames each.
func uncommittedWAL(t *testing.T) []byte {
	txns := make([]format.Txn, 12)
	for i := range txns {
		txns[i] = vertexTxn(uint64(10+i), i%2 == 0, uint64(10*i), i%3+1)
	}
	return txnsWAL(t, txns...)
}

// vertexTxn is a transaction at timestamp ts creating n vertices, of gids
// from gid on.
func vertexTxn(ts uint64, commit bool, gid uint64, n int) format.Txn {
	txn := format.Txn{Timestamp: ts, Commit: commit, Access: format.AccessWrite}
	for k := range n {
		txn.Data = append(txn.Data, format.Frame{Marker: format.DeltaVertexCreate, Delta: format.VertexDelta{Gid: gid + uint64(k)}})
	}
	return txn
}

// txnsWAL is a v37 WAL of the transactions.
func txnsWAL(t *testing.T, txns ...format.Txn) []byte {
	t.Helper()
	var b bytes.Buffer
	w, err := encode.NewWALWriter(&b, format.WALHeader{Version: format.MaxVersion, UUID: strings.Repeat("u", 36), Epoch: strings.Repeat("e", 36)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, txn := range txns {
		if err := w.WriteTxn(txn); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestDeltaViewScalar: every property value of every corpus WAL and of
// generated ones of every version that DeltaView.Scalar reads is the value
// Value decodes, and it reads every scalar of the types it takes.
func TestDeltaViewScalar(t *testing.T) {
	inputs := map[string][]byte{}
	for _, f := range golden.ReadCorpus(t) {
		if f.WAL {
			inputs[f.Name] = f.Data
		}
	}
	for v := format.MinVersion; v <= format.MaxVersion; v++ {
		var f golden.MemFile
		if _, err := largegen.WriteWAL(&f, v, 64<<10, uint64(v)); err != nil {
			t.Fatal(err)
		}
		inputs["generated "+v.String()] = f.Bytes()
	}
	read := map[format.Marker]int{}
	for name, data := range inputs {
		w, err := decode.OpenWAL(bytes.NewReader(data), int64(len(data)), name)
		if err != nil {
			continue
		}
		tr := decode.NewTxnReader(w)
		for {
			if _, err := tr.Next(); err != nil {
				break
			}
			for {
				d, err := tr.Delta()
				if err != nil {
					break
				}
				if !d.HasValue() {
					continue
				}
				typ, a, b, str, ok := d.Scalar()
				want, err := d.Value()
				if err != nil {
					t.Fatalf("%s, frame at %d: %v", name, d.Offset, err)
				}
				m := scalarType(want)
				if m != 0 && !ok {
					t.Errorf("%s, frame at %d: Scalar does not read %#v", name, d.Offset, want)
				}
				if !ok {
					continue
				}
				read[m]++
				if got := scalarValue(typ, a, b, str); !fuzz.SameModel(got, want) {
					t.Errorf("%s, frame at %d: Scalar reads %#v, Value decodes %#v", name, d.Offset, got, want)
				}
			}
		}
	}
	for _, m := range []format.Marker{format.MarkerNull, format.MarkerBool, format.MarkerInt, format.MarkerDouble, format.MarkerString, format.MarkerTemporal, format.MarkerEnum} {
		if read[m] == 0 {
			t.Errorf("no %s value read", m)
		}
	}
	t.Logf("scalars read: %v", read)
}
