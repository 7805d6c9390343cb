package graph

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/durascope/durascope/format"
)

// Memgraph's words where recovery refuses a schema entry a second time.
const (
	MsgEnumNotCreated    = "The enum could not be created!"
	MsgTextIndexRebuild  = "The text index must be created here!"
	MsgTypeAlreadyExists = "The type constraint already exists!"
	// MsgVectorIndexExists and MsgVectorEdgeIndexExists take the name of
	// the index that is rebuilt second.
	MsgVectorIndexExists     = "Vector index '%s' already exists. Corrupted or invalid recovery files."
	MsgVectorEdgeIndexExists = "Vector edge index '%s' already exists. Corrupted or invalid recovery files."
)

// SchemaSections are the decoded schema sections of a snapshot; a nil
// one was not decoded and is not checked.
type SchemaSections struct {
	Enums       []format.EnumType
	Indices     *format.Indices
	EdgeIndices *format.EdgeIndices
	Constraints *format.Constraints
}

// SchemaDuplicate is a schema entry that repeats an earlier one under the
// key Memgraph's recovery uses for its list, so recovery refuses it.
type SchemaDuplicate struct {
	Slot  format.OffsetSlot // the section
	List  string            // "label index", as verify names entries
	Index int               // the entry's place in List
	Of    string            // the earlier entry: "label index #0"
	Key   string            // what they share, readable
	// Rebuild: the snapshot loads, and recovery stops when it rebuilds
	// the indices and constraints after all data is loaded. Otherwise the
	// snapshot loader throws and Memgraph tries an older snapshot.
	Rebuild bool
	Message string // Memgraph's words
}

// Record names the entry as findings do: "label index #3".
func (d SchemaDuplicate) Record() string { return fmt.Sprintf("%s #%d", d.List, d.Index) }

// Reason says which entry repeats what, and what Memgraph does about it.
func (d SchemaDuplicate) Reason() string { return d.Record() + " " + d.Repeats() }

// Repeats is Reason without the entry's name, for a finding that names it.
func (d SchemaDuplicate) Repeats() string {
	when := "Memgraph's snapshot loader fails on it"
	if d.Rebuild {
		when = "Memgraph fails rebuilding it after loading, and recovery stops"
	}
	return fmt.Sprintf("repeats %s (%s): %s (%q)", d.Of, d.Key, when, d.Message)
}

// SchemaDuplicateError is the snapshot loader's refusal of d.
func SchemaDuplicateError(path string, d SchemaDuplicate) error {
	return &format.DecodeError{File: path, Section: slotSection[d.Slot], Err: format.ErrInconsistent, Reason: d.Reason()}
}

var slotSection = map[format.OffsetSlot]string{format.OffsetEnums: "enums", format.OffsetIndices: "indices",
	format.OffsetEdgeIndices: "edge_indices", format.OffsetConstraints: "constraints"}

