// Package gofuzz holds the go-fuzz entry points of durascope's fuzz
// targets. Each calls the property function of package fuzz that the
// native target of the same name calls, and panics with its error, which
// go-fuzz records as a crasher. This is a module of its own so that its
// tool directives pin go-fuzz and file2fuzz without touching the main
// module (see ../run.sh).
package gofuzz

import "github.com/durascope/durascope/fuzz"

func run(check func([]byte) error, data []byte) int {
	if err := check(data); err != nil {
		panic(err)
	}
	return 0
}

// FuzzSnapshot runs fuzz.CheckSnapshot.
func FuzzSnapshot(data []byte) int { return run(fuzz.CheckSnapshot, data) }

// FuzzWAL runs fuzz.CheckWAL.
func FuzzWAL(data []byte) int { return run(fuzz.CheckWAL, data) }

// FuzzValue runs fuzz.CheckValue.
func FuzzValue(data []byte) int { return run(fuzz.CheckValue, data) }

// FuzzRoundTrip runs fuzz.CheckRoundTrip.
func FuzzRoundTrip(data []byte) int { return run(fuzz.CheckRoundTrip, data) }

// FuzzScript runs fuzz.CheckScript.
func FuzzScript(data []byte) int { return run(fuzz.CheckScript, data) }

// FuzzWorkload runs fuzz.CheckWorkload.
func FuzzWorkload(data []byte) int { return run(fuzz.CheckWorkload, data) }

// FuzzCSV runs fuzz.CheckCSV.
func FuzzCSV(data []byte) int { return run(fuzz.CheckCSV, data) }
