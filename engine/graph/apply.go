package graph

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
	"unsafe"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
)

// ReplayResult says what a WAL replay applied and what it left out.
type ReplayResult struct {
	Applied     int    // transactions applied
	Uncommitted int    // TxnStart transactions with commit=false, skipped as Memgraph does
	Skipped     int    // transactions at or below the start timestamp
	LastApplied uint64 // commit timestamp of the last applied transaction
	TornTail    error  // non-nil when the file ends in a torn transaction (not applied)
}

// ReplayWAL applies the complete transactions of w to s, skipping those whose
// timestamp is at or below after (the durable timestamp already recovered;
// 0 replays everything). Names get ids in the order the deltas first use
// them, which is how a WAL-only recovery orders properties in the dump.
// A transaction is applied frame by frame once it is known to be complete
// (decode.TxnReader), so its size costs no memory, and the deltas of graph
// data are applied from views of their payloads, values going straight
// into records (applyView), as Apply applies them; the record of a vertex
// is set once the deltas that follow each other for it are applied
// (pendingVertex).
func (s *Graph) ReplayWAL(w *decode.WAL, after uint64) (res ReplayResult, err error) {
	// Only the replay reads the records it builds until it returns, and
	// then what it replaced is let go of as at the end of a transaction
	// Apply applies.
	done := s.recs.rewind()
	var pend pendingVertex
	defer func() {
		if perr := s.settle(&pend); err == nil && perr != nil {
			err = replayError(perr, w, &pend)
		}
		done()
		if cerr := s.compactRecords(true); err == nil && cerr != nil {
			err = &format.DecodeError{File: w.Path(), Offset: w.CompleteEnd(), Section: "delta", Reason: cerr.Error(), Err: cerr}
		}
	}()
	r := decode.NewTxnReader(w)
	for {
		t, err := r.Next()
		if err == io.EOF {
			return res, nil
		}
		if err != nil {
			if format.IsTornTail(err) {
				res.TornTail = err
				return res, nil
			}
			return res, err
		}
		switch {
		case !t.Commit:
			res.Uncommitted++
			continue
		case after > 0 && t.Timestamp <= after:
			res.Skipped++
			continue
		}
		for {
			d, err := r.Delta()
			if err == io.EOF {
				break
			}
			if err != nil {
				return res, err
			}
			if err := s.applyView(&pend, d, w.Features, t.Index); err != nil {
				var se *settleError
				if errors.As(err, &se) {
					return res, replayError(se.err, w, &pend)
				}
				return res, replayError(err, w, &pendingVertex{off: d.Offset, marker: d.Marker, txn: t.Index})
			}
		}
		res.Applied++
		res.LastApplied = t.Timestamp
	}
}

// replayError is err, of applying the delta at (the last of) at, as a
// *format.DecodeError that names it.
func replayError(err error, w *decode.WAL, at *pendingVertex) error {
	var de *format.DecodeError
	var ce *CapacityError
	switch {
	case errors.As(err, &ce): // durascope's limit, not Memgraph's failure
		err = &format.DecodeError{Reason: ce.Error(), Err: ce}
	case !errors.As(err, &de):
		err = &format.DecodeError{Err: format.ErrInconsistent, Reason: err.Error()}
	}
	errors.As(err, &de)
	de.File, de.Offset, de.Section = w.Path(), at.off, "delta"
	de.Record = fmt.Sprintf("%s in transaction #%d", at.marker, at.txn)
	return de
}

// pendingVertex is the vertex whose labels and properties the last deltas
// of a replay changed, and its record as they made it, not yet set: the
// deltas of a vertex follow each other in a WAL (VERTEX_CREATE, its
// labels, its properties), and its record set once they are applied
// (settle), not once each, costs one record and one gid lookup. The
// record is byte for byte the one applying the deltas one by one sets,
// none when it is empty, as for any record (recordStore.putOwn).
type pendingVertex struct {
	v       *Vertex // nil when none is
	gid     uint64
	rec     []byte // v's record as the deltas made it
	changed bool   // a delta changed rec
	spare   []byte // where the next change builds the record
	// The last delta that changed the record: a record that cannot be set
	// fails there.
	off    int64
	marker format.Marker
	txn    int
}

