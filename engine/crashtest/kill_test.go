package crashtest

import (
	"bufio"
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/durascope/durascope/engine"
	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/engine/storage"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/inspect"
)

// The child process of TestKill9 runs when this variable names its data
// directory.
const killChildEnv = "DURASCOPE_KILL_CHILD_DIR"

// TestKill9 runs the engine in a child process (this test binary again)
// with sync commit: it recovers the data directory, then commits
// transaction after transaction, each creating the vertex {id: i} linked
// from vertex i-1, writing i to a pipe once Commit returned, with CREATE
// SNAPSHOT every 50 commits. The parent SIGKILLs it at a random moment
// (sometimes before it finished recovering), then recovers the directory
// and checks that the ids form a prefix 0..m-1 holding every id the child
// acknowledged (in this run and all before), with its edges, and that
// plan predicts what the engine recovered. The next child goes on from
// what was recovered, on top of whatever the kills left.
func TestKill9(t *testing.T) {
	if dir := os.Getenv(killChildEnv); dir != "" {
		killChild(dir)
		return
	}
	kills := size(t, "DURASCOPE_KILLS", 30, 200)
	dir := filepath.Join(t.TempDir(), "data")
	rng := rand.New(rand.NewPCG(9, 9))
	acked := -1 // the highest id acknowledged so far
	start := time.Now()
	var recovered, duringRecovery int
	for k := range kills {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestKill9$", "-test.count=1")
		cmd.Env = append(os.Environ(), killChildEnv+"="+dir)
		cmd.ExtraFiles = []*os.File{w}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		w.Close()
		lines := make(chan string, 1024)
		go func() {
			sc := bufio.NewScanner(r)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
			r.Close()
		}()
		// A quarter of the kills come at any moment from the start (often
		// during recovery); the rest a random time after the child is ready.
		wait := time.Duration(rng.IntN(60_000)) * time.Microsecond
		ready := rng.IntN(4) != 0
		timer := time.After(wait)
		if ready {
			timer = nil
		}
		runAcked, readySeen := -1, false
	loop:
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					break loop
				}
				if l == "ready" {
					readySeen = true
					if ready {
						timer = time.After(wait)
					}
					continue
				}
				id, err := strconv.Atoi(l)
				if err != nil {
					t.Fatalf("kill %d: child said %q", k, l)
				}
				runAcked = max(runAcked, id)
			case <-timer:
				cmd.Process.Signal(syscall.SIGKILL)
				timer = nil
			}
		}
		err = cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
			t.Fatalf("kill %d: the child ended on its own (%v):\n%s", k, err, stderr.String())
		}
		if readySeen {
			recovered++
		} else {
			duringRecovery++
		}
		acked = max(acked, runAcked)
		m, problem := checkKilled(dir)
		if problem != "" {
			t.Fatalf("kill %d: %s", k, problem)
		}
		if m <= acked {
			t.Fatalf("kill %d: recovered ids 0..%d, but %d was acknowledged", k, m-1, acked)
		}
	}
	line := fmt.Sprintf("kill9: kills=%d during_recovery=%d acked=%d lost_acked=0 not_prefix=0", kills, duringRecovery, acked+1)
	t.Logf("%s in %v", line, time.Since(start))
	summary(t, line)
	if recovered == 0 || acked < kills {
		t.Errorf("the children got ready %d times and acknowledged %d commits: too few to mean anything", recovered, acked+1)
	}
}

// checkKilled recovers dir as the engine and as plan does, and returns m
// when the vertices are exactly ids 0..m-1 with an edge i-1 -> i each.
func checkKilled(dir string) (m int, problem string) {
	d, err := datadir.ScanDataDir(dir)
	if err != nil {
		return 0, err.Error()
	}
	g, plan, err := inspect.RecoverDataDir(d, "", inspect.DirOptions{})
	if err != nil || g == nil {
		return 0, fmt.Sprintf("plan: %v %+v", err, plan)
	}
	e, err := engine.Open(RecoveryConfig(dir))
	if err != nil {
		return 0, "engine: " + err.Error()
	}
	defer e.Close()
	eg, state, err := dumpGraph(e)
	if err != nil {
		return 0, err.Error()
	}
	if State(g) != state {
		return 0, "plan's graph differs from the engine's"
	}
	ids := map[uint64]int64{} // gid -> id
	for _, v := range eg.SortedVertices() {
		id, ok := propInt(eg, v.Props(eg), "id")
		if !ok {
			return 0, fmt.Sprintf("vertex %d has no id", v.Gid)
		}
		ids[v.Gid] = id
	}
	seen := map[int64]bool{}
	for _, id := range ids {
		seen[id] = true
	}
	m = len(ids)
	for i := range m {
		if !seen[int64(i)] {
			return 0, fmt.Sprintf("ids are no prefix: %d vertices, id %d missing", m, i)
		}
	}
	edges := 0
	for _, v := range eg.SortedVertices() {
		for ed := range eg.Out(v) {
			_, to := eg.Ends(ed)
			if ids[to.Gid] != ids[v.Gid]+1 {
				return 0, fmt.Sprintf("edge %d -> %d", ids[v.Gid], ids[to.Gid])
			}
			edges++
		}
	}
	if m > 0 && edges != m-1 {
		return 0, fmt.Sprintf("%d vertices, %d edges", m, edges)
	}
	return m, ""
}

func propInt(g *graph.Graph, p graph.Props, name string) (int64, bool) {
	id, ok := g.NameID(name)
	if !ok {
		return 0, false
	}
	v, ok := p.Get(id)
	i, isInt := v.(format.Int)
	return int64(i), ok && isInt
}

// killChild is the child: recover, then commit until killed.
func killChild(dir string) {
	out := os.NewFile(3, "acks")
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, "child:", err)
		os.Exit(2)
	}
	cfg := EngineConfig(dir, 1, 64)
	cfg.UUID, cfg.Epoch, cfg.Now = "", "", time.Now // file names must not repeat across runs
	e, err := engine.Open(cfg)
	if err != nil {
		fail(err)
	}
	next, prev := int64(0), uint64(0)
	t, err := e.Storage().Begin(storage.AccessRead)
	if err != nil {
		fail(err)
	}
	for v := range t.Vertices(storage.ViewOld) {
		if id, err := v.Property("id", storage.ViewOld); err == nil {
			if i, ok := id.(format.Int); ok && int64(i) >= next {
				next, prev = int64(i)+1, v.Gid()
			}
		}
	}
	t.Abort()
	fmt.Fprintln(out, "ready")
	for i := next; ; i++ {
		t, err := e.Storage().Begin(storage.AccessWrite)
		if err != nil {
			fail(err)
		}
		v, err := t.CreateVertex()
		if err == nil {
			_, err = v.AddLabel("Item")
		}
		if err == nil {
			_, err = v.SetProperty("id", format.Int(i))
		}
		if err == nil && i > 0 {
			from, ok := t.FindVertex(prev, storage.ViewOld)
			if !ok {
				err = fmt.Errorf("vertex %d (gid %d) not found", i-1, prev)
			} else {
				_, err = t.CreateEdge(from, v, "NEXT")
			}
		}
		if err == nil {
			err = t.Commit()
		}
		if err != nil {
			fail(err)
		}
		prev = v.Gid()
		fmt.Fprintln(out, strconv.FormatInt(i, 10))
		if i%50 == 49 {
			if _, err := e.CreateSnapshot(); err != nil && !strings.Contains(err.Error(), "already") {
				fail(err)
			}
		}
	}
}
