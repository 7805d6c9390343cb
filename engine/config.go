package engine

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/durascope/durascope/engine/fs"
	"github.com/durascope/durascope/format"
)

// Config is the engine's configuration, named after Memgraph's flags
// (memgraph-engine.md §7) so that a Memgraph command line reads the same.
type Config struct {
	DataDirectory          string
	RecoveryOnStartup      bool   // --data-recovery-on-startup
	WALEnabled             bool   // --storage-wal-enabled
	SnapshotIntervalSec    uint64 // --storage-snapshot-interval-sec; 0 disables periodic snapshots
	SnapshotOnExit         bool   // --storage-snapshot-on-exit
	SnapshotRetentionCount int    // --storage-snapshot-retention-count
	WALFileSizeKiB         uint64 // --storage-wal-file-size-kib
	WALFlushEveryNTx       uint64 // --storage-wal-file-flush-every-n-tx
	ItemsPerBatch          int    // --storage-items-per-batch
	ParallelSnapshot       bool   // --storage-parallel-snapshot-creation
	SnapshotThreads        int    // --storage-snapshot-thread-count
	RecoveryThreads        int    // --storage-recovery-thread-count
	PropertiesOnEdges      bool   // --storage-properties-on-edges
	DeltaOnIdenticalUpdate bool   // --storage-delta-on-identical-property-update
	BackupDirEnabled       bool   // --storage-backup-dir-enabled
	LockTimeout            time.Duration
	FormatVersion          format.Version // durascope: the format the engine writes
	ExperimentalEnabled    []string       // --experimental-enabled (text-search is the one the files show)
	// SnapshotSyncEvery paces snapshot writing with an fsync every so many
	// bytes (durascope, snapshot.Config.SyncEvery): 0 is 8 MiB, negative
	// only at the end, as Memgraph.
	SnapshotSyncEvery int64

	// Injected for tests; zero values mean random uuids, the wall clock
	// and the operating system's file system.
	UUID, Epoch string
	Now         func() time.Time
	FS          fs.FS
}

// DefaultConfig holds the binary's defaults (not flags.yaml's).
func DefaultConfig() Config {
	return Config{
		DataDirectory:          "mg_data",
		RecoveryOnStartup:      true,
		SnapshotIntervalSec:    300,
		SnapshotRetentionCount: 3,
		WALFileSizeKiB:         20480,
		WALFlushEveryNTx:       100000,
		ItemsPerBatch:          1000000,
		SnapshotThreads:        8,
		RecoveryThreads:        8,
		DeltaOnIdenticalUpdate: true,
		BackupDirEnabled:       true,
		LockTimeout:            30 * time.Second,
		FormatVersion:          format.MaxVersion,
	}
}

