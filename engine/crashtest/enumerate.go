package crashtest

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/durascope/durascope/engine"
	"github.com/durascope/durascope/engine/datadir"
	efs "github.com/durascope/durascope/engine/fs"
	"github.com/durascope/durascope/inspect"
)

// EnumOptions say which crash states to check.
type EnumOptions struct {
	// Seeds is the number of random sector choices KeepSomeSectors makes
	// per crash point.
	Seeds int
	// RequireAcked turns on D1 (every acknowledged commit recovered): only
	// with flush-every-n-tx=1 is an acknowledged commit durable.
	RequireAcked bool
	// Workers materialize and recover in parallel; 0: GOMAXPROCS.
	Workers int
	// Scratch is a directory for the materialized images.
	Scratch string
	// MaxFailures bounds the failures described in the summary.
	MaxFailures int
}

// Summary is what an enumeration found.
type Summary struct {
	Name   string
	Ops    int // file-system operations recorded: crash points are 0..Ops
	Txns   int // acknowledged commits of the workload
	States int // crash states checked (crash point x loss model x seed)
	Images int // distinct disk images among them, each really recovered
	Models int
	// D1: states missing an acknowledged commit (counted only with
	// RequireAcked; else in UnsyncedAckedLost).
	LostAcked, UnsyncedAckedLost int
	// D2/D4: states whose recovery is not exactly the state after some
	// prefix of the commits (a phantom or garbled value breaks equality),
	// recovery refusals included.
	NotPrefix int
	// RecoveryFailed: states the engine refused to recover.
	RecoveryFailed int
	// D3: states where plan (or verify) disagrees with what the engine did.
	PlanMismatch int
	// What the distinct images exercised: recovery from a snapshot, a torn
	// or damaged WAL tail dropped, a WAL copied under LOCK DATA DIRECTORY
	// (two files of one sequence number).
	FromSnapshot, DroppedTail, Deferred int
	Failures                            []string
}

// Line is the machine-readable summary line.
func (s *Summary) Line() string {
	line := fmt.Sprintf("%s: workload_ops=%d txns=%d states=%d images=%d models=%d acked=%d lost_acked=%d not_prefix=%d plan_mismatch=%d recovery_failed=%d",
		s.Name, s.Ops, s.Txns, s.States, s.Images, s.Models, s.Txns, s.LostAcked, s.NotPrefix, s.PlanMismatch, s.RecoveryFailed)
	if s.UnsyncedAckedLost > 0 {
		line += fmt.Sprintf(" unsynced_acked_lost=%d", s.UnsyncedAckedLost)
	}
	return line
}

// Lost reports whether the enumeration found any loss (D1 or D2).
func (s *Summary) Lost() bool { return s.LostAcked > 0 || s.NotPrefix > 0 }

// verdict is what recovering one disk image gave.
type verdict struct {
	refused  error  // the engine did not start
	states   []int  // oracle states equal to the recovered one
	mismatch string // D3: how plan or verify disagree; "" when they agree
	dump     string // the recovered state, when it matches none
	// what the image exercised (see Summary)
	fromSnapshot, droppedTail, walCopy bool
}

