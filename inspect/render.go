package inspect

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
)

// DumpOptions select and observe the records WriteTextWith and
// WriteJSONLWith print.
type DumpOptions struct {
	Filter *RecordFilter // nil prints every record
	// Selection, when set, runs the filter instead, across the files of a
	// dump of several (the limit counts them all).
	Selection *Selection
	// Progress, if set, is called now and then with the offset reached.
	Progress func(done int64)
	// File, when set, introduces the file in a dump of several: text prints
	// a "# " line before its first record, JSONL a "file" record and a
	// "file" key on each line.
	File *DumpFile
	// BestEffort dumps what decodes of a snapshot whose records cannot be
	// read (SnapshotBlocked; one cut short): its records are Partial, and
	// the error is a *BestEffortError.
	BestEffort bool
}

// DumpFile introduces one file of a dump of several.
type DumpFile struct {
	File             string       `json:"-"` // as given, or relative to the data directory (the envelope's "file")
	Kind             datadir.Kind `json:"kind"`
	SeqNum           *uint64      `json:"seq_num,omitempty"`
	FromTimestamp    *uint64      `json:"from_timestamp,omitempty"`
	ToTimestamp      *uint64      `json:"to_timestamp,omitempty"`
	DurableTimestamp *uint64      `json:"durable_timestamp,omitempty"`
	// Recovery says what recovery does with the file, as plan prints it
	// (a data directory only).
	Recovery string `json:"recovery,omitempty"`
	// Note says why the file is where it is in the order, when that is not
	// the rule's.
	Note string `json:"note,omitempty"`
}

// textLine is the "# " line that introduces the file in a text dump.
func (d *DumpFile) textLine() []byte {
	b := fmt.Appendf(nil, "# %s: %s", d.File, d.Kind)
	if d.SeqNum != nil {
		b = fmt.Appendf(b, " seq_num=%d", *d.SeqNum)
	}
	if d.FromTimestamp != nil && d.ToTimestamp != nil {
		b = fmt.Appendf(b, " timestamps=%d..%d", *d.FromTimestamp, *d.ToTimestamp)
	}
	if d.DurableTimestamp != nil {
		b = fmt.Appendf(b, " durable_timestamp=%d", *d.DurableTimestamp)
	}
	if d.Recovery != "" {
		b = append(b, "; recovery: "...)
		b = append(b, d.Recovery...)
	}
	if d.Note != "" {
		b = append(b, "; "...)
		b = append(b, d.Note...)
	}
	return append(b, '\n')
}

// source picks how f is read: its records, or, with BestEffort, what
// decodes of a snapshot whose records cannot be read (SnapshotBlocked).
func (o *DumpOptions) source(f *datadir.File) (src recordSource, openErr error) {
	if o != nil && o.BestEffort && f.Kind == datadir.KindSnapshot {
		if err := SnapshotBlocked(f); err != nil {
			return prefixSource(f, err), err
		}
	}
	return fileSource(f), nil
}

// walk runs the filtered record walk of src, reporting progress.
func (o *DumpOptions) walk(f *datadir.File, src recordSource, fn func(Record) error) error {
	if o == nil {
		return src.walk(fn)
	}
	sel := o.Selection
	if sel == nil {
		if err := o.Filter.Check(f.Kind); err != nil {
			return err
		}
		sel = o.Filter.Select()
	}
	n := 0
	return sel.run(src, func(r Record) error {
		if n++; o.Progress != nil && n%progressEvery == 0 {
			o.Progress(r.Offset)
		}
		return fn(r)
	})
}

// lead returns what precedes the first record printed: the file's line in
// a dump of several, and the best-effort mark.
func (o *DumpOptions) lead(openErr error) (file *DumpFile, partial string) {
	if o == nil {
		return nil, ""
	}
	if openErr != nil {
		partial = "# best effort: " + openErr.Error() + "; below is what decodes of the file\n"
	}
	return o.File, partial
}

