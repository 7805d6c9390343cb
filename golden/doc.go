// Package golden holds the project's test fixtures: the locator for the real
// Memgraph corpus that lives outside the repository (../shared/corpus), and
// the byte-golden files we generate ourselves under testdata/.
package golden
