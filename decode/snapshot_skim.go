package decode

import (
	"encoding/binary"

	"github.com/durascope/durascope/format"
)

// propertiesFast reads the property list at b[k] into refs (base is b's
// offset in the file), and works out their summary into sum; false when a
// property is not for the fast path.
// (Each property's fixed fields are read through h, a pointer to its first
// propertyHead bytes, checked once: the compiler then leaves out the
// bounds checks; a property closer than that to the window's end goes to
// the cursor with its record.)
func (s *Snapshot) propertiesFast(b []byte, k int, base int64, refs []PropertyRef, sum *PropertySummary) ([]PropertyRef, int, bool) {
	n, at, ok := countAt(b, k, 11)
	if !ok || uint64(cap(refs)) < n {
		// The cursor reads them and grows refs: with an allocation here,
		// the compiler spilled the function's state before it, for every
		// record.
		return refs, 0, false
	}
	refs = refs[:n]
	var maxID uint64
	var anyRefs bool
	j := 0
	for {
		// The shapes read in place, in a loop of their own with no call
		// in it: with the skimmer's call in the loop, the compiler kept
		// the loop's state on the stack and loaded it again on every
		// property.
	scalars:
		for ; j < len(refs); j++ {
			p := &refs[j] // field by field: see PropertyRef
			if at < 0 || at > len(b)-propertyHead {
				return refs[:0], 0, false
			}
			h := (*[propertyHead]byte)(b[at : at+propertyHead])
			if h[0] != byte(format.MarkerInt) || h[9] != byte(format.MarkerPropertyValue) {
				return refs[:0], 0, false
			}
			t := format.Marker(h[10])
			p.ID, p.Type, p.Refs, p.temporal = binary.LittleEndian.Uint64(h[1:9]), t, t == format.MarkerEnum, 0
			var size int // of the payload
			switch s.shape[t] {
			case shapeFixed:
				size = fixedPayload(t)
			case shapeString:
				l := binary.LittleEndian.Uint64(h[11:19])
				if l > uint64(len(b)-at-19) {
					return refs[:0], 0, false
				}
				size = 8 + int(l)
			case shapeBool:
				if h[11] != byte(format.MarkerTrue) && h[11] != byte(format.MarkerFalse) {
					return refs[:0], 0, false
				}
				size = 1
			case shapeTemporal:
				typ := binary.LittleEndian.Uint64(h[12:20])
				if h[11] != byte(format.MarkerInt) || h[20] != byte(format.MarkerInt) || typ > uint64(format.TemporalDuration) {
					return refs[:0], 0, false
				}
				size, p.temporal = 18, uint8(typ)
			default:
				break scalars // for the skimmer
			}
			// Every shape's payload lies in b (fixed ones in the head).
			next := at + 11 + size
			p.off, p.end = base+int64(at)+9, base+int64(next)
			at = next
			maxID, anyRefs = max(maxID, p.ID), anyRefs || t == format.MarkerEnum
		}
		if j == len(refs) {
			break
		}
		// refs[j], its head checked, holds a value the skimmer steps over.
		p := &refs[j]
		e, tt, r := s.values.value(b, at+11, p.Type, 0)
		if e < at+11 || e > len(b) {
			return refs[:0], 0, false
		}
		p.Refs, p.temporal = r, tt
		p.off, p.end = base+int64(at)+9, base+int64(e)
		at = e
		maxID, anyRefs = max(maxID, p.ID), anyRefs || r
		j++
	}
	sum.MaxPropertyID, sum.AnyRefs = maxID, anyRefs
	return refs, at, true
}

// propertyHead is the bytes of a property propertiesFast reads at fixed
// offsets: the id, the marker, the type and a TEMPORAL's payload, the
// longest of the shapes' fixed parts.
const propertyHead = 29

// Shapes of value payloads for propertiesFast.
const (
	shapeOther    = iota // valueSkimmer.value
	shapeFixed           // fixedPayload(t) bytes, nothing to check
	shapeString          // length and bytes
	shapeBool            // one byte, 0x00 or 0xff
	shapeTemporal        // INT type (0..3), INT microseconds
)

