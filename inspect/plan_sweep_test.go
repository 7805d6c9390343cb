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
// snapshot and WAL 1 give 5 vertices, WAL 2 adds a sixth); damage anywhere
// in a finalized v37 file that is replayed stops recovery: every byte is
// under a CRC, so a damaged header makes the file unreadable (and the WAL
// after it a missing sequence number) and damaged frames fail the replay.
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
	copies := 0
	for i := 0; i < len(fin); i += step {
		b := append([]byte(nil), fin...)
		b[i] ^= 0xff
		d.Put(w1, b)
		p, tp := planOne(t, d.Root)
		copies++
		if tp.Outcome != OutcomeFails || (p.ExitCode(false) == ExitClean) {
			t.Errorf("byte %d of WAL 1 inverted: %s with %d vertices (clean %v), want the recovery to fail", i, tp.Outcome, tp.Vertices, (p.ExitCode(false) == ExitClean))
		}
	}
	t.Logf("%d damaged copies of WAL 1, each failing recovery", copies)
}
