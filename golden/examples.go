package golden

import (
	"github.com/durascope/durascope/format"
)

// The example graph ships with the project (golden/testdata/examples) so a
// fresh clone can run the tool without the Memgraph corpus. It is defined
// once here and written both as WAL transactions and as a snapshot, so the
// two recovery paths can be checked against each other.

type exampleVertex struct {
	gid    uint64
	labels []string
	props  []exampleProp
}

type exampleEdge struct {
	gid      uint64
	typ      string
	from, to uint64
	props    []exampleProp
}

type exampleProp struct {
	name  string
	value format.Value
}

const (
	exampleUUID  = "6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f"
	exampleEpoch = "0b1c2d3e-4f50-4617-8a9b-acbdcedfe0f1"
)

func exampleGraph(f format.Features) ([]exampleVertex, []exampleEdge) {
	ada := []exampleProp{
		{"name", format.String("Ada \"Countess\" Lovelace")},
		{"born", format.Temporal{Type: format.TemporalDate, Micros: -4_887_907_200_000_000}}, // 1815-02-10
		{"score", format.Double(0.1)},
		{"tags", format.List{format.String("math"), format.Int(-7), format.Null{}}},
	}
	alan := []exampleProp{
		{"name", format.String("Alan Turing")},
		{"born", format.Temporal{Type: format.TemporalDate, Micros: -1_815_350_400_000_000}}, // 1912-06-23
		{"meta", format.Map{{Key: "room", Value: format.Int(42)}, {Key: "city", Value: format.String("Wilmslow")}}},
	}
	if f.Has(format.FeatPoints) {
		alan = append(alan, exampleProp{"home", format.Point2D{SRID: format.SRIDWGS84_2D, X: -2.2426, Y: 53.4808}})
	}
	if f.Has(format.FeatEnums) {
		ada = append(ada, exampleProp{"mood", format.Enum{TypeID: 0, ValueID: 1}})
	}
	vertices := []exampleVertex{
		{0, []string{"Person", "Scientist"}, ada},
		{1, []string{"Person"}, alan},
		{2, []string{"Machine"}, []exampleProp{{"name", format.String("Analytical Engine")}}},
	}
	met := []exampleProp{{"at", format.Temporal{Type: format.TemporalLocalDateTime, Micros: -4_000_000_000_000_000}}}
	if f.Has(format.FeatZonedTemporal) {
		met = append(met, exampleProp{"zoned", format.ZonedTemporal{Micros: 1_700_000_000_000_000, ZoneIsName: true, ZoneName: "Europe/London"}})
	}
	edges := []exampleEdge{
		{0, "DESIGNED", 0, 2, []exampleProp{{"notes", format.Int(7)}, {"span", format.Temporal{Type: format.TemporalDuration, Micros: 90_061_000_001}}}},
		{1, "ADMIRES", 1, 0, met},
	}
	return vertices, edges
}

// ExampleWAL builds the example graph as a WAL of version v: one transaction
// per object, then a label index, a label+property index and a unique
// constraint, each in the framing the version uses.
func ExampleWAL(v format.Version) *format.WAL {
	f := format.FeaturesOf(v)
	m := &format.WAL{Header: format.WALHeader{Version: v, UUID: exampleUUID, Epoch: exampleEpoch}}
	ts := uint64(0)
	txn := func(frames ...format.Frame) {
		ts += 2
		t := format.Txn{Timestamp: ts, Commit: true, Access: format.AccessWrite}
		t.Add(frames...)
		m.Frames = format.AppendTxn(m.Frames, f, t)
	}
	frame := func(mk format.Marker, d format.Delta) format.Frame { return format.Frame{Marker: mk, Delta: d} }
	if f.Has(format.FeatEnums) {
		txn(frame(format.DeltaEnumCreate, format.EnumCreateDelta{Name: "Mood", Values: []string{"CALM", "CURIOUS"}}))
	}
	vertices, edges := exampleGraph(f)
	for _, vx := range vertices {
		frames := []format.Frame{frame(format.DeltaVertexCreate, format.VertexDelta{Gid: vx.gid})}
		for _, l := range vx.labels {
			frames = append(frames, frame(format.DeltaVertexAddLabel, format.LabelDelta{Gid: vx.gid, Label: l}))
		}
		for _, p := range vx.props {
			frames = append(frames, frame(format.DeltaVertexSetProperty, format.VertexPropertyDelta{Gid: vx.gid, Property: p.name, Value: p.value}))
		}
		txn(frames...)
	}
	for _, e := range edges {
		frames := []format.Frame{frame(format.DeltaEdgeCreate, format.EdgeDelta{Gid: e.gid, EdgeType: e.typ, From: e.from, To: e.to})}
		for _, p := range e.props {
			d := format.EdgePropertyDelta{Gid: e.gid, Property: p.name, Value: p.value}
			if f.Has(format.FeatEdgeSetFromVertex) {
				d.From = e.from
			}
			if f.Has(format.FeatEdgeSetToVertex) {
				d.To, d.EdgeType = e.to, e.typ
			}
			frames = append(frames, frame(format.DeltaEdgeSetProperty, d))
		}
		txn(frames...)
	}
	txn(frame(format.DeltaLabelIndexCreate, format.LabelOnlyDelta{Label: "Person"}))
	txn(frame(format.DeltaLabelPropertiesIndexCreate, format.LabelPropertiesDelta{Label: "Person", Paths: []format.NamePath{{"name"}}}))
	txn(frame(format.DeltaUniqueConstraintCreate, format.UniqueConstraintDelta{Label: "Machine", Properties: []string{"name"}}))
	return m
}

