package mapfile

import (
	"errors"
	"io"
	"os"
)

// Mapping is a file's bytes mapped into memory. It reads through the file
// too (ReadAt), for readers that copy: such a read of bytes the file no
// longer holds is an error, not a fault.
type Mapping struct {
	f *os.File
	b []byte
}

// errUnsupported is Map's error where files are not mapped.
var errUnsupported = errors.New("mapfile: files are not mapped on this system")

// Map maps the first size bytes of f (size > 0), which the caller keeps
// open for as long as the mapping is used.
func Map(f *os.File, size int64) (*Mapping, error) {
	b, err := mapBytes(f, size)
	if err != nil {
		return nil, err
	}
	return &Mapping{f: f, b: b}, nil
}

// Bytes is the mapped bytes, valid until Close.
func (m *Mapping) Bytes() []byte { return m.b }

// ReadAt reads through the file, not the mapping.
func (m *Mapping) ReadAt(p []byte, off int64) (int, error) { return m.f.ReadAt(p, off) }

// Release says that the bytes [from, to) are done with for now: the pages
// holding them leave the process's memory (its RSS) and stay in the page
// cache; reading them again maps them again (a minor fault). A reader
// streaming through a large file so keeps its memory bounded.
func (m *Mapping) Release(from, to int64) {
	page := int64(os.Getpagesize())
	from = max(from, 0) &^ (page - 1)
	to = min((to+page-1)&^(page-1), int64(len(m.b)))
	if from < to {
		release(m.b[from:to])
	}
}

// Close unmaps the bytes; the file stays open.
func (m *Mapping) Close() error {
	if m.b == nil {
		return nil
	}
	b := m.b
	m.b = nil
	return unmap(b)
}

var _ io.ReaderAt = (*Mapping)(nil)
