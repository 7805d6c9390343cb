package graph

import (
	"bytes"
	"strconv"
	"unsafe"

	"github.com/durascope/durascope/format"
)

// CypherValueWriter appends to B a property value handed over part by part,
// in file order (the methods of decode.ValueVisitor), as AppendCypherValue
// writes the value built, with the same helpers for each scalar: a reader
// of values left in the file prints them without building them. A map's
// entries are written as they come and put in key order (the first of a
// repeated key kept) when the map ends.
type CypherValueWriter struct {
	B      []byte
	Enums  EnumNames
	levels []cypherLevel // the lists and maps open, innermost last
	keys   []byte        // the keys of the open maps' entries
	ents   []cypherEntry // the entries of the open maps
	sorted []byte
}

type cypherLevel struct {
	isMap bool
	left  int // items still to come
	first bool
	start int // a map's: where its first entry starts in B
	ents  int // a map's: its first entry in ents
}

// cypherEntry is a map entry written: its key in keys, "`key`: value" in B.
type cypherEntry struct{ keyFrom, keyTo, from, to int }

// Reset forgets a value left unfinished (by an error) and keeps B.
func (w *CypherValueWriter) Reset() { w.levels, w.keys, w.ents = w.levels[:0], w.keys[:0], w.ents[:0] }

func (w *CypherValueWriter) item() {
	if n := len(w.levels); n > 0 {
		if l := &w.levels[n-1]; !l.isMap {
			if !l.first {
				w.B = append(w.B, ", "...)
			}
			l.first = false
		}
	}
}

// done ends a value, and the lists and maps it completes.
func (w *CypherValueWriter) done() {
	for n := len(w.levels); n > 0; n = len(w.levels) {
		l := &w.levels[n-1]
		if l.isMap {
			w.ents[len(w.ents)-1].to = len(w.B)
		}
		if l.left--; l.left > 0 {
			return
		}
		if l.isMap {
			w.endMap(l)
		} else {
			w.B = append(w.B, ']')
		}
		w.levels = w.levels[:n-1]
	}
}

// endMap writes the entries of the map l ends in key order, as appendMap.
func (w *CypherValueWriter) endMap(l *cypherLevel) {
	ents := w.ents[l.ents:]
	// Insertion sort, stable: maps are small, and a sort function would
	// take a closure that escapes.
	for i := 1; i < len(ents); i++ {
		for j := i; j > 0 && bytes.Compare(w.key(ents[j]), w.key(ents[j-1])) < 0; j-- {
			ents[j], ents[j-1] = ents[j-1], ents[j]
		}
	}
	s := w.sorted[:0]
	for i, e := range ents {
		if i > 0 {
			if bytes.Equal(w.key(e), w.key(ents[i-1])) {
				continue
			}
			s = append(s, ", "...)
		}
		s = append(s, w.B[e.from:e.to]...)
	}
	w.B = append(append(w.B[:l.start], s...), '}')
	w.sorted = s
	w.keys = w.keys[:ents[0].keyFrom]
	w.ents = w.ents[:l.ents]
}

func (w *CypherValueWriter) key(e cypherEntry) []byte { return w.keys[e.keyFrom:e.keyTo] }

func (w *CypherValueWriter) Null()       { w.item(); w.B = append(w.B, "Null"...); w.done() }
func (w *CypherValueWriter) Bool(b bool) { w.item(); w.B = strconv.AppendBool(w.B, b); w.done() }
func (w *CypherValueWriter) Int(x int64) { w.item(); w.B = strconv.AppendInt(w.B, x, 10); w.done() }
func (w *CypherValueWriter) Double(x float64) {
	w.item()
	w.B = appendPreciseDouble(w.B, x)
	w.done()
}

// The scalars, each as AppendCypherValue writes it.

// String writes b, which AppendCypherString only reads.
func (w *CypherValueWriter) String(b []byte) {
	w.item()
	w.B = AppendCypherString(w.B, unsafe.String(unsafe.SliceData(b), len(b)))
	w.done()
}

func (w *CypherValueWriter) List(n int) {
	w.item()
	if w.B = append(w.B, '['); n == 0 {
		w.B = append(w.B, ']')
		w.done()
		return
	}
	w.levels = append(w.levels, cypherLevel{left: n, first: true})
}

func (w *CypherValueWriter) Map(n int) {
	w.item()
	if w.B = append(w.B, '{'); n == 0 {
		w.B = append(w.B, '}')
		w.done()
		return
	}
	w.levels = append(w.levels, cypherLevel{isMap: true, left: n, start: len(w.B), ents: len(w.ents)})
}

func (w *CypherValueWriter) Key(b []byte) {
	from := len(w.keys)
	w.keys = append(w.keys, b...)
	w.ents = append(w.ents, cypherEntry{keyFrom: from, keyTo: len(w.keys), from: len(w.B)})
	w.B = append(AppendCypherName(w.B, unsafe.String(unsafe.SliceData(b), len(b))), ": "...)
}

func (w *CypherValueWriter) Temporal(t format.Temporal) {
	w.item()
	w.B = appendTemporal(w.B, t)
	w.done()
}

func (w *CypherValueWriter) Zoned(z format.ZonedTemporal, zone []byte) {
	if z.ZoneIsName {
		z.ZoneName = string(zone)
	}
	w.item()
	w.B = appendZonedTemporal(w.B, z)
	w.done()
}

func (w *CypherValueWriter) Enum(e format.Enum) {
	w.item()
	w.B = appendCypherEnum(w.B, e, w.Enums)
	w.done()
}

func (w *CypherValueWriter) Point2D(p format.Point2D) {
	w.item()
	w.B = appendCypherPoint2D(w.B, p)
	w.done()
}

func (w *CypherValueWriter) Point3D(p format.Point3D) {
	w.item()
	w.B = appendCypherPoint3D(w.B, p)
	w.done()
}

func (w *CypherValueWriter) Vector(v format.VectorIndexID) {
	w.item()
	w.B = AppendCypherValue(w.B, v, nil)
	w.done()
}

// appendCypherEnum is the form of an enum value: Type::Value when enums
// resolve it, else Enum(type, value).
func appendCypherEnum(dst []byte, e format.Enum, enums EnumNames) []byte {
	if enums != nil {
		if typeName, valueName, ok := enums.EnumValue(e.TypeID, e.ValueID); ok {
			dst = append(dst, typeName...)
			dst = append(dst, "::"...)
			return append(dst, valueName...)
		}
	}
	dst = append(dst, "Enum("...)
	dst = strconv.AppendUint(dst, e.TypeID, 10)
	dst = append(dst, ", "...)
	dst = strconv.AppendUint(dst, e.ValueID, 10)
	return append(dst, ')')
}
