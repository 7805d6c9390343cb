package encode

import (
	"fmt"

	"github.com/durascope/durascope/format"
)

// The section encoders below mirror decode/snapshot.go and
// decode/snapshot_schema.go field by field, under the same features. They
// assume the model passed checkSnapshotSections.

// pathsShape checks that the property paths of a label+properties entry fit
// the version: one path of length one before CompositeIndices, paths of
// length one before NestedIndices.
func pathsShape[P ~[]E, E any](f format.Features, paths []P) (what string, feature format.Feature, ok bool) {
	if !f.Has(format.FeatCompositeIndices) {
		switch {
		case len(paths) == 1 && len(paths[0]) == 1:
			return "", format.NoFeature, true
		case len(paths) == 0:
			return "label+properties entry without a property", format.NoFeature, false
		case len(paths) > 1:
			return "composite index over several properties", format.FeatCompositeIndices, false
		case len(paths[0]) > 1:
			return "nested property path", format.FeatNestedIndices, false
		}
		return "empty property path", format.NoFeature, false
	}
	if !f.Has(format.FeatNestedIndices) {
		for _, p := range paths {
			switch {
			case len(p) > 1:
				return "nested property path", format.FeatNestedIndices, false
			case len(p) == 0:
				return "empty property path", format.NoFeature, false
			}
		}
	}
	return "", format.NoFeature, true
}

// checkPaths checks an index's property paths against the version (pathsShape).
func checkPaths[P ~[]E, E any](c *issues, f format.Features, ps []P, where string) {
	if what, feature, ok := pathsShape(f, ps); !ok {
		c.refuse(where, what, feature)
	}
}

// writePaths writes an index's property paths as the version lays them
// out (pathsShape): the one property alone before CompositeIndices, then a
// count and each path's property, from NestedIndices each path as a list.
// A WAL names the properties, a snapshot gives their mapper ids.
func writePaths[P ~[]E, E any](e *enc, f format.Features, ps []P, one func(E), list func([]E)) {
	if !f.Has(format.FeatCompositeIndices) {
		one(ps[0][0])
		return
	}
	e.uint(uint64(len(ps)))
	for _, p := range ps {
		if !f.Has(format.FeatNestedIndices) {
			one(p[0])
		} else {
			list(p)
		}
	}
}

func (e *enc) indices(f format.Features, ix *format.Indices) {
	e.marker(format.SectionIndices)
	e.uintList(ix.Label)
	if f.Has(format.FeatIndexStats) {
		e.uint(uint64(len(ix.LabelStats)))
		for _, st := range ix.LabelStats {
			e.uint(st.Label)
			e.uint(st.Count)
			e.dbl(st.AvgDegree)
		}
	}
	lp := func(l []format.LabelPropertiesIndex) {
		e.uint(uint64(len(l)))
		for _, x := range l {
			e.uint(x.Label)
			writePaths(e, f, x.Paths, e.uint, e.uintList)
		}
	}
	lp(ix.LabelProperties)
	if f.Has(format.FeatDescIndices) {
		lp(ix.LabelPropertiesDesc)
	}
	if f.Has(format.FeatIndexStats) {
		e.uint(uint64(len(ix.LabelPropertyStats)))
		for _, st := range ix.LabelPropertyStats {
			e.uint(st.Label)
			writePaths(e, f, st.Paths, e.uint, e.uintList)
			e.uint(st.Count)
			e.uint(st.DistinctCount)
			e.dbl(st.Statistic)
			e.dbl(st.AvgGroupSize)
			e.dbl(st.AvgDegree)
		}
	}
}

func (c *issues) indices(f format.Features, ix *format.Indices) {
	if len(ix.LabelStats) > 0 && !f.Has(format.FeatIndexStats) {
		c.needs("indices.label_stats", "label index statistics", format.FeatIndexStats)
	}
	if len(ix.LabelPropertiesDesc) > 0 && !f.Has(format.FeatDescIndices) {
		c.needs("indices.label_properties_desc", "descending label+properties indices", format.FeatDescIndices)
	}
	if len(ix.LabelPropertyStats) > 0 && !f.Has(format.FeatIndexStats) {
		c.needs("indices.label_property_stats", "label+properties index statistics", format.FeatIndexStats)
	}
	for i, x := range ix.LabelProperties {
		checkPaths(c, f, x.Paths, fmt.Sprintf("indices.label_properties #%d", i))
	}
	for i, x := range ix.LabelPropertiesDesc {
		checkPaths(c, f, x.Paths, fmt.Sprintf("indices.label_properties_desc #%d", i))
	}
	for i, x := range ix.LabelPropertyStats {
		checkPaths(c, f, x.Paths, fmt.Sprintf("indices.label_property_stats #%d", i))
	}
}

