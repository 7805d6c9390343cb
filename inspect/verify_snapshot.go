package inspect

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
)

// Snapshot checks. Decode errors become findings named snapshot.<class>
// (snapshot.truncated, snapshot.corrupt, ...); a batch table that cannot be
// read or whose batches do not tile their records is snapshot.batch_table.
// Every section is decoded even after another fails. Then:
//
//	snapshot.batch_coverage       records before the first or after the last batch (no batch loads them)
//	snapshot.unused_edge_section  SnapshotBatches: edge records at offset_edges, but an empty edge batch table
//	snapshot.offset_in_header     offset_edges or offset_vertices points into the header or offsets table
//	                              where Memgraph never reads it (the decoder rejects every other such
//	                              offset: snapshot.offsets at the table entry)
//	snapshot.offsets              the offsets table is unusable: all zero (never back-patched) or a
//	                              section Memgraph reads at points into the header
//	snapshot.unread_bytes         bytes that no section, batch or record holds (read, to say if all zero)
//	snapshot.overlap              a section runs into the section or records after it
//	snapshot.version_mismatch     the body fits another version's layout exactly, the header's does not
//	snapshot.vertex_count         SnapshotBatches: vertex records read != metadata vertex_count
//	snapshot.edge_count           out-list entries != metadata edge_count (0 is right without an edge section)
//	snapshot.mapper_id            a record's label, property or edge-type id is not in the mapper
//	snapshot.mapper_duplicate     warning: the mapper lists an id twice (Memgraph keeps the first)
//	snapshot.schema_id            an index or constraint names an id that is not in the mapper
//	snapshot.schema_duplicate     an index, constraint or enum repeats an earlier one under the key
//	                              Memgraph's recovery compares by (graph.SnapshotSchemaDuplicates):
//	                              its snapshot loader fails, or rebuilding the index after loading does
//	snapshot.enum_value           an enum value whose type or value id the enums section lacks
//	snapshot.vector_index_ref     warning: a vector-index-id value names no vector index of the file
//	snapshot.vector_entry         warning: a vector-index-id value and the entries of an index it names
//	                              disagree (verify_vector.go)
//	snapshot.edge_endpoint        an in- or out-list entry names a vertex that has no record
//	snapshot.edge_mirror          an out entry v->w of edge e without the matching in entry at w, or the reverse
//	snapshot.edge_missing         with an edge section: an out entry whose edge has no edge record
//	snapshot.edge_unreferenced    with an edge section: an edge record in no out-list
//	snapshot.edge_duplicate       with an edge section: an edge gid recorded or referenced twice
//	snapshot.existence_constraint a vertex with the label lacks the property
//	snapshot.unique_constraint    two vertices with the label share the property tuple
//	snapshot.type_constraint      a property of a vertex with the label has another type
//
// Memory: the edge lists are checked with order-independent multiset hashes
// over the whole file, so a clean file costs nothing per vertex or edge.
// Only when the hashes disagree does a second pass sum them by group of
// vertices (a table of at most 65,536 buckets, 1.5 MiB) and keep the vertex
// gids (8 B per vertex) and, with an edge section, the edge gids and
// offsets (16 B per edge) to name the offending entries. The
// unique constraints sort a 24-byte entry per constrained vertex in a
// buffer of uniqueBudget bytes spilled to a temporary file (see
// verify_unique.go). The vector index entries are streamed and checked
// against the values with multiset hashes too; only an index whose hashes
// disagree is read again, holding 24 B per entry of it (see
// verify_vector.go).
func verifySnapshot(f *datadir.File, c *collector, p *progress, r *VerifyReport, workers int) {
	s, err := f.Snapshot()
	if err != nil {
		c.add(decodeFinding("snapshot", f.Path, err))
		if errors.Is(err, format.ErrCorrupt) || errors.Is(err, format.ErrTruncated) {
			unopened(f, c)
		}
		return
	}
	r.Version = uint64(s.Version)
	v := newSnapVerifier(f, s, c, p, workers)
	v.run()
	r.Counts = VerifyCounts{Vertices: v.vertices, Edges: v.outs, EdgeRecords: v.edgeRecords}
}

func newSnapVerifier(f *datadir.File, s *decode.Snapshot, c *collector, p *progress, workers int) *snapVerifier {
	return &snapVerifier{f: f, s: s, ft: s.Features, c: c, p: p, workers: workers, idCheckFrom: math.MaxUint64}
}

