package encode

import (
	"errors"
	"fmt"
	"io"
	"sort"

	"github.com/durascope/durascope/format"
)

// Layout selects where EncodeSnapshot puts the sections of a snapshot.
type Layout int

const (
	// LayoutAuto uses the recorded offsets when they are consistent and a
	// fresh layout otherwise.
	LayoutAuto Layout = iota
	// LayoutRecorded uses the offsets the model records, or fails with a
	// *LayoutError.
	LayoutRecorded
	// LayoutFresh computes offsets in Memgraph's writer order.
	LayoutFresh
)

func (l Layout) String() string {
	switch l {
	case LayoutAuto:
		return "auto"
	case LayoutRecorded:
		return "recorded"
	case LayoutFresh:
		return "fresh"
	}
	return fmt.Sprintf("Layout(%d)", int(l))
}

// DefaultBatchSize is Memgraph's default number of records per batch
// (storage_items_per_batch).
const DefaultBatchSize = 1_000_000

// SnapshotOptions tune EncodeSnapshotWith and SnapshotWriter. The zero value
// is the default.
type SnapshotOptions struct {
	Layout Layout // EncodeSnapshotWith only
	// BatchSize is the number of records per batch in a fresh layout when the
	// model's batch counts do not cover its records (0: DefaultBatchSize).
	BatchSize int
	// OmitEdgeSection writes offset 0 for the edge section (a storage
	// without properties on edges); the model must then have no edge records.
	OmitEdgeSection bool
}

func (o *SnapshotOptions) batchSize() int {
	if o == nil || o.BatchSize <= 0 {
		return DefaultBatchSize
	}
	return o.BatchSize
}

// EncodeSnapshot writes m to w with LayoutAuto (see the package doc).
func EncodeSnapshot(w io.Writer, m *format.Snapshot) error {
	return EncodeSnapshotWith(w, m, nil)
}

// EncodeSnapshotWith writes m to w in one sequential pass. It checks the
// model (CheckSnapshot), plans the layout (sizing every section and record
// without keeping their bytes), then writes. Nothing is written when the
// model or the layout is refused.
func EncodeSnapshotWith(w io.Writer, m *format.Snapshot, opts *SnapshotOptions) error {
	if opts == nil {
		opts = &SnapshotOptions{}
	}
	if err := CheckSnapshot(m); err != nil {
		return err
	}
	f := format.FeaturesOf(m.Version)
	var p *plan
	var err error
	switch opts.Layout {
	case LayoutRecorded:
		p, err = recordedPlan(m, f)
	case LayoutFresh:
		p, err = freshPlan(m, f, opts)
	case LayoutAuto:
		p, err = recordedPlan(m, f)
		if errors.Is(err, ErrLayout) && len(m.Gaps) == 0 {
			p, err = freshPlan(m, f, opts)
		}
	default:
		return fmt.Errorf("encode: unknown layout %d", int(opts.Layout))
	}
	if err != nil {
		return err
	}
	return p.write(w)
}

// CheckSnapshot reports, as a *ModelError, everything in m that its version
// cannot represent or that would not read back as written. Layout (offsets,
// batches, gaps) is not checked here.
func CheckSnapshot(m *format.Snapshot) error {
	if err := checkVersion(m.Version); err != nil {
		return err
	}
	f := format.FeaturesOf(m.Version)
	c := &issues{v: m.Version}
	c.snapshotSections(f, m)
	for i := range m.Edges {
		c.properties(f, m.Edges[i].Properties, "edge", i, m.Edges[i].Gid)
	}
	for i := range m.Vertices {
		c.properties(f, m.Vertices[i].Properties, "vertex", i, m.Vertices[i].Gid)
	}
	c.recordCounts(f, &m.Metadata, uint64(len(m.Edges)), uint64(len(m.Vertices)))
	return c.err()
}

