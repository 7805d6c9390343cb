package decode

import (
	"fmt"

	"github.com/durascope/durascope/format"
)

// paths reads the property part of a label+properties index entry in the
// shape of the version: one id, a list of ids (CompositeIndices), or a list
// of id paths (NestedIndices).
func paths(c *cursor, f format.Features) []format.PropertyPath {
	if !f.Has(format.FeatCompositeIndices) {
		return []format.PropertyPath{{c.uint("property id")}}
	}
	n := c.count(9, "property path count")
	out := make([]format.PropertyPath, 0, prealloc(n))
	for i := uint64(0); i < n && c.err == nil; i++ {
		if f.Has(format.FeatNestedIndices) {
			out = append(out, format.PropertyPath(c.uintList("property path element")))
		} else {
			out = append(out, format.PropertyPath{c.uint("property id")})
		}
	}
	return out
}

// Indices reads SECTION_INDICES.
func (s *Snapshot) Indices() (format.Indices, error) {
	out, _, err := s.indices()
	return out, err
}

func (s *Snapshot) indices() (format.Indices, int64, error) {
	var ix format.Indices
	c, err := s.section(format.OffsetIndices, format.SectionIndices)
	if err != nil {
		return ix, 0, err
	}
	f := s.Features
	fail := func(list string) (format.Indices, int64, error) {
		return ix, 0, s.wrap(c.err, "indices", list)
	}
	ix.Label = c.uintList("label index")
	if c.err != nil {
		return fail("label indices")
	}
	if f.Has(format.FeatIndexStats) {
		n := c.count(27, "label index stats")
		if c.err != nil {
			return fail("label index stats")
		}
		for i := uint64(0); i < n; i++ {
			st := format.LabelStat{Label: c.uint("label id"), Count: c.uint("count"), AvgDegree: c.double("avg degree")}
			if c.err != nil {
				return fail(fmt.Sprintf("label index stats #%d", i))
			}
			ix.LabelStats = append(ix.LabelStats, st)
		}
	}
	lpList := func(what string) []format.LabelPropertiesIndex {
		n := c.count(18, what)
		out := make([]format.LabelPropertiesIndex, 0, prealloc(n))
		for i := uint64(0); i < n && c.err == nil; i++ {
			out = append(out, format.LabelPropertiesIndex{Label: c.uint("label id"), Paths: paths(c, f)})
		}
		return out
	}
	ix.LabelProperties = lpList("label+properties indices")
	if c.err != nil {
		return fail("label+properties indices")
	}
	if f.Has(format.FeatDescIndices) {
		ix.LabelPropertiesDesc = lpList("descending label+properties indices")
		if c.err != nil {
			return fail("descending label+properties indices")
		}
	}
	if f.Has(format.FeatIndexStats) {
		n := c.count(63, "label+properties stats")
		if c.err != nil {
			return fail("label+properties stats")
		}
		for i := uint64(0); i < n; i++ {
			st := format.LabelPropertiesStat{
				Label:         c.uint("label id"),
				Paths:         paths(c, f),
				Count:         c.uint("count"),
				DistinctCount: c.uint("distinct values count"),
				Statistic:     c.double("statistic"),
				AvgGroupSize:  c.double("avg group size"),
				AvgDegree:     c.double("avg degree"),
			}
			if c.err != nil {
				return fail(fmt.Sprintf("label+properties stats #%d", i))
			}
			ix.LabelPropertyStats = append(ix.LabelPropertyStats, st)
		}
	}
	return ix, s.done(format.OffsetIndices, c.pos()), nil
}

func labelPropertyList(c *cursor, what string) []format.LabelProperty {
	n := c.count(18, what)
	out := make([]format.LabelProperty, 0, prealloc(n))
	for i := uint64(0); i < n && c.err == nil; i++ {
		out = append(out, format.LabelProperty{Label: c.uint(what, " label"), Property: c.uint(what, " property")})
	}
	return out
}

// VectorEntrySink is handed the entries of a snapshot's vector indices as
// they are read (Snapshot.EdgeIndicesWith, Snapshot.VectorEntry), so that
// a reader need not hold them: a vector-heavy snapshot holds most of its
// bytes there.
type VectorEntrySink interface {
	// Entries starts the n entries of x, index i of the vertex (or, edge
	// set, the edge) vector indices; x has every field but Entries.
	Entries(x *format.VectorIndex, edge bool, i int, n uint64)
	// Entry starts entry j of the index, the object gid's, read at off;
	// its Dimension components follow through Components.
	Entry(j uint64, off int64, gid uint64)
	// Components hands the entry's next components, in order, in pieces
	// of at most VectorPiece; xs is valid only during the call.
	Components(xs []float64)
}