// WriteText prints one line per record: "@offset kind fields...". Values
// print as the Cypher dump prints them; strings are Go-quoted.
func WriteText(w io.Writer, f *datadir.File) error { return WriteTextWith(w, f, nil) }

// WriteTextWith is WriteText for the records opts selects.
func WriteTextWith(w io.Writer, f *datadir.File, opts *DumpOptions) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	src, openErr := opts.source(f)
	// The mapper and enums sit after the records in a snapshot; read them
	// first so records print names. Failures surface again in the walk.
	names := newMappedNames(nil)
	var enums graph.EnumNames
	if f.Kind == datadir.KindSnapshot {
		if mapper, err := src.mapper(); err == nil {
			names = newMappedNames(graph.ResolveMapper(mapper).Names())
		}
		if list, err := src.enums(); err == nil {
			enums = graph.EnumTable(list)
		}
	}
	file, partial := opts.lead(openErr)
	var line []byte
	err := opts.walk(f, src, func(r Record) error {
		if file != nil {
			bw.Write(file.textLine())
			file = nil
		}
		if partial != "" {
			bw.WriteString(partial)
			partial = ""
		}
		ft := format.FeaturesOf(r.Version)
		b := strconv.AppendInt(append(line[:0], '@'), r.Offset, 10)
		b = append(b, ' ')
		switch v := r.Value.(type) {
		case format.Frame:
			b = strconv.AppendInt(append(b, "txn="...), int64(r.Txn), 10)
			b = strconv.AppendUint(append(b, " ts="...), r.Timestamp, 10)
			b = append(append(b, ' '), v.Marker.String()...)
			b = appendFields(b, reflect.ValueOf(v.Delta), ft)
		case format.VertexRecord:
			b = append(strconv.AppendUint(append(b, "vertex gid="...), v.Gid, 10), " labels=["...)
			for i, l := range v.Labels {
				if i > 0 {
					b = append(b, ' ')
				}
				b = appendMapped(b, names, l)
			}
			b = append(b, "] properties="...)
			b = appendRecordProps(b, names, enums, v.Properties)
			b = appendEdgeRefs(append(b, " in="...), names, v.InEdges, "<-")
			b = appendEdgeRefs(append(b, " out="...), names, v.OutEdges, "->")
		case format.EdgeRecord:
			b = append(strconv.AppendUint(append(b, "edge gid="...), v.Gid, 10), " properties="...)
			b = appendRecordProps(b, names, enums, v.Properties)
		case []format.MapperEntry:
			b = append(b, "mapper"...)
			for _, e := range v {
				b = fmt.Appendf(b, " %d=%q", e.ID, e.Name)
			}
		default:
			b = append(b, r.Kind...)
			b = appendFields(b, reflect.ValueOf(r.Value), ft)
		}
		b = append(b, '\n')
		line = b // the next record's line reuses the memory
		_, err := bw.Write(b)
		return err
	})
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	return err
}

// mappedNames renders mapper ids as the text dump prints them: the name
// as Cypher writes it, or #id when the mapper lacks the id. Each name is
// rendered once; small ids are looked up in a table.
type mappedNames struct {
	dense [][]byte // by id
	has   []bool
	other map[uint64][]byte
}

func newMappedNames(names map[uint64]string) *mappedNames {
	m := &mappedNames{other: map[uint64][]byte{}}
	var top uint64
	for id := range names {
		if id < 1<<20 {
			top = max(top, id+1)
		}
	}
	m.dense, m.has = make([][]byte, top), make([]bool, top)
	for id, n := range names {
		r := graph.AppendCypherName(nil, n)
		if id < top {
			m.dense[id], m.has[id] = r, true
		} else {
			m.other[id] = r
		}
	}
	return m
}

