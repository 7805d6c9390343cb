package golden

import (
	"errors"
	"io"
)

// MemFile is an in-memory file for the encoders and generators: io.Writer,
// io.WriterAt (they back-patch headers, offsets and summaries) and
// io.Seeker. Writes past the end extend it with zeros, as a file would.
type MemFile struct {
	b   []byte
	pos int64
}

// Bytes returns the file's contents (not a copy).
func (m *MemFile) Bytes() []byte { return m.b }

func (m *MemFile) Write(p []byte) (int, error) {
	n, err := m.WriteAt(p, m.pos)
	m.pos += int64(n)
	return n, err
}

func (m *MemFile) WriteAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("negative offset")
	}
	if end := off + int64(len(p)); end > int64(len(m.b)) {
		m.b = append(m.b, make([]byte, end-int64(len(m.b)))...)
	}
	copy(m.b[off:], p)
	return len(p), nil
}

func (m *MemFile) Seek(off int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		off += m.pos
	case io.SeekEnd:
		off += int64(len(m.b))
	default:
		return 0, errors.New("bad whence")
	}
	if off < 0 {
		return 0, errors.New("negative position")
	}
	m.pos = off
	return off, nil
}
