package storage

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
)

// schemaState is the schema in format's model types, with name ids, kept
// in the orders Memgraph's snapshot writer lists it (maps ordered by id,
// text indices by name), so a snapshot's sections are copies of it.
// Statistics are kept for every key ANALYZE GRAPH computed (index prefixes
// included); the snapshot lists those of existing indices.
type schemaState struct {
	ix           format.Indices
	eix          format.EdgeIndices
	cons         format.Constraints
	enums        []format.EnumType
	ttl          format.TTLConfig
	descriptions []format.Description
	// vectorIDs and vectorEdgeIDs are Memgraph's by-id vector index maps
	// (vectororder.go), kept for the versions that have them.
	vectorIDs, vectorEdgeIDs idTable
	// newUnique holds the runtime indexes of unique constraints created by
	// the staging transaction, installed when it commits.
	newUnique map[string]*uniqueIndex
}

func newSchema() *schemaState { return &schemaState{} }

func cloneIDs(p [][]uint64) [][]uint64 {
	out := make([][]uint64, len(p))
	for i := range p {
		out[i] = slices.Clone(p[i])
	}
	return out
}

func clonePaths(p []format.PropertyPath) []format.PropertyPath {
	out := make([]format.PropertyPath, len(p))
	for i := range p {
		out[i] = slices.Clone(p[i])
	}
	return out
}

func (s *schemaState) clone() *schemaState {
	c := &schemaState{
		ix: format.Indices{
			Label:      slices.Clone(s.ix.Label),
			LabelStats: slices.Clone(s.ix.LabelStats),
		},
		eix: format.EdgeIndices{
			EdgeType:             slices.Clone(s.eix.EdgeType),
			EdgeTypeProperty:     slices.Clone(s.eix.EdgeTypeProperty),
			GlobalEdgeProperty:   slices.Clone(s.eix.GlobalEdgeProperty),
			GlobalVertexProperty: slices.Clone(s.eix.GlobalVertexProperty),
			Point:                slices.Clone(s.eix.Point),
		},
		cons: format.Constraints{
			Existence: slices.Clone(s.cons.Existence),
			Type:      slices.Clone(s.cons.Type),
		},
		ttl:           s.ttl,
		vectorIDs:     s.vectorIDs.clone(),
		vectorEdgeIDs: s.vectorEdgeIDs.clone(),
	}
	for _, lp := range s.ix.LabelProperties {
		c.ix.LabelProperties = append(c.ix.LabelProperties, format.LabelPropertiesIndex{Label: lp.Label, Paths: clonePaths(lp.Paths)})
	}
	for _, lp := range s.ix.LabelPropertiesDesc {
		c.ix.LabelPropertiesDesc = append(c.ix.LabelPropertiesDesc, format.LabelPropertiesIndex{Label: lp.Label, Paths: clonePaths(lp.Paths)})
	}
	for _, st := range s.ix.LabelPropertyStats {
		st.Paths = clonePaths(st.Paths)
		c.ix.LabelPropertyStats = append(c.ix.LabelPropertyStats, st)
	}
	for _, v := range s.eix.Vector {
		v.Targets = slices.Clone(v.Targets)
		c.eix.Vector = append(c.eix.Vector, v)
	}
	for _, v := range s.eix.VectorEdge {
		v.Targets = slices.Clone(v.Targets)
		c.eix.VectorEdge = append(c.eix.VectorEdge, v)
	}
	for _, x := range s.eix.Text {
		x.Properties = slices.Clone(x.Properties)
		c.eix.Text = append(c.eix.Text, x)
	}
	for _, x := range s.eix.TextEdge {
		x.Properties = slices.Clone(x.Properties)
		c.eix.TextEdge = append(c.eix.TextEdge, x)
	}
	for _, u := range s.cons.Unique {
		c.cons.Unique = append(c.cons.Unique, format.UniqueConstraint{Label: u.Label, Properties: slices.Clone(u.Properties)})
	}
	for _, e := range s.enums {
		c.enums = append(c.enums, format.EnumType{Name: e.Name, Values: slices.Clone(e.Values)})
	}
	for _, d := range s.descriptions {
		d.Labels, d.ToLabels = slices.Clone(d.Labels), slices.Clone(d.ToLabels)
		c.descriptions = append(c.descriptions, d)
	}
	return c
}

func comparePath(a, b format.PropertyPath) int { return slices.Compare(a, b) }

func comparePaths(a, b []format.PropertyPath) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if c := comparePath(a[i], b[i]); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a), len(b))
}