// settleError is the error of setting a pending vertex's record: the
// error of its last delta.
type settleError struct{ err error }

func (e *settleError) Error() string { return e.err.Error() }

// settle sets the record of the pending vertex, if a delta changed it,
// and leaves no vertex pending.
func (s *Graph) settle(p *pendingVertex) error {
	v, changed := p.v, p.changed
	p.v, p.changed = nil, false
	if !changed {
		return nil
	}
	if err := s.recs.set(&v.rec, p.rec); err != nil {
		return &settleError{err}
	}
	if err := s.compactRecords(false); err != nil {
		return &settleError{err}
	}
	return nil
}

// pending makes the vertex of gid the pending vertex, settling another.
func (s *Graph) pending(p *pendingVertex, gid uint64) error {
	if p.v != nil && p.gid == gid {
		return nil
	}
	if err := s.settle(p); err != nil {
		return err
	}
	v, err := s.vertex(gid)
	if err != nil {
		return err
	}
	rec := s.recs.str(v.rec)
	p.v, p.gid, p.rec = v, gid, append(p.rec[:0], rec...)
	return nil
}

// str is the pending record as a string, for the readers of records,
// valid until it changes: change builds the next in another buffer.
func (p *pendingVertex) str() string { return unsafe.String(unsafe.SliceData(p.rec), len(p.rec)) }

// change makes rec, built in p.spare, the pending vertex's record, as
// delta d of transaction txn made it.
func (p *pendingVertex) change(rec []byte, d *decode.DeltaView, txn int) {
	p.rec, p.spare = rec, p.rec[:0]
	p.changed = true
	p.off, p.marker, p.txn = d.Offset, d.Marker, txn
}

func (s *Graph) vertexSlot(gid uint64) (uint32, error) {
	slot, ok := s.vix.get(gid)
	if !ok {
		return 0, fmt.Errorf("vertex %d does not exist", gid)
	}
	return slot, nil
}

func (s *Graph) vertex(gid uint64) (*Vertex, error) {
	slot, err := s.vertexSlot(gid)
	if err != nil {
		return nil, err
	}
	return s.vs.at(slot), nil
}

func (s *Graph) edge(gid uint64) (*Edge, error) {
	slot, ok := s.eix.get(gid)
	if !ok {
		return nil, fmt.Errorf("edge %d does not exist", gid)
	}
	return s.es.at(slot), nil
}

// setValue is a property's new value: nil when a Null removes it.
func setValue(v format.Value) format.Value {
	if _, null := v.(format.Null); null {
		return nil
	}
	return v
}

// newVertex adds a vertex without labels, properties or edges.
func (s *Graph) newVertex(gid uint64) error {
	_, err := s.addVertex(gid)
	return err
}

// addVertex is newVertex, returning the vertex.
func (s *Graph) addVertex(gid uint64) (*Vertex, error) {
	slot, ok := s.vs.alloc()
	if !ok {
		return nil, tooMany(capVertices, uint64(slotLimit()))
	}
	v := s.vs.at(slot)
	*v = Vertex{Gid: gid, out: emptyChain, in: emptyChain}
	s.vix.put(gid, slot)
	return v, nil
}

// newEdge adds an edge of type typ and no properties at the end of from's
// out list and to's in list.
func (s *Graph) newEdge(gid uint64, typ int, from, to uint32) error {
	rec := s.typeRecord(typ)
	if rec == 0 {
		return errRecordChunks()
	}
	slot, ok := s.es.alloc()
	if !ok {
		return tooMany(capEdges, uint64(slotLimit()))
	}
	*s.es.at(slot) = Edge{Gid: gid, rec: rec, from: from, to: to}
	s.eix.put(gid, slot)
	s.push(&s.vs.at(from).out, slot, false)
	s.push(&s.vs.at(to).in, slot, true)
	return nil
}

// typeRecord is the record of an edge of type typ without properties, one
// arena record shared by all of them (never released); 0 when the records
// have no room for the chunk a new one needs (errRecordChunks).
func (s *Graph) typeRecord(typ int) record {
	if typ < len(s.typeRecs) && s.typeRecs[typ] != 0 { // inlined: once per edge a load makes
		return s.typeRecs[typ]
	}
	return s.newTypeRecord(typ)
}

