package snapshot

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
)

var clock = time.Date(2026, 8, 21, 9, 30, 15, 123456000, time.UTC)

func fixedNow() time.Time { return clock }

func decodeFile(t *testing.T, path string) (*format.Snapshot, []byte) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m, err := decode.DecodeSnapshot(bytes.NewReader(data), int64(len(data)), path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return m, data
}

// TestCreateMatchesMemgraphCorpus: the model of every corpus snapshot, fed
// back through Create as a Source, gives Memgraph's file byte for byte.
func TestCreateMatchesMemgraphCorpus(t *testing.T) {
	var equal, equalRecorded, parallelEqual, cases int
	for _, c := range golden.CorpusCases(t) {
		cases++
		m, want := decodeFile(t, filepath.Join(c.Dir, "snapshot.bin"))
		src, err := NewModelSource(m)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		create := func(per int, parallel bool) []byte {
			t.Helper()
			dir := t.TempDir()
			path, err := Create(Config{Dir: dir, Version: m.Version, ItemsPerBatch: per, Parallel: parallel, Threads: 3, Now: fixedNow}, src)
			if err != nil {
				t.Fatalf("%s (items per batch %d, parallel %v): %v", c.Name, per, parallel, err)
			}
			if name := datadir.SnapshotName(clock, m.Metadata.DurableTimestamp); filepath.Base(path) != name {
				t.Errorf("%s: named %s, want %s", c.Name, filepath.Base(path), name)
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		if bytes.Equal(create(DefaultItemsPerBatch, false), want) {
			equal++
		} else {
			// The recorder passes no --storage-items-per-batch; these files
			// were recorded with a smaller one, which their tables show.
			per := golden.RecordedItemsPerBatch(m)
			if per <= 0 || per >= DefaultItemsPerBatch {
				t.Errorf("%s: not byte-identical, and its batch tables (%v, %v) show no other items per batch", c.Name, m.EdgeBatches, m.VertexBatches)
				continue
			}
			if !bytes.Equal(create(per, false), want) {
				t.Errorf("%s: not byte-identical even with the recorded items per batch %d", c.Name, per)
				continue
			}
			t.Logf("%s: recorded with items per batch %d (tables %v, %v): identical with it", c.Name, per, m.EdgeBatches, m.VertexBatches)
			equalRecorded++
		}
		if !format.FeaturesOf(m.Version).Has(format.FeatSnapshotBatches) {
			if _, err := Create(Config{Dir: t.TempDir(), Version: m.Version, Parallel: true, Now: fixedNow}, src); !errors.Is(err, ErrParallelNeedsBatches) {
				t.Errorf("%s: parallel creation at v%d: %v, want ErrParallelNeedsBatches", c.Name, m.Version, err)
			}
			continue
		}
		// Without objects invisible to the view, Memgraph's parallel path
		// cuts the same batches as its serial path: the same bytes.
		per := golden.RecordedItemsPerBatch(m)
		if per <= 0 {
			per = DefaultItemsPerBatch
		}
		if bytes.Equal(create(per, true), want) {
			parallelEqual++
		} else {
			t.Errorf("%s: the parallel path (items per batch %d) is not byte-identical", c.Name, per)
		}
	}
	t.Logf("%d corpus snapshots: %d byte-identical with items per batch 1000000, %d more with the items per batch they were recorded with; parallel path byte-identical for %d",
		cases, equal, equalRecorded, parallelEqual)
	if equal+equalRecorded != cases {
		t.Errorf("%d of %d corpus snapshots reproduced", equal+equalRecorded, cases)
	}
}