func appendMapped(b []byte, names *mappedNames, id uint64) []byte {
	if id < uint64(len(names.has)) {
		if names.has[id] {
			return append(b, names.dense[id]...)
		}
	} else if r, ok := names.other[id]; ok {
		return append(b, r...)
	}
	return strconv.AppendUint(append(b, '#'), id, 10)
}

func appendRecordProps(b []byte, names *mappedNames, enums graph.EnumNames, props []format.Property) []byte {
	b = append(b, '{')
	for i, p := range props {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = appendMapped(b, names, p.ID)
		b = append(b, ": "...)
		b = graph.AppendCypherValue(b, p.Value, enums)
	}
	return append(b, '}')
}

func appendEdgeRefs(b []byte, names *mappedNames, refs []format.EdgeRef, arrow string) []byte {
	b = append(b, '[')
	for i, r := range refs {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(strconv.AppendUint(b, r.Edge, 10), ':')
		b = appendMapped(b, names, r.Type)
		b = strconv.AppendUint(append(b, arrow...), r.Other, 10)
	}
	return append(b, ']')
}

// appendFields prints " name=value" for each exported field of a struct (or
// the value itself for other kinds), generically so new model fields show up.
// Fields whose `feature` tag the version lacks are not in the file and are skipped.
// AppendDeltaFields appends the fields of delta d as the text dump prints
// them (" name=value" each, fields ft lacks left out).
func AppendDeltaFields(dst []byte, d format.Delta, ft format.Features) []byte {
	return appendFields(dst, reflect.ValueOf(d), ft)
}

func appendFields(b []byte, v reflect.Value, ft format.Features) []byte {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return b
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return appendFieldValue(append(b, ' '), v, ft)
	}
	for _, f := range textFieldsOf(v.Type()) {
		if f.embedded {
			b = appendFields(b, v.Field(f.index), ft)
			continue
		}
		if !ft.Has(f.feature) {
			continue
		}
		fv := v.Field(f.index)
		if f.nilable && fv.IsNil() {
			continue // absent in this version or empty
		}
		b = append(b, f.key...)
		b = appendFieldValueOf(b, fv, ft, f.isValue)
	}
	return b
}

// textField is an exported field of a struct as the text dump prints it.
type textField struct {
	index    int
	embedded bool
	feature  format.Feature // the field exists with it (its feature tag)
	nilable  bool           // a pointer or slice, left out when nil (not a format.Value)
	isValue  bool           // a format.Value, or a type that is one
	key      []byte         // " key="
}

// textFields caches the fields of struct types, read once per type.
var textFields sync.Map // reflect.Type -> []textField

func textFieldsOf(t reflect.Type) []textField {
	if f, ok := textFields.Load(t); ok {
		return f.([]textField)
	}
	var out []textField
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		if sf.Anonymous {
			out = append(out, textField{index: i, embedded: true})
			continue
		}
		k := sf.Type.Kind()
		key, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		out = append(out, textField{index: i, feature: format.TagFeature(sf.Tag),
			nilable: (k == reflect.Pointer || k == reflect.Slice) && sf.Type != valueType,
			isValue: sf.Type == valueType || sf.Type.Implements(valueType),
			key:     []byte(" " + key + "=")})
	}
	textFields.Store(t, out)
	return out
}

var valueType = reflect.TypeOf((*format.Value)(nil)).Elem()

func appendFieldValue(b []byte, v reflect.Value, ft format.Features) []byte {
	return appendFieldValueOf(b, v, ft, v.Type() == valueType || v.Type().Implements(valueType))
}

