// Package golden holds the project's test fixtures: the locator for the real
// Memgraph corpus that lives outside the repository (../shared/corpus), the
// golden-file helper (Check, -update), and the byte-golden files we generate
// ourselves under testdata/: the example files, and per-version fixtures
// (FixtureSnapshot, FixtureWAL) that use every feature, delta type, value
// type and index kind of each format version, stored with their text and
// Cypher dumps under testdata/fixtures/vNN.
package golden
