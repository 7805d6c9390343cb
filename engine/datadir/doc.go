// Package datadir is Memgraph's data directory: the names of its files
// (ParseName and the formatters share one grammar), the scan that reads
// what Memgraph's recovery reads of each file (ScanDataDir: headers,
// summaries, a scan of unfinalized WALs), the .lock a running Memgraph
// holds (LockHolder probes it without taking it, TakeLock takes it), and
// the recovery rules (Recover): which snapshot loads, which WAL files are
// replayed or skipped and in what order, what is silently dropped and where
// recovery stops, each as a decision with Memgraph's own message. The
// recovery is really carried out on an engine/graph Graph.
//
// It decides; it does not grade. inspect turns the decisions into findings.
package datadir
