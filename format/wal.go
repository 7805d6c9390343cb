package format

// WALMagic starts every WAL file.
const WALMagic = "MGwl"

// WALHeader is everything before the first delta frame.
type WALHeader struct {
	Version        Version     `json:"version"`
	OffsetMetadata uint64      `json:"offset_metadata"`
	OffsetDeltas   uint64      `json:"offset_deltas"`
	UUID           string      `json:"uuid"`
	Epoch          string      `json:"epoch"`
	SeqNum         uint64      `json:"seq_num"`
	HeaderCRC      uint32      `feature:"CRC" json:"header_crc"`
	Summary        *WALSummary `feature:"WALSummary" json:"summary"`
	// HeaderEnd is where the header's own bytes end (after the CRC or the
	// summary); bytes up to OffsetDeltas beyond it are a gap.
	HeaderEnd uint64 `json:"header_end"`
	Gap       []byte `json:"gap"`
}

// WALSummary is the v37 summary region; NumDeltas 0 means "not finalized".
type WALSummary struct {
	FromTimestamp uint64 `json:"from_timestamp"`
	ToTimestamp   uint64 `json:"to_timestamp"`
	NumDeltas     uint64 `json:"num_deltas"`
	CRC           uint32 `json:"crc"`
}

// Finalized reports whether the summary was back-patched by a finalized file.
func (s *WALSummary) Finalized() bool { return s != nil && s.NumDeltas != 0 }

// WALTotals is what the complete transactions of a WAL hold, counted the
// way Memgraph's summary counts them: readers, writers and the summary
// check all count with Add.
type WALTotals struct {
	Transactions  int    `json:"transactions"`
	Frames        uint64 `json:"frames"`         // frames of complete transactions
	FromTimestamp uint64 `json:"from_timestamp"` // of the first complete transaction
	ToTimestamp   uint64 `json:"to_timestamp"`   // of the last complete transaction
}

// Add counts one complete transaction of n frames committed at ts.
func (t *WALTotals) Add(ts, n uint64) {
	if t.Transactions == 0 {
		t.FromTimestamp = ts
	}
	t.ToTimestamp = ts
	t.Transactions++
	t.Frames += n
}

// Summary is the finalized summary of a file holding these transactions.
func (t WALTotals) Summary() WALSummary {
	return WALSummary{FromTimestamp: t.FromTimestamp, ToTimestamp: t.ToTimestamp, NumDeltas: t.Frames}
}

// Frame is one delta frame: 0x26, the owning transaction's commit timestamp,
// the delta marker and its payload.
type Frame struct {
	Offset    int64  `json:"offset"` // of the 0x26 marker
	Size      int64  `json:"size"`   // bytes of the whole frame
	Timestamp uint64 `json:"timestamp"`
	Marker    Marker `json:"marker"`
	Delta     Delta  `json:"delta"`
}

// Delta is the payload of a frame. The concrete type depends on the marker;
// DeltaShape documents the mapping.
type Delta interface{ isDelta() }

// VertexDelta: VERTEX_CREATE, VERTEX_DELETE.
type VertexDelta struct {
	Gid uint64 `json:"gid"`
}

// LabelDelta: VERTEX_ADD_LABEL, VERTEX_REMOVE_LABEL.
type LabelDelta struct {
	Gid   uint64 `json:"gid"`
	Label string `json:"label"`
}

// VertexPropertyDelta: VERTEX_SET_PROPERTY. Value is the value at commit; Null removes.
type VertexPropertyDelta struct {
	Gid      uint64 `json:"gid"`
	Property string `json:"property"`
	Value    Value  `json:"value"`
}

// EdgeDelta: EDGE_CREATE, EDGE_DELETE.
type EdgeDelta struct {
	Gid      uint64 `json:"gid"`
	EdgeType string `json:"edge_type"`
	From     uint64 `json:"from"`
	To       uint64 `json:"to"`
}

// UnknownGid is the to-vertex an EDGE_SET_PROPERTY carries when the writer did
// not know it (EdgeSetToVertex); the edge type is then "".
const UnknownGid = ^uint64(0)

