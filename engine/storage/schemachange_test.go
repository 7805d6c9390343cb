package storage

import (
	"errors"
	"testing"

	"github.com/durascope/durascope/format"
)

// An index statement takes one timestamp, its commit's, at format 15 (the
// v15 WALs number their first index statements 1, 2, 3, 4) and two from
// format 16 on; an index that exists already takes none at format 15.
func TestBeginSchemaChangeTimestamps(t *testing.T) {
	for _, c := range []struct {
		version       format.Version
		perStatement  uint64
		failedRefusal uint64
	}{{15, 1, 0}, {16, 2, 1}, {37, 2, 1}} {
		s, log := newStore(t, Config{Version: c.version})
		index := func() error {
			tx, err := s.BeginSchemaChange(AccessReadOnly)
			if err != nil {
				t.Fatal(err)
			}
			if err := tx.CreateLabelIndex("L"); err != nil {
				tx.Abort()
				return err
			}
			return tx.Commit()
		}
		start := s.NextTimestamp()
		if err := index(); err != nil {
			t.Fatal(err)
		}
		if got := s.NextTimestamp() - start; got != c.perStatement {
			t.Errorf("format %d: an index statement took %d timestamps, want %d", c.version, got, c.perStatement)
		}
		if ts := log.last(t).Timestamp; ts != start+c.perStatement-1 {
			t.Errorf("format %d: committed at %d, want %d", c.version, ts, start+c.perStatement-1)
		}
		start = s.NextTimestamp()
		var se *SchemaError
		if err := index(); !errors.As(err, &se) || se.Reason != ReasonExists {
			t.Fatalf("format %d: creating the index again: %v", c.version, err)
		}
		if got := s.NextTimestamp() - start; got != c.failedRefusal {
			t.Errorf("format %d: a refused index statement took %d timestamps, want %d", c.version, got, c.failedRefusal)
		}
	}
}
