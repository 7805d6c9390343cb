package inspect

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
	"github.com/durascope/durascope/internal/heappeak"
)

// TestVectorEntries: every real snapshot that carries vector index entries
// agrees with its vector-index-id values, and damage to either copy, which
// nothing else in a snapshot would show, is reported.
func TestVectorEntries(t *testing.T) {
	root := golden.CorpusDir(t)
	paths, err := filepath.Glob(filepath.Join(root, "v*", "*", "snapshot.bin"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no corpus snapshots (%v)", err)
	}
	withEntries := 0
	for _, p := range paths {
		r := verifyPath(t, p, VerifyOptions{})
		if len(r.Findings) != 0 {
			t.Errorf("%s: findings:\n%s", p, listFindings(r))
		}
		if located := locatedIndices(t, p); located != nil {
			t.Errorf("%s: the sums of vector indices %q disagree", p, located)
		}
		if format.FeaturesOf(format.Version(r.Version)).Has(format.FeatVectorIndexID) && strings.HasSuffix(filepath.Dir(p), "test_all") {
			withEntries++
		}
	}
	if withEntries < 5 {
		t.Errorf("%d corpus snapshots with vector index entries (VectorIndexID), want at least 5", withEntries)
	}
	data, err := os.ReadFile(filepath.Join(root, "v37", "test_all", "snapshot.bin"))
	if err != nil {
		t.Fatal(err)
	}
	// entry finds the first entry of the index of that name, in the
	// snapshot's vertex or edge vector indices.
	entry := func(m *format.Snapshot, name string) *format.VectorEntry {
		for _, xs := range [][]format.VectorIndex{m.EdgeIndices.Vector, m.EdgeIndices.VectorEdge} {
			for i := range xs {
				if xs[i].Name == name && len(xs[i].Entries) > 0 {
					return &xs[i].Entries[0]
				}
			}
		}
		t.Fatalf("no index %q with entries", name)
		return nil
	}
	// An edge record that does not decode: its values are never read, so
	// the entries they would name are no finding of their own.
	s, err := decode.OpenSnapshot(bytes.NewReader(data), int64(len(data)), "")
	if err != nil {
		t.Fatal(err)
	}
	edgeBatches, _, _, err := s.BatchTables()
	if err != nil || len(edgeBatches) == 0 {
		t.Fatalf("edge batches %v, %v", edgeBatches, err)
	}
	broken := bytes.Clone(data)
	broken[edgeBatches[0].Offset+10] = 0xd2 // the first edge's property count, after its marker and gid
	r := verifyBytes(t, broken, VerifyOptions{})
	if len(r.Findings) != 1 || r.Findings[0].Check != "snapshot.corrupt" {
		t.Errorf("an edge record that does not decode: want only snapshot.corrupt, got:\n%s", listFindings(r))
	}
	// vectorValue changes the first vertex value naming index to what
	// change makes of it.
	vectorValue := func(m *format.Snapshot, index string, change func(*format.VectorIndexID)) {
		for i := range m.Vertices {
			for j, p := range m.Vertices[i].Properties {
				if x, ok := p.Value.(format.VectorIndexID); ok && x.Indexes[0] == index {
					change(&x)
					m.Vertices[i].Properties[j].Value = x
					return
				}
			}
		}
		t.Fatalf("no vertex value names %s", index)
	}
	for _, c := range []struct {
		name   string
		damage func(m *format.Snapshot)
		want   []string // check: in its message, the findings in order
	}{
		{"entry component", func(m *format.Snapshot) { entry(m, "vector_index_name").Vector[1] = 2.5 },
			[]string{`snapshot.vector_entry: property embedding: the value's vector and vector index "vector_index_name"'s entry differ (component 1 is 2 in the value, 2.5 in the entry)`}},
		{"edge value component", func(m *format.Snapshot) {
			for i := range m.Edges {
				for j, p := range m.Edges[i].Properties {
					if x, ok := p.Value.(format.VectorIndexID); ok && x.Indexes[0] == "vector_edge_index_name" {
						x.Vector = append([]float64{-1}, x.Vector[1:]...)
						m.Edges[i].Properties[j].Value = x
						return
					}
				}
			}
			t.Fatal("no edge value names vector_edge_index_name")
		}, []string{`snapshot.vector_entry: (edge gid 0) property embedding: the value's vector and vector index "vector_edge_index_name"'s entry differ (component 0 is -1 in the value, 1 in the entry)`}},
		{"entry gid", func(m *format.Snapshot) { entry(m, "vector_index_wildcard").Gid += 1000 },
			[]string{`snapshot.vector_entry: names vector index "vector_index_wildcard", whose entries lack this vertex`,
				`snapshot.vector_entry: the entry of vertex gid`}},
		{"index name in a value", func(m *format.Snapshot) {
			vectorValue(m, "vector_index_name", func(x *format.VectorIndexID) { x.Indexes = []string{"vector_index_nome"} })
		}, []string{`snapshot.vector_index_ref: property embedding names vector index "vector_index_nome", which the file does not define`,
			`snapshot.vector_entry: the entry of vertex gid`}},
	} {
		m := decodeSnap(t, data)
		c.damage(m)
		r := verifyBytes(t, encodeSnap(t, m, nil), VerifyOptions{})
		if len(r.Findings) != len(c.want) {
			t.Errorf("%s: want %d findings, got:\n%s", c.name, len(c.want), listFindings(r))
			continue
		}
		for i, f := range r.Findings {
			check, text, _ := strings.Cut(c.want[i], ": ")
			if f.Severity != SeverityWarning || f.Check != check || !strings.Contains(f.String(), text) {
				t.Errorf("%s: finding %d is %s, want a %s warning with %q", c.name, i, f, check, text)
			}
		}
	}
}

// vectorIndexOf is the index of that name in m's vertex or edge vector indices.
func vectorIndexOf(t *testing.T, m *format.Snapshot, name string) *format.VectorIndex {
	t.Helper()
	for _, xs := range [][]format.VectorIndex{m.EdgeIndices.Vector, m.EdgeIndices.VectorEdge} {
		for i := range xs {
			if xs[i].Name == name {
				return &xs[i]
			}
		}
	}
	t.Fatalf("no vector index %q", name)
	return nil
}

// vertexOf is m's vertex of that gid.
func vertexOf(t *testing.T, m *format.Snapshot, gid uint64) *format.VertexRecord {
	t.Helper()
	for i := range m.Vertices {
		if m.Vertices[i].Gid == gid {
			return &m.Vertices[i]
		}
	}
	t.Fatalf("no vertex gid %d", gid)
	return nil
}

// vectorValueOf changes the vector-index-id value of the vertex of that
// gid (its first property) to what change makes of it.
func vectorValueOf(t *testing.T, m *format.Snapshot, gid uint64, change func(*format.VectorIndexID)) {
	t.Helper()
	v := vertexOf(t, m, gid)
	x, ok := v.Properties[0].Value.(format.VectorIndexID)
	if !ok {
		t.Fatalf("vertex gid %d: the first property is no vector-index-id value", gid)
	}
	x.Indexes, x.Vector = slices.Clone(x.Indexes), slices.Clone(x.Vector)
	change(&x)
	v.Properties[0].Value = x
}

// wantFindings checks r's findings against want, each "check: text" with
// text in the finding.
func wantFindings(t *testing.T, name string, r *VerifyReport, want []string) {
	t.Helper()
	if len(r.Findings) != len(want) {
		t.Errorf("%s: want %d findings, got:\n%s", name, len(want), listFindings(r))
		return
	}
	for i, f := range r.Findings {
		check, text, _ := strings.Cut(want[i], ": ")
		if f.Check != check || !strings.Contains(f.String(), text) {
			t.Errorf("%s: finding %d is %s, want %s with %q", name, i, f, check, text)
		}
	}
}

// locatedIndices verifies the snapshot at p and returns the vector
// indices the second pass read again (located, verify_vector.go), in the
// file's order: none where the sums of the entries and of the values agree.
func locatedIndices(t *testing.T, p string) []string {
	t.Helper()
	f, err := datadir.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := f.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	v := newSnapVerifier(f, s, &collector{file: p, perCheck: map[string]int{}}, &noProgress, 1)
	v.run()
	var names []string
	for _, x := range v.vectorOrder {
		if x.located {
			names = append(names, x.index.Name)
		}
	}
	return names
}

// TestVectorEntriesSums: the cases where the sums of the entries and of
// the values (verify_vector.go) cannot tell on their own, on the v37
// corpus snapshot, where the value of vertex 10 names vector_index_name
// (scalar kind 11, one entry: gid 10, [1 2 3]), vector_index_name_1
// (scalar kind 12) has no entries, and vector_index_wildcard (scalar kind
// 11) holds vertex 21. The findings are those of a check holding every
// entry.
func TestVectorEntriesSums(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(golden.CorpusDir(t), "v37", "test_all", "snapshot.bin"))
	if err != nil {
		t.Fatal(err)
	}
	addEntry := func(m *format.Snapshot, index string, e format.VectorEntry) {
		x := vectorIndexOf(t, m, index)
		x.Entries = append(x.Entries, e)
	}
	name := func(names ...string) func(*format.VectorIndexID) {
		return func(x *format.VectorIndexID) { x.Indexes = append(x.Indexes, names...) }
	}
	for _, c := range []struct {
		name   string
		damage func(m *format.Snapshot)
		want   []string
		// located: the indices whose sums disagree, or cannot tell,
		// which the second pass reads again; the rest it does not.
		located []string
	}{
		// Named after a first index of another scalar kind, an entry keeps
		// its own rounding, and only its gid is held against the value.
		{"second index of another kind", func(m *format.Snapshot) {
			vectorValueOf(t, m, 10, name("vector_index_name_1"))
			addEntry(m, "vector_index_name_1", format.VectorEntry{Gid: 10, Vector: []float64{1.0009765625, 2, 3}})
		}, nil, nil},
		{"second index of another kind, no entry", func(m *format.Snapshot) {
			vectorValueOf(t, m, 10, name("vector_index_name_1"))
		}, []string{`snapshot.vector_entry: names vector index "vector_index_name_1", whose entries lack this vertex`}, []string{"vector_index_name_1"}},
		// Of the same kind, the entry's vector is summed with the value's:
		// another one is no finding either, only a second pass that finds
		// none.
		{"second index of the same kind", func(m *format.Snapshot) {
			vectorValueOf(t, m, 21, name("vector_index_or"))
			addEntry(m, "vector_index_or", format.VectorEntry{Gid: 21, Vector: []float64{7, 8}})
		}, nil, nil},
		{"second index of the same kind, another vector", func(m *format.Snapshot) {
			vectorValueOf(t, m, 10, name("vector_index_wildcard"))
			addEntry(m, "vector_index_wildcard", format.VectorEntry{Gid: 10, Vector: []float64{9, 9}})
		}, nil, []string{"vector_index_wildcard"}},
		// Named first by one value and after another kind by another.
		{"first and second", func(m *format.Snapshot) {
			vectorValueOf(t, m, 21, func(x *format.VectorIndexID) { x.Indexes = []string{"vector_index_name_1", "vector_index_wildcard"} })
			addEntry(m, "vector_index_name_1", format.VectorEntry{Gid: 21, Vector: []float64{7, 8, 9}})
			vectorValueOf(t, m, 10, name("vector_index_name_1"))
			addEntry(m, "vector_index_name_1", format.VectorEntry{Gid: 10, Vector: []float64{1, 2, 3}})
		}, []string{`snapshot.vector_entry: the value's vector and vector index "vector_index_name_1"'s entry differ (2 components in the value, 3 in the entry)`}, []string{"vector_index_name_1"}},
		// A gid listed twice and named twice, with the same vector, sums
		// as a clean pair; the second entry is named by no value.
		{"named twice by a value, listed twice", func(m *format.Snapshot) {
			vectorValueOf(t, m, 10, name("vector_index_name"))
			addEntry(m, "vector_index_name", format.VectorEntry{Gid: 10, Vector: []float64{1, 2, 3}})
		}, []string{`snapshot.vector_entry: (vector index "vector_index_name" entry #1) the entry of vertex gid 10 is named by no vector-index-id value`}, []string{"vector_index_name"}},
		{"named twice by a record, listed twice", func(m *format.Snapshot) {
			v := vertexOf(t, m, 10)
			v.Properties = append(v.Properties, format.Property{ID: 16, Value: v.Properties[0].Value}) // embedding1
			addEntry(m, "vector_index_name", format.VectorEntry{Gid: 10, Vector: []float64{1, 2, 3}})
		}, []string{`snapshot.vector_entry: (vector index "vector_index_name" entry #1) the entry of vertex gid 10 is named by no vector-index-id value`}, []string{"vector_index_name"}},
		{"listed twice, the second first", func(m *format.Snapshot) {
			x := vectorIndexOf(t, m, "vector_index_or")
			x.Entries = append([]format.VectorEntry{{Gid: 19, Vector: []float64{3, 5}}}, x.Entries...)
		}, []string{`snapshot.vector_entry: the value's vector and vector index "vector_index_or"'s entry differ (component 1 is 4 in the value, 5 in the entry)`,
			`snapshot.vector_entry: (vector index "vector_index_or" entry #2) the entry of vertex gid 19 is named by no vector-index-id value`}, []string{"vector_index_or"}},
	} {
		m := decodeSnap(t, data)
		c.damage(m)
		p := filepath.Join(t.TempDir(), "snapshot.bin")
		if err := os.WriteFile(p, encodeSnap(t, m, nil), 0o644); err != nil {
			t.Fatal(err)
		}
		wantFindings(t, c.name, verifyPath(t, p, VerifyOptions{}), c.want)
		if located := locatedIndices(t, p); !slices.Equal(located, c.located) {
			t.Errorf("%s: vector indices %q located, want %q", c.name, located, c.located)
		}
	}
}

