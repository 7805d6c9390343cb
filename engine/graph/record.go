package graph

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"iter"
	"math"
	"slices"

	"github.com/durascope/durascope/format"
)

// An object's labels (vertex) or type (edge) and its properties live in one
// immutable string, its record, packed as Memgraph's PropertyStore packs
// properties: no map, no boxed values, nothing for the GC to scan, a few
// bytes per property. A change builds a new record. Objects hold a number
// for it, not its address (arena.go), so reading one takes the graph.
//
//	vertex record: uvarint label count, uvarint label ids (stored order), properties
//	edge record:   uvarint type id, properties
//	properties:    (uvarint id, value)*, ascending id, each id once
//
// Values are a tag byte and the fields the format.Value type has, bit for
// bit (a Double keeps its NaN payload; a nil slice stays nil).

// Value tags.
const (
	tagValNull byte = iota
	tagValFalse
	tagValTrue
	tagValInt
	tagValDouble
	tagValString
	tagValList
	tagValMap
	tagValTemporal
	tagValZoned
	tagValEnum
	tagValPoint2D
	tagValPoint3D
	tagValVector
)

func appendZigzag(b []byte, x int64) []byte {
	return binary.AppendUvarint(b, uint64(x<<1)^uint64(x>>63))
}

func appendFloat(b []byte, f float64) []byte {
	return binary.LittleEndian.AppendUint64(b, math.Float64bits(f))
}

func appendStr[S string | []byte](b []byte, s S) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// appendLen writes a slice length, 0 for nil and n+1 otherwise.
func appendLen(b []byte, n int, isNil bool) []byte {
	if isNil {
		return append(b, 0)
	}
	return binary.AppendUvarint(b, uint64(n)+1)
}

// appendValue encodes v.
func appendValue(b []byte, v format.Value) []byte {
	switch x := v.(type) {
	case format.Null:
		return append(b, tagValNull)
	case format.Bool:
		if x {
			return append(b, tagValTrue)
		}
		return append(b, tagValFalse)
	case format.Int:
		return appendZigzag(append(b, tagValInt), int64(x))
	case format.Double:
		return appendFloat(append(b, tagValDouble), float64(x))
	case format.String:
		return appendStr(append(b, tagValString), string(x))
	case format.List:
		b = appendLen(append(b, tagValList), len(x), x == nil)
		for _, e := range x {
			b = appendValue(b, e)
		}
		return b
	case format.Map:
		b = appendLen(append(b, tagValMap), len(x), x == nil)
		for _, e := range x {
			b = appendValue(appendStr(b, e.Key), e.Value)
		}
		return b
	case format.Temporal:
		return appendTemporalRec(b, x)
	case format.ZonedTemporal:
		return appendZoned(b, x, x.ZoneName)
	case format.Enum:
		return appendEnum(b, x)
	case format.Point2D:
		return appendPoint2D(b, x)
	case format.Point3D:
		return appendPoint3D(b, x)
	case format.VectorIndexID:
		return appendVector(b, x)
	}
	panic(fmt.Sprintf("graph: no record encoding for %T", v))
}

// The encodings of the value types without elements, for appendValue and
// valueEncoder.

func appendTemporalRec(b []byte, t format.Temporal) []byte {
	return appendZigzag(binary.AppendUvarint(append(b, tagValTemporal), uint64(t.Type)), t.Micros)
}

