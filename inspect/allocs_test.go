package inspect

import (
	"io"
	"runtime"
	"testing"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/format"
)

// TestReadersAllocateNothingPerRecord holds verify, stats and info --full
// to what the README claims: their allocations do not grow with the
// records read (a fixed setup only), on a generated v37 WAL and snapshot.
// A per-frame or per-record allocation puts a run at 1 or more per record.
func TestReadersAllocateNothingPerRecord(t *testing.T) {
	for _, kind := range []datadir.Kind{datadir.KindWAL, datadir.KindSnapshot} {
		p, st := generatedFile(t, kind)
		n := records(kind, st)
		for _, cmd := range []struct {
			name string
			run  func(*datadir.File)
		}{
			{"verify", func(f *datadir.File) {
				if r := VerifyFile(f, VerifyOptions{}); r.Verdict != VerdictOK || len(unexpected(r.Findings)) > 0 {
					t.Fatalf("%s: verify says %s: %v", kind, r.Verdict, unexpected(r.Findings))
				}
			}},
			{"info --full", func(f *datadir.File) {
				InfoWith(f, InfoOptions{Full: true})
			}},
			{"stats", func(f *datadir.File) {
				if s := Stats(f, StatsOptions{Top: 5}); s.Problem != "" {
					t.Fatalf("%s: stats: %s", kind, s.Problem)
				}
			}},
		} {
			f, err := datadir.Open(p)
			if err != nil {
				t.Fatal(err)
			}
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			before := m.Mallocs
			cmd.run(f)
			runtime.ReadMemStats(&m)
			f.Close()
			per := float64(m.Mallocs-before) / float64(n)
			t.Logf("%s of a %s of %d records: %d allocations", cmd.name, kind, n, m.Mallocs-before)
			if per > 0.05 {
				t.Errorf("%s of a %s of %d records: %d allocations, %.3f per record", cmd.name, kind, n, m.Mallocs-before, per)
			}
		}
	}
}

// TestDumpAllocatesNothingPerRecord holds the text and JSONL dumps of a
// generated v37 WAL and snapshot to a fixed setup, whether pipelined on
// two cores or read and rendered on one: frames and records are read as
// views and their values written as visited, not built. A frame, record
// or value built per record puts a run at 1 or more per record.
func TestDumpAllocatesNothingPerRecord(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, kind := range []datadir.Kind{datadir.KindWAL, datadir.KindSnapshot} {
		p, st := generatedFile(t, kind)
		n := records(kind, st)
		for _, procs := range []int{1, 2} {
			runtime.GOMAXPROCS(procs)
			// Filtered, the filter looks at every record; most pass.
			filter := &DumpOptions{Filter: &RecordFilter{Types: map[format.Marker]bool{
				format.DeltaVertexSetProperty: true, format.DeltaEdgeSetProperty: true, format.DeltaVertexCreate: true}}}
			if kind == datadir.KindSnapshot {
				filter = &DumpOptions{Filter: &RecordFilter{Sections: map[string]bool{"vertex": true, "edge": true}}}
			}
			for _, dump := range []struct {
				name  string
				write func(io.Writer, *datadir.File, *DumpOptions) error
				opts  *DumpOptions
			}{{"text", WriteTextWith, nil}, {"jsonl", WriteJSONLWith, nil},
				{"filtered text", WriteTextWith, filter}, {"filtered jsonl", WriteJSONLWith, filter}} {
				f, err := datadir.Open(p)
				if err != nil {
					t.Fatal(err)
				}
				var w countingWriter
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				before := m.Mallocs
				err = dump.write(&w, f, dump.opts)
				runtime.ReadMemStats(&m)
				f.Close()
				if err != nil || w.n < int64(n)*10 {
					t.Fatalf("%s dump of a %s on %d cores: %v, %d bytes for %d records", dump.name, kind, procs, err, w.n, n)
				}
				allocs := int(m.Mallocs - before)
				t.Logf("%s dump of a %s of %d records on %d cores: %d allocations", dump.name, kind, n, procs, allocs)
				if per := float64(allocs) / float64(n); per > 0.05 {
					t.Errorf("%s dump of a %s of %d records on %d cores: %d allocations, %.3f per record",
						dump.name, kind, n, procs, allocs, per)
				}
			}
		}
	}
}
