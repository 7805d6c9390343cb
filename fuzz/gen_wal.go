package fuzz

import "github.com/durascope/durascope/format"

// deltaPayloads builds the payload of every delta marker (TRANSACTION_START
// and TRANSACTION_END are framing, built by txns).
var deltaPayloads = map[format.Marker]func(g *gen, m format.Marker) format.Delta{
	format.DeltaVertexCreate:      vertexDelta,
	format.DeltaVertexDelete:      vertexDelta,
	format.DeltaVertexAddLabel:    labelDelta,
	format.DeltaVertexRemoveLabel: labelDelta,
	format.DeltaVertexSetProperty: func(g *gen, _ format.Marker) format.Delta {
		return format.VertexPropertyDelta{Gid: g.s.u64(), Property: g.s.str(), Value: g.value(0)}
	},
	format.DeltaEdgeCreate:      edgeDelta,
	format.DeltaEdgeDelete:      edgeDelta,
	format.DeltaEdgeSetProperty: edgeSetProperty,

	format.DeltaLabelIndexCreate:               labelOnly,
	format.DeltaLabelIndexDrop:                 labelOnly,
	format.DeltaLabelIndexStatsClear:           labelOnly,
	format.DeltaLabelPropertiesIndexStatsClear: labelOnly,
	format.DeltaLabelIndexStatsSet: func(g *gen, _ format.Marker) format.Delta {
		return format.LabelStatsDelta{Label: g.s.str(), Stats: g.s.str()}
	},
	format.DeltaLabelPropertiesIndexCreate: labelProperties,
	format.DeltaLabelPropertiesIndexDrop:   labelProperties,
	format.DeltaLabelPropertiesIndexStatsSet: func(g *gen, _ format.Marker) format.Delta {
		return format.LabelPropertiesStatsDelta{Label: g.s.str(), Paths: g.namePaths(), Stats: g.s.str()}
	},
	format.DeltaExistenceConstraintCreate: labelProperty,
	format.DeltaExistenceConstraintDrop:   labelProperty,
	format.DeltaPointIndexCreate:          labelProperty,
	format.DeltaPointIndexDrop:            labelProperty,
	format.DeltaUniqueConstraintCreate:    uniqueConstraint,
	format.DeltaUniqueConstraintDrop:      uniqueConstraint,
	format.DeltaTypeConstraintCreate:      typeConstraint,
	format.DeltaTypeConstraintDrop:        typeConstraint,
	format.DeltaEdgeIndexCreate:           edgeType,
	format.DeltaEdgeIndexDrop:             edgeType,
	format.DeltaEdgePropertyIndexCreate:   edgeTypeProperty,
	format.DeltaEdgePropertyIndexDrop:     edgeTypeProperty,

	format.DeltaGlobalEdgePropertyIndexCreate:   propertyOnly,
	format.DeltaGlobalEdgePropertyIndexDrop:     propertyOnly,
	format.DeltaGlobalVertexPropertyIndexCreate: propertyOnly,
	format.DeltaGlobalVertexPropertyIndexDrop:   propertyOnly,

	format.DeltaTextIndexCreate:     textIndexCreate,
	format.DeltaTextEdgeIndexCreate: textIndexCreate,
	format.DeltaTextIndexDrop: func(g *gen, _ format.Marker) format.Delta {
		d := format.TextIndexDelta{Name: g.s.str()}
		if !g.f.Has(format.FeatTextIndexProperties) {
			d.Target = g.s.str()
		}
		return d
	},
	format.DeltaVectorIndexCreate:     vectorIndexCreate,
	format.DeltaVectorEdgeIndexCreate: vectorIndexCreate,
	format.DeltaVectorIndexDrop: func(g *gen, _ format.Marker) format.Delta {
		return format.NameOnlyDelta{Name: g.s.str()}
	},
	format.DeltaEnumCreate: func(g *gen, _ format.Marker) format.Delta {
		return format.EnumCreateDelta{Name: g.s.str(), Values: g.s.strs()}
	},
	format.DeltaEnumAlterAdd: func(g *gen, _ format.Marker) format.Delta {
		return format.EnumAlterAddDelta{Name: g.s.str(), Value: g.s.str()}
	},
	format.DeltaEnumAlterUpdate: func(g *gen, _ format.Marker) format.Delta {
		return format.EnumAlterUpdateDelta{Name: g.s.str(), OldValue: g.s.str(), NewValue: g.s.str()}
	},
	format.DeltaTTLOperation: func(g *gen, _ format.Marker) format.Delta {
		s := g.s
		d := format.TTLDelta{Op: uint64(s.intn(int(format.TTLStop) + 1)), HasPeriod: s.bool()}
		if d.HasPeriod {
			d.PeriodUs = s.u64()
		}
		if d.HasStart = s.bool(); d.HasStart {
			d.StartUs = s.u64()
		}
		d.EdgeTTL = s.bool()
		return d
	},
	format.DeltaDescriptionSet: func(g *gen, _ format.Marker) format.Delta {
		return format.DescriptionDelta{Description: g.description(true)}
	},
	format.DeltaDescriptionDelete: func(g *gen, _ format.Marker) format.Delta {
		return format.DescriptionDelta{Description: g.description(false)}
	},
}