// appendZoned encodes z with zone as its zone name.
func appendZoned[S string | []byte](b []byte, z format.ZonedTemporal, zone S) []byte {
	b = appendZigzag(binary.AppendUvarint(append(b, tagValZoned), z.Type), z.Micros)
	if z.ZoneIsName {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	return appendZigzag(appendStr(b, zone), z.OffsetMinutes)
}

func appendEnum(b []byte, e format.Enum) []byte {
	return binary.AppendUvarint(binary.AppendUvarint(append(b, tagValEnum), e.TypeID), e.ValueID)
}

func appendPoint2D(b []byte, p format.Point2D) []byte {
	return appendFloat(appendFloat(binary.AppendUvarint(append(b, tagValPoint2D), p.SRID), p.X), p.Y)
}

func appendPoint3D(b []byte, p format.Point3D) []byte {
	return appendFloat(appendFloat(appendFloat(binary.AppendUvarint(append(b, tagValPoint3D), p.SRID), p.X), p.Y), p.Z)
}

func appendVector(b []byte, x format.VectorIndexID) []byte {
	b = appendLen(append(b, tagValVector), len(x.Indexes), x.Indexes == nil)
	for _, n := range x.Indexes {
		b = appendStr(b, n)
	}
	b = appendLen(b, len(x.Vector), x.Vector == nil)
	for _, f := range x.Vector {
		b = appendFloat(b, f)
	}
	return b
}

// appendScalar encodes the scalar of type t with parts a, x and str (as
// decode.Values.Scalar returns them) as appendValue encodes the value.
func appendScalar(b []byte, t format.Marker, a, x uint64, str []byte) []byte {
	switch t {
	case format.MarkerNull:
		return append(b, tagValNull)
	case format.MarkerBool:
		if a != 0 {
			return append(b, tagValTrue)
		}
		return append(b, tagValFalse)
	case format.MarkerInt:
		return appendZigzag(append(b, tagValInt), int64(a))
	case format.MarkerDouble:
		return appendFloat(append(b, tagValDouble), math.Float64frombits(a))
	case format.MarkerString:
		return appendStr(append(b, tagValString), str)
	case format.MarkerTemporal:
		return appendTemporalRec(b, format.Temporal{Type: format.TemporalType(x), Micros: int64(a)})
	case format.MarkerEnum:
		return appendEnum(b, format.Enum{TypeID: a, ValueID: x})
	}
	panic(fmt.Sprintf("graph: no record encoding for a scalar of type %s", t))
}

// valueEncoder builds a record, taking values part by part (decode's
// ValueVisitor, reading a snapshot) in appendValue's encoding, bit for
// bit: a value read from a file is never a nil slice. Its bytes are
// buf[:n]; it stores buf only when an append moved it, so that building a
// record stores no pointer (a write barrier while a collection runs).
type valueEncoder struct {
	buf []byte
	n   int
	// keys, when set, gives the map keys it meets ids, as Memgraph's WAL
	// reader does while decoding a value (registerValueNames).
	keys *nameMapper
}

// bytes is the record so far, to append to and pass to set.
func (e *valueEncoder) bytes() []byte { return e.buf[:e.n] }

// set makes b, bytes() with more appended, the record so far.
func (e *valueEncoder) set(b []byte) {
	if cap(b) != cap(e.buf) { // append moved it
		e.buf = b
	}
	e.n = len(b)
}

func (e *valueEncoder) reset() { e.n = 0 }

func (e *valueEncoder) Null() { e.set(append(e.bytes(), tagValNull)) }

func (e *valueEncoder) Bool(x bool) {
	if x {
		e.set(append(e.bytes(), tagValTrue))
	} else {
		e.set(append(e.bytes(), tagValFalse))
	}
}

func (e *valueEncoder) Int(x int64)      { e.set(appendZigzag(append(e.bytes(), tagValInt), x)) }
func (e *valueEncoder) Double(x float64) { e.set(appendFloat(append(e.bytes(), tagValDouble), x)) }
func (e *valueEncoder) String(s []byte)  { e.set(appendStr(append(e.bytes(), tagValString), s)) }
func (e *valueEncoder) List(n int)       { e.set(appendLen(append(e.bytes(), tagValList), n, false)) }
func (e *valueEncoder) Map(n int)        { e.set(appendLen(append(e.bytes(), tagValMap), n, false)) }
func (e *valueEncoder) Key(k []byte) {
	if e.keys != nil {
		e.keys.idBytes(k)
	}
	e.set(appendStr(e.bytes(), k))
}

func (e *valueEncoder) Temporal(t format.Temporal) { e.set(appendTemporalRec(e.bytes(), t)) }

func (e *valueEncoder) Zoned(z format.ZonedTemporal, zone []byte) {
	e.set(appendZoned(e.bytes(), z, zone))
}

func (e *valueEncoder) Enum(x format.Enum)            { e.set(appendEnum(e.bytes(), x)) }
func (e *valueEncoder) Point2D(p format.Point2D)      { e.set(appendPoint2D(e.bytes(), p)) }
func (e *valueEncoder) Point3D(p format.Point3D)      { e.set(appendPoint3D(e.bytes(), p)) }
func (e *valueEncoder) Vector(v format.VectorIndexID) { e.set(appendVector(e.bytes(), v)) }

// uvarint appends x.
func (e *valueEncoder) uvarint(x uint64) { e.set(binary.AppendUvarint(e.bytes(), x)) }

// uvarint reads an unsigned varint of s at i.
func uvarint(s string, i int) (uint64, int) {
	var x uint64
	for shift := uint(0); ; shift += 7 {
		c := s[i]
		i++
		if c < 0x80 {
			return x | uint64(c)<<shift, i
		}
		x |= uint64(c&0x7f) << shift
	}
}

func zigzag(s string, i int) (int64, int) {
	u, i := uvarint(s, i)
	return int64(u>>1) ^ -int64(u&1), i
}

func float(s string, i int) (float64, int) {
	_ = s[i+7]
	u := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
		uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
	return math.Float64frombits(u), i + 8
}

func str(s string, i int) (string, int) {
	n, i := uvarint(s, i)
	return s[i : i+int(n)], i + int(n)
}

// sliceLen reads appendLen's length: n, and whether the slice was nil.
func sliceLen(s string, i int) (int, bool, int) {
	n, i := uvarint(s, i)
	if n == 0 {
		return 0, true, i
	}
	return int(n - 1), false, i
}

// readValue decodes the value at i. Strings share the record's memory.
func readValue(s string, i int) (format.Value, int) {
	tag := s[i]
	i++
	switch tag {
	case tagValNull:
		return format.Null{}, i
	case tagValFalse:
		return format.Bool(false), i
	case tagValTrue:
		return format.Bool(true), i
	case tagValInt:
		x, i := zigzag(s, i)
		return format.Int(x), i
	case tagValDouble:
		f, i := float(s, i)
		return format.Double(f), i
	case tagValString:
		x, i := str(s, i)
		return format.String(x), i
	case tagValList:
		n, isNil, i := sliceLen(s, i)
		if isNil {
			return format.List(nil), i
		}
		l := make(format.List, n)
		for k := range l {
			l[k], i = readValue(s, i)
		}
		return l, i
	case tagValMap:
		n, isNil, i := sliceLen(s, i)
		if isNil {
			return format.Map(nil), i
		}
		m := make(format.Map, n)
		for k := range m {
			m[k].Key, i = str(s, i)
			m[k].Value, i = readValue(s, i)
		}
		return m, i
	case tagValTemporal:
		var t format.Temporal
		typ, i := uvarint(s, i)
		t.Type = format.TemporalType(typ)
		t.Micros, i = zigzag(s, i)
		return t, i
	case tagValZoned:
		var z format.ZonedTemporal
		z.Type, i = uvarint(s, i)
		z.Micros, i = zigzag(s, i)
		z.ZoneIsName = s[i] == 1
		z.ZoneName, i = str(s, i+1)
		z.OffsetMinutes, i = zigzag(s, i)
		return z, i
	case tagValEnum:
		var e format.Enum
		e.TypeID, i = uvarint(s, i)
		e.ValueID, i = uvarint(s, i)
		return e, i
	case tagValPoint2D:
		var p format.Point2D
		p.SRID, i = uvarint(s, i)
		p.X, i = float(s, i)
		p.Y, i = float(s, i)
		return p, i
	case tagValPoint3D:
		var p format.Point3D
		p.SRID, i = uvarint(s, i)
		p.X, i = float(s, i)
		p.Y, i = float(s, i)
		p.Z, i = float(s, i)
		return p, i
	case tagValVector:
		var x format.VectorIndexID
		n, isNil, i := sliceLen(s, i)
		if !isNil {
			x.Indexes = make([]string, n)
			for k := range x.Indexes {
				x.Indexes[k], i = str(s, i)
			}
		}
		n, isNil, i = sliceLen(s, i)
		if !isNil {
			x.Vector = make([]float64, n)
			for k := range x.Vector {
				x.Vector[k], i = float(s, i)
			}
		}
		return x, i
	}
	panic(fmt.Sprintf("graph: bad record value tag %d", tag))
}

// skipValue returns where the value at i ends, without decoding it.
func skipValue(s string, i int) int {
	tag := s[i]
	i++
	switch tag {
	case tagValNull, tagValFalse, tagValTrue:
	case tagValInt:
		_, i = uvarint(s, i)
	case tagValDouble:
		i += 8
	case tagValString:
		_, i = str(s, i)
	case tagValList:
		n, _, j := sliceLen(s, i)
		i = j
		for range n {
			i = skipValue(s, i)
		}
	case tagValMap:
		n, _, j := sliceLen(s, i)
		i = j
		for range n {
			_, i = str(s, i)
			i = skipValue(s, i)
		}
	case tagValTemporal:
		_, i = uvarint(s, i)
		_, i = uvarint(s, i)
	case tagValZoned:
		_, i = uvarint(s, i)
		_, i = uvarint(s, i)
		_, i = str(s, i+1)
		_, i = uvarint(s, i)
	case tagValEnum:
		_, i = uvarint(s, i)
		_, i = uvarint(s, i)
	case tagValPoint2D:
		_, i = uvarint(s, i)
		i += 16
	case tagValPoint3D:
		_, i = uvarint(s, i)
		i += 24
	case tagValVector:
		n, _, j := sliceLen(s, i)
		i = j
		for range n {
			_, i = str(s, i)
		}
		n, _, i = sliceLen(s, i)
		i += 8 * n
	default:
		panic(fmt.Sprintf("graph: bad record value tag %d", tag))
	}
	return i
}

// labelEnd is where the labels of vertex record rec end.
func labelEnd(rec string) int {
	if rec == "" {
		return 0
	}
	c, i := uvarint(rec, 0)
	for range c {
		_, i = uvarint(rec, i)
	}
	return i
}

// readLabels appends to dst the label ids vertex record rec starts with,
// in stored order, and says where they end.
func readLabels(rec string, dst []int) ([]int, int) {
	if rec == "" {
		return dst, 0
	}
	c, i := uvarint(rec, 0)
	for range c {
		var l uint64
		l, i = uvarint(rec, i)
		dst = append(dst, int(l))
	}
	return dst, i
}

// appendLabels appends the label ids of v in stored order.
func (v *Vertex) appendLabels(s *Graph, dst []int) []int {
	return appendRecordLabels(dst, s.recs.str(v.rec))
}

// appendRecordLabels appends the label ids vertex record rec starts with,
// in stored order.
func appendRecordLabels(dst []int, rec string) []int {
	for l := range recordLabels(rec) {
		dst = append(dst, int(l))
	}
	return dst
}

// recordLabels yields the label ids a vertex record starts with (a count,
// then the ids), in stored order.
func recordLabels(rec string) iter.Seq[uint64] {
	return func(yield func(uint64) bool) {
		if rec == "" {
			return
		}
		c, i := uvarint(rec, 0)
		for range c {
			var l uint64
			l, i = uvarint(rec, i)
			if !yield(l) {
				return
			}
		}
	}
}

// Labels are the label ids of v, a vertex of s, in stored order.
func (v *Vertex) Labels(s *Graph) []int { return v.appendLabels(s, nil) }

// HasLabel reports whether v, a vertex of s, has label id.
func (v *Vertex) HasLabel(s *Graph, id int) bool {
	var buf [8]int
	return slices.Contains(v.appendLabels(s, buf[:0]), id)
}

// Props are the properties of v, a vertex of s.
func (v *Vertex) Props(s *Graph) Props {
	rec := s.recs.str(v.rec)
	return Props{rec[labelEnd(rec):]}
}

// Type is the type's name id of e, an edge of s.
func (e *Edge) Type(s *Graph) int {
	t, _ := uvarint(s.recs.str(e.rec), 0)
	return int(t)
}

// Props are the properties of e, an edge of s.
func (e *Edge) Props(s *Graph) Props {
	rec := s.recs.str(e.rec)
	_, end := uvarint(rec, 0)
	return Props{rec[end:]}
}

// setRecord makes b the record *r and keeps b for the next.
func (s *Graph) setRecord(r *record, b []byte) error {
	s.buf = b[:0]
	if err := s.recs.set(r, b); err != nil {
		return err
	}
	return s.compactRecords(false)
}

// compactRecords lets go of the records replaced (recordStore.compact)
// once they take more than a share of what is held, and a few bytes per
// object, which pay for the pass over the objects: half at any time, a
// sixteenth where the graph may be left as it is (the end of a transaction
// Apply applies, of a replay).
func (s *Graph) compactRecords(txnEnd bool) error {
	objects := s.vix.n + s.eix.n
	slack := s.recs.live/2 + 4*objects + 64<<10
	if txnEnd {
		slack = s.recs.live/16 + objects + 4<<10
	}
	if s.recs.dead > slack {
		return s.recs.compact(s.eachRecord)
	}
	return nil
}

// eachRecord calls f with the record of every object.
func (s *Graph) eachRecord(f func(*record)) {
	for _, c := range s.vs.chunks {
		for i := range c {
			if c[i].rec != 0 {
				f(&c[i].rec)
			}
		}
	}
	for _, c := range s.es.chunks {
		for i := range c {
			if c[i].rec != 0 {
				f(&c[i].rec)
			}
		}
	}
}

// setLabels rewrites the record of v with labels.
func (s *Graph) setLabels(v *Vertex, labels []int) error {
	return s.setRecord(&v.rec, labelsRecord(s.buf[:0], s.recs.str(v.rec), labels))
}

// labelsRecord appends to b vertex record rec with labels for its labels:
// nothing for a vertex that had no record (an empty one is none) and gets
// no labels.
func labelsRecord(b []byte, rec string, labels []int) []byte {
	if len(labels) > 0 || rec != "" {
		b = binary.AppendUvarint(b, uint64(len(labels)))
		for _, l := range labels {
			b = binary.AppendUvarint(b, uint64(l))
		}
		b = append(b, rec[labelEnd(rec):]...)
	}
	return b
}

// setVertexProp sets property id of v to val, a value encoded
// (appendValue), or removes it when val is nil.
func (s *Graph) setVertexProp(v *Vertex, id int, val []byte) error {
	return s.setRecord(&v.rec, vertexPropRecord(s.buf[:0], s.recs.str(v.rec), id, val))
}

// vertexPropRecord appends to b vertex record rec with property id set to
// val, a value encoded, or removed when val is nil.
func vertexPropRecord(b []byte, rec string, id int, val []byte) []byte {
	end := labelEnd(rec)
	if end == 0 {
		b = append(b, 0) // no labels
	} else {
		b = append(b, rec[:end]...)
	}
	return Props{rec[end:]}.with(b, id, val)
}

// setEdgeProp sets property id of e to val, a value encoded, or removes it
// when val is nil.
func (s *Graph) setEdgeProp(e *Edge, id int, val []byte) error {
	rec := s.recs.str(e.rec)
	_, end := uvarint(rec, 0)
	b := append(s.buf[:0], rec[:end]...)
	return s.setRecord(&e.rec, Props{rec[end:]}.with(b, id, val))
}

// Props are an object's properties in ascending name-id order, the order
// the dump prints them. Values are decoded on access.
type Props struct{ s string }

// Empty reports whether there are no properties.
func (p Props) Empty() bool { return p.s == "" }

// Len counts the properties.
func (p Props) Len() int {
	n := 0
	for i := 0; i < len(p.s); n++ {
		_, i = uvarint(p.s, i)
		i = skipValue(p.s, i)
	}
	return n
}

// Get returns the value of property id.
func (p Props) Get(id int) (format.Value, bool) {
	i := p.find(id)
	if i < 0 {
		return nil, false
	}
	_, i = uvarint(p.s, i)
	v, _ := readValue(p.s, i)
	return v, true
}

// constraintKindAt is ConstraintKind of the value at i, read from its tag
// (and a temporal's type) without decoding it.
func (p Props) constraintKindAt(i int) (kind uint64, ok bool) {
	var t uint64
	if p.s[i] == tagValTemporal {
		t, _ = uvarint(p.s, i+1)
	}
	return ConstraintKindOf(tagMarkers[p.s[i]], format.TemporalType(t))
}

// values sets vals[k] to where the value of property ids[k] is (ids
// ascending), -1 where it is not set: one pass over the properties for
// the values of several.
func (p Props) values(ids []int, vals []int) {
	k := 0
	for i := 0; i < len(p.s) && k < len(ids); {
		id, j := uvarint(p.s, i)
		for k < len(ids) && ids[k] < int(id) {
			vals[k] = -1
			k++
		}
		if k < len(ids) && ids[k] == int(id) {
			vals[k] = j
			k++
		}
		switch p.s[j] { // the usual values stepped over inline
		case tagValInt:
			_, i = uvarint(p.s, j+1)
		case tagValDouble:
			i = j + 9
		case tagValString:
			_, i = str(p.s, j+1)
		default:
			i = skipValue(p.s, j)
		}
	}
	for ; k < len(ids); k++ {
		vals[k] = -1
	}
}

// tagMarkers are the file's type markers of the value tags.
var tagMarkers = [...]format.Marker{
	tagValNull: format.MarkerNull, tagValFalse: format.MarkerBool, tagValTrue: format.MarkerBool,
	tagValInt: format.MarkerInt, tagValDouble: format.MarkerDouble, tagValString: format.MarkerString,
	tagValList: format.MarkerList, tagValMap: format.MarkerMap, tagValTemporal: format.MarkerTemporal,
	tagValZoned: format.MarkerZonedTemporal, tagValEnum: format.MarkerEnum, tagValPoint2D: format.MarkerPoint2D,
	tagValPoint3D: format.MarkerPoint3D, tagValVector: format.MarkerVectorIndexID,
}

// Has reports whether property id is set.
func (p Props) Has(id int) bool { return p.find(id) >= 0 }

// find returns where the entry of id starts, or -1.
func (p Props) find(id int) int {
	for i := 0; i < len(p.s); {
		k, j := uvarint(p.s, i)
		switch {
		case int(k) == id:
			return i
		case int(k) > id:
			return -1
		}
		i = skipValue(p.s, j)
	}
	return -1
}

// All yields the properties in ascending id order.
func (p Props) All() iter.Seq2[int, format.Value] {
	return func(yield func(int, format.Value) bool) {
		for i := 0; i < len(p.s); {
			k, j := uvarint(p.s, i)
			var v format.Value
			v, i = readValue(p.s, j)
			if !yield(int(k), v) {
				return
			}
		}
	}
}

// IDs yields the property ids in ascending order.
func (p Props) IDs() iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := 0; i < len(p.s); {
			k, j := uvarint(p.s, i)
			if !yield(int(k)) {
				return
			}
			i = skipValue(p.s, j)
		}
	}
}

