package fuzz

import (
	"bytes"
	"errors"
	"fmt"
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
	return p.replayWAL(data, err)
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
