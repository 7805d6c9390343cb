package decode

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"

	"github.com/durascope/durascope/format"
)

// ValueVisitor receives a property value part by part, as VisitValue reads
// it from the file, instead of the value built as a format.Value: a reader
// that keeps values in an encoding of its own (the recovered graph's
// records) transcodes them without a boxed value or a string per value.
// The parts come in file order; a list or map announces its size and its
// elements follow (a map's as Key, then the value). Bytes handed over are
// the file's, valid only during the call.
type ValueVisitor interface {
	Null()
	Bool(b bool)
	Int(x int64)
	Double(x float64)
	String(b []byte)
	List(n int)
	Map(n int)
	Key(b []byte)
	Temporal(t format.Temporal)
	// Zoned is a ZONED_TEMPORAL value whose zone name (when z.ZoneIsName)
	// is zone, not z.ZoneName.
	Zoned(z format.ZonedTemporal, zone []byte)
	Enum(e format.Enum)
	Point2D(p format.Point2D)
	Point3D(p format.Point3D)
	// Vector is a VECTOR_INDEX_ID value, built whole; its slices are
	// valid only during the call.
	Vector(v format.VectorIndexID)
}

// VisitValue reads one property value from b as Value does, with its
// errors, handing it to vis part by part instead of building it.
func VisitValue(b []byte, v format.Version, vis ValueVisitor) error {
	if !v.Supported() {
		return &format.DecodeError{Section: "value", Err: &format.UnsupportedVersionError{Version: v},
			Reason: fmt.Sprintf("version %d", uint64(v))}
	}
	c := newCursor(bytes.NewReader(b), 0, int64(len(b)), format.FeaturesOf(v))
	c.visitValue("property value", vis)
	if c.remaining() > 0 {
		c.corrupt(c.pos(), "%d bytes follow the property value", c.remaining())
	}
	if c.err != nil {
		return locate(c.err, "", "value", "")
	}
	return nil
}

// VisitValue hands the value of Properties[i] to vis (ValueVisitor): the
// value Value returns, the same error where Value fails, without building
// it. After an error vis may have seen part of the value.
func (v *VertexView) VisitValue(i int, vis ValueVisitor) error {
	return v.sc.visit(&v.Properties[i], v.lost, vis)
}

// VisitValue is VertexView.VisitValue for an edge's property.
func (e *EdgeView) VisitValue(i int, vis ValueVisitor) error {
	return e.sc.visit(&e.Properties[i], e.lost, vis)
}

// visit reads a value of the record just scanned into vis. The scan
// checked the value, so the scalars most values are come straight from
// their bytes where those have the one layout the cursor accepts (skim.go's
// rule for fast paths); anything else goes through the cursor, which reads
// it with every check and error of value.
func (sc *Scanner) visit(p *PropertyRef, lost bool, vis ValueVisitor) error {
	b, err := sc.valueBytes(p, lost)
	if err != nil {
		return err
	}
	if sc.inPlace(b, p.Type) && visitScalar(b[2:], p.Type, vis) {
		return nil
	}
	// A cursor over the bytes, as valueCursor makes it; set field by field
	// (clearing a whole cursor per value costs more than reading most).
	m := &sc.mem
	m.over(sc.c.r, b, p.off, 0, p.end, p.end, sc.s.Features)
	m.visitValue("property value", vis)
	if m.err != nil {
		return sc.s.wrap(m.err, "", "")
	}
	return nil
}

// inPlace reports whether b, a property's value bytes, starts as a value
// of type t that this version has: its payload, b[2:], can then be read in
// place (visitScalar, scalarParts); otherwise the cursor reads it, with its
// errors.
func (sc *Scanner) inPlace(b []byte, t format.Marker) bool {
	return len(b) >= 2 && b[0] == byte(format.MarkerPropertyValue) && format.Marker(b[1]) == t && valueTypes[sc.s.Version][t]
}

// valueTypes marks, by version, the value types it has (Features.ValueType).
var valueTypes = func() (t [format.MaxVersion + 1][256]bool) {
	for v := format.MinVersion; v <= format.MaxVersion; v++ {
		t[v] = valueTable(format.FeaturesOf(v))
	}
	return t
}()

