package inspect

import (
	"reflect"
	"strconv"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/internal/decimal"
)

// The deltas of data changes and of transaction framing, nearly every
// frame of a WAL, are printed without reflection: appendDeltaText prints
// what appendFields prints for them, with the keys and the features of
// their fields read from the tags (textFieldsOf), the fields in
// declaration order (TestDeltaTextIsReflective holds the two together).

// deltaText are the " key=" of a delta type's fields and the features
// that guard them.
type deltaText struct {
	keys  [][]byte
	feats []format.Feature
}

func deltaTextOf[T format.Delta]() deltaText {
	var d deltaText
	for _, f := range textFieldsOf(reflect.TypeFor[T]()) {
		d.keys = append(d.keys, f.key)
		d.feats = append(d.feats, f.feature)
	}
	return d
}

// key appends field i's key, or reports that ft lacks the field.
func (d *deltaText) key(b []byte, ft format.Features, i int) ([]byte, bool) {
	if !ft.Has(d.feats[i]) {
		return b, false
	}
	return append(b, d.keys[i]...), true
}

var (
	vertexDeltaText = deltaTextOf[format.VertexDelta]()
	labelDeltaText  = deltaTextOf[format.LabelDelta]()
	vertexPropText  = deltaTextOf[format.VertexPropertyDelta]()
	edgeDeltaText   = deltaTextOf[format.EdgeDelta]()
	edgePropText    = deltaTextOf[format.EdgePropertyDelta]()
	txnStartText    = deltaTextOf[format.TxnStart]()
	txnEndText      = deltaTextOf[format.TxnEnd]()
)

// deltaKind is the type of a delta deltaFields holds.
type deltaKind uint8

const (
	kindVertex     deltaKind = iota + 1 // format.VertexDelta
	kindLabel                           // format.LabelDelta
	kindVertexProp                      // format.VertexPropertyDelta
	kindEdge                            // format.EdgeDelta
	kindEdgeProp                        // format.EdgePropertyDelta
	kindTxnStart                        // format.TxnStart
	kindTxnEnd                          // format.TxnEnd
)

// deltaFields are the fields of a delta of graph data or of transaction
// framing, read as a view (decode.DeltaView) or taken from a built delta:
// the dump prints both with the same code. Its property value is value,
// or, read as a view, the bytes val (at offset valOff in the file), which
// values reads.
type deltaFields struct {
	kind           deltaKind
	gid, from, to  uint64
	name, edgeType string // the label, property or edge type; EDGE_SET_PROPERTY's edge type
	commit         bool
	access         uint64
	crc            uint32
	value          format.Value
	val            []byte
	valOff         int64
	values         *decode.FrameParser
}

// fieldsOfDelta takes the fields of d; ok is false for a delta type
// deltaFields does not hold.
func fieldsOfDelta(d format.Delta) (f deltaFields, ok bool) {
	switch x := d.(type) {
	case format.VertexDelta:
		f = deltaFields{kind: kindVertex, gid: x.Gid}
	case format.LabelDelta:
		f = deltaFields{kind: kindLabel, gid: x.Gid, name: x.Label}
	case format.VertexPropertyDelta:
		f = deltaFields{kind: kindVertexProp, gid: x.Gid, name: x.Property, value: x.Value}
	case format.EdgeDelta:
		f = deltaFields{kind: kindEdge, gid: x.Gid, name: x.EdgeType, from: x.From, to: x.To}
	case format.EdgePropertyDelta:
		f = deltaFields{kind: kindEdgeProp, gid: x.Gid, name: x.Property, value: x.Value, from: x.From, to: x.To, edgeType: x.EdgeType}
	case format.TxnStart:
		f = deltaFields{kind: kindTxnStart, commit: x.Commit, access: x.AccessType}
	case format.TxnEnd:
		f = deltaFields{kind: kindTxnEnd, crc: x.CRC}
	default:
		return f, false
	}
	return f, true
}

// fieldsOfView takes the fields of the frame v, its value's bytes to be
// read by values; ok is false for a delta type deltaFields does not hold
// (v.Delta holds it, built).
func fieldsOfView(v *decode.DeltaView, values *decode.FrameParser) (f deltaFields, ok bool) {
	f = deltaFields{gid: v.Gid, name: v.Name, from: v.From, to: v.To, edgeType: v.EdgeType,
		commit: v.Commit, access: v.AccessType, crc: v.CRC, values: values}
	if v.HasValue() {
		f.val, f.valOff = v.ValueBytes()
	}
	switch v.Marker {
	case format.DeltaVertexCreate, format.DeltaVertexDelete:
		f.kind = kindVertex
	case format.DeltaVertexAddLabel, format.DeltaVertexRemoveLabel:
		f.kind = kindLabel
	case format.DeltaVertexSetProperty:
		f.kind = kindVertexProp
	case format.DeltaEdgeCreate, format.DeltaEdgeDelete:
		f.kind = kindEdge
	case format.DeltaEdgeSetProperty:
		f.kind = kindEdgeProp
	case format.DeltaTransactionStart:
		f.kind = kindTxnStart
	case format.DeltaTransactionEnd:
		f.kind = kindTxnEnd
	default:
		return f, false
	}
	return f, true
}

