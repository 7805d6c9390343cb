// Command durascope-floor reads files start to end and computes their
// CRC32 (IEEE), nothing else: the least any reader of the bytes pays, and
// the floor that `make bigbench` divides the durascope commands' CPU time
// by. It reads in 256 KiB chunks, the decoders' largest window.
//
//	durascope-floor FILE...
//
// prints one line per file: path, bytes, CRC32, seconds. Exit codes: 0
// read, 2 usage or I/O error.
package main
