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
// Memgraph's order: existence, unique, then type constraints, each over
// the vertices in gid order; the first violation in that order fails. The
// vertices are read once, each against the constraints of its labels,
// keeping each constraint's first violation.
func (s *Graph) CheckConstraints() *ConstraintError {
	var checks []*constraintCheck
	for _, k := range sortedPairs(s.existence) {
		checks = append(checks, &constraintCheck{label: k[0], prop: k[1], kind: existenceCheck})
	}
	for _, u := range s.sortedUniques() {
		checks = append(checks, &constraintCheck{label: u.label, kind: uniqueCheck, unique: u})
	}
	keys := make([][2]int, 0, len(s.typeConstraint))
	for k := range s.typeConstraint {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, comparePair)
	for _, k := range keys {
		checks = append(checks, &constraintCheck{label: k[0], prop: k[1], kind: typeCheck, typeKind: s.typeConstraint[k]})
	}
	if len(checks) == 0 {
		return nil
	}
	byLabel := make([]labelChecks, s.NameCount()) // label ids are name ids
	constrained := newLabelSet(len(byLabel))      // the labels with a check
	for _, c := range checks {
		byLabel[c.label].add(c)
		constrained.all[c.label] = true
	}
	most := 0 // properties a label's checks read, at most
	for i := range byLabel {
		byLabel[i].index()
		most = max(most, len(byLabel[i].props))
	}
	at := make([]int, most)
	failing := len(checks) // checks[failing:] are those that can still fail first
	var labels [8]int
	p := progress{total: s.vix.n}
	// check checks the vertex in slot, one with a label that has a check;
	// true once nothing can come before the violation found. The record is
	// read once per label for the values all its checks read.
	check := func(slot uint32) bool {
		v := s.vs.at(slot)
		rec := s.recs.str(v.rec)
		ls, end := readLabels(rec, labels[:0])
		props := Props{rec[end:]}
		for i, l := range ls {
			if l >= len(byLabel) || !constrained.all[l] || slices.Contains(ls[:i], l) { // a label twice is one label
				continue
			}
			lc := &byLabel[l]
			props.values(lc.props, at)
			for _, c := range lc.checks {
				if c.err == nil && c.check(s, v, slot, p, props, at) {
					failing = min(failing, slices.Index(checks, c))
				}
			}
		}
		return failing == 0 // nothing comes before the first constraint's first violation
	}
	// The vertices in gid order, as gidIndex.all yields them, written out
	// so that most are skipped inline: no label with a check. (Ranging
	// over all instead cost plan 1 % more instructions: 12 M of 1,108 M.)
	done := false
	for _, x := range s.vix.dense {
		if x == 0 {
			continue
		}
		p.done++
		// hasAnyLabel, written out: it does not inline.
		rec := s.recs.str(s.vs.at(x - 1).rec)
		if l, ok := oneSmallLabel(rec); ok && !constrained.small[l&0x7f] || !ok && !hasAnyLabelSlow(rec, constrained.all) {
			continue
		}
		if check(x - 1) {
			done = true
			break
		}
	}
	if !done {
		for _, g := range s.vix.sparseGids() {
			slot := s.vix.sparse[g]
			p.done++
			if hasAnyLabel(s.recs.str(s.vs.at(slot).rec), constrained) && check(slot) {
				break
			}
		}
	}
	// The unique checks' tuples, gathered as the vertices were read, are
	// checked now (firstDuplicate).
	for i, c := range checks[:failing] {
		if c.kind == uniqueCheck && c.firstDuplicate(s) {
			failing = i
			break
		}
	}
	if failing < len(checks) {
		return checks[failing].err
	}
	return nil
}

// labelSet is a set of label ids, the ids below 0x80 also in an array:
// the usual record's one label, a one-byte id, is looked up without a
// bounds check.
type labelSet struct {
	small *[0x80]bool
	all   []bool // by label id
}

func newLabelSet(n int) labelSet {
	all := make([]bool, max(n, 0x80))
	return labelSet{small: (*[0x80]bool)(all), all: all}
}

// oneSmallLabel is the label of vertex record rec when it has one label,
// of a one-byte id, as most have: a test that inlines.
func oneSmallLabel(rec string) (byte, bool) {
	if len(rec) >= 2 && rec[0] == 1 && rec[1] < 0x80 {
		return rec[1], true
	}
	return 0, false
}

// hasAnyLabel reports whether vertex record rec has a label in labels.
func hasAnyLabel(rec string, labels labelSet) bool {
	if l, ok := oneSmallLabel(rec); ok {
		return labels.small[l&0x7f]
	}
	return hasAnyLabelSlow(rec, labels.all)
}

func hasAnyLabelSlow(rec string, labels []bool) bool {
	for l := range recordLabels(rec) {
		if l < uint64(len(labels)) && labels[l] {
			return true
		}
	}
	return false
}

