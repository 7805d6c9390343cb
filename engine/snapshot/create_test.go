package snapshot

import (
	"bytes"
	"errors"
	iofs "io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/engine/fs"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
)

// tracingFS logs the operations Create makes and, at every fsync, whether
// the file as it then stands on disk opens as a snapshot.
type tracingFS struct {
	fs.OS
	log []string
}

func (t *tracingFS) Create(name string, perm iofs.FileMode, truncate bool) (fs.File, error) {
	f, err := t.OS.Create(name, perm, truncate)
	if err != nil {
		return nil, err
	}
	t.log = append(t.log, "create "+filepath.Base(name))
	return &tracingFile{File: f, fs: t}, nil
}

func (t *tracingFS) Rename(oldpath, newpath string) error {
	t.log = append(t.log, "rename "+filepath.Base(oldpath)+" "+filepath.Base(newpath))
	return t.OS.Rename(oldpath, newpath)
}

func (t *tracingFS) SyncDir(dir string) error {
	t.log = append(t.log, "syncdir")
	return t.OS.SyncDir(dir)
}

type tracingFile struct {
	fs.File
	fs *tracingFS
}

func (f *tracingFile) Sync() error {
	data, err := os.ReadFile(f.Name())
	if err != nil {
		return err
	}
	state := "readable"
	if _, err := decode.OpenSnapshot(bytes.NewReader(data), int64(len(data)), f.Name()); err != nil {
		state = "unreadable"
		if !strings.Contains(err.Error(), "all zero") {
			state = "unreadable: " + err.Error()
		}
	}
	f.fs.log = append(f.fs.log, "sync "+filepath.Base(f.Name())+" "+state)
	return f.File.Sync()
}