type snapVerifier struct {
	f  *datadir.File
	s  *decode.Snapshot
	ft format.Features
	c  *collector
	p  *progress

	ids     map[uint64]string // mapper; nil when it did not decode
	enums   []format.EnumType
	enumsOK bool
	// The vector indices by name, nil when their section did not decode
	// (no value's index names are judged then), in the file's order, and
	// by place in the section's vertex and edge lists (nil for a name
	// repeated); whether the entries no value names are reported, the edge
	// indices' too (verify_vector.go).
	vectorIndices   map[string]*vectorIndexCheck
	vectorOrder     []*vectorIndexCheck
	vectorPlaces    [2][]*vectorIndexCheck
	vectorUnmatched bool
	vectorEdgesRead bool

	// The constraints by label: in denseRules for small label ids, in
	// rules for the rest; nil for a label without any.
	rules      map[uint64]*labelRules
	denseRules []*labelRules
	// The unique constraints by index, the sorter of their tuples (nil
	// without any), and, when a check is rerun with the first duplicate
	// known, that duplicate.
	uniqueByIndex []*uniqueCheck
	uniq          *spillSorter[uniqueEntry]
	oracle        *uniqueDup
	// partsRedone are the byte ranges of batches whose parts were checked
	// and then the whole batch again: the tuples of those parts are void.
	partsRedone []region

	known []bool // ids the mapper has, by id, when they are small (ids covers the rest)
	// idCheckFrom: the mapper has every id below it (MaxUint64 without a
	// mapper: no id is checked).
	idCheckFrom uint64
	workers     int
	snapAcc            // what the records add up to
	buckets     uint64 // a power of two

	// For the layout check: where the batches' records lie, and record bytes
	// in no batch that coverage has reported.
	runs      []region
	explained []region
}

func (v *snapVerifier) stopped() bool { return v.c.stopped }

func (v *snapVerifier) decodeErr(err error) bool {
	return v.c.add(decodeFinding("snapshot", v.f.Path, err))
}

func (v *snapVerifier) run() {
	v.sections()
	if v.stopped() {
		return
	}
	edgeBatches, vertexBatches, synthetic, err := v.s.BatchTables()
	if err != nil {
		v.decodeErr(err)
		return
	}
	v.offsetsInHeader(synthetic)
	// Last, whatever ends the checks: it reports what the record checks
	// would have reported in place (verify_vector.go).
	defer v.vectorSecondPass(edgeBatches, vertexBatches)
	v.buckets = 64
	for v.buckets < 1<<16 && v.buckets < v.s.Metadata.EdgeCount/8 {
		v.buckets <<= 1
	}

	edgeSection := v.s.Offsets[format.OffsetEdges] != 0
	edgesOK := true
	if edgeSection || len(edgeBatches) > 0 {
		var end int64
		err := v.scanEdges(edgeBatches, func(_ format.Batch, e int64) { end = e })
		switch {
		case errors.Is(err, errStop):
			return
		case err != nil:
			edgesOK = false
			v.recordRun(edgeBatches, unknownEnd, "the edge records")
			if !v.decodeErr(err) {
				return
			}
		default:
			v.recordRun(edgeBatches, end, "the edge records")
			v.coverage(format.OffsetEdges, edgeBatches, end, synthetic)
		}
	}
	if v.stopped() {
		return
	}
	if len(v.uniqueByIndex) > 0 {
		v.uniq = newSpillSorter(uniqueCodec, uniqueBudget)
		defer v.uniq.close()
	}
	var end int64
	var mark collectorMark
	var acc snapAcc
	if v.c.failFast && v.uniq != nil {
		mark, acc = v.c.mark(), v.snapAcc // for a rerun
	}
	err = v.scanVertices(vertexBatches, func(_ format.Batch, e int64) { end = e })
	v.uniqueFindings(func(d *uniqueDup) {
		v.c.restore(mark)
		v.snapAcc, v.oracle = acc, d
		err = v.scanVertices(vertexBatches, func(_ format.Batch, e int64) { end = e })
		v.oracle = nil
	})
	switch {
	case errors.Is(err, errStop):
		return
	case err != nil:
		v.decodeErr(err)
		v.recordRun(vertexBatches, unknownEnd, "the vertex records")
		v.layout()
		return // the counts and hashes are partial
	}
	v.recordRun(vertexBatches, end, "the vertex records")
	v.coverage(format.OffsetVertices, vertexBatches, end, synthetic)
	v.layout()
	if v.stopped() {
		return
	}
	v.counts(synthetic)
	v.vectorEntriesChecked(edgesOK)
	if v.stopped() {
		return
	}
	mirror := v.outSum != v.inSum || v.outs != v.ins
	edges := edgeSection && edgesOK && (v.edgeRecords != v.outs || v.edgeRecSum != v.outEdgeSum)
	if mirror || edges {
		v.locate(edgeBatches, vertexBatches, mirror, edges)
	}
}

