package wal

import (
	"errors"
	"fmt"
	"io"
	iofs "io/fs"
	"path/filepath"
	"sync"
	"time"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/engine/fs"
	"github.com/durascope/durascope/engine/internal/mutant"
	"github.com/durascope/durascope/format"
)

// Memgraph's defaults for --storage-wal-file-size-kib and
// --storage-wal-file-flush-every-n-tx.
const (
	DefaultFileSizeKiB   = 20480
	DefaultFlushEveryNTx = 100000
)

// File and directory modes: Memgraph opens WAL files 0640 and creates
// directories with create_directories (0777); the umask applies to both.
const (
	fileMode = 0o640
	dirMode  = 0o777
)

// Config is what a Writer writes and where.
type Config struct {
	Dir     string // the wal/ directory
	Version format.Version
	// FileSizeKiB is --storage-wal-file-size-kib: a file is finalized once
	// its size / 1024 reaches it. 0 means DefaultFileSizeKiB.
	FileSizeKiB uint64
	// FlushEveryNTx is --storage-wal-file-flush-every-n-tx: every N-th
	// commit is fsynced; 1 makes every commit durable before it is
	// acknowledged (group commit). 0 means DefaultFlushEveryNTx.
	FlushEveryNTx uint64
	UUID, Epoch   string
	SeqNum        uint64           // the next file's sequence number (recovery's last + 1)
	Now           func() time.Time // wall clock for names; nil means time.Now
	FS            fs.FS            // nil means fs.OS{}
	Retainer      *fs.Retainer     // renames go through it; nil means a Retainer of its own on FS
}

// Writer writes a database's WAL files, one open file at a time. Append
// and Close are serialized by the Writer; the durable functions Append
// returns may run concurrently with them and with each other.
type Writer struct {
	cfg Config

	appendMu sync.Mutex // serializes Append and Close
	leader   sync.Mutex // one group-commit fsync at a time

	mu       sync.Mutex // guards everything below
	syncDone *sync.Cond // on mu: a group-commit fsync ended
	cur      *walFile
	seq      uint64
	unsynced uint64 // commits since the last fsync (FlushEveryNTx > 1)
	last     uint64
	appended bool
	files    []string
	err      *IOError // the first I/O error; the Writer is stopped
	closed   bool
}

// walFile is the open WAL file.
type walFile struct {
	file    fs.File
	path    string
	index   int              // in Writer.files
	header  format.WALHeader // as written
	written int64            // bytes handed to the OS
	synced  int64            // bytes known to be fsynced
	totals  format.WALTotals // complete transactions
	syncing int              // group-commit fsyncs in flight
}

// Open returns a Writer for cfg. It creates nothing: the first Append
// creates the first file.
func Open(cfg Config) *Writer {
	if cfg.FileSizeKiB == 0 {
		cfg.FileSizeKiB = DefaultFileSizeKiB
	}
	if cfg.FlushEveryNTx == 0 {
		cfg.FlushEveryNTx = DefaultFlushEveryNTx
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.FS == nil {
		cfg.FS = fs.OS{}
	}
	if cfg.Retainer == nil {
		cfg.Retainer = fs.NewRetainer(cfg.FS)
	}
	w := &Writer{cfg: cfg, seq: cfg.SeqNum}
	w.syncDone = sync.NewCond(&w.mu)
	return w
}

func durableNow() error { return nil }

// Append writes t to the open file, creating one if none is open, then
// applies Memgraph's per-commit policy: the N-th commit is fsynced, and a
// file that reached the size limit is finalized and renamed. When Append
// returns, t's bytes are in the OS. The caller must run durable (outside
// its own lock, if it likes) and get nil before acknowledging the commit;
// durable is nil when err is not.
//
// A transaction without deltas writes nothing, as in Memgraph. A
// transaction the version cannot represent is refused (encode's
// *encode.ModelError) with nothing written, as is one whose timestamp is
// not above the last (*OrderError); the Writer stays usable. An I/O error
// stops the Writer: later calls return a *StoppedError.
func (w *Writer) Append(t format.Txn) (durable func() error, err error) {
	w.appendMu.Lock()
	defer w.appendMu.Unlock()
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.usable(); err != nil {
		return nil, err
	}
	if len(t.Metadata)+len(t.Data) == 0 {
		return durableNow, nil
	}
	if w.appended && t.Timestamp <= w.last {
		return nil, &OrderError{Timestamp: t.Timestamp, Last: w.last}
	}
	// Memgraph creates the file before it encodes the transaction.
	if w.cur == nil {
		if err := w.create(); err != nil {
			return nil, err
		}
	}
	f := w.cur
	b, totals, err := txnBytes(f.header, t)
	if err != nil {
		return nil, fmt.Errorf("wal: transaction at commit timestamp %d: %w", t.Timestamp, err)
	}
	if err := w.write(f, b); err != nil {
		return nil, err
	}
	addTotals(&f.totals, totals)
	w.last, w.appended = t.Timestamp, true

	durable = durableNow
	switch {
	case w.cfg.FlushEveryNTx == 1 && mutant.NoGroupCommit.Load():
		if err := w.sync(f); err != nil {
			return nil, err
		}
	case w.cfg.FlushEveryNTx == 1 && mutant.AckBeforeFsync.Load():
		// The mutant: acknowledged with the bytes only in the OS.
	case w.cfg.FlushEveryNTx == 1:
		end := f.written
		durable = func() error { return w.waitDurable(f, end) }
	default:
		w.unsynced++
		if w.unsynced >= w.cfg.FlushEveryNTx {
			if err := w.sync(f); err != nil {
				return nil, err
			}
			w.unsynced = 0
		}
	}
	if uint64(f.written)/1024 >= w.cfg.FileSizeKiB {
		w.cur, w.unsynced = nil, 0
		if err := w.finalize(f); err != nil {
			return nil, err
		}
	}
	return durable, nil
}

// Close finalizes and renames the open file, or deletes it when it holds
// no complete transaction. A stopped Writer only closes the file, which
// keeps its _current name, and returns its *StoppedError.
func (w *Writer) Close() error {
	w.appendMu.Lock()
	defer w.appendMu.Unlock()
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil
	}
	w.closed = true
	f := w.cur
	w.cur = nil
	if w.err != nil {
		if f != nil {
			w.waitSyncs(f)
			_ = f.file.Close() // the Writer has failed already
		}
		return &StoppedError{First: w.err}
	}
	if f == nil {
		return nil
	}
	if f.totals.Transactions == 0 {
		return w.deleteEmpty(f)
	}
	return w.finalize(f)
}

