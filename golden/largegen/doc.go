// Package largegen writes large, valid durability files of any format
// version for benchmarks and memory tests: a WAL of transactions of varying
// size (WriteWAL) and a snapshot of a graph with labelled vertices, typed
// properties, edges and a schema (WriteSnapshot). Both stream through the
// encoder's writers (encode.NewWALWriter, encode.NewSnapshotWriter) and
// keep no per-object state, so memory stays bounded however large the file.
// The content is a deterministic function of the version, the size and the
// seed.
//
// It lives outside package golden because it imports encode, whose tests
// import golden.
package largegen
