package inspect

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// exactQuantile is the nearest-rank percentile of sorted values.
func exactQuantile(sorted []uint64, p int) uint64 {
	rank := int(math.Ceil(float64(p) / 100 * float64(len(sorted))))
	return sorted[max(rank, 1)-1]
}

// histBucketTop is the largest value that falls in bucket i.
func histBucketTop(i int) uint64 {
	if i < histExact {
		return uint64(i)
	}
	j := i - histExact
	shift := uint(j>>histSubBits) + 1 // exponent - histSubBits
	low := uint64(histSub+j&(histSub-1)) << shift
	return low + 1<<shift - 1
}

func TestHistogramBuckets(t *testing.T) {
	// Every value lies in its bucket, and the previous bucket ends below it.
	probe := []uint64{0, 1, 63, 64, 65, 66, 127, 128, 129, 1000, 1 << 20, 1<<20 + 1, 1<<40 - 1, math.MaxUint64 - 1, math.MaxUint64}
	for i := range 64 {
		probe = append(probe, 1<<i, 1<<i-1, 1<<i+1)
	}
	for _, v := range probe {
		b := histBucket(v)
		if b < 0 || b >= histBuckets {
			t.Fatalf("value %d: bucket %d outside 0..%d", v, b, histBuckets-1)
		}
		if top := histBucketTop(b); top < v {
			t.Errorf("value %d in bucket %d whose top is %d", v, b, top)
		}
		if b > 0 && histBucketTop(b-1) >= v {
			t.Errorf("value %d in bucket %d, but bucket %d already reaches %d", v, b, b-1, histBucketTop(b-1))
		}
	}
	if histBucket(math.MaxUint64) != histBuckets-1 {
		t.Errorf("the largest value is not in the last bucket")
	}
}

func TestHistogramQuantiles(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	sets := map[string][]uint64{
		"small exact": {5, 1, 3, 3, 9, 0, 63, 2},
		"one":         {123456},
		"sparse":      {116, 1000, 5003, 77777, 1 << 40, 3, 126, 128},
		"log-normal": func() []uint64 {
			var out []uint64
			for range 20000 {
				out = append(out, uint64(math.Exp(rng.NormFloat64()*2+8)))
			}
			return out
		}(),
		"uniform wide": func() []uint64 {
			var out []uint64
			for range 5000 {
				out = append(out, rng.Uint64N(1<<50))
			}
			return out
		}(),
	}
	for name, values := range sets {
		var h Histogram
		var sum uint64
		for _, v := range values {
			h.Add(v)
			sum += v
		}
		sorted := slices.Sorted(slices.Values(values))
		d := h.Distribution()
		if d.Count != uint64(len(values)) || d.Sum != sum || d.Min != sorted[0] || d.Max != sorted[len(sorted)-1] {
			t.Errorf("%s: count/sum/min/max %d/%d/%d/%d, want %d/%d/%d/%d", name, d.Count, d.Sum, d.Min, d.Max,
				len(values), sum, sorted[0], sorted[len(sorted)-1])
		}
		for _, p := range []int{1, 50, 90, 99, 100} {
			got, want := h.Quantile(p), exactQuantile(sorted, p)
			if (want < histExact || name == "sparse") && got != want {
				t.Errorf("%s: p%d = %d, want exactly %d", name, p, got, want)
			}
			if got < want || float64(got) > float64(want)*(1+1.0/32) || got > d.Max {
				t.Errorf("%s: p%d = %d, exact %d: outside [exact, exact*(1+1/32)] or above max", name, p, got, want)
			}
		}
	}
	var empty Histogram
	if d := empty.Distribution(); d != (Distribution{}) {
		t.Errorf("empty histogram: %+v", d)
	}
}

// TestHistogramAddN: AddN(v, n) leaves a histogram as n calls of Add(v)
// do, in any order among other values (stats counts the records with few
// properties by number and adds them at the end).
func TestHistogramAddN(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var added, byN Histogram
	counts := map[uint64]uint64{}
	for range 5000 {
		v := rng.Uint64N(300)
		if rng.IntN(3) == 0 {
			v = rng.Uint64() >> rng.IntN(64)
		}
		added.Add(v)
		if v < 200 {
			counts[v]++
		} else {
			byN.Add(v)
		}
	}
	for v, n := range counts {
		byN.AddN(v, n)
	}
	byN.AddN(7, 0)
	if added != byN {
		t.Errorf("AddN: %+v, Add: %+v", byN.Distribution(), added.Distribution())
	}
}
