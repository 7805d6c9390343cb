package inspect

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/golden"
)

// TestCorpusDumpMatchesMemgraph recovers every corpus snapshot and WAL and
// compares the dump with Memgraph's own, as sorted lines (Memgraph's rule).
func TestCorpusDumpMatchesMemgraph(t *testing.T) {
	passed := 0
	for _, c := range golden.CorpusCases(t) {
		for _, kind := range []string{"snapshot", "wal"} {
			t.Run(c.Name+"/"+kind, func(t *testing.T) {
				want, err := os.ReadFile(filepath.Join(c.Dir, "expected_"+kind+".cypher"))
				if err != nil {
					t.Fatal(err)
				}
				f, err := datadir.Open(filepath.Join(c.Dir, kind+".bin"))
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				s, res, err := datadir.RecoverFile(f)
				if err != nil {
					t.Fatal(err)
				}
				if res != nil && res.TornTail != nil {
					t.Fatalf("corpus WAL has a torn tail: %v", res.TornTail)
				}
				var got bytes.Buffer
				if err := s.WriteCypher(&got); err != nil {
					t.Fatal(err)
				}
				if diff := diffSortedLines(want, got.Bytes()); diff != "" {
					t.Errorf("dump differs from Memgraph's (sorted lines):\n%s", diff)
					return
				}
				passed++
			})
		}
	}
	t.Logf("%d corpus files dump exactly as Memgraph does", passed)
}

// diffSortedLines lists lines only in want (-) or only in got (+).
func diffSortedLines(want, got []byte) string {
	w, g := golden.SortedLines(want), golden.SortedLines(got)
	var out strings.Builder
	i, j := 0, 0
	for i < len(w) || j < len(g) {
		switch {
		case j >= len(g) || (i < len(w) && w[i] < g[j]):
			out.WriteString("- " + w[i] + "\n")
			i++
		case i >= len(w) || g[j] < w[i]:
			out.WriteString("+ " + g[j] + "\n")
			j++
		default:
			i++
			j++
		}
	}
	return out.String()
}
