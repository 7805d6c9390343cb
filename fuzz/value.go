package fuzz

import (
	"encoding/json"
	"fmt"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
)

// numVersions is how many format versions there are.
const numVersions = int(format.MaxVersion-format.MinVersion) + 1

// ValueInput is the input CheckValue reads: one byte choosing the version
// (MinVersion + b % numVersions), then the property value's bytes.
func ValueInput(v format.Version, value []byte) []byte {
	return append([]byte{byte(v - format.MinVersion)}, value...)
}

// CheckValue decodes data as one property value (see ValueInput): typed
// errors within budget, and a decoded value re-encodes to the same bytes,
// nests within the limit and prints as Cypher and JSON; handed to a
// decode.ValueVisitor, it is the same value (or the same error). In a WAL frame,
// the value reads the same through WAL.NextFrames as through NextFrame.
func CheckValue(data []byte) error {
	return guard(func() error { return metered.value(data) })
}

func (p props) value(data []byte) error {
	if len(data) == 0 {
		return nil
	}
	v := format.MinVersion + format.Version(int(data[0])%numVersions)
	b := data[1:]
	var val format.Value
	var err error
	if e := p.within("decode.Value", Budget(len(b)), func() { val, err = decode.Value(b, v) }); e != nil {
		return e
	}
	if e := typed("decode.Value", err, int64(len(b)), valueClasses); e != nil {
		return e
	}
	// The value handed to a ValueVisitor is the value built, or the same error.
	var visited error
	if e := p.within("decode.VisitValue", Budget(len(b)), func() {
		visited = sameVisit("decode.VisitValue", func(vis decode.ValueVisitor) error { return decode.VisitValue(b, v, vis) }, val, err)
	}); e != nil {
		return e
	}
	if visited != nil {
		return visited
	}
	// The value in a frame, where WAL.NextFrames reads it on its fast path,
	// must read as the decoder reads it there, whether it decodes or not.
	wal, e := walHolding(v, b)
	if e != nil {
		return fmt.Errorf("%s: no WAL holds the value: %v", v, e)
	}
	if e := nextFrames(wal, 4); e != nil {
		return fmt.Errorf("%s: the value in a WAL frame: %v", v, e)
	}
	if err != nil {
		return nil
	}
	if e := shallow([]format.Value{val}); e != nil {
		return e
	}
	again, err := encode.AppendValue(nil, val, v)
	if err != nil {
		return fmt.Errorf("%s: decoded %#v, which the encoder refuses: %v", v, val, err)
	}
	if e := sameBytes("re-encoded value", again, b); e != nil {
		return e
	}
	var cypher []byte
	if e := p.within("Cypher value", Budget(len(b)), func() { cypher = graph.AppendCypherValue(nil, val, nil) }); e != nil {
		return e
	}
	if len(cypher) == 0 {
		return fmt.Errorf("empty Cypher text for %#v", val)
	}
	js, err := json.Marshal(val)
	if err != nil || !json.Valid(js) {
		return fmt.Errorf("JSON of %#v: %s, %v", val, js, err)
	}
	return nil
}
