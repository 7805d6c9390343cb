package inspect

import (
	"errors"
	"fmt"
	"io"

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
func (s *State) ReplayWAL(w *decode.WAL, after uint64) (ReplayResult, error) {
	var res ReplayResult
	for {
		t, err := w.NextTransaction()
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
		for _, fr := range t.Frames {
			if err := s.apply(fr); err != nil {
				var de *format.DecodeError
				if !errors.As(err, &de) {
					err = &format.DecodeError{Err: format.ErrInconsistent, Reason: err.Error()}
					errors.As(err, &de)
				}
				de.File, de.Offset, de.Section = w.Path(), fr.Offset, "delta"
				de.Record = fmt.Sprintf("%s in transaction #%d", fr.Marker, t.Index)
				return res, de
			}
		}
		res.Applied++
		res.LastApplied = t.Timestamp
	}
}

func (s *State) vertex(gid uint64) (*Vertex, error) {
	v, ok := s.vertices[gid]
	if !ok {
		return nil, fmt.Errorf("vertex %d does not exist", gid)
	}
	return v, nil
}

func (s *State) edge(gid uint64) (*Edge, error) {
	e, ok := s.edges[gid]
	if !ok {
		return nil, fmt.Errorf("edge %d does not exist", gid)
	}
	return e, nil
}

func setProp(props map[int]format.Value, id int, v format.Value) map[int]format.Value {
	if _, null := v.(format.Null); null {
		delete(props, id)
		return props
	}
	if props == nil {
		props = map[int]format.Value{}
	}
	props[id] = v
	return props
}

// registerValueNames gives map keys inside v ids, as Memgraph's reader does
// while decoding a value (map keys are property ids in memory).
func (s *State) registerValueNames(v format.Value) {
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

func (s *State) idsOf(names []string) []int {
	out := make([]int, len(names))
	for i, n := range names {
		out[i] = s.names.id(n)
	}
	return out
}

func (s *State) pathIDs(paths []format.NamePath) [][]int {
	out := make([][]int, len(paths))
	for i, p := range paths {
		out[i] = s.idsOf(p)
	}
	return out
}

func (s *State) apply(fr format.Frame) error {
	switch d := fr.Delta.(type) {
	case format.TxnStart, format.TxnEnd:
	case format.VertexDelta:
		if fr.Marker == format.DeltaVertexCreate {
			if _, dup := s.vertices[d.Gid]; dup {
				return fmt.Errorf("vertex %d already exists", d.Gid)
			}
			s.vertices[d.Gid] = &Vertex{Gid: d.Gid}
			return nil
		}
		v, err := s.vertex(d.Gid)
		if err != nil {
			return err
		}
		if len(v.In)+len(v.Out) > 0 {
			return fmt.Errorf("vertex %d is deleted while it still has edges", d.Gid)
		}
		delete(s.vertices, d.Gid)
	case format.LabelDelta:
		v, err := s.vertex(d.Gid)
		if err != nil {
			return err
		}
		id := s.names.id(d.Label)
		if fr.Marker == format.DeltaVertexAddLabel {
			for _, l := range v.Labels {
				if l == id {
					return fmt.Errorf("vertex %d already has label %q", d.Gid, d.Label)
				}
			}
			v.Labels = append(v.Labels, id)
			return nil
		}
		var ok bool
		if v.Labels, ok = removeLabel(v.Labels, id); !ok {
			return fmt.Errorf("vertex %d has no label %q to remove", d.Gid, d.Label)
		}
	case format.VertexPropertyDelta:
		v, err := s.vertex(d.Gid)
		if err != nil {
			return err
		}
		id := s.names.id(d.Property)
		s.registerValueNames(d.Value)
		v.Props = setProp(v.Props, id, d.Value)
	case format.EdgeDelta:
		if fr.Marker == format.DeltaEdgeCreate {
			if _, dup := s.edges[d.Gid]; dup {
				return fmt.Errorf("edge %d already exists", d.Gid)
			}
			from, err := s.vertex(d.From)
			if err != nil {
				return err
			}
			to, err := s.vertex(d.To)
			if err != nil {
				return err
			}
			e := &Edge{Gid: d.Gid, Type: s.names.id(d.EdgeType), From: from, To: to}
			s.edges[d.Gid] = e
			from.Out = append(from.Out, e)
			to.In = append(to.In, e)
			return nil
		}
		e, err := s.edge(d.Gid)
		if err != nil {
			return err
		}
		e.From.Out = removeEdge(e.From.Out, e)
		e.To.In = removeEdge(e.To.In, e)
		delete(s.edges, d.Gid)
	case format.EdgePropertyDelta:
		e, err := s.edge(d.Gid)
		if err != nil {
			return err
		}
		id := s.names.id(d.Property)
		s.registerValueNames(d.Value)
		e.Props = setProp(e.Props, id, d.Value)
	default:
		return s.applyMetadata(fr.Marker, fr.Delta)
	}
	return nil
}

func (s *State) applyMetadata(m format.Marker, delta format.Delta) error {
	switch d := delta.(type) {
	case format.LabelOnlyDelta:
		id := s.names.id(d.Label)
		switch m {
		case format.DeltaLabelIndexCreate:
			s.labelIndex[id] = true
		case format.DeltaLabelIndexDrop:
			delete(s.labelIndex, id)
		}
	case format.LabelStatsDelta, format.LabelPropertiesStatsDelta:
		// Index statistics are not part of the dump.
	case format.LabelPropertiesDelta:
		label := s.names.id(d.Label)
		paths := s.pathIDs(d.Paths)
		desc := d.Order == 1
		if m == format.DeltaLabelPropertiesIndexCreate {
			s.addLPIndex(label, paths, desc)
		} else {
			delete(s.lpIndex, pathsKey(label, paths, desc))
		}
	case format.LabelPropertyDelta:
		key := [2]int{s.names.id(d.Label), s.names.id(d.Property)}
		switch m {
		case format.DeltaExistenceConstraintCreate:
			s.existence[key] = true
		case format.DeltaExistenceConstraintDrop:
			delete(s.existence, key)
		case format.DeltaPointIndexCreate:
			s.pointIndex[key] = true
		case format.DeltaPointIndexDrop:
			delete(s.pointIndex, key)
		}
	case format.UniqueConstraintDelta:
		label := s.names.id(d.Label)
		props := s.idsOf(d.Properties)
		if m == format.DeltaUniqueConstraintCreate {
			s.addUnique(label, props)
		} else {
			delete(s.unique, uniqueKey(label, props))
		}
	case format.TypeConstraintDelta:
		key := [2]int{s.names.id(d.Label), s.names.id(d.Property)}
		if m == format.DeltaTypeConstraintCreate {
			s.typeConstraint[key] = d.Kind
		} else {
			delete(s.typeConstraint, key)
		}
	case format.EdgeTypeDelta:
		id := s.names.id(d.EdgeType)
		if m == format.DeltaEdgeIndexCreate {
			s.edgeTypeIndex[id] = true
		} else {
			delete(s.edgeTypeIndex, id)
		}
	case format.EdgeTypePropertyDelta:
		key := [2]int{s.names.id(d.EdgeType), s.names.id(d.Property)}
		if m == format.DeltaEdgePropertyIndexCreate {
			s.edgeTypePropIdx[key] = true
		} else {
			delete(s.edgeTypePropIdx, key)
		}
	case format.PropertyOnlyDelta:
		id := s.names.id(d.Property)
		switch m {
		case format.DeltaGlobalEdgePropertyIndexCreate:
			s.globalEdgeProp[id] = true
		case format.DeltaGlobalEdgePropertyIndexDrop:
			delete(s.globalEdgeProp, id)
		case format.DeltaGlobalVertexPropertyIndexCreate:
			s.globalVertexProp[id] = true
		case format.DeltaGlobalVertexPropertyIndexDrop:
			delete(s.globalVertexProp, id)
		}
	case format.TextIndexDelta:
		if m == format.DeltaTextIndexDrop {
			delete(s.textIndex, d.Name)
			return nil
		}
		s.textIndex[d.Name] = textIndex{name: d.Name, target: s.names.id(d.Target), props: s.idsOf(d.Properties),
			edge: m == format.DeltaTextEdgeIndexCreate}
	case format.NameOnlyDelta:
		delete(s.vectorIndex, d.Name)
	case format.VectorIndexDelta:
		targets := s.idsOf(d.Targets)
		kind := d.ScalarKind
		if kind == 0 {
			kind = defaultScalarKind
		}
		s.vectorIndex[d.Name] = vectorIndex{name: d.Name, edge: m == format.DeltaVectorEdgeIndexCreate, mode: d.Mode,
			targets: targets, prop: s.names.id(d.Property), metric: d.Metric, dimension: d.Dimension,
			resize: d.Resize, capacity: d.Capacity, scalarKind: kind}
	case format.EnumCreateDelta:
		s.Enums = append(s.Enums, format.EnumType{Name: d.Name, Values: append([]string(nil), d.Values...)})
	case format.EnumAlterAddDelta:
		e := s.enumByName(d.Name)
		if e == nil {
			return fmt.Errorf("enum %q does not exist", d.Name)
		}
		e.Values = append(e.Values, d.Value)
	case format.EnumAlterUpdateDelta:
		e := s.enumByName(d.Name)
		if e == nil {
			return fmt.Errorf("enum %q does not exist", d.Name)
		}
		for i, v := range e.Values {
			if v == d.OldValue {
				e.Values[i] = d.NewValue
				return nil
			}
		}
		return fmt.Errorf("enum %q has no value %q", d.Name, d.OldValue)
	case format.TTLDelta:
		switch d.Op {
		case format.TTLDisable:
			s.ttl = ttlState{}
		case format.TTLEnable, format.TTLConfigure:
			if d.HasPeriod {
				s.ttl.hasPeriod, s.ttl.periodUs = true, d.PeriodUs
			}
			if d.HasStart {
				s.ttl.hasStart, s.ttl.startUs = true, int64(d.StartUs)
			}
		}
	case format.DescriptionDelta:
		if m == format.DeltaDescriptionSet {
			s.descriptions[descriptionKey(d.Description)] = d.Description
		} else {
			delete(s.descriptions, descriptionKey(d.Description))
		}
	default:
		return fmt.Errorf("no replay rule for %s", m)
	}
	return nil
}

func (s *State) enumByName(name string) *format.EnumType {
	for i := range s.Enums {
		if s.Enums[i].Name == name {
			return &s.Enums[i]
		}
	}
	return nil
}
