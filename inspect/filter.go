package inspect

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/format"
)

// RecordFilter selects the records `dump --format text|jsonl` prints. Every
// condition that is set must hold (AND). The WAL conditions (transactions,
// timestamps, delta types) are met only by frames, so setting any of them
// drops a WAL's header, summary and tail records; Sections applies to
// snapshots only; Gids, Labels and EdgeTypes are met by snapshot vertex and
// edge records and by WAL frames; Limit counts printed records of any kind.
type RecordFilter struct {
	// Transactions TxnFrom..TxnTo (inclusive, from 0 as `dump` numbers them,
	// in each file), when HasTxn.
	HasTxn         bool
	TxnFrom, TxnTo int
	// Commit timestamps, inclusive, when set.
	FromTS, ToTS *uint64
	Types        map[format.Marker]bool // delta types; nil = all
	Sections     map[string]bool        // snapshot record kinds; nil = all
	// Gids selects records about these vertex or edge gids (recordGids).
	Gids map[uint64]bool
	// Labels and EdgeTypes select records naming these: snapshot vertex
	// records through the file's mapper, WAL frames by name (frameNames).
	Labels, EdgeTypes map[string]bool
	Limit             int // records to print; 0 = no limit
}

// WALOnly reports whether a condition that only WAL frames can meet is set.
func (rf *RecordFilter) WALOnly() bool {
	return rf.HasTxn || rf.FromTS != nil || rf.ToTS != nil || rf.Types != nil
}

// Selects reports whether a condition that selects records (anything but
// the limit) is set.
func (rf *RecordFilter) Selects() bool {
	return rf != nil && (rf.WALOnly() || rf.Sections != nil || rf.Gids != nil || rf.Labels != nil || rf.EdgeTypes != nil)
}

// Active reports whether any condition is set.
func (rf *RecordFilter) Active() bool {
	return rf != nil && (rf.Selects() || rf.Limit > 0)
}

// errStopWalk ends a filtered walk early; it is not an error for the caller.
var errStopWalk = errors.New("filter: no further record can match")

// ErrFilterKind is returned when a filter's conditions do not apply to the
// file's kind (WAL conditions on a snapshot, sections on a WAL).
var ErrFilterKind = errors.New("filter does not apply to this kind of file")

// Check reports conditions that cannot apply to a file of kind k.
func (rf *RecordFilter) Check(k datadir.Kind) error {
	if rf == nil {
		return nil
	}
	switch {
	case k == datadir.KindSnapshot && rf.WALOnly():
		return fmt.Errorf("%w: --txn, --from-ts, --to-ts and --type select WAL frames; a snapshot has none", ErrFilterKind)
	case k == datadir.KindWAL && rf.Sections != nil:
		return fmt.Errorf("%w: --section selects snapshot sections; a WAL has none", ErrFilterKind)
	}
	return nil
}

// Walk calls fn for the records of f that pass the filter, in file order. It
// stops reading as soon as no later record can pass: past the last
// transaction of the range, past the limit, or past --to-ts in a WAL whose
// transactions never go back in time (MetadataTxnEnd; spec/wal.md §5.1;
// older files may carry standalone metadata frames stamped 0, so they are
// read to the end). A walk stopped early does not read, or check, the rest.
// A nil filter passes everything.
func (rf *RecordFilter) Walk(f *datadir.File, fn func(Record) error) error {
	if err := rf.Check(f.Kind); err != nil {
		return err
	}
	return rf.Select().Walk(f, fn)
}

