package fuzz

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
)

// CheckWAL runs the WAL properties on data: DecodeWAL, the streaming
// decoder (OpenWAL and Next), inspect's replay and the Cypher dump.
func CheckWAL(data []byte) error {
	return guard(func() error { return metered.wal(data) })
}

func (p props) wal(data []byte) error {
	size := int64(len(data))
	var m *format.WAL
	var err error
	if e := p.within("DecodeWAL", Budget(len(data)), func() { m, err = decode.DecodeWAL(bytes.NewReader(data), size, "") }); e != nil {
		return e
	}
	if e := typed("DecodeWAL", err, size, walClasses); e != nil {
		return e
	}
	torn := format.IsTornTail(err)
	switch {
	case (err == nil || torn) && m == nil:
		return fmt.Errorf("DecodeWAL returned no model with %v", err)
	case err != nil && !torn && m != nil:
		return fmt.Errorf("DecodeWAL returned a model with %v", err)
	case m != nil:
		if e := shallow(walValues(m)); e != nil {
			return e
		}
		// Verbatim: the stored CRCs and summary as decoded, the torn tail as is.
		var buf bytes.Buffer
		if e := encode.EncodeWALWith(&buf, m, &encode.WALOptions{Verbatim: true}); e != nil {
			return fmt.Errorf("decoded (error %v), but the model does not re-encode: %v", err, e)
		}
		if e := sameBytes("re-encoded WAL", buf.Bytes(), data); e != nil {
			return e
		}
	}
	var streamErr error
	if e := p.within("streaming WAL read", Budget(len(data)), func() { streamErr = streamWAL(data, m, err) }); e != nil {
		return e
	}
	if streamErr != nil {
		return streamErr
	}
	for _, batch := range []int{1, 5, 256} {
		if e := nextFrames(data, batch); e != nil {
			return e
		}
	}
	if e := p.replayWAL(data, err); e != nil {
		return e
	}
	failed := ""
	if err != nil && !torn { // a torn tail is a crash's, a warning
		failed = "DecodeWAL fails: " + err.Error()
	}
	return p.verifyAgrees(data, failed)
}

// walValues lists the property values of a WAL model.
func walValues(m *format.WAL) []format.Value {
	var vs []format.Value
	for _, fr := range m.Frames {
		switch d := fr.Delta.(type) {
		case format.VertexPropertyDelta:
			vs = append(vs, d.Value)
		case format.EdgePropertyDelta:
			vs = append(vs, d.Value)
		case format.DescriptionDelta:
			if d.Value != nil {
				vs = append(vs, d.Value)
			}
		}
	}
	return vs
}

// streamWAL reads data frame by frame: the frames and the final error must
// be those of the whole-file decode, and the positions must be consistent.
func streamWAL(data []byte, m *format.WAL, decodeErr error) error {
	size := int64(len(data))
	w, err := decode.OpenWAL(bytes.NewReader(data), size, "")
	if err != nil {
		if e := typed("OpenWAL", err, size, walClasses); e != nil {
			return e
		}
		return sameError("OpenWAL", err, decodeErr)
	}
	var frames []format.Frame
	for {
		fr, err := w.Next()
		if err == io.EOF {
			err = nil
		}
		if err != nil || fr.Size == 0 {
			if e := typed("WAL.Next", err, size, walClasses); e != nil {
				return e
			}
			if e := sameError("WAL.Next", err, decodeErr); e != nil {
				return e
			}
			if _, again := w.Next(); err != nil && again != err {
				return fmt.Errorf("WAL.Next: error not sticky: %v, then %v", err, again)
			}
			break
		}
		if fr.Offset != w.FramesEnd()-fr.Size || fr.Size < 11 {
			return fmt.Errorf("frame at %d of %d bytes, frames end at %d", fr.Offset, fr.Size, w.FramesEnd())
		}
		frames = append(frames, fr)
	}
	if !(int64(w.Header.HeaderEnd) <= w.CompleteEnd() && w.CompleteEnd() <= w.FramesEnd() && w.FramesEnd() <= size) {
		return fmt.Errorf("header end %d, complete end %d, frames end %d, size %d are out of order",
			w.Header.HeaderEnd, w.CompleteEnd(), w.FramesEnd(), size)
	}
	if m == nil {
		return nil
	}
	if d := diffModels(m.Frames, frames); d != "" {
		return fmt.Errorf("the streaming decoder reads different frames (-DecodeWAL +Next):\n%s", d)
	}
	if t := w.Totals(); decodeErr == nil && t.Frames != uint64(len(frames)) {
		return fmt.Errorf("a clean WAL of %d frames, but totals count %d frames in complete transactions", len(frames), t.Frames)
	}
	return nil
}