func compareLP(a, b format.LabelPropertiesIndex) int {
	return cmp.Or(cmp.Compare(a.Label, b.Label), comparePaths(a.Paths, b.Paths))
}

func compareLabelProperty(a, b format.LabelProperty) int {
	return cmp.Or(cmp.Compare(a.Label, b.Label), cmp.Compare(a.Property, b.Property))
}

// insertSorted inserts x into the sorted list unless it is there; ok is
// false when it was.
func insertSorted[T any](list []T, x T, compare func(a, b T) int) ([]T, bool) {
	i, found := slices.BinarySearchFunc(list, x, compare)
	if found {
		return list, false
	}
	return slices.Insert(list, i, x), true
}

// removeSorted removes x from the sorted list; ok is false when absent.
func removeSorted[T any](list []T, x T, compare func(a, b T) int) ([]T, bool) {
	i, found := slices.BinarySearchFunc(list, x, compare)
	if !found {
		return list, false
	}
	return slices.Delete(list, i, i+1), true
}

// schemaView is the schema the transaction sees: its staged one, or the
// published one.
func (t *Txn) schemaView() *schemaState {
	if t.staged != nil {
		return t.staged
	}
	return t.s.schema.Load()
}

// stage gives the transaction its own copy of the schema to change. One
// transaction at a time stages (the others wait here), so no change is
// lost; Memgraph's access types already keep schema changes from running
// beside writers.
func (t *Txn) stage() *schemaState {
	if t.staged == nil {
		t.s.schemaWrite.Lock()
		t.staged = t.s.schema.Load().clone()
	}
	return t.staged
}

// publishSchema makes the staged schema the storage's (engineMu held).
func (t *Txn) publishSchema() {
	if t.staged == nil {
		return
	}
	for key, idx := range t.staged.newUnique {
		t.s.uniq.install(key, idx)
	}
	t.staged.newUnique = nil
	t.s.uniq.retain(t.staged)
	t.s.schema.Store(t.staged)
	t.staged = nil
	t.s.schemaWrite.Unlock()
}

func (t *Txn) discardSchema() {
	if t.staged == nil {
		return
	}
	t.staged = nil
	t.s.schemaWrite.Unlock()
}

var (
	wantReadOnly = []Access{AccessReadOnly, AccessUnique}
	wantRead     = []Access{AccessRead, AccessUnique}
	wantUnique   = []Access{AccessUnique}
)

// schemaOp runs one schema change: the access type checked, the metadata
// frame checked against the version, the change applied to the staged
// schema (apply validates before it changes anything), the frame recorded.
func (t *Txn) schemaOp(op string, want []Access, m format.Marker, d format.Delta, apply func(sc *schemaState) error) error {
	if err := t.checkAccess(op, want); err != nil {
		return err
	}
	if err := t.s.checkFrame(op, m, d); err != nil {
		return err
	}
	if err := apply(t.stage()); err != nil {
		return err
	}
	t.md = append(t.md, format.Frame{Marker: m, Delta: d})
	return nil
}

// SchemaError reasons a caller may tell apart (Memgraph reports them as
// notifications, not errors).
const (
	ReasonExists  = "it already exists"
	ReasonMissing = "it does not exist"
)

func exists(op string) error  { return &SchemaError{Op: op, Reason: ReasonExists} }
func missing(op string) error { return &SchemaError{Op: op, Reason: ReasonMissing} }

// schemaKind is one index or constraint kind the schema keeps as a sorted
// list: the noun its operations are named with, the access its create and
// its drop need, and its create marker (each *_DROP marker follows its
// *_CREATE).
type schemaKind struct {
	noun                     string
	createAccess, dropAccess []Access
	createMarker             format.Marker
}

