package decode

import (
	"fmt"

	"github.com/durascope/durascope/format"
)

// paths reads the property part of a label+properties index entry in the
// shape of the version: one id, a list of ids (CompositeIndices), or a list
// of id paths (NestedIndices).
func paths(c *cursor, f format.Features) ([]format.PropertyPath, error) {
	if !f.Has(format.FeatCompositeIndices) {
		p, err := c.uint("property id")
		if err != nil {
			return nil, err
		}
		return []format.PropertyPath{{p}}, nil
	}
	n, err := c.count("property path count", 9)
	if err != nil {
		return nil, err
	}
	out := make([]format.PropertyPath, 0, prealloc(n))
	for i := uint64(0); i < n; i++ {
		if !f.Has(format.FeatNestedIndices) {
			p, err := c.uint("property id")
			if err != nil {
				return nil, err
			}
			out = append(out, format.PropertyPath{p})
			continue
		}
		p, err := c.uintList("property path element")
		if err != nil {
			return nil, err
		}
		out = append(out, format.PropertyPath(p))
	}
	return out, nil
}

// Indices reads SECTION_INDICES.
func (s *Snapshot) Indices() (format.Indices, error) {
	out, _, err := s.indices()
	return out, err
}

func (s *Snapshot) indices() (format.Indices, int64, error) {
	var ix format.Indices
	c, err := s.section(format.OffsetIndices, format.SectionIndices)
	if err != nil {
		return ix, 0, err
	}
	f := s.Features
	fail := func(err error, list string) (format.Indices, int64, error) {
		return ix, 0, s.wrap(err, "indices", list)
	}
	if ix.Label, err = c.uintList("label index"); err != nil {
		return fail(err, "label indices")
	}
	if f.Has(format.FeatIndexStats) {
		n, err := c.count("label index stats", 27)
		if err != nil {
			return fail(err, "label index stats")
		}
		for i := uint64(0); i < n; i++ {
			var st format.LabelStat
			if st.Label, err = c.uint("label id"); err == nil {
				if st.Count, err = c.uint("count"); err == nil {
					st.AvgDegree, err = c.double("avg degree")
				}
			}
			if err != nil {
				return fail(err, fmt.Sprintf("label index stats #%d", i))
			}
			ix.LabelStats = append(ix.LabelStats, st)
		}
	}
	lpList := func(what string) ([]format.LabelPropertiesIndex, error) {
		n, err := c.count(what, 18)
		if err != nil {
			return nil, err
		}
		out := make([]format.LabelPropertiesIndex, 0, prealloc(n))
		for i := uint64(0); i < n; i++ {
			var e format.LabelPropertiesIndex
			if e.Label, err = c.uint("label id"); err == nil {
				e.Paths, err = paths(c, f)
			}
			if err != nil {
				return nil, err
			}
			out = append(out, e)
		}
		return out, nil
	}
	if ix.LabelProperties, err = lpList("label+properties indices"); err != nil {
		return fail(err, "label+properties indices")
	}
	if f.Has(format.FeatDescIndices) {
		if ix.LabelPropertiesDesc, err = lpList("descending label+properties indices"); err != nil {
			return fail(err, "descending label+properties indices")
		}
	}
	if f.Has(format.FeatIndexStats) {
		n, err := c.count("label+properties stats", 63)
		if err != nil {
			return fail(err, "label+properties stats")
		}
		for i := uint64(0); i < n; i++ {
			var st format.LabelPropertiesStat
			err := func() (err error) {
				if st.Label, err = c.uint("label id"); err != nil {
					return
				}
				if st.Paths, err = paths(c, f); err != nil {
					return
				}
				if st.Count, err = c.uint("count"); err != nil {
					return
				}
				if st.DistinctCount, err = c.uint("distinct values count"); err != nil {
					return
				}
				if st.Statistic, err = c.double("statistic"); err != nil {
					return
				}
				if st.AvgGroupSize, err = c.double("avg group size"); err != nil {
					return
				}
				st.AvgDegree, err = c.double("avg degree")
				return
			}()
			if err != nil {
				return fail(err, fmt.Sprintf("label+properties stats #%d", i))
			}
			ix.LabelPropertyStats = append(ix.LabelPropertyStats, st)
		}
	}
	return ix, c.pos, nil
}

