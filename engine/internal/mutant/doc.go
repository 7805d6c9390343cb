// Package mutant holds test-only switches that turn off one of the
// engine's durability measures, so that the crash tests (engine/crashtest)
// can show that each measure is needed: with a switch on, the crash-state
// enumeration must find lost or garbled commits. Every switch is off unless
// a test turns it on; the engine's packages consult them at the exact point
// the measure is taken. The switches are atomic so that reading them from
// the engine's goroutines is race-free, but a test must not change one while
// another test runs an engine.
package mutant