// recordCounts checks that, without batch tables, the metadata counts are
// the numbers of records: the reader reads exactly that many.
func (c *issues) recordCounts(f format.Features, md *format.SnapshotMetadata, edges, vertices uint64) {
	if f.Has(format.FeatSnapshotBatches) {
		return
	}
	if vertices != md.VertexCount {
		c.invalid("metadata.vertex_count", fmt.Sprintf(
			"without batch tables (SnapshotBatches) the reader reads vertex_count records: count %d, %d vertex records", md.VertexCount, vertices))
	}
	if edges > 0 && edges != md.EdgeCount {
		c.invalid("metadata.edge_count", fmt.Sprintf(
			"without batch tables (SnapshotBatches) the reader reads edge_count records: count %d, %d edge records", md.EdgeCount, edges))
	}
}

func snapshotHeaderSize(f format.Features) uint64 {
	return 13 + 9*uint64(len(format.SnapshotOffsetSlots(f)))
}

func (e *enc) snapshotHeader(f format.Features, offsets *format.Offsets) {
	e.b = append(e.b, format.SnapshotMagic...)
	e.u64(uint64(f.Version))
	e.marker(format.SectionOffsets)
	for _, slot := range format.SnapshotOffsetSlots(f) {
		e.uint(offsets[slot])
	}
}

// section encodes the section (or batch table) of one slot other than the
// record slots.
func (e *enc) section(f format.Features, m *format.Snapshot, slot format.OffsetSlot, edgeBatches, vertexBatches []format.Batch) {
	switch slot {
	case format.OffsetIndices:
		e.indices(f, &m.Indices)
	case format.OffsetEdgeIndices:
		e.edgeIndices(f, &m.EdgeIndices)
	case format.OffsetConstraints:
		e.constraints(f, &m.Constraints)
	case format.OffsetMapper:
		e.mapper(m.Mapper)
	case format.OffsetEnums:
		e.enums(m.Enums)
	case format.OffsetEpochHistory:
		e.epochHistory(m.EpochHistory)
	case format.OffsetMetadata:
		e.metadata(f, &m.Metadata)
	case format.OffsetEdgeBatches:
		e.batchTable(edgeBatches)
	case format.OffsetVertexBatches:
		e.batchTable(vertexBatches)
	case format.OffsetTTL:
		e.ttl(m.TTL)
	case format.OffsetDescriptions:
		e.descriptions(f, m.Descriptions)
	default:
		panic("encode: no section for slot " + slot.String())
	}
}

type spanKind uint8

const (
	spanHeader spanKind = iota
	spanSection
	spanEdges
	spanVertices
	spanGap
)

// span is one contiguous region of the planned file.
type span struct {
	kind         spanKind
	slot         format.OffsetSlot // spanSection
	off, size    uint64
	first, count int // spanEdges, spanVertices: record indices; spanGap: first is the gap index
}

func (s span) String() string {
	switch s.kind {
	case spanHeader:
		return "the header"
	case spanSection:
		return "section " + s.slot.String()
	case spanEdges:
		return fmt.Sprintf("edge records #%d..#%d", s.first, s.first+s.count-1)
	case spanVertices:
		return fmt.Sprintf("vertex records #%d..#%d", s.first, s.first+s.count-1)
	}
	return fmt.Sprintf("gap #%d", s.first)
}

// plan is a complete snapshot layout: the offsets table, the batch tables
// and every region in file order.
type plan struct {
	m             *format.Snapshot
	f             format.Features
	offsets       format.Offsets
	edgeBatches   []format.Batch
	vertexBatches []format.Batch
	spans         []span
	scratch       enc
}

func newPlan(m *format.Snapshot, f format.Features) *plan {
	return &plan{m: m, f: f, scratch: enc{sink: counter(0)}}
}

// sectionSize measures a section without keeping its bytes.
func (p *plan) sectionSize(slot format.OffsetSlot) uint64 {
	e := &p.scratch
	e.reset()
	e.section(p.f, p.m, slot, p.edgeBatches, p.vertexBatches)
	return uint64(e.size())
}

