package inspect

import (
	"errors"
	"fmt"
	"slices"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
)

// Plan is Memgraph's recovery decision for a data directory, made offline
// the way its RecoverData makes it, per tenant.
type Plan struct {
	Path    string        `json:"path"`
	Layout  Layout        `json:"layout"`
	Tenants []*TenantPlan `json:"tenants"`
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
)

// TenantPlan is the recovery of one storage.
type TenantPlan struct {
	Name    string  `json:"name"`
	Dir     string  `json:"dir"`
	Outcome Outcome `json:"outcome"`
	// Fatal is the message Memgraph logs when it stops.
	Fatal string `json:"fatal,omitempty"`
	// LosesData is set when data present in the files is not recovered:
	// a dropped WAL tail, a snapshot that fails to load, an ignored file
	// holding data (the error findings say which).
	LosesData bool   `json:"loses_data"`
	UUID      string `json:"uuid,omitempty"`  // the storage uuid Memgraph adopts
	Epoch     string `json:"epoch,omitempty"` // the epoch it ends in
	// Snapshot is the snapshot loaded, relative to the data directory.
	Snapshot  string         `json:"snapshot,omitempty"`
	Snapshots []SnapshotStep `json:"snapshots"` // as Memgraph tries them, newest first
	WALs      []WALStep      `json:"wals"`      // in replay order, then the files it ignores
	// DurableTimestamp is the last durable commit timestamp recovered; nil
	// when nothing is.
	DurableTimestamp *uint64 `json:"durable_timestamp"`
	// NextWALSeqNum is the sequence number of the next WAL file Memgraph writes.
	NextWALSeqNum uint64    `json:"next_wal_seq_num"`
	Vertices      int       `json:"vertices"`
	Edges         int       `json:"edges"`
	Findings      []Finding `json:"findings"`
	state         *State
}

// Snapshot decisions.
const (
	DecisionLoaded     = "loaded"      // Memgraph recovers from it
	DecisionFailed     = "failed"      // tried, failed to load; Memgraph falls back to the next older one
	DecisionFallback   = "not_needed"  // an older fallback, not tried because a newer one loaded
	DecisionOtherUUID  = "other_uuid"  // ignored: another storage uuid
	DecisionUnreadable = "unreadable"  // ignored: Memgraph cannot read its header
	DecisionNotReached = "not_reached" // after the point where recovery stops
)

// WAL decisions (also DecisionOtherUUID, DecisionUnreadable, DecisionNotReached, DecisionFailed).
const (
	DecisionReplay  = "replay"  // every transaction applied
	DecisionPartial = "partial" // transactions at or below the last applied timestamp skipped, the rest applied
	DecisionSkip    = "skip"    // the whole file is at or below the last applied timestamp
)

// SnapshotStep is one snapshot file and what recovery does with it.
type SnapshotStep struct {
	File             string `json:"file"` // relative to the data directory
	Version          uint64 `json:"version,omitempty"`
	UUID             string `json:"uuid,omitempty"`
	DurableTimestamp uint64 `json:"durable_timestamp"`
	Vertices         uint64 `json:"vertices"`
	Edges            uint64 `json:"edges"`
	Decision         string `json:"decision"`
	Reason           string `json:"reason,omitempty"`
}

// WALStep is one WAL file and what recovery does with it.
type WALStep struct {
	File          string       `json:"file"` // relative to the data directory
	Version       uint64       `json:"version,omitempty"`
	UUID          string       `json:"uuid,omitempty"`
	SeqNum        uint64       `json:"seq_num"`
	FromTimestamp uint64       `json:"from_timestamp"`
	ToTimestamp   uint64       `json:"to_timestamp"`
	Deltas        uint64       `json:"deltas"`
	Finalized     bool         `json:"finalized"`
	Decision      string       `json:"decision"`
	Applied       int          `json:"applied"`     // transactions applied
	Skipped       int          `json:"skipped"`     // at or below the last applied timestamp
	Uncommitted   int          `json:"uncommitted"` // TRANSACTION_START with commit=false, skipped
	Dropped       *DroppedTail `json:"dropped,omitempty"`
	Reason        string       `json:"reason,omitempty"`
}

