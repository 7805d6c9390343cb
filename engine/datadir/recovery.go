package datadir

import (
	"errors"
	"fmt"
	"slices"
	"sort"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
)

// Memgraph's log and exception messages (durability.cpp), quoted by the
// recovery decisions so a user can match them with Memgraph's log.
const (
	MsgNothingToRecover  = "Snapshot or WAL directory don't exist, there is nothing to recover."
	MsgNoFiles           = "No snapshot or WAL file found."
	MsgNoSnapshotLoads   = "The database is configured to recover on startup, but couldn't recover using any of the specified snapshots! Please inspect them and restart the database."
	MsgMissingPrefix     = "There are missing prefix WAL files and data can't be recovered without them!"
	MsgNoWALBeforeSnap   = "You must have at least one WAL file that contains at least one delta that was created before the snapshot file!"
	MsgMissingWAL        = "You are missing a WAL file with the sequence number %d!"
	MsgUnrelatedSnapshot = "The snapshot file %s isn't related to the latest snapshot file!"
	MsgSnapshotFailed    = "Couldn't recover snapshot from %s because of: %s."
	MsgWALUnreadable     = "Failed to read WAL file %s."
	MsgWALFailed         = "Couldn't recover WAL deltas from %s because of: %s"
)

// Snapshot decisions.
const (
	DecisionLoaded     = "loaded"      // Memgraph recovers from it
	DecisionFailed     = "failed"      // tried, failed to load; Memgraph falls back to the next older one
	DecisionFallback   = "not_needed"  // an older fallback, not tried because a newer one loaded
	DecisionOtherUUID  = "other_uuid"  // ignored: another storage uuid
	DecisionUnreadable = "unreadable"  // ignored: Memgraph cannot read its header
	DecisionNotReached = "not_reached" // after the point where recovery stops
	// DecisionNotRead: durascope could not read the file (permission,
	// I/O error), so it cannot say what Memgraph does with it.
	DecisionNotRead = "not_read"
	// DecisionTooLarge: the graph outgrew what durascope holds
	// (graph.CapacityError) while loading the file, so it cannot say what
	// Memgraph, which may hold it, does with it or after it.
	DecisionTooLarge = "too_large"
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
	Path             string `json:"-"`    // as opened
	Version          uint64 `json:"version,omitempty"`
	UUID             string `json:"uuid,omitempty"`
	DurableTimestamp uint64 `json:"durable_timestamp"`
	Vertices         uint64 `json:"vertices"`
	Edges            uint64 `json:"edges"`
	Decision         string `json:"decision"`
	Reason           string `json:"reason,omitempty"`
	// UnloadedVertices and UnloadedEdges count what the metadata says the
	// snapshot holds beyond what loading it yields (records outside the
	// batch tables).
	UnloadedVertices uint64 `json:"unloaded_vertices,omitempty"`
	UnloadedEdges    uint64 `json:"unloaded_edges,omitempty"`
}

// WALStep is one WAL file and what recovery does with it.
type WALStep struct {
	File          string       `json:"file"` // relative to the data directory
	Path          string       `json:"-"`    // as opened
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
	// Transactions is the number of transactions lost: for a torn tail
	// the torn one (0 when only zero bytes follow), which the file never
	// held whole; for damage the damaged one and the complete ones found
	// behind it (decode.Behind), a minimum (AtLeast).
	Transactions int  `json:"transactions"`
	AtLeast      bool `json:"at_least,omitempty"`
	// Damaged is set when the tail is damage, not a torn write: the file
	// held the dropped transactions whole.
	Damaged bool `json:"damaged,omitempty"`
	// FollowingAt is where the first complete transaction behind damage
	// starts; 0 when none was found.
	FollowingAt int64 `json:"following_at,omitempty"`
	// FirstTimestamp is the commit timestamp of the first lost
	// transaction, when its frame header survives.
	FirstTimestamp *uint64 `json:"first_commit_timestamp,omitempty"`
	Reason         string  `json:"reason"`
}

// Stop is where Memgraph's recovery stops: it logs Message and does not
// start (or, with --storage-allow-recovery-failure, starts the tenant empty).
type Stop struct {
	File    *DurableFile // the file it stops at; nil for the tenant as a whole
	Message string       // what Memgraph logs, in its words only
	Context string       // why, in words, ending in ": " or "; " when set
	Detail  string       // what durascope found there, when Memgraph's own words do not say
}

