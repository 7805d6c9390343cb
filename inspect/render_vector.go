package inspect

import (
	"reflect"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/internal/decimal"
)

// edgeIndicesView is the edge-indices section as a walk into a sink that
// takes views (recordSink.snap set) gives it: its vector indices without
// their entries, which EdgeIndicesWith read and checked, and where those
// lie, read again from the file as the record prints. A vector-heavy
// snapshot is mostly entries: the dump holds none, and prints the
// record's line in pieces.
type edgeIndicesView struct {
	format.EdgeIndices
	lists decode.VectorEntryLists
	file  vectorEntryReader
}

// vectorEntryReader reads an entry list again: a decode.Snapshot, or the
// decode.SnapshotPrefix of a best-effort read.
type vectorEntryReader interface {
	VectorEntries(decode.VectorEntryList, decode.VectorEntrySink) error
}

// readEdgeIndicesView reads s's edge-indices section as a view: a first
// read checks it whole, as EdgeIndices does, so that its errors are
// EdgeIndices' and come before anything of it prints.
func readEdgeIndicesView(s *decode.Snapshot) (*edgeIndicesView, error) {
	v := &edgeIndicesView{file: s}
	var err error
	v.EdgeIndices, err = s.EdgeIndicesWith(&v.lists)
	return v, err
}

// readPrefixEdgeIndicesView is readEdgeIndicesView of the edge-indices
// section of a best-effort read, when it is in the part read (ok).
func readPrefixEdgeIndicesView(p *decode.SnapshotPrefix) (_ *edgeIndicesView, ok bool, err error) {
	v := &edgeIndicesView{file: p}
	v.EdgeIndices, ok, err = p.EdgeIndicesWith(&v.lists)
	return v, ok, err
}

// vectorEntries are the entries of an edge-indices record's vector
// indices: held in each index's Entries, or, of a view, read again from
// the file.
type vectorEntries struct{ view *edgeIndicesView }

// has says whether index i of the vertex (edge) indices, x, has an entry
// list (which may be empty): the version carries its entries.
func (src vectorEntries) has(edge bool, i int, x *format.VectorIndex) bool {
	if src.view == nil {
		return x.Entries != nil
	}
	_, ok := src.view.lists.Of(edge, i)
	return ok
}

// each hands the entries of index i of the vertex (edge) indices, x, to
// sink, in order.
func (src vectorEntries) each(edge bool, i int, x *format.VectorIndex, sink decode.VectorEntrySink) error {
	if src.view != nil {
		list, ok := src.view.lists.Of(edge, i)
		if !ok {
			return nil
		}
		return src.view.file.VectorEntries(list, sink)
	}
	for j := range x.Entries {
		e := &x.Entries[j]
		sink.Entry(uint64(j), format.NoOffset, e.Gid)
		for k := 0; k < len(e.Vector); k += decode.VectorPiece {
			sink.Components(e.Vector[k:min(k+decode.VectorPiece, len(e.Vector))])
		}
	}
	return nil
}

// Where the vector index lists and an index's entries are among the
// fields.
var (
	vectorField     = fieldIndex[format.EdgeIndices]("Vector")
	vectorEdgeField = fieldIndex[format.EdgeIndices]("VectorEdge")
	entriesField    = fieldIndex[format.VectorIndex]("Entries")
)

func fieldIndex[T any](name string) int {
	f, ok := reflect.TypeFor[T]().FieldByName(name)
	if !ok || len(f.Index) != 1 {
		panic("inspect: no field " + name)
	}
	return f.Index[0]
}

// vectorList says which vector index list field index of EdgeIndices is:
// edge for VectorEdge; ok is false for another field.
func vectorList(ei *format.EdgeIndices, index int) (list []format.VectorIndex, edge, ok bool) {
	switch index {
	case vectorField:
		return ei.Vector, false, true
	case vectorEdgeField:
		return ei.VectorEdge, true, true
	}
	return nil, false, false
}

// entryOut is the line of a record whose entries print as they are read:
// b is the dump's buffer, written out whenever it is long, so the line
// is never held whole. A sink of entries, which cannot fail, keeps the
// first write error in err.
type entryOut struct {
	out     *dumpOut
	b       []byte
	spilled bool // a part of the line is written
	err     error
}

func (o *entryOut) spill() {
	if len(o.b) < flushAt || o.err != nil {
		return
	}
	o.out.buf = o.b
	o.err = o.out.flush()
	o.b, o.spilled = o.out.buf, true
}

// entryPrinter prints entries as a dump prints a vector index's entry
// list inside its brackets, separated by spaces in text, "{gid=G
// vector=[x y ...]}", and by commas as AppendJSON writes them,
// {"gid":G,"vector":[x,y,...]}: the one home of how a dump prints an
// entry.
type entryPrinter struct {
	*entryOut
	json        bool
	sep         byte // between entries and between components
	open, first bool // an entry is open; none of its components printed
}