// runSize measures count records from first; with check, every record's
// recorded Offset must be where it lands.
func (p *plan) runSize(kind spanKind, first, count int, start uint64, check bool) (uint64, error) {
	e := &p.scratch
	pos := start
	for i := first; i < first+count; i++ {
		e.b = e.b[:0]
		var recOff uint64
		if kind == spanEdges {
			recOff = p.m.Edges[i].Offset
			e.edgeRecord(&p.m.Edges[i])
		} else {
			recOff = p.m.Vertices[i].Offset
			e.vertexRecord(&p.m.Vertices[i])
		}
		if check && recOff != pos {
			what := "vertex"
			if kind == spanEdges {
				what = "edge"
			}
			return 0, layoutErr("%s record #%d records offset %d but lands at %d", what, i, recOff, pos)
		}
		pos += uint64(len(e.b))
	}
	return pos - start, nil
}

// recordedPlan lays the file out at the offsets the model records and checks
// that they tile it exactly.
func recordedPlan(m *format.Snapshot, f format.Features) (*plan, error) {
	p := newPlan(m, f)
	p.offsets = m.Offsets
	p.edgeBatches, p.vertexBatches = m.EdgeBatches, m.VertexBatches
	p.spans = append(p.spans, span{kind: spanHeader, size: snapshotHeaderSize(f)})
	for _, slot := range format.SnapshotOffsetSlots(f) {
		if slot == format.OffsetEdges || slot == format.OffsetVertices {
			continue
		}
		off := m.Offsets[slot]
		if off == 0 {
			return nil, layoutErr("offset of %s is 0", slot)
		}
		p.spans = append(p.spans, span{kind: spanSection, slot: slot, off: off, size: p.sectionSize(slot)})
	}
	if f.Has(format.FeatSnapshotBatches) {
		if err := p.recordedRuns(spanEdges, m.EdgeBatches, len(m.Edges)); err != nil {
			return nil, err
		}
		if err := p.recordedRuns(spanVertices, m.VertexBatches, len(m.Vertices)); err != nil {
			return nil, err
		}
	} else {
		if len(m.EdgeBatches) > 0 || len(m.VertexBatches) > 0 {
			return nil, layoutErr("batch tables need SnapshotBatches")
		}
		// The reader reads edge_count records at offset_edges (when nonzero)
		// and vertex_count records at offset_vertices.
		eOff, vOff := m.Offsets[format.OffsetEdges], m.Offsets[format.OffsetVertices]
		switch {
		case len(m.Edges) > 0 && eOff == 0:
			return nil, layoutErr("edge records but offset of edges is 0")
		case len(m.Edges) == 0 && eOff != 0 && m.Metadata.EdgeCount > 0:
			return nil, layoutErr("no edge records, but the reader would read %d at offset %d", m.Metadata.EdgeCount, eOff)
		case len(m.Vertices) > 0 && vOff == 0:
			return nil, layoutErr("vertex records but offset of vertices is 0")
		}
		if len(m.Edges) > 0 {
			if err := p.recordedRuns(spanEdges, []format.Batch{{Offset: eOff, Count: uint64(len(m.Edges))}}, len(m.Edges)); err != nil {
				return nil, err
			}
		}
		if len(m.Vertices) > 0 {
			if err := p.recordedRuns(spanVertices, []format.Batch{{Offset: vOff, Count: uint64(len(m.Vertices))}}, len(m.Vertices)); err != nil {
				return nil, err
			}
		}
	}
	for i, g := range m.Gaps {
		p.spans = append(p.spans, span{kind: spanGap, off: g.Offset, size: uint64(len(g.Bytes)), first: i})
	}
	sort.SliceStable(p.spans, func(i, j int) bool { return p.spans[i].off < p.spans[j].off })
	var pos uint64
	kept := p.spans[:0]
	for _, s := range p.spans {
		if s.size == 0 {
			continue
		}
		switch {
		case s.off < pos:
			return nil, layoutErr("%s at %d overlaps the region ending at %d", s, s.off, pos)
		case s.off > pos:
			return nil, layoutErr("%d bytes at %d before %s belong to no section and no gap", s.off-pos, pos, s)
		}
		pos += s.size
		kept = append(kept, s)
	}
	p.spans = kept
	if err := p.checkOptionalCounts(); err != nil {
		return nil, err
	}
	return p, nil
}

