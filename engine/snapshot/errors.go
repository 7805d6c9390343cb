package snapshot

import (
	"errors"
	"fmt"
)

// ErrParallelNeedsBatches: parallel creation appends parts as batches, so
// the format must have batch tables (Memgraph's parallel path came after
// them).
var ErrParallelNeedsBatches = errors.New("snapshot: parallel creation needs a format with batch tables (SnapshotBatches)")

// ConfigError is a Config that cannot be used.
type ConfigError struct {
	Field  string
	Reason string
}

func (e *ConfigError) Error() string { return "snapshot: config " + e.Field + ": " + e.Reason }

// SourceError is a Source that broke its contract: records out of order or
// out of their range, an id missing from the mapper, metadata disagreeing
// with what was written.
type SourceError struct {
	What   string // "edge records", "vertex records", "mapper", "metadata", "model"
	Reason string
}

func (e *SourceError) Error() string { return "snapshot: source " + e.What + ": " + e.Reason }

// FileError is a file operation that failed.
type FileError struct {
	Op   string // mkdir, create, open, write, sync, close, rename, syncdir, remove, read, list
	Path string
	Err  error
}

func (e *FileError) Error() string { return fmt.Sprintf("snapshot: %s %s: %v", e.Op, e.Path, e.Err) }
func (e *FileError) Unwrap() error { return e.Err }

// PartError is a failure writing or appending one part file of a parallel
// creation.
type PartError struct {
	Kind  Kind
	Index int
	Path  string
	Err   error
}

func (e *PartError) Error() string {
	return fmt.Sprintf("snapshot: %s part %d (%s): %v", e.Kind, e.Index, e.Path, e.Err)
}
func (e *PartError) Unwrap() error { return e.Err }
