package csvimport

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/durascope/durascope/engine/datadir"
	efs "github.com/durascope/durascope/engine/fs"
	"github.com/durascope/durascope/engine/snapshot"
	"github.com/durascope/durascope/format"
)

// Memgraph's directories in a data directory (durability/paths.hpp).
const (
	snapshotsDir = "snapshots"
	walDir       = "wal"
	backupDir    = ".backup"
	// workPrefix names the directory an import works in inside the data
	// directory; Memgraph ignores it, and the import removes it.
	workPrefix = ".durascope-import-"
	dirMode    = 0o750
)

// Report is what an import wrote.
type Report struct {
	// Snapshot is the path of the snapshot written.
	Snapshot         string         `json:"snapshot"`
	Version          format.Version `json:"format_version"`
	Size             int64          `json:"size"`
	UUID             string         `json:"uuid"`
	Epoch            string         `json:"epoch"`
	StartTimestamp   uint64         `json:"start_timestamp"`
	DurableTimestamp uint64         `json:"durable_timestamp"`
	Stats
	// BackedUp lists the entries of snapshots/ and wal/ moved to .backup/
	// (Force).
	BackedUp []string `json:"backed_up,omitempty"`
	// Elapsed is the whole import; the phases split it: reading the node
	// files, the relationship files, writing the snapshot (and installing
	// it).
	Elapsed      time.Duration `json:"elapsed_ns"`
	NodesTime    time.Duration `json:"nodes_ns"`
	EdgesTime    time.Duration `json:"relationships_ns"`
	SnapshotTime time.Duration `json:"snapshot_ns"`
}