// SnapshotSchemaDuplicates lists the entries of s that Memgraph's recovery
// refuses as repeats, in file order. Entries are compared by name, as the
// loader maps every file id to its name's id first: two file ids that the
// mapper gives one name are one label. An entry naming an id the mapper
// lacks is left out (the loader fails on the id itself). The keys, by
// list (snapshot.cpp, AddRecoveredIndexConstraint compares whole entries):
//
//   - label, edge-type, global edge- and vertex-property indices: the name;
//     label+properties indices, ascending and descending each on their own:
//     the label and the property paths in order; edge-type+property and
//     point indices, existence constraints: the pair; unique constraints:
//     the label and the set of properties; type constraints: label,
//     property and kind, and at rebuild label and property alone
//     (durability.cpp, RecoverTypeConstraints);
//   - vector indices, node and edge: the name across both lists; at
//     rebuild, within each list, the targets (mode and names in order) and
//     property (vector_index.cpp, SetupIndex);
//   - text indices, node and edge each on their own: the whole entry, and
//     at rebuild the name (text_index.cpp, CreateTantivyIndex);
//   - enums: the type name, and a value name within its type
//     (EnumStore::RegisterEnum).
//
// Index statistics may repeat: Memgraph keeps every entry.
func SnapshotSchemaDuplicates(m *SnapshotMapper, s SchemaSections) []SchemaDuplicate {
	c := dupChecker{m: m, ids: map[string]int{}}
	c.enums(s.Enums)
	if ix := s.Indices; ix != nil {
		c.slot = format.OffsetIndices
		c.singles("label index", "The label index already exists!", ix.Label, ":%s")
		c.lpList("label+properties index", ix.LabelProperties, false)
		c.lpList("descending label+properties index", ix.LabelPropertiesDesc, true)
	}
	if ei := s.EdgeIndices; ei != nil {
		c.slot = format.OffsetEdgeIndices
		c.singles("edge-type index", "The edge-type index already exists!", ei.EdgeType, ":%s")
		c.pairs("edge-type+property index", "The edge-type + property index already exists!", ei.EdgeTypeProperty)
		c.singles("global edge-property index", "The global edge property index already exists!", ei.GlobalEdgeProperty, "(%s)")
		c.singles("global vertex-property index", "The global vertex property index already exists!", ei.GlobalVertexProperty, "(%s)")
		c.pairs("point index", "The point index already exists!", ei.Point)
		c.vectors(ei.Vector, ei.VectorEdge)
		c.texts("text index", ei.Text)
		c.texts("text edge index", ei.TextEdge)
	}
	if cs := s.Constraints; cs != nil {
		c.slot = format.OffsetConstraints
		c.pairs("existence constraint", "The existence constraint already exists!", cs.Existence)
		c.list("unique constraint", "The unique constraint already exists!", len(cs.Unique), func(i int) (key, bool) {
			u := cs.Unique[i]
			ids, names, ok := c.resolve(append([]uint64{u.Label}, u.Properties...))
			if !ok {
				return key{}, false
			}
			set := slices.Clone(names[1:])
			slices.Sort(set)
			set = slices.Compact(set)
			return key{uniqueKey(ids[0], ids[1:]), ":" + names[0] + "(" + strings.Join(set, ", ") + ")"}, true
		})
		c.typeConstraints(cs.Type)
	}
	return c.out
}

const (
	listVector     = "vector index"
	listVectorEdge = "vector edge index"
)

// dupChecker compares a list's entries by the keys the graph keeps its
// indices and constraints by (graph.go: uniqueKey, pathsKey, ...), over
// ids of its own for the names.
type dupChecker struct {
	m    *SnapshotMapper
	ids  map[string]int // by name
	slot format.OffsetSlot
	out  []SchemaDuplicate
}

// key is what a list compares its entries by, and how it is shown.
type key struct {
	id    string
	shown string
}

// resolve gives file ids the ids and the names of their names; false when
// the mapper lacks one (an entry not compared: the loader fails on the id).
func (c *dupChecker) resolve(fileIDs []uint64) (ids []int, names []string, ok bool) {
	ids, names = make([]int, len(fileIDs)), make([]string, len(fileIDs))
	for i, f := range fileIDs {
		n, ok := c.m.Name(f)
		if !ok {
			return nil, nil, false
		}
		id, seen := c.ids[n]
		if !seen {
			id = len(c.ids)
			c.ids[n] = id
		}
		ids[i], names[i] = id, n
	}
	return ids, names, true
}

// keyed reports the entries of a list whose key repeats an earlier
// entry's, leaving out those in skip and those without a key, and returns
// their places.
func (c *dupChecker) keyed(what, msg string, rebuild bool, n int, skip map[int]bool, keyOf func(int) (key, bool)) map[int]bool {
	first := map[string]int{}
	found := map[int]bool{}
	for i := range n {
		if skip[i] {
			continue
		}
		k, ok := keyOf(i)
		if !ok {
			continue
		}
		if j, ok := first[k.id]; ok {
			c.add(what, i, fmt.Sprintf("%s #%d", what, j), k.shown, rebuild, msg)
			found[i] = true
			continue
		}
		first[k.id] = i
	}
	return found
}

// list is keyed for a list the snapshot loader checks.
func (c *dupChecker) list(what, msg string, n int, keyOf func(int) (key, bool)) map[int]bool {
	return c.keyed(what, msg, false, n, nil, keyOf)
}

// loadThenRebuild checks a list whose repeats the loader refuses under
// key exact and rebuilding under key rebuild, which fewer fields make: an
// entry the loader refuses is not compared again.
func (c *dupChecker) loadThenRebuild(what, loadMsg, rebuildMsg string, n int, exact, rebuild func(int) (key, bool)) {
	refused := c.list(what, loadMsg, n, exact)
	c.keyed(what, rebuildMsg, true, n, refused, rebuild)
}

