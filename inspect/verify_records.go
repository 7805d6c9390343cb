package inspect

import (
	"runtime"
	"slices"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
)

// The record checks of a snapshot. The records are scanned (decode.Scanner)
// without building their values: a value is decoded only when a check
// needs it (one that refers to the enums or the vector indices, one under
// a constraint). On several cores, batches are checked in parts of about
// partBytes (decode.Part), merged in table order: a worker checks one part
// into its own counts, hashes, unique-constraint tuples and findings; a
// batch whose parts make it up (decode.PartChain) and yield no finding
// (the clean case) is merged as their sums, and any other is checked
// again, whole and in order, by the serial code (its parts' tuples are
// voided), so the findings, their order and the effect of --fail-fast and
// the per-check limit are those of a serial run.

// snapAcc is what the records add up to: counts and the multiset hashes of
// the edge lists and edge gids, over the whole file, and of the
// vector-index-id values by index (vectorAcc). (Which groups of
// vertices disagree, for naming entries, is worked out only when these
// do: bucketSums.)
type snapAcc struct {
	vertices, edgeRecords, outs, ins uint64
	edgeRecSum, outEdgeSum           uint64 // multiset hashes of edge gids
	outSum, inSum                    uint64 // multiset hashes of the out- and in-list entries
	vectors                          vectorAcc
}

func (a *snapAcc) add(b *snapAcc) {
	a.vertices += b.vertices
	a.edgeRecords += b.edgeRecords
	a.outs += b.outs
	a.ins += b.ins
	a.edgeRecSum += b.edgeRecSum
	a.outEdgeSum += b.outEdgeSum
	a.outSum += b.outSum
	a.inSum += b.inSum
	a.vectors.add(&b.vectors)
}

// maxDenseID bounds the mapper ids looked up in a table rather than the map.
const maxDenseID = 1 << 20

// surelyMapped is the quick test of the common case: a small id the mapper
// has (false says nothing).
func (v *snapVerifier) surelyMapped(id uint64) bool { return id < uint64(len(v.known)) && v.known[id] }

// hasID reports whether the mapper has id.
func (v *snapVerifier) hasID(id uint64) bool {
	if id < uint64(len(v.known)) {
		return v.known[id]
	}
	_, ok := v.ids[id]
	return ok
}

// denseIDs builds the table of small mapper ids, and finds how many ids
// from 0 on the mapper has.
func (v *snapVerifier) denseIDs() {
	var top uint64
	for id := range v.ids {
		if id < maxDenseID {
			top = max(top, id+1)
		}
	}
	v.known = make([]bool, top)
	for id := range v.ids {
		if id < top {
			v.known[id] = true
		}
	}
	v.idCheckFrom = uint64(len(v.known))
	if i := slices.Index(v.known, false); i >= 0 {
		v.idCheckFrom = uint64(i)
	}
}

// rulesOf gives the constraints on label, nil when there are none.
func (v *snapVerifier) rulesOf(label uint64) *labelRules {
	if label < uint64(len(v.denseRules)) {
		return v.denseRules[label]
	}
	return v.rules[label]
}

// recordCheck checks records into acc and c: the verifier's own, in file
// order (serial), or a worker's, for one batch (probes set).
type recordCheck struct {
	v   *snapVerifier
	acc *snapAcc
	c   *collector
	p   *progress // noProgress for a worker
	// entries, for a worker, collects the batch's unique-constraint
	// tuples, taken in when the batch is merged.
	entries *[]uniqueEntry
	// order, for the serial check, checks vertex gids across batches
	// before a vertex is checked.
	order *decode.BatchOrder
	// edge and vertex check a record, as the scan's callbacks: closures
	// holding the checks' bodies, so that a record costs the scan one
	// call (a method value would add a call to the method).
	edge   func(*decode.EdgeView) error
	vertex func(*decode.VertexView) error
	vec    vectorRecord // the indices the record's vector-index-id values named
	refs   refVisitor   // visits the values that refer to other sections (propertyRefs)
}

