package csvimport

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/durascope/durascope/engine/fs"
)

// errSpillCorrupt is a temporary file that does not read back as written
// (a disk fault, or someone else writing to it).
var errSpillCorrupt = errors.New("csvimport: a temporary file does not read back as it was written")

const (
	spillBuffer = 1 << 20
	spillMode   = 0o600
)

// spill is a temporary file written once, sequentially, through the FS,
// then read back from the start, as many times as needed.
type spill struct {
	fsys fs.FS
	path string
	f    fs.File
	w    *bufio.Writer
	size int64
}

func createSpill(fsys fs.FS, dir, name string) (*spill, error) {
	path := filepath.Join(dir, name)
	f, err := fsys.Create(path, spillMode, true)
	if err != nil {
		return nil, fmt.Errorf("csvimport: temporary file: %w", err)
	}
	return &spill{fsys: fsys, path: path, f: f, w: bufio.NewWriterSize(f, spillBuffer)}, nil
}

func (s *spill) Write(p []byte) (int, error) {
	n, err := s.w.Write(p)
	s.size += int64(n)
	return n, err
}

// record writes b with its length in front.
func (s *spill) record(b []byte) error {
	var n [binary.MaxVarintLen64]byte
	if _, err := s.Write(n[:binary.PutUvarint(n[:], uint64(len(b)))]); err != nil {
		return err
	}
	_, err := s.Write(b)
	return err
}

// finish flushes what is buffered; the file can then be read.
func (s *spill) finish() error {
	if err := s.w.Flush(); err != nil {
		return fmt.Errorf("csvimport: temporary file %s: %w", s.path, err)
	}
	return nil
}

// reader reads the file from the start.
func (s *spill) reader(buf int) *recordReader {
	return &recordReader{r: bufio.NewReaderSize(io.NewSectionReader(s.f, 0, s.size), buf), size: s.size}
}

// remove closes and deletes the file (best effort: it lives in a
// directory that is removed as a whole at the end).
func (s *spill) remove() {
	s.f.Close()
	_ = s.fsys.Remove(s.path)
}

// recordReader reads length-prefixed records and uvarints back.
type recordReader struct {
	r    *bufio.Reader
	buf  []byte
	n    int64 // bytes read
	size int64 // of the file: no record is longer
}

// next returns the next record (valid until the next call); io.EOF at the
// end.
func (r *recordReader) next() ([]byte, error) {
	l, err := binary.ReadUvarint(r.r)
	if err != nil {
		return nil, err
	}
	if l > uint64(r.size-r.n) {
		return nil, errSpillCorrupt
	}
	if uint64(cap(r.buf)) < l {
		r.buf = make([]byte, l)
	}
	r.buf = r.buf[:l]
	if _, err := io.ReadFull(r.r, r.buf); err != nil {
		return nil, errSpillCorrupt
	}
	r.n += int64(l) + int64(uvarintLen(l))
	return r.buf, nil
}

func uvarintLen(v uint64) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}

// uvarint reads one uvarint from b.
func uvarint(b []byte) (uint64, []byte, error) {
	v, n := binary.Uvarint(b)
	if n <= 0 {
		return 0, nil, errSpillCorrupt
	}
	return v, b[n:], nil
}

// eachRecord reads the records of a spill of node or edge records in
// order, each starting with its gid: fn gets the gid, the rest of the
// record (valid during the call) and the bytes read so far, and stops the
// reading by returning false or an error.
func (s *spill) eachRecord(fn func(gid uint64, rest []byte, read int64) (bool, error)) error {
	r := s.reader(spillBuffer)
	for {
		b, err := r.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return errSpillCorrupt
		}
		gid, rest, err := uvarint(b)
		if err != nil {
			return err
		}
		if more, err := fn(gid, rest, r.n); err != nil || !more {
			return err
		}
	}
}
