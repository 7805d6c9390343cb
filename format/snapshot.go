package format

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
	Version       Version
	Offsets       Offsets
	Edges         []EdgeRecord   // in file order (ascending gid)
	Vertices      []VertexRecord // in file order (ascending gid)
	Indices       Indices
	EdgeIndices   EdgeIndices // Features.EdgeIndices
	Constraints   Constraints
	Mapper        []MapperEntry // file order = id rank on recovery
	Enums         []EnumType    // Features.Enums
	EpochHistory  []EpochEntry
	Metadata      SnapshotMetadata
	EdgeBatches   []Batch       // Features.SnapshotBatches
	VertexBatches []Batch       // Features.SnapshotBatches
	TTL           *TTLConfig    // Features.TTL
	Descriptions  []Description // Features.Descriptions
	Gaps          []Gap
}

// Gap is a run of bytes that belongs to no section.
type Gap struct {
	Offset uint64
	Bytes  []byte
}

// Property is a mapper id and a value, as records store them.
type Property struct {
	ID    uint64
	Value Value
}

// EdgeRecord is one SECTION_EDGE record: an edge's properties.
type EdgeRecord struct {
	Offset     uint64 // of the 0x21 marker
	Gid        uint64
	Properties []Property
}

// VertexRecord is one SECTION_VERTEX record.
type VertexRecord struct {
	Offset     uint64 // of the 0x20 marker
	Gid        uint64
	Labels     []uint64 // mapper ids, in the vertex's stored order
	Properties []Property
	InEdges    []EdgeRef // Other = from-vertex gid
	OutEdges   []EdgeRef // Other = to-vertex gid
}

// EdgeRef is one entry of a vertex's in- or out-edge list.
type EdgeRef struct {
	Edge  uint64 // edge gid
	Other uint64 // gid of the vertex at the other end
	Type  uint64 // edge-type mapper id
}

// Batch is one entry of a batch table: where a run of records starts and how
// many records it holds.
type Batch struct {
	Offset uint64
	Count  uint64
}

// PropertyPath is a property id path; length 1 is a plain property, longer is
// nested (a.b.c).
type PropertyPath []uint64

// LabelPropertiesIndex is a label+properties index. Before CompositeIndices it
// has exactly one path of length 1; before NestedIndices every path has length 1.
type LabelPropertiesIndex struct {
	Label uint64
	Paths []PropertyPath
}

// LabelStat is the statistics of a label index (IndexStats).
type LabelStat struct {
	Label     uint64
	Count     uint64
	AvgDegree float64
}

// LabelPropertiesStat is the statistics of a label+properties index (IndexStats).
type LabelPropertiesStat struct {
	Label         uint64
	Paths         []PropertyPath
	Count         uint64
	DistinctCount uint64
	Statistic     float64
	AvgGroupSize  float64
	AvgDegree     float64
}

// Indices is SECTION_INDICES.
type Indices struct {
	Label               []uint64
	LabelStats          []LabelStat `feature:"IndexStats"`
	LabelProperties     []LabelPropertiesIndex
	LabelPropertiesDesc []LabelPropertiesIndex `feature:"DescIndices"`
	LabelPropertyStats  []LabelPropertiesStat  `feature:"IndexStats"`
}

// LabelProperty pairs a label (or edge type) id with a property id.
type LabelProperty struct {
	Label    uint64
	Property uint64
}

// VectorIndex is one vector index (node or edge) in the snapshot.
type VectorIndex struct {
	Name       string
	Mode       uint64   `feature:"VectorMultiLabel"` // SINGLE before it
	Targets    []uint64 // label or edge-type ids; one before VectorMultiLabel
	Property   uint64
	Metric     string
	Dimension  uint64
	Resize     uint64
	Capacity   uint64
	ScalarKind uint64        `feature:"VectorScalarKind"`
	Entries    []VectorEntry // VectorIndexID (node), VectorEdgeEntries (edge)
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
	Gid    uint64
	Vector []float64
}

// TextIndex is a text index over a label (or an edge type).
type TextIndex struct {
	Name       string
	Target     uint64
	Properties []uint64 `feature:"TextIndexProperties"`
}

// EdgeIndices is SECTION_EDGE_INDICES (Features.EdgeIndices). Despite its
// name it also holds point, vector, text and global vertex-property indices.
type EdgeIndices struct {
	EdgeType             []uint64
	EdgeTypeProperty     []LabelProperty `feature:"EdgeTypePropertyIndex"` // Label holds the edge type
	GlobalEdgeProperty   []uint64        `feature:"GlobalEdgePropertyIndex"`
	GlobalVertexProperty []uint64        `feature:"GlobalVertexPropertyIndex"`
	Point                []LabelProperty `feature:"PointIndexTypeConstraints"`
	Vector               []VectorIndex   `feature:"VectorIndex"`
	VectorEdge           []VectorIndex   `feature:"VectorEdgeIndex"`
	// Text counts are optional on disk (writers before TextEdgeIndex wrote
	// them only with a runtime flag); the *Present fields say whether the count was there.
	TextPresent     bool
	Text            []TextIndex
	TextEdgePresent bool        `feature:"TextEdgeIndex"`
	TextEdge        []TextIndex `feature:"TextEdgeIndex"`
}

// UniqueConstraint is a unique constraint over a set of properties.
type UniqueConstraint struct {
	Label      uint64
	Properties []uint64
}

// TypeConstraint requires a property to have a type (PointIndexTypeConstraints).
type TypeConstraint struct {
	Label    uint64
	Property uint64
	Kind     uint64
}

// Constraints is SECTION_CONSTRAINTS.
type Constraints struct {
	Existence []LabelProperty
	Unique    []UniqueConstraint
	Type      []TypeConstraint `feature:"PointIndexTypeConstraints"`
}

// MapperEntry binds a name to the id records use.
type MapperEntry struct {
	ID   uint64
	Name string
}

// EnumType is one enum definition; positions define the ids Enum values use.
type EnumType struct {
	Name   string
	Values []string
}

// EpochEntry is a previous replication epoch and its last durable timestamp.
type EpochEntry struct {
	ID        string
	Timestamp uint64
}

// SnapshotMetadata is SECTION_METADATA.
type SnapshotMetadata struct {
	UUID             string
	Epoch            string
	StartTimestamp   uint64
	DurableTimestamp uint64 `feature:"DurableTimestamp"` // equal to StartTimestamp before it
	EdgeCount        uint64
	VertexCount      uint64
	NumCommittedTxns uint64 `feature:"NumCommittedTxns"`
}

// TTLConfig is SECTION_TTL (Features.TTL).
type TTLConfig struct {
	Enabled   bool // the fields below exist only when Enabled
	Running   bool
	HasPeriod bool
	PeriodUs  uint64
	HasStart  bool
	StartNs   uint64 // system_clock ticks (nanoseconds)
	EdgeTTL   bool
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
	Kind     DescriptionKind
	Labels   []string // LABEL, LABEL_PROPERTY; "from" labels of patterns
	EdgeType string
	ToLabels []string
	Property string
	Value    Value // PROPERTY_VALUE
	Text     string
}
