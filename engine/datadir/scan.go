package datadir

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
)

// Layout says how ScanDataDir read a directory.
type Layout string

// Layouts.
const (
	// LayoutDataDir is Memgraph's: snapshots/ and wal/ for the default
	// database, databases/<tenant>/snapshots|wal for the others.
	LayoutDataDir Layout = "data_directory"
	// LayoutFiles is a directory holding durability files directly, such as
	// a copied snapshots/ or wal/ folder; files are told apart by their magic.
	LayoutFiles Layout = "files"
)

// DefaultTenant names the default database, whose files are at the top of
// the data directory.
const DefaultTenant = "memgraph"

// DataDir is a data directory as ScanDataDir found it. Nothing in it is
// modified and no lock is taken; files that change or vanish during the
// scan are reported, not fatal.
type DataDir struct {
	Path    string    `json:"path"`
	Layout  Layout    `json:"layout"`
	Tenants []*Tenant `json:"tenants"`
	// Other lists entries recovery does not read (.lock, auth/, a
	// databases/memgraph alias...), relative to Path, directories with a
	// trailing slash.
	Other []string `json:"other,omitempty"`
	// Stray lists durability files lying where Memgraph never looks for
	// them (the top of a data directory), relative to Path.
	Stray []string `json:"stray,omitempty"`
	// LockedBy is the pid of a process (a running Memgraph) holding
	// Path/.lock when the scan ran; -1 for a holder whose pid the kernel
	// does not tell (an open-file-description lock); 0 when none was seen.
	LockedBy int `json:"locked_by,omitempty"`
	// Hint is set when Path looks like a part of a data directory rather
	// than one (its snapshots/, wal/ or databases/ folder): what to give
	// instead.
	Hint string `json:"hint,omitempty"`
}

// Tenant is one storage: the default database or one under databases/.
type Tenant struct {
	Name string `json:"name"`
	// Dir is the storage directory, holding snapshots/ and wal/; the
	// directories are "" when absent.
	Dir         string         `json:"dir"`
	SnapshotDir string         `json:"snapshot_dir,omitempty"`
	WALDir      string         `json:"wal_dir,omitempty"`
	Snapshots   []*DurableFile `json:"snapshots"` // every regular file in snapshots/, by name
	WALs        []*DurableFile `json:"wals"`      // every regular file in wal/, by name
	// Unknown holds files of neither kind in a LayoutFiles directory.
	Unknown []*DurableFile `json:"unknown,omitempty"`
	// Skipped lists entries of snapshots/ and wal/ that are not regular
	// files (.old/ archives, sockets) or that vanished during the scan.
	Skipped []SkippedEntry `json:"skipped,omitempty"`
}

// SkippedEntry is a directory entry recovery does not read.
type SkippedEntry struct {
	Path   string `json:"path"`
	Rel    string `json:"rel"` // relative to the data directory
	Reason string `json:"reason"`
}

