package inspect

import (
	"cmp"
	"encoding/binary"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
	"github.com/durascope/durascope/golden/largegen"
)

// watchSpills sets TMPDIR to a fresh directory and returns the temporary
// files created from then on; at the end of the test it checks that none
// of them, and nothing else in TMPDIR, is left.
func watchSpills(t *testing.T) *[]string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	var names []string
	spillCreated = func(name string) { names = append(names, name) }
	t.Cleanup(func() {
		spillCreated = nil
		for _, n := range names {
			if _, err := os.Stat(n); !os.IsNotExist(err) {
				t.Errorf("temporary file %s left behind (%v)", n, err)
			}
		}
		if left, _ := os.ReadDir(dir); len(left) > 0 {
			t.Errorf("TMPDIR holds %d entries after the run", len(left))
		}
	})
	return &names
}

var pairCodec = spillCodec[[2]uint64]{
	size: 16,
	put: func(b []byte, x [2]uint64) {
		binary.LittleEndian.PutUint64(b, x[0])
		binary.LittleEndian.PutUint64(b[8:], x[1])
	},
	get: func(b []byte) [2]uint64 {
		return [2]uint64{binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint64(b[8:])}
	},
	cmp: func(a, b [2]uint64) int { return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1])) },
}

// keyedPairCodec sorts pairs into buckets by the first element first.
var keyedPairCodec = func() spillCodec[[2]uint64] {
	c := pairCodec
	c.key = func(x [2]uint64) uint64 { return x[0] }
	return c
}()

// TestSpillSorter: items come back sorted and complete whether they fit
// the budget or spill into many runs merged in several passes, sorted
// with buckets by key or without, and the temporary file is gone.
func TestSpillSorter(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct {
		n, budget int
		spills    bool
		keyed     bool
	}{{0, 1 << 20, false, false}, {1000, 1 << 20, false, false}, {3000, 1, true, false}, {3000, 12 << 10, true, false},
		{30000, 1 << 20, false, true}, {30000, 200 << 10, true, true}} {
		names := watchSpills(t)
		codec := pairCodec
		if tc.keyed {
			codec = keyedPairCodec
		}
		s := newSpillSorter(codec, tc.budget)
		var want [][2]uint64
		for range tc.n {
			x := [2]uint64{rng.Uint64N(50), rng.Uint64()}
			if tc.keyed { // spread over the key's bits, or tied
				x[0] = rng.Uint64()
				if rng.Uint64N(2) == 0 {
					x[0] = rng.Uint64N(3000) << 50
				}
			}
			want = append(want, x)
			s.add(x)
		}
		if tc.budget == 1 && s.fanIn() >= len(s.runs) {
			t.Errorf("%d runs, fan-in %d: no merge pass before the last", len(s.runs), s.fanIn())
		}
		var got [][2]uint64
		if err := s.each(func(x [2]uint64) error { got = append(got, x); return nil }); err != nil {
			t.Fatal(err)
		}
		s.close()
		slices.SortFunc(want, pairCodec.cmp)
		if !slices.Equal(got, want) {
			t.Errorf("n %d budget %d: items differ after sorting (%d vs %d)", tc.n, tc.budget, len(got), len(want))
		}
		if spilled := len(*names) > 0; spilled != tc.spills {
			t.Errorf("n %d budget %d: spilled %v", tc.n, tc.budget, spilled)
		}
	}
}

// uniqueFixture is a generated snapshot of many small batches and its
// users with an email (the generator's unique constraint).
func uniqueFixture(t *testing.T) (*format.Snapshot, uint64, []int) {
	t.Helper()
	var gen golden.MemFile
	if _, err := largegen.WriteSnapshot(&gen, format.MaxVersion, 256<<10, &largegen.SnapshotParams{Seed: 9, BatchSize: 17}); err != nil {
		t.Fatal(err)
	}
	m := decodeSnap(t, gen.Bytes())
	email, user := mapperID(t, m, "email"), mapperID(t, m, "User")
	var users []int
	for i, v := range m.Vertices {
		if slices.Contains(v.Labels, user) && slices.ContainsFunc(v.Properties, func(p format.Property) bool { return p.ID == email }) {
			users = append(users, i)
		}
	}
	if len(users) < 40 {
		t.Fatalf("%d users: too few to spill", len(users))
	}
	return m, email, users
}