// match says whether r passes, and whether no later record of its file can.
func (rf *RecordFilter) match(it *walkItem, ids *nameIDs) (pass, stop bool) {
	if rf.Sections != nil && !rf.Sections[it.kind] {
		return false, false
	}
	if rf.WALOnly() {
		if it.frame == nil {
			return false, false
		}
		h := &it.frame.head
		if rf.HasTxn {
			if h.Txn > rf.TxnTo {
				return false, true
			}
			if h.Txn < rf.TxnFrom {
				return false, false
			}
		}
		if rf.ToTS != nil && h.Timestamp > *rf.ToTS {
			return false, format.FeaturesOf(it.version).Has(format.FeatMetadataTxnEnd)
		}
		if rf.FromTS != nil && h.Timestamp < *rf.FromTS {
			return false, false
		}
		if rf.Types != nil && !rf.Types[h.Marker] {
			return false, false
		}
	}
	if rf.Gids != nil {
		hit := false
		in := func(g uint64) { hit = hit || rf.Gids[g] }
		recordGids(it, in, in)
		if !hit {
			return false, false
		}
	}
	if rf.Labels != nil || rf.EdgeTypes != nil {
		return rf.matchNames(it, ids), false
	}
	return true, false
}

// matchNames applies Labels and EdgeTypes: by mapper id to a snapshot's
// vertex records, by name to frames; other records never match.
func (rf *RecordFilter) matchNames(it *walkItem, ids *nameIDs) bool {
	label, edgeType := rf.Labels == nil, rf.EdgeTypes == nil
	switch {
	case it.snap != nil && it.snap.vertex:
		vertexNameIDs(it.snap, func(id uint64) { label = label || ids.labels[id] },
			func(id uint64) { edgeType = edgeType || ids.edgeTypes[id] })
	case it.frame != nil:
		frameNames(it.frame, func(n string) { label = label || rf.Labels[n] },
			func(n string) { edgeType = edgeType || rf.EdgeTypes[n] })
	default:
		return false
	}
	return label && edgeType
}

// ParseTxnRange parses "N", "A-B" or "A-" (transaction indices from 0,
// inclusive; "A-" runs to the end of the file).
func ParseTxnRange(s string) (from, to int, err error) {
	bad := fmt.Errorf("transaction range %q: want N, A-B or A- (indices from 0)", s)
	a, b, isRange := strings.Cut(s, "-")
	from, err = strconv.Atoi(a)
	if err != nil || from < 0 {
		return 0, 0, bad
	}
	switch {
	case !isRange:
		return from, from, nil
	case b == "":
		return from, math.MaxInt, nil
	}
	to, err = strconv.Atoi(b)
	if err != nil || to < from {
		return 0, 0, bad
	}
	return from, to, nil
}

// DeltaTypeNames lists every delta type name, in marker order.
func DeltaTypeNames() []string {
	var out []string
	for m := format.DeltaVertexCreate; m.IsDelta(); m++ {
		out = append(out, m.String())
	}
	return out
}

// ParseDeltaTypes parses a comma-separated list of delta type names as
// format.Marker.String() prints them, ignoring case.
func ParseDeltaTypes(s string) (map[format.Marker]bool, error) {
	out := map[format.Marker]bool{}
	for _, name := range strings.Split(s, ",") {
		m, ok := format.DeltaMarkerByName(strings.ToUpper(strings.TrimSpace(name)))
		if !ok {
			return nil, fmt.Errorf("unknown delta type %q; valid types: %s", name, strings.Join(DeltaTypeNames(), ", "))
		}
		out[m] = true
	}
	return out, nil
}

// SectionNames lists the snapshot record kinds --section accepts, as the
// text dump names them, in the order of a v37 file.
func SectionNames() []string {
	return []string{"header", "offsets", "edge", "vertex", "indices", "edge_indices", "constraints", "mapper",
		"enums", "epoch_history", "metadata", "edge_batches", "vertex_batches", "ttl", "descriptions"}
}

// ParseSections parses a comma-separated list of snapshot record kinds; the
// offsets-table names "edges" and "vertices" stand for "edge" and "vertex".
func ParseSections(s string) (map[string]bool, error) {
	valid := SectionNames()
	out := map[string]bool{}
	for _, name := range strings.Split(s, ",") {
		n := strings.ToLower(strings.TrimSpace(name))
		switch n {
		case "edges":
			n = "edge"
		case "vertices":
			n = "vertex"
		}
		if !slices.Contains(valid, n) {
			return nil, fmt.Errorf("unknown section %q; valid sections: %s", name, strings.Join(valid, ", "))
		}
		out[n] = true
	}
	return out, nil
}
