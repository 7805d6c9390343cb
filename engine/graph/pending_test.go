package graph

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/format"
)

// pendingWAL writes the transactions, each a list of frames (metadata and
// data, in the order given), as a v37 WAL.
func pendingWAL(t *testing.T, txns ...[]format.Frame) []byte {
	t.Helper()
	var b bytes.Buffer
	w, err := encode.NewWALWriter(&b, format.WALHeader{Version: format.MaxVersion, UUID: strings.Repeat("u", 36), Epoch: strings.Repeat("e", 36)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, frames := range txns {
		txn := format.Txn{Timestamp: uint64(10 + i), Commit: true, Access: format.AccessWrite}
		txn.Add(frames...)
		if err := w.WriteTxn(txn); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// recordsOf is every object of s with its record's bytes, and whether it
// has one at all.
func recordsOf(s *Graph) []string {
	var out []string
	for v := range s.vertices() {
		out = append(out, fmt.Sprintf("vertex %d: %t %q", v.Gid, v.rec != 0, s.recs.str(v.rec)))
	}
	for _, slot := range s.eix.all() {
		e := s.es.at(slot)
		out = append(out, fmt.Sprintf("edge %d: %t %q", e.Gid, e.rec != 0, s.recs.str(e.rec)))
	}
	return out
}

// TestReplayPendingVertex: a replay, which sets a vertex's record once the
// deltas that follow each other for it are applied, leaves every record
// byte for byte as applying the frames one by one does, and fails where
// that fails, with the same reason, having applied what it applied:
// deltas of one vertex and of several interleaved, labels and properties
// removed down to an empty record, a vertex deleted after its changes,
// vertices of an earlier transaction, vector indices (whose labels take
// the values in and out), and deltas that fail on the pending vertex and
// on another.
func TestReplayPendingVertex(t *testing.T) {
	v := func(m format.Marker, gid uint64) format.Frame { return fr(m, format.VertexDelta{Gid: gid}) }
	label := func(m format.Marker, gid uint64, l string) format.Frame {
		return fr(m, format.LabelDelta{Gid: gid, Label: l})
	}
	prop := func(gid uint64, p string, val format.Value) format.Frame {
		return fr(format.DeltaVertexSetProperty, format.VertexPropertyDelta{Gid: gid, Property: p, Value: val})
	}
	edge := func(gid, from, to uint64) format.Frame {
		return fr(format.DeltaEdgeCreate, format.EdgeDelta{Gid: gid, EdgeType: "T", From: from, To: to})
	}
	add, remove := format.DeltaVertexAddLabel, format.DeltaVertexRemoveLabel
	earlier := []format.Frame{
		v(format.DeltaVertexCreate, 1), label(add, 1, "A"), prop(1, "p", format.Int(1)),
		v(format.DeltaVertexCreate, 2),
		v(format.DeltaVertexCreate, 3), prop(3, "q", format.String("x")),
	}
	vector := fr(format.DeltaVectorIndexCreate, format.VectorIndexDelta{Name: "vi", Targets: []string{"L"}, Property: "p",
		Metric: "cos", Dimension: 2, Resize: 2, Capacity: 10, ScalarKind: ScalarF32})
	for _, c := range []struct {
		name string
		txns [][]format.Frame
	}{
		{"one vertex", [][]format.Frame{{
			v(format.DeltaVertexCreate, 5), label(add, 5, "A"), label(add, 5, "B"), prop(5, "p", format.Int(1)),
			prop(5, "q", format.Double(2)), prop(5, "p", format.String("again")), label(remove, 5, "A"),
		}}},
		{"interleaved", [][]format.Frame{{
			v(format.DeltaVertexCreate, 5), label(add, 5, "A"), v(format.DeltaVertexCreate, 6), prop(5, "p", format.Int(1)),
			label(add, 6, "B"), prop(5, "q", format.Int(2)), edge(1, 5, 6), prop(6, "p", format.Bool(true)), label(add, 5, "C"),
		}}},
		{"emptied", [][]format.Frame{{
			v(format.DeltaVertexCreate, 5), label(add, 5, "A"), label(remove, 5, "A"),
			v(format.DeltaVertexCreate, 6), prop(6, "p", format.Int(1)), prop(6, "p", format.Null{}),
			v(format.DeltaVertexCreate, 7), prop(7, "p", format.Null{}), label(add, 7, "A"), label(remove, 7, "A"),
			v(format.DeltaVertexCreate, 8), label(add, 8, "A"), prop(8, "p", format.Int(3)), label(remove, 8, "A"), prop(8, "p", format.Null{}),
		}}},
		{"deleted", [][]format.Frame{{
			v(format.DeltaVertexCreate, 5), label(add, 5, "A"), prop(5, "p", format.Int(1)), v(format.DeltaVertexDelete, 5),
			v(format.DeltaVertexCreate, 6), label(add, 6, "B"),
		}}},
		{"earlier transaction", [][]format.Frame{earlier, {
			label(add, 1, "B"), prop(1, "p", format.Null{}), prop(2, "p", format.Int(2)), label(add, 2, "C"),
			prop(3, "q", format.Null{}), label(remove, 1, "A"), prop(1, "r", format.List{format.Int(1), format.String("s")}),
		}}},
		{"map keys", [][]format.Frame{{
			v(format.DeltaVertexCreate, 5), prop(5, "m", format.Map{{Key: "k1", Value: format.Int(1)}}), label(add, 5, "A"),
			prop(5, "k1", format.Int(2)),
		}}},
		{"vector index", [][]format.Frame{{vector}, {
			v(format.DeltaVertexCreate, 5), prop(5, "p", format.List{format.Double(0.5), format.Double(1)}), label(add, 5, "L"),
			prop(5, "q", format.Int(1)), label(remove, 5, "L"), label(add, 5, "M"),
		}}},
		{"label twice", [][]format.Frame{earlier, {
			prop(1, "q", format.Int(7)), label(add, 1, "B"), label(add, 1, "B"), prop(1, "r", format.Int(8)),
		}}},
		{"no label to remove", [][]format.Frame{{
			v(format.DeltaVertexCreate, 5), prop(5, "p", format.Int(1)), label(remove, 5, "A"),
		}}},
		{"missing vertex", [][]format.Frame{{
			v(format.DeltaVertexCreate, 5), label(add, 5, "A"), prop(9, "p", format.Int(1)),
		}}},
		{"created twice", [][]format.Frame{{
			v(format.DeltaVertexCreate, 5), label(add, 5, "A"), v(format.DeltaVertexCreate, 5),
		}}},
		{"missing label vertex", [][]format.Frame{{
			v(format.DeltaVertexCreate, 5), prop(5, "p", format.Int(1)), label(add, 9, "A"),
		}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := pendingWAL(t, c.txns...)
			applied, failAt, failure := applyOneByOne(t, data)
			replayed := New()
			_, err := replayed.ReplayWAL(openWAL(t, data), 0)
			switch {
			case failure == nil && err != nil:
				t.Fatalf("replay fails: %v", err)
			case failure != nil:
				var de *format.DecodeError
				if !errors.As(err, &de) {
					t.Fatalf("replay returns %v, applying fails at %d: %v", err, failAt, failure)
				}
				if de.Offset != failAt || de.Reason != failure.Error() {
					t.Fatalf("replay fails at %d: %s; applying at %d: %v", de.Offset, de.Reason, failAt, failure)
				}
			}
			if d := cmp.Diff(recordsOf(applied), recordsOf(replayed)); d != "" {
				t.Errorf("records (-applied +replayed):\n%s", d)
			}
			if d := cmp.Diff(dumpLines(applied), dumpLines(replayed)); d != "" {
				t.Errorf("dump (-applied +replayed):\n%s", d)
			}
		})
	}
}
