package decode_test

// Decode throughput over large generated inputs (golden/largegen), built
// once per process in memory. MB/s is input bytes per second.
//
//	go test -run='^$' -bench=. -benchmem ./decode/

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
	"github.com/durascope/durascope/golden/largegen"
)

// benchSize is the size of each generated input.
const benchSize = 64 << 20

// benchBatch is the number of vertex records per batch of the generated
// snapshot (Memgraph's default storage_items_per_batch is 1,000,000; a
// smaller batch gives the parallel decode something to share out).
const benchBatch = 100_000

var (
	genMu    sync.Mutex
	genCache = map[string]genResult{}
)

type genResult struct {
	data  []byte
	count int // frames (WAL) or vertices (snapshot)
}

// genWAL returns a generated v36 WAL (no summary, per-transaction CRCs) of
// at least target bytes and its frame count, built once per process.
func genWAL(tb testing.TB, target int) ([]byte, int) {
	tb.Helper()
	genMu.Lock()
	defer genMu.Unlock()
	key := fmt.Sprint("wal", target)
	if r, ok := genCache[key]; ok {
		return r.data, r.count
	}
	var out golden.MemFile
	st, err := largegen.WriteWAL(&out, 36, int64(target), 1)
	if err != nil {
		tb.Fatal(err)
	}
	genCache[key] = genResult{out.Bytes(), int(st.Frames)}
	return out.Bytes(), int(st.Frames)
}

// genSnapshot returns a generated v37 snapshot of about target bytes with
// perBatch records per batch, and its vertex count, built once per process.
func genSnapshot(tb testing.TB, target, perBatch int) ([]byte, int) {
	tb.Helper()
	genMu.Lock()
	defer genMu.Unlock()
	key := fmt.Sprint("snapshot", target, perBatch)
	if r, ok := genCache[key]; ok {
		return r.data, r.count
	}
	var out golden.MemFile
	st, err := largegen.WriteSnapshot(&out, 37, int64(target), &largegen.SnapshotParams{Seed: 1, BatchSize: perBatch})
	if err != nil {
		tb.Fatal(err)
	}
	genCache[key] = genResult{out.Bytes(), int(st.Vertices)}
	return out.Bytes(), int(st.Vertices)
}

