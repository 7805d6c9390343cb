package inspect

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
)

// TestVectorEntries: every real snapshot that carries vector index entries
// agrees with its vector-index-id values, and damage to either copy, which
// nothing else in a snapshot would show, is reported.
func TestVectorEntries(t *testing.T) {
	root := golden.CorpusDir(t)
	paths, err := filepath.Glob(filepath.Join(root, "v*", "*", "snapshot.bin"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no corpus snapshots (%v)", err)
	}
	withEntries := 0
	for _, p := range paths {
		r := verifyPath(t, p, VerifyOptions{})
		if len(r.Findings) != 0 {
			t.Errorf("%s: findings:\n%s", p, listFindings(r))
		}
		if r.Version >= 32 && strings.HasSuffix(filepath.Dir(p), "test_all") {
			withEntries++
		}
	}
	if withEntries < 5 {
		t.Errorf("%d corpus snapshots from format 32 with vector indices, want at least 5", withEntries)
	}
	data, err := os.ReadFile(filepath.Join(root, "v37", "test_all", "snapshot.bin"))
	if err != nil {
		t.Fatal(err)
	}
	// entry finds the first entry of the index of that name, in the
	// snapshot's vertex or edge vector indices.
	entry := func(m *format.Snapshot, name string) *format.VectorEntry {
		for _, xs := range [][]format.VectorIndex{m.EdgeIndices.Vector, m.EdgeIndices.VectorEdge} {
			for i := range xs {
				if xs[i].Name == name && len(xs[i].Entries) > 0 {
					return &xs[i].Entries[0]
				}
			}
		}
		t.Fatalf("no index %q with entries", name)
		return nil
	}
	// An edge record that does not decode: its values are never read, so
	// the entries they would name are no finding of their own.
	s, err := decode.OpenSnapshot(bytes.NewReader(data), int64(len(data)), "")
	if err != nil {
		t.Fatal(err)
	}
	edgeBatches, _, _, err := s.BatchTables()
	if err != nil || len(edgeBatches) == 0 {
		t.Fatalf("edge batches %v, %v", edgeBatches, err)
	}
	broken := bytes.Clone(data)
	broken[edgeBatches[0].Offset+10] = 0xd2 // the first edge's property count, after its marker and gid
	r := verifyBytes(t, broken, VerifyOptions{})
	if len(r.Findings) != 1 || r.Findings[0].Check != "snapshot.corrupt" {
		t.Errorf("an edge record that does not decode: want only snapshot.corrupt, got:\n%s", listFindings(r))
	}
	// vectorValue changes the first vertex value naming index to what
	// change makes of it.
	vectorValue := func(m *format.Snapshot, index string, change func(*format.VectorIndexID)) {
		for i := range m.Vertices {
			for j, p := range m.Vertices[i].Properties {
				if x, ok := p.Value.(format.VectorIndexID); ok && x.Indexes[0] == index {
					change(&x)
					m.Vertices[i].Properties[j].Value = x
					return
				}
			}
		}
		t.Fatalf("no vertex value names %s", index)
	}
	for _, c := range []struct {
		name   string
		damage func(m *format.Snapshot)
		want   []string // check: in its message, the findings in order
	}{
		{"entry component", func(m *format.Snapshot) { entry(m, "vector_index_name").Vector[1] = 2.5 },
			[]string{`snapshot.vector_entry: property embedding: the value's vector and vector index "vector_index_name"'s entry differ (component 1 is 2 in the value, 2.5 in the entry)`}},
		{"edge value component", func(m *format.Snapshot) {
			for i := range m.Edges {
				for j, p := range m.Edges[i].Properties {
					if x, ok := p.Value.(format.VectorIndexID); ok && x.Indexes[0] == "vector_edge_index_name" {
						x.Vector = append([]float64{-1}, x.Vector[1:]...)
						m.Edges[i].Properties[j].Value = x
						return
					}
				}
			}
			t.Fatal("no edge value names vector_edge_index_name")
		}, []string{`snapshot.vector_entry: (edge gid 0) property embedding: the value's vector and vector index "vector_edge_index_name"'s entry differ (component 0 is -1 in the value, 1 in the entry)`}},
		{"entry gid", func(m *format.Snapshot) { entry(m, "vector_index_wildcard").Gid += 1000 },
			[]string{`snapshot.vector_entry: names vector index "vector_index_wildcard", whose entries lack this vertex`,
				`snapshot.vector_entry: the entry of vertex gid`}},
		{"index name in a value", func(m *format.Snapshot) {
			vectorValue(m, "vector_index_name", func(x *format.VectorIndexID) { x.Indexes = []string{"vector_index_nome"} })
		}, []string{`snapshot.vector_index_ref: property embedding names vector index "vector_index_nome", which the file does not define`,
			`snapshot.vector_entry: the entry of vertex gid`}},
	} {
		m := decodeSnap(t, data)
		c.damage(m)
		r := verifyBytes(t, encodeSnap(t, m, nil), VerifyOptions{})
		if len(r.Findings) != len(c.want) {
			t.Errorf("%s: want %d findings, got:\n%s", c.name, len(c.want), listFindings(r))
			continue
		}
		for i, f := range r.Findings {
			check, text, _ := strings.Cut(c.want[i], ": ")
			if f.Severity != SeverityWarning || f.Check != check || !strings.Contains(f.String(), text) {
				t.Errorf("%s: finding %d is %s, want a %s warning with %q", c.name, i, f, check, text)
			}
		}
	}
}