// sections decodes every non-record section, each on its own, and checks
// that the schema names resolve.
func (v *snapVerifier) sections() {
	s := v.s
	var m *graph.SnapshotMapper
	if mapper, err := s.Mapper(); err != nil {
		v.decodeErr(err)
	} else {
		m = graph.ResolveMapper(mapper)
		v.ids = m.Names()
		v.denseIDs()
		for _, d := range m.Duplicates {
			if d.Kept != d.Ignored {
				v.c.at(SeverityWarning, "snapshot.mapper_duplicate", int64(s.Offsets[format.OffsetMapper]), "",
					"id %d names both %q and %q; Memgraph keeps the first", d.ID, d.Kept, d.Ignored)
			}
		}
	}
	var schema graph.SchemaSections
	if enums, err := s.Enums(); err != nil {
		v.decodeErr(err)
	} else {
		v.enums, v.enumsOK = enums, true
		schema.Enums = enums
	}
	if _, err := s.EpochHistory(); err != nil {
		v.decodeErr(err)
	}
	if ix, err := s.Indices(); err != nil {
		v.decodeErr(err)
	} else {
		v.indexIDs(ix)
		schema.Indices = &ix
	}
	if ei, sums, err := v.vectorSections(); err != nil {
		v.decodeErr(err)
	} else {
		v.edgeIndexIDs(ei)
		v.vectorTables(&ei, sums)
		schema.EdgeIndices = &ei
	}
	if cs, err := s.Constraints(); err != nil {
		v.decodeErr(err)
	} else {
		v.constraints(cs)
		schema.Constraints = &cs
	}
	if _, err := s.TTL(); err != nil {
		v.decodeErr(err)
	}
	if _, err := s.Descriptions(); err != nil {
		v.decodeErr(err)
	}
	if m != nil {
		v.schemaDuplicates(m, schema)
	}
}

// schemaDuplicates reports the schema entries Memgraph's recovery refuses
// as repeats (graph.SnapshotSchemaDuplicates).
func (v *snapVerifier) schemaDuplicates(m *graph.SnapshotMapper, schema graph.SchemaSections) {
	for _, d := range graph.SnapshotSchemaDuplicates(m, schema) {
		v.c.at(SeverityError, "snapshot.schema_duplicate", int64(v.s.Offsets[d.Slot]), d.Record(), "%s", d.Repeats())
	}
}

// schemaIDs reports ids of a schema entry that the mapper lacks.
func (v *snapVerifier) schemaIDs(slot format.OffsetSlot, what string, i int, ids ...uint64) {
	if v.ids == nil {
		return
	}
	for _, id := range ids {
		if _, ok := v.ids[id]; !ok {
			v.c.at(SeverityError, "snapshot.schema_id", int64(v.s.Offsets[slot]), fmt.Sprintf("%s #%d", what, i),
				"id %d is not in the mapper: Memgraph's recovery fails on it", id)
		}
	}
}

func pathIDs(label uint64, paths []format.PropertyPath) []uint64 {
	out := []uint64{label}
	for _, p := range paths {
		out = append(out, p...)
	}
	return out
}

func (v *snapVerifier) indexIDs(ix format.Indices) {
	const slot = format.OffsetIndices
	for i, l := range ix.Label {
		v.schemaIDs(slot, "label index", i, l)
	}
	for i, st := range ix.LabelStats {
		v.schemaIDs(slot, "label index stats", i, st.Label)
	}
	for i, e := range ix.LabelProperties {
		v.schemaIDs(slot, "label+properties index", i, pathIDs(e.Label, e.Paths)...)
	}
	for i, e := range ix.LabelPropertiesDesc {
		v.schemaIDs(slot, "descending label+properties index", i, pathIDs(e.Label, e.Paths)...)
	}
	for i, st := range ix.LabelPropertyStats {
		v.schemaIDs(slot, "label+properties index stats", i, pathIDs(st.Label, st.Paths)...)
	}
}

