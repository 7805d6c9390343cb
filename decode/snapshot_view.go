package decode

import "github.com/durascope/durascope/format"

// ValueBytes returns the bytes of the value of Properties[i] as the file
// holds them, from its 0x17 marker on: checked by the scan, valid until
// the next record. A reader that takes them elsewhere (another goroutine)
// copies them and reads them with a ValueReader.
func (v *VertexView) ValueBytes(i int) ([]byte, error) {
	return v.sc.valueBytes(&v.Properties[i], v.lost)
}

// ValueBytes is VertexView.ValueBytes for an edge's property.
func (e *EdgeView) ValueBytes(i int) ([]byte, error) {
	return e.sc.valueBytes(&e.Properties[i], e.lost)
}

// ValueReader hands values whose bytes ValueBytes gave to a ValueVisitor,
// as VisitValue on the view would, reusing its memory: reading allocates
// nothing. It reads only what the snapshot does not change while it is
// read, so it may be used on another goroutine than the scan's.
type ValueReader struct {
	s *Snapshot
	m cursor
}

// ValueReader returns a reader of s's values.
func (s *Snapshot) ValueReader() *ValueReader { return &ValueReader{s: s} }

// Visit hands the value whose bytes b are, at offset off in the file, to
// vis. The scalars most values are come straight from their bytes, as
// Scanner.visit reads them; anything else through a cursor, with its
// checks and errors.
func (r *ValueReader) Visit(b []byte, off int64, vis ValueVisitor) error {
	if len(b) >= 2 && b[0] == byte(format.MarkerPropertyValue) &&
		valueTypes[r.s.Version][b[1]] && visitScalar(b[2:], format.Marker(b[1]), vis) {
		return nil
	}
	m := &r.m
	end := off + int64(len(b))
	m.over(r.s.r, b, off, 0, end, end, r.s.Features)
	m.visitValue("property value", vis)
	if m.err != nil {
		return r.s.wrap(m.err, "", "")
	}
	return nil
}

// Offset is where the value starts in the file (its 0x17 marker).
func (p PropertyRef) Offset() int64 { return p.off }
