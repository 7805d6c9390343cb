package fs

import (
	"errors"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"sync"
)

// Retainer carries out deletions and renames as Memgraph's FileRetainer
// does: while a directory covering the path is locked (LOCK DATA
// DIRECTORY), a deletion is queued until the unlock, and a rename becomes a
// copy with the original queued for deletion. Unlike Memgraph, the copy and
// its directory are fsynced.
type Retainer struct {
	fs     FS
	mu     sync.Mutex
	locked map[string]bool // cleaned directory paths
	queue  []string        // deletions waiting for the unlock
}

// NewRetainer works on fsys.
func NewRetainer(fsys FS) *Retainer { return &Retainer{fs: fsys, locked: map[string]bool{}} }

// Lock locks dir; false when it was locked already.
func (r *Retainer) Lock(dir string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	dir = filepath.Clean(dir)
	if r.locked[dir] {
		return false
	}
	r.locked[dir] = true
	return true
}

// Unlock unlocks dir and carries out the deletions no lock covers any
// more, in the order they were asked for; false when dir was not locked.
// The first deletion that fails is returned, and it and the deletions
// after it stay queued (for the next unlock): deletions are asked for
// oldest WAL first, and deleting past a failure could leave an old WAL
// before a gap in the sequence numbers, which recovery refuses.
func (r *Retainer) Unlock(dir string) (bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	dir = filepath.Clean(dir)
	if !r.locked[dir] {
		return false, nil
	}
	delete(r.locked, dir)
	var first error
	var keep []string
	dirs := map[string]bool{}
	for _, p := range r.queue {
		if first != nil || r.coveredLocked(p) {
			keep = append(keep, p)
			continue
		}
		if err := r.fs.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			first = err
			keep = append(keep, p)
			continue
		}
		dirs[filepath.Dir(p)] = true
	}
	r.queue = keep
	for d := range dirs {
		if err := SyncDir(r.fs, d); err != nil && first == nil {
			first = err
		}
	}
	return true, first
}

// Locked reports whether a locked directory covers path.
func (r *Retainer) Locked(path string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.coveredLocked(path)
}

func (r *Retainer) coveredLocked(path string) bool {
	path = filepath.Clean(path)
	for d := range r.locked {
		if path == d || strings.HasPrefix(path, d+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// Pending lists the deletions waiting for an unlock.
func (r *Retainer) Pending() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.queue...)
}

// Remove deletes path, or queues it while it is locked.
func (r *Retainer) Remove(path string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.coveredLocked(path) {
		r.queue = append(r.queue, path)
		return nil
	}
	return r.fs.Remove(path)
}

// Rename renames oldpath to newpath and fsyncs the directory; while
// oldpath is locked it copies instead (skipped if newpath exists, as
// Memgraph skips it) and queues oldpath for deletion.
func (r *Retainer) Rename(oldpath, newpath string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.coveredLocked(oldpath) {
		if err := r.fs.Rename(oldpath, newpath); err != nil {
			return err
		}
		return SyncDir(r.fs, filepath.Dir(newpath))
	}
	if _, err := r.fs.Stat(newpath); err == nil {
		return &fs.PathError{Op: "copy", Path: newpath, Err: fs.ErrExist}
	}
	if err := copyFile(r.fs, oldpath, newpath); err != nil {
		return err
	}
	r.queue = append(r.queue, oldpath)
	return nil
}

// copyFile copies src to a new dst, fsyncs it and its directory.
func copyFile(fsys FS, src, dst string) error {
	in, err := fsys.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := fsys.Create(dst, 0o640, true)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, io.NewSectionReader(in, 0, 1<<62))
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return SyncDir(fsys, filepath.Dir(dst))
}
