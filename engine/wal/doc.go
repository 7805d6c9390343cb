// Package wal is the engine's WAL file lifecycle as Memgraph's in-memory
// storage runs it (WalFile, InitializeWalFile, FinalizeWalFile in
// src/storage/v2), with durascope's stronger durability on top.
//
// # Memgraph's lifecycle, reproduced
//
//   - A file is created lazily by the first writing commit when none is open
//     (Open creates nothing), named datadir.CurrentWALName of the wall clock,
//     opened without O_TRUNC, mode 0640. Its header (uuid, epoch, the next
//     sequence number, a zero summary from v37) is written and fsynced.
//   - Each Append writes one transaction framed by format.AppendTxn (start
//     frame with commit flag and access type, metadata first, data, end frame
//     with the transaction CRC from v36) and hands it to the OS before it
//     returns, as Memgraph's TryFlushing does after every commit.
//   - Then FinalizeWalFile's policy: the file is fsynced every
//     FlushEveryNTx-th commit, and once its size divided by 1024 reaches
//     FileSizeKiB it is finalized (summary back-patched from v37, fsync,
//     close) and renamed to datadir.FinalizeName through the fs.Retainer, so
//     under LOCK DATA DIRECTORY it is a copy and the _current file's deletion
//     waits for the unlock. A file exceeds the limit by at most one
//     transaction, and the next writing commit creates sequence number + 1.
//   - Close finalizes the open file as Memgraph's shutdown does, or deletes
//     it directly (not through the Retainer, as ~WalFile does) when it holds
//     no complete transaction.
//   - Nothing is retried: the first failed create, write, fsync, close or
//     rename stops the Writer for good (Memgraph aborts the process), and
//     the file keeps its _current name.
//
// # Beyond Memgraph
//
//   - The wal/ directory is created durably (fs.CreateDurably), and fsynced
//     after a file is created and after each rename (fs.Retainer.Rename) or
//     deletion; Memgraph fsyncs no directory.
//   - At finalization the transactions are fsynced before the summary is
//     written over the header (then the file is fsynced again): Memgraph
//     writes the summary over unsynced transactions unless
//     flush-every-n-tx is 1, and a crash that keeps the summary's sector
//     but loses part of the tail leaves a finalized file that promises
//     more than it holds, which recovery refuses (found by engine/crashtest).
//   - Group commit. With FlushEveryNTx == 1 Memgraph fsyncs every commit
//     inside its engine lock. Here Append writes under the caller's lock and
//     returns durable, which the caller runs after releasing it: the first
//     caller to get there fsyncs everything written so far, and callers whose
//     bytes that fsync covered return without another. A caller must not
//     acknowledge (and should not publish) its commit before durable returns
//     nil. With FlushEveryNTx > 1, durable returns nil at once and the
//     N-th commit's fsync happens inside Append, as in Memgraph.
//   - A commit timestamp not above the last appended one is refused
//     (*OrderError): Memgraph's recovery would skip it silently.
//   - A _current name that already exists (a queued deletion under LOCK DATA
//     DIRECTORY, or a clock that did not move) is never reused: the time is
//     advanced by a microsecond until the name is free.
//
// Test-only switches of engine/internal/mutant turn off the group-commit
// fsync (AckBeforeFsync) and the directory fsyncs (SkipDirFsync), or fsync
// every commit inside the lock as Memgraph does (NoGroupCommit, a benchmark
// baseline); engine/crashtest shows what each costs.
//
// # How the bytes are produced
//
// Every byte comes from package encode. encode.WALWriter keeps its own
// 256 KiB buffer and has no flush short of Close, so each transaction is
// encoded by a WALWriter of its own into memory and its frames (what follows
// the header) are written in one call; transaction CRCs do not depend on
// what precedes them. At finalization the header is encoded again with the
// summary filled in and written over the old one: only the summary bytes
// differ, so the file ends exactly as Memgraph's back-patch leaves it.
//
// # Not done yet
//
// Epoch changes (PrepareForNewEpoch finalizes the file so that each file
// carries one epoch) and two-phase commit (TRANSACTION_START written with
// commit = false and flipped in place by UpdateCommitStatus, with the
// transaction CRC patched) are not implemented.
package wal
