package format

import (
	"encoding/json"
	"math/bits"
	"reflect"
	"strconv"
	"strings"
)

// Feature names one change of the format. Each exists from its First
// version on; code asks a Features set whether it has one and never
// compares version numbers. spec/versions.md lists them one to one.
type Feature uint8

// The features in version order. NoFeature stands for what every version
// has: a Features set has it, and it names no requirement.
const (
	NoFeature Feature = iota
	FeatSnapshotBatches
	FeatIndexStats
	FeatMetadataTxnEnd
	FeatEdgeIndices
	FeatZonedTemporal
	FeatEnums
	FeatEdgeTypePropertyIndex
	FeatPoints
	FeatPointIndexTypeConstraints
	FeatEdgeSetFromVertex
	FeatVectorIndex
	FeatDurableTimestamp
	FeatCompositeIndices
	FeatGlobalEdgePropertyIndex
	FeatNestedIndices
	FeatVectorScalarKind
	FeatVectorEdgeIndex
	FeatTxnStart
	FeatTextIndexProperties
	FeatTTL
	FeatNumCommittedTxns
	FeatTxnAccessType
	FeatTextEdgeIndex
	FeatVectorIndexID
	FeatEdgeSetToVertex
	FeatDescriptions
	FeatDescIndices
	FeatVectorEdgeEntries
	FeatVectorMultiLabel
	FeatCRC
	FeatGlobalVertexPropertyIndex
	FeatWALSummary
	FeatPropertyValueDescription
	numFeatures
)

// featureInfo is what the table below says of one feature.
type featureInfo struct {
	name  string  // as spec/ and struct tags spell it
	first Version // first format version that has it
	adds  string  // one line for the version history
}

var featureTable = [numFeatures]featureInfo{
	FeatSnapshotBatches:           {"SnapshotBatches", 15, "snapshot batch tables (edge and vertex batch offsets); records are loaded through them"},
	FeatIndexStats:                {"IndexStats", 16, "label and label+property index statistics in the snapshot and WAL stats deltas"},
	FeatMetadataTxnEnd:            {"MetadataTxnEnd", 16, "WAL metadata deltas are closed by an explicit TRANSACTION_END"},
	FeatEdgeIndices:               {"EdgeIndices", 17, "snapshot edge-indices section (edge-type indices, optional text indices); WAL edge and text index deltas"},
	FeatZonedTemporal:             {"ZonedTemporal", 17, "zoned datetime property values (written from release 2.16.1 without a version bump)"},
	FeatEnums:                     {"Enums", 18, "enum types: snapshot enums section, enum property values, WAL enum deltas"},
	FeatEdgeTypePropertyIndex:     {"EdgeTypePropertyIndex", 18, "edge-type+property indices"},
	FeatPoints:                    {"Points", 19, "2-D and 3-D point property values"},
	FeatPointIndexTypeConstraints: {"PointIndexTypeConstraints", 20, "point indices and type constraints"},
	FeatEdgeSetFromVertex:         {"EdgeSetFromVertex", 21, "EDGE_SET_PROPERTY carries the from-vertex gid; Cartesian-3D points written with SRID 9157"},
	FeatVectorIndex:               {"VectorIndex", 22, "vector indices (metadata)"},
	FeatDurableTimestamp:          {"DurableTimestamp", 23, "snapshot metadata durable timestamp"},
	FeatCompositeIndices:          {"CompositeIndices", 24, "label+property indices over several properties"},
	FeatGlobalEdgePropertyIndex:   {"GlobalEdgePropertyIndex", 24, "global edge-property indices"},
	FeatNestedIndices:             {"NestedIndices", 25, "label+property indices over nested property paths"},
	FeatVectorScalarKind:          {"VectorScalarKind", 26, "vector index scalar kind"},
	FeatVectorEdgeIndex:           {"VectorEdgeIndex", 27, "vector edge indices"},
	FeatTxnStart:                  {"TxnStart", 28, "WAL TRANSACTION_START with a commit flag opens every transaction"},
	FeatTextIndexProperties:       {"TextIndexProperties", 29, "text indices list their properties; TEXT_INDEX_DROP carries only the name"},
	FeatTTL:                       {"TTL", 30, "snapshot TTL section and WAL TTL_OPERATION"},
	FeatNumCommittedTxns:          {"NumCommittedTxns", 30, "snapshot metadata number of committed transactions"},
	FeatTxnAccessType:             {"TxnAccessType", 30, "TRANSACTION_START carries the access type"},
	FeatTextEdgeIndex:             {"TextEdgeIndex", 31, "text edge indices; both text lists always written"},
	FeatVectorIndexID:             {"VectorIndexID", 32, "vector-index-id property values; snapshot vector indices carry their entries"},
	FeatEdgeSetToVertex:           {"EdgeSetToVertex", 33, "EDGE_SET_PROPERTY carries the to-vertex gid and the edge type"},
	FeatDescriptions:              {"Descriptions", 34, "descriptions section and WAL description deltas"},
	FeatDescIndices:               {"DescIndices", 34, "descending label+property indices; WAL index deltas carry the order"},
	FeatVectorEdgeEntries:         {"VectorEdgeEntries", 34, "snapshot vector edge indices carry their entries"},
	FeatVectorMultiLabel:          {"VectorMultiLabel", 35, "vector indices filter by several labels or edge types (match mode)"},
	FeatCRC:                       {"CRC", 36, "WAL header CRC and per-transaction CRC"},
	FeatGlobalVertexPropertyIndex: {"GlobalVertexPropertyIndex", 37, "global vertex-property indices"},
	FeatWALSummary:                {"WALSummary", 37, "WAL summary region (from, to, delta count, CRC)"},
	FeatPropertyValueDescription:  {"PropertyValueDescription", 37, "PROPERTY_VALUE description target"},
}

