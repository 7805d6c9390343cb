package storage

import (
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestHashSetOrder: iteration orders of std::unordered_set<uint64_t>
// printed by a program built with g++ 12 (libstdc++), for insertions
// that stay within 13 buckets, cross the growth to 29 (ids 0..29), and
// share buckets (13, 26, 39... in 13 buckets). Repeats insert nothing.
func TestHashSetOrder(t *testing.T) {
	for _, c := range []struct {
		in, want []uint64
	}{
		{nil, []uint64{}},
		{[]uint64{2, 3, 4, 3, 2}, []uint64{4, 3, 2}},
		{
			[]uint64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29},
			[]uint64{29, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28},
		},
		{
			[]uint64{100, 13, 26, 39, 1, 14, 27, 40, 2, 15, 5, 18, 31, 44, 57, 70, 83, 96, 109, 122},
			[]uint64{122, 109, 96, 83, 70, 57, 100, 13, 26, 39, 1, 14, 27, 40, 44, 15, 5, 18, 2, 31},
		},
	} {
		if got := hashSetOrder(c.in); !slices.Equal(got, c.want) {
			t.Errorf("hashSetOrder(%v) = %v, libstdc++ iterates %v", c.in, got, c.want)
		}
	}
}

// TestIDTableErase: iteration orders of std::unordered_map<uint64_t, int>
// printed by a program built with g++ 12 after inserts and erases ("-k"
// erases k): an erased node that began its bucket hands the
// bucket's link on, erasing never shrinks the table, and a later insert
// goes where libstdc++ puts it. The first case is Memgraph's v35 test_all
// vector indices (name ids 14, 17, 21, 25, 27 in creation order).
func TestIDTableErase(t *testing.T) {
	for _, c := range []struct {
		ops  string
		want []uint64
	}{
		{"14 17 21 25 27", []uint64{25, 21, 17, 27, 14}},
		{"1 14 27 2 -1 40 3 -27 16", []uint64{16, 3, 2, 40, 14}},
		{"0 1 2 3 4 5 6 7 8 9 10 11 12 13 -12 -0 -13 26 39 14", []uint64{14, 26, 1, 2, 3, 4, 5, 6, 7, 8, 9, 39, 10, 11}},
	} {
		var h idTable
		for _, op := range strings.Fields(c.ops) {
			key, err := strconv.ParseUint(strings.TrimPrefix(op, "-"), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasPrefix(op, "-") {
				h.erase(key)
			} else {
				h.insert(key)
			}
		}
		if got := h.order(); !slices.Equal(got, c.want) {
			t.Errorf("after %v: %v, libstdc++ iterates %v", c.ops, got, c.want)
		}
	}
}
