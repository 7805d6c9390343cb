package format

import "fmt"

// Version is the on-disk format number stored right after the magic.
type Version uint64

// The range of format versions durascope reads and writes.
const (
	MinVersion Version = 14
	MaxVersion Version = 37
)

// Supported reports whether v lies in [MinVersion, MaxVersion].
func (v Version) Supported() bool { return v >= MinVersion && v <= MaxVersion }

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
