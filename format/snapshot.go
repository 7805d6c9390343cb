package format

import "slices"

// SnapshotMagic starts every snapshot file.
const SnapshotMagic = "MGsn"

// OffsetSlot names one entry of the snapshot offsets table.
type OffsetSlot int

// Offset slots in on-disk order. A version has the subset SnapshotOffsetSlots returns.
const (
	OffsetEdges OffsetSlot = iota
	OffsetVertices
	OffsetIndices
	OffsetEdgeIndices
	OffsetConstraints
	OffsetMapper
	OffsetEnums
	OffsetEpochHistory
	OffsetMetadata
	OffsetEdgeBatches
	OffsetVertexBatches
	OffsetTTL
	OffsetDescriptions
	numOffsetSlots
)

var offsetSlotNames = [numOffsetSlots]string{
	"edges", "vertices", "indices", "edge_indices", "constraints", "mapper", "enums",
	"epoch_history", "metadata", "edge_batches", "vertex_batches", "ttl", "descriptions",
}

func (s OffsetSlot) String() string {
	if s >= 0 && s < numOffsetSlots {
		return offsetSlotNames[s]
	}
	return "unknown"
}

// SnapshotOffsetSlots lists the offsets-table entries of version f, in file order.
func SnapshotOffsetSlots(f Features) []OffsetSlot {
	slots := []OffsetSlot{OffsetEdges, OffsetVertices, OffsetIndices}
	if f.Has(FeatEdgeIndices) {
		slots = append(slots, OffsetEdgeIndices)
	}
	slots = append(slots, OffsetConstraints, OffsetMapper)
	if f.Has(FeatEnums) {
		slots = append(slots, OffsetEnums)
	}
	slots = append(slots, OffsetEpochHistory, OffsetMetadata)
	if f.Has(FeatSnapshotBatches) {
		slots = append(slots, OffsetEdgeBatches, OffsetVertexBatches)
	}
	if f.Has(FeatTTL) {
		slots = append(slots, OffsetTTL)
	}
	if f.Has(FeatDescriptions) {
		slots = append(slots, OffsetDescriptions)
	}
	return slots
}

// Offsets holds the offsets table by slot; absent slots and "absent" entries are 0.
type Offsets [numOffsetSlots]uint64

// Snapshot is the lossless model of one snapshot file. Sections are kept as
// typed values; their positions are in Offsets, and Gaps holds any bytes a
// writer left between the end of one section and the start of the next.
type Snapshot struct {
	Version       Version          `json:"version"`
	Offsets       Offsets          `json:"offsets"`
	Edges         []EdgeRecord     `json:"edges"`    // in file order (ascending gid)
	Vertices      []VertexRecord   `json:"vertices"` // in file order (ascending gid)
	Indices       Indices          `json:"indices"`
	EdgeIndices   EdgeIndices      `json:"edge_indices"` // Features.EdgeIndices
	Constraints   Constraints      `json:"constraints"`
	Mapper        []MapperEntry    `json:"mapper"` // file order = id rank on recovery
	Enums         []EnumType       `json:"enums"`  // Features.Enums
	EpochHistory  []EpochEntry     `json:"epoch_history"`
	Metadata      SnapshotMetadata `json:"metadata"`
	EdgeBatches   []Batch          `json:"edge_batches"`   // Features.SnapshotBatches
	VertexBatches []Batch          `json:"vertex_batches"` // Features.SnapshotBatches
	TTL           *TTLConfig       `json:"ttl"`            // Features.TTL
	Descriptions  []Description    `json:"descriptions"`   // Features.Descriptions
	Gaps          []Gap            `json:"gaps"`
}

// Gap is a run of bytes that belongs to no section.
type Gap struct {
	Offset uint64 `json:"offset"`
	Bytes  []byte `json:"bytes"`
}

// Property is a mapper id and a value, as records store them.
type Property struct {
	ID    uint64 `json:"id"`
	Value Value  `json:"value"`
}

// EdgeRecord is one SECTION_EDGE record: an edge's properties.
type EdgeRecord struct {
	Offset     uint64     `json:"offset"` // of the 0x21 marker
	Gid        uint64     `json:"gid"`
	Properties []Property `json:"properties"`
}

// VertexRecord is one SECTION_VERTEX record.
type VertexRecord struct {
	Offset     uint64     `json:"offset"` // of the 0x20 marker
	Gid        uint64     `json:"gid"`
	Labels     []uint64   `json:"labels"` // mapper ids, in the vertex's stored order
	Properties []Property `json:"properties"`
	InEdges    []EdgeRef  `json:"in_edges"`  // Other = from-vertex gid
	OutEdges   []EdgeRef  `json:"out_edges"` // Other = to-vertex gid
}

