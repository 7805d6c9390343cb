package golden

import (
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"testing"
)

// CorpusEnv overrides where the Memgraph corpus is looked for.
const CorpusEnv = "DURASCOPE_CORPUS"

// CorpusDir returns the directory of real Memgraph files
// (../shared/corpus/memgraph beside the project root). When it is missing the
// test is skipped, except under CI (CI set), where a missing corpus fails.
func CorpusDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv(CorpusEnv)
	if dir == "" {
		_, file, _, _ := runtime.Caller(0)
		dir = filepath.Join(filepath.Dir(file), "..", "..", "shared", "corpus", "memgraph")
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		if os.Getenv("CI") != "" {
			t.Fatalf("Memgraph corpus not found at %s (set %s); CI requires it", dir, CorpusEnv)
		}
		t.Skipf("Memgraph corpus not found at %s (set %s)", dir, CorpusEnv)
	}
	return dir
}

// CorpusCase is one folder of the corpus.
type CorpusCase struct {
	Name string // "v37/test_all"
	Dir  string
}

// CorpusCases lists every vNN/test_* folder, sorted, and fails if there are none.
func CorpusCases(t testing.TB) []CorpusCase {
	t.Helper()
	root := CorpusDir(t)
	dirs, err := filepath.Glob(filepath.Join(root, "v*", "test_*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no corpus folders under %s", root)
	}
	sort.Strings(dirs)
	out := make([]CorpusCase, 0, len(dirs))
	for _, d := range dirs {
		rel, _ := filepath.Rel(root, d)
		out = append(out, CorpusCase{Name: filepath.ToSlash(rel), Dir: d})
	}
	return out
}

// CorpusFiles lists every snapshot.bin and wal.bin of the corpus.
func CorpusFiles(t testing.TB) []string {
	t.Helper()
	var out []string
	for _, c := range CorpusCases(t) {
		for _, f := range []string{"snapshot.bin", "wal.bin"} {
			p := filepath.Join(c.Dir, f)
			if _, err := os.Stat(p); err == nil {
				out = append(out, p)
			}
		}
	}
	return out
}
