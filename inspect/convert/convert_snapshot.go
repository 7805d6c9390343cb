package convert

import (
	"fmt"
	"io"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
)

// snapConv converts the sections and records of a snapshot from the
// features sf to tf. Every section entry is judged as the delta that
// creates it; records keep their gids, labels and edges, and lose only the
// property values the target cannot hold.
type snapConv struct {
	sf, tf format.Features
	report *Report
	names  map[uint64]string
	enums  stateEnums
	// kept are, for the vertex and the edge vector indices of the
	// target's sections, the index each came from in the source.
	kept [2][]int
}

func newSnapConv(sf, tf format.Features, mapper []format.MapperEntry, enums []format.EnumType, r *Report) *snapConv {
	return &snapConv{sf: sf, tf: tf, report: r, names: graph.ResolveMapper(mapper).Names(), enums: append(stateEnums(nil), enums...)}
}

func (c *snapConv) name(section string, id uint64) (string, error) {
	n, ok := c.names[id]
	if !ok {
		return "", &format.DecodeError{Section: section, Err: format.ErrInconsistent, Reason: fmt.Sprintf("id %d is not in the mapper", id)}
	}
	return n, nil
}

func (c *snapConv) nameList(section string, ids []uint64) ([]string, error) {
	out := make([]string, len(ids))
	for i, id := range ids {
		n, err := c.name(section, id)
		if err != nil {
			return nil, err
		}
		out[i] = n
	}
	return out, nil
}

func (c *snapConv) namePaths(section string, paths []format.PropertyPath) ([]format.NamePath, error) {
	out := make([]format.NamePath, len(paths))
	for i, p := range paths {
		n, err := c.nameList(section, p)
		if err != nil {
			return nil, err
		}
		out[i] = n
	}
	return out, nil
}

// keep judges one section entry, reporting it when dropped.
func (c *snapConv) keep(m format.Marker, d format.Delta, record string) bool {
	dr := judge(c.tf, m, d, &c.report.facts, &c.enums)
	if dr == nil {
		return true
	}
	c.report.drop(dr, format.NoOffset, record)
	return false
}

// properties converts the properties of one record; offset locates it in
// the source (format.NoOffset for a model).
func (c *snapConv) properties(edge bool, gid uint64, offset int64, props []format.Property) ([]format.Property, error) {
	var out []format.Property // nil while nothing changed
	for i, p := range props {
		var n format.FeatureSet
		valueNeeds(p.Value, &n, &c.report.facts)
		missing := n.MissingIn(c.tf)
		nv, changed := p.Value, missing != format.NoFeature
		if !changed {
			nv, changed = rewriteValue(p.Value, c.tf)
		}
		if changed && out == nil {
			out = append(make([]format.Property, 0, len(props)), props[:i]...)
		}
		if missing != format.NoFeature {
			name, err := c.name("records", p.ID)
			if err != nil {
				return nil, err
			}
			m := format.DeltaVertexSetProperty
			var d format.Delta = format.VertexPropertyDelta{Gid: gid, Property: name, Value: p.Value}
			record := fmt.Sprintf("vertex gid %d", gid)
			if edge {
				m = format.DeltaEdgeSetProperty
				d = format.EdgePropertyDelta{Gid: gid, Property: name, Value: p.Value}
				record = fmt.Sprintf("edge gid %d", gid)
			}
			c.report.drop(newDropped(m, d, n, missing, &c.enums), offset, record)
			continue
		}
		if out != nil {
			out = append(out, format.Property{ID: p.ID, Value: nv})
		}
	}
	if out == nil {
		return props, nil
	}
	return out, nil
}

