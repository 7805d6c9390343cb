package graph

import (
	"testing"

	"github.com/durascope/durascope/format"
)

// Every vector enters a Memgraph index through float32 (ListToVector's
// static_cast<float>), whatever the index's kind, an integer rounded once
// straight to float32. The expected values are worked by hand.
func TestIndexedVectorPassesThroughFloat32(t *testing.T) {
	// 2^60 + 2^36 + 1 lies just above the midpoint of two float32s
	// (spaced 2^37 there): straight to float32 it rounds up; through
	// float64 it would lose the 1, land on the midpoint and round to even,
	// down to 2^60.
	const big = 1<<60 + 1<<36 + 1
	for _, c := range []struct {
		name string
		in   format.Value
		kind uint64
		want []float64
	}{
		{"f64 keeps only a float32", format.List{format.Double(0.1)}, ScalarF64, []float64{0.10000000149011612}},
		{"f32", format.List{format.Double(0.1)}, ScalarF32, []float64{0.10000000149011612}},
		{"f16", format.List{format.Double(0.1)}, ScalarF16, []float64{0.0999755859375}},
		{"bf16", format.List{format.Double(0.1)}, ScalarBF16, []float64{0.10009765625}},
		{"an integer rounds once", format.List{format.Int(big)}, ScalarF64, []float64{1<<60 + 1<<37}},
		{"an unreproduced kind keeps the float32", format.List{format.Double(0.1)}, 23, []float64{0.10000000149011612}},
	} {
		got, ok := IndexedVector(c.in, uint64(len(c.want)), c.kind)
		if !ok || len(got) != len(c.want) || got[0] != c.want[0] {
			t.Errorf("%s: %v (ok %v), want %v", c.name, got, ok, c.want)
		}
	}
	if _, ok := IndexedVector(format.List{format.Double(1)}, 2, ScalarF32); ok {
		t.Error("a list of another dimension was taken as a vector")
	}
	if _, ok := IndexedVector(format.List{format.String("x")}, 1, ScalarF32); ok {
		t.Error("a list of a string was taken as a vector")
	}
}

// What an index takes in: a list of exactly dimension ints and doubles.
func TestVectorMisfit(t *testing.T) {
	for _, c := range []struct {
		v    format.Value
		want string
	}{
		{format.List{format.Int(1), format.Double(0.5)}, ""},
		{format.List{format.Int(1)}, "has dimension 2, the list has 1 elements"},
		{format.List{}, "has dimension 2, the list has 0 elements"},
		{format.List{format.Int(1), format.String("x")}, "needs a list of floats or integers"},
		{format.Double(1), "needs a list of floats or integers"},
	} {
		if got := VectorMisfit(c.v, 2); got != c.want {
			t.Errorf("VectorMisfit(%v, 2) = %q, want %q", c.v, got, c.want)
		}
	}
}