// newRecordCheck returns a check of records into acc and c. (Not
// inlined: see vertexCheck.)
//
//go:noinline
func (v *snapVerifier) newRecordCheck(acc *snapAcc, c *collector, p *progress, entries *[]uniqueEntry) *recordCheck {
	k := &recordCheck{v: v, acc: acc, c: c, p: p, entries: entries}
	k.edge = func(r *decode.EdgeView) error {
		k.acc.edgeRecords++
		k.acc.edgeRecSum += hashGid(r.Gid)
		off := int64(r.Offset)
		k.p.at(off)
		if !plainProps(&r.PropertySummary, k.v.idCheckFrom) {
			k.properties(r.Properties, r, off, recRef{"edge", r.Gid})
		}
		if k.stopped() {
			return errStop
		}
		return nil
	}
	k.vertex = k.vertexCheck()
	return k
}

// vertexCheck is the check of a vertex record (recordCheck.vertex).
// (Not inlined: the copy of a closure made when its function is inlined
// has no calls inlined into it.)
//
//go:noinline
func (k *recordCheck) vertexCheck() func(*decode.VertexView) error {
	return func(r *decode.VertexView) error {
		if k.order != nil {
			if err := k.order.Vertex(r.Offset, r.Gid); err != nil {
				return err
			}
		}
		// The edge lists' sums first, while little else is live: later,
		// the compiler kept the check's state in registers through the
		// loops and reloaded it on every entry. The sums in locals, added
		// once: a sum kept in *a is stored and loaded again for every
		// entry.
		var outSum, outEdgeSum, inSum, topType uint64
		asFrom, asTo := fromTerm(r.Gid), toTerm(r.Gid) // the vertex's terms
		for i := range r.OutEdges {
			e := &r.OutEdges[i]
			topType = max(topType, e.Type)
			outSum += hashEdgeTerms(edgeTerm(e.Edge), asFrom, toTerm(e.Other), e.Type)
			outEdgeSum += hashGid(e.Edge)
		}
		for i := range r.InEdges {
			e := &r.InEdges[i]
			topType = max(topType, e.Type)
			inSum += hashEdgeTerms(edgeTerm(e.Edge), fromTerm(e.Other), asTo, e.Type)
		}
		a := k.acc
		a.vertices++
		a.outSum += outSum
		a.outEdgeSum += outEdgeSum
		a.inSum += inSum
		a.outs += uint64(len(r.OutEdges))
		a.ins += uint64(len(r.InEdges))
		v := k.v
		off := int64(r.Offset)
		k.p.at(off)
		rec := recRef{"vertex", r.Gid}
		// Labels and edge types are checked one by one only when the largest
		// may be missing from the mapper (at or above idCheckFrom): the
		// findings are those, in the order, of checking each.
		from := v.idCheckFrom
		var top uint64
		ruled := false // a label may have constraints
		for _, l := range r.Labels {
			top = max(top, l)
			ruled = ruled || l >= uint64(len(v.denseRules)) || v.denseRules[l] != nil
		}
		if top >= from {
			for _, l := range r.Labels {
				if !v.surelyMapped(l) {
					k.mapped(l, off, rec, "label")
				}
			}
		}
		if !plainProps(&r.PropertySummary, from) {
			k.properties(r.Properties, r, off, rec)
		}
		if topType >= from {
			for _, es := range [2][]format.EdgeRef{r.OutEdges, r.InEdges} {
				for i := range es {
					if e := &es[i]; !v.surelyMapped(e.Type) {
						k.mapped(e.Type, off, rec, "edge type")
					}
				}
			}
		}
		if ruled {
			var seq uint32 // unique checks so far
			for i, l := range r.Labels {
				if rules := v.rulesOf(l); rules != nil && !slices.Contains(r.Labels[:i], l) { // a repeated label is checked once
					k.vertexConstraints(r, l, rules, off, rec, &seq)
				}
			}
		}
		if k.stopped() {
			return errStop
		}
		return nil
	}
}

