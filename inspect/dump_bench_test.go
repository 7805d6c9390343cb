package inspect

// Dump throughput (text and JSONL to a writer that counts and discards)
// over the generated v37 files of the verify benchmarks. MB/s is input
// bytes per second of wall time; cpu-ms/op is the CPU time of the whole
// process per dump (both goroutines of the pipeline, and the GC), which,
// unlike wall time, a busy machine hardly moves.
//
//	go test -run='^$' -bench='Dump' -benchmem ./inspect/

import (
	"io"
	"testing"

	"github.com/durascope/durascope/engine/datadir"
)

func benchDump(b *testing.B, kind datadir.Kind, write func(io.Writer, *datadir.File, *DumpOptions) error) {
	p, st := benchFile(b, kind)
	perRecord := allocsPer(records(kind, st))
	var out countingWriter
	cpu := processCPU()
	for b.Loop() {
		f, err := datadir.Open(p)
		if err != nil {
			b.Fatal(err)
		}
		out.n = 0
		err = write(&out, f, nil)
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((processCPU()-cpu).Milliseconds())/float64(b.N), "cpu-ms/op")
	b.ReportMetric(perRecord(b.N), "allocs/record")
	b.ReportMetric(float64(out.n)/float64(records(kind, st)), "outbytes/record")
}

// countingWriter discards what it is given and counts it.
type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

func BenchmarkDumpTextWAL(b *testing.B)       { benchDump(b, datadir.KindWAL, WriteTextWith) }
func BenchmarkDumpJSONLWAL(b *testing.B)      { benchDump(b, datadir.KindWAL, WriteJSONLWith) }
func BenchmarkDumpTextSnapshot(b *testing.B)  { benchDump(b, datadir.KindSnapshot, WriteTextWith) }
func BenchmarkDumpJSONLSnapshot(b *testing.B) { benchDump(b, datadir.KindSnapshot, WriteJSONLWith) }
