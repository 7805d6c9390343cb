package fuzz

import (
	"math/rand"
	"testing"
)

// BenchmarkRoundTrip measures one CheckRoundTrip execution, the slowest
// target per input: what bounds the fuzzers' executions per second.
func BenchmarkRoundTrip(b *testing.B) {
	r := rand.New(rand.NewSource(1))
	inputs := make([][]byte, 256)
	for i := range inputs {
		inputs[i] = make([]byte, 64+r.Intn(2000))
		r.Read(inputs[i])
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := CheckRoundTrip(inputs[i%len(inputs)]); err != nil {
			b.Fatal(err)
		}
	}
}
