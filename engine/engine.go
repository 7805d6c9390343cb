package engine

import (
	"crypto/rand"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/engine/fs"
	"github.com/durascope/durascope/engine/storage"
	"github.com/durascope/durascope/engine/wal"
	"github.com/durascope/durascope/format"
)

// Engine is one running database on a data directory: the store, its WAL
// writer, the snapshot scheduler and the data directory's locks. It is
// safe for concurrent use.
type Engine struct {
	cfg      Config
	fsys     fs.FS
	lock     *datadir.Lock
	retainer *fs.Retainer
	store    *storage.Storage
	wal      *wal.Writer // nil without --storage-wal-enabled

	uuid, epoch string
	history     []format.EpochEntry
	recovery    *datadir.Recovery // nil when recovery was off

	snapshots snapshotter

	stopScheduler chan struct{}
	schedulerDone chan struct{}
	closeOnce     sync.Once
	closeErr      error
}

// Open starts an engine on cfg.DataDirectory as Memgraph's start-up does:
// it takes the .lock (waiting up to LockTimeout), creates snapshots/ and
// wal/, recovers from them (or, with RecoveryOnStartup off, moves their
// files to .backup/), and starts the periodic snapshot scheduler. Trigger
// restoration's accessor takes one timestamp, as in Memgraph.
func Open(cfg Config) (*Engine, error) {
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.FS == nil {
		cfg.FS = fs.OS{}
	}
	e := &Engine{cfg: cfg, fsys: cfg.FS, retainer: fs.NewRetainer(cfg.FS)}
	root := cfg.DataDirectory
	if err := cfg.FS.MkdirAll(root, 0o750); err != nil {
		return nil, fmt.Errorf("creating the data directory: %w", err)
	}
	lock, err := lockDataDir(root, cfg.LockTimeout, cfg.Now)
	if err != nil {
		return nil, err
	}
	e.lock = lock
	if err := e.start(); err != nil {
		lock.Release()
		return nil, err
	}
	return e, nil
}

func (e *Engine) start() error {
	cfg, root := e.cfg, e.cfg.DataDirectory
	if err := prepareDirs(e.fsys, root, cfg.RecoveryOnStartup); err != nil {
		return err
	}
	scfg := storage.Config{
		Version:                      cfg.FormatVersion,
		PropertiesOnEdges:            cfg.PropertiesOnEdges,
		SkipIdenticalPropertyUpdates: !cfg.DeltaOnIdenticalUpdate,
		TextSearch:                   cfg.TextSearch(),
	}
	var seq uint64
	e.uuid, e.epoch = cfg.UUID, cfg.Epoch
	var recovered *datadir.Recovery
	if cfg.RecoveryOnStartup {
		rec, err := recoverDir(root, min(cfg.RecoveryThreads, runtime.GOMAXPROCS(0)))
		if err != nil {
			return err
		}
		if rec.Graph != nil {
			recovered = rec
			e.uuid, e.epoch, e.history, seq = rec.UUID, rec.Epoch, rec.Resume.EpochHistory, rec.NextWALSeqNum
		}
		e.recovery = rec
	}
	if e.uuid == "" {
		e.uuid = newUUID()
	}
	if e.epoch == "" {
		e.epoch = newUUID()
	}
	if cfg.WALEnabled {
		e.wal = wal.Open(wal.Config{
			Dir: filepath.Join(root, walDir), Version: cfg.FormatVersion,
			FileSizeKiB: cfg.WALFileSizeKiB, FlushEveryNTx: cfg.WALFlushEveryNTx,
			UUID: e.uuid, Epoch: e.epoch, SeqNum: seq, Now: cfg.Now, FS: e.fsys, Retainer: e.retainer,
		})
		scfg.Log = e.wal
	}
	var err error
	if recovered != nil {
		var dts uint64
		if recovered.DurableTimestamp != nil {
			dts = *recovered.DurableTimestamp
		}
		e.store, err = storage.FromGraph(recovered.Graph, scfg, storage.Recovered{
			NextTimestamp:        recovered.Resume.NextTimestamp,
			LastDurableTimestamp: dts,
			NumCommittedTxns:     recovered.Resume.NumCommittedTxns,
			NextVertexGid:        recovered.Resume.NextVertexGid,
			NextEdgeGid:          recovered.Resume.NextEdgeGid,
		})
		// The store holds the data now: the graph goes, or the engine
		// would keep two copies of it.
		recovered.Graph = nil
	} else {
		e.store, err = storage.New(scfg)
	}
	if err != nil {
		return err
	}
	// DbmsHandler::RestoreTriggers opens an accessor at start-up.
	if err := e.consumeTimestamps(1); err != nil {
		return err
	}
	e.snapshots.init(e)
	e.startScheduler()
	return nil
}

// recoverDir runs the recovery durascope plan predicts, loading a
// snapshot on up to threads goroutines (more than the CPUs only wait); a
// recovery that stops is fatal, as Memgraph's LOG_FATAL is.
func recoverDir(root string, threads int) (*datadir.Recovery, error) {
	d, err := datadir.ScanDataDir(root)
	if err != nil {
		return nil, fmt.Errorf("recovery: %w", err)
	}
	rec, err := d.RecoverWith("", datadir.RecoverOptions{Threads: threads})
	if err != nil {
		return nil, fmt.Errorf("recovery: %w", err)
	}
	if len(rec.Unreadable) > 0 {
		return nil, fmt.Errorf("recovery: %s: %s", rec.Unreadable[0].Path, rec.Unreadable[0].Problem)
	}
	if tl := rec.TooLarge; tl != nil { // durascope's limit, not a recovery Memgraph refuses
		return nil, fmt.Errorf("recovery: %w", tl.Err)
	}
	if rec.Stop != nil {
		return nil, &RecoveryError{Stop: rec.Stop}
	}
	return rec, nil
}

