package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"time"

	"github.com/spf13/pflag"

	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden/largegen"
	"github.com/durascope/durascope/internal/size"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("durascope-gen", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	kind := fs.String("kind", "wal", "file kind: wal or snapshot")
	version := fs.Uint64("version", uint64(format.MaxVersion), "format version")
	sizeFlag := fs.String("size", "1GiB", "target size (KiB, MiB, GiB, KB, MB, GB or bytes)")
	seed := fs.Uint64("seed", 1, "content seed; the same seed gives the same file")
	batch := fs.Int("batch-size", 0, "snapshot records per batch (0: Memgraph's default, 1000000)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: durascope-gen [flags] OUT\n\nWrites a large valid WAL or snapshot to OUT.\n\n%s\nExit codes: 0 written, 2 usage or I/O error.\n", fs.FlagUsages())
	}
	if err := fs.Parse(args); err != nil {
		if err == pflag.ErrHelp {
			return 0
		}
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "durascope-gen: exactly one OUT path is required")
		fs.Usage()
		return 2
	}
	target, err := size.Parse(*sizeFlag)
	if err == nil && target > math.MaxInt64 {
		err = fmt.Errorf("size %q is too large", *sizeFlag)
	}
	if err != nil {
		fmt.Fprintf(stderr, "durascope-gen: --size: %v\n", err)
		return 2
	}
	v := format.Version(*version)
	if !v.Supported() {
		fmt.Fprintf(stderr, "durascope-gen: --version %d: supported versions are %d..%d\n", *version, format.MinVersion, format.MaxVersion)
		return 2
	}
	if *kind != "wal" && *kind != "snapshot" {
		fmt.Fprintf(stderr, "durascope-gen: --kind %q: want wal or snapshot\n", *kind)
		return 2
	}
	out := fs.Arg(0)
	f, err := os.Create(out)
	if err != nil {
		fmt.Fprintf(stderr, "durascope-gen: %v\n", err)
		return 2
	}
	start := time.Now()
	var st largegen.Stats
	if *kind == "wal" {
		st, err = largegen.WriteWAL(f, v, int64(target), *seed)
	} else {
		st, err = largegen.WriteSnapshot(f, v, int64(target), &largegen.SnapshotParams{Seed: *seed, BatchSize: *batch})
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintf(stderr, "durascope-gen: %s: %v\n", out, err)
		return 2
	}
	secs := time.Since(start).Seconds()
	fmt.Fprintf(stdout, "%s: %s %s, %d bytes, %d vertices, %d edges", out, *kind, v, st.Bytes, st.Vertices, st.Edges)
	if *kind == "wal" {
		fmt.Fprintf(stdout, ", %d transactions, %d frames", st.Transactions, st.Frames)
	}
	fmt.Fprintf(stdout, "; %.1fs, %.0f MB/s\n", secs, float64(st.Bytes)/secs/1e6)
	return 0
}
