// Package fuzz holds the decoder's fuzz properties, one Check function per
// decoder entry point, shared by the native Go fuzz targets (fuzz_test.go)
// and the go-fuzz entry points of the nested module fuzz/gofuzz.
//
// A Check returns nil when its input passes and otherwise an error naming
// the property that failed. For any input:
//
//   - the decoder does not panic (a panic is returned as an error with its stack);
//   - an error is a *format.DecodeError wrapping exactly one error class,
//     at an offset inside the input, with a reason;
//   - decoding allocates at most Budget(len(input)) bytes;
//   - property values nest at most format.MaxValueDepth deep;
//   - an error-free decode re-encodes to the input, byte for byte;
//   - the other ways to read the same bytes (the streaming and batch API,
//     inspect's recovery and the Cypher dump, which the CLI runs on damaged
//     files too) agree with the whole-file decode and keep the same rules.
//
// CheckRoundTrip is structure-aware: it reads its input as a stream of
// choices, builds a valid model from them, encodes, decodes and compares,
// so the fuzzers reach valid magics, CRCs and deep structure.
//
// CheckScript and CheckWorkload fuzz the engine instead: a Cypher script
// (random text, or statements chosen from a small vocabulary at any format
// version) runs on a fresh store; errors are typed with a line and column,
// a failed statement changes and logs nothing, and the WAL the store
// logged replays to the graph its read view (a snapshot) holds. CheckCSV
// runs durascope import on CSV input: typed refusals at a line, nothing
// left behind, and a written snapshot verifies clean and recovers.
//
// spec/hardening.md states the rules the decoder follows; run.sh runs the
// targets under both engines (make fuzz-smoke, make fuzz).
package fuzz