func (s *Graph) newTypeRecord(typ int) record {
	for typ >= len(s.typeRecs) {
		s.typeRecs = append(s.typeRecs, 0)
	}
	rec := s.typeRecs[typ]
	if rec == 0 {
		rec, _ = s.types.put(&s.recs, binary.AppendUvarint(nil, uint64(typ))) // 0 on the error
		s.typeRecs[typ] = rec
	}
	return rec
}

// registerValueNames gives map keys inside v ids, as Memgraph's reader does
// while decoding a value (map keys are property ids in memory).
func (s *Graph) registerValueNames(v format.Value) {
	switch x := v.(type) {
	case format.List:
		for _, e := range x {
			s.registerValueNames(e)
		}
	case format.Map:
		for _, e := range x {
			s.names.id(e.Key)
			s.registerValueNames(e.Value)
		}
	}
}

func (s *Graph) idsOf(names []string) []int {
	out := make([]int, len(names))
	for i, n := range names {
		out[i] = s.names.id(n)
	}
	return out
}

func (s *Graph) pathIDs(paths []format.NamePath) [][]int {
	out := make([][]int, len(paths))
	for i, p := range paths {
		out[i] = s.idsOf(p)
	}
	return out
}

// Apply applies one delta frame as Memgraph's WAL recovery does, from a
// file of features f (fields f lacks get Memgraph's defaults). It fails
// where that recovery fails: a vertex created twice, an edge to a missing
// vertex, an index created twice or dropped when absent, and so on.
func (s *Graph) Apply(fr format.Frame, f format.Features) error {
	switch d := fr.Delta.(type) {
	case format.TxnStart:
	case format.TxnEnd:
		return s.compactRecords(true)
	case format.VertexDelta:
		if fr.Marker == format.DeltaVertexCreate {
			return s.createVertex(d.Gid)
		}
		return s.deleteVertex(d.Gid)
	case format.LabelDelta:
		return s.changeLabel(d.Gid, d.Label, fr.Marker == format.DeltaVertexAddLabel, f)
	case format.VertexPropertyDelta:
		v, err := s.vertex(d.Gid)
		if err != nil {
			return err
		}
		id := s.names.id(d.Property)
		s.registerValueNames(d.Value)
		return s.setVertexProp(v, id, s.encoded(d.Value))
	case format.EdgeDelta:
		if fr.Marker == format.DeltaEdgeCreate {
			return s.createEdge(d.Gid, d.EdgeType, d.From, d.To)
		}
		return s.deleteEdge(d.Gid, d.EdgeType, d.From, d.To)
	case format.EdgePropertyDelta:
		e, err := s.edge(d.Gid)
		if err != nil {
			return err
		}
		id := s.names.id(d.Property)
		s.registerValueNames(d.Value)
		return s.setEdgeProp(e, id, s.encoded(d.Value))
	default:
		return s.applyMetadata(fr.Marker, fr.Delta, f)
	}
	return nil
}

