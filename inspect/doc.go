// Package inspect turns decoded files into what a person or a script asks
// about them: the graph state Memgraph would recover (from a snapshot, or
// from a WAL replayed from empty), its Cypher dump exactly as Memgraph's
// DUMP DATABASE prints it, the record walk behind `dump --format text|jsonl`,
// and the summary behind `info`.
//
// It also converts files between format versions (ConvertSnapshot,
// ConvertWAL, ConvertFile) and writes a State as a file of any version
// (BuildSnapshot, BuildWAL). Both judge every item by one analysis, the
// features its creating delta needs, and report what a version cannot
// hold as Dropped items; Compat uses the same analysis for the oldest
// version a file converts to. The rules are in spec/conversion.md.
package inspect
