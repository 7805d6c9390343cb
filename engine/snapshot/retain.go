package snapshot

import (
	"cmp"
	"errors"
	"fmt"
	"path/filepath"
	"slices"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/engine/fs"
)

// Retention is what Retain did.
type Retention struct {
	// Snapshots lists the files of snapshots/ deleted, oldest rank first:
	// older snapshots beyond the retention count, and before them any file
	// ranked 0 (another uuid, unreadable, not a snapshot).
	Snapshots []string
	// Kept lists the older snapshots kept, oldest first.
	Kept []string
	// WALCleanup says whether WAL clean-up ran: only when exactly
	// Retention-1 older snapshots remain and the WAL directory exists.
	WALCleanup bool
	// Oldest is the durable timestamp WAL clean-up kept the WALs for (the
	// oldest kept snapshot's rank, or the new snapshot's durable timestamp
	// when none is kept).
	Oldest uint64
	// WALs lists the WAL files deleted: another uuid's, in name order,
	// then those before the one WAL starting at or before Oldest.
	WALs []string
	// Unreadable lists WAL files kept because Memgraph cannot read their
	// info (it keeps them, with a warning).
	Unreadable []string
	// Deferred lists the deletions above only queued: a directory locked
	// with LOCK DATA DIRECTORY holds them until Unlock.
	Deferred []string
}

// ranked is a file of snapshots/ or wal/ with what orders it.
type ranked struct {
	path          string
	ts            uint64 // snapshots: durable timestamp, 0 for another uuid or unreadable
	seq, from, to uint64 // WALs
}

// Retain applies Memgraph's retention after newPath was created
// (memgraph-engine.md §3.7): EnsureRetentionCountSnapshotsExist, then,
// only when exactly Retention-1 older snapshots remain and cfg.WALDir
// exists, EnsureNecessaryWalFilesExist. Every deletion goes through
// cfg.Retainer (deferred while locked); each directory a file was deleted
// from is fsynced afterwards (beyond Memgraph). A failed deletion does not
// stop the others; the errors are returned together with the report.
// Directories are listed through cfg.FS; file headers are read by
// engine/datadir's info reads, which open files directly.
func Retain(cfg Config, newPath string) (*Retention, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	newFile := datadir.ScanFiles([]string{newPath})
	if len(newFile.Snapshots) != 1 || !newFile.Snapshots[0].Usable() {
		return nil, &FileError{Op: "read", Path: newPath, Err: errors.New("not a readable snapshot")}
	}
	created := newFile.Snapshots[0]
	uuid := cfg.UUID
	if uuid == "" {
		uuid = created.UUID
	}
	r := &retainer{cfg: cfg, out: &Retention{}, dirty: map[string]bool{}}

	old, err := r.list(cfg.Dir, newPath)
	if err != nil {
		return nil, err
	}
	var snaps []ranked
	for _, f := range old {
		rank := ranked{path: f.Path}
		if f.Kind == datadir.KindSnapshot && f.Usable() && f.UUID == uuid {
			rank.ts = f.DurableTimestamp
		}
		snaps = append(snaps, rank)
	}
	slices.SortFunc(snaps, func(a, b ranked) int {
		return cmp.Or(cmp.Compare(a.ts, b.ts), cmp.Compare(a.path, b.path))
	})
	if len(snaps) >= cfg.Retention {
		n := len(snaps) - (cfg.Retention - 1)
		for _, s := range snaps[:n] {
			r.remove(s.path, &r.out.Snapshots)
		}
		snaps = snaps[n:]
	}
	for _, s := range snaps {
		r.out.Kept = append(r.out.Kept, s.path)
	}

	if len(snaps) == cfg.Retention-1 && cfg.WALDir != "" {
		if st, err := cfg.FS.Stat(cfg.WALDir); err == nil && st.IsDir() {
			r.out.WALCleanup = true
			r.out.Oldest = created.DurableTimestamp
			if len(snaps) > 0 {
				r.out.Oldest = snaps[0].ts
			}
			if err := r.cleanWALs(uuid); err != nil {
				r.errs = append(r.errs, err)
			}
		}
	}
	r.syncDirs()
	return r.out, errors.Join(r.errs...)
}

