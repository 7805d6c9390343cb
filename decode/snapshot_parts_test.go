package decode_test

import (
	"bytes"
	"fmt"
	"slices"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
	"github.com/durascope/durascope/golden/largegen"
)

// recAt is a record as a scan meets it.
type recAt struct{ off, gid uint64 }

// wholeBatch scans batch i in one piece.
func wholeBatch(s *decode.Snapshot, batches []format.Batch, i int, vertices bool) ([]recAt, int64, error) {
	var out []recAt
	sc := s.NewScanner()
	if vertices {
		end, err := sc.Vertices(batches[i], s.Bound(batches, i), func(v *decode.VertexView) error {
			out = append(out, recAt{v.Offset, v.Gid})
			return nil
		})
		return out, end, err
	}
	end, err := sc.Edges(batches[i], s.Bound(batches, i), func(e *decode.EdgeView) error {
		out = append(out, recAt{e.Offset, e.Gid})
		return nil
	})
	return out, end, err
}

// partsResult is what partsOf found of one batch.
type partsResult struct {
	recs  []recAt
	end   int64
	ok    bool
	scans []decode.PartScan
	parts []decode.Part
}

// partsOf scans the batches in parts of size bytes and chains them: per
// batch, the records read, where they end, and whether the chain holds.
func partsOf(s *decode.Snapshot, batches []format.Batch, size int64, vertices bool) []partsResult {
	out := make([]partsResult, len(batches))
	var chain decode.PartChain
	sc := s.NewScanner() // one, as a worker reuses its own for the parts it takes
	for _, p := range s.Parts(batches, size) {
		r := &out[p.Batch]
		var ps decode.PartScan
		bound := s.Bound(batches, p.Batch)
		if vertices {
			ps = sc.VertexPart(p, bound, func(v *decode.VertexView) error { r.recs = append(r.recs, recAt{v.Offset, v.Gid}); return nil })
		} else {
			ps = sc.EdgePart(p, bound, func(e *decode.EdgeView) error { r.recs = append(r.recs, recAt{e.Offset, e.Gid}); return nil })
		}
		r.scans, r.parts = append(r.scans, ps), append(r.parts, p)
		chain.Add(batches[p.Batch], p, &ps)
		if p.Last {
			r.end, _, _, _, r.ok = chain.Done()
		}
	}
	return out
}

// checkParts: wherever the parts of a batch chain, they read exactly the
// records of the whole batch and end where it ends, and the whole batch
// reads without error; on an undamaged file every batch chains.
func checkParts(t *testing.T, name string, b []byte, sizes []int64, clean bool) (chained, broken int) {
	t.Helper()
	s, err := decode.OpenSnapshot(bytes.NewReader(b), int64(len(b)), "f")
	if err != nil {
		return
	}
	edges, vertices, _, err := s.BatchTables()
	if err != nil {
		return
	}
	for _, vert := range []bool{false, true} {
		batches := edges
		if vert {
			batches = vertices
		}
		for _, size := range sizes {
			for i, r := range partsOf(s, batches, size, vert) {
				if !r.ok {
					if clean {
						t.Fatalf("%s: parts of %d bytes: batch %d of %d (vertices %v) does not chain: %+v in %+v", name, size, i, len(batches), vert, r.scans, r.parts)
					}
					broken++
					continue
				}
				chained++
				want, end, err := wholeBatch(s, batches, i, vert)
				if err != nil || end != r.end || !slices.Equal(want, r.recs) {
					t.Fatalf("%s: parts of %d bytes: batch %d chains but the whole batch reads %d records to %d (%v), the parts %d to %d",
						name, size, i, len(want), end, err, len(r.recs), r.end)
				}
			}
		}
	}
	return
}

// TestPartsMakeUpBatches: on generated snapshots, with and without batch
// tables, in parts from a few bytes (parts that start inside records,
// parts no record starts in) to larger than a batch, the parts of every
// batch chain and read what the whole batch reads.
func TestPartsMakeUpBatches(t *testing.T) {
	for _, v := range []format.Version{format.MinVersion, format.MaxVersion} {
		for _, batch := range []int{1, 7, 1000} {
			var gen golden.MemFile
			if _, err := largegen.WriteSnapshot(&gen, v, 24<<10, &largegen.SnapshotParams{Seed: 4, BatchSize: batch}); err != nil {
				t.Fatal(err)
			}
			checkParts(t, fmt.Sprintf("v%d batches of %d", v, batch), gen.Bytes(), []int64{1, 13, 100, 1000, 1 << 20}, true)
		}
	}
}

// TestPartsDamaged: on every bit flip of a generated snapshot, a batch
// whose parts chain reads, whole, what its parts read.
func TestPartsDamaged(t *testing.T) {
	var gen golden.MemFile
	if _, err := largegen.WriteSnapshot(&gen, format.MaxVersion, 12<<10, &largegen.SnapshotParams{Seed: 6, BatchSize: 9}); err != nil {
		t.Fatal(err)
	}
	b := gen.Bytes()
	var chained, broken int
	for p := 0; p < len(b); p += 7 {
		m := bytes.Clone(b)
		m[p] ^= 1 << (p % 8)
		c, k := checkParts(t, fmt.Sprintf("flip at %d", p), m, []int64{40, 300}, false)
		chained, broken = chained+c, broken+k
	}
	if chained == 0 || broken == 0 {
		t.Fatalf("%d batches chained, %d broken: the flips test nothing", chained, broken)
	}
}