func newEntryPrinter(o *entryOut, json bool) *entryPrinter {
	if json {
		return &entryPrinter{entryOut: o, json: true, sep: ','}
	}
	return &entryPrinter{entryOut: o, sep: ' '}
}

var vectorEntryJSON = format.JSONKeys[format.VectorEntry]()

func (w *entryPrinter) Entries(*format.VectorIndex, bool, int, uint64) {}

func (w *entryPrinter) Entry(j uint64, _ int64, gid uint64) {
	w.close()
	if j > 0 {
		w.b = append(w.b, w.sep)
	}
	if w.json {
		w.b = decimal.AppendUint(append(w.b, vectorEntryJSON[0]...), gid)
		w.b = append(append(w.b, vectorEntryJSON[1]...), '[')
	} else {
		w.b = append(appendTextUint(append(w.b, "{gid="...), gid), " vector=["...)
	}
	w.open, w.first = true, true
	w.spill()
}

func (w *entryPrinter) Components(xs []float64) {
	b, sep, json := w.b, w.sep, w.json // held apart from w through the loop
	for i, x := range xs {
		if i > 0 || !w.first {
			b = append(b, sep)
		}
		if json {
			b = format.AppendJSONFloat(b, x)
		} else {
			b = appendTextFloat(b, x)
		}
	}
	w.b, w.first = b, w.first && len(xs) == 0
	w.spill()
}

func (w *entryPrinter) close() {
	if w.open {
		w.b, w.open = append(w.b, "]}"...), false
	}
}

// appendEdgeIndices prints the fields of the edge-indices section ei as
// appendFields does, the entries of its vector indices from src as they
// are read.
func (t *textDump) appendEdgeIndices(b []byte, ei *format.EdgeIndices, ft format.Features, src vectorEntries) ([]byte, bool, error) {
	o := &entryOut{out: &t.out, b: b}
	w := newEntryPrinter(o, false)
	fields := func(b []byte, index int, key []byte) ([]byte, bool, bool, error) {
		list, edge, ok := vectorList(ei, index)
		if !ok || list == nil {
			return b, ok, false, nil
		}
		o.b = append(append(b, key...), '[')
		for i := range list {
			if i > 0 {
				o.b = append(o.b, ' ')
			}
			x := &list[i]
			entries := func(b []byte, index int, key []byte) ([]byte, bool, bool, error) {
				if index != entriesField {
					return b, false, false, nil
				}
				if !src.has(edge, i, x) {
					return b, true, false, nil
				}
				o.b = append(append(b, key...), '[')
				err := src.each(edge, i, x, w)
				w.close()
				return append(o.b, ']'), true, true, err
			}
			var err error
			if o.b, err = appendStructFields(append(o.b, '{'), reflect.ValueOf(x).Elem(), ft, true, entries); err != nil {
				return o.b, true, true, err
			}
			o.b = append(o.b, '}')
			o.spill()
		}
		return append(o.b, ']'), true, true, o.err
	}
	b, err := appendStructFields(b, reflect.ValueOf(ei).Elem(), ft, false, fields)
	if err == nil {
		err = o.err
	}
	return b, o.spilled, err
}

var (
	edgeIndicesJSON, edgeIndicesFields = format.JSONFields[format.EdgeIndices]()
	vectorIndexJSON, vectorIndexFields = format.JSONFields[format.VectorIndex]()
)

// appendEdgeIndices appends the JSON of the edge-indices section ei as
// format.AppendJSON writes it, the entries of its vector indices from src
// as they are read.
func (j *jsonDump) appendEdgeIndices(b []byte, ei *format.EdgeIndices, src vectorEntries) ([]byte, bool, error) {
	o := &entryOut{out: &j.out, b: b}
	w := newEntryPrinter(o, true)
	v := reflect.ValueOf(ei).Elem()
	var err error
	for k, key := range edgeIndicesJSON {
		o.b = append(o.b, key...)
		list, edge, ok := vectorList(ei, edgeIndicesFields[k])
		if !ok {
			if o.b, err = format.AppendJSON(o.b, v.Field(edgeIndicesFields[k]).Interface()); err != nil {
				return o.b, o.spilled, err
			}
			continue
		}
		o.b = append(o.b, '[')
		for i := range list {
			if i > 0 {
				o.b = append(o.b, ',')
			}
			x := &list[i]
			xv := reflect.ValueOf(x).Elem()
			for f, key := range vectorIndexJSON {
				o.b = append(o.b, key...)
				if vectorIndexFields[f] != entriesField {
					if o.b, err = format.AppendJSON(o.b, xv.Field(vectorIndexFields[f]).Interface()); err != nil {
						return o.b, o.spilled, err
					}
					continue
				}
				o.b = append(o.b, '[')
				if src.has(edge, i, x) {
					err = src.each(edge, i, x, w)
					w.close()
				}
				if o.b = append(o.b, ']'); err != nil {
					return o.b, o.spilled, err
				}
			}
			o.b = append(o.b, '}')
			o.spill()
		}
		o.b = append(o.b, ']')
	}
	return append(o.b, '}'), o.spilled, o.err
}