func setProp(m *format.Snapshot, i int, id uint64, v format.Value) {
	ps := m.Vertices[i].Properties
	ps[slices.IndexFunc(ps, func(p format.Property) bool { return p.ID == id })].Value = v
}

func reportJSON(t *testing.T, p string, opts VerifyOptions) string {
	t.Helper()
	j, _ := json.Marshal(verifyPath(t, p, opts))
	return string(j)
}

// TestVerifyUniqueSpilled: with a memory budget so small that the tuples
// spill into many runs, the unique check finds the same duplicates, named
// against the same first vertices, as with the budget they fit in; and
// with every tuple hash forced equal it reports exactly the tuples whose
// values are equal (Int 5 and Double 5 among them), none where they
// differ. The temporary files are gone afterwards.
func TestVerifyUniqueSpilled(t *testing.T) {
	m, email, users := uniqueFixture(t)
	clean := encodeSnap(t, m, nil)
	n := len(users)
	dupAt := []int{users[3], users[n/2], users[n-1], users[7], users[8], users[n-2]}
	setProp(m, users[1], email, format.String("same@x"))
	setProp(m, users[n/2], email, format.String("same@x"))
	setProp(m, users[n-1], email, format.String("same@x"))
	setProp(m, users[2], email, format.Int(5))
	setProp(m, users[3], email, format.Double(5))
	setProp(m, users[6], email, format.String("other@x"))
	setProp(m, users[7], email, format.String("other@x"))
	setProp(m, users[8], email, format.String("other@x"))
	setProp(m, users[n-3], email, format.String("last@x"))
	setProp(m, users[n-2], email, format.String("last@x"))
	dirty := encodeSnap(t, m, nil)
	d := decodeSnap(t, dirty)
	dirtyPath := filepath.Join(t.TempDir(), "dirty.bin")
	if err := os.WriteFile(dirtyPath, dirty, 0o644); err != nil {
		t.Fatal(err)
	}
	var wantOffs []int64
	for _, i := range dupAt {
		wantOffs = append(wantOffs, int64(d.Vertices[i].Offset))
	}
	slices.Sort(wantOffs)
	firstOf := map[int64]uint64{ // duplicate -> the vertex it repeats
		int64(d.Vertices[users[n/2]].Offset): d.Vertices[users[1]].Offset,
		int64(d.Vertices[users[n-1]].Offset): d.Vertices[users[1]].Offset,
		int64(d.Vertices[users[3]].Offset):   d.Vertices[users[2]].Offset,
		int64(d.Vertices[users[7]].Offset):   d.Vertices[users[6]].Offset,
		int64(d.Vertices[users[8]].Offset):   d.Vertices[users[6]].Offset,
		int64(d.Vertices[users[n-2]].Offset): d.Vertices[users[n-3]].Offset,
	}

	inMemory := map[bool]string{}
	for _, ff := range []bool{false, true} {
		inMemory[ff] = reportJSON(t, dirtyPath, VerifyOptions{FailFast: ff})
	}
	r := verifyBytes(t, dirty, VerifyOptions{})
	var got []int64
	for _, f := range r.Findings {
		if f.Check != "snapshot.unique_constraint" {
			t.Errorf("unexpected finding %s", f)
			continue
		}
		got = append(got, f.Offset)
		if !strings.Contains(f.Message, "as the vertex at offset "+itoa(firstOf[f.Offset])+";") {
			t.Errorf("%s: names the wrong first vertex (want %d)", f, firstOf[f.Offset])
		}
	}
	if !slices.Equal(got, wantOffs) {
		t.Errorf("duplicates at %v, want %v", got, wantOffs)
	}

	defer func(b int, h func(format.Value) uint64, sh func([]byte) uint64) {
		uniqueBudget, uniqueValueHash, uniqueStringHash = b, h, sh
	}(uniqueBudget, uniqueValueHash, uniqueStringHash)
	uniqueBudget = 1
	for _, collide := range []bool{false, true} {
		if collide {
			uniqueValueHash = func(format.Value) uint64 { return 42 }
			uniqueStringHash = func([]byte) uint64 { return 42 }
		}
		names := watchSpills(t)
		for _, ff := range []bool{false, true} {
			for _, w := range []int{1, 3} {
				if got := reportJSON(t, dirtyPath, VerifyOptions{FailFast: ff, Workers: w}); got != inMemory[ff] {
					t.Errorf("collide %v, fail-fast %v, %d workers: report differs from the in-memory one:\n%s\nwant\n%s", collide, ff, w, got, inMemory[ff])
				}
			}
		}
		if r := verifyBytes(t, clean, VerifyOptions{}); len(r.Findings) > 0 {
			t.Errorf("collide %v: distinct values reported:\n%s", collide, listFindings(r))
		}
		if len(*names) == 0 {
			t.Errorf("collide %v: nothing spilled", collide)
		}
	}
}