// Clone copies r's slices, for a reader that keeps a record its source
// will reuse (values are immutable and shared).
func (r EdgeRecord) Clone() EdgeRecord {
	r.Properties = slices.Clone(r.Properties)
	return r
}

// Clone copies r's slices (see EdgeRecord.Clone).
func (r VertexRecord) Clone() VertexRecord {
	r.Labels, r.Properties = slices.Clone(r.Labels), slices.Clone(r.Properties)
	r.InEdges, r.OutEdges = slices.Clone(r.InEdges), slices.Clone(r.OutEdges)
	return r
}

// EdgeRef is one entry of a vertex's in- or out-edge list.
type EdgeRef struct {
	Edge  uint64 `json:"edge"`  // edge gid
	Other uint64 `json:"other"` // gid of the vertex at the other end
	Type  uint64 `json:"type"`  // edge-type mapper id
}

// Batch is one entry of a batch table: where a run of records starts and how
// many records it holds.
type Batch struct {
	Offset uint64 `json:"offset"`
	Count  uint64 `json:"count"`
}

// PropertyPath is a property id path; length 1 is a plain property, longer is
// nested (a.b.c).
type PropertyPath []uint64

// LabelPropertiesIndex is a label+properties index. Before CompositeIndices it
// has exactly one path of length 1; before NestedIndices every path has length 1.
type LabelPropertiesIndex struct {
	Label uint64         `json:"label"`
	Paths []PropertyPath `json:"paths"`
}

// LabelStat is the statistics of a label index (IndexStats).
type LabelStat struct {
	Label     uint64  `json:"label"`
	Count     uint64  `json:"count"`
	AvgDegree float64 `json:"avg_degree"`
}

// LabelPropertiesStat is the statistics of a label+properties index (IndexStats).
type LabelPropertiesStat struct {
	Label         uint64         `json:"label"`
	Paths         []PropertyPath `json:"paths"`
	Count         uint64         `json:"count"`
	DistinctCount uint64         `json:"distinct_count"`
	Statistic     float64        `json:"statistic"`
	AvgGroupSize  float64        `json:"avg_group_size"`
	AvgDegree     float64        `json:"avg_degree"`
}

// Indices is SECTION_INDICES.
type Indices struct {
	Label               []uint64               `json:"label"`
	LabelStats          []LabelStat            `feature:"IndexStats" json:"label_stats"`
	LabelProperties     []LabelPropertiesIndex `json:"label_properties"`
	LabelPropertiesDesc []LabelPropertiesIndex `feature:"DescIndices" json:"label_properties_desc"`
	LabelPropertyStats  []LabelPropertiesStat  `feature:"IndexStats" json:"label_property_stats"`
}

// LabelProperty pairs a label (or edge type) id with a property id.
type LabelProperty struct {
	Label    uint64 `json:"label"`
	Property uint64 `json:"property"`
}

// VectorIndex is one vector index (node or edge) in the snapshot.
type VectorIndex struct {
	Name       string        `json:"name"`
	Mode       uint64        `feature:"VectorMultiLabel" json:"mode"` // SINGLE before it
	Targets    []uint64      `json:"targets"`                         // label or edge-type ids; one before VectorMultiLabel
	Property   uint64        `json:"property"`
	Metric     string        `json:"metric"`
	Dimension  uint64        `json:"dimension"`
	Resize     uint64        `json:"resize"`
	Capacity   uint64        `json:"capacity"`
	ScalarKind uint64        `feature:"VectorScalarKind" json:"scalar_kind"`
	Entries    []VectorEntry `json:"entries"` // VectorIndexID (node), VectorEdgeEntries (edge)
}

// Vector match modes (VectorMultiLabel).
const (
	VectorModeSingle   uint64 = 0
	VectorModeWildcard uint64 = 1
	VectorModeAnyOf    uint64 = 2
	VectorModeAllOf    uint64 = 3
)

// VectorEntry is one object's vector inside a snapshot vector index.
type VectorEntry struct {
	Gid    uint64    `json:"gid"`
	Vector []float64 `json:"vector"`
}

// TextIndex is a text index over a label (or an edge type).
type TextIndex struct {
	Name       string   `json:"name"`
	Target     uint64   `json:"target"`
	Properties []uint64 `feature:"TextIndexProperties" json:"properties"`
}

