package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/durascope/durascope/engine"
	"github.com/durascope/durascope/engine/datadir"
)

func TestFormatSize(t *testing.T) {
	for n, want := range map[uint64]string{0: "0 bytes", 1023: "1023 bytes", 1024: "1.0 KiB", 321<<20 + 400<<10: "321.4 MiB", 3 << 30: "3.0 GiB", 1 << 40: "1.0 TiB"} {
		if got := formatSize(n); got != want {
			t.Errorf("formatSize(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestMemAvailable(t *testing.T) {
	const meminfo = "MemTotal:       24521432 kB\nMemFree:        17623652 kB\nMemAvailable:   22906544 kB\nBuffers:          120212 kB\n"
	if n, ok := memAvailable(meminfo); !ok || n != 22906544<<10 {
		t.Errorf("memAvailable = %d, %v; want %d", n, ok, uint64(22906544)<<10)
	}
	for _, bad := range []string{"", "MemTotal: 1 kB\n", "MemAvailable: 12 MB\n", "MemAvailable: x kB\n", "MemAvailable:\n"} {
		if n, ok := memAvailable(bad); ok {
			t.Errorf("memAvailable(%q) = %d, want no value", bad, n)
		}
	}
}

func TestCgroupRoom(t *testing.T) {
	files := func(m map[string]string) func(string) ([]byte, error) {
		return func(name string) ([]byte, error) {
			if s, ok := m[name]; ok {
				return []byte(s), nil
			}
			return nil, fs.ErrNotExist
		}
	}
	v2 := map[string]string{
		"/sys/fs/cgroup/app/memory.max":  "8589934592\n",
		"/sys/fs/cgroup/app/memory.stat": "anon 1073741824\nfile 6442450944\n",
	}
	v1 := map[string]string{
		"/sys/fs/cgroup/memory/box/memory.limit_in_bytes": "4294967296\n",
		"/sys/fs/cgroup/memory/box/memory.stat":           "cache 100\nrss 5\ntotal_cache 3221225472\ntotal_rss 536870912\n",
	}
	for _, c := range []struct {
		name  string
		self  string
		files map[string]string
		want  uint64
		ok    bool
	}{
		// The cgroup's page cache is reclaimable: only anonymous memory counts.
		{"v2", "0::/app\n", v2, 7 << 30, true},
		{"v1", "5:cpu:/x\n4:memory:/box\n0::/\n", v1, 3<<30 + 512<<20, true},
		{"v1 among other controllers", "4:cpu,memory:/box\n", v1, 3<<30 + 512<<20, true},
		{"v2 without a limit", "0::/app\n", map[string]string{"/sys/fs/cgroup/app/memory.max": "max\n", "/sys/fs/cgroup/app/memory.stat": "anon 1\n"}, 0, false},
		{"v1 without a limit", "4:memory:/box\n", map[string]string{"/sys/fs/cgroup/memory/box/memory.limit_in_bytes": "9223372036854771712\n", "/sys/fs/cgroup/memory/box/memory.stat": "total_rss 1\n"}, 0, false},
		{"over the limit already", "0::/app\n", map[string]string{"/sys/fs/cgroup/app/memory.max": "100\n", "/sys/fs/cgroup/app/memory.stat": "anon 200\n"}, 0, true},
		{"files missing", "0::/app\n4:memory:/box\n", nil, 0, false},
		{"a path out of the hierarchy", "0::/../etc\n", v2, 0, false},
		{"no cgroup", "", v2, 0, false},
	} {
		got, ok := cgroupRoom(c.self, files(c.files))
		if ok != c.ok || got != c.want {
			t.Errorf("%s: cgroupRoom = %d, %v; want %d, %v", c.name, got, ok, c.want, c.ok)
		}
	}
}

// TestMaxMemory: plan, verify and dump of a directory, and a Cypher dump
// of a snapshot, stop with exit 2 before building a graph that cannot fit;
// verify still checks the files.
func TestMaxMemory(t *testing.T) {
	root := t.TempDir()
	planDirs(t, root)
	dir := filepath.Join(root, "clean")
	d, err := datadir.ScanDataDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	need, first := datadir.RecoveryMemoryFloor(d.Tenants[0])
	if need == 0 || first == nil {
		t.Fatal("the directory's snapshot needs no memory")
	}
	below, enough := strconv.FormatUint(need-1, 10), strconv.FormatUint(need, 10)
	snapshot := first.Path
	for _, c := range []struct {
		args   []string
		code   int
		refuse bool
	}{
		{[]string{"plan", "--max-memory", below, dir}, 2, true},
		{[]string{"plan", "--max-memory", enough, dir}, 0, false},
		{[]string{"plan", "--max-memory", "off", dir}, 0, false},
		{[]string{"verify", "--max-memory", below, dir}, 2, true},
		{[]string{"verify", "--json", "--max-memory", below, dir}, 2, true},
		{[]string{"verify", "--max-memory", enough, dir}, 0, false},
		{[]string{"dump", "--max-memory", below, dir}, 2, true},
		{[]string{"dump", "--format", "cypher", "--max-memory", below, dir}, 2, true},
		{[]string{"dump", "--format", "cypher", "--max-memory", enough, dir}, 0, false},
		{[]string{"dump", "--format", "cypher", "--max-memory", below, snapshot}, 2, true},
		{[]string{"dump", "--format", "cypher", "--max-memory", enough, snapshot}, 0, false},
		// A text dump of a file builds no graph.
		{[]string{"dump", "--max-memory", "0", snapshot}, 0, false},
	} {
		code, stdout, stderr := runCLI(c.args...)
		if code != c.code {
			t.Errorf("%v: exit %d, want %d; stderr: %s", c.args, code, c.code, stderr)
		}
		refused := strings.Contains(stderr, "needs at least "+formatSize(need)+" of memory")
		if refused != c.refuse {
			t.Errorf("%v: refused %v, want %v; stderr: %s", c.args, refused, c.refuse, stderr)
		}
		switch {
		case c.refuse && c.args[0] != "verify" && stdout != "":
			t.Errorf("%v: a refused plan printed %q", c.args, stdout)
		case c.refuse && c.args[0] == "verify" && (!strings.Contains(stdout, "wal") || strings.Contains(stdout, "recovery of") || strings.Contains(stdout, `"outcome"`)):
			t.Errorf("%v: verify should list the files and no recovery, got:\n%s", c.args, stdout)
		case !c.refuse && c.code == 0 && c.args[0] == "plan" && !strings.HasPrefix(stdout, "RECOVERS"):
			t.Errorf("%v: got %q", c.args, stdout)
		}
	}
	for _, cmd := range []string{"plan", "verify"} {
		if code, _, stderr := runCLI(cmd, "--max-memory", "4X", dir); code != 2 || !strings.Contains(stderr, `--max-memory: bad size "4X"`) {
			t.Errorf("%s --max-memory 4X: exit %d, stderr %q", cmd, code, stderr)
		}
	}
}

// TestEngineMaxMemory: the engine refuses to start, touching nothing,
// when the least memory of its recovery (graph and store) is over the
// limit, and starts when it fits.
func TestEngineMaxMemory(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "data")
	script := func(name, text string) string {
		p := filepath.Join(root, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	build := script("build.cypher", "CREATE (:A {p: 1})-[:E {w: 2}]->(:B);\nCREATE (:C);\n")
	if code, _, stderr := runCLI("engine", "--data-directory", dir, "--storage-properties-on-edges", "--storage-snapshot-on-exit", build); code != 0 {
		t.Fatalf("building the directory: exit %d: %s", code, stderr)
	}
	d, err := datadir.ScanDataDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	cfg := engine.DefaultConfig()
	cfg.DataDirectory, cfg.PropertiesOnEdges = dir, true
	need, snap := engine.RecoveryMemoryFloor(d, cfg)
	graphNeed, _ := datadir.RecoveryMemoryFloor(d.Tenants[0])
	if snap == nil || need <= graphNeed {
		t.Fatalf("the engine's floor %d (snapshot %v) is not above the graph's %d", need, snap, graphNeed)
	}
	below, enough := strconv.FormatUint(need-1, 10), strconv.FormatUint(need, 10)
	count := script("count.cypher", "MATCH (n) RETURN count(n) AS n;\n")
	refusal := "recovering " + snap.Path + " into the engine's store (3 vertices, 1 edges) needs at least " + formatSize(need) + " of memory"

	before := treeOf(t, dir)
	code, stdout, stderr := runCLI("engine", "--data-directory", dir, "--storage-properties-on-edges", "--max-memory", below, count)
	if code != 2 || !strings.Contains(stderr, refusal) || stdout != "" {
		t.Errorf("--max-memory %s: exit %d, stdout %q, stderr %q; want exit 2 and %q", below, code, stdout, stderr, refusal)
	}
	if after := treeOf(t, dir); after != before {
		t.Errorf("a refused start changed the directory:\n%s\nto\n%s", before, after)
	}
	code, stdout, stderr = runCLI("engine", "--data-directory", dir, "--storage-properties-on-edges", "--max-memory", enough, count)
	if code != 0 || !strings.Contains(stdout, "3") {
		t.Errorf("--max-memory %s: exit %d, stdout %q, stderr %q", enough, code, stdout, stderr)
	}
	if code, _, stderr := runCLI("engine", "--data-directory", dir, "--max-memory", "4X", count); code != 2 || !strings.Contains(stderr, `--max-memory: bad size "4X"`) {
		t.Errorf("--max-memory 4X: exit %d, stderr %q", code, stderr)
	}
	// Without recovery the start loads nothing, so nothing is refused.
	if code, _, stderr := runCLI("engine", "--data-directory", dir, "--data-recovery-on-startup=false", "--max-memory", "1", count); code != 0 {
		t.Errorf("no recovery, --max-memory 1: exit %d, stderr %q", code, stderr)
	}
}

// treeOf lists the files under dir with their sizes and times.
func treeOf(t *testing.T, dir string) string {
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := e.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s %d %s\n", p, info.Size(), info.ModTime())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}