// CurrentPath is the open file's path, "" when none is open.
func (w *Writer) CurrentPath() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.cur == nil {
		return ""
	}
	return w.cur.path
}

// CurrentSize is the number of bytes written to the open file (0 when
// none is open): right after an Append, where its transaction ends.
func (w *Writer) CurrentSize() int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.cur == nil {
		return 0
	}
	return w.cur.written
}

// NextSeqNum is the sequence number the next created file gets.
func (w *Writer) NextSeqNum() uint64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.seq
}

// Files lists the files this Writer created and did not delete, oldest
// first, by their present names (finalized files by their final names).
func (w *Writer) Files() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.files...)
}

// LastTimestamp is the commit timestamp of the last appended transaction;
// ok is false before the first.
func (w *Writer) LastTimestamp() (ts uint64, ok bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.last, w.appended
}

// Err is the first I/O error, nil while the Writer works.
func (w *Writer) Err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err == nil {
		return nil
	}
	return w.err
}

func (w *Writer) usable() error {
	if w.err != nil {
		return &StoppedError{First: w.err}
	}
	if w.closed {
		return ErrClosed
	}
	return nil
}

// fail records the first I/O error, which stops the Writer, and returns
// the error of this operation.
func (w *Writer) fail(op, path string, err error) error {
	e := &IOError{Op: op, Path: path, Err: err}
	if w.err == nil {
		w.err = e
	}
	return e
}

// create creates the next file: the directory durably, a free _current
// name, the header, fsync, then the directory's fsync.
func (w *Writer) create() error {
	hb, h, err := headerBytes(format.WALHeader{Version: w.cfg.Version, UUID: w.cfg.UUID, Epoch: w.cfg.Epoch, SeqNum: w.seq}, nil)
	if err != nil {
		return fmt.Errorf("wal: header of sequence number %d: %w", w.seq, err)
	}
	dir := w.cfg.Dir
	if err := fs.CreateDurably(w.cfg.FS, dir, dirMode); err != nil {
		return w.fail("create directory", dir, err)
	}
	path, err := w.freeName()
	if err != nil {
		return err
	}
	file, err := w.cfg.FS.Create(path, fileMode, false)
	if err != nil {
		return w.fail("create", path, err)
	}
	f := &walFile{file: file, path: path, index: len(w.files), header: h}
	w.files = append(w.files, path)
	w.cur = f
	w.seq++
	if err := w.write(f, hb); err != nil {
		return err
	}
	if err := w.sync(f); err != nil {
		return err
	}
	if err := fs.SyncDir(w.cfg.FS, dir); err != nil {
		return w.fail("fsync directory", dir, err)
	}
	return nil
}

// maxNameTries bounds the search for a free _current name.
const maxNameTries = 1000