// applyView applies a delta as Apply does, from a view of its frame: the
// deltas of graph data from their fields, a property value from the file
// straight into the record (map keys getting ids on the way, as
// registerValueNames gives them), any other from its decoded payload. The
// labels and properties of a vertex go into the pending vertex's record
// (pendingVertex), which any other delta settles first.
func (s *Graph) applyView(p *pendingVertex, d *decode.DeltaView, f format.Features, txn int) error {
	switch d.Marker {
	case format.DeltaVertexAddLabel, format.DeltaVertexRemoveLabel:
		if len(s.vectorIndex) == 0 { // else the labels move values in and out of the indices' (changeLabel)
			return s.changePendingLabel(p, d, txn)
		}
	case format.DeltaVertexSetProperty:
		if err := s.pending(p, d.Gid); err != nil {
			return err
		}
		id := s.names.id(d.Name)
		val, err := s.visited(d)
		if err != nil {
			return err
		}
		p.change(vertexPropRecord(p.spare, p.str(), id, val), d, txn)
		return nil
	}
	if err := s.settle(p); err != nil {
		return err
	}
	switch d.Marker {
	case format.DeltaVertexCreate:
		v, err := s.createdVertex(d.Gid)
		if err != nil {
			return err
		}
		// Its labels and properties follow.
		p.v, p.gid, p.rec = v, d.Gid, p.rec[:0]
		return nil
	case format.DeltaVertexDelete:
		return s.deleteVertex(d.Gid)
	case format.DeltaVertexAddLabel, format.DeltaVertexRemoveLabel:
		return s.changeLabel(d.Gid, d.Name, d.Marker == format.DeltaVertexAddLabel, f)
	case format.DeltaEdgeCreate:
		return s.createEdge(d.Gid, d.Name, d.From, d.To)
	case format.DeltaEdgeDelete:
		return s.deleteEdge(d.Gid, d.Name, d.From, d.To)
	case format.DeltaTransactionEnd: // the replay compacts once, when it returns
	case format.DeltaEdgeSetProperty:
		e, err := s.edge(d.Gid)
		if err != nil {
			return err
		}
		id := s.names.id(d.Name)
		val, err := s.visited(d)
		if err != nil {
			return err
		}
		return s.setEdgeProp(e, id, val)
	default:
		return s.Apply(format.Frame{Offset: d.Offset, Size: d.Size, Timestamp: d.Timestamp, Marker: d.Marker, Delta: d.Delta}, f)
	}
	return nil
}

// changePendingLabel is changeLabel for the pending vertex, where no
// vector index is.
func (s *Graph) changePendingLabel(p *pendingVertex, d *decode.DeltaView, txn int) error {
	if err := s.pending(p, d.Gid); err != nil {
		return err
	}
	var buf [8]int
	labels, err := s.relabel(appendRecordLabels(buf[:0], p.str()), d.Gid, d.Name, d.Marker == format.DeltaVertexAddLabel)
	if err != nil {
		return err
	}
	p.change(labelsRecord(p.spare, p.str(), labels), d, txn)
	return nil
}

// encoded is v encoded (appendValue) in the graph's value buffer, nil for
// nil or Null, which removes a property.
func (s *Graph) encoded(v format.Value) []byte {
	if v = setValue(v); v == nil {
		return nil
	}
	s.val.set(appendValue(s.val.bytes()[:0], v))
	return s.val.bytes()
}

// visited is the property value of d encoded, as encoded encodes it: a
// plain scalar in one step (DeltaView.Scalar), any other value part by
// part.
func (s *Graph) visited(d *decode.DeltaView) ([]byte, error) {
	s.val.reset()
	if t, a, x, str, ok := d.Scalar(); ok {
		if t == format.MarkerNull {
			return nil, nil
		}
		s.val.set(appendScalar(s.val.bytes(), t, a, x, str))
		return s.val.bytes(), nil
	}
	s.val.keys = &s.names
	err := d.VisitValue(&s.val)
	s.val.keys = nil
	if err != nil {
		return nil, err
	}
	if b := s.val.bytes(); !(len(b) == 1 && b[0] == tagValNull) {
		return b, nil
	}
	return nil, nil
}

func (s *Graph) createVertex(gid uint64) error {
	_, err := s.createdVertex(gid)
	return err
}

// createdVertex is createVertex, returning the vertex.
func (s *Graph) createdVertex(gid uint64) (*Vertex, error) {
	if _, dup := s.vix.get(gid); dup {
		return nil, fmt.Errorf("vertex %d already exists", gid)
	}
	v, err := s.addVertex(gid)
	if err != nil {
		return nil, err
	}
	s.nextVertex = max(s.nextVertex, gid+1)
	return v, nil
}

func (s *Graph) deleteVertex(gid uint64) error {
	slot, err := s.vertexSlot(gid)
	if err != nil {
		return err
	}
	if v := s.vs.at(slot); v.out.head != noSlot || v.in.head != noSlot {
		return fmt.Errorf("vertex %d is deleted while it still has edges", gid)
	}
	s.vix.del(gid)
	s.recs.release(s.vs.at(slot).rec)
	s.vs.release(slot)
	return nil
}

