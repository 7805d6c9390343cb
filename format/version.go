package format

import (
	"fmt"
	"reflect"
)

// Version is the on-disk format number stored right after the magic.
type Version uint64

// The range of format versions durascope reads and writes.
const (
	MinVersion Version = 14
	MaxVersion Version = 37
)

// Supported reports whether v lies in [MinVersion, MaxVersion].
func (v Version) Supported() bool { return v >= MinVersion && v <= MaxVersion }

// Feature names one change of the format. Each feature exists from its
// First version on; code asks Features, never compares version numbers.
type Feature struct {
	Name  string  // identifier used in spec/ and in Features
	First Version // first format version that has it
	Adds  string  // one line for the version history
}

// FeatureList is every feature in version order. spec/versions.md mirrors it.
var FeatureList = []Feature{
	{"SnapshotBatches", 15, "snapshot batch tables (edge and vertex batch offsets); records are loaded through them"},
	{"IndexStats", 16, "label and label+property index statistics in the snapshot and WAL stats deltas"},
	{"MetadataTxnEnd", 16, "WAL metadata deltas are closed by an explicit TRANSACTION_END"},
	{"EdgeIndices", 17, "snapshot edge-indices section (edge-type indices, optional text indices); WAL edge and text index deltas"},
	{"ZonedTemporal", 17, "zoned datetime property values (written from release 2.16.1 without a version bump)"},
	{"Enums", 18, "enum types: snapshot enums section, enum property values, WAL enum deltas"},
	{"EdgeTypePropertyIndex", 18, "edge-type+property indices"},
	{"Points", 19, "2-D and 3-D point property values"},
	{"PointIndexTypeConstraints", 20, "point indices and type constraints"},
	{"EdgeSetFromVertex", 21, "EDGE_SET_PROPERTY carries the from-vertex gid; Cartesian-3D points written with SRID 9157"},
	{"VectorIndex", 22, "vector indices (metadata)"},
	{"DurableTimestamp", 23, "snapshot metadata durable timestamp"},
	{"CompositeIndices", 24, "label+property indices over several properties"},
	{"GlobalEdgePropertyIndex", 24, "global edge-property indices"},
	{"NestedIndices", 25, "label+property indices over nested property paths"},
	{"VectorScalarKind", 26, "vector index scalar kind"},
	{"VectorEdgeIndex", 27, "vector edge indices"},
	{"TxnStart", 28, "WAL TRANSACTION_START with a commit flag opens every transaction"},
	{"TextIndexProperties", 29, "text indices list their properties; TEXT_INDEX_DROP carries only the name"},
	{"TTL", 30, "snapshot TTL section and WAL TTL_OPERATION"},
	{"NumCommittedTxns", 30, "snapshot metadata number of committed transactions"},
	{"TxnAccessType", 30, "TRANSACTION_START carries the access type"},
	{"TextEdgeIndex", 31, "text edge indices; both text lists always written"},
	{"VectorIndexID", 32, "vector-index-id property values; snapshot vector indices carry their entries"},
	{"EdgeSetToVertex", 33, "EDGE_SET_PROPERTY carries the to-vertex gid and the edge type"},
	{"Descriptions", 34, "descriptions section and WAL description deltas"},
	{"DescIndices", 34, "descending label+property indices; WAL index deltas carry the order"},
	{"VectorEdgeEntries", 34, "snapshot vector edge indices carry their entries"},
	{"VectorMultiLabel", 35, "vector indices filter by several labels or edge types (match mode)"},
	{"CRC", 36, "WAL header CRC and per-transaction CRC"},
	{"GlobalVertexPropertyIndex", 37, "global vertex-property indices"},
	{"WALSummary", 37, "WAL summary region (from, to, delta count, CRC)"},
	{"PropertyValueDescription", 37, "PROPERTY_VALUE description target"},
}

