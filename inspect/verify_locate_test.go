package inspect

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestGidSet: membership is exact for dense gids held as runs, for sparse
// ones held as they are, and across the switch from one to the other.
func TestGidSet(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, gap := range []uint64{1, 2, 3, 1000} {
		var g gidSet
		var all []uint64
		next := uint64(rng.Uint64N(10))
		for range 5000 {
			all = append(all, next)
			g.add(next)
			if rng.Uint64N(50) == 0 {
				next += 1 + rng.Uint64N(gap*10) // an occasional hole
			} else {
				next += 1 + rng.Uint64N(gap)
			}
		}
		if gap == 1 && (g.flat || len(g.runs) > 200) {
			t.Errorf("dense gids: flat %v, %d runs", g.flat, len(g.runs))
		}
		if gap == 1000 && !g.flat {
			t.Errorf("sparse gids kept as %d runs", len(g.runs))
		}
		for x := uint64(0); x <= all[len(all)-1]+2; x += 1 + rng.Uint64N(gap) {
			_, want := slices.BinarySearch(all, x)
			if g.has(x) != want {
				t.Fatalf("gap %d: has(%d) = %v", gap, x, !want)
			}
		}
		for _, x := range all {
			if !g.has(x) {
				t.Fatalf("gap %d: lost %d", gap, x)
			}
		}
	}
}
