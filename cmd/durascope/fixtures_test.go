package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
)

// TestDumpFixtures: the text and Cypher renderings stored beside the
// per-version fixtures are exactly what `durascope dump` prints for them.
func TestDumpFixtures(t *testing.T) {
	bins, _ := filepath.Glob(filepath.Join(golden.TestdataDir(), "fixtures", "v*", "*.bin"))
	if want := 2 * int(format.MaxVersion-format.MinVersion+1); len(bins) != want {
		t.Fatalf("found %d fixture files, want %d (a snapshot and a WAL per version)", len(bins), want)
	}
	for _, bin := range bins {
		base := bin[:len(bin)-len(".bin")]
		for kind, ext := range map[string]string{"text": ".txt", "cypher": ".cypher"} {
			want, err := os.ReadFile(base + ext)
			if err != nil {
				t.Fatal(err)
			}
			code, out, errOut := runCLI("dump", "--format", kind, bin)
			if code != 0 || errOut != "" || out != string(want) {
				rel, _ := filepath.Rel(golden.TestdataDir(), bin)
				t.Errorf("dump --format %s %s: exit %d, stderr %q\n%s", kind, rel, code, errOut,
					golden.FirstDifference(want, []byte(out)))
			}
		}
	}
}
