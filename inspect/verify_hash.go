package inspect

import "github.com/durascope/durascope/engine/graph"

// Order-independent multiset hashes that compare a snapshot's edge lists,
// and its vector indices' entries with the values that name them
// (verify_vector.go), without holding them.

// hashEdgeRef hashes one edge as a vertex list entry names it; the out
// entry at from and the in entry at to give the same value. Each field is
// multiplied by an odd constant of its own (typ is xored with one) and
// the sum goes through Mix64: both bijections, so entries that differ in
// one field always hash apart. Entries that differ in two fields collide
// only when the differences, times their constants, cancel mod 2^64: for
// these constants that takes differences of at least 2^25 in both (more
// than type ids reach). Mix64 of the sum, not the sum itself, is what is
// added up, so that two entries trading a field (two edges' ends swapped)
// change the total, which a linear sum would not see.
func hashEdgeRef(edge, from, to, typ uint64) uint64 {
	return hashEdgeTerms(edgeTerm(edge), fromTerm(from), toTerm(to), typ)
}

// edgeTerm, fromTerm and toTerm are hashEdgeRef's terms of its fields: a
// list's own vertex gives the same to each of its entries, worked out
// once for the list (the compiler does not hoist it).
func edgeTerm(edge uint64) uint64 { return edge * 0xd6e8feb86659fd93 }
func fromTerm(from uint64) uint64 { return from * 0x9e3779b97f4a7c15 }
func toTerm(to uint64) uint64     { return to * 0x94d049bb133111eb }

// hashEdgeTerms is hashEdgeRef from its fields' terms.
func hashEdgeTerms(edge, from, to, typ uint64) uint64 {
	return graph.Mix64(edge + from + to + (typ ^ 0x13198a2e03707344))
}

// hashGid hashes an edge gid for the edge records versus out-lists sum.
func hashGid(gid uint64) uint64 { return graph.Mix64(gid ^ 0x452821e638d01377) }

// vectorHash is an entry's, or a value's, term in an index's sum with
// vectors (vector: vectorHasher's sum); vectorGidHash its term in the sum
// by gid, a hashGid of the gid under the index's seed.
func vectorHash(seed, gid, vector uint64) uint64 {
	return graph.Mix64(graph.Mix64(gid^seed) + vector)
}

func vectorGidHash(seed, gid uint64) uint64 { return hashGid(gid ^ seed) }

// vectorSeed is the seed of index i of the vertex (or edge) vector
// indices: it sets its terms apart from another index's.
func vectorSeed(edge bool, i int) uint64 {
	x := uint64(i) << 1
	if edge {
		x |= 1
	}
	return graph.Mix64(x + 0xbe5466cf34e90c6c)
}
