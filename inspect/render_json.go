package inspect

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/internal/decimal"
)

// WriteJSONL prints one JSON object per record (schema: spec/jsonl.md).
func WriteJSONL(w io.Writer, f *datadir.File) error { return WriteJSONLWith(w, f, nil) }

// WriteJSONLWith is WriteJSONL for the records opts selects.
func WriteJSONLWith(w io.Writer, f *datadir.File, opts *DumpOptions) error {
	src, openErr := opts.source(f)
	file, _ := opts.lead(openErr)
	j := &jsonDump{out: newDumpOut(w), file: file}
	if file != nil {
		j.name = file.File
	}
	j.framePrefix = j.prefix("frame")
	j.edgePrefix = j.prefix("edge")
	j.vertexPrefix = j.prefix("vertex")
	err := opts.walk(f, src, recordSink{record: j.record, frames: j.frames, snap: j.snap})
	if ferr := j.out.flush(); err == nil {
		err = ferr
	}
	return err
}

// jsonDump prints the records of one file as JSON lines, each written as
// json.Encoder with HTML escaping off writes a jsonRecord (the value is
// compact JSON already), without its reflection and second pass over the
// value.
type jsonDump struct {
	out  dumpOut
	file *DumpFile // its "file" record not yet printed
	name string    // the envelope's "file"
	strs [3]jsonStrings
	// The start of a frame's, an edge's and a vertex record's line, up to
	// its offset.
	framePrefix, edgePrefix, vertexPrefix []byte
	txn                                   txnText
	values                                format.JSONValueWriter
	rec                                   snapRecord // a record built, as the views print
	fr                                    walFrame   // a frame built, as the views print
}

// prefix is the start of the line of a record of kind, up to its offset.
func (j *jsonDump) prefix(kind string) []byte {
	r := jsonRecord{Record: kind, File: j.name}
	b := r.appendHead(nil, &j.strs)
	return b[:bytes.LastIndex(b, []byte(`,"offset":`))+len(`,"offset":`)]
}

