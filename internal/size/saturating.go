package size

// Times is n objects of each bytes, at most the largest uint64: memory
// floors multiply counts read from damaged files, which must not wrap to
// a small number that passes a check.
func Times(n, each uint64) uint64 {
	if each != 0 && n > ^uint64(0)/each {
		return ^uint64(0)
	}
	return n * each
}

// Plus is a + b, at most the largest uint64.
func Plus(a, b uint64) uint64 {
	if a > ^uint64(0)-b {
		return ^uint64(0)
	}
	return a + b
}