// VectorPiece is the most components VectorEntrySink.Components is handed
// at once: a sink's memory does not grow with a vector's dimension, which
// the file states.
const VectorPiece = 256

// keepEntries is the VectorEntrySink of EdgeIndices: the entries go into
// their index.
type keepEntries struct{ x *format.VectorIndex }

func (k *keepEntries) Entries(x *format.VectorIndex, _ bool, _ int, n uint64) {
	k.x = x
	x.Entries = make([]format.VectorEntry, 0, prealloc(n))
}

func (k *keepEntries) Entry(_ uint64, _ int64, gid uint64) {
	k.x.Entries = append(k.x.Entries, format.VectorEntry{Gid: gid, Vector: make([]float64, 0, prealloc(k.x.Dimension))})
}

func (k *keepEntries) Components(xs []float64) {
	e := &k.x.Entries[len(k.x.Entries)-1]
	e.Vector = append(e.Vector, xs...)
}

// dropEntries is the VectorEntrySink of a reader that wants only the
// section's framing (ReadSection): the entries are read and checked, and
// let go.
type dropEntries struct{}

func (dropEntries) Entries(*format.VectorIndex, bool, int, uint64) {}
func (dropEntries) Entry(uint64, int64, uint64)                    {}
func (dropEntries) Components([]float64)                           {}

func (s *Snapshot) vectorIndices(c *cursor, edge bool, sink VectorEntrySink) []format.VectorIndex {
	f := s.Features
	n := c.count(60, "vector indices")
	withEntries := f.VectorEntries(edge)
	out := make([]format.VectorIndex, 0, prealloc(n))
	var piece [VectorPiece]float64
	for i := uint64(0); i < n && c.err == nil; i++ {
		v := format.VectorIndex{Name: c.str("vector index name")}
		if f.Has(format.FeatVectorMultiLabel) {
			v.Mode = c.enum(format.VectorModeAllOf, "vector match mode")
			v.Targets = c.uintList("vector index target")
		} else {
			v.Mode, v.Targets = format.VectorModeSingle, []uint64{c.uint("vector index target")}
		}
		v.Property = c.uint("vector property")
		v.Metric = c.str("vector metric")
		v.Dimension = c.uint("vector dimension")
		v.Resize = c.uint("vector resize coefficient")
		v.Capacity = c.uint("vector capacity")
		if f.Has(format.FeatVectorScalarKind) {
			v.ScalarKind = c.uint("vector scalar kind")
		}
		if withEntries {
			vectorEntries(c, &v, edge, int(i), sink, &piece)
		}
		out = append(out, v)
	}
	return out
}

// vectorEntries reads the entry list of x (read up to its entries) into sink.
func vectorEntries(c *cursor, x *format.VectorIndex, edge bool, i int, sink VectorEntrySink, piece *[VectorPiece]float64) {
	dim := x.Dimension
	entrySize := int64(9)
	if dim < uint64(c.remaining()/9) {
		entrySize += int64(dim) * 9
	} else {
		entrySize = c.remaining() + 1 // any nonzero count is then too large
	}
	n := c.count(entrySize, "vector entries")
	if c.err != nil {
		return
	}
	sink.Entries(x, edge, i, n)
	for j := uint64(0); j < n && c.err == nil; j++ {
		vectorEntry(c, j, dim, sink, piece)
	}
}

// vectorEntry reads entry j, of dim components, into sink: the one home of
// an entry's layout.
func vectorEntry(c *cursor, j, dim uint64, sink VectorEntrySink, piece *[VectorPiece]float64) {
	off := c.pos()
	sink.Entry(j, off, c.uint("vector entry gid"))
	for k := uint64(0); k < dim && c.err == nil; {
		m := min(uint64(len(piece)), dim-k)
		c.doubles(piece[:m], "vector component")
		sink.Components(piece[:m])
		k += m
	}
}

