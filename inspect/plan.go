package inspect

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/engine/graph"
)

// Plan is Memgraph's recovery decision for a data directory, made offline
// the way its RecoverData makes it, per tenant.
type Plan struct {
	Path    string         `json:"path"`
	Layout  datadir.Layout `json:"layout"`
	Tenants []*TenantPlan  `json:"tenants"`
	// Findings not tied to a tenant (stray files).
	Findings []Finding `json:"findings"`
}

// Outcome is how a tenant's recovery ends.
type Outcome string

// Outcomes.
const (
	OutcomeRecovers Outcome = "recovers" // a non-empty database
	OutcomeEmpty    Outcome = "empty"    // Memgraph starts with an empty database
	OutcomeFails    Outcome = "fails"    // Memgraph stops (or, with --storage-allow-recovery-failure, starts the tenant empty and broken)
	// OutcomeIncomplete: durascope could not read some of the tenant's
	// files, or could not hold the graph they recover to (TooLarge), so it
	// gives no verdict on what Memgraph, reading them, does.
	OutcomeIncomplete Outcome = "incomplete"
)

// TenantPlan is the recovery of one storage.
type TenantPlan struct {
	Name    string  `json:"name"`
	Dir     string  `json:"dir"`
	Outcome Outcome `json:"outcome"`
	// Fatal is the message Memgraph logs when it stops.
	Fatal string `json:"fatal,omitempty"`
	// TooLarge says which limit of durascope's graph recovery passed
	// (graph.CapacityError); the outcome is then incomplete.
	TooLarge string `json:"too_large,omitempty"`
	// LosesData is set when the files hold, whole, committed data that
	// Memgraph would not recover (spec/recovery.md §6; the error findings
	// say which).
	LosesData bool   `json:"loses_data"`
	UUID      string `json:"uuid,omitempty"`  // the storage uuid Memgraph adopts
	Epoch     string `json:"epoch,omitempty"` // the epoch it ends in
	// Snapshot is the snapshot loaded, relative to the data directory.
	Snapshot  string                 `json:"snapshot,omitempty"`
	Snapshots []datadir.SnapshotStep `json:"snapshots"` // as Memgraph tries them, newest first
	WALs      []datadir.WALStep      `json:"wals"`      // in replay order, then the files it ignores
	// DurableTimestamp is the last durable commit timestamp recovered; nil
	// when nothing is.
	DurableTimestamp *uint64 `json:"durable_timestamp"`
	// NextWALSeqNum is the sequence number of the next WAL file Memgraph writes.
	NextWALSeqNum uint64    `json:"next_wal_seq_num"`
	Vertices      int       `json:"vertices"`
	Edges         int       `json:"edges"`
	Findings      []Finding `json:"findings"`
}

// PlanRecovery decides, as Memgraph's recovery would, what each tenant of d
// recovers: the snapshot it loads (really loading them, newest first, to see
// which one succeeds), the WAL files it replays or skips and why, what it
// drops, where it would stop, and the resulting counts (the graph is really
// recovered, then discarded).
func PlanRecovery(d *datadir.DataDir, opts DirOptions) *Plan {
	p := &Plan{Path: d.Path, Layout: d.Layout, Findings: []Finding{}}
	p.Findings = append(p.Findings, strayFindings(d)...)
	for _, t := range d.Tenants {
		tp, _ := planTenant(t, opts)
		p.Tenants = append(p.Tenants, tp)
	}
	return p
}

// AllFindings are the plan's findings and every tenant's, sorted.
func (p *Plan) AllFindings() []Finding {
	out := append([]Finding{}, p.Findings...)
	for _, t := range p.Tenants {
		out = append(out, t.Findings...)
	}
	SortFindings(out)
	return out
}

// RecoverDataDir recovers the graph of one tenant of d, as PlanRecovery
// plans it; tenant "" is the default database, or the only tenant. The
// graph is nil when recovery fails (the plan's Fatal says why).
func RecoverDataDir(d *datadir.DataDir, tenant string, opts DirOptions) (*graph.Graph, *TenantPlan, error) {
	for _, t := range d.Tenants {
		if t.Name == tenant || (tenant == "" && (t.Name == datadir.DefaultTenant || len(d.Tenants) == 1)) {
			tp, g := planTenant(t, opts)
			return g, tp, nil
		}
	}
	return nil, nil, fmt.Errorf("%s: no tenant %q", d.Path, tenant)
}