type retainer struct {
	cfg   Config
	out   *Retention
	errs  []error
	dirty map[string]bool // directories something was deleted from, to fsync
}

// list reads the info of every regular file of dir but the file skip
// ("": none), as Memgraph's info reads get it, in name order.
func (r *retainer) list(dir, skip string) ([]*datadir.DurableFile, error) {
	entries, err := r.cfg.FS.ReadDir(dir)
	if err != nil {
		return nil, &FileError{Op: "list", Path: dir, Err: err}
	}
	if skip != "" {
		skip = absPath(skip)
	}
	var paths []string
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		// Symbolic links are followed, as std::filesystem's is_regular_file does.
		st, err := r.cfg.FS.Stat(p)
		if err != nil || !st.Mode().IsRegular() {
			continue
		}
		if skip != "" && absPath(p) == skip {
			continue
		}
		paths = append(paths, p)
	}
	slices.Sort(paths)
	t := datadir.ScanFiles(paths)
	files := slices.Concat(t.Snapshots, t.WALs, t.Unknown)
	slices.SortFunc(files, func(a, b *datadir.DurableFile) int { return cmp.Compare(a.Path, b.Path) })
	return files, nil
}

// cleanWALs is EnsureNecessaryWalFilesExist: WALs of another uuid are
// deleted, unreadable ones kept; the rest, by (seq, from, to, path), are
// deleted up to the last one starting at or before Oldest, which is kept.
func (r *retainer) cleanWALs(uuid string) error {
	files, err := r.list(r.cfg.WALDir, "")
	if err != nil {
		return err
	}
	var wals []ranked
	for _, f := range files {
		switch {
		case f.Kind != datadir.KindWAL || !f.Usable():
			r.out.Unreadable = append(r.out.Unreadable, f.Path)
		case f.UUID != uuid:
			r.remove(f.Path, &r.out.WALs)
		default:
			wals = append(wals, ranked{path: f.Path, seq: f.SeqNum, from: f.FromTimestamp, to: f.ToTimestamp})
		}
	}
	slices.SortFunc(wals, func(a, b ranked) int {
		return cmp.Or(cmp.Compare(a.seq, b.seq), cmp.Compare(a.from, b.from), cmp.Compare(a.to, b.to), cmp.Compare(a.path, b.path))
	})
	keep := 0
	for i, w := range wals {
		if w.from > r.out.Oldest {
			break
		}
		keep = i
	}
	// Oldest first, stopping at the first failure: what is left is always
	// a run of consecutive sequence numbers. Deleting past a failure would
	// leave an old WAL before a gap, and recovery refuses a gap ("You are
	// missing a WAL file with the sequence number N!") even in WALs the
	// snapshot covers (found by engine/crashtest; Memgraph goes on).
	for _, w := range wals[:keep] {
		if !r.remove(w.path, &r.out.WALs) {
			break
		}
	}
	return nil
}

// remove deletes path through the Retainer and notes it in list; false
// when the deletion failed.
func (r *retainer) remove(path string, list *[]string) bool {
	deferred := r.cfg.Retainer.Locked(path)
	if err := r.cfg.Retainer.Remove(path); err != nil {
		r.errs = append(r.errs, &FileError{Op: "remove", Path: path, Err: err})
		return false
	}
	*list = append(*list, path)
	if deferred {
		r.out.Deferred = append(r.out.Deferred, path)
		return true
	}
	r.dirty[filepath.Dir(path)] = true
	return true
}

// syncDirs fsyncs the directories files were deleted from, in name order.
func (r *retainer) syncDirs() {
	dirs := make([]string, 0, len(r.dirty))
	for d := range r.dirty {
		dirs = append(dirs, d)
	}
	slices.Sort(dirs)
	for _, d := range dirs {
		if err := fs.SyncDir(r.cfg.FS, d); err != nil {
			r.errs = append(r.errs, &FileError{Op: "syncdir", Path: d, Err: fmt.Errorf("after deletions: %w", err)})
		}
	}
}

// absPath makes paths comparable however cfg.Dir and newPath were given.
func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}
