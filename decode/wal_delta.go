package decode

import (
	"github.com/durascope/durascope/format"
)

// namePaths reads the property part of a label+properties delta in the shape
// of the version (see paths for the snapshot twin).
func namePaths(c *cursor, f format.Features) []format.NamePath {
	if !f.Has(format.FeatCompositeIndices) {
		return []format.NamePath{{c.str("property")}}
	}
	n := c.count(9, "property path count")
	out := make([]format.NamePath, 0, prealloc(n))
	for i := uint64(0); i < n && c.err == nil; i++ {
		if f.Has(format.FeatNestedIndices) {
			out = append(out, format.NamePath(c.strList("property path element")))
		} else {
			out = append(out, format.NamePath{c.str("property")})
		}
	}
	return out
}

// payload decodes the delta payload for marker m (spec/wal.md, delta
// catalogue); the caller checks the cursor's error. Fields are read in the
// order the literals list them: Go evaluates the calls in a composite
// literal left to right.
func (w *WAL) payload(m format.Marker) format.Delta {
	c, f := w.c, w.Features
	switch m {
	case format.DeltaVertexCreate, format.DeltaVertexDelete:
		return format.VertexDelta{Gid: c.uint("vertex gid")}
	case format.DeltaVertexAddLabel, format.DeltaVertexRemoveLabel:
		return format.LabelDelta{Gid: c.uint("vertex gid"), Label: c.str("label")}
	case format.DeltaVertexSetProperty:
		return format.VertexPropertyDelta{Gid: c.uint("vertex gid"), Property: c.str("property"), Value: c.value("property value")}
	case format.DeltaEdgeCreate, format.DeltaEdgeDelete:
		return format.EdgeDelta{Gid: c.uint("edge gid"), EdgeType: c.str("edge type"),
			From: c.uint("from vertex gid"), To: c.uint("to vertex gid")}
	case format.DeltaEdgeSetProperty:
		d := format.EdgePropertyDelta{Gid: c.uint("edge gid"), Property: c.str("property"), Value: c.value("property value")}
		if f.Has(format.FeatEdgeSetFromVertex) {
			d.From = c.uint("from vertex gid")
		}
		if f.Has(format.FeatEdgeSetToVertex) {
			d.To = c.uint("to vertex gid")
			d.EdgeType = c.str("edge type")
		}
		return d
	case format.DeltaTransactionStart:
		d := format.TxnStart{Commit: c.boolean("commit flag")}
		if f.Has(format.FeatTxnAccessType) {
			d.AccessType = c.uint("access type")
		}
		return d
	case format.DeltaTransactionEnd:
		var d format.TxnEnd
		if f.Has(format.FeatCRC) {
			d.CRC = w.checkCRC(c, "transaction CRC")
		}
		return d
	case format.DeltaLabelIndexCreate, format.DeltaLabelIndexDrop,
		format.DeltaLabelIndexStatsClear, format.DeltaLabelPropertiesIndexStatsClear:
		return format.LabelOnlyDelta{Label: c.str("label")}
	case format.DeltaLabelIndexStatsSet:
		return format.LabelStatsDelta{Label: c.str("label"), Stats: c.str("statistics")}
	case format.DeltaLabelPropertiesIndexCreate, format.DeltaLabelPropertiesIndexDrop:
		d := format.LabelPropertiesDelta{Label: c.str("label"), Paths: namePaths(c, f)}
		if f.Has(format.FeatDescIndices) {
			d.Order = c.enum(format.IndexOrderDesc, "index order")
		}
		return d
	case format.DeltaLabelPropertiesIndexStatsSet:
		return format.LabelPropertiesStatsDelta{Label: c.str("label"), Paths: namePaths(c, f), Stats: c.str("statistics")}
	case format.DeltaExistenceConstraintCreate, format.DeltaExistenceConstraintDrop,
		format.DeltaPointIndexCreate, format.DeltaPointIndexDrop:
		return format.LabelPropertyDelta{Label: c.str("label"), Property: c.str("property")}
	case format.DeltaUniqueConstraintCreate, format.DeltaUniqueConstraintDrop:
		return format.UniqueConstraintDelta{Label: c.str("label"), Properties: c.strList("property")}
	case format.DeltaTypeConstraintCreate, format.DeltaTypeConstraintDrop:
		return format.TypeConstraintDelta{Label: c.str("label"), Property: c.str("property"),
			Kind: c.enum(format.MaxTypeConstraintKind, "type constraint kind")}
	case format.DeltaEdgeIndexCreate, format.DeltaEdgeIndexDrop:
		return format.EdgeTypeDelta{EdgeType: c.str("edge type")}
	case format.DeltaEdgePropertyIndexCreate, format.DeltaEdgePropertyIndexDrop:
		return format.EdgeTypePropertyDelta{EdgeType: c.str("edge type"), Property: c.str("property")}
	case format.DeltaGlobalEdgePropertyIndexCreate, format.DeltaGlobalEdgePropertyIndexDrop,
		format.DeltaGlobalVertexPropertyIndexCreate, format.DeltaGlobalVertexPropertyIndexDrop:
		return format.PropertyOnlyDelta{Property: c.str("property")}
	case format.DeltaTextIndexCreate, format.DeltaTextEdgeIndexCreate:
		d := format.TextIndexDelta{Name: c.str("text index name"), Target: c.str("text index target")}
		if f.Has(format.FeatTextIndexProperties) {
			d.Properties = c.strList("text index property")
		}
		return d
	case format.DeltaTextIndexDrop:
		d := format.TextIndexDelta{Name: c.str("text index name")}
		if !f.Has(format.FeatTextIndexProperties) {
			d.Target = c.str("text index label")
		}
		return d
	case format.DeltaVectorIndexDrop:
		return format.NameOnlyDelta{Name: c.str("vector index name")}
	case format.DeltaEnumCreate:
		return format.EnumCreateDelta{Name: c.str("enum name"), Values: c.strList("enum value")}
	case format.DeltaEnumAlterAdd:
		return format.EnumAlterAddDelta{Name: c.str("enum name"), Value: c.str("enum value")}
	case format.DeltaEnumAlterUpdate:
		return format.EnumAlterUpdateDelta{Name: c.str("enum name"), OldValue: c.str("old enum value"), NewValue: c.str("new enum value")}
	case format.DeltaVectorIndexCreate, format.DeltaVectorEdgeIndexCreate:
		d := format.VectorIndexDelta{Name: c.str("vector index name")}
		if f.Has(format.FeatVectorMultiLabel) {
			d.Mode = c.enum(format.VectorModeAllOf, "vector match mode")
			d.Targets = c.strList("vector index target")
		} else {
			d.Mode, d.Targets = format.VectorModeSingle, []string{c.str("vector index target")}
		}
		d.Property = c.str("vector property")
		d.Metric = c.str("vector metric")
		d.Dimension = c.uint("vector dimension")
		d.Resize = c.uint("vector resize coefficient")
		d.Capacity = c.uint("vector capacity")
		if f.Has(format.FeatVectorScalarKind) {
			d.ScalarKind = c.uint("vector scalar kind")
		}
		return d
	case format.DeltaTTLOperation:
		d := format.TTLDelta{Op: c.enum(format.TTLStop, "ttl operation"), HasPeriod: c.boolean("ttl has period")}
		if d.HasPeriod {
			d.PeriodUs = c.uint("ttl period")
		}
		d.HasStart = c.boolean("ttl has start")
		if d.HasStart {
			d.StartUs = c.uint("ttl start")
		}
		d.EdgeTTL = c.boolean("ttl edge ttl")
		return d
	case format.DeltaDescriptionSet, format.DeltaDescriptionDelete:
		return format.DescriptionDelta{Description: description(c, f, m == format.DeltaDescriptionSet)}
	}
	c.corrupt(c.pos-1, "delta type %s has no decoder", m)
	return nil
}
