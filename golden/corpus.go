package golden

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
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

// SortedLines splits a dump into lines and sorts them: Memgraph's own rule
// for comparing dumps, since some statements come out in hash order.
func SortedLines(dump []byte) []string {
	lines := strings.Split(strings.TrimRight(string(dump), "\n"), "\n")
	sort.Strings(lines)
	return lines
}

// CorpusFile is one corpus snapshot.bin or wal.bin, read into memory.
type CorpusFile struct {
	Name string // "v37/test_all/wal.bin", relative to the corpus root
	Data []byte
	WAL  bool // starts with the WAL magic
}

// ReadCorpus reads every corpus snapshot.bin and wal.bin (about 2.4 MB).
func ReadCorpus(t testing.TB) []CorpusFile {
	t.Helper()
	root := CorpusDir(t)
	var out []CorpusFile
	for _, p := range CorpusFiles(t) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(root, p)
		out = append(out, CorpusFile{Name: filepath.ToSlash(rel), Data: data, WAL: bytes.HasPrefix(data, []byte("MGwl"))})
	}
	return out
}
