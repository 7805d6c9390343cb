package main

import (
	"bytes"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFloor(t *testing.T) {
	data := bytes.Repeat([]byte("durascope"), chunk/4) // spans several reads
	p := filepath.Join(t.TempDir(), "f.bin")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if code := run([]string{p}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	want := fmt.Sprintf("%s %d bytes crc32 0x%08x ", p, len(data), crc32.ChecksumIEEE(data))
	if !strings.HasPrefix(out.String(), want) {
		t.Errorf("got %q, want prefix %q", out.String(), want)
	}
	if code := run([]string{filepath.Join(t.TempDir(), "missing")}, &out, &errOut); code != 2 {
		t.Errorf("missing file: exit %d, want 2", code)
	}
	if code := run(nil, &out, &errOut); code != 2 {
		t.Errorf("no file: exit %d, want 2", code)
	}
}