func (s *Graph) changeLabel(gid uint64, label string, add bool, f format.Features) error {
	v, err := s.vertex(gid)
	if err != nil {
		return err
	}
	var buf, was [8]int
	before := v.appendLabels(s, was[:0])
	labels, err := s.relabel(append(buf[:0], before...), gid, label, add)
	if err != nil {
		return err
	}
	if err := s.setLabels(v, labels); err != nil {
		return err
	}
	if len(s.vectorIndex) > 0 {
		return s.relabelVectors(v, before, labels, f)
	}
	return nil
}

// relabel is labels, those of vertex gid, with label added (add) or
// removed, failing as Memgraph's recovery fails when it already has it or
// has it not.
func (s *Graph) relabel(labels []int, gid uint64, label string, add bool) ([]int, error) {
	id := s.names.id(label)
	if add {
		if slices.Contains(labels, id) {
			return nil, fmt.Errorf("vertex %d already has label %q", gid, label)
		}
		return append(labels, id), nil
	}
	labels, ok := removeLabel(labels, id)
	if !ok {
		return nil, fmt.Errorf("vertex %d has no label %q to remove", gid, label)
	}
	return labels, nil
}

func (s *Graph) createEdge(gid uint64, typ string, fromGid, toGid uint64) error {
	if _, dup := s.eix.get(gid); dup {
		return fmt.Errorf("edge %d already exists", gid)
	}
	from, err := s.vertexSlot(fromGid)
	if err != nil {
		return err
	}
	to, err := s.vertexSlot(toGid)
	if err != nil {
		return err
	}
	if err := s.newEdge(gid, s.names.id(typ), from, to); err != nil {
		return err
	}
	s.nextEdge = max(s.nextEdge, gid+1)
	return nil
}

func (s *Graph) deleteEdge(gid uint64, typ string, fromGid, toGid uint64) error {
	slot, ok := s.eix.get(gid)
	if !ok {
		return fmt.Errorf("edge %d does not exist", gid)
	}
	e := s.es.at(slot)
	from, to := s.Ends(e)
	if from.Gid != fromGid || to.Gid != toGid || s.names.name(e.Type(s)) != typ {
		return fmt.Errorf("edge %d is %d-[%s]->%d, the delete names %d-[%s]->%d",
			gid, from.Gid, s.names.name(e.Type(s)), to.Gid, fromGid, typ, toGid)
	}
	s.swapPop(&from.out, slot, false)
	s.swapPop(&to.in, slot, true)
	s.eix.del(gid)
	s.recs.release(e.rec)
	s.es.release(slot)
	return nil
}

// setMember adds key to set (create) or removes it (drop). Memgraph's
// recovery fails on a duplicate create and on dropping what does not exist.
func setMember[K comparable](set map[K]bool, key K, create bool, what string) error {
	switch {
	case create && set[key]:
		return fmt.Errorf("%s already exists", what)
	case !create && !set[key]:
		return fmt.Errorf("%s does not exist", what)
	case create:
		set[key] = true
	default:
		delete(set, key)
	}
	return nil
}

