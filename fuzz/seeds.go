package fuzz

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/engine/cypher"
	"github.com/durascope/durascope/format"
)

// Targets names the fuzz targets; each engine has an entry point of that
// name calling the Check function of the same suffix.
var Targets = []string{"FuzzSnapshot", "FuzzWAL", "FuzzValue", "FuzzRoundTrip", "FuzzScript", "FuzzWorkload", "FuzzCSV"}

// Check returns the property function of a target, or nil.
func Check(target string) func([]byte) error {
	switch target {
	case "FuzzSnapshot":
		return CheckSnapshot
	case "FuzzWAL":
		return CheckWAL
	case "FuzzValue":
		return CheckValue
	case "FuzzRoundTrip":
		return CheckRoundTrip
	case "FuzzScript":
		return CheckScript
	case "FuzzWorkload":
		return CheckWorkload
	case "FuzzCSV":
		return CheckCSV
	}
	return nil
}

// BinFiles lists every .bin file under root (at any depth), sorted.
func BinFiles(root string) ([]string, error) { return filesWithSuffix(root, ".bin") }

// filesWithSuffix lists the files under root whose names end in suffix, sorted.
func filesWithSuffix(root, suffix string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, suffix) {
			out = append(out, p)
		}
		return err
	})
	sort.Strings(out)
	return out, err
}

// Seeds returns the seed inputs of a target, made from the .bin files under
// root (golden/testdata): the snapshots for FuzzSnapshot, the WALs for
// FuzzWAL, every property value they hold for FuzzValue (as ValueInput),
// and every file for FuzzRoundTrip, whose bytes are only choices there.
// FuzzScript's seeds are the .cypher files (scripts and Memgraph-style
// dumps), whole and one statement each; FuzzWorkload's and FuzzCSV's are
// generated.
func Seeds(root, target string) ([][]byte, error) {
	if Check(target) == nil {
		return nil, fmt.Errorf("unknown fuzz target %q", target)
	}
	switch target {
	case "FuzzScript":
		return scriptSeeds(root)
	case "FuzzWorkload":
		return workloadSeeds(), nil
	case "FuzzCSV":
		return csvSeeds(), nil
	}
	files, err := BinFiles(root)
	if err != nil {
		return nil, err
	}
	var out [][]byte
	seen := map[string]bool{}
	add := func(b []byte) {
		if !seen[string(b)] {
			seen[string(b)] = true
			out = append(out, b)
		}
	}
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		wal := bytes.HasPrefix(data, []byte(format.WALMagic))
		switch target {
		case "FuzzSnapshot":
			if bytes.HasPrefix(data, []byte(format.SnapshotMagic)) {
				add(data)
			}
		case "FuzzWAL":
			if wal {
				add(data)
			}
		case "FuzzRoundTrip":
			add(data)
		case "FuzzValue":
			v, values := fileValues(data, wal)
			for _, val := range values {
				if b, err := encode.AppendValue(nil, val, v); err == nil {
					add(ValueInput(v, b))
				}
			}
		}
	}
	return out, nil
}

// fileValues decodes a file and returns its version and property values
// (none if it does not decode).
func fileValues(data []byte, wal bool) (format.Version, []format.Value) {
	r := bytes.NewReader(data)
	if wal {
		m, _ := decode.DecodeWAL(r, int64(len(data)), "")
		if m == nil {
			return 0, nil
		}
		return m.Header.Version, walValues(m)
	}
	m, err := decode.DecodeSnapshot(r, int64(len(data)), "")
	if err != nil {
		return 0, nil
	}
	return m.Version, snapshotValues(m)
}

// scriptSeeds reads the .cypher files under root: each file's statements
// (those that parse on their own line, as in a dump) together and each
// statement alone, deduplicated.
func scriptSeeds(root string) ([][]byte, error) {
	files, err := filesWithSuffix(root, ".cypher")
	if err != nil {
		return nil, err
	}
	var out [][]byte
	seen := map[string]bool{}
	add := func(b []byte) {
		if len(b) > 0 && len(b) <= maxScriptBytes && !seen[string(b)] {
			seen[string(b)] = true
			out = append(out, b)
		}
	}
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		if _, err := cypher.ParseScript(string(data)); err == nil {
			add(data)
		}
		var whole []byte
		for _, line := range bytes.SplitAfter(data, []byte("\n")) {
			stmts, err := cypher.ParseScript(string(line))
			if err != nil || len(stmts) == 0 {
				continue
			}
			whole = append(whole, line...)
			for _, st := range stmts {
				add([]byte(st.StatementSpan().Text))
			}
		}
		add(whole)
	}
	return out, nil
}

// workloadSeeds are choice streams for CheckWorkload: one per version and
// edge setting, each a pseudo-random run of statements.
func workloadSeeds() [][]byte {
	var out [][]byte
	x := uint32(2463534242)
	for first := range 2 * numVersions {
		b := []byte{byte(first)}
		for range 400 {
			x ^= x << 13
			x ^= x >> 17
			x ^= x << 5
			b = append(b, byte(x))
		}
		out = append(out, b)
	}
	return out
}