// labelChecks are the checks of one label and the properties they read.
type labelChecks struct {
	checks []*constraintCheck
	props  []int // ascending, each once
}

func (lc *labelChecks) add(c *constraintCheck) {
	lc.checks = append(lc.checks, c)
	if c.kind == uniqueCheck {
		lc.props = append(lc.props, c.unique.props...)
	} else {
		lc.props = append(lc.props, c.prop)
	}
}

// index sorts the properties and gives each check the places of its own
// among them.
func (lc *labelChecks) index() {
	slices.Sort(lc.props)
	lc.props = slices.Compact(lc.props)
	place := func(id int) int { k, _ := slices.BinarySearch(lc.props, id); return k }
	for _, c := range lc.checks {
		if c.kind == uniqueCheck {
			c.at = make([]int, len(c.unique.props))
			for i, id := range c.unique.props {
				c.at[i] = place(id)
			}
		} else {
			c.at = []int{place(c.prop)}
		}
	}
}

// constraintCheck is one constraint being checked vertex by vertex.
type constraintCheck struct {
	label, prop int
	kind        int
	typeKind    uint64           // a type constraint's kind
	unique      uniqueConstraint // a unique constraint
	// at are the places of the properties it reads (prop, or the unique
	// constraint's) among those of its label's checks (labelChecks.props).
	at []int
	// The unique check's tuples, in gid order.
	tuples []tupleHash
	err    *ConstraintError // the first violation
}

const (
	existenceCheck = iota
	uniqueCheck
	typeCheck
)

// progress is how many of the vertices the check has read.
type progress struct{ done, total int }

// check checks v, in slot, which has the constraint's label; true when v
// violates it (c.err says how). props are v's properties, and vals where
// the values of its label's checks' properties are in them (-1: not set).
func (c *constraintCheck) check(s *Graph, v *Vertex, slot uint32, p progress, props Props, vals []int) bool {
	switch c.kind {
	case existenceCheck:
		if vals[c.at[0]] < 0 {
			c.err = &ConstraintError{MsgExistenceViolated, fmt.Sprintf("vertex %d (:%s) has no property %s required by an existence constraint",
				v.Gid, s.names.name(c.label), s.names.name(c.prop))}
		}
	case uniqueCheck:
		c.addTuple(slot, p, props, vals)
	case typeCheck:
		i := vals[c.at[0]]
		if i < 0 {
			break
		}
		if has, ok := props.constraintKindAt(i); c.typeKind < uint64(len(format.TypeConstraintKinds)) && (!ok || has != c.typeKind) {
			val, _ := props.Get(c.prop)
			c.err = &ConstraintError{MsgTypeViolated, fmt.Sprintf("vertex %d (:%s) has a %s property %s, not %s as a type constraint requires",
				v.Gid, s.names.name(c.label), format.ValueTypeName(val), s.names.name(c.prop), ConstraintKindName(c.typeKind))}
		}
	}
	return c.err != nil
}

// addTuple adds the tuple of the vertex in slot, whose properties are
// props (vals where the values of its label's checks are in them), to the
// unique check's, hashed from the record: each value's HashValue without
// decoding it. A vertex lacking one of the properties is not constrained.
func (c *constraintCheck) addTuple(slot uint32, p progress, props Props, vals []int) {
	var h uint64
	for _, k := range c.at {
		i := vals[k]
		if i < 0 {
			return
		}
		vh, _ := hashValueAt(props.s, i)
		h = Mix64(h ^ vh)
	}
	if len(c.tuples) == cap(c.tuples) {
		// As many tuples as the vertices read so far promise in all, not
		// one doubling after another.
		c.tuples = slices.Grow(c.tuples, max(len(c.tuples)*p.total/p.done-len(c.tuples), 1024))
	}
	c.tuples = append(c.tuples, tupleHash{uint32(h), uint32(h >> 32), slot})
}

// tupleHash is a unique check's tuple: its hash and its vertex's slot.
type tupleHash struct{ lo, hi, slot uint32 }

// uniqueBucket is how many tuples firstDuplicate checks with one table at
// most: one that stays in the cache, where a table of all the tuples of a
// large graph missed it on nearly every put.
const uniqueBucket = 2048