// Failed reports whether any tenant would stop Memgraph's start-up.
func (p *Plan) Failed() bool {
	for _, t := range p.Tenants {
		if t.Outcome == OutcomeFails {
			return true
		}
	}
	return false
}

// ExitCode is the plan's exit code (spec/recovery.md §6).
func (p *Plan) ExitCode(strict bool) int {
	code := ExitCode(p.AllFindings(), strict)
	for _, t := range p.Tenants {
		if t.Outcome == OutcomeFails {
			code = max(code, ExitProblems)
		}
	}
	return code
}

// planTenant grades the recovery of t: its decisions become findings
// ("plan.*"), beside the chain checks of t's files, by spec/recovery.md §6.
func planTenant(t *datadir.Tenant, opts DirOptions) (*TenantPlan, *graph.Graph) {
	workers := opts.Workers
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	rec := datadir.RecoverWith(t, datadir.RecoverOptions{Progress: opts.Progress, Threads: workers})
	tp := &TenantPlan{Name: t.Name, Dir: t.Dir, UUID: rec.UUID, Epoch: rec.Epoch, Snapshot: rec.Snapshot,
		Snapshots: rec.Snapshots, WALs: rec.WALs, DurableTimestamp: rec.DurableTimestamp, NextWALSeqNum: rec.NextWALSeqNum,
		Findings: []Finding{}}
	add := func(file string, off int64, check string, sev Severity, msg string, args ...any) {
		tp.Findings = append(tp.Findings, Finding{File: file, Offset: off, Check: check, Severity: sev, Message: fmt.Sprintf(msg, args...)})
	}
	for _, f := range checkTenant(t, opts) {
		// The plan decides these from the snapshot that really loads.
		if f.Check != "chain.gap" && f.Check != "chain.prefix" {
			tp.Findings = append(tp.Findings, f)
		}
	}
	reached := rec.DurableTimestamp
	for _, s := range rec.Snapshots {
		if s.UnloadedVertices > 0 || s.UnloadedEdges > 0 {
			add(s.Path, NoOffset, "plan.snapshot_unloaded", SeverityError, "its metadata counts %d vertices and %d edges; loading it through its batch tables yields %d and %d fewer: Memgraph silently leaves records outside the batch tables unloaded",
				s.Vertices, s.Edges, s.UnloadedVertices, s.UnloadedEdges)
		}
		if s.Decision != datadir.DecisionFailed {
			continue
		}
		// The fallback loses nothing when recovery still reaches the
		// point the failed snapshot was taken at.
		if reached != nil && *reached >= s.DurableTimestamp {
			add(s.Path, NoOffset, "plan.snapshot_failed", SeverityWarning, "fails to load, so Memgraph falls back to an older snapshot, and still recovers up to timestamp %d (this one: %d): nothing is lost; Memgraph logs %q; durascope: %s",
				*reached, s.DurableTimestamp, fmt.Sprintf(datadir.MsgSnapshotFailed, s.Path, "<its reason>"), s.Reason)
			continue
		}
		add(s.Path, NoOffset, "plan.snapshot_failed", SeverityError, "fails to load, so Memgraph falls back to an older snapshot and recovers less (this one holds up to timestamp %d); Memgraph logs %q; durascope: %s",
			s.DurableTimestamp, fmt.Sprintf(datadir.MsgSnapshotFailed, s.Path, "<its reason>"), s.Reason)
	}
	for _, w := range rec.WALs {
		if w.Uncommitted > 0 {
			add(w.Path, NoOffset, "plan.uncommitted", SeverityInfo, "%d transaction(s) never committed (TRANSACTION_START commit=false): Memgraph skips them", w.Uncommitted)
		}
		if dt := w.Dropped; dt != nil {
			gradeDroppedTail(add, w.Path, dt)
		}
	}
	if tl := rec.TooLarge; tl != nil {
		var ce *graph.CapacityError
		errors.As(tl.Err, &ce)
		tp.TooLarge = ce.Error()
		f := FindingFromError("plan", tl.File.Path, tl.Err)
		f.Message = tp.TooLarge + ", so durascope gives no verdict on what Memgraph would recover"
		tp.Findings = append(tp.Findings, f)
	}
	if st := rec.Stop; st != nil {
		file := t.Dir
		if st.File != nil {
			file = st.File.Path
		}
		tp.Fatal = st.Message
		detail := ""
		if st.Detail != "" {
			detail = "; durascope: " + st.Detail
		}
		add(file, NoOffset, "plan.fatal", SeverityError, "%sMemgraph stops: %q%s", st.Context, st.Message, detail)
	}
	g := rec.Graph
	if g != nil {
		tp.Vertices, tp.Edges = g.VertexCount(), g.EdgeCount()
	}
	switch {
	case len(rec.Unreadable) > 0 || rec.TooLarge != nil:
		tp.Outcome = OutcomeIncomplete
	case tp.Fatal != "":
		tp.Outcome = OutcomeFails
	case g == nil || g.Empty():
		tp.Outcome = OutcomeEmpty
		switch {
		case slices.ContainsFunc(tp.Findings, func(f Finding) bool { return f.Check == "chain.empty" }):
			// Said once: there are no files to recover from.
		case opts.AllowEmpty:
			add(t.Dir, NoOffset, "plan.empty", SeverityInfo, "Memgraph would start this database empty")
		default:
			add(t.Dir, NoOffset, "plan.empty", SeverityError, "Memgraph would start this database EMPTY: the files hold nothing to recover (pass --allow-empty if that is expected)")
		}
	default:
		tp.Outcome = OutcomeRecovers
	}
	if tp.Outcome == OutcomeIncomplete {
		// What recovery decided rests on durascope's failure to read a
		// file, which Memgraph may read: a note, not a verdict.
		for i, f := range tp.Findings {
			if strings.HasPrefix(f.Check, "plan.") && (f.Severity == SeverityError || f.Severity == SeverityWarning) {
				tp.Findings[i].Severity = SeverityInfo
				tp.Findings[i].Message = "if Memgraph could not read the files durascope cannot read either: " + f.Message
			}
		}
	}
	tp.LosesData = (tp.Outcome == OutcomeRecovers || tp.Outcome == OutcomeEmpty) && slices.ContainsFunc(tp.Findings, func(f Finding) bool {
		// Nothing to recover is its own verdict, not a loss.
		return f.Severity == SeverityError && f.Check != "plan.empty" && f.Check != "chain.empty"
	})
	SortFindings(tp.Findings)
	return tp, g
}

