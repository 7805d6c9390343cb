package decode

import "github.com/durascope/durascope/format"

// EachEdgeBatch reads the edge records of batches (as BatchTables returns
// them) in order, with the same tiling and ordering rules as ForEachEdge.
// After each batch it calls done, if not nil, with where the batch's records
// end, so a caller can check what the batches cover.
func (s *Snapshot) EachEdgeBatch(batches []format.Batch, done func(b format.Batch, end int64), fn func(format.EdgeRecord) error) error {
	return s.eachEdge(batches, done, fn)
}

// EachVertexBatch is EachEdgeBatch for vertex records (gids ascending across
// the whole section, as ForEachVertex requires).
func (s *Snapshot) EachVertexBatch(batches []format.Batch, done func(b format.Batch, end int64), fn func(format.VertexRecord) error) error {
	return s.eachVertex(batches, done, fn)
}
