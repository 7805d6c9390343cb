package decode

import (
	"encoding/binary"

	"github.com/durascope/durascope/format"
)

// Scalar reads the value of Properties[i] in place when it is one of the
// scalars most values are (NULL, BOOL, INT, DOUBLE, STRING, TEMPORAL,
// ENUM) lying in the window with the one layout VisitValue reads without
// its cursor: a loader that transcodes values into an encoding of its own
// takes such a value in one call, not a ValueVisitor's chain of them. It
// returns the value's type t and its parts, which VisitValue would hand
// over:
//
//	BOOL:          a (1 for true)
//	INT, DOUBLE:   a (the payload's 64 bits)
//	STRING:        s (the file's bytes, valid until the next record)
//	TEMPORAL:      a (microseconds), b (the temporal type)
//	ENUM:          a (type id), b (value id)
//
// ok is false for any other value, which VisitValue reads.
func (v *VertexView) Scalar(i int) (t format.Marker, a, b uint64, s []byte, ok bool) {
	return v.sc.scalar(&v.Properties[i], v.lost)
}

// Scalar is VertexView.Scalar for an edge's property.
func (e *EdgeView) Scalar(i int) (t format.Marker, a, b uint64, s []byte, ok bool) {
	return e.sc.scalar(&e.Properties[i], e.lost)
}

// scalar is Scalar of a value of the record just scanned: the checks of
// Scanner.visit and visitScalar, for the types Scalar takes.
func (sc *Scanner) scalar(p *PropertyRef, lost bool) (t format.Marker, a, b uint64, s []byte, ok bool) {
	c := sc.c
	if lost || p.off < c.base || p.end > c.base+int64(len(c.buf)) {
		return 0, 0, 0, nil, false
	}
	v := c.buf[p.off-c.base : p.end-c.base]
	t = p.Type
	if len(v) < 2 || v[0] != byte(format.MarkerPropertyValue) || format.Marker(v[1]) != t || !valueTypes[sc.s.Version][t] {
		return 0, 0, 0, nil, false
	}
	v = v[2:] // the payload
	switch t {
	case format.MarkerNull:
		return t, 0, 0, nil, len(v) == 0
	case format.MarkerBool:
		if len(v) == 1 && (v[0] == byte(format.MarkerTrue) || v[0] == byte(format.MarkerFalse)) {
			if v[0] == byte(format.MarkerTrue) {
				a = 1
			}
			return t, a, 0, nil, true
		}
	case format.MarkerInt, format.MarkerDouble:
		if len(v) == 8 {
			return t, binary.LittleEndian.Uint64(v), 0, nil, true
		}
	case format.MarkerString:
		if len(v) >= 8 && binary.LittleEndian.Uint64(v) == uint64(len(v)-8) {
			return t, 0, 0, v[8:], true
		}
	case format.MarkerEnum:
		if len(v) == 16 {
			return t, binary.LittleEndian.Uint64(v), binary.LittleEndian.Uint64(v[8:]), nil, true
		}
	case format.MarkerTemporal:
		if len(v) == 18 && v[0] == byte(format.MarkerInt) && v[9] == byte(format.MarkerInt) {
			if typ := binary.LittleEndian.Uint64(v[1:]); typ <= uint64(format.TemporalDuration) {
				return t, binary.LittleEndian.Uint64(v[10:]), typ, nil, true
			}
		}
	}
	return 0, 0, 0, nil, false
}
