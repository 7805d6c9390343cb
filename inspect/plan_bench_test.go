package inspect

// Recovery (plan) throughput over a data directory of one large generated
// v37 file: the snapshot load (values transcoded into records, edges made,
// constraints checked) and the WAL replay. MB/s is input bytes per second.
//
//	go test -run='^$' -bench='Plan' -benchmem ./inspect/

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/durascope/durascope/engine/datadir"
)

func BenchmarkPlanSnapshot(b *testing.B) { benchPlan(b, datadir.KindSnapshot) }
func BenchmarkPlanWAL(b *testing.B)      { benchPlan(b, datadir.KindWAL) }

func benchPlan(b *testing.B, kind datadir.Kind) {
	p, st := benchFile(b, kind)
	dir := filepath.Join(b.TempDir(), "data")
	sub, name := "wal", datadir.FinalizedWALName(time.Unix(0, 0).UTC(), 0, 0)
	if kind == datadir.KindSnapshot {
		sub, name = "snapshots", datadir.SnapshotName(time.Unix(0, 0).UTC(), 0)
	}
	if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(p, filepath.Join(dir, sub, name)); err != nil {
		b.Fatal(err)
	}
	d, err := datadir.ScanDataDir(dir)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		pl := PlanRecovery(d, DirOptions{Workers: 1})
		if len(pl.Tenants) != 1 || pl.Tenants[0].Outcome != OutcomeRecovers {
			b.Fatalf("generated %s: %+v", kind, pl.Tenants)
		}
		if t := pl.Tenants[0]; kind == datadir.KindSnapshot && int64(t.Vertices) != st.Vertices {
			b.Fatalf("recovered %d vertices, generated %d", t.Vertices, st.Vertices)
		}
	}
}
