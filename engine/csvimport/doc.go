// Package csvimport is `durascope import`: Memgraph's removed mg_import_csv
// (CSV files in Neo4j's import format in, one snapshot out, loaded at the
// next start) rebuilt on the streaming snapshot writer, for every format
// version.
//
// The input is read exactly as the old tool read it (its source and
// docs/csv-import-tool in memgraph/memgraph before pull request #3216):
// Dialect has the quoting rules; a header of name[:type] fields (ID, LABEL
// and IGNORE for nodes, START_ID, END_ID, TYPE and IGNORE for
// relationships, ID spaces in parentheses; property types int, long, short,
// byte, integer, float, double, boolean, bool, string, char, each with []
// for an array); every --nodes flag, then every --relationships flag, each
// a list of files read as one CSV with the header in the first; and the
// old tool's order of effects, which shows in the result: nodes take vertex
// gids in row order (a skipped duplicate too), relationships take edge gids,
// names take mapper ids in the order rows first mention them (relationship
// properties in name order), and that order is the property order of
// Memgraph's dump. Errors and the conditions that stop the import are the
// old tool's, with the file, line and column of the field; the skip flags
// turn duplicate nodes and relationships to unknown nodes into counted
// warnings.
//
// Memory is bounded by the node-id map (idMap: about 30 bytes plus the id's
// length per node id), not by the input: node records and edge records go
// to temporary files as they are read; the entries of the vertices' edge
// lists (two per relationship) are sorted in a fixed buffer (SortBuffer)
// whose full loads are spilled as sorted runs; the snapshot is written by
// engine/snapshot.Create from those files, each vertex record joined with
// its edges by a merge of the runs. Temporary files go through engine/fs.
//
// The snapshot is what Memgraph's exit snapshot would have been: a fresh
// storage uuid and epoch, timestamps as the old tool's one transaction per
// row produced them, labels in row order, properties by mapper id, edge
// lists by edge gid, and no index (the __mg_vertex__ index of a dump is the
// dump's own). It is written under a temporary name in a work directory
// inside the data directory and renamed into snapshots/ only when complete;
// the data directory's .lock is held throughout, and existing durability
// files are refused, or with Force moved to .backup/ as Memgraph moves them
// when it starts without recovery.
package csvimport
