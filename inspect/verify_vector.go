package inspect

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
)

// A snapshot holds an indexed vector twice: in the object's vector-index-id
// value (its index names and the vector as the first index keeps it) and in
// each named index's entry list (VectorIndexID vertices, VectorEdgeEntries
// edges). Snapshots have no checksum; this redundancy is how damage to
// either copy shows. Memgraph's vector indices are not versioned, so a
// write that ran while the snapshot was written can leave the two apart
// too: a warning, not an error.
//
//	snapshot.vector_entry  warning: a vector-index-id value and the entries of an index it names
//	                       disagree: no entry for the object, another vector in the first index's
//	                       entry, or an entry that no value names
//
// Memory does not grow with the entries' dimension, nor, unless the copies
// disagree, with the entries (TestVerifyVectorMemory). The first pass
// streams the entries (decode's EdgeIndicesWith) and sums, per index, a
// multiset hash of (index, gid, the vector's bits) and one of (index,
// gid); the record checks sum the same from each value for each index it
// names whose entries the version carries (vectorAcc, in snapAcc): with
// the vector for the first index, whose copy the value keeps, and for a
// later index of the same scalar kind, whose copy is the same; by gid
// alone for a later index of another scalar kind, whose copy keeps its
// own rounding and is not compared. Only when an index's sums disagree,
// or cannot tell (values name it both ways, or a record names it twice),
// does a second pass (vectorSecondPass) name the culprits: it holds 24
// bytes per entry of those indices (gid, offset, the vector's hash) and a
// bit for whether a value named it, reads the records' vector-index-id
// values again, and reads an entry's vector again only to say how it
// differs. Its findings, their order and the per-check limit are those of
// a check holding every entry.
//
// A gid an index lists twice, named twice with the same vector, sums as a
// clean pair, but is not one: no value names the second entry. Vertex
// gids ascend through the file, so only one record can name a vertex gid
// twice, which the first pass sees; an edge gid, two edge records of that
// gid, which the edge checks report (edge_duplicate, unless the out-lists
// name the edge twice too). Those, with the entry listed twice, are what
// the sums miss (Memgraph's index holds an object once).

// vectorSlots is how many sums vectorAcc keeps: the indices with entries
// share them round robin. Indices sharing one are located together when
// either disagrees, or when one is named with vectors and one without.
const vectorSlots = 16

// vectorIndexCheck is one vector index of the file.
type vectorIndexCheck struct {
	index   format.VectorIndex // without its entries
	kind    string             // of the objects it holds, as recRef names them
	carried bool               // the version carries its entries
	seed    uint64             // sets its hashes apart from another index's
	slot    int                // its values' sums in vectorAcc
	sums    vectorEntrySums    // of its entries
	// The second pass's, for an index it locates (located): its entries
	// by (gid, offset), and bit p set when a value named table[p].
	located bool
	table   []vectorEntryRef
	matched []uint64
}

// vectorEntrySums are the multiset hashes of an index's entries.
type vectorEntrySums struct {
	withVector uint64 // of vectorHash(seed, gid, the vector)
	gidOnly    uint64 // of vectorGidHash(seed, gid)
	n          int    // entries
}

// vectorEntryRef is an entry in the second pass's table.
type vectorEntryRef struct {
	gid, vector uint64 // vector: vectorHasher's sum of its components
	off         int64
}

// vectorAcc is what the records' vector-index-id values add up to.
type vectorAcc struct {
	// values counts the values checked, of edges and of vertices: the
	// second pass reads as many, so it stops where the first stopped.
	values [2]uint64
	slots  [vectorSlots]vectorValueSums
}

// vectorValueSums are the values' multiset hashes for the indices of one slot.
type vectorValueSums struct {
	withVector, gidOnly uint64
	folds               uint8 // foldedWithVector, foldedGidOnly, foldedTwice
}

const (
	foldedWithVector = 1 << iota
	foldedGidOnly
	foldedTwice // a record named an index twice
)

// vectorRecord is what a record check keeps of the record whose values it
// is checking: the indices its values named so far. (A later record of the
// same gid counts as the same: a gid named twice all the same.)
type vectorRecord struct {
	rec   recRef
	named []*vectorIndexCheck
}

func (a *vectorAcc) add(b *vectorAcc) {
	a.values[0] += b.values[0]
	a.values[1] += b.values[1]
	for i := range a.slots {
		s, t := &a.slots[i], &b.slots[i]
		s.withVector += t.withVector
		s.gidOnly += t.gidOnly
		s.folds |= t.folds
	}
}

