// Package engine is durascope's reference engine: an in-memory graph store
// with MVCC transactions (engine/storage) that writes Memgraph's WAL
// (engine/wal) and snapshots (engine/snapshot) exactly as Memgraph's
// engine writes them at run time, recovers from them through the same code
// `durascope plan` uses (engine/datadir), and runs statements of the Cypher
// subset in engine/cypher. Every write goes through engine/fs.
//
// Beyond Memgraph, and documented where it happens: with
// --storage-wal-file-flush-every-n-tx=1 concurrent commits share one fsync
// and a commit is acknowledged only after it; directories are fsynced after
// a create or rename; snapshots are written under a temporary name and
// renamed; the first failed write or fsync stops every later commit.
package engine