func (v *snapVerifier) edgeIndexIDs(ei format.EdgeIndices) {
	const slot = format.OffsetEdgeIndices
	for i, t := range ei.EdgeType {
		v.schemaIDs(slot, "edge-type index", i, t)
	}
	for i, e := range ei.EdgeTypeProperty {
		v.schemaIDs(slot, "edge-type+property index", i, e.Label, e.Property)
	}
	for i, p := range ei.GlobalEdgeProperty {
		v.schemaIDs(slot, "global edge-property index", i, p)
	}
	for i, p := range ei.GlobalVertexProperty {
		v.schemaIDs(slot, "global vertex-property index", i, p)
	}
	for i, e := range ei.Point {
		v.schemaIDs(slot, "point index", i, e.Label, e.Property)
	}
	for i, x := range ei.Vector {
		v.schemaIDs(slot, "vector index", i, append(slices.Clone(x.Targets), x.Property)...)
	}
	for i, x := range ei.VectorEdge {
		v.schemaIDs(slot, "vector edge index", i, append(slices.Clone(x.Targets), x.Property)...)
	}
	for i, t := range ei.Text {
		v.schemaIDs(slot, "text index", i, append([]uint64{t.Target}, t.Properties...)...)
	}
	for i, t := range ei.TextEdge {
		v.schemaIDs(slot, "text edge index", i, append([]uint64{t.Target}, t.Properties...)...)
	}
}

// labelRules are the constraints on one label.
type labelRules struct {
	existence []uint64 // properties
	types     []format.TypeConstraint
	unique    []*uniqueCheck
}

func (v *snapVerifier) constraints(cs format.Constraints) {
	const slot = format.OffsetConstraints
	v.rules = map[uint64]*labelRules{}
	of := func(label uint64) *labelRules {
		r := v.rules[label]
		if r == nil {
			r = &labelRules{}
			v.rules[label] = r
		}
		return r
	}
	for i, e := range cs.Existence {
		v.schemaIDs(slot, "existence constraint", i, e.Label, e.Property)
		r := of(e.Label)
		r.existence = append(r.existence, e.Property)
	}
	for i, u := range cs.Unique {
		v.schemaIDs(slot, "unique constraint", i, append([]uint64{u.Label}, u.Properties...)...)
		if len(u.Properties) > 0 {
			c := &uniqueCheck{index: len(v.uniqueByIndex), label: u.Label, props: u.Properties}
			v.uniqueByIndex = append(v.uniqueByIndex, c)
			r := of(u.Label)
			r.unique = append(r.unique, c)
		}
	}
	for i, t := range cs.Type {
		v.schemaIDs(slot, "type constraint", i, t.Label, t.Property)
		r := of(t.Label)
		r.types = append(r.types, t)
	}
	top := uint64(len(v.known)) // every label the mapper has: most have no rules
	for l := range v.rules {
		if l < maxDenseID {
			top = max(top, l+1)
		}
	}
	v.denseRules = make([]*labelRules, top)
	for l, r := range v.rules {
		if l < top {
			v.denseRules[l] = r
		}
	}
}

// name gives a mapper name for messages.
func (v *snapVerifier) name(id uint64) string {
	if n, ok := v.ids[id]; ok {
		return n
	}
	return fmt.Sprintf("#%d", id)
}

// recRef names a record in findings; formatted only when one is reported.
type recRef struct {
	kind string
	gid  uint64
}

func (r recRef) String() string { return fmt.Sprintf("%s gid %d", r.kind, r.gid) }

// metadataField gives the offset of the metadata UINT that holds the edge
// count (field 0) or the vertex count (field 1).
func (v *snapVerifier) metadataField(field int64) int64 {
	m := v.s.Metadata
	off := int64(v.s.Offsets[format.OffsetMetadata]) + 1 + 9 + int64(len(m.UUID)) + 9 + int64(len(m.Epoch)) + 9
	if v.ft.Has(format.FeatDurableTimestamp) {
		off += 9
	}
	return off + 9*field
}