func vertexDelta(g *gen, _ format.Marker) format.Delta { return format.VertexDelta{Gid: g.s.u64()} }
func labelDelta(g *gen, _ format.Marker) format.Delta {
	return format.LabelDelta{Gid: g.s.u64(), Label: g.s.str()}
}
func edgeDelta(g *gen, _ format.Marker) format.Delta {
	return format.EdgeDelta{Gid: g.s.u64(), EdgeType: g.s.str(), From: g.s.u64(), To: g.s.u64()}
}
func labelOnly(g *gen, _ format.Marker) format.Delta { return format.LabelOnlyDelta{Label: g.s.str()} }
func labelProperty(g *gen, _ format.Marker) format.Delta {
	return format.LabelPropertyDelta{Label: g.s.str(), Property: g.s.str()}
}
func uniqueConstraint(g *gen, _ format.Marker) format.Delta {
	return format.UniqueConstraintDelta{Label: g.s.str(), Properties: g.s.strs()}
}
func typeConstraint(g *gen, _ format.Marker) format.Delta {
	return format.TypeConstraintDelta{Label: g.s.str(), Property: g.s.str(), Kind: uint64(g.s.intn(len(format.TypeConstraintKinds)))}
}
func edgeType(g *gen, _ format.Marker) format.Delta { return format.EdgeTypeDelta{EdgeType: g.s.str()} }
func edgeTypeProperty(g *gen, _ format.Marker) format.Delta {
	return format.EdgeTypePropertyDelta{EdgeType: g.s.str(), Property: g.s.str()}
}
func propertyOnly(g *gen, _ format.Marker) format.Delta {
	return format.PropertyOnlyDelta{Property: g.s.str()}
}

func edgeSetProperty(g *gen, _ format.Marker) format.Delta {
	s := g.s
	d := format.EdgePropertyDelta{Gid: s.u64(), Property: s.str(), Value: g.value(0)}
	if g.f.Has(format.FeatEdgeSetFromVertex) {
		d.From = s.u64()
	}
	if g.f.Has(format.FeatEdgeSetToVertex) {
		d.To, d.EdgeType = s.u64(), s.str()
	}
	return d
}

func labelProperties(g *gen, _ format.Marker) format.Delta {
	d := format.LabelPropertiesDelta{Label: g.s.str(), Paths: g.namePaths()}
	if g.f.Has(format.FeatDescIndices) {
		d.Order = uint64(g.s.intn(2))
	}
	return d
}

func textIndexCreate(g *gen, _ format.Marker) format.Delta {
	d := format.TextIndexDelta{Name: g.s.str(), Target: g.s.str()}
	if g.f.Has(format.FeatTextIndexProperties) {
		d.Properties = g.s.strs()
	}
	return d
}

func vectorIndexCreate(g *gen, _ format.Marker) format.Delta {
	s := g.s
	d := format.VectorIndexDelta{Name: s.str(), Targets: []string{s.str()}, Property: s.str(), Metric: s.str(),
		Dimension: s.u64(), Resize: s.u64(), Capacity: s.u64()}
	if g.f.Has(format.FeatVectorMultiLabel) {
		d.Mode, d.Targets = uint64(s.intn(4)), s.strs()
	}
	if g.f.Has(format.FeatVectorScalarKind) {
		d.ScalarKind = s.u64()
	}
	return d
}

// markers lists the delta markers of the generator's version that carry a
// payload, data deltas first.
func (g *gen) markers() (data, meta []format.Marker) {
	for m := format.Marker(0); m < 0xff; m++ {
		first, ok := format.DeltaFirstVersion(m)
		if !ok || first > g.f.Version || m == format.DeltaTransactionStart || m == format.DeltaTransactionEnd {
			continue
		}
		if format.IsDataDelta(m) {
			data = append(data, m)
		} else {
			meta = append(meta, m)
		}
	}
	return data, meta
}

// frames builds complete transactions the way the version frames them:
// TRANSACTION_START first (TxnStart), TRANSACTION_END last, and before
// MetadataTxnEnd every metadata delta as a transaction of its own.
func (g *gen) frames() []format.Frame {
	s, f := g.s, g.f
	data, meta := g.markers()
	frame := func(ts uint64, m format.Marker) format.Frame {
		return format.Frame{Timestamp: ts, Marker: m, Delta: deltaPayloads[m](g, m)}
	}
	var out []format.Frame
	for range s.intn(6) {
		ts := s.u64()
		if !f.Has(format.FeatMetadataTxnEnd) && s.intn(3) == 0 {
			out = append(out, frame(ts, meta[s.intn(len(meta))]))
			continue
		}
		if f.Has(format.FeatTxnStart) {
			st := format.TxnStart{Commit: s.bool()}
			if f.Has(format.FeatTxnAccessType) {
				st.AccessType = s.u64()
			}
			out = append(out, format.Frame{Timestamp: ts, Marker: format.DeltaTransactionStart, Delta: st})
		}
		for range s.intn(6) {
			m := data[s.intn(len(data))]
			if f.Has(format.FeatMetadataTxnEnd) && s.intn(3) == 0 {
				m = meta[s.intn(len(meta))]
			}
			out = append(out, frame(ts, m))
		}
		out = append(out, format.Frame{Timestamp: ts, Marker: format.DeltaTransactionEnd, Delta: format.TxnEnd{}})
	}
	return out
}

// walHeader is a header for the generator's version; the encoder computes
// offsets, CRCs and (with finalizing) the summary.
func (g *gen) walHeader() format.WALHeader {
	h := format.WALHeader{Version: g.f.Version, UUID: g.s.str(), Epoch: g.s.str(), SeqNum: g.s.u64()}
	if g.f.Has(format.FeatWALSummary) {
		h.Summary = &format.WALSummary{}
	}
	return h
}
