package graph

import (
	"fmt"
	"slices"
	"strings"

	"github.com/durascope/durascope/format"
)

// Memgraph rebuilds constraints after all data is loaded and fails recovery
// when the data violates one (durability.cpp, RecoverConstraints).
const (
	MsgExistenceViolated = "The existence constraint failed because it couldn't be validated!"
	MsgUniqueViolated    = "The unique constraint must be created here!"
	MsgTypeViolated      = "Type constraint recovery failed because they couldn't be validated!"
)

// ConstraintError is a constraint the recovered data violates: Message is
// what Memgraph's recovery fails with, Detail which vertex breaks it.
type ConstraintError struct {
	Message string
	Detail  string
}

func (e *ConstraintError) Error() string { return e.Detail + ": " + e.Message }

// CheckConstraints validates the constraints against the data, in
// Memgraph's order: existence, unique, then type constraints.
func (s *Graph) CheckConstraints() *ConstraintError {
	for _, k := range sortedPairs(s.existence) {
		for v := range s.vertices() {
			if v.HasLabel(k[0]) && !v.Props().Has(k[1]) {
				return &ConstraintError{MsgExistenceViolated, fmt.Sprintf("vertex %d (:%s) has no property %s required by an existence constraint",
					v.Gid, s.names.name(k[0]), s.names.name(k[1]))}
			}
		}
	}
	for _, u := range s.sortedUniques() {
		if a, b, dup := s.uniqueViolation(u); dup {
			var props []string
			for _, p := range u.props {
				props = append(props, s.names.name(p))
			}
			return &ConstraintError{MsgUniqueViolated, fmt.Sprintf("vertices %d and %d (:%s) have equal %s, which a unique constraint forbids",
				a, b, s.names.name(u.label), strings.Join(props, ", "))}
		}
	}
	keys := make([][2]int, 0, len(s.typeConstraint))
	for k := range s.typeConstraint {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, comparePair)
	for _, k := range keys {
		kind := s.typeConstraint[k]
		for v := range s.vertices() {
			if !v.HasLabel(k[0]) {
				continue
			}
			has, ok, present := v.Props().constraintKind(k[1])
			if !present {
				continue
			}
			if kind < uint64(len(format.TypeConstraintKinds)) && (!ok || has != kind) {
				val, _ := v.Props().Get(k[1])
				return &ConstraintError{MsgTypeViolated, fmt.Sprintf("vertex %d (:%s) has a %s property %s, not %s as a type constraint requires",
					v.Gid, s.names.name(k[0]), format.ValueTypeName(val), s.names.name(k[1]), ConstraintKindName(kind))}
			}
		}
	}
	return nil
}

// uniqueViolation finds two vertices (gids, in gid order) that u's label
// and equal values of all u's properties put in conflict; vertices lacking
// one of the properties are not constrained. Tuples are bucketed by
// HashValue and compared with ValuesEqual, as verify compares them. A
// bucket keeps vertex slots, not values: values are decoded again only to
// compare tuples of one hash.
func (s *Graph) uniqueViolation(u uniqueConstraint) (first, second uint64, dup bool) {
	seen := map[uint64]uint32{}      // hash -> the first vertex with it
	var more map[uint64][]uint32     // hash -> the later ones, unequal to every earlier one
	var mine, theirs [4]format.Value // tuples, decoded
	for _, slot := range s.vix.all() {
		v := s.vs.at(slot)
		if !v.HasLabel(u.label) {
			continue
		}
		t, ok := u.tuple(v, mine[:0])
		if !ok {
			continue
		}
		var h uint64
		for _, val := range t {
			h = Mix64(h ^ HashValue(val))
		}
		o, taken := seen[h]
		if !taken {
			seen[h] = slot
			continue
		}
		for _, o := range append([]uint32{o}, more[h]...) {
			w := s.vs.at(o)
			if ot, _ := u.tuple(w, theirs[:0]); slices.EqualFunc(ot, t, ValuesEqual) {
				return w.Gid, v.Gid, true
			}
		}
		if more == nil {
			more = map[uint64][]uint32{}
		}
		more[h] = append(more[h], slot)
	}
	return 0, 0, false
}

// tuple appends to dst the values of u's properties on v; false when v
// lacks one.
func (u uniqueConstraint) tuple(v *Vertex, dst []format.Value) ([]format.Value, bool) {
	for _, p := range u.props {
		val, ok := v.Props().Get(p)
		if !ok {
			return nil, false
		}
		dst = append(dst, val)
	}
	return dst, true
}
