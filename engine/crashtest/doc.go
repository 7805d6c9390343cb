// Package crashtest proves the engine's durability promise: an
// acknowledged commit survives any crash, and recovery yields the state
// after a prefix of the commits issued.
//
// A deterministic Workload (schema, transactions with every value type,
// edges, deletes, two snapshots with retention 1 and WAL clean-up, WAL
// rotation, LOCK/UNLOCK DATA DIRECTORY) is run by Record on an engine whose
// file system is an fs.Recorder, with an Oracle of the engine/graph dump
// after every acknowledged commit. Enumerate then rebuilds, for every
// prefix of the recorded file-system log and every fs.LossModel, the disk
// a crash there could leave (fs.Replay, Disk.Materialize), recovers it
// with the engine and plans it with inspect, and checks:
//
//   - D1: every commit acknowledged by that point is recovered (with
//     --storage-wal-file-flush-every-n-tx=1);
//   - D2: the recovered dump equals the oracle's state after some prefix of
//     the commits (with any flush setting);
//   - D3: `durascope plan` predicts exactly what the engine recovered (the
//     outcome, vertex and edge counts, last durable timestamp), and `verify`
//     reports no error in a file recovery used silently;
//   - D4: no phantom data and no garbled value: implied by D2, since whole
//     dumps (every vertex, edge, label, property value, index, constraint
//     and enum) must be equal.
//
// A crash state is a (crash point, loss model, sector seed) triple; each is
// checked, but identical disk images are recovered once (Summary.Images),
// and at a crash point with no unsynced file data every KeepSomeSectors
// choice is KeepAll's image. States are compared as State prints them:
// properties by name (name ids are assigned by first use, and recovery
// assigns them in another order than the run did), everything else in
// order; after an aborted commit (fault tests) edges as a multiset
// (EdgesAsMultiset).
//
// The tests of this package also inject I/O errors (fs.Faulty) at every
// operation of the workload, kill a child process running the engine with
// SIGKILL, turn on the test-only switches of engine/internal/mutant to
// show that each durability measure is needed, and benchmark the engine
// against the machine's own limits (fsync rate, reading a file). Plain
// `go test` runs reduced sizes; DURASCOPE_SWEEP=full (`make test`) runs at
// least 10,000 crash states and 200 kills; `make crash` more (the
// DURASCOPE_CRASH_TXNS, _CRASH_SEEDS, _FAULT_TXNS, _MUTANT_TXNS and _KILLS
// variables). Each suite prints a "SUMMARY " line that scripts/testsum
// passes through to `make test`'s report.
package crashtest
