// Package graph is the graph as Memgraph holds it in memory: vertices with
// labels in Memgraph's stored order and properties, edges in Memgraph's
// per-vertex order, the name-id mapper with Memgraph's id assignment,
// enums, every index and constraint kind as schema, TTL configuration and
// descriptions.
//
// A graph is built the ways Memgraph builds it: LoadSnapshot loads a
// snapshot (resolving its mapper as Memgraph's loader does, ResolveMapper),
// ReplayWAL replays a WAL's committed transactions, and Apply applies one
// delta, failing where Memgraph's recovery fails. CheckRebuild rebuilds
// the indices and validates the constraints as recovery does after the
// data is loaded (CheckConstraints), with Memgraph's value equality and
// type-constraint kinds (values.go, which verify uses too).
// SnapshotSchemaDuplicates is the one rule for the index, constraint and
// enum entries a snapshot must not list twice, which the loader and
// verify share. WriteCypher streams the graph as Memgraph's
// DUMP DATABASE prints it. SnapshotModel and Transactions turn the graph
// back into a snapshot model or the transactions of a WAL.
//
// Whole data directories are recovered into it, so it is kept small:
// vertices and edges are fixed-size slab entries without pointers, found
// by gid (store.go), each with one encoded record of labels or type and
// properties that the graph holds (record.go, arena.go); Vertex.Props and
// Edge.Props take the graph and decode on access. A graph that would
// outgrow that numbering (2^32-1 vertices, as many edges, 2^27-1 record
// chunks) fails its load or delta with a *CapacityError (capacity.go).
//
// The engine and the inspector share it; it imports neither.
package graph
