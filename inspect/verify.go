package inspect

import (
	"errors"
	"fmt"
	"math"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/format"
)

// VerifyOptions tune VerifyFile. The zero value reports every finding.
type VerifyOptions struct {
	// FailFast stops at the first error finding.
	FailFast bool
	// Progress, if set, is called now and then with the bytes verified so
	// far and the file size, and once more at the end.
	Progress func(done, total int64)
	// Workers is how many batches of a snapshot are checked at once (0:
	// GOMAXPROCS). The report is the same whatever it is.
	Workers int
}

// FileSummary is the per-file part of a verify report.
type FileSummary struct {
	File     string       `json:"file"`
	Kind     datadir.Kind `json:"kind"`
	Version  uint64       `json:"version,omitempty"`
	Size     int64        `json:"size"`
	Counts   VerifyCounts `json:"counts"`
	Errors   int          `json:"errors"`
	Warnings int          `json:"warnings"`
	Verdict  string       `json:"verdict"` // "ok", "warnings", "errors" or "unreadable"
	// Stopped is set when FailFast ended the checks early.
	Stopped bool `json:"stopped,omitempty"`
}

// VerifyCounts is what verification read: records for a snapshot,
// transactions for a WAL.
type VerifyCounts struct {
	Vertices      uint64 `json:"vertices,omitempty"`
	Edges         uint64 `json:"edges,omitempty"` // edge references (out-lists); every edge once
	EdgeRecords   uint64 `json:"edge_records,omitempty"`
	Transactions  uint64 `json:"transactions,omitempty"`
	Deltas        uint64 `json:"deltas,omitempty"`
	FromTimestamp uint64 `json:"from_timestamp,omitempty"`
	ToTimestamp   uint64 `json:"to_timestamp,omitempty"`
}

// VerifyReport is the result of verifying one file.
type VerifyReport struct {
	FileSummary
	Findings []Finding `json:"findings"` // sorted by offset
}

// Verdicts.
const (
	VerdictOK         = "ok"
	VerdictWarnings   = "warnings"
	VerdictErrors     = "errors"
	VerdictUnreadable = "unreadable" // durascope could not read the file
)

// VerifyFile checks one durability file: its structure (everything the
// decoder checks, CRCs included), then what the format and Memgraph's
// recovery require of the content (see verify_snapshot.go and
// verify_wal.go for the checks and their names). Memory stays bounded
// whatever the file size: records are streamed, and only a snapshot's unique
// constraints and a damaged snapshot's second pass keep per-record state.
func VerifyFile(f *datadir.File, opts VerifyOptions) *VerifyReport {
	r := &VerifyReport{FileSummary: FileSummary{File: f.Path, Kind: f.Kind, Size: f.Size}}
	c := &collector{file: f.Path, failFast: opts.FailFast, perCheck: map[string]int{}}
	p := newProgress(opts.Progress, f.Size)
	switch f.Kind {
	case datadir.KindSnapshot:
		verifySnapshot(f, c, &p, r, opts.Workers)
	case datadir.KindWAL:
		verifyWAL(f, c, &p, r)
	default:
		c.add(FindingFromError("file", f.Path, f.NotDurabilityFileError()))
	}
	p.end()
	r.Findings = c.finish()
	r.Errors = CountSeverity(r.Findings, SeverityError)
	r.Warnings = CountSeverity(r.Findings, SeverityWarning)
	r.Stopped = c.stopped
	switch {
	case r.Errors > 0:
		r.Verdict = VerdictErrors
	case r.Warnings > 0:
		r.Verdict = VerdictWarnings
	default:
		r.Verdict = VerdictOK
	}
	return r
}

// maxPerCheck bounds how many findings of one check are listed; the rest
// are counted in one closing finding, so a badly damaged file cannot flood
// the report or memory.
const maxPerCheck = 100

// collector gathers findings, applies FailFast and the per-check limit.
type collector struct {
	file     string
	failFast bool
	stopped  bool
	stopAt   int64 // the offset of the finding that stopped the checks
	list     []Finding
	perCheck map[string]int
	dropped  map[string]Severity
}

// add records f and reports whether checking should go on.
func (c *collector) add(f Finding) bool {
	if c.stopped {
		return false
	}
	if f.File == "" {
		f.File = c.file
	}
	c.perCheck[f.Check]++
	if c.perCheck[f.Check] > maxPerCheck {
		if c.dropped == nil {
			c.dropped = map[string]Severity{}
		}
		c.dropped[f.Check] = max(c.dropped[f.Check], f.Severity)
	} else {
		c.list = append(c.list, f)
	}
	if c.failFast && f.Severity == SeverityError {
		c.stopped, c.stopAt = true, f.Offset
	}
	return !c.stopped
}

