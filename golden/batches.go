package golden

import "github.com/durascope/durascope/format"

// RecordedItemsPerBatch is the --storage-items-per-batch a snapshot's batch
// tables show: the size of every batch but the last of a table; 0 when no
// table has two batches, -1 when the tables disagree.
func RecordedItemsPerBatch(m *format.Snapshot) int {
	per := 0
	for _, table := range [][]format.Batch{m.EdgeBatches, m.VertexBatches} {
		for _, b := range table[:max(len(table)-1, 0)] {
			if per != 0 && int(b.Count) != per {
				return -1
			}
			per = int(b.Count)
		}
	}
	return per
}
