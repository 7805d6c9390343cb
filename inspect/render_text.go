package inspect

import (
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/internal/decimal"
)

// WriteText prints one line per record: "@offset kind fields...". Values
// print as the Cypher dump prints them; strings are Go-quoted.
func WriteText(w io.Writer, f *datadir.File) error { return WriteTextWith(w, f, nil) }

// WriteTextWith is WriteText for the records opts selects.
func WriteTextWith(w io.Writer, f *datadir.File, opts *DumpOptions) error {
	src, openErr := opts.source(f)
	t := &textDump{out: newDumpOut(w), names: newMappedNames(nil)}
	// The mapper and enums sit after the records in a snapshot; read them
	// first so records print names. Failures surface again in the walk.
	if f.Kind == datadir.KindSnapshot {
		if mapper, err := src.mapper(); err == nil {
			t.names = newMappedNames(graph.ResolveMapper(mapper).Names())
		}
		if list, err := src.enums(); err == nil {
			t.enums = graph.EnumTable(list)
		}
	}
	t.file, t.partial = opts.lead(openErr)
	err := opts.walk(f, src, recordSink{record: t.record, frames: t.frames, snap: t.snap})
	if ferr := t.out.flush(); err == nil {
		err = ferr
	}
	return err
}

// textDump prints the records of one file as text.
type textDump struct {
	out     dumpOut
	names   *mappedNames
	enums   graph.EnumNames
	file    *DumpFile // its line not yet printed
	partial string    // the best-effort mark not yet printed
	ft      featureCache
	txn     txnText
	values  graph.CypherValueWriter // of WAL frames
	records graph.CypherValueWriter // of snapshot records: enums resolved
	rec     snapRecord              // a record built, as the views print
	fr      walFrame                // a frame built, as the views print
}

// txnText is the rendering of a transaction index and timestamp last
// printed, which the frames of a transaction share.
type txnText struct {
	txn int
	ts  uint64
	b   []byte
}

// of returns the rendering for txn and ts, made with render when it is not
// the last one.
func (c *txnText) of(txn int, ts uint64, render func(b []byte, txn int, ts uint64) []byte) []byte {
	if c.b == nil || txn != c.txn || ts != c.ts {
		c.txn, c.ts, c.b = txn, ts, render(c.b[:0], txn, ts)
	}
	return c.b
}

// start returns the output buffer with what precedes the first record
// printed, and the line of a record at off begun.
func (t *textDump) start(off int64) []byte {
	b := t.out.buf
	if t.file != nil {
		b = append(b, t.file.textLine()...)
		t.file = nil
	}
	if t.partial != "" {
		b = append(b, t.partial...)
		t.partial = ""
	}
	b = decimal.AppendInt(append(b, '@'), off)
	return append(b, ' ')
}

func (t *textDump) record(r Record) error {
	ft := t.ft.of(r.Version)
	b := t.start(r.Offset)
	switch v := r.Value.(type) {
	case format.Frame:
		t.fr.ofFrame(&v, r.Txn)
		b, _ = t.appendFrame(b, ft, &t.fr) // a built value does not fail
	case format.VertexRecord:
		t.rec.ofVertex(&v)
		b, _ = t.appendRecord(b, &t.rec) // a built value does not fail
	case format.EdgeRecord:
		t.rec.ofEdge(&v)
		b, _ = t.appendRecord(b, &t.rec)
	case []format.MapperEntry:
		b = append(b, "mapper"...)
		for _, e := range v {
			b = fmt.Appendf(b, " %d=%q", e.ID, e.Name)
		}
	case format.EdgeIndices:
		return t.edgeIndices(b, r.Kind, &v, ft, vectorEntries{})
	case *edgeIndicesView:
		return t.edgeIndices(b, r.Kind, &v.EdgeIndices, ft, vectorEntries{view: v})
	default:
		b = append(b, r.Kind...)
		b = appendFields(b, reflect.ValueOf(r.Value), ft)
	}
	return t.out.wrote(append(b, '\n'))
}

// edgeIndices prints the line of an edge-indices record, b begun, its
// vector indices' entries from src as they are read.
func (t *textDump) edgeIndices(b []byte, kind string, ei *format.EdgeIndices, ft format.Features, src vectorEntries) error {
	b, _, err := t.appendEdgeIndices(append(b, kind...), ei, ft, src)
	if err != nil {
		return err // what is not written of the line is dropped
	}
	return t.out.wrote(append(b, '\n'))
}

// frames prints a run of frames.
func (t *textDump) frames(v format.Version, frames []walFrame) error {
	ft := t.ft.of(v)
	for k := range frames {
		fr := &frames[k]
		b, err := t.appendFrame(t.start(fr.head.Offset), ft, fr)
		if err != nil {
			return err
		}
		if err := t.out.wrote(append(b, '\n')); err != nil {
			return err
		}
	}
	return nil
}

// snap prints an edge or vertex record.
func (t *textDump) snap(_ format.Version, r *snapRecord) error {
	b, err := t.appendRecord(t.start(int64(r.offset)), r)
	if err != nil {
		return err
	}
	return t.out.wrote(append(b, '\n'))
}