// shapeTable gives the shape of each value type f has.
func shapeTable(f format.Features) (shape [256]uint8) {
	for m := range shape {
		if _, ok := f.ValueType(format.Marker(m)); ok && fixedPayload(format.Marker(m)) >= 0 {
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
	n, at, ok := countAt(b, k, 27)
	if !ok || uint64(cap(dst)) < n {
		return dst, 0, false // the cursor reads them and grows dst (see propertiesFast)
	}
	dst = dst[:n]
	for j := range dst {
		e := (*[27]byte)(b[at : at+27])
		if e[0] != byte(format.MarkerInt) || e[9] != byte(format.MarkerInt) || e[18] != byte(format.MarkerInt) {
			return dst[:0], 0, false
		}
		d := &dst[j]
		d.Edge, d.Other, d.Type = binary.LittleEndian.Uint64(e[1:9]), binary.LittleEndian.Uint64(e[10:18]), binary.LittleEndian.Uint64(e[19:27])
		at += 27
	}
	return dst, at, true
}

// vertexFast reads the vertex record at c's position into v, as
// vertexInto does when skimming, when the record lies whole in the window
// and every field is well formed; otherwise it returns false and leaves
// the cursor where it was, for vertexInto to read the record field by
// field (v's slices are reused either way).
//
// Not inlined into the scans' loops: inlined there by the profile-guided
// build, it still called propertiesFast and edgeRefsFast (the loop is too
// big to take them in too), with the loop's state spilled around them; on
// its own, that build can take them in. (A profile made afresh from the
// benchmarks gave 2% fewer instructions for verify and stats with it.)
//
//go:noinline
func (s *Snapshot) vertexFast(c *cursor, v *VertexView) bool {
	b, start := c.buf[:c.lim], c.i
	i := start
	if i+10 > len(b) || b[i] != byte(format.SectionVertex) || b[i+1] != byte(format.MarkerInt) {
		return false
	}
	// The header's fields first, so that nothing from it stays live
	// through the lists (the field-by-field path sets them again).
	v.Offset, v.Gid, v.lost = uint64(c.base+int64(start)), binary.LittleEndian.Uint64(b[i+2:]), false
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
	if v.Properties, i, ok = s.propertiesFast(b, i, c.base, v.Properties[:0], &v.PropertySummary); !ok {
		return false
	}
	if v.InEdges, i, ok = edgeRefsFast(b, i, v.InEdges[:0]); !ok {
		return false
	}
	if v.OutEdges, i, ok = edgeRefsFast(b, i, v.OutEdges[:0]); !ok {
		return false
	}
	c.i = i
	return true
}

// edgeFast is vertexFast for an edge record (and not inlined either).
//
//go:noinline
func (s *Snapshot) edgeFast(c *cursor, e *EdgeView) bool {
	b, start := c.buf[:c.lim], c.i
	i := start
	if i+10 > len(b) || b[i] != byte(format.SectionEdge) || b[i+1] != byte(format.MarkerInt) {
		return false
	}
	e.Offset, e.Gid, e.lost = uint64(c.base+int64(start)), binary.LittleEndian.Uint64(b[i+2:]), false // first: see vertexFast
	var ok bool
	if e.Properties, i, ok = s.propertiesFast(b, i+10, c.base, e.Properties[:0], &e.PropertySummary); !ok {
		return false
	}
	c.i = i
	return true
}

// fixedPayload is the payload size of the value types whose payload is
// bytes of a fixed size with nothing to check, -1 for the others. A
// switch rather than a table: the scan's next offset then follows the
// predicted branch instead of waiting for a load.
func fixedPayload(t format.Marker) int {
	switch t {
	case format.MarkerNull:
		return 0
	case format.MarkerInt, format.MarkerDouble:
		return 8
	case format.MarkerEnum:
		return 16
	}
	return -1
}
