package decode_test

import (
	"bytes"
	"os"
	"testing"
	"time"

	"github.com/durascope/durascope/decode"
)

func TestZZScratch(t *testing.T) {
	base := "/work/shared/corpus/memgraph/"
	for _, f := range []string{"v37/test_all/wal.bin", "v36/test_all/wal.bin", "v37/test_all/snapshot.bin", "v37/test_vertices/snapshot.bin", "v14/test_all/snapshot.bin"} {
		data, _ := os.ReadFile(base + f)
		isWAL := string(data[:4]) == "MGwl"
		run := func() {
			if isWAL {
				if _, err := decode.DecodeWAL(bytes.NewReader(data), int64(len(data)), f); err != nil {
					t.Fatal(err)
				}
			} else {
				if _, err := decode.DecodeSnapshot(bytes.NewReader(data), int64(len(data)), f); err != nil {
					t.Fatal(err)
				}
			}
		}
		allocs := testing.AllocsPerRun(20, run)
		r := testing.Benchmark(func(b *testing.B) { b.ReportAllocs(); b.SetBytes(int64(len(data))); for b.Loop() { run() } })
		t.Logf("%s: %d bytes, allocs %.0f, %v, %s, %d B/op", f, len(data), allocs, time.Duration(r.NsPerOp()), r.String(), r.AllocedBytesPerOp())
	}
}