// TestVerifyUniqueFailFast: --fail-fast stops where a check holding every
// tuple in file order stops: at a duplicate before another error, at the
// other error when it comes first, and at the other error when both are
// in the same vertex (its labels are checked before its constraints).
func TestVerifyUniqueFailFast(t *testing.T) {
	for _, budget := range []int{uniqueBudget, 1} {
		m, email, users := uniqueFixture(t)
		setProp(m, users[4], email, format.String("dup@x"))
		setProp(m, users[10], email, format.String("dup@x"))
		b := encodeSnap(t, m, nil)
		for _, tc := range []struct {
			name string
			at   int // the vertex given an unknown label
			dup  bool
		}{
			{"dup first", users[20], true},
			{"label first", users[5], false},
			{"same vertex", users[10], false},
		} {
			m := decodeSnap(t, b)
			m.Vertices[tc.at].Labels = append(m.Vertices[tc.at].Labels, 999)
			bad := encodeSnap(t, m, nil)
			d := decodeSnap(t, bad)
			want, chk := int64(d.Vertices[tc.at].Offset), "snapshot.mapper_id"
			if tc.dup {
				want, chk = int64(d.Vertices[users[10]].Offset), "snapshot.unique_constraint"
			}
			old := uniqueBudget
			uniqueBudget = budget
			for _, w := range []int{1, 3} {
				r := verifyBytes(t, bad, VerifyOptions{FailFast: true, Workers: w})
				if len(r.Findings) != 1 || r.Findings[0].Check != chk || r.Findings[0].Offset != want {
					t.Errorf("budget %d, %s, %d workers: want only %s at %d, got:\n%s", budget, tc.name, w, chk, want, listFindings(r))
				}
			}
			uniqueBudget = old
		}
	}
}

// TestSortUniqueEntries: the unique entries' own sort orders them as
// uniqueCmp does, with hashes that tie and spread over the buckets, below
// and above the size where it sorts into buckets.
func TestSortUniqueEntries(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	// Hashes that tie, that agree in their top bytes, and spread ones.
	hashes := []uint64{0, 1, 1 << 8, 1<<8 + 1, 1 << 63, 1<<63 | 1<<55, ^uint64(0)}
	for range 200 {
		hashes = append(hashes, rng.Uint64())
	}
	for _, n := range []int{0, 1, 33, 100, 5000, 1 << 14, 3 << 14} {
		items := make([]uniqueEntry, n)
		for i := range items {
			items[i] = uniqueEntry{hash: hashes[rng.IntN(len(hashes))], off: rng.Int64N(8), cons: rng.Uint32N(3), seq: rng.Uint32N(2) | uint32(rng.IntN(2))<<31}
		}
		want := slices.Clone(items)
		slices.SortFunc(want, uniqueCmp)
		sortUniqueEntries(items)
		if !slices.Equal(items, want) {
			t.Errorf("%d entries: not in uniqueCmp's order", n)
		}
	}
	// One hash for every entry: a file repeating one value under a
	// unique constraint (the bucket of equal hashes is comparison-sorted).
	items := make([]uniqueEntry, 1<<16)
	for i := range items {
		items[i] = uniqueEntry{hash: 42, off: int64(len(items) - i), cons: uint32(i % 3)}
	}
	want := slices.Clone(items)
	slices.SortFunc(want, uniqueCmp)
	sortUniqueEntries(items)
	if !slices.Equal(items, want) {
		t.Error("equal hashes: not in uniqueCmp's order")
	}
}
