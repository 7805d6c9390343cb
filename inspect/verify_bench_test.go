package inspect

// Verify and stats throughput over large generated v37 files
// (golden/largegen), generated once per process in memory and written to
// each benchmark's temp dir, since both read a file. MB/s is input bytes per
// second.
//
//	go test -run='^$' -bench='Verify|Stats' -benchmem ./inspect/

import (
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
	"github.com/durascope/durascope/golden/largegen"
)

// benchSize is the size of each generated input, as in decode's benchmarks.
const benchSize = 64 << 20

// benchBatch is the number of records per batch of the generated snapshot,
// as in decode's benchmarks.
const benchBatch = 100_000

type benchInput struct {
	data []byte
	st   largegen.Stats
}

var (
	benchMu     sync.Mutex
	benchInputs = map[datadir.Kind]benchInput{}
)

// benchFile writes the generated v37 file of kind to the benchmark's temp
// dir and returns its path and what the generator wrote.
func benchFile(b *testing.B, kind datadir.Kind) (string, largegen.Stats) {
	b.Helper()
	benchMu.Lock()
	in, ok := benchInputs[kind]
	if !ok {
		var err error
		if in.data, in.st, err = generate(kind, benchSize, benchBatch); err != nil {
			benchMu.Unlock()
			b.Fatal(err)
		}
		benchInputs[kind] = in
	}
	benchMu.Unlock()
	p := filepath.Join(b.TempDir(), kind.String()+".bin")
	if err := os.WriteFile(p, in.data, 0o644); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(in.data)))
	b.ReportAllocs()
	return p, in.st
}

// generate makes a v37 WAL of size bytes, or a snapshot with batches of
// batch records, as largegen does for the big files (seed 1).
func generate(kind datadir.Kind, size int64, batch int) ([]byte, largegen.Stats, error) {
	var out golden.MemFile
	var st largegen.Stats
	var err error
	if kind == datadir.KindWAL {
		st, err = largegen.WriteWAL(&out, format.MaxVersion, size, 1)
	} else {
		st, err = largegen.WriteSnapshot(&out, format.MaxVersion, size, &largegen.SnapshotParams{Seed: 1, BatchSize: batch})
	}
	return out.Bytes(), st, err
}

// generatedFile writes an 8 MiB generated file of kind (batches of 20,000
// records) to the test's temp dir: the size the allocation tests read.
func generatedFile(t *testing.T, kind datadir.Kind) (string, largegen.Stats) {
	t.Helper()
	data, st, err := generate(kind, 8<<20, 20_000)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), kind.String()+".bin")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p, st
}

func benchVerify(b *testing.B, kind datadir.Kind) {
	p, st := benchFile(b, kind)
	perRecord := allocsPer(records(kind, st))
	for b.Loop() {
		f, err := datadir.Open(p)
		if err != nil {
			b.Fatal(err)
		}
		r := VerifyFile(f, VerifyOptions{})
		f.Close()
		if bad := unexpected(r.Findings); r.Verdict != VerdictOK || len(bad) > 0 {
			b.Fatalf("generated %s: %s, %v", kind, r.Verdict, bad[:min(len(bad), 3)])
		}
		if kind == datadir.KindSnapshot && r.Counts.Vertices != uint64(st.Vertices) {
			b.Fatalf("verified %d vertices, generated %d", r.Counts.Vertices, st.Vertices)
		}
	}
	b.ReportMetric(perRecord(b.N), "allocs/record")
}

func benchStats(b *testing.B, kind datadir.Kind) {
	p, st := benchFile(b, kind)
	perRecord := allocsPer(records(kind, st))
	for b.Loop() {
		f, err := datadir.Open(p)
		if err != nil {
			b.Fatal(err)
		}
		s := Stats(f, StatsOptions{Top: 5})
		f.Close()
		if s.Problem != "" {
			b.Fatalf("generated %s: %s", kind, s.Problem)
		}
		if (kind == datadir.KindWAL && s.WAL.Frames != uint64(st.Frames)) || (kind == datadir.KindSnapshot && s.Snapshot.Vertices != uint64(st.Vertices)) {
			b.Fatalf("stats disagree with the generator's %+v", st)
		}
	}
	b.ReportMetric(perRecord(b.N), "allocs/record")
}

// records is what a benchmark reads per run: frames, or vertex and edge records.
func records(kind datadir.Kind, st largegen.Stats) int {
	if kind == datadir.KindWAL {
		return int(st.Frames)
	}
	return int(st.Vertices + st.Edges)
}

// allocsPer returns a function that gives the heap allocations since the
// call per run and per record: -benchmem's allocs/op divided by the
// records a run reads.
func allocsPer(n int) func(runs int) float64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	start := m.Mallocs
	return func(runs int) float64 {
		runtime.ReadMemStats(&m)
		return float64(m.Mallocs-start) / float64(max(runs, 1)) / float64(max(n, 1))
	}
}

// unexpected drops the notes on the transactions the WAL generator leaves
// uncommitted on purpose (one in about 200); anything else is unexpected.
func unexpected(fs []Finding) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Check != "wal.uncommitted" || f.Severity != SeverityInfo {
			out = append(out, f)
		}
	}
	return out
}

func BenchmarkVerifySnapshot(b *testing.B) { benchVerify(b, datadir.KindSnapshot) }
func BenchmarkVerifyWAL(b *testing.B)      { benchVerify(b, datadir.KindWAL) }
func BenchmarkStatsSnapshot(b *testing.B)  { benchStats(b, datadir.KindSnapshot) }
func BenchmarkStatsWAL(b *testing.B)       { benchStats(b, datadir.KindWAL) }

// TestVerifyGenerated: verify finds nothing in the generator's files, of
// every version, but notes on uncommitted transactions, so the benchmarks
// measure clean files.
func TestVerifyGenerated(t *testing.T) {
	for v := format.MinVersion; v <= format.MaxVersion; v++ {
		var wal, snap golden.MemFile
		if _, err := largegen.WriteWAL(&wal, v, 64<<10, 1); err != nil {
			t.Fatal(err)
		}
		st, err := largegen.WriteSnapshot(&snap, v, 64<<10, &largegen.SnapshotParams{Seed: 1, BatchSize: 100})
		if err != nil {
			t.Fatal(err)
		}
		if r := verifyBytes(t, wal.Bytes(), VerifyOptions{}); r.Verdict != VerdictOK || len(unexpected(r.Findings)) > 0 {
			t.Errorf("%s WAL: %s, %v", v, r.Verdict, unexpected(r.Findings))
		}
		r := verifyBytes(t, snap.Bytes(), VerifyOptions{})
		if r.Verdict != VerdictOK || len(r.Findings) > 0 {
			t.Errorf("%s snapshot: %s, %v", v, r.Verdict, r.Findings)
		}
		if r.Counts.Vertices != uint64(st.Vertices) || r.Counts.EdgeRecords != uint64(st.Edges) {
			t.Errorf("%s snapshot: counts %+v, generated %+v", v, r.Counts, st)
		}
	}
}
