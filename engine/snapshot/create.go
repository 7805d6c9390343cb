package snapshot

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"slices"
	"time"

	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/engine/fs"
	"github.com/durascope/durascope/engine/internal/mutant"
	"github.com/durascope/durascope/format"
)

// Defaults, Memgraph's flag defaults.
const (
	DefaultItemsPerBatch = encode.DefaultBatchSize // --storage-items-per-batch
	DefaultRetention     = 3                       // --storage-snapshot-retention-count
	minDefaultThreads    = 8                       // --storage-snapshot-thread-count: max(hardware, 8)
	// DefaultSyncEvery is how many bytes a snapshot file takes between
	// fsyncs while it is written.
	DefaultSyncEvery = 8 << 20
)

// TempSuffix ends the name a snapshot is written under before it is
// renamed to its final name (durascope only; see the package doc).
const TempSuffix = ".tmp"

// File modes Memgraph creates snapshot and part files with (before umask),
// and the mode of a snapshots/ directory durascope creates.
const (
	fileMode = 0o640
	dirMode  = 0o750
)

// Config configures Create and Retain. The zero value of each field is its
// default.
type Config struct {
	Dir           string         // the snapshots/ directory
	Version       format.Version // format to write; 0: format.MaxVersion
	ItemsPerBatch int            // records per batch; 0: DefaultItemsPerBatch
	Parallel      bool           // --storage-parallel-snapshot-creation
	Threads       int            // workers of the parallel path; 0: max(CPUs, 8)
	// Now is the wall clock the file name takes (read once, when creation
	// starts); nil: time.Now.
	Now func() time.Time
	FS  fs.FS // nil: fs.OS{}
	// Retainer carries out Retain's deletions, deferred while LOCK DATA
	// DIRECTORY holds; nil: deletions through FS, never deferred. Create's
	// own removals of partial and part files bypass it, as Memgraph's do.
	Retainer  *fs.Retainer
	Retention int    // snapshots kept, the new one included; 0: DefaultRetention
	WALDir    string // the wal/ directory Retain cleans; "": no WAL clean-up
	// UUID is the storage uuid: Retain ranks snapshots of another uuid as 0
	// and deletes WALs of another uuid. "": the new snapshot's uuid.
	UUID string
	// SyncEvery paces the writing: the file (and each part file) is
	// fsynced every SyncEvery bytes, so the disk takes the snapshot in
	// steps rather than in one long final fsync that the WAL's commit
	// fsyncs would queue behind (beyond Memgraph, as RocksDB's
	// bytes_per_sync). 0: DefaultSyncEvery; negative: only at the end.
	SyncEvery int64
}

func (c Config) withDefaults() (Config, error) {
	if c.Dir == "" {
		return c, &ConfigError{Field: "Dir", Reason: "no snapshots directory"}
	}
	if c.Version == 0 {
		c.Version = format.MaxVersion
	}
	if !c.Version.Supported() {
		return c, &ConfigError{Field: "Version", Reason: (&format.UnsupportedVersionError{Version: c.Version}).Error()}
	}
	switch {
	case c.ItemsPerBatch == 0:
		c.ItemsPerBatch = DefaultItemsPerBatch
	case c.ItemsPerBatch < 0:
		return c, &ConfigError{Field: "ItemsPerBatch", Reason: fmt.Sprintf("%d: must be at least 1", c.ItemsPerBatch)}
	}
	switch {
	case c.Threads == 0:
		c.Threads = max(runtime.NumCPU(), minDefaultThreads)
	case c.Threads < 0:
		return c, &ConfigError{Field: "Threads", Reason: fmt.Sprintf("%d: must be at least 1", c.Threads)}
	}
	switch {
	case c.Retention == 0:
		c.Retention = DefaultRetention
	case c.Retention < 0:
		return c, &ConfigError{Field: "Retention", Reason: fmt.Sprintf("%d: must be at least 1", c.Retention)}
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.SyncEvery == 0 {
		c.SyncEvery = DefaultSyncEvery
	}
	if c.FS == nil {
		c.FS = fs.OS{}
	}
	if c.Retainer == nil {
		c.Retainer = fs.NewRetainer(c.FS)
	}
	return c, nil
}

// Create writes a snapshot of src into cfg.Dir and returns its path:
// <YYYYmmddHHMMSSffffff>_timestamp_<durable ts>, named with the wall clock
// read when creation starts. It does not apply retention (Retain does).
// On failure it removes what it wrote (directly, not through the
// Retainer, as Memgraph removes a failed snapshot) and returns the error.
func Create(cfg Config, src Source) (string, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return "", err
	}
	if cfg.Parallel && !format.FeaturesOf(cfg.Version).Has(format.FeatSnapshotBatches) {
		return "", ErrParallelNeedsBatches
	}
	started := cfg.Now()
	final := filepath.Join(cfg.Dir, datadir.SnapshotName(started, src.DurableTimestamp()))
	c := &creation{cfg: cfg, src: src, final: final, tmp: final + TempSuffix}
	if mutant.SnapshotInPlace.Load() {
		c.tmp = final
	}
	if err := fs.CreateDurably(cfg.FS, cfg.Dir, dirMode); err != nil {
		return "", &FileError{Op: "mkdir", Path: cfg.Dir, Err: err}
	}
	if err := c.run(); err != nil {
		c.cleanup()
		return "", err
	}
	return final, nil
}

