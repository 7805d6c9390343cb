package inspect

import "math/bits"

// Histogram summarises a stream of non-negative integers in fixed memory
// (30 KiB whatever the count): exact count, sum, min and max, and
// log-linear buckets for quantiles. Values below 64 have a bucket each;
// above that each power of two is split into 32 buckets. A quantile is the
// largest value seen in the bucket holding it: a value that occurred, exact
// when the bucket holds one distinct value, and at most 1/32 (3.2%) above
// the exact quantile otherwise.
type Histogram struct {
	count, sum uint64
	min, max   uint64
	buckets    [histBuckets]uint64
	tops       [histBuckets]uint64 // largest value seen in each bucket
}

const (
	histSubBits = 5
	histSub     = 1 << histSubBits // buckets per power of two
	histExact   = 2 << histSubBits // values below this have their own bucket
	histBuckets = histExact + (64-histSubBits-1)*histSub
)

func histBucket(v uint64) int {
	if v < histExact {
		return int(v)
	}
	e := bits.Len64(v) - 1 // >= histSubBits+1
	return histExact + (e-histSubBits-1)<<histSubBits + int(v>>(e-histSubBits)&(histSub-1))
}

// Add records one value.
func (h *Histogram) Add(v uint64) {
	if h.count == 0 || v < h.min {
		h.min = v
	}
	h.max = max(h.max, v)
	h.count++
	h.sum += v
	b := histBucket(v)
	h.buckets[b]++
	h.tops[b] = max(h.tops[b], v)
}

// AddN records the value v n times, as n calls of Add do.
func (h *Histogram) AddN(v, n uint64) {
	if n == 0 {
		return
	}
	if h.count == 0 || v < h.min {
		h.min = v
	}
	h.max = max(h.max, v)
	h.count += n
	h.sum += v * n
	b := histBucket(v)
	h.buckets[b] += n
	h.tops[b] = max(h.tops[b], v)
}

// Merge adds the values o recorded, as if they had been added to h.
func (h *Histogram) Merge(o *Histogram) {
	if o.count == 0 {
		return
	}
	if h.count == 0 || o.min < h.min {
		h.min = o.min
	}
	h.max = max(h.max, o.max)
	h.count += o.count
	h.sum += o.sum
	for i, n := range o.buckets {
		h.buckets[i] += n
		h.tops[i] = max(h.tops[i], o.tops[i])
	}
}

// Quantile returns the nearest-rank p-th percentile (0 < p <= 100): the
// smallest recorded value v with at least p% of the values <= v, or the
// largest value in its bucket (see Histogram). 0 when empty.
func (h *Histogram) Quantile(p int) uint64 {
	if h.count == 0 {
		return 0
	}
	rank := (h.count*uint64(p) + 99) / 100
	rank = max(rank, 1)
	var seen uint64
	for i, n := range h.buckets {
		seen += n
		if seen >= rank {
			return h.tops[i]
		}
	}
	return h.max
}

// Distribution is the summary of a Histogram that reports print.
type Distribution struct {
	Count uint64 `json:"count"`
	Sum   uint64 `json:"sum"`
	Min   uint64 `json:"min"`
	P50   uint64 `json:"p50"`
	P90   uint64 `json:"p90"`
	P99   uint64 `json:"p99"`
	Max   uint64 `json:"max"`
}

// Distribution summarises h.
func (h *Histogram) Distribution() Distribution {
	return Distribution{Count: h.count, Sum: h.sum, Min: h.min,
		P50: h.Quantile(50), P90: h.Quantile(90), P99: h.Quantile(99), Max: h.max}
}
