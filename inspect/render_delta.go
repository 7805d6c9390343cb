package inspect

import (
	"reflect"
	"strconv"

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

// appendDeltaText appends the fields of d if its type is one of the above;
// ok is false, and nothing appended, for any other.
func appendDeltaText(b []byte, d format.Delta, ft format.Features) (_ []byte, ok bool) {
	var has bool
	switch x := d.(type) {
	case format.VertexDelta:
		p := &vertexDeltaText
		if b, has = p.key(b, ft, 0); has {
			b = appendUintText(b, x.Gid)
		}
	case format.LabelDelta:
		p := &labelDeltaText
		if b, has = p.key(b, ft, 0); has {
			b = appendUintText(b, x.Gid)
		}
		if b, has = p.key(b, ft, 1); has {
			b = appendQuoted(b, x.Label)
		}
	case format.VertexPropertyDelta:
		p := &vertexPropText
		if b, has = p.key(b, ft, 0); has {
			b = appendUintText(b, x.Gid)
		}
		if b, has = p.key(b, ft, 1); has {
			b = appendQuoted(b, x.Property)
		}
		if b, has = p.key(b, ft, 2); has {
			b = appendValueText(b, x.Value)
		}
	case format.EdgeDelta:
		p := &edgeDeltaText
		if b, has = p.key(b, ft, 0); has {
			b = appendUintText(b, x.Gid)
		}
		if b, has = p.key(b, ft, 1); has {
			b = appendQuoted(b, x.EdgeType)
		}
		if b, has = p.key(b, ft, 2); has {
			b = appendUintText(b, x.From)
		}
		if b, has = p.key(b, ft, 3); has {
			b = appendUintText(b, x.To)
		}
	case format.EdgePropertyDelta:
		p := &edgePropText
		if b, has = p.key(b, ft, 0); has {
			b = appendUintText(b, x.Gid)
		}
		if b, has = p.key(b, ft, 1); has {
			b = appendQuoted(b, x.Property)
		}
		if b, has = p.key(b, ft, 2); has {
			b = appendValueText(b, x.Value)
		}
		if b, has = p.key(b, ft, 3); has {
			b = appendUintText(b, x.From)
		}
		if b, has = p.key(b, ft, 4); has {
			b = appendUintText(b, x.To)
		}
		if b, has = p.key(b, ft, 5); has {
			b = appendQuoted(b, x.EdgeType)
		}
	case format.TxnStart:
		p := &txnStartText
		if b, has = p.key(b, ft, 0); has {
			b = strconv.AppendBool(b, x.Commit)
		}
		if b, has = p.key(b, ft, 1); has {
			b = appendUintText(b, x.AccessType)
		}
	case format.TxnEnd:
		if b, has = txnEndText.key(b, ft, 0); has {
			b = appendUintText(b, uint64(x.CRC))
		}
	default:
		return b, false
	}
	return b, true
}

// appendUintText prints an unsigned field: "unknown" for format.UnknownGid.
func appendUintText(b []byte, u uint64) []byte {
	if u == format.UnknownGid {
		return append(b, "unknown"...)
	}
	return decimal.AppendUint(b, u)
}

// appendValueText prints a property value field: "none" when absent.
func appendValueText(b []byte, v format.Value) []byte {
	if v == nil {
		return append(b, "none"...)
	}
	return graph.AppendCypherValue(b, v, nil)
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
