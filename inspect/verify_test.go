package inspect

import (
	"testing"

	"github.com/durascope/durascope/golden"
)

// TestVerifyCorpus: every real Memgraph file verifies without a finding.
func TestVerifyCorpus(t *testing.T) {
	n := 0
	for _, p := range golden.CorpusFiles(t) {
		f, err := Open(p)
		if err != nil {
			t.Fatal(err)
		}
		r := VerifyFile(f, VerifyOptions{})
		f.Close()
		for _, fd := range r.Findings {
			t.Errorf("%s", fd)
		}
		n++
	}
	t.Logf("%d corpus files verified", n)
}
