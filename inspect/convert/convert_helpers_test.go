package convert

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
)

// convertBytes converts a snapshot or WAL held in data to version v.
func convertBytes(t testing.TB, name string, data []byte, v format.Version, opts *Options) ([]byte, *Report, error) {
	t.Helper()
	r := bytes.NewReader(data)
	out := &golden.MemFile{}
	var rep *Report
	var err error
	switch datadir.DetectKind(r) {
	case datadir.KindSnapshot:
		src, oerr := decode.OpenSnapshot(r, int64(len(data)), name)
		if oerr != nil {
			t.Fatalf("%s: %v", name, oerr)
		}
		rep, err = Snapshot(src, r, out, v, opts)
	case datadir.KindWAL:
		src, oerr := decode.OpenWAL(r, int64(len(data)), name)
		if oerr != nil {
			t.Fatalf("%s: %v", name, oerr)
		}
		rep, err = WAL(src, r, out, v)
	default:
		t.Fatalf("%s: neither a snapshot nor a WAL", name)
	}
	return out.Bytes(), rep, err
}

// recoverBytes recovers the state of one file held in memory.
func recoverBytes(name string, data []byte) (*graph.Graph, error) {
	r := bytes.NewReader(data)
	switch datadir.DetectKind(r) {
	case datadir.KindSnapshot:
		snap, err := decode.OpenSnapshot(r, int64(len(data)), name)
		if err != nil {
			return nil, err
		}
		return graph.LoadSnapshot(snap)
	case datadir.KindWAL:
		w, err := decode.OpenWAL(r, int64(len(data)), name)
		if err != nil {
			return nil, err
		}
		s := graph.New()
		res, err := s.ReplayWAL(w, 0)
		if err == nil && res.TornTail != nil {
			err = res.TornTail
		}
		return s, err
	}
	return nil, errors.New("unknown kind")
}

func sortedDump(s *graph.Graph) []string {
	var out []string
	s.Statements(func(l []byte) bool {
		out = append(out, string(l))
		return true
	})
	slices.Sort(out)
	return out
}

// replayWithout replays a WAL the way recovery would after the reported
// drops: frames of dropped items are skipped, dropped property values are
// set to Null (the converter keeps the frame, removing the property), and a
// dropped transaction is skipped whole. It works on the source's frames,
// not on anything the converter wrote.
func replayWithout(name string, data []byte, drops []Dropped) (*graph.Graph, error) {
	skip := map[int64]bool{}
	nullify := map[int64]bool{}
	skipTxn := map[int64]bool{}
	for _, d := range drops {
		switch d.Kind {
		case ItemVertexProperty, ItemEdgeProperty:
			nullify[d.Offset] = true
		case ItemTransaction:
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
	s := graph.New()
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
			if err := s.Apply(fr, w.Features); err != nil {
				return nil, err
			}
		}
	}
}

// removeDropped applies reported drops to a recovered graph directly
// (graph.Remove): the index, constraint, enum, property, TTL or
// description goes, as if the file had never held it.
func removeDropped(t testing.TB, s *graph.Graph, drops []Dropped) {
	t.Helper()
	for _, d := range drops {
		m, ok := format.DeltaMarkerByName(d.Delta)
		if !ok {
			t.Fatalf("dropped item names no delta: %+v", d)
		}
		if err := s.Remove(m, d.Item); err != nil {
			t.Fatal(err)
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

func fr(m format.Marker, d format.Delta) format.Frame { return format.Frame{Marker: m, Delta: d} }
