package crashtest

import (
	"bufio"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/engine"
	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/engine/internal/mutant"
	"github.com/durascope/durascope/engine/snapshot"
	"github.com/durascope/durascope/engine/storage"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/inspect"
)

// The engine benchmarks (`make bench-engine`) put each figure beside the
// machine's own limit: commits per second beside the disk's fsync rate,
// snapshot creation beside the encoder alone and beside reading the file
// back, commit latency during a snapshot beside idle, recovery beside
// verify, memory per object beside Memgraph's published estimate.

// benchDir is where the benchmarks write: DURASCOPE_BENCH_DIR, else a
// temporary directory (on the disk of $TMPDIR).
func benchDir(b *testing.B) string {
	if d := os.Getenv("DURASCOPE_BENCH_DIR"); d != "" {
		dir, err := os.MkdirTemp(d, "bench-")
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { os.RemoveAll(dir) })
		return dir
	}
	return b.TempDir()
}

// fsyncRate is the machine's limit for sync commits: write(64 B) +
// fdatasync in a loop on the benchmark disk for half a second, per
// second. The disk is shared, so it is measured right before each figure
// it limits.
func fsyncRate(b *testing.B) float64 {
	f, err := os.Create(filepath.Join(benchDir(b), "fsync"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 64)
	n, start := 0, time.Now()
	for time.Since(start) < time.Second/2 {
		if _, err := f.Write(buf); err != nil {
			b.Fatal(err)
		}
		if err := syscall.Fdatasync(int(f.Fd())); err != nil {
			b.Fatal(err)
		}
		n++
	}
	return float64(n) / time.Since(start).Seconds()
}

// BenchmarkFsync is the limit itself: write(64 B) + fdatasync.
func BenchmarkFsync(b *testing.B) {
	f, err := os.Create(filepath.Join(benchDir(b), "fsync"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 64)
	for b.Loop() {
		f.Write(buf)
		syscall.Fdatasync(int(f.Fd()))
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "fsyncs/s")
}

// BenchmarkSyncCommit: commits per second with sync commit
// (--storage-wal-file-flush-every-n-tx=1) from 1, 8 and 64 concurrent
// writers, each commit creating a vertex with a label and two properties;
// group commit (durascope) vs one fsync per commit inside the engine lock
// (Memgraph's way, mutant.NoGroupCommit). x_fsync_rate is commits/s over
// the disk's fsync rate: above 1 only when fsyncs are shared.
func BenchmarkSyncCommit(b *testing.B) {
	for _, mode := range []string{"group", "each"} {
		for _, writers := range []int{1, 8, 64} {
			b.Run(fmt.Sprintf("%s/writers=%d", mode, writers), func(b *testing.B) {
				limit := fsyncRate(b)
				mutant.NoGroupCommit.Store(mode == "each")
				defer mutant.NoGroupCommit.Store(false)
				cfg := EngineConfig(filepath.Join(benchDir(b), "data"), 1, 20480)
				e, err := engine.Open(cfg)
				if err != nil {
					b.Fatal(err)
				}
				defer e.Close()
				var next atomic.Int64
				var wg sync.WaitGroup
				b.ResetTimer()
				for range writers {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for {
							i := next.Add(1)
							if i > int64(b.N) {
								return
							}
							if err := commitVertex(e, i); err != nil {
								b.Error(err)
								return
							}
						}
					}()
				}
				wg.Wait()
				rate := float64(b.N) / b.Elapsed().Seconds()
				b.ReportMetric(rate, "commits/s")
				b.ReportMetric(limit, "fsyncs/s")
				b.ReportMetric(rate/limit, "x_fsync_rate")
			})
		}
	}
}

// commitVertex commits CREATE (:Person {id: i, name: "x"}).
func commitVertex(e *engine.Engine, i int64) error {
	t, err := e.Storage().Begin(storage.AccessWrite)
	if err != nil {
		return err
	}
	v, err := t.CreateVertex()
	if err == nil {
		_, err = v.AddLabel("Person")
	}
	if err == nil {
		_, err = v.InitProperties([]storage.Prop{{Name: "id", Value: format.Int(i)}, {Name: "name", Value: format.String("x")}})
	}
	if err != nil {
		t.Abort()
		return err
	}
	return t.Commit()
}

// Memgraph's published estimate of storage memory per object (docs,
// "Storage memory usage", memgraph/documentation
// pages/fundamentals/storage-memory-usage.mdx: StorageRAMUsage =
// NumberOfVertices x 204B + NumberOfEdges x 154B).
const (
	memgraphBytesPerVertex = 204
	memgraphBytesPerEdge   = 154
)

// large is the data set of BenchmarkEngineLarge: n vertices (label, id,
// name) and n edges (a property each), built once per process.
type large struct {
	n                      int
	e                      *engine.Engine
	build                  time.Duration
	heapVertex, heapEdge   float64 // heap bytes per object after GC
	rssVertex, rssEdge     float64 // resident bytes per object after GC and returning memory to the OS
	peakRSS                uint64  // VmHWM after the build
	buildDir, snapshotPath string
}

// benchObjects is the data set size: DURASCOPE_BENCH_OBJECTS (default 1M).
func benchObjects(b *testing.B) int {
	if s := os.Getenv("DURASCOPE_BENCH_OBJECTS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1000 {
			b.Fatalf("DURASCOPE_BENCH_OBJECTS=%q: want at least 1000", s)
		}
		return n
	}
	return 1_000_000
}