// TestVectorEntriesFailFast: with --fail-fast, the vector findings listed
// are those found before the error that stopped the checks, as if the
// second pass, which runs after it, had run in place; the entries no value
// names are checked only once every value is. (Findings at one offset are
// listed by check.)
func TestVectorEntriesFailFast(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(golden.CorpusDir(t), "v37", "test_all", "snapshot.bin"))
	if err != nil {
		t.Fatal(err)
	}
	component := func(x *format.VectorIndexID) { x.Vector[0] = 0.5 }
	unmapped := func(m *format.Snapshot, gid uint64) {
		v := vertexOf(t, m, gid)
		v.Labels = append(v.Labels, 999999)
	}
	const (
		differ10 = `snapshot.vector_entry: (vertex gid 10) property embedding: the value's vector and vector index "vector_index_name"'s entry differ`
		differ21 = `snapshot.vector_entry: (vertex gid 21) property wild_embedding: the value's vector`
		lack21   = `snapshot.vector_entry: (vertex gid 21) property wild_embedding names vector index "vector_index_wildcard", whose entries lack this vertex`
		unnamed  = `snapshot.vector_entry: (vector index "vector_index_wildcard" entry #0) the entry of vertex gid 1021`
	)
	for _, c := range []struct {
		name   string
		damage func(m *format.Snapshot)
		want   []string
	}{
		{"warning before the error", func(m *format.Snapshot) { vectorValueOf(t, m, 10, component); unmapped(m, 21) },
			[]string{differ10, "snapshot.mapper_id: (vertex gid 21) label id 999999"}},
		{"warning after the error", func(m *format.Snapshot) { vectorValueOf(t, m, 21, component); unmapped(m, 10) },
			[]string{"snapshot.mapper_id: (vertex gid 10) label id 999999"}},
		// A record's labels are checked before its properties, its
		// properties in order.
		{"the error on the warning's labels", func(m *format.Snapshot) { vectorValueOf(t, m, 10, component); unmapped(m, 10) },
			[]string{"snapshot.mapper_id: (vertex gid 10) label id 999999"}},
		{"the error on the property after", func(m *format.Snapshot) {
			vectorValueOf(t, m, 10, component)
			v := vertexOf(t, m, 10)
			v.Properties = append(v.Properties, format.Property{ID: 888888, Value: format.Int(1)})
		}, []string{"snapshot.mapper_id: (vertex gid 10) property id 888888", differ10}},
		{"the error between two values", func(m *format.Snapshot) {
			vectorValueOf(t, m, 10, component)
			v := vertexOf(t, m, 10)
			v.Properties = append(v.Properties, format.Property{ID: 888888, Value: format.Int(1)}, format.Property{ID: 16, Value: v.Properties[0].Value})
		}, []string{"snapshot.mapper_id: (vertex gid 10) property id 888888", differ10}},
		{"the error on the property before", func(m *format.Snapshot) {
			vectorValueOf(t, m, 10, component)
			v := vertexOf(t, m, 10)
			v.Properties = append([]format.Property{{ID: 888888, Value: format.Int(1)}}, v.Properties...)
		}, []string{"snapshot.mapper_id: (vertex gid 10) property id 888888"}},
		// The entries no value names are the last of the vector findings.
		{"an entry's gid, an error after every record", func(m *format.Snapshot) {
			vectorIndexOf(t, m, "vector_index_wildcard").Entries[0].Gid += 1000
			m.Metadata.VertexCount++
		}, []string{lack21, "snapshot.vertex_count"}},
		{"an entry's gid", func(m *format.Snapshot) { vectorIndexOf(t, m, "vector_index_wildcard").Entries[0].Gid += 1000 },
			[]string{lack21, unnamed}},
		{"two", func(m *format.Snapshot) { vectorValueOf(t, m, 10, component); vectorValueOf(t, m, 21, component) },
			[]string{differ10, differ21}},
	} {
		m := decodeSnap(t, data)
		c.damage(m)
		b := encodeSnap(t, m, nil)
		wantFindings(t, c.name, verifyBytes(t, b, VerifyOptions{FailFast: true}), c.want)
		sameParallel(t, c.name, b, sameParallelParts)
	}
}