// DurableFile is one file of snapshots/ or wal/ with what its header says:
// what Memgraph's info read (ReadSnapshotInfo, ReadWalInfo) gets from it.
type DurableFile struct {
	Path   string `json:"path"` // as opened
	Rel    string `json:"rel"`  // relative to the data directory
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	Naming Naming `json:"naming"`
	// From the name (informational): the snapshot's timestamp, the finalized WAL's range.
	NameTimestamp *uint64 `json:"name_timestamp,omitempty"`
	NameFrom      *uint64 `json:"name_from,omitempty"`
	NameTo        *uint64 `json:"name_to,omitempty"`

	Kind    Kind   `json:"kind"` // snapshot, wal, unknown (by magic)
	Version uint64 `json:"version,omitempty"`
	UUID    string `json:"uuid,omitempty"`
	Epoch   string `json:"epoch,omitempty"`

	// Snapshot metadata.
	StartTimestamp   uint64 `json:"start_timestamp,omitempty"`
	DurableTimestamp uint64 `json:"durable_timestamp,omitempty"`
	Vertices         uint64 `json:"vertices,omitempty"`
	Edges            uint64 `json:"edges,omitempty"`

	// WAL info: a finalized file's summary, otherwise a scan of its complete
	// transactions, as Memgraph obtains them.
	SeqNum        uint64 `json:"seq_num"`
	Finalized     bool   `json:"finalized"`
	Scanned       bool   `json:"scanned"` // from/to/deltas come from a scan, not the summary
	FromTimestamp uint64 `json:"from_timestamp,omitempty"`
	ToTimestamp   uint64 `json:"to_timestamp,omitempty"`
	Deltas        uint64 `json:"deltas,omitempty"`
	Transactions  int    `json:"transactions,omitempty"` // when Scanned
	ValidEnd      int64  `json:"valid_end,omitempty"`    // when Scanned: end of the last complete transaction
	// Tail is what ended a scan before the end of the file (a torn tail,
	// or damage, after which Memgraph reads nothing of an unfinalized file).
	Tail      string `json:"tail,omitempty"`
	TailClass string `json:"tail_class,omitempty"`
	// ZeroTail: the tail is only zero bytes (space a crash left unwritten).
	ZeroTail bool `json:"zero_tail,omitempty"`

	// Problem says why Memgraph's info read rejects the file, so recovery
	// never considers it; "" when it is usable.
	Problem      string `json:"problem,omitempty"`
	ProblemClass string `json:"problem_class,omitempty"`
	err          error
}

// Err is the error behind Problem.
func (f *DurableFile) Err() error { return f.err }

// Usable reports whether Memgraph's info read accepts the file.
func (f *DurableFile) Usable() bool { return f.Problem == "" }

// ProblemNoTransactions marks a WAL whose scan found no complete
// transaction: Memgraph's WAL info read rejects it.
const ProblemNoTransactions = "no_transactions"

// ScanDataDir lists a data directory (or a directory holding durability
// files directly) and reads the header of every durability file in it.
func ScanDataDir(path string) (*DataDir, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s: not a directory", path)
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return nil, err
	}
	d := &DataDir{Path: path}
	isDir := func(p string) bool {
		st, err := os.Stat(p)
		return err == nil && st.IsDir()
	}
	d.Hint = partOfDataDir(path, isDir)
	snap, wal, dbs := filepath.Join(path, "snapshots"), filepath.Join(path, "wal"), filepath.Join(path, "databases")
	if !isDir(snap) && !isDir(wal) && !isDir(dbs) {
		d.Layout = LayoutFiles
		d.Tenants = []*Tenant{scanFlat(d, entries)}
		return d, nil
	}
	d.Layout = LayoutDataDir
	d.LockedBy = LockHolder(filepath.Join(path, LockFileName))
	d.Tenants = []*Tenant{scanTenant(d, DefaultTenant, path)}
	for _, e := range entries {
		name := e.Name()
		switch name {
		case "snapshots", "wal", "databases":
			if isDir(filepath.Join(path, name)) {
				continue
			}
		}
		d.Other = append(d.Other, entryName(e))
		if e.Type().IsRegular() && isDurable(filepath.Join(path, name)) {
			d.Stray = append(d.Stray, name)
		}
	}
	if isDir(dbs) {
		scanDatabases(d, dbs)
	}
	return d, nil
}

// partOfDataDir says what to give instead when path is the snapshots/, wal/
// or databases/ folder of a data directory: planning such a folder alone
// leaves out what its siblings hold.
func partOfDataDir(path string, isDir func(string) bool) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return ""
	}
	parent, base := filepath.Dir(abs), filepath.Base(abs)
	has := func(name string) bool { return isDir(filepath.Join(parent, name)) }
	_, lockErr := os.Lstat(filepath.Join(parent, LockFileName))
	switch {
	case (base == "snapshots" || base == "wal") && (has("snapshots") && has("wal") || lockErr == nil):
		return fmt.Sprintf("this looks like the %s/ folder of the data directory %s: give the data directory, so that snapshots and WAL files are read together", base, parent)
	case base == "databases" && (has("snapshots") || has("wal") || lockErr == nil):
		return fmt.Sprintf("this looks like the databases/ folder of the data directory %s: give the data directory (every database is read), or one databases/<uuid>", parent)
	}
	return ""
}