func (k *recordCheck) stopped() bool { return k.c.stopped }

// mapped reports id when the mapper lacks it. Callers test v.surelyMapped
// first: most ids are in the small-id table.
func (k *recordCheck) mapped(id uint64, off int64, rec recRef, what string) {
	if k.v.ids == nil || k.v.hasID(id) {
		return
	}
	k.c.at(SeverityError, "snapshot.mapper_id", off, rec.String(), "%s id %d is not in the mapper: Memgraph's recovery fails on it", what, id)
}

// enum checks an enum value's ids against the enums section.
func (k *recordCheck) enum(x format.Enum, off int64, rec recRef, prop uint64) {
	v := k.v
	if !v.enumsOK {
		return
	}
	if x.TypeID >= uint64(len(v.enums)) {
		k.c.at(SeverityError, "snapshot.enum_value", off, rec.String(), "property %s: enum type id %d, but the file defines %d enum types",
			v.name(prop), x.TypeID, len(v.enums))
	} else if e := v.enums[x.TypeID]; x.ValueID >= uint64(len(e.Values)) {
		k.c.at(SeverityError, "snapshot.enum_value", off, rec.String(), "property %s: enum %s has %d values, the value id is %d",
			v.name(prop), e.Name, len(e.Values), x.ValueID)
	}
}

// refVisitor hands the values inside a property value that refer to
// other sections (enum ids, vector indices: verify_vector.go) to the
// record check, as the scan visits them: a vector is not built for it.
type refVisitor struct {
	otherValues
	k    *recordCheck
	off  int64
	rec  recRef
	prop uint64
}

func (r *refVisitor) Enum(e format.Enum)            { r.k.enum(e, r.off, r.rec, r.prop) }
func (r *refVisitor) Vector(v format.VectorIndexID) { r.k.vectorValue(v, r.off, r.rec, r.prop) }

var _ decode.ValueVisitor = (*refVisitor)(nil)

// otherValues lets go the values that refer to no other section, for a
// visitor of those that do (refVisitor, vectorLocator): both passes of
// the vector check meet the vector-index-id values in the order the scan
// visits them.
type otherValues struct{}

func (otherValues) Null()                              {}
func (otherValues) Bool(bool)                          {}
func (otherValues) Int(int64)                          {}
func (otherValues) Double(float64)                     {}
func (otherValues) String([]byte)                      {}
func (otherValues) List(int)                           {}
func (otherValues) Map(int)                            {}
func (otherValues) Key([]byte)                         {}
func (otherValues) Temporal(format.Temporal)           {}
func (otherValues) Zoned(format.ZonedTemporal, []byte) {}
func (otherValues) Point2D(format.Point2D)             {}
func (otherValues) Point3D(format.Point3D)             {}

// recordValues is what the record checks need of a scanned record.
type recordValues interface {
	Enum(i int) (format.Enum, error)
	VisitValue(i int, vis decode.ValueVisitor) error
}

// plainProps reports whether a record's properties have nothing to check:
// every id below from (idCheckFrom), no value that refers to another
// section (Refs, set on every ENUM too). From the scan's summary: no loop.
func plainProps(sum *decode.PropertySummary, from uint64) bool {
	return sum.MaxPropertyID < from && !sum.AnyRefs
}