// VectorEntry reads the entry of a vector index of dimension dim at off,
// where EdgeIndicesWith said one starts, into sink (as entry 0): to look
// at one entry again without holding them all.
func (s *Snapshot) VectorEntry(off int64, dim uint64, sink VectorEntrySink) error {
	return s.vectorEntryList(VectorEntryList{Offset: off, Count: 1, Dimension: dim}, sink, "vector entry")
}

// VectorEntryList is where the entries of one vector index lie, as
// EdgeIndicesWith read them: Count entries of Dimension components each,
// the first at Offset.
type VectorEntryList struct {
	Offset           int64
	Count, Dimension uint64
}

// VectorEntryLists is a VectorEntrySink that keeps where each vector
// index's entries lie and lets the entries go, so that they can be read
// again one list at a time (Snapshot.VectorEntries) without being held.
// Vertex and Edge are by index, for the indices whose entries the version
// carries (none for the others).
type VectorEntryLists struct {
	Vertex, Edge []VectorEntryList
	last         *VectorEntryList // the list being read
}

func (l *VectorEntryLists) Entries(x *format.VectorIndex, edge bool, _ int, n uint64) {
	list := &l.Vertex
	if edge {
		list = &l.Edge
	}
	*list = append(*list, VectorEntryList{Count: n, Dimension: x.Dimension})
	l.last = &(*list)[len(*list)-1]
}

func (l *VectorEntryLists) Entry(j uint64, off int64, _ uint64) {
	if j == 0 {
		l.last.Offset = off
	}
}

func (*VectorEntryLists) Components([]float64) {}

// Of is the entry list of index i of the vertex (edge) vector indices;
// ok is false when the version carries no entries for them.
func (l *VectorEntryLists) Of(edge bool, i int) (list VectorEntryList, ok bool) {
	lists := l.Vertex
	if edge {
		lists = l.Edge
	}
	if i >= len(lists) {
		return VectorEntryList{}, false
	}
	return lists[i], true
}

// VectorEntries reads again the entries of list, which EdgeIndicesWith
// read and checked, into sink as entries 0..Count-1 (Entries is not
// called): an index's entries, one at a time, where holding them all
// would cost what the file holds.
func (s *Snapshot) VectorEntries(list VectorEntryList, sink VectorEntrySink) error {
	return s.vectorEntryList(list, sink, "vector entries")
}

// vectorEntryList reads the entries of list into sink, reading no further
// than they reach; an error names record.
func (s *Snapshot) vectorEntryList(list VectorEntryList, sink VectorEntrySink, record string) error {
	if list.Count == 0 {
		return nil
	}
	end := s.size
	if dim := list.Dimension; dim < uint64(s.size)/9 {
		if size := 9 + 9*int64(dim); list.Count < uint64(s.size/size) {
			end = min(end, list.Offset+int64(list.Count)*size)
		}
	}
	c := newBoundedCursor(s.r, list.Offset, end, s.size, s.Features)
	var piece [VectorPiece]float64
	for j := uint64(0); j < list.Count && c.err == nil; j++ {
		vectorEntry(c, j, list.Dimension, sink, &piece)
	}
	if c.err != nil {
		return s.wrap(c.err, "edge_indices", record)
	}
	return nil
}

// optionalCount reads a text-index count the way Memgraph does: if the next
// byte is not an INT marker the list is absent (count 0). Writers before
// TextEdgeIndex wrote these lists only with a runtime flag.
func optionalCount(c *cursor, minSize int64, what string) (n uint64, present bool) {
	b, ok := c.peekByte()
	if !ok || format.Marker(b) != format.MarkerInt {
		return 0, false
	}
	return c.count(minSize, what), true
}

func (s *Snapshot) textIndices(c *cursor, what string) ([]format.TextIndex, bool) {
	n, present := optionalCount(c, 19, what)
	if !present {
		return nil, false
	}
	out := make([]format.TextIndex, 0, prealloc(n))
	for i := uint64(0); i < n && c.err == nil; i++ {
		t := format.TextIndex{Name: c.str(what, " name"), Target: c.uint(what, " target")}
		if s.Features.Has(format.FeatTextIndexProperties) {
			t.Properties = c.uintList(what + " property")
		}
		out = append(out, t)
	}
	return out, true
}

// EdgeIndices reads SECTION_EDGE_INDICES (zero value before Features.EdgeIndices).
func (s *Snapshot) EdgeIndices() (format.EdgeIndices, error) {
	out, _, err := s.edgeIndices(&keepEntries{})
	return out, err
}

