package decimal

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// TestAppendIsStrconv: every number of up to five digits, every power of
// ten and its neighbours, the extremes and a million random numbers of
// every length come out as strconv writes them, after what b held.
func TestAppendIsStrconv(t *testing.T) {
	var us []uint64
	for u := range uint64(100000) {
		us = append(us, u)
	}
	for _, p := range pow10 {
		us = append(us, p-1, p, p+1)
	}
	us = append(us, math.MaxUint64, math.MaxUint64-1, math.MaxInt64, math.MaxInt64+1, 1<<32-1, 1<<32)
	r := rand.New(rand.NewPCG(1, 2))
	for range 1000000 {
		us = append(us, r.Uint64()>>r.IntN(64))
	}
	b := make([]byte, 0, 4) // small: appends that grow it are tested too
	for _, u := range us {
		want := strconv.AppendUint([]byte("x"), u, 10)
		if got := AppendUint(append(b[:0], 'x'), u); string(got) != string(want) {
			t.Fatalf("AppendUint(%d) = %q, want %q", u, got, want)
		}
		if n := Len(u); n != len(want)-1 {
			t.Fatalf("Len(%d) = %d, want %d", u, n, len(want)-1)
		}
		for _, i := range []int64{int64(u), -int64(u)} {
			want := strconv.AppendInt([]byte("x"), i, 10)
			if got := AppendInt(append(b[:0], 'x'), i); string(got) != string(want) {
				t.Fatalf("AppendInt(%d) = %q, want %q", i, got, want)
			}
		}
	}
	if got := AppendInt(nil, math.MinInt64); string(got) != "-9223372036854775808" {
		t.Errorf("AppendInt(MinInt64) = %s", got)
	}
}

var sink []byte

func BenchmarkAppendUint(b *testing.B) {
	vals := []uint64{123456789, 871620, 4000001, 12, 5, 1234567, 98765, 1073745000}
	buf := make([]byte, 0, 1<<10)
	b.Run("decimal", func(b *testing.B) {
		for b.Loop() {
			buf = buf[:0]
			for _, v := range vals {
				buf = AppendUint(buf, v)
			}
		}
		sink = buf
	})
	b.Run("strconv", func(b *testing.B) {
		for b.Loop() {
			buf = buf[:0]
			for _, v := range vals {
				buf = strconv.AppendUint(buf, v, 10)
			}
		}
		sink = buf
	})
}
