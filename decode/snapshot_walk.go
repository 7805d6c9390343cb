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

// BatchReader reads batches of records with the checks and errors of
// ForEachVertex and ForEachEdge, through one cursor whose window it
// reuses: a goroutine reading many batches of a table in parallel with
// others keeps one. The caller checks the order across batches
// (BatchOrder).
type BatchReader struct {
	s *Snapshot
	c *cursor
}

// NewBatchReader returns a batch reader of the snapshot.
func (s *Snapshot) NewBatchReader() *BatchReader {
	return &BatchReader{s: s, c: newCursor(s.r, 0, s.size, s.Features)}
}

// Vertices reads the vertex records of batches[i], calling fn for each
// (the record is fn's to keep), and returns where they end.
func (r *BatchReader) Vertices(batches []format.Batch, i int, fn func(format.VertexRecord) error) (int64, error) {
	return r.s.readVertexBatch(r.c, batches[i], r.s.Bound(batches, i), fn)
}

// Edges reads the edge records of batches[i] as Vertices does.
func (r *BatchReader) Edges(batches []format.Batch, i int, fn func(format.EdgeRecord) error) (int64, error) {
	return r.s.readEdgeBatch(r.c, batches[i], r.s.Bound(batches, i), fn)
}
