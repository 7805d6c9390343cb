// Package fs is the file-system interface every durability write of the
// engine goes through, so that crash and fault tests can stand in for the
// disk: the operating system's files (OS), a wrapper that fails chosen
// operations (Faulty), and Memgraph's FileRetainer semantics for LOCK DATA
// DIRECTORY (Retainer: deletions deferred and renames turned into copies
// while a directory is locked).
package fs
