package storage

import (
	"errors"
	"slices"
	"testing"

	"github.com/durascope/durascope/format"
)

// Each index and constraint kind kept as a sorted list: the words of its
// notices (creating what exists, dropping what does not), the access its
// create and its drop need, and the marker each logs.
func TestSchemaKindCreateDrop(t *testing.T) {
	for _, c := range []struct {
		name                     string
		create, drop             func(tx *Txn) error
		createAccess, dropAccess Access // one the operation accepts
		refused                  Access // one neither accepts
		createOp, dropOp         string
		createMarker             format.Marker
	}{
		{"label", func(tx *Txn) error { return tx.CreateLabelIndex("L") }, func(tx *Txn) error { return tx.DropLabelIndex("L") },
			AccessReadOnly, AccessRead, AccessWrite, "create index on :L", "drop index on :L", format.DeltaLabelIndexCreate},
		{"label+properties", func(tx *Txn) error { return tx.CreateLabelPropertiesIndex("L", [][]string{{"a", "b"}, {"c"}}, false) },
			func(tx *Txn) error { return tx.DropLabelPropertiesIndex("L", [][]string{{"a", "b"}, {"c"}}, false) },
			AccessReadOnly, AccessRead, AccessWrite, "create index on :L[[a b] [c]]", "drop index on :L[[a b] [c]]", format.DeltaLabelPropertiesIndexCreate},
		{"label+properties desc", func(tx *Txn) error { return tx.CreateLabelPropertiesIndex("L", [][]string{{"a"}}, true) },
			func(tx *Txn) error { return tx.DropLabelPropertiesIndex("L", [][]string{{"a"}}, true) },
			AccessReadOnly, AccessRead, AccessWrite, "create index on :L[[a]]", "drop index on :L[[a]]", format.DeltaLabelPropertiesIndexCreate},
		{"edge type", func(tx *Txn) error { return tx.CreateEdgeTypeIndex("T") }, func(tx *Txn) error { return tx.DropEdgeTypeIndex("T") },
			AccessReadOnly, AccessRead, AccessWrite, "create edge index on :T", "drop edge index on :T", format.DeltaEdgeIndexCreate},
		{"edge type+property", func(tx *Txn) error { return tx.CreateEdgeTypePropertyIndex("T", "p") },
			func(tx *Txn) error { return tx.DropEdgeTypePropertyIndex("T", "p") },
			AccessReadOnly, AccessRead, AccessWrite, "create edge index on :T(p)", "drop edge index on :T(p)", format.DeltaEdgePropertyIndexCreate},
		{"global vertex", func(tx *Txn) error { return tx.CreateGlobalVertexPropertyIndex("p") },
			func(tx *Txn) error { return tx.DropGlobalVertexPropertyIndex("p") },
			AccessReadOnly, AccessRead, AccessWrite, "create global vertex index on :(p)", "drop global vertex index on :(p)", format.DeltaGlobalVertexPropertyIndexCreate},
		{"global edge", func(tx *Txn) error { return tx.CreateGlobalEdgePropertyIndex("p") },
			func(tx *Txn) error { return tx.DropGlobalEdgePropertyIndex("p") },
			AccessReadOnly, AccessRead, AccessWrite, "create global edge index on :(p)", "drop global edge index on :(p)", format.DeltaGlobalEdgePropertyIndexCreate},
		{"point", func(tx *Txn) error { return tx.CreatePointIndex("L", "p") }, func(tx *Txn) error { return tx.DropPointIndex("L", "p") },
			AccessUnique, AccessUnique, AccessReadOnly, "create point index on :L(p)", "drop point index on :L(p)", format.DeltaPointIndexCreate},
		{"existence", func(tx *Txn) error { return tx.CreateExistenceConstraint("L", "p") },
			func(tx *Txn) error { return tx.DropExistenceConstraint("L", "p") },
			AccessReadOnly, AccessReadOnly, AccessRead, "create existence constraint on :L(p)", "drop existence constraint on :L(p)", format.DeltaExistenceConstraintCreate},
		{"unique", func(tx *Txn) error { return tx.CreateUniqueConstraint("L", []string{"b", "a"}) },
			func(tx *Txn) error { return tx.DropUniqueConstraint("L", []string{"b", "a"}) },
			AccessReadOnly, AccessReadOnly, AccessRead, "create unique constraint on :L(b, a)", "drop unique constraint on :L(b, a)", format.DeltaUniqueConstraintCreate},
		{"type", func(tx *Txn) error { return tx.CreateTypeConstraint("L", "p", 1) },
			func(tx *Txn) error { return tx.DropTypeConstraint("L", "p", 1) },
			AccessReadOnly, AccessReadOnly, AccessRead, "create type constraint on :L(p)", "drop type constraint on :L(p)", format.DeltaTypeConstraintCreate},
	} {
		s, log := newStore(t, Config{Version: 37})
		notice := func(a Access, fn func(tx *Txn) error, reason string) string {
			t.Helper()
			tx, err := s.BeginSchemaChange(a)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Abort()
			var se *SchemaError
			if err := fn(tx); !errors.As(err, &se) || se.Reason != reason {
				t.Fatalf("%s: got %v, want a SchemaError %q", c.name, err, reason)
			}
			return se.Op
		}
		refused := func(fn func(tx *Txn) error, what string) {
			t.Helper()
			tx, err := s.BeginSchemaChange(c.refused)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Abort()
			var ae *AccessError
			if err := fn(tx); !errors.As(err, &ae) {
				t.Errorf("%s: %s with %s access: got %v, want an AccessError", c.name, what, c.refused, err)
			}
		}
		if op := notice(c.dropAccess, c.drop, ReasonMissing); op != c.dropOp {
			t.Errorf("%s: drop names itself %q, want %q", c.name, op, c.dropOp)
		}
		refused(c.create, "create")
		refused(c.drop, "drop")
		run(t, s, c.createAccess, c.create)
		if m := log.last(t).Metadata[0].Marker; m != c.createMarker {
			t.Errorf("%s: create logged %s, want %s", c.name, m, c.createMarker)
		}
		if op := notice(c.createAccess, c.create, ReasonExists); op != c.createOp {
			t.Errorf("%s: create names itself %q, want %q", c.name, op, c.createOp)
		}
		run(t, s, c.dropAccess, c.drop)
		if m := log.last(t).Metadata[0].Marker; m != c.createMarker+1 {
			t.Errorf("%s: drop logged %s, want %s", c.name, m, c.createMarker+1)
		}
		if n := len(log.all()); n != 2 {
			t.Errorf("%s: %d transactions logged, want 2 (a refused change logs nothing)", c.name, n)
		}
	}
}

// A type constraint is dropped only with its own kind; the store keeps
// the one constraint of the label and property.
func TestDropTypeConstraintOfAnotherKind(t *testing.T) {
	s, _ := newStore(t, Config{Version: 37})
	run(t, s, AccessReadOnly, func(tx *Txn) error { return tx.CreateTypeConstraint("L", "p", 1) })
	tx, err := s.Begin(AccessReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	var se *SchemaError
	if err := tx.DropTypeConstraint("L", "p", 2); !errors.As(err, &se) || se.Reason != ReasonMissing {
		t.Fatalf("dropping kind 2 of a kind 1 constraint: %v", err)
	}
	tx.Abort()
	if got := s.schema.Load().cons.Type; !slices.Equal(got, []format.TypeConstraint{{Label: got[0].Label, Property: got[0].Property, Kind: 1}}) {
		t.Errorf("type constraints %v, want the kind 1 one alone", got)
	}
}