func (v *snapVerifier) counts(synthetic bool) {
	m := v.s.Metadata
	if !synthetic && v.vertices != m.VertexCount {
		if !v.c.at(SeverityError, "snapshot.vertex_count", v.metadataField(1), "metadata",
			"metadata vertex_count is %d, the vertex batches hold %d records", m.VertexCount, v.vertices) {
			return
		}
	}
	// Without properties on edges there is no edge section, and Memgraph
	// counts edges only while writing it: its metadata says 0.
	noEdgeSection := v.s.Offsets[format.OffsetEdges] == 0 && m.EdgeCount == 0
	if v.outs != m.EdgeCount && !noEdgeSection {
		v.c.at(SeverityError, "snapshot.edge_count", v.metadataField(0), "metadata",
			"metadata edge_count is %d, the vertices' out-lists hold %d edges", m.EdgeCount, v.outs)
	}
}

// regionEnd is where the records starting at start must end: the nearest
// other section at or after start (the file end if none). Offsets inside
// the header are reported on their own and end nothing.
func (v *snapVerifier) regionEnd(slot format.OffsetSlot, start int64) int64 {
	end := v.s.Size()
	for _, o := range format.SnapshotOffsetSlots(v.ft) {
		if o == slot || (slot == format.OffsetVertices && o == format.OffsetEdges) {
			continue
		}
		if off := int64(v.s.Offsets[o]); off >= start && off < end && off >= v.s.TableEnd() {
			end = off
		}
	}
	return end
}

// coverage checks that the batches (or, before SnapshotBatches, the
// metadata counts) reach every record between the section's offset and the
// next section: Memgraph loads records only through them.
func (v *snapVerifier) coverage(slot format.OffsetSlot, batches []format.Batch, lastEnd int64, synthetic bool) {
	kind, marker := "vertex", format.SectionVertex
	if slot == format.OffsetEdges {
		kind, marker = "edge", format.SectionEdge
	}
	start := int64(v.s.Offsets[slot])
	if start == 0 && slot == format.OffsetVertices {
		v.c.at(SeverityError, "snapshot.batch_coverage", NoOffset, "vertex records", "the offsets table has no vertex section (offset 0)")
		return
	}
	if start == 0 {
		if len(batches) > 0 {
			v.c.at(SeverityError, "snapshot.batch_coverage", int64(v.s.Offsets[format.OffsetEdgeBatches]), "edge batches",
				"the offsets table marks the edge section absent, but the edge batch table lists %d batches", len(batches))
		}
		return
	}
	if start < v.s.TableEnd() {
		// Reported by offsetsInHeader; the records start where the batches do.
		if len(batches) == 0 {
			return
		}
		start = int64(batches[0].Offset)
	}
	end := v.regionEnd(slot, start)
	covered := start
	if len(batches) > 0 {
		covered = lastEnd
		if first := int64(batches[0].Offset); first > start {
			v.uncovered(start, first, kind, marker, "before the first batch", synthetic, false)
		} else if first < start {
			v.c.at(SeverityError, "snapshot.batch_coverage", first, kind+" batch #0",
				"the first %s batch starts at %d, before the %s section at %d", kind, first, kind, start)
		}
	}
	switch {
	case covered < end:
		v.uncovered(covered, end, kind, marker, "after the last batch", synthetic, len(batches) == 0)
	case covered > end:
		v.c.at(SeverityError, "snapshot.batch_coverage", end, kind+" records",
			"the %s records run to %d, past the next section at %d", kind, covered, end)
	}
}

// uncovered reports the bytes [from, to) of a record section that no batch
// reads when a record starts there; other bytes are left to the layout
// check (snapshot.unread_bytes).
func (v *snapVerifier) uncovered(from, to int64, kind string, marker format.Marker, where string, synthetic, noBatches bool) {
	var b [1]byte
	if _, err := v.f.ReaderAt().ReadAt(b[:], from); err != nil || format.Marker(b[0]) != marker {
		return
	}
	v.explained = append(v.explained, region{start: from, end: to, name: kind + " records in no batch", kind: regionExplained, slot: -1})
	switch {
	case synthetic:
		v.c.at(SeverityError, "snapshot.batch_coverage", from, kind+" records",
			"%s records continue at %d..%d beyond the metadata count: Memgraph reads only %s_count records", kind, from, to, kind)
	case noBatches && kind == "edge":
		v.c.at(SeverityError, "snapshot.unused_edge_section", from, "edge records",
			"edge records at %d..%d, but the edge batch table is empty: Memgraph loads none of them", from, to)
	default:
		v.c.at(SeverityError, "snapshot.batch_coverage", from, kind+" records",
			"%s records at %d..%d %s are in no batch: Memgraph does not load them", kind, from, to, where)
	}
}

