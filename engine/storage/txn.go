package storage

import (
	"slices"

	"github.com/durascope/durascope/format"
)

// Txn is one transaction. It is used by one goroutine at a time.
type Txn struct {
	s      *Storage
	access Access
	start  uint64
	id     uint64
	ci     *commitInfo
	cmd    uint64
	deltas deltaList
	md     []format.Frame // metadata deltas in the order recorded
	staged *schemaState   // the schema this transaction changes; nil until it does
	// verify holds the vertices whose constraints Commit checks: flags of
	// verifyUnique / verifyExistence (Memgraph's ConstraintVerificationInfo).
	verify map[*vertex]uint8
	// mustAbort is set by a serialization error: the transaction can only abort.
	mustAbort bool
	done      bool
	commitTs  uint64
	// ldt and numCommitted: the last durable commit timestamp and the number
	// of committed transactions this transaction sees (a snapshot's metadata).
	ldt, numCommitted uint64
}

const (
	verifyUnique    uint8 = 1
	verifyExistence uint8 = 2
)

// StartTimestamp is the transaction's start timestamp.
func (t *Txn) StartTimestamp() uint64 { return t.start }

// CommitTimestamp is the commit timestamp after a successful Commit that
// wrote something; 0 otherwise.
func (t *Txn) CommitTimestamp() uint64 { return t.commitTs }

// Access is the access type the transaction was opened with.
func (t *Txn) Access() Access { return t.access }

// AdvanceCommand starts the next command of the transaction: ViewOld
// reads then see what earlier commands wrote (Memgraph's AdvanceCommand).
func (t *Txn) AdvanceCommand() { t.cmd++ }

// DeltaCount is the number of undo deltas the transaction has made.
func (t *Txn) DeltaCount() int { return t.deltas.n }

func (t *Txn) markVerify(v *vertex, flags uint8) {
	if t.verify == nil {
		t.verify = map[*vertex]uint8{}
	}
	t.verify[v] |= flags
}

// checkAccess refuses an operation in a finished transaction or in one
// opened with an access type the operation does not take.
func (t *Txn) checkAccess(op string, want []Access) error {
	if t.done {
		return ErrTxnFinished
	}
	if !slices.Contains(want, t.access) {
		return &AccessError{Op: op, Have: t.access, Want: want}
	}
	return nil
}

// wantWrite are the access types that write data.
var wantWrite = []Access{AccessWrite, AccessUnique}

// checkWrite refuses a data write the transaction may not make.
func (t *Txn) checkWrite(op string) error { return t.checkAccess(op, wantWrite) }

// Commit commits the transaction as InMemoryAccessor::PrepareForCommitPhase
// does. Without deltas it only finishes (no commit timestamp is taken).
// Otherwise: existence constraints (a violation aborts without a
// timestamp), the engine lock, the commit timestamp, unique constraints (a
// violation aborts and burns the timestamp), the WAL transaction to the
// Log, the lock released, the Log's durability awaited, and only then the
// commit made visible. A Log failure aborts the transaction and stops the
// storage from committing (a *StoppedError).
func (t *Txn) Commit() error {
	if t.done {
		return ErrTxnFinished
	}
	s := t.s
	if t.mustAbort {
		t.Abort()
		return ErrMustAbort
	}
	if t.deltas.n == 0 && len(t.md) == 0 {
		t.finish(gcItem{})
		return nil
	}
	if v := t.existenceViolation(); v != nil {
		t.Abort()
		return v
	}
	s.engineMu.Lock()
	if s.stopped != nil {
		err := s.stopped
		s.engineMu.Unlock()
		t.Abort()
		return err
	}
	ts := s.clock
	s.clock++
	if v := t.uniqueViolation(); v != nil {
		s.engineMu.Unlock()
		t.Abort()
		return v
	}
	var durable func() error
	if s.cfg.Log != nil {
		d, err := s.cfg.Log.Append(t.walTxn(ts))
		if err != nil {
			s.stopped = &StoppedError{Cause: err}
			stopped := s.stopped
			s.engineMu.Unlock()
			t.Abort()
			return stopped
		}
		durable = d
	}
	t.ci.appended.Store(ts)
	p := &pendingCommit{ts: ts, done: make(chan struct{})}
	s.pending = append(s.pending, p)
	s.engineMu.Unlock()

	var err error
	if durable != nil {
		err = durable()
	}

	s.engineMu.Lock()
	if err != nil && s.stopped == nil {
		s.stopped = &StoppedError{Cause: err}
	}
	if s.stopped != nil {
		// After a failure nothing later in the WAL may become visible.
		stopped := s.stopped
		s.removePending(p)
		s.engineMu.Unlock()
		t.ci.appended.Store(0)
		t.abortData()
		t.discardSchema()
		close(p.done)
		t.finish(gcItem{})
		return stopped
	}
	t.ci.ts.Store(ts)
	t.commitTs = ts
	s.ldt = max(s.ldt, ts)
	s.numCommitted++
	t.publishSchema()
	s.removePending(p)
	p.ok = true
	s.engineMu.Unlock()
	close(p.done)
	t.finish(t.gcItem(ts))
	return nil
}

