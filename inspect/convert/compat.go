package convert

import (
	"fmt"
	"strings"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/format"
)

// CompatReport says which Memgraph releases can read a file, and how far
// back it could be converted without losing anything.
type CompatReport struct {
	Path      string       `json:"path"`
	Kind      datadir.Kind `json:"kind"`
	Version   uint64       `json:"version,omitempty"`
	WrittenBy []string     `json:"written_by"`
	// ReadableBy lists every release that reads the file; NotReadableBy
	// the others, each with the reason.
	ReadableBy    []string        `json:"readable_by"`
	NotReadableBy []ReleaseReason `json:"not_readable_by"`
	// Exceptions are the known read exceptions of the file's version and
	// whether the file holds the values that trigger them.
	Exceptions []ExceptionCheck `json:"exceptions"`
	// OldestVersion is the oldest format the file converts to without
	// dropping anything (durascope convert); OldestReaders the releases
	// that read the file so converted.
	OldestVersion uint64   `json:"oldest_version,omitempty"`
	OldestReaders []string `json:"oldest_readers"`
	// Needs lists, per feature, how many items of the file need it (the
	// items a conversion to format 14 would drop).
	Needs []FeatureUse `json:"needs"`
	Notes []string     `json:"notes"`
	// TornTail: the WAL ends in a torn transaction, left out of the analysis.
	TornTail bool   `json:"torn_tail,omitempty"`
	Problem  string `json:"problem,omitempty"`
	err      error
	facts    valueFacts // what CanRead judges the releases by
}

// Err is the error behind Problem.
func (r *CompatReport) Err() error { return r.err }

// ReleaseReason is a release (or a run of consecutive releases) and why it
// cannot read the file.
type ReleaseReason struct {
	Releases string `json:"releases"` // "2.0.0 – 2.15.0" or "3.5.0"
	Reason   string `json:"reason"`
}

// ExceptionCheck is one read exception that concerns the file's version.
type ExceptionCheck struct {
	Releases string `json:"releases"`
	What     string `json:"what"`
	Values   int    `json:"values"` // how many triggering values the file holds
	Applies  bool   `json:"applies"`
}

// FeatureUse counts the items that need one feature.
type FeatureUse struct {
	Feature format.Feature `json:"feature"`
	First   uint64         `json:"first_version"`
	Items   int            `json:"items"`
}

// ParseRelease reads a release as users write it ("3.11.0", "v3.11.0",
// "3.11" for the newest patch of 3.11) and returns its name in
// format.Releases.
func ParseRelease(s string) (string, bool) {
	s = strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(s), "v"), "V")
	if _, ok := ReleaseIndex(s); ok {
		return s, true
	}
	if strings.Count(s, ".") != 1 {
		return "", false
	}
	name := ""
	for _, r := range format.Releases {
		if strings.HasPrefix(r.Name, s+".") {
			name = r.Name
		}
	}
	return name, name != ""
}

// ReadableAt is the newest format version, no newer than the release
// writes, at which a conversion of the file makes it readable by the named
// release (0 when none does): converting rewrites what a read exception
// trips on (zoned datetimes leave before 17; Cartesian-3D points get SRID
// 9157 from 21 on and 9757 before).
func (r *CompatReport) ReadableAt(release string) format.Version {
	i, ok := ReleaseIndex(release)
	if !ok {
		return 0
	}
	for v := format.Releases[i].Version; v >= format.MinVersion; v-- {
		facts := r.facts
		if !format.FeaturesOf(v).Has(format.FeatZonedTemporal) {
			facts.zoned = 0
		}
		facts.legacySRID = 0
		if !format.FeaturesOf(v).Has(format.FeatEdgeSetFromVertex) {
			facts.legacySRID = facts.cartesian3D
		}
		if whyUnreadable(i, v, facts) == "" {
			return v
		}
	}
	return 0
}

// DropsAt lists what converting the file f to version v leaves out (a
// dry run: nothing is written).
func DropsAt(f *datadir.File, v format.Version) ([]Dropped, error) {
	var rep *Report
	var err error
	switch f.Kind {
	case datadir.KindSnapshot:
		snap, oerr := f.Snapshot()
		if oerr != nil {
			return nil, oerr
		}
		rep, err = Snapshot(snap, f.ReaderAt(), nil, v, nil)
	case datadir.KindWAL:
		w, oerr := f.WAL()
		if oerr != nil {
			return nil, oerr
		}
		rep, err = WAL(w, f.ReaderAt(), nil, v)
	default:
		return nil, f.NotDurabilityFileError()
	}
	if rep == nil {
		return nil, err
	}
	return rep.Dropped, err
}

// ReleaseIndex returns the position of a release in format.Releases.
func ReleaseIndex(name string) (int, bool) {
	for i, r := range format.Releases {
		if r.Name == name {
			return i, true
		}
	}
	return 0, false
}