// writeValue hands the delta's property value to vis.
func (f *deltaFields) writeValue(vis decode.ValueVisitor) error {
	if f.values != nil {
		return f.values.Visit(f.val, f.valOff, vis)
	}
	decode.WalkValue(f.value, vis)
	return nil
}

// appendDeltaText appends the fields of d if its type is one deltaFields
// holds; ok is false, and nothing appended, for any other.
func appendDeltaText(b []byte, d format.Delta, ft format.Features) (_ []byte, ok bool) {
	f, ok := fieldsOfDelta(d)
	if !ok {
		return b, false
	}
	var w graph.CypherValueWriter
	b, _ = appendFieldsText(b, &f, ft, &w) // a built value does not fail
	return b, true
}

// appendFieldsText appends the fields of f as appendFields prints the
// delta by reflection, its value written by w.
func appendFieldsText(b []byte, f *deltaFields, ft format.Features, w *graph.CypherValueWriter) (_ []byte, err error) {
	var has bool
	switch f.kind {
	case kindVertex:
		if b, has = vertexDeltaText.key(b, ft, 0); has {
			b = appendUintText(b, f.gid)
		}
	case kindLabel:
		p := &labelDeltaText
		if b, has = p.key(b, ft, 0); has {
			b = appendUintText(b, f.gid)
		}
		if b, has = p.key(b, ft, 1); has {
			b = appendQuoted(b, f.name)
		}
	case kindVertexProp:
		p := &vertexPropText
		if b, has = p.key(b, ft, 0); has {
			b = appendUintText(b, f.gid)
		}
		if b, has = p.key(b, ft, 1); has {
			b = appendQuoted(b, f.name)
		}
		if b, has = p.key(b, ft, 2); has {
			b, err = appendValueText(b, f, w)
		}
	case kindEdge:
		p := &edgeDeltaText
		if b, has = p.key(b, ft, 0); has {
			b = appendUintText(b, f.gid)
		}
		if b, has = p.key(b, ft, 1); has {
			b = appendQuoted(b, f.name)
		}
		if b, has = p.key(b, ft, 2); has {
			b = appendUintText(b, f.from)
		}
		if b, has = p.key(b, ft, 3); has {
			b = appendUintText(b, f.to)
		}
	case kindEdgeProp:
		p := &edgePropText
		if b, has = p.key(b, ft, 0); has {
			b = appendUintText(b, f.gid)
		}
		if b, has = p.key(b, ft, 1); has {
			b = appendQuoted(b, f.name)
		}
		if b, has = p.key(b, ft, 2); has {
			b, err = appendValueText(b, f, w)
		}
		if b, has = p.key(b, ft, 3); has {
			b = appendUintText(b, f.from)
		}
		if b, has = p.key(b, ft, 4); has {
			b = appendUintText(b, f.to)
		}
		if b, has = p.key(b, ft, 5); has {
			b = appendQuoted(b, f.edgeType)
		}
	case kindTxnStart:
		p := &txnStartText
		if b, has = p.key(b, ft, 0); has {
			b = strconv.AppendBool(b, f.commit)
		}
		if b, has = p.key(b, ft, 1); has {
			b = appendUintText(b, f.access)
		}
	case kindTxnEnd:
		if b, has = txnEndText.key(b, ft, 0); has {
			b = appendUintText(b, uint64(f.crc))
		}
	}
	return b, err
}

// appendUintText prints an unsigned field: "unknown" for format.UnknownGid.
func appendUintText(b []byte, u uint64) []byte {
	if u == format.UnknownGid {
		return append(b, "unknown"...)
	}
	return decimal.AppendUint(b, u)
}

// appendValueText prints a property value field, as the Cypher dump
// prints it, by w: "none" when a built delta has none.
func appendValueText(b []byte, f *deltaFields, w *graph.CypherValueWriter) ([]byte, error) {
	if f.values == nil && f.value == nil {
		return append(b, "none"...), nil
	}
	w.B = b
	err := f.writeValue(w)
	b, w.B = w.B, nil
	w.Reset()
	return b, err
}

// appendQuoted is strconv.AppendQuote, copying printable ASCII without a
// quote or backslash as it is, which AppendQuote leaves unchanged.
func appendQuoted(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if !quotePlain[s[i]] {
			return strconv.AppendQuote(b, s)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// quotePlain marks the bytes strconv.Quote copies unchanged: printable
// ASCII but the quote and the backslash.
var quotePlain = func() (t [256]bool) {
	for c := 0x20; c < 0x7f; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()