// sections returns the target's sections of src (no records): every entry
// judged, the kept ones shaped for the target.
func (c *snapConv) sections(src *format.Snapshot) (*format.Snapshot, error) {
	sf, tf := c.sf, c.tf
	out := &format.Snapshot{Version: tf.Version, Mapper: src.Mapper, EpochHistory: src.EpochHistory, Metadata: src.Metadata}
	r := c.report

	// Enums first: enum values in records and descriptions name them.
	for i, e := range src.Enums {
		if c.keep(format.DeltaEnumCreate, format.EnumCreateDelta{Name: e.Name, Values: e.Values}, fmt.Sprintf("enums #%d", i)) {
			out.Enums = append(out.Enums, e)
		}
	}

	ix := &src.Indices
	out.Indices.Label = ix.Label
	for i, st := range ix.LabelStats {
		label, err := c.name("indices", st.Label)
		if err != nil {
			return nil, err
		}
		d := format.LabelStatsDelta{Label: label, Stats: fmt.Sprintf(`{"count":%d, "avg_degree":%g}`, st.Count, st.AvgDegree)}
		if c.keep(format.DeltaLabelIndexStatsSet, d, fmt.Sprintf("indices.label_stats #%d", i)) {
			out.Indices.LabelStats = append(out.Indices.LabelStats, st)
		}
	}
	lp := func(list []format.LabelPropertiesIndex, order uint64, where string) ([]format.LabelPropertiesIndex, error) {
		var kept []format.LabelPropertiesIndex
		for i, e := range list {
			label, err := c.name("indices", e.Label)
			if err != nil {
				return nil, err
			}
			paths, err := c.namePaths("indices", e.Paths)
			if err != nil {
				return nil, err
			}
			d := format.LabelPropertiesDelta{Label: label, Paths: paths, Order: order}
			if c.keep(format.DeltaLabelPropertiesIndexCreate, d, fmt.Sprintf("%s #%d", where, i)) {
				kept = append(kept, e)
			}
		}
		return kept, nil
	}
	var err error
	if out.Indices.LabelProperties, err = lp(ix.LabelProperties, format.IndexOrderAsc, "indices.label_properties"); err != nil {
		return nil, err
	}
	if out.Indices.LabelPropertiesDesc, err = lp(ix.LabelPropertiesDesc, format.IndexOrderDesc, "indices.label_properties_desc"); err != nil {
		return nil, err
	}
	for i, st := range ix.LabelPropertyStats {
		label, err := c.name("indices", st.Label)
		if err != nil {
			return nil, err
		}
		paths, err := c.namePaths("indices", st.Paths)
		if err != nil {
			return nil, err
		}
		d := format.LabelPropertiesStatsDelta{Label: label, Paths: paths, Stats: fmt.Sprintf(
			`{"count":%d, "distinct_values_count":%d, "statistic":%g, "avg_group_size":%g "avg_degree":%g}`,
			st.Count, st.DistinctCount, st.Statistic, st.AvgGroupSize, st.AvgDegree)}
		if c.keep(format.DeltaLabelPropertiesIndexStatsSet, d, fmt.Sprintf("indices.label_property_stats #%d", i)) {
			out.Indices.LabelPropertyStats = append(out.Indices.LabelPropertyStats, st)
		}
	}

	if err := c.edgeIndices(&src.EdgeIndices, &out.EdgeIndices); err != nil {
		return nil, err
	}

	cs := &src.Constraints
	out.Constraints.Existence, out.Constraints.Unique = cs.Existence, cs.Unique
	for i, t := range cs.Type {
		label, err := c.name("constraints", t.Label)
		if err != nil {
			return nil, err
		}
		prop, err := c.name("constraints", t.Property)
		if err != nil {
			return nil, err
		}
		if c.keep(format.DeltaTypeConstraintCreate, format.TypeConstraintDelta{Label: label, Property: prop, Kind: t.Kind}, fmt.Sprintf("constraints.type #%d", i)) {
			out.Constraints.Type = append(out.Constraints.Type, t)
		}
	}

	md := &out.Metadata
	switch {
	case !tf.Has(format.FeatDurableTimestamp) && md.DurableTimestamp != md.StartTimestamp:
		r.note("durable timestamp %d left out (format %d has none; its readers use the start timestamp %d)", md.DurableTimestamp, tf.Version, md.StartTimestamp)
		md.DurableTimestamp = md.StartTimestamp
	case tf.Has(format.FeatDurableTimestamp) && !sf.Has(format.FeatDurableTimestamp):
		r.note("durable timestamp set to the start timestamp %d, as Memgraph assumes for format %d", md.StartTimestamp, sf.Version)
	}
	switch {
	case !tf.Has(format.FeatNumCommittedTxns) && md.NumCommittedTxns != 0:
		r.note("number of committed transactions (%d) left out (format %d has none)", md.NumCommittedTxns, tf.Version)
		md.NumCommittedTxns = 0
	case tf.Has(format.FeatNumCommittedTxns) && !sf.Has(format.FeatNumCommittedTxns):
		r.note("number of committed transactions written as 0: format %d does not record it", sf.Version)
	}

	if t := src.TTL; t != nil && t.Enabled {
		d := format.TTLDelta{Op: format.TTLConfigure, HasPeriod: t.HasPeriod, PeriodUs: t.PeriodUs, HasStart: t.HasStart, StartUs: t.StartNs / 1000, EdgeTTL: t.EdgeTTL}
		if c.keep(format.DeltaTTLOperation, d, "ttl") {
			out.TTL = t
		}
	}
	if tf.Has(format.FeatTTL) && out.TTL == nil {
		out.TTL = &format.TTLConfig{}
	}
	for i, d := range src.Descriptions {
		dd := format.DescriptionDelta{Description: d}
		if c.keep(format.DeltaDescriptionSet, dd, fmt.Sprintf("descriptions #%d", i)) {
			if d.Value != nil {
				d.Value = convertValue(d.Value, tf)
			}
			out.Descriptions = append(out.Descriptions, d)
		}
	}
	return out, nil
}

