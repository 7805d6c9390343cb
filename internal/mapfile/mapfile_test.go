package mapfile

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestMap: the mapped bytes are the file's, they read the same after a
// release, ReadAt reads through the file, and Close unmaps them.
func TestMap(t *testing.T) {
	page := os.Getpagesize()
	data := make([]byte, 3*page+123)
	for i := range data {
		data[i] = byte(i * 7)
	}
	path := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := Map(f, int64(len(data)))
	if runtime.GOOS != "linux" {
		if err == nil {
			t.Fatal("mapped where files are not mapped")
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(m.Bytes(), data) {
		t.Fatal("the mapped bytes differ from the file's")
	}
	m.Release(int64(page)+5, int64(len(data))) // rounded out to whole pages
	m.Release(-10, 1)
	if !bytes.Equal(m.Bytes(), data) {
		t.Fatal("released bytes read differently")
	}
	// ReadAt reads through the file: it sees what was appended past the mapping.
	w, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte("tail")); err != nil {
		t.Fatal(err)
	}
	w.Close()
	buf := make([]byte, 10)
	if n, err := m.ReadAt(buf, int64(len(data))-4); n != 8 || !bytes.Equal(buf[:8], append(data[len(data)-4:], "tail"...)) || err == nil {
		t.Fatalf("ReadAt at the end: %d %q %v", n, buf[:n], err)
	}
	if err := m.Close(); err != nil || m.Bytes() != nil {
		t.Fatalf("Close: %v, %d bytes left", err, len(m.Bytes()))
	}
	if err := m.Close(); err != nil {
		t.Fatalf("Close again: %v", err)
	}
	if _, err := Map(f, 0); err == nil {
		t.Fatal("an empty file mapped")
	}
}
