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
	for _, v := range []string{"v32", "v34", "v35", "v36", "v37"} {
		p := filepath.Join(root, v, "test_all", "snapshot.bin")
		if r := verifyPath(t, p, VerifyOptions{}); len(r.Findings) != 0 {
			t.Errorf("%s: findings:\n%s", p, listFindings(r))
		}
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
	for _, c := range []struct {
		name   string
		damage func(m *format.Snapshot)
		want   []string // in the findings' messages, in order
	}{
		{"entry component", func(m *format.Snapshot) { entry(m, "vector_index_name").Vector[1] = 2.5 },
			[]string{`property embedding: the value's vector and vector index "vector_index_name"'s entry differ (component 1 is 2 in the value, 2.5 in the entry)`}},
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
		}, []string{`the value's vector and vector index "vector_edge_index_name"'s entry differ (component 0 is -1 in the value, 1 in the entry)`}},
		{"entry gid", func(m *format.Snapshot) { entry(m, "vector_index_wildcard").Gid += 1000 },
			[]string{`names vector index "vector_index_wildcard", whose entries lack this vertex`,
				`named by no vector-index-id value of that vertex (wild_embedding)`}},
	} {
		m := decodeSnap(t, data)
		c.damage(m)
		r := verifyBytes(t, encodeSnap(t, m, nil), VerifyOptions{})
		got := findingsOf(r, "snapshot.vector_entry")
		if len(got) != len(c.want) || len(got) != len(r.Findings) {
			t.Errorf("%s: want %d vector_entry findings, got:\n%s", c.name, len(c.want), listFindings(r))
			continue
		}
		for i, f := range got {
			if f.Severity != SeverityWarning || !strings.Contains(f.Message, c.want[i]) {
				t.Errorf("%s: finding %d is %s, want a warning with %q", c.name, i, f, c.want[i])
			}
		}
	}
}