// properties checks property ids, and the values that refer to other
// sections (only those are decoded).
func (k *recordCheck) properties(ps []decode.PropertyRef, r recordValues, off int64, rec recRef) {
	// The common case at a glance: an id the mapper surely has (below
	// idCheckFrom) and a value that refers to nothing. From the first
	// property with another id on, each is checked in full: the findings
	// are those, in the order, of checking each in full.
	from := k.v.idCheckFrom
	for i := range ps {
		pr := &ps[i]
		if pr.ID >= from {
			k.propertiesFrom(ps, i, r, off, rec)
			return
		}
		if pr.Type == format.MarkerEnum { // propertyRefs' first case, here: most values that refer are enums
			if x, err := r.Enum(i); err == nil {
				k.enum(x, off, rec, pr.ID)
			}
		} else if pr.Refs {
			k.propertyRefs(pr, i, r, off, rec)
		}
	}
}

// propertiesFrom checks the properties from ps[i] on, each in full.
func (k *recordCheck) propertiesFrom(ps []decode.PropertyRef, i int, r recordValues, off int64, rec recRef) {
	for ; i < len(ps); i++ {
		pr := &ps[i]
		if !k.v.surelyMapped(pr.ID) {
			k.mapped(pr.ID, off, rec, "property")
		}
		k.propertyRefs(pr, i, r, off, rec)
	}
}

// propertyRefs checks the value of property i when it refers to other
// sections (only those are decoded).
func (k *recordCheck) propertyRefs(pr *decode.PropertyRef, i int, r recordValues, off int64, rec recRef) {
	switch {
	case pr.Type == format.MarkerEnum:
		if x, err := r.Enum(i); err == nil {
			k.enum(x, off, rec, pr.ID)
		}
	case pr.Refs:
		// The scan checked the value: reading it again fails only when
		// the file changed under the scan, and then what was handed over
		// before the failure stands.
		k.refs = refVisitor{k: k, off: off, rec: rec, prop: pr.ID}
		_ = r.VisitValue(i, &k.refs)
	}
}

// viewProp finds property id of a scanned vertex; a null value is no value.
func viewProp(r *decode.VertexView, id uint64) (int, bool) {
	for i := range r.Properties {
		if p := &r.Properties[i]; p.ID == id { // by pointer: see decode.PropertyRef
			return i, p.Type != format.MarkerNull
		}
	}
	return 0, false
}

// constraintKindIs reports whether a value of type m (temporal type tt)
// satisfies a type constraint of kind.
func constraintKindIs(m format.Marker, tt format.TemporalType, kind uint64) bool {
	k, ok := graph.ConstraintKindOf(m, tt)
	return ok && k == kind
}

// viewValue is propOf for a scanned vertex: the value is decoded. A value
// that cannot be read again (the file changed under the scan) counts as absent.
func viewValue(r *decode.VertexView, id uint64) (format.Value, bool) {
	i, ok := viewProp(r, id)
	if !ok {
		return nil, false
	}
	val, err := r.Value(i)
	return val, err == nil
}

func propOf(r *format.VertexRecord, id uint64) (format.Value, bool) {
	for _, p := range r.Properties {
		if p.ID == id {
			if _, null := p.Value.(format.Null); null {
				return nil, false
			}
			return p.Value, true
		}
	}
	return nil, false
}

func (k *recordCheck) vertexConstraints(r *decode.VertexView, label uint64, rules *labelRules, off int64, rec recRef, seq *uint32) {
	v := k.v
	for _, p := range rules.existence {
		if _, ok := viewProp(r, p); !ok {
			k.c.at(SeverityError, "snapshot.existence_constraint", off, rec.String(),
				"vertex has label %s but no property %s, which an existence constraint requires", v.name(label), v.name(p))
		}
	}
	for _, t := range rules.types {
		i, ok := viewProp(r, t.Property)
		if !ok || t.Kind >= uint64(len(format.TypeConstraintKinds)) {
			continue
		}
		if p := &r.Properties[i]; constraintKindIs(p.Type, p.Temporal(), t.Kind) {
			continue // the value's type says it is of the kind: no need to build it
		}
		val, ok := viewValue(r, t.Property)
		if !ok {
			continue
		}
		if kind, ok := graph.ConstraintKind(val); !ok || kind != t.Kind {
			k.c.at(SeverityError, "snapshot.type_constraint", off, rec.String(),
				"property %s of a vertex with label %s is a %s value; a type constraint requires %s",
				v.name(t.Property), v.name(label), format.ValueTypeName(val), graph.ConstraintKindName(t.Kind))
		}
	}
	for _, u := range rules.unique {
		k.uniqueVertex(u, r, off, rec, *seq)
		*seq++
	}
}

