package inspect

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/golden"
	"github.com/durascope/durascope/golden/chaindir"
)

// TestPlanCorpus plans data directories made of real Memgraph files: each
// corpus folder's exit snapshot and its finalized WAL holding the whole
// history, named as Memgraph names them. The snapshot covers the WAL, so
// the recovered graph must dump exactly as Memgraph dumped the snapshot
// alone (expected_snapshot.cypher, as sorted lines). Where the two files
// come from different runs (another storage uuid: v15, and v18's edges and
// vertices) Memgraph ignores the WAL, which is data it does not recover.
// A directory with the WAL alone must recover expected_wal.cypher.
func TestPlanCorpus(t *testing.T) {
	n := 0
	for _, c := range golden.CorpusCases(t) {
		snapBytes, err := os.ReadFile(filepath.Join(c.Dir, "snapshot.bin"))
		if err != nil {
			t.Fatal(err)
		}
		walBytes, err := os.ReadFile(filepath.Join(c.Dir, "wal.bin"))
		if err != nil {
			t.Fatal(err)
		}
		snap, err := decode.OpenSnapshot(bytes.NewReader(snapBytes), int64(len(snapBytes)), "snapshot.bin")
		if err != nil {
			t.Fatal(err)
		}
		wal, err := decode.OpenWAL(bytes.NewReader(walBytes), int64(len(walBytes)), "wal.bin")
		if err != nil {
			t.Fatal(err)
		}
		var walFrom, walTo uint64
		if sum := wal.Header.Summary; sum.Finalized() {
			walFrom, walTo = sum.FromTimestamp, sum.ToTimestamp
		} else {
			first := true
			for tx, err := range wal.Transactions() {
				if err != nil {
					t.Fatal(err)
				}
				if first {
					walFrom, first = tx.Timestamp, false // 0 in v14: metadata deltas had no commit timestamp
				}
				walTo = tx.Timestamp
			}
		}
		durable := snap.Metadata.DurableTimestamp
		sameUUID := snap.Metadata.UUID == wal.Header.UUID

		t.Run(c.Name, func(t *testing.T) {
			root := t.TempDir()
			snapRel := "snapshots/" + chaindir.SnapshotName(2, durable)
			walRel := "wal/" + chaindir.FinalizedWALName(1, walFrom, walTo)
			put := func(rel string, b []byte) {
				p := filepath.Join(root, rel)
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			put(snapRel, snapBytes)
			put(walRel, walBytes)
			want := planWant{outcome: OutcomeRecovers, snapshot: snapRel, snapshots: []string{snapRel + " loaded"},
				wals: []walWant{{rel: walRel, decision: datadir.DecisionSkip}}, durable: int64(durable),
				vertices: int(snap.Metadata.VertexCount), edges: int(snap.Metadata.EdgeCount), nextSeq: 1, clean: true}
			if !sameUUID {
				want.wals[0].decision, want.nextSeq, want.clean = datadir.DecisionOtherUUID, 0, false
				want.findings = []string{"chain.uuid error"}
			}
			checkPlan(t, root, want)
			checkDump(t, root, filepath.Join(c.Dir, "expected_snapshot.cypher"))

			walOnly := t.TempDir()
			os.MkdirAll(filepath.Join(walOnly, "wal"), 0o755)
			os.WriteFile(filepath.Join(walOnly, walRel), walBytes, 0o644)
			_, tp := planOne(t, walOnly)
			if tp.Outcome != OutcomeRecovers || len(tp.WALs) != 1 || tp.WALs[0].Decision != datadir.DecisionReplay ||
				tp.DurableTimestamp == nil || *tp.DurableTimestamp != walTo {
				t.Errorf("WAL alone: %s, %+v", tp.Outcome, tp.WALs)
			}
			checkDump(t, walOnly, filepath.Join(c.Dir, "expected_wal.cypher"))
		})
		n++
	}
	t.Logf("planned %d corpus folders", n)
}

func checkDump(t *testing.T, root, expected string) {
	t.Helper()
	s, tp, err := RecoverDataDir(scan(t, root), "", DirOptions{})
	if err != nil || s == nil {
		t.Fatalf("RecoverDataDir: %v %v", err, tp)
	}
	var got bytes.Buffer
	if err := s.WriteCypher(&got); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(expected)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(golden.SortedLines(want), golden.SortedLines(got.Bytes())) {
		t.Errorf("dump differs from Memgraph's %s", filepath.Base(expected))
	}
}
