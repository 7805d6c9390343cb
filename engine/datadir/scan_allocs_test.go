package datadir_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/golden/largegen"
)

// TestScanWALAllocatesNothingPerFrame: scanning an unfinalized WAL (every
// frame is read to count the complete transactions) allocates a fixed
// amount, not one delta per frame.
func TestScanWALAllocatesNothingPerFrame(t *testing.T) {
	var b bytes.Buffer
	st, err := largegen.WriteWAL(&b, 36, 1<<20, 1) // v36: no summary, so scanned
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "wal_v36.bin")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	var f *datadir.DurableFile
	allocs := testing.AllocsPerRun(3, func() { f = datadir.ScanFiles([]string{path}).WALs[0] })
	if !f.Scanned || f.Deltas != uint64(st.Frames) || f.Problem != "" {
		t.Fatalf("scanned %v, %d deltas (generated %d), problem %q", f.Scanned, f.Deltas, st.Frames, f.Problem)
	}
	if allocs > float64(st.Frames)/100 {
		t.Errorf("scanning %d frames allocates %.0f times", st.Frames, allocs)
	}
	t.Logf("%d frames, %.0f allocations", st.Frames, allocs)
}
