package decode

import (
	"encoding/binary"

	"github.com/durascope/durascope/format"
)

// The fast path of a scan (skimmed properties): a property value of one
// of the scalar types, well formed and whole in the window, is stepped
// over here with the checks cursor.value makes of it; anything else
// (lists, maps, vector-index ids, a value across the window's end, a
// value that fails a check) goes through cursor.value, which then reads
// it from the same offset and reports what is wrong. So the fast path
// changes no result, only its cost.

// skimScalar returns where the payload of a value of type t starting at
// b[k] ends, and a TEMPORAL value's temporal type; end is -1 when the
// value is not for the fast path.
func (s *Snapshot) skimScalar(b []byte, k int, t format.Marker) (end int, temporal uint8) {
	if !s.scalarOK[t] {
		return -1, 0
	}
	switch t {
	case format.MarkerNull:
		return k, 0
	case format.MarkerBool:
		if k < len(b) && (b[k] == byte(format.MarkerTrue) || b[k] == byte(format.MarkerFalse)) {
			return k + 1, 0
		}
	case format.MarkerInt, format.MarkerDouble:
		if k+8 <= len(b) {
			return k + 8, 0
		}
	case format.MarkerEnum:
		if k+16 <= len(b) {
			return k + 16, 0
		}
	case format.MarkerString:
		if k+8 <= len(b) {
			if n := binary.LittleEndian.Uint64(b[k:]); n <= uint64(len(b)-k-8) {
				return k + 8 + int(n), 0
			}
		}
	case format.MarkerTemporal:
		if k+18 <= len(b) && b[k] == byte(format.MarkerInt) && b[k+9] == byte(format.MarkerInt) {
			if typ := binary.LittleEndian.Uint64(b[k+1:]); typ <= uint64(format.TemporalDuration) {
				return k + 18, uint8(typ)
			}
		}
	case format.MarkerZonedTemporal:
		if k+19 <= len(b) && b[k] == byte(format.MarkerInt) && binary.LittleEndian.Uint64(b[k+1:]) == 0 && b[k+9] == byte(format.MarkerInt) {
			switch z := k + 18; format.Marker(b[z]) {
			case format.MarkerInt:
				if z+9 <= len(b) {
					return z + 9, 0
				}
			case format.MarkerString:
				if z+9 <= len(b) {
					if n := binary.LittleEndian.Uint64(b[z+1:]); n <= uint64(len(b)-z-9) {
						return z + 9 + int(n), 0
					}
				}
			}
		}
	case format.MarkerPoint2D, format.MarkerPoint3D:
		n := 2
		if t == format.MarkerPoint3D {
			n = 3
		}
		if k+9+9*n <= len(b) && b[k] == byte(format.MarkerInt) && format.ValidSRID(t, binary.LittleEndian.Uint64(b[k+1:])) {
			for d := range n {
				if b[k+9+9*d] != byte(format.MarkerDouble) {
					return -1, 0
				}
			}
			return k + 9 + 9*n, 0
		}
	}
	return -1, 0
}

// scalarTypes are the value types skimScalar handles.
var scalarTypes = []format.Marker{format.MarkerNull, format.MarkerBool, format.MarkerInt, format.MarkerDouble, format.MarkerString,
	format.MarkerTemporal, format.MarkerZonedTemporal, format.MarkerEnum, format.MarkerPoint2D, format.MarkerPoint3D}

// scalarTable marks the scalar types f has.
func scalarTable(f format.Features) (ok [256]bool) {
	for _, m := range scalarTypes {
		_, ok[m] = f.ValueType(m)
	}
	return ok
}

// skimValue steps over the value whose type byte is b[k-1] (t), payload
// at b[k], nested depth deep: where it ends, its temporal type (a
// TEMPORAL value), and whether it is or holds an ENUM or VECTOR_INDEX_ID
// value; end is -1 when the value is not for the fast path.
func (s *Snapshot) skimValue(b []byte, k int, t format.Marker, depth int) (end int, temporal uint8, refs bool) {
	if end, temporal := s.skimScalar(b, k, t); end >= 0 {
		return end, temporal, t == format.MarkerEnum
	}
	if !s.valueOK[t] || depth >= format.MaxValueDepth {
		return -1, 0, false
	}
	switch t {
	case format.MarkerList:
		n, i, ok := rawCountAt(b, k, 2)
		if !ok {
			return -1, 0, false
		}
		for range n {
			if i+2 > len(b) || b[i] != byte(format.MarkerPropertyValue) {
				return -1, 0, false
			}
			e, _, r := s.skimValue(b, i+2, format.Marker(b[i+1]), depth+1)
			if e < 0 {
				return -1, 0, false
			}
			i, refs = e, refs || r
		}
		return i, 0, refs
	case format.MarkerMap:
		n, i, ok := rawCountAt(b, k, 11)
		if !ok {
			return -1, 0, false
		}
		for range n {
			if i = skimString(b, i); i < 0 || i+2 > len(b) || b[i] != byte(format.MarkerPropertyValue) {
				return -1, 0, false
			}
			e, _, r := s.skimValue(b, i+2, format.Marker(b[i+1]), depth+1)
			if e < 0 {
				return -1, 0, false
			}
			i, refs = e, refs || r
		}
		return i, 0, refs
	case format.MarkerVectorIndexID:
		n, i, ok := rawCountAt(b, k, 9)
		if !ok {
			return -1, 0, false
		}
		for range n {
			if i = skimString(b, i); i < 0 {
				return -1, 0, false
			}
		}
		m, i, ok := rawCountAt(b, i, 9)
		if !ok {
			return -1, 0, false
		}
		for range m {
			if i+9 > len(b) || b[i] != byte(format.MarkerDouble) {
				return -1, 0, false
			}
			i += 9
		}
		return i, 0, true
	}
	return -1, 0, false
}