// procStatus reads a kB field of /proc/self/status, in bytes.
func procStatus(field string) uint64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb * 1024
		}
	}
	return 0
}

func settle() (heap, rss uint64) {
	runtime.GC()
	debug.FreeOSMemory()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc, procStatus("VmRSS")
}

func buildLarge(b *testing.B, n int) *large {
	dir := filepath.Join(benchDir(b), "build")
	cfg := EngineConfig(dir, 1, 20480)
	cfg.WALEnabled, cfg.SnapshotIntervalSec = false, 0 // built in memory; made durable by a snapshot
	cfg.SnapshotThreads = 2
	l := &large{n: n, buildDir: dir}
	heap0, rss0 := settle()
	start := time.Now()
	e, err := engine.Open(cfg)
	if err != nil {
		b.Fatal(err)
	}
	l.e = e
	const batch = 10_000
	gids := make([]uint64, 0, n)
	for done := 0; done < n; done += batch {
		t, _ := e.Storage().Begin(storage.AccessWrite)
		for i := done; i < min(done+batch, n); i++ {
			v, err := t.CreateVertex()
			if err == nil {
				_, err = v.AddLabel("Person")
			}
			if err == nil {
				_, err = v.InitProperties([]storage.Prop{{Name: "id", Value: format.Int(int64(i))}, {Name: "name", Value: format.String("person")}})
			}
			if err != nil {
				b.Fatal(err)
			}
			gids = append(gids, v.Gid())
		}
		if err := t.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	e.Storage().CollectGarbage()
	heap1, rss1 := settle()
	gidBytes := float64(cap(gids) * 8)
	l.heapVertex = (float64(heap1) - float64(heap0) - gidBytes) / float64(n)
	l.rssVertex = (float64(rss1) - float64(rss0) - gidBytes) / float64(n)
	for done := 0; done < n; done += batch {
		t, _ := e.Storage().Begin(storage.AccessWrite)
		for i := done; i < min(done+batch, n); i++ {
			u, _ := t.FindVertex(gids[i], storage.ViewOld)
			v, _ := t.FindVertex(gids[(i*7+1)%n], storage.ViewOld)
			ed, err := t.CreateEdge(u, v, "KNOWS")
			if err == nil {
				_, err = ed.SetProperty("w", format.Double(float64(i)/3))
			}
			if err != nil {
				b.Fatal(err)
			}
		}
		if err := t.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	e.Storage().CollectGarbage()
	l.build = time.Since(start)
	heap2, rss2 := settle()
	l.heapEdge = (float64(heap2) - float64(heap1)) / float64(n)
	l.rssEdge = (float64(rss2) - float64(rss1)) / float64(n)
	l.peakRSS = procStatus("VmHWM")
	runtime.KeepAlive(gids)
	return l
}

// viewSource is a read view with the identity the engine gives snapshots.
type viewSource struct{ *storage.View }

func (v viewSource) Rest() (*format.Snapshot, error) {
	m, err := v.View.Rest()
	if err == nil {
		m.Metadata.UUID, m.Metadata.Epoch = testUUID, testEpoch
	}
	return m, err
}

// createSnapshot writes a snapshot of e's current state into dir.
func createSnapshot(b *testing.B, e *engine.Engine, dir string, parallel bool, threads int) (string, time.Duration) {
	v, err := e.Storage().View()
	if err != nil {
		b.Fatal(err)
	}
	defer v.Close()
	start := time.Now()
	path, err := snapshot.Create(snapshot.Config{Dir: dir, Parallel: parallel, Threads: threads, ItemsPerBatch: 250_000}, viewSource{v})
	if err != nil {
		b.Fatal(err)
	}
	return path, time.Since(start)
}

func fileSize(b *testing.B, path string) int64 {
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	return st.Size()
}

// discardAt is an io.WriterAt that keeps nothing: the encoder alone.
type discardAt struct{ n int64 }

func (d *discardAt) Write(p []byte) (int, error)            { d.n += int64(len(p)); return len(p), nil }
func (d *discardAt) WriteAt(p []byte, _ int64) (int, error) { return len(p), nil }

// latencies commits one vertex at a time, ids from *next on, until done
// says so, and returns the commit latencies.
func latencies(b *testing.B, e *engine.Engine, next *int64, done func(commits int) bool) []time.Duration {
	var out []time.Duration
	for !done(len(out)) {
		start := time.Now()
		if err := commitVertex(e, *next); err != nil {
			b.Fatal(err)
		}
		*next++
		out = append(out, time.Since(start))
	}
	return out
}

// latencyRounds measures sync-commit latency in rounds, each a snapshot
// with a writer committing meanwhile, then the writer alone for as long
// as the snapshot took (at least 200 commits): the machine is shared, so
// the two are interleaved to see the same conditions.
func latencyRounds(b *testing.B, e *engine.Engine, first int64, rounds int) (idle, during []time.Duration) {
	next := first
	for range rounds {
		stop := make(chan struct{})
		start := time.Now()
		go func() {
			if _, err := e.CreateSnapshot(); err != nil {
				b.Error(err)
			}
			close(stop)
		}()
		during = append(during, latencies(b, e, &next, func(int) bool {
			select {
			case <-stop:
				return true
			default:
				return false
			}
		})...)
		took := time.Since(start)
		start = time.Now()
		idle = append(idle, latencies(b, e, &next, func(n int) bool { return n >= 200 && time.Since(start) >= took })...)
	}
	return idle, during
}

func quantile(d []time.Duration, q float64) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[int(math.Min(float64(len(s)-1), q*float64(len(s))))]
}

// BenchmarkEngineLarge builds DURASCOPE_BENCH_OBJECTS vertices and as many
// edges (default 1M + 1M) once, then measures each step once (run it with
// -benchtime=1x) and prints the table `make bench-engine` shows.
func BenchmarkEngineLarge(b *testing.B) {
	n := benchObjects(b)
	l := buildLarge(b, n) // a benchmark with sub-benchmarks runs once
	defer func() {
		if l.e != nil {
			l.e.Close()
		}
	}()
	objects := float64(2 * n)
	var rows [][3]string
	row := func(what, figure, limit string) { rows = append(rows, [3]string{what, figure, limit}) }
	row("build (storage API, 10k per txn)", fmt.Sprintf("%.0f objects/s", objects/l.build.Seconds()), "")
	row("heap per vertex / per edge", fmt.Sprintf("%.0f B / %.0f B", l.heapVertex, l.heapEdge),
		fmt.Sprintf("Memgraph %d B / %d B: %.2fx / %.2fx", memgraphBytesPerVertex, memgraphBytesPerEdge, l.heapVertex/memgraphBytesPerVertex, l.heapEdge/memgraphBytesPerEdge))
	row("RSS per vertex / per edge", fmt.Sprintf("%.0f B / %.0f B", l.rssVertex, l.rssEdge),
		fmt.Sprintf("Memgraph %d B / %d B: %.2fx / %.2fx", memgraphBytesPerVertex, memgraphBytesPerEdge, l.rssVertex/memgraphBytesPerVertex, l.rssEdge/memgraphBytesPerEdge))
	row("peak RSS (VmHWM) per object", fmt.Sprintf("%.0f B", float64(l.peakRSS)/objects),
		fmt.Sprintf("Memgraph %.0f B (mean of the two): %.2fx", float64(memgraphBytesPerVertex+memgraphBytesPerEdge)/2, float64(l.peakRSS)/objects/((memgraphBytesPerVertex+memgraphBytesPerEdge)/2)))

	snapDir := filepath.Join(benchDir(b), "snapshots")
	var serialPath string
	var serial time.Duration
	b.Run("snapshot/serial", func(b *testing.B) {
		for b.Loop() {
			serialPath, serial = createSnapshot(b, l.e, snapDir, false, 1)
		}
		b.ReportMetric(float64(fileSize(b, serialPath))/1e6/serial.Seconds(), "MB/s")
		b.ReportMetric(objects/serial.Seconds(), "objects/s")
	})
	if serialPath == "" { // the sub-benchmark was filtered out; the steps below need the file
		serialPath, serial = createSnapshot(b, l.e, snapDir, false, 1)
	}
	size := float64(fileSize(b, serialPath))
	var par1, par2 time.Duration
	b.Run("snapshot/parallel=1", func(b *testing.B) {
		for b.Loop() {
			var p string
			p, par1 = createSnapshot(b, l.e, snapDir, true, 1)
			os.Remove(p)
		}
		b.ReportMetric(size/1e6/par1.Seconds(), "MB/s")
	})
	b.Run("snapshot/parallel=2", func(b *testing.B) {
		for b.Loop() {
			var p string
			p, par2 = createSnapshot(b, l.e, snapDir, true, 2)
			os.Remove(p)
		}
		b.ReportMetric(size/1e6/par2.Seconds(), "MB/s")
	})
	var encTime time.Duration
	b.Run("encoder_alone", func(b *testing.B) {
		encTime = encodeAlone(b, l.e)
		b.ReportMetric(size/1e6/encTime.Seconds(), "MB/s")
	})
	var readCRC time.Duration
	b.Run("read+crc", func(b *testing.B) {
		for b.Loop() {
			readCRC = readAndCRC(b, serialPath)
		}
		b.ReportMetric(size/1e6/readCRC.Seconds(), "MB/s")
	})
	row("snapshot, serial", fmt.Sprintf("%.0f MB/s, %.2g objects/s (%.0f MB)", size/1e6/serial.Seconds(), objects/serial.Seconds(), size/1e6),
		fmt.Sprintf("encoder alone %.0f MB/s (snapshot at %.0f%% of it); read+CRC %.0f MB/s (%.0f%%)", size/1e6/encTime.Seconds(), 100*encTime.Seconds()/serial.Seconds(), size/1e6/readCRC.Seconds(), 100*readCRC.Seconds()/serial.Seconds()))
	row("snapshot, parallel path, 2 threads vs 1", fmt.Sprintf("%.0f vs %.0f MB/s", size/1e6/par2.Seconds(), size/1e6/par1.Seconds()),
		fmt.Sprintf("speed-up %.2fx (2 cores, shared)", par1.Seconds()/par2.Seconds()))

	// A durable engine on the snapshot: recovery, then commit latency.
	dataDir := filepath.Join(benchDir(b), "data")
	if err := os.MkdirAll(filepath.Join(dataDir, "snapshots"), 0o750); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(serialPath, filepath.Join(dataDir, "snapshots", filepath.Base(serialPath))); err != nil {
		b.Fatal(err)
	}
	l.e.Close()
	l.e = nil
	runtime.GC()
	cfg := EngineConfig(dataDir, 1, 20480)
	cfg.SnapshotRetentionCount = 3
	// DURASCOPE_SNAPSHOT_SYNC_EVERY=-1 measures without paced snapshot
	// fsyncs (the A of an A/B).
	if n, err := strconv.ParseInt(os.Getenv("DURASCOPE_SNAPSHOT_SYNC_EVERY"), 10, 64); err == nil {
		cfg.SnapshotSyncEvery = n
	}
	start := time.Now()
	e, err := engine.Open(cfg)
	if err != nil {
		b.Fatal(err)
	}
	fromSnapshot := time.Since(start)
	var idle, during []time.Duration
	b.Run("commit_latency", func(b *testing.B) {
		for b.Loop() {
			idle, during = latencyRounds(b, e, int64(n), 3)
		}
		b.ReportMetric(float64(quantile(idle, 0.99).Microseconds()), "idle_p99_us")
		b.ReportMetric(float64(quantile(during, 0.99).Microseconds()), "snapshot_p99_us")
	})
	row("sync commit latency p50 / p99, idle", fmt.Sprintf("%v / %v (%d commits)", quantile(idle, 0.5).Round(time.Microsecond), quantile(idle, 0.99).Round(time.Microsecond), len(idle)), "")
	row("... while a snapshot is written", fmt.Sprintf("%v / %v (%d commits)", quantile(during, 0.5).Round(time.Microsecond), quantile(during, 0.99).Round(time.Microsecond), len(during)),
		fmt.Sprintf("p99 %.2fx idle (goal 1.5x)", quantile(during, 0.99).Seconds()/quantile(idle, 0.99).Seconds()))
	// The longest wait is the snapshot's fsync the WAL's queued behind:
	// what pacing (SnapshotSyncEvery) bounds.
	row("longest commit, idle / during a snapshot", fmt.Sprintf("%v / %v", quantile(idle, 1).Round(time.Microsecond), quantile(during, 1).Round(time.Microsecond)), "")
	if err := e.Close(); err != nil {
		b.Fatal(err)
	}
	e = nil
	runtime.GC()

	var recovery, verify time.Duration
	b.Run("recovery", func(b *testing.B) {
		for b.Loop() {
			start := time.Now()
			r, err := engine.Open(RecoveryConfig(dataDir))
			if err != nil {
				b.Fatal(err)
			}
			recovery = time.Since(start)
			r.Close()
		}
	})
	b.Run("verify", func(b *testing.B) {
		for b.Loop() {
			verify = verifyDir(b, dataDir)
		}
	})
	row("recovery: snapshot alone / snapshot + WAL", fmt.Sprintf("%v / %v", fromSnapshot.Round(time.Millisecond), recovery.Round(time.Millisecond)),
		fmt.Sprintf("verify of the same files %v (recovery %.2fx)", verify.Round(time.Millisecond), recovery.Seconds()/verify.Seconds()))

	w := bufio.NewWriter(os.Stdout)
	fmt.Fprintf(w, "\nengine benchmarks: %d vertices + %d edges, %d CPUs, fsync rate %.0f/s\n", n, n, runtime.NumCPU(), fsyncRate(b))
	for _, r := range rows {
		fmt.Fprintf(w, "  %-44s %-40s %s\n", r[0], r[1], r[2])
	}
	w.Flush()
}

// encodeAlone encodes the engine's records from memory to nowhere: the
// encoder's streaming speed on the same data.
func encodeAlone(b *testing.B, e *engine.Engine) time.Duration {
	v, err := e.Storage().View()
	if err != nil {
		b.Fatal(err)
	}
	defer v.Close()
	var edges []format.EdgeRecord
	var vertices []format.VertexRecord
	if err := v.Edges(0, snapshot.NoUpperBound, func(r format.EdgeRecord) error { edges = append(edges, r.Clone()); return nil }); err != nil {
		b.Fatal(err)
	}
	if err := v.Vertices(0, snapshot.NoUpperBound, func(r format.VertexRecord) error { vertices = append(vertices, r.Clone()); return nil }); err != nil {
		b.Fatal(err)
	}
	rest, err := viewSource{v}.Rest()
	if err != nil {
		b.Fatal(err)
	}
	var took time.Duration
	for b.Loop() {
		start := time.Now()
		w, err := encode.NewSnapshotWriter(&discardAt{}, format.MaxVersion, &encode.SnapshotOptions{BatchSize: 250_000})
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range edges {
			if err := w.WriteEdge(r); err != nil {
				b.Fatal(err)
			}
		}
		for _, r := range vertices {
			if err := w.WriteVertex(r); err != nil {
				b.Fatal(err)
			}
		}
		r := *rest
		r.Metadata.EdgeCount, r.Metadata.VertexCount = uint64(len(edges)), uint64(len(vertices))
		if err := w.Finish(&r); err != nil {
			b.Fatal(err)
		}
		took = time.Since(start)
	}
	return took
}

// readAndCRC reads path and computes its CRC-32C: the floor of any check
// of the file (from the page cache, which the snapshot just filled).
func readAndCRC(b *testing.B, path string) time.Duration {
	start := time.Now()
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	h := crc32.New(crc32.MakeTable(crc32.Castagnoli))
	if _, err := io.CopyBuffer(h, f, make([]byte, 1<<20)); err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}

// verifyDir runs durascope verify (inspect.VerifyFile) on every file of
// dir's snapshots/ and wal/, failing on an error finding.
func verifyDir(b *testing.B, dir string) time.Duration {
	start := time.Now()
	for _, sub := range []string{"snapshots", "wal"} {
		entries, err := os.ReadDir(filepath.Join(dir, sub))
		if err != nil {
			b.Fatal(err)
		}
		for _, ent := range entries {
			f, err := datadir.Open(filepath.Join(dir, sub, ent.Name()))
			if err != nil {
				b.Fatal(err)
			}
			r := inspect.VerifyFile(f, inspect.VerifyOptions{})
			f.Close()
			if r.Errors > 0 {
				b.Fatalf("verify %s: %v", ent.Name(), r.Findings[0])
			}
		}
	}
	return time.Since(start)
}