// Import reads the CSV files of o and writes one snapshot of them into
// o.DataDirectory/snapshots, with Memgraph's name for it, a fresh storage
// uuid and epoch. It holds the data directory's lock while it runs (so it
// fails while Memgraph runs on it), refuses a directory that holds
// durability files unless o.Force, and on any failure leaves no snapshot
// and removes its temporary files. Errors are *OptionError, *InputError
// (bad input: file, line, column), a wrapped datadir.ErrLocked or
// ErrExistingFiles, or the I/O error that stopped it.
func Import(o Options) (*Report, error) {
	started := time.Now()
	if err := o.validate(); err != nil {
		return nil, err
	}
	dir := o.DataDirectory
	if err := efs.CreateDurably(o.FS, dir, dirMode); err != nil {
		return nil, fmt.Errorf("data directory %s: %w", dir, err)
	}
	lock, err := datadir.TakeLock(dir)
	if err != nil {
		return nil, err
	}
	defer lock.Release()
	existing, err := durabilityEntries(o.FS, dir)
	if err != nil {
		return nil, err
	}
	if len(existing) > 0 && !o.Force {
		what := fmt.Sprintf("%d entries", len(existing))
		if len(existing) == 1 {
			what = "1 entry"
		}
		return nil, fmt.Errorf("%s: %w (%s in snapshots/ and wal/, such as %s); --force moves them to %s as Memgraph does",
			dir, ErrExistingFiles, what, existing[0], filepath.Join(dir, backupDir))
	}
	total := inputSize(o)

	work, err := makeWorkDir(o.FS, dir)
	if err != nil {
		return nil, err
	}
	defer removeDir(o.FS, work)
	spillDir := work
	if o.TempDir != "" {
		if spillDir, err = makeWorkDir(o.FS, o.TempDir); err != nil {
			return nil, err
		}
		defer removeDir(o.FS, spillDir)
	}

	l := &loader{o: &o, conv: converter{ignoreEmpty: o.IgnoreEmptyStrings, arrayDelim: []byte(o.ArrayDelimiter)},
		names: newNames(), ids: newIDMap(), spaces: map[string]uint64{}, total: total,
		adj: newAdjSorter(o.FS, spillDir, o.SortBuffer)}
	defer l.close()
	if l.vertices, err = createSpill(o.FS, spillDir, "vertices"); err != nil {
		return nil, err
	}
	if o.PropertiesOnEdges {
		if l.edges, err = createSpill(o.FS, spillDir, "edges"); err != nil {
			return nil, err
		}
	}
	loadStart := time.Now()
	if err := l.loadAll(); err != nil {
		return nil, err
	}
	snapStart := time.Now()
	for _, s := range []*spill{l.vertices, l.edges} {
		if s != nil {
			if err := s.finish(); err != nil {
				return nil, err
			}
		}
	}
	if err := l.adj.finish(); err != nil {
		return nil, err
	}
	l.stats.Bytes = l.read
	l.stats.NodeIDs = l.ids.Len()
	l.stats.IDMapBytes = l.ids.Bytes()
	l.ids.free() // not needed to write the snapshot
	l.ids = nil
	l.stats.SpillBytes = l.vertices.size + l.adj.spilledBytes()
	if l.edges != nil {
		l.stats.SpillBytes += l.edges.size
	}
	l.stats.Labels = l.names.count(usedLabel)
	l.stats.RelationshipTypes = l.names.count(usedType)
	l.stats.PropertyNames = l.names.count(usedProperty)

	src := &source{version: o.Version, onEdges: o.PropertiesOnEdges, vertices: l.vertices, edges: l.edges,
		adj: l.adj, names: l.names, meta: l.metadata(o.Version)}
	if o.Progress != nil {
		size := l.vertices.size
		src.progress = func(done int64) {
			o.Progress(Progress{Phase: PhaseSnapshot, Rows: l.stats.Rows, Done: done, Total: size})
		}
		src.progress(0)
	}
	staged, err := snapshot.Create(snapshot.Config{Dir: work, Version: o.Version, ItemsPerBatch: o.ItemsPerBatch, FS: o.FS, Now: o.Now,
		Parallel: o.parallel && format.FeaturesOf(o.Version).Has(format.FeatSnapshotBatches)}, src)
	if err != nil {
		return nil, err
	}
	rep := &Report{Version: o.Version, UUID: src.meta.UUID, Epoch: src.meta.Epoch,
		StartTimestamp: src.meta.StartTimestamp, DurableTimestamp: src.meta.DurableTimestamp, Stats: l.stats}
	if st, err := o.FS.Stat(staged); err == nil {
		rep.Size = st.Size()
	}
	if rep.BackedUp, err = install(o.FS, dir, staged, existing); err != nil {
		return nil, err
	}
	rep.Snapshot = filepath.Join(dir, snapshotsDir, filepath.Base(staged))
	rep.Elapsed = time.Since(started)
	rep.NodesTime = l.edgesStart.Sub(loadStart)
	if l.edgesStart.IsZero() {
		rep.NodesTime = snapStart.Sub(loadStart)
	} else {
		rep.EdgesTime = snapStart.Sub(l.edgesStart)
	}
	rep.SnapshotTime = time.Since(snapStart)
	return rep, nil
}

// metadata is the snapshot's: a fresh uuid and epoch, and the timestamps
// Memgraph's exit snapshot would have had after the old tool's
// transactions (its start timestamp the next one, its durable timestamp the
// last commit's).
func (l *loader) metadata(v format.Version) format.SnapshotMetadata {
	md := format.SnapshotMetadata{UUID: newUUID(), Epoch: newUUID(), StartTimestamp: l.timestamp,
		DurableTimestamp: l.timestamp}
	f := format.FeaturesOf(v)
	if f.Has(format.FeatDurableTimestamp) && l.committed > 0 {
		md.DurableTimestamp = l.lastCommit
	}
	if f.Has(format.FeatNumCommittedTxns) {
		md.NumCommittedTxns = l.committed
	}
	return md
}