func (s *Graph) applyMetadata(m format.Marker, delta format.Delta, f format.Features) error {
	switch d := delta.(type) {
	case format.LabelOnlyDelta:
		id := s.names.id(d.Label)
		switch m {
		case format.DeltaLabelIndexCreate, format.DeltaLabelIndexDrop:
			return setMember(s.labelIndex, id, m == format.DeltaLabelIndexCreate, "label index on "+d.Label)
		case format.DeltaLabelIndexStatsClear:
			return popStats(s.labelStats, id, "label index", d.Label)
		case format.DeltaLabelPropertiesIndexStatsClear:
			return popStats(s.lpStats, id, "label+properties index", d.Label)
		}
	case format.LabelStatsDelta:
		// Statistics are not dumped; Memgraph keeps them as entries per label
		// that a CLEAR removes one at a time.
		s.labelStats[s.names.id(d.Label)]++
	case format.LabelPropertiesStatsDelta:
		s.lpStats[s.names.id(d.Label)]++
		s.pathIDs(d.Paths)
	case format.LabelPropertiesDelta:
		label := s.names.id(d.Label)
		paths := s.pathIDs(d.Paths)
		desc := d.Order == format.IndexOrderDesc
		key := pathsKey(label, paths, desc)
		_, exists := s.lpIndex[key]
		switch {
		case m == format.DeltaLabelPropertiesIndexCreate && exists:
			return fmt.Errorf("label+properties index on %s already exists", d.Label)
		case m == format.DeltaLabelPropertiesIndexDrop && !exists:
			return fmt.Errorf("label+properties index on %s does not exist", d.Label)
		case m == format.DeltaLabelPropertiesIndexCreate:
			s.addLPIndex(label, paths, desc)
		default:
			delete(s.lpIndex, key)
		}
	case format.LabelPropertyDelta:
		key := [2]int{s.names.id(d.Label), s.names.id(d.Property)}
		what := fmt.Sprintf(" on %s(%s)", d.Label, d.Property)
		switch m {
		case format.DeltaExistenceConstraintCreate, format.DeltaExistenceConstraintDrop:
			return setMember(s.existence, key, m == format.DeltaExistenceConstraintCreate, "existence constraint"+what)
		case format.DeltaPointIndexCreate, format.DeltaPointIndexDrop:
			return setMember(s.pointIndex, key, m == format.DeltaPointIndexCreate, "point index"+what)
		}
	case format.UniqueConstraintDelta:
		label := s.names.id(d.Label)
		props := s.idsOf(d.Properties)
		key := uniqueKey(label, props)
		_, exists := s.unique[key]
		switch {
		case m == format.DeltaUniqueConstraintCreate && exists:
			return fmt.Errorf("unique constraint on %s%v already exists", d.Label, d.Properties)
		case m == format.DeltaUniqueConstraintDrop && !exists:
			return fmt.Errorf("unique constraint on %s%v does not exist", d.Label, d.Properties)
		case m == format.DeltaUniqueConstraintCreate:
			s.addUnique(label, props)
		default:
			delete(s.unique, key)
		}
	case format.TypeConstraintDelta:
		key := [2]int{s.names.id(d.Label), s.names.id(d.Property)}
		kind, exists := s.typeConstraint[key]
		switch {
		case m == format.DeltaTypeConstraintCreate && exists:
			return fmt.Errorf("type constraint on %s(%s) already exists", d.Label, d.Property)
		case m == format.DeltaTypeConstraintDrop && (!exists || kind != d.Kind):
			return fmt.Errorf("type constraint on %s(%s) of kind %d does not exist", d.Label, d.Property, d.Kind)
		case m == format.DeltaTypeConstraintCreate:
			s.typeConstraint[key] = d.Kind
		default:
			delete(s.typeConstraint, key)
		}
	case format.EdgeTypeDelta:
		return setMember(s.edgeTypeIndex, s.names.id(d.EdgeType), m == format.DeltaEdgeIndexCreate, "edge-type index on "+d.EdgeType)
	case format.EdgeTypePropertyDelta:
		key := [2]int{s.names.id(d.EdgeType), s.names.id(d.Property)}
		return setMember(s.edgeTypePropIdx, key, m == format.DeltaEdgePropertyIndexCreate,
			fmt.Sprintf("edge-type+property index on %s(%s)", d.EdgeType, d.Property))
	case format.PropertyOnlyDelta:
		id := s.names.id(d.Property)
		switch m {
		case format.DeltaGlobalEdgePropertyIndexCreate, format.DeltaGlobalEdgePropertyIndexDrop:
			return setMember(s.globalEdgeProp, id, m == format.DeltaGlobalEdgePropertyIndexCreate, "global edge-property index on "+d.Property)
		case format.DeltaGlobalVertexPropertyIndexCreate, format.DeltaGlobalVertexPropertyIndexDrop:
			return setMember(s.globalVertexProp, id, m == format.DeltaGlobalVertexPropertyIndexCreate, "global vertex-property index on "+d.Property)
		}
	case format.TextIndexDelta:
		_, exists := s.textIndex[d.Name]
		if m == format.DeltaTextIndexDrop {
			if !exists {
				return fmt.Errorf("text index %q does not exist", d.Name)
			}
			delete(s.textIndex, d.Name)
			return nil
		}
		if exists {
			return fmt.Errorf("text index %q already exists", d.Name)
		}
		s.textIndex[d.Name] = textIndex{name: d.Name, target: s.names.id(d.Target), props: s.idsOf(d.Properties),
			edge: m == format.DeltaTextEdgeIndexCreate}
	case format.NameOnlyDelta:
		vi, ok := s.vectorIndex[d.Name]
		if !ok {
			return fmt.Errorf("vector index %q does not exist", d.Name)
		}
		delete(s.vectorIndex, d.Name)
		if vi.movesValues(f) {
			for v := range s.vertices() {
				if err := s.leaveVectorIndex(v, &vi); err != nil {
					return err
				}
			}
		}
	case format.VectorIndexDelta:
		if _, ok := s.vectorIndex[d.Name]; ok {
			return fmt.Errorf("vector index %q already exists", d.Name)
		}
		targets := s.idsOf(d.Targets)
		kind := EffectiveScalarKind(f, d.ScalarKind)
		vi := s.addVectorIndex(vectorIndex{name: d.Name, edge: m == format.DeltaVectorEdgeIndexCreate, mode: d.Mode,
			targets: targets, prop: s.names.id(d.Property), metric: d.Metric, dimension: d.Dimension,
			resize: d.Resize, capacity: d.Capacity, scalarKind: kind})
		if vi.movesValues(f) {
			var labels []int
			for v := range s.vertices() {
				if labels = v.appendLabels(s, labels[:0]); VectorTargetsMatch(vi.mode, vi.targets, labels) {
					if err := s.enterVectorIndex(v, &vi); err != nil {
						return err
					}
				}
			}
		}
	case format.EnumCreateDelta:
		if s.enumByName(d.Name) != nil {
			return fmt.Errorf("enum %q already exists", d.Name)
		}
		s.Enums = append(s.Enums, format.EnumType{Name: d.Name, Values: append([]string(nil), d.Values...)})
	case format.EnumAlterAddDelta:
		e := s.enumByName(d.Name)
		if e == nil {
			return fmt.Errorf("enum %q does not exist", d.Name)
		}
		if slices.Contains(e.Values, d.Value) {
			return fmt.Errorf("enum %q already has value %q", d.Name, d.Value)
		}
		e.Values = append(e.Values, d.Value)
	case format.EnumAlterUpdateDelta:
		e := s.enumByName(d.Name)
		if e == nil {
			return fmt.Errorf("enum %q does not exist", d.Name)
		}
		if d.OldValue == d.NewValue || slices.Contains(e.Values, d.NewValue) {
			return fmt.Errorf("enum %q cannot rename %q to existing value %q", d.Name, d.OldValue, d.NewValue)
		}
		i := slices.Index(e.Values, d.OldValue)
		if i < 0 {
			return fmt.Errorf("enum %q has no value %q", d.Name, d.OldValue)
		}
		e.Values[i] = d.NewValue // in place: the value id stays
	case format.TTLDelta:
		switch d.Op {
		case format.TTLDisable:
			s.ttl = ttlState{}
		case format.TTLConfigure:
			// Memgraph replaces the whole schedule: a missing period means
			// one day, a missing start time means none.
			s.ttl.hasPeriod, s.ttl.periodUs = true, d.Period()
			s.ttl.hasStart, s.ttl.startUs = d.HasStart, int64(d.StartUs)
		case format.TTLEnable, format.TTLStop:
			// Resume or pause; the schedule is unchanged and not dumped differently.
		}
	case format.DescriptionDelta:
		desc := s.normalizeDescription(d.Description)
		if m == format.DeltaDescriptionSet {
			s.descriptions[descriptionKey(desc)] = desc
		} else {
			delete(s.descriptions, descriptionKey(desc))
		}
	default:
		return fmt.Errorf("no replay rule for %s", m)
	}
	return nil
}

