package crashtest

import (
	"errors"
	"fmt"
	iofs "io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/durascope/durascope/engine/fs"
	"github.com/durascope/durascope/engine/wal"
)

// faultResult is what one run with an injected fault showed.
type faultResult struct {
	name     string
	problems []string
	stopped  bool // a WAL failure stopped commits
}

// TestIOFaults fails the n-th operation of each kind (create, write, fsync,
// rename, remove, directory fsync), once and from then on, for every n the
// workload reaches. Each time: every error returned wraps the injected one
// (typed, nothing panics), no commit is acknowledged after a WAL write or
// fsync failed, and both what the run left on disk and what a power loss
// right after it would leave (unsynced data dropped) recover to a prefix of
// the commits holding every acknowledged one.
//
// Every error must wrap the injected one inside an *fs.PathError (what
// failed, where), whatever layers it went through.
func TestIOFaults(t *testing.T) {
	w := Workload{Txns: size(t, "DURASCOPE_FAULT_TXNS", 36, 120), Seed: 4}
	root := scratch(t)
	base := record(t, filepath.Join(root, "base"), w, 1)
	counts := map[fs.Op]int{}
	for _, r := range base.Log {
		if !r.Mkdir {
			counts[r.Op]++
		}
	}
	type job struct {
		op         fs.Op
		n          int
		persistent bool
	}
	var jobs []job
	kinds := []fs.Op{fs.OpCreate, fs.OpWrite, fs.OpSync, fs.OpRename, fs.OpRemove, fs.OpSyncDir}
	for _, op := range kinds {
		if counts[op] == 0 {
			t.Errorf("the workload does no %s: faults there are not tested", op)
		}
		for n := 1; n <= counts[op]; n++ {
			jobs = append(jobs, job{op, n, false}, job{op, n, true})
		}
	}
	// A failed commit is aborted, which reorders out-edges in memory.
	oracle := base.Oracle.Normalized(EdgesAsMultiset)
	start := time.Now()
	results := make([]faultResult, len(jobs))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				j := jobs[i]
				mode := "once"
				if j.persistent {
					mode = "persistent"
				}
				name := fmt.Sprintf("%s-%d-%s", j.op, j.n, mode)
				results[i] = faultRun(name, filepath.Join(root, name), base, oracle, &fs.Faulty{FS: fs.OS{}, Fail: j.op, N: j.n, Persistent: j.persistent})
			}
		}()
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	problems, stopped := 0, 0
	for _, r := range results {
		if r.stopped {
			stopped++
		}
		for _, p := range r.problems {
			problems++
			if problems <= 20 {
				t.Errorf("%s: %s", r.name, p)
			}
		}
	}
	line := fmt.Sprintf("faults: workload_ops=%d runs=%d kinds=%d create=%d write=%d sync=%d rename=%d remove=%d syncdir=%d stopped=%d problems=%d",
		len(base.Log), len(jobs), len(kinds), counts[fs.OpCreate], counts[fs.OpWrite], counts[fs.OpSync], counts[fs.OpRename], counts[fs.OpRemove], counts[fs.OpSyncDir], stopped, problems)
	t.Logf("%s in %v", line, time.Since(start))
	summary(t, line)
	if stopped == 0 {
		t.Error("no injected fault ever stopped the engine's commits")
	}
}

// faultRun runs base's workload with fsys failing, and checks it against
// base, the run without faults: the runs are the same up to the first
// failure, so the first k commits of the faulty run are base's, and a
// commit whose WAL write or fsync failed after its bytes reached the file
// (not acknowledged, in doubt) is base's commit k+1. Recovery must give
// base's state k or k+1 (in oracle, base's states with edges compared as
// a multiset).
func faultRun(name, dir string, base *Recording, oracle *Oracle, fsys *fs.Faulty) faultResult {
	res := faultResult{name: name}
	problem := func(format string, args ...any) { res.problems = append(res.problems, fmt.Sprintf(format, args...)) }
	defer os.RemoveAll(dir)
	rec, err := Record(Options{Workload: base.Workload, Dir: dir, FlushEveryNTx: 1, WALFileSizeKiB: 4, FS: fsys})
	if err != nil {
		problem("recording: %v", err)
		return res
	}
	reported := 0
	typed := func(what string, err error) {
		if err == nil {
			return
		}
		reported++
		var pathErr *iofs.PathError
		switch {
		case !errors.Is(err, fs.ErrInjected):
			problem("%s returned %v, which does not wrap the injected error", what, err)
		case !errors.As(err, &pathErr):
			problem("%s returned %v, which names no path", what, err)
		}
	}
	typed("Open", rec.OpenErr)
	typed("Close", rec.CloseErr)
	for i, f := range rec.Failures {
		// Writes and schema changes do no I/O: they fail only as a
		// consequence of an earlier failed commit (an enum or index the
		// workload created is missing).
		if f.What == "write" || f.What == "schema" {
			if i == 0 {
				problem("%v, before any I/O failed", f)
			}
			continue
		}
		typed(f.What, f.Err)
	}
	if reported == 0 {
		problem("the injected fault was never reported")
	}
	for _, f := range rec.Failures {
		var ioErr *wal.IOError
		if errors.As(f.Err, &ioErr) {
			res.stopped = true
			if len(rec.Acks) > f.AfterCommits {
				problem("%d commits acknowledged after the WAL failed (%v)", len(rec.Acks)-f.AfterCommits, f)
			}
			break
		}
	}
	if rec.OpenErr != nil {
		return res // nothing ran
	}
	acked := len(rec.Acks)
	for k := range acked + 1 {
		if !slices.Contains(oracle.Match(rec.Oracle.State(k)), k) {
			problem("state %d differs from the run without faults", k)
			return res
		}
	}
	check := func(what, img string) {
		v := recoverImage(img, oracle)
		ok := slices.ContainsFunc(v.states, func(k int) bool { return k == acked || k == acked+1 })
		switch {
		case v.refused != nil:
			problem("%s: recovery refused: %v", what, v.refused)
		case len(v.states) == 0:
			problem("%s: the recovered state is no prefix's:\n%s", what, clip(v.dump))
		case !ok:
			problem("%s: recovered state %v, %d commits were acknowledged (and one more may be in doubt)", what, v.states, acked)
		}
		if v.mismatch != "" {
			problem("%s: plan: %s", what, v.mismatch)
		}
	}
	// A power loss right after the run: only what was fsynced (and
	// directory entries fsynced) is left.
	img := dir + "-powerloss"
	defer os.RemoveAll(img)
	if _, err := fs.Replay(rec.Log, len(rec.Log)).Materialize(dir, img, fs.LoseUnsynced, rand.New(rand.NewPCG(0, 0))); err != nil {
		problem("materializing: %v", err)
	} else if err := os.MkdirAll(img, 0o750); err == nil {
		check("after a power loss", img)
	}
	check("as left", dir)
	return res
}
