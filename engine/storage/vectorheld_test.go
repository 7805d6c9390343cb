package storage

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/durascope/durascope/format"
)

// Memgraph keeps an indexed vertex vector in the index (vector_index.cpp):
// from format 32 on, whatever brings a vertex under an index rounds its
// value to the index's scalar kind through float32, and nothing gives the
// written value back: reads, a dropped index and a removed label all see
// the rounded copy, as a list of doubles. The
// expected values are IEEE binary16 and binary32 roundings worked by hand.
func TestVectorHeldAsTheIndexKeepsIt(t *testing.T) {
	written := format.List{format.Double(0.1), format.Int(3)}
	f16 := format.List{format.Double(0.0999755859375), format.Double(3)}
	f32 := format.List{format.Double(0.10000000149011612), format.Double(3)}

	// vertexWith makes vertex gid 0 with the labels, p written.
	vertexWith := func(t *testing.T, s *Storage, labels ...string) {
		run(t, s, AccessWrite, func(tx *Txn) error {
			v := must[*Vertex](t)(tx.CreateVertex())
			for _, l := range labels {
				if _, err := v.AddLabel(l); err != nil {
					return err
				}
			}
			_, err := v.SetProperty("p", written)
			return err
		})
	}
	read := func(t *testing.T, s *Storage) format.Value {
		t.Helper()
		tx := must[*Txn](t)(s.Begin(AccessRead))
		defer tx.Abort()
		v, ok := tx.FindVertex(0, ViewOld)
		if !ok {
			t.Fatal("vertex 0 is gone")
		}
		return must[format.Value](t)(v.Property("p", ViewOld))
	}
	schema := func(t *testing.T, s *Storage, fn func(tx *Txn) error) {
		t.Helper()
		run(t, s, AccessUnique, fn)
	}
	createOfKind := func(kind uint64) func(tx *Txn) error {
		return func(tx *Txn) error {
			return tx.CreateVectorIndex(VectorIndexSpec{Name: "vi", Targets: []string{"L"}, Property: "p", Dimension: 2, Capacity: 10, ScalarKind: kind})
		}
	}
	createF16 := createOfKind(12)
	dropF16 := func(tx *Txn) error { return tx.DropVectorIndex("vi") }

	for _, c := range []struct {
		name    string
		version format.Version
		steps   func(t *testing.T, s *Storage)
		want    format.Value
	}{
		{"an index created over the value, read", 37, func(t *testing.T, s *Storage) {
			vertexWith(t, s, "L")
			schema(t, s, createF16)
		}, f16},
		{"an index created over the value, then dropped", 37, func(t *testing.T, s *Storage) {
			vertexWith(t, s, "L")
			schema(t, s, createF16)
			schema(t, s, dropF16)
		}, f16},
		{"the value set under the index, the label removed", 37, func(t *testing.T, s *Storage) {
			schema(t, s, createF16)
			vertexWith(t, s, "L")
			run(t, s, AccessWrite, func(tx *Txn) error {
				v, _ := tx.FindVertex(0, ViewNew)
				_, err := v.RemoveLabel("L")
				return err
			})
		}, f16},
		// Memgraph's abort leaves the rounded copy, which nothing logs, so
		// its own WAL replay disagrees; durascope takes the rounding back.
		{"the label added in a transaction that aborts", 37, func(t *testing.T, s *Storage) {
			schema(t, s, createF16)
			vertexWith(t, s)
			tx := must[*Txn](t)(s.Begin(AccessWrite))
			v, _ := tx.FindVertex(0, ViewNew)
			must[bool](t)(v.AddLabel("L"))
			if got := must[format.Value](t)(v.Property("p", ViewNew)); !cmp.Equal(got, f16) {
				t.Errorf("inside the transaction p reads %v, want the f16 copy", got)
			}
			tx.Abort()
		}, written},
		{"the default scalar kind", 37, func(t *testing.T, s *Storage) {
			schema(t, s, createOfKind(0))
			vertexWith(t, s, "L")
		}, f32},
		{"f64 passes through float32 too", 37, func(t *testing.T, s *Storage) {
			schema(t, s, createOfKind(10))
			vertexWith(t, s, "L")
		}, f32},
		{"a vertex outside the index keeps its value", 37, func(t *testing.T, s *Storage) {
			schema(t, s, createF16)
			vertexWith(t, s, "M")
		}, written},
		{"before format 32 the property store keeps the value", 31, func(t *testing.T, s *Storage) {
			vertexWith(t, s, "L")
			schema(t, s, createF16)
			schema(t, s, dropF16)
		}, written},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, _ := newStore(t, Config{Version: c.version})
			c.steps(t, s)
			if diff := cmp.Diff(c.want, read(t, s)); diff != "" {
				t.Errorf("p (-Memgraph +store):\n%s", diff)
			}
		})
	}
}

