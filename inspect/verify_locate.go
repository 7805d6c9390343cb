package inspect

import (
	"cmp"
	"fmt"
	"slices"
	"sort"

	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
)

// maxMirrorEntries bounds the list entries the second pass holds to name
// edge-list disagreements; groups beyond it are counted, not itemised.
const maxMirrorEntries = 1 << 18

type mirrorDiff struct {
	n             int // out entries minus in entries
	outOff, inOff int64
	hasOut, hasIn bool
}

type edgeAt struct{ gid, off uint64 }

// buckets are the multiset hashes of the edge-list entries, and their
// counts, by group of vertices (the bucket of the entry's in-vertex).
type buckets struct {
	outSum, inSum []uint64
	outCnt, inCnt []uint32
}

func (v *snapVerifier) bucket(gid uint64) uint64 {
	return graph.Mix64(gid^0x3f84d5b5b5470917) & (v.buckets - 1)
}

// bucketSums sums the edge lists by bucket, for locate to tell which
// groups of vertices disagree.
func (v *snapVerifier) bucketSums(vertexBatches []format.Batch) (*buckets, error) {
	n := v.buckets
	s := &buckets{outSum: make([]uint64, n), inSum: make([]uint64, n), outCnt: make([]uint32, n), inCnt: make([]uint32, n)}
	err := v.s.EachVertexBatch(vertexBatches, nil, func(r format.VertexRecord) error {
		for _, e := range r.OutEdges {
			b := v.bucket(e.Other)
			s.outSum[b] += hashEdgeRef(e.Edge, r.Gid, e.Other, e.Type)
			s.outCnt[b]++
		}
		b := v.bucket(r.Gid)
		for _, e := range r.InEdges {
			s.inSum[b] += hashEdgeRef(e.Edge, e.Other, r.Gid, e.Type)
			s.inCnt[b]++
		}
		return nil
	})
	return s, err
}

// gidSet holds ascending gids as runs of consecutive ones (16 bytes a run:
// next to nothing for the dense gids Memgraph hands out), or, once runs
// would take more room than the gids themselves, as the gids (8 bytes
// each).
type gidSet struct {
	runs  [][2]uint64 // [first, last]
	plain []uint64
	n     int
	flat  bool
}

// add takes the next gid, greater than every gid before it.
func (g *gidSet) add(gid uint64) {
	g.n++
	if g.flat {
		g.plain = append(g.plain, gid)
		return
	}
	if k := len(g.runs); k > 0 && g.runs[k-1][1]+1 == gid {
		g.runs[k-1][1] = gid
		return
	}
	g.runs = append(g.runs, [2]uint64{gid, gid})
	if 2*len(g.runs) > g.n+8 {
		g.plain = make([]uint64, 0, g.n)
		for _, r := range g.runs {
			for x := r[0]; ; x++ {
				g.plain = append(g.plain, x)
				if x == r[1] {
					break
				}
			}
		}
		g.runs, g.flat = nil, true
	}
}

func (g *gidSet) has(gid uint64) bool {
	if g.flat {
		_, ok := slices.BinarySearch(g.plain, gid)
		return ok
	}
	i := sort.Search(len(g.runs), func(i int) bool { return g.runs[i][1] >= gid })
	return i < len(g.runs) && g.runs[i][0] <= gid
}