func (s *Storage) removePending(p *pendingCommit) {
	for i, q := range s.pending {
		if q == p {
			s.pending = append(s.pending[:i:i], s.pending[i+1:]...)
			return
		}
	}
}

// Abort undoes the transaction's changes in memory; nothing is written.
func (t *Txn) Abort() {
	if t.done {
		return
	}
	t.abortData()
	t.discardSchema()
	t.finish(gcItem{})
}

// finish ends the transaction: it leaves the live set and gives up its access.
func (t *Txn) finish(item gcItem) {
	s := t.s
	t.done = true
	s.engineMu.Lock()
	delete(s.active, t)
	s.engineMu.Unlock()
	s.access.release(t.access)
	s.queueGC(item)
}

// abortData undoes every delta of the transaction, object by object,
// newest first, and unlinks them (Memgraph's Abort).
func (t *Txn) abortData() {
	var created []*vertex
	var createdEdges []*edge
	t.deltas.each(func(d *delta) {
		switch {
		case d.ov != nil:
			v := d.ov
			v.mu.Lock()
			if v.head == d && t.undoOwn(&v.head, func(d *delta) { undoVertex(v, d) }) {
				created = append(created, v)
			}
			v.mu.Unlock()
		case d.oe != nil:
			e := d.oe
			e.mu.Lock()
			if e.head == d && t.undoOwn(&e.head, func(d *delta) { undoEdge(e, d) }) {
				createdEdges = append(createdEdges, e)
			}
			e.mu.Unlock()
		}
	})
	t.deltas = deltaList{}
	t.s.forget(created, createdEdges)
}

func undoVertex(v *vertex, d *delta) {
	switch d.action {
	case actDeleteObject:
		v.deleted = true
	case actRecreateObject:
		v.deleted = false
	case actAddLabel:
		v.labels = append(v.labels, d.key)
	case actRemoveLabel:
		v.labels, _ = removeSwap(v.labels, d.key)
	case actSetProperty, actUnholdVector:
		v.props = v.props.set(d.key, d.value)
	case actAddInEdge:
		v.in = append(v.in, d.link())
	case actAddOutEdge:
		v.out = append(v.out, d.link())
	case actRemoveInEdge:
		v.in, _ = removeSwap(v.in, d.link())
	case actRemoveOutEdge:
		v.out, _ = removeSwap(v.out, d.link())
	}
}

func undoEdge(e *edge, d *delta) {
	switch d.action {
	case actDeleteObject:
		e.deleted = true
	case actRecreateObject:
		e.deleted = false
	case actSetProperty:
		e.props = e.props.set(d.key, d.value)
	}
}
