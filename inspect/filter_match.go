package inspect

import (
	"github.com/durascope/durascope/format"
)

// walkItem is what a filter looks at of a record, however the walk read
// it: a frame or an edge or vertex record as the dump prints it (a view,
// or taken from the built record), any other record as a Record.
type walkItem struct {
	kind    string // as Record.Kind
	offset  int64
	version format.Version
	rec     *Record     // any record but a frame, an edge or a vertex
	frame   *walFrame   // kind "frame"
	snap    *snapRecord // kind "edge", "vertex"
}

// ofRecord sets it to the record r; a frame or an edge or vertex record
// is taken into fr or snap.
func (it *walkItem) ofRecord(r *Record, fr *walFrame, snap *snapRecord) {
	*it = walkItem{kind: r.Kind, offset: r.Offset, version: r.Version}
	switch v := r.Value.(type) {
	case format.Frame:
		fr.ofFrame(&v, r.Txn)
		it.frame = fr
	case format.VertexRecord:
		snap.ofVertex(&v)
		it.snap = snap
	case format.EdgeRecord:
		snap.ofEdge(&v)
		it.snap = snap
	default:
		it.rec = r
	}
}

// ofFrame sets it to the frame fr.
func (it *walkItem) ofFrame(v format.Version, fr *walFrame) {
	*it = walkItem{kind: "frame", offset: fr.head.Offset, version: v, frame: fr}
}

// ofSnap sets it to the edge or vertex record r.
func (it *walkItem) ofSnap(v format.Version, r *snapRecord) {
	*it = walkItem{kind: "edge", offset: int64(r.offset), version: v, snap: r}
	if r.vertex {
		it.kind = "vertex"
	}
}

// recordGids calls vertex and edge with the gids a record is about (the
// --gid rule; dump's help states it): a snapshot vertex record's own gid and
// the gids of the edges it holds, an edge record's gid; a frame's vertex or
// edge gid, and an edge frame's endpoints where the file carries them.
func recordGids(it *walkItem, vertex, edge func(uint64)) {
	if r := it.snap; r != nil {
		if !r.vertex {
			edge(r.gid)
			return
		}
		vertex(r.gid)
		for _, e := range r.in {
			edge(e.Edge)
		}
		for _, e := range r.out {
			edge(e.Edge)
		}
		return
	}
	if it.frame == nil || !it.frame.held {
		return
	}
	switch d := &it.frame.fields; d.kind {
	case kindVertex, kindLabel, kindVertexProp:
		vertex(d.gid)
	case kindEdge:
		edge(d.gid)
		vertex(d.from)
		vertex(d.to)
	case kindEdgeProp:
		edge(d.gid)
		ft := format.FeaturesOf(it.version)
		if ft.Has(format.FeatEdgeSetFromVertex) {
			vertex(d.from)
		}
		if ft.Has(format.FeatEdgeSetToVertex) && d.to != format.UnknownGid {
			vertex(d.to)
		}
	}
}

// frameNames calls label and edgeType with the label and edge-type names a
// WAL frame names: the label a vertex gains or loses, the type of an edge
// created, deleted or given a property (where the file carries it), and the
// targets of index, constraint and description deltas. A text index drop
// names its target without saying which kind it is: it goes to both.
func frameNames(fr *walFrame, label, edgeType func(string)) {
	if fr.held {
		switch d := &fr.fields; d.kind {
		case kindLabel:
			label(d.name)
		case kindEdge:
			edgeType(d.name)
		case kindEdgeProp:
			if d.edgeType != "" {
				edgeType(d.edgeType)
			}
		}
		return
	}
	switch d := fr.delta.(type) {
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
		switch fr.head.Marker {
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
		if fr.head.Marker == format.DeltaVectorEdgeIndexCreate {
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
func vertexNameIDs(v *snapRecord, label, edgeType func(uint64)) {
	for _, l := range v.labels {
		label(l)
	}
	for _, e := range v.in {
		edgeType(e.Type)
	}
	for _, e := range v.out {
		edgeType(e.Type)
	}
}
