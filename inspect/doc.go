// Package inspect turns decoded files into what a person or a script asks
// about them, read-only: the record walk behind `dump --format text|jsonl`
// and its filters, the summary behind `info`, and the one-pass,
// fixed-memory statistics behind `stats`. The walk reads a record at a
// time; the one record that can be most of a snapshot, the edge-indices
// section with its vector indices' entries, is read once to be checked
// and again as its line prints, in pieces (edgeIndicesView), so the dump's
// memory does not grow with the file.
//
// VerifyFile checks one file completely with bounded memory and returns
// findings (file, offset, record, stable check name, severity) and a summary
// per file: what `verify` prints.
//
// For a whole data directory (scanned by engine/datadir), CheckDataDir
// checks how the files fit together (findings "chain.*"), and PlanRecovery
// grades what Memgraph's start-up would recover, drop or stop on
// (engine/datadir's Recover decides, really recovering the graph) into
// findings "plan.*"; RecoverDataDir returns that graph for `dump`.
//
// The graph, its Cypher dump and recovery live in engine/; conversion and
// compat in inspect/convert.
package inspect