// writeVectorSnapshot writes to path a snapshot of n vertices, each in the
// vector index "idx" of dim dimensions, with its vector in its value and
// in the index's entries (listed from the last vertex to the first, as an
// index lists them in no gid order). A vertex whose gid is in damaged
// holds another vector in its value. The model holds a few vectors that
// every vertex shares, so that writing takes little memory.
func writeVectorSnapshot(t testing.TB, path string, n, dim int, damaged ...uint64) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sw, err := encode.NewSnapshotWriter(f, format.MaxVersion, nil)
	if err != nil {
		t.Fatal(err)
	}
	var shared [8][]float64
	for k := range shared {
		shared[k] = make([]float64, dim)
		for c := range dim {
			shared[k][c] = float64(k*dim+c) / 3
		}
	}
	other := slices.Clone(shared[0])
	other[dim/2] = -1
	x := format.VectorIndex{Name: "idx", Targets: []uint64{0}, Property: 1, Metric: "l2sq", Dimension: uint64(dim), Resize: 2, Capacity: uint64(n)}
	for g := range uint64(n) {
		vector := shared[g%8]
		if slices.Contains(damaged, g) {
			vector = other
		}
		r := format.VertexRecord{Gid: g, Labels: []uint64{0},
			Properties: []format.Property{{ID: 1, Value: format.VectorIndexID{Indexes: []string{"idx"}, Vector: vector}}}}
		if err := sw.WriteVertex(r); err != nil {
			t.Fatal(err)
		}
		x.Entries = append(x.Entries, format.VectorEntry{Gid: uint64(n-1) - g, Vector: shared[(uint64(n-1)-g)%8]})
	}
	m := &format.Snapshot{Version: format.MaxVersion, Mapper: []format.MapperEntry{{ID: 0, Name: "Doc"}, {ID: 1, Name: "embedding"}},
		Metadata: format.SnapshotMetadata{UUID: "u", Epoch: "e", VertexCount: uint64(n)}}
	m.EdgeIndices.Vector = []format.VectorIndex{x}
	if err := sw.Finish(m); err != nil {
		t.Fatal(err)
	}
}

