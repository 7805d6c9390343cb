package inspect

import "github.com/durascope/durascope/format"

// recordGids calls vertex and edge with the gids a record is about (the
// --gid rule; dump's help states it): a snapshot vertex record's own gid and
// the gids of the edges it holds, an edge record's gid; a frame's vertex or
// edge gid, and an edge frame's endpoints where the file carries them.
func recordGids(r Record, vertex, edge func(uint64)) {
	switch v := r.Value.(type) {
	case format.VertexRecord:
		vertex(v.Gid)
		for _, e := range v.InEdges {
			edge(e.Edge)
		}
		for _, e := range v.OutEdges {
			edge(e.Edge)
		}
	case format.EdgeRecord:
		edge(v.Gid)
	case format.Frame:
		switch d := v.Delta.(type) {
		case format.VertexDelta:
			vertex(d.Gid)
		case format.LabelDelta:
			vertex(d.Gid)
		case format.VertexPropertyDelta:
			vertex(d.Gid)
		case format.EdgeDelta:
			edge(d.Gid)
			vertex(d.From)
			vertex(d.To)
		case format.EdgePropertyDelta:
			edge(d.Gid)
			ft := format.FeaturesOf(r.Version)
			if ft.Has(format.FeatEdgeSetFromVertex) {
				vertex(d.From)
			}
			if ft.Has(format.FeatEdgeSetToVertex) && d.To != format.UnknownGid {
				vertex(d.To)
			}
		}
	}
}

// frameNames calls label and edgeType with the label and edge-type names a
// WAL frame names: the label a vertex gains or loses, the type of an edge
// created, deleted or given a property (where the file carries it), and the
// targets of index, constraint and description deltas. A text index drop
// names its target without saying which kind it is: it goes to both.
func frameNames(fr format.Frame, label, edgeType func(string)) {
	switch d := fr.Delta.(type) {
	case format.LabelDelta:
		label(d.Label)
	case format.EdgeDelta:
		edgeType(d.EdgeType)
	case format.EdgePropertyDelta:
		if d.EdgeType != "" {
			edgeType(d.EdgeType)
		}
	case format.LabelOnlyDelta:
		label(d.Label)
	case format.LabelStatsDelta:
		label(d.Label)
	case format.LabelPropertiesDelta:
		label(d.Label)
	case format.LabelPropertiesStatsDelta:
		label(d.Label)
	case format.LabelPropertyDelta:
		label(d.Label)
	case format.UniqueConstraintDelta:
		label(d.Label)
	case format.TypeConstraintDelta:
		label(d.Label)
	case format.EdgeTypeDelta:
		edgeType(d.EdgeType)
	case format.EdgeTypePropertyDelta:
		edgeType(d.EdgeType)
	case format.TextIndexDelta:
		if d.Target == "" {
			return
		}
		switch fr.Marker {
		case format.DeltaTextIndexCreate:
			label(d.Target)
		case format.DeltaTextEdgeIndexCreate:
			edgeType(d.Target)
		default:
			label(d.Target)
			edgeType(d.Target)
		}
	case format.VectorIndexDelta:
		to := label
		if fr.Marker == format.DeltaVectorEdgeIndexCreate {
			to = edgeType
		}
		for _, t := range d.Targets {
			to(t)
		}
	case format.DescriptionDelta:
		for _, l := range d.Labels {
			label(l)
		}
		for _, l := range d.ToLabels {
			label(l)
		}
		if d.EdgeType != "" {
			edgeType(d.EdgeType)
		}
	}
}

// vertexNameIDs calls label with a snapshot vertex record's label ids and
// edgeType with the type ids of the edges it holds (mapper ids).
func vertexNameIDs(v format.VertexRecord, label, edgeType func(uint64)) {
	for _, l := range v.Labels {
		label(l)
	}
	for _, e := range v.InEdges {
		edgeType(e.Type)
	}
	for _, e := range v.OutEdges {
		edgeType(e.Type)
	}
}
