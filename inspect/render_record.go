package inspect

import (
	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
)

// snapRecord is a snapshot vertex or edge record as the dump prints it,
// read as a view (decode.VertexView, EdgeView: its values' bytes in vals,
// read by values) or taken from a record built (its values in props):
// the dump prints both with the same code. Its slices are valid during
// the call it is passed to.
type snapRecord struct {
	vertex      bool
	offset, gid uint64
	labels      []uint64
	props       []snapProp
	in, out     []format.EdgeRef
	vals        []byte
	values      *decode.ValueReader // nil for a record built
}

// snapProp is a property of a snapRecord: its value's bytes vals[from:to]
// (at offset off in the file), or, built, value.
type snapProp struct {
	id       uint64
	from, to int
	off      int64
	value    format.Value
}

// writeValue hands the value of p to vis.
func (r *snapRecord) writeValue(p *snapProp, vis decode.ValueVisitor) error {
	if r.values == nil {
		decode.WalkValue(p.value, vis)
		return nil
	}
	return r.values.Visit(r.vals[p.from:p.to], p.off, vis)
}

// ofVertex sets r to the built vertex record v.
func (r *snapRecord) ofVertex(v *format.VertexRecord) {
	*r = snapRecord{vertex: true, offset: v.Offset, gid: v.Gid, labels: v.Labels, props: builtProps(r.props, v.Properties),
		in: v.InEdges, out: v.OutEdges}
}

// ofEdge sets r to the built edge record e.
func (r *snapRecord) ofEdge(e *format.EdgeRecord) {
	*r = snapRecord{offset: e.Offset, gid: e.Gid, props: builtProps(r.props, e.Properties)}
}

func builtProps(dst []snapProp, props []format.Property) []snapProp {
	dst = dst[:0]
	for _, p := range props {
		dst = append(dst, snapProp{id: p.ID, value: p.Value})
	}
	return dst
}

// ofVertexView sets r to the vertex record v, its values' bytes copied
// into r.vals, read by values.
func (r *snapRecord) ofVertexView(v *decode.VertexView, values *decode.ValueReader) error {
	*r = snapRecord{vertex: true, offset: v.Offset, gid: v.Gid, labels: v.Labels, in: v.InEdges, out: v.OutEdges,
		props: r.props[:0], vals: r.vals[:0], values: values}
	for i := range v.Properties {
		b, err := v.ValueBytes(i)
		if err != nil {
			return err
		}
		r.addProp(v.Properties[i], b)
	}
	return nil
}

// ofEdgeView is ofVertexView for an edge record.
func (r *snapRecord) ofEdgeView(e *decode.EdgeView, values *decode.ValueReader) error {
	*r = snapRecord{offset: e.Offset, gid: e.Gid, props: r.props[:0], vals: r.vals[:0], values: values}
	for i := range e.Properties {
		b, err := e.ValueBytes(i)
		if err != nil {
			return err
		}
		r.addProp(e.Properties[i], b)
	}
	return nil
}

func (r *snapRecord) addProp(p decode.PropertyRef, b []byte) {
	from := len(r.vals)
	r.vals = append(r.vals, b...)
	r.props = append(r.props, snapProp{id: p.ID, from: from, to: len(r.vals), off: p.Offset()})
}