// scanDatabases adds the tenants under databases/. Their directories are
// named by the tenant's uuid (by name in old layouts); databases/memgraph,
// where it exists, only links back to the default database's directories.
func scanDatabases(d *DataDir, dbs string) {
	entries, err := os.ReadDir(dbs)
	if err != nil {
		d.Other = append(d.Other, "databases/ (unreadable: "+err.Error()+")")
		return
	}
	rootSnap, _ := filepath.EvalSymlinks(filepath.Join(d.Path, "snapshots"))
	rootWAL, _ := filepath.EvalSymlinks(filepath.Join(d.Path, "wal"))
	for _, e := range entries {
		dir := filepath.Join(dbs, e.Name())
		rel := "databases/" + e.Name()
		st, err := os.Stat(dir)
		if strings.HasPrefix(e.Name(), ".") || err != nil || !st.IsDir() {
			d.Other = append(d.Other, "databases/"+entryName(e))
			continue
		}
		s, _ := filepath.EvalSymlinks(filepath.Join(dir, "snapshots"))
		w, _ := filepath.EvalSymlinks(filepath.Join(dir, "wal"))
		if (s != "" && s == rootSnap) || (w != "" && w == rootWAL) {
			d.Other = append(d.Other, rel+"/ (links to the default database's directories)")
			continue
		}
		d.Tenants = append(d.Tenants, scanTenant(d, e.Name(), dir))
	}
}

func entryName(e fs.DirEntry) string {
	if e.IsDir() {
		return e.Name() + "/"
	}
	return e.Name()
}

// isDurable reports whether the file at path starts with either magic.
func isDurable(path string) bool {
	f, err := Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	return f.Kind != KindUnknown
}

func scanTenant(d *DataDir, name, dir string) *Tenant {
	t := &Tenant{Name: name, Dir: dir, Snapshots: []*DurableFile{}, WALs: []*DurableFile{}}
	for _, sub := range []string{"snapshots", "wal"} {
		p := filepath.Join(dir, sub)
		if st, err := os.Stat(p); err != nil || !st.IsDir() {
			continue
		}
		files := scanFiles(d, t, p)
		if sub == "snapshots" {
			t.SnapshotDir, t.Snapshots = p, files
		} else {
			t.WALDir, t.WALs = p, files
		}
	}
	return t
}

func scanFlat(d *DataDir, entries []fs.DirEntry) *Tenant {
	t := &Tenant{Name: filepath.Base(filepath.Clean(d.Path)), Dir: d.Path, SnapshotDir: d.Path, WALDir: d.Path,
		Snapshots: []*DurableFile{}, WALs: []*DurableFile{}}
	for _, f := range scanFiles(d, t, d.Path) {
		t.add(f)
	}
	return t
}

// add files f by its kind.
func (t *Tenant) add(f *DurableFile) {
	switch f.Kind {
	case KindSnapshot:
		t.Snapshots = append(t.Snapshots, f)
	case KindWAL:
		t.WALs = append(t.WALs, f)
	default:
		t.Unknown = append(t.Unknown, f)
	}
}

// scanFiles reads every regular file at the top of dir (symlinks followed,
// as Memgraph's directory walk does), sorted by name.
func scanFiles(d *DataDir, t *Tenant, dir string) []*DurableFile {
	out := []*DurableFile{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Skipped = append(t.Skipped, SkippedEntry{Path: dir, Rel: rel(d, dir), Reason: "unreadable directory: " + err.Error()})
		return out
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		st, err := os.Stat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			t.Skipped = append(t.Skipped, SkippedEntry{Path: p, Rel: rel(d, p), Reason: "vanished during the scan (renamed or deleted by a running Memgraph?)"})
			continue
		case err != nil:
			t.Skipped = append(t.Skipped, SkippedEntry{Path: p, Rel: rel(d, p), Reason: err.Error()})
			continue
		case st.IsDir():
			t.Skipped = append(t.Skipped, SkippedEntry{Path: p, Rel: rel(d, p) + "/", Reason: "a directory: recovery reads only the top level (.old/ holds archived files it never uses)"})
			continue
		case !st.Mode().IsRegular():
			t.Skipped = append(t.Skipped, SkippedEntry{Path: p, Rel: rel(d, p), Reason: "not a regular file"})
			continue
		}
		out = append(out, readDurableFile(p, rel(d, p)))
	}
	return out
}

