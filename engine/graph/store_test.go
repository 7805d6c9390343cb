package graph

import (
	"bytes"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
)

func TestChunkOf(t *testing.T) {
	var s slab[int]
	for i := range uint32(100_000) {
		if got, ok := s.alloc(); got != i || !ok {
			t.Fatalf("alloc %d gave %d, %v", i, got, ok)
		}
		*s.at(i) = int(i)
	}
	seen := 0
	for _, c := range s.chunks {
		for j, x := range c {
			if seen < 100_000 && x != seen {
				t.Fatalf("slot %d of chunk holds %d, want %d", j, x, seen)
			}
			seen++
		}
	}
}

// TestStoreMatchesModel replays random creates and deletes against a
// model of what the pointer-and-slice graph did: per-vertex edge slices
// with swap-and-pop, a gid-keyed map. Gids are dense, sparse and far
// apart, so the gid index moves entries from its map to its table. Now
// and then the graph is written as a snapshot and loaded again (serially
// or by two readers), so that the lists the load threads take the
// deletes after it too.
func TestStoreMatchesModel(t *testing.T) {
	type edge struct{ gid, from, to uint64 }
	type vertex struct{ out, in []uint64 }
	rng := rand.New(rand.NewPCG(1, 2))
	f := format.FeaturesOf(format.MaxVersion)
	s := New()
	vs := map[uint64]*vertex{}
	es := map[uint64]edge{}
	apply := func(m format.Marker, d format.Delta) {
		t.Helper()
		if err := s.Apply(format.Frame{Marker: m, Delta: d}, f); err != nil {
			t.Fatal(err)
		}
	}
	var live []uint64 // the keys of vs, to pick from
	pick := func() uint64 { return live[rng.IntN(len(live))] }
	remove := func(list []uint64, gid uint64) []uint64 {
		i := slices.Index(list, gid)
		list[i] = list[len(list)-1]
		return list[:len(list)-1]
	}
	nextEdge := uint64(0)
	for step := range 20_000 {
		switch k := rng.IntN(10); {
		case k < 3 || len(vs) < 2:
			var gid uint64
			switch rng.IntN(4) {
			case 0:
				gid = 1<<40 + rng.Uint64N(1000)
			case 1:
				gid = rng.Uint64N(1 << 12)
			default:
				gid = uint64(step)
			}
			if vs[gid] != nil {
				continue
			}
			apply(format.DeltaVertexCreate, format.VertexDelta{Gid: gid})
			vs[gid] = &vertex{}
			live = append(live, gid)
		case k < 4:
			gid := pick()
			v := vs[gid]
			for len(v.out) > 0 || len(v.in) > 0 {
				var e edge
				if len(v.out) > 0 {
					e = es[v.out[rng.IntN(len(v.out))]]
				} else {
					e = es[v.in[rng.IntN(len(v.in))]]
				}
				apply(format.DeltaEdgeDelete, format.EdgeDelta{Gid: e.gid, From: e.from, To: e.to, EdgeType: "T"})
				vs[e.from].out = remove(vs[e.from].out, e.gid)
				vs[e.to].in = remove(vs[e.to].in, e.gid)
				delete(es, e.gid)
			}
			apply(format.DeltaVertexDelete, format.VertexDelta{Gid: gid})
			delete(vs, gid)
			live = remove(live, gid)
		case k < 8:
			from, to := pick(), pick()
			if rng.IntN(8) == 0 {
				to = from
			}
			e := edge{nextEdge, from, to}
			nextEdge += 1 + uint64(rng.IntN(3))*1000
			apply(format.DeltaEdgeCreate, format.EdgeDelta{Gid: e.gid, From: from, To: to, EdgeType: "T"})
			vs[from].out = append(vs[from].out, e.gid)
			vs[to].in = append(vs[to].in, e.gid)
			es[e.gid] = e
		default:
			if len(es) == 0 {
				continue
			}
			v := vs[pick()]
			if len(v.out) == 0 {
				continue
			}
			e := es[v.out[rng.IntN(len(v.out))]]
			apply(format.DeltaEdgeDelete, format.EdgeDelta{Gid: e.gid, From: e.from, To: e.to, EdgeType: "T"})
			vs[e.from].out = remove(vs[e.from].out, e.gid)
			vs[e.to].in = remove(vs[e.to].in, e.gid)
			delete(es, e.gid)
		}
		if step%500 != 0 {
			continue
		}
		if step%3000 == 1500 {
			s = reloaded(t, s, step/3000%2 == 1)
			// Memgraph's loader makes the edges in vertex gid order, each
			// vertex's out list in order, and appends each to its
			// to-vertex's in list: that is the in lists' order now.
			for _, v := range vs {
				v.in = nil
			}
			for _, gid := range slices.Sorted(maps.Keys(vs)) {
				for _, e := range vs[gid].out {
					to := vs[es[e].to]
					to.in = append(to.in, e)
				}
			}
		}
		if s.VertexCount() != len(vs) || s.EdgeCount() != len(es) {
			t.Fatalf("step %d: %d vertices, %d edges; want %d, %d", step, s.VertexCount(), s.EdgeCount(), len(vs), len(es))
		}
		var gids []uint64
		for _, v := range s.SortedVertices() {
			gids = append(gids, v.Gid)
			var out, in []uint64
			for e := range s.Out(v) {
				out = append(out, e.Gid)
			}
			for e := range s.In(v) {
				in = append(in, e.Gid)
			}
			want := vs[v.Gid]
			if !slices.Equal(out, want.out) || !slices.Equal(in, want.in) {
				t.Fatalf("step %d: vertex %d out %v in %v, want out %v in %v", step, v.Gid, out, in, want.out, want.in)
			}
		}
		want := slices.Sorted(func(yield func(uint64) bool) {
			for k := range vs {
				if !yield(k) {
					return
				}
			}
		})
		if d := cmp.Diff(want, gids); d != "" {
			t.Fatalf("step %d: vertex order (-want +got):\n%s", step, d)
		}
		for gid, e := range es {
			x := s.Edge(gid)
			from, to := s.Ends(x)
			if x.Gid != gid || from.Gid != e.from || to.Gid != e.to {
				t.Fatalf("step %d: edge %d is %d->%d, want %d->%d", step, gid, from.Gid, to.Gid, e.from, e.to)
			}
		}
	}
}

