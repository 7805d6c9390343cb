package fuzz

import "github.com/durascope/durascope/format"

// snapshot builds a snapshot model that uses the sections and fields of
// the generator's version, filled from the source.
func (g *gen) snapshot() *format.Snapshot {
	s, f := g.s, g.f
	m := &format.Snapshot{Version: f.Version}
	gid := s.u64() % 1000
	for range s.intn(6) {
		m.Edges = append(m.Edges, format.EdgeRecord{Gid: gid, Properties: g.properties()})
		gid += 1 + uint64(s.intn(3))
	}
	gid = s.u64() % 1000
	for range s.intn(8) {
		v := format.VertexRecord{Gid: gid, Labels: s.u64s(), Properties: g.properties()}
		for range s.intn(3) {
			v.InEdges = append(v.InEdges, format.EdgeRef{Edge: s.u64(), Other: s.u64(), Type: s.u64()})
		}
		for range s.intn(3) {
			v.OutEdges = append(v.OutEdges, format.EdgeRef{Edge: s.u64(), Other: s.u64(), Type: s.u64()})
		}
		m.Vertices = append(m.Vertices, v)
		gid += 1 + uint64(s.intn(3))
	}
	ix := &m.Indices
	ix.Label = s.u64s()
	for range s.intn(3) {
		ix.LabelProperties = append(ix.LabelProperties, format.LabelPropertiesIndex{Label: s.u64(), Paths: g.idPaths()})
	}
	if f.Has(format.FeatIndexStats) {
		for range s.intn(3) {
			ix.LabelStats = append(ix.LabelStats, format.LabelStat{Label: s.u64(), Count: s.u64(), AvgDegree: s.f64()})
		}
		for range s.intn(3) {
			ix.LabelPropertyStats = append(ix.LabelPropertyStats, format.LabelPropertiesStat{Label: s.u64(), Paths: g.idPaths(),
				Count: s.u64(), DistinctCount: s.u64(), Statistic: s.f64(), AvgGroupSize: s.f64(), AvgDegree: s.f64()})
		}
	}
	if f.Has(format.FeatDescIndices) {
		for range s.intn(3) {
			ix.LabelPropertiesDesc = append(ix.LabelPropertiesDesc, format.LabelPropertiesIndex{Label: s.u64(), Paths: g.idPaths()})
		}
	}
	if f.Has(format.FeatEdgeIndices) {
		g.edgeIndices(&m.EdgeIndices)
	}
	cs := &m.Constraints
	cs.Existence = g.labelProperties()
	for range s.intn(3) {
		cs.Unique = append(cs.Unique, format.UniqueConstraint{Label: s.u64(), Properties: s.u64s()})
	}
	if f.Has(format.FeatPointIndexTypeConstraints) {
		for range s.intn(3) {
			cs.Type = append(cs.Type, format.TypeConstraint{Label: s.u64(), Property: s.u64(), Kind: uint64(s.intn(len(format.TypeConstraintKinds)))})
		}
	}
	for range s.intn(5) {
		m.Mapper = append(m.Mapper, format.MapperEntry{ID: s.u64(), Name: s.str()})
	}
	if f.Has(format.FeatEnums) {
		for range s.intn(3) {
			m.Enums = append(m.Enums, format.EnumType{Name: s.str(), Values: s.strs()})
		}
	}
	for range s.intn(3) {
		m.EpochHistory = append(m.EpochHistory, format.EpochEntry{ID: s.str(), Timestamp: s.u64()})
	}
	md := &m.Metadata
	md.UUID, md.Epoch, md.StartTimestamp = s.str(), s.str(), s.u64()
	md.DurableTimestamp = md.StartTimestamp
	if f.Has(format.FeatDurableTimestamp) {
		md.DurableTimestamp = s.u64()
	}
	if f.Has(format.FeatNumCommittedTxns) {
		md.NumCommittedTxns = s.u64()
	}
	// Without batch tables the counts say how many records there are; a
	// v14 file may count edges whose section it does not have.
	md.EdgeCount, md.VertexCount = uint64(len(m.Edges)), uint64(len(m.Vertices))
	if f.Has(format.FeatSnapshotBatches) || len(m.Edges) == 0 {
		md.EdgeCount = s.u64()
	}
	if f.Has(format.FeatSnapshotBatches) {
		md.VertexCount = s.u64()
	}
	if f.Has(format.FeatTTL) {
		t := &format.TTLConfig{Enabled: s.bool()}
		if t.Enabled {
			t.Running, t.HasPeriod = s.bool(), s.bool()
			if t.HasPeriod {
				t.PeriodUs = s.u64()
			}
			if t.HasStart = s.bool(); t.HasStart {
				t.StartNs = s.u64()
			}
			t.EdgeTTL = s.bool()
		}
		m.TTL = t
	}
	if f.Has(format.FeatDescriptions) {
		for range s.intn(4) {
			m.Descriptions = append(m.Descriptions, g.description(true))
		}
	}
	return m
}