// FeatureList is every feature in version order.
var FeatureList = func() []Feature {
	out := make([]Feature, 0, numFeatures-1)
	for f := NoFeature + 1; f < numFeatures; f++ {
		out = append(out, f)
	}
	return out
}()

// String is the feature's name as spec/ spells it ("" for NoFeature).
func (f Feature) String() string {
	if f < numFeatures {
		return featureTable[f].name
	}
	return "Feature(" + strconv.FormatUint(uint64(f), 10) + ")"
}

// First is the first format version that has f (MinVersion for NoFeature).
func (f Feature) First() Version {
	if f == NoFeature || f >= numFeatures {
		return MinVersion
	}
	return featureTable[f].first
}

// Adds says in one line what f adds to the format.
func (f Feature) Adds() string {
	if f < numFeatures {
		return featureTable[f].adds
	}
	return ""
}

// MarshalText writes the feature by name, so JSON reports name features.
func (f Feature) MarshalText() ([]byte, error) { return []byte(f.String()), nil }

// FeatureByName finds a feature by its name; the empty name is NoFeature.
func FeatureByName(name string) (Feature, bool) {
	for f := NoFeature; f < numFeatures; f++ {
		if featureTable[f].name == name {
			return f, true
		}
	}
	return NoFeature, false
}

// TagFeature reads the `feature:"Name"` tag by which a model field names
// the feature that guards it; NoFeature when untagged. A tag naming no
// feature also gives NoFeature (format's tests check every tag).
func TagFeature(tag reflect.StructTag) Feature {
	f, _ := FeatureByName(tag.Get("feature"))
	return f
}

// FeatureSet is a set of features, one bit each.
type FeatureSet uint64

// Has reports whether f is in the set; every set has NoFeature.
func (s FeatureSet) Has(f Feature) bool { return f == NoFeature || s&(1<<f) != 0 }

// With returns the set with f added (NoFeature adds nothing).
func (s FeatureSet) With(f Feature) FeatureSet {
	if f == NoFeature {
		return s
	}
	return s | 1<<f
}

// Without returns the set with f taken out.
func (s FeatureSet) Without(f Feature) FeatureSet { return s &^ (1 << f) }

// Add puts f in the set.
func (s *FeatureSet) Add(f Feature) { *s = s.With(f) }

// Union returns the features of either set.
func (s FeatureSet) Union(o FeatureSet) FeatureSet { return s | o }

// Len counts the features in the set.
func (s FeatureSet) Len() int { return bits.OnesCount64(uint64(s)) }

// List returns the features of the set in version order.
func (s FeatureSet) List() []Feature {
	out := []Feature{}
	for _, f := range FeatureList {
		if s.Has(f) {
			out = append(out, f)
		}
	}
	return out
}

// Names returns the names of the features in version order.
func (s FeatureSet) Names() []string {
	out := []string{}
	for _, f := range s.List() {
		out = append(out, f.String())
	}
	return out
}

// MissingIn returns the first feature of s (in version order) that the
// version of fs lacks, or NoFeature when it has them all.
func (s FeatureSet) MissingIn(fs Features) Feature {
	for _, f := range FeatureList {
		if s.Has(f) && !fs.Has(f) {
			return f
		}
	}
	return NoFeature
}

// Oldest is the first version that has every feature of s.
func (s FeatureSet) Oldest() Version {
	v := MinVersion
	for _, f := range s.List() {
		v = max(v, f.First())
	}
	return v
}

// MarshalJSON writes the set as the list of its feature names.
func (s FeatureSet) MarshalJSON() ([]byte, error) { return json.Marshal(s.Names()) }

func (s FeatureSet) String() string { return "{" + strings.Join(s.Names(), ", ") + "}" }

// Features is the feature set of one version.
type Features struct {
	Version Version
	Set     FeatureSet
}

// FeaturesOf returns the feature set of v. It does not check that v is supported.
func FeaturesOf(v Version) Features {
	fs := Features{Version: v}
	for _, f := range FeatureList {
		if v >= f.First() {
			fs.Set.Add(f)
		}
	}
	return fs
}

// Has reports whether the version has f.
func (f Features) Has(x Feature) bool { return f.Set.Has(x) }

// VectorEntries reports whether the version's vector indices of the kind
// (edge, or vertex) hold the values they index: a snapshot's index carries
// its entries, and an object's value names its indices
// (FeatVectorIndexID; edge indices from FeatVectorEdgeEntries).
func (f Features) VectorEntries(edge bool) bool {
	return f.Has(FeatVectorIndexID) && (!edge || f.Has(FeatVectorEdgeEntries))
}