func (e *enc) labelProperties(l []format.LabelProperty) {
	e.uint(uint64(len(l)))
	for _, x := range l {
		e.uint(x.Label)
		e.uint(x.Property)
	}
}

// A vector index definition, in a VECTOR_INDEX_CREATE delta (names) and in
// a snapshot's vector index entry (mapper ids) alike, is its name, its
// targets, its property, then its configuration.

// writeVectorTargets writes the labels or edge types a vector index is
// over: from VectorMultiLabel its match mode and the list, before it the
// one target.
func writeVectorTargets[T any](e *enc, f format.Features, mode uint64, targets []T, one func(T), list func([]T)) {
	if f.Has(format.FeatVectorMultiLabel) {
		e.uint(mode)
		list(targets)
	} else {
		one(targets[0])
	}
}

// vectorConfig writes the configuration that ends a vector index
// definition, the scalar kind from VectorScalarKind.
func (e *enc) vectorConfig(f format.Features, metric string, dimension, resize, capacity, scalarKind uint64) {
	e.str(metric)
	e.uint(dimension)
	e.uint(resize)
	e.uint(capacity)
	if f.Has(format.FeatVectorScalarKind) {
		e.uint(scalarKind)
	}
}

// vectorDefinition checks what of a vector index definition the version
// must have: one target in single mode before VectorMultiLabel, a scalar
// kind only from VectorScalarKind, a known match mode.
func (c *issues) vectorDefinition(f format.Features, where string, mode uint64, targets int, scalarKind uint64) {
	if !f.Has(format.FeatVectorMultiLabel) {
		if mode != format.VectorModeSingle {
			c.needs(where, fmt.Sprintf("vector match mode %d", mode), format.FeatVectorMultiLabel)
		}
		if targets != 1 {
			c.needs(where, fmt.Sprintf("vector index over %d targets", targets), format.FeatVectorMultiLabel)
		}
	}
	if scalarKind != 0 && !f.Has(format.FeatVectorScalarKind) {
		c.needs(where, "vector scalar kind", format.FeatVectorScalarKind)
	}
	c.enum(where, "vector match mode", mode, format.VectorModeAllOf)
}

func (e *enc) vectorIndices(f format.Features, l []format.VectorIndex, edge bool) {
	// The entries come from e.entries, when set, rather than l.
	withEntries := f.VectorEntries(edge)
	e.uint(uint64(len(l)))
	for i := range l {
		v := &l[i]
		e.str(v.Name)
		writeVectorTargets(e, f, v.Mode, v.Targets, e.uint, e.uintList)
		e.uint(v.Property)
		e.vectorConfig(f, v.Metric, v.Dimension, v.Resize, v.Capacity, v.ScalarKind)
		if withEntries && e.entries != nil {
			e.sourcedEntries(v, edge, i)
		} else if withEntries {
			e.uint(uint64(len(v.Entries)))
			for _, en := range v.Entries {
				e.uint(en.Gid)
				for _, d := range en.Vector {
					e.dbl(d)
				}
				e.spill()
			}
		}
	}
}

// VectorEntrySource gives SnapshotWriter.FinishWith the entries of the
// vector indices of the sections it writes, which then hold none (their
// Entries are nil): a vector-heavy snapshot is mostly entries, which a
// converter reads from its input as they are written instead of holding.
type VectorEntrySource interface {
	// Count is how many entries index i of the vertex (edge) vector
	// indices has.
	Count(edge bool, i int) uint64
	// Write writes them to w, in order: Count entries of the index's
	// dimension.
	Write(edge bool, i int, w *VectorEntryWriter) error
}

// VectorEntryWriter writes the entries of one vector index for a
// VectorEntrySource: Entry starts one, Components follow until the
// index's dimension is reached.
type VectorEntryWriter struct {
	e       *enc
	dim     uint64
	entries uint64 // started so far
	parts   uint64 // components of the entry being written
	err     error
}

// Entry starts the next entry, the object gid's.
func (w *VectorEntryWriter) Entry(gid uint64) {
	w.endEntry()
	w.e.spill()
	w.e.uint(gid)
	w.entries++
}