// peakLiveHeap is the most heap live at once while fn runs
// (heappeak.Of).
func peakLiveHeap(fn func()) uint64 { return heappeak.Of(fn) }

// TestVerifyVectorMemory holds verify's memory to what the README claims
// (streaming and bounded memory): on snapshots of 2,048 and of 8,192
// vectors of 256 dimensions in a vector index, both copies of each, the
// most heap verify holds at once grows by far less than the vectors added
// take (12 MiB), clean or with a vector damaged (the second pass holds 24
// bytes per entry of the index: 0.14 MiB more here). Verify holding the
// entries (their vectors) grows by all of that.
func TestVerifyVectorMemory(t *testing.T) {
	const dim, small, large = 256, 2048, 8192
	added := uint64(large-small) * dim * 8
	// The bound is a third of that: holding the entries grows by all of
	// it, and on a loaded machine the sampled peak moved by up to 2 MiB
	// (garbage made while a cycle marks counts as live).
	bound := added / 3
	// stats reads the same section (to count its indices) and must not
	// hold the entries either.
	var statsPeaks [2]uint64
	for i, n := range []int{small, large} {
		p := filepath.Join(t.TempDir(), "snapshot.bin")
		writeVectorSnapshot(t, p, n, dim)
		f, err := datadir.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		Stats(f, StatsOptions{})
		statsPeaks[i] = math.MaxUint64
		for range 3 {
			statsPeaks[i] = min(statsPeaks[i], peakLiveHeap(func() {
				if st := Stats(f, StatsOptions{}); st.Err() != nil {
					t.Fatalf("%d vectors: stats: %v", n, st.Err())
				}
			}))
		}
		f.Close()
	}
	t.Logf("stats: most heap live %d KiB with %d vectors, %d KiB with %d", statsPeaks[0]>>10, small, statsPeaks[1]>>10, large)
	if statsPeaks[1] > statsPeaks[0] && statsPeaks[1]-statsPeaks[0] > bound {
		t.Errorf("stats: the heap grows by %d KiB from %d to %d vectors, whose vectors add %d KiB",
			(statsPeaks[1]-statsPeaks[0])>>10, small, large, added>>10)
	}
	for _, damaged := range [][]uint64{nil, {small / 2}} {
		var peaks [2]uint64
		for i, n := range []int{small, large} {
			p := filepath.Join(t.TempDir(), "snapshot.bin")
			writeVectorSnapshot(t, p, n, dim, damaged...)
			f, err := datadir.Open(p)
			if err != nil {
				t.Fatal(err)
			}
			var r *VerifyReport
			VerifyFile(f, VerifyOptions{Workers: 1}) // what a first run sets up once is not counted
			// Garbage made while a collection marks counts as live: the
			// least of a few runs leaves what verify holds.
			peaks[i] = math.MaxUint64
			for range 3 {
				peaks[i] = min(peaks[i], peakLiveHeap(func() { r = VerifyFile(f, VerifyOptions{Workers: 1}) }))
			}
			f.Close()
			want := []string(nil)
			if damaged != nil {
				want = []string{fmt.Sprintf(`snapshot.vector_entry: (vertex gid %d) property embedding: the value's vector and vector index "idx"'s entry differ (component %d is -1 in the value`, small/2, dim/2)}
			}
			wantFindings(t, fmt.Sprintf("%d vectors", n), r, want)
			if r.Counts.Vertices != uint64(n) {
				t.Fatalf("%d vectors: %d vertices verified", n, r.Counts.Vertices)
			}
		}
		t.Logf("damaged %v: most heap live %d KiB with %d vectors, %d KiB with %d", damaged, peaks[0]>>10, small, peaks[1]>>10, large)
		if peaks[1] > peaks[0] && peaks[1]-peaks[0] > bound {
			t.Errorf("damaged %v: the heap verify holds grows by %d KiB from %d to %d vectors, whose vectors add %d KiB",
				damaged, (peaks[1]-peaks[0])>>10, small, large, added>>10)
		}
	}
}

