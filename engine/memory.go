package engine

import (
	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/engine/storage"
	"github.com/durascope/durascope/internal/size"
)

// RecoveryMemoryFloor is the least memory Open holds at its peak when it
// recovers d with cfg: the graph of the snapshot recovery tries first
// (datadir.RecoveryMemoryFloor) and the store built from that graph while
// the graph is still alive (storage.MemoryFloor). It is 0, with snapshot
// nil, when the start recovers no snapshot. A caller checks it against the
// memory it has before Open: the store takes several times the graph.
func RecoveryMemoryFloor(d *datadir.DataDir, cfg Config) (need uint64, snapshot *datadir.DurableFile) {
	if !cfg.RecoveryOnStartup {
		return 0, nil
	}
	t, err := d.Tenant("")
	if err != nil {
		return 0, nil // Open reports it
	}
	need, snapshot = datadir.RecoveryMemoryFloor(t)
	if snapshot == nil {
		return 0, nil
	}
	vertices, edges := graph.LoadCounts(snapshot.Vertices, snapshot.Edges, snapshot.Size)
	return size.Plus(need, storage.MemoryFloor(vertices, edges, cfg.PropertiesOnEdges)), snapshot
}