// Recovery is Memgraph's start-up recovery of one tenant, decided offline
// by its rules (durability.cpp, RecoverData) and really carried out: the
// snapshots it tries, newest first, really loaded; the WAL files it
// replays or skips in its order; what it silently drops; where it stops.
type Recovery struct {
	Tenant *Tenant
	UUID   string // the storage uuid Memgraph adopts
	Epoch  string // the epoch it ends in
	// Snapshot is the snapshot loaded, relative to the data directory.
	Snapshot  string
	Snapshots []SnapshotStep // as Memgraph tries them, newest first, then the files it ignores
	WALs      []WALStep      // in replay order, then the files it ignores
	// Stop is set when recovery fails; Graph is then nil.
	Stop *Stop
	// TooLarge is set when the graph outgrew what durascope holds: recovery
	// went no further, Graph is nil, and nothing is said of what Memgraph
	// recovers.
	TooLarge *TooLarge
	// DurableTimestamp is the last durable commit timestamp recovered; nil
	// when nothing is (or recovery stops).
	DurableTimestamp *uint64
	// NextWALSeqNum is the sequence number of the next WAL file Memgraph writes.
	NextWALSeqNum uint64
	// Graph is the recovered graph (nil when nothing was read or recovery stops).
	Graph *graph.Graph
	// Resume is where a writer on this directory goes on (Memgraph's
	// RecoveryInfo and replication state after RecoverData); zero when
	// nothing was recovered.
	Resume Resume
	// Unreadable lists the files durascope itself could not read
	// (permission denied, vanished): recovery went on without them, so it
	// may not be what Memgraph, reading them, would do.
	Unreadable []*DurableFile
}

// TooLarge is where the recovered graph outgrew what durascope holds.
type TooLarge struct {
	File *DurableFile // the snapshot loaded or the WAL replayed
	Err  error        // wraps a *graph.CapacityError
}

// Resume is what a recovered storage continues from.
type Resume struct {
	// NextTimestamp is the clock's next value: the larger of the loaded
	// snapshot's start timestamp + 1 and the last WAL timestamp read + 1
	// (Memgraph's timestamp_ = max(...) after RecoverData).
	NextTimestamp uint64
	// NumCommittedTxns is the snapshot's count plus the transactions
	// replayed from WALs.
	NumCommittedTxns uint64
	// EpochHistory is the loaded snapshot's history, extended by every
	// replayed WAL that advanced the durable timestamp: the last entry's
	// timestamp moved on when it has the WAL's epoch, else (epoch, the
	// WAL's last timestamp) appended (reference memgraph-engine.md §5:
	// so even a single-epoch directory has a history after a replay).
	EpochHistory []format.EpochEntry
	// NextVertexGid and NextEdgeGid are the gids Memgraph hands out next
	// (graph.Graph.NextGids): past the snapshot's and past every object
	// the replayed WALs created, deleted ones included.
	NextVertexGid, NextEdgeGid uint64
}

