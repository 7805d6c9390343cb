package format

import "fmt"

// Marker is the one-byte tag that frames every value, section and delta in
// both file kinds. The byte values are fixed by Memgraph: never change them.
// See spec/primitives.md.
type Marker byte

// Value payload markers.
const (
	MarkerFalse         Marker = 0x00
	MarkerTrue          Marker = 0xFF
	MarkerNull          Marker = 0x10
	MarkerBool          Marker = 0x11
	MarkerInt           Marker = 0x12
	MarkerDouble        Marker = 0x13
	MarkerString        Marker = 0x14
	MarkerList          Marker = 0x15
	MarkerMap           Marker = 0x16
	MarkerPropertyValue Marker = 0x17
	MarkerTemporal      Marker = 0x18
	MarkerZonedTemporal Marker = 0x19
	MarkerEnum          Marker = 0x1a
	MarkerPoint2D       Marker = 0x1b
	MarkerPoint3D       Marker = 0x1c
	MarkerVectorIndexID Marker = 0x1d
)

// Section markers.
const (
	SectionVertex       Marker = 0x20
	SectionEdge         Marker = 0x21
	SectionMapper       Marker = 0x22
	SectionMetadata     Marker = 0x23
	SectionIndices      Marker = 0x24
	SectionConstraints  Marker = 0x25
	SectionDelta        Marker = 0x26
	SectionEpochHistory Marker = 0x27
	SectionEdgeIndices  Marker = 0x28
	SectionEnums        Marker = 0x29
	SectionTTL          Marker = 0x2a
	SectionDescriptions Marker = 0x2b
	SectionOffsets      Marker = 0x42
)

// WAL delta markers.
const (
	DeltaVertexCreate                    Marker = 0x50
	DeltaVertexDelete                    Marker = 0x51
	DeltaVertexAddLabel                  Marker = 0x52
	DeltaVertexRemoveLabel               Marker = 0x53
	DeltaVertexSetProperty               Marker = 0x54
	DeltaEdgeCreate                      Marker = 0x55
	DeltaEdgeDelete                      Marker = 0x56
	DeltaEdgeSetProperty                 Marker = 0x57
	DeltaTransactionEnd                  Marker = 0x58
	DeltaLabelIndexCreate                Marker = 0x59
	DeltaLabelIndexDrop                  Marker = 0x5a
	DeltaLabelPropertiesIndexCreate      Marker = 0x5b
	DeltaLabelPropertiesIndexDrop        Marker = 0x5c
	DeltaExistenceConstraintCreate       Marker = 0x5d
	DeltaExistenceConstraintDrop         Marker = 0x5e
	DeltaUniqueConstraintCreate          Marker = 0x5f
	DeltaUniqueConstraintDrop            Marker = 0x60
	DeltaLabelIndexStatsSet              Marker = 0x61
	DeltaLabelIndexStatsClear            Marker = 0x62
	DeltaLabelPropertiesIndexStatsSet    Marker = 0x63
	DeltaLabelPropertiesIndexStatsClear  Marker = 0x64
	DeltaEdgeIndexCreate                 Marker = 0x65
	DeltaEdgeIndexDrop                   Marker = 0x66
	DeltaTextIndexCreate                 Marker = 0x67
	DeltaTextIndexDrop                   Marker = 0x68
	DeltaEnumCreate                      Marker = 0x69
	DeltaEnumAlterAdd                    Marker = 0x6a
	DeltaEnumAlterUpdate                 Marker = 0x6b
	DeltaEdgePropertyIndexCreate         Marker = 0x6c
	DeltaEdgePropertyIndexDrop           Marker = 0x6d
	DeltaPointIndexCreate                Marker = 0x6e
	DeltaPointIndexDrop                  Marker = 0x6f
	DeltaTypeConstraintCreate            Marker = 0x70
	DeltaTypeConstraintDrop              Marker = 0x71
	DeltaVectorIndexCreate               Marker = 0x72
	DeltaVectorIndexDrop                 Marker = 0x73
	DeltaGlobalEdgePropertyIndexCreate   Marker = 0x74
	DeltaGlobalEdgePropertyIndexDrop     Marker = 0x75
	DeltaVectorEdgeIndexCreate           Marker = 0x76
	DeltaTransactionStart                Marker = 0x77
	DeltaTTLOperation                    Marker = 0x78
	DeltaTextEdgeIndexCreate             Marker = 0x79
	DeltaDescriptionSet                  Marker = 0x7a
	DeltaDescriptionDelete               Marker = 0x7b
	DeltaGlobalVertexPropertyIndexCreate Marker = 0x7c
	DeltaGlobalVertexPropertyIndexDrop   Marker = 0x7d
)