// popStats removes one statistics entry of label, failing like Memgraph's
// recovery when there is none.
func popStats(stats map[int]int, label int, kind, name string) error {
	if stats[label] == 0 {
		return fmt.Errorf("%s statistics on %s do not exist", kind, name)
	}
	stats[label]--
	return nil
}

// normalizeDescription orders label sets by name id, as Memgraph keys them,
// so a DELETE names the same entry as the SET whatever order it lists.
func (s *Graph) normalizeDescription(d format.Description) format.Description {
	sortByID := func(names []string) []string {
		out := slices.Clone(names)
		slices.SortFunc(out, func(a, b string) int { return s.names.id(a) - s.names.id(b) })
		return out
	}
	d.Labels, d.ToLabels = sortByID(d.Labels), sortByID(d.ToLabels)
	return d
}

func (s *Graph) enumByName(name string) *format.EnumType {
	for i := range s.Enums {
		if s.Enums[i].Name == name {
			return &s.Enums[i]
		}
	}
	return nil
}

// The values of vertex vector indices, as Memgraph's index keeps them
// (vector_index.cpp): a vertex the index comes to cover, by the index's
// creation or a label it gets, has the indexed property turned into a
// VECTOR_INDEX_ID naming the index, its vector as the index keeps it (one
// already indexed keeps its vector and names one more index); a vertex it
// stops covering, by the index's drop or a label it loses, has the index's
// name taken out, and with no index left the vector as a list again,
// rounded as the index kept it. Edge vector indices leave the values alone.
// A value that is no vector of the index's dimension stays as it is.

