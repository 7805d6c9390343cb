package csvimport

import (
	"fmt"
	"math/rand/v2"
	"slices"
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
		from, to := rng.Uint64N(5000), rng.Uint64N(5000)
		typ := rng.Uint64N(3)
		in = append(in, adjEntry{from, e<<1 | 1, to, typ}, adjEntry{to, e << 1, from, typ})
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
