package storage

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
)

var valuesEqual = graph.ValuesEqual

func hasLabel(labels []uint64, l uint64) bool { return slices.Contains(labels, l) }

// checkTypes refuses a vertex state that breaks a type constraint. Memgraph
// checks type constraints when a label or property is written, not at commit.
func (sc *schemaState) checkTypes(s *Storage, labels []uint64, p props) error {
	for _, tc := range sc.cons.Type {
		if !hasLabel(labels, tc.Label) {
			continue
		}
		v := p.get(tc.Property)
		if v == nil {
			continue
		}
		if k, ok := graph.ConstraintKind(v); !ok || k != tc.Kind {
			return &ConstraintViolation{Kind: ConstraintType, Label: s.names.name(tc.Label),
				Properties: []string{s.names.name(tc.Property)}, TypeName: graph.ConstraintKindName(tc.Kind)}
		}
	}
	return nil
}

// vectorMatches reports whether an object with these labels (or this
// edge type, as a one-element list) belongs to a vector index.
func vectorMatches(x *format.VectorIndex, labels []uint64) bool {
	return graph.VectorTargetsMatch(x.Mode, x.Targets, labels)
}

func checkVectorList(s *Storage, list []format.VectorIndex, labels []uint64, p props) error {
	for i := range list {
		x := &list[i]
		if !vectorMatches(x, labels) {
			continue
		}
		if v := p.get(x.Property); v != nil {
			if reason := vectorMisfit(x, v); reason != "" {
				return &ValueError{Property: s.names.name(x.Property), Reason: reason}
			}
		}
	}
	return nil
}

// vectorMisfit says why v cannot be a vector of index x ("" when it can).
func vectorMisfit(x *format.VectorIndex, v format.Value) string {
	if reason := graph.VectorMisfit(v, x.Dimension); reason != "" {
		return "vector index " + x.Name + " " + reason
	}
	return ""
}

// checkVectors refuses a vertex state whose vector-indexed property does
// not fit its index (a numeric list of the index's dimension).
func (sc *schemaState) checkVectors(s *Storage, labels []uint64, p props) error {
	if err := checkVectorList(s, sc.eix.Vector, labels, p); err != nil {
		return err
	}
	s.registerEntering(sc.eix.Vector, labels, p)
	return nil
}

// checkVertex refuses a vertex state the schema does not allow: type
// constraints, then vector indices.
func (sc *schemaState) checkVertex(s *Storage, labels []uint64, p props) error {
	if err := sc.checkTypes(s, labels, p); err != nil {
		return err
	}
	return sc.checkVectors(s, labels, p)
}

// checkEdgeVectors is checkVectors for an edge of type typ.
func (sc *schemaState) checkEdgeVectors(s *Storage, typ uint64, p props) error {
	return checkVectorList(s, sc.eix.VectorEdge, []uint64{typ}, p)
}

// vectorForm is a property value as Memgraph writes it: a list held by
// vector indices becomes a VECTOR_INDEX_ID naming them, with the vector as
// the first index's scalar kind keeps it (VectorIndexID versions only; for
// edges, the versions with the by-id edge index: the format 32 builds
// wrote an edge's vector as its list, v32 test_all's REL edge).
func (s *Storage) vectorForm(list []format.VectorIndex, edge bool, labels []uint64, prop uint64, v format.Value) format.Value {
	if len(list) == 0 || !s.features.VectorEntries(edge) {
		return v
	}
	var out *format.VectorIndexID
	for i := range list {
		x := &list[i]
		if x.Property != prop || !vectorMatches(x, labels) {
			continue
		}
		vec, ok := graph.IndexedVector(v, x.Dimension, x.ScalarKind)
		if !ok {
			continue
		}
		if out == nil {
			out = &format.VectorIndexID{Vector: vec}
		}
		out.Indexes = append(out.Indexes, x.Name)
	}
	if out == nil {
		return v
	}
	return *out
}

