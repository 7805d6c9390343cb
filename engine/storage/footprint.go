package storage

import (
	"unsafe"

	"github.com/durascope/durascope/internal/size"
)

// Memory the store holds per object whatever its labels and properties,
// once FromGraph has built it: a vertex's struct, its slot in the vertex
// list and its entry in the gid map; an edge's struct, its entries in its
// ends' out and in lists, and its slot in FromGraph's edge table (alive
// until the load ends); with properties on edges, its slot in the edge
// list and its entry in the gid map too. A map entry is counted as its key
// and value only: the real table holds more.
const (
	slotBytes              = uint64(unsafe.Sizeof((*vertex)(nil)))        // a pointer in a list
	mapEntryBytes          = uint64(unsafe.Sizeof(uint64(0))) + slotBytes // a gid and a pointer
	vertexFloorBytes       = uint64(unsafe.Sizeof(vertex{})) + slotBytes + mapEntryBytes
	edgeFloorBytes         = uint64(unsafe.Sizeof(edge{})) + 2*uint64(unsafe.Sizeof(link{})) + slotBytes
	edgePropertyFloorBytes = slotBytes + mapEntryBytes
)

// MemoryFloor is the least memory a store of this many vertices and edges
// holds: what a caller checks against the memory it has before FromGraph.
func MemoryFloor(vertices, edges uint64, propertiesOnEdges bool) uint64 {
	perEdge := edgeFloorBytes
	if propertiesOnEdges {
		perEdge += edgePropertyFloorBytes
	}
	return size.Plus(size.Times(vertices, vertexFloorBytes), size.Times(edges, perEdge))
}