// EdgeIndicesWith reads SECTION_EDGE_INDICES as EdgeIndices does, but hands
// the vector indices' entries to entries as they are read instead of
// keeping them: the indices it returns have no Entries, and its memory
// does not grow with them. A sink's work is void when an error is
// returned. A nil sink lets the entries go (they are still read and
// checked).
func (s *Snapshot) EdgeIndicesWith(entries VectorEntrySink) (format.EdgeIndices, error) {
	if entries == nil {
		entries = dropEntries{}
	}
	out, _, err := s.edgeIndices(entries)
	return out, err
}

func (s *Snapshot) edgeIndices(entries VectorEntrySink) (format.EdgeIndices, int64, error) {
	var ei format.EdgeIndices
	f := s.Features
	if !f.Has(format.FeatEdgeIndices) {
		return ei, 0, nil
	}
	c, err := s.section(format.OffsetEdgeIndices, format.SectionEdgeIndices)
	if err != nil {
		return ei, 0, err
	}
	fail := func(list string) (format.EdgeIndices, int64, error) {
		return ei, 0, s.wrap(c.err, "edge_indices", list)
	}
	ei.EdgeType = c.uintList("edge-type index")
	if c.err != nil {
		return fail("edge-type indices")
	}
	if f.Has(format.FeatEdgeTypePropertyIndex) {
		ei.EdgeTypeProperty = labelPropertyList(c, "edge-type+property index")
		if c.err != nil {
			return fail("edge-type+property indices")
		}
	}
	if f.Has(format.FeatGlobalEdgePropertyIndex) {
		ei.GlobalEdgeProperty = c.uintList("global edge-property index")
		if c.err != nil {
			return fail("global edge-property indices")
		}
	}
	if f.Has(format.FeatGlobalVertexPropertyIndex) {
		ei.GlobalVertexProperty = c.uintList("global vertex-property index")
		if c.err != nil {
			return fail("global vertex-property indices")
		}
	}
	if f.Has(format.FeatPointIndexTypeConstraints) {
		ei.Point = labelPropertyList(c, "point index")
		if c.err != nil {
			return fail("point indices")
		}
	}
	if f.Has(format.FeatVectorIndex) {
		ei.Vector = s.vectorIndices(c, false, entries)
		if c.err != nil {
			return fail("vector indices")
		}
	}
	if f.Has(format.FeatVectorEdgeIndex) {
		ei.VectorEdge = s.vectorIndices(c, true, entries)
		if c.err != nil {
			return fail("vector edge indices")
		}
	}
	ei.Text, ei.TextPresent = s.textIndices(c, "text index")
	if c.err != nil {
		return fail("text indices")
	}
	if f.Has(format.FeatTextEdgeIndex) {
		ei.TextEdge, ei.TextEdgePresent = s.textIndices(c, "text edge index")
		if c.err != nil {
			return fail("text edge indices")
		}
	}
	return ei, s.done(format.OffsetEdgeIndices, c.pos()), nil
}

// Constraints reads SECTION_CONSTRAINTS.
func (s *Snapshot) Constraints() (format.Constraints, error) {
	out, _, err := s.constraints()
	return out, err
}

func (s *Snapshot) constraints() (format.Constraints, int64, error) {
	var cs format.Constraints
	c, err := s.section(format.OffsetConstraints, format.SectionConstraints)
	if err != nil {
		return cs, 0, err
	}
	fail := func(list string) (format.Constraints, int64, error) {
		return cs, 0, s.wrap(c.err, "constraints", list)
	}
	cs.Existence = labelPropertyList(c, "existence constraint")
	if c.err != nil {
		return fail("existence constraints")
	}
	n := c.count(18, "unique constraints")
	if c.err != nil {
		return fail("unique constraints")
	}
	for i := uint64(0); i < n; i++ {
		u := format.UniqueConstraint{Label: c.uint("unique constraint label"), Properties: c.uintList("unique constraint property")}
		if c.err != nil {
			return fail(fmt.Sprintf("unique constraint #%d", i))
		}
		cs.Unique = append(cs.Unique, u)
	}
	if s.Features.Has(format.FeatPointIndexTypeConstraints) {
		n := c.count(27, "type constraints")
		if c.err != nil {
			return fail("type constraints")
		}
		for i := uint64(0); i < n; i++ {
			t := format.TypeConstraint{
				Label:    c.uint("type constraint label"),
				Property: c.uint("type constraint property"),
				Kind:     c.enum(format.MaxTypeConstraintKind, "type constraint kind"),
			}
			if c.err != nil {
				return fail(fmt.Sprintf("type constraint #%d", i))
			}
			cs.Type = append(cs.Type, t)
		}
	}
	return cs, s.done(format.OffsetConstraints, c.pos()), nil
}