func chainSource(t *testing.T, v format.Version, uuid string, n int) *ModelSource {
	t.Helper()
	src, err := NewModelSource(golden.ChainSnapshot(v, uuid, n))
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// TestCreateWritesUnderTemporaryName: the body is fsynced while the offsets
// table is still zero (no reader accepts the file), then the table is
// written and fsynced, then the file is renamed and the directory fsynced.
func TestCreateWritesUnderTemporaryName(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "snapshots") // created by Create
	trace := &tracingFS{}
	path, err := Create(Config{Dir: dir, FS: trace, Now: fixedNow}, chainSource(t, format.MaxVersion, golden.ChainUUID, 5))
	if err != nil {
		t.Fatal(err)
	}
	final := datadir.SnapshotName(clock, golden.ChainTimestamp(5))
	tmp := final + TempSuffix
	want := []string{
		"syncdir", // snapshots/ was created
		"create " + tmp,
		"sync " + tmp + " unreadable",
		"sync " + tmp + " readable",
		"rename " + tmp + " " + final,
		"syncdir",
	}
	if !slices.Equal(trace.log, want) {
		t.Errorf("operations\n%s\nwant\n%s", strings.Join(trace.log, "\n"), strings.Join(want, "\n"))
	}
	if filepath.Base(path) != final {
		t.Errorf("path %s, want %s", path, final)
	}
	// Memgraph's scan and durascope's read the temporary name as an
	// ordinary file, not as a snapshot name or a part: it must be the
	// header that keeps an unfinished one out of recovery.
	if n := datadir.ParseName(tmp).Naming; n != datadir.NamingOther {
		t.Errorf("the temporary name parses as %s", n)
	}
	d, err := datadir.ScanDataDir(filepath.Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	if snaps := datadir.UsableSnapshots(d.Tenants[0]); len(snaps) != 1 || snaps[0].Path != path || snaps[0].DurableTimestamp != golden.ChainTimestamp(5) {
		t.Errorf("recovery sees %v", snaps)
	}
}

// TestCreateFailureLeavesNoFile: a failed create, write, fsync, rename or
// directory fsync leaves nothing under the final name (nor the temporary
// one) and returns a FileError naming the operation.
func TestCreateFailureLeavesNoFile(t *testing.T) {
	src := chainSource(t, format.MaxVersion, golden.ChainUUID, 5)
	for _, c := range []struct {
		op   fs.Op
		n    int
		want string // FileError.Op
	}{
		{fs.OpCreate, 1, "create"},
		{fs.OpWrite, 1, "write"},
		{fs.OpSync, 1, "sync"}, // the body's
		{fs.OpSync, 2, "sync"}, // after the offsets table
		{fs.OpRename, 1, "rename"},
		{fs.OpSyncDir, 1, "syncdir"},
	} {
		dir := t.TempDir()
		_, err := Create(Config{Dir: dir, FS: &fs.Faulty{FS: fs.OS{}, Fail: c.op, N: c.n}, Now: fixedNow}, src)
		var fe *FileError
		if !errors.As(err, &fe) || fe.Op != c.want || !errors.Is(err, fs.ErrInjected) {
			t.Errorf("%s #%d: %v, want a FileError %q wrapping the injected error", c.op, c.n, err, c.want)
		}
		if names := dirNames(t, dir); len(names) != 0 {
			t.Errorf("%s #%d: left %v", c.op, c.n, names)
		}
	}
}

// brokenSource breaks one rule of the Source contract.
type brokenSource struct {
	*ModelSource
	rest     func(*format.Snapshot)
	vertices []format.VertexRecord // when set, yielded whatever range is asked
}

func (b brokenSource) Vertices(lo, hi uint64, fn func(format.VertexRecord) error) error {
	if b.vertices == nil {
		return b.ModelSource.Vertices(lo, hi, fn)
	}
	for _, r := range b.vertices {
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

func (b brokenSource) Rest() (*format.Snapshot, error) {
	r, err := b.ModelSource.Rest()
	if b.rest != nil {
		b.rest(r)
	}
	return r, err
}

// TestCreateRefusesBrokenSource: records out of order or out of their
// range, an id the mapper lacks, metadata that disagrees: a SourceError,
// and no file.
func TestCreateRefusesBrokenSource(t *testing.T) {
	unordered := golden.ChainSnapshot(format.MaxVersion, golden.ChainUUID, 4)
	unordered.Vertices[1], unordered.Vertices[2] = unordered.Vertices[2], unordered.Vertices[1]
	if _, err := NewModelSource(unordered); err == nil {
		t.Error("NewModelSource accepted vertices out of gid order")
	}
	ordered := golden.ChainSnapshot(format.MaxVersion, golden.ChainUUID, 4).Vertices
	missingID := golden.ChainSnapshot(format.MaxVersion, golden.ChainUUID, 4)
	missingID.Vertices[3].Labels = append(missingID.Vertices[3].Labels, 9)
	ok := chainSource(t, format.MaxVersion, golden.ChainUUID, 4)

	for _, c := range []struct {
		name     string
		src      Source
		parallel bool
		what     string
	}{
		{"unordered", brokenSource{ModelSource: ok, vertices: unordered.Vertices}, false, "vertex records"},
		{"unordered parallel", brokenSource{ModelSource: ok, vertices: unordered.Vertices}, true, "vertex records"},
		{"out of range parallel", brokenSource{ModelSource: ok, vertices: ordered}, true, "vertex records"},
		{"missing mapper id", &ModelSource{Model: missingID, OnEdges: true}, false, "mapper"},
		{"durable timestamp", brokenSource{ModelSource: ok, rest: func(r *format.Snapshot) { r.Metadata.DurableTimestamp++ }}, false, "metadata"},
		{"version", brokenSource{ModelSource: ok, rest: func(r *format.Snapshot) { r.Version-- }}, false, "metadata"},
	} {
		dir := t.TempDir()
		_, err := Create(Config{Dir: dir, Parallel: c.parallel, ItemsPerBatch: 2, Now: fixedNow}, c.src)
		var se *SourceError
		if !errors.As(err, &se) || se.What != c.what {
			t.Errorf("%s: %v, want a SourceError about %s", c.name, err, c.what)
		}
		if names := dirNames(t, dir); len(names) != 0 {
			t.Errorf("%s: left %v", c.name, names)
		}
	}
}

// TestCreateWithoutPropertiesOnEdges: no edge section (offset 0), no edge
// batches, edge count 0, as Memgraph writes it; serial and parallel alike.
func TestCreateWithoutPropertiesOnEdges(t *testing.T) {
	src := chainSource(t, format.MaxVersion, golden.ChainUUID, 6)
	src.OnEdges = false
	for _, parallel := range []bool{false, true} {
		path, err := Create(Config{Dir: t.TempDir(), Parallel: parallel, ItemsPerBatch: 2, Now: fixedNow}, src)
		if err != nil {
			t.Fatal(err)
		}
		m := readModel(t, path)
		if m.Offsets[format.OffsetEdges] != 0 || len(m.Edges) != 0 || len(m.EdgeBatches) != 0 || m.Metadata.EdgeCount != 0 {
			t.Errorf("parallel %v: edge offset %d, %d edge records, batches %v, count %d", parallel,
				m.Offsets[format.OffsetEdges], len(m.Edges), m.EdgeBatches, m.Metadata.EdgeCount)
		}
		if len(m.Vertices) != 6 || len(m.Vertices[2].OutEdges) != 1 || m.Metadata.VertexCount != 6 || len(m.VertexBatches) != 3 {
			t.Errorf("parallel %v: vertices %d, batches %v", parallel, len(m.Vertices), m.VertexBatches)
		}
	}
}

// TestCreateFromRecoveredGraph: a graph recovered from a corpus snapshot,
// written again through its SnapshotModel, recovers to the same graph
// (compared by its Cypher dump), serial and parallel.
func TestCreateFromRecoveredGraph(t *testing.T) {
	root := golden.CorpusDir(t)
	recoverGraph := func(path string) *graph.Graph {
		t.Helper()
		f, err := datadir.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		g, _, err := datadir.RecoverFile(f)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return g
	}
	dump := func(g *graph.Graph) []string {
		var b bytes.Buffer
		if err := g.WriteCypher(&b); err != nil {
			t.Fatal(err)
		}
		return golden.SortedLines(b.Bytes())
	}
	for _, name := range []string{"v37/test_all", "v37/test_edges"} {
		g := recoverGraph(filepath.Join(root, name, "snapshot.bin"))
		m := g.SnapshotModel(&graph.BuildOptions{UUID: golden.ChainUUID, Epoch: golden.ChainEpoch, StartTimestamp: 40, DurableTimestamp: 37})
		src, err := NewModelSource(m)
		if err != nil {
			t.Fatal(err)
		}
		src.OnEdges = true
		for _, parallel := range []bool{false, true} {
			path, err := Create(Config{Dir: t.TempDir(), Parallel: parallel, ItemsPerBatch: 3, Now: fixedNow}, src)
			if err != nil {
				t.Fatalf("%s parallel %v: %v", name, parallel, err)
			}
			if got, want := dump(recoverGraph(path)), dump(g); !slices.Equal(got, want) {
				t.Errorf("%s parallel %v: the recovered dump differs:\n%s\nwant\n%s", name, parallel, strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		}
	}
}

// TestCreatePacesSyncs: with SyncEvery the snapshot file is fsynced as
// soon as SyncEvery bytes are written unsynced, not only at the end (the
// body, then the offsets table); a negative SyncEvery syncs at the end
// only. Both files are the same bytes.
func TestCreatePacesSyncs(t *testing.T) {
	src := chainSource(t, format.MaxVersion, golden.ChainUUID, 40000)
	run := func(every int64) (syncs, writes int, data []byte) {
		dir := t.TempDir()
		rec := &fs.Recorder{FS: fs.OS{}}
		path, err := Create(Config{Dir: dir, FS: rec, Now: fixedNow, SyncEvery: every}, src)
		if err != nil {
			t.Fatal(err)
		}
		var unsynced int64
		for _, r := range rec.Log() {
			if !strings.HasSuffix(r.Path, TempSuffix) {
				continue
			}
			switch r.Op {
			case fs.OpSync:
				syncs, unsynced = syncs+1, 0
			case fs.OpWrite:
				if every > 0 && unsynced >= every {
					t.Errorf("SyncEvery %d: a write with %d bytes unsynced", every, unsynced)
				}
				writes++
				unsynced += int64(len(r.Data))
			}
		}
		data, err = os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return syncs, writes, data
	}
	endOnly, writes, want := run(-1)
	if endOnly != 2 || writes < 4 {
		t.Fatalf("SyncEvery -1: %d syncs in %d writes, want 2 syncs (body, offsets table) in several writes", endOnly, writes)
	}
	paced, _, got := run(1)
	if paced < writes {
		t.Errorf("SyncEvery 1: %d syncs for %d writes", paced, writes)
	}
	if !bytes.Equal(got, want) {
		t.Error("paced syncing changed the file's bytes")
	}
}
