package inspect

import (
	"os"
	"testing"

	"github.com/durascope/durascope/golden/chaindir"
)

// TestPlanDamageSweep damages one file of a data directory in every way a
// short sweep can (each truncation of the _current WAL, each byte of a
// finalized WAL inverted): planning never panics, and the outcome is one
// Memgraph could reach. An unfinalized file only ever loses its tail (the
// snapshot and WAL 1 give 5 vertices, WAL 2 adds a sixth); damage in a
// finalized file that is replayed stops recovery or drops the file.
// Without DURASCOPE_SWEEP=full every 5th byte is inverted.
func TestPlanDamageSweep(t *testing.T) {
	step := 5
	if os.Getenv("DURASCOPE_SWEEP") == "full" {
		step = 1
	}
	d := chaindir.New(t, 37)
	d.Snapshot(4, 3)
	d.WAL(1, 0, 1, 2)
	w1 := d.WAL(3, 1, 3, 5)
	cur := d.CurrentWAL(5, 2, 6, 7, false)
	whole := d.Read(cur)
	for n := 0; n <= len(whole); n++ {
		d.Put(cur, whole[:n])
		_, tp := planOne(t, d.Root)
		if tp.Outcome != OutcomeRecovers || tp.Vertices < 5 || tp.Vertices > 7 {
			t.Fatalf("_current cut to %d bytes: %s, %d vertices (%s)", n, tp.Outcome, tp.Vertices, tp.Fatal)
		}
	}
	d.Put(cur, whole)
	fin := d.Read(w1)
	outcomes := map[Outcome]int{}
	for i := 0; i < len(fin); i += step {
		b := append([]byte(nil), fin...)
		b[i] ^= 0xff
		d.Put(w1, b)
		_, tp := planOne(t, d.Root)
		outcomes[tp.Outcome]++
		if tp.Outcome == OutcomeRecovers && tp.Vertices != 7 {
			t.Fatalf("byte %d of WAL 1 inverted: recovers %d vertices without failing", i, tp.Vertices)
		}
	}
	if outcomes[OutcomeFails] == 0 {
		t.Errorf("no inverted byte of a finalized WAL stopped recovery: %v", outcomes)
	}
	t.Logf("outcomes over %d damaged copies of WAL 1: %v", (len(fin)+step-1)/step, outcomes)
}
