package datadir

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Memgraph's file names (durability/paths.hpp), formatted and parsed by one
// grammar. A name starts with the UTC wall-clock time of the file's
// creation, 14 digits of date and time and 6 of microseconds:
//
//	<time>_timestamp_<durable>   a snapshot, named by its durable timestamp
//	<time>_current               a WAL being written
//	<time>_from_<from>_to_<to>   a finalized WAL: its first and last commit timestamps
//	<snapshot>_edge_part_<i>     a part file of a parallel snapshot write
//	<snapshot>_vertex_part_<i>
//
// Recovery reads headers, never names, except to order files: a name only
// explains how a file came to be.

// Naming is what a file's name says.
type Naming string

// Namings.
const (
	NamingSnapshot  Naming = "snapshot"      // <time>_timestamp_<ts>
	NamingCurrent   Naming = "wal_current"   // <time>_current: a WAL not finalized
	NamingFinalized Naming = "wal_finalized" // <time>_from_<from>_to_<to>
	// NamingPart is a part file of a parallel snapshot write; Memgraph
	// deletes them when the write completes, so one left behind means it
	// was interrupted.
	NamingPart  Naming = "part"
	NamingOther Naming = "other"
)

const (
	timeLayout    = "20060102150405.000000" // the dot is removed: 20 digits
	currentSuffix = "_current"
)

var (
	snapshotName  = regexp.MustCompile(`^(\d{20})_timestamp_(\d+)$`)
	currentName   = regexp.MustCompile(`^(\d{20})_current$`)
	finalizedName = regexp.MustCompile(`^(\d{20})_from_(\d+)_to_(\d+)$`)
	partName      = regexp.MustCompile(`_(edge|vertex)_part_\d+$`)
)

// FormatTime is the 20-digit time prefix of names created at t (in UTC).
func FormatTime(t time.Time) string {
	return strings.Replace(t.UTC().Format(timeLayout), ".", "", 1)
}

// SnapshotName names a snapshot created at t with durable timestamp ts.
func SnapshotName(t time.Time, ts uint64) string {
	return FormatTime(t) + "_timestamp_" + strconv.FormatUint(ts, 10)
}

// CurrentWALName names a WAL created at t and still being written.
func CurrentWALName(t time.Time) string { return FormatTime(t) + currentSuffix }

// FinalizedWALName is the name a WAL created at t gets when it is
// finalized holding commit timestamps from..to.
func FinalizedWALName(t time.Time, from, to uint64) string {
	return FormatTime(t) + "_from_" + strconv.FormatUint(from, 10) + "_to_" + strconv.FormatUint(to, 10)
}

// FinalizeName turns a _current name into its finalized name, keeping its
// time prefix, as Memgraph renames the file (RemakeWalName).
func FinalizeName(current string, from, to uint64) string {
	return strings.TrimSuffix(current, currentSuffix) + "_from_" + strconv.FormatUint(from, 10) + "_to_" + strconv.FormatUint(to, 10)
}

// PartName names part i of a parallel write of snapshot (edges or vertices).
func PartName(snapshot string, edges bool, i int) string {
	kind := "_vertex_part_"
	if edges {
		kind = "_edge_part_"
	}
	return snapshot + kind + strconv.Itoa(i)
}

// FileName is what a name says. The numbers are nil where the name lacks
// them or they do not fit 64 bits.
type FileName struct {
	Naming    Naming
	Time      string  // the 20-digit prefix, "" for NamingOther
	Timestamp *uint64 // NamingSnapshot: the durable timestamp
	From, To  *uint64 // NamingFinalized
}

// ParseName reads a file name by the grammar above.
func ParseName(name string) FileName {
	if m := snapshotName.FindStringSubmatch(name); m != nil {
		return FileName{Naming: NamingSnapshot, Time: m[1], Timestamp: parseUint(m[2])}
	}
	if m := currentName.FindStringSubmatch(name); m != nil {
		return FileName{Naming: NamingCurrent, Time: m[1]}
	}
	if partName.MatchString(name) {
		return FileName{Naming: NamingPart}
	}
	if m := finalizedName.FindStringSubmatch(name); m != nil {
		return FileName{Naming: NamingFinalized, Time: m[1], From: parseUint(m[2]), To: parseUint(m[3])}
	}
	return FileName{Naming: NamingOther}
}

func parseUint(s string) *uint64 {
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return nil
	}
	return &v
}
