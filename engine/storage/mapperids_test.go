package storage

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
)

// TestMapperOrderCorpus: for every corpus snapshot, the ids its records
// and sections register, in the writer's order, give exactly its mapper
// section in its order: ascending where the version sorts, libstdc++'s
// unordered_set iteration order before.
func TestMapperOrderCorpus(t *testing.T) {
	var hashed, sorted int
	for _, c := range golden.CorpusCases(t) {
		path := filepath.Join(c.Dir, "snapshot.bin")
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		m, err := decode.DecodeSnapshot(bytes.NewReader(data), int64(len(data)), path)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		var o idOrder
		for i := range m.Edges {
			o.addEdge(&m.Edges[i])
		}
		for i := range m.Vertices {
			o.addVertex(&m.Vertices[i])
		}
		o.addSections(m)
		f := format.FeaturesOf(m.Version)
		got := mapperOrder(f, o.ids)
		var want []uint64
		for _, e := range m.Mapper {
			want = append(want, e.ID)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s (v%d): mapper %v, the writer's order gives %v", c.Name, m.Version, want, got)
			continue
		}
		if f.Has(mapperSorted) {
			sorted++
		} else {
			hashed++
		}
	}
	t.Logf("%d corpus mappers in hash-set order and %d sorted reproduced", hashed, sorted)
}