// offsetsInHeader reports offset_edges and offset_vertices pointing into the
// header or the offsets table where Memgraph does not read at them. Where
// it does (format 14 with records counted), BatchTables has failed already.
func (v *snapVerifier) offsetsInHeader(synthetic bool) {
	te := v.s.TableEnd()
	for _, slot := range []format.OffsetSlot{format.OffsetEdges, format.OffsetVertices} {
		off := v.s.Offsets[slot]
		if off == 0 || off >= uint64(te) {
			continue
		}
		var why string
		switch {
		case !synthetic && slot == format.OffsetVertices:
			why = "Memgraph loads vertex records only through the vertex batch table and never reads at offset_vertices"
		case !synthetic:
			why = "Memgraph only asks whether offset_edges is 0 (whether there is an edge section) and loads edge records through the edge batch table"
		case slot == format.OffsetVertices:
			why = "the metadata vertex_count is 0, so Memgraph reads no vertex record there"
		default:
			why = "the metadata edge_count is 0, so Memgraph reads no edge record there"
		}
		v.c.at(SeverityError, "snapshot.offset_in_header", v.s.EntryOffset(slot), "offsets",
			"offset of %s is %d, inside the header and offsets table (bytes 0..%d): %s, so it would not notice that the offsets table is damaged",
			slot, off, te-1, why)
	}
}

// The layout check. Memgraph reads a snapshot only through its offsets
// table and batch tables: it never reads a byte that no section, batch or
// record holds, so such bytes, which no writer leaves, are damage nothing
// else would show.

type regionKind uint8

const (
	regionHeader    regionKind = iota // magic, version, offsets table
	regionSection                     // a section read at its offset (batch tables included)
	regionRecords                     // the records the batches hold
	regionExplained                   // record bytes in no batch, reported by coverage
)

// unknownEnd marks a region whose end is not known: it did not decode.
const unknownEnd = -1

// region is the bytes [start, end) of a part of the file.
type region struct {
	start, end int64
	name       string
	kind       regionKind
	slot       format.OffsetSlot // of a section; -1 otherwise
}

// recordRun notes where the records of batches lie, from the first batch to
// where the last one ends (the batches tile their records).
func (v *snapVerifier) recordRun(batches []format.Batch, end int64, name string) {
	if len(batches) > 0 {
		v.runs = append(v.runs, region{start: int64(batches[0].Offset), end: end, name: name, kind: regionRecords, slot: -1})
	}
}

// misfit is where a section (or the offsets table) does not end where the
// next region begins.
type misfit struct {
	slot      format.OffsetSlot // -1 for the offsets table
	name      string
	start     int64
	end       int64 // unknownEnd when the section did not decode
	next      string
	nextStart int64
}

func (m misfit) describe(v format.Version) string {
	switch {
	case m.end == unknownEnd:
		return fmt.Sprintf("read as format %d, %s at %d does not decode", v, m.name, m.start)
	case m.end < m.nextStart:
		return fmt.Sprintf("read as format %d, %s at %d ends at %d and leaves %d bytes before %s", v, m.name, m.start, m.end, m.nextStart-m.end, m.next)
	}
	return fmt.Sprintf("read as format %d, %s at %d runs %d bytes into %s", v, m.name, m.start, m.end-m.nextStart, m.next)
}

// memgraph says what a Memgraph of the header's version does with it.
func (m misfit) memgraph(v format.Version) string {
	switch {
	case m.end == unknownEnd:
		return fmt.Sprintf("Memgraph %d would fail to read %s", v, m.name)
	case m.end < m.nextStart:
		return fmt.Sprintf("Memgraph %d would read %s with format %d's layout and ignore the %d bytes after it (%d..%d)",
			v, m.name, v, m.nextStart-m.end, m.end, m.nextStart-1)
	}
	return fmt.Sprintf("Memgraph %d would read %s with format %d's layout, %d bytes into %s", v, m.name, v, m.end-m.nextStart, m.next)
}

