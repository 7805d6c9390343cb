package storage

import (
	"slices"
	"testing"

	"github.com/durascope/durascope/format"
)

// When a vector index name takes a mapper id, per version: never before
// VECTOR_INDEX_ID values (format 31), when the first vertex enters the
// index or the index is dropped (format 32; v32 test_all), at creation
// from PR #3754's by-id map on (formats 33 and 34 here).
func TestVectorIndexNameRegistration(t *testing.T) {
	type step struct {
		what string
		fn   func(tx *Txn) error
		a    Access
	}
	create := func(name, label string, edge bool) step {
		return step{"create " + name, func(tx *Txn) error {
			return tx.CreateVectorIndex(VectorIndexSpec{Name: name, Edge: edge, Targets: []string{label}, Property: "emb", Dimension: 2, Capacity: 10})
		}, AccessUnique}
	}
	vertex := step{"a :L vertex with emb", func(tx *Txn) error {
		v := must[*Vertex](t)(tx.CreateVertex())
		if _, err := v.AddLabel("L"); err != nil {
			return err
		}
		_, err := v.SetProperty("emb", format.List{format.Double(1), format.Double(2)})
		return err
	}, AccessWrite}
	drop := func(name string) step {
		return step{"drop " + name, func(tx *Txn) error { return tx.DropVectorIndex(name) }, AccessUnique}
	}
	steps := []step{create("vi", "L", false), create("vi_e", "R", true), create("vi_other", "M", false), vertex, drop("vi_other")}
	for _, c := range []struct {
		version format.Version
		// after[i] lists the index names registered after steps[i].
		after [][]string
	}{
		{31, [][]string{{}, {}, {}, {}, {}}},
		{32, [][]string{{}, {}, {}, {"vi"}, {"vi", "vi_other"}}},
		{33, [][]string{{"vi"}, {"vi"}, {"vi", "vi_other"}, {"vi", "vi_other"}, {"vi", "vi_other"}}},
		{34, [][]string{{"vi"}, {"vi", "vi_e"}, {"vi", "vi_e", "vi_other"}, {"vi", "vi_e", "vi_other"}, {"vi", "vi_e", "vi_other"}}},
	} {
		s, _ := newStore(t, Config{Version: c.version, PropertiesOnEdges: true})
		for i, st := range steps {
			run(t, s, st.a, st.fn)
			var got []string
			for _, n := range []string{"vi", "vi_e", "vi_other"} {
				if _, ok := s.LookupName(n); ok {
					got = append(got, n)
				}
			}
			if !slices.Equal(got, c.after[i]) {
				t.Errorf("format %d, after %s: registered %v, want %v", c.version, st.what, got, c.after[i])
			}
		}
	}
}

// The snapshot lists vector indices as the version's map iterates them:
// by (label, property) before the by-id map, in libstdc++'s order of the
// name ids after it, a drop and a re-creation included.
func TestVectorIndexFileOrder(t *testing.T) {
	specs := []VectorIndexSpec{
		{Name: "b", Targets: []string{"L2"}, Property: "p"},
		{Name: "a", Targets: []string{"L1"}, Property: "p"},
		{Name: "c", Targets: []string{"L3"}, Property: "p"},
	}
	for _, c := range []struct {
		version format.Version
		want    []string
	}{
		// Labels L3, L1, L2 are ids 0, 1, 2: by label.
		{31, []string{"c", "a", "b"}},
		// By name id: b 4, a 5, c 6 iterate as 6, 5, 4; a dropped and
		// created again goes to the front (its bucket of 13 is empty).
		{35, []string{"a", "c", "b"}},
	} {
		s, _ := newStore(t, Config{Version: c.version})
		for _, l := range []string{"L3", "L1", "L2"} {
			s.NameToID(l)
		}
		for _, sp := range specs {
			sp.Dimension, sp.Capacity = 2, 10
			run(t, s, AccessUnique, func(tx *Txn) error { return tx.CreateVectorIndex(sp) })
		}
		run(t, s, AccessUnique, func(tx *Txn) error { return tx.DropVectorIndex("a") })
		again := specs[1]
		again.Dimension, again.Capacity = 2, 10
		run(t, s, AccessUnique, func(tx *Txn) error { return tx.CreateVectorIndex(again) })
		v := must[*View](t)(s.View())
		m := must[*format.Snapshot](t)(v.Snapshot())
		v.Close()
		var got []string
		for _, x := range m.EdgeIndices.Vector {
			got = append(got, x.Name)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("format %d: the snapshot lists %v, Memgraph %v", c.version, got, c.want)
		}
	}
}
