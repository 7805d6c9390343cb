package storage

import (
	"sync"

	"github.com/durascope/durascope/format"
)

// walTxn builds the WAL transaction of a commit at ts as Memgraph's
// HandleDurabilityAndReplicate writes it: TRANSACTION_START's commit flag
// and access type, the metadata deltas in recorded order, then five passes
// over the transaction's deltas in delta_container order. A pass starts at
// an object's newest delta (so objects come in the order of their newest
// delta), walks down to the transaction's oldest delta of that object and
// back up, emitting what the pass is for: chronological inside an object.
//
//  1. vertex: created, labels added or removed, properties set
//  2. vertex: out-edges created (each edge once, from its source)
//  3. edge:   properties set
//  4. vertex: out-edges deleted
//  5. vertex: deleted
//
// Property frames carry the value at commit (the object's current value,
// which the transaction still holds), not the value of each write.
func (t *Txn) walTxn(ts uint64) format.Txn {
	s := t.s
	f := s.features
	sc := t.schemaView()
	wt := format.Txn{Timestamp: ts, Commit: true, Access: uint64(t.access)}
	for _, fr := range t.md {
		fr.Timestamp = ts
		wt.Metadata = append(wt.Metadata, fr)
	}
	emit := func(m format.Marker, d format.Delta) {
		wt.Data = append(wt.Data, format.Frame{Timestamp: ts, Marker: m, Delta: d})
	}
	// pass runs fn over the deltas of each object of one kind, oldest first.
	pass := func(edges bool, fn func(oldest, newest *delta)) {
		t.deltas.each(func(d *delta) {
			var mu *sync.Mutex
			var head *delta
			switch {
			case !edges && d.ov != nil:
				mu = &d.ov.mu
			case edges && d.oe != nil:
				mu = &d.oe.mu
			default:
				return
			}
			mu.Lock()
			defer mu.Unlock()
			if edges {
				head = d.oe.head
			} else {
				head = d.ov.head
			}
			if head != d {
				return
			}
			oldest := d
			for oldest.next != nil && oldest.next.ci == t.ci {
				oldest = oldest.next
			}
			fn(oldest, d)
		})
	}
	walk := func(oldest, newest *delta, fn func(*delta)) {
		for x := oldest; ; x = x.prev {
			fn(x)
			if x == newest {
				return
			}
		}
	}
	vertexValue := func(v *vertex, key uint64) format.Value {
		val := v.props.get(key)
		if val == nil {
			return format.Null{}
		}
		return fileValue(s.vectorForm(sc.eix.Vector, false, v.labels, key, val), f)
	}
	pass(false, func(oldest, newest *delta) {
		v := newest.ov
		walk(oldest, newest, func(x *delta) {
			switch x.action {
			case actDeleteObject:
				emit(format.DeltaVertexCreate, format.VertexDelta{Gid: v.gid})
			case actRemoveLabel:
				emit(format.DeltaVertexAddLabel, format.LabelDelta{Gid: v.gid, Label: s.names.name(x.key)})
			case actAddLabel:
				emit(format.DeltaVertexRemoveLabel, format.LabelDelta{Gid: v.gid, Label: s.names.name(x.key)})
			case actSetProperty:
				emit(format.DeltaVertexSetProperty, format.VertexPropertyDelta{Gid: v.gid, Property: s.names.name(x.key), Value: vertexValue(v, x.key)})
			}
		})
	})
	edgeDelta := func(v *vertex, x *delta) format.EdgeDelta {
		return format.EdgeDelta{Gid: x.e.gid, EdgeType: s.names.name(x.key), From: v.gid, To: x.other.gid}
	}
	pass(false, func(oldest, newest *delta) {
		walk(oldest, newest, func(x *delta) {
			if x.action == actRemoveOutEdge {
				emit(format.DeltaEdgeCreate, edgeDelta(newest.ov, x))
			}
		})
	})
	pass(true, func(oldest, newest *delta) {
		e := newest.oe
		created := oldest.action == actDeleteObject
		walk(oldest, newest, func(x *delta) {
			if x.action != actSetProperty {
				return
			}
			val := e.props.get(x.key)
			if val == nil {
				val = format.Null{}
			} else {
				val = fileValue(s.vectorForm(sc.eix.VectorEdge, true, []uint64{e.typ}, x.key, val), f)
			}
			d := format.EdgePropertyDelta{Gid: e.gid, Property: s.names.name(x.key), Value: val}
			if f.Has(format.FeatEdgeSetFromVertex) {
				d.From = e.from.gid
			}
			if f.Has(format.FeatEdgeSetToVertex) {
				// Memgraph records the to-vertex and type only for edges the
				// transaction did not create.
				d.To, d.EdgeType = format.UnknownGid, ""
				if !created {
					d.To, d.EdgeType = e.to.gid, s.names.name(e.typ)
				}
			}
			emit(format.DeltaEdgeSetProperty, d)
		})
	})
	pass(false, func(oldest, newest *delta) {
		walk(oldest, newest, func(x *delta) {
			if x.action == actAddOutEdge {
				emit(format.DeltaEdgeDelete, edgeDelta(newest.ov, x))
			}
		})
	})
	pass(false, func(oldest, newest *delta) {
		walk(oldest, newest, func(x *delta) {
			if x.action == actRecreateObject {
				emit(format.DeltaVertexDelete, format.VertexDelta{Gid: newest.ov.gid})
			}
		})
	})
	return wt
}
