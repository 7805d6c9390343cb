package graph

import (
	"fmt"
	"math"
	"slices"

	"github.com/durascope/durascope/format"
)

// The values vector indices hold. From format VectorIndexID on, Memgraph
// keeps the vector of an indexed vertex property in the index: the
// property becomes a VECTOR_INDEX_ID naming the indices, reads come back
// from the index, and a vertex leaving its last index gets the index's
// copy back as a list of doubles. Every vector passes through float32 on
// its way in (ListToVector), then through the index's scalar kind. The
// recovered graph (a replay) and the engine's store take the rules from
// here.

// VectorTargetsMatch reports whether an object with these labels (or
// this edge type, as a one-element list) belongs to a vector index of the
// mode and targets.
func VectorTargetsMatch[T comparable](mode uint64, targets, labels []T) bool {
	switch mode {
	case format.VectorModeWildcard:
		return true
	case format.VectorModeAllOf:
		for _, l := range targets {
			if !slices.Contains(labels, l) {
				return false
			}
		}
		return true
	default: // single, any of
		for _, l := range targets {
			if slices.Contains(labels, l) {
				return true
			}
		}
		return false
	}
}

// VectorMisfit says why v is no vector of the dimension, "" when it is
// one: a list of that many ints and doubles, what an index takes in.
func VectorMisfit(v format.Value, dimension uint64) string {
	l, ok := v.(format.List)
	if ok {
		for _, e := range l {
			switch e.(type) {
			case format.Int, format.Double:
			default:
				ok = false
			}
		}
	}
	switch {
	case !ok:
		return "needs a list of floats or integers"
	case uint64(len(l)) != dimension:
		return fmt.Sprintf("has dimension %d, the list has %d elements", dimension, len(l))
	}
	return ""
}

// IndexedVector is v as a vector index of the dimension and scalar kind
// holds it; false when v is no vector of the dimension (VectorMisfit).
func IndexedVector(v format.Value, dimension, scalarKind uint64) ([]float64, bool) {
	if VectorMisfit(v, dimension) != "" {
		return nil, false
	}
	l := v.(format.List)
	vec := make([]float64, len(l))
	for i, e := range l {
		var f float32 // one rounding from either kind, as a C++ static_cast<float>
		switch x := e.(type) {
		case format.Int:
			f = float32(x)
		case format.Double:
			f = float32(x)
		}
		vec[i] = RoundScalar(float64(f), scalarKind)
	}
	return vec, true
}

// Scalar kinds whose rounding is reproduced: usearch keeps the
// vector in the index's scalar kind and Memgraph reads it back from there
// (vector_index.cpp, through IndexedPropertyDecoder; the corpus holds
// exact values only). Of the integer, f8 and binary kinds only the
// float32 step is reproduced.
const (
	ScalarF64  = 10
	ScalarF32  = 11
	ScalarF16  = 12
	ScalarBF16 = 4
)

// RoundScalar rounds f to what a vector index of the scalar kind keeps of
// it: float32 first, as every vector enters one, then the kind's own.
func RoundScalar(f float64, kind uint64) float64 {
	switch kind {
	case ScalarF16:
		return halfToFloat(floatToHalf(float32(f)))
	case ScalarBF16:
		b := math.Float32bits(float32(f))
		if b&0x7f800000 != 0x7f800000 { // finite: round to nearest even on the upper 16 bits
			b += 0x7fff + (b>>16)&1
		}
		return float64(math.Float32frombits(b &^ 0xffff))
	}
	return float64(float32(f))
}

// floatToHalf converts to IEEE 754 binary16, rounding to nearest even.
func floatToHalf(f float32) uint16 {
	b := math.Float32bits(f)
	sign := uint16(b>>16) & 0x8000
	exp := int(b>>23&0xff) - 127 + 15
	mant := b & 0x7fffff
	switch {
	case b&0x7fffffff >= 0x7f800000: // inf, nan
		if mant != 0 {
			return sign | 0x7e00
		}
		return sign | 0x7c00
	case exp >= 31:
		return sign | 0x7c00
	case exp <= 0:
		if exp < -10 {
			return sign
		}
		mant |= 0x800000
		shift := uint(14 - exp)
		h := mant >> shift
		rem := mant & (1<<shift - 1)
		half := uint32(1) << (shift - 1)
		if rem > half || (rem == half && h&1 == 1) {
			h++
		}
		return sign | uint16(h)
	}
	h := uint32(exp)<<10 | mant>>13
	rem := mant & 0x1fff
	if rem > 0x1000 || (rem == 0x1000 && h&1 == 1) {
		h++ // may carry into the exponent, up to infinity: still correct
	}
	return sign | uint16(h)
}

func halfToFloat(h uint16) float64 {
	sign := 1.0
	if h&0x8000 != 0 {
		sign = -1
	}
	exp := int(h >> 10 & 0x1f)
	mant := float64(h & 0x3ff)
	switch exp {
	case 0:
		return sign * mant * math.Pow(2, -24)
	case 31:
		if mant != 0 {
			return math.NaN()
		}
		return sign * math.Inf(1)
	}
	return sign * (1 + mant/1024) * math.Pow(2, float64(exp-15))
}