func labelPropertyList(c *cursor, what string) ([]format.LabelProperty, error) {
	n, err := c.count(what, 18)
	if err != nil {
		return nil, err
	}
	out := make([]format.LabelProperty, 0, prealloc(n))
	for i := uint64(0); i < n; i++ {
		var e format.LabelProperty
		if e.Label, err = c.uint(what + " label"); err == nil {
			e.Property, err = c.uint(what + " property")
		}
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

func (s *Snapshot) vectorIndices(c *cursor, edge bool) ([]format.VectorIndex, error) {
	f := s.Features
	n, err := c.count("vector indices", 60)
	if err != nil {
		return nil, err
	}
	withEntries := f.Has(format.FeatVectorIndexID) && (!edge || f.Has(format.FeatVectorEdgeEntries))
	out := make([]format.VectorIndex, 0, prealloc(n))
	for i := uint64(0); i < n; i++ {
		var v format.VectorIndex
		err := func() (err error) {
			if v.Name, err = c.str("vector index name"); err != nil {
				return
			}
			if f.Has(format.FeatVectorMultiLabel) {
				if v.Mode, err = c.enum("vector match mode", format.VectorModeAllOf); err != nil {
					return
				}
				if v.Targets, err = c.uintList("vector index target"); err != nil {
					return
				}
			} else {
				var t uint64
				if t, err = c.uint("vector index target"); err != nil {
					return
				}
				v.Mode, v.Targets = format.VectorModeSingle, []uint64{t}
			}
			if v.Property, err = c.uint("vector property"); err != nil {
				return
			}
			if v.Metric, err = c.str("vector metric"); err != nil {
				return
			}
			if v.Dimension, err = c.uint("vector dimension"); err != nil {
				return
			}
			if v.Resize, err = c.uint("vector resize coefficient"); err != nil {
				return
			}
			if v.Capacity, err = c.uint("vector capacity"); err != nil {
				return
			}
			if f.Has(format.FeatVectorScalarKind) {
				if v.ScalarKind, err = c.uint("vector scalar kind"); err != nil {
					return
				}
			}
			if withEntries {
				v.Entries, err = vectorEntries(c, v.Dimension)
			}
			return
		}()
		if err != nil {
			return nil, fmt.Errorf("vector index #%d: %w", i, err)
		}
		out = append(out, v)
	}
	return out, nil
}

func vectorEntries(c *cursor, dim uint64) ([]format.VectorEntry, error) {
	entrySize := int64(9)
	if dim < uint64(c.remaining()/9) {
		entrySize += int64(dim) * 9
	} else {
		entrySize = c.remaining() + 1 // any nonzero count is then too large
	}
	n, err := c.count("vector entries", entrySize)
	if err != nil {
		return nil, err
	}
	out := make([]format.VectorEntry, 0, prealloc(n))
	for i := uint64(0); i < n; i++ {
		e := format.VectorEntry{}
		if e.Gid, err = c.uint("vector entry gid"); err != nil {
			return nil, err
		}
		e.Vector = make([]float64, 0, prealloc(dim))
		for j := uint64(0); j < dim; j++ {
			d, err := c.double("vector component")
			if err != nil {
				return nil, err
			}
			e.Vector = append(e.Vector, d)
		}
		out = append(out, e)
	}
	return out, nil
}

// optionalCount reads a text-index count the way Memgraph does: if the next
// byte is not an INT marker the list is absent (count 0). Writers before
// TextEdgeIndex wrote these lists only with a runtime flag.
func optionalCount(c *cursor, what string, minSize int64) (uint64, bool, error) {
	b, ok := c.peekByte()
	if !ok || format.Marker(b) != format.MarkerInt {
		return 0, false, nil
	}
	n, err := c.count(what, minSize)
	return n, true, err
}

func (s *Snapshot) textIndices(c *cursor, what string) ([]format.TextIndex, bool, error) {
	n, present, err := optionalCount(c, what, 19)
	if err != nil || !present {
		return nil, present, err
	}
	out := make([]format.TextIndex, 0, prealloc(n))
	for i := uint64(0); i < n; i++ {
		var t format.TextIndex
		if t.Name, err = c.str(what + " name"); err == nil {
			if t.Target, err = c.uint(what + " target"); err == nil && s.Features.Has(format.FeatTextIndexProperties) {
				t.Properties, err = c.uintList(what + " property")
			}
		}
		if err != nil {
			return nil, true, err
		}
		out = append(out, t)
	}
	return out, true, nil
}

// EdgeIndices reads SECTION_EDGE_INDICES (zero value before Features.EdgeIndices).
func (s *Snapshot) EdgeIndices() (format.EdgeIndices, error) {
	out, _, err := s.edgeIndices()
	return out, err
}

func (s *Snapshot) edgeIndices() (format.EdgeIndices, int64, error) {
	var ei format.EdgeIndices
	f := s.Features
	if !f.Has(format.FeatEdgeIndices) {
		return ei, 0, nil
	}
	c, err := s.section(format.OffsetEdgeIndices, format.SectionEdgeIndices)
	if err != nil {
		return ei, 0, err
	}
	fail := func(err error, list string) (format.EdgeIndices, int64, error) {
		return ei, 0, s.wrap(err, "edge_indices", list)
	}
	if ei.EdgeType, err = c.uintList("edge-type index"); err != nil {
		return fail(err, "edge-type indices")
	}
	if f.Has(format.FeatEdgeTypePropertyIndex) {
		if ei.EdgeTypeProperty, err = labelPropertyList(c, "edge-type+property index"); err != nil {
			return fail(err, "edge-type+property indices")
		}
	}
	if f.Has(format.FeatGlobalEdgePropertyIndex) {
		if ei.GlobalEdgeProperty, err = c.uintList("global edge-property index"); err != nil {
			return fail(err, "global edge-property indices")
		}
	}
	if f.Has(format.FeatGlobalVertexPropertyIndex) {
		if ei.GlobalVertexProperty, err = c.uintList("global vertex-property index"); err != nil {
			return fail(err, "global vertex-property indices")
		}
	}
	if f.Has(format.FeatPointIndexTypeConstraints) {
		if ei.Point, err = labelPropertyList(c, "point index"); err != nil {
			return fail(err, "point indices")
		}
	}
	if f.Has(format.FeatVectorIndex) {
		if ei.Vector, err = s.vectorIndices(c, false); err != nil {
			return fail(err, "vector indices")
		}
	}
	if f.Has(format.FeatVectorEdgeIndex) {
		if ei.VectorEdge, err = s.vectorIndices(c, true); err != nil {
			return fail(err, "vector edge indices")
		}
	}
	if ei.Text, ei.TextPresent, err = s.textIndices(c, "text index"); err != nil {
		return fail(err, "text indices")
	}
	if f.Has(format.FeatTextEdgeIndex) {
		if ei.TextEdge, ei.TextEdgePresent, err = s.textIndices(c, "text edge index"); err != nil {
			return fail(err, "text edge indices")
		}
	}
	return ei, c.pos, nil
}

// Constraints reads SECTION_CONSTRAINTS.
func (s *Snapshot) Constraints() (format.Constraints, error) {
	out, _, err := s.constraints()
	return out, err
}

func (s *Snapshot) constraints() (format.Constraints, int64, error) {
	var cs format.Constraints
	c, err := s.section(format.OffsetConstraints, format.SectionConstraints)
	if err != nil {
		return cs, 0, err
	}
	fail := func(err error, list string) (format.Constraints, int64, error) {
		return cs, 0, s.wrap(err, "constraints", list)
	}
	if cs.Existence, err = labelPropertyList(c, "existence constraint"); err != nil {
		return fail(err, "existence constraints")
	}
	n, err := c.count("unique constraints", 18)
	if err != nil {
		return fail(err, "unique constraints")
	}
	for i := uint64(0); i < n; i++ {
		var u format.UniqueConstraint
		if u.Label, err = c.uint("unique constraint label"); err == nil {
			u.Properties, err = c.uintList("unique constraint property")
		}
		if err != nil {
			return fail(err, fmt.Sprintf("unique constraint #%d", i))
		}
		cs.Unique = append(cs.Unique, u)
	}
	if s.Features.Has(format.FeatPointIndexTypeConstraints) {
		n, err := c.count("type constraints", 27)
		if err != nil {
			return fail(err, "type constraints")
		}
		for i := uint64(0); i < n; i++ {
			var t format.TypeConstraint
			if t.Label, err = c.uint("type constraint label"); err == nil {
				if t.Property, err = c.uint("type constraint property"); err == nil {
					t.Kind, err = c.enum("type constraint kind", format.MaxTypeConstraintKind)
				}
			}
			if err != nil {
				return fail(err, fmt.Sprintf("type constraint #%d", i))
			}
			cs.Type = append(cs.Type, t)
		}
	}
	return cs, c.pos, nil
}

// TTL reads SECTION_TTL (nil before Features.TTL).
func (s *Snapshot) TTL() (*format.TTLConfig, error) {
	out, _, err := s.ttl()
	return out, err
}

func (s *Snapshot) ttl() (*format.TTLConfig, int64, error) {
	if !s.Features.Has(format.FeatTTL) {
		return nil, 0, nil
	}
	c, err := s.section(format.OffsetTTL, format.SectionTTL)
	if err != nil {
		return nil, 0, err
	}
	t := &format.TTLConfig{}
	err = func() (err error) {
		if t.Enabled, err = c.boolean("ttl enabled"); err != nil || !t.Enabled {
			return
		}
		if t.Running, err = c.boolean("ttl running"); err != nil {
			return
		}
		if t.HasPeriod, err = c.boolean("ttl has period"); err != nil {
			return
		}
		if t.HasPeriod {
			if t.PeriodUs, err = c.uint("ttl period"); err != nil {
				return
			}
		}
		if t.HasStart, err = c.boolean("ttl has start time"); err != nil {
			return
		}
		if t.HasStart {
			if t.StartNs, err = c.uint("ttl start time"); err != nil {
				return
			}
		}
		t.EdgeTTL, err = c.boolean("ttl edge ttl")
		return
	}()
	if err != nil {
		return nil, 0, s.wrap(err, "ttl", "")
	}
	return t, c.pos, nil
}

// Descriptions reads SECTION_DESCRIPTIONS (nil before Features.Descriptions).
func (s *Snapshot) Descriptions() ([]format.Description, error) {
	out, _, err := s.descriptions()
	return out, err
}

func (s *Snapshot) descriptions() ([]format.Description, int64, error) {
	if !s.Features.Has(format.FeatDescriptions) {
		return nil, 0, nil
	}
	c, err := s.section(format.OffsetDescriptions, format.SectionDescriptions)
	if err != nil {
		return nil, 0, err
	}
	n, err := c.count("descriptions", 18)
	if err != nil {
		return nil, 0, s.wrap(err, "descriptions", "")
	}
	out := make([]format.Description, 0, prealloc(n))
	for i := uint64(0); i < n; i++ {
		d, err := description(c, s.Features, true)
		if err != nil {
			return nil, 0, s.wrap(err, "descriptions", fmt.Sprintf("description #%d", i))
		}
		out = append(out, d)
	}
	return out, c.pos, nil
}

// description reads a description entry; withText says whether the trailing
// description text is present (absent in DESCRIPTION_DELETE).
func description(c *cursor, f format.Features, withText bool) (format.Description, error) {
	var d format.Description
	off := c.pos
	k, err := c.uint("description kind")
	if err != nil {
		return d, err
	}
	d.Kind = format.DescriptionKind(k)
	switch d.Kind {
	case format.DescDatabase:
	case format.DescLabel:
		d.Labels, err = c.strList("description label")
	case format.DescEdgeType:
		d.EdgeType, err = c.str("description edge type")
	case format.DescLabelProperty:
		if d.Labels, err = c.strList("description label"); err == nil {
			d.Property, err = c.str("description property")
		}
	case format.DescEdgeTypeProperty:
		if d.EdgeType, err = c.str("description edge type"); err == nil {
			d.Property, err = c.str("description property")
		}
	case format.DescProperty:
		d.Property, err = c.str("description property")
	case format.DescEdgeTypePattern, format.DescEdgeTypePatternProperty:
		if d.Labels, err = c.strList("description from label"); err != nil {
			break
		}
		if d.EdgeType, err = c.str("description edge type"); err != nil {
			break
		}
		if d.ToLabels, err = c.strList("description to label"); err != nil {
			break
		}
		if d.Kind == format.DescEdgeTypePatternProperty {
			d.Property, err = c.str("description property")
		}
	case format.DescPropertyValue:
		if !f.Has(format.FeatPropertyValueDescription) {
			return d, c.corrupt(off, "description kind %d needs format 37", k)
		}
		if d.Property, err = c.str("description property"); err == nil {
			d.Value, err = c.value("description value")
		}
	default:
		return d, c.corrupt(off, "unknown description kind %d", k)
	}
	if err != nil {
		return d, err
	}
	if withText {
		d.Text, err = c.str("description text")
	}
	return d, err
}