// AddFlags registers the flags under Memgraph's names. A bool flag given
// alone means true, and --flag=false turns it off, as gflags reads them.
func (c *Config) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&c.DataDirectory, "data-directory", c.DataDirectory, "the data directory (snapshots/, wal/, .lock)")
	fs.BoolVar(&c.RecoveryOnStartup, "data-recovery-on-startup", c.RecoveryOnStartup, "recover from the data directory at start (false: move its files to .backup/)")
	fs.BoolVar(&c.WALEnabled, "storage-wal-enabled", c.WALEnabled, "write a WAL (needs a non-zero snapshot interval)")
	fs.Uint64Var(&c.SnapshotIntervalSec, "storage-snapshot-interval-sec", c.SnapshotIntervalSec, "seconds between periodic snapshots; 0 disables them")
	fs.BoolVar(&c.SnapshotOnExit, "storage-snapshot-on-exit", c.SnapshotOnExit, "write a snapshot at shutdown")
	fs.IntVar(&c.SnapshotRetentionCount, "storage-snapshot-retention-count", c.SnapshotRetentionCount, "snapshots kept (1..1000000)")
	fs.Uint64Var(&c.WALFileSizeKiB, "storage-wal-file-size-kib", c.WALFileSizeKiB, "a WAL file is finalized once it reaches this size")
	fs.Uint64Var(&c.WALFlushEveryNTx, "storage-wal-file-flush-every-n-tx", c.WALFlushEveryNTx, "fsync the WAL every N commits; 1 makes every acknowledged commit durable")
	fs.IntVar(&c.ItemsPerBatch, "storage-items-per-batch", c.ItemsPerBatch, "records per snapshot batch")
	fs.BoolVar(&c.ParallelSnapshot, "storage-parallel-snapshot-creation", c.ParallelSnapshot, "write snapshots with several threads (part files)")
	fs.IntVar(&c.SnapshotThreads, "storage-snapshot-thread-count", c.SnapshotThreads, "threads for parallel snapshot creation")
	fs.IntVar(&c.RecoveryThreads, "storage-recovery-thread-count", c.RecoveryThreads, "threads for recovery")
	fs.BoolVar(&c.PropertiesOnEdges, "storage-properties-on-edges", c.PropertiesOnEdges, "edges carry properties (and a snapshot has an edge section)")
	fs.BoolVar(&c.DeltaOnIdenticalUpdate, "storage-delta-on-identical-property-update", c.DeltaOnIdenticalUpdate, "setting a property to its value writes a delta")
	fs.BoolVar(&c.BackupDirEnabled, "storage-backup-dir-enabled", c.BackupDirEnabled, "archive superseded files under .old/ instead of deleting them")
	fs.Var((*secondsFlag)(&c.LockTimeout), "data-dir-lock-acquisition-timeout-sec", "seconds to wait for the data directory's .lock")
	fs.StringSliceVar(&c.ExperimentalEnabled, "experimental-enabled", c.ExperimentalEnabled, "experimental features on (text-search: before format 31 the text index list is written only with it)")
	fs.Var((*versionFlag)(&c.FormatVersion), "format-version", fmt.Sprintf("format version to write (%d..%d)", format.MinVersion, format.MaxVersion))
}

// TextSearch reports --experimental-enabled=text-search.
func (c *Config) TextSearch() bool { return slices.Contains(c.ExperimentalEnabled, "text-search") }

// Check refuses combinations Memgraph refuses at start.
func (c *Config) Check() error {
	switch {
	case c.WALEnabled && c.SnapshotIntervalSec == 0:
		return fmt.Errorf("--storage-wal-enabled needs a non-zero --storage-snapshot-interval-sec (Memgraph refuses to start otherwise)")
	case c.SnapshotRetentionCount < 1:
		return fmt.Errorf("--storage-snapshot-retention-count must be at least 1, not %d", c.SnapshotRetentionCount)
	case c.WALFileSizeKiB < 1:
		return fmt.Errorf("--storage-wal-file-size-kib must be at least 1")
	case c.WALFlushEveryNTx < 1:
		return fmt.Errorf("--storage-wal-file-flush-every-n-tx must be at least 1")
	case c.ItemsPerBatch < 1:
		return fmt.Errorf("--storage-items-per-batch must be at least 1, not %d", c.ItemsPerBatch)
	case slices.ContainsFunc(c.ExperimentalEnabled, func(f string) bool { return f != "text-search" && f != "vector-search" }):
		return fmt.Errorf("--experimental-enabled: unknown feature in %q (text-search, vector-search)", strings.Join(c.ExperimentalEnabled, ","))
	case c.FormatVersion < format.MinVersion || c.FormatVersion > format.MaxVersion:
		return fmt.Errorf("--format-version %d: durascope writes formats %d..%d", c.FormatVersion, format.MinVersion, format.MaxVersion)
	}
	return nil
}

// secondsFlag is a duration given in whole seconds, as Memgraph's *-sec flags.
type secondsFlag time.Duration

func (d *secondsFlag) String() string { return fmt.Sprint(int64(time.Duration(*d) / time.Second)) }
func (d *secondsFlag) Type() string   { return "SEC" }
func (d *secondsFlag) Set(s string) error {
	n, err := strconv.ParseUint(s, 10, 32)
	if err != nil {
		return fmt.Errorf("not a number of seconds: %q", s)
	}
	*d = secondsFlag(time.Duration(n) * time.Second)
	return nil
}

type versionFlag format.Version

func (v *versionFlag) String() string { return fmt.Sprint(uint64(*v)) }
func (v *versionFlag) Type() string   { return "N" }
func (v *versionFlag) Set(s string) error {
	var n uint64
	if _, err := fmt.Sscan(s, &n); err != nil {
		return fmt.Errorf("not a format version: %q", s)
	}
	*v = versionFlag(n)
	return nil
}