// creation is one Create call.
type creation struct {
	cfg        Config
	src        Source
	final, tmp string
	file       fs.File // the temporary file while open
	renamed    bool
	parts      []string // part files that may exist
}

func (c *creation) run() error {
	f, err := c.cfg.FS.Create(c.tmp, fileMode, true)
	if err != nil {
		return &FileError{Op: "create", Path: c.tmp, Err: err}
	}
	c.file = f
	out := &headerDeferred{w: c.paced(f), path: c.tmp}
	sw, err := encode.NewSnapshotWriter(out, c.cfg.Version, &encode.SnapshotOptions{
		BatchSize: c.cfg.ItemsPerBatch, OmitEdgeSection: !c.src.PropertiesOnEdges()})
	if err != nil {
		return err
	}
	rw := newRecordWriter(sw, c.src.PropertiesOnEdges())
	if c.cfg.Parallel {
		err = c.parallel(rw)
	} else {
		err = c.serial(rw)
	}
	if err != nil {
		return err
	}
	rest, err := c.src.Rest()
	if err != nil {
		return err
	}
	if rest, err = c.complete(rest, rw); err != nil {
		return err
	}
	if err := sw.Finish(rest); err != nil {
		return err
	}
	return c.commit(out)
}

// serial is Memgraph's single-threaded path: every edge, then every
// vertex, batches cut every ItemsPerBatch records by the writer.
func (c *creation) serial(rw *recordWriter) error {
	if c.src.PropertiesOnEdges() {
		if err := c.src.Edges(0, NoUpperBound, rw.edge); err != nil {
			return err
		}
	}
	return c.src.Vertices(0, NoUpperBound, rw.vertex)
}

