package decode

import (
	"github.com/durascope/durascope/format"
)

// namePaths reads the property part of a label+properties delta in the shape
// of the version (see paths for the snapshot twin).
func namePaths(c *cursor, f format.Features) []format.NamePath {
	if !f.Has(format.FeatCompositeIndices) {
		return []format.NamePath{{c.name("property")}}
	}
	n := c.count(9, "property path count")
	out := make([]format.NamePath, 0, prealloc(n))
	for i := uint64(0); i < n && c.err == nil; i++ {
		if f.Has(format.FeatNestedIndices) {
			out = append(out, format.NamePath(c.strList("property path element")))
		} else {
			out = append(out, format.NamePath{c.name("property")})
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
		return delta(c, format.VertexDelta{Gid: c.uint("vertex gid")})
	case format.DeltaVertexAddLabel, format.DeltaVertexRemoveLabel:
		return delta(c, format.LabelDelta{Gid: c.uint("vertex gid"), Label: c.name("label")})
	case format.DeltaVertexSetProperty:
		return delta(c, format.VertexPropertyDelta{Gid: c.uint("vertex gid"), Property: c.name("property"), Value: c.value("property value")})
	case format.DeltaEdgeCreate, format.DeltaEdgeDelete:
		return delta(c, format.EdgeDelta{Gid: c.uint("edge gid"), EdgeType: c.name("edge type"),
			From: c.uint("from vertex gid"), To: c.uint("to vertex gid")})
	case format.DeltaEdgeSetProperty:
		d := format.EdgePropertyDelta{Gid: c.uint("edge gid"), Property: c.name("property"), Value: c.value("property value")}
		if f.Has(format.FeatEdgeSetFromVertex) {
			d.From = c.uint("from vertex gid")
		}
		if f.Has(format.FeatEdgeSetToVertex) {
			d.To = c.uint("to vertex gid")
			d.EdgeType = c.name("edge type")
		}
		return delta(c, d)
	case format.DeltaTransactionStart:
		d := format.TxnStart{Commit: c.boolean("commit flag")}
		if f.Has(format.FeatTxnAccessType) {
			d.AccessType = c.uint("access type")
		}
		return txnStart(d)
	case format.DeltaTransactionEnd:
		var d format.TxnEnd
		if f.Has(format.FeatCRC) {
			d.CRC = w.checkCRC(c, "transaction CRC")
		}
		return delta(c, d)
	case format.DeltaLabelIndexCreate, format.DeltaLabelIndexDrop,
		format.DeltaLabelIndexStatsClear, format.DeltaLabelPropertiesIndexStatsClear:
		return delta(c, format.LabelOnlyDelta{Label: c.name("label")})
	case format.DeltaLabelIndexStatsSet:
		return delta(c, format.LabelStatsDelta{Label: c.name("label"), Stats: c.str("statistics")})
	case format.DeltaLabelPropertiesIndexCreate, format.DeltaLabelPropertiesIndexDrop:
		d := format.LabelPropertiesDelta{Label: c.name("label"), Paths: namePaths(c, f)}
		if f.Has(format.FeatDescIndices) {
			d.Order = c.enum(format.IndexOrderDesc, "index order")
		}
		return delta(c, d)
	case format.DeltaLabelPropertiesIndexStatsSet:
		return delta(c, format.LabelPropertiesStatsDelta{Label: c.name("label"), Paths: namePaths(c, f), Stats: c.str("statistics")})
	case format.DeltaExistenceConstraintCreate, format.DeltaExistenceConstraintDrop,
		format.DeltaPointIndexCreate, format.DeltaPointIndexDrop:
		return delta(c, format.LabelPropertyDelta{Label: c.name("label"), Property: c.name("property")})
	case format.DeltaUniqueConstraintCreate, format.DeltaUniqueConstraintDrop:
		return delta(c, format.UniqueConstraintDelta{Label: c.name("label"), Properties: c.strList("property")})
	case format.DeltaTypeConstraintCreate, format.DeltaTypeConstraintDrop:
		return delta(c, format.TypeConstraintDelta{Label: c.name("label"), Property: c.name("property"),
			Kind: c.enum(format.MaxTypeConstraintKind, "type constraint kind")})
	case format.DeltaEdgeIndexCreate, format.DeltaEdgeIndexDrop:
		return delta(c, format.EdgeTypeDelta{EdgeType: c.name("edge type")})
	case format.DeltaEdgePropertyIndexCreate, format.DeltaEdgePropertyIndexDrop:
		return delta(c, format.EdgeTypePropertyDelta{EdgeType: c.name("edge type"), Property: c.name("property")})
	case format.DeltaGlobalEdgePropertyIndexCreate, format.DeltaGlobalEdgePropertyIndexDrop,
		format.DeltaGlobalVertexPropertyIndexCreate, format.DeltaGlobalVertexPropertyIndexDrop:
		return delta(c, format.PropertyOnlyDelta{Property: c.name("property")})
	case format.DeltaTextIndexCreate, format.DeltaTextEdgeIndexCreate:
		d := format.TextIndexDelta{Name: c.str("text index name"), Target: c.str("text index target")}
		if f.Has(format.FeatTextIndexProperties) {
			d.Properties = c.strList("text index property")
		}
		return delta(c, d)
	case format.DeltaTextIndexDrop:
		d := format.TextIndexDelta{Name: c.str("text index name")}
		if !f.Has(format.FeatTextIndexProperties) {
			d.Target = c.str("text index label")
		}
		return delta(c, d)
	case format.DeltaVectorIndexDrop:
		return delta(c, format.NameOnlyDelta{Name: c.str("vector index name")})
	case format.DeltaEnumCreate:
		return delta(c, format.EnumCreateDelta{Name: c.str("enum name"), Values: c.strList("enum value")})
	case format.DeltaEnumAlterAdd:
		return delta(c, format.EnumAlterAddDelta{Name: c.str("enum name"), Value: c.str("enum value")})
	case format.DeltaEnumAlterUpdate:
		return delta(c, format.EnumAlterUpdateDelta{Name: c.str("enum name"), OldValue: c.str("old enum value"), NewValue: c.str("new enum value")})
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
		return delta(c, d)
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
		return delta(c, d)
	case format.DeltaDescriptionSet, format.DeltaDescriptionDelete:
		return delta(c, format.DescriptionDelta{Description: description(c, f, m == format.DeltaDescriptionSet)})
	}
	c.corrupt(c.pos()-1, "delta type %s has no decoder", m)
	return nil
}

// delta returns d as a format.Delta, or nil when the payload is only
// skimmed (SkipPayloads): boxing it would allocate.
func delta[T format.Delta](c *cursor, d T) format.Delta {
	if c.skim {
		return nil
	}
	return d
}

// txnStarts holds TRANSACTION_START deltas boxed once, by commit flag and
// access type: the one payload the readers of the framing need (the commit
// flag), returned without an allocation.
var txnStarts = func() (t [2][format.AccessReadOnly + 1]format.Delta) {
	for commit := range 2 {
		for access := range t[commit] {
			t[commit][access] = format.TxnStart{Commit: commit == 1, AccessType: uint64(access)}
		}
	}
	return t
}()

func txnStart(d format.TxnStart) format.Delta {
	if d.AccessType <= format.AccessReadOnly {
		commit := 0
		if d.Commit {
			commit = 1
		}
		return txnStarts[commit][d.AccessType]
	}
	return d
}
