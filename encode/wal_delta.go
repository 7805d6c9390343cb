package encode

import (
	"fmt"

	"github.com/durascope/durascope/format"
)

// The payload encoders mirror decode/wal_delta.go field by field, under the
// same features. They assume the frame passed frameIssues.

// payload appends the payload of a frame with marker m. TRANSACTION_END is
// not handled here: its CRC depends on the bytes before it.
func (e *enc) payload(f format.Features, m format.Marker, d format.Delta) {
	switch d := d.(type) {
	case format.VertexDelta:
		e.uint(d.Gid)
	case format.LabelDelta:
		e.uint(d.Gid)
		e.str(d.Label)
	case format.VertexPropertyDelta:
		e.uint(d.Gid)
		e.str(d.Property)
		e.value(d.Value)
	case format.EdgeDelta:
		e.uint(d.Gid)
		e.str(d.EdgeType)
		e.uint(d.From)
		e.uint(d.To)
	case format.EdgePropertyDelta:
		e.uint(d.Gid)
		e.str(d.Property)
		e.value(d.Value)
		if f.Has(format.FeatEdgeSetFromVertex) {
			e.uint(d.From)
		}
		if f.Has(format.FeatEdgeSetToVertex) {
			e.uint(d.To)
			e.str(d.EdgeType)
		}
	case format.TxnStart:
		e.boolean(d.Commit)
		if f.Has(format.FeatTxnAccessType) {
			e.uint(d.AccessType)
		}
	case format.LabelOnlyDelta:
		e.str(d.Label)
	case format.LabelStatsDelta:
		e.str(d.Label)
		e.str(d.Stats)
	case format.LabelPropertiesDelta:
		e.str(d.Label)
		writePaths(e, f, d.Paths, e.str, e.strList)
		if f.Has(format.FeatDescIndices) {
			e.uint(d.Order)
		}
	case format.LabelPropertiesStatsDelta:
		e.str(d.Label)
		writePaths(e, f, d.Paths, e.str, e.strList)
		e.str(d.Stats)
	case format.LabelPropertyDelta:
		e.str(d.Label)
		e.str(d.Property)
	case format.UniqueConstraintDelta:
		e.str(d.Label)
		e.strList(d.Properties)
	case format.TypeConstraintDelta:
		e.str(d.Label)
		e.str(d.Property)
		e.uint(d.Kind)
	case format.EdgeTypeDelta:
		e.str(d.EdgeType)
	case format.EdgeTypePropertyDelta:
		e.str(d.EdgeType)
		e.str(d.Property)
	case format.PropertyOnlyDelta:
		e.str(d.Property)
	case format.TextIndexDelta:
		e.str(d.Name)
		if m == format.DeltaTextIndexDrop {
			if !f.Has(format.FeatTextIndexProperties) {
				e.str(d.Target)
			}
			return
		}
		e.str(d.Target)
		if f.Has(format.FeatTextIndexProperties) {
			e.strList(d.Properties)
		}
	case format.NameOnlyDelta:
		e.str(d.Name)
	case format.EnumCreateDelta:
		e.str(d.Name)
		e.strList(d.Values)
	case format.EnumAlterAddDelta:
		e.str(d.Name)
		e.str(d.Value)
	case format.EnumAlterUpdateDelta:
		e.str(d.Name)
		e.str(d.OldValue)
		e.str(d.NewValue)
	case format.VectorIndexDelta:
		e.str(d.Name)
		writeVectorTargets(e, f, d.Mode, d.Targets, e.str, e.strList)
		e.str(d.Property)
		e.vectorConfig(f, d.Metric, d.Dimension, d.Resize, d.Capacity, d.ScalarKind)
	case format.TTLDelta:
		e.uint(d.Op)
		e.optionalUint(d.HasPeriod, d.PeriodUs)
		e.optionalUint(d.HasStart, d.StartUs)
		e.boolean(d.EdgeTTL)
	case format.DescriptionDelta:
		e.description(&d.Description, m == format.DeltaDescriptionSet)
	default:
		panic("encode: delta not checked")
	}
}

