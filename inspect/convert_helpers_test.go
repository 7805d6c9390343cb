package inspect

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
)

// convertBytes converts a snapshot or WAL held in data to version v.
func convertBytes(t testing.TB, name string, data []byte, v format.Version, opts *SnapshotOptions) ([]byte, *ConvertReport, error) {
	t.Helper()
	r := bytes.NewReader(data)
	out := &golden.MemFile{}
	var rep *ConvertReport
	var err error
	switch DetectKind(r) {
	case KindSnapshot:
		src, oerr := decode.OpenSnapshot(r, int64(len(data)), name)
		if oerr != nil {
			t.Fatalf("%s: %v", name, oerr)
		}
		rep, err = ConvertSnapshot(src, r, out, v, opts)
	case KindWAL:
		src, oerr := decode.OpenWAL(r, int64(len(data)), name)
		if oerr != nil {
			t.Fatalf("%s: %v", name, oerr)
		}
		rep, err = ConvertWAL(src, r, out, v)
	default:
		t.Fatalf("%s: neither a snapshot nor a WAL", name)
	}
	return out.Bytes(), rep, err
}

// recoverBytes recovers the state of one file held in memory.
func recoverBytes(name string, data []byte) (*State, error) {
	r := bytes.NewReader(data)
	switch DetectKind(r) {
	case KindSnapshot:
		snap, err := decode.OpenSnapshot(r, int64(len(data)), name)
		if err != nil {
			return nil, err
		}
		return LoadSnapshot(snap)
	case KindWAL:
		w, err := decode.OpenWAL(r, int64(len(data)), name)
		if err != nil {
			return nil, err
		}
		s := NewState()
		res, err := s.ReplayWAL(w, 0)
		if err == nil && res.TornTail != nil {
			err = res.TornTail
		}
		return s, err
	}
	return nil, errors.New("unknown kind")
}

func sortedDump(s *State) []string {
	var out []string
	for _, l := range s.CypherLines() {
		out = append(out, string(l))
	}
	slices.Sort(out)
	return out
}

// replayWithout replays a WAL the way recovery would after the reported
// drops: frames of dropped items are skipped, dropped property values are
// set to Null (the converter keeps the frame, removing the property), and a
// dropped transaction is skipped whole. It works on the source's frames,
// not on anything the converter wrote.
func replayWithout(name string, data []byte, drops []Dropped) (*State, error) {
	skip := map[int64]bool{}
	nullify := map[int64]bool{}
	skipTxn := map[int64]bool{}
	for _, d := range drops {
		switch d.Kind {
		case KindVertexProp, KindEdgeProp:
			nullify[d.Offset] = true
		case KindTransaction:
			skipTxn[d.Offset] = true
		default:
			skip[d.Offset] = true
		}
	}
	r := bytes.NewReader(data)
	w, err := decode.OpenWAL(r, int64(len(data)), name)
	if err != nil {
		return nil, err
	}
	s := NewState()
	s.walFeatures = w.Features
	for {
		t, err := w.NextTransaction()
		if err == io.EOF || format.IsTornTail(err) {
			return s, nil
		}
		if err != nil {
			return nil, err
		}
		if !t.Commit || skipTxn[t.Offset] {
			continue
		}
		for _, fr := range t.Frames {
			switch {
			case skip[fr.Offset]:
				continue
			case nullify[fr.Offset]:
				switch d := fr.Delta.(type) {
				case format.VertexPropertyDelta:
					d.Value = format.Null{}
					fr.Delta = d
				case format.EdgePropertyDelta:
					d.Value = format.Null{}
					fr.Delta = d
				}
			}
			if err := s.apply(fr); err != nil {
				return nil, err
			}
		}
	}
}

// removeDropped applies reported drops to a recovered state directly: the
// index, constraint, enum, property, TTL or description goes, as if the
// file had never held it. Statistics and transactions leave no trace in a
// state.
func removeDropped(t testing.TB, s *State, drops []Dropped) {
	t.Helper()
	id := func(name string) int {
		if i, ok := s.names.ids[name]; ok {
			return i
		}
		return -1
	}
	for _, d := range drops {
		switch x := d.Item.(type) {
		case format.VertexPropertyDelta:
			if v := s.vertices[x.Gid]; v != nil {
				delete(v.Props, id(x.Property))
			}
		case format.EdgePropertyDelta:
			if e := s.edges[x.Gid]; e != nil {
				delete(e.Props, id(x.Property))
			}
		case format.EnumCreateDelta:
			s.Enums = slices.DeleteFunc(s.Enums, func(e format.EnumType) bool { return e.Name == x.Name })
		case format.LabelPropertiesDelta:
			paths := make([][]int, len(x.Paths))
			for i, p := range x.Paths {
				for _, n := range p {
					paths[i] = append(paths[i], id(n))
				}
			}
			delete(s.lpIndex, pathsKey(id(x.Label), paths, x.Order == format.IndexOrderDesc))
		case format.EdgeTypeDelta:
			delete(s.edgeTypeIndex, id(x.EdgeType))
		case format.EdgeTypePropertyDelta:
			delete(s.edgeTypePropIdx, [2]int{id(x.EdgeType), id(x.Property)})
		case format.PropertyOnlyDelta:
			if d.Delta == format.DeltaGlobalEdgePropertyIndexCreate.String() {
				delete(s.globalEdgeProp, id(x.Property))
			} else {
				delete(s.globalVertexProp, id(x.Property))
			}
		case format.LabelPropertyDelta: // point index
			delete(s.pointIndex, [2]int{id(x.Label), id(x.Property)})
		case format.TypeConstraintDelta:
			delete(s.typeConstraint, [2]int{id(x.Label), id(x.Property)})
		case format.VectorIndexDelta:
			delete(s.vectorIndex, x.Name)
		case format.TextIndexDelta:
			delete(s.textIndex, x.Name)
		case format.TTLDelta:
			s.ttl = ttlState{}
		case format.DescriptionDelta:
			delete(s.descriptions, descriptionKey(s.normalizeDescription(x.Description)))
		case format.LabelStatsDelta, format.LabelPropertiesStatsDelta, format.TxnStart, format.LabelOnlyDelta:
		default:
			t.Fatalf("no removal rule for dropped %s (%T)", d.Delta, d.Item)
		}
	}
}

// lineDiff lists lines only in want (-) or only in got (+), both sorted.
func lineDiff(want, got []string) string {
	var b strings.Builder
	i, j := 0, 0
	for i < len(want) || j < len(got) {
		switch {
		case j >= len(got) || (i < len(want) && want[i] < got[j]):
			b.WriteString("- " + want[i] + "\n")
			i++
		case i >= len(want) || got[j] < want[i]:
			b.WriteString("+ " + got[j] + "\n")
			j++
		default:
			i++
			j++
		}
	}
	return b.String()
}