// ExampleSnapshot builds the example graph as a snapshot model of version v,
// with mapper ids in first-use order and fresh offsets (encode lays it out).
func ExampleSnapshot(v format.Version) *format.Snapshot {
	f := format.FeaturesOf(v)
	m := &format.Snapshot{Version: v, Metadata: format.SnapshotMetadata{
		UUID: exampleUUID, Epoch: exampleEpoch, StartTimestamp: 40, DurableTimestamp: 40}}
	if f.Has(format.FeatDurableTimestamp) {
		m.Metadata.DurableTimestamp = 38
	}
	ids := map[string]uint64{}
	id := func(name string) uint64 {
		if x, ok := ids[name]; ok {
			return x
		}
		ids[name] = uint64(len(m.Mapper))
		m.Mapper = append(m.Mapper, format.MapperEntry{ID: uint64(len(m.Mapper)), Name: name})
		return ids[name]
	}
	props := func(ps []exampleProp) []format.Property {
		var out []format.Property
		for _, p := range ps {
			out = append(out, format.Property{ID: id(p.name), Value: p.value})
		}
		return out
	}
	if f.Has(format.FeatEnums) {
		m.Enums = []format.EnumType{{Name: "Mood", Values: []string{"CALM", "CURIOUS"}}}
	}
	vertices, edges := exampleGraph(f)
	for _, vx := range vertices {
		r := format.VertexRecord{Gid: vx.gid, Properties: props(vx.props)}
		for _, l := range vx.labels {
			r.Labels = append(r.Labels, id(l))
		}
		m.Vertices = append(m.Vertices, r)
	}
	for _, e := range edges {
		m.Edges = append(m.Edges, format.EdgeRecord{Gid: e.gid, Properties: props(e.props)})
		ref := format.EdgeRef{Edge: e.gid, Type: id(e.typ)}
		out, in := ref, ref
		out.Other, in.Other = e.to, e.from
		m.Vertices[e.from].OutEdges = append(m.Vertices[e.from].OutEdges, out)
		m.Vertices[e.to].InEdges = append(m.Vertices[e.to].InEdges, in)
	}
	m.Metadata.VertexCount, m.Metadata.EdgeCount = uint64(len(m.Vertices)), uint64(len(m.Edges))
	m.Indices.Label = []uint64{id("Person")}
	m.Indices.LabelProperties = []format.LabelPropertiesIndex{{Label: id("Person"), Paths: []format.PropertyPath{{id("name")}}}}
	m.Constraints.Unique = []format.UniqueConstraint{{Label: id("Machine"), Properties: []uint64{id("name")}}}
	if f.Has(format.FeatTTL) {
		m.TTL = &format.TTLConfig{}
	}
	if f.Has(format.FeatNumCommittedTxns) {
		m.Metadata.NumCommittedTxns = 9
	}
	if f.Has(format.FeatTextEdgeIndex) { // writers from here on always write both text counts
		m.EdgeIndices.TextPresent, m.EdgeIndices.TextEdgePresent = true, true
	}
	return m
}

// ExampleSnapshotNamer is ExampleSnapshot(v) with a way to name ids for
// tests that edit its schema: id gives a name's mapper id, adding an entry
// (past the example's ids) when the mapper has none.
func ExampleSnapshotNamer(v format.Version) (*format.Snapshot, func(string) uint64) {
	m := ExampleSnapshot(v)
	return m, func(name string) uint64 {
		for _, e := range m.Mapper {
			if e.Name == name {
				return e.ID
			}
		}
		id := uint64(len(m.Mapper)) + 100
		m.Mapper = append(m.Mapper, format.MapperEntry{ID: id, Name: name})
		return id
	}
}