// Features holds, for one version, whether each named feature exists.
// Field names equal Feature.Name.
type Features struct {
	Version                   Version
	SnapshotBatches           bool
	IndexStats                bool
	MetadataTxnEnd            bool
	EdgeIndices               bool
	ZonedTemporal             bool
	Enums                     bool
	EdgeTypePropertyIndex     bool
	Points                    bool
	PointIndexTypeConstraints bool
	EdgeSetFromVertex         bool
	VectorIndex               bool
	DurableTimestamp          bool
	CompositeIndices          bool
	GlobalEdgePropertyIndex   bool
	NestedIndices             bool
	VectorScalarKind          bool
	VectorEdgeIndex           bool
	TxnStart                  bool
	TextIndexProperties       bool
	TTL                       bool
	NumCommittedTxns          bool
	TxnAccessType             bool
	TextEdgeIndex             bool
	VectorIndexID             bool
	EdgeSetToVertex           bool
	Descriptions              bool
	DescIndices               bool
	VectorEdgeEntries         bool
	VectorMultiLabel          bool
	CRC                       bool
	GlobalVertexPropertyIndex bool
	WALSummary                bool
	PropertyValueDescription  bool
}

// FeaturesOf returns the feature set of v. It does not check that v is supported.
func FeaturesOf(v Version) Features {
	return Features{
		Version:                   v,
		SnapshotBatches:           v >= first("SnapshotBatches"),
		IndexStats:                v >= first("IndexStats"),
		MetadataTxnEnd:            v >= first("MetadataTxnEnd"),
		EdgeIndices:               v >= first("EdgeIndices"),
		ZonedTemporal:             v >= first("ZonedTemporal"),
		Enums:                     v >= first("Enums"),
		EdgeTypePropertyIndex:     v >= first("EdgeTypePropertyIndex"),
		Points:                    v >= first("Points"),
		PointIndexTypeConstraints: v >= first("PointIndexTypeConstraints"),
		EdgeSetFromVertex:         v >= first("EdgeSetFromVertex"),
		VectorIndex:               v >= first("VectorIndex"),
		DurableTimestamp:          v >= first("DurableTimestamp"),
		CompositeIndices:          v >= first("CompositeIndices"),
		GlobalEdgePropertyIndex:   v >= first("GlobalEdgePropertyIndex"),
		NestedIndices:             v >= first("NestedIndices"),
		VectorScalarKind:          v >= first("VectorScalarKind"),
		VectorEdgeIndex:           v >= first("VectorEdgeIndex"),
		TxnStart:                  v >= first("TxnStart"),
		TextIndexProperties:       v >= first("TextIndexProperties"),
		TTL:                       v >= first("TTL"),
		NumCommittedTxns:          v >= first("NumCommittedTxns"),
		TxnAccessType:             v >= first("TxnAccessType"),
		TextEdgeIndex:             v >= first("TextEdgeIndex"),
		VectorIndexID:             v >= first("VectorIndexID"),
		EdgeSetToVertex:           v >= first("EdgeSetToVertex"),
		Descriptions:              v >= first("Descriptions"),
		DescIndices:               v >= first("DescIndices"),
		VectorEdgeEntries:         v >= first("VectorEdgeEntries"),
		VectorMultiLabel:          v >= first("VectorMultiLabel"),
		CRC:                       v >= first("CRC"),
		GlobalVertexPropertyIndex: v >= first("GlobalVertexPropertyIndex"),
		WALSummary:                v >= first("WALSummary"),
		PropertyValueDescription:  v >= first("PropertyValueDescription"),
	}
}

func first(name string) Version {
	for _, f := range FeatureList {
		if f.Name == name {
			return f.First
		}
	}
	panic("format: unknown feature " + name) // programming error, caught by tests
}

// Release is a Memgraph release and the format version it writes.
type Release struct {
	Name    string // "2.16.1"
	Version Version
}

