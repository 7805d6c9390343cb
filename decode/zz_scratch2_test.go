package decode_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/durascope/durascope/decode"
)

func BenchmarkZZWal(b *testing.B) {
	data, _ := os.ReadFile("/work/shared/corpus/memgraph/v37/test_all/wal.bin")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		decode.DecodeWAL(bytes.NewReader(data), int64(len(data)), "x")
	}
}
func BenchmarkZZSnap(b *testing.B) {
	data, _ := os.ReadFile("/work/shared/corpus/memgraph/v37/test_all/snapshot.bin")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		decode.DecodeSnapshot(bytes.NewReader(data), int64(len(data)), "x")
	}
}