// RecoveryError is a recovery Memgraph would refuse to finish.
type RecoveryError struct{ Stop *datadir.Stop }

func (e *RecoveryError) Error() string {
	msg := "recovery failed: " + e.Stop.Context + e.Stop.Message
	if e.Stop.Detail != "" {
		msg += " (" + e.Stop.Detail + ")"
	}
	return msg
}

// consumeTimestamps opens and aborts n accessors: what Memgraph's
// background accessors (trigger restoration, and the two unaccounted
// ones before the exit snapshot) do to the clock.
func (e *Engine) consumeTimestamps(n int) error {
	for range n {
		t, err := e.store.Begin(storage.AccessWrite)
		if err != nil {
			return err
		}
		t.Abort()
	}
	return nil
}

// Storage is the engine's store: begin transactions on it.
func (e *Engine) Storage() *storage.Storage { return e.store }

// UUID is the storage uuid the engine writes; Epoch its current epoch.
func (e *Engine) UUID() string  { return e.uuid }
func (e *Engine) Epoch() string { return e.epoch }

// DataDirectory is the directory the engine runs on.
func (e *Engine) DataDirectory() string { return e.cfg.DataDirectory }

// Recovery is what start-up recovered (nil when recovery was off); its
// Graph is nil, handed over to the store.
func (e *Engine) Recovery() *datadir.Recovery { return e.recovery }

// WAL is the WAL writer (nil without --storage-wal-enabled).
func (e *Engine) WAL() *wal.Writer { return e.wal }

// LockDataDirectory is LOCK DATA DIRECTORY: deletions are deferred and
// renames become copies until UnlockDataDirectory. already reports that
// it was locked before.
func (e *Engine) LockDataDirectory() (already bool, err error) {
	return !e.retainer.Lock(e.cfg.DataDirectory), nil
}

// UnlockDataDirectory is UNLOCK DATA DIRECTORY: the deferred deletions are
// carried out (and made durable).
func (e *Engine) UnlockDataDirectory() (already bool, err error) {
	done, err := e.retainer.Unlock(e.cfg.DataDirectory)
	return !done, err
}

// DataDirectoryLocked is DATA DIRECTORY LOCK STATUS.
func (e *Engine) DataDirectoryLocked() bool { return e.retainer.Locked(e.cfg.DataDirectory) }

// Close shuts down as Memgraph's ~InMemoryStorage does: the scheduler is
// stopped (a running periodic snapshot finishes), the WAL is finalized,
// and with --storage-snapshot-on-exit an exit snapshot is written. The
// .lock is released last. Close is idempotent.
func (e *Engine) Close() error {
	e.closeOnce.Do(func() {
		e.stopSchedulerAndWait()
		var errs []error
		if e.wal != nil {
			if err := e.wal.Close(); err != nil {
				errs = append(errs, err)
			}
		}
		if e.cfg.SnapshotOnExit && e.store.Stopped() == nil && len(errs) == 0 {
			if err := e.consumeTimestamps(e.exitTimestamps()); err != nil {
				errs = append(errs, err)
			} else if _, err := e.snapshots.createAs(false, true); err != nil && !errors.Is(err, ErrNothingNew) {
				errs = append(errs, err)
			}
		}
		if err := e.lock.Release(); err != nil {
			errs = append(errs, err)
		}
		e.closeErr = errors.Join(errs...)
	})
	return e.closeErr
}

// exitExtraTimestamps marks the builds that take two more timestamps
// between the WAL's finalization and the exit snapshot: every recording
// of format 36 and 37 starts its exit snapshot at ldt + 3, every one of
// 23..35 at ldt + 1 (the releases that added transaction CRCs; where in
// Memgraph the two are taken is not identified).
const exitExtraTimestamps = format.FeatCRC

func (e *Engine) exitTimestamps() int {
	if format.FeaturesOf(e.cfg.FormatVersion).Has(exitExtraTimestamps) {
		return 2
	}
	return 0
}

// TTLEnabled runs what enabling TTL starts in the background in builds
// with TTL in their files: the label+property index :TTL(ttl) it scans
// by, created by the async indexer in a READ_ONLY transaction of its own
// when missing, and one more accessor after it (the recordings of formats
// 30..37 show both: v37 test_all's index at ts 142, its last commits
// shifted by one). Here it runs at once, so the WAL order is the
// recording's when nothing else runs meanwhile; TTL expiry itself is not
// run by the engine.
func (e *Engine) TTLEnabled() error {
	st := e.store
	if !st.Features().Has(format.FeatTTL) {
		return nil // older builds created the index in the statement itself (see ttl)
	}
	tx, err := st.Begin(storage.AccessReadOnly)
	if err != nil {
		return err
	}
	var se *storage.SchemaError
	switch err := tx.CreateLabelPropertiesIndex("TTL", [][]string{{"ttl"}}, false); {
	case errors.As(err, &se):
		tx.Abort() // it exists already
	case err != nil:
		tx.Abort()
		return err
	default:
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	after, err := st.Begin(storage.AccessRead)
	if err != nil {
		return err
	}
	after.Abort()
	return nil
}

// newUUID is a random (version 4) UUID in Memgraph's 36-character form.
func newUUID() string {
	var b [16]byte
	rand.Read(b[:]) // documented never to fail
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
