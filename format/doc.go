// Package format defines what Memgraph's durability files are made of:
// markers, format versions as named features, the lossless model of a
// snapshot file and of a WAL file, property values, and the error types that
// every decoder returns. It does no I/O.
//
// A snapshot is "MGsn", a u64 version, an offsets table, then sections found
// through that table; a WAL is "MGwl", a u64 version, a header, and a stream
// of delta frames grouped in transactions. spec/ describes every byte; each
// field there names the Feature that guards it, exactly as the code does.
package format
