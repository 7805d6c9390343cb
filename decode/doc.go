// Package decode reads Memgraph durability files into the model of package
// format, for every format version from format.MinVersion to MaxVersion.
//
// Snapshots are read through an io.ReaderAt: OpenSnapshot reads the header,
// the offsets table and the metadata, and every other section and every
// batch of records is decoded on demand with its own cursor, so batches can
// be decoded in parallel (ParallelBatches hands their results back in table
// order; BatchOrder holds the rules between batches), and so can parts of a
// batch (Parts, VertexPart and EdgePart: a part finds its first record by
// decoding a few; PartChain says whether the parts make up the batch, or
// it must be read whole). WALs are streamed:
// OpenWAL checks the header (and its CRC and summary where the version has
// them) and Next returns one frame at a time, verifying transaction CRCs as
// it goes.
//
// Two ways of reading keep the cost of a large file near that of reading
// its bytes. WAL.SkipPayloads checks every payload without building it
// (frames come without their Delta, but for TRANSACTION_START), and a
// Scanner reads snapshot records as views whose property values stay in
// the file until asked for: neither allocates per frame or record. Both go
// through the same field readers as the model, so a file fails in them with
// the same error at the same offset (a snapshot scan first tries a record
// that lies whole in the window with local indices, and on anything unusual
// reads it again through the field readers). WAL.NextFrames, for the
// readers of a WAL's framing, hands out frames in batches (FrameHead) and
// reads the common ones, well formed and whole in the window, in a loop of
// its own over the window's bytes, which takes a frame only where NextFrame
// would take it the same way and leaves every other frame, and every error,
// to NextFrame: fuzz.CheckNextFrames and the sweeps hold the two to the
// same frames, errors and state. WAL.NextNotable reads the same way but
// reports only a transaction's first frame and the frames that are not of
// graph data (FrameHead.Seq counts the others, DeltaCounts sums them by
// type): what verify, stats and info --full read.
//
// Snapshot.EdgeIndicesWith reads the edge-indices section as EdgeIndices
// does, but hands the vector indices' entries to a VectorEntrySink as they
// are read, their vectors in pieces of at most VectorPiece components,
// instead of keeping them: a vector-heavy snapshot holds most of its bytes
// there. VectorEntry reads one entry again; with VectorEntryLists as the
// sink, which keeps where each index's entries lie, VectorEntries reads an
// index's entries again, so that a dump or a conversion passes them on
// without holding them.
//
// Two more serve a reader that keeps what it reads in an encoding of its
// own (recovery building a graph): a ValueVisitor is handed a property
// value part by part (VertexView.VisitValue, EdgeView.VisitValue,
// VisitValue on bytes) instead of a built format.Value, and a TxnReader
// reads a WAL's complete transactions as NextTransaction does, but hands
// out their frames one at a time as DeltaViews, the payloads of graph
// deltas taken apart field by field, so that neither a transaction nor a
// delta is held or boxed. A dump, which prints every frame, reads them in
// runs with their bytes (WAL.NextFrameBytes), takes them apart as the same
// views (FrameParser) and hands their values' bytes to another goroutine,
// whose FrameParser.Visit (for a snapshot, ValueReader.Visit of
// VertexView.ValueBytes) reads them into a visitor; WalkValue hands a
// built value to a visitor, so one writer serves both. fuzz.CheckValue
// and fuzz.CheckSnapshot hold what a visitor is handed to the values the
// decoder builds.
//
// A cursor reads through a window of the file (up to 256 KiB, refilled by
// ReadAt; a Scanner over a Mapped file reads the mapped bytes in place,
// releasing what it has moved past), so a field is a slice of it; a
// transaction's CRC is computed over its bytes in the window in one call,
// not field by field. Every length and
// count is checked against the bytes left in the file before anything is
// allocated, nesting inside property values is bounded, and every error is
// a *format.DecodeError naming the file, offset, section, record and
// reason, wrapping one error class of package format. Error messages are
// built only when an error happens.
package decode