// rawCountAt reads the unmarked count at b[k] of items of at least
// minSize bytes that must all lie in b: the count and where the items
// start; false when they cannot (the cursor then says why, or reads on).
func rawCountAt(b []byte, k int, minSize uint64) (n uint64, next int, ok bool) {
	if k+8 > len(b) {
		return 0, 0, false
	}
	n = binary.LittleEndian.Uint64(b[k:])
	if n > uint64(len(b)-k-8)/minSize {
		return 0, 0, false
	}
	return n, k + 8, true
}

// countAt is rawCountAt for a marked count (UINT).
func countAt(b []byte, k int, minSize uint64) (n uint64, next int, ok bool) {
	if k >= len(b) || b[k] != byte(format.MarkerInt) {
		return 0, 0, false
	}
	return rawCountAt(b, k+1, minSize)
}

// skimString steps over the marked string at b[k]; -1 when it is not whole in b.
func skimString(b []byte, k int) int {
	if k+9 > len(b) || b[k] != byte(format.MarkerString) {
		return -1
	}
	if n := binary.LittleEndian.Uint64(b[k+1:]); n <= uint64(len(b)-k-9) {
		return k + 9 + int(n)
	}
	return -1
}

// propertiesFast reads the property list at b[k] into refs (base is b's
// offset in the file); false when a property is not for the fast path.
// (Fields are read from a slice starting at the item, w, whose length is
// checked once: the compiler then leaves out the bounds checks.)
func (s *Snapshot) propertiesFast(b []byte, k int, base int64, refs []PropertyRef) ([]PropertyRef, int, bool) {
	n, i, ok := countAt(b, k, 11)
	if !ok {
		return refs, 0, false
	}
	if uint64(cap(refs)) < n {
		refs = make([]PropertyRef, 0, n) // n properties lie in the window
	}
	refs = refs[:n]
	for j := range refs {
		w := b[i:]
		if len(w) < 11 || w[0] != byte(format.MarkerInt) || w[9] != byte(format.MarkerPropertyValue) {
			return refs[:0], 0, false
		}
		t := format.Marker(w[10])
		id := binary.LittleEndian.Uint64(w[1:9])
		w = w[11:]
		var temporal uint8
		var size int // of the payload
		switch s.shape[t] {
		case shapeFixed:
			size = int(s.fixedSize[t]) - 1
		case shapeString:
			if len(w) < 8 {
				return refs[:0], 0, false
			}
			l := binary.LittleEndian.Uint64(w[:8])
			if l > uint64(len(w)-8) {
				return refs[:0], 0, false
			}
			size = 8 + int(l)
		case shapeBool:
			if len(w) < 1 || (w[0] != byte(format.MarkerTrue) && w[0] != byte(format.MarkerFalse)) {
				return refs[:0], 0, false
			}
			size = 1
		case shapeTemporal:
			if len(w) < 18 || w[0] != byte(format.MarkerInt) || w[9] != byte(format.MarkerInt) {
				return refs[:0], 0, false
			}
			typ := binary.LittleEndian.Uint64(w[1:9])
			if typ > uint64(format.TemporalDuration) {
				return refs[:0], 0, false
			}
			size, temporal = 18, uint8(typ)
		default:
			end, tt, r := s.skimValue(b, i+11, t, 0)
			if end < 0 {
				return refs[:0], 0, false
			}
			refs[j] = PropertyRef{ID: id, Type: t, Refs: r, temporal: tt, off: base + int64(i+9), end: base + int64(end)}
			i = end
			continue
		}
		if size > len(w) {
			return refs[:0], 0, false
		}
		refs[j] = PropertyRef{ID: id, Type: t, Refs: t == format.MarkerEnum, temporal: temporal, off: base + int64(i+9), end: base + int64(i+11+size)}
		i += 11 + size
	}
	return refs, i, true
}

