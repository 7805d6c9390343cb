// Package convert converts snapshots and WALs between format versions
// (Snapshot, WAL, File), writes a graph as a file of
// any version (BuildSnapshot, BuildWAL), and tells which Memgraph
// releases read a file and how far back it converts (Compat).
//
// Every item a conversion meets, in a snapshot section, a snapshot record,
// a WAL frame or a graph, is judged the same way: as the WAL delta that
// would create it, whose needed features come from deltaNeeds. What a
// version cannot hold is reported as Dropped items. The rules are in
// spec/conversion.md.
package convert