// replayWAL runs what `durascope dump --format cypher` runs on a WAL:
// replay from an empty state, then the dump.
func (p props) replayWAL(data []byte, decodeErr error) error {
	size := int64(len(data))
	w, err := decode.OpenWAL(bytes.NewReader(data), size, "")
	if err != nil {
		return nil // checked by streamWAL
	}
	st := graph.New()
	var res graph.ReplayResult
	if e := p.within("inspect.ReplayWAL", Budget(len(data)), func() { res, err = st.ReplayWAL(w, 0) }); e != nil {
		return e
	}
	if e := typed("inspect.ReplayWAL", err, size, append(walClasses, format.ErrInconsistent)); e != nil {
		return e
	}
	if err != nil {
		if errors.Is(err, format.ErrInconsistent) {
			return nil
		}
		return sameError("inspect.ReplayWAL", err, decodeErr)
	}
	if torn := format.IsTornTail(decodeErr); torn != (res.TornTail != nil) {
		return fmt.Errorf("replay reports torn tail %v, the decoder %v", res.TornTail, decodeErr)
	}
	return p.dump(st, len(data))
}

// CheckNextFrames reads data with WAL.NextFrames, batch frames at a time,
// beside a decoder reading it with NextFrame after SkipPayloads: every
// frame (offset, size, timestamp, delta type, transaction, commit flag, the
// close of its transaction), the error that ends them and the decoders'
// state after every batch must be the same; a third decoder reads it
// with WAL.NextNotable, batch frames at a time, and must report those of
// the frames that are notable, count them all by delta type, and end with
// the same error and state. They read most frames on a fast path of their
// own (decode.WAL.NextFrames); this is what holds it to the decoder.
func CheckNextFrames(data []byte, batch int) error {
	return guard(func() error { return nextFrames(data, batch) })
}

func nextFrames(data []byte, batch int) error {
	size := int64(len(data))
	ref, refErr := decode.OpenWAL(bytes.NewReader(data), size, "")
	w, err := decode.OpenWAL(bytes.NewReader(data), size, "")
	if refErr != nil || err != nil {
		return sameError("OpenWAL", err, refErr)
	}
	ref.SkipPayloads()
	heads := make([]decode.FrameHead, batch)
	read, seq := 0, 0
	var all []decode.FrameHead
	for {
		n, err := w.NextFrames(heads)
		if n > batch || (err == nil && n != batch) {
			return fmt.Errorf("NextFrames of %d read %d frames, error %v", batch, n, err)
		}
		for k, got := range heads[:n] {
			fr, rerr := ref.NextFrame()
			if rerr != nil {
				return fmt.Errorf("NextFrames read frame #%d %+v, NextFrame fails: %v", read+k, got, rerr)
			}
			want := decode.FrameHead{Offset: fr.Offset, Size: fr.Size, Timestamp: fr.Timestamp, Txn: ref.TransactionIndex(),
				Marker: fr.Marker, Closes: ref.ClosedTransaction(), Seq: seq}
			if seq++; want.Closes {
				seq = 0
			}
			if s, ok := fr.Delta.(format.TxnStart); ok {
				want.Commit = s.Commit
			}
			if got != want {
				return fmt.Errorf("frame #%d: NextFrames reads %+v, NextFrame %+v", read+k, got, want)
			}
		}
		read += n
		all = append(all, heads[:n]...)
		if err != nil {
			_, rerr := ref.NextFrame()
			if e := sameError("NextFrames", err, rerr); e != nil {
				return fmt.Errorf("after %d frames: %v", read, e)
			}
			if again, aerr := w.NextFrames(heads); again != 0 || aerr != err {
				return fmt.Errorf("NextFrames: error not sticky: %v, then %d frames and %v", err, again, aerr)
			}
		}
		if e := sameState(w, ref); e != nil {
			return fmt.Errorf("after %d frames (error %v): %v", read, err, e)
		}
		if err != nil {
			return notableFrames(data, batch, all, err, w)
		}
	}
}

