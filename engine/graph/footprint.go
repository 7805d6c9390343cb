package graph

import (
	"unsafe"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/internal/size"
)

// Bytes a snapshot's file takes at least per object: a vertex record is its
// section marker, a gid and a label count (1 + 9 + 9 bytes); an edge takes
// at least its out-edge entry, three UINTs (27 bytes).
const (
	minRecordBytes  = 19
	minOutEdgeBytes = 27
)

// snapshotCounts is how many vertices and edges a load of snap makes room
// for (LoadCounts).
func snapshotCounts(snap *decode.Snapshot) (vertices, edges uint64) {
	return LoadCounts(snap.Metadata.VertexCount, snap.Metadata.EdgeCount, snap.Size())
}

// LoadCounts is how many vertices and edges a load of a snapshot makes
// room for: its metadata's counts, which damage can inflate, at most as
// many as the file's size bytes can hold. A caller sizing its own copy of
// the graph (the engine's store) bounds it the same way.
func LoadCounts(vertices, edges uint64, size int64) (uint64, uint64) {
	n := uint64(max(size, 0))
	return min(vertices, n/minRecordBytes), min(edges, n/minOutEdgeBytes)
}

// Memory a loaded graph holds per object, whatever its labels and
// properties: its slab entry and its gid index entry.
const (
	vertexFloorBytes = uint64(unsafe.Sizeof(Vertex{})) + 4
	edgeFloorBytes   = uint64(unsafe.Sizeof(Edge{})) + 4
)

// MemoryFloor is the least memory a graph of this many vertices and edges
// holds, before any record: what a caller can check against the memory
// it has before loading (TestMemoryPerObject holds every load above it).
func MemoryFloor(vertices, edges uint64) uint64 {
	return size.Plus(size.Times(vertices, vertexFloorBytes), size.Times(edges, edgeFloorBytes))
}

// LoadMemoryFloor is MemoryFloor for what loading a snapshot makes room
// for, from its metadata's counts and its size in bytes.
func LoadMemoryFloor(vertices, edges uint64, size int64) uint64 {
	return MemoryFloor(LoadCounts(vertices, edges, size))
}