// checkOptionalCounts guards the tolerant read of the text-index counts:
// when a count is absent, the reader looks at the byte after the
// edge-indices section and takes an INT marker there for the count. A
// recorded layout must not put such a byte there (Memgraph's order puts
// the constraints' 0x25 there).
func (p *plan) checkOptionalCounts() error {
	ei := &p.m.EdgeIndices
	if !p.f.Has(format.FeatEdgeIndices) || (ei.TextPresent && (!p.f.Has(format.FeatTextEdgeIndex) || ei.TextEdgePresent)) {
		return nil
	}
	for i, s := range p.spans {
		if s.kind != spanSection || s.slot != format.OffsetEdgeIndices || i+1 == len(p.spans) {
			continue
		}
		next := p.spans[i+1]
		var b byte
		switch next.kind {
		case spanSection:
			b = byte(format.MarkerInt) // batch tables start with their count
			if next.slot != format.OffsetEdgeBatches && next.slot != format.OffsetVertexBatches {
				b = 0 // every other section starts with its own marker
			}
		case spanGap:
			b = p.m.Gaps[next.first].Bytes[0]
		}
		if format.Marker(b) == format.MarkerInt {
			return layoutErr("a text index count is absent, but %s follows the edge-indices section with an INT marker the reader would take for it", next)
		}
	}
	return nil
}

func (p *plan) recordedRuns(kind spanKind, batches []format.Batch, n int) error {
	next := 0
	for i, b := range batches {
		if b.Count > uint64(n-next) {
			return layoutErr("%s batch #%d holds %d records, only %d remain", kindName(kind), i, b.Count, n-next)
		}
		size, err := p.runSize(kind, next, int(b.Count), b.Offset, true)
		if err != nil {
			return err
		}
		p.spans = append(p.spans, span{kind: kind, off: b.Offset, size: size, first: next, count: int(b.Count)})
		next += int(b.Count)
	}
	if next != n {
		return layoutErr("the %s batches hold %d records, the model has %d", kindName(kind), next, n)
	}
	return nil
}

func kindName(k spanKind) string {
	if k == spanEdges {
		return "edge"
	}
	return "vertex"
}

// omitEdges decides whether the edge section is absent in a fresh layout:
// on request, or, when the model has no edge records, if its offsets table
// says so or (without batch tables) its metadata counts edges the reader
// would otherwise look for.
func omitEdges(f format.Features, m *format.Snapshot, opts *SnapshotOptions) bool {
	if opts.OmitEdgeSection {
		return true
	}
	if len(m.Edges) > 0 {
		return false
	}
	return (m.Offsets[format.OffsetEdges] == 0 && m.Offsets[format.OffsetVertices] != 0) ||
		(!f.Has(format.FeatSnapshotBatches) && m.Metadata.EdgeCount > 0)
}

// batchCounts returns the record counts of the batches of a fresh layout:
// the model's counts when they cover the n records exactly, otherwise cuts
// every size records. Without batch tables all records form one run.
func batchCounts(f format.Features, model []format.Batch, n, size int) []int {
	if n == 0 {
		return nil
	}
	if !f.Has(format.FeatSnapshotBatches) {
		return []int{n}
	}
	var sum uint64
	ok := len(model) > 0
	for _, b := range model {
		if b.Count == 0 {
			ok = false
		}
		sum += b.Count
	}
	var out []int
	if ok && sum == uint64(n) {
		for _, b := range model {
			out = append(out, int(b.Count))
		}
		return out
	}
	for left := n; left > 0; left -= min(left, size) {
		out = append(out, min(left, size))
	}
	return out
}