// Enumerate checks every crash state of rec: for each prefix of its log,
// each loss model (KeepSomeSectors with opts.Seeds seeds), the disk is
// materialized, recovered by the engine and planned by inspect, and
// checked against the oracle (D1 with RequireAcked, D2, D3; D4 is implied
// by D2's exact equality of whole dumps). Identical images are recovered
// once.
func Enumerate(name string, rec *Recording, opts EnumOptions) (*Summary, error) {
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.MaxFailures == 0 {
		opts.MaxFailures = 10
	}
	dirty := unsyncedAt(rec.Log)
	sum := &Summary{Name: name, Ops: len(rec.Log), Txns: len(rec.Acks), Models: len(efs.LossModels)}
	var (
		mu       sync.Mutex
		cache    = map[[32]byte]*verdict{}
		firstErr error
		next     = make(chan int)
		wg       sync.WaitGroup
	)
	failure := func(format string, args ...any) {
		if len(sum.Failures) < opts.MaxFailures {
			sum.Failures = append(sum.Failures, fmt.Sprintf(format, args...))
		}
	}
	// image materializes one crash state and recovers it (once per
	// distinct image).
	image := func(dir string, disk *efs.Disk, n int, model efs.LossModel, seed int) (*verdict, error) {
		img := disk.Image(rec.Dir, model, rand.New(rand.NewPCG(uint64(n), uint64(seed))))
		key := hashImage(img)
		mu.Lock()
		v := cache[key]
		mu.Unlock()
		if v != nil {
			return v, nil
		}
		if err := writeImage(dir, img); err != nil {
			return nil, err
		}
		v = recoverImage(dir, rec.Oracle)
		mu.Lock()
		defer mu.Unlock()
		if cache[key] == nil {
			cache[key] = v
			sum.Images++
			sum.FromSnapshot += b2i(v.fromSnapshot)
			sum.DroppedTail += b2i(v.droppedTail)
			sum.Deferred += b2i(v.walCopy)
		}
		return v, nil
	}
	// check counts one crash state (mu held).
	check := func(v *verdict, disk *efs.Disk, n int, model efs.LossModel, seed int) {
		acked := rec.LastAcked(n)
		sum.States++
		where := fmt.Sprintf("crash after %d of %d ops, %v seed %d", n, len(rec.Log), model, seed)
		if v.mismatch != "" {
			sum.PlanMismatch++
			failure("D3 %s: %s", where, v.mismatch)
		}
		switch {
		case v.refused != nil:
			sum.RecoveryFailed++
			sum.NotPrefix++
			if acked > 0 {
				if opts.RequireAcked {
					sum.LostAcked++
				} else {
					sum.UnsyncedAckedLost++
				}
			}
			failure("%s: recovery refused: %v (last acknowledged state %d; disk: %s)", where, v.refused, acked, disk.Describe())
		case len(v.states) == 0:
			sum.NotPrefix++
			k := closest(rec.Oracle, v.dump)
			failure("D2 %s: the recovered state is no prefix's (last acknowledged state %d); against the closest, state %d:\n%s\ndisk: %s", where, acked, k, lineDiff(rec.Oracle.State(k), v.dump), disk.Describe())
		case v.states[len(v.states)-1] < acked:
			if opts.RequireAcked {
				sum.LostAcked++
				failure("D1 %s: recovered state %v, but state %d was acknowledged; disk: %s", where, v.states, acked, disk.Describe())
			} else {
				sum.UnsyncedAckedLost++
			}
		}
	}
	for w := range opts.Workers {
		img := filepath.Join(opts.Scratch, fmt.Sprintf("image%d", w))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range next {
				disk := efs.Replay(rec.Log, n)
				var keepAll *verdict
				for _, model := range efs.LossModels {
					seeds := 1
					if model == efs.KeepSomeSectors {
						seeds = opts.Seeds
					}
					for seed := range seeds {
						var v *verdict
						var err error
						if model == efs.KeepSomeSectors && !dirty[n] && keepAll != nil {
							// No unsynced data: every sector choice is KeepAll's image.
							v = keepAll
						} else {
							v, err = image(img, disk, n, model, seed)
						}
						mu.Lock()
						if err != nil {
							firstErr = cmpErr(firstErr, err)
						} else {
							check(v, disk, n, model, seed)
						}
						mu.Unlock()
						if model == efs.KeepAll {
							keepAll = v
						}
					}
				}
			}
		}()
	}
	for n := 0; n <= len(rec.Log); n++ {
		next <- n
	}
	close(next)
	wg.Wait()
	return sum, firstErr
}

// unsyncedAt says, for each crash point n (after n records), whether some
// open file holds data written since its last fsync (a file written and
// not yet synced when closed counts until the end, conservatively).
func unsyncedAt(log []efs.Record) []bool {
	out := make([]bool, len(log)+1)
	pending := map[int]bool{}
	for i, r := range log {
		if !r.Err {
			switch r.Op {
			case efs.OpWrite:
				pending[r.Handle] = true
			case efs.OpSync:
				delete(pending, r.Handle)
			}
		}
		out[i+1] = len(pending) > 0
	}
	return out
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func cmpErr(first, err error) error {
	if first != nil {
		return first
	}
	return err
}

// closest is the oracle state with the fewest lines differing from got.
func closest(o *Oracle, got string) int {
	best, bestN := 0, -1
	for k := range o.Len() {
		n := strings.Count(lineDiff(o.State(k), got), "\n")
		if bestN < 0 || n < bestN {
			best, bestN = k, n
		}
	}
	return best
}

// lineDiff lists the lines of want missing from got and the lines of got
// not in want (a few of each).
func lineDiff(want, got string) string {
	count := func(s string) map[string]int {
		m := map[string]int{}
		for _, l := range strings.Split(s, "\n") {
			m[l]++
		}
		return m
	}
	w, g := count(want), count(got)
	var b strings.Builder
	shown := 0
	for _, l := range strings.Split(want, "\n") {
		if g[l] < w[l] && shown < 5 {
			fmt.Fprintf(&b, "  - %s\n", clip(l))
			g[l]++
			shown++
		}
	}
	shown = 0
	w = count(want)
	for _, l := range strings.Split(got, "\n") {
		if w[l] == 0 && shown < 5 {
			fmt.Fprintf(&b, "  + %s\n", clip(l))
			shown++
		}
		w[l]--
	}
	return b.String()
}

func clip(s string) string {
	const max = 2000
	if len(s) > max {
		return s[:max] + "..."
	}
	return s
}

// hashImage hashes the names and contents of a crash state.
func hashImage(img *efs.Image) [32]byte {
	h := sha256.New()
	for _, d := range img.Dirs {
		fmt.Fprintf(h, "d %s\x00", d)
	}
	for _, p := range img.Paths {
		fmt.Fprintf(h, "f %s\x00%d\x00", p, len(img.Files[p]))
		h.Write(img.Files[p])
	}
	var key [32]byte
	copy(key[:], h.Sum(nil))
	return key
}

// writeImage replaces dir by the crash state.
func writeImage(dir string, img *efs.Image) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	for _, d := range img.Dirs {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o750); err != nil {
			return err
		}
	}
	for _, p := range img.Paths {
		dst := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
			return err
		}
		if err := os.WriteFile(dst, img.Files[p], 0o640); err != nil {
			return err
		}
	}
	return nil
}

