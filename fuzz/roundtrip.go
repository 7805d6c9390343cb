package fuzz

import (
	"bytes"
	"fmt"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/format"
)

// CheckRoundTrip builds a valid snapshot or WAL model from data (read as a
// stream of choices: version, kind, then every count and value), encodes
// it, decodes the bytes and requires the model back; then it runs every
// property of CheckSnapshot or CheckWAL on the encoded file, which also
// requires encode(decode(bytes)) == bytes.
func CheckRoundTrip(data []byte) error {
	return guard(func() error { return metered.roundTrip(data) })
}

func (p props) roundTrip(data []byte) error {
	s := &source{b: data}
	g := newGen(s, format.MinVersion+format.Version(s.intn(numVersions)))
	if s.bool() {
		return p.roundTripWAL(g)
	}
	return p.roundTripSnapshot(g)
}

func (p props) roundTripSnapshot(g *gen) error {
	v := g.f.Version
	m := g.snapshot()
	opts := &encode.SnapshotOptions{Layout: encode.LayoutFresh, BatchSize: 1 + g.s.intn(3),
		OmitEdgeSection: len(m.Edges) == 0 && g.s.bool()}
	var buf bytes.Buffer
	if err := encode.EncodeSnapshotWith(&buf, m, opts); err != nil {
		return fmt.Errorf("%s: the encoder refuses a generated snapshot: %v", v, err)
	}
	got, err := decode.DecodeSnapshot(bytes.NewReader(buf.Bytes()), int64(buf.Len()), "")
	if err != nil {
		return fmt.Errorf("%s: an encoded snapshot does not decode: %v", v, err)
	}
	// The layout is the encoder's to choose.
	got.Offsets, got.EdgeBatches, got.VertexBatches = format.Offsets{}, nil, nil
	for i := range got.Edges {
		got.Edges[i].Offset = 0
	}
	for i := range got.Vertices {
		got.Vertices[i].Offset = 0
	}
	if d := diffModels(m, got); d != "" {
		return fmt.Errorf("%s: the snapshot decodes to a different model (-built +decoded):\n%s", v, d)
	}
	return p.snapshot(buf.Bytes())
}

func (p props) roundTripWAL(g *gen) error {
	v := g.f.Version
	h := g.walHeader()
	frames := g.frames()
	finalize := h.Summary != nil && g.s.bool()
	var f memFile
	w, err := encode.NewWALWriter(&f, h, &encode.WALOptions{Finalize: finalize})
	for i := 0; err == nil && i < len(frames); i++ {
		err = w.WriteFrame(frames[i])
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		return fmt.Errorf("%s: the encoder refuses a generated WAL: %v", v, err)
	}
	got, err := decode.DecodeWAL(bytes.NewReader(f.b), int64(len(f.b)), "")
	if err != nil {
		return fmt.Errorf("%s: an encoded WAL does not decode: %v", v, err)
	}
	gh := got.Header
	if gh.Version != h.Version || gh.UUID != h.UUID || gh.Epoch != h.Epoch || gh.SeqNum != h.SeqNum {
		return fmt.Errorf("%s: header %+v decodes as %+v", v, h, gh)
	}
	if finalize && len(frames) > 0 && (gh.Summary == nil || gh.Summary.NumDeltas != uint64(len(frames))) {
		return fmt.Errorf("%s: finalized WAL of %d frames, summary %+v", v, len(frames), gh.Summary)
	}
	// Positions and CRCs are the encoder's to compute.
	for i := range got.Frames {
		fr := &got.Frames[i]
		fr.Offset, fr.Size = 0, 0
		if _, ok := fr.Delta.(format.TxnEnd); ok {
			fr.Delta = format.TxnEnd{}
		}
	}
	if d := diffModels(frames, got.Frames); d != "" {
		return fmt.Errorf("%s: the WAL decodes to different frames (-built +decoded):\n%s", v, d)
	}
	return p.wal(f.b)
}

// memFile is an in-memory io.Writer and io.WriterAt (for finalizing).
type memFile struct{ b []byte }

func (m *memFile) Write(p []byte) (int, error) {
	m.b = append(m.b, p...)
	return len(p), nil
}

func (m *memFile) WriteAt(p []byte, off int64) (int, error) {
	if end := int(off) + len(p); end > len(m.b) {
		m.b = append(m.b, make([]byte, end-len(m.b))...)
	}
	return copy(m.b[off:], p), nil
}
