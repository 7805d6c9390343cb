// Package snapshot creates snapshot files as Memgraph's engine does
// (memgraph-engine.md §3; durability/snapshot.cpp CreateSnapshot,
// MultiThreadedWorkflow, Batch), then applies its retention
// (EnsureRetentionCountSnapshotsExist, EnsureNecessaryWalFilesExist).
//
// Create streams the records of a Source through encode's SnapshotWriter in
// ascending gid order, edges first, cutting a batch every ItemsPerBatch
// records, then writes the other sections. With Config.Parallel the records
// are split into gid ranges of ItemsPerBatch stored objects (Memgraph's
// Batch rule, invisible objects counted), each range is written by a worker
// goroutine to a part file named <final path>_edge_part_<i> or
// _vertex_part_<i>, fsynced and closed, and the main goroutine appends the
// parts in range order, each part starting a batch, and deletes them. The
// bytes and batch tables are those of Memgraph's serial and parallel paths.
//
// Beyond Memgraph (documented where it happens):
//   - The snapshot is written under a temporary name (<final name>.tmp) in
//     the same directory, and its offsets table stays all zero until the
//     body is fsynced: the table is written last, the file fsynced again,
//     renamed to its final name and the directory fsynced. Memgraph's
//     recovery and engine/datadir read every regular file of snapshots/
//     whatever its name, and both reject a file whose offsets table is all
//     zero, so a crash at any point leaves no half snapshot that recovery
//     would read: neither under the final name nor under the temporary one.
//     A temporary file left complete (a crash between the last fsync and the
//     rename) is a whole snapshot and sorts where its final name would.
//   - The file is fsynced every Config.SyncEvery bytes (8 MiB) while it is
//     written, so the disk takes it in steps instead of one long final
//     fsync that concurrent WAL commits would wait behind.
//   - Retention fsyncs each directory it deleted files from, and WAL
//     clean-up stops at the first deletion that fails, so the WALs left have
//     no gap in their sequence numbers (recovery refuses a gap).
//   - The test-only switches SnapshotInPlace and SnapshotSingleFsync of
//     engine/internal/mutant write the file as Memgraph does instead (final
//     name, offsets table back-patched before the one fsync), for
//     engine/crashtest.
//   - A Source's records are checked against its mapper section: an id a
//     record uses that the mapper lacks is refused (Memgraph could not
//     recover such a file).
//
// The main goroutine of the parallel path decodes each part file (raw
// records, as Memgraph's part files are) and re-encodes its records through
// the one SnapshotWriter of the final file, calling EndBatch where each part
// and each of its batches starts; it then checks that the part's bytes and
// batches landed where appending the part would put them. encode has no
// call that appends encoded records, and the batch table and offsets
// encoding must stay in encode alone.
package snapshot
