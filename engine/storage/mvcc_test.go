package storage

import (
	"testing"

	"github.com/durascope/durascope/format"
)

// TestLargeTransaction: a transaction of 20,000 deltas (69 slabs; the
// slab capacity hint once overflowed past 61 slabs) commits, and its WAL
// transaction lists them newest slab first, as delta_container does.
func TestLargeTransaction(t *testing.T) {
	s, log := newStore(t, Config{})
	const n = 20_000
	run(t, s, AccessWrite, func(tx *Txn) error {
		for range n {
			if _, err := tx.CreateVertex(); err != nil {
				return err
			}
		}
		return nil
	})
	data := log.last(t).Data
	if len(data) != n {
		t.Fatalf("%d data frames, want %d", len(data), n)
	}
	first := (n - 1) / slabSize * slabSize
	if d, ok := data[0].Delta.(format.VertexDelta); !ok || d.Gid != uint64(first) {
		t.Fatalf("first frame %+v, want the creation of vertex %d (the newest slab's first)", data[0], first)
	}
}