var (
	labelIndexKind                = schemaKind{"index", wantReadOnly, wantRead, format.DeltaLabelIndexCreate}
	labelPropertiesIndexKind      = schemaKind{"index", wantReadOnly, wantRead, format.DeltaLabelPropertiesIndexCreate}
	edgeTypeIndexKind             = schemaKind{"edge index", wantReadOnly, wantRead, format.DeltaEdgeIndexCreate}
	edgeTypePropertyIndexKind     = schemaKind{"edge index", wantReadOnly, wantRead, format.DeltaEdgePropertyIndexCreate}
	globalVertexPropertyIndexKind = schemaKind{"global vertex index", wantReadOnly, wantRead, format.DeltaGlobalVertexPropertyIndexCreate}
	globalEdgePropertyIndexKind   = schemaKind{"global edge index", wantReadOnly, wantRead, format.DeltaGlobalEdgePropertyIndexCreate}
	pointIndexKind                = schemaKind{"point index", wantUnique, wantUnique, format.DeltaPointIndexCreate}
	existenceConstraintKind       = schemaKind{"existence constraint", wantReadOnly, wantReadOnly, format.DeltaExistenceConstraintCreate}
	uniqueConstraintKind          = schemaKind{"unique constraint", wantReadOnly, wantReadOnly, format.DeltaUniqueConstraintCreate}
	typeConstraintKind            = schemaKind{"type constraint", wantReadOnly, wantReadOnly, format.DeltaTypeConstraintCreate}
)

// change is a create (or drop) of the kind on target ("L", "L(p)"): its
// name in errors, the access it needs and its marker.
func (k schemaKind) change(create bool, target string) (op string, want []Access, m format.Marker) {
	if create {
		return "create " + k.noun + " on :" + target, k.createAccess, k.createMarker
	}
	return "drop " + k.noun + " on :" + target, k.dropAccess, k.createMarker + 1
}

// changeSorted runs a create (inserting key) or a drop (removing it) of a
// kind kept in the sorted list of the staged schema; creating what exists
// or dropping what does not is a SchemaError. check, when set, runs after
// that test and before the list changes (what existing data must satisfy).
func changeSorted[T any](t *Txn, k schemaKind, create bool, target string, d format.Delta,
	list func(sc *schemaState) *[]T, key T, compare func(a, b T) int, check func(sc *schemaState) error) error {
	op, want, m := k.change(create, target)
	return t.schemaOp(op, want, m, d, func(sc *schemaState) error {
		l := list(sc)
		i, found := slices.BinarySearchFunc(*l, key, compare)
		switch {
		case create && found:
			return exists(op)
		case !create && !found:
			return missing(op)
		}
		if check != nil {
			if err := check(sc); err != nil {
				return err
			}
		}
		if create {
			*l = slices.Insert(*l, i, key)
		} else {
			*l = slices.Delete(*l, i, i+1)
		}
		return nil
	})
}

// labelPropertyIDs registers a label (or edge type), then a property.
func (t *Txn) labelPropertyIDs(label, property string) format.LabelProperty {
	return format.LabelProperty{Label: t.s.names.id(label), Property: t.s.names.id(property)}
}

// labelAndProperty is the target "L(p)" of an operation on one property.
func labelAndProperty(label, property string) string { return label + "(" + property + ")" }

// CreateLabelIndex creates a label index (READ_ONLY access).
func (t *Txn) CreateLabelIndex(label string) error { return t.labelIndex(label, true) }

// DropLabelIndex drops a label index (READ access).
func (t *Txn) DropLabelIndex(label string) error { return t.labelIndex(label, false) }

func (t *Txn) labelIndex(label string, create bool) error {
	return changeSorted(t, labelIndexKind, create, label, format.LabelOnlyDelta{Label: label},
		func(sc *schemaState) *[]uint64 { return &sc.ix.Label }, t.s.names.id(label), cmp.Compare[uint64], nil)
}

// lpIndexArgs registers an index's label and property paths (label first,
// then each path element, as the query's names are met).
func (t *Txn) lpIndexArgs(label string, paths [][]string) (uint64, []format.PropertyPath, []format.NamePath, error) {
	if len(paths) == 0 {
		return 0, nil, nil, &SchemaError{Op: "label+properties index on :" + label, Reason: "no properties given"}
	}
	l := t.s.names.id(label)
	ids := make([]format.PropertyPath, len(paths))
	names := make([]format.NamePath, len(paths))
	for i, p := range paths {
		if len(p) == 0 {
			return 0, nil, nil, &SchemaError{Op: "label+properties index on :" + label, Reason: "an empty property path"}
		}
		for _, n := range p {
			ids[i] = append(ids[i], t.s.names.id(n))
		}
		names[i] = slices.Clone(p)
	}
	return l, ids, names, nil
}

// CreateLabelPropertiesIndex creates a label+properties index: one or more
// property paths (a path longer than one is a nested property a.b.c),
// ascending or descending (READ_ONLY access).
func (t *Txn) CreateLabelPropertiesIndex(label string, paths [][]string, desc bool) error {
	return t.labelPropertiesIndex(label, paths, desc, true)
}