// heldVectors is p as a vertex with these labels holds it: Memgraph keeps
// an indexed vector in its index, so reads, the files and the vertex
// leaving its last index (a dropped index, a removed label) all give back
// the index's rounded copy, never the value written (VectorIndexID
// versions; edge vector indices leave values alone). The result is p
// itself when nothing changes, else a new slice, so readers holding p keep
// what they read; rounded, when not nil, hears of each value replaced.
func (s *Storage) heldVectors(list []format.VectorIndex, labels []uint64, p props, rounded func(id uint64, written format.Value)) props {
	if len(list) == 0 || !s.features.VectorEntries(false) {
		return p
	}
	out, cloned := p, false
	for i, q := range p {
		x, ok := s.vectorForm(list, false, labels, q.id, q.v).(format.VectorIndexID)
		if !ok || holdsExactly(q.v, x.Vector) {
			continue
		}
		if !cloned {
			out, cloned = p.clone(), true
		}
		out[i].v = x.List()
		if rounded != nil {
			rounded(q.id, q.v)
		}
	}
	return out
}

// holdsExactly reports whether v is already the list of doubles vec.
func holdsExactly(v format.Value, vec []float64) bool {
	l, ok := v.(format.List)
	if !ok || len(l) != len(vec) {
		return false
	}
	for i, e := range l {
		d, ok := e.(format.Double)
		if !ok || math.Float64bits(float64(d)) != math.Float64bits(vec[i]) {
			return false
		}
	}
	return true
}

// newestLive copies v's newest labels and properties, what commit checks
// constraints on; live is false when v is deleted.
func newestLive(v *vertex) (labels []uint64, ps props, live bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	return slices.Clone(v.labels), v.props.clone(), !v.deleted
}

// existenceViolation checks the existence constraints of the vertices the
// transaction gave a label or took a property from.
func (t *Txn) existenceViolation() *ConstraintViolation {
	sc := t.schemaView()
	if len(sc.cons.Existence) == 0 {
		return nil
	}
	for _, v := range t.verifyList(verifyExistence) {
		labels, ps, live := newestLive(v)
		if !live {
			continue
		}
		for _, c := range sc.cons.Existence {
			if hasLabel(labels, c.Label) && ps.get(c.Property) == nil {
				return &ConstraintViolation{Kind: ConstraintExistence, Label: t.s.names.name(c.Label),
					Properties: []string{t.s.names.name(c.Property)}, AtCommit: true}
			}
		}
	}
	return nil
}

// verifyList is the vertices with a verification flag, by gid.
func (t *Txn) verifyList(flag uint8) []*vertex {
	var out []*vertex
	for v, f := range t.verify {
		if f&flag != 0 {
			out = append(out, v)
		}
	}
	slices.SortFunc(out, func(a, b *vertex) int { return cmp.Compare(a.gid, b.gid) })
	return out
}

// uniqueIndex remembers, per hash of a constraint's values, the vertices
// that held them in some commit; entries are confirmed against the
// vertices' latest committed state when used.
type uniqueIndex struct {
	mu      sync.Mutex
	buckets map[uint64][]*vertex
}

type uniqueIndexes struct {
	mu sync.Mutex
	m  map[string]*uniqueIndex
}

func newUniqueIndexes() *uniqueIndexes { return &uniqueIndexes{m: map[string]*uniqueIndex{}} }

func (u *uniqueIndexes) install(key string, idx *uniqueIndex) {
	u.mu.Lock()
	u.m[key] = idx
	u.mu.Unlock()
}

func (u *uniqueIndexes) get(key string) *uniqueIndex {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.m[key]
}

// retain drops the indexes of constraints that no longer exist.
func (u *uniqueIndexes) retain(sc *schemaState) {
	keep := map[string]bool{}
	for _, c := range sc.cons.Unique {
		keep[uniqueKey(c)] = true
	}
	u.mu.Lock()
	for k := range u.m {
		if !keep[k] {
			delete(u.m, k)
		}
	}
	u.mu.Unlock()
}