// layout walks the file's regions in offset order: bytes no region holds
// are unread_bytes, a section that runs into the next is an overlap. The
// first section that does not end where the next region begins (or does
// not decode) starts the search for a version whose layout fits.
func (v *snapVerifier) layout() {
	if v.stopped() {
		return
	}
	s := v.s
	te := s.TableEnd()
	regs := []region{{start: 0, end: te, name: "the offsets table", kind: regionHeader, slot: -1}}
	for _, slot := range format.SnapshotOffsetSlots(v.ft) {
		off := int64(s.Offsets[slot])
		if slot == format.OffsetEdges || slot == format.OffsetVertices || off == 0 || off < te {
			continue // records are placed by their batches; the decoder rejects the rest
		}
		end := s.SectionEnd(slot)
		if end == 0 {
			end = unknownEnd
		}
		regs = append(regs, region{start: off, end: end, name: slot.String(), kind: regionSection, slot: slot})
	}
	regs = append(regs, v.runs...)
	regs = append(regs, v.explained...)
	slices.SortStableFunc(regs, func(a, b region) int { return cmp.Compare(a.start, b.start) })

	var first *misfit
	note := func(last *region, end int64, next *region) {
		if first != nil || last.kind != regionSection && last.kind != regionHeader {
			return
		}
		m := misfit{slot: last.slot, name: last.name, start: last.start, end: end, next: "the end of the file", nextStart: s.Size()}
		if next != nil {
			m.next, m.nextStart = next.name, next.start
		}
		first = &m
	}
	var pos int64    // how far the regions so far reach
	var last *region // the region that reaches pos
	open := false    // last did not decode: it runs to the next region
	for i := range regs {
		r := &regs[i]
		if r.end != unknownEnd && r.end <= r.start {
			continue
		}
		switch {
		case last == nil:
		case open:
			note(last, unknownEnd, r)
		case r.start > pos:
			note(last, pos, r)
			if !v.unread(pos, r.start, last.name, r.name) {
				return
			}
		case r.start < pos && last.kind == regionSection && r.kind != regionHeader:
			note(last, pos, r)
			if !v.c.at(SeverityError, "snapshot.overlap", r.start, r.name,
				"%s at %d starts inside %s (%d..%d): Memgraph would read the bytes %d..%d as both, and no writer lays sections out so",
				r.name, r.start, last.name, last.start, pos, r.start, pos-1) {
				return
			}
		}
		switch {
		case r.end == unknownEnd:
			last, open, pos = r, true, max(pos, r.start)
		case open || r.end > pos:
			last, open, pos = r, false, r.end
		}
	}
	switch {
	case open:
		note(last, unknownEnd, nil)
	case pos < s.Size():
		note(last, pos, nil)
		if !v.unread(pos, s.Size(), last.name, "") {
			return
		}
	}
	if first != nil {
		v.versionMismatch(first)
	}
}

// unreadChunk is how much of unread bytes is read at a time: memory stays
// bounded whatever their length.
const unreadChunk = 256 << 10

var zeroChunk [unreadChunk]byte

// unread reports the bytes [from, to), which no region holds, after reading
// them to tell whether they are all zero (up to the first nonzero byte).
func (v *snapVerifier) unread(from, to int64, after, before string) bool {
	where := "after the last section (" + after + ")"
	if before != "" {
		where = "after " + after + " and before " + before
	}
	zero := "all zero"
	if nz, err := firstNonZero(v.f.ReaderAt(), from, to, v.p); err != nil {
		zero = "unreadable: " + err.Error()
	} else if nz >= 0 {
		zero = fmt.Sprintf("not all zero: the first nonzero byte is at %d", nz)
	}
	return v.c.at(SeverityError, "snapshot.unread_bytes", from, "",
		"%d bytes at %d..%d, %s, belong to no section (%s): Memgraph reads only what the offsets and batch tables point at, so it never reads these bytes and would load the file without noticing them; no writer leaves such bytes",
		to-from, from, to-1, where, zero)
}

