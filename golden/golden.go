package golden

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"unicode/utf8"
)

// Update rewrites golden files instead of comparing: go test ./... -update
var Update = flag.Bool("update", false, "rewrite golden files under golden/testdata")

// TestdataDir is golden/testdata in the source tree.
func TestdataDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "testdata")
}

// Check compares got with golden/testdata/rel. On a mismatch it writes
// rel.got beside the golden file and fails with the first differing offset
// and a hex window around it. With -update it rewrites the golden file.
func Check(t testing.TB, rel string, got []byte) {
	t.Helper()
	checkIn(t, TestdataDir(), rel, got, *Update)
}

func checkIn(t testing.TB, dir, rel string, got []byte, update bool) {
	t.Helper()
	path := filepath.Join(dir, filepath.FromSlash(rel))
	if update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		os.Remove(path + ".got")
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden file %s: %v (run with -update to create it)", rel, err)
	}
	if bytes.Equal(want, got) {
		os.Remove(path + ".got")
		return
	}
	if err := os.WriteFile(path+".got", got, 0o644); err != nil {
		t.Errorf("writing %s.got: %v", rel, err)
	}
	t.Errorf("%s differs from its golden file; wrote %s.got\n%s", rel, rel, FirstDifference(want, got))
}

// FirstDifference describes where two byte strings first differ, with a hex
// window of 16 bytes around that offset from each.
func FirstDifference(want, got []byte) string {
	off := 0
	for off < len(want) && off < len(got) && want[off] == got[off] {
		off++
	}
	lo := max(off-8, 0)
	window := func(b []byte) string {
		hi := min(off+8, len(b))
		if lo >= hi {
			return "(ends)"
		}
		return fmt.Sprintf("% x", b[lo:hi])
	}
	msg := fmt.Sprintf("first difference at offset %d (want %d bytes, got %d)\n want [%d:]: %s\n  got [%d:]: %s",
		off, len(want), len(got), lo, window(want), lo, window(got))
	if isText(want) && isText(got) {
		line := bytes.Count(want[:off], []byte("\n"))
		start := bytes.LastIndexByte(want[:off], '\n') + 1
		lineAt := func(b []byte) string {
			if start > len(b) {
				return "(ends)"
			}
			end := bytes.IndexByte(b[start:], '\n')
			if end < 0 {
				end = len(b) - start
			}
			return fmt.Sprintf("%q", b[start:start+end])
		}
		msg += fmt.Sprintf("\n line %d:\n want: %s\n  got: %s", line+1, lineAt(want), lineAt(got))
	}
	return msg
}

// isText reports whether b looks like text: valid UTF-8 without NUL bytes.
func isText(b []byte) bool { return utf8.Valid(b) && bytes.IndexByte(b, 0) < 0 }
