package decode

import (
	"github.com/durascope/durascope/format"
)

// namePaths reads the property part of a label+properties delta in the shape
// of the version (see paths for the snapshot twin).
func namePaths(c *cursor, f format.Features) ([]format.NamePath, error) {
	if !f.Has(format.FeatCompositeIndices) {
		p, err := c.str("property")
		if err != nil {
			return nil, err
		}
		return []format.NamePath{{p}}, nil
	}
	n, err := c.count("property path count", 9)
	if err != nil {
		return nil, err
	}
	out := make([]format.NamePath, 0, prealloc(n))
	for i := uint64(0); i < n; i++ {
		if !f.Has(format.FeatNestedIndices) {
			p, err := c.str("property")
			if err != nil {
				return nil, err
			}
			out = append(out, format.NamePath{p})
			continue
		}
		p, err := c.strList("property path element")
		if err != nil {
			return nil, err
		}
		out = append(out, format.NamePath(p))
	}
	return out, nil
}

// payload decodes the delta payload for marker m (spec/wal.md, delta catalogue).
func (w *WAL) payload(m format.Marker) (format.Delta, error) {
	c, f := w.c, w.Features
	var err error
	switch m {
	case format.DeltaVertexCreate, format.DeltaVertexDelete:
		var d format.VertexDelta
		d.Gid, err = c.uint("vertex gid")
		return d, err
	case format.DeltaVertexAddLabel, format.DeltaVertexRemoveLabel:
		var d format.LabelDelta
		if d.Gid, err = c.uint("vertex gid"); err == nil {
			d.Label, err = c.str("label")
		}
		return d, err
	case format.DeltaVertexSetProperty:
		var d format.VertexPropertyDelta
		if d.Gid, err = c.uint("vertex gid"); err == nil {
			if d.Property, err = c.str("property"); err == nil {
				d.Value, err = c.value("property value")
			}
		}
		return d, err
	case format.DeltaEdgeCreate, format.DeltaEdgeDelete:
		var d format.EdgeDelta
		if d.Gid, err = c.uint("edge gid"); err != nil {
			return d, err
		}
		if d.EdgeType, err = c.str("edge type"); err != nil {
			return d, err
		}
		if d.From, err = c.uint("from vertex gid"); err != nil {
			return d, err
		}
		d.To, err = c.uint("to vertex gid")
		return d, err
	case format.DeltaEdgeSetProperty:
		var d format.EdgePropertyDelta
		if d.Gid, err = c.uint("edge gid"); err != nil {
			return d, err
		}
		if d.Property, err = c.str("property"); err != nil {
			return d, err
		}
		if d.Value, err = c.value("property value"); err != nil {
			return d, err
		}
		if f.Has(format.FeatEdgeSetFromVertex) {
			if d.From, err = c.uint("from vertex gid"); err != nil {
				return d, err
			}
		}
		if f.Has(format.FeatEdgeSetToVertex) {
			if d.To, err = c.uint("to vertex gid"); err != nil {
				return d, err
			}
			d.EdgeType, err = c.str("edge type")
		}
		return d, err
	case format.DeltaTransactionStart:
		var d format.TxnStart
		if d.Commit, err = c.boolean("commit flag"); err == nil && f.Has(format.FeatTxnAccessType) {
			d.AccessType, err = c.uint("access type")
		}
		return d, err
	case format.DeltaTransactionEnd:
		var d format.TxnEnd
		if f.Has(format.FeatCRC) {
			d.CRC, err = w.checkCRC(c, "transaction CRC")
		}
		return d, err
	case format.DeltaLabelIndexCreate, format.DeltaLabelIndexDrop,
		format.DeltaLabelIndexStatsClear, format.DeltaLabelPropertiesIndexStatsClear:
		var d format.LabelOnlyDelta
		d.Label, err = c.str("label")
		return d, err
	case format.DeltaLabelIndexStatsSet:
		var d format.LabelStatsDelta
		if d.Label, err = c.str("label"); err == nil {
			d.Stats, err = c.str("statistics")
		}
		return d, err
	case format.DeltaLabelPropertiesIndexCreate, format.DeltaLabelPropertiesIndexDrop:
		var d format.LabelPropertiesDelta
		if d.Label, err = c.str("label"); err != nil {
			return d, err
		}
		if d.Paths, err = namePaths(c, f); err == nil && f.Has(format.FeatDescIndices) {
			d.Order, err = c.enum("index order", format.IndexOrderDesc)
		}
		return d, err
	case format.DeltaLabelPropertiesIndexStatsSet:
		var d format.LabelPropertiesStatsDelta
		if d.Label, err = c.str("label"); err != nil {
			return d, err
		}
		if d.Paths, err = namePaths(c, f); err == nil {
			d.Stats, err = c.str("statistics")
		}
		return d, err
	case format.DeltaExistenceConstraintCreate, format.DeltaExistenceConstraintDrop,
		format.DeltaPointIndexCreate, format.DeltaPointIndexDrop:
		var d format.LabelPropertyDelta
		if d.Label, err = c.str("label"); err == nil {
			d.Property, err = c.str("property")
		}
		return d, err
	case format.DeltaUniqueConstraintCreate, format.DeltaUniqueConstraintDrop:
		var d format.UniqueConstraintDelta
		if d.Label, err = c.str("label"); err == nil {
			d.Properties, err = c.strList("property")
		}
		return d, err
	case format.DeltaTypeConstraintCreate, format.DeltaTypeConstraintDrop:
		var d format.TypeConstraintDelta
		if d.Label, err = c.str("label"); err == nil {
			if d.Property, err = c.str("property"); err == nil {
				d.Kind, err = c.enum("type constraint kind", format.MaxTypeConstraintKind)
			}
		}
		return d, err
	case format.DeltaEdgeIndexCreate, format.DeltaEdgeIndexDrop:
		var d format.EdgeTypeDelta
		d.EdgeType, err = c.str("edge type")
		return d, err
	case format.DeltaEdgePropertyIndexCreate, format.DeltaEdgePropertyIndexDrop:
		var d format.EdgeTypePropertyDelta
		if d.EdgeType, err = c.str("edge type"); err == nil {
			d.Property, err = c.str("property")
		}
		return d, err
	case format.DeltaGlobalEdgePropertyIndexCreate, format.DeltaGlobalEdgePropertyIndexDrop,
		format.DeltaGlobalVertexPropertyIndexCreate, format.DeltaGlobalVertexPropertyIndexDrop:
		var d format.PropertyOnlyDelta
		d.Property, err = c.str("property")
		return d, err
	case format.DeltaTextIndexCreate, format.DeltaTextEdgeIndexCreate:
		var d format.TextIndexDelta
		if d.Name, err = c.str("text index name"); err != nil {
			return d, err
		}
		if d.Target, err = c.str("text index target"); err == nil && f.Has(format.FeatTextIndexProperties) {
			d.Properties, err = c.strList("text index property")
		}
		return d, err
	case format.DeltaTextIndexDrop:
		var d format.TextIndexDelta
		if d.Name, err = c.str("text index name"); err == nil && !f.Has(format.FeatTextIndexProperties) {
			d.Target, err = c.str("text index label")
		}
		return d, err
	case format.DeltaVectorIndexDrop:
		var d format.NameOnlyDelta
		d.Name, err = c.str("vector index name")
		return d, err
	case format.DeltaEnumCreate:
		var d format.EnumCreateDelta
		if d.Name, err = c.str("enum name"); err == nil {
			d.Values, err = c.strList("enum value")
		}
		return d, err
	case format.DeltaEnumAlterAdd:
		var d format.EnumAlterAddDelta
		if d.Name, err = c.str("enum name"); err == nil {
			d.Value, err = c.str("enum value")
		}
		return d, err
	case format.DeltaEnumAlterUpdate:
		var d format.EnumAlterUpdateDelta
		if d.Name, err = c.str("enum name"); err == nil {
			if d.OldValue, err = c.str("old enum value"); err == nil {
				d.NewValue, err = c.str("new enum value")
			}
		}
		return d, err
	case format.DeltaVectorIndexCreate, format.DeltaVectorEdgeIndexCreate:
		return w.vectorIndexDelta()
	case format.DeltaTTLOperation:
		var d format.TTLDelta
		err = func() (err error) {
			if d.Op, err = c.enum("ttl operation", format.TTLStop); err != nil {
				return
			}
			if d.HasPeriod, err = c.boolean("ttl has period"); err != nil {
				return
			}
			if d.HasPeriod {
				if d.PeriodUs, err = c.uint("ttl period"); err != nil {
					return
				}
			}
			if d.HasStart, err = c.boolean("ttl has start"); err != nil {
				return
			}
			if d.HasStart {
				if d.StartUs, err = c.uint("ttl start"); err != nil {
					return
				}
			}
			d.EdgeTTL, err = c.boolean("ttl edge ttl")
			return
		}()
		return d, err
	case format.DeltaDescriptionSet, format.DeltaDescriptionDelete:
		desc, err := description(c, f, m == format.DeltaDescriptionSet)
		return format.DescriptionDelta{Description: desc}, err
	}
	return nil, c.corrupt(c.pos-1, "delta type %s has no decoder", m)
}

func (w *WAL) vectorIndexDelta() (format.Delta, error) {
	c, f := w.c, w.Features
	var d format.VectorIndexDelta
	err := func() (err error) {
		if d.Name, err = c.str("vector index name"); err != nil {
			return
		}
		if f.Has(format.FeatVectorMultiLabel) {
			if d.Mode, err = c.enum("vector match mode", format.VectorModeAllOf); err != nil {
				return
			}
			if d.Targets, err = c.strList("vector index target"); err != nil {
				return
			}
		} else {
			var t string
			if t, err = c.str("vector index target"); err != nil {
				return
			}
			d.Mode, d.Targets = format.VectorModeSingle, []string{t}
		}
		if d.Property, err = c.str("vector property"); err != nil {
			return
		}
		if d.Metric, err = c.str("vector metric"); err != nil {
			return
		}
		if d.Dimension, err = c.uint("vector dimension"); err != nil {
			return
		}
		if d.Resize, err = c.uint("vector resize coefficient"); err != nil {
			return
		}
		if d.Capacity, err = c.uint("vector capacity"); err != nil {
			return
		}
		if f.Has(format.FeatVectorScalarKind) {
			d.ScalarKind, err = c.uint("vector scalar kind")
		}
		return
	}()
	return d, err
}
