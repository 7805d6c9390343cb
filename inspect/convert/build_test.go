package convert

import (
	"bytes"
	"errors"
	"testing"

	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
)

var buildOpts = &graph.BuildOptions{UUID: "11111111-2222-4333-8444-555555555555", Epoch: "66666666-7777-4888-9999-000000000000",
	StartTimestamp: 50, DurableTimestamp: 49, NumCommittedTxns: 7, SeqNum: 3, FirstTimestamp: 10, ObjectsPerTxn: 3,
	EpochHistory: []format.EpochEntry{{ID: "old", Timestamp: 5}}}

// TestBuildFromState recovers every corpus file, writes its state as a
// snapshot and as a WAL of every version, and checks that each recovers to
// the original dump minus exactly the items reported as unrepresentable
// (removed from the original state independently of the builder).
func TestBuildFromState(t *testing.T) {
	eachCorpusFile(t, checkBuildFile)
}

func checkBuildFile(t *testing.T, cf golden.CorpusFile, st *matrixStats) {
	s, err := recoverBytes(cf.Name, cf.Data)
	if err != nil {
		t.Fatal(err)
	}
	for v := format.MinVersion; v <= format.MaxVersion; v++ {
		var out bytes.Buffer
		snap, rep, err := BuildSnapshot(s, v, buildOpts)
		if err == nil {
			err = encode.EncodeSnapshotWith(&out, snap, &encode.SnapshotOptions{BatchSize: 4})
		}
		if err != nil {
			t.Errorf("snapshot %s: %v", v, err)
			continue
		}
		st.add(rep)
		checkBuilt(t, cf, "snapshot "+v.String(), out.Bytes(), rep)

		out.Reset()
		wal, rep, err := BuildWAL(s, v, buildOpts)
		if err == nil {
			err = encode.EncodeWAL(&out, wal)
		}
		if err != nil {
			t.Errorf("wal %s: %v", v, err)
			continue
		}
		st.add(rep)
		checkBuilt(t, cf, "wal "+v.String(), out.Bytes(), rep)
	}
}

func checkBuilt(t *testing.T, cf golden.CorpusFile, what string, data []byte, rep *Report) {
	t.Helper()
	got, err := recoverBytes(what, data)
	if err != nil {
		t.Errorf("%s: does not recover: %v", what, err)
		return
	}
	want, _ := recoverBytes(cf.Name, cf.Data)
	removeDropped(t, want, rep.Dropped)
	if d := lineDiff(sortedDump(want), sortedDump(got)); d != "" {
		t.Errorf("%s: dump differs from the state minus %d drops:\n%s", what, len(rep.Dropped), d)
	}
	checkDropOracle(t, what, format.Version(data[4]), rep.Dropped)
}

// checkDropOracle asks the encoder, independently of the conversion's own
// analysis, whether each dropped item really cannot be written at v: the
// item as a lone WAL frame must be refused as unrepresentable. Drops that
// only follow an earlier drop (the DROP of a dropped create, a statistics
// CLEAR whose SET went) are representable by themselves and must come after
// such a drop.
func checkDropOracle(t *testing.T, what string, v format.Version, drops []Dropped) {
	t.Helper()
	for i, d := range drops {
		m, ok := format.DeltaMarkerByName(d.Delta)
		if !ok {
			t.Errorf("%s: dropped %q names no delta (%s)", what, d.Delta, d.What)
			continue
		}
		if format.FeaturesOf(v).Has(d.Feature) {
			t.Errorf("%s: dropped %s for %s, which format %d has", what, d.What, d.Feature, uint64(v))
		}
		err := encode.CheckWAL(&format.WAL{Header: format.WALHeader{Version: v}, Frames: []format.Frame{{Timestamp: 1, Marker: m, Delta: d.Item}}})
		if errors.Is(err, encode.ErrUnrepresentable) {
			continue
		}
		follows := false
		switch m {
		case format.DeltaTextIndexDrop, format.DeltaVectorIndexDrop, format.DeltaLabelPropertiesIndexStatsClear:
			for _, e := range drops[:i] {
				if e.Kind == d.Kind && e.Delta != d.Delta {
					follows = true
				}
			}
		}
		if !follows {
			t.Errorf("%s: dropped %s (needs %s), but the encoder can write it at %s (%v)", what, d.What, d.Feature, v, err)
		}
	}
}