// notableFrames reads data with WAL.NextNotable, batch frames at a time:
// it must report the notable ones of all, the frames NextFrames read, and
// count all of them, and end with NextFrames's error end and the state of
// its decoder w.
func notableFrames(data []byte, batch int, all []decode.FrameHead, end error, w *decode.WAL) error {
	sp, err := decode.OpenWAL(bytes.NewReader(data), int64(len(data)), "")
	if err != nil {
		return err
	}
	var want []decode.FrameHead
	var wantCounts decode.DeltaCounts
	for _, h := range all {
		if h.Seq == 0 || h.Closes || !format.IsDataDelta(h.Marker) {
			want = append(want, h)
		}
		wantCounts[h.Marker].Frames++
		wantCounts[h.Marker].Bytes += uint64(h.Size)
	}
	heads := make([]decode.FrameHead, batch)
	var got []decode.FrameHead
	var counts decode.DeltaCounts
	for {
		n, err := sp.NextNotable(heads, &counts)
		if n > batch || (err == nil && n != batch) {
			return fmt.Errorf("NextNotable of %d reported %d frames, error %v", batch, n, err)
		}
		got = append(got, heads[:n]...)
		if err == nil {
			continue
		}
		if e := sameError("NextNotable", err, end); e != nil {
			return e
		}
		if len(got) != len(want) {
			return fmt.Errorf("NextNotable reports %d frames, %d of NextFrames's %d are notable", len(got), len(want), len(all))
		}
		for k := range got {
			if got[k] != want[k] {
				return fmt.Errorf("notable frame #%d: NextNotable reports %+v, NextFrames %+v", k, got[k], want[k])
			}
		}
		if counts != wantCounts {
			return fmt.Errorf("NextNotable counts %v, the frames NextFrames read %v", counts, wantCounts)
		}
		if e := sameState(sp, w); e != nil {
			return fmt.Errorf("NextNotable: %v", e)
		}
		return nil
	}
}

// sameState compares what two decoders of one file report of their position.
func sameState(got, want *decode.WAL) error {
	type state struct {
		Totals                 format.WALTotals
		FramesEnd, CompleteEnd int64
		TransactionIndex       int
		ClosedTransaction      bool
		Behind                 decode.Behind
	}
	of := func(w *decode.WAL) state {
		return state{w.Totals(), w.FramesEnd(), w.CompleteEnd(), w.TransactionIndex(), w.ClosedTransaction(), w.Behind()}
	}
	if g, w := of(got), of(want); g != w {
		return fmt.Errorf("NextFrames leaves %+v, NextFrame %+v", g, w)
	}
	return nil
}

// walHolding returns a WAL of version v whose one transaction sets a
// property to the value bytes b, whatever they hold (its CRC, where the
// version has one, matches): the place of a property value in the frames
// NextFrames reads on its fast path.
func walHolding(v format.Version, b []byte) ([]byte, error) {
	f := format.FeaturesOf(v)
	h := format.WALHeader{Version: v, UUID: "u", Epoch: "e"}
	if f.Has(format.FeatWALSummary) {
		h.Summary = &format.WALSummary{}
	}
	const mark = 0x5eed_0f_7a_1ce_5eed
	frames := format.AppendTxn(nil, f, format.Txn{Timestamp: 7, Commit: true, Data: []format.Frame{{Marker: format.DeltaVertexSetProperty,
		Delta: format.VertexPropertyDelta{Gid: 1, Property: "p", Value: format.Int(mark)}}}})
	var out memFile
	w, err := encode.NewWALWriter(&out, h, nil)
	for i := 0; err == nil && i < len(frames); i++ {
		err = w.WriteFrame(frames[i])
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		return nil, err
	}
	placeholder, err := encode.AppendValue(nil, format.Int(mark), v)
	if err != nil {
		return nil, err
	}
	i := bytes.Index(out.b, placeholder)
	if i < 0 {
		return nil, fmt.Errorf("%s: the placeholder value is not in the WAL", v)
	}
	data := append(append(append([]byte{}, out.b[:i]...), b...), out.b[i+len(placeholder):]...)
	if f.Has(format.FeatCRC) {
		// The transaction runs from the first frame to the end, where its
		// CRC is: 0x12, then the CRC of the bytes before it, as a u64.
		r, err := decode.OpenWAL(bytes.NewReader(out.b), int64(len(out.b)), "")
		if err != nil {
			return nil, err
		}
		end := len(data) - 8
		crc := crc32.ChecksumIEEE(data[r.Header.OffsetDeltas:end])
		binary.LittleEndian.PutUint64(data[end:], uint64(crc))
	}
	return data, nil
}
