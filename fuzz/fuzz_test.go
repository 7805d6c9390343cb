package fuzz_test

import (
	"testing"

	"github.com/durascope/durascope/fuzz"
	"github.com/durascope/durascope/golden"
)

// Native fuzz targets. `go test` runs each on its seeds (from every .bin
// file under golden/testdata) and on the inputs kept under
// testdata/fuzz/<target>/, which are regression inputs: crashers found by
// either engine. fuzz/run.sh runs them under `go test -fuzz`.

func target(f *testing.F, name string) {
	seeds, err := fuzz.Seeds(golden.TestdataDir(), name)
	if err != nil {
		f.Fatal(err)
	}
	if len(seeds) == 0 {
		f.Fatalf("%s: no seeds under %s", name, golden.TestdataDir())
	}
	for _, s := range seeds {
		f.Add(s)
	}
	check := fuzz.Check(name)
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := check(data); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzSnapshot(f *testing.F)  { target(f, "FuzzSnapshot") }
func FuzzWAL(f *testing.F)       { target(f, "FuzzWAL") }
func FuzzValue(f *testing.F)     { target(f, "FuzzValue") }
func FuzzRoundTrip(f *testing.F) { target(f, "FuzzRoundTrip") }
func FuzzScript(f *testing.F)    { target(f, "FuzzScript") }
func FuzzWorkload(f *testing.F)  { target(f, "FuzzWorkload") }
func FuzzCSV(f *testing.F)       { target(f, "FuzzCSV") }