// Releases lists every Memgraph release from 2.0.0 on with the format it writes,
// oldest first. Every release reads MinVersion up to its own version, apart from
// the exceptions in ReadExceptions.
var Releases = []Release{
	{"2.0.0", 14}, {"2.0.1", 14}, {"2.1.0", 14}, {"2.1.1", 14}, {"2.2.0", 14}, {"2.2.1", 14},
	{"2.3.0", 14}, {"2.3.1", 14}, {"2.4.0", 14}, {"2.4.1", 14}, {"2.4.2", 14}, {"2.5.0", 14},
	{"2.5.1", 14}, {"2.5.2", 14}, {"2.6.0", 14}, {"2.7.0", 14},
	{"2.8.0", 15}, {"2.9.0", 15}, {"2.10.0", 15}, {"2.10.1", 15}, {"2.11.0", 15},
	{"2.12.0", 16}, {"2.12.1", 16}, {"2.13.0", 16}, {"2.14.0", 16}, {"2.14.1", 16}, {"2.15.0", 16},
	{"2.15.1", 17}, {"2.15.2", 17}, {"2.16.0", 17}, {"2.16.1", 17}, {"2.17.0", 17},
	{"2.18.0", 18}, {"2.18.1", 18},
	{"2.19.0", 19},
	{"2.20.0", 20}, {"2.20.1", 20},
	{"2.21.0", 21}, {"2.22.0", 21}, {"2.22.1", 21},
	{"3.0.0", 22},
	{"3.1.0", 23}, {"3.1.1", 23},
	{"3.2.0", 24}, {"3.2.1", 24},
	{"3.3.0", 25},
	{"3.4.0", 27},
	{"3.5.0", 30}, {"3.5.1", 30}, {"3.5.2", 30},
	{"3.6.0", 31}, {"3.6.1", 31}, {"3.6.2", 31}, {"3.7.0", 31}, {"3.7.1", 31}, {"3.7.2", 31},
	{"3.8.0", 32}, {"3.8.1", 32},
	{"3.9.0", 33},
	{"3.10.0", 34}, {"3.10.1", 34},
	{"3.11.0", 35},
	{"3.12.0", 36},
}

// WrittenBy lists the releases that write v. Versions 26, 28, 29 and 37 were
// written only by development builds, so the list is empty for them.
func WrittenBy(v Version) []string {
	var out []string
	for _, r := range Releases {
		if r.Version == v {
			out = append(out, r.Name)
		}
	}
	return out
}

// ReadException is a release range that cannot read some files of a version
// it otherwise supports.
type ReadException struct {
	FromRelease, ToRelease string // inclusive
	Feature                string // what such files contain
	Versions               [2]Version
	Trigger                ExceptionTrigger // the values that make a file unreadable
}

// ExceptionTrigger names the property values behind a ReadException; a
// file of the versions is affected only if it holds such a value.
type ExceptionTrigger int

// Exception triggers.
const (
	TriggerZonedTemporal ExceptionTrigger = iota + 1 // any zoned datetime value
	TriggerLegacySRID                                // a Cartesian-3D point stamped with SRID 9757
)

// ReadExceptions are the known holes in "a release reads 14..its own version".
var ReadExceptions = []ReadException{
	{"2.15.1", "2.16.0", "zoned datetime values in version 17 files", [2]Version{17, 17}, TriggerZonedTemporal},
	{"2.21.0", "3.1.1", "Cartesian-3D points stamped with SRID 9757 (versions 19 and 20)", [2]Version{19, 20}, TriggerLegacySRID},
}

// String prints "v37".
func (v Version) String() string { return fmt.Sprintf("v%d", uint64(v)) }

// Has reports whether the feature called name exists in f; model fields name
// their guarding feature in a `feature:"Name"` struct tag.
func (f Features) Has(name string) bool {
	v := reflect.ValueOf(f).FieldByName(name)
	return v.IsValid() && v.Kind() == reflect.Bool && v.Bool()
}