func (c *dupChecker) add(what string, i int, of, shown string, rebuild bool, msg string) {
	c.out = append(c.out, SchemaDuplicate{Slot: c.slot, List: what, Index: i, Of: of, Key: shown, Rebuild: rebuild, Message: msg})
}

// singles checks a list of one name each, shown by format show.
func (c *dupChecker) singles(what, msg string, list []uint64, show string) {
	c.list(what, msg, len(list), func(i int) (key, bool) {
		ids, names, ok := c.resolve(list[i : i+1])
		if !ok {
			return key{}, false
		}
		return key{intsKey(ids...), fmt.Sprintf(show, names[0])}, true
	})
}

// pairKey is the key of a label (or edge type) and property pair.
func (c *dupChecker) pairKey(label, prop uint64) (key, bool) {
	ids, names, ok := c.resolve([]uint64{label, prop})
	if !ok {
		return key{}, false
	}
	return key{intsKey(ids...), ":" + names[0] + "(" + names[1] + ")"}, true
}

func (c *dupChecker) pairs(what, msg string, list []format.LabelProperty) {
	c.list(what, msg, len(list), func(i int) (key, bool) { return c.pairKey(list[i].Label, list[i].Property) })
}

func (c *dupChecker) lpList(what string, list []format.LabelPropertiesIndex, desc bool) {
	c.list(what, "The label+property index already exists!", len(list), func(i int) (key, bool) {
		e := list[i]
		label, labelName, ok := c.resolve([]uint64{e.Label})
		if !ok {
			return key{}, false
		}
		paths, shown := make([][]int, len(e.Paths)), make([]string, len(e.Paths))
		for j, p := range e.Paths {
			var names []string
			if paths[j], names, ok = c.resolve(p); !ok {
				return key{}, false
			}
			shown[j] = strings.Join(names, ".")
		}
		return key{pathsKey(label[0], paths, desc), ":" + labelName[0] + "(" + strings.Join(shown, ", ") + ")"}, true
	})
}

func (c *dupChecker) typeConstraints(list []format.TypeConstraint) {
	c.loadThenRebuild("type constraint", MsgTypeAlreadyExists, MsgTypeAlreadyExists, len(list), func(i int) (key, bool) {
		k, ok := c.pairKey(list[i].Label, list[i].Property)
		kind := strconv.FormatUint(list[i].Kind, 10)
		return key{k.id + kind, k.shown + " kind " + kind}, ok
	}, func(i int) (key, bool) {
		// Another kind on the same pair passes the loader; rebuilding it fails.
		return c.pairKey(list[i].Label, list[i].Property)
	})
}

func (c *dupChecker) vectors(node, edge []format.VectorIndex) {
	lists := []struct {
		what, msg, rebuildMsg string
		edge                  bool
		list                  []format.VectorIndex
	}{
		{listVector, "The vector index already exists!", MsgVectorIndexExists, false, node},
		{listVectorEdge, "The vector edge index already exists!", MsgVectorEdgeIndexExists, true, edge},
	}
	// One name space for node and edge vector indices.
	byName := map[string]string{}
	sameName := make([]map[int]bool, len(lists))
	for li, l := range lists {
		sameName[li] = map[int]bool{}
		for i, v := range l.list {
			if of, ok := byName[v.Name]; ok {
				c.add(l.what, i, of, strconv.Quote(v.Name), false, l.msg)
				sameName[li][i] = true
				continue
			}
			byName[v.Name] = fmt.Sprintf("%s #%d", l.what, i)
		}
	}
	for li, l := range lists {
		from := len(c.out)
		c.keyed(l.what, "", true, len(l.list), sameName[li], func(i int) (key, bool) {
			v := l.list[i]
			ids, names, ok := c.resolve(append(slices.Clone(v.Targets), v.Property))
			if !ok {
				return key{}, false
			}
			n := len(v.Targets)
			return key{vectorTargetsKey(l.edge, v.Mode, ids[:n], ids[n]), VectorTargetKey(v.Mode, names[:n], names[n])}, true
		})
		for i := from; i < len(c.out); i++ { // the message names the index rebuilt second
			c.out[i].Message = fmt.Sprintf(l.rebuildMsg, l.list[c.out[i].Index].Name)
		}
	}
}