// DroppedTail is the end of an unfinalized WAL that Memgraph silently does
// not read: a transaction torn by a crash, or everything after damage.
type DroppedTail struct {
	Offset int64  `json:"offset"` // where the dropped bytes start (the end of the last complete transaction)
	Bytes  int64  `json:"bytes"`
	Class  string `json:"class"` // torn_tail, corrupt, checksum, truncated
	// Transactions is the number of transactions lost: exact for a torn
	// tail; for damage a minimum (AtLeast), since nothing after it decodes.
	Transactions int  `json:"transactions"`
	AtLeast      bool `json:"at_least,omitempty"`
	// FirstTimestamp is the commit timestamp of the first lost
	// transaction, when its frame header survives.
	FirstTimestamp *uint64 `json:"first_commit_timestamp,omitempty"`
	Reason         string  `json:"reason"`
}

// PlanRecovery decides, as Memgraph's recovery would, what each tenant of d
// recovers: the snapshot it loads (really loading them, newest first, to see
// which one succeeds), the WAL files it replays or skips and why, what it
// drops, where it would stop, and the resulting counts (the state is really
// recovered, then discarded).
func PlanRecovery(d *DataDir) *Plan {
	p := &Plan{Path: d.Path, Layout: d.Layout, Findings: []Finding{}}
	p.Findings = append(p.Findings, strayFindings(d)...)
	for _, t := range d.Tenants {
		tp := planTenant(t)
		tp.state = nil
		p.Tenants = append(p.Tenants, tp)
	}
	return p
}