// scalarParts reads the payload b of a plain scalar of type t (NULL, BOOL,
// INT, DOUBLE, STRING, TEMPORAL, ENUM) when it is exactly the layout value
// accepts, as its parts: x for a BOOL (1 for true), an INT's or DOUBLE's
// 64 bits, a TEMPORAL's microseconds or an ENUM's type id; y for a
// TEMPORAL's type or an ENUM's value id; str for a STRING's bytes. The one
// home of these layouts for visitScalar and Values.Scalar.
func scalarParts(b []byte, t format.Marker) (x, y uint64, str []byte, ok bool) {
	switch t {
	case format.MarkerNull:
		return 0, 0, nil, len(b) == 0
	case format.MarkerBool:
		if len(b) == 1 && (b[0] == byte(format.MarkerTrue) || b[0] == byte(format.MarkerFalse)) {
			if b[0] == byte(format.MarkerTrue) {
				x = 1
			}
			return x, 0, nil, true
		}
	case format.MarkerInt, format.MarkerDouble:
		if len(b) == 8 {
			return binary.LittleEndian.Uint64(b), 0, nil, true
		}
	case format.MarkerString:
		if len(b) >= 8 && binary.LittleEndian.Uint64(b) == uint64(len(b)-8) {
			return 0, 0, b[8:], true
		}
	case format.MarkerEnum:
		if len(b) == 16 {
			return binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint64(b[8:]), nil, true
		}
	case format.MarkerTemporal:
		if len(b) == 18 && b[0] == byte(format.MarkerInt) && b[9] == byte(format.MarkerInt) {
			if typ := binary.LittleEndian.Uint64(b[1:]); typ <= uint64(format.TemporalDuration) {
				return binary.LittleEndian.Uint64(b[10:]), typ, nil, true
			}
		}
	}
	return 0, 0, nil, false
}

// visitScalar hands over the scalar of type t whose payload is exactly b,
// when b has the layout value accepts; false leaves it to the cursor.
func visitScalar(b []byte, t format.Marker, vis ValueVisitor) bool {
	if x, y, str, ok := scalarParts(b, t); ok {
		switch t {
		case format.MarkerNull:
			vis.Null()
		case format.MarkerBool:
			vis.Bool(x == 1)
		case format.MarkerInt:
			vis.Int(int64(x))
		case format.MarkerDouble:
			vis.Double(math.Float64frombits(x))
		case format.MarkerString:
			vis.String(str)
		case format.MarkerEnum:
			vis.Enum(format.Enum{TypeID: x, ValueID: y})
		case format.MarkerTemporal:
			vis.Temporal(format.Temporal{Type: format.TemporalType(y), Micros: int64(x)})
		}
		return true
	}
	switch t {
	case format.MarkerZonedTemporal:
		// UINT 0 (the zoned type), UINT microseconds, then the zone: an INT
		// offset or a STRING name.
		if len(b) < 27 || b[0] != byte(format.MarkerInt) || binary.LittleEndian.Uint64(b[1:]) != 0 || b[9] != byte(format.MarkerInt) {
			return false
		}
		z := format.ZonedTemporal{Micros: int64(binary.LittleEndian.Uint64(b[10:]))}
		switch format.Marker(b[18]) {
		case format.MarkerInt:
			if len(b) == 27 {
				z.OffsetMinutes = int64(binary.LittleEndian.Uint64(b[19:]))
				vis.Zoned(z, nil)
				return true
			}
		case format.MarkerString:
			if binary.LittleEndian.Uint64(b[19:]) == uint64(len(b)-27) {
				z.ZoneIsName = true
				vis.Zoned(z, b[27:])
				return true
			}
		}
	case format.MarkerPoint2D:
		if len(b) == 27 && b[0] == byte(format.MarkerInt) && b[9] == byte(format.MarkerDouble) && b[18] == byte(format.MarkerDouble) {
			if srid := binary.LittleEndian.Uint64(b[1:]); format.ValidSRID(t, srid) {
				vis.Point2D(format.Point2D{SRID: srid, X: math.Float64frombits(binary.LittleEndian.Uint64(b[10:])),
					Y: math.Float64frombits(binary.LittleEndian.Uint64(b[19:]))})
				return true
			}
		}
	case format.MarkerPoint3D:
		if len(b) == 36 && b[0] == byte(format.MarkerInt) && b[9] == byte(format.MarkerDouble) && b[18] == byte(format.MarkerDouble) &&
			b[27] == byte(format.MarkerDouble) {
			if srid := binary.LittleEndian.Uint64(b[1:]); format.ValidSRID(t, srid) {
				vis.Point3D(format.Point3D{SRID: srid, X: math.Float64frombits(binary.LittleEndian.Uint64(b[10:])),
					Y: math.Float64frombits(binary.LittleEndian.Uint64(b[19:])), Z: math.Float64frombits(binary.LittleEndian.Uint64(b[28:]))})
				return true
			}
		}
	}
	return false
}

