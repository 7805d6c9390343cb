// Package storage is the engine's in-memory graph store, built to behave
// like Memgraph's InMemoryStorage: vertices and edges with gids from
// separate counters, labels kept in a vector (removal swaps with the last
// and pops), properties keyed by name ids from one first-use name-id
// mapper, in/out edge vectors in Memgraph's order, and every index and
// constraint kind as schema kept in package format's model types.
//
// Transactions are MVCC with snapshot isolation as Memgraph does it: one
// logical clock hands out start and commit timestamps, every write leaves
// an undo delta chained newest-first on its object, a reader undoes what
// it must not see, and writing an object whose newest delta belongs to
// another live transaction, or to one that committed after this one
// started, is a serialization error. An index or constraint change opens
// with BeginSchemaChange: a transaction, or for the format 15 builds,
// which ran such changes outside transactions, an exclusive operation
// that takes the commit timestamp alone.
//
// Commit follows InMemoryAccessor::PrepareForCommitPhase: existence
// constraints, the engine lock, the commit timestamp, unique constraints,
// then the WAL transaction (format.Txn) built from the undo deltas in the
// five passes Memgraph's writer makes, handed to a Log under the engine
// lock. The commit becomes visible only after the Log says it is durable;
// a transaction that begins meanwhile waits for it, so what a transaction
// sees never changes under it.
//
// A View is a read transaction that is an engine/snapshot.Source: records
// of gid ranges (from several goroutines at once for parallel creation),
// the gids the store holds, and the other sections, whose mapper lists
// exactly the ids Memgraph's writer registers, in the order the version
// writes them (ascending, or libstdc++'s unordered_set order for formats
// before NestedIndices). Vector indices come in the order of the map the
// version's Memgraph kept them in, whose keys also decide whether an
// index name takes a mapper id (vectororder.go). The uuid, epoch and
// epoch history are the engine's to fill in. FromGraph builds a store
// from a recovered engine/graph.Graph; View.Graph goes the other way for
// DUMP DATABASE.
package storage
