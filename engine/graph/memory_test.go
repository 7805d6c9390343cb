package graph_test

import (
	"bytes"
	"io"
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
	"github.com/durascope/durascope/golden/largegen"
)

// The memory benchmarks build a graph from a generated file held in memory
// and report the live heap it takes, split into a cost per vertex (from the
// same input without its edges) and per edge (the rest: the edge and its
// places in two adjacency lists). DURASCOPE_BENCH_MIB sets the input size
// (default 64 MiB). Run with -benchtime=1x: one build is the measurement.
//
//	go test ./engine/graph -run '^$' -bench Memory -benchtime=1x

func benchMiB() int64 {
	if n, err := strconv.ParseInt(os.Getenv("DURASCOPE_BENCH_MIB"), 10, 64); err == nil && n > 0 {
		return n
	}
	return 64
}

type heapUse struct {
	bytes, live, mallocs uint64
	cpu                  time.Duration // of the build, 0 where unknown
}

// measure builds a graph with build and reports the live heap it holds,
// the objects it keeps, the allocations it made on the way and the CPU
// time it took.
func measure(b *testing.B, build func() *graph.Graph) (*graph.Graph, heapUse) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	cpu0, ok0 := cpuTime()
	g := build()
	cpu1, ok1 := cpuTime()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(g)
	u := heapUse{bytes: after.HeapAlloc - before.HeapAlloc, live: after.HeapObjects - before.HeapObjects, mallocs: after.Mallocs - before.Mallocs}
	if ok0 && ok1 {
		u.cpu = cpu1 - cpu0
	}
	return g, u
}

func report(b *testing.B, full, vertexOnly heapUse, g *graph.Graph) {
	v, e := float64(g.VertexCount()), float64(g.EdgeCount())
	b.ReportMetric(v, "vertices")
	b.ReportMetric(e, "edges")
	b.ReportMetric(float64(vertexOnly.bytes)/v, "B/vertex")
	b.ReportMetric((float64(full.bytes)-float64(vertexOnly.bytes))/e, "B/edge")
	b.ReportMetric(float64(full.bytes)/(v+e), "B/object")
	b.ReportMetric(float64(full.live)/(v+e), "liveobjs/object")
	b.ReportMetric(float64(full.mallocs)/(v+e), "mallocs/object")
	if full.cpu > 0 {
		b.ReportMetric(full.cpu.Seconds(), "cpu-s")
	}
}

func openWAL(b *testing.B, data []byte) *decode.WAL {
	w, err := decode.OpenWAL(bytes.NewReader(data), int64(len(data)), "bench.wal")
	if err != nil {
		b.Fatal(err)
	}
	return w
}

func BenchmarkMemoryWAL(b *testing.B) {
	var f golden.MemFile
	if _, err := largegen.WriteWAL(&f, format.MaxVersion, benchMiB()<<20, 1); err != nil {
		b.Fatal(err)
	}
	data := f.Bytes()
	b.ResetTimer()
	for range b.N {
		g, full := measure(b, func() *graph.Graph {
			g := graph.New()
			if _, err := g.ReplayWAL(openWAL(b, data), 0); err != nil {
				b.Fatal(err)
			}
			return g
		})
		b.StopTimer()
		// The same transactions without their edge deltas.
		_, vertexOnly := measure(b, func() *graph.Graph {
			g := graph.New()
			w := openWAL(b, data)
			for {
				t, err := w.NextTransaction()
				if err == io.EOF {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
				if !t.Commit {
					continue
				}
				for _, fr := range t.Frames {
					switch fr.Delta.(type) {
					case format.EdgeDelta, format.EdgePropertyDelta:
						continue
					}
					if err := g.Apply(fr, w.Features); err != nil {
						b.Fatal(err)
					}
				}
			}
			return g
		})
		report(b, full, vertexOnly, g)
		b.StartTimer()
	}
}

func loadSnapshot(b *testing.B, data []byte) *graph.Graph {
	snap, err := decode.OpenSnapshot(bytes.NewReader(data), int64(len(data)), "bench.snapshot")
	if err != nil {
		b.Fatal(err)
	}
	g, err := graph.LoadSnapshot(snap)
	if err != nil {
		b.Fatal(err)
	}
	return g
}

func BenchmarkMemorySnapshot(b *testing.B) {
	var f golden.MemFile
	if _, err := largegen.WriteSnapshot(&f, format.MaxVersion, benchMiB()<<20, nil); err != nil {
		b.Fatal(err)
	}
	data := f.Bytes()
	// The same vertices without edges, for the split.
	var vf golden.MemFile
	{
		m := loadSnapshot(b, data).SnapshotModel(nil)
		m.Edges, m.Metadata.EdgeCount = nil, 0
		for i := range m.Vertices {
			m.Vertices[i].InEdges, m.Vertices[i].OutEdges = nil, nil
		}
		if err := encode.EncodeSnapshot(&vf, m); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for range b.N {
		g, full := measure(b, func() *graph.Graph { return loadSnapshot(b, data) })
		b.StopTimer()
		_, vertexOnly := measure(b, func() *graph.Graph { return loadSnapshot(b, vf.Bytes()) })
		report(b, full, vertexOnly, g)
		b.StartTimer()
	}
}