func (g *gen) labelProperties() []format.LabelProperty {
	out := make([]format.LabelProperty, g.s.intn(3))
	for i := range out {
		out[i] = format.LabelProperty{Label: g.s.u64(), Property: g.s.u64()}
	}
	return out
}

func (g *gen) edgeIndices(ei *format.EdgeIndices) {
	s, f := g.s, g.f
	ei.EdgeType = s.u64s()
	if f.Has(format.FeatEdgeTypePropertyIndex) {
		ei.EdgeTypeProperty = g.labelProperties()
	}
	if f.Has(format.FeatGlobalEdgePropertyIndex) {
		ei.GlobalEdgeProperty = s.u64s()
	}
	if f.Has(format.FeatGlobalVertexPropertyIndex) {
		ei.GlobalVertexProperty = s.u64s()
	}
	if f.Has(format.FeatPointIndexTypeConstraints) {
		ei.Point = g.labelProperties()
	}
	if f.Has(format.FeatVectorIndex) {
		ei.Vector = g.vectorIndices(f.Has(format.FeatVectorIndexID))
	}
	if f.Has(format.FeatVectorEdgeIndex) {
		ei.VectorEdge = g.vectorIndices(f.Has(format.FeatVectorEdgeEntries))
	}
	// Before TextEdgeIndex the text count is optional; a text edge list
	// needs the text list in front of it.
	if ei.TextPresent = s.bool(); ei.TextPresent {
		ei.Text = g.textIndices()
		if f.Has(format.FeatTextEdgeIndex) {
			if ei.TextEdgePresent = s.bool(); ei.TextEdgePresent {
				ei.TextEdge = g.textIndices()
			}
		}
	}
}

func (g *gen) vectorIndices(entries bool) []format.VectorIndex {
	s, f := g.s, g.f
	out := make([]format.VectorIndex, s.intn(3))
	for i := range out {
		v := format.VectorIndex{Name: s.str(), Targets: []uint64{s.u64()}, Property: s.u64(), Metric: s.str(),
			Dimension: uint64(s.intn(4)), Resize: s.u64(), Capacity: s.u64()}
		if f.Has(format.FeatVectorMultiLabel) {
			v.Mode, v.Targets = uint64(s.intn(4)), s.u64s()
		}
		if f.Has(format.FeatVectorScalarKind) {
			v.ScalarKind = s.u64()
		}
		if entries {
			for range s.intn(3) {
				e := format.VectorEntry{Gid: s.u64(), Vector: make([]float64, v.Dimension)}
				for j := range e.Vector {
					e.Vector[j] = s.f64()
				}
				v.Entries = append(v.Entries, e)
			}
		}
		out[i] = v
	}
	return out
}

func (g *gen) textIndices() []format.TextIndex {
	out := make([]format.TextIndex, g.s.intn(3))
	for i := range out {
		out[i] = format.TextIndex{Name: g.s.str(), Target: g.s.u64()}
		if g.f.Has(format.FeatTextIndexProperties) {
			out[i].Properties = g.s.u64s()
		}
	}
	return out
}
