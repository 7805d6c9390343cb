package fs

import (
	"errors"
	"io/fs"
	"sync"
)

// Op names an operation Faulty can fail.
type Op string

// The operations Faulty counts.
const (
	OpCreate  Op = "create"
	OpWrite   Op = "write" // Write and WriteAt
	OpSync    Op = "sync"
	OpRename  Op = "rename"
	OpRemove  Op = "remove"
	OpSyncDir Op = "syncdir"
)

// ErrInjected is the error Faulty injects, inside an *fs.PathError naming
// the operation and the path, as the operating system's errors are.
var ErrInjected = errors.New("fs: injected I/O error")

// Faulty wraps an FS and fails operations of one kind: the Nth one (from 1)
// and, when Persistent, every one after it.
type Faulty struct {
	FS         FS
	Fail       Op
	N          int
	Persistent bool

	mu    sync.Mutex
	count int
}

var _ FS = (*Faulty)(nil)

// hit counts one operation of kind op on path and says whether it fails.
func (f *Faulty) hit(op Op, path string) error {
	if op != f.Fail {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.count++
	if f.count == f.N || (f.Persistent && f.count > f.N) {
		return &fs.PathError{Op: string(op), Path: path, Err: ErrInjected}
	}
	return nil
}

func (f *Faulty) Create(name string, perm fs.FileMode, truncate bool) (File, error) {
	if err := f.hit(OpCreate, name); err != nil {
		return nil, err
	}
	file, err := f.FS.Create(name, perm, truncate)
	if err != nil {
		return nil, err
	}
	return &faultyFile{File: file, f: f}, nil
}

func (f *Faulty) Open(name string) (File, error) { return f.FS.Open(name) }

func (f *Faulty) Rename(oldpath, newpath string) error {
	if err := f.hit(OpRename, oldpath); err != nil {
		return err
	}
	return f.FS.Rename(oldpath, newpath)
}

func (f *Faulty) Remove(name string) error {
	if err := f.hit(OpRemove, name); err != nil {
		return err
	}
	return f.FS.Remove(name)
}

func (f *Faulty) MkdirAll(dir string, perm fs.FileMode) error { return f.FS.MkdirAll(dir, perm) }
func (f *Faulty) ReadDir(dir string) ([]fs.DirEntry, error)   { return f.FS.ReadDir(dir) }
func (f *Faulty) Stat(name string) (fs.FileInfo, error)       { return f.FS.Stat(name) }

func (f *Faulty) SyncDir(dir string) error {
	if err := f.hit(OpSyncDir, dir); err != nil {
		return err
	}
	return f.FS.SyncDir(dir)
}

type faultyFile struct {
	File
	f *Faulty
}

func (ff *faultyFile) Write(p []byte) (int, error) {
	if err := ff.f.hit(OpWrite, ff.Name()); err != nil {
		return 0, err
	}
	return ff.File.Write(p)
}

func (ff *faultyFile) WriteAt(p []byte, off int64) (int, error) {
	if err := ff.f.hit(OpWrite, ff.Name()); err != nil {
		return 0, err
	}
	return ff.File.WriteAt(p, off)
}

func (ff *faultyFile) Sync() error {
	if err := ff.f.hit(OpSync, ff.Name()); err != nil {
		return err
	}
	return ff.File.Sync()
}
