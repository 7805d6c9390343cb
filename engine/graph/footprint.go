package graph

import (
	"unsafe"

	"github.com/durascope/durascope/decode"
)

// Bytes a snapshot's file takes at least per object: a vertex record is its
// section marker, a gid and a label count (1 + 9 + 9 bytes); an edge takes
// at least its out-edge entry, three UINTs (27 bytes).
const (
	minRecordBytes  = 19
	minOutEdgeBytes = 27
)

// snapshotCounts is how many vertices and edges a load of snap makes room
// for (loadCounts).
func snapshotCounts(snap *decode.Snapshot) (vertices, edges uint64) {
	return loadCounts(snap.Metadata.VertexCount, snap.Metadata.EdgeCount, snap.Size())
}

// loadCounts is how many vertices and edges a load makes room for: the
// metadata's counts, which damage can inflate, at most as many as the
// file's size bytes can hold.
func loadCounts(vertices, edges uint64, size int64) (uint64, uint64) {
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
	return satAdd(satMul(vertices, vertexFloorBytes), satMul(edges, edgeFloorBytes))
}

// LoadMemoryFloor is MemoryFloor for what loading a snapshot makes room
// for, from its metadata's counts and its size in bytes.
func LoadMemoryFloor(vertices, edges uint64, size int64) uint64 {
	return MemoryFloor(loadCounts(vertices, edges, size))
}

func satMul(a, b uint64) uint64 {
	if b != 0 && a > ^uint64(0)/b {
		return ^uint64(0)
	}
	return a * b
}

func satAdd(a, b uint64) uint64 {
	if a > ^uint64(0)-b {
		return ^uint64(0)
	}
	return a + b
}
