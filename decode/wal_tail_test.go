package decode

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
)

// TestWALTailClassification pins how the end of an unfinalized WAL is
// classified: cut or zero-padded inside a transaction is a torn tail; a
// zero byte with real data after it is corruption.
func TestWALTailClassification(t *testing.T) {
	full, err := os.ReadFile(filepath.Join(golden.CorpusDir(t), "v36", "test_all", "wal.bin"))
	if err != nil {
		t.Fatal(err)
	}
	// Transaction #32 of this file starts at 4956 (the corpus is fixed).
	const txnStart = 4956
	zeros := func(n int) []byte { return make([]byte, n) }
	cases := []struct {
		name       string
		data       []byte
		wantClass  error
		wantOffset int64
	}{
		{"cut mid-frame", full[:5000], format.ErrTornTail, txnStart},
		{"cut at a transaction boundary, zero padded", append(bytes.Clone(full[:txnStart]), zeros(100)...), format.ErrTornTail, txnStart},
		{"cut mid-frame, zero padded", append(bytes.Clone(full[:5000]), zeros(3000)...), format.ErrTornTail, txnStart},
		{"one zeroed byte mid-file", func() []byte { b := bytes.Clone(full); b[5000] = 0; return b }(), format.ErrCorrupt, 4999},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := DecodeWAL(bytes.NewReader(c.data), int64(len(c.data)), "x")
			var de *format.DecodeError
			if !errors.As(err, &de) || !errors.Is(err, c.wantClass) {
				t.Fatalf("got %v, want class %v", err, c.wantClass)
			}
			if de.Offset != c.wantOffset {
				t.Errorf("offset %d, want %d (%v)", de.Offset, c.wantOffset, err)
			}
		})
	}
}