// freshPlan lays the file out in Memgraph's writer order with no gaps.
func freshPlan(m *format.Snapshot, f format.Features, opts *SnapshotOptions) (*plan, error) {
	if len(m.Gaps) > 0 {
		return nil, layoutErr("a fresh layout has no place for the model's %d gaps", len(m.Gaps))
	}
	omit := omitEdges(f, m, opts)
	if omit && len(m.Edges) > 0 {
		c := &issues{v: m.Version}
		c.invalid("edges", fmt.Sprintf("%d edge records, but the edge section is absent (offset 0)", len(m.Edges)))
		return nil, c.err()
	}
	p := newPlan(m, f)
	pos := snapshotHeaderSize(f)
	p.spans = append(p.spans, span{kind: spanHeader, size: pos})
	if !omit {
		p.offsets[format.OffsetEdges] = pos
	}
	runs := func(kind spanKind, model []format.Batch, n int) ([]format.Batch, error) {
		var tab []format.Batch
		first := 0
		for _, cnt := range batchCounts(f, model, n, opts.batchSize()) {
			size, err := p.runSize(kind, first, cnt, pos, false)
			if err != nil {
				return nil, err
			}
			tab = append(tab, format.Batch{Offset: pos, Count: uint64(cnt)})
			p.spans = append(p.spans, span{kind: kind, off: pos, size: size, first: first, count: cnt})
			pos += size
			first += cnt
		}
		return tab, nil
	}
	var err error
	if p.edgeBatches, err = runs(spanEdges, m.EdgeBatches, len(m.Edges)); err != nil {
		return nil, err
	}
	p.offsets[format.OffsetVertices] = pos
	if p.vertexBatches, err = runs(spanVertices, m.VertexBatches, len(m.Vertices)); err != nil {
		return nil, err
	}
	if !f.Has(format.FeatSnapshotBatches) {
		p.edgeBatches, p.vertexBatches = nil, nil
	}
	// The remaining sections follow in offsets-table order, which is
	// Memgraph's physical order.
	for _, slot := range format.SnapshotOffsetSlots(f) {
		if slot == format.OffsetEdges || slot == format.OffsetVertices {
			continue
		}
		p.offsets[slot] = pos
		size := p.sectionSize(slot)
		p.spans = append(p.spans, span{kind: spanSection, slot: slot, off: pos, size: size})
		pos += size
	}
	return p, nil
}

// write emits the planned regions in order.
func (p *plan) write(w io.Writer) error {
	o := newOut(w, 0)
	e := &enc{sink: o}
	for _, s := range p.spans {
		if o.err != nil {
			break
		}
		if uint64(o.pos) != s.off {
			return fmt.Errorf("encode: internal error: %s planned at %d, written at %d", s, s.off, o.pos)
		}
		switch s.kind {
		case spanHeader:
			e.snapshotHeader(p.f, &p.offsets)
		case spanSection:
			e.section(p.f, p.m, s.slot, p.edgeBatches, p.vertexBatches)
		case spanEdges:
			for i := s.first; i < s.first+s.count; i++ {
				e.edgeRecord(&p.m.Edges[i])
				e.spill()
			}
		case spanVertices:
			for i := s.first; i < s.first+s.count; i++ {
				e.vertexRecord(&p.m.Vertices[i])
				e.spill()
			}
		case spanGap:
			o.write(p.m.Gaps[s.first].Bytes)
		}
		e.flush()
		if o.err == nil && uint64(o.pos) != s.off+s.size {
			return fmt.Errorf("encode: internal error: %s planned as %d bytes, wrote %d", s, s.size, uint64(o.pos)-s.off)
		}
	}
	return o.flush()
}

// SnapshotWriter streams a snapshot in Memgraph's writer order: the header
// with a placeholder offsets table, the edge records, the vertex records,
// then (Finish) every other section and the batch tables, and finally the
// real offsets table, back-patched. Records pass through a bounded buffer,
// so memory does not grow with the file.
type SnapshotWriter struct {
	f        format.Features
	opts     SnapshotOptions
	o        *out
	e        enc
	patch    func(off int64, b []byte) error
	offsets  format.Offsets
	batches  [2][]format.Batch // edge, vertex
	phase    int               // 0 edges, 1 vertices, 2 finished
	cut      bool              // the next record starts a new batch
	counts   [2]uint64
	err      error
	finished bool
}

// NewSnapshotWriter writes the header of a snapshot of version v to w, which
// must be an io.WriteSeeker (the snapshot starts at its current position)
// or an io.WriterAt (the snapshot starts at offset 0), so that Finish can
// back-patch the offsets table. opts may be nil; its Layout is ignored.
func NewSnapshotWriter(w io.Writer, v format.Version, opts *SnapshotOptions) (*SnapshotWriter, error) {
	if err := checkVersion(v); err != nil {
		return nil, err
	}
	s := &SnapshotWriter{f: format.FeaturesOf(v)}
	if opts != nil {
		s.opts = *opts
	}
	patch, err := patcher(w)
	if err != nil {
		return nil, fmt.Errorf("encode: snapshot writer: %w", err)
	}
	s.patch = patch
	s.o = newOut(w, 0)
	s.e.sink = s.o
	s.e.snapshotHeader(s.f, &s.offsets) // all zeros until Finish
	s.e.flush()
	s.cut = true
	return s, s.o.err
}