// appendFieldValueOf is appendFieldValue when whether v's type is a
// property value is known (a struct field's, read once per type).
func appendFieldValueOf(b []byte, v reflect.Value, ft format.Features, isValue bool) []byte {
	if isValue {
		if v.Kind() == reflect.Interface && v.IsNil() {
			return append(b, "none"...)
		}
		return graph.AppendCypherValue(b, v.Interface().(format.Value), nil)
	}
	switch v.Kind() {
	case reflect.String:
		return strconv.AppendQuote(b, v.String())
	case reflect.Bool:
		return strconv.AppendBool(b, v.Bool())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if v.Type() == reflect.TypeOf(format.Marker(0)) {
			return append(b, format.Marker(v.Uint()).String()...)
		}
		if v.Uint() == format.UnknownGid {
			return append(b, "unknown"...)
		}
		return strconv.AppendUint(b, v.Uint(), 10)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.AppendInt(b, v.Int(), 10)
	case reflect.Float32, reflect.Float64:
		return strconv.AppendFloat(b, v.Float(), 'g', -1, 64)
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return fmt.Appendf(b, "%x", v.Bytes())
		}
		b = append(b, '[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				b = append(b, ' ')
			}
			b = appendFieldValue(b, v.Index(i), ft)
		}
		return append(b, ']')
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return append(b, "none"...)
		}
		return appendFieldValue(b, v.Elem(), ft)
	case reflect.Struct:
		b = append(b, '{')
		b = append(b, strings.TrimPrefix(string(appendFields(nil, v, ft)), " ")...)
		return append(b, '}')
	}
	return fmt.Appendf(b, "%v", v.Interface())
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
	b = strconv.AppendInt(append(b, `,"offset":`...), r.Offset, 10)
	if r.Txn != nil {
		b = strconv.AppendInt(append(b, `,"txn":`...), int64(*r.Txn), 10)
	}
	if r.Timestamp != nil {
		b = strconv.AppendUint(append(b, `,"timestamp":`...), *r.Timestamp, 10)
	}
	if r.Type != "" {
		b = strs[2].append(append(b, `,"type":`...), r.Type)
	}
	if r.Size != 0 {
		b = strconv.AppendInt(append(b, `,"size":`...), r.Size, 10)
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
	var w bytes.Buffer
	enc := json.NewEncoder(&w)
	enc.SetEscapeHTML(false)
	enc.Encode(s) // a string always encodes
	q := bytes.TrimSuffix(w.Bytes(), []byte("\n"))
	if m.m == nil {
		m.m = map[string][]byte{}
	}
	if len(m.m) < 1024 {
		m.m[s] = q
	}
	return append(b, q...)
}

// WriteJSONL prints one JSON object per record (schema: spec/jsonl.md).
func WriteJSONL(w io.Writer, f *datadir.File) error { return WriteJSONLWith(w, f, nil) }

// WriteJSONLWith is WriteJSONL for the records opts selects.
func WriteJSONLWith(w io.Writer, f *datadir.File, opts *DumpOptions) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	var buf []byte
	src, openErr := opts.source(f)
	file, _ := opts.lead(openErr)
	name := ""
	if file != nil {
		name = file.File
	}
	var strs [3]jsonStrings // record kinds, file names, delta types
	err := opts.walk(f, src, func(r Record) error {
		if file != nil {
			v, err := json.Marshal(file)
			if err != nil {
				return err
			}
			if err := enc.Encode(jsonRecord{Record: "file", File: name, Value: v}); err != nil {
				return err
			}
			file = nil
		}
		out := jsonRecord{Record: r.Kind, File: name, Offset: r.Offset, Partial: r.Partial}
		value := r.Value
		if fr, ok := r.Value.(format.Frame); ok {
			txn, ts := r.Txn, r.Timestamp
			out.Txn, out.Timestamp, out.Type, out.Size, value = &txn, &ts, fr.Marker.String(), fr.Size, fr.Delta
		}
		// The line, written as enc.Encode writes a jsonRecord (the value is
		// already compact JSON), without encoding/json's reflection and
		// second pass over the value.
		buf = out.appendHead(buf[:0], &strs)
		var err error
		if buf, err = format.AppendJSON(buf, value); err != nil {
			return err
		}
		_, err = bw.Write(append(buf, '}', '\n'))
		return err
	})
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	return err
}