func BenchmarkDecodeWAL(b *testing.B) {
	data, frames := genWAL(b, benchSize)
	b.Run("stream", func(b *testing.B) { // OpenWAL + Next to EOF: constant memory
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			w, err := decode.OpenWAL(bytes.NewReader(data), int64(len(data)), "")
			if err != nil {
				b.Fatal(err)
			}
			n := 0
			for {
				if _, err := w.Next(); err == io.EOF {
					break
				} else if err != nil {
					b.Fatal(err)
				}
				n++
			}
			if n != frames {
				b.Fatalf("%d frames, want %d", n, frames)
			}
		}
		b.ReportMetric(float64(frames)*float64(b.N)/b.Elapsed().Seconds(), "frames/s")
	})
	b.Run("skip-payloads", func(b *testing.B) { // SkipPayloads + NextFrame to EOF: what verify, stats and info read
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		perFrame := allocsPer(frames)
		for b.Loop() {
			w, err := decode.OpenWAL(bytes.NewReader(data), int64(len(data)), "")
			if err != nil {
				b.Fatal(err)
			}
			w.SkipPayloads()
			n := 0
			for {
				if _, err := w.NextFrame(); err == io.EOF {
					break
				} else if err != nil {
					b.Fatal(err)
				}
				n++
			}
			if n != frames {
				b.Fatalf("%d frames, want %d", n, frames)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(frames)/float64(b.N), "ns/frame")
		b.ReportMetric(perFrame(b.N), "allocs/frame")
	})
	b.Run("next-notable", func(b *testing.B) { // NextNotable to EOF, 256 at a time, counting by type: what verify, stats and info read
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		perFrame := allocsPer(frames)
		heads := make([]decode.FrameHead, 256)
		var counts decode.DeltaCounts
		for b.Loop() {
			w, err := decode.OpenWAL(bytes.NewReader(data), int64(len(data)), "")
			if err != nil {
				b.Fatal(err)
			}
			for {
				if _, err := w.NextNotable(heads, &counts); err == io.EOF {
					break
				} else if err != nil {
					b.Fatal(err)
				}
			}
			if n := w.Totals().Frames; n != uint64(frames) {
				b.Fatalf("%d frames, want %d", n, frames)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(frames)/float64(b.N), "ns/frame")
		b.ReportMetric(perFrame(b.N), "allocs/frame")
	})
	b.Run("next-frames", func(b *testing.B) { // NextFrames to EOF, 256 at a time
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		perFrame := allocsPer(frames)
		heads := make([]decode.FrameHead, 256)
		for b.Loop() {
			w, err := decode.OpenWAL(bytes.NewReader(data), int64(len(data)), "")
			if err != nil {
				b.Fatal(err)
			}
			n := 0
			for {
				k, err := w.NextFrames(heads)
				n += k
				if err == io.EOF {
					break
				} else if err != nil {
					b.Fatal(err)
				}
			}
			if n != frames {
				b.Fatalf("%d frames, want %d", n, frames)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(frames)/float64(b.N), "ns/frame")
		b.ReportMetric(perFrame(b.N), "allocs/frame")
	})
	b.Run("model", func(b *testing.B) { // DecodeWAL: every frame in memory
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			m, err := decode.DecodeWAL(bytes.NewReader(data), int64(len(data)), "")
			if err != nil {
				b.Fatal(err)
			}
			if len(m.Frames) != frames {
				b.Fatalf("%d frames, want %d", len(m.Frames), frames)
			}
		}
	})
}

func BenchmarkDecodeSnapshot(b *testing.B) {
	data, vertices := genSnapshot(b, benchSize, benchBatch)
	b.Run("model", func(b *testing.B) { // DecodeSnapshot: every record in memory
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			m, err := decode.DecodeSnapshot(bytes.NewReader(data), int64(len(data)), "")
			if err != nil {
				b.Fatal(err)
			}
			if len(m.Vertices) != vertices {
				b.Fatalf("%d vertices, want %d", len(m.Vertices), vertices)
			}
		}
	})
	b.Run("scan", func(b *testing.B) { // Scanner over every batch, as verify and stats read: views, values left in the file
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		records := int(vertices + edgeRecords(b, data))
		perRecord := allocsPer(records)
		for b.Loop() {
			s, err := decode.OpenSnapshot(bytes.NewReader(data), int64(len(data)), "")
			if err != nil {
				b.Fatal(err)
			}
			n := 0
			if err := s.ScanEdges(func(*decode.EdgeView) error { n++; return nil }); err != nil {
				b.Fatal(err)
			}
			if err := s.ScanVertices(func(*decode.VertexView) error { n++; return nil }); err != nil {
				b.Fatal(err)
			}
			if n != records {
				b.Fatalf("%d records, want %d", n, records)
			}
		}
		b.ReportMetric(perRecord(b.N), "allocs/record")
	})
	b.Run("each-batch", func(b *testing.B) { // EachEdgeBatch + EachVertexBatch: records built for the caller to keep
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		records := int(vertices + edgeRecords(b, data))
		perRecord := allocsPer(records)
		for b.Loop() {
			s, err := decode.OpenSnapshot(bytes.NewReader(data), int64(len(data)), "")
			if err != nil {
				b.Fatal(err)
			}
			edges, vs, _, err := s.BatchTables()
			if err != nil {
				b.Fatal(err)
			}
			n := 0
			if err := s.EachEdgeBatch(edges, nil, func(format.EdgeRecord) error { n++; return nil }); err != nil {
				b.Fatal(err)
			}
			if err := s.EachVertexBatch(vs, nil, func(format.VertexRecord) error { n++; return nil }); err != nil {
				b.Fatal(err)
			}
			if n != records {
				b.Fatalf("%d records, want %d", n, records)
			}
		}
		b.ReportMetric(perRecord(b.N), "allocs/record")
	})
	b.Run("parallel-batches", func(b *testing.B) { // OpenSnapshot + ReadVertexBatch on GOMAXPROCS goroutines
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		workers := runtime.GOMAXPROCS(0)
		for b.Loop() {
			s, err := decode.OpenSnapshot(bytes.NewReader(data), int64(len(data)), "")
			if err != nil {
				b.Fatal(err)
			}
			_, batches, _, err := s.BatchTables()
			if err != nil {
				b.Fatal(err)
			}
			var next, seen atomic.Int64
			var errOnce sync.Once
			var firstErr error
			var wg sync.WaitGroup
			for range workers {
				wg.Go(func() {
					for i := int(next.Add(1) - 1); i < len(batches); i = int(next.Add(1) - 1) {
						if _, err := s.ReadVertexBatch(batches[i], func(format.VertexRecord) error {
							seen.Add(1)
							return nil
						}); err != nil {
							errOnce.Do(func() { firstErr = err })
							return
						}
					}
				})
			}
			wg.Wait()
			if firstErr != nil {
				b.Fatal(firstErr)
			}
			if seen.Load() != int64(vertices) {
				b.Fatalf("%d vertices, want %d", seen.Load(), vertices)
			}
		}
		b.ReportMetric(float64(vertices)*float64(b.N)/b.Elapsed().Seconds(), "vertices/s")
	})
}

// allocsPer returns a function that gives the heap allocations since the
// call per run and per record (runs of n records each): -benchmem's
// allocs/op divided by the records a run reads.
func allocsPer(n int) func(runs int) float64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	start := m.Mallocs
	return func(runs int) float64 {
		runtime.ReadMemStats(&m)
		return float64(m.Mallocs-start) / float64(max(runs, 1)) / float64(max(n, 1))
	}
}

// edgeRecords counts the edge records of a snapshot.
func edgeRecords(tb testing.TB, data []byte) int {
	s, err := decode.OpenSnapshot(bytes.NewReader(data), int64(len(data)), "")
	if err != nil {
		tb.Fatal(err)
	}
	n := 0
	if err := s.ForEachEdge(func(format.EdgeRecord) error { n++; return nil }); err != nil {
		tb.Fatal(err)
	}
	return n
}