var markerNames = map[Marker]string{
	MarkerFalse: "FALSE", MarkerTrue: "TRUE", MarkerNull: "NULL", MarkerBool: "BOOL",
	MarkerInt: "INT", MarkerDouble: "DOUBLE", MarkerString: "STRING", MarkerList: "LIST",
	MarkerMap: "MAP", MarkerPropertyValue: "PROPERTY_VALUE", MarkerTemporal: "TEMPORAL_DATA",
	MarkerZonedTemporal: "ZONED_TEMPORAL_DATA", MarkerEnum: "ENUM", MarkerPoint2D: "POINT_2D",
	MarkerPoint3D: "POINT_3D", MarkerVectorIndexID: "VECTOR_INDEX_ID",

	SectionVertex: "SECTION_VERTEX", SectionEdge: "SECTION_EDGE", SectionMapper: "SECTION_MAPPER",
	SectionMetadata: "SECTION_METADATA", SectionIndices: "SECTION_INDICES",
	SectionConstraints: "SECTION_CONSTRAINTS", SectionDelta: "SECTION_DELTA",
	SectionEpochHistory: "SECTION_EPOCH_HISTORY", SectionEdgeIndices: "SECTION_EDGE_INDICES",
	SectionEnums: "SECTION_ENUMS", SectionTTL: "SECTION_TTL", SectionDescriptions: "SECTION_DESCRIPTIONS",
	SectionOffsets: "SECTION_OFFSETS",

	DeltaVertexCreate: "VERTEX_CREATE", DeltaVertexDelete: "VERTEX_DELETE",
	DeltaVertexAddLabel: "VERTEX_ADD_LABEL", DeltaVertexRemoveLabel: "VERTEX_REMOVE_LABEL",
	DeltaVertexSetProperty: "VERTEX_SET_PROPERTY", DeltaEdgeCreate: "EDGE_CREATE",
	DeltaEdgeDelete: "EDGE_DELETE", DeltaEdgeSetProperty: "EDGE_SET_PROPERTY",
	DeltaTransactionEnd: "TRANSACTION_END", DeltaLabelIndexCreate: "LABEL_INDEX_CREATE",
	DeltaLabelIndexDrop: "LABEL_INDEX_DROP", DeltaLabelPropertiesIndexCreate: "LABEL_PROPERTIES_INDEX_CREATE",
	DeltaLabelPropertiesIndexDrop:  "LABEL_PROPERTIES_INDEX_DROP",
	DeltaExistenceConstraintCreate: "EXISTENCE_CONSTRAINT_CREATE",
	DeltaExistenceConstraintDrop:   "EXISTENCE_CONSTRAINT_DROP",
	DeltaUniqueConstraintCreate:    "UNIQUE_CONSTRAINT_CREATE", DeltaUniqueConstraintDrop: "UNIQUE_CONSTRAINT_DROP",
	DeltaLabelIndexStatsSet: "LABEL_INDEX_STATS_SET", DeltaLabelIndexStatsClear: "LABEL_INDEX_STATS_CLEAR",
	DeltaLabelPropertiesIndexStatsSet:   "LABEL_PROPERTIES_INDEX_STATS_SET",
	DeltaLabelPropertiesIndexStatsClear: "LABEL_PROPERTIES_INDEX_STATS_CLEAR",
	DeltaEdgeIndexCreate:                "EDGE_INDEX_CREATE", DeltaEdgeIndexDrop: "EDGE_INDEX_DROP",
	DeltaTextIndexCreate: "TEXT_INDEX_CREATE", DeltaTextIndexDrop: "TEXT_INDEX_DROP",
	DeltaEnumCreate: "ENUM_CREATE", DeltaEnumAlterAdd: "ENUM_ALTER_ADD", DeltaEnumAlterUpdate: "ENUM_ALTER_UPDATE",
	DeltaEdgePropertyIndexCreate: "EDGE_PROPERTY_INDEX_CREATE", DeltaEdgePropertyIndexDrop: "EDGE_PROPERTY_INDEX_DROP",
	DeltaPointIndexCreate: "POINT_INDEX_CREATE", DeltaPointIndexDrop: "POINT_INDEX_DROP",
	DeltaTypeConstraintCreate: "TYPE_CONSTRAINT_CREATE", DeltaTypeConstraintDrop: "TYPE_CONSTRAINT_DROP",
	DeltaVectorIndexCreate: "VECTOR_INDEX_CREATE", DeltaVectorIndexDrop: "VECTOR_INDEX_DROP",
	DeltaGlobalEdgePropertyIndexCreate: "GLOBAL_EDGE_PROPERTY_INDEX_CREATE",
	DeltaGlobalEdgePropertyIndexDrop:   "GLOBAL_EDGE_PROPERTY_INDEX_DROP",
	DeltaVectorEdgeIndexCreate:         "VECTOR_EDGE_INDEX_CREATE", DeltaTransactionStart: "TRANSACTION_START",
	DeltaTTLOperation: "TTL_OPERATION", DeltaTextEdgeIndexCreate: "TEXT_EDGE_INDEX_CREATE",
	DeltaDescriptionSet: "DESCRIPTION_SET", DeltaDescriptionDelete: "DESCRIPTION_DELETE",
	DeltaGlobalVertexPropertyIndexCreate: "GLOBAL_VERTEX_PROPERTY_INDEX_CREATE",
	DeltaGlobalVertexPropertyIndexDrop:   "GLOBAL_VERTEX_PROPERTY_INDEX_DROP",
}

// String names the marker as spec/ does, or gives its hex value if unknown.
func (m Marker) String() string {
	if n, ok := markerNames[m]; ok {
		return n
	}
	return fmt.Sprintf("UNKNOWN(0x%02x)", byte(m))
}

// Known reports whether m is one of the markers Memgraph defines.
func (m Marker) Known() bool {
	_, ok := markerNames[m]
	return ok
}

// IsDelta reports whether m tags a WAL delta payload.
func (m Marker) IsDelta() bool {
	return m >= DeltaVertexCreate && m <= DeltaGlobalVertexPropertyIndexDrop
}

// DeltaMarkerByName maps a delta name (as String prints it) back to its marker.
func DeltaMarkerByName(name string) (Marker, bool) {
	for m, n := range markerNames {
		if m.IsDelta() && n == name {
			return m, true
		}
	}
	return 0, false
}