// deltaFits reports whether d is the payload type of marker m (see
// format.Delta and decode/wal_delta.go).
func deltaFits(m format.Marker, d format.Delta) bool {
	is := func(ms ...format.Marker) bool {
		for _, x := range ms {
			if m == x {
				return true
			}
		}
		return false
	}
	switch d.(type) {
	case format.VertexDelta:
		return is(format.DeltaVertexCreate, format.DeltaVertexDelete)
	case format.LabelDelta:
		return is(format.DeltaVertexAddLabel, format.DeltaVertexRemoveLabel)
	case format.VertexPropertyDelta:
		return is(format.DeltaVertexSetProperty)
	case format.EdgeDelta:
		return is(format.DeltaEdgeCreate, format.DeltaEdgeDelete)
	case format.EdgePropertyDelta:
		return is(format.DeltaEdgeSetProperty)
	case format.TxnStart:
		return is(format.DeltaTransactionStart)
	case format.TxnEnd:
		return is(format.DeltaTransactionEnd)
	case format.LabelOnlyDelta:
		return is(format.DeltaLabelIndexCreate, format.DeltaLabelIndexDrop,
			format.DeltaLabelIndexStatsClear, format.DeltaLabelPropertiesIndexStatsClear)
	case format.LabelStatsDelta:
		return is(format.DeltaLabelIndexStatsSet)
	case format.LabelPropertiesDelta:
		return is(format.DeltaLabelPropertiesIndexCreate, format.DeltaLabelPropertiesIndexDrop)
	case format.LabelPropertiesStatsDelta:
		return is(format.DeltaLabelPropertiesIndexStatsSet)
	case format.LabelPropertyDelta:
		return is(format.DeltaExistenceConstraintCreate, format.DeltaExistenceConstraintDrop,
			format.DeltaPointIndexCreate, format.DeltaPointIndexDrop)
	case format.UniqueConstraintDelta:
		return is(format.DeltaUniqueConstraintCreate, format.DeltaUniqueConstraintDrop)
	case format.TypeConstraintDelta:
		return is(format.DeltaTypeConstraintCreate, format.DeltaTypeConstraintDrop)
	case format.EdgeTypeDelta:
		return is(format.DeltaEdgeIndexCreate, format.DeltaEdgeIndexDrop)
	case format.EdgeTypePropertyDelta:
		return is(format.DeltaEdgePropertyIndexCreate, format.DeltaEdgePropertyIndexDrop)
	case format.PropertyOnlyDelta:
		return is(format.DeltaGlobalEdgePropertyIndexCreate, format.DeltaGlobalEdgePropertyIndexDrop,
			format.DeltaGlobalVertexPropertyIndexCreate, format.DeltaGlobalVertexPropertyIndexDrop)
	case format.TextIndexDelta:
		return is(format.DeltaTextIndexCreate, format.DeltaTextEdgeIndexCreate, format.DeltaTextIndexDrop)
	case format.NameOnlyDelta:
		return is(format.DeltaVectorIndexDrop)
	case format.EnumCreateDelta:
		return is(format.DeltaEnumCreate)
	case format.EnumAlterAddDelta:
		return is(format.DeltaEnumAlterAdd)
	case format.EnumAlterUpdateDelta:
		return is(format.DeltaEnumAlterUpdate)
	case format.VectorIndexDelta:
		return is(format.DeltaVectorIndexCreate, format.DeltaVectorEdgeIndexCreate)
	case format.TTLDelta:
		return is(format.DeltaTTLOperation)
	case format.DescriptionDelta:
		return is(format.DeltaDescriptionSet, format.DeltaDescriptionDelete)
	}
	return false
}

// frame checks one frame; issues get where-suffixes only (" value"), the
// caller prefixes the frame's name.
func (c *issues) frame(f format.Features, fr *format.Frame, verbatim bool) {
	m := fr.Marker
	first, known := format.DeltaFirstVersion(m)
	if !known {
		c.invalid("", fmt.Sprintf("unknown delta marker 0x%02x", byte(m)))
		return
	}
	if first > f.Version {
		c.unrep("", fmt.Sprintf("delta %s needs format %s+", m, first), format.NoFeature)
	}
	if !deltaFits(m, fr.Delta) {
		c.invalid("", fmt.Sprintf("payload %T does not belong to delta %s", fr.Delta, m))
		return
	}
	switch d := fr.Delta.(type) {
	case format.VertexPropertyDelta:
		c.value(f, d.Value, " value")
	case format.EdgePropertyDelta:
		c.value(f, d.Value, " value")
		if d.From != 0 && !f.Has(format.FeatEdgeSetFromVertex) {
			c.needs("", "from-vertex gid", format.FeatEdgeSetFromVertex)
		}
		if (d.To != 0 || d.EdgeType != "") && !f.Has(format.FeatEdgeSetToVertex) {
			c.needs("", "to-vertex gid and edge type", format.FeatEdgeSetToVertex)
		}
	case format.TxnStart:
		if d.AccessType != 0 && !f.Has(format.FeatTxnAccessType) {
			c.needs("", "transaction access type", format.FeatTxnAccessType)
		}
	case format.TxnEnd:
		if verbatim && d.CRC != 0 && !f.Has(format.FeatCRC) {
			c.needs("", "transaction CRC", format.FeatCRC)
		}
	case format.LabelPropertiesDelta:
		checkPaths(c, f, d.Paths, "")
		if d.Order != 0 && !f.Has(format.FeatDescIndices) {
			c.needs("", "index order", format.FeatDescIndices)
		}
		c.enum("", "index order", d.Order, format.IndexOrderDesc)
	case format.LabelPropertiesStatsDelta:
		checkPaths(c, f, d.Paths, "")
	case format.TextIndexDelta:
		if m == format.DeltaTextIndexDrop {
			if len(d.Properties) > 0 {
				c.invalid("", "TEXT_INDEX_DROP carries no properties")
			}
			if d.Target != "" && f.Has(format.FeatTextIndexProperties) {
				c.unrep("", "from TextIndexProperties (format 29) TEXT_INDEX_DROP carries only the index name, not its target", format.FeatTextIndexProperties)
			}
		} else if len(d.Properties) > 0 && !f.Has(format.FeatTextIndexProperties) {
			c.needs("", "text index properties", format.FeatTextIndexProperties)
		}
	case format.VectorIndexDelta:
		c.vectorDefinition(f, "", d.Mode, len(d.Targets), d.ScalarKind)
	case format.TypeConstraintDelta:
		c.enum("", "type constraint kind", d.Kind, format.MaxTypeConstraintKind)
	case format.TTLDelta:
		c.enum("", "ttl operation", d.Op, format.TTLStop)
		if !d.HasPeriod && d.PeriodUs != 0 {
			c.invalid("", "TTL period without HasPeriod")
		}
		if !d.HasStart && d.StartUs != 0 {
			c.invalid("", "TTL start without HasStart")
		}
	case format.DescriptionDelta:
		c.description(f, &d.Description, m == format.DeltaDescriptionSet, "")
	}
}