// appendFrame appends "txn=N ts=T TYPE fields" of a frame.
func (t *textDump) appendFrame(b []byte, ft format.Features, fr *walFrame) ([]byte, error) {
	h := &fr.head
	b = append(b, t.txn.of(h.Txn, h.Timestamp, appendTxnText)...)
	b = append(b, markerNames[h.Marker]...)
	if fr.held {
		return appendFieldsText(b, &fr.fields, ft, &t.values)
	}
	return appendFields(b, reflect.ValueOf(fr.delta), ft), nil
}

func appendTxnText(b []byte, txn int, ts uint64) []byte {
	b = decimal.AppendInt(append(b, "txn="...), int64(txn))
	b = decimal.AppendUint(append(b, " ts="...), ts)
	return append(b, ' ')
}

// markerNames are the markers' names, as format.Marker.String gives them.
var markerNames = func() (names [256]string) {
	for m := range names {
		names[m] = format.Marker(m).String()
	}
	return names
}()

// appendRecord appends "vertex gid=... labels=[...] properties={...} in=[...]
// out=[...]" of a vertex record, "edge gid=... properties={...}" of an edge.
func (t *textDump) appendRecord(b []byte, r *snapRecord) ([]byte, error) {
	if !r.vertex {
		b = append(decimal.AppendUint(append(b, "edge gid="...), r.gid), " properties="...)
		return t.appendRecordProps(b, r)
	}
	b = append(decimal.AppendUint(append(b, "vertex gid="...), r.gid), " labels=["...)
	for i, l := range r.labels {
		if i > 0 {
			b = append(b, ' ')
		}
		b = appendMapped(b, t.names, l)
	}
	b, err := t.appendRecordProps(append(b, "] properties="...), r)
	if err != nil {
		return b, err
	}
	b = appendEdgeRefs(append(b, " in="...), t.names, r.in, "<-")
	return appendEdgeRefs(append(b, " out="...), t.names, r.out, "->"), nil
}

// appendRecordProps appends "{name: value, ...}", values as the Cypher
// dump prints them.
func (t *textDump) appendRecordProps(b []byte, r *snapRecord) ([]byte, error) {
	b = append(b, '{')
	w := &t.records
	w.Enums = t.enums
	for i := range r.props {
		p := &r.props[i]
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(appendMapped(b, t.names, p.id), ": "...)
		w.B = b
		err := r.writeValue(p, w)
		b, w.B = w.B, nil
		if err != nil {
			w.Reset()
			return b, err
		}
	}
	return append(b, '}'), nil
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
	return decimal.AppendUint(append(b, '#'), id)
}

func appendEdgeRefs(b []byte, names *mappedNames, refs []format.EdgeRef, arrow string) []byte {
	b = append(b, '[')
	for i, r := range refs {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(decimal.AppendUint(b, r.Edge), ':')
		b = appendMapped(b, names, r.Type)
		b = decimal.AppendUint(append(b, arrow...), r.Other)
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
	b, _ = appendStructFields(b, v, ft, false, nil)
	return b
}

// fieldWriter prints field index of a struct for appendStructFields, key
// (" name=") first, when it takes the field (handled): a field whose
// value is too large to hold, printed as it is read. wrote says whether
// it printed anything (a nil value prints nothing).
type fieldWriter func(b []byte, index int, key []byte) (_ []byte, handled, wrote bool, err error)

// appendStructFields is appendFields of a struct v, the fields write
// takes printed by it (when not nil). With trim the first field printed
// loses its leading space, as a struct printed inside a value does.
func appendStructFields(b []byte, v reflect.Value, ft format.Features, trim bool, write fieldWriter) ([]byte, error) {
	first := trim
	for _, f := range textFieldsOf(v.Type()) {
		if f.embedded {
			start := len(b)
			b = appendFields(b, v.Field(f.index), ft)
			if first && len(b) > start {
				if b[start] == ' ' {
					b = append(b[:start], b[start+1:]...)
				}
				first = false
			}
			continue
		}
		if !ft.Has(f.feature) {
			continue
		}
		key := f.key
		if first {
			key = key[1:]
		}
		if write != nil {
			var handled, wrote bool
			var err error
			if b, handled, wrote, err = write(b, f.index, key); err != nil {
				return b, err
			}
			if handled {
				first = first && !wrote
				continue
			}
		}
		fv := v.Field(f.index)
		if f.nilable && fv.IsNil() {
			continue // absent in this version or empty
		}
		b = append(b, key...)
		b = appendFieldValueOf(b, fv, ft, f.isValue)
		first = false
	}
	return b, nil
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

// appendTextUint prints an unsigned field: UnknownGid, which a gid the
// file does not know holds, as "unknown".
func appendTextUint(b []byte, u uint64) []byte {
	if u == format.UnknownGid {
		return append(b, "unknown"...)
	}
	return decimal.AppendUint(b, u)
}

func appendTextFloat(b []byte, x float64) []byte { return strconv.AppendFloat(b, x, 'g', -1, 64) }

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
		return appendQuoted(b, v.String())
	case reflect.Bool:
		return strconv.AppendBool(b, v.Bool())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if v.Type() == reflect.TypeOf(format.Marker(0)) {
			return append(b, format.Marker(v.Uint()).String()...)
		}
		return appendTextUint(b, v.Uint())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return decimal.AppendInt(b, v.Int())
	case reflect.Float32, reflect.Float64:
		return appendTextFloat(b, v.Float())
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
