package csvimport

import (
	"bytes"
	iofs "io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/engine/fs"
)

// NoSyncFS is the OS file system without fsync, to keep the many small
// imports of the tests fast on a shared disk (durability is not what they
// test). Exported for the external corpus test.
type NoSyncFS struct{ fs.OS }

func (NoSyncFS) SyncDir(string) error { return nil }

func (n NoSyncFS) Create(name string, perm iofs.FileMode, truncate bool) (fs.File, error) {
	f, err := n.OS.Create(name, perm, truncate)
	if err != nil {
		return nil, err
	}
	return noSyncFile{f}, nil
}

type noSyncFile struct{ fs.File }

func (noSyncFile) Sync() error { return nil }

// importCase writes files into a temporary directory, imports them with
// the options set makes (p turns a file name into its path) and returns
// the recovered graph's dump lines (sorted) or the error.
func importCase(t *testing.T, files map[string]string, set func(o *Options, p func(string) string)) ([]string, *Report, error) {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	o := DefaultOptions()
	o.DataDirectory = filepath.Join(dir, "data")
	o.FS = NoSyncFS{}
	set(&o, func(name string) string { return filepath.Join(dir, name) })
	rep, err := Import(o)
	if err != nil {
		if snaps, _ := filepath.Glob(filepath.Join(o.DataDirectory, "snapshots", "*")); len(snaps) > 0 {
			t.Errorf("failed import left %v", snaps)
		}
		return nil, nil, err
	}
	return recoveredDump(t, o.DataDirectory), rep, nil
}

// RecoveredRows recovers the data directory as Memgraph would and returns
// its Cypher dump as Memgraph's runner compared dumps: lines stripped,
// sorted. Exported for the external corpus test.
func RecoveredRows(t *testing.T, data string) []string {
	t.Helper()
	d, err := datadir.ScanDataDir(data)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := d.Recover("")
	if err != nil {
		t.Fatal(err)
	}
	if rec.Graph == nil {
		t.Fatalf("recovery stops: %+v", rec.Stop)
	}
	var b bytes.Buffer
	if err := rec.Graph.WriteCypher(&b); err != nil {
		t.Fatal(err)
	}
	return RunnerRows(b.String())
}

// RunnerRows is a dump as Memgraph's runner compared it.
func RunnerRows(s string) []string {
	rows := strings.Split(strings.TrimSpace(s), "\n")
	for i := range rows {
		rows[i] = strings.TrimSpace(rows[i])
	}
	slices.Sort(rows)
	return rows
}

// recoveredDump is RecoveredRows without the dump's own __mg_vertex__
// statements.
func recoveredDump(t *testing.T, data string) []string {
	t.Helper()
	var out []string
	for _, l := range RecoveredRows(t, data) {
		if !strings.Contains(l, "INDEX ON :__mg_vertex__") && !strings.HasPrefix(l, "MATCH (u) REMOVE") {
			out = append(out, l)
		}
	}
	return out
}

// nodes is the option setter for one --nodes flag of the given files.
func nodes(files ...string) func(o *Options, p func(string) string) {
	return func(o *Options, p func(string) string) {
		var abs []string
		for _, f := range files {
			abs = append(abs, p(f))
		}
		o.Nodes = append(o.Nodes, NodeFiles{Files: abs})
	}
}