// durabilityEntries lists what Memgraph would move aside when it starts
// without recovery: every entry of snapshots/ and wal/.
func durabilityEntries(fsys efs.FS, dir string) ([]string, error) {
	var out []string
	for _, sub := range []string{snapshotsDir, walDir} {
		entries, err := fsys.ReadDir(filepath.Join(dir, sub))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			out = append(out, filepath.Join(sub, e.Name()))
		}
	}
	return out, nil
}

// install moves the existing durability entries to .backup/ (renames, as
// Memgraph's: a same-named entry there is replaced) and the new snapshot
// into snapshots/, fsyncing each directory it changed. When it fails it
// moves the entries back (best effort), so that the directory keeps what
// it had.
func install(fsys efs.FS, dir, staged string, existing []string) ([]string, error) {
	moved, err := installSteps(fsys, dir, staged, existing)
	if err != nil {
		for _, e := range moved {
			_ = fsys.Rename(filepath.Join(dir, backupDir, e), filepath.Join(dir, e))
		}
		return nil, err
	}
	return moved, nil
}

func installSteps(fsys efs.FS, dir, staged string, existing []string) ([]string, error) {
	synced := map[string]bool{}
	sync := func(d string) error {
		if synced[d] {
			return nil
		}
		synced[d] = true
		return fsys.SyncDir(d)
	}
	var moved []string
	for _, e := range existing {
		to := filepath.Join(dir, backupDir, e)
		if err := efs.CreateDurably(fsys, filepath.Dir(to), dirMode); err != nil {
			return moved, err
		}
		if err := fsys.Rename(filepath.Join(dir, e), to); err != nil {
			return moved, err
		}
		moved = append(moved, e)
	}
	for _, e := range existing {
		if err := sync(filepath.Dir(filepath.Join(dir, e))); err != nil {
			return moved, err
		}
		if err := sync(filepath.Dir(filepath.Join(dir, backupDir, e))); err != nil {
			return moved, err
		}
	}
	snaps := filepath.Join(dir, snapshotsDir)
	for _, d := range []string{snaps, filepath.Join(dir, walDir)} {
		if err := efs.CreateDurably(fsys, d, dirMode); err != nil {
			return moved, err
		}
	}
	final := filepath.Join(snaps, filepath.Base(staged))
	if err := fsys.Rename(staged, final); err != nil {
		return moved, err
	}
	synced[snaps] = false
	if err := sync(snaps); err != nil {
		return moved, err
	}
	return moved, sync(filepath.Dir(staged))
}

// makeWorkDir creates a fresh directory for temporary files under parent.
func makeWorkDir(fsys efs.FS, parent string) (string, error) {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	d := filepath.Join(parent, workPrefix+hex.EncodeToString(b[:]))
	if err := fsys.MkdirAll(d, 0o700); err != nil {
		return "", fmt.Errorf("temporary directory: %w", err)
	}
	return d, nil
}

// removeDir deletes a work directory and its files (best effort).
func removeDir(fsys efs.FS, d string) {
	entries, _ := fsys.ReadDir(d)
	for _, e := range entries {
		_ = fsys.Remove(filepath.Join(d, e.Name()))
	}
	_ = fsys.Remove(d)
}

// inputSize is the size of every input file, for progress (0 for what is
// not a regular file).
func inputSize(o Options) int64 {
	var n int64
	add := func(files []string) {
		for _, f := range files {
			if st, err := os.Stat(f); err == nil && st.Mode().IsRegular() {
				n += st.Size()
			}
		}
	}
	for _, f := range o.Nodes {
		add(f.Files)
	}
	for _, f := range o.Relationships {
		add(f.Files)
	}
	return n
}

// newUUID is a random (version 4) UUID, Memgraph's form for storage uuids
// and epochs.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on Linux (Go 1.24+: it panics instead)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// close closes the temporary files (their directory is removed after) and
// frees the memory held outside the heap.
func (l *loader) close() {
	for _, s := range []*spill{l.vertices, l.edges} {
		if s != nil {
			s.f.Close()
		}
	}
	l.adj.remove()
	if l.ids != nil {
		l.ids.free()
	}
}
