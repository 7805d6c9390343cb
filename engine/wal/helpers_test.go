package wal_test

import (
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/engine/fs"
	"github.com/durascope/durascope/format"
)

// clock returns a wall clock that moves one second per reading, so file
// names are distinct and predictable.
func clock() func() time.Time {
	var mu sync.Mutex
	t := time.Date(2026, 8, 21, 12, 0, 0, 123456000, time.UTC)
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		t = t.Add(time.Second)
		return t
	}
}

// fixedClock never moves.
func fixedClock() time.Time { return time.Date(2026, 8, 21, 12, 0, 0, 0, time.UTC) }

// createTxn creates vertex gid with a label and a property of pad bytes.
func createTxn(ts, gid uint64, pad int) format.Txn {
	t := format.Txn{Timestamp: ts, Commit: true, Access: format.AccessWrite}
	t.Add(
		format.Frame{Marker: format.DeltaVertexCreate, Delta: format.VertexDelta{Gid: gid}},
		format.Frame{Marker: format.DeltaVertexAddLabel, Delta: format.LabelDelta{Gid: gid, Label: "Person"}},
		format.Frame{Marker: format.DeltaVertexSetProperty, Delta: format.VertexPropertyDelta{Gid: gid, Property: "name",
			Value: format.String(strings.Repeat("x", pad))}},
	)
	return t
}

// indexTxn creates a label index: a metadata-only transaction.
func indexTxn(ts uint64, label string) format.Txn {
	t := format.Txn{Timestamp: ts, Commit: true, Access: format.AccessReadOnly}
	t.Add(format.Frame{Marker: format.DeltaLabelIndexCreate, Delta: format.LabelOnlyDelta{Label: label}})
	return t
}

// openWAL decodes path's header.
func openWAL(t *testing.T, path string) (*decode.WAL, *os.File) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	w, err := decode.OpenWAL(f, st.Size(), path)
	if err != nil {
		f.Close()
		t.Fatal(err)
	}
	return w, f
}

// readTxns decodes every frame of a WAL and groups them into transactions
// as Memgraph committed them (format.Txn), checking CRCs on the way.
func readTxns(t *testing.T, w *decode.WAL) []format.Txn {
	t.Helper()
	f := w.Features
	var (
		out  []format.Txn
		cur  *format.Txn
		open bool
	)
	for {
		fr, err := w.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", w.Path(), err)
		}
		if !open {
			// Before MetadataTxnEnd each metadata delta is a transaction of
			// its own: ones sharing a timestamp were one commit.
			if cur == nil || cur.Timestamp != fr.Timestamp {
				out = append(out, format.Txn{Timestamp: fr.Timestamp, Commit: true})
				cur = &out[len(out)-1]
			}
			open = true
		}
		switch d := fr.Delta.(type) {
		case format.TxnStart:
			cur.Commit = d.Commit
			if f.Has(format.FeatTxnAccessType) {
				cur.Access = d.AccessType
			}
		case format.TxnEnd:
		default:
			cur.Add(fr)
		}
		if w.ClosedTransaction() {
			open = false
		}
	}
	if open {
		t.Fatalf("%s ends inside a transaction", w.Path())
	}
	return out
}

// event is one file-system operation countingFS saw.
type event struct {
	Op   string // create, fsync, fsyncdir, rename, remove
	Name string // base name (both for a rename: "old>new")
	Size int64  // fsync: bytes written to the file when it began
}

func (e event) String() string {
	if e.Op == "fsync" {
		return fmt.Sprintf("%s %s@%d", e.Op, e.Name, e.Size)
	}
	return e.Op + " " + e.Name
}

// countingFS records creates, fsyncs, directory fsyncs, renames and
// removals, and for each file how far its fsyncs reached. Sync can be slowed
// down to make concurrent commits pile up.
type countingFS struct {
	fs.FS
	SyncDelay time.Duration

	mu      sync.Mutex
	events  []event
	written map[string]int64 // path -> end of the furthest write
	synced  map[string]int64 // path -> bytes covered by a completed fsync
	syncs   map[string]int   // path -> completed fsyncs
}

func newCountingFS(inner fs.FS) *countingFS {
	return &countingFS{FS: inner, written: map[string]int64{}, synced: map[string]int64{}, syncs: map[string]int{}}
}

func (c *countingFS) log(e event) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.events = append(c.events, e)
}

// Events returns what happened so far.
func (c *countingFS) Events() []event {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]event(nil), c.events...)
}

// Synced is how many bytes of path completed fsyncs cover.
func (c *countingFS) Synced(path string) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.synced[path]
}

// Syncs is how many fsyncs of path completed.
func (c *countingFS) Syncs(path string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.syncs[path]
}

func (c *countingFS) Create(name string, perm iofs.FileMode, truncate bool) (fs.File, error) {
	f, err := c.FS.Create(name, perm, truncate)
	if err != nil {
		return nil, err
	}
	c.log(event{Op: "create", Name: filepath.Base(name)})
	return &countingFile{File: f, c: c, path: name}, nil
}

func (c *countingFS) Rename(oldpath, newpath string) error {
	if err := c.FS.Rename(oldpath, newpath); err != nil {
		return err
	}
	c.log(event{Op: "rename", Name: filepath.Base(oldpath) + ">" + filepath.Base(newpath)})
	return nil
}

func (c *countingFS) Remove(name string) error {
	if err := c.FS.Remove(name); err != nil {
		return err
	}
	c.log(event{Op: "remove", Name: filepath.Base(name)})
	return nil
}

func (c *countingFS) SyncDir(dir string) error {
	if err := c.FS.SyncDir(dir); err != nil {
		return err
	}
	c.log(event{Op: "fsyncdir", Name: filepath.Base(dir)})
	return nil
}

type countingFile struct {
	fs.File
	c    *countingFS
	path string
}

func (f *countingFile) wrote(end int64) {
	f.c.mu.Lock()
	defer f.c.mu.Unlock()
	f.c.written[f.path] = max(f.c.written[f.path], end)
}

func (f *countingFile) Write(p []byte) (int, error) {
	pos, err := f.File.Seek(0, io.SeekCurrent)
	if err != nil {
		return 0, err
	}
	n, err := f.File.Write(p)
	f.wrote(pos + int64(n))
	return n, err
}

func (f *countingFile) WriteAt(p []byte, off int64) (int, error) {
	n, err := f.File.WriteAt(p, off)
	f.wrote(off + int64(n))
	return n, err
}

func (f *countingFile) Sync() error {
	f.c.mu.Lock()
	size := f.c.written[f.path]
	f.c.mu.Unlock()
	if f.c.SyncDelay > 0 {
		time.Sleep(f.c.SyncDelay)
	}
	if err := f.File.Sync(); err != nil {
		return err
	}
	f.c.mu.Lock()
	f.c.synced[f.path] = max(f.c.synced[f.path], size)
	f.c.syncs[f.path]++
	f.c.events = append(f.c.events, event{Op: "fsync", Name: filepath.Base(f.path), Size: size})
	f.c.mu.Unlock()
	return nil
}

// listDir lists the names in dir.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}
