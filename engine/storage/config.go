package storage

import (
	"time"

	"github.com/durascope/durascope/format"
)

// Log is the durability hook. Commit calls Append under the engine lock,
// so the WAL receives transactions in commit-timestamp order; it then
// calls durable outside the lock (it may wait for a group fsync) and makes
// the commit visible only when durable returns nil. A nil Log means no
// durability: commits are visible at once.
type Log interface {
	Append(t format.Txn) (durable func() error, err error)
}

// Config sets up a Storage. The zero value is Memgraph's default storage
// at the newest format version, without properties on edges.
type Config struct {
	// Version is the format version the store writes (MinVersion..MaxVersion;
	// 0 means format.MaxVersion). Operations the version cannot represent
	// are refused with an *UnrepresentableError naming the feature.
	Version format.Version
	// PropertiesOnEdges is --storage-properties-on-edges: edges are objects
	// with their own deltas and properties.
	PropertiesOnEdges bool
	// SkipIdenticalPropertyUpdates is the negation of
	// --storage-delta-on-identical-property-update (default true): when set,
	// SetProperty writes no delta when the value does not change. Memgraph's
	// vertex UpdateProperties reads the flag the other way round (see
	// Vertex.UpdateProperties).
	SkipIdenticalPropertyUpdates bool
	// TextSearch is --experimental-enabled=text-search. Until text edge
	// indices (format TextEdgeIndex) text search was an experiment, and
	// snapshots held the text-index list only with it on (then even an
	// empty one); from that format on the list is always written and this
	// changes nothing.
	TextSearch bool
	// Log receives each committed transaction; nil: no durability.
	Log Log
	// AccessTimeout bounds how long Begin waits for its access type
	// (--storage-access-timeout-sec); 0 waits as long as it takes.
	AccessTimeout time.Duration
	// GCEvery runs the garbage collector after that many finished
	// transactions (0: 256). CollectGarbage runs it on demand.
	GCEvery int
}

func (c Config) version() format.Version {
	if c.Version == 0 {
		return format.MaxVersion
	}
	return c.Version
}