// EdgePropertyDelta: EDGE_SET_PROPERTY.
type EdgePropertyDelta struct {
	Gid      uint64 `json:"gid"`
	Property string `json:"property"`
	Value    Value  `json:"value"`
	From     uint64 `feature:"EdgeSetFromVertex" json:"from"`
	To       uint64 `feature:"EdgeSetToVertex" json:"to"`        // may be UnknownGid
	EdgeType string `feature:"EdgeSetToVertex" json:"edge_type"` // may be ""
}

// TxnStart: TRANSACTION_START (TxnStart).
type TxnStart struct {
	Commit     bool   `json:"commit"`
	AccessType uint64 `feature:"TxnAccessType" json:"access_type"`
}

// Access types of TRANSACTION_START (TxnAccessType): Memgraph's storage
// access type of the committing transaction.
const (
	AccessUnique   uint64 = 0 // schema changes that take the storage alone
	AccessWrite    uint64 = 1 // Cypher writes
	AccessRead     uint64 = 2 // index drops, ANALYZE GRAPH
	AccessReadOnly uint64 = 3 // index and constraint creation
)

// TxnEnd: TRANSACTION_END; CRC exists with Features.CRC.
type TxnEnd struct {
	CRC uint32 `feature:"CRC" json:"crc"`
}

// LabelOnlyDelta: LABEL_INDEX_CREATE/DROP, LABEL_INDEX_STATS_CLEAR,
// LABEL_PROPERTIES_INDEX_STATS_CLEAR.
type LabelOnlyDelta struct {
	Label string `json:"label"`
}

// LabelStatsDelta: LABEL_INDEX_STATS_SET; Stats is Memgraph's JSON-like text.
type LabelStatsDelta struct {
	Label string `json:"label"`
	Stats string `json:"stats"`
}

// NamePath is a property path by names; length 1 is a plain property.
type NamePath []string

// LabelPropertiesDelta: LABEL_PROPERTIES_INDEX_CREATE/DROP. One path of length
// one before CompositeIndices; Order exists with DescIndices.
type LabelPropertiesDelta struct {
	Label string     `json:"label"`
	Paths []NamePath `json:"paths"`
	Order uint64     `feature:"DescIndices" json:"order"` // IndexOrderAsc or IndexOrderDesc
}

// Label+properties index orders (DescIndices).
const (
	IndexOrderAsc  uint64 = 0
	IndexOrderDesc uint64 = 1
)

// LabelPropertiesStatsDelta: LABEL_PROPERTIES_INDEX_STATS_SET.
type LabelPropertiesStatsDelta struct {
	Label string     `json:"label"`
	Paths []NamePath `json:"paths"`
	Stats string     `json:"stats"`
}

// LabelPropertyDelta: EXISTENCE_CONSTRAINT_CREATE/DROP, POINT_INDEX_CREATE/DROP.
type LabelPropertyDelta struct {
	Label    string `json:"label"`
	Property string `json:"property"`
}

// UniqueConstraintDelta: UNIQUE_CONSTRAINT_CREATE/DROP.
type UniqueConstraintDelta struct {
	Label      string   `json:"label"`
	Properties []string `json:"properties"`
}

// TypeConstraintDelta: TYPE_CONSTRAINT_CREATE/DROP.
type TypeConstraintDelta struct {
	Label    string `json:"label"`
	Property string `json:"property"`
	Kind     uint64 `json:"kind"`
}

// EdgeTypeDelta: EDGE_INDEX_CREATE/DROP.
type EdgeTypeDelta struct {
	EdgeType string `json:"edge_type"`
}

// EdgeTypePropertyDelta: EDGE_PROPERTY_INDEX_CREATE/DROP.
type EdgeTypePropertyDelta struct {
	EdgeType string `json:"edge_type"`
	Property string `json:"property"`
}

// PropertyOnlyDelta: GLOBAL_EDGE_PROPERTY_INDEX_* and GLOBAL_VERTEX_PROPERTY_INDEX_*.
type PropertyOnlyDelta struct {
	Property string `json:"property"`
}

