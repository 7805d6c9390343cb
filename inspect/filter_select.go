package inspect

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
)

// Selection runs a RecordFilter over one file or several in turn: the
// limit counts across them, and for each file it keeps a bounded summary of
// what it read, so that a filter selecting nothing can say what exists.
type Selection struct {
	rf      *RecordFilter
	printed int
	files   []*fileSummary
}

// Select starts a selection; a nil filter passes everything.
func (rf *RecordFilter) Select() *Selection { return &Selection{rf: rf} }

// Printed counts the records that passed so far.
func (s *Selection) Printed() int { return s.printed }

// Full reports whether the limit is reached: no further file need be read.
func (s *Selection) Full() bool { return s.rf != nil && s.rf.Limit > 0 && s.printed >= s.rf.Limit }

// Walk calls fn for the records of f that pass, as RecordFilter.Walk does,
// without its check that the conditions apply to f's kind: in a dump of
// several files, WAL conditions select nothing from a snapshot.
func (s *Selection) Walk(f *datadir.File, fn func(Record) error) error {
	return s.run(fileSource(f), recordSink{record: fn})
}

// fileSource reads f's records with WalkRecords.
func fileSource(f *datadir.File) recordSource {
	return recordSource{name: f.Path, kind: f.Kind,
		walk:   func(emit func(Record) error) error { return WalkRecords(f, emit) },
		walkTo: func(sink recordSink) error { return walkRecordsTo(f, sink) },
		mapper: func() ([]format.MapperEntry, error) {
			s, err := f.Snapshot()
			if err != nil {
				return nil, err
			}
			return s.Mapper()
		},
		enums: func() ([]format.EnumType, error) {
			s, err := f.Snapshot()
			if err != nil {
				return nil, err
			}
			return s.Enums()
		}}
}

// recordSource is one file's records and, for a snapshot, its mapper.
type recordSource struct {
	name    string // as notices name the file
	kind    datadir.Kind
	walk    func(func(Record) error) error
	walkTo  func(recordSink) error // walk into a sink, when the source can
	mapper  func() ([]format.MapperEntry, error)
	enums   func() ([]format.EnumType, error)
	partial bool // a best-effort read: a mapper that does not read leaves names unresolved
}

// nameIDs are the mapper ids of a snapshot that carry the names a filter
// asks for.
type nameIDs struct{ labels, edgeTypes map[uint64]bool }

// run walks src into out, passing on the records that pass. When out takes
// frames and edge and vertex records as views (frames, snap), and src can
// give them so, the filter looks at the views.
func (s *Selection) run(src recordSource, out recordSink) error {
	rf := s.rf
	if rf == nil {
		return src.walk(func(r Record) error { s.printed++; return out.record(r) })
	}
	var sum *fileSummary
	if rf.Selects() {
		sum = newFileSummary(src.name, src.kind, rf)
		s.files = append(s.files, sum)
	}
	ids := &nameIDs{}
	if src.kind == datadir.KindSnapshot && (rf.Labels != nil || rf.EdgeTypes != nil) {
		entries, err := src.mapper()
		switch {
		case err != nil && !src.partial:
			sum.err = true
			return err
		case err != nil:
			sum.noMapper = true
		}
		ids = sum.resolve(graph.ResolveMapper(entries).Names(), rf)
	}
	var it walkItem
	var builtFrame walFrame
	var built snapRecord
	// pass says whether it passes, or errStopWalk when no later record can.
	pass := func() (bool, error) {
		if sum != nil {
			sum.see(&it, ids)
		}
		ok, stop := rf.match(&it, ids)
		if stop {
			if sum != nil {
				sum.stoppedAt = it.offset
			}
			return false, errStopWalk
		}
		return ok, nil
	}
	// passed counts a record passed on; errStopWalk at the limit.
	passed := func() error {
		if s.printed++; s.Full() {
			return errStopWalk
		}
		return nil
	}
	sink := recordSink{record: func(r Record) error {
		it.ofRecord(&r, &builtFrame, &built)
		if ok, err := pass(); !ok {
			return err
		}
		if err := out.record(r); err != nil {
			return err
		}
		return passed()
	}}
	walk := func() error { return src.walk(sink.record) }
	if out.frames != nil && out.snap != nil && src.walkTo != nil {
		sink.frames = func(v format.Version, frames []walFrame) error {
			for k := range frames {
				it.ofFrame(v, &frames[k])
				ok, err := pass()
				if ok {
					if err = out.frames(v, frames[k:k+1]); err == nil {
						err = passed()
					}
				}
				if err != nil {
					return err
				}
			}
			return nil
		}
		sink.snap = func(v format.Version, r *snapRecord) error {
			it.ofSnap(v, r)
			if ok, err := pass(); !ok {
				return err
			}
			if err := out.snap(v, r); err != nil {
				return err
			}
			return passed()
		}
		walk = func() error { return src.walkTo(sink) }
	}
	err := walk()
	if errors.Is(err, errStopWalk) {
		return nil
	}
	if err != nil && sum != nil {
		sum.err = true
	}
	return err
}