func (s *Graph) enterVectorIndex(v *Vertex, vi *vectorIndex) error {
	val, ok := v.Props(s).Get(vi.prop)
	if !ok {
		return nil
	}
	var x format.VectorIndexID
	switch old := val.(type) {
	case format.VectorIndexID:
		if slices.Contains(old.Indexes, vi.name) {
			return nil
		}
		x = format.VectorIndexID{Indexes: append(slices.Clone(old.Indexes), vi.name), Vector: old.Vector}
	default:
		vec, ok := IndexedVector(val, vi.dimension, vi.scalarKind)
		if !ok {
			return nil
		}
		x = format.VectorIndexID{Indexes: []string{vi.name}, Vector: vec}
	}
	s.registerValueNames(x)
	return s.setVertexProp(v, vi.prop, s.encoded(x))
}

func (s *Graph) leaveVectorIndex(v *Vertex, vi *vectorIndex) error {
	val, ok := v.Props(s).Get(vi.prop)
	if !ok {
		return nil
	}
	x, ok := val.(format.VectorIndexID)
	if !ok || !slices.Contains(x.Indexes, vi.name) {
		return nil
	}
	var out format.Value
	if rest := slices.DeleteFunc(slices.Clone(x.Indexes), func(n string) bool { return n == vi.name }); len(rest) > 0 {
		out = format.VectorIndexID{Indexes: rest, Vector: x.Vector}
	} else {
		out = x.List()
	}
	return s.setVertexProp(v, vi.prop, s.encoded(out))
}

// addVectorIndex adds vi, numbered after every vector index added before
// it (seq), and returns it as added.
func (s *Graph) addVectorIndex(vi vectorIndex) vectorIndex {
	s.vectorSeq++
	vi.seq = s.vectorSeq
	s.vectorIndex[vi.name] = vi
	return vi
}

// movesValues reports whether vi takes values in and gives them back:
// a vertex index of a version whose indices hold the values.
func (vi *vectorIndex) movesValues(f format.Features) bool {
	return !vi.edge && f.VectorEntries(false)
}

// relabelVectors moves v into and out of the vertex vector indices its
// labels changing from before to after makes it enter or leave.
func (s *Graph) relabelVectors(v *Vertex, before, after []int, f format.Features) error {
	for _, vi := range s.sortedVectorIndices() {
		if !vi.movesValues(f) {
			continue
		}
		var err error
		was, is := VectorTargetsMatch(vi.mode, vi.targets, before), VectorTargetsMatch(vi.mode, vi.targets, after)
		switch {
		case is && !was:
			err = s.enterVectorIndex(v, &vi)
		case was && !is:
			err = s.leaveVectorIndex(v, &vi)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
