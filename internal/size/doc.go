// Package size reads byte counts written by people, for the flags that
// take one (durascope --max-memory, durascope-gen --size): one parser, so
// that "4GB" means the same to every tool.
package size