// gradeDroppedTail: zero bytes a crash left lose nothing (note); a torn
// last transaction was never written whole (warning); damage drops
// transactions the file holds whole (error).
func gradeDroppedTail(add func(string, int64, string, Severity, string, ...any), file string, dt *datadir.DroppedTail) {
	ts := ""
	if dt.FirstTimestamp != nil {
		ts = fmt.Sprintf(", commit timestamp %d", *dt.FirstTimestamp)
	}
	switch {
	case dt.Transactions == 0:
		add(file, NoOffset, "plan.zero_tail", SeverityInfo, "%d zero bytes after the last transaction (space the crash left unwritten): nothing is lost", dt.Bytes)
	case !dt.Damaged:
		add(file, dt.Offset, "plan.dropped_"+dt.Class, SeverityWarning, "the last transaction%s was never written whole (torn by a crash; the file ends %d bytes into it): Memgraph drops it", ts, dt.Bytes)
	case dt.Transactions > 1:
		add(file, dt.Offset, "plan.dropped_"+dt.Class, SeverityError, "Memgraph silently drops %d bytes from here: the damaged transaction%s and at least %d complete transaction(s) after it (from offset %d); %s",
			dt.Bytes, ts, dt.Transactions-1, dt.FollowingAt, dt.Reason)
	default:
		add(file, dt.Offset, "plan.dropped_"+dt.Class, SeverityError, "Memgraph silently drops %d bytes from here, at least the damaged transaction%s: %s", dt.Bytes, ts, dt.Reason)
	}
}
