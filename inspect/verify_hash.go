package inspect

import "github.com/durascope/durascope/engine/graph"

// Order-independent multiset hashes that compare a snapshot's edge lists
// without holding them.

// hashEdgeRef hashes one edge as a vertex list entry names it; the out entry
// at from and the in entry at to give the same value. Each field goes
// through a bijection while the others stay fixed (odd multipliers, Mix64),
// so entries that differ in one field always hash apart; two rounds of
// Mix64 spread the rest.
func hashEdgeRef(edge, from, to, typ uint64) uint64 {
	h := graph.Mix64((edge*0x9e3779b97f4a7c15 + from) ^ 0x243f6a8885a308d3)
	return graph.Mix64(h*0xbf58476d1ce4e5b9 + to*0x94d049bb133111eb + (typ ^ 0x13198a2e03707344))
}

// hashGid hashes an edge gid for the edge records versus out-lists sum.
func hashGid(gid uint64) uint64 { return graph.Mix64(gid ^ 0x452821e638d01377) }