// Components writes the entry's next components.
func (w *VectorEntryWriter) Components(xs []float64) {
	if w.entries == 0 && w.err == nil {
		w.err = fmt.Errorf("components before an entry")
	}
	for _, x := range xs {
		w.e.dbl(x)
	}
	w.parts += uint64(len(xs))
	w.e.spill()
}

// endEntry checks that the entry being written has the index's dimension.
func (w *VectorEntryWriter) endEntry() {
	if w.entries > 0 && w.parts != w.dim && w.err == nil {
		w.err = fmt.Errorf("entry #%d has %d components in an index of dimension %d", w.entries-1, w.parts, w.dim)
	}
	w.parts = 0
}

// sourcedEntries writes the entry list of index i of the vertex (edge)
// vector indices, v, from e.entries.
func (e *enc) sourcedEntries(v *format.VectorIndex, edge bool, i int) {
	n := e.entries.Count(edge, i)
	e.uint(n)
	w := &VectorEntryWriter{e: e, dim: v.Dimension}
	err := e.entries.Write(edge, i, w)
	if w.endEntry(); err == nil {
		err = w.err
	}
	if err == nil && w.entries != n {
		err = fmt.Errorf("%d entries written of %d", w.entries, n)
	}
	if err != nil && e.err == nil {
		e.err = fmt.Errorf("encode: vector index %q: %w", v.Name, err)
	}
}

// sourcedEntries checks the entries a VectorEntrySource gives: the
// version must carry them, and the sections must not hold them too.
func (c *issues) sourcedEntries(f format.Features, l []format.VectorIndex, edge bool, where string, src VectorEntrySource) {
	for i := range l {
		n := src.Count(edge, i)
		if n == 0 {
			continue
		}
		at := fmt.Sprintf("%s #%d (%q)", where, i, l[i].Name)
		switch {
		case !f.VectorEntries(edge):
			c.needsEntries(at, edge)
		case len(l[i].Entries) > 0:
			c.invalid(at, "entries held and given by a source both")
		}
	}
}

// needsEntries reports entries of the vertex (edge) vector index at, which
// the version does not carry (Features.VectorEntries).
func (c *issues) needsEntries(at string, edge bool) {
	if edge {
		c.needs(at, "vector edge index entries", format.FeatVectorEdgeEntries)
	} else {
		c.needs(at, "vector index entries", format.FeatVectorIndexID)
	}
}

func (c *issues) vectorIndices(f format.Features, l []format.VectorIndex, edge bool, where string) {
	withEntries := f.VectorEntries(edge)
	for i := range l {
		v := &l[i]
		at := fmt.Sprintf("%s #%d (%q)", where, i, v.Name)
		c.vectorDefinition(f, at, v.Mode, len(v.Targets), v.ScalarKind)
		if len(v.Entries) > 0 && !withEntries {
			c.needsEntries(at, edge)
		}
		if withEntries {
			for j, en := range v.Entries {
				if uint64(len(en.Vector)) != v.Dimension {
					c.invalid(fmt.Sprintf("%s entry #%d", at, j),
						fmt.Sprintf("vector of %d components in an index of dimension %d", len(en.Vector), v.Dimension))
				}
			}
		}
	}
}

func (e *enc) textIndices(f format.Features, l []format.TextIndex) {
	e.uint(uint64(len(l)))
	for _, t := range l {
		e.str(t.Name)
		e.uint(t.Target)
		if f.Has(format.FeatTextIndexProperties) {
			e.uintList(t.Properties)
		}
	}
}

func (e *enc) edgeIndices(f format.Features, ei *format.EdgeIndices) {
	e.marker(format.SectionEdgeIndices)
	e.uintList(ei.EdgeType)
	if f.Has(format.FeatEdgeTypePropertyIndex) {
		e.labelProperties(ei.EdgeTypeProperty)
	}
	if f.Has(format.FeatGlobalEdgePropertyIndex) {
		e.uintList(ei.GlobalEdgeProperty)
	}
	if f.Has(format.FeatGlobalVertexPropertyIndex) {
		e.uintList(ei.GlobalVertexProperty)
	}
	if f.Has(format.FeatPointIndexTypeConstraints) {
		e.labelProperties(ei.Point)
	}
	if f.Has(format.FeatVectorIndex) {
		e.vectorIndices(f, ei.Vector, false)
	}
	if f.Has(format.FeatVectorEdgeIndex) {
		e.vectorIndices(f, ei.VectorEdge, true)
	}
	if ei.TextPresent {
		e.textIndices(f, ei.Text)
	}
	if f.Has(format.FeatTextEdgeIndex) && ei.TextEdgePresent {
		e.textIndices(f, ei.TextEdge)
	}
}

