package datadir

import (
	"fmt"
	"io"
	"os"
	"sync"
	"syscall"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/internal/mapfile"
)

// Kind is what a durability file is.
type Kind int

// File kinds, told apart by their magic.
const (
	KindUnknown Kind = iota
	KindSnapshot
	KindWAL
)

// MarshalText writes the kind by name ("snapshot", "wal", "unknown").
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText reads a kind's name.
func (k *Kind) UnmarshalText(b []byte) error {
	for _, c := range []Kind{KindUnknown, KindSnapshot, KindWAL} {
		if c.String() == string(b) {
			*k = c
			return nil
		}
	}
	return fmt.Errorf("unknown file kind %q", b)
}

func (k Kind) String() string {
	switch k {
	case KindSnapshot:
		return "snapshot"
	case KindWAL:
		return "wal"
	}
	return "unknown"
}

// DetectKind reads the magic of r.
func DetectKind(r io.ReaderAt) Kind {
	var m [4]byte
	if n, _ := r.ReadAt(m[:], 0); n < 4 {
		return KindUnknown
	}
	switch string(m[:]) {
	case format.SnapshotMagic:
		return KindSnapshot
	case format.WALMagic:
		return KindWAL
	}
	return KindUnknown
}

// File is an opened durability file, read-only.
type File struct {
	Path string
	Kind Kind
	Size int64
	f    *os.File

	mapOnce sync.Once
	mapping *mapfile.Mapping // the file's bytes, for Snapshot; nil where they are not mapped
}

// Open opens path read-only and identifies its kind. Anything but a
// regular file is refused, and the open does not block on one (a FIFO
// would wait for a writer forever).
func Open(path string) (*File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	return &File{Path: path, Kind: DetectKind(f), Size: st.Size(), f: f}, nil
}

// ReaderAt gives the file's bytes.
func (f *File) ReaderAt() io.ReaderAt { return f.f }

// Stat describes the open file.
func (f *File) Stat() (os.FileInfo, error) { return f.f.Stat() }

// Close closes the file, and unmaps it: no Snapshot from it may be read
// after.
func (f *File) Close() error {
	if f.mapping != nil {
		f.mapping.Close()
	}
	return f.f.Close()
}

// Snapshot opens the file as a snapshot. Its records are scanned in place
// where the file can be mapped (decode.Mapped), and read through the file
// elsewhere.
func (f *File) Snapshot() (*decode.Snapshot, error) {
	return decode.OpenSnapshot(f.mapped(), f.Size, f.Path)
}

// mapped is the file's bytes for a snapshot: mapped (decode.Mapped) where
// the file can be mapped, the file itself elsewhere.
func (f *File) mapped() io.ReaderAt {
	f.mapOnce.Do(func() {
		if f.Size > 0 {
			f.mapping, _ = mapfile.Map(f.f, f.Size) // or read through the file
		}
	})
	if f.mapping != nil {
		return f.mapping
	}
	return f.f
}

// WAL opens the file as a WAL (a fresh stream each call).
func (f *File) WAL() (*decode.WAL, error) { return decode.OpenWAL(f.f, f.Size, f.Path) }

// NotDurabilityFileError reports a file with neither magic.
func (f *File) NotDurabilityFileError() error {
	if f.Size == 0 {
		return &format.DecodeError{File: f.Path, Err: format.ErrTruncated, Section: "header", Reason: "empty file (0 bytes)"}
	}
	return &format.DecodeError{File: f.Path, Err: format.ErrBadMagic, Section: "header",
		Reason: "neither a snapshot (MGsn) nor a WAL (MGwl)"}
}

// RecoverFile recovers the graph of a single file: a snapshot alone, or a
// WAL replayed from an empty database. A torn WAL tail is not an error; it
// is reported in the ReplayResult.
func RecoverFile(f *File) (*graph.Graph, *graph.ReplayResult, error) {
	switch f.Kind {
	case KindSnapshot:
		snap, err := f.Snapshot()
		if err != nil {
			return nil, nil, err
		}
		s, err := graph.LoadSnapshot(snap)
		return s, nil, err
	case KindWAL:
		w, err := f.WAL()
		if err != nil {
			return nil, nil, err
		}
		s := graph.New()
		res, err := s.ReplayWAL(w, 0)
		if err != nil {
			return nil, &res, err
		}
		return s, &res, nil
	}
	return nil, nil, f.NotDurabilityFileError()
}
