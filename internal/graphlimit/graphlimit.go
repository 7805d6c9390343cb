// Package graphlimit lets tests lower the capacity limits of the engine's
// graph (engine/graph): 2^32-1 vertices, as many edges, and 2^27-1 chunks
// of records take more memory than a test has, so the errors a graph past
// them returns could not be tested otherwise. Zero keeps the graph's own
// limit. The graph reads them only off its fast paths. A test that lowers
// one restores it before it returns and must not run in parallel.
package graphlimit

var (
	// Slots lowers how many vertices, and how many edges, a graph holds.
	Slots uint32
	// Chunks lowers how many chunks a graph's records take.
	Chunks int
)