func (c *issues) edgeIndices(f format.Features, ei *format.EdgeIndices) {
	const w = "edge_indices"
	if !f.Has(format.FeatEdgeIndices) {
		if len(ei.EdgeType) > 0 || len(ei.EdgeTypeProperty) > 0 || len(ei.GlobalEdgeProperty) > 0 ||
			len(ei.GlobalVertexProperty) > 0 || len(ei.Point) > 0 || len(ei.Vector) > 0 ||
			len(ei.VectorEdge) > 0 || len(ei.Text) > 0 || len(ei.TextEdge) > 0 ||
			ei.TextPresent || ei.TextEdgePresent {
			c.needs(w, "edge-indices section", format.FeatEdgeIndices)
		}
		return
	}
	if len(ei.EdgeTypeProperty) > 0 && !f.Has(format.FeatEdgeTypePropertyIndex) {
		c.needs(w+".edge_type_property", "edge-type+property indices", format.FeatEdgeTypePropertyIndex)
	}
	if len(ei.GlobalEdgeProperty) > 0 && !f.Has(format.FeatGlobalEdgePropertyIndex) {
		c.needs(w+".global_edge_property", "global edge-property indices", format.FeatGlobalEdgePropertyIndex)
	}
	if len(ei.GlobalVertexProperty) > 0 && !f.Has(format.FeatGlobalVertexPropertyIndex) {
		c.needs(w+".global_vertex_property", "global vertex-property indices", format.FeatGlobalVertexPropertyIndex)
	}
	if len(ei.Point) > 0 && !f.Has(format.FeatPointIndexTypeConstraints) {
		c.needs(w+".point", "point indices", format.FeatPointIndexTypeConstraints)
	}
	if len(ei.Vector) > 0 && !f.Has(format.FeatVectorIndex) {
		c.needs(w+".vector", "vector indices", format.FeatVectorIndex)
	}
	if len(ei.VectorEdge) > 0 && !f.Has(format.FeatVectorEdgeIndex) {
		c.needs(w+".vector_edge", "vector edge indices", format.FeatVectorEdgeIndex)
	}
	if f.Has(format.FeatVectorIndex) {
		c.vectorIndices(f, ei.Vector, false, w+".vector")
	}
	if f.Has(format.FeatVectorEdgeIndex) {
		c.vectorIndices(f, ei.VectorEdge, true, w+".vector_edge")
	}
	if len(ei.Text) > 0 && !ei.TextPresent {
		c.invalid(w+".text", "text indices in a list marked absent (TextPresent is false)")
	}
	if len(ei.TextEdge) > 0 && !ei.TextEdgePresent {
		c.invalid(w+".text_edge", "text edge indices in a list marked absent (TextEdgePresent is false)")
	}
	if (ei.TextEdgePresent || len(ei.TextEdge) > 0) && !f.Has(format.FeatTextEdgeIndex) {
		c.needs(w+".text_edge", "text edge index list", format.FeatTextEdgeIndex)
	}
	if ei.TextEdgePresent && !ei.TextPresent {
		c.invalid(w+".text_edge", "a text edge index list without a text index list reads back as the text index list")
	}
	if !f.Has(format.FeatTextIndexProperties) {
		for i, t := range ei.Text {
			if len(t.Properties) > 0 {
				c.needs(fmt.Sprintf("%s.text #%d", w, i), "text index properties", format.FeatTextIndexProperties)
			}
		}
		for i, t := range ei.TextEdge {
			if len(t.Properties) > 0 {
				c.needs(fmt.Sprintf("%s.text_edge #%d", w, i), "text index properties", format.FeatTextIndexProperties)
			}
		}
	}
}

func (e *enc) constraints(f format.Features, cs *format.Constraints) {
	e.marker(format.SectionConstraints)
	e.labelProperties(cs.Existence)
	e.uint(uint64(len(cs.Unique)))
	for _, u := range cs.Unique {
		e.uint(u.Label)
		e.uintList(u.Properties)
	}
	if f.Has(format.FeatPointIndexTypeConstraints) {
		e.uint(uint64(len(cs.Type)))
		for _, t := range cs.Type {
			e.uint(t.Label)
			e.uint(t.Property)
			e.uint(t.Kind)
		}
	}
}