// TTL reads SECTION_TTL (nil before Features.TTL).
func (s *Snapshot) TTL() (*format.TTLConfig, error) {
	out, _, err := s.ttl()
	return out, err
}

func (s *Snapshot) ttl() (*format.TTLConfig, int64, error) {
	if !s.Features.Has(format.FeatTTL) {
		return nil, 0, nil
	}
	c, err := s.section(format.OffsetTTL, format.SectionTTL)
	if err != nil {
		return nil, 0, err
	}
	t := &format.TTLConfig{Enabled: c.boolean("ttl enabled")}
	if t.Enabled {
		t.Running = c.boolean("ttl running")
		t.HasPeriod = c.boolean("ttl has period")
		if t.HasPeriod {
			t.PeriodUs = c.uint("ttl period")
		}
		t.HasStart = c.boolean("ttl has start time")
		if t.HasStart {
			t.StartNs = c.uint("ttl start time")
		}
		t.EdgeTTL = c.boolean("ttl edge ttl")
	}
	if c.err != nil {
		return nil, 0, s.wrap(c.err, "ttl", "")
	}
	return t, s.done(format.OffsetTTL, c.pos()), nil
}

// Descriptions reads SECTION_DESCRIPTIONS (nil before Features.Descriptions).
func (s *Snapshot) Descriptions() ([]format.Description, error) {
	out, _, err := s.descriptions()
	return out, err
}

func (s *Snapshot) descriptions() ([]format.Description, int64, error) {
	if !s.Features.Has(format.FeatDescriptions) {
		return nil, 0, nil
	}
	c, err := s.section(format.OffsetDescriptions, format.SectionDescriptions)
	if err != nil {
		return nil, 0, err
	}
	n := c.count(18, "descriptions")
	if c.err != nil {
		return nil, 0, s.wrap(c.err, "descriptions", "")
	}
	out := make([]format.Description, 0, prealloc(n))
	for i := uint64(0); i < n; i++ {
		d := description(c, s.Features, true)
		if c.err != nil {
			return nil, 0, s.wrap(c.err, "descriptions", fmt.Sprintf("description #%d", i))
		}
		out = append(out, d)
	}
	return out, s.done(format.OffsetDescriptions, c.pos()), nil
}

// description reads a description entry; withText says whether the trailing
// description text is present (absent in DESCRIPTION_DELETE).
func description(c *cursor, f format.Features, withText bool) format.Description {
	var d format.Description
	off := c.pos()
	k := c.uint("description kind")
	d.Kind = format.DescriptionKind(k)
	switch d.Kind {
	case format.DescDatabase:
	case format.DescLabel:
		d.Labels = c.strList("description label")
	case format.DescEdgeType:
		d.EdgeType = c.str("description edge type")
	case format.DescLabelProperty:
		d.Labels = c.strList("description label")
		d.Property = c.str("description property")
	case format.DescEdgeTypeProperty:
		d.EdgeType = c.str("description edge type")
		d.Property = c.str("description property")
	case format.DescProperty:
		d.Property = c.str("description property")
	case format.DescEdgeTypePattern, format.DescEdgeTypePatternProperty:
		d.Labels = c.strList("description from label")
		d.EdgeType = c.str("description edge type")
		d.ToLabels = c.strList("description to label")
		if d.Kind == format.DescEdgeTypePatternProperty {
			d.Property = c.str("description property")
		}
	case format.DescPropertyValue:
		if !f.Has(format.FeatPropertyValueDescription) {
			c.corrupt(off, "description kind %d needs format 37", k)
			return d
		}
		d.Property = c.str("description property")
		d.Value = c.value("description value")
	default:
		c.corrupt(off, "unknown description kind %d", k)
		return d
	}
	if withText {
		d.Text = c.str("description text")
	}
	return d
}