// vectorTargetsKey is what two vector indices that rebuilding refuses
// share: the kind, mode, targets in order and property.
func vectorTargetsKey(edge bool, mode uint64, targets []int, prop int) string {
	return fmt.Sprint(edge, mode, targets, prop)
}

// VectorTargetKey shows what a vector index is built on: ":Doc(embedding)",
// with the match mode when it is not a single target.
func VectorTargetKey(mode uint64, targets []string, property string) string {
	s := ":" + strings.Join(targets, ":") + "(" + property + ")"
	if mode != format.VectorModeSingle {
		s += fmt.Sprintf(" mode %d", mode)
	}
	return s
}

func (c *dupChecker) texts(what string, list []format.TextIndex) {
	c.loadThenRebuild(what, "The text index already exists!", MsgTextIndexRebuild, len(list), func(i int) (key, bool) {
		t := list[i]
		ids, names, ok := c.resolve(append([]uint64{t.Target}, t.Properties...))
		if !ok {
			return key{}, false
		}
		return key{strconv.Quote(t.Name) + intsKey(ids...),
			strconv.Quote(t.Name) + " on :" + names[0] + "(" + strings.Join(names[1:], ", ") + ")"}, true
	}, func(i int) (key, bool) {
		return key{list[i].Name, strconv.Quote(list[i].Name)}, true
	})
}

func (c *dupChecker) enums(list []format.EnumType) {
	c.slot = format.OffsetEnums
	first := map[string]int{}
	for i, e := range list {
		if j, ok := first[e.Name]; ok {
			c.add("enum", i, fmt.Sprintf("enum #%d", j), strconv.Quote(e.Name), false, MsgEnumNotCreated)
			continue
		}
		first[e.Name] = i
		seen := map[string]bool{}
		for _, v := range e.Values {
			if seen[v] {
				c.add("enum", i, "its value "+strconv.Quote(v), strconv.Quote(e.Name), false, MsgEnumNotCreated)
				break
			}
			seen[v] = true
		}
	}
}

// CheckRebuild is what Memgraph does after all data is loaded: it rebuilds
// the indices, then the constraints (durability.cpp,
// RecoverIndicesStatsAndConstraints), and recovery stops at the first that
// fails. Before CheckConstraints' violations come a loaded snapshot's text
// indices that repeat a name and two vector indices of one kind on the
// same targets and property, however they were created; a type constraint
// repeated with another kind comes after the existence and unique
// constraints and before the type checks.
func (s *Graph) CheckRebuild() *ConstraintError {
	var typeFail *ConstraintError
	for _, d := range s.rebuildFails {
		e := &ConstraintError{Message: d.Message, Detail: fmt.Sprintf("the snapshot's %s repeats %s (%s)", d.Record(), d.Of, d.Key)}
		if d.Slot != format.OffsetConstraints {
			return e
		}
		if typeFail == nil {
			typeFail = e
		}
	}
	if e := s.vectorRebuild(); e != nil {
		return e
	}
	e := s.CheckConstraints()
	if typeFail != nil && (e == nil || e.Message == MsgTypeViolated) {
		return typeFail
	}
	return e
}

// vectorRebuild finds the first vector index, node indices first, each
// kind in creation order, that is on the targets and property of an
// earlier one of its kind (vector_index.cpp, SetupIndex refuses it).
func (s *Graph) vectorRebuild() *ConstraintError {
	list := mapValues(s.vectorIndex)
	slices.SortFunc(list, func(a, b vectorIndex) int {
		switch {
		case a.edge == b.edge:
			return cmp.Compare(a.seq, b.seq)
		case b.edge:
			return -1
		}
		return 1
	})
	first := map[string]string{}
	for _, v := range list {
		k := vectorTargetsKey(v.edge, v.mode, v.targets, v.prop)
		earlier, ok := first[k]
		if !ok {
			first[k] = v.name
			continue
		}
		msg, what := MsgVectorIndexExists, "vector index"
		if v.edge {
			msg, what = MsgVectorEdgeIndexExists, "vector edge index"
		}
		targets := make([]string, len(v.targets))
		for i, t := range v.targets {
			targets[i] = s.names.name(t)
		}
		return &ConstraintError{Message: fmt.Sprintf(msg, v.name), Detail: fmt.Sprintf("%s %q is on %s, as %q is",
			what, v.name, VectorTargetKey(v.mode, targets, s.names.name(v.prop)), earlier)}
	}
	return nil
}