// TestVectorHasher: a vector's hash does not depend on the pieces it is
// handed in (decode hands an entry's in pieces, a value's comes whole),
// and two components' signs flipped, or two components swapped, change it.
func TestVectorHasher(t *testing.T) {
	xs := make([]float64, 37)
	for i := range xs {
		xs[i] = float64(i*i) - 3.5
	}
	whole := hashVector(xs)
	for _, cuts := range [][]int{{1}, {3, 4}, {2, 7, 8, 30}, {5, 6, 7, 9, 36}, {36}} {
		h := newVectorHasher()
		from := 0
		for _, to := range append(cuts, len(xs)) {
			h.add(xs[from:to])
			from = to
		}
		if h.sum() != whole {
			t.Errorf("cut at %v: hash %x, whole %x", cuts, h.sum(), whole)
		}
	}
	for name, change := range map[string]func([]float64){
		"signs flipped": func(v []float64) { v[3], v[7] = -v[3], -v[7] },
		"swapped":       func(v []float64) { v[3], v[7] = v[7], v[3] },
		"one fewer":     nil,
	} {
		v := slices.Clone(xs)
		if change == nil {
			v = v[:len(v)-1]
		} else {
			change(v)
		}
		if hashVector(v) == whole {
			t.Errorf("%s: the same hash", name)
		}
	}
	if hashVector(nil) == hashVector([]float64{0}) {
		t.Error("no component and one zero hash the same")
	}
}