// reloaded is s written as a snapshot in batches of 16 records and loaded
// again, by two readers when parallel is set.
func reloaded(t *testing.T, s *Graph, parallel bool) *Graph {
	t.Helper()
	var f golden.MemFile
	if err := encode.EncodeSnapshotWith(&f, s.SnapshotModel(&BuildOptions{UUID: "u", Epoch: "e"}), &encode.SnapshotOptions{BatchSize: 16}); err != nil {
		t.Fatal(err)
	}
	snap, err := decode.OpenSnapshot(bytes.NewReader(f.Bytes()), int64(len(f.Bytes())), "s")
	if err != nil {
		t.Fatal(err)
	}
	threads := 1
	if parallel {
		threads = 2
	}
	g, err := LoadSnapshotWith(snap, LoadOptions{Threads: threads})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// A snapshot that lists one edge gid twice keeps both in the adjacency
// lists and the later one by gid, as the gid-keyed map did.
func TestDuplicateEdgeGidReplaces(t *testing.T) {
	s := New()
	for _, err := range []error{s.newVertex(1), s.newVertex(2)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	a, b := s.Vertex(1), s.Vertex(2)
	sa, _ := s.vix.get(a.Gid)
	sb, _ := s.vix.get(b.Gid)
	for _, err := range []error{s.newEdge(7, 0, sa, sb), s.newEdge(7, 0, sb, sa)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	if from, _ := s.Ends(s.Edge(7)); s.EdgeCount() != 1 || from.Gid != 2 {
		t.Fatalf("edge count %d, Edge(7) starts at vertex %d, not the second's 2", s.EdgeCount(), from.Gid)
	}
	n := 0
	for range s.Out(a) {
		n++
	}
	for range s.Out(b) {
		n++
	}
	if n != 2 {
		t.Fatalf("%d edges in out lists, want 2", n)
	}
}

// TestObjectsHoldNoPointers keeps the slabs out of the collector's scans
// (arena.go): a pointer in Vertex or Edge makes it scan them all.
func TestObjectsHoldNoPointers(t *testing.T) {
	var hasPointers func(reflect.Type) bool
	hasPointers = func(ty reflect.Type) bool {
		switch ty.Kind() {
		case reflect.Struct:
			for i := range ty.NumField() {
				if hasPointers(ty.Field(i).Type) {
					return true
				}
			}
			return false
		case reflect.Array:
			return hasPointers(ty.Elem())
		case reflect.Pointer, reflect.UnsafePointer, reflect.Slice, reflect.String, reflect.Map,
			reflect.Chan, reflect.Func, reflect.Interface:
			return true
		}
		return false
	}
	for _, ty := range []reflect.Type{reflect.TypeFor[Vertex](), reflect.TypeFor[Edge](), reflect.TypeFor[edgeRecord]()} {
		if hasPointers(ty) {
			t.Errorf("%v holds a pointer", ty)
		}
	}
}

// A load given room for the objects a replay adds after it takes that
// room in its gid indices at once: adding them moves neither index.
func TestLoadRoomKeepsIndices(t *testing.T) {
	var f golden.MemFile
	sw, err := encode.NewSnapshotWriter(&f, format.MaxVersion, &encode.SnapshotOptions{BatchSize: 4})
	if err != nil {
		t.Fatal(err)
	}
	const n = 10
	for i := range uint64(n) {
		if err := sw.WriteEdge(format.EdgeRecord{Gid: i}); err != nil {
			t.Fatal(err)
		}
	}
	for i := range uint64(n) {
		r := format.VertexRecord{Gid: i, OutEdges: []format.EdgeRef{{Edge: i, Other: (i + 1) % n, Type: 0}}}
		if err := sw.WriteVertex(r); err != nil {
			t.Fatal(err)
		}
	}
	m := &format.Snapshot{Version: format.MaxVersion, Mapper: []format.MapperEntry{{ID: 0, Name: "T"}},
		Metadata: format.SnapshotMetadata{UUID: "u", Epoch: "e", EdgeCount: n, VertexCount: n}}
	if err := sw.Finish(m); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		room  uint64
		moves bool
	}{{0, true}, {n, false}} {
		snap, err := decode.OpenSnapshot(bytes.NewReader(f.Bytes()), int64(len(f.Bytes())), "s")
		if err != nil {
			t.Fatal(err)
		}
		s, err := LoadSnapshotWith(snap, LoadOptions{Room: c.room})
		if err != nil {
			t.Fatal(err)
		}
		vdense, edense := &s.vix.dense[0], &s.eix.dense[0]
		for i := range uint64(n) {
			if err := s.createVertex(n + i); err != nil {
				t.Fatal(err)
			}
			if err := s.createEdge(n+i, "T", i, n+i); err != nil {
				t.Fatal(err)
			}
		}
		if moved := vdense != &s.vix.dense[0] || edense != &s.eix.dense[0]; moved != c.moves {
			t.Errorf("room %d: the indices moved: %v, want %v", c.room, moved, c.moves)
		}
		if s.VertexCount() != 2*n || s.EdgeCount() != 2*n {
			t.Errorf("room %d: %d vertices, %d edges", c.room, s.VertexCount(), s.EdgeCount())
		}
	}
}