// RecoverDataDir recovers the state of one tenant of d, as PlanRecovery
// plans it; tenant "" is the default database, or the only tenant. The
// state is nil when recovery fails (the plan's Fatal says why).
func RecoverDataDir(d *DataDir, tenant string) (*State, *TenantPlan, error) {
	for _, t := range d.Tenants {
		if t.Name == tenant || (tenant == "" && (t.Name == DefaultTenant || len(d.Tenants) == 1)) {
			tp := planTenant(t)
			s := tp.state
			tp.state = nil
			return s, tp, nil
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

// Clean reports whether everything in the files would be recovered and
// nothing stops recovery: no error finding anywhere.
func (p *Plan) Clean() bool {
	if CountSeverity(p.Findings, SeverityError) > 0 {
		return false
	}
	for _, t := range p.Tenants {
		if t.Outcome == OutcomeFails || CountSeverity(t.Findings, SeverityError) > 0 {
			return false
		}
	}
	return true
}

type planner struct {
	t    *Tenant
	tp   *TenantPlan
	s    *State
	last *uint64 // the last applied timestamp: Memgraph's last_loaded_timestamp
}

func (pl *planner) finding(f *DurableFile, check string, sev Severity, format string, args ...any) {
	file := pl.t.Dir
	if f != nil {
		file = f.Path
	}
	pl.tp.Findings = append(pl.tp.Findings, Finding{File: file, Offset: NoOffset, Check: check, Severity: sev, Message: fmt.Sprintf(format, args...)})
}

// stop records the message Memgraph stops with.
func (pl *planner) stop(f *DurableFile, msg, context string) {
	pl.tp.Fatal = msg
	pl.s = nil
	pl.finding(f, "plan.fatal", SeverityError, "%sMemgraph stops: %q", context, msg)
}

func planTenant(t *Tenant) *TenantPlan {
	tp := &TenantPlan{Name: t.Name, Dir: t.Dir, Snapshots: []SnapshotStep{}, WALs: []WALStep{}, Findings: []Finding{}}
	pl := &planner{t: t, tp: tp}
	for _, f := range checkTenant(t) {
		// The plan decides these from the snapshot that really loads.
		if f.Check != "chain.gap" && f.Check != "chain.prefix" {
			tp.Findings = append(tp.Findings, f)
		}
	}
	pl.run()
	if pl.s != nil {
		tp.Vertices, tp.Edges = pl.s.VertexCount(), pl.s.EdgeCount()
	}
	switch {
	case tp.Fatal != "":
		tp.Outcome = OutcomeFails
	case pl.s == nil || len(pl.s.CypherLines()) == 0:
		tp.Outcome = OutcomeEmpty
		pl.finding(nil, "plan.empty", SeverityWarning, "Memgraph would start this database EMPTY")
	default:
		tp.Outcome = OutcomeRecovers
	}
	if tp.Outcome != OutcomeFails {
		tp.DurableTimestamp = pl.last
	}
	tp.LosesData = CountSeverity(tp.Findings, SeverityError) > 0 && tp.Outcome != OutcomeFails
	SortFindings(tp.Findings)
	tp.state = pl.s
	return tp
}

func (pl *planner) run() {
	t, tp := pl.t, pl.tp
	if t.SnapshotDir == "" && t.WALDir == "" {
		pl.addIgnored()
		return
	}
	uuid, from := storageUUID(t)
	if from == nil {
		pl.addIgnored()
		return
	}
	tp.UUID, tp.Epoch = uuid, from.Epoch
	if from.Kind == KindSnapshot.String() {
		if !pl.loadSnapshot(uuid) {
			pl.addIgnored()
			return
		}
	}
	pl.replayWALs(uuid)
	if pl.s != nil {
		// Constraints are rebuilt, and validated, after all data is loaded.
		if err := pl.s.CheckConstraints(); err != nil {
			pl.stop(nil, err.Message, err.Detail+"; ")
		}
	}
	pl.addIgnored()
}

// loadSnapshot tries the snapshots newest first, as Memgraph does, and
// reports whether one loaded.
func (pl *planner) loadSnapshot(uuid string) bool {
	snaps := usableSnapshots(pl.t)
	slices.Reverse(snaps)
	loaded := false
	for _, f := range snaps {
		step := SnapshotStep{File: f.Rel, Version: f.Version, UUID: f.UUID, DurableTimestamp: f.DurableTimestamp,
			Vertices: f.Vertices, Edges: f.Edges}
		switch {
		case f.UUID != uuid:
			step.Decision, step.Reason = DecisionOtherUUID, "another storage uuid: "+fmt.Sprintf(msgUnrelatedSnapshot, f.Path)
		case loaded:
			step.Decision, step.Reason = DecisionFallback, "a newer snapshot loaded"
		default:
			s, err := loadSnapshotFile(f)
			if err != nil {
				step.Decision, step.Reason = DecisionFailed, briefError(err)
				pl.finding(f, "plan.snapshot_failed", SeverityError, "fails to load, so Memgraph falls back to an older snapshot (%q)",
					fmt.Sprintf(msgSnapshotFailed, f.Path, briefError(err)))
				break
			}
			step.Decision, loaded = DecisionLoaded, true
			pl.s, pl.tp.Snapshot, pl.tp.Epoch = s, f.Rel, f.Epoch
			ts := f.DurableTimestamp
			pl.last = &ts
		}
		pl.tp.Snapshots = append(pl.tp.Snapshots, step)
	}
	if !loaded {
		pl.stop(nil, MsgNoSnapshotLoads, "no snapshot loads: ")
	}
	return loaded
}

func loadSnapshotFile(f *DurableFile) (*State, error) {
	file, err := Open(f.Path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	// The size read by the scan: a file growing meanwhile is read as it was.
	snap, err := decode.OpenSnapshot(file.ReaderAt(), min(f.Size, file.Size), f.Path)
	if err != nil {
		return nil, err
	}
	return LoadSnapshot(snap)
}

func (pl *planner) replayWALs(uuid string) {
	chain := walChain(pl.t, uuid)
	if len(chain) == 0 {
		return
	}
	if pl.s == nil {
		pl.s = NewState()
	}
	steps := make([]WALStep, len(chain))
	for i, f := range chain {
		steps[i] = WALStep{File: f.Rel, Version: f.Version, UUID: f.UUID, SeqNum: f.SeqNum, FromTimestamp: f.FromTimestamp,
			ToTimestamp: f.ToTimestamp, Deltas: f.Deltas, Finalized: f.Finalized, Decision: DecisionNotReached}
	}
	defer func() { pl.tp.WALs = append(pl.tp.WALs, steps...) }()
	first := chain[0]
	if first.SeqNum != 0 {
		switch {
		case pl.last == nil:
			pl.stop(first, MsgMissingPrefix, fmt.Sprintf("the first WAL file has sequence number %d and there is no snapshot: ", first.SeqNum))
			return
		case first.FromTimestamp > *pl.last:
			pl.stop(first, MsgNoWALBeforeSnap, fmt.Sprintf("the first WAL file (sequence number %d) starts at timestamp %d, after the loaded snapshot's durable timestamp %d: ",
				first.SeqNum, first.FromTimestamp, *pl.last))
			return
		}
	}
	snapshotTS := pl.last
	for i, f := range chain {
		step := &steps[i]
		if i > 0 && f.SeqNum-chain[i-1].SeqNum > 1 {
			pl.stop(f, fmt.Sprintf(msgMissingWAL, chain[i-1].SeqNum+1), "")
			return
		}
		pl.tp.Epoch = f.Epoch
		pl.tp.NextWALSeqNum = f.SeqNum + 1
		if pl.last != nil && f.ToTimestamp <= *pl.last {
			step.Decision = DecisionSkip
			step.Reason = fmt.Sprintf("already recovered (to %d <= %d)", f.ToTimestamp, *pl.last)
			if pl.last == snapshotTS {
				step.Reason = fmt.Sprintf("covered by the snapshot (to %d <= %d)", f.ToTimestamp, *pl.last)
			}
			continue
		}
		if !pl.replay(f, step) {
			return
		}
		to := f.ToTimestamp
		pl.last = &to
	}
}

// replay applies one WAL file; false when recovery stops there.
func (pl *planner) replay(f *DurableFile, step *WALStep) bool {
	fail := func(err error) bool {
		step.Decision, step.Reason = DecisionFailed, briefError(err)
		pl.stop(f, fmt.Sprintf(msgWALFailed, f.Path, briefError(err)), "")
		return false
	}
	file, err := Open(f.Path)
	if err != nil {
		return fail(err)
	}
	defer file.Close()
	size := min(f.Size, file.Size)
	w, err := decode.OpenWAL(file.ReaderAt(), size, f.Path)
	if err != nil {
		return fail(err)
	}
	var after uint64
	if pl.last != nil {
		after = *pl.last
	}
	res, err := pl.s.ReplayWAL(w, after)
	step.Applied, step.Skipped, step.Uncommitted = res.Applied, res.Skipped, res.Uncommitted
	step.Decision = DecisionReplay
	if res.Skipped > 0 {
		step.Decision = DecisionPartial
		step.Reason = fmt.Sprintf("transactions at or below timestamp %d are already recovered", after)
	}
	if res.Uncommitted > 0 {
		pl.finding(f, "plan.uncommitted", SeverityInfo, "%d transaction(s) never committed (TRANSACTION_START commit=false): Memgraph skips them", res.Uncommitted)
	}
	tail := res.TornTail
	if err != nil {
		// A finalized file is trusted, so damage in it is fatal; in an
		// unfinalized one the scan stopped there and Memgraph reads no
		// further. What cannot be applied is fatal either way.
		if f.Finalized || errors.Is(err, format.ErrInconsistent) || !isDecodeError(err) {
			return fail(err)
		}
		tail = err
	}
	if tail != nil {
		pl.dropTail(f, step, w, file, size, tail)
	}
	return true
}

// briefError is err without the file path, which the plan shows beside it.
func briefError(err error) string {
	var de *format.DecodeError
	if errors.As(err, &de) {
		c := *de
		c.File = ""
		return c.Error()
	}
	return err.Error()
}

func isDecodeError(err error) bool {
	var de *format.DecodeError
	return errors.As(err, &de)
}

// dropTail records what Memgraph silently leaves unread at the end of an
// unfinalized file.
func (pl *planner) dropTail(f *DurableFile, step *WALStep, w *decode.WAL, file *File, size int64, err error) {
	off := w.CompleteEnd()
	reason := err.Error()
	var de *format.DecodeError
	if errors.As(err, &de) {
		reason = de.Reason
	}
	dt := &DroppedTail{Offset: off, Bytes: size - off, Class: ProblemClass(err), Reason: reason}
	// A frame starts with the delta marker and the commit timestamp as an integer.
	var hdr [10]byte
	n, _ := file.ReaderAt().ReadAt(hdr[:], off)
	torn := format.IsTornTail(err)
	switch {
	case n > 0 && torn && decode.ZeroFrom(file.ReaderAt(), off, size):
		// A crash extended the file but wrote nothing: no transaction.
	default:
		dt.Transactions, dt.AtLeast = 1, !torn
		if n == len(hdr) && format.Marker(hdr[0]) == format.SectionDelta && format.Marker(hdr[1]) == format.MarkerInt {
			ts := leUint64(hdr[2:])
			dt.FirstTimestamp = &ts
		}
	}
	step.Dropped = dt
	if dt.Transactions == 0 {
		pl.finding(f, "plan.zero_tail", SeverityInfo, "%d zero bytes after the last transaction (space the crash left unwritten): nothing is lost", dt.Bytes)
		return
	}
	ts := ""
	if dt.FirstTimestamp != nil {
		ts = fmt.Sprintf(", commit timestamp %d", *dt.FirstTimestamp)
	}
	msg := fmt.Sprintf("Memgraph silently drops the torn last transaction%s: the file ends %d bytes into it", ts, dt.Bytes)
	if !torn {
		msg = fmt.Sprintf("Memgraph silently drops the %d bytes from here (at least one transaction%s): %s", dt.Bytes, ts, reason)
	}
	pl.tp.Findings = append(pl.tp.Findings, Finding{File: f.Path, Offset: off, Check: "plan.dropped_" + dt.Class, Severity: SeverityError, Message: msg})
}

func leUint64(b []byte) uint64 {
	var v uint64
	for i := 7; i >= 0; i-- {
		v = v<<8 | uint64(b[i])
	}
	return v
}

// addIgnored lists the files recovery does not use, with why.
func (pl *planner) addIgnored() {
	t, tp := pl.t, pl.tp
	seen := map[string]bool{}
	for _, s := range tp.Snapshots {
		seen[s.File] = true
	}
	for _, w := range tp.WALs {
		seen[w.File] = true
	}
	for _, f := range t.Snapshots {
		if seen[f.Rel] {
			continue
		}
		step := SnapshotStep{File: f.Rel, Version: f.Version, UUID: f.UUID, DurableTimestamp: f.DurableTimestamp,
			Vertices: f.Vertices, Edges: f.Edges, Decision: DecisionUnreadable, Reason: f.Problem}
		switch {
		case f.Kind != KindSnapshot.String():
			step.Decision, step.Reason = DecisionUnreadable, "not a snapshot ("+f.Kind+")"
		case f.Usable():
			step.Decision, step.Reason = DecisionNotReached, "recovery stopped before it"
		}
		tp.Snapshots = append(tp.Snapshots, step)
	}
	for _, f := range t.WALs {
		if seen[f.Rel] {
			continue
		}
		step := WALStep{File: f.Rel, Version: f.Version, UUID: f.UUID, SeqNum: f.SeqNum, FromTimestamp: f.FromTimestamp,
			ToTimestamp: f.ToTimestamp, Deltas: f.Deltas, Finalized: f.Finalized, Decision: DecisionUnreadable, Reason: f.Problem}
		switch {
		case f.Kind != KindWAL.String():
			step.Reason = "not a WAL file (" + f.Kind + ")"
		case f.Usable() && f.UUID != tp.UUID && tp.UUID != "":
			step.Decision, step.Reason = DecisionOtherUUID, "another storage uuid"
		case f.Usable():
			step.Decision, step.Reason = DecisionNotReached, "recovery stopped before it"
		}
		tp.WALs = append(tp.WALs, step)
	}
}
