// Package engine is durascope's reference engine: an in-memory graph store
// with MVCC transactions (engine/storage) that writes Memgraph's WAL
// (engine/wal) and snapshots (engine/snapshot) exactly as Memgraph's
// engine writes them at run time, recovers from them through the same code
// `durascope plan` uses (engine/datadir), and runs statements of the Cypher
// subset in engine/cypher through the executor in engine/query. Every
// write goes through engine/fs.
//
// # Use
//
//	e, err := engine.Open(cfg)         // Config: Memgraph's flags (AddFlags), FS, injectable uuid/epoch/clock
//	s := query.NewSession(e)           // or e.Storage().Begin(access) for the Go API
//	res, err := s.Run(stmt)            // stmt from cypher.Parse / cypher.ParseScript
//	path, err := e.CreateSnapshot()    // CREATE SNAPSHOT
//	e.LockDataDirectory()              // LOCK DATA DIRECTORY (deletions deferred, renames copied)
//	err = e.Close()                    // finalize the WAL, then the exit snapshot
//
// Open takes the data directory's .lock (as Memgraph does, so neither a
// second engine nor a Memgraph can work on it), creates snapshots/ and wal/,
// recovers (or moves old files to .backup/ without recovery), resumes the
// clock, uuid, epoch, epoch history and WAL sequence number, and takes the
// one timestamp Memgraph's start-up takes. Snapshots run periodically, on
// CREATE SNAPSHOT and at exit, each as of its own read view while writers
// go on, followed by retention and WAL clean-up.
//
// What a Memgraph build of an older format did differently at run time
// (exit snapshot timestamps, name registration, access types) follows the
// configured format version through named features.
//
// # Beyond Memgraph
//
// Documented where it happens: with --storage-wal-file-flush-every-n-tx=1
// concurrent commits share one fsync and a commit is acknowledged only
// after it; directories are fsynced after a create or rename; snapshots
// are written under a temporary name, fsynced every 8 MiB and renamed;
// the first failed write
// or fsync stops every later commit. An aborted label takes back the
// rounding its vector index made of a vertex's vector (Memgraph keeps the
// rounded copy without logging it, so its own WAL replay disagrees).
//
// # Not exact
//
// A vertex property under two vector indices of different scalar kinds:
// Memgraph keeps one copy per index and reads the copy of the index the
// vertex entered first; the store keeps one value, rounded by the index
// created first.
//
// # Not done
//
// Replication, epochs changing at run time and two-phase commit; TTL
// expiry (enabling TTL creates its index, as Memgraph's background job
// does, but nothing expires); the multi-tenant layout is read by recovery
// tools but the engine serves the default database only.
//
// # Recovery
//
// A snapshot's batches load on min(--storage-recovery-thread-count,
// CPUs) goroutines, merged in file order (the same graph and errors as
// one). Gids go on where Memgraph's recovery leaves its generators
// (datadir.Resume): past the snapshot's last vertex and highest edge, and
// past every object the replayed WALs created, deleted ones included.
package engine
