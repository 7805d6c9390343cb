package engine

import (
	"errors"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/durascope/durascope/engine/snapshot"
	"github.com/durascope/durascope/format"
)

// Snapshot refusals, as InMemoryStorage::CreateSnapshot returns them.
var (
	ErrSnapshotRunning = errors.New("a snapshot is already being created")
	ErrNothingNew      = errors.New("nothing new to write: the last snapshot holds the same commits")
)

// snapshotter creates the engine's snapshots, one at a time.
type snapshotter struct {
	e       *Engine
	running atomic.Bool
	mu      sync.Mutex // guards last and the retention that follows a create
	last    *digest    // of the last snapshot this process wrote
	cfg     snapshot.Config

	errMu   sync.Mutex
	lastErr error // of the last failed periodic snapshot
}

func (s *snapshotter) setErr(err error) {
	s.errMu.Lock()
	s.lastErr = err
	s.errMu.Unlock()
}

// SnapshotErr is the error of the last periodic snapshot that failed (nil
// if none did): Memgraph logs it and tries again next period.
func (e *Engine) SnapshotErr() error {
	e.snapshots.errMu.Lock()
	defer e.snapshots.errMu.Unlock()
	return e.snapshots.lastErr
}

// digest is Memgraph's SnapshotDigest: what makes a snapshot "the same".
type digest struct {
	epoch, uuid string
	history     []format.EpochEntry
	ldt         uint64
}

func (d *digest) equal(o *digest) bool {
	return o != nil && d.epoch == o.epoch && d.uuid == o.uuid && d.ldt == o.ldt && slices.Equal(d.history, o.history)
}

func (s *snapshotter) init(e *Engine) {
	s.e = e
	cfg := e.cfg
	root := cfg.DataDirectory
	s.cfg = snapshot.Config{
		Dir: filepath.Join(root, snapshotsDir), Version: cfg.FormatVersion, ItemsPerBatch: cfg.ItemsPerBatch,
		// Formats without batch tables predate parallel creation.
		Parallel: cfg.ParallelSnapshot && format.FeaturesOf(cfg.FormatVersion).Has(format.FeatSnapshotBatches),
		Threads:  cfg.SnapshotThreads, Now: cfg.Now, FS: e.fsys, Retainer: e.retainer,
		Retention: cfg.SnapshotRetentionCount, WALDir: filepath.Join(root, walDir), UUID: e.uuid,
		SyncEvery: cfg.SnapshotSyncEvery,
	}
}

// create writes a snapshot of the store as of a new read view, then
// applies retention and WAL clean-up. Unless forced (CREATE SNAPSHOT), a
// snapshot with the same digest as this process's last one is skipped.
func (s *snapshotter) create(force bool) (string, error) { return s.createAs(force, false) }

// createAs is create; atExit marks the exit snapshot, taken after TTL was
// shut down (StopAllBackgroundTasks), so it records TTL as not running.
func (s *snapshotter) createAs(force, atExit bool) (string, error) {
	if !s.running.CompareAndSwap(false, true) {
		return "", ErrSnapshotRunning
	}
	defer s.running.Store(false)
	e := s.e
	if err := e.store.Stopped(); err != nil {
		return "", err
	}
	view, err := e.store.View()
	if err != nil {
		return "", err
	}
	defer view.Close()
	d := &digest{epoch: e.epoch, uuid: e.uuid, history: slices.Clone(e.history), ldt: view.DurableTimestamp()}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !force && d.equal(s.last) {
		return "", ErrNothingNew
	}
	src := &viewSource{Source: view, d: d, atExit: atExit,
		namedByStart: !format.FeaturesOf(s.cfg.Version).Has(format.FeatDurableTimestamp), start: view.StartTimestamp()}
	path, err := snapshot.Create(s.cfg, src)
	if err != nil {
		return "", err
	}
	s.last = d
	if _, err := snapshot.Retain(s.cfg, path); err != nil {
		return path, err
	}
	return path, nil
}

// viewSource is a storage view with the storage identity the engine owns.
type viewSource struct {
	snapshot.Source
	d      *digest
	atExit bool
	// Formats without a durable timestamp in the metadata are named after
	// the snapshot's start timestamp, as Memgraph named them then.
	namedByStart bool
	start        uint64
}

func (v *viewSource) DurableTimestamp() uint64 {
	if v.namedByStart {
		return v.start
	}
	return v.Source.DurableTimestamp()
}

func (v *viewSource) Rest() (*format.Snapshot, error) {
	m, err := v.Source.Rest()
	if err != nil {
		return nil, err
	}
	m.Metadata.UUID, m.Metadata.Epoch = v.d.uuid, v.d.epoch
	m.EpochHistory = v.d.history
	if v.atExit && m.TTL != nil {
		ttl := *m.TTL
		ttl.Running = false
		m.TTL = &ttl
	}
	return m, nil
}

// CreateSnapshot is CREATE SNAPSHOT: a snapshot even when nothing changed.
func (e *Engine) CreateSnapshot() (string, error) { return e.snapshots.create(true) }

// startScheduler runs periodic snapshots every SnapshotIntervalSec, the
// first one period after start; missed periods collapse into one run.
func (e *Engine) startScheduler() {
	if e.cfg.SnapshotIntervalSec == 0 {
		return
	}
	e.stopScheduler, e.schedulerDone = make(chan struct{}), make(chan struct{})
	period := time.Duration(e.cfg.SnapshotIntervalSec) * time.Second
	go func() {
		defer close(e.schedulerDone)
		t := time.NewTicker(period)
		defer t.Stop()
		for {
			select {
			case <-e.stopScheduler:
				return
			case <-t.C:
				// A failed periodic snapshot is logged by Memgraph and retried
				// next period; the error is kept for SnapshotErr.
				if _, err := e.snapshots.create(false); err != nil && !errors.Is(err, ErrNothingNew) && !errors.Is(err, ErrSnapshotRunning) {
					e.snapshots.setErr(err)
				}
			}
		}
	}()
}

func (e *Engine) stopSchedulerAndWait() {
	if e.stopScheduler == nil {
		return
	}
	close(e.stopScheduler)
	<-e.schedulerDone
}