// visitValue reads a property value as value does, with its checks and
// errors, handing it to vis part by part instead of building it.
func (c *cursor) visitValue(what string, vis ValueVisitor) {
	t, off, ok := c.valueHead(what)
	if !ok {
		return
	}
	switch t {
	case format.MarkerNull:
		vis.Null()
	case format.MarkerBool:
		off := c.pos()
		b := c.u8(what)
		if v := c.boolPayload(off, b, []string{what}); c.err == nil {
			vis.Bool(v)
		}
	case format.MarkerInt:
		if v := c.u64(what); c.err == nil {
			vis.Int(int64(v))
		}
	case format.MarkerDouble:
		if v := c.u64(what); c.err == nil {
			vis.Double(math.Float64frombits(v))
		}
	case format.MarkerString:
		if b, ok := c.visitStr(what); ok {
			vis.String(b)
		}
	case format.MarkerList:
		if !c.enter(what) {
			return
		}
		n := c.rawCount(2, what, " list size")
		if c.err == nil {
			vis.List(int(n))
		}
		for i := uint64(0); i < n && c.err == nil; i++ {
			c.visitValue(what, vis)
		}
		c.depth--
	case format.MarkerMap:
		if !c.enter(what) {
			return
		}
		n := c.rawCount(11, what, " map size")
		if c.err == nil {
			vis.Map(int(n))
		}
		for i := uint64(0); i < n && c.err == nil; i++ {
			c.marker(format.MarkerString, what, " map key")
			if b, ok := c.visitStr(what, " map key"); ok {
				vis.Key(b)
				c.visitValue(what, vis)
			}
		}
		c.depth--
	case format.MarkerTemporal:
		typ := c.uint(what, " temporal type")
		if typ > uint64(format.TemporalDuration) {
			c.corrupt(c.pos()-9, "%s: unknown temporal type %d", what, typ)
			return
		}
		micros := int64(c.uint(what, " microseconds"))
		if c.err == nil {
			vis.Temporal(format.Temporal{Type: format.TemporalType(typ), Micros: micros})
		}
	case format.MarkerZonedTemporal:
		c.visitZoned(what, vis)
	case format.MarkerEnum:
		if e := c.enumPayload(what); c.err == nil {
			vis.Enum(e)
		}
	case format.MarkerPoint2D:
		p := format.Point2D{SRID: c.srid(what, format.MarkerPoint2D), X: c.double(what, " x"), Y: c.double(what, " y")}
		if c.err == nil {
			vis.Point2D(p)
		}
	case format.MarkerPoint3D:
		p := format.Point3D{SRID: c.srid(what, format.MarkerPoint3D),
			X: c.double(what, " x"), Y: c.double(what, " y"), Z: c.double(what, " z")}
		if c.err == nil {
			vis.Point3D(p)
		}
	case format.MarkerVectorIndexID:
		c.visitVector(what, vis)
	default:
		c.corrupt(off, "%s: unknown property value type 0x%02x", what, byte(t))
	}
}

// visitStr reads a string's payload (its length and bytes) as strPayload
// does, returning the bytes, valid until the next read.
func (c *cursor) visitStr(what ...string) ([]byte, bool) {
	if b, ok := c.inWindow(c.i); ok {
		return b, true
	}
	b, n := c.strBytes(what)
	switch {
	case c.err != nil:
		return nil, false
	case b == nil && n > 0:
		return []byte(c.strRest(n, what)), c.err == nil
	}
	return b, true
}

// visitVector reads a VECTOR_INDEX_ID payload as vectorIndexID does, with
// its errors, into the cursor's scratch instead of a new value: names
// interned, components in a buffer reused from value to value (kept up to
// maxVectorScratch components), so a snapshot of vectors is visited
// without an allocation per value.
func (c *cursor) visitVector(what string, vis ValueVisitor) {
	n := c.rawCount(9, what, " vector index count")
	names, vector := c.vectorParts(n, what, c.vecNames[:0], c.vecBuf[:0])
	if cap(names) <= maxVectorScratch/64 {
		c.vecNames = names[:0]
	}
	if cap(vector) <= maxVectorScratch {
		c.vecBuf = vector[:0]
	}
	if c.err == nil {
		vis.Vector(format.VectorIndexID{Indexes: names, Vector: vector})
	}
}

// maxVectorScratch bounds the components a cursor keeps for the next
// visited vector (1 MiB), and a 64th of it the names; a longer one is
// read into memory of its own.
const maxVectorScratch = 1 << 17

// visitZoned reads a ZONED_TEMPORAL payload as zoned does.
func (c *cursor) visitZoned(what string, vis ValueVisitor) {
	if z, zone := c.zonedPayload(what); c.err == nil {
		vis.Zoned(z, zone)
	}
}