// complete checks what the source gives for the trailing sections against
// what was written, and fills in the record counts as Memgraph does (the
// numbers of records written; no edge records without properties on edges).
func (c *creation) complete(rest *format.Snapshot, rw *recordWriter) (*format.Snapshot, error) {
	if rest == nil {
		return nil, &SourceError{What: "metadata", Reason: "Rest returned no sections"}
	}
	if rest.Version != c.cfg.Version {
		return nil, &SourceError{What: "metadata", Reason: fmt.Sprintf("sections of format %d for a snapshot of format %d", rest.Version, c.cfg.Version)}
	}
	md := rest.Metadata
	if format.FeaturesOf(c.cfg.Version).Has(format.FeatDurableTimestamp) && md.DurableTimestamp != c.src.DurableTimestamp() {
		return nil, &SourceError{What: "metadata", Reason: fmt.Sprintf("durable timestamp %d, but the source named the file after %d", md.DurableTimestamp, c.src.DurableTimestamp())}
	}
	named := make(map[uint64]bool, len(rest.Mapper))
	for _, e := range rest.Mapper {
		named[e.ID] = true
	}
	var missing []uint64
	for id := range rw.ids {
		if !named[id] {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return nil, &SourceError{What: "mapper", Reason: fmt.Sprintf("ids %v are used by records but have no mapper entry: the snapshot could not be recovered", missing)}
	}
	out := *rest
	out.Metadata.EdgeCount, out.Metadata.VertexCount = rw.counts[KindEdge], rw.counts[KindVertex]
	return &out, nil
}

// commit makes the file durable and gives it its final name: the body
// (offsets table still zero) is fsynced, then the table is written and
// fsynced, so no state of the file on disk has a readable table pointing at
// data that is not durable; then the rename and the directory fsync.
func (c *creation) commit(out *headerDeferred) error {
	if out.header == nil {
		return errors.New("snapshot: internal error: the writer never wrote the offsets table")
	}
	if !mutant.SnapshotSingleFsync.Load() {
		if err := c.file.Sync(); err != nil {
			return &FileError{Op: "sync", Path: c.tmp, Err: err}
		}
	}
	if _, err := c.file.WriteAt(out.header, 0); err != nil {
		return &FileError{Op: "write", Path: c.tmp, Err: err}
	}
	if err := c.file.Sync(); err != nil {
		return &FileError{Op: "sync", Path: c.tmp, Err: err}
	}
	err := c.file.Close()
	c.file = nil
	if err != nil {
		return &FileError{Op: "close", Path: c.tmp, Err: err}
	}
	// Our own new file: a plain rename even while the directory is locked
	// (Memgraph creates snapshots in place under LOCK DATA DIRECTORY).
	if c.tmp != c.final {
		if err := c.cfg.FS.Rename(c.tmp, c.final); err != nil {
			return &FileError{Op: "rename", Path: c.tmp, Err: err}
		}
		c.renamed = true
	}
	if err := fs.SyncDir(c.cfg.FS, c.cfg.Dir); err != nil {
		return &FileError{Op: "syncdir", Path: c.cfg.Dir, Err: err}
	}
	return nil
}

// cleanup removes what a failed creation left: the temporary file, the
// final file when the failure came after the rename, part files.
func (c *creation) cleanup() {
	if c.file != nil {
		c.file.Close()
		c.file = nil
	}
	// Best effort: the error Create returns is the failure that led here.
	remove := func(p string) { _ = c.cfg.FS.Remove(p) }
	remove(c.tmp)
	if c.renamed {
		remove(c.final)
	}
	for _, p := range c.parts {
		remove(p)
	}
}

// headerDeferred passes the sequential writes of a SnapshotWriter to the
// file and keeps the back-patched offsets table (its one WriteAt, at 0)
// for commit. It must not be an io.Seeker: the writer would seek instead.
type headerDeferred struct {
	w      io.Writer // the file, through pacedSync
	path   string
	header []byte
}

func (h *headerDeferred) Write(p []byte) (int, error) {
	n, err := h.w.Write(p)
	if err != nil {
		return n, &FileError{Op: "write", Path: h.path, Err: err}
	}
	return n, nil
}

// pacedSync writes to f and fsyncs it every `every` bytes (Config.SyncEvery).
type pacedSync struct {
	f               fs.File
	every, unsynced int64
}

// paced returns f's writer for c's pacing; a sync error is returned as the
// error of the write that triggered it.
func (c *creation) paced(f fs.File) io.Writer {
	if c.cfg.SyncEvery < 0 {
		return f
	}
	return &pacedSync{f: f, every: c.cfg.SyncEvery}
}

func (p *pacedSync) Write(b []byte) (int, error) {
	n, err := p.f.Write(b)
	if err != nil {
		return n, err
	}
	if p.unsynced += int64(n); p.unsynced >= p.every {
		p.unsynced = 0
		if err := p.f.Sync(); err != nil {
			return n, err
		}
	}
	return n, nil
}

func (h *headerDeferred) WriteAt(p []byte, off int64) (int, error) {
	if off != 0 {
		return 0, fmt.Errorf("snapshot: internal error: back-patch at %d, only the offsets table at 0 is expected", off)
	}
	h.header = slices.Clone(p)
	return len(p), nil
}

// recordWriter passes records to the file's SnapshotWriter, checking their
// order, counting them and collecting the mapper ids they use.
type recordWriter struct {
	sw      *encode.SnapshotWriter
	onEdges bool
	counts  [2]uint64
	last    [2]uint64
	ids     recordIDs
}

func newRecordWriter(sw *encode.SnapshotWriter, onEdges bool) *recordWriter {
	return &recordWriter{sw: sw, onEdges: onEdges, ids: recordIDs{}}
}

func (w *recordWriter) order(k Kind, gid uint64) error {
	if w.counts[k] > 0 && gid <= w.last[k] {
		return &SourceError{What: k.String() + " records", Reason: fmt.Sprintf("gid %d does not follow gid %d: records must come in strictly ascending gid order", gid, w.last[k])}
	}
	w.last[k] = gid
	return nil
}

func (w *recordWriter) edge(r format.EdgeRecord) error {
	if !w.onEdges {
		return &SourceError{What: "edge records", Reason: "an edge record without properties on edges (no edge section)"}
	}
	if err := w.order(KindEdge, r.Gid); err != nil {
		return err
	}
	if err := w.sw.WriteEdge(r); err != nil {
		return err
	}
	w.ids.edge(&r)
	w.counts[KindEdge]++
	return nil
}

func (w *recordWriter) vertex(r format.VertexRecord) error {
	if err := w.order(KindVertex, r.Gid); err != nil {
		return err
	}
	if err := w.sw.WriteVertex(r); err != nil {
		return err
	}
	w.ids.vertex(&r)
	w.counts[KindVertex]++
	return nil
}
