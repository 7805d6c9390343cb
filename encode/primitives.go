package encode

import (
	"encoding/binary"
	"hash/crc32"
	"io"
	"math"

	"github.com/durascope/durascope/format"
)

// enc appends the primitives of spec/primitives.md to a byte slice. With a
// sink, spill moves the bytes gathered so far to the sink once they exceed
// spillSize, so a section or a run of records of any size is encoded in
// bounded memory; size counts every byte emitted.
type enc struct {
	b       []byte
	sink    *out
	spilled int64
	// entries, when set, gives the vector indices' entries the sections
	// do not hold (SnapshotWriter.FinishWith); err is its first failure.
	entries VectorEntrySource
	err     error
}

// spillSize is the buffer size at which spill hands bytes to the sink.
const spillSize = 64 << 10

func (e *enc) reset() { e.b, e.spilled = e.b[:0], 0 }

// size is the number of bytes emitted since the last reset.
func (e *enc) size() int64 { return e.spilled + int64(len(e.b)) }

// spill passes the buffer to the sink when it is large; call it at element
// boundaries of long lists.
func (e *enc) spill() {
	if e.sink != nil && len(e.b) >= spillSize {
		e.flush()
	}
}

// flush passes every buffered byte to the sink.
func (e *enc) flush() {
	if e.sink != nil && len(e.b) > 0 {
		e.sink.write(e.b)
		e.spilled += int64(len(e.b))
		e.b = e.b[:0]
	}
}

func (e *enc) marker(m format.Marker) { e.b = append(e.b, byte(m)) }

// u64 appends a raw little-endian integer (no marker).
func (e *enc) u64(v uint64) { e.b = binary.LittleEndian.AppendUint64(e.b, v) }

// uint appends a marked integer: 0x12 + u64.
func (e *enc) uint(v uint64) {
	e.b = append(e.b, byte(format.MarkerInt))
	e.u64(v)
}

// dbl appends a marked double: 0x13 + the 8-byte bit pattern.
func (e *enc) dbl(v float64) {
	e.b = append(e.b, byte(format.MarkerDouble))
	e.u64(math.Float64bits(v))
}

func boolByte(v bool) byte {
	if v {
		return byte(format.MarkerTrue)
	}
	return byte(format.MarkerFalse)
}

// boolean appends a marked bool: 0x11 + 0x00/0xFF.
func (e *enc) boolean(v bool) {
	e.b = append(e.b, byte(format.MarkerBool), boolByte(v))
}

// str appends a marked string: 0x14 + u64 length + bytes.
func (e *enc) str(s string) {
	e.b = append(e.b, byte(format.MarkerString))
	e.strPayload(s)
}

func (e *enc) strPayload(s string) {
	e.u64(uint64(len(s)))
	e.b = append(e.b, s...)
}

// optionalUint appends an optional integer: BOOL has, then UINT v when
// has.
func (e *enc) optionalUint(has bool, v uint64) {
	e.boolean(has)
	if has {
		e.uint(v)
	}
}

// uintList appends UINT k, k × UINT.
func (e *enc) uintList(l []uint64) {
	e.uint(uint64(len(l)))
	for _, v := range l {
		e.uint(v)
	}
}

// strList appends UINT k, k × STR.
func (e *enc) strList(l []string) {
	e.uint(uint64(len(l)))
	for _, s := range l {
		e.str(s)
	}
}

// value appends a property value: 0x17, the type marker and its payload.
// The value must have passed checkValue.
func (e *enc) value(v format.Value) {
	e.marker(format.MarkerPropertyValue)
	switch v := v.(type) {
	case format.Null:
		e.marker(format.MarkerNull)
	case format.Bool:
		e.boolean(bool(v))
	case format.Int:
		e.uint(uint64(v))
	case format.Double:
		e.dbl(float64(v))
	case format.String:
		e.str(string(v))
	case format.List:
		e.marker(format.MarkerList)
		e.u64(uint64(len(v)))
		for _, x := range v {
			e.value(x)
		}
	case format.Map:
		e.marker(format.MarkerMap)
		e.u64(uint64(len(v)))
		for _, kv := range v {
			e.str(kv.Key)
			e.value(kv.Value)
		}
	case format.Temporal:
		e.marker(format.MarkerTemporal)
		e.uint(uint64(v.Type))
		e.uint(uint64(v.Micros))
	case format.ZonedTemporal:
		e.marker(format.MarkerZonedTemporal)
		e.uint(v.Type)
		e.uint(uint64(v.Micros))
		if v.ZoneIsName {
			e.str(v.ZoneName)
		} else {
			e.uint(uint64(v.OffsetMinutes))
		}
	case format.Enum:
		e.marker(format.MarkerEnum)
		e.u64(v.TypeID)
		e.u64(v.ValueID)
	case format.Point2D:
		e.marker(format.MarkerPoint2D)
		e.uint(v.SRID)
		e.dbl(v.X)
		e.dbl(v.Y)
	case format.Point3D:
		e.marker(format.MarkerPoint3D)
		e.uint(v.SRID)
		e.dbl(v.X)
		e.dbl(v.Y)
		e.dbl(v.Z)
	case format.VectorIndexID:
		e.marker(format.MarkerVectorIndexID)
		e.u64(uint64(len(v.Indexes)))
		for _, s := range v.Indexes {
			e.str(s)
		}
		e.u64(uint64(len(v.Vector)))
		for _, d := range v.Vector {
			e.dbl(d)
		}
	default:
		panic("encode: value not checked") // checkValue refuses every other type
	}
}