func (s *SnapshotWriter) fail(err error) error {
	if s.err == nil {
		s.err = err
	}
	return err
}

// EndBatch ends the current batch: the next record starts a new one. Runs
// of BatchSize records are cut automatically. Without batch tables (v14) it
// has no effect.
func (s *SnapshotWriter) EndBatch() { s.cut = true }

// Offset is the absolute offset the next byte will be written at.
func (s *SnapshotWriter) Offset() int64 { return s.o.pos + int64(len(s.e.b)) }

func (s *SnapshotWriter) record(k int) {
	b := &s.batches[k]
	if s.cut || (s.f.Has(format.FeatSnapshotBatches) && (*b)[len(*b)-1].Count >= uint64(s.opts.batchSize())) {
		*b = append(*b, format.Batch{Offset: uint64(s.Offset())})
		s.cut = false
	}
	(*b)[len(*b)-1].Count++
	s.counts[k]++
}

// WriteEdge writes one edge record. Every edge comes before every vertex.
func (s *SnapshotWriter) WriteEdge(r format.EdgeRecord) error {
	if s.err != nil {
		return s.err
	}
	if s.phase != 0 {
		return s.fail(errors.New("encode: edge record after vertex records (Memgraph writes every edge first)"))
	}
	if s.opts.OmitEdgeSection {
		return s.fail(errors.New("encode: edge record written with OmitEdgeSection"))
	}
	c := &issues{v: s.f.Version}
	c.properties(s.f, r.Properties, "edge", int(s.counts[0]), r.Gid)
	if err := c.err(); err != nil {
		return err // the record is refused; the writer stays usable
	}
	s.record(0)
	s.e.edgeRecord(&r)
	s.e.spill()
	return s.o.err
}

func (s *SnapshotWriter) endEdges() {
	if s.phase == 0 {
		s.phase = 1
		s.cut = true
		s.offsets[format.OffsetVertices] = uint64(s.Offset())
	}
}

// WriteVertex writes one vertex record.
func (s *SnapshotWriter) WriteVertex(r format.VertexRecord) error {
	if s.err != nil {
		return s.err
	}
	if s.phase > 1 {
		return s.fail(errors.New("encode: vertex record after Finish"))
	}
	c := &issues{v: s.f.Version}
	c.properties(s.f, r.Properties, "vertex", int(s.counts[1]), r.Gid)
	if err := c.err(); err != nil {
		return err
	}
	s.endEdges()
	s.record(1)
	s.e.vertexRecord(&r)
	s.e.spill()
	return s.o.err
}

// AppendRecords appends size bytes of records read from r, encoded by
// another SnapshotWriter of the same version (a parallel part file), as
// edge records or vertex records; batches are r's batch table with
// offsets relative to r's start, shifted here to where they land. Records
// hold no offsets, so their bytes are the same wherever they are written.
// The next record written starts a new batch.
func (s *SnapshotWriter) AppendRecords(vertices bool, r io.Reader, size int64, batches []format.Batch) error {
	if s.err != nil {
		return s.err
	}
	k := 0
	switch {
	case vertices && s.phase > 1:
		return s.fail(errors.New("encode: vertex records after Finish"))
	case vertices:
		s.endEdges()
		k = 1
	case s.phase != 0:
		return s.fail(errors.New("encode: edge records after vertex records (Memgraph writes every edge first)"))
	case s.opts.OmitEdgeSection:
		return s.fail(errors.New("encode: edge records appended with OmitEdgeSection"))
	}
	if !s.f.Has(format.FeatSnapshotBatches) {
		return s.fail(errors.New("encode: appended records need batch tables to be counted"))
	}
	s.e.flush()
	base := uint64(s.Offset())
	for _, b := range batches {
		if b.Offset >= uint64(size) || b.Count == 0 {
			return s.fail(fmt.Errorf("encode: appended batch at %d of %d records lies outside the %d bytes appended", b.Offset, b.Count, size))
		}
		s.batches[k] = append(s.batches[k], format.Batch{Offset: base + b.Offset, Count: b.Count})
		s.counts[k] += b.Count
	}
	buf := make([]byte, min(size, 1<<20))
	for left := size; left > 0 && s.o.err == nil; {
		n, err := io.ReadFull(r, buf[:min(int64(len(buf)), left)])
		if err != nil {
			return s.fail(fmt.Errorf("encode: reading appended records: %w", err))
		}
		s.o.write(buf[:n])
		left -= int64(n)
	}
	s.cut = true
	return s.o.err
}

