package encode

import (
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
)

// writerAtOnly hides Seek so that the io.WriterAt path is used.
type writerAtOnly struct{ m *golden.MemFile }

func (w writerAtOnly) Write(p []byte) (int, error)              { return w.m.Write(p) }
func (w writerAtOnly) WriteAt(p []byte, off int64) (int, error) { return w.m.WriteAt(p, off) }

// firstDiff describes where got and want differ, with a hex window, or "".
func firstDiff(got, want []byte) string {
	n := min(len(got), len(want))
	i := 0
	for i < n && got[i] == want[i] {
		i++
	}
	if i == n && len(got) == len(want) {
		return ""
	}
	lo := max(i-16, 0)
	win := func(b []byte) string {
		return fmt.Sprintf("% x", b[lo:min(i+16, len(b))])
	}
	return fmt.Sprintf("first difference at offset %d (0x%x); lengths got %d, want %d\n  got  @%d: %s\n  want @%d: %s",
		i, i, len(got), len(want), lo, win(got), lo, win(want))
}

type corpusFile struct {
	name string // "v37/test_all/wal.bin"
	data []byte
	wal  bool
}

func corpus(t *testing.T) []corpusFile {
	t.Helper()
	var out []corpusFile
	for _, f := range golden.ReadCorpus(t) {
		out = append(out, corpusFile{name: f.Name, data: f.Data, wal: f.WAL})
	}
	return out
}

// corpusOf is the corpus's WALs (wal) or its snapshots.
func corpusOf(t *testing.T, wal bool) []corpusFile {
	t.Helper()
	var out []corpusFile
	for _, cf := range corpus(t) {
		if cf.wal == wal {
			out = append(out, cf)
		}
	}
	return out
}

func decodeSnapshot(t *testing.T, data []byte, name string) *format.Snapshot {
	t.Helper()
	m, err := decode.DecodeSnapshot(bytes.NewReader(data), int64(len(data)), name)
	if err != nil {
		t.Fatalf("%s: decode: %v", name, err)
	}
	return m
}

func decodeWAL(t *testing.T, data []byte, name string) *format.WAL {
	t.Helper()
	m, err := decode.DecodeWAL(bytes.NewReader(data), int64(len(data)), name)
	if err != nil && !format.IsTornTail(err) {
		t.Fatalf("%s: decode: %v", name, err)
	}
	return m
}

func errorsIs(err, target error) bool { return errors.Is(err, target) }

func crc32IEEE(b []byte) uint32 { return crc32.ChecksumIEEE(b) }
