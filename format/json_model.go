package format

import (
	"reflect"
	"strconv"

	"github.com/durascope/durascope/internal/decimal"
)

// The model types every large file is made of (the deltas of data changes
// and of transaction framing, snapshot vertex and edge records) are
// written without reflection: appendModelJSON writes what appendJSON
// writes for them by reflection, keys from the json tags and fields in
// declaration order (TestModelJSONIsReflective holds the two together).

// objectKeys are a struct type's JSON keys as its object is written:
// `{"first":`, then `,"next":` for each further field.
type objectKeys [][]byte

// JSONKeys are T's JSON keys as AppendJSON writes its object: `{"first":`,
// then `,"next":` for each further field, for a writer of T's fields.
func JSONKeys[T any]() [][]byte { return keysOf[T]() }

func keysOf[T any]() objectKeys {
	fields := fieldsOf(reflect.TypeFor[T]())
	keys := make(objectKeys, len(fields))
	for i, f := range fields {
		sep := byte(',')
		if i == 0 {
			sep = '{'
		}
		keys[i] = append([]byte{sep}, f.key...)
	}
	return keys
}

var (
	vertexDeltaKeys  = keysOf[VertexDelta]()
	labelDeltaKeys   = keysOf[LabelDelta]()
	vertexPropKeys   = keysOf[VertexPropertyDelta]()
	edgeDeltaKeys    = keysOf[EdgeDelta]()
	edgePropKeys     = keysOf[EdgePropertyDelta]()
	txnStartKeys     = keysOf[TxnStart]()
	txnEndKeys       = keysOf[TxnEnd]()
	vertexRecordKeys = keysOf[VertexRecord]()
	edgeRecordKeys   = keysOf[EdgeRecord]()
	propertyKeys     = keysOf[Property]()
	edgeRefKeys      = keysOf[EdgeRef]()
)

// appendModelJSON appends the JSON of v if it is one of the types above;
// ok is false, and nothing appended, for any other.
func appendModelJSON(b []byte, v any) (_ []byte, ok bool) {
	switch x := v.(type) {
	case VertexDelta:
		b = decimal.AppendUint(append(b, vertexDeltaKeys[0]...), x.Gid)
	case LabelDelta:
		b = decimal.AppendUint(append(b, labelDeltaKeys[0]...), x.Gid)
		b = jsonString(append(b, labelDeltaKeys[1]...), x.Label)
	case VertexPropertyDelta:
		b = decimal.AppendUint(append(b, vertexPropKeys[0]...), x.Gid)
		b = jsonString(append(b, vertexPropKeys[1]...), x.Property)
		b = appendValue(append(b, vertexPropKeys[2]...), x.Value)
	case EdgeDelta:
		b = decimal.AppendUint(append(b, edgeDeltaKeys[0]...), x.Gid)
		b = jsonString(append(b, edgeDeltaKeys[1]...), x.EdgeType)
		b = decimal.AppendUint(append(b, edgeDeltaKeys[2]...), x.From)
		b = decimal.AppendUint(append(b, edgeDeltaKeys[3]...), x.To)
	case EdgePropertyDelta:
		b = decimal.AppendUint(append(b, edgePropKeys[0]...), x.Gid)
		b = jsonString(append(b, edgePropKeys[1]...), x.Property)
		b = appendValue(append(b, edgePropKeys[2]...), x.Value)
		b = decimal.AppendUint(append(b, edgePropKeys[3]...), x.From)
		b = decimal.AppendUint(append(b, edgePropKeys[4]...), x.To)
		b = jsonString(append(b, edgePropKeys[5]...), x.EdgeType)
	case TxnStart:
		b = strconv.AppendBool(append(b, txnStartKeys[0]...), x.Commit)
		b = decimal.AppendUint(append(b, txnStartKeys[1]...), x.AccessType)
	case TxnEnd:
		b = decimal.AppendUint(append(b, txnEndKeys[0]...), uint64(x.CRC))
	case VertexRecord:
		return appendVertexRecordJSON(b, &x), true
	case EdgeRecord:
		return appendEdgeRecordJSON(b, &x), true
	default:
		return b, false
	}
	return append(b, '}'), true
}

// AppendVertexRecordJSON is AppendJSON of *v, without copying it.
func AppendVertexRecordJSON(b []byte, v *VertexRecord) []byte { return appendVertexRecordJSON(b, v) }

// AppendEdgeRecordJSON is AppendJSON of *e, without copying it.
func AppendEdgeRecordJSON(b []byte, e *EdgeRecord) []byte { return appendEdgeRecordJSON(b, e) }

func appendVertexRecordJSON(b []byte, v *VertexRecord) []byte {
	b = decimal.AppendUint(append(b, vertexRecordKeys[0]...), v.Offset)
	b = decimal.AppendUint(append(b, vertexRecordKeys[1]...), v.Gid)
	b = append(b, vertexRecordKeys[2]...)
	b = append(b, '[')
	for i, l := range v.Labels {
		if i > 0 {
			b = append(b, ',')
		}
		b = decimal.AppendUint(b, l)
	}
	b = append(b, ']')
	b = appendPropertiesJSON(append(b, vertexRecordKeys[3]...), v.Properties)
	b = appendEdgeRefsJSON(append(b, vertexRecordKeys[4]...), v.InEdges)
	b = appendEdgeRefsJSON(append(b, vertexRecordKeys[5]...), v.OutEdges)
	return append(b, '}')
}

func appendEdgeRecordJSON(b []byte, e *EdgeRecord) []byte {
	b = decimal.AppendUint(append(b, edgeRecordKeys[0]...), e.Offset)
	b = decimal.AppendUint(append(b, edgeRecordKeys[1]...), e.Gid)
	b = appendPropertiesJSON(append(b, edgeRecordKeys[2]...), e.Properties)
	return append(b, '}')
}

func appendPropertiesJSON(b []byte, props []Property) []byte {
	b = append(b, '[')
	for i, p := range props {
		if i > 0 {
			b = append(b, ',')
		}
		b = decimal.AppendUint(append(b, propertyKeys[0]...), p.ID)
		b = appendValue(append(b, propertyKeys[1]...), p.Value)
		b = append(b, '}')
	}
	return append(b, ']')
}

func appendEdgeRefsJSON(b []byte, refs []EdgeRef) []byte {
	b = append(b, '[')
	for i, r := range refs {
		if i > 0 {
			b = append(b, ',')
		}
		b = decimal.AppendUint(append(b, edgeRefKeys[0]...), r.Edge)
		b = decimal.AppendUint(append(b, edgeRefKeys[1]...), r.Other)
		b = decimal.AppendUint(append(b, edgeRefKeys[2]...), r.Type)
		b = append(b, '}')
	}
	return append(b, ']')
}