// Shapes of value payloads for propertiesFast.
const (
	shapeOther    = iota // skimValue
	shapeFixed           // fixedSize[t]-1 bytes, nothing to check
	shapeString          // length and bytes
	shapeBool            // one byte, 0x00 or 0xff
	shapeTemporal        // INT type (0..3), INT microseconds
)

// shapeTable gives the shape of each value type f has.
func shapeTable(f format.Features, fixed *[256]uint8) (shape [256]uint8) {
	for m, size := range fixed {
		if size > 0 {
			shape[m] = shapeFixed
		}
	}
	for m, sh := range map[format.Marker]uint8{format.MarkerString: shapeString, format.MarkerBool: shapeBool, format.MarkerTemporal: shapeTemporal} {
		if _, ok := f.ValueType(m); ok {
			shape[m] = sh
		}
	}
	return shape
}

// edgeRefsFast reads the edge list at b[k] into dst.
func edgeRefsFast(b []byte, k int, dst []format.EdgeRef) ([]format.EdgeRef, int, bool) {
	n, i, ok := countAt(b, k, 27)
	if !ok {
		return dst, 0, false
	}
	if uint64(cap(dst)) < n {
		dst = make([]format.EdgeRef, 0, n) // n entries lie in the window
	}
	dst = dst[:n]
	w := b[i : i+27*int(n)]
	for j := range dst {
		e := w[27*j : 27*j+27]
		if e[0] != byte(format.MarkerInt) || e[9] != byte(format.MarkerInt) || e[18] != byte(format.MarkerInt) {
			return dst[:0], 0, false
		}
		dst[j] = format.EdgeRef{Edge: binary.LittleEndian.Uint64(e[1:9]), Other: binary.LittleEndian.Uint64(e[10:18]), Type: binary.LittleEndian.Uint64(e[19:27])}
	}
	return dst, i + len(w), true
}

// vertexFast reads the vertex record at c's position into v, as
// vertexInto does when skimming, when the record lies whole in the window
// and every field is well formed; otherwise it returns false and leaves
// the cursor where it was, for vertexInto to read the record field by
// field (v's slices are reused either way).
func (s *Snapshot) vertexFast(c *cursor, v *VertexView) bool {
	b, start := c.buf[:c.lim], c.i
	i := start
	if i+10 > len(b) || b[i] != byte(format.SectionVertex) || b[i+1] != byte(format.MarkerInt) {
		return false
	}
	gid := binary.LittleEndian.Uint64(b[i+2:])
	n, i, ok := countAt(b, i+10, 9)
	if !ok {
		return false
	}
	labels := v.Labels[:0]
	w := b[i : i+9*int(n)]
	for len(w) >= 9 {
		if w[0] != byte(format.MarkerInt) {
			v.Labels = labels
			return false
		}
		labels = append(labels, binary.LittleEndian.Uint64(w[1:9]))
		w = w[9:]
	}
	v.Labels, i = labels, i+9*int(n)
	if v.Properties, i, ok = s.propertiesFast(b, i, c.base, v.Properties[:0]); !ok {
		return false
	}
	if v.InEdges, i, ok = edgeRefsFast(b, i, v.InEdges[:0]); !ok {
		return false
	}
	if v.OutEdges, i, ok = edgeRefsFast(b, i, v.OutEdges[:0]); !ok {
		return false
	}
	v.Offset, v.Gid = uint64(c.base+int64(start)), gid
	c.i = i
	return true
}

// edgeFast is vertexFast for an edge record.
func (s *Snapshot) edgeFast(c *cursor, e *EdgeView) bool {
	b, start := c.buf[:c.lim], c.i
	i := start
	if i+10 > len(b) || b[i] != byte(format.SectionEdge) || b[i+1] != byte(format.MarkerInt) {
		return false
	}
	gid := binary.LittleEndian.Uint64(b[i+2:])
	var ok bool
	if e.Properties, i, ok = s.propertiesFast(b, i+10, c.base, e.Properties[:0]); !ok {
		return false
	}
	e.Offset, e.Gid = uint64(c.base+int64(start)), gid
	c.i = i
	return true
}

// fixedTable gives, for the value types f has whose payload is bytes of
// a fixed size with nothing to check, that size plus one.
func fixedTable(f format.Features) (size [256]uint8) {
	for m, n := range map[format.Marker]uint8{format.MarkerNull: 0, format.MarkerInt: 8, format.MarkerDouble: 8, format.MarkerEnum: 16} {
		if _, ok := f.ValueType(m); ok {
			size[m] = n + 1
		}
	}
	return size
}

// valueTable marks the value types f has.
func valueTable(f format.Features) (ok [256]bool) {
	for m := format.MarkerNull; m <= format.MarkerVectorIndexID; m++ {
		if m != format.MarkerPropertyValue {
			_, ok[m] = f.ValueType(m)
		}
	}
	return ok
}