// TextIndexDelta: TEXT_INDEX_CREATE, TEXT_EDGE_INDEX_CREATE, TEXT_INDEX_DROP.
// Target is the label or edge type; a drop carries it only before
// TextIndexProperties. Properties exist with TextIndexProperties (creates only).
type TextIndexDelta struct {
	Name       string   `json:"name"`
	Target     string   `json:"target"`
	Properties []string `feature:"TextIndexProperties" json:"properties"`
}

// NameOnlyDelta: VECTOR_INDEX_DROP.
type NameOnlyDelta struct {
	Name string `json:"name"`
}

// EnumCreateDelta: ENUM_CREATE.
type EnumCreateDelta struct {
	Name   string   `json:"name"`
	Values []string `json:"values"`
}

// EnumAlterAddDelta: ENUM_ALTER_ADD.
type EnumAlterAddDelta struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// EnumAlterUpdateDelta: ENUM_ALTER_UPDATE.
type EnumAlterUpdateDelta struct {
	Name     string `json:"name"`
	OldValue string `json:"old_value"`
	NewValue string `json:"new_value"`
}

// VectorIndexDelta: VECTOR_INDEX_CREATE, VECTOR_EDGE_INDEX_CREATE. Targets are
// label or edge-type names; one, with Mode SINGLE, before VectorMultiLabel.
type VectorIndexDelta struct {
	Name       string   `json:"name"`
	Mode       uint64   `feature:"VectorMultiLabel" json:"mode"`
	Targets    []string `json:"targets"`
	Property   string   `json:"property"`
	Metric     string   `json:"metric"`
	Dimension  uint64   `json:"dimension"`
	Resize     uint64   `json:"resize"`
	Capacity   uint64   `json:"capacity"`
	ScalarKind uint64   `feature:"VectorScalarKind" json:"scalar_kind"`
}

// TTL operation types.
const (
	TTLEnable    uint64 = 0
	TTLDisable   uint64 = 1
	TTLConfigure uint64 = 2
	TTLStop      uint64 = 3
)

// TTLDelta: TTL_OPERATION. Period and start are microseconds.
type TTLDelta struct {
	Op        uint64 `json:"op"`
	HasPeriod bool   `json:"has_period"`
	PeriodUs  uint64 `json:"period_us"`
	HasStart  bool   `json:"has_start"`
	StartUs   uint64 `json:"start_us"`
	EdgeTTL   bool   `json:"edge_ttl"`
}

// DefaultTTLPeriodUs is the period Memgraph's TTL job takes when a
// CONFIGURE carries none (one day); the delta itself records none.
const DefaultTTLPeriodUs = 24 * 60 * 60 * 1_000_000

// Period is the period a CONFIGURE sets: its own, or the default.
func (d TTLDelta) Period() uint64 {
	if d.HasPeriod {
		return d.PeriodUs
	}
	return DefaultTTLPeriodUs
}

// DescriptionDelta: DESCRIPTION_SET (with Text) and DESCRIPTION_DELETE (without).
type DescriptionDelta struct{ Description }

func (VertexDelta) isDelta()               {}
func (LabelDelta) isDelta()                {}
func (VertexPropertyDelta) isDelta()       {}
func (EdgeDelta) isDelta()                 {}
func (EdgePropertyDelta) isDelta()         {}
func (TxnStart) isDelta()                  {}
func (TxnEnd) isDelta()                    {}
func (LabelOnlyDelta) isDelta()            {}
func (LabelStatsDelta) isDelta()           {}
func (LabelPropertiesDelta) isDelta()      {}
func (LabelPropertiesStatsDelta) isDelta() {}
func (LabelPropertyDelta) isDelta()        {}
func (UniqueConstraintDelta) isDelta()     {}
func (TypeConstraintDelta) isDelta()       {}
func (EdgeTypeDelta) isDelta()             {}
func (EdgeTypePropertyDelta) isDelta()     {}
func (PropertyOnlyDelta) isDelta()         {}
func (TextIndexDelta) isDelta()            {}
func (NameOnlyDelta) isDelta()             {}
func (EnumCreateDelta) isDelta()           {}
func (EnumAlterAddDelta) isDelta()         {}
func (EnumAlterUpdateDelta) isDelta()      {}
func (VectorIndexDelta) isDelta()          {}
func (TTLDelta) isDelta()                  {}
func (DescriptionDelta) isDelta()          {}

