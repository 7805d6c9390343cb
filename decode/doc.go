// Package decode reads Memgraph durability files into the model of package
// format, for every format version from format.MinVersion to MaxVersion.
//
// Snapshots are read through an io.ReaderAt: OpenSnapshot reads the header,
// the offsets table and the metadata, and every other section and every
// batch of records is decoded on demand with its own cursor, so batches can
// be decoded in parallel. WALs are streamed: OpenWAL checks the header (and
// its CRC and summary where the version has them) and Next returns one frame
// at a time, verifying transaction CRCs as it goes.
//
// Every length and count is checked against the bytes left in the file
// before anything is allocated, nesting inside property values is bounded,
// and every error is a *format.DecodeError naming the file, offset, section,
// record and reason, wrapping one error class of package format.
package decode