func (e *enc) mapper(l []format.MapperEntry) {
	e.marker(format.SectionMapper)
	e.uint(uint64(len(l)))
	for _, m := range l {
		e.uint(m.ID)
		e.str(m.Name)
		e.spill()
	}
}

func (e *enc) enums(l []format.EnumType) {
	e.marker(format.SectionEnums)
	e.uint(uint64(len(l)))
	for _, t := range l {
		e.str(t.Name)
		e.strList(t.Values)
		e.spill()
	}
}

func (e *enc) epochHistory(l []format.EpochEntry) {
	e.marker(format.SectionEpochHistory)
	e.uint(uint64(len(l)))
	for _, x := range l {
		e.str(x.ID)
		e.uint(x.Timestamp)
		e.spill()
	}
}

func (e *enc) metadata(f format.Features, m *format.SnapshotMetadata) {
	e.marker(format.SectionMetadata)
	e.str(m.UUID)
	e.str(m.Epoch)
	e.uint(m.StartTimestamp)
	if f.Has(format.FeatDurableTimestamp) {
		e.uint(m.DurableTimestamp)
	}
	e.uint(m.EdgeCount)
	e.uint(m.VertexCount)
	if f.Has(format.FeatNumCommittedTxns) {
		e.uint(m.NumCommittedTxns)
	}
}

func (e *enc) batchTable(l []format.Batch) {
	e.uint(uint64(len(l)))
	for _, b := range l {
		e.uint(b.Offset)
		e.uint(b.Count)
		e.spill()
	}
}

// ttl writes SECTION_TTL; nil is written as disabled.
func (e *enc) ttl(t *format.TTLConfig) {
	e.marker(format.SectionTTL)
	if t == nil || !t.Enabled {
		e.boolean(false)
		return
	}
	e.boolean(true)
	e.boolean(t.Running)
	e.optionalUint(t.HasPeriod, t.PeriodUs)
	e.optionalUint(t.HasStart, t.StartNs)
	e.boolean(t.EdgeTTL)
}

func (c *issues) ttl(t *format.TTLConfig) {
	if t == nil {
		return
	}
	if !t.Enabled && (t.Running || t.HasPeriod || t.PeriodUs != 0 || t.HasStart || t.StartNs != 0 || t.EdgeTTL) {
		c.invalid("ttl", "a disabled TTL section holds nothing but the enabled flag")
	}
	if !t.HasPeriod && t.PeriodUs != 0 {
		c.invalid("ttl", "period without HasPeriod")
	}
	if !t.HasStart && t.StartNs != 0 {
		c.invalid("ttl", "start time without HasStart")
	}
}

func (e *enc) descriptions(f format.Features, l []format.Description) {
	e.marker(format.SectionDescriptions)
	e.uint(uint64(len(l)))
	for i := range l {
		e.description(&l[i], true)
		e.spill()
	}
}

// description writes one description entry; withText adds the trailing text
// (absent in DESCRIPTION_DELETE).
func (e *enc) description(d *format.Description, withText bool) {
	e.uint(uint64(d.Kind))
	switch d.Kind {
	case format.DescDatabase:
	case format.DescLabel:
		e.strList(d.Labels)
	case format.DescEdgeType:
		e.str(d.EdgeType)
	case format.DescLabelProperty:
		e.strList(d.Labels)
		e.str(d.Property)
	case format.DescEdgeTypeProperty:
		e.str(d.EdgeType)
		e.str(d.Property)
	case format.DescProperty:
		e.str(d.Property)
	case format.DescEdgeTypePattern, format.DescEdgeTypePatternProperty:
		e.strList(d.Labels)
		e.str(d.EdgeType)
		e.strList(d.ToLabels)
		if d.Kind == format.DescEdgeTypePatternProperty {
			e.str(d.Property)
		}
	case format.DescPropertyValue:
		e.str(d.Property)
		e.value(d.Value)
	}
	if withText {
		e.str(d.Text)
	}
}

