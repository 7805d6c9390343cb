package datadir

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestOpenRefusesNonRegular: a FIFO, a directory and a device are refused
// without blocking (a FIFO opened for reading waits for a writer).
func TestOpenRefusesNonRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("mkfifo:", err)
	}
	for _, p := range []string{fifo, dir, "/dev/null"} {
		done := make(chan error, 1)
		go func() {
			f, err := Open(p)
			if err == nil {
				f.Close()
			}
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil {
				t.Errorf("%s opened as a durability file", p)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("Open(%s) blocks", p)
		}
	}
	reg := filepath.Join(dir, "wal")
	if err := os.WriteFile(reg, []byte("MGwl"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := Open(reg)
	if err != nil || f.Kind != KindWAL {
		t.Fatalf("regular file: %v, %v", f, err)
	}
	f.Close()
}