// DropLabelPropertiesIndex drops a label+properties index (READ access).
func (t *Txn) DropLabelPropertiesIndex(label string, paths [][]string, desc bool) error {
	return t.labelPropertiesIndex(label, paths, desc, false)
}

func (t *Txn) labelPropertiesIndex(label string, paths [][]string, desc, create bool) error {
	l, ids, names, err := t.lpIndexArgs(label, paths)
	if err != nil {
		return err
	}
	d := format.LabelPropertiesDelta{Label: label, Paths: names}
	list := func(sc *schemaState) *[]format.LabelPropertiesIndex { return &sc.ix.LabelProperties }
	if desc {
		d.Order = format.IndexOrderDesc
		list = func(sc *schemaState) *[]format.LabelPropertiesIndex { return &sc.ix.LabelPropertiesDesc }
	}
	return changeSorted(t, labelPropertiesIndexKind, create, fmt.Sprintf("%s%v", label, paths), d,
		list, format.LabelPropertiesIndex{Label: l, Paths: ids}, compareLP, nil)
}

// CreateEdgeTypeIndex creates an edge-type index (READ_ONLY access).
func (t *Txn) CreateEdgeTypeIndex(typ string) error { return t.edgeTypeIndex(typ, true) }

// DropEdgeTypeIndex drops an edge-type index (READ access).
func (t *Txn) DropEdgeTypeIndex(typ string) error { return t.edgeTypeIndex(typ, false) }

func (t *Txn) edgeTypeIndex(typ string, create bool) error {
	return changeSorted(t, edgeTypeIndexKind, create, typ, format.EdgeTypeDelta{EdgeType: typ},
		func(sc *schemaState) *[]uint64 { return &sc.eix.EdgeType }, t.s.names.id(typ), cmp.Compare[uint64], nil)
}

// CreateEdgeTypePropertyIndex creates an edge-type+property index (READ_ONLY access).
func (t *Txn) CreateEdgeTypePropertyIndex(typ, property string) error {
	return t.edgeTypePropertyIndex(typ, property, true)
}

// DropEdgeTypePropertyIndex drops an edge-type+property index (READ access).
func (t *Txn) DropEdgeTypePropertyIndex(typ, property string) error {
	return t.edgeTypePropertyIndex(typ, property, false)
}

func (t *Txn) edgeTypePropertyIndex(typ, property string, create bool) error {
	key := t.labelPropertyIDs(typ, property)
	return changeSorted(t, edgeTypePropertyIndexKind, create, labelAndProperty(typ, property),
		format.EdgeTypePropertyDelta{EdgeType: typ, Property: property},
		func(sc *schemaState) *[]format.LabelProperty { return &sc.eix.EdgeTypeProperty }, key, compareLabelProperty, nil)
}

// globalIndex creates or drops a global (edge or vertex) property index.
func (t *Txn) globalIndex(property string, edges, create bool) error {
	kind := globalVertexPropertyIndexKind
	list := func(sc *schemaState) *[]uint64 { return &sc.eix.GlobalVertexProperty }
	if edges {
		kind = globalEdgePropertyIndexKind
		list = func(sc *schemaState) *[]uint64 { return &sc.eix.GlobalEdgeProperty }
	}
	return changeSorted(t, kind, create, "("+property+")", format.PropertyOnlyDelta{Property: property},
		list, t.s.names.id(property), cmp.Compare[uint64], nil)
}

// CreateGlobalVertexPropertyIndex creates CREATE GLOBAL INDEX ON :(p) (READ_ONLY access).
func (t *Txn) CreateGlobalVertexPropertyIndex(property string) error {
	return t.globalIndex(property, false, true)
}

// DropGlobalVertexPropertyIndex drops a global vertex-property index (READ access).
func (t *Txn) DropGlobalVertexPropertyIndex(property string) error {
	return t.globalIndex(property, false, false)
}

// CreateGlobalEdgePropertyIndex creates CREATE GLOBAL EDGE INDEX ON :(p) (READ_ONLY access).
func (t *Txn) CreateGlobalEdgePropertyIndex(property string) error {
	return t.globalIndex(property, true, true)
}

// DropGlobalEdgePropertyIndex drops a global edge-property index (READ access).
func (t *Txn) DropGlobalEdgePropertyIndex(property string) error {
	return t.globalIndex(property, true, false)
}

// CreatePointIndex creates a point index (UNIQUE access).
func (t *Txn) CreatePointIndex(label, property string) error {
	return t.pointIndex(label, property, true)
}