func (c *snapConv) edgeIndices(ei, out *format.EdgeIndices) error {
	sf, tf := c.sf, c.tf
	const sec = "edge_indices"
	for i, t := range ei.EdgeType {
		n, err := c.name(sec, t)
		if err != nil {
			return err
		}
		if c.keep(format.DeltaEdgeIndexCreate, format.EdgeTypeDelta{EdgeType: n}, fmt.Sprintf("%s.edge_type #%d", sec, i)) {
			out.EdgeType = append(out.EdgeType, t)
		}
	}
	pairs := func(list []format.LabelProperty, m format.Marker, mk func(a, b string) format.Delta, where string) ([]format.LabelProperty, error) {
		var kept []format.LabelProperty
		for i, p := range list {
			a, err := c.name(sec, p.Label)
			if err != nil {
				return nil, err
			}
			b, err := c.name(sec, p.Property)
			if err != nil {
				return nil, err
			}
			if c.keep(m, mk(a, b), fmt.Sprintf("%s #%d", where, i)) {
				kept = append(kept, p)
			}
		}
		return kept, nil
	}
	var err error
	if out.EdgeTypeProperty, err = pairs(ei.EdgeTypeProperty, format.DeltaEdgePropertyIndexCreate,
		func(a, b string) format.Delta { return format.EdgeTypePropertyDelta{EdgeType: a, Property: b} }, sec+".edge_type_property"); err != nil {
		return err
	}
	if out.Point, err = pairs(ei.Point, format.DeltaPointIndexCreate,
		func(a, b string) format.Delta { return format.LabelPropertyDelta{Label: a, Property: b} }, sec+".point"); err != nil {
		return err
	}
	singles := func(list []uint64, m format.Marker, where string) ([]uint64, error) {
		var kept []uint64
		for i, p := range list {
			n, err := c.name(sec, p)
			if err != nil {
				return nil, err
			}
			if c.keep(m, format.PropertyOnlyDelta{Property: n}, fmt.Sprintf("%s #%d", where, i)) {
				kept = append(kept, p)
			}
		}
		return kept, nil
	}
	if out.GlobalEdgeProperty, err = singles(ei.GlobalEdgeProperty, format.DeltaGlobalEdgePropertyIndexCreate, sec+".global_edge_property"); err != nil {
		return err
	}
	if out.GlobalVertexProperty, err = singles(ei.GlobalVertexProperty, format.DeltaGlobalVertexPropertyIndexCreate, sec+".global_vertex_property"); err != nil {
		return err
	}
	vectors := func(list []format.VectorIndex, edge bool, where string) ([]format.VectorIndex, error) {
		var kept []format.VectorIndex
		m, entries, from := format.DeltaVectorIndexCreate, tf.VectorEntries(false), &c.kept[0]
		if edge {
			m, entries, from = format.DeltaVectorEdgeIndexCreate, tf.VectorEntries(true), &c.kept[1]
		}
		for i, v := range list {
			targets, err := c.nameList(sec, v.Targets)
			if err != nil {
				return nil, err
			}
			prop, err := c.name(sec, v.Property)
			if err != nil {
				return nil, err
			}
			v.ScalarKind = effectiveScalarKind(sf, v.ScalarKind)
			d := format.VectorIndexDelta{Name: v.Name, Mode: v.Mode, Targets: targets, Property: prop, Metric: v.Metric,
				Dimension: v.Dimension, Resize: v.Resize, Capacity: v.Capacity, ScalarKind: v.ScalarKind}
			if !c.keep(m, d, fmt.Sprintf("%s #%d (%q)", where, i, v.Name)) {
				continue
			}
			if !tf.Has(format.FeatVectorScalarKind) {
				v.ScalarKind = 0
			}
			if !tf.Has(format.FeatVectorMultiLabel) {
				v.Mode = format.VectorModeSingle
			}
			if !entries {
				v.Entries = nil
			}
			kept = append(kept, v)
			*from = append(*from, i)
		}
		return kept, nil
	}
	if out.Vector, err = vectors(ei.Vector, false, sec+".vector"); err != nil {
		return err
	}
	if out.VectorEdge, err = vectors(ei.VectorEdge, true, sec+".vector_edge"); err != nil {
		return err
	}
	texts := func(list []format.TextIndex, m format.Marker, where string) ([]format.TextIndex, error) {
		var kept []format.TextIndex
		for i, t := range list {
			target, err := c.name(sec, t.Target)
			if err != nil {
				return nil, err
			}
			props, err := c.nameList(sec, t.Properties)
			if err != nil {
				return nil, err
			}
			if c.keep(m, format.TextIndexDelta{Name: t.Name, Target: target, Properties: props}, fmt.Sprintf("%s #%d (%q)", where, i, t.Name)) {
				kept = append(kept, t)
			}
		}
		return kept, nil
	}
	if out.Text, err = texts(ei.Text, format.DeltaTextIndexCreate, sec+".text"); err != nil {
		return err
	}
	if out.TextEdge, err = texts(ei.TextEdge, format.DeltaTextEdgeIndexCreate, sec+".text_edge"); err != nil {
		return err
	}
	// From TextEdgeIndex both text lists are always written; before it a
	// writer wrote the text list only with text search enabled, which is
	// the only way to have text indices.
	out.TextPresent = len(out.Text) > 0 || tf.Has(format.FeatTextEdgeIndex)
	out.TextEdgePresent = tf.Has(format.FeatTextEdgeIndex)
	return nil
}

