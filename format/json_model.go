package format

import (
	"reflect"
	"strconv"

	"github.com/durascope/durascope/internal/decimal"
)

// The deltas of data changes and of transaction framing, which every
// large WAL is made of, are written without reflection: appendModelJSON
// writes what appendJSON writes for them by reflection, keys from the json
// tags and fields in declaration order (TestModelJSONIsReflective holds
// the two together). Snapshot records have no such path here: the dump
// writes them from its views (inspect), held to AppendJSON by its tests.

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
	vertexDeltaKeys = keysOf[VertexDelta]()
	labelDeltaKeys  = keysOf[LabelDelta]()
	vertexPropKeys  = keysOf[VertexPropertyDelta]()
	edgeDeltaKeys   = keysOf[EdgeDelta]()
	edgePropKeys    = keysOf[EdgePropertyDelta]()
	txnStartKeys    = keysOf[TxnStart]()
	txnEndKeys      = keysOf[TxnEnd]()
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
	default:
		return b, false
	}
	return append(b, '}'), true
}
