// Command seeds writes the seed inputs of one fuzz target (fuzz.Seeds) into
// a go-fuzz corpus directory, one file per input named by its SHA-1, as
// go-fuzz names its own corpus files.
package main

import (
	"crypto/sha1"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/durascope/durascope/fuzz"
)

func main() {
	root := flag.String("root", "golden/testdata", "directory whose .bin files seed the targets")
	target := flag.String("target", "", "fuzz target (FuzzSnapshot, FuzzWAL, FuzzValue, FuzzRoundTrip)")
	out := flag.String("out", "", "corpus directory to write")
	flag.Parse()
	seeds, err := fuzz.Seeds(*root, *target)
	if err == nil && len(seeds) == 0 {
		err = fmt.Errorf("no seeds for %s under %s", *target, *root)
	}
	if err == nil {
		err = os.MkdirAll(*out, 0o755)
	}
	for _, s := range seeds {
		if err != nil {
			break
		}
		sum := sha1.Sum(s)
		err = os.WriteFile(filepath.Join(*out, hex.EncodeToString(sum[:])), s, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "seeds:", err)
		os.Exit(2)
	}
}