// checkValue returns what keeps v from being written at f, or ok. The
// feature is set when the version lacks the value's type.
func checkValue(f format.Features, v format.Value) (what string, feature format.Feature, ok bool) {
	return checkValueAt(f, v, 0)
}

// valueTypeWords name the value types a version may lack, for messages.
var valueTypeWords = map[format.Marker]string{
	format.MarkerZonedTemporal: "zoned datetime value", format.MarkerEnum: "enum value",
	format.MarkerPoint2D: "point value", format.MarkerPoint3D: "point value",
	format.MarkerVectorIndexID: "vector-index-id value",
}

// checkValueAt checks v nested inside depth lists and maps.
func checkValueAt(f format.Features, v format.Value, depth int) (what string, feature format.Feature, ok bool) {
	const none = format.NoFeature
	if v == nil {
		return "missing value (nil)", none, false
	}
	if need, has := f.ValueType(v.Marker()); !has {
		return valueTypeWords[v.Marker()], need, false
	}
	switch v.(type) {
	case format.List, format.Map:
		if format.NestsTooDeep(depth) {
			return "values nested deeper than " + utoa(format.MaxValueDepth), none, false
		}
	}
	switch v := v.(type) {
	case format.Null, format.Bool, format.Int, format.Double, format.String, format.Enum, format.VectorIndexID:
		return "", none, true
	case format.List:
		for _, x := range v {
			if what, feature, ok := checkValueAt(f, x, depth+1); !ok {
				return what, feature, false
			}
		}
		return "", none, true
	case format.Map:
		for _, kv := range v {
			if what, feature, ok := checkValueAt(f, kv.Value, depth+1); !ok {
				return what, feature, false
			}
		}
		return "", none, true
	case format.Temporal:
		if v.Type > format.TemporalDuration {
			return "temporal type " + utoa(uint64(v.Type)) + " is not defined", none, false
		}
		return "", none, true
	case format.ZonedTemporal:
		switch {
		case v.Type != 0:
			return "zoned temporal type " + utoa(v.Type) + " is not defined", none, false
		case v.ZoneIsName && v.OffsetMinutes != 0:
			return "zoned datetime with a zone name also has an offset", none, false
		case !v.ZoneIsName && v.ZoneName != "":
			return "zoned datetime with an offset also has a zone name", none, false
		}
		return "", none, true
	case format.Point2D, format.Point3D:
		srid := pointSRID(v)
		if !format.ValidSRID(v.Marker(), srid) {
			return "SRID " + utoa(srid) + " is not a coordinate system of a " + v.Marker().String(), none, false
		}
		return "", none, true
	}
	return "value of unknown Go type", none, false
}

func pointSRID(v format.Value) uint64 {
	if p, ok := v.(format.Point2D); ok {
		return p.SRID
	}
	return v.(format.Point3D).SRID
}

// value checks v and records an issue at where.
func (c *issues) value(f format.Features, v format.Value, where string) {
	if what, feature, ok := checkValue(f, v); !ok {
		c.refuse(where, what, feature)
	}
}

func utoa(v uint64) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			return string(b[i:])
		}
	}
}

// out is a buffered sequential writer that tracks the absolute offset and,
// while crcOn, a running CRC-32/IEEE of every byte written. Without a
// writer it only counts (the sizing pass of a snapshot layout). Errors are
// sticky. Its buffer grows with what is written, up to writeBufferSize, so
// a small file costs a small buffer.
type out struct {
	w     io.Writer
	buf   []byte
	pos   int64
	crc   uint32
	crcOn bool
	err   error
}

const writeBufferSize = 256 << 10

func newOut(w io.Writer, pos int64) *out {
	return &out{w: w, pos: pos}
}

// counter returns an out that only counts bytes.
func counter(pos int64) *out { return &out{pos: pos} }

func (o *out) write(b []byte) {
	if o.err != nil {
		return
	}
	if o.crcOn {
		o.crc = crc32.Update(o.crc, crc32.IEEETable, b)
	}
	switch {
	case o.w == nil:
	case len(o.buf) == 0 && len(b) >= writeBufferSize:
		o.err = o.send(b)
	default:
		o.buf = append(o.buf, b...)
		if len(o.buf) >= writeBufferSize {
			o.err = o.send(o.buf)
			o.buf = o.buf[:0]
		}
	}
	o.pos += int64(len(b))
}

func (o *out) flush() error {
	if o.err == nil && len(o.buf) > 0 {
		o.err = o.send(o.buf)
		o.buf = o.buf[:0]
	}
	return o.err
}

// send writes b to the writer; a short write is an error.
func (o *out) send(b []byte) error {
	n, err := o.w.Write(b)
	if err == nil && n < len(b) {
		err = io.ErrShortWrite
	}
	return err
}

// crcValue is the 8-byte payload of a CRC field: the CRC in the low half,
// zeros in the high half.
func crcValue(c uint32) []byte {
	var b [8]byte
	binary.LittleEndian.PutUint32(b[:], c)
	return b[:]
}
