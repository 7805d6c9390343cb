package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/durascope/durascope/decode"
)

func TestGenerate(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--kind", "wal", "--version", "36", "--size", "200KiB"}, "wal v36"},
		{[]string{"--kind", "snapshot", "--version", "14", "--size", "200KiB", "--batch-size", "10"}, "snapshot v14"},
	} {
		out := filepath.Join(dir, strings.ReplaceAll(c.want, " ", "_"))
		var stdout, stderr bytes.Buffer
		if code := run(append(c.args, out), &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), out+": "+c.want) {
			t.Fatalf("%v: exit %d, stdout %q, stderr %q", c.args, code, stdout.String(), stderr.String())
		}
		data, err := os.ReadFile(out)
		if err != nil || len(data) < 190<<10 {
			t.Fatalf("%s: %d bytes, %v", out, len(data), err)
		}
		if strings.HasPrefix(c.want, "wal") {
			_, err = decode.DecodeWAL(bytes.NewReader(data), int64(len(data)), out)
		} else {
			_, err = decode.DecodeSnapshot(bytes.NewReader(data), int64(len(data)), out)
		}
		if err != nil {
			t.Errorf("%s: %v", out, err)
		}
	}
	for _, bad := range [][]string{
		{"--kind", "log", "x"}, {"--version", "13", "x"}, {"--size", "lots", "x"}, {}, {"a", "b"},
		{filepath.Join(dir, "missing", "dir", "out")},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(bad, &stdout, &stderr); code != 2 || stderr.Len() == 0 {
			t.Errorf("%v: exit %d, stderr %q", bad, code, stderr.String())
		}
	}
}