// firstNonZero reads [from, to) in chunks and returns the offset of the
// first nonzero byte, or -1 when all are zero.
func firstNonZero(r io.ReaderAt, from, to int64, p *progress) (int64, error) {
	buf := make([]byte, min(unreadChunk, to-from))
	for off := from; off < to; {
		n := min(int64(len(buf)), to-off)
		if _, err := r.ReadAt(buf[:n], off); err != nil {
			return 0, err
		}
		if !bytes.Equal(buf[:n], zeroChunk[:n]) {
			return off + int64(slices.IndexFunc(buf[:n], func(b byte) bool { return b != 0 })), nil
		}
		off += n
		p.at(off)
	}
	return -1, nil
}

// versionMismatch looks for another version whose layout the body fits
// exactly, when the header's does not (m), and reports it.
func (v *snapVerifier) versionMismatch(m *misfit) {
	hdr := v.s.Version
	w, ok := fitVersion(v.f.ReaderAt(), v.s.Size(), hdr, m.slot)
	if !ok {
		return
	}
	v.c.at(SeverityError, "snapshot.version_mismatch", 4, "header",
		"the bytes fit format %d's layout: the header's version %d disagrees with the body (the formats differ in %s). "+
			"Read as format %d, every section ends where the next begins; %s. %s",
		w, hdr, featureDiff(hdr, w), w, m.describe(hdr), m.memgraph(hdr))
}

// unopened explains a snapshot that does not open when another version's
// layout fits its bytes exactly (an offsets table of another size).
func unopened(f *datadir.File, c *collector) {
	var hdr [12]byte
	if _, err := f.ReaderAt().ReadAt(hdr[:], 0); err != nil {
		return
	}
	v := format.Version(binary.LittleEndian.Uint64(hdr[4:]))
	w, ok := fitVersion(f.ReaderAt(), f.Size, v, -1)
	if !ok {
		return
	}
	c.at(SeverityError, "snapshot.version_mismatch", 4, "header",
		"the bytes fit format %d's layout: the header's version %d disagrees with the body (the formats differ in %s). "+
			"Read as format %d, the offsets table has %d entries and every section ends where the next begins; "+
			"Memgraph %d reads the file with format %d's layout and fails on it",
		w, v, featureDiff(v, w), w, len(format.SnapshotOffsetSlots(format.FeaturesOf(w))), v, v)
}

// featureDiff names the features one of the two versions has and the other lacks.
func featureDiff(a, b format.Version) string {
	fa, fb := format.FeaturesOf(a).Set, format.FeaturesOf(b).Set
	names := (fa&^fb | fb&^fa).Names()
	if len(names) == 0 {
		return "nothing"
	}
	return strings.Join(names, ", ")
}

// fitVersion returns the nearest version other than hdr whose layout the
// body fits exactly, trying first the section that did not fit.
func fitVersion(r io.ReaderAt, size int64, hdr format.Version, first format.OffsetSlot) (format.Version, bool) {
	for d := format.Version(1); d <= format.MaxVersion-format.MinVersion; d++ {
		for _, w := range []format.Version{hdr + d, hdr - d} {
			if w.Supported() && bodyFits(r, size, w, first) {
				return w, true
			}
		}
	}
	return 0, false
}

// bodyFits reports whether, read with version w's layout, the offsets table
// ends where the first section starts and every section other than the
// records decodes and ends exactly where the next one (or the file) begins.
func bodyFits(r io.ReaderAt, size int64, w format.Version, first format.OffsetSlot) bool {
	s, err := decode.OpenSnapshotAs(r, size, "", w)
	if err != nil {
		return false
	}
	slots := format.SnapshotOffsetSlots(s.Features)
	var starts []int64
	for _, slot := range slots {
		if off := int64(s.Offsets[slot]); off != 0 {
			starts = append(starts, off)
		} else if slot != format.OffsetEdges {
			return false
		}
	}
	slices.Sort(starts)
	if starts[0] != s.TableEnd() {
		return false
	}
	next := func(off int64) int64 {
		i, _ := slices.BinarySearch(starts, off+1)
		if i < len(starts) {
			return starts[i]
		}
		return size
	}
	order := slots
	if i := slices.Index(slots, first); i > 0 {
		order = append([]format.OffsetSlot{first}, slices.Delete(slices.Clone(slots), i, i+1)...)
	}
	for _, slot := range order {
		if slot == format.OffsetEdges || slot == format.OffsetVertices {
			continue
		}
		end, err := s.ReadSection(slot)
		if err != nil || end != next(int64(s.Offsets[slot])) {
			return false
		}
	}
	return true
}