// snapshotSections reads every section but the records, and, of the
// vector indices, where their entries lie rather than the entries.
func snapshotSections(src *decode.Snapshot) (*format.Snapshot, *decode.VectorEntryLists, error) {
	m := &format.Snapshot{Version: src.Version, Offsets: src.Offsets, Metadata: src.Metadata}
	lists := &decode.VectorEntryLists{}
	var err error
	if m.Mapper, err = src.Mapper(); err != nil {
		return nil, nil, err
	}
	if m.Enums, err = src.Enums(); err != nil {
		return nil, nil, err
	}
	if m.EpochHistory, err = src.EpochHistory(); err != nil {
		return nil, nil, err
	}
	if m.Indices, err = src.Indices(); err != nil {
		return nil, nil, err
	}
	if m.EdgeIndices, err = src.EdgeIndicesWith(lists); err != nil {
		return nil, nil, err
	}
	if m.Constraints, err = src.Constraints(); err != nil {
		return nil, nil, err
	}
	if m.TTL, err = src.TTL(); err != nil {
		return nil, nil, err
	}
	if m.Descriptions, err = src.Descriptions(); err != nil {
		return nil, nil, err
	}
	return m, lists, nil
}

// inputEntries gives the writer the entries of the vector indices the
// target keeps, read again from the input as they are written: the
// target's index i of a kind is the input's kept[i], whose entries lie
// where lists says.
type inputEntries struct {
	src   *decode.Snapshot
	lists *decode.VectorEntryLists
	kept  *[2][]int
	tf    format.Features
}

func (e *inputEntries) list(edge bool, i int) (decode.VectorEntryList, bool) {
	kept := e.kept[0]
	if edge {
		kept = e.kept[1]
	}
	if !e.tf.VectorEntries(edge) || i >= len(kept) {
		return decode.VectorEntryList{}, false // the target drops them
	}
	return e.lists.Of(edge, kept[i])
}

func (e *inputEntries) Count(edge bool, i int) uint64 {
	l, _ := e.list(edge, i)
	return l.Count
}

func (e *inputEntries) Write(edge bool, i int, w *encode.VectorEntryWriter) error {
	l, ok := e.list(edge, i)
	if !ok {
		return nil
	}
	return e.src.VectorEntries(l, entryWriter{w})
}

// entryWriter passes the entries decode reads to the writer.
type entryWriter struct{ w *encode.VectorEntryWriter }

func (entryWriter) Entries(*format.VectorIndex, bool, int, uint64) {}
func (x entryWriter) Entry(_ uint64, _ int64, gid uint64)          { x.w.Entry(gid) }
func (x entryWriter) Components(xs []float64)                      { x.w.Components(xs) }

