package decode_test

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/fuzz"
	"github.com/durascope/durascope/golden"
	"github.com/durascope/durascope/golden/largegen"
)

// frameRead is what reading a WAL's frames gives: the frames, each with
// its transaction index, the error that ends the reading, and the WAL's
// state after it.
type frameRead struct {
	Frames []format.Frame
	Txns   []int
	Err    string
	State  string
}

func byNextFrame(data []byte) (frameRead, error) {
	w, err := decode.OpenWAL(bytes.NewReader(data), int64(len(data)), "w")
	if err != nil {
		return frameRead{}, err
	}
	var r frameRead
	for {
		fr, err := w.Next()
		if err != nil {
			if err != io.EOF {
				r.Err = err.Error()
			}
			r.State = walState(w)
			return r, nil
		}
		r.Frames, r.Txns = append(r.Frames, fr), append(r.Txns, w.TransactionIndex())
	}
}

// byFrameBytes reads in runs of a few frames, taking each apart from the
// bytes NextFrameBytes copied out, as a dump does.
func byFrameBytes(data []byte) (frameRead, error) {
	w, err := decode.OpenWAL(bytes.NewReader(data), int64(len(data)), "w")
	if err != nil {
		return frameRead{}, err
	}
	p := w.FrameParser()
	heads := make([]decode.FrameHead, 5)
	var r frameRead
	var buf []byte
	for {
		n, b, err := w.NextFrameBytes(heads, buf)
		buf = b
		at := int64(0)
		for k := range heads[:n] {
			h := &heads[k]
			v, verr := p.View(h, b[at:at+h.Size])
			if verr != nil {
				return r, verr
			}
			fr, verr := v.Frame()
			if verr != nil {
				return r, verr
			}
			r.Frames, r.Txns = append(r.Frames, fr), append(r.Txns, h.Txn)
			at += h.Size
		}
		if err != nil {
			if err != io.EOF {
				r.Err = err.Error()
			}
			r.State = walState(w)
			return r, nil
		}
	}
}

// TestFrameBytesAreNextFrame: frames read as bytes and taken apart by a
// FrameParser are the frames Next decodes, with the same transaction
// indexes, the same error and the same state after it, on every corpus
// WAL and generated WALs of every fourth version, whole, cut and bit-flipped.
func TestFrameBytesAreNextFrame(t *testing.T) {
	inputs := map[string][]byte{}
	for _, f := range golden.ReadCorpus(t) {
		if f.WAL {
			inputs[f.Name] = f.Data
		}
	}
	for v := format.MinVersion; v <= format.MaxVersion; v += 4 {
		var f golden.MemFile
		if _, err := largegen.WriteWAL(&f, v, 16<<10, uint64(v)); err != nil {
			t.Fatal(err)
		}
		inputs["generated "+v.String()] = f.Bytes()
	}
	checked := 0
	same := func(name string, data []byte) {
		t.Helper()
		want, err := byNextFrame(data)
		if err != nil {
			return // does not open
		}
		got, err := byFrameBytes(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !fuzz.SameModel(got, want) {
			t.Fatalf("%s: by bytes %d frames, error %q, state %s;\nby Next %d, %q, %s",
				name, len(got.Frames), got.Err, got.State, len(want.Frames), want.Err, want.State)
		}
		checked += len(want.Frames)
	}
	for name, data := range inputs {
		same(name, data)
		step := 1 + len(data)/30
		for off := 0; off < len(data); off += step {
			same(fmt.Sprintf("%s cut at %d", name, off), data[:off])
			m := bytes.Clone(data)
			m[off] ^= 1 << (off % 8)
			same(fmt.Sprintf("%s flip at %d", name, off), m)
		}
	}
	if checked < 10_000 {
		t.Fatalf("only %d frames compared", checked)
	}
}
