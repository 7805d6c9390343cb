// Package inspect turns decoded files into what a person or a script asks
// about them: the graph state Memgraph would recover (from a snapshot, or
// from a WAL replayed from empty), its Cypher dump exactly as Memgraph's
// DUMP DATABASE prints it, the record walk behind `dump --format text|jsonl`
// and its filters, the summary behind `info`, and the one-pass, fixed-memory
// statistics behind `stats`.
//
// VerifyFile checks one file completely with bounded memory and returns
// findings (file, offset, record, stable check name, severity) and a summary
// per file: what `verify` prints.
//
// For a whole data directory, ScanDataDir lists the files of every database
// and reads their headers as Memgraph's recovery does, CheckDataDir checks
// how they fit together (findings "chain.*"), and PlanRecovery decides what
// Memgraph's start-up would recover, drop or stop on (findings "plan.*"),
// really recovering the state, which RecoverDataDir returns for `dump`.
//
// It also converts files between format versions (ConvertSnapshot,
// ConvertWAL, ConvertFile) and writes a State as a file of any version
// (BuildSnapshot, BuildWAL). Both judge every item by one analysis, the
// features its creating delta needs, and report what a version cannot
// hold as Dropped items; Compat uses the same analysis for the oldest
// version a file converts to. The rules are in spec/conversion.md.
package inspect
