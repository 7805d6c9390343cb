package fs

import (
	"io"
	"io/fs"
	"path/filepath"
	"sync"
)

// Recorder wraps an FS and logs every operation that changes what a crash
// could leave on disk: creates, writes (with their bytes and offsets),
// file syncs, renames, removes, directory creation and directory syncs.
// Crash tests replay prefixes of the log (see Disk) to build the states a
// crash at each point could leave.
type Recorder struct {
	FS FS

	mu      sync.Mutex
	log     []Record
	handles int
}

// Record is one logged operation.
type Record struct {
	Op      Op
	Path    string // cleaned; the source of a rename
	NewPath string // the target of a rename
	Off     int64  // of a write
	Data    []byte // of a write
	Trunc   bool   // a create that truncates
	Mkdir   bool   // OpCreate of a directory (MkdirAll, one record per directory)
	Handle  int    // the open file of a file create, write or sync (from 1)
	Err     bool   // the operation failed (it changed nothing)
}

var _ FS = (*Recorder)(nil)

// Log returns a copy of the records so far.
func (r *Recorder) Log() []Record {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Record(nil), r.log...)
}

func (r *Recorder) add(rec Record, err error) {
	rec.Err = err != nil
	rec.Path = filepath.Clean(rec.Path)
	if rec.NewPath != "" {
		rec.NewPath = filepath.Clean(rec.NewPath)
	}
	r.mu.Lock()
	r.log = append(r.log, rec)
	r.mu.Unlock()
}

func (r *Recorder) Create(name string, perm fs.FileMode, truncate bool) (File, error) {
	f, err := r.FS.Create(name, perm, truncate)
	r.mu.Lock()
	r.handles++
	h := r.handles
	r.mu.Unlock()
	r.add(Record{Op: OpCreate, Path: name, Trunc: truncate, Handle: h}, err)
	if err != nil {
		return nil, err
	}
	return &recordedFile{File: f, r: r, path: filepath.Clean(name), handle: h}, nil
}

func (r *Recorder) Open(name string) (File, error) { return r.FS.Open(name) }

func (r *Recorder) Rename(oldpath, newpath string) error {
	err := r.FS.Rename(oldpath, newpath)
	r.add(Record{Op: OpRename, Path: oldpath, NewPath: newpath}, err)
	return err
}

func (r *Recorder) Remove(name string) error {
	err := r.FS.Remove(name)
	r.add(Record{Op: OpRemove, Path: name}, err)
	return err
}

// MkdirAll logs one record per directory it creates, parents first.
func (r *Recorder) MkdirAll(dir string, perm fs.FileMode) error {
	var missing []string
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if _, err := r.FS.Stat(d); err == nil || d == filepath.Dir(d) {
			break
		}
		missing = append(missing, d)
	}
	err := r.FS.MkdirAll(dir, perm)
	for i := len(missing) - 1; i >= 0; i-- {
		r.add(Record{Op: OpCreate, Path: missing[i], Mkdir: true}, err)
	}
	return err
}

func (r *Recorder) ReadDir(dir string) ([]fs.DirEntry, error) { return r.FS.ReadDir(dir) }
func (r *Recorder) Stat(name string) (fs.FileInfo, error)     { return r.FS.Stat(name) }

func (r *Recorder) SyncDir(dir string) error {
	err := r.FS.SyncDir(dir)
	r.add(Record{Op: OpSyncDir, Path: dir}, err)
	return err
}

// recordedFile logs the writes and syncs of one open file; writes carry
// absolute offsets, so a sequential Write is logged where it landed.
type recordedFile struct {
	File
	r      *Recorder
	path   string
	handle int

	mu  sync.Mutex
	pos int64
}

func (f *recordedFile) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n, err := f.File.Write(p)
	if n > 0 {
		f.r.add(Record{Op: OpWrite, Path: f.path, Handle: f.handle, Off: f.pos, Data: append([]byte(nil), p[:n]...)}, nil)
	}
	f.pos += int64(n)
	return n, err
}

func (f *recordedFile) WriteAt(p []byte, off int64) (int, error) {
	n, err := f.File.WriteAt(p, off)
	if n > 0 {
		f.r.add(Record{Op: OpWrite, Path: f.path, Handle: f.handle, Off: off, Data: append([]byte(nil), p[:n]...)}, nil)
	}
	return n, err
}

func (f *recordedFile) Seek(offset int64, whence int) (int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	pos, err := f.File.Seek(offset, whence)
	if err == nil {
		f.pos = pos
	}
	return pos, err
}

func (f *recordedFile) Sync() error {
	err := f.File.Sync()
	f.r.add(Record{Op: OpSync, Path: f.path, Handle: f.handle}, err)
	return err
}

var _ io.WriterAt = (*recordedFile)(nil)