// more counts n further findings of check that are not listed: the
// findings of check listed already fill its limit.
func (c *collector) more(check string, sev Severity, n int) {
	if n <= 0 || c.stopped {
		return
	}
	c.perCheck[check] += n
	if c.dropped == nil {
		c.dropped = map[string]Severity{}
	}
	c.dropped[check] = max(c.dropped[check], sev)
	if c.failFast && sev == SeverityError {
		c.stopped = true
	}
}

// collectorMark is what a collector holds at one point, to go back to.
type collectorMark struct {
	n        int
	perCheck map[string]int
	dropped  map[string]Severity
	stopped  bool
	stopAt   int64
}

func (c *collector) mark() collectorMark {
	return collectorMark{n: len(c.list), perCheck: cloneMap(c.perCheck), dropped: cloneMap(c.dropped), stopped: c.stopped, stopAt: c.stopAt}
}

// cloneMap copies m (nil stays nil).
func cloneMap[K comparable, V any](m map[K]V) map[K]V {
	if m == nil {
		return nil
	}
	out := make(map[K]V, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// restore forgets every finding since m.
func (c *collector) restore(m collectorMark) {
	c.list = c.list[:m.n]
	c.perCheck, c.dropped, c.stopped, c.stopAt = cloneMap(m.perCheck), cloneMap(m.dropped), m.stopped, m.stopAt
}

// at adds a finding at an offset; it reports whether checking should go on.
func (c *collector) at(sev Severity, check string, off int64, record, msg string, args ...any) bool {
	return c.add(Finding{Offset: off, Record: record, Check: check, Severity: sev, Message: fmt.Sprintf(msg, args...)})
}

func (c *collector) finish() []Finding {
	for check, sev := range c.dropped {
		c.list = append(c.list, Finding{File: c.file, Offset: NoOffset, Check: check, Severity: sev,
			Message: fmt.Sprintf("%d more %s findings not listed", c.perCheck[check]-maxPerCheck, check)})
	}
	SortFindings(c.list)
	if c.list == nil {
		c.list = []Finding{}
	}
	return c.list
}

// errStop ends a record walk when FailFast has stopped the checks.
var errStop = errors.New("verify: stopped")

// progress throttles Progress calls to about one per MiB.
type progress struct {
	fn    func(done, total int64)
	total int64
	next  int64 // a MiB past the last call: where at calls fn again (never without fn)
}

func newProgress(fn func(done, total int64), total int64) progress {
	if fn == nil {
		return progress{total: total, next: math.MaxInt64}
	}
	return progress{fn: fn, total: total, next: 1 << 20}
}

// noProgress is the progress of a check that reports none (a worker's):
// at never writes to it.
var noProgress = newProgress(nil, 0)

// at notes that the bytes up to done are read: a compare, as every
// record's check calls it.
func (p *progress) at(done int64) {
	if done >= p.next {
		p.report(done)
	}
}

func (p *progress) report(done int64) {
	p.next = done + 1<<20
	p.fn(done, p.total)
}

func (p *progress) end() {
	if p.fn != nil {
		p.fn(p.total, p.total)
	}
}

// decodeFinding turns a decode error into a finding named after what failed
// where a section tells more than the error class does.
func decodeFinding(prefix, file string, err error) Finding {
	f := FindingFromError(prefix, file, err)
	var de *format.DecodeError
	if !errors.As(err, &de) {
		return f
	}
	class := format.ClassName(err)
	switch prefix + "/" + de.Section + "/" + class {
	case "wal/header/checksum":
		f.Check = "wal.header_crc"
	case "wal/summary/checksum":
		f.Check = "wal.summary_crc"
	case "wal/delta/checksum":
		f.Check = "wal.txn_crc"
	case "wal/summary/corrupt":
		f.Check = "wal.summary"
	case "snapshot/offsets/corrupt":
		f.Check = "snapshot.offsets"
	}
	if prefix == "snapshot" && (de.Section == format.OffsetEdgeBatches.String() || de.Section == format.OffsetVertexBatches.String()) {
		f.Check = "snapshot.batch_table"
	}
	return f
}
