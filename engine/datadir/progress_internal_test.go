package datadir

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/durascope/durascope/decode"
)

// TestWatchKeepsMapping: a snapshot file's bytes are mapped where files
// are, and watching them keeps them mapped, the scan's releases reporting
// how far it has read.
func TestWatchKeepsMapping(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(path, make([]byte, 5<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, ok := f.mapped().(decode.Mapped)
	if !ok {
		t.Skip("files are not mapped here")
	}
	var done []int64
	w, ok := watch(m, path, f.Size, func(_ string, d, _ int64) { done = append(done, d) }).(decode.Mapped)
	if !ok || len(w.Bytes()) != len(m.Bytes()) || &w.Bytes()[0] != &m.Bytes()[0] {
		t.Fatal("watching the mapped file hides its mapping")
	}
	w.Release(0, 3<<20)
	w.Release(3<<20, 10<<20)
	if len(done) != 3 || done[0] != 0 || done[1] != 3<<20 || done[2] != f.Size {
		t.Fatalf("progress %v, want 0, %d, %d", done, 3<<20, f.Size)
	}
}