// EdgeIndices is SECTION_EDGE_INDICES (Features.EdgeIndices). Despite its
// name it also holds point, vector, text and global vertex-property indices.
type EdgeIndices struct {
	EdgeType             []uint64        `json:"edge_type"`
	EdgeTypeProperty     []LabelProperty `feature:"EdgeTypePropertyIndex" json:"edge_type_property"` // Label holds the edge type
	GlobalEdgeProperty   []uint64        `feature:"GlobalEdgePropertyIndex" json:"global_edge_property"`
	GlobalVertexProperty []uint64        `feature:"GlobalVertexPropertyIndex" json:"global_vertex_property"`
	Point                []LabelProperty `feature:"PointIndexTypeConstraints" json:"point"`
	Vector               []VectorIndex   `feature:"VectorIndex" json:"vector"`
	VectorEdge           []VectorIndex   `feature:"VectorEdgeIndex" json:"vector_edge"`
	// Text counts are optional on disk (writers before TextEdgeIndex wrote
	// them only with a runtime flag); the *Present fields say whether the count was there.
	TextPresent     bool        `json:"text_present"`
	Text            []TextIndex `json:"text"`
	TextEdgePresent bool        `feature:"TextEdgeIndex" json:"text_edge_present"`
	TextEdge        []TextIndex `feature:"TextEdgeIndex" json:"text_edge"`
}

// UniqueConstraint is a unique constraint over a set of properties.
type UniqueConstraint struct {
	Label      uint64   `json:"label"`
	Properties []uint64 `json:"properties"`
}

// TypeConstraint requires a property to have a type (PointIndexTypeConstraints).
type TypeConstraint struct {
	Label    uint64 `json:"label"`
	Property uint64 `json:"property"`
	Kind     uint64 `json:"kind"`
}

// Constraints is SECTION_CONSTRAINTS.
type Constraints struct {
	Existence []LabelProperty    `json:"existence"`
	Unique    []UniqueConstraint `json:"unique"`
	Type      []TypeConstraint   `feature:"PointIndexTypeConstraints" json:"type"`
}

// MapperEntry binds a name to the id records use.
type MapperEntry struct {
	ID   uint64 `json:"id"`
	Name string `json:"name"`
}

// EnumType is one enum definition; positions define the ids Enum values use.
type EnumType struct {
	Name   string   `json:"name"`
	Values []string `json:"values"`
}

// EpochEntry is a previous replication epoch and its last durable timestamp.
type EpochEntry struct {
	ID        string `json:"id"`
	Timestamp uint64 `json:"timestamp"`
}

// SnapshotMetadata is SECTION_METADATA.
type SnapshotMetadata struct {
	UUID             string `json:"uuid"`
	Epoch            string `json:"epoch"`
	StartTimestamp   uint64 `json:"start_timestamp"`
	DurableTimestamp uint64 `feature:"DurableTimestamp" json:"durable_timestamp"` // equal to StartTimestamp before it
	EdgeCount        uint64 `json:"edge_count"`
	VertexCount      uint64 `json:"vertex_count"`
	NumCommittedTxns uint64 `feature:"NumCommittedTxns" json:"num_committed_txns"`
}

// TTLConfig is SECTION_TTL (Features.TTL).
type TTLConfig struct {
	Enabled   bool   `json:"enabled"` // the fields below exist only when Enabled
	Running   bool   `json:"running"`
	HasPeriod bool   `json:"has_period"`
	PeriodUs  uint64 `json:"period_us"`
	HasStart  bool   `json:"has_start"`
	StartNs   uint64 `json:"start_ns"` // system_clock ticks (nanoseconds)
	EdgeTTL   bool   `json:"edge_ttl"`
}

// TypeConstraintKind values.
var TypeConstraintKinds = []string{
	"STRING", "BOOL", "INTEGER", "FLOAT", "LIST", "MAP", "DURATION", "DATE",
	"LOCAL TIME", "LOCAL DATE TIME", "ZONED DATE TIME", "ENUM", "POINT",
}

// DescriptionKind is the target kind of a description.
type DescriptionKind uint64

// Description target kinds.
const (
	DescDatabase                DescriptionKind = 0
	DescLabel                   DescriptionKind = 1
	DescEdgeType                DescriptionKind = 2
	DescLabelProperty           DescriptionKind = 3
	DescEdgeTypeProperty        DescriptionKind = 4
	DescProperty                DescriptionKind = 5
	DescEdgeTypePattern         DescriptionKind = 6
	DescEdgeTypePatternProperty DescriptionKind = 7
	DescPropertyValue           DescriptionKind = 8 // PropertyValueDescription
)

// Description is one description entry (snapshot section or WAL delta); which
// fields are present depends on Kind. Names are strings, not mapper ids.
type Description struct {
	Kind     DescriptionKind `json:"kind"`
	Labels   []string        `json:"labels"` // LABEL, LABEL_PROPERTY; "from" labels of patterns
	EdgeType string          `json:"edge_type"`
	ToLabels []string        `json:"to_labels"`
	Property string          `json:"property"`
	Value    Value           `json:"value"` // PROPERTY_VALUE
	Text     string          `json:"text"`
}