func uniqueKey(c format.UniqueConstraint) string {
	var b strings.Builder
	b.WriteString(strconv.FormatUint(c.Label, 10))
	for _, p := range c.Properties {
		b.WriteByte(',')
		b.WriteString(strconv.FormatUint(p, 10))
	}
	return b.String()
}

// uniqueValues returns the constraint's values on a vertex state, ok when
// the vertex has the label and every property.
func uniqueValues(c format.UniqueConstraint, labels []uint64, p props) ([]format.Value, bool) {
	if !hasLabel(labels, c.Label) {
		return nil, false
	}
	vals := make([]format.Value, len(c.Properties))
	for i, id := range c.Properties {
		vals[i] = p.get(id)
		if vals[i] == nil {
			return nil, false
		}
	}
	return vals, true
}

func hashValues(vals []format.Value) uint64 {
	h := uint64(len(vals))
	for _, v := range vals {
		h = graph.Mix64(h ^ graph.HashValue(v))
	}
	return h
}

func equalValues(a, b []format.Value) bool {
	for i := range a {
		if !valuesEqual(a[i], b[i]) {
			return false
		}
	}
	return true
}

// committedState is a vertex as its last commit left it (commits appended
// to the Log count), with the transaction's own changes kept: what unique
// constraints are checked against.
func (t *Txn) committedState(v *vertex) (exists bool, labels []uint64, p props) {
	v.mu.Lock()
	defer v.mu.Unlock()
	const want = wantLabels | wantProps
	var st vertexState
	newestState(v, want, &st)
	for d := v.head; d != nil; d = d.next {
		if d.ci == t.ci {
			break
		}
		if _, ok := d.ci.committed(); ok {
			break
		}
		st.undo(d, want)
	}
	return st.exists && !st.deleted, st.labels, st.props
}

// uniqueViolation checks the unique constraints of the vertices the
// transaction gave a label or a property (engine lock held, after the
// commit timestamp is taken), and records them in the constraint indexes.
func (t *Txn) uniqueViolation() *ConstraintViolation {
	sc := t.schemaView()
	if len(sc.cons.Unique) == 0 {
		return nil
	}
	for _, v := range t.verifyList(verifyUnique) {
		labels, ps, live := newestLive(v)
		if !live {
			continue
		}
		for _, c := range sc.cons.Unique {
			vals, ok := uniqueValues(c, labels, ps)
			if !ok {
				continue
			}
			idx := t.uniqueIndexFor(sc, c)
			h := hashValues(vals)
			idx.mu.Lock()
			candidates := slices.Clone(idx.buckets[h])
			idx.mu.Unlock()
			for _, o := range candidates {
				if o == v {
					continue
				}
				live, ol, op := t.committedState(o)
				if !live {
					continue
				}
				if ovals, ok := uniqueValues(c, ol, op); ok && equalValues(vals, ovals) {
					names := make([]string, len(c.Properties))
					for i, p := range c.Properties {
						names[i] = t.s.names.name(p)
					}
					return &ConstraintViolation{Kind: ConstraintUnique, Label: t.s.names.name(c.Label), Properties: names, AtCommit: true}
				}
			}
			idx.mu.Lock()
			if !slices.Contains(idx.buckets[h], v) {
				idx.buckets[h] = append(idx.buckets[h], v)
			}
			idx.mu.Unlock()
		}
	}
	return nil
}

func (t *Txn) uniqueIndexFor(sc *schemaState, c format.UniqueConstraint) *uniqueIndex {
	key := uniqueKey(c)
	if idx := sc.newUnique[key]; idx != nil {
		return idx
	}
	if idx := t.s.uniq.get(key); idx != nil {
		return idx
	}
	idx := &uniqueIndex{buckets: map[uint64][]*vertex{}}
	t.s.uniq.install(key, idx)
	return idx
}