// kindIndex is where vectorAcc.values counts a record of kind.
func kindIndex(kind string) int {
	if kind == "edge" {
		return 0
	}
	return 1
}

// vectorHasher hashes a vector's components bit for bit and in order,
// piece by piece: four lanes, so that a long vector costs about a cycle a
// component. The rotation carries high bits down, which the multiply only
// carries up (a sign flipped in two components would cancel without it).
type vectorHasher struct {
	lanes [4]uint64
	n     uint64
}

func newVectorHasher() vectorHasher {
	return vectorHasher{lanes: [4]uint64{0x243f6a8885a308d3, 0x13198a2e03707344, 0xa4093822299f31d0, 0x082efa98ec4e6c89}}
}

const vectorMul = 0x9e3779b97f4a7c15

func (h *vectorHasher) add(xs []float64) {
	for len(xs) > 0 && h.n%4 != 0 { // back in step after a piece whose length is not a multiple of 4
		l := &h.lanes[h.n%4]
		*l = bits.RotateLeft64((*l^math.Float64bits(xs[0]))*vectorMul, 29)
		xs, h.n = xs[1:], h.n+1
	}
	a, b, c, d := h.lanes[0], h.lanes[1], h.lanes[2], h.lanes[3]
	i := 0
	for ; i+4 <= len(xs); i += 4 {
		a = bits.RotateLeft64((a^math.Float64bits(xs[i]))*vectorMul, 29)
		b = bits.RotateLeft64((b^math.Float64bits(xs[i+1]))*vectorMul, 29)
		c = bits.RotateLeft64((c^math.Float64bits(xs[i+2]))*vectorMul, 29)
		d = bits.RotateLeft64((d^math.Float64bits(xs[i+3]))*vectorMul, 29)
	}
	h.lanes = [4]uint64{a, b, c, d}
	h.n += uint64(i)
	for _, x := range xs[i:] {
		l := &h.lanes[h.n%4]
		*l = bits.RotateLeft64((*l^math.Float64bits(x))*vectorMul, 29)
		h.n++
	}
}

func (h *vectorHasher) sum() uint64 {
	l := &h.lanes
	return graph.Mix64(l[0] + graph.Mix64(l[1]+graph.Mix64(l[2]+graph.Mix64(l[3]^h.n))))
}

// hashVector is vectorHasher's sum of a whole vector.
func hashVector(xs []float64) uint64 {
	h := newVectorHasher()
	h.add(xs)
	return h.sum()
}

// vectorWalk is the decode.VectorEntrySink of the verifier's walks over
// the entries: each is called with every entry and, when hash is set, the
// hash of its vector.
type vectorWalk struct {
	each func(edge bool, i int, j uint64, off int64, gid, vector uint64)
	hash bool

	edge    bool
	i       int
	j       uint64
	off     int64
	gid     uint64
	h       vectorHasher
	pending bool // an entry read, not yet handed to each
}

func (w *vectorWalk) Entries(_ *format.VectorIndex, edge bool, i int, _ uint64) {
	w.flush()
	w.edge, w.i = edge, i
}

func (w *vectorWalk) Entry(j uint64, off int64, gid uint64) {
	w.flush()
	w.j, w.off, w.gid, w.pending = j, off, gid, true
	if w.hash {
		w.h = newVectorHasher()
	}
}

func (w *vectorWalk) Components(xs []float64) {
	if w.hash {
		w.h.add(xs)
	}
}

// flush hands the entry read to each, once its components are all in.
func (w *vectorWalk) flush() {
	if !w.pending {
		return
	}
	w.pending = false
	var vector uint64
	if w.hash {
		vector = w.h.sum()
	}
	w.each(w.edge, w.i, w.j, w.off, w.gid, vector)
}

// walkVectorEntries reads the edge-indices section, handing every entry to
// each; the section's other contents are returned.
func (v *snapVerifier) walkVectorEntries(hash bool, each func(edge bool, i int, j uint64, off int64, gid, vector uint64)) (format.EdgeIndices, error) {
	w := &vectorWalk{each: each, hash: hash}
	ei, err := v.s.EdgeIndicesWith(w)
	if err == nil {
		w.flush()
	}
	return ei, err
}