// Snapshot converts the snapshot src (read through r) to version v
// into w (an io.WriteSeeker or io.WriterAt). To its own version, without
// ItemsPerBatch, the lossless model is encoded with its recorded layout,
// which reproduces the input's bytes. Otherwise records stream batch by
// batch through encode.SnapshotWriter and only the sections are held. With
// w nil nothing is written: the report of what would be dropped.
func Snapshot(src *decode.Snapshot, r io.ReaderAt, w io.Writer, v format.Version, opts *Options) (*Report, error) {
	if !v.Supported() {
		return nil, &format.UnsupportedVersionError{Version: v}
	}
	if opts == nil {
		opts = &Options{}
	}
	report := newReport(datadir.KindSnapshot, src.Version, v)
	if v == src.Version && opts.ItemsPerBatch == 0 && w != nil {
		m, err := decode.DecodeSnapshot(r, src.Size(), src.Path())
		if err != nil {
			return report, err
		}
		report.Exact = true
		report.Vertices, report.Edges = uint64(len(m.Vertices)), uint64(len(m.Edges))
		return report, encode.EncodeSnapshotWith(w, m, &encode.SnapshotOptions{Layout: encode.LayoutRecorded})
	}
	rest, lists, err := snapshotSections(src)
	if err != nil {
		return report, err
	}
	tf := format.FeaturesOf(v)
	conv := newSnapConv(src.Features, tf, rest.Mapper, rest.Enums, report)
	target, err := conv.sections(rest)
	if err != nil {
		return report, err
	}
	edgeBatches, vertexBatches, synthetic, err := src.BatchTables()
	if err != nil {
		return report, err
	}
	starts := map[uint64]bool{}
	if opts.ItemsPerBatch == 0 && !synthetic {
		for _, b := range append(edgeBatches, vertexBatches...) {
			starts[b.Offset] = true
		}
	}
	var sw *encode.SnapshotWriter
	if w != nil {
		sw, err = encode.NewSnapshotWriter(w, v, &encode.SnapshotOptions{BatchSize: opts.ItemsPerBatch,
			OmitEdgeSection: src.Offsets[format.OffsetEdges] == 0})
		if err != nil {
			return report, err
		}
	}
	if err := src.ForEachEdge(func(e format.EdgeRecord) error {
		var err error
		if e.Properties, err = conv.properties(true, e.Gid, int64(e.Offset), e.Properties); err != nil || sw == nil {
			return err
		}
		if starts[e.Offset] {
			sw.EndBatch()
		}
		report.Edges++
		return sw.WriteEdge(e)
	}); err != nil {
		return report, err
	}
	if err := src.ForEachVertex(func(vr format.VertexRecord) error {
		var err error
		if vr.Properties, err = conv.properties(false, vr.Gid, int64(vr.Offset), vr.Properties); err != nil || sw == nil {
			return err
		}
		if starts[vr.Offset] {
			sw.EndBatch()
		}
		report.Vertices++
		return sw.WriteVertex(vr)
	}); err != nil {
		return report, err
	}
	if sw == nil {
		return report, nil
	}
	return report, sw.FinishWith(target, &inputEntries{src: src, lists: lists, kept: &conv.kept, tf: tf})
}

// convertModel converts a whole snapshot model (BuildSnapshot's) to
// the target; records are copied with converted properties.
func convertModel(m *format.Snapshot, v format.Version, report *Report) (*format.Snapshot, error) {
	conv := newSnapConv(format.FeaturesOf(m.Version), format.FeaturesOf(v), m.Mapper, m.Enums, report)
	out, err := conv.sections(m)
	if err != nil {
		return nil, err
	}
	out.Edges = make([]format.EdgeRecord, len(m.Edges))
	for i, e := range m.Edges {
		if e.Properties, err = conv.properties(true, e.Gid, format.NoOffset, e.Properties); err != nil {
			return nil, err
		}
		e.Offset = 0
		out.Edges[i] = e
	}
	out.Vertices = make([]format.VertexRecord, len(m.Vertices))
	for i, vr := range m.Vertices {
		if vr.Properties, err = conv.properties(false, vr.Gid, format.NoOffset, vr.Properties); err != nil {
			return nil, err
		}
		vr.Offset = 0
		out.Vertices[i] = vr
	}
	return out, nil
}