// Compat reads f completely and reports its compatibility. The oldest
// version comes from the same analysis convert uses: a dry-run conversion
// to format 14 lists every item that needs a later feature.
func Compat(f *datadir.File) *CompatReport {
	r := &CompatReport{Path: f.Path, Kind: f.Kind, WrittenBy: []string{}, ReadableBy: []string{},
		NotReadableBy: []ReleaseReason{}, Exceptions: []ExceptionCheck{}, OldestReaders: []string{}, Needs: []FeatureUse{}, Notes: []string{}}
	fail := func(err error) *CompatReport {
		r.err, r.Problem = err, err.Error()
		return r
	}
	var conv *Report
	var err error
	var v format.Version
	switch f.Kind {
	case datadir.KindSnapshot:
		snap, oerr := f.Snapshot()
		if oerr != nil {
			return fail(oerr)
		}
		v = snap.Version
		r.Version = uint64(v)
		conv, err = Snapshot(snap, f.ReaderAt(), nil, format.MinVersion, nil)
	case datadir.KindWAL:
		w, oerr := f.WAL()
		if oerr != nil {
			return fail(oerr)
		}
		v = w.Header.Version
		r.Version = uint64(v)
		conv, err = WAL(w, f.ReaderAt(), nil, format.MinVersion)
	default:
		return fail(f.NotDurabilityFileError())
	}
	if err != nil {
		return fail(err)
	}
	if conv.TornTail {
		r.TornTail = true
		r.Notes = append(r.Notes, "the file ends in a torn transaction; it was left out, as Memgraph drops it")
	}
	if w := format.WrittenBy(v); w != nil {
		r.WrittenBy = w
	}

	// Oldest version: the latest first version among the needs of the
	// items a conversion to 14 drops.
	var all format.FeatureSet
	counts := map[format.Feature]int{}
	for _, d := range conv.Dropped {
		for _, f := range d.Needs.List() {
			counts[f]++
		}
		all = all.Union(d.Needs)
	}
	oldest := all.Oldest()
	r.OldestVersion = uint64(oldest)
	for _, f := range all.List() {
		r.Needs = append(r.Needs, FeatureUse{Feature: f, First: uint64(f.First()), Items: counts[f]})
	}

	facts := conv.facts
	readable := func(ver format.Version, facts valueFacts, reasons *[]ReleaseReason) []string {
		var names, run []string
		reason := ""
		flush := func() {
			if len(run) > 0 && reasons != nil {
				*reasons = append(*reasons, ReleaseReason{Releases: releaseRange(run), Reason: reason})
			}
			run = nil
		}
		for i, rel := range format.Releases {
			why := whyUnreadable(i, ver, facts)
			if why != reason {
				flush()
				reason = why
			}
			if why == "" {
				names = append(names, rel.Name)
			} else {
				run = append(run, rel.Name)
			}
		}
		flush()
		return names
	}
	r.facts = facts
	r.ReadableBy = orEmpty(readable(v, facts, &r.NotReadableBy))
	// A conversion stamps Cartesian-3D points as the target writes them:
	// 9757 before EdgeSetFromVertex, 9157 from it.
	after := valueFacts{zoned: facts.zoned}
	if !format.FeaturesOf(oldest).Has(format.FeatEdgeSetFromVertex) {
		after.legacySRID = facts.cartesian3D
	}
	r.OldestReaders = orEmpty(readable(oldest, after, nil))

	for _, e := range format.ReadExceptions {
		if v < e.Versions[0] || v > e.Versions[1] {
			continue
		}
		n := triggerCount(e.Trigger, facts)
		r.Exceptions = append(r.Exceptions, ExceptionCheck{Releases: e.FromRelease + " – " + e.ToRelease, What: e.Feature, Values: n, Applies: n > 0})
	}
	return r
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func triggerCount(t format.ExceptionTrigger, facts valueFacts) int {
	switch t {
	case format.TriggerZonedTemporal:
		return facts.zoned
	case format.TriggerLegacySRID:
		return facts.legacySRID
	}
	return 0
}

// blockingException returns the read exception that keeps release i from
// reading a file of version v with these values, or nil.
func blockingException(i int, v format.Version, facts valueFacts) *format.ReadException {
	for k, e := range format.ReadExceptions {
		from, ok1 := ReleaseIndex(e.FromRelease)
		to, ok2 := ReleaseIndex(e.ToRelease)
		if !ok1 || !ok2 || i < from || i > to || v < e.Versions[0] || v > e.Versions[1] {
			continue
		}
		if triggerCount(e.Trigger, facts) > 0 {
			return &format.ReadExceptions[k]
		}
	}
	return nil
}

// whyUnreadable says why release i cannot read a file of version v holding
// these values, or "" when it can.
func whyUnreadable(i int, v format.Version, facts valueFacts) string {
	if format.Releases[i].Version < v {
		return fmt.Sprintf("reads only formats older than %d", uint64(v))
	}
	if e := blockingException(i, v, facts); e != nil {
		return "cannot read " + e.Feature
	}
	return ""
}

// CanRead answers whether the named release reads the file of r, and why not.
func (r *CompatReport) CanRead(release string) (bool, string) {
	i, ok := ReleaseIndex(release)
	if !ok {
		return false, "unknown release"
	}
	why := whyUnreadable(i, format.Version(r.Version), r.facts)
	return why == "", why
}

// releaseRange prints a run of consecutive releases.
func releaseRange(run []string) string {
	if len(run) == 1 {
		return run[0]
	}
	return run[0] + " – " + run[len(run)-1]
}

// ReleaseRanges prints a list of releases as runs of consecutive ones.
func ReleaseRanges(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	var parts []string
	var run []string
	prev := -2
	for _, n := range names {
		i, _ := ReleaseIndex(n)
		if i != prev+1 && len(run) > 0 {
			parts = append(parts, releaseRange(run))
			run = nil
		}
		run = append(run, n)
		prev = i
	}
	parts = append(parts, releaseRange(run))
	return strings.Join(parts, ", ")
}

// ReadableByAll is the releases that read every one of the reports' files,
// in release order: all of them when there is none. Reports with a Problem
// are left out, as nothing is known of them.
func ReadableByAll(reports []*CompatReport) []string {
	out := []string{}
	for i, rel := range format.Releases {
		all := true
		for _, r := range reports {
			if r.Problem == "" && whyUnreadable(i, format.Version(r.Version), r.facts) != "" {
				all = false
				break
			}
		}
		if all {
			out = append(out, rel.Name)
		}
	}
	return out
}