// vectorSections reads the edge-indices section: its indices, and the sums
// of their entries (registered by vectorTables).
func (v *snapVerifier) vectorSections() (format.EdgeIndices, [2][]vectorEntrySums, error) {
	var sums [2][]vectorEntrySums // vertex, edge indices
	ei, err := v.walkVectorEntries(true, func(edge bool, i int, _ uint64, _ int64, gid, vector uint64) {
		list := &sums[b2i(edge)]
		for len(*list) <= i {
			*list = append(*list, vectorEntrySums{})
		}
		seed := vectorSeed(edge, i)
		s := &(*list)[i]
		s.withVector += vectorHash(seed, gid, vector)
		s.gidOnly += vectorGidHash(seed, gid)
		s.n++
	})
	return ei, sums, err
}

// vectorPlace is index i of the vertex (or edge) indices, nil for a name
// repeated (or an index the first read did not find: the file changed).
func (v *snapVerifier) vectorPlace(edge bool, i int) *vectorIndexCheck {
	if places := v.vectorPlaces[b2i(edge)]; i < len(places) {
		return places[i]
	}
	return nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// vectorTables registers the file's vector indices (vectorIndices,
// vectorOrder, vectorPlaces) with the sums of their entries.
func (v *snapVerifier) vectorTables(ei *format.EdgeIndices, sums [2][]vectorEntrySums) {
	v.vectorIndices = map[string]*vectorIndexCheck{}
	slot := 0
	for list, xs := range [2][]format.VectorIndex{ei.Vector, ei.VectorEdge} {
		edge := list == 1
		kind := "vertex"
		if edge {
			kind = "edge"
		}
		carried := v.ft.VectorEntries(edge)
		v.vectorPlaces[list] = make([]*vectorIndexCheck, len(xs))
		for i := range xs {
			if _, dup := v.vectorIndices[xs[i].Name]; dup {
				continue // values name the first of the name
			}
			t := &vectorIndexCheck{index: xs[i], kind: kind, carried: carried, seed: vectorSeed(edge, i)}
			if carried {
				t.slot, slot = slot%vectorSlots, slot+1
				if i < len(sums[list]) {
					t.sums = sums[list][i]
				}
			}
			v.vectorIndices[t.index.Name] = t
			v.vectorOrder = append(v.vectorOrder, t)
			v.vectorPlaces[list][i] = t
		}
	}
}

// vectorValue checks a vector-index-id value of the object rec: that the
// file defines the indices it names, and adds it to the sums of those
// whose entries are carried.
func (k *recordCheck) vectorValue(x format.VectorIndexID, off int64, rec recRef, prop uint64) {
	v := k.v
	if v.vectorIndices == nil || k.c.stopped {
		return // the section did not decode: nothing to judge by; or nothing more is reported
	}
	a := &k.acc.vectors
	a.values[kindIndex(rec.kind)]++
	var first *vectorIndexCheck
	var vector uint64
	hashed := false
	for i, name := range x.Indexes {
		t := v.vectorIndices[name]
		if i == 0 {
			first = t
		}
		switch {
		case t == nil:
			k.c.at(SeverityWarning, "snapshot.vector_index_ref", off, rec.String(), "property %s names vector index %q, which the file does not define",
				v.name(prop), name)
			continue
		case !t.carried || t.kind != rec.kind:
			continue // no entries to hold it against
		}
		s := &a.slots[t.slot]
		if r := &k.vec; r.rec != rec {
			r.rec, r.named = rec, r.named[:0]
		}
		if slices.Contains(k.vec.named, t) {
			s.folds |= foldedTwice
		}
		k.vec.named = append(k.vec.named, t)
		// The value's vector is the first index's copy, and the copy of
		// every index of its scalar kind.
		if i == 0 || first != nil && first.index.ScalarKind == t.index.ScalarKind {
			if !hashed {
				vector, hashed = hashVector(x.Vector), true
			}
			s.withVector += vectorHash(t.seed, rec.gid, vector)
			s.folds |= foldedWithVector
		} else {
			s.gidOnly += vectorGidHash(t.seed, rec.gid)
			s.folds |= foldedGidOnly
		}
	}
}

// vectorEntriesChecked notes, where the check of every entry against the
// values would report the entries no value names, whether it would:
// when the vertex records are all checked and nothing stopped the checks,
// the edge indices' only when the edge records were read too (edgesRead):
// after a decode error there, the values not read would show as entries
// no value names.
func (v *snapVerifier) vectorEntriesChecked(edgesRead bool) {
	v.vectorUnmatched = !v.stopped()
	v.vectorEdgesRead = edgesRead
}

// vectorSecondPass names the values and entries behind sums that disagree
// (see the top of the file). It runs when the other checks are done, but
// reports what they would have reported in place, before anything
// stopped them: the values the first pass checked (vectorAcc.values), and
// the entries no value names where vectorEntriesChecked says so.
func (v *snapVerifier) vectorSecondPass(edgeBatches, vertexBatches []format.Batch) {
	if v.vectorIndices == nil || !v.vectorLocate() {
		return
	}
	c := v.c
	stopped := c.stopped
	c.stopped = false // its warnings stop nothing
	defer func() { c.stopped = stopped }()
	if !v.vectorLocateTables() {
		return
	}
	v.locateVectorValues(edgeBatches, vertexBatches)
	if v.vectorUnmatched {
		v.unmatchedVectorEntries()
	}
	for _, t := range v.vectorOrder {
		t.table, t.matched = nil, nil
	}
}

// vectorLocate marks the indices whose sums disagree with their values'
// (located), and reports whether there are any.
func (v *snapVerifier) vectorLocate() bool {
	var entries [vectorSlots]vectorEntrySums
	for _, t := range v.vectorOrder {
		if t.carried {
			entries[t.slot].withVector += t.sums.withVector
			entries[t.slot].gidOnly += t.sums.gidOnly
		}
	}
	some := false
	for _, t := range v.vectorOrder {
		if !t.carried {
			continue
		}
		e, s := &entries[t.slot], &v.snapAcc.vectors.slots[t.slot]
		switch s.folds {
		case 0, foldedWithVector:
			t.located = e.withVector != s.withVector
		case foldedGidOnly:
			t.located = e.gidOnly != s.gidOnly
		default:
			t.located = true // values with and without vectors, or one record's twice: the sums cannot tell
		}
		some = some || t.located
	}
	return some
}

// vectorLocateTables reads the located indices' entries into their tables.
// false: the section did not read again (the file changed).
func (v *snapVerifier) vectorLocateTables() bool {
	_, err := v.walkVectorEntries(true, func(edge bool, i int, _ uint64, off int64, gid, vector uint64) {
		if t := v.vectorPlace(edge, i); t != nil && t.located {
			if t.table == nil {
				t.table = make([]vectorEntryRef, 0, t.sums.n)
			}
			t.table = append(t.table, vectorEntryRef{gid: gid, vector: vector, off: off})
		}
	})
	if err != nil {
		return false
	}
	for _, t := range v.vectorOrder {
		slices.SortFunc(t.table, func(a, b vectorEntryRef) int {
			return cmp.Or(cmp.Compare(a.gid, b.gid), cmp.Compare(a.off, b.off))
		})
		t.matched = make([]uint64, (len(t.table)+63)/64)
	}
	return true
}

// errVectorValuesDone ends a record walk of the second pass: it has read
// as many values as the first pass checked.
var errVectorValuesDone = errors.New("verify: vector values read")

// locateVectorValues reads the records' vector-index-id values again, as
// many as the first pass checked, in its order, and checks each against
// the located indices' tables.
func (v *snapVerifier) locateVectorValues(edgeBatches, vertexBatches []format.Batch) {
	sc := v.s.NewScanner()
	limit := v.snapAcc.vectors.values
	var seen [2]uint64
	l := &vectorLocator{v: v}
	record := func(props []decode.PropertyRef, visit func(int, decode.ValueVisitor) error, off uint64, rec recRef) error {
		l.n, l.most = &seen[kindIndex(rec.kind)], limit[kindIndex(rec.kind)]
		for i := range props {
			if p := &props[i]; p.Type == format.MarkerEnum || !p.Refs {
				continue // the values the record checks decode
			}
			l.off, l.rec, l.prop = int64(off), rec, props[i].ID
			_ = visit(i, l) // as propertyRefs: what was handed over before a failure stands
		}
		if *l.n >= l.most {
			return errVectorValuesDone
		}
		return nil
	}
	for i, b := range edgeBatches {
		if seen[0] >= limit[0] {
			break
		}
		if _, err := sc.Edges(b, v.s.Bound(edgeBatches, i), func(r *decode.EdgeView) error {
			return record(r.Properties, r.VisitValue, r.Offset, recRef{"edge", r.Gid})
		}); err != nil {
			break
		}
	}
	for i, b := range vertexBatches {
		if seen[1] >= limit[1] {
			break
		}
		if _, err := sc.Vertices(b, v.s.Bound(vertexBatches, i), func(r *decode.VertexView) error {
			return record(r.Properties, r.VisitValue, r.Offset, recRef{"vertex", r.Gid})
		}); err != nil {
			break
		}
	}
}

// vectorLocator hands the second pass the vector-index-id values of a
// property as the scan visits them, as many as the first pass checked
// (n of most).
type vectorLocator struct {
	otherValues
	v    *snapVerifier
	n    *uint64
	most uint64
	off  int64
	rec  recRef
	prop uint64
}

func (*vectorLocator) Enum(format.Enum) {}

func (l *vectorLocator) Vector(x format.VectorIndexID) {
	if *l.n < l.most {
		*l.n++
		l.v.locateVectorValue(x, l.off, l.rec, l.prop)
	}
}

// locateVectorValue checks a value of the object rec against the entries
// of the located indices it names: an entry holds the object, and the
// first index's holds the value's vector.
func (v *snapVerifier) locateVectorValue(x format.VectorIndexID, off int64, rec recRef, prop uint64) {
	var vector uint64
	hashed := false
	for i, name := range x.Indexes {
		t := v.vectorIndices[name]
		if t == nil || !t.located || t.kind != rec.kind {
			continue
		}
		p, ok := slices.BinarySearchFunc(t.table, rec.gid, func(e vectorEntryRef, gid uint64) int { return cmp.Compare(e.gid, gid) })
		if !ok {
			v.c.at(SeverityWarning, "snapshot.vector_entry", off, rec.String(),
				"property %s names vector index %q, whose entries lack this %s: one copy is damaged, or a write ran during the snapshot",
				v.name(prop), name, rec.kind)
			continue
		}
		t.matched[p/64] |= 1 << (p % 64) // the gid's first entry: a second stays unmatched
		if i != 0 {
			continue // a later index's copy is not compared (it may keep another rounding)
		}
		if !hashed {
			vector, hashed = hashVector(x.Vector), true
		}
		if uint64(len(x.Vector)) == t.index.Dimension && vector == t.table[p].vector {
			continue
		}
		if d := v.vectorDifference(x.Vector, t, t.table[p].off); d != "" {
			v.c.at(SeverityWarning, "snapshot.vector_entry", off, rec.String(),
				"property %s: the value's vector and vector index %q's entry differ (%s): one copy is damaged, or a write ran during the snapshot",
				v.name(prop), name, d)
		}
	}
}

// vectorDifference says where a value's vector and t's entry at off
// differ, "" when they are the same bit for bit (or the entry does not
// read again). The entry is read again from the file.
func (v *snapVerifier) vectorDifference(value []float64, t *vectorIndexCheck, off int64) string {
	if uint64(len(value)) != t.index.Dimension {
		return fmt.Sprintf("%d components in the value, %d in the entry", len(value), t.index.Dimension)
	}
	d := &vectorDiff{value: value}
	if err := v.s.VectorEntry(off, t.index.Dimension, d); err != nil {
		return ""
	}
	return d.diff
}

// vectorDiff is the decode.VectorEntrySink that compares an entry's
// components with a value's, to the first that differs.
type vectorDiff struct {
	value []float64
	k     int // components compared
	diff  string
}

func (d *vectorDiff) Entries(*format.VectorIndex, bool, int, uint64) {}
func (d *vectorDiff) Entry(uint64, int64, uint64)                    {}

func (d *vectorDiff) Components(xs []float64) {
	for _, x := range xs {
		if d.diff == "" && d.k < len(d.value) && math.Float64bits(d.value[d.k]) != math.Float64bits(x) {
			d.diff = fmt.Sprintf("component %d is %v in the value, %v in the entry", d.k, d.value[d.k], x)
		}
		d.k++
	}
}

// unmatchedVectorEntries reports the located indices' entries that no
// value named, in the file's order.
func (v *snapVerifier) unmatchedVectorEntries() {
	off := int64(v.s.Offsets[format.OffsetEdgeIndices])
	v.walkVectorEntries(false, func(edge bool, i int, j uint64, entryOff int64, gid, _ uint64) {
		t := v.vectorPlace(edge, i)
		if t == nil || !t.located || edge && !v.vectorEdgesRead {
			return
		}
		p, ok := slices.BinarySearchFunc(t.table, vectorEntryRef{gid: gid, off: entryOff}, func(a, b vectorEntryRef) int {
			return cmp.Or(cmp.Compare(a.gid, b.gid), cmp.Compare(a.off, b.off))
		})
		if !ok || t.matched[p/64]&(1<<(p%64)) != 0 {
			return
		}
		v.c.at(SeverityWarning, "snapshot.vector_entry", off, fmt.Sprintf("vector index %q entry #%d", t.index.Name, j),
			"the entry of %s gid %d is named by no vector-index-id value of that %s (%s): one copy is damaged, or a write ran during the snapshot",
			t.kind, gid, t.kind, v.name(t.index.Property))
	})
}