// Memgraph refuses a vector index when a vertex it would take in holds no
// vector of its dimension, and then no vertex is changed; an empty list
// is left out of the index, not refused.
func TestVectorIndexRefusesMisfits(t *testing.T) {
	s, _ := newStore(t, Config{Version: 37})
	values := []format.Value{format.List{format.Double(0.1), format.Double(0.2)}, format.List{}, format.List{format.Int(1)}}
	run(t, s, AccessWrite, func(tx *Txn) error {
		for _, val := range values {
			v := must[*Vertex](t)(tx.CreateVertex())
			must[bool](t)(v.AddLabel("L"))
			if _, err := v.SetProperty("p", val); err != nil {
				return err
			}
		}
		return nil
	})
	tx := must[*Txn](t)(s.Begin(AccessUnique))
	err := tx.CreateVectorIndex(VectorIndexSpec{Name: "vi", Targets: []string{"L"}, Property: "p", Dimension: 2, Capacity: 10, ScalarKind: 12})
	tx.Abort()
	var se *SchemaError
	if !errors.As(err, &se) || se.Reason != "vertex 2: vector index vi has dimension 2, the list has 1 elements" {
		t.Fatalf("creating the index: %v, want a refusal naming vertex 2", err)
	}
	rd := must[*Txn](t)(s.Begin(AccessRead))
	defer rd.Abort()
	for gid, want := range values {
		v, _ := rd.FindVertex(uint64(gid), ViewOld)
		if diff := cmp.Diff(want, must[format.Value](t)(v.Property("p", ViewOld))); diff != "" {
			t.Errorf("vertex %d changed by the refused index:\n%s", gid, diff)
		}
	}
}

// Memgraph's property store keeps a tag for a vector its index holds,
// and a tag equals no value written: rewriting the same vector under an
// index is never skipped as identical (SET n += by default, SET with
// --storage-delta-on-identical-property-update off), outside one it is.
func TestVectorUnderIndexNeverIdentical(t *testing.T) {
	vec := format.List{format.Double(1), format.Double(2)} // float32-exact: the held copy equals it
	for _, c := range []struct {
		name  string
		label string
		skip  bool // Config.SkipIdenticalPropertyUpdates
		write func(v *Vertex) error
		want  int // SET_PROPERTY frames the rewrite commits
	}{
		{"SET += under the index", "L", false, func(v *Vertex) error { return v.UpdateProperties([]Prop{{Name: "p", Value: vec}}) }, 1},
		{"SET += outside it", "M", false, func(v *Vertex) error { return v.UpdateProperties([]Prop{{Name: "p", Value: vec}}) }, 0},
		{"SET, identical writes skipped, under the index", "L", true, func(v *Vertex) error { _, err := v.SetProperty("p", vec); return err }, 1},
		{"SET, identical writes skipped, outside it", "M", true, func(v *Vertex) error { _, err := v.SetProperty("p", vec); return err }, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, log := newStore(t, Config{Version: 37, SkipIdenticalPropertyUpdates: c.skip})
			run(t, s, AccessUnique, func(tx *Txn) error {
				return tx.CreateVectorIndex(VectorIndexSpec{Name: "vi", Targets: []string{"L"}, Property: "p", Dimension: 2, Capacity: 10})
			})
			run(t, s, AccessWrite, func(tx *Txn) error {
				v := must[*Vertex](t)(tx.CreateVertex())
				must[bool](t)(v.AddLabel(c.label))
				_, err := v.SetProperty("p", vec)
				return err
			})
			before := len(log.all())
			run(t, s, AccessWrite, func(tx *Txn) error {
				v, _ := tx.FindVertex(0, ViewNew)
				return c.write(v)
			})
			got := 0
			for _, tx := range log.all()[before:] {
				for _, f := range tx.Data {
					if f.Marker == format.DeltaVertexSetProperty {
						got++
					}
				}
			}
			if got != c.want {
				t.Errorf("the rewrite committed %d SET_PROPERTY frames, Memgraph %d", got, c.want)
			}
		})
	}
}