// DeltaFirstVersion gives the first format version that writes marker m, or
// false if m is not a delta marker.
func DeltaFirstVersion(m Marker) (Version, bool) {
	f, ok := DeltaFeature(m)
	return f.First(), ok
}

// DeltaFeature names the feature that added delta marker m (NoFeature for
// the deltas every version has); ok is false if m is not a delta marker.
func DeltaFeature(m Marker) (f Feature, ok bool) {
	switch {
	case m >= DeltaVertexCreate && m <= DeltaUniqueConstraintDrop:
		return NoFeature, true
	case m >= DeltaLabelIndexStatsSet && m <= DeltaLabelPropertiesIndexStatsClear:
		return FeatIndexStats, true
	case m == DeltaEdgeIndexCreate || m == DeltaEdgeIndexDrop || m == DeltaTextIndexCreate || m == DeltaTextIndexDrop:
		return FeatEdgeIndices, true
	case m >= DeltaEnumCreate && m <= DeltaEnumAlterUpdate:
		return FeatEnums, true
	case m == DeltaEdgePropertyIndexCreate || m == DeltaEdgePropertyIndexDrop:
		return FeatEdgeTypePropertyIndex, true
	case m >= DeltaPointIndexCreate && m <= DeltaTypeConstraintDrop:
		return FeatPointIndexTypeConstraints, true
	case m == DeltaVectorIndexCreate || m == DeltaVectorIndexDrop:
		return FeatVectorIndex, true
	case m == DeltaGlobalEdgePropertyIndexCreate || m == DeltaGlobalEdgePropertyIndexDrop:
		return FeatGlobalEdgePropertyIndex, true
	case m == DeltaVectorEdgeIndexCreate:
		return FeatVectorEdgeIndex, true
	case m == DeltaTransactionStart:
		return FeatTxnStart, true
	case m == DeltaTTLOperation:
		return FeatTTL, true
	case m == DeltaTextEdgeIndexCreate:
		return FeatTextEdgeIndex, true
	case m == DeltaDescriptionSet || m == DeltaDescriptionDelete:
		return FeatDescriptions, true
	case m == DeltaGlobalVertexPropertyIndexCreate || m == DeltaGlobalVertexPropertyIndexDrop:
		return FeatGlobalVertexPropertyIndex, true
	}
	return NoFeature, false
}

// ClosesTransaction reports whether a frame with marker m ends its
// transaction in a file with features f: TRANSACTION_END always; before
// MetadataTxnEnd every metadata delta also stands as a transaction of its own.
func ClosesTransaction(m Marker, f Features) bool {
	return m == DeltaTransactionEnd || (!f.Has(FeatMetadataTxnEnd) && IsMetadataDelta(m))
}

// IsDataDelta reports whether m changes graph data (as opposed to metadata
// such as indices, constraints, enums, TTL and descriptions, or transaction framing).
func IsDataDelta(m Marker) bool {
	return m >= DeltaVertexCreate && m <= DeltaEdgeSetProperty
}

// IsMetadataDelta reports whether m is a schema/metadata delta.
func IsMetadataDelta(m Marker) bool {
	return m.IsDelta() && !IsDataDelta(m) && m != DeltaTransactionStart && m != DeltaTransactionEnd
}

// WAL is the lossless model of a whole WAL file. Tail holds the bytes after
// the last frame that decoded, when the file ends in a torn transaction.
type WAL struct {
	Header WALHeader `json:"header"`
	Frames []Frame   `json:"frames"`
	Tail   []byte    `json:"tail"`
}