// Notices say, one line per file read, what the files hold, when the
// filter selects records and none passed in any file; nil otherwise.
func (s *Selection) Notices() []string {
	if s.printed > 0 || !s.rf.Selects() {
		return nil
	}
	var out []string
	for _, f := range s.files {
		out = append(out, f.notice(s.rf))
	}
	return out
}

// maxNames bounds the names a summary keeps, so memory does not grow with
// the file.
const maxNames = 8

// fileSummary is what one file held, as far as it was read, in the terms
// of the filter's conditions.
type fileSummary struct {
	name      string
	kind      datadir.Kind
	stoppedAt int64 // where reading stopped because no later record can match; -1 if it did not
	err       bool  // reading stopped at a problem the caller reports

	kinds []string // record kinds, in order of first appearance

	complete, lastTxn int // transactions closed; index of the last frame's
	frames            int
	tsMin, tsMax      uint64
	types             map[format.Marker]bool

	vertexGids, edgeGids gidRange

	// Snapshot: the mapper ids of each name asked for, and the names some
	// vertex record carries; noMapper when a best-effort read lacks it.
	noMapper            bool
	labelIDs, typeIDs   map[string][]uint64
	onVertex, typedEdge map[string]bool
	// WAL: the label and edge-type names frames name (at most maxNames),
	// kept when the filter asks for names.
	names             bool
	labels, edgeTypes []string
	moreNames         bool
}

type gidRange struct {
	min, max uint64
	any      bool
}

func (g *gidRange) add(v uint64) {
	if !g.any || v < g.min {
		g.min = v
	}
	if !g.any || v > g.max {
		g.max = v
	}
	g.any = true
}

func (g gidRange) String() string {
	if g.min == g.max {
		return fmt.Sprint(g.min)
	}
	return fmt.Sprintf("%d..%d", g.min, g.max)
}

func newFileSummary(name string, kind datadir.Kind, rf *RecordFilter) *fileSummary {
	return &fileSummary{name: name, kind: kind, stoppedAt: -1, lastTxn: -1, types: map[format.Marker]bool{},
		names:    rf.Labels != nil || rf.EdgeTypes != nil,
		labelIDs: map[string][]uint64{}, typeIDs: map[string][]uint64{}, onVertex: map[string]bool{}, typedEdge: map[string]bool{}}
}

// resolve finds the mapper ids of the names rf asks for.
func (f *fileSummary) resolve(names map[uint64]string, rf *RecordFilter) *nameIDs {
	ids := &nameIDs{labels: map[uint64]bool{}, edgeTypes: map[uint64]bool{}}
	for _, id := range sortedKeys(names) {
		n := names[id]
		if rf.Labels[n] {
			f.labelIDs[n] = append(f.labelIDs[n], id)
			ids.labels[id] = true
		}
		if rf.EdgeTypes[n] {
			f.typeIDs[n] = append(f.typeIDs[n], id)
			ids.edgeTypes[id] = true
		}
	}
	return ids
}

func (f *fileSummary) see(it *walkItem, ids *nameIDs) {
	if !slices.Contains(f.kinds, it.kind) {
		f.kinds = append(f.kinds, it.kind)
	}
	recordGids(it, f.vertexGids.add, f.edgeGids.add)
	switch {
	case it.frame != nil:
		fr, h := it.frame, &it.frame.head
		if f.frames == 0 || h.Timestamp < f.tsMin {
			f.tsMin = h.Timestamp
		}
		f.tsMax = max(f.tsMax, h.Timestamp)
		f.frames++
		f.lastTxn = h.Txn
		if format.ClosesTransaction(h.Marker, format.FeaturesOf(it.version)) {
			f.complete++
		}
		f.types[h.Marker] = true
		if f.names {
			frameNames(fr, func(n string) { f.labels = f.addName(f.labels, n) }, func(n string) { f.edgeTypes = f.addName(f.edgeTypes, n) })
		}
	case it.snap != nil && it.snap.vertex:
		if ids.labels != nil {
			vertexNameIDs(it.snap, func(id uint64) { f.mark(f.onVertex, f.labelIDs, id) }, func(id uint64) { f.mark(f.typedEdge, f.typeIDs, id) })
		}
	}
}

func (f *fileSummary) addName(names []string, n string) []string {
	switch {
	case slices.Contains(names, n):
	case len(names) >= maxNames:
		f.moreNames = true
	default:
		names = append(names, n)
	}
	return names
}