// start returns the output buffer with the "file" record printed before
// the first record.
func (j *jsonDump) start() ([]byte, error) {
	b := j.out.buf
	if j.file == nil {
		return b, nil
	}
	v, err := json.Marshal(j.file)
	if err != nil {
		return b, err
	}
	var w bytes.Buffer
	enc := json.NewEncoder(&w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(jsonRecord{Record: "file", File: j.name, Value: v}); err != nil {
		return b, err
	}
	j.file = nil
	return append(b, w.Bytes()...), nil
}

// end ends the line of a record whose value is appended to b, or drops it
// when its value has no JSON form.
func (j *jsonDump) end(b []byte, lineStart int, err error) error {
	if err != nil {
		j.out.buf = b[:lineStart]
		return err
	}
	return j.out.wrote(append(b, '}', '\n'))
}

func (j *jsonDump) record(r Record) error {
	b, err := j.start()
	if err != nil {
		return err
	}
	at := len(b)
	if fr, ok := r.Value.(format.Frame); ok && !r.Partial {
		j.fr.ofFrame(&fr, r.Txn)
		b, err = j.appendFrame(b, &j.fr)
		return j.end(b, at, err)
	}
	out := jsonRecord{Record: r.Kind, File: j.name, Offset: r.Offset, Partial: r.Partial}
	value := r.Value
	if fr, ok := r.Value.(format.Frame); ok {
		txn, ts := r.Txn, r.Timestamp
		out.Txn, out.Timestamp, out.Type, out.Size, value = &txn, &ts, fr.Marker.String(), fr.Size, fr.Delta
	}
	b = out.appendHead(b, &j.strs)
	switch v := value.(type) {
	case format.VertexRecord:
		j.rec.ofVertex(&v)
		b, err = j.appendRecord(b, &j.rec)
	case format.EdgeRecord:
		j.rec.ofEdge(&v)
		b, err = j.appendRecord(b, &j.rec)
	case format.EdgeIndices:
		return j.edgeIndices(b, at, &v, vectorEntries{})
	case *edgeIndicesView:
		return j.edgeIndices(b, at, &v.EdgeIndices, vectorEntries{view: v})
	default:
		b, err = format.AppendJSON(b, value)
	}
	return j.end(b, at, err)
}

// edgeIndices prints the line of an edge-indices record, begun in b at
// lineStart, its vector indices' entries from src as they are read.
func (j *jsonDump) edgeIndices(b []byte, lineStart int, ei *format.EdgeIndices, src vectorEntries) error {
	b, spilled, err := j.appendEdgeIndices(b, ei, src)
	if err != nil && spilled {
		return err // what is not written of the line is dropped
	}
	return j.end(b, lineStart, err)
}

// frames prints a run of frames.
func (j *jsonDump) frames(_ format.Version, frames []walFrame) error {
	for k := range frames {
		b, err := j.start()
		if err != nil {
			return err
		}
		at := len(b)
		b, err = j.appendFrame(b, &frames[k])
		if err := j.end(b, at, err); err != nil {
			return err
		}
	}
	return nil
}

// appendFrame appends a frame's line up to its closing brace.
func (j *jsonDump) appendFrame(b []byte, fr *walFrame) ([]byte, error) {
	h := &fr.head
	b = j.appendFrameHead(append(b, j.framePrefix...), h.Offset, h.Txn, h.Timestamp, h.Marker, h.Size)
	if fr.held {
		return j.appendFields(b, &fr.fields)
	}
	return format.AppendJSON(b, fr.delta)
}

// appendFrameHead appends a frame's line from its offset to its value,
// as jsonRecord.appendHead writes it.
func (j *jsonDump) appendFrameHead(b []byte, off int64, txn int, ts uint64, m format.Marker, size int64) []byte {
	b = decimal.AppendInt(b, off)
	b = append(b, j.txn.of(txn, ts, appendTxnJSON)...)
	b = append(b, markerTypes[m]...)
	if size != 0 {
		b = decimal.AppendInt(append(b, `,"size":`...), size)
	}
	return append(b, `,"value":`...)
}

// appendFields appends the JSON of the delta f as format.AppendJSON writes
// the delta built (keys from its json tags, fields in declaration order).
func (j *jsonDump) appendFields(b []byte, f *deltaFields) (_ []byte, err error) {
	switch f.kind {
	case kindVertex:
		b = decimal.AppendUint(append(b, vertexDeltaJSON[0]...), f.gid)
	case kindLabel:
		b = decimal.AppendUint(append(b, labelDeltaJSON[0]...), f.gid)
		b = format.AppendJSONString(append(b, labelDeltaJSON[1]...), f.name)
	case kindVertexProp:
		b = decimal.AppendUint(append(b, vertexPropJSON[0]...), f.gid)
		b = format.AppendJSONString(append(b, vertexPropJSON[1]...), f.name)
		b, err = j.appendValue(append(b, vertexPropJSON[2]...), f)
	case kindEdge:
		b = decimal.AppendUint(append(b, edgeDeltaJSON[0]...), f.gid)
		b = format.AppendJSONString(append(b, edgeDeltaJSON[1]...), f.name)
		b = decimal.AppendUint(append(b, edgeDeltaJSON[2]...), f.from)
		b = decimal.AppendUint(append(b, edgeDeltaJSON[3]...), f.to)
	case kindEdgeProp:
		b = decimal.AppendUint(append(b, edgePropJSON[0]...), f.gid)
		b = format.AppendJSONString(append(b, edgePropJSON[1]...), f.name)
		b, err = j.appendValue(append(b, edgePropJSON[2]...), f)
		b = decimal.AppendUint(append(b, edgePropJSON[3]...), f.from)
		b = decimal.AppendUint(append(b, edgePropJSON[4]...), f.to)
		b = format.AppendJSONString(append(b, edgePropJSON[5]...), f.edgeType)
	case kindTxnStart:
		b = strconv.AppendBool(append(b, txnStartJSON[0]...), f.commit)
		b = decimal.AppendUint(append(b, txnStartJSON[1]...), f.access)
	case kindTxnEnd:
		b = decimal.AppendUint(append(b, txnEndJSON[0]...), uint64(f.crc))
	}
	return append(b, '}'), err
}

// appendValue appends the delta's property value, written by j.values.
func (j *jsonDump) appendValue(b []byte, f *deltaFields) ([]byte, error) {
	w := &j.values
	w.B = b
	err := f.writeValue(w)
	b, w.B = w.B, nil
	w.Reset()
	return b, err
}

var (
	vertexDeltaJSON  = format.JSONKeys[format.VertexDelta]()
	labelDeltaJSON   = format.JSONKeys[format.LabelDelta]()
	vertexPropJSON   = format.JSONKeys[format.VertexPropertyDelta]()
	edgeDeltaJSON    = format.JSONKeys[format.EdgeDelta]()
	edgePropJSON     = format.JSONKeys[format.EdgePropertyDelta]()
	txnStartJSON     = format.JSONKeys[format.TxnStart]()
	txnEndJSON       = format.JSONKeys[format.TxnEnd]()
	vertexRecordJSON = format.JSONKeys[format.VertexRecord]()
	edgeRecordJSON   = format.JSONKeys[format.EdgeRecord]()
	propertyJSON     = format.JSONKeys[format.Property]()
	edgeRefJSON      = format.JSONKeys[format.EdgeRef]()
)

func appendTxnJSON(b []byte, txn int, ts uint64) []byte {
	b = decimal.AppendInt(append(b, `,"txn":`...), int64(txn))
	return decimal.AppendUint(append(b, `,"timestamp":`...), ts)
}

// markerTypes are the "type" keys of frame lines, by marker.
var markerTypes = func() (t [256][]byte) {
	for m := range t {
		if name := format.Marker(m).String(); name != "" {
			t[m] = append([]byte(`,"type":`), encodeJSONString(name)...)
		}
	}
	return t
}()

// snap prints an edge or vertex record.
func (j *jsonDump) snap(_ format.Version, r *snapRecord) error {
	b, err := j.start()
	if err != nil {
		return err
	}
	at := len(b)
	prefix := j.edgePrefix
	if r.vertex {
		prefix = j.vertexPrefix
	}
	b = decimal.AppendUint(append(b, prefix...), r.offset)
	b, err = j.appendRecord(append(b, `,"value":`...), r)
	return j.end(b, at, err)
}

// appendRecord appends the JSON of the edge or vertex record r as
// format.AppendJSON writes the record built.
func (j *jsonDump) appendRecord(b []byte, r *snapRecord) ([]byte, error) {
	keys := &edgeRecordJSON
	if r.vertex {
		keys = &vertexRecordJSON
	}
	b = decimal.AppendUint(append(b, (*keys)[0]...), r.offset)
	b = decimal.AppendUint(append(b, (*keys)[1]...), r.gid)
	k := 2
	if r.vertex {
		b = append(b, (*keys)[2]...)
		b = append(b, '[')
		for i, l := range r.labels {
			if i > 0 {
				b = append(b, ',')
			}
			b = decimal.AppendUint(b, l)
		}
		b = append(b, ']')
		k = 3
	}
	b = append(append(b, (*keys)[k]...), '[')
	w := &j.values
	for i := range r.props {
		p := &r.props[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = decimal.AppendUint(append(b, propertyJSON[0]...), p.id)
		w.B = append(b, propertyJSON[1]...)
		err := r.writeValue(p, w)
		b, w.B = w.B, nil
		if err != nil {
			w.Reset()
			return b, err
		}
		b = append(b, '}')
	}
	b = append(b, ']')
	if r.vertex {
		b = appendEdgeRefsJSON(append(b, vertexRecordJSON[4]...), r.in)
		b = appendEdgeRefsJSON(append(b, vertexRecordJSON[5]...), r.out)
	}
	return append(b, '}'), nil
}

func appendEdgeRefsJSON(b []byte, refs []format.EdgeRef) []byte {
	b = append(b, '[')
	for i, r := range refs {
		if i > 0 {
			b = append(b, ',')
		}
		b = decimal.AppendUint(append(b, edgeRefJSON[0]...), r.Edge)
		b = decimal.AppendUint(append(b, edgeRefJSON[1]...), r.Other)
		b = decimal.AppendUint(append(b, edgeRefJSON[2]...), r.Type)
		b = append(b, '}')
	}
	return append(b, ']')
}

// jsonRecord is one line of `dump --format jsonl` (spec/jsonl.md).
type jsonRecord struct {
	Record    string          `json:"record"`
	File      string          `json:"file,omitempty"`
	Offset    int64           `json:"offset"`
	Txn       *int            `json:"txn,omitempty"`
	Timestamp *uint64         `json:"timestamp,omitempty"`
	Type      string          `json:"type,omitempty"`
	Size      int64           `json:"size,omitempty"`
	Partial   bool            `json:"partial,omitempty"`
	Value     json.RawMessage `json:"value"`
}

// appendHead appends the line of r up to its value: what enc.Encode
// writes before the value, field by field (omitempty as tagged).
func (r *jsonRecord) appendHead(b []byte, strs *[3]jsonStrings) []byte {
	b = strs[0].append(append(b, `{"record":`...), r.Record)
	if r.File != "" {
		b = strs[1].append(append(b, `,"file":`...), r.File)
	}
	b = decimal.AppendInt(append(b, `,"offset":`...), r.Offset)
	if r.Txn != nil {
		b = decimal.AppendInt(append(b, `,"txn":`...), int64(*r.Txn))
	}
	if r.Timestamp != nil {
		b = decimal.AppendUint(append(b, `,"timestamp":`...), *r.Timestamp)
	}
	if r.Type != "" {
		b = strs[2].append(append(b, `,"type":`...), r.Type)
	}
	if r.Size != 0 {
		b = decimal.AppendInt(append(b, `,"size":`...), r.Size)
	}
	if r.Partial {
		b = append(b, `,"partial":true`...)
	}
	return append(b, `,"value":`...)
}

// jsonStrings encodes strings as a json.Encoder with HTML escaping off
// does, remembering the few distinct ones a dump has (record kinds, delta
// types, the file name); the last one looked up is checked first.
type jsonStrings struct {
	m        map[string][]byte
	last     string
	lastJSON []byte
}

func (m *jsonStrings) append(b []byte, s string) []byte {
	if s == m.last && m.lastJSON != nil {
		return append(b, m.lastJSON...)
	}
	if q, ok := m.m[s]; ok {
		m.last, m.lastJSON = s, q
		return append(b, q...)
	}
	q := encodeJSONString(s)
	if m.m == nil {
		m.m = map[string][]byte{}
	}
	if len(m.m) < 1024 {
		m.m[s] = q
	}
	return append(b, q...)
}

// encodeJSONString is s as a json.Encoder with HTML escaping off writes it.
func encodeJSONString(s string) []byte {
	var w bytes.Buffer
	enc := json.NewEncoder(&w)
	enc.SetEscapeHTML(false)
	enc.Encode(s) // a string always encodes
	return bytes.TrimSuffix(w.Bytes(), []byte("\n"))
}
