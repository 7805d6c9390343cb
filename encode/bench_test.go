package encode_test

// Encode throughput over large generated files (golden/largegen), decoded
// once per process into models. MB/s is output bytes per second; the output
// is discarded.
//
//	go test -run='^$' -bench=. -benchmem ./encode/

import (
	"bytes"
	"sync"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
	"github.com/durascope/durascope/golden/largegen"
)

const benchSize = 64 << 20

// sink counts and discards; WriteAt lets the writers back-patch.
type sink struct{ n int64 }

func (s *sink) Write(p []byte) (int, error)            { s.n += int64(len(p)); return len(p), nil }
func (s *sink) WriteAt(p []byte, _ int64) (int, error) { return len(p), nil }

var (
	snapOnce, walOnce sync.Once
	snapFile, walFile []byte
	snapModel         *format.Snapshot
	walModel          *format.WAL
)

func benchSnapshot(b *testing.B) ([]byte, *format.Snapshot) {
	snapOnce.Do(func() {
		var out golden.MemFile
		if _, err := largegen.WriteSnapshot(&out, format.MaxVersion, benchSize, &largegen.SnapshotParams{Seed: 1, BatchSize: 100_000}); err != nil {
			b.Fatal(err)
		}
		m, err := decode.DecodeSnapshot(bytes.NewReader(out.Bytes()), int64(len(out.Bytes())), "generated")
		if err != nil {
			b.Fatal(err)
		}
		snapFile, snapModel = out.Bytes(), m
	})
	if snapModel == nil {
		b.Fatal("no snapshot model")
	}
	return snapFile, snapModel
}

func benchWAL(b *testing.B) ([]byte, *format.WAL) {
	walOnce.Do(func() {
		var out golden.MemFile
		if _, err := largegen.WriteWAL(&out, format.MaxVersion, benchSize, 1); err != nil {
			b.Fatal(err)
		}
		m, err := decode.DecodeWAL(bytes.NewReader(out.Bytes()), int64(len(out.Bytes())), "generated")
		if err != nil {
			b.Fatal(err)
		}
		walFile, walModel = out.Bytes(), m
	})
	if walModel == nil {
		b.Fatal("no WAL model")
	}
	return walFile, walModel
}

// want checks that an encoder wrote the file's size.
func want(b *testing.B, got int64, file []byte) {
	if got != int64(len(file)) {
		b.Fatalf("wrote %d bytes, want %d", got, len(file))
	}
}

func BenchmarkEncodeSnapshot(b *testing.B) {
	file, m := benchSnapshot(b)
	for _, c := range []struct {
		name   string
		layout encode.Layout
	}{{"model-recorded", encode.LayoutRecorded}, {"model-fresh", encode.LayoutFresh}} {
		b.Run(c.name, func(b *testing.B) { // EncodeSnapshotWith: the whole model
			b.SetBytes(int64(len(file)))
			b.ReportAllocs()
			for b.Loop() {
				var s sink
				if err := encode.EncodeSnapshotWith(&s, m, &encode.SnapshotOptions{Layout: c.layout, BatchSize: 100_000}); err != nil {
					b.Fatal(err)
				}
				want(b, s.n, file)
			}
		})
	}
	b.Run("stream", func(b *testing.B) { // SnapshotWriter: record by record
		rest := *m
		rest.Edges, rest.Vertices = nil, nil
		b.SetBytes(int64(len(file)))
		b.ReportAllocs()
		for b.Loop() {
			var s sink
			w, err := encode.NewSnapshotWriter(&s, m.Version, &encode.SnapshotOptions{BatchSize: 100_000})
			if err != nil {
				b.Fatal(err)
			}
			for _, e := range m.Edges {
				if err := w.WriteEdge(e); err != nil {
					b.Fatal(err)
				}
			}
			for _, v := range m.Vertices {
				if err := w.WriteVertex(v); err != nil {
					b.Fatal(err)
				}
			}
			if err := w.Finish(&rest); err != nil {
				b.Fatal(err)
			}
			want(b, s.n, file)
		}
	})
}

func BenchmarkEncodeWAL(b *testing.B) {
	file, m := benchWAL(b)
	b.Run("model", func(b *testing.B) { // EncodeWAL: the whole model
		b.SetBytes(int64(len(file)))
		b.ReportAllocs()
		for b.Loop() {
			var s sink
			if err := encode.EncodeWAL(&s, m); err != nil {
				b.Fatal(err)
			}
			want(b, s.n, file)
		}
		b.ReportMetric(float64(len(m.Frames))*float64(b.N)/b.Elapsed().Seconds(), "frames/s")
	})
	b.Run("stream", func(b *testing.B) { // WALWriter: frame by frame, summary back-patched
		h := m.Header
		h.Summary = nil
		b.SetBytes(int64(len(file)))
		b.ReportAllocs()
		for b.Loop() {
			var s sink
			w, err := encode.NewWALWriter(&s, h, &encode.WALOptions{Finalize: true})
			if err != nil {
				b.Fatal(err)
			}
			for _, fr := range m.Frames {
				if err := w.WriteFrame(fr); err != nil {
					b.Fatal(err)
				}
			}
			if err := w.Close(); err != nil {
				b.Fatal(err)
			}
			want(b, s.n, file)
		}
		b.ReportMetric(float64(len(m.Frames))*float64(b.N)/b.Elapsed().Seconds(), "frames/s")
	})
}