// mark notes that a vertex record carries id, under the name it has.
func (f *fileSummary) mark(seen map[string]bool, byName map[string][]uint64, id uint64) {
	for n, ids := range byName {
		if slices.Contains(ids, id) {
			seen[n] = true
		}
	}
}

// notice is one line: the file, and what it holds in the terms of rf.
func (f *fileSummary) notice(rf *RecordFilter) string {
	var facts []string
	add := func(format string, args ...any) { facts = append(facts, fmt.Sprintf(format, args...)) }
	wal := f.kind == datadir.KindWAL
	if rf.Sections != nil {
		if wal {
			add("a WAL file: --section selects snapshot records")
		} else {
			add("its record kinds are %s", strings.Join(f.kinds, ", "))
		}
	}
	if rf.WALOnly() {
		switch {
		case !wal:
			add("a snapshot: --txn, --from-ts, --to-ts and --type select WAL frames")
		default:
			if rf.HasTxn {
				f.txnFacts(add)
			}
			if rf.FromTS != nil || rf.ToTS != nil {
				if f.frames == 0 {
					add("the file has no frame")
				} else {
					add("its commit timestamps are %d..%d", f.tsMin, f.tsMax)
				}
			}
			if rf.Types != nil {
				var names []string
				for _, m := range sortedKeys(f.types) {
					names = append(names, m.String())
				}
				if len(names) == 0 {
					add("the file has no frame")
				} else {
					add("its delta types are %s", strings.Join(names, ", "))
				}
			}
		}
	}
	if rf.Gids != nil {
		f.gidFacts(add)
	}
	if rf.Labels != nil {
		f.nameFacts(add, "label", rf.Labels, f.labelIDs, f.onVertex, f.labels, "is on no vertex record")
	}
	if rf.EdgeTypes != nil {
		f.nameFacts(add, "edge type", rf.EdgeTypes, f.typeIDs, f.typedEdge, f.edgeTypes, "is the type of no edge a vertex record holds")
	}
	line := f.name + ": nothing matches the filters; " + strings.Join(facts, "; ")
	switch {
	case f.stoppedAt >= 0:
		line += fmt.Sprintf(" (read up to offset %d, where no later record can match)", f.stoppedAt)
	case f.err:
		line += " (read up to the problem reported above)"
	}
	return line
}

func (f *fileSummary) txnFacts(add func(string, ...any)) {
	switch {
	case f.lastTxn < 0:
		add("the file has no transaction")
	case f.complete == 0:
		add("the file has no complete transaction (transaction 0 is cut short)")
	default:
		s := "s"
		if f.complete == 1 {
			s = ""
		}
		cut := ""
		if f.lastTxn >= f.complete {
			cut = fmt.Sprintf(", then transaction %d cut short", f.lastTxn)
		}
		add("the file has %d complete transaction%s, %d..%d%s", f.complete, s, 0, f.complete-1, cut)
	}
}

func (f *fileSummary) gidFacts(add func(string, ...any)) {
	what := "records"
	if f.kind == datadir.KindWAL {
		what = "frames"
	}
	switch {
	case !f.vertexGids.any && !f.edgeGids.any:
		add("none of its %s is about a vertex or an edge", what)
	case !f.edgeGids.any:
		add("its %s are about vertex gids %s, and no edge", what, f.vertexGids)
	case !f.vertexGids.any:
		add("its %s are about edge gids %s, and no vertex", what, f.edgeGids)
	default:
		add("its %s are about vertex gids %s and edge gids %s", what, f.vertexGids, f.edgeGids)
	}
}

func (f *fileSummary) nameFacts(add func(string, ...any), what string, asked map[string]bool, ids map[string][]uint64, used map[string]bool, named []string, unused string) {
	if f.kind == datadir.KindWAL {
		if len(named) == 0 {
			add("no frame names a %s", what)
			return
		}
		quoted := make([]string, len(named))
		for i, n := range named {
			quoted[i] = fmt.Sprintf("%q", n)
		}
		more := ""
		if f.moreNames {
			more = ", ..."
		}
		add("its frames name the %ss %s%s", what, strings.Join(quoted, ", "), more)
		return
	}
	if f.noMapper {
		add("its mapper was not read, so no %s name resolves", what)
		return
	}
	for _, n := range sortedKeys(asked) {
		switch {
		case len(ids[n]) == 0:
			add("no %s %q in the mapper", what, n)
		case !used[n]:
			add("%q (mapper id %d) %s", n, ids[n][0], unused)
		default:
			add("vertex records carry the %s %q", what, n)
		}
	}
}

// sortedKeys lists m's keys in order.
func sortedKeys[K cmp.Ordered, V any](m map[K]V) []K {
	out := make([]K, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
