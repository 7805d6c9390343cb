package decode

import "github.com/durascope/durascope/format"

// Values are the property values of the record a Scanner just read (a
// VertexView's or EdgeView's), for a loader that reads them one by one:
// one type for both kinds of record, whose methods the loader calls
// directly, not through a method value per kind. Valid as the view is.
type Values struct {
	sc    *Scanner
	props []PropertyRef
	lost  bool
}

// Values are v's property values.
func (v *VertexView) Values() Values { return Values{v.sc, v.Properties, v.lost} }

// Values are e's property values.
func (e *EdgeView) Values() Values { return Values{e.sc, e.Properties, e.lost} }

// VisitValue is VertexView.VisitValue.
func (vs Values) VisitValue(i int, vis ValueVisitor) error {
	return vs.sc.visit(&vs.props[i], vs.lost, vis)
}

// Value is VertexView.Value.
func (vs Values) Value(i int) (format.Value, error) { return vs.sc.value(&vs.props[i], vs.lost) }

// Scalar reads value i in place when it is one of the scalars most values
// are (NULL, BOOL, INT, DOUBLE, STRING, TEMPORAL, ENUM) lying in the
// window with the one layout VisitValue reads without its cursor: a loader
// that transcodes values into an encoding of its own takes such a value
// in one call, not a ValueVisitor's chain of them. It returns the value's
// type t and its parts, which VisitValue would hand over:
//
//	BOOL:          a (1 for true)
//	INT, DOUBLE:   a (the payload's 64 bits)
//	STRING:        s (the file's bytes, valid until the next record)
//	TEMPORAL:      a (microseconds), b (the temporal type)
//	ENUM:          a (type id), b (value id)
//
// ok is false for any other value, which VisitValue reads.
func (vs *Values) Scalar(i int) (t format.Marker, a, b uint64, s []byte, ok bool) {
	p := &vs.props[i]
	v := vs.sc.inWindow(p, vs.lost)
	if t = p.Type; v == nil || !vs.sc.inPlace(v, t) {
		return 0, 0, 0, nil, false
	}
	if a, b, s, ok = scalarParts(v[2:], t); !ok {
		return 0, 0, 0, nil, false
	}
	return t, a, b, s, true
}
