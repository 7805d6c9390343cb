package graph

import (
	"fmt"

	"github.com/durascope/durascope/internal/graphlimit"
)

// CapacityError says a graph would outgrow how durascope numbers its
// objects: a slot numbers a vertex or an edge in 32 bits, a record's
// chunk in 27 (arena.go). Memgraph, whose gids are 64-bit, may hold such a
// graph: the limit is durascope's, never a verdict on the files. The graph
// that returned it is left part-built and must be discarded.
type CapacityError struct {
	What  string // "vertices", "edges" or "record chunks"
	Limit uint64 // how many the graph holds at most
}

func (e *CapacityError) Error() string {
	return fmt.Sprintf("the graph needs more than %d %s, the most durascope's in-memory graph holds (Memgraph may hold more)", e.Limit, e.What)
}

// Kinds of objects a limit counts.
const (
	capVertices = "vertices"
	capEdges    = "edges"
	capChunks   = "record chunks"
)

// slotLimit is how many vertices, and how many edges, a graph holds:
// slots 0 to noSlot-1, noSlot ending a chain; less where a test lowers it
// (graphlimit).
func slotLimit() uint32 {
	if n := graphlimit.Slots; n > 0 && n < noSlot {
		return n
	}
	return noSlot
}

// chunkLimit is how many chunks a graph's records take at most: what a
// record numbers (arena.go); less where a test lowers it (graphlimit).
func chunkLimit() int {
	if n := graphlimit.Chunks; n > 0 && n < maxChunks {
		return n
	}
	return maxChunks
}

func tooMany(what string, limit uint64) error { return &CapacityError{What: what, Limit: limit} }

// errRecordChunks is the error of a record that would take a chunk past
// chunkLimit.
func errRecordChunks() error { return tooMany(capChunks, uint64(chunkLimit())) }