func rel(d *DataDir, p string) string {
	r, err := filepath.Rel(d.Path, p)
	if err != nil {
		return p
	}
	return filepath.ToSlash(r)
}

func (f *DurableFile) classifyName() {
	n := ParseName(f.Name)
	f.Naming, f.NameTimestamp, f.NameFrom, f.NameTo = n.Naming, n.Timestamp, n.From, n.To
}

func (f *DurableFile) setProblem(err error) {
	f.err = err
	f.Problem = err.Error()
	f.ProblemClass = format.ClassName(err)
	var uv *format.UnsupportedVersionError
	if errors.As(err, &uv) {
		f.Version = uint64(uv.Version)
	}
}

// readDurableFile reads what Memgraph's info read gets from the file at path.
func readDurableFile(path, relPath string) *DurableFile {
	f := &DurableFile{Path: path, Rel: relPath, Name: filepath.Base(path), Kind: KindUnknown}
	f.classifyName()
	file, err := Open(path)
	if err != nil {
		f.setProblem(err)
		return f
	}
	defer file.Close()
	f.Size, f.Kind = file.Size, file.Kind
	switch file.Kind {
	case KindSnapshot:
		f.readSnapshot(file)
	case KindWAL:
		f.readWAL(file)
	default:
		f.setProblem(file.NotDurabilityFileError())
	}
	return f
}

func (f *DurableFile) readSnapshot(file *File) {
	s, err := decode.OpenSnapshot(file.ReaderAt(), f.Size, f.Path)
	if err != nil {
		f.setProblem(err)
		return
	}
	m := s.Metadata
	f.Version, f.UUID, f.Epoch = uint64(s.Version), m.UUID, m.Epoch
	f.StartTimestamp, f.DurableTimestamp = m.StartTimestamp, m.DurableTimestamp
	f.Vertices, f.Edges = m.VertexCount, m.EdgeCount
}

func (f *DurableFile) readWAL(file *File) {
	w, err := decode.OpenWAL(file.ReaderAt(), f.Size, f.Path)
	if err != nil {
		f.setProblem(err)
		return
	}
	h := w.Header
	f.Version, f.UUID, f.Epoch, f.SeqNum = uint64(h.Version), h.UUID, h.Epoch, h.SeqNum
	if w.Finalized() {
		// Memgraph trusts a finalized file's summary; damage in it shows at replay.
		f.Finalized = true
		f.FromTimestamp, f.ToTimestamp, f.Deltas = h.Summary.FromTimestamp, h.Summary.ToTimestamp, h.Summary.NumDeltas
		return
	}
	// An unfinalized file is scanned: it counts up to the last complete
	// transaction, and whatever stops the scan ends what Memgraph reads.
	// Only the framing counts: NextNotable skims the payloads, so that the
	// scan allocates nothing per frame.
	f.Scanned = true
	var heads [256]decode.FrameHead
	for err == nil {
		_, err = w.NextNotable(heads[:], nil)
	}
	t := w.Totals()
	f.FromTimestamp, f.ToTimestamp, f.Deltas, f.Transactions = t.FromTimestamp, t.ToTimestamp, t.Frames, t.Transactions
	f.ValidEnd = w.CompleteEnd()
	if err != io.EOF {
		f.Tail, f.TailClass = err.Error(), format.ClassName(err)
		f.ZeroTail = decode.ZeroFrom(file.ReaderAt(), f.ValidEnd, f.Size)
	}
	if t.Transactions == 0 {
		f.err = errors.New("no complete transaction")
		f.Problem, f.ProblemClass = "no complete transaction: Memgraph's WAL info read rejects the file", ProblemNoTransactions
	}
}
