package storage

import (
	"sync/atomic"

	"github.com/durascope/durascope/format"
)

// txnIDBase is Memgraph's kTransactionInitialId: transaction ids start
// here, above every timestamp, so a delta stamped with a transaction id is
// uncommitted to everyone else and never "older" than a start timestamp.
const txnIDBase = uint64(1) << 63

// commitInfo is what every delta of a transaction points at: the
// transaction id while it runs, its commit timestamp once published.
type commitInfo struct {
	ts atomic.Uint64
	// appended is the commit timestamp once the transaction is in the Log
	// (under the engine lock) but not yet published; unique constraint
	// checks count it as committed.
	appended atomic.Uint64
}

// committed reports the commit timestamp of a transaction whose commit is
// published or appended.
func (c *commitInfo) committed() (uint64, bool) {
	if ts := c.ts.Load(); ts < txnIDBase {
		return ts, true
	}
	if ts := c.appended.Load(); ts != 0 {
		return ts, true
	}
	return 0, false
}

// ViewMode selects which of its own changes a transaction sees: ViewNew
// sees the current command's, ViewOld only those of earlier commands
// (Memgraph's View::NEW and View::OLD).
type ViewMode int

// View modes.
const (
	ViewOld ViewMode = iota
	ViewNew
)

// deltaAction is Memgraph's Delta::Action: the undo of a change.
type deltaAction uint8

const (
	actDeleteObject   deltaAction = iota + 1 // the object was created
	actRecreateObject                        // the object was deleted
	actAddLabel                              // a label was removed
	actRemoveLabel                           // a label was added
	actSetProperty                           // a property was set; value is the old one
	actAddInEdge                             // an in-edge was removed
	actAddOutEdge                            // an out-edge was removed
	actRemoveInEdge                          // an in-edge was added
	actRemoveOutEdge                         // an out-edge was added
	// A vector entered an index with a label and was rounded as the index
	// keeps it; value is the one written. Memgraph logs nothing for it,
	// and neither does the WAL built here; see Vertex.AddLabel.
	actUnholdVector
)

// delta is one undo record. It hangs in its object's chain (next: older,
// prev: newer, nil at the head) and in its transaction's delta list.
type delta struct {
	action deltaAction
	ci     *commitInfo
	cmd    uint64
	key    uint64       // label id, property id or edge type id
	value  format.Value // SET_PROPERTY: the old value, nil when absent
	other  *vertex      // edge deltas: the vertex at the other end
	e      *edge        // edge deltas: the edge
	next   *delta
	prev   *delta
	ov     *vertex // owner (one of ov, oe)
	oe     *edge
}

// slabSize is the capacity of one delta_container slab (a static_assert in
// delta_container.hpp): transactions iterate their deltas newest slab
// first, which decides WAL object order past 292 deltas.
const slabSize = 292

type deltaList struct {
	slabs [][]*delta // oldest first
	n     int
}

func (l *deltaList) add(d *delta) {
	if len(l.slabs) == 0 || len(l.slabs[len(l.slabs)-1]) == slabSize {
		// Small first slabs for small transactions; the shift stays
		// bounded (8<<61 would overflow to a negative capacity).
		hint := slabSize
		if n := len(l.slabs); n < 6 {
			hint = min(slabSize, 8<<n)
		}
		l.slabs = append(l.slabs, make([]*delta, 0, hint))
	}
	last := &l.slabs[len(l.slabs)-1]
	*last = append(*last, d)
	l.n++
}

// each visits the deltas in delta_container order: newest slab first,
// creation order inside a slab.
func (l *deltaList) each(fn func(*delta)) {
	for i := len(l.slabs) - 1; i >= 0; i-- {
		for _, d := range l.slabs[i] {
			fn(d)
		}
	}
}

// applyForRead walks the chain from head and calls fn for every delta the
// transaction must undo to see the object as of its start (and, by view,
// as of its own commands): Memgraph's ApplyDeltasForRead.
func (t *Txn) applyForRead(head *delta, view ViewMode, fn func(*delta)) {
	own := t.ci.ts.Load()
	for d := head; d != nil; d = d.next {
		ts := d.ci.ts.Load()
		if ts < t.start {
			break
		}
		if ts == own {
			if view == ViewNew && d.cmd <= t.cmd {
				break
			}
			if view == ViewOld && d.cmd < t.cmd {
				break
			}
		}
		fn(d)
	}
}

// prepareForWrite is Memgraph's PrepareForWrite: an object may be written
// when its newest delta is this transaction's or committed before it
// started. Otherwise the transaction is marked for abort.
func (t *Txn) prepareForWrite(head *delta) error {
	if head == nil {
		return nil
	}
	ts := head.ci.ts.Load()
	if ts == t.id || ts < t.start {
		return nil
	}
	t.mustAbort = true
	return ErrSerialization
}

// newDelta creates a delta in the transaction's list.
func (t *Txn) newDelta(a deltaAction) *delta {
	d := &delta{action: a, ci: t.ci, cmd: t.cmd}
	t.deltas.add(d)
	return d
}

// linkVertex puts d at the head of v's chain (v locked).
func linkVertex(v *vertex, d *delta) {
	d.ov = v
	pushDelta(&v.head, d)
}

// linkEdge puts d at the head of e's chain (e locked).
func linkEdge(e *edge, d *delta) {
	d.oe = e
	pushDelta(&e.head, d)
}

func pushDelta(head **delta, d *delta) {
	d.next = *head
	if *head != nil {
		(*head).prev = d
	}
	*head = d
}

// undoOwn takes the transaction's deltas off the head of an object's chain
// (the object locked), newest first, calling undo for each; created
// reports that one of them was the object's creation.
func (t *Txn) undoOwn(head **delta, undo func(*delta)) (created bool) {
	for d := *head; d != nil && d.ci == t.ci; d = *head {
		undo(d)
		*head = d.next
		if *head != nil {
			(*head).prev = nil
		}
		created = created || d.action == actDeleteObject
	}
	return created
}

// link is the in- or out-edge an edge delta adds or removes.
func (d *delta) link() link { return link{d.key, d.other, d.e} }

// linkUndo records on v (locked) the undo delta of a change to its in- or
// out-edge l.
func (t *Txn) linkUndo(v *vertex, action deltaAction, l link) {
	d := t.newDelta(action)
	d.key, d.other, d.e = l.typ, l.other, l.e
	linkVertex(v, d)
}

// prepareWritable is prepareForWrite followed by the check every write
// makes next: a deleted object cannot be written (Error::DELETED_OBJECT).
func (t *Txn) prepareWritable(head *delta, deleted bool) error {
	if err := t.prepareForWrite(head); err != nil {
		return err
	}
	if deleted {
		return ErrDeletedObject
	}
	return nil
}