// recoverImage plans the recovery of dir with inspect (durascope plan),
// verifies the files it uses (durascope verify), then recovers dir with
// the engine and compares: D3 (same outcome, vertex and edge counts, last
// durable timestamp; no verify error in a file recovery used silently) and
// the recovered state against the oracle.
func recoverImage(dir string, oracle *Oracle) *verdict {
	v := &verdict{}
	var mismatches []string
	mismatch := func(format string, args ...any) { mismatches = append(mismatches, fmt.Sprintf(format, args...)) }
	defer func() { v.mismatch = strings.Join(mismatches, "; ") }()

	d, err := datadir.ScanDataDir(dir)
	var plan *inspect.TenantPlan
	if err != nil {
		mismatch("plan cannot scan the directory: %v", err)
	} else {
		p := inspect.PlanRecovery(d, inspect.DirOptions{})
		if len(p.Tenants) != 1 {
			mismatch("plan found %d tenants", len(p.Tenants))
		} else {
			plan = p.Tenants[0]
			mismatches = append(mismatches, verifyUsed(plan)...)
			v.fromSnapshot = plan.Snapshot != ""
			seqs := map[uint64]bool{}
			for _, w := range plan.WALs {
				v.droppedTail = v.droppedTail || w.Dropped != nil
				v.walCopy = v.walCopy || seqs[w.SeqNum]
				seqs[w.SeqNum] = true
			}
		}
	}

	e, err := engine.Open(RecoveryConfig(dir))
	if err != nil {
		v.refused = err
		var re *engine.RecoveryError
		if plan != nil && (plan.Outcome != inspect.OutcomeFails || !errors.As(err, &re)) {
			mismatch("the engine refused (%v) but plan's outcome is %q", err, plan.Outcome)
		}
		return v
	}
	defer e.Close()
	g, state, err := dumpGraph(e)
	if err != nil {
		v.refused = fmt.Errorf("dump after recovery: %w", err)
		return v
	}
	v.states = oracle.Match(state)
	if len(v.states) == 0 {
		v.dump = state
	}
	if plan == nil {
		return v
	}
	if plan.Outcome == inspect.OutcomeFails || plan.Outcome == inspect.OutcomeIncomplete {
		mismatch("the engine recovered but plan's outcome is %q (%s)", plan.Outcome, plan.Fatal)
		return v
	}
	if plan.Vertices != g.VertexCount() || plan.Edges != g.EdgeCount() {
		mismatch("plan predicts %d vertices and %d edges, the engine recovered %d and %d", plan.Vertices, plan.Edges, g.VertexCount(), g.EdgeCount())
	}
	var planLDT uint64
	if plan.DurableTimestamp != nil {
		planLDT = *plan.DurableTimestamp
	}
	if ldt, _ := e.Storage().LastCommitted(); ldt != planLDT {
		mismatch("plan predicts last durable timestamp %d, the engine resumed from %d", planLDT, ldt)
	}
	return v
}

// verifyUsed verifies the files the plan's recovery uses: a snapshot
// loaded, or a WAL replayed without dropping anything, must verify
// without error; a snapshot that failed to load, or a WAL whose tail was
// dropped, must have a finding that says so.
func verifyUsed(plan *inspect.TenantPlan) []string {
	var out []string
	check := func(path string, silent bool) {
		f, err := datadir.Open(path)
		if err != nil {
			out = append(out, fmt.Sprintf("verify cannot open %s: %v", filepath.Base(path), err))
			return
		}
		defer f.Close()
		r := inspect.VerifyFile(f, inspect.VerifyOptions{})
		switch {
		case silent && r.Errors > 0:
			out = append(out, fmt.Sprintf("recovery used %s silently, verify reports %d errors: %v", filepath.Base(path), r.Errors, r.Findings[0]))
		case !silent && len(r.Findings) == 0:
			out = append(out, fmt.Sprintf("recovery dropped data of %s, verify finds nothing", filepath.Base(path)))
		}
	}
	for _, s := range plan.Snapshots {
		switch s.Decision {
		case datadir.DecisionLoaded:
			check(s.Path, true)
		case datadir.DecisionFailed:
			check(s.Path, false)
		}
	}
	for _, w := range plan.WALs {
		if w.Decision == datadir.DecisionReplay || w.Decision == datadir.DecisionPartial {
			check(w.Path, w.Dropped == nil)
		}
	}
	return out
}
