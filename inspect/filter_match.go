package inspect

import (
	"github.com/durascope/durascope/decode"
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
	frame   frameItem   // kind "frame"
	snap    *snapRecord // kind "edge", "vertex"
}

// frameItem is a frame as a filter looks at it: its transaction,
// timestamp and delta type, and its payload: the fields of a delta of
// graph data or of transaction framing, any other delta built.
type frameItem struct {
	txn    int
	ts     uint64
	marker format.Marker
	fields deltaFields
	held   bool         // fields hold the delta
	delta  format.Delta // when they do not
}

// ofRecord sets it to the record r.
func (it *walkItem) ofRecord(r *Record, snap *snapRecord) {
	*it = walkItem{kind: r.Kind, offset: r.Offset, version: r.Version}
	switch v := r.Value.(type) {
	case format.Frame:
		it.frame = frameItem{txn: r.Txn, ts: v.Timestamp, marker: v.Marker}
		if it.frame.fields, it.frame.held = fieldsOfDelta(v.Delta); !it.frame.held {
			it.frame.delta = v.Delta
		}
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

// ofFrame sets it to the frame h, read as the view dv.
func (it *walkItem) ofFrame(v format.Version, h *decode.FrameHead, dv *decode.DeltaView) {
	*it = walkItem{kind: "frame", offset: h.Offset, version: v, frame: frameItem{txn: h.Txn, ts: h.Timestamp, marker: h.Marker}}
	if it.frame.fields, it.frame.held = fieldsOfView(dv); !it.frame.held {
		it.frame.delta = dv.Delta
	}
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
	if it.kind != "frame" || !it.frame.held {
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
func frameNames(fr *frameItem, label, edgeType func(string)) {
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
		switch fr.marker {
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
		if fr.marker == format.DeltaVectorEdgeIndexCreate {
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
