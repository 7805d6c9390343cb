package inspect

import (
	"path/filepath"
	"runtime"
	"testing"

	"github.com/durascope/durascope/engine/datadir"
)

// TestVerifyAllocatesNothingPerVector holds verify to the README's claim
// for vector values: a vertex's vector-index-id value is visited, not
// built, so verify's allocations do not grow with the vectors. Building
// one costs at least three (names, their slice, the components).
func TestVerifyAllocatesNothingPerVector(t *testing.T) {
	const n, dim = 4096, 64
	p := filepath.Join(t.TempDir(), "snapshot.bin")
	writeVectorSnapshot(t, p, n, dim)
	f, err := datadir.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	VerifyFile(f, VerifyOptions{Workers: 1}) // what a first run sets up once is not counted
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	before := m.Mallocs
	r := VerifyFile(f, VerifyOptions{Workers: 1})
	runtime.ReadMemStats(&m)
	wantFindings(t, "vectors", r, nil)
	if r.Counts.Vertices != n {
		t.Fatalf("%d vertices verified, want %d", r.Counts.Vertices, n)
	}
	allocs := m.Mallocs - before
	t.Logf("verify of %d vectors of %d dimensions: %d allocations", n, dim, allocs)
	if per := float64(allocs) / n; per > 0.05 {
		t.Errorf("verify of %d vectors: %d allocations, %.2f per vector", n, allocs, per)
	}
}