// Map returns the properties as a map by id.
func (p Props) Map() map[int]format.Value {
	m := map[int]format.Value{}
	for id, v := range p.All() {
		m[id] = v
	}
	return m
}

// with appends to b the properties p with id set to v, a value encoded,
// or without id when v is nil.
func (p Props) with(b []byte, id int, v []byte) []byte {
	i := 0
	for i < len(p.s) {
		k, j := uvarint(p.s, i)
		if int(k) >= id {
			break
		}
		i = skipValue(p.s, j)
	}
	b = append(b, p.s[:i]...)
	if i < len(p.s) {
		if k, j := uvarint(p.s, i); int(k) == id {
			i = skipValue(p.s, j) // replaced
		}
	}
	if v != nil {
		b = append(binary.AppendUvarint(b, uint64(id)), v...)
	}
	return append(b, p.s[i:]...)
}

// appendProps encodes properties given in any id order; where an id comes
// twice the later value wins, as a map assignment would.
func appendProps(b []byte, ids []int, values []format.Value) []byte {
	ascending := true // as Memgraph writes them
	for i := 1; i < len(ids) && ascending; i++ {
		ascending = ids[i-1] < ids[i]
	}
	if ascending {
		for i, id := range ids {
			b = appendValue(binary.AppendUvarint(b, uint64(id)), values[i])
		}
		return b
	}
	order := make([]int, len(ids))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(x, y int) int { return cmp.Compare(ids[x], ids[y]) })
	for k, i := range order {
		if k+1 < len(order) && ids[order[k+1]] == ids[i] {
			continue
		}
		b = appendValue(binary.AppendUvarint(b, uint64(ids[i])), values[i])
	}
	return b
}