// firstDuplicate finds the first vertex, in gid order, whose values of all
// the unique constraint's properties equal an earlier vertex's, and sets
// c.err naming the earliest such vertex; false when there is none. Tuples
// are bucketed by HashValue and compared with ValuesEqual, as verify
// compares them: values are decoded only for a hash met before. Equal
// tuples hash alike, so the tuples are split by their hashes' top bits
// into parts checked one after the other, each in gid order.
func (c *constraintCheck) firstDuplicate(s *Graph) bool {
	tuples, parts := c.tuples, []int{0, len(c.tuples)}
	bits := 0
	for len(tuples)>>bits > uniqueBucket {
		bits++
	}
	if bits > 0 {
		tuples, parts = partitionByTopBits(tuples, bits)
	}
	var seen firstByHash
	more := map[uint64][]uint32{} // the later vertices of a hash, unequal to every earlier one
	var first, dup *Vertex
	var mine, theirs [4]format.Value
	for k := range len(parts) - 1 {
		part := tuples[parts[k]:parts[k+1]]
		seen.reset(len(part))
	part:
		for _, t := range part {
			h := uint64(t.lo) | uint64(t.hi)<<32
			o, taken := seen.putFirst(h, t.slot)
			if !taken {
				continue
			}
			v := s.vs.at(t.slot)
			tv, _ := c.unique.tuple(s, v, mine[:0])
			for _, o := range append([]uint32{o}, more[h]...) {
				w := s.vs.at(o)
				if tw, _ := c.unique.tuple(s, w, theirs[:0]); slices.EqualFunc(tw, tv, ValuesEqual) {
					if dup == nil || v.Gid < dup.Gid {
						first, dup = w, v
					}
					break part // the part's later tuples come later
				}
			}
			more[h] = append(more[h], t.slot)
		}
	}
	if dup == nil {
		return false
	}
	var props []string
	for _, p := range c.unique.props {
		props = append(props, s.names.name(p))
	}
	c.err = &ConstraintError{MsgUniqueViolated, fmt.Sprintf("vertices %d and %d (:%s) have equal %s, which a unique constraint forbids",
		first.Gid, dup.Gid, s.names.name(c.label), strings.Join(props, ", "))}
	return true
}

// partitionByTopBits orders tuples by the top bits of their hashes, in
// order within each part, and gives where the parts start (and the end).
func partitionByTopBits(tuples []tupleHash, bits int) ([]tupleHash, []int) {
	shift := 32 - bits
	parts := make([]int, 1<<bits+1)
	for _, t := range tuples {
		parts[t.hi>>shift+1]++
	}
	for b := 1; b < len(parts); b++ {
		parts[b] += parts[b-1]
	}
	next := slices.Clone(parts[:len(parts)-1])
	out := make([]tupleHash, len(tuples))
	for _, t := range tuples {
		b := t.hi >> shift
		out[next[b]] = t
		next[b]++
	}
	return out, parts
}

// tuple appends to dst the values of u's properties on v; false when v
// lacks one.
func (u uniqueConstraint) tuple(s *Graph, v *Vertex, dst []format.Value) ([]format.Value, bool) {
	for _, p := range u.props {
		val, ok := v.Props(s).Get(p)
		if !ok {
			return nil, false
		}
		dst = append(dst, val)
	}
	return dst, true
}

// firstByHash maps hashes to the first vertex slot put with each: open
// addressing on the hash's own bits (HashValue mixes them), cheaper than
// a map for the hundreds of thousands of tuples of a unique constraint.
type firstByHash struct {
	places []hashPlace
	n      int
}

// hashPlace is a hash and its first slot, side by side: a put reads one
// place in memory, not one in each of two tables.
type hashPlace struct {
	lo, hi uint32 // the hash
	slot   uint32 // slot + 1; 0 marks an empty place
}

func (t *firstByHash) full() bool { return 2*(t.n+1) > len(t.places) }

// reset empties the table, with room for n hashes.
func (t *firstByHash) reset(n int) {
	if 2*n+2 > len(t.places) {
		t.places = nil
		t.grow(n)
		return
	}
	clear(t.places)
	t.n = 0
}

// putFirst returns the slot put with h before, or puts slot with it.
func (t *firstByHash) putFirst(h uint64, slot uint32) (first uint32, taken bool) {
	if t.full() {
		t.grow(0)
	}
	mask := uint64(len(t.places) - 1)
	lo, hi := uint32(h), uint32(h>>32)
	for i := h & mask; ; i = (i + 1) & mask {
		p := &t.places[i]
		switch {
		case p.slot == 0:
			*p = hashPlace{lo, hi, slot + 1}
			t.n++
			return 0, false
		case p.lo == lo && p.hi == hi:
			return p.slot - 1, true
		}
	}
}

// grow at least doubles the table, to room for expect hashes if more.
func (t *firstByHash) grow(expect int) {
	old := t.places
	size := max(64, 2*len(t.places))
	for size < 2*expect+2 {
		size *= 2
	}
	t.places, t.n = makeHuge[hashPlace](size, size), 0
	for _, p := range old {
		if p.slot != 0 {
			t.putFirst(uint64(p.lo)|uint64(p.hi)<<32, p.slot-1)
		}
	}
}
