package mutant

import "sync/atomic"

var (
	// AckBeforeFsync: with --storage-wal-file-flush-every-n-tx=1 a commit is
	// acknowledged as soon as its bytes are handed to the OS, without the
	// group-commit fsync (engine/wal; the file is still fsynced when it is
	// finalized).
	AckBeforeFsync atomic.Bool
	// SkipDirFsync: no directory is fsynced after a create, rename or
	// deletion (engine/fs CreateDurably and Retainer, engine/wal,
	// engine/snapshot), as in Memgraph.
	SkipDirFsync atomic.Bool
	// SnapshotInPlace: a snapshot is written under its final name, with no
	// temporary name and no rename (engine/snapshot), as in Memgraph.
	SnapshotInPlace atomic.Bool
	// SnapshotSingleFsync: the snapshot's offsets table is back-patched
	// before the file's only fsync, instead of after a first fsync of the
	// body (engine/snapshot), as in Memgraph.
	SnapshotSingleFsync atomic.Bool
)

// NoGroupCommit is not a mutant but a benchmark baseline: with
// --storage-wal-file-flush-every-n-tx=1 every commit fsyncs the WAL itself
// inside the engine lock, as Memgraph does, instead of sharing group-commit
// fsyncs (engine/wal).
var NoGroupCommit atomic.Bool