// Finish writes every section of rest but its records (rest.Edges and
// rest.Vertices must be empty; they were streamed), the batch tables, and
// back-patches the offsets table. rest.Version must be the writer's version;
// rest.Offsets and batch tables are ignored, and rest.Gaps must be empty.
func (s *SnapshotWriter) Finish(rest *format.Snapshot) error {
	return s.FinishWith(rest, nil)
}

// FinishWith is Finish with the entries of rest's vector indices given by
// entries (when not nil) as they are written: rest then holds none.
func (s *SnapshotWriter) FinishWith(rest *format.Snapshot, entries VectorEntrySource) error {
	if s.err != nil {
		return s.err
	}
	if s.finished {
		return errors.New("encode: Finish called twice")
	}
	f := s.f
	c := &issues{v: f.Version}
	if rest.Version != f.Version {
		c.invalid("version", fmt.Sprintf("sections of format %s for a writer of format %s", rest.Version, f.Version))
	}
	if len(rest.Edges) > 0 || len(rest.Vertices) > 0 {
		c.invalid("records", "Finish takes the sections only; stream records with WriteEdge and WriteVertex")
	}
	if len(rest.Gaps) > 0 {
		c.invalid("gaps", "a streamed snapshot has no place for gaps")
	}
	c.snapshotSections(f, rest)
	if entries != nil {
		c.sourcedEntries(f, rest.EdgeIndices.Vector, false, "edge_indices.vector", entries)
		c.sourcedEntries(f, rest.EdgeIndices.VectorEdge, true, "edge_indices.vector_edge", entries)
	}
	c.recordCounts(f, &rest.Metadata, s.counts[0], s.counts[1])
	if err := c.err(); err != nil {
		return err
	}
	s.finished = true
	s.e.entries = entries
	defer func() { s.e.entries = nil }()
	s.endEdges()
	s.phase = 2
	omit := s.opts.OmitEdgeSection || (!f.Has(format.FeatSnapshotBatches) && s.counts[0] == 0 && rest.Metadata.EdgeCount > 0)
	if !omit {
		s.offsets[format.OffsetEdges] = snapshotHeaderSize(f)
	}
	var eb, vb []format.Batch
	if f.Has(format.FeatSnapshotBatches) {
		eb, vb = s.batches[0], s.batches[1]
	}
	for _, slot := range format.SnapshotOffsetSlots(f) {
		if slot == format.OffsetEdges || slot == format.OffsetVertices {
			continue
		}
		s.offsets[slot] = uint64(s.Offset())
		s.e.section(f, rest, slot, eb, vb)
		if s.e.err != nil {
			return s.fail(s.e.err)
		}
		s.e.spill()
	}
	s.e.flush()
	if err := s.o.flush(); err != nil {
		return s.fail(err)
	}
	var hdr enc
	hdr.snapshotHeader(f, &s.offsets)
	if err := s.patch(0, hdr.b); err != nil {
		return s.fail(err)
	}
	return nil
}

// Offsets returns the offsets table (complete after Finish).
func (s *SnapshotWriter) Offsets() format.Offsets { return s.offsets }

// Batches returns the edge and vertex batch tables written so far.
func (s *SnapshotWriter) Batches() (edges, vertices []format.Batch) {
	return s.batches[0], s.batches[1]
}
