package csvimport

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/durascope/durascope/engine/fs"
)

// TestIDMap: ids are told apart by space and exact text, survive growth,
// and a second insert of an id keeps the first gid; a map of the same
// content answers the same.
func TestIDMap(t *testing.T) {
	m := newIDMap()
	const n = 200_000
	ref := map[string]uint64{}
	key := func(space uint64, id string) string { return fmt.Sprint(space, "/", id) }
	for i := range n {
		id := fmt.Sprint(i)
		space := uint64(i % 3)
		if !m.Insert(space, []byte(id), uint64(i)) {
			t.Fatalf("%d: not inserted", i)
		}
		ref[key(space, id)] = uint64(i)
	}
	// Long ids (larger than a first arena chunk) and ids that differ only
	// by leading zeros or space.
	long := strings.Repeat("z", 100_000)
	for _, id := range []string{long, "01", "001", ""} {
		if !m.Insert(7, []byte(id), 1<<40) {
			t.Fatalf("%.10q not inserted", id)
		}
		ref[key(7, id)] = 1 << 40
	}
	if m.Insert(0, []byte("0"), 99) {
		t.Error("a duplicate inserted")
	}
	if m.Len() != len(ref) {
		t.Errorf("len %d, want %d", m.Len(), len(ref))
	}
	for i := range n {
		id := fmt.Sprint(i)
		for space := range uint64(3) {
			gid, ok := m.Get(space, []byte(id))
			want, in := ref[key(space, id)]
			if ok != in || gid != want {
				t.Fatalf("%d/%s: %d %v, want %d %v", space, id, gid, ok, want, in)
			}
		}
	}
	for _, id := range []string{long, "01", "001", ""} {
		if gid, ok := m.Get(7, []byte(id)); !ok || gid != 1<<40 {
			t.Errorf("%.10q: %d %v", id, gid, ok)
		}
	}
	if _, ok := m.Get(7, []byte("1")); ok {
		t.Error("1 found where only 01 and 001 are")
	}
	for i := 0; i < n; i += 7 {
		a, b := []byte(fmt.Sprint(i)), []byte(fmt.Sprint(n-1-i))
		g1, ok1, g2, ok2 := m.GetPair(uint64(i%3), a, 1, b)
		w1, in1 := ref[key(uint64(i%3), string(a))]
		w2, in2 := ref[key(1, string(b))]
		if g1 != w1 || ok1 != in1 || g2 != w2 || ok2 != in2 {
			t.Fatalf("GetPair(%s, %s): %d %v %d %v", a, b, g1, ok1, g2, ok2)
		}
	}
	defer m.free()
	perID := float64(m.Bytes()) / float64(m.Len())
	t.Logf("%d ids: %d bytes, %.1f bytes per id (ids of up to 6 characters)", m.Len(), m.Bytes(), perID)
	if perID > 64 {
		t.Errorf("%.1f bytes per id", perID)
	}
}

// TestAdjSorterRuns: entries come back in (vertex, edge) order from memory,
// from spilled runs, and from runs merged in several passes (more than
// maxFanIn runs), all alike.
func TestAdjSorterRuns(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var in []adjEntry
	for e := range uint64(40_000) {
		// Vertex gids above 2^16 and 2^32 take more radix passes.
		from, to := rng.Uint64N(5000)<<(e%3*16), rng.Uint64N(5000)
		typ := rng.Uint64N(3)
		// As the loader adds them: in entry, then out entry, edge by edge.
		in = append(in, adjEntry{to, e << 1, from, typ}, adjEntry{from, e<<1 | 1, to, typ})
	}
	want := slices.Clone(in)
	slices.SortFunc(want, cmpAdj)
	for _, buf := range []int{1 << 30, 64 << 10, 1} {
		s := newAdjSorter(fs.OS{}, t.TempDir(), buf)
		for _, e := range in {
			if err := s.add(e); err != nil {
				t.Fatal(err)
			}
		}
		runs := len(s.runs)
		if err := s.finish(); err != nil {
			t.Fatal(err)
		}
		if len(s.runs) > maxFanIn {
			t.Errorf("buffer %d: %d runs left to merge", buf, len(s.runs))
		}
		for pass := range 2 { // the iterator starts over
			it, err := s.iterator()
			if err != nil {
				t.Fatal(err)
			}
			var got []adjEntry
			for {
				e, ok, err := it.next()
				if err != nil {
					t.Fatal(err)
				}
				if !ok {
					break
				}
				got = append(got, e)
			}
			if !slices.Equal(got, want) {
				t.Fatalf("buffer %d (%d runs), pass %d: %d entries differ from the sorted %d", buf, runs, pass, len(got), len(want))
			}
		}
		t.Logf("sort buffer %d bytes: %d runs of %d bytes on disk", buf, runs, s.spilledBytes())
		s.remove()
	}
}

// BenchmarkIDMapLookup: lookups of random ids among 1M and 10M, one at a
// time and in pairs (GetPair, as relationship rows look up their ends);
// ns/op is per lookup. It also reports the map's bytes per id.
func BenchmarkIDMapLookup(b *testing.B) {
	for _, n := range []int{1 << 20, 10 << 20} {
		m := newIDMap()
		for i := range n {
			m.Insert(0, []byte("p"+strconv.Itoa(i)), uint64(i))
		}
		keys := make([][]byte, 1<<16)
		rng := rand.New(rand.NewPCG(1, 1))
		for i := range keys {
			keys[i] = []byte("p" + strconv.Itoa(rng.IntN(n)))
		}
		key := func(i int) []byte { return keys[i&(len(keys)-1)] }
		b.Run(fmt.Sprintf("single/%d", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, ok := m.Get(0, key(i)); !ok {
					b.Fatal("missing")
				}
			}
			b.ReportMetric(float64(m.Bytes())/float64(n), "bytes/id")
		})
		b.Run(fmt.Sprintf("pair/%d", n), func(b *testing.B) {
			for i := 0; i < b.N; i += 2 {
				if _, ok1, _, ok2 := m.GetPair(0, key(i), 0, key(i+1)); !ok1 || !ok2 {
					b.Fatal("missing")
				}
			}
		})
	}
}