// DropPointIndex drops a point index (UNIQUE access).
func (t *Txn) DropPointIndex(label, property string) error {
	return t.pointIndex(label, property, false)
}

func (t *Txn) pointIndex(label, property string, create bool) error {
	key := t.labelPropertyIDs(label, property)
	return changeSorted(t, pointIndexKind, create, labelAndProperty(label, property),
		format.LabelPropertyDelta{Label: label, Property: property},
		func(sc *schemaState) *[]format.LabelProperty { return &sc.eix.Point }, key, compareLabelProperty, nil)
}

// VectorIndexSpec describes a vector index. Zero fields take Memgraph's
// defaults: Metric "l2sq", Resize 2, ScalarKind f32 (11), Mode single for
// one target and wildcard for none.
type VectorIndexSpec struct {
	Name      string
	Edge      bool     // a vector edge index over edge types
	Mode      uint64   // format.VectorMode*
	Targets   []string // labels or edge types
	Property  string
	Metric    string
	Dimension uint64
	Resize    uint64
	Capacity  uint64
	// ScalarKind is usearch's scalar kind number (graph.ScalarKindName).
	ScalarKind uint64
}

func (sc *schemaState) hasVectorIndex(name string) bool {
	for _, v := range sc.eix.Vector {
		if v.Name == name {
			return true
		}
	}
	for _, v := range sc.eix.VectorEdge {
		if v.Name == name {
			return true
		}
	}
	return false
}

// CreateVectorIndex creates a vector index (UNIQUE access). Its targets
// and its property are registered with the name-id mapper, then its name
// when the version's Memgraph registers it then (vectororder.go).
func (t *Txn) CreateVectorIndex(spec VectorIndexSpec) error {
	s := t.s
	if spec.Metric == "" {
		spec.Metric = "l2sq"
	}
	if spec.Resize == 0 {
		spec.Resize = 2
	}
	if spec.ScalarKind == 0 {
		spec.ScalarKind = graph.DefaultScalarKind
	}
	if spec.Mode == format.VectorModeSingle && len(spec.Targets) == 0 {
		spec.Mode = format.VectorModeWildcard
	}
	op := "create vector index " + spec.Name
	switch {
	case spec.Name == "":
		return &SchemaError{Op: op, Reason: "the index has no name"}
	case spec.Dimension == 0:
		return &SchemaError{Op: op, Reason: "the dimension must be positive"}
	case spec.Mode > format.VectorModeAllOf:
		return &SchemaError{Op: op, Reason: fmt.Sprintf("match mode %d does not exist", spec.Mode)}
	case spec.Mode == format.VectorModeSingle && len(spec.Targets) != 1,
		spec.Mode == format.VectorModeWildcard && len(spec.Targets) != 0:
		return &SchemaError{Op: op, Reason: "the match mode does not fit the number of labels or edge types"}
	}
	targets := make([]uint64, len(spec.Targets))
	for i, n := range spec.Targets {
		targets[i] = s.names.id(n)
	}
	x := format.VectorIndex{Name: spec.Name, Mode: spec.Mode, Targets: targets, Property: s.names.id(spec.Property), Metric: spec.Metric,
		Dimension: spec.Dimension, Resize: spec.Resize, Capacity: spec.Capacity, ScalarKind: spec.ScalarKind}
	var entering []*vertex // a node index's vertices, refused when misfit is set
	var misfit error
	if !spec.Edge {
		entering, misfit = t.verticesEntering(op, &x)
	}
	switch {
	case s.vectorByID(spec.Edge):
		s.names.id(spec.Name)
	case !spec.Edge && s.vectorNameOnEntry() && (len(entering) > 0 || misfit != nil):
		// Populating the index registers its name.
		s.names.id(spec.Name)
	}
	m := format.DeltaVectorIndexCreate
	if spec.Edge {
		m = format.DeltaVectorEdgeIndexCreate
	}
	d := format.VectorIndexDelta{Name: spec.Name, Mode: spec.Mode, Targets: slices.Clone(spec.Targets), Property: spec.Property,
		Metric: spec.Metric, Dimension: spec.Dimension, Resize: spec.Resize, Capacity: spec.Capacity, ScalarKind: spec.ScalarKind}
	if !s.features.Has(format.FeatVectorScalarKind) && d.ScalarKind == graph.DefaultScalarKind {
		d.ScalarKind = 0 // implied by the version
	}
	return t.schemaOp(op, wantUnique, m, d, func(sc *schemaState) error {
		if sc.hasVectorIndex(spec.Name) {
			return exists(op)
		}
		if spec.Edge {
			sc.eix.VectorEdge = append(sc.eix.VectorEdge, x)
		} else {
			if misfit != nil {
				return misfit
			}
			sc.eix.Vector = append(sc.eix.Vector, x)
			for _, v := range entering {
				v.mu.Lock()
				v.props = s.heldVectors(sc.eix.Vector, v.labels, v.props, nil)
				v.mu.Unlock()
			}
		}
		if s.vectorByID(spec.Edge) {
			sc.vectorTable(spec.Edge).insert(s.names.id(spec.Name))
		}
		return nil
	})
}