// UsableSnapshots are the files Memgraph's snapshot listing keeps: snapshot
// headers it can read, ordered by path (the name's time prefix: creation order).
func UsableSnapshots(t *Tenant) []*DurableFile {
	var out []*DurableFile
	for _, f := range t.Snapshots {
		if f.Kind == KindSnapshot && f.Usable() {
			out = append(out, f)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// UsableWALs are the WAL files whose info Memgraph can read.
func UsableWALs(t *Tenant) []*DurableFile {
	var out []*DurableFile
	for _, f := range t.WALs {
		if f.Kind == KindWAL && f.Usable() {
			out = append(out, f)
		}
	}
	return out
}

// StorageUUID is the uuid Memgraph adopts: the newest snapshot's by path,
// or without one the WAL with the greatest path (whose epoch it also takes).
// from is that file; nil when there is nothing usable.
func StorageUUID(t *Tenant) (uuid string, from *DurableFile) {
	if snaps := UsableSnapshots(t); len(snaps) > 0 {
		f := snaps[len(snaps)-1]
		return f.UUID, f
	}
	wals := UsableWALs(t)
	sort.SliceStable(wals, func(i, j int) bool { return wals[i].Path < wals[j].Path })
	if len(wals) == 0 {
		return "", nil
	}
	f := wals[len(wals)-1]
	return f.UUID, f
}

// WALChain is the WAL files Memgraph replays for uuid, in its order:
// by sequence number, then from and to timestamps, uuid, epoch and path.
func WALChain(t *Tenant, uuid string) []*DurableFile {
	var out []*DurableFile
	for _, f := range UsableWALs(t) {
		if f.UUID == uuid {
			out = append(out, f)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		switch {
		case a.SeqNum != b.SeqNum:
			return a.SeqNum < b.SeqNum
		case a.FromTimestamp != b.FromTimestamp:
			return a.FromTimestamp < b.FromTimestamp
		case a.ToTimestamp != b.ToTimestamp:
			return a.ToTimestamp < b.ToTimestamp
		case a.Epoch != b.Epoch:
			return a.Epoch < b.Epoch
		}
		return a.Path < b.Path
	})
	return out
}

// Recover carries out Memgraph's recovery of tenant t.
func Recover(t *Tenant) *Recovery { return RecoverWith(t, RecoverOptions{}) }

// RecoverOptions adjust how Recover reports and how fast it reads, never
// what it decides.
type RecoverOptions struct {
	// Progress, if set, follows the reading of each file recovery reads.
	Progress ProgressFunc
	// Threads loads a snapshot's batches on up to this many goroutines
	// (graph.LoadOptions; Memgraph's --storage-recovery-thread-count); 0
	// or 1 loads them in order.
	Threads int
}

// RecoverWith is Recover with options.
func RecoverWith(t *Tenant, o RecoverOptions) *Recovery {
	r := &recoverer{rec: &Recovery{Tenant: t, Snapshots: []SnapshotStep{}, WALs: []WALStep{}}, progress: o.Progress, threads: o.Threads}
	for _, f := range append(slices.Clone(t.Snapshots), t.WALs...) {
		if f.ProblemClass == format.ClassIO {
			r.rec.Unreadable = append(r.rec.Unreadable, f)
		}
	}
	r.run()
	rec := r.rec
	if rec.Stop == nil && rec.TooLarge == nil {
		rec.DurableTimestamp = r.last
		rec.Graph = r.g
		if r.g != nil {
			rec.Resume.NextVertexGid, rec.Resume.NextEdgeGid = r.g.NextGids()
		}
	}
	return rec
}

// Recover recovers one tenant of d by name; "" is the default database,
// or the only tenant.
func (d *DataDir) Recover(tenant string) (*Recovery, error) {
	return d.RecoverWith(tenant, RecoverOptions{})
}

// RecoverWith is Recover with options.
func (d *DataDir) RecoverWith(tenant string, o RecoverOptions) (*Recovery, error) {
	t, err := d.Tenant(tenant)
	if err != nil {
		return nil, err
	}
	return RecoverWith(t, o), nil
}

// Tenant is the tenant named name; "" names the default database, or the
// only tenant there is.
func (d *DataDir) Tenant(name string) (*Tenant, error) {
	for _, t := range d.Tenants {
		if t.Name == name || (name == "" && (t.Name == DefaultTenant || len(d.Tenants) == 1)) {
			return t, nil
		}
	}
	return nil, fmt.Errorf("%s: no tenant %q", d.Path, name)
}

type recoverer struct {
	rec      *Recovery
	progress ProgressFunc
	threads  int
	g        *graph.Graph
	last     *uint64 // the last applied timestamp: Memgraph's last_loaded_timestamp
}

func (r *recoverer) stop(f *DurableFile, msg, context string) {
	r.rec.Stop = &Stop{File: f, Message: msg, Context: context}
	r.g = nil
}

// tooLarge ends recovery at f if err says the graph outgrew what
// durascope holds, and reports whether it did.
func (r *recoverer) tooLarge(f *DurableFile, err error) bool {
	if !errors.As(err, new(*graph.CapacityError)) {
		return false
	}
	r.rec.TooLarge = &TooLarge{File: f, Err: err}
	r.g = nil
	return true
}

func (r *recoverer) run() {
	t, rec := r.rec.Tenant, r.rec
	defer r.addIgnored()
	if t.SnapshotDir == "" && t.WALDir == "" {
		return
	}
	uuid, from := StorageUUID(t)
	if from == nil {
		return
	}
	rec.UUID, rec.Epoch = uuid, from.Epoch
	if from.Kind == KindSnapshot && !r.loadSnapshot(uuid) {
		return
	}
	if r.replayWALs(uuid); r.g != nil {
		// Indices and constraints are rebuilt, and validated, after all data is loaded.
		if err := r.g.CheckRebuild(); err != nil {
			r.stop(nil, err.Message, err.Detail+"; ")
		}
	}
}

// snapshotsToTry are t's usable snapshots in the order recovery tries
// them: newest first, as Memgraph does.
func snapshotsToTry(t *Tenant) []*DurableFile {
	snaps := UsableSnapshots(t)
	slices.Reverse(snaps)
	return snaps
}

// loadSnapshot tries the snapshots in their order (snapshotsToTry) and
// reports whether one loaded. One too large for durascope ends recovery:
// Memgraph may load it, and would not fall back.
func (r *recoverer) loadSnapshot(uuid string) bool {
	loaded := false
	for _, f := range snapshotsToTry(r.rec.Tenant) {
		step := snapshotStep(f)
		switch {
		case f.UUID != uuid:
			step.Decision, step.Reason = DecisionOtherUUID, "another storage uuid: "+fmt.Sprintf(MsgUnrelatedSnapshot, f.Path)
		case r.rec.TooLarge != nil:
			step.Decision, step.Reason = DecisionNotReached, "recovery stopped before it"
		case loaded:
			step.Decision, step.Reason = DecisionFallback, "a newer snapshot loaded"
		default:
			g, meta, history, err := loadSnapshotFile(f, r.progress, graph.LoadOptions{Threads: r.threads, Room: walRoom(r.rec.Tenant, uuid)})
			if r.tooLarge(f, err) {
				step.Decision, step.Reason = DecisionTooLarge, BriefError(err)
				break
			}
			if err != nil {
				step.Decision, step.Reason = DecisionFailed, BriefError(err)
				break
			}
			step.Decision, loaded = DecisionLoaded, true
			// Memgraph loads records through the batch tables and does not
			// count them: records outside every batch are silently left out.
			step.UnloadedVertices = f.Vertices - min(f.Vertices, uint64(g.VertexCount()))
			step.UnloadedEdges = f.Edges - min(f.Edges, uint64(g.EdgeCount()))
			r.g, r.rec.Snapshot, r.rec.Epoch = g, f.Rel, f.Epoch
			ts := f.DurableTimestamp
			r.last = &ts
			r.rec.Resume = Resume{NextTimestamp: meta.StartTimestamp + 1, NumCommittedTxns: meta.NumCommittedTxns, EpochHistory: history}
		}
		r.rec.Snapshots = append(r.rec.Snapshots, step)
	}
	if !loaded && r.rec.TooLarge == nil {
		r.stop(nil, MsgNoSnapshotLoads, "no snapshot loads: ")
	}
	return loaded
}

func snapshotStep(f *DurableFile) SnapshotStep {
	return SnapshotStep{File: f.Rel, Path: f.Path, Version: f.Version, UUID: f.UUID, DurableTimestamp: f.DurableTimestamp,
		Vertices: f.Vertices, Edges: f.Edges}
}

func walStep(f *DurableFile) WALStep {
	return WALStep{File: f.Rel, Path: f.Path, Version: f.Version, UUID: f.UUID, SeqNum: f.SeqNum, FromTimestamp: f.FromTimestamp,
		ToTimestamp: f.ToTimestamp, Deltas: f.Deltas, Finalized: f.Finalized}
}

// walRoom is how many objects the WAL files recovery may replay after a
// snapshot can create: one per delta at most.
func walRoom(t *Tenant, uuid string) uint64 {
	var n uint64
	for _, f := range WALChain(t, uuid) {
		n += f.Deltas
	}
	return n
}

func loadSnapshotFile(f *DurableFile, progress ProgressFunc, o graph.LoadOptions) (*graph.Graph, format.SnapshotMetadata, []format.EpochEntry, error) {
	var meta format.SnapshotMetadata
	file, err := Open(f.Path)
	if err != nil {
		return nil, meta, nil, err
	}
	defer file.Close()
	// The size read by the scan: a file growing meanwhile is read as it was.
	size := min(f.Size, file.Size)
	// Mapped unless the file has grown since the scan (decode reads a
	// mapping only when it holds size bytes).
	snap, err := decode.OpenSnapshot(watch(file.mapped(), f.Path, size, progress), size, f.Path)
	if err != nil {
		return nil, meta, nil, err
	}
	history, err := snap.EpochHistory()
	if err != nil {
		return nil, meta, nil, err
	}
	g, err := graph.LoadSnapshotWith(snap, o)
	return g, snap.Metadata, history, err
}

func (r *recoverer) replayWALs(uuid string) {
	chain := WALChain(r.rec.Tenant, uuid)
	if len(chain) == 0 {
		return
	}
	if r.g == nil {
		r.g = graph.New()
	}
	steps := make([]WALStep, len(chain))
	for i, f := range chain {
		steps[i] = walStep(f)
		steps[i].Decision = DecisionNotReached
	}
	defer func() { r.rec.WALs = append(r.rec.WALs, steps...) }()
	first := chain[0]
	if first.SeqNum != 0 {
		switch {
		case r.last == nil:
			r.stop(first, MsgMissingPrefix, fmt.Sprintf("the first WAL file has sequence number %d and there is no snapshot: ", first.SeqNum))
			return
		case first.FromTimestamp > *r.last:
			r.stop(first, MsgNoWALBeforeSnap, fmt.Sprintf("the first WAL file (sequence number %d) starts at timestamp %d, after the loaded snapshot's durable timestamp %d: ",
				first.SeqNum, first.FromTimestamp, *r.last))
			return
		}
	}
	snapshotTS := r.last
	for i, f := range chain {
		step := &steps[i]
		if i > 0 && f.SeqNum-chain[i-1].SeqNum > 1 {
			r.stop(f, fmt.Sprintf(MsgMissingWAL, chain[i-1].SeqNum+1), "")
			return
		}
		r.rec.Epoch = f.Epoch
		r.rec.NextWALSeqNum = f.SeqNum + 1
		if r.last != nil && f.ToTimestamp <= *r.last {
			step.Decision = DecisionSkip
			step.Reason = fmt.Sprintf("already recovered (to %d <= %d)", f.ToTimestamp, *r.last)
			if r.last == snapshotTS {
				step.Reason = fmt.Sprintf("covered by the snapshot (to %d <= %d)", f.ToTimestamp, *r.last)
			}
			continue
		}
		if !r.replay(f, step) {
			return
		}
		r.resumeAfter(f, step)
		to := f.ToTimestamp
		r.last = &to
	}
}

// resumeAfter moves Resume past a replayed WAL file.
func (r *recoverer) resumeAfter(f *DurableFile, step *WALStep) {
	res := &r.rec.Resume
	res.NextTimestamp = max(res.NextTimestamp, f.ToTimestamp+1)
	res.NumCommittedTxns += uint64(step.Applied)
	if step.Applied == 0 {
		return
	}
	if n := len(res.EpochHistory); n > 0 && res.EpochHistory[n-1].ID == f.Epoch {
		res.EpochHistory[n-1].Timestamp = f.ToTimestamp
	} else {
		res.EpochHistory = append(res.EpochHistory, format.EpochEntry{ID: f.Epoch, Timestamp: f.ToTimestamp})
	}
}

// replay applies one WAL file; false when recovery stops there.
func (r *recoverer) replay(f *DurableFile, step *WALStep) bool {
	fail := func(err error) bool {
		step.Decision, step.Reason = DecisionFailed, BriefError(err)
		// Memgraph's reason is its own exception text, which durascope
		// does not reproduce: the message keeps a placeholder, Detail says
		// what durascope found.
		r.stop(f, fmt.Sprintf(MsgWALFailed, f.Path, "<its reason>"), "")
		r.rec.Stop.Detail = BriefError(err)
		return false
	}
	file, err := Open(f.Path)
	if err != nil {
		return fail(err)
	}
	defer file.Close()
	size := min(f.Size, file.Size)
	w, err := decode.OpenWAL(watch(file.ReaderAt(), f.Path, size, r.progress), size, f.Path)
	if err != nil {
		return fail(err)
	}
	var after uint64
	if r.last != nil {
		after = *r.last
	}
	res, err := r.g.ReplayWAL(w, after)
	if r.tooLarge(f, err) {
		step.Decision, step.Reason = DecisionTooLarge, BriefError(err)
		return false
	}
	step.Applied, step.Skipped, step.Uncommitted = res.Applied, res.Skipped, res.Uncommitted
	step.Decision = DecisionReplay
	if res.Skipped > 0 {
		step.Decision = DecisionPartial
		step.Reason = fmt.Sprintf("transactions at or below timestamp %d are already recovered", after)
	}
	tail := res.TornTail
	if err != nil {
		// A finalized file is trusted, so damage in it is fatal; in an
		// unfinalized one the scan stopped there and Memgraph reads no
		// further. What cannot be applied is fatal either way.
		var de *format.DecodeError
		if f.Finalized || errors.Is(err, format.ErrInconsistent) || !errors.As(err, &de) {
			return fail(err)
		}
		tail = err
	}
	if tail != nil {
		step.Dropped = droppedTail(w, file, size, tail)
	}
	return true
}

// BriefError is err without the file path, which reports show beside it.
func BriefError(err error) string {
	var de *format.DecodeError
	if errors.As(err, &de) {
		c := *de
		c.File = ""
		return c.Error()
	}
	return err.Error()
}

// droppedTail describes what Memgraph silently leaves unread at the end
// of an unfinalized file.
func droppedTail(w *decode.WAL, file *File, size int64, err error) *DroppedTail {
	off := w.CompleteEnd()
	reason := err.Error()
	var de *format.DecodeError
	if errors.As(err, &de) {
		reason = de.Reason
	}
	dt := &DroppedTail{Offset: off, Bytes: size - off, Class: format.ClassName(err), Reason: reason}
	// A frame starts with the delta marker and the commit timestamp as an integer.
	var hdr [10]byte
	n, _ := file.ReaderAt().ReadAt(hdr[:], off)
	torn := format.IsTornTail(err)
	switch {
	case n > 0 && torn && decode.ZeroFrom(file.ReaderAt(), off, size):
		// A crash extended the file but wrote nothing: no transaction.
	default:
		dt.Transactions, dt.AtLeast, dt.Damaged = 1, !torn, !torn
		if b := w.Behind(); !torn && b.Transactions > 0 {
			dt.Transactions += b.Transactions
			dt.FollowingAt = b.At
		}
		if n == len(hdr) && format.Marker(hdr[0]) == format.SectionDelta && format.Marker(hdr[1]) == format.MarkerInt {
			ts := leUint64(hdr[2:])
			dt.FirstTimestamp = &ts
		}
	}
	return dt
}

func leUint64(b []byte) uint64 {
	var v uint64
	for i := 7; i >= 0; i-- {
		v = v<<8 | uint64(b[i])
	}
	return v
}

// addIgnored lists the files recovery does not use, with why.
func (r *recoverer) addIgnored() {
	t, rec := r.rec.Tenant, r.rec
	seen := map[string]bool{}
	for _, s := range rec.Snapshots {
		seen[s.File] = true
	}
	for _, w := range rec.WALs {
		seen[w.File] = true
	}
	for _, f := range t.Snapshots {
		if seen[f.Rel] {
			continue
		}
		step := snapshotStep(f)
		step.Decision, step.Reason = DecisionUnreadable, f.Problem
		switch {
		case f.ProblemClass == format.ClassIO:
			step.Decision = DecisionNotRead
		case f.Kind != KindSnapshot:
			step.Decision, step.Reason = DecisionUnreadable, "not a snapshot ("+f.Kind.String()+")"
		case f.Usable():
			step.Decision, step.Reason = DecisionNotReached, "recovery stopped before it"
		}
		rec.Snapshots = append(rec.Snapshots, step)
	}
	for _, f := range t.WALs {
		if seen[f.Rel] {
			continue
		}
		step := walStep(f)
		step.Decision, step.Reason = DecisionUnreadable, f.Problem
		switch {
		case f.ProblemClass == format.ClassIO:
			step.Decision = DecisionNotRead
		case f.Kind != KindWAL:
			step.Reason = "not a WAL file (" + f.Kind.String() + ")"
		case f.Usable() && f.UUID != rec.UUID && rec.UUID != "":
			step.Decision, step.Reason = DecisionOtherUUID, "another storage uuid"
		case f.Usable():
			step.Decision, step.Reason = DecisionNotReached, "recovery stopped before it"
		}
		rec.WALs = append(rec.WALs, step)
	}
}

// RecoveryMemoryFloor is the least memory recovering t holds: the graph of
// the snapshot recovery tries first (snapshotsToTry), before any record,
// as graph.LoadMemoryFloor bounds it from its metadata and size. With no
// snapshot to load it is 0, and snapshot nil. A caller checks it against
// the memory it has before recovering.
func RecoveryMemoryFloor(t *Tenant) (need uint64, snapshot *DurableFile) {
	snaps := snapshotsToTry(t)
	if len(snaps) == 0 {
		return 0, nil
	}
	f := snaps[0]
	return graph.LoadMemoryFloor(f.Vertices, f.Edges, f.Size), f
}