// TestPartsMisled: a string value holding the bytes of vertex records
// misleads the search of a part that starts inside it; its batch then
// does not chain (and is read whole), whatever the part size.
func TestPartsMisled(t *testing.T) {
	m := &format.Snapshot{Version: format.MaxVersion, Mapper: []format.MapperEntry{{ID: 0, Name: "p"}, {ID: 1, Name: "L"}}}
	for g := range uint64(40) {
		m.Vertices = append(m.Vertices, format.VertexRecord{Gid: 10 + g, Labels: []uint64{1}, Properties: []format.Property{{ID: 0, Value: format.Int(int64(g))}}})
	}
	m.Metadata.VertexCount = uint64(len(m.Vertices))
	inner := encodeSnapshot(t, m)
	s, err := decode.OpenSnapshot(bytes.NewReader(inner), int64(len(inner)), "f")
	if err != nil {
		t.Fatal(err)
	}
	_, vs, _, _ := s.BatchTables()
	fake := inner[vs[0].Offset:s.Bound(vs, 0)] // 40 vertex records, gids 10..49
	if i := bytes.LastIndexByte(fake, byte(format.SectionVertex)); i > 0 {
		fake = fake[:i] // the records up to the last; it ends the string
	}
	m.Vertices[20].Properties = append(m.Vertices[20].Properties, format.Property{ID: 0, Value: format.String(fake)})
	b := encodeSnapshot(t, m)
	s, err = decode.OpenSnapshot(bytes.NewReader(b), int64(len(b)), "f")
	if err != nil {
		t.Fatal(err)
	}
	_, vs, _, _ = s.BatchTables()
	in := int64(bytes.Index(b, fake))
	misled := 0
	for size := int64(50); size < 400; size += 7 {
		r := partsOf(s, vs, size, true)[0]
		inside := false
		for _, ps := range r.scans {
			inside = inside || (ps.Start > in && ps.Start < in+int64(len(fake)))
		}
		if inside {
			misled++
			if r.ok {
				t.Fatalf("parts of %d bytes: a part starts inside the string and the batch chains", size)
			}
		}
	}
	if misled == 0 {
		t.Fatal("no part size misled a search: the test tests nothing")
	}
	checkParts(t, "misled", b, []int64{1 << 20}, true)
}

// TestPartsEveryBatch: every batch has parts, the first starting at the
// batch and the last ending where its records should, whatever its count
// says (none, one, more than fit, beyond int64) and whatever the part size.
func TestPartsEveryBatch(t *testing.T) {
	var gen golden.MemFile
	if _, err := largegen.WriteSnapshot(&gen, format.MaxVersion, 8<<10, &largegen.SnapshotParams{Seed: 2, BatchSize: 5}); err != nil {
		t.Fatal(err)
	}
	b := gen.Bytes()
	s, err := decode.OpenSnapshot(bytes.NewReader(b), int64(len(b)), "f")
	if err != nil {
		t.Fatal(err)
	}
	_, vertices, _, err := s.BatchTables()
	if err != nil {
		t.Fatal(err)
	}
	for _, count := range []uint64{0, 1, 5, 1 << 40, 1<<63 + 17, ^uint64(0)} {
		batches := slices.Clone(vertices)
		for i := range batches {
			batches[i].Count = count
		}
		for _, size := range []int64{1, 100, 1 << 30} {
			parts := s.Parts(batches, size)
			seen := make([]int, len(batches))
			for k, p := range parts {
				seen[p.Batch]++
				if p.First != (k == 0 || parts[k-1].Batch != p.Batch) || p.Last != (k == len(parts)-1 || parts[k+1].Batch != p.Batch) {
					t.Fatalf("count %d, size %d: part %d %+v: first/last wrong", count, size, k, p)
				}
				if p.First && p.Start != int64(batches[p.Batch].Offset) || p.End < p.Start {
					t.Fatalf("count %d, size %d: part %+v", count, size, p)
				}
			}
			for i, n := range seen {
				if n == 0 {
					t.Fatalf("count %d, size %d: batch %d has no part", count, size, i)
				}
			}
		}
	}
}

// TestPartsChainOnCorpus: the parts of every batch of Memgraph's own
// snapshots chain, in parts from a byte to larger than a batch: the
// search's budget (syncBudget) never makes a real file fall back to
// reading a batch whole.
func TestPartsChainOnCorpus(t *testing.T) {
	n := 0
	for _, f := range golden.ReadCorpus(t) {
		if f.WAL {
			continue
		}
		checkParts(t, f.Name, f.Data, []int64{1, 13, 100, 4 << 10, 1 << 20}, true)
		n++
	}
	if n == 0 {
		t.Fatal("no corpus snapshot")
	}
}