// DropVectorIndex drops a vector index, node or edge (UNIQUE access).
func (t *Txn) DropVectorIndex(name string) error {
	s := t.s
	op := "drop vector index " + name
	return t.schemaOp(op, wantUnique, format.DeltaVectorIndexDrop, format.NameOnlyDelta{Name: name}, func(sc *schemaState) error {
		for _, kind := range []struct {
			edge bool
			list *[]format.VectorIndex
		}{{false, &sc.eix.Vector}, {true, &sc.eix.VectorEdge}} {
			edge, list := kind.edge, kind.list
			for i, v := range *list {
				if v.Name != name {
					continue
				}
				*list = slices.Delete(*list, i, i+1)
				switch {
				case s.vectorByID(edge):
					sc.vectorTable(edge).erase(s.names.id(name))
				case !edge && s.vectorNameOnEntry():
					s.names.id(name) // the drop looks the name's id up
				}
				return nil
			}
		}
		return missing(op)
	})
}

// TextIndexSpec describes a text index over a label (or, Edge, an edge type).
type TextIndexSpec struct {
	Name       string
	Edge       bool
	Target     string
	Properties []string
}

func compareTextIndex(a, b format.TextIndex) int { return cmp.Compare(a.Name, b.Name) }

func (sc *schemaState) textIndexByName(name string) (edge bool, ok bool) {
	for _, x := range sc.eix.Text {
		if x.Name == name {
			return false, true
		}
	}
	for _, x := range sc.eix.TextEdge {
		if x.Name == name {
			return true, true
		}
	}
	return false, false
}

// CreateTextIndex creates a text index (UNIQUE access).
func (t *Txn) CreateTextIndex(spec TextIndexSpec) error {
	s := t.s
	target := s.names.id(spec.Target)
	props := make([]uint64, len(spec.Properties))
	for i, p := range spec.Properties {
		props[i] = s.names.id(p)
	}
	m := format.DeltaTextIndexCreate
	if spec.Edge {
		m = format.DeltaTextEdgeIndexCreate
	}
	op := "create text index " + spec.Name
	d := format.TextIndexDelta{Name: spec.Name, Target: spec.Target, Properties: slices.Clone(spec.Properties)}
	return t.schemaOp(op, wantUnique, m, d, func(sc *schemaState) error {
		if _, ok := sc.textIndexByName(spec.Name); ok {
			return exists(op)
		}
		x := format.TextIndex{Name: spec.Name, Target: target, Properties: props}
		if spec.Edge {
			sc.eix.TextEdge, _ = insertSorted(sc.eix.TextEdge, x, compareTextIndex)
		} else {
			sc.eix.Text, _ = insertSorted(sc.eix.Text, x, compareTextIndex)
		}
		return nil
	})
}

// DropTextIndex drops a text index, node or edge (UNIQUE access). Before
// TextIndexProperties the drop delta also names the index's label.
func (t *Txn) DropTextIndex(name string) error {
	op := "drop text index " + name
	d := format.TextIndexDelta{Name: name}
	if !t.s.features.Has(format.FeatTextIndexProperties) {
		for _, x := range t.schemaView().eix.Text {
			if x.Name == name {
				d.Target = t.s.names.name(x.Target)
			}
		}
	}
	return t.schemaOp(op, wantUnique, format.DeltaTextIndexDrop, d, func(sc *schemaState) error {
		edge, ok := sc.textIndexByName(name)
		if !ok {
			return missing(op)
		}
		key := format.TextIndex{Name: name}
		if edge {
			sc.eix.TextEdge, _ = removeSorted(sc.eix.TextEdge, key, compareTextIndex)
		} else {
			sc.eix.Text, _ = removeSorted(sc.eix.Text, key, compareTextIndex)
		}
		return nil
	})
}