// locate is the second pass, run only when the first pass's hashes
// disagree: it names the entries and records responsible.
func (v *snapVerifier) locate(edgeBatches, vertexBatches []format.Batch, mirror, edges bool) {
	named := false
	report := func(check string, off int64, rec, msg string, args ...any) bool {
		named = true
		return v.c.at(SeverityError, check, off, rec, msg, args...)
	}
	var gids gidSet
	if err := v.s.EachVertexBatch(vertexBatches, nil, func(r format.VertexRecord) error {
		gids.add(r.Gid) // ascending: the decoder enforces it
		return nil
	}); err != nil {
		return
	}
	has := gids.has
	var recs []edgeAt
	if edges {
		if err := v.s.EachEdgeBatch(edgeBatches, nil, func(r format.EdgeRecord) error {
			recs = append(recs, edgeAt{r.Gid, r.Offset})
			return nil
		}); err != nil {
			return
		}
		slices.SortFunc(recs, func(a, b edgeAt) int { return cmp.Or(cmp.Compare(a.gid, b.gid), cmp.Compare(a.off, b.off)) })
		for i := 1; i < len(recs); i++ {
			if recs[i].gid == recs[i-1].gid && !report("snapshot.edge_duplicate", int64(recs[i].off),
				fmt.Sprintf("edge gid %d", recs[i].gid), "edge gid %d has a second record (the first is at offset %d)", recs[i].gid, recs[i-1].off) {
				return
			}
		}
	}
	used := make([]bool, len(recs))
	// Buckets whose sums disagree, as many as the entry budget allows.
	selected := make([]bool, v.buckets)
	skipped, budget := 0, uint64(maxMirrorEntries)
	if mirror {
		sums, err := v.bucketSums(vertexBatches)
		if err != nil {
			return
		}
		for b := range v.buckets {
			if sums.outSum[b] == sums.inSum[b] && sums.outCnt[b] == sums.inCnt[b] {
				continue
			}
			if n := uint64(sums.outCnt[b]) + uint64(sums.inCnt[b]); n <= budget {
				selected[b], budget = true, budget-n
			} else {
				skipped++
			}
		}
	}
	diff := map[[4]uint64]mirrorDiff{}
	err := v.s.EachVertexBatch(vertexBatches, nil, func(r format.VertexRecord) error {
		off := int64(r.Offset)
		rec := fmt.Sprintf("vertex gid %d", r.Gid)
		for _, e := range r.OutEdges {
			if !has(e.Other) {
				report("snapshot.edge_endpoint", off, rec, "out-edge %d goes to vertex %d, which has no record", e.Edge, e.Other)
			} else if selected[v.bucket(e.Other)] {
				k := [4]uint64{e.Edge, r.Gid, e.Other, e.Type}
				d := diff[k]
				if !d.hasOut {
					d.outOff, d.hasOut = off, true
				}
				d.n++
				diff[k] = d
			}
			if edges {
				i, found := sort.Find(len(recs), func(i int) int { return cmp.Compare(e.Edge, recs[i].gid) })
				switch {
				case !found:
					report("snapshot.edge_missing", off, rec, "out-edge %d has no edge record", e.Edge)
				case used[i]:
					report("snapshot.edge_duplicate", off, rec, "edge %d is in an out-list a second time", e.Edge)
				default:
					for j := i; j < len(recs) && recs[j].gid == e.Edge; j++ {
						used[j] = true // a second record of the gid was reported above
					}
				}
			}
		}
		for _, e := range r.InEdges {
			if !has(e.Other) {
				report("snapshot.edge_endpoint", off, rec, "in-edge %d comes from vertex %d, which has no record", e.Edge, e.Other)
			} else if selected[v.bucket(r.Gid)] {
				k := [4]uint64{e.Edge, e.Other, r.Gid, e.Type}
				d := diff[k]
				if !d.hasIn {
					d.inOff, d.hasIn = off, true
				}
				d.n--
				diff[k] = d
			}
		}
		if v.stopped() {
			return errStop
		}
		return nil
	})
	if err != nil {
		return
	}
	keys := make([][4]uint64, 0, len(diff))
	for k, d := range diff {
		if d.n != 0 {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b [4]uint64) int { return slices.Compare(a[:], b[:]) })
	for _, k := range keys {
		d := diff[k]
		var ok bool
		if d.n > 0 {
			ok = report("snapshot.edge_mirror", d.outOff, fmt.Sprintf("vertex gid %d", k[1]),
				"out-edge %d (%d->%d, type %s) has no matching entry in vertex %d's in-list", k[0], k[1], k[2], v.name(k[3]), k[2])
		} else {
			ok = report("snapshot.edge_mirror", d.inOff, fmt.Sprintf("vertex gid %d", k[2]),
				"in-edge %d (%d->%d, type %s) has no matching entry in vertex %d's out-list", k[0], k[1], k[2], v.name(k[3]), k[1])
		}
		if !ok {
			return
		}
	}
	for i, u := range used {
		if !u && !report("snapshot.edge_unreferenced", int64(recs[i].off), fmt.Sprintf("edge gid %d", recs[i].gid),
			"edge record %d is in no vertex's out-list", recs[i].gid) {
			return
		}
	}
	if skipped > 0 {
		report("snapshot.edge_mirror", NoOffset, "",
			"in- and out-lists also disagree for %d more groups of vertices, not itemised (too many entries to hold)", skipped)
	}
	if !named {
		v.c.at(SeverityError, "snapshot.edge_mirror", NoOffset, "",
			"the vertices' in- and out-lists (or the edge records) disagree, but no single entry could be named")
	}
}
