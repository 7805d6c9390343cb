package golden

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFirstDifference(t *testing.T) {
	got := FirstDifference([]byte("abcdefgh"), []byte("abcXefgh"))
	if !strings.Contains(got, "offset 3") || !strings.Contains(got, "61 62 63 58") {
		t.Errorf("unexpected report:\n%s", got)
	}
	if got := FirstDifference([]byte("ab"), []byte("abc")); !strings.Contains(got, "offset 2") {
		t.Errorf("length difference not located:\n%s", got)
	}
	got = FirstDifference([]byte("one\ntwo\nthree\n"), []byte("one\ntwo\nthr3e\n"))
	if !strings.Contains(got, "line 3:") || !strings.Contains(got, `want: "three"`) || !strings.Contains(got, `got: "thr3e"`) {
		t.Errorf("text difference not shown by line:\n%s", got)
	}
	if got := FirstDifference([]byte{0, 1, 2}, []byte{0, 1, 3}); strings.Contains(got, "line") {
		t.Errorf("binary difference shown by line:\n%s", got)
	}
}

// recorder is a testing.TB that keeps failures instead of reporting them.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper()                   {}
func (r *recorder) Errorf(f string, a ...any) { r.errs = append(r.errs, fmt.Sprintf(f, a...)) }
func (r *recorder) Fatalf(f string, a ...any) { r.Errorf(f, a...) }

// TestCheckWritesGot: a mismatch fails with the offset and writes name.got;
// a match removes a stale .got; update rewrites the golden file.
func TestCheckWritesGot(t *testing.T) {
	dir := t.TempDir()
	golden := filepath.Join(dir, "x", "file.bin")
	r := &recorder{}
	checkIn(r, dir, "x/file.bin", []byte{1, 2, 3}, true)
	if b, err := os.ReadFile(golden); err != nil || string(b) != "\x01\x02\x03" || len(r.errs) > 0 {
		t.Fatalf("update: %q %v %v", b, err, r.errs)
	}
	checkIn(r, dir, "x/file.bin", []byte{1, 9, 3}, false)
	if len(r.errs) != 1 || !strings.Contains(r.errs[0], "first difference at offset 1") || !strings.Contains(r.errs[0], "01 09 03") {
		t.Fatalf("mismatch reported as %q", r.errs)
	}
	if b, err := os.ReadFile(golden + ".got"); err != nil || string(b) != "\x01\x09\x03" {
		t.Fatalf(".got: %q %v", b, err)
	}
	r.errs = nil
	checkIn(r, dir, "x/file.bin", []byte{1, 2, 3}, false)
	if _, err := os.Stat(golden + ".got"); len(r.errs) > 0 || !os.IsNotExist(err) {
		t.Fatalf("match: %v, stale .got: %v", r.errs, err)
	}
}

// TestMemFile: writes append, WriteAt back-patches or extends with zeros,
// and Seek moves where Write goes.
func TestMemFile(t *testing.T) {
	var m MemFile
	m.Write([]byte("abcdef"))
	m.WriteAt([]byte("XY"), 1)
	m.WriteAt([]byte("Z"), 8)
	if got := string(m.Bytes()); got != "aXYdef\x00\x00Z" {
		t.Fatalf("after WriteAt: %q", got)
	}
	if pos, err := m.Seek(-2, io.SeekEnd); err != nil || pos != 7 {
		t.Fatalf("Seek: %d %v", pos, err)
	}
	m.Write([]byte("pq"))
	if got := string(m.Bytes()); got != "aXYdef\x00pq" {
		t.Fatalf("after Seek and Write: %q", got)
	}
	if _, err := m.Seek(-1, io.SeekStart); err == nil {
		t.Error("Seek before the start succeeded")
	}
	if _, err := m.WriteAt([]byte("x"), -1); err == nil {
		t.Error("WriteAt a negative offset succeeded")
	}
}
