package engine

import (
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/engine/fs"
)

// Directory names under the data directory, as Memgraph lays it out.
const (
	snapshotsDir = "snapshots"
	walDir       = "wal"
	backupDir    = ".backup"
)

// lockDataDir takes dir/.lock as Memgraph's main() does: retrying every
// 250 ms until timeout (0: one try), then refusing with the holder named.
func lockDataDir(dir string, timeout time.Duration, now func() time.Time) (*datadir.Lock, error) {
	deadline := now().Add(timeout)
	for {
		l, err := datadir.TakeLock(dir)
		if err == nil {
			return l, nil
		}
		if !errors.Is(err, datadir.ErrLocked) || !now().Before(deadline) {
			return nil, fmt.Errorf("another process is working on the data directory: %w", err)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// prepareDirs creates snapshots/ and wal/ durably; without recovery at
// start it first moves every entry of them into .backup/ as Memgraph does
// (a plain rename that replaces same-named files), so the engine starts
// empty without destroying anything.
func prepareDirs(fsys fs.FS, root string, recover bool) error {
	for _, sub := range []string{snapshotsDir, walDir} {
		dir := filepath.Join(root, sub)
		if !recover {
			if err := moveToBackup(fsys, root, sub); err != nil {
				return err
			}
		}
		if err := fs.CreateDurably(fsys, dir, 0o750); err != nil {
			return fmt.Errorf("creating %s: %w", dir, err)
		}
	}
	return nil
}

func moveToBackup(fsys fs.FS, root, sub string) error {
	dir := filepath.Join(root, sub)
	entries, err := fsys.ReadDir(dir)
	if err != nil || len(entries) == 0 {
		return nil // nothing to move (a missing directory is created next)
	}
	dst := filepath.Join(root, backupDir, sub)
	if err := fs.CreateDurably(fsys, dst, 0o750); err != nil {
		return fmt.Errorf("creating %s: %w", dst, err)
	}
	for _, e := range entries {
		if err := fsys.Rename(filepath.Join(dir, e.Name()), filepath.Join(dst, e.Name())); err != nil {
			return fmt.Errorf("moving %s aside: %w", e.Name(), err)
		}
	}
	if err := fsys.SyncDir(dst); err != nil {
		return err
	}
	return fsys.SyncDir(dir)
}