// description checks one description entry: a known kind the version has,
// and no field the kind does not write.
func (c *issues) description(f format.Features, d *format.Description, withText bool, where string) {
	var labels, edgeType, toLabels, property, value bool
	switch d.Kind {
	case format.DescDatabase:
	case format.DescLabel:
		labels = true
	case format.DescEdgeType:
		edgeType = true
	case format.DescLabelProperty:
		labels, property = true, true
	case format.DescEdgeTypeProperty:
		edgeType, property = true, true
	case format.DescProperty:
		property = true
	case format.DescEdgeTypePattern:
		labels, edgeType, toLabels = true, true, true
	case format.DescEdgeTypePatternProperty:
		labels, edgeType, toLabels, property = true, true, true, true
	case format.DescPropertyValue:
		if !f.Has(format.FeatPropertyValueDescription) {
			c.needs(where, "PROPERTY_VALUE description", format.FeatPropertyValueDescription)
		}
		property, value = true, true
	default:
		c.invalid(where, fmt.Sprintf("unknown description kind %d", d.Kind))
		return
	}
	var unused []string
	if !labels && len(d.Labels) > 0 {
		unused = append(unused, "labels")
	}
	if !edgeType && d.EdgeType != "" {
		unused = append(unused, "edge type")
	}
	if !toLabels && len(d.ToLabels) > 0 {
		unused = append(unused, "to-labels")
	}
	if !property && d.Property != "" {
		unused = append(unused, "property")
	}
	if !value && d.Value != nil {
		unused = append(unused, "value")
	}
	if !withText && d.Text != "" {
		unused = append(unused, "text")
	}
	if len(unused) > 0 {
		c.invalid(where, fmt.Sprintf("description kind %d does not store its %v", d.Kind, unused))
	}
	if value {
		c.value(f, d.Value, where+" value")
	}
}

// edgeRecord appends one SECTION_EDGE record.
func (e *enc) edgeRecord(r *format.EdgeRecord) {
	e.marker(format.SectionEdge)
	e.uint(r.Gid)
	e.properties(r.Properties)
}

func (e *enc) properties(l []format.Property) {
	e.uint(uint64(len(l)))
	for _, p := range l {
		e.uint(p.ID)
		e.value(p.Value)
	}
}

// vertexRecord appends one SECTION_VERTEX record.
func (e *enc) vertexRecord(r *format.VertexRecord) {
	e.marker(format.SectionVertex)
	e.uint(r.Gid)
	e.uintList(r.Labels)
	e.properties(r.Properties)
	e.edgeRefs(r.InEdges)
	e.edgeRefs(r.OutEdges)
}

func (e *enc) edgeRefs(l []format.EdgeRef) {
	e.uint(uint64(len(l)))
	for _, r := range l {
		e.uint(r.Edge)
		e.uint(r.Other)
		e.uint(r.Type)
	}
}

func (c *issues) properties(f format.Features, l []format.Property, kind string, i int, gid uint64) {
	for j, p := range l {
		if what, feature, ok := checkValue(f, p.Value); !ok {
			c.refuse(fmt.Sprintf("%s #%d (gid %d) property #%d (id %d)", kind, i, gid, j, p.ID), what, feature)
		}
	}
}

// checkSnapshotSections checks everything of a snapshot but its records and layout.
func (c *issues) snapshotSections(f format.Features, m *format.Snapshot) {
	c.indices(f, &m.Indices)
	c.edgeIndices(f, &m.EdgeIndices)
	if len(m.Constraints.Type) > 0 && !f.Has(format.FeatPointIndexTypeConstraints) {
		c.needs("constraints.type", "type constraints", format.FeatPointIndexTypeConstraints)
	}
	for i, t := range m.Constraints.Type {
		c.enum(fmt.Sprintf("constraints.type #%d", i), "type constraint kind", t.Kind, format.MaxTypeConstraintKind)
	}
	if len(m.Enums) > 0 && !f.Has(format.FeatEnums) {
		c.needs("enums", "enum definitions", format.FeatEnums)
	}
	if !f.Has(format.FeatDurableTimestamp) && m.Metadata.DurableTimestamp != m.Metadata.StartTimestamp {
		c.needs("metadata", "a durable timestamp other than the start timestamp", format.FeatDurableTimestamp)
	}
	if !f.Has(format.FeatNumCommittedTxns) && m.Metadata.NumCommittedTxns != 0 {
		c.needs("metadata", "number of committed transactions", format.FeatNumCommittedTxns)
	}
	if m.TTL != nil && !f.Has(format.FeatTTL) {
		c.needs("ttl", "TTL section", format.FeatTTL)
	}
	c.ttl(m.TTL)
	if len(m.Descriptions) > 0 && !f.Has(format.FeatDescriptions) {
		c.needs("descriptions", "descriptions section", format.FeatDescriptions)
	}
	for i := range m.Descriptions {
		c.description(f, &m.Descriptions[i], true, fmt.Sprintf("descriptions #%d", i))
	}
}
