package inspect

import "github.com/durascope/durascope/engine/graph"

// Order-independent multiset hashes that compare a snapshot's edge lists
// without holding them.

// hashEdgeRef hashes one edge as a vertex list entry names it; the out entry
// at from and the in entry at to give the same value.
func hashEdgeRef(edge, from, to, typ uint64) uint64 {
	h := graph.Mix64(edge ^ 0x243f6a8885a308d3)
	h = graph.Mix64(h ^ (from + 0x13198a2e03707344))
	h = graph.Mix64(h ^ (to + 0xa4093822299f31d0))
	return graph.Mix64(h ^ (typ + 0x082efa98ec4e6c89))
}

// hashGid hashes an edge gid for the edge records versus out-lists sum.
func hashGid(gid uint64) uint64 { return graph.Mix64(gid ^ 0x452821e638d01377) }
