package decode

import (
	"encoding/binary"

	"github.com/durascope/durascope/format"
)

// The fast paths of the readers (a snapshot scan's properties, a WAL's
// NextFrames) step over fields and property values that are well formed
// and whole in the window here, with the checks the cursor makes of them;
// anything else (a value across the window's end, a value that fails a
// check, what a skimmer does not follow) goes through the cursor, which
// then reads it from the same offset and reports what is wrong. So a fast
// path changes no result, only its cost. The one value skimmer serves
// both files, whose property values share one encoding.

// valueSkimmer steps over the property values of one format version.
type valueSkimmer struct {
	scalarOK [256]bool // the scalar types the version has (scalar)
	valueOK  [256]bool // the types value follows beyond the scalars
	maxDepth int       // lists and maps nest at most this deep here
}

// newValueSkimmer follows every value type f has, lists and maps up to
// maxDepth deep (at most format.MaxValueDepth); without vectorIDs it
// leaves VECTOR_INDEX_ID values to the cursor.
func newValueSkimmer(f format.Features, maxDepth int, vectorIDs bool) valueSkimmer {
	s := valueSkimmer{scalarOK: scalarTable(f), valueOK: valueTable(f), maxDepth: min(maxDepth, format.MaxValueDepth)}
	if !vectorIDs {
		s.valueOK[format.MarkerVectorIndexID] = false
	}
	return s
}

// at steps over the marked property value at buf[j:] (0x17, the type,
// the payload): the index after it, -1 when it is not for the fast path.
func (s *valueSkimmer) at(buf []byte, j int) int {
	if j < 0 || j > len(buf)-2 || buf[j] != byte(format.MarkerPropertyValue) {
		return -1
	}
	end, _, _ := s.value(buf, j+2, format.Marker(buf[j+1]), 0)
	return end
}

// scalar returns where the payload of a value of type t starting at
// b[k] ends, and a TEMPORAL value's temporal type; end is -1 when the
// value is not for the fast path.
func (s *valueSkimmer) scalar(b []byte, k int, t format.Marker) (end int, temporal uint8) {
	if !s.scalarOK[t] {
		return -1, 0
	}
	switch t {
	case format.MarkerNull:
		return k, 0
	case format.MarkerBool:
		return boolEnd(b, k), 0
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
		if end := temporalEnd(b, k); end >= 0 {
			return end, b[k+1] // the type, at most TemporalDuration
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

// boolEnd is where a BOOL payload at b[k] (0x00 or 0xff) ends, -1 when it
// is not one.
func boolEnd(b []byte, k int) int {
	if k < len(b) && (b[k] == byte(format.MarkerTrue) || b[k] == byte(format.MarkerFalse)) {
		return k + 1
	}
	return -1
}

// temporalEnd is where a TEMPORAL payload at b[k] (a UINT temporal type,
// at most TemporalDuration, and a UINT) ends, -1 when it is not one.
func temporalEnd(b []byte, k int) int {
	if k >= 0 && k+18 <= len(b) && b[k] == byte(format.MarkerInt) && b[k+9] == byte(format.MarkerInt) &&
		binary.LittleEndian.Uint64(b[k+1:]) <= uint64(format.TemporalDuration) {
		return k + 18
	}
	return -1
}

// scalarTypes are the value types scalar handles.
var scalarTypes = []format.Marker{format.MarkerNull, format.MarkerBool, format.MarkerInt, format.MarkerDouble, format.MarkerString,
	format.MarkerTemporal, format.MarkerZonedTemporal, format.MarkerEnum, format.MarkerPoint2D, format.MarkerPoint3D}

// scalarTable marks the scalar types f has.
func scalarTable(f format.Features) (ok [256]bool) {
	for _, m := range scalarTypes {
		_, ok[m] = f.ValueType(m)
	}
	return ok
}

// value steps over the value whose type byte is b[k-1] (t), payload
// at b[k], nested depth deep: where it ends, its temporal type (a
// TEMPORAL value), and whether it is or holds an ENUM or VECTOR_INDEX_ID
// value; end is -1 when the value is not for the fast path.
func (s *valueSkimmer) value(b []byte, k int, t format.Marker, depth int) (end int, temporal uint8, refs bool) {
	if end, temporal := s.scalar(b, k, t); end >= 0 {
		return end, temporal, t == format.MarkerEnum
	}
	if !s.valueOK[t] || depth >= s.maxDepth {
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
			e, _, r := s.value(b, i+2, format.Marker(b[i+1]), depth+1)
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
			if i = skimStr(b, i); i < 0 || i+2 > len(b) || b[i] != byte(format.MarkerPropertyValue) {
				return -1, 0, false
			}
			e, _, r := s.value(b, i+2, format.Marker(b[i+1]), depth+1)
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
			if i = skimStr(b, i); i < 0 {
				return -1, 0, false
			}
		}
		m, i, ok := rawCountAt(b, i, 9)
		if !ok {
			return -1, 0, false
		}
		// rawCountAt saw the components lie in b; indexing a slice that
		// ends with them leaves the compiler no bounds to check.
		w := b[:i+9*int(m)]
		for ; i < len(w); i += 9 {
			if w[i] != byte(format.MarkerDouble) {
				return -1, 0, false
			}
		}
		return i, 0, true
	}
	return -1, 0, false
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

// skimUint is cursor.uint for a UINT at buf[j:] (0x12 + u64): the index
// after it, or -1 when j is -1 or the field is not one whole in buf.
func skimUint(buf []byte, j int) int {
	if j < 0 || j > len(buf)-9 || buf[j] != byte(format.MarkerInt) {
		return -1
	}
	return j + 9
}

// skimStr is cursor.str and cursor.name, skimming, for a STRING at buf[j:]
// (0x14 + u64 length + bytes).
func skimStr(buf []byte, j int) int {
	if j < 0 || j > len(buf)-9 || buf[j] != byte(format.MarkerString) {
		return -1
	}
	return skimStrPayload(buf, j+1)
}

// skimStrPayload is cursor.strPayload for a length and bytes at buf[j:].
func skimStrPayload(buf []byte, j int) int {
	if j < 0 || j > len(buf)-8 {
		return -1
	}
	n := binary.LittleEndian.Uint64(buf[j : j+8])
	if n > uint64(len(buf)-j-8) {
		return -1
	}
	return j + 8 + int(n)
}

// skimDouble is cursor.double: 0x13 + 8 bytes.
func skimDouble(buf []byte, j int) int {
	if j < 0 || j > len(buf)-9 || buf[j] != byte(format.MarkerDouble) {
		return -1
	}
	return j + 9
}
