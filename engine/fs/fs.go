package fs

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/durascope/durascope/engine/internal/mutant"
)

// File is an open file of an FS: written in order or at offsets (the
// snapshot writer back-patches), read back, synced and closed.
type File interface {
	io.Writer
	io.WriterAt
	io.ReaderAt
	io.Seeker
	Sync() error
	Close() error
	Name() string
}

// FS is what the engine asks of a file system. Paths are plain OS paths.
type FS interface {
	// Create opens name for writing, creating it with perm if missing and
	// truncating it only when truncate is set (Memgraph's WAL and snapshot
	// files are opened without O_TRUNC).
	Create(name string, perm fs.FileMode, truncate bool) (File, error)
	// Open opens name for reading.
	Open(name string) (File, error)
	Rename(oldpath, newpath string) error
	Remove(name string) error
	MkdirAll(dir string, perm fs.FileMode) error
	ReadDir(dir string) ([]fs.DirEntry, error)
	Stat(name string) (fs.FileInfo, error)
	// SyncDir makes the directory's entries (creates, renames, removes)
	// durable.
	SyncDir(dir string) error
}

// OS is the operating system's file system.
type OS struct{}

var _ FS = OS{}

func (OS) Create(name string, perm fs.FileMode, truncate bool) (File, error) {
	flag := os.O_RDWR | os.O_CREATE
	if truncate {
		flag |= os.O_TRUNC
	}
	return os.OpenFile(name, flag, perm)
}

func (OS) Open(name string) (File, error)              { return os.Open(name) }
func (OS) Rename(oldpath, newpath string) error        { return os.Rename(oldpath, newpath) }
func (OS) Remove(name string) error                    { return os.Remove(name) }
func (OS) MkdirAll(dir string, perm fs.FileMode) error { return os.MkdirAll(dir, perm) }
func (OS) ReadDir(dir string) ([]fs.DirEntry, error)   { return os.ReadDir(dir) }
func (OS) Stat(name string) (fs.FileInfo, error)       { return os.Stat(name) }

func (OS) SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// SyncDir fsyncs dir through fsys: the one place the engine makes
// directory entries durable (the test-only mutant.SkipDirFsync turns it off).
func SyncDir(fsys FS, dir string) error {
	if mutant.SkipDirFsync.Load() {
		return nil
	}
	return fsys.SyncDir(dir)
}

// CreateDurably creates the directories of path that are missing and
// fsyncs each parent whose entries changed, so a new directory survives a
// crash (Memgraph never fsyncs a directory; durascope does).
func CreateDurably(fsys FS, dir string, perm fs.FileMode) error {
	var missing []string
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if _, err := fsys.Stat(d); err == nil {
			break
		}
		missing = append(missing, d)
		if filepath.Dir(d) == d {
			break
		}
	}
	if len(missing) == 0 {
		return nil
	}
	if err := fsys.MkdirAll(dir, perm); err != nil {
		return err
	}
	for _, d := range missing {
		if err := SyncDir(fsys, filepath.Dir(d)); err != nil {
			return err
		}
	}
	return nil
}