func (v *snapVerifier) readVertex(off int64) (format.VertexRecord, error) {
	var out format.VertexRecord
	_, err := v.s.ReadVertexBatch(format.Batch{Offset: uint64(off), Count: 1}, func(r format.VertexRecord) error {
		out = r
		return nil
	})
	return out, err
}

// serial is the check of records in file order, into the verifier's state.
func (v *snapVerifier) serial() *recordCheck {
	return v.newRecordCheck(&v.snapAcc, v.c, v.p, nil)
}

// partCheck is what a worker made of one part of a batch.
type partCheck struct {
	scan    decode.PartScan
	acc     snapAcc
	c       collector
	entries []uniqueEntry // the part's unique-constraint tuples, marked fromPart
}

// clean reports whether the part can be merged as it is: no finding.
func (pc *partCheck) clean() bool { return len(pc.c.list) == 0 && len(pc.c.perCheck) == 0 }

// partBytes is about how many bytes of records a worker checks at a time:
// batches are split into parts of this size, so that the work shares out
// evenly whatever the batches' sizes (a variable: tests make it small).
var partBytes int64 = 8 << 20

// partsMerged, when set (by tests), is told of each batch checked in
// parts whether its parts were taken (false: it was checked again whole).
var partsMerged func(taken bool)

// workerCount is how many parts are checked at once.
func (v *snapVerifier) workerCount(parts int) int {
	w := v.workers
	if w < 1 {
		w = runtime.GOMAXPROCS(0)
	}
	return min(w, parts)
}

// tableScan reads a batch table's records for the record checks: a whole
// batch, in order, or a part of one.
type tableScan struct {
	slot  format.OffsetSlot
	batch func(sc *decode.Scanner, k *recordCheck, b format.Batch, bound int64, order *decode.BatchOrder) (int64, error)
	part  func(sc *decode.Scanner, k *recordCheck, p decode.Part, bound int64) decode.PartScan
}

var (
	edgeScan = tableScan{slot: format.OffsetEdgeBatches,
		batch: func(sc *decode.Scanner, k *recordCheck, b format.Batch, bound int64, _ *decode.BatchOrder) (int64, error) {
			return sc.Edges(b, bound, k.edge)
		},
		part: func(sc *decode.Scanner, k *recordCheck, p decode.Part, bound int64) decode.PartScan {
			return sc.EdgePart(p, bound, k.edge)
		}}
	vertexScan = tableScan{slot: format.OffsetVertexBatches,
		batch: func(sc *decode.Scanner, k *recordCheck, b format.Batch, bound int64, order *decode.BatchOrder) (int64, error) {
			k.order = order
			return sc.Vertices(b, bound, k.vertex)
		},
		part: func(sc *decode.Scanner, k *recordCheck, p decode.Part, bound int64) decode.PartScan {
			return sc.VertexPart(p, bound, k.vertex)
		}}
)

