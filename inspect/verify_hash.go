package inspect

import "github.com/durascope/durascope/engine/graph"

// Order-independent multiset hashes that compare a snapshot's edge lists
// without holding them.

// hashEdgeRef hashes one edge as a vertex list entry names it, from g, its
// gid's hashGid (which an out entry hashes anyway, for the edge records
// versus out-lists sum); the out entry at from and the in entry at to give
// the same value. Each field goes through a bijection while the others stay
// fixed (Mix64, odd multipliers), so entries that differ in one field always
// hash apart; the last Mix64 spreads the rest. (g enters as it is: a Mix64
// of the gid already, it is as spread as any multiple of it would be, and a
// multiply would only lengthen each entry's chain.)
func hashEdgeRef(g, from, to, typ uint64) uint64 {
	return hashEdgeTerms(g, fromTerm(from), toTerm(to), typ)
}

// fromTerm and toTerm are the parts of hashEdgeRef that its from and its
// to vertex give: a list's own vertex gives the same to each of its
// entries, worked out once for the list (the compiler does not hoist it).
func fromTerm(from uint64) uint64 { return from * 0x9e3779b97f4a7c15 }
func toTerm(to uint64) uint64     { return to * 0x94d049bb133111eb }

// hashEdgeTerms is hashEdgeRef from its vertices' terms.
func hashEdgeTerms(g, from, to, typ uint64) uint64 {
	return graph.Mix64(g + from + to + (typ ^ 0x13198a2e03707344))
}

// hashGid hashes an edge gid for the edge records versus out-lists sum.
func hashGid(gid uint64) uint64 { return graph.Mix64(gid ^ 0x452821e638d01377) }
