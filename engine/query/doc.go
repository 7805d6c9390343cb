// Package query runs parsed Cypher statements (engine/cypher) against an
// engine/storage store the way Memgraph's interpreter does, so that a
// script makes the storage calls Memgraph makes, in its order, and the
// store commits the WAL transactions Memgraph writes, byte for byte (the
// corpus scripts are replayed to prove it, corpus_test.go).
//
// # API
//
//	NewSession(host) *Session           one client connection
//	(*Session).Run(stmt) (*Result, error)
//	(*Session).Close()                   rolls back an open transaction
//	(*Result).WriteTable(w)              rows, notice and statistics for a terminal
//
// A Host gives the storage and runs CREATE SNAPSHOT and the data
// directory lock. Result rows hold format values, List, Map, and Node,
// Relationship and Path read when the row was made. Errors are *Error:
// a position and Memgraph's message, wrapping the storage error (so
// errors.Is(err, storage.ErrSerialization) works) or ErrNotSupported.
//
// # Transactions and timestamps
//
// Outside BEGIN ... COMMIT each statement is one transaction opened with
// the access type of Memgraph's QueryTransactionRequirements: WRITE for a
// query with CREATE, MERGE, SET, REMOVE or DELETE, READ for other queries,
// DROP [EDGE] INDEX, ANALYZE GRAPH, DUMP DATABASE and SHOW ENUMS / INDEX
// INFO / CONSTRAINT INFO, READ_ONLY for creating indices and for
// constraints, UNIQUE for enums, point, text and vector indices, TTL and
// descriptions. Every transaction takes a start timestamp; it takes a
// commit timestamp only if it wrote something. Index and constraint
// statements begin through storage.BeginSchemaChange: the builds of
// format 15 ran them outside any transaction, with the commit timestamp
// alone. A query Memgraph's
// IsGraphFree calls graph-free (only RETURN, WITH and UNWIND, no '*', no
// function other than aggregations, property lookup, label test, enum
// value or string predicate: RETURN 1, UNWIND [1] AS x RETURN x) opens no
// transaction and takes no timestamp. Clause-order errors are found before the transaction begins
// (Memgraph's parser finds them), unbound variables after (its planner).
//
// BEGIN opens a WRITE transaction at once (Memgraph's BEGIN handler calls
// SetupDatabaseTransaction, taking a start timestamp); each later
// statement first advances the command. Index, constraint, enum, TTL,
// description, ANALYZE GRAPH, snapshot and lock statements are refused
// inside with Memgraph's MulticommandTxException message. A failed
// statement leaves the transaction open but refusing COMMIT until
// ROLLBACK. The whole transaction is one WAL transaction at COMMIT.
//
// # Execution
//
// A query compiles to a pull pipeline of operators like Memgraph's plan:
// rows go through the write clauses one at a time (so the WAL's object
// order is Memgraph's), MATCH reads with View::OLD and writes evaluate
// with View::NEW, MERGE matches with View::NEW, DELETE buffers and deletes
// in one DetachDelete call when its input ends, and RETURN or WITH after
// writes first collects every row (Accumulate); WITH then advances the
// command. Scans go in gid order and expansions in each vertex's edge
// order (in-edges first for an undirected pattern); Memgraph's cost-based
// choice of indices and scan order is not modelled, so several rows read
// through a label+property index in value order may be written in another
// order than Memgraph's.
//
// # Name registration
//
// Memgraph gives names their mapper ids when they are first used, and ids
// decide the order of property frames in the WAL and the snapshot's
// mapper. A Cypher query registers its names in three rounds (names.go):
//
//  1. The planner, clause by clause: MATCH and MERGE relationship types;
//     for each CREATE (and MERGE's create part) pattern, a node not bound
//     yet gets its property keys registered then its labels, and each
//     relationship the node beyond it the same way (bound or not), then
//     its own property keys, then its type; SET n.p and REMOVE n.p the
//     property, SET and REMOVE n:L the labels; MERGE in the order match,
//     ON MATCH, create, ON CREATE. (The builds that recorded formats 16
//     and 17 registered a node's labels before its keys: Compat.)
//  2. The index-lookup rewriter: the labels of MATCH and MERGE node
//     patterns.
//  3. PullPlan before the first pull: every property key of the query in
//     the order the parser met them (source order, map keys before their
//     values, so nested keys such as point({x: ..}) come here), then every
//     label, then every relationship type.
//
// Schema statements register their names in engine/storage. The corpus
// holds the rule: the snapshot mappers of every recording match the
// store's (corpus_test.go), e.g. v37 test_all's link (61) before k (62),
// and test_vertices' prop3 before label6.
//
// # Supported Cypher
//
// MATCH and OPTIONAL MATCH (labels, property maps, typed and directed
// relationships, several patterns, named paths, WHERE), CREATE, MERGE with
// ON CREATE / ON MATCH SET, SET (n.p = e, n = map, n += map, n:L),
// REMOVE, [DETACH] DELETE, WITH and RETURN (aliases, *, DISTINCT, ORDER
// BY, SKIP, LIMIT, WITH ... WHERE), UNWIND; expressions with Memgraph's
// null, comparison and arithmetic semantics; the aggregations count, sum,
// min, max, avg, collect (with DISTINCT); functions id, labels, type,
// properties, keys, size, length, toInteger, toFloat, toString, toBoolean,
// coalesce, head, last, tail, range, abs, toUpper, toLower, trim,
// startNode, endNode, nodes, relationships, and the constructors point,
// date, localtime, localdatetime, datetime and duration with
// cypher.EvalLiteral's rules. Parameters, nested property updates and
// other functions are refused as not supported, with their position.
package query