// freeName is the _current name of the wall clock, moved on by a
// microsecond while the name exists.
func (w *Writer) freeName() (string, error) {
	t := w.cfg.Now()
	for range maxNameTries {
		path := filepath.Join(w.cfg.Dir, datadir.CurrentWALName(t))
		_, err := w.cfg.FS.Stat(path)
		if errors.Is(err, iofs.ErrNotExist) {
			return path, nil
		}
		if err != nil {
			return "", w.fail("stat", path, err)
		}
		t = t.Add(time.Microsecond)
	}
	return "", w.fail("create", filepath.Join(w.cfg.Dir, datadir.CurrentWALName(t)),
		fmt.Errorf("no free file name in %d microseconds from %s", maxNameTries, datadir.FormatTime(w.cfg.Now())))
}

// write hands b to the OS at the end of f.
func (w *Writer) write(f *walFile, b []byte) error {
	n, err := f.file.Write(b)
	f.written += int64(n)
	if err == nil && n < len(b) {
		err = io.ErrShortWrite
	}
	if err != nil {
		return w.fail("write", f.path, err)
	}
	return nil
}

// sync fsyncs f under mu (creation, the N-th commit, finalization).
func (w *Writer) sync(f *walFile) error {
	if err := f.file.Sync(); err != nil {
		return w.fail("fsync", f.path, err)
	}
	f.synced = f.written
	return nil
}

// waitSyncs waits, under mu, until no group-commit fsync of f is in
// flight, so f can be closed.
func (w *Writer) waitSyncs(f *walFile) {
	for f.syncing > 0 {
		w.syncDone.Wait()
	}
}

// finalize writes the summary (from v37), fsyncs and closes f, and
// renames it to its finalized name through the Retainer. f is closed
// whatever happens.
func (w *Writer) finalize(f *walFile) error {
	w.waitSyncs(f)
	closed := false
	defer func() {
		if !closed {
			_ = f.file.Close() // the Writer has failed already
		}
	}()
	if format.FeaturesOf(f.header.Version).Has(format.FeatWALSummary) {
		// The transactions are made durable before the summary that
		// promises them: a summary on disk over a torn tail makes the file
		// a damaged finalized WAL, which recovery refuses (Memgraph writes
		// the summary over unsynced data unless flush-every-n-tx is 1).
		if f.synced < f.written {
			if err := w.sync(f); err != nil {
				return err
			}
		}
		sum := f.totals.Summary()
		hb, _, err := headerBytes(f.header, &sum)
		if err != nil {
			return fmt.Errorf("wal: summary of %s: %w", f.path, err)
		}
		if _, err := f.file.WriteAt(hb, 0); err != nil {
			return w.fail("write summary", f.path, err)
		}
	}
	if err := w.sync(f); err != nil {
		return err
	}
	closed = true
	if err := f.file.Close(); err != nil {
		return w.fail("close", f.path, err)
	}
	final := filepath.Join(filepath.Dir(f.path), datadir.FinalizeName(filepath.Base(f.path), f.totals.FromTimestamp, f.totals.ToTimestamp))
	if err := w.cfg.Retainer.Rename(f.path, final); err != nil {
		return w.fail("rename", f.path+" to "+final, err)
	}
	w.files[f.index] = final
	f.path = final
	return nil
}

// deleteEmpty closes and deletes f, which holds no complete transaction,
// directly and not through the Retainer, as ~WalFile does.
func (w *Writer) deleteEmpty(f *walFile) error {
	w.waitSyncs(f)
	if err := f.file.Close(); err != nil {
		return w.fail("close", f.path, err)
	}
	if err := w.cfg.FS.Remove(f.path); err != nil {
		return w.fail("remove", f.path, err)
	}
	w.files = append(w.files[:f.index], w.files[f.index+1:]...)
	dir := filepath.Dir(f.path)
	if err := fs.SyncDir(w.cfg.FS, dir); err != nil {
		return w.fail("fsync directory", dir, err)
	}
	return nil
}

// waitDurable returns once bytes up to end of f are fsynced: by another
// caller's fsync, by finalization, or by an fsync of its own covering
// everything written so far.
func (w *Writer) waitDurable(f *walFile, end int64) error {
	w.mu.Lock()
	if done, err := w.covered(f, end); done {
		w.mu.Unlock()
		return err
	}
	w.mu.Unlock()

	w.leader.Lock()
	defer w.leader.Unlock()
	w.mu.Lock()
	defer w.mu.Unlock()
	if done, err := w.covered(f, end); done {
		return err
	}
	target := f.written
	f.syncing++
	w.mu.Unlock()
	err := f.file.Sync()
	w.mu.Lock()
	f.syncing--
	w.syncDone.Broadcast()
	if err != nil {
		return w.fail("fsync", f.path, err)
	}
	f.synced = max(f.synced, target)
	return nil
}

// covered reports whether waiting for end of f is over: fsynced, or the
// Writer stopped (then with its error).
func (w *Writer) covered(f *walFile, end int64) (bool, error) {
	if f.synced >= end {
		return true, nil
	}
	if w.err != nil {
		return true, &StoppedError{First: w.err}
	}
	return false, nil
}