// hashValueAt is HashValue of the value encoded at i, read from its
// encoding without decoding it (no boxed value), and where it ends.
func hashValueAt(s string, i int) (uint64, int) {
	tag := s[i]
	i++
	switch tag {
	case tagValNull:
		return Mix64(tagNull), i
	case tagValFalse:
		return Mix64(tagBool), i
	case tagValTrue:
		return Mix64(tagBool + 1), i
	case tagValInt:
		x, i := zigzag(s, i)
		return hashFloat(float64(x)), i
	case tagValDouble:
		f, i := float(s, i)
		return hashFloat(f), i
	case tagValString:
		x, i := str(s, i)
		return hashString(x), i
	case tagValList:
		n, _, i := sliceLen(s, i)
		h := Mix64(tagList + uint64(n))
		for range n {
			var e uint64
			e, i = hashValueAt(s, i)
			h = Mix64(h ^ e)
		}
		return h, i
	case tagValMap:
		n, _, i := sliceLen(s, i)
		h := Mix64(tagMap + uint64(n))
		for range n {
			var k string
			var e uint64
			k, i = str(s, i)
			e, i = hashValueAt(s, i)
			h += Mix64(hashString(k) ^ Mix64(e))
		}
		return h, i
	}
	// The rest are rare in a unique constraint: decode them.
	v, end := readValue(s, i-1)
	return HashValue(v), end
}
