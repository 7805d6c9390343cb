package format

import (
	"strconv"
	"unsafe"

	"github.com/durascope/durascope/internal/decimal"
)

// JSONValueWriter appends to B a property value handed over part by part,
// in file order (the methods of decode.ValueVisitor), as AppendJSON
// writes the value built: a reader of values left in the file writes
// their JSON without building them. Each scalar is written by the
// function appendValue writes it with.
type JSONValueWriter struct {
	B      []byte
	levels []jsonLevel // the lists and maps open, innermost last
}

type jsonLevel struct {
	isMap bool
	left  int // items still to come
	first bool
}

// Reset forgets a value left unfinished (by an error) and keeps B.
func (w *JSONValueWriter) Reset() { w.levels = w.levels[:0] }

// item starts a value: in a list, after a comma unless it is the first.
func (w *JSONValueWriter) item() {
	if n := len(w.levels); n > 0 {
		if l := &w.levels[n-1]; !l.isMap {
			if !l.first {
				w.B = append(w.B, ',')
			}
			l.first = false
		}
	}
}

// done ends a value, and the lists and maps it completes.
func (w *JSONValueWriter) done() {
	for n := len(w.levels); n > 0; n = len(w.levels) {
		l := &w.levels[n-1]
		if l.left--; l.left > 0 {
			return
		}
		if l.isMap {
			w.B = append(w.B, "}}"...)
		} else {
			w.B = append(w.B, ']')
		}
		w.levels = w.levels[:n-1]
	}
}

func (w *JSONValueWriter) Null()            { w.item(); w.B = append(w.B, "null"...); w.done() }
func (w *JSONValueWriter) Bool(b bool)      { w.item(); w.B = strconv.AppendBool(w.B, b); w.done() }
func (w *JSONValueWriter) Int(x int64)      { w.item(); w.B = decimal.AppendInt(w.B, x); w.done() }
func (w *JSONValueWriter) Double(x float64) { w.item(); w.B = appendDouble(w.B, Double(x)); w.done() }

// String writes b, which jsonString only reads.
func (w *JSONValueWriter) String(b []byte) {
	w.item()
	w.B = jsonString(w.B, unsafe.String(unsafe.SliceData(b), len(b)))
	w.done()
}

func (w *JSONValueWriter) List(n int) {
	w.item()
	if w.B = append(w.B, '['); n == 0 {
		w.B = append(w.B, ']')
		w.done()
		return
	}
	w.levels = append(w.levels, jsonLevel{left: n, first: true})
}

func (w *JSONValueWriter) Map(n int) {
	w.item()
	if w.B = append(w.B, `{"map":{`...); n == 0 {
		w.B = append(w.B, "}}"...)
		w.done()
		return
	}
	w.levels = append(w.levels, jsonLevel{isMap: true, left: n, first: true})
}

func (w *JSONValueWriter) Key(b []byte) {
	if n := len(w.levels); n > 0 {
		if l := &w.levels[n-1]; !l.first {
			w.B = append(w.B, ',')
		} else {
			l.first = false
		}
	}
	w.B = append(jsonString(w.B, unsafe.String(unsafe.SliceData(b), len(b))), ':')
}

func (w *JSONValueWriter) Temporal(t Temporal) { w.item(); w.B = appendTemporal(w.B, t); w.done() }

func (w *JSONValueWriter) Zoned(z ZonedTemporal, zone []byte) {
	if z.ZoneIsName {
		z.ZoneName = string(zone)
	}
	w.item()
	w.B = appendZoned(w.B, z)
	w.done()
}

func (w *JSONValueWriter) Enum(e Enum)       { w.item(); w.B = appendEnum(w.B, e); w.done() }
func (w *JSONValueWriter) Point2D(p Point2D) { w.item(); w.B = appendPoint2D(w.B, p); w.done() }
func (w *JSONValueWriter) Point3D(p Point3D) { w.item(); w.B = appendPoint3D(w.B, p); w.done() }
func (w *JSONValueWriter) Vector(v VectorIndexID) {
	w.item()
	w.B = appendVectorIndexID(w.B, v)
	w.done()
}

// AppendJSONString appends s as AppendJSON writes a string.
func AppendJSONString(b []byte, s string) []byte { return jsonString(b, s) }

// AppendJSONFloat appends x as AppendJSON writes a double.
func AppendJSONFloat(b []byte, x float64) []byte { return jsonFloat(b, x) }
