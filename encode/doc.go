// Package encode writes Memgraph durability files, snapshots ("MGsn") and
// WALs ("MGwl") of every format version from format.MinVersion to
// format.MaxVersion, from the lossless model in package format.
//
// Encoding is the inverse of package decode: for every file decode accepts,
// decode followed by encode reproduces the file byte for byte. Every field is
// written under the same named feature (format.Features) that guards it in
// the decoder; no code here compares version numbers.
//
// # Snapshots
//
// EncodeSnapshot writes a whole model to an io.Writer in one sequential pass.
// It first plans the layout, then writes each record once, so the bytes of
// the file are never held in memory next to the model. Three layouts exist:
//
//   - LayoutRecorded puts every section, batch table, record run and gap at
//     the offsets the model records (Snapshot.Offsets, Batch.Offset,
//     EdgeRecord.Offset, VertexRecord.Offset, Gaps). It fails with a
//     *LayoutError unless those offsets tile the file exactly (and an absent
//     text-index count is not followed by a byte the reader would take for
//     it), which holds for every decoded model.
//   - LayoutFresh computes new offsets in Memgraph's writer order (edges,
//     vertices, indices, edge indices, constraints, mapper, enums, epoch
//     history, metadata, edge batches, vertex batches, TTL, descriptions;
//     each version keeps the sections it has in that relative order) with no
//     gaps. Batch boundaries are taken from the model's batch counts when
//     they cover the records exactly, and are otherwise cut every
//     SnapshotOptions.BatchSize records. The model's recorded offsets are
//     ignored; a model with Gaps is refused.
//   - LayoutAuto (the default) is LayoutRecorded when the recorded offsets are
//     consistent and LayoutFresh otherwise (a model built from scratch, or an
//     edited one). A model with Gaps whose offsets are inconsistent is refused.
//
// In a fresh layout the edge section is absent (offset 0) when
// SnapshotOptions.OmitEdgeSection is set, or when the model has no edge
// records and either its offsets table says so (Offsets[OffsetEdges] is 0
// while Offsets[OffsetVertices] is not) or, without batch tables (v14), its
// metadata counts edges the reader would otherwise look for.
//
// SnapshotWriter streams a snapshot whose records are not in memory: records
// go out one by one through WriteEdge and WriteVertex (all edges first), the
// writer notes the batch boundaries, and Finish writes the trailing sections
// and back-patches the offsets table through io.WriterAt or io.WriteSeeker.
// FinishWith takes the vector indices' entries, most of a vector-heavy
// snapshot, from a VectorEntrySource as they are written (a converter
// reads them from its input), so the sections need not hold them.
//
// # WALs
//
// EncodeWAL writes a whole model; WALWriter writes frame by frame, so a WAL
// of any size can be produced without a model in memory. The header offsets,
// the header end, the header CRC, the summary CRC and every transaction CRC
// are recomputed from the bytes written, so a model whose stored CRCs are
// stale (a hand-edited one) still gives a valid file; WALOptions.StoredCRCs
// writes the stored values instead (for producing damaged files on purpose).
// Frame.Offset and Frame.Size are ignored. The summary values (from, to,
// delta count) are model data and are written as given, but a finalized
// summary must agree with the frames; WALOptions.Finalize computes and
// back-patches it instead. A torn tail (WAL.Tail) is written verbatim.
//
// # Errors
//
// A model the target version cannot express (a TTL section before the TTL
// feature, an enum value before Enums, a composite index before
// CompositeIndices, ...) or that could not be read back as written (a text
// index list marked absent but not empty, a vector entry whose length is not
// the index dimension, ...) is refused with a *ModelError listing every
// issue found; errors.Is(err, ErrUnrepresentable) and
// errors.Is(err, ErrInvalidModel) tell the two kinds apart. CheckSnapshot and
// CheckWAL run the same checks without writing. Nothing is dropped silently.
package encode