// checkBatches checks the records of a batch table with the serial walk's
// order rules and results: on one core batch by batch, on several in parts
// (decode.Part) merged in table order. A batch whose parts chain and yield
// no finding (the clean case) is merged as its parts' sums; any other is
// checked again, whole and in order, by the serial code, so the findings,
// their order and the effect of --fail-fast and the per-check limit are
// those of a serial run. done is called after each batch whose records
// all decoded.
func (v *snapVerifier) checkBatches(batches []format.Batch, ts tableScan, done func(format.Batch, int64)) error {
	order := v.s.NewBatchOrder(ts.slot)
	serialBatch := func(sc *decode.Scanner, k *recordCheck, i int) error {
		end, err := ts.batch(sc, k, batches[i], v.s.Bound(batches, i), order)
		if err != nil {
			return err
		}
		if done != nil {
			done(batches[i], end)
		}
		order.Done(end)
		return nil
	}
	parts := v.s.Parts(batches, partBytes)
	workers := v.workerCount(len(parts))
	if workers <= 1 {
		sc, k := v.s.NewScanner(), v.serial()
		for i, b := range batches {
			if err := order.Start(b); err != nil {
				return err
			}
			if err := serialBatch(sc, k, i); err != nil {
				return err
			}
		}
		return nil
	}
	scanners := make([]*decode.Scanner, workers)
	for w := range scanners {
		scanners[w] = v.s.NewScanner()
	}
	free := make(chan *partCheck, 3*workers)
	own, k := v.s.NewScanner(), v.serial()
	var (
		chain   decode.PartChain
		pending snapAcc // the sums of the batch's parts so far
		clean   bool    // the batch's parts so far are clean
	)
	return decode.Parallel(len(parts), workers, func(w, i int) *partCheck {
		var pc *partCheck
		select {
		case pc = <-free:
			pc.acc = snapAcc{}
		default:
			pc = &partCheck{}
		}
		pc.c = collector{file: v.c.file, perCheck: map[string]int{}}
		pc.entries = pc.entries[:0]
		wk := v.newRecordCheck(&pc.acc, &pc.c, &noProgress, &pc.entries)
		p := parts[i]
		pc.scan = ts.part(scanners[w], wk, p, v.s.Bound(batches, p.Batch))
		return pc
	}, func(i int, pc *partCheck) error {
		defer func() {
			select {
			case free <- pc:
			default:
			}
		}()
		p := parts[i]
		b := batches[p.Batch]
		if p.First {
			if err := order.Start(b); err != nil {
				return err
			}
			pending = snapAcc{}
			clean = true
		}
		chain.Add(b, p, &pc.scan)
		// Stopped: the serial code reads one record and stops, as
		// --fail-fast does after an earlier finding.
		clean = clean && pc.clean() && !v.c.stopped
		if clean {
			pending.add(&pc.acc)
			for _, e := range pc.entries {
				v.uniq.add(e) // taken back out if the batch is checked again
			}
		}
		if v.p != nil && pc.scan.End > 0 {
			v.p.at(pc.scan.End)
		}
		if !p.Last {
			return nil
		}
		end, firstOff, firstGid, lastGid, ok := chain.Done()
		if partsMerged != nil {
			partsMerged(clean && ok)
		}
		// void takes back the unique-constraint tuples of the batch's parts,
		// whose records start in [b.Offset, p.End).
		void := func() {
			if ts.slot == format.OffsetVertexBatches && len(v.uniqueByIndex) > 0 {
				v.partsRedone = append(v.partsRedone, region{start: int64(b.Offset), end: p.End})
			}
		}
		if !clean || !ok {
			void()
			return serialBatch(own, k, p.Batch)
		}
		if ts.slot == format.OffsetVertexBatches && b.Count > 0 {
			if err := order.Vertex(firstOff, firstGid); err != nil {
				void() // the serial check stops before the batch's first vertex
				return err
			}
			order.Seen(lastGid)
		}
		v.snapAcc.add(&pending)
		if done != nil {
			done(b, end)
		}
		order.Done(end)
		return nil
	})
}

func (v *snapVerifier) scanEdges(batches []format.Batch, done func(format.Batch, int64)) error {
	return v.checkBatches(batches, edgeScan, done)
}

func (v *snapVerifier) scanVertices(batches []format.Batch, done func(format.Batch, int64)) error {
	return v.checkBatches(batches, vertexScan, done)
}
