// Package chaindir builds Memgraph data directories from chain files
// (golden.ChainWAL, golden.ChainSnapshot) for tests: files encoded by
// durascope's encoder and named as Memgraph names them. It is apart from
// golden because it needs the encoder, whose own tests import golden.
package chaindir

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
)

// Dir writes chain files of one version and storage uuid under Root.
type Dir struct {
	t    testing.TB
	Root string
	V    format.Version
	UUID string
}

// New returns a Dir over a fresh temporary directory.
func New(t testing.TB, v format.Version) *Dir {
	return &Dir{t: t, Root: t.TempDir(), V: v, UUID: golden.ChainUUID}
}

// At returns a Dir writing under root.
func At(t testing.TB, root string, v format.Version) *Dir {
	return &Dir{t: t, Root: root, V: v, UUID: golden.ChainUUID}
}

// With returns a copy writing files of another version or uuid to the same place.
func (d *Dir) With(v format.Version, uuid string) *Dir {
	c := *d
	c.V, c.UUID = v, uuid
	return &c
}

// Snapshot writes the graph after chain transactions 1..n as
// snapshots/<clock>_timestamp_<durable> and returns its relative path.
func (d *Dir) Snapshot(clock, n int) string {
	m := golden.ChainSnapshot(d.V, d.UUID, n)
	var out bytes.Buffer
	if err := encode.EncodeSnapshot(&out, m); err != nil {
		d.t.Fatalf("chain snapshot v%d n=%d: %v", d.V, n, err)
	}
	rel := "snapshots/" + SnapshotName(clock, m.Metadata.DurableTimestamp)
	d.Put(rel, out.Bytes())
	return rel
}

// WAL writes a finalized WAL of transactions first..last with sequence number
// seq as wal/<clock>_from_<F>_to_<T> and returns its relative path.
func (d *Dir) WAL(clock int, seq uint64, first, last int) string {
	rel := "wal/" + FinalizedWALName(clock, golden.ChainTimestamp(first), golden.ChainTimestamp(last))
	d.Put(rel, d.EncodeWAL(seq, first, last, true))
	return rel
}

// CurrentWAL writes an unfinalized WAL (a file Memgraph was still writing) as
// wal/<clock>_current. With torn, transaction last is cut in half, as a crash
// in the middle of a write leaves it.
func (d *Dir) CurrentWAL(clock int, seq uint64, first, last int, torn bool) string {
	b := d.EncodeWAL(seq, first, last, false)
	if torn {
		// Without transaction last the bytes are a prefix: cut halfway into it.
		whole := len(d.EncodeWAL(seq, first, last-1, false))
		b = b[:whole+(len(b)-whole)/2]
	}
	rel := "wal/" + CurrentWALName(clock)
	d.Put(rel, b)
	return rel
}

// EncodeWAL encodes chain transactions first..last; finalize back-patches the
// summary (formats with WALSummary).
func (d *Dir) EncodeWAL(seq uint64, first, last int, finalize bool) []byte {
	return d.encode(golden.ChainWAL(d.V, d.UUID, seq, first, last), finalize)
}

func (d *Dir) encode(m *format.WAL, finalize bool) []byte {
	var out golden.MemFile
	opts := &encode.WALOptions{Finalize: finalize && format.FeaturesOf(d.V).Has(format.FeatWALSummary)}
	if err := encode.EncodeWALWith(&out, m, opts); err != nil {
		d.t.Fatalf("chain WAL v%d: %v", d.V, err)
	}
	return out.Bytes()
}

// Put writes b to Root/rel, creating directories.
func (d *Dir) Put(rel string, b []byte) {
	path := d.Path(rel)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		d.t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		d.t.Fatal(err)
	}
}

// Read returns the bytes of Root/rel.
func (d *Dir) Read(rel string) []byte {
	b, err := os.ReadFile(d.Path(rel))
	if err != nil {
		d.t.Fatal(err)
	}
	return b
}

// Path is Root/rel.
func (d *Dir) Path(rel string) string { return filepath.Join(d.Root, filepath.FromSlash(rel)) }

// PutWAL encodes m (finalize as in EncodeWAL) to Root/rel.
func (d *Dir) PutWAL(rel string, m *format.WAL, finalize bool) {
	d.Put(rel, d.encode(m, finalize))
}

// SnapshotName names chain snapshot number clock, durable at ts.
func SnapshotName(clock int, ts uint64) string {
	return datadir.SnapshotName(golden.ChainTime(clock), ts)
}

// CurrentWALName names chain WAL number clock while it is written.
func CurrentWALName(clock int) string { return datadir.CurrentWALName(golden.ChainTime(clock)) }

// FinalizedWALName names chain WAL number clock finalized holding from..to.
func FinalizedWALName(clock int, from, to uint64) string {
	return datadir.FinalizedWALName(golden.ChainTime(clock), from, to)
}
