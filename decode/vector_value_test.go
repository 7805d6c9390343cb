package decode_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/fuzz"
)

// longVector is a VECTOR_INDEX_ID value of n distinct components (longer
// than a cursor's window when n is over 7281) naming one index, whose
// name's length shifts where the components fall against the window.
func longVector(n, nameLen int) format.VectorIndexID {
	v := format.VectorIndexID{Indexes: []string{strings.Repeat("i", nameLen)}, Vector: make([]float64, n)}
	for i := range v.Vector {
		v.Vector[i] = float64(i) + 0.25
	}
	return v
}

// componentAt is the offset in b of the marked component x (0x13 and its
// bits), which the values of longVector hold once each.
func componentAt(t *testing.T, b []byte, x float64) int {
	t.Helper()
	want := binary.LittleEndian.AppendUint64([]byte{byte(format.MarkerDouble)}, math.Float64bits(x))
	i := bytes.Index(b, want)
	if i < 0 || bytes.Index(b[i+1:], want) >= 0 {
		t.Fatalf("component %v not once in the bytes", x)
	}
	return i
}

// TestVectorValueAcrossWindows: a vector-index-id value whose components
// run across the windows a cursor reads (some split by a window's end)
// decodes to its components, built and visited, and a damaged component
// anywhere in it is the error at that component's offset.
func TestVectorValueAcrossWindows(t *testing.T) {
	const n = 20000 // 180,000 bytes of components: three window ends
	for _, nameLen := range []int{1, 4, 8, 13} {
		want := longVector(n, nameLen)
		raw, err := encode.AppendValue(nil, want, format.MaxVersion)
		if err != nil {
			t.Fatal(err)
		}
		got, err := decode.Value(raw, format.MaxVersion)
		if err != nil || !fuzz.SameModel(got, want) {
			t.Fatalf("name of %d: decoded differently (%v)", nameLen, err)
		}
		var b fuzz.ValueBuilder
		if err := decode.VisitValue(raw, format.MaxVersion, &b); err != nil || !fuzz.SameModel(b.Value(), want) {
			t.Fatalf("name of %d: visited differently (%v)", nameLen, err)
		}
		first := componentAt(t, raw, want.Vector[0])
		for _, k := range []int{0, 1, 7000, 7276, 7277, 7278, 14560, 14561, n - 1} {
			at := first + 9*k
			damaged := bytes.Clone(raw)
			damaged[at] = byte(format.MarkerInt)
			_, err := decode.Value(damaged, format.MaxVersion)
			var de *format.DecodeError
			if !errors.As(err, &de) || de.Offset != int64(at) || !errors.Is(err, format.ErrCorrupt) ||
				!strings.Contains(err.Error(), "vector component: expected DOUBLE marker 0x13, found 0x12") {
				t.Errorf("name of %d, component %d (offset %d) damaged: %v", nameLen, k, at, err)
			}
			if verr := decode.VisitValue(damaged, format.MaxVersion, &fuzz.ValueBuilder{}); fmt.Sprint(verr) != fmt.Sprint(err) {
				t.Errorf("name of %d, component %d damaged: visiting fails with %v, decoding with %v", nameLen, k, verr, err)
			}
		}
		// Cut inside the components: the size says more than remains.
		size := first - 8
		for _, cut := range []int{first, first + 4, first + 9*7277 + 5, len(raw) - 1} {
			_, err := decode.Value(raw[:cut], format.MaxVersion)
			var de *format.DecodeError
			if !errors.As(err, &de) || de.Offset != int64(size) || !errors.Is(err, format.ErrTruncated) {
				t.Errorf("name of %d, cut at %d: %v, want a truncation at the vector size (offset %d)", nameLen, cut, err, size)
			}
		}
	}
}

// TestVectorValueInSnapshot: long vectors in a snapshot's records read the
// same through the model, a scan's built and visited values, and a damaged
// component is the same error, at its offset, through each.
func TestVectorValueInSnapshot(t *testing.T) {
	m := &format.Snapshot{Version: format.MaxVersion, Mapper: []format.MapperEntry{{ID: 0, Name: "embedding"}, {ID: 1, Name: "title"}}}
	var want []format.Value
	for g := range 5 {
		v := longVector(9000+g*1001, g+1)
		for i := range v.Vector {
			v.Vector[i] += float64(g * 100000)
		}
		m.Vertices = append(m.Vertices, format.VertexRecord{Gid: uint64(g), Labels: []uint64{},
			Properties: []format.Property{{ID: 1, Value: format.String(strings.Repeat("t", g*7))}, {ID: 0, Value: v}}})
		want = append(want, format.String(strings.Repeat("t", g*7)), v)
	}
	m.Metadata.VertexCount = uint64(len(m.Vertices))
	data := encodeSnapshot(t, m)
	read := func(data []byte) (model, built, visited []format.Value, errs []string) {
		got, err := decode.DecodeSnapshot(bytes.NewReader(data), int64(len(data)), "f")
		errs = append(errs, fmt.Sprint(err))
		if err == nil {
			for _, v := range got.Vertices {
				for _, p := range v.Properties {
					model = append(model, p.Value)
				}
			}
		}
		s, err := decode.OpenSnapshot(bytes.NewReader(data), int64(len(data)), "f")
		if err != nil {
			t.Fatal(err)
		}
		var valueErr, visitErr error
		err = s.ScanVertices(func(v *decode.VertexView) error {
			for i := range v.Properties {
				x, err := v.Value(i)
				if err != nil && valueErr == nil {
					valueErr = err
				}
				built = append(built, x)
				var b fuzz.ValueBuilder
				if err := v.VisitValue(i, &b); err != nil && visitErr == nil {
					visitErr = err
				}
				visited = append(visited, b.Value())
			}
			return nil
		})
		return model, built, visited, append(errs, fmt.Sprint(err), fmt.Sprint(valueErr), fmt.Sprint(visitErr))
	}
	model, built, visited, errs := read(data)
	if errs[0] != "<nil>" || errs[1] != "<nil>" || errs[2] != "<nil>" || errs[3] != "<nil>" {
		t.Fatalf("errors reading: %q", errs)
	}
	for name, got := range map[string][]format.Value{"model": model, "built": built, "visited": visited} {
		if !fuzz.SameModel(got, want) {
			t.Errorf("%s values differ from the written ones", name)
		}
	}
	for _, x := range []float64{0.25, 300000 + 7277.25, 400000 + 12000.25} {
		at := componentAt(t, data, x)
		damaged := bytes.Clone(data)
		damaged[at] = byte(format.MarkerInt)
		_, _, _, errs := read(damaged)
		mark := fmt.Sprintf("offset %d", at)
		if !strings.Contains(errs[0], mark) || !strings.Contains(errs[0], "vector component: expected DOUBLE marker") {
			t.Errorf("component %v damaged: the model's error %q, want one at %s", x, errs[0], mark)
		}
		// The scan checks the components it steps over (the skimming cursor).
		if !strings.Contains(errs[1], mark) || !strings.Contains(errs[1], "vector component: expected DOUBLE marker") {
			t.Errorf("component %v damaged: the scan's error %q, want one at %s", x, errs[1], mark)
		}
	}
}

// sumVisitor adds up the vectors it is handed, keeping none of them.
type sumVisitor struct {
	fuzz.ValueBuilder
	names, components int
	sum               float64
}

func (s *sumVisitor) Vector(v format.VectorIndexID) {
	s.names += len(v.Indexes)
	s.components += len(v.Vector)
	for _, x := range v.Vector {
		s.sum += x
	}
}

// TestVisitVectorReusesScratch: vectors visited one after another, longer
// and shorter, each arrive whole and as decoded (the visit's scratch is
// reused, not shared with what a visitor kept of the one before), empty
// ones as empty, not nil; and once the scratch fits, a visit allocates
// nothing.
func TestVisitVectorReusesScratch(t *testing.T) {
	m := &format.Snapshot{Version: format.MaxVersion, Mapper: []format.MapperEntry{{ID: 0, Name: "embedding"}}}
	for g, n := range []int{300, 5, 0, 1200, 7, 300} {
		v := format.VectorIndexID{Indexes: []string{fmt.Sprintf("index%d", g%2), "other"}, Vector: make([]float64, n)}
		for i := range v.Vector {
			v.Vector[i] = float64(g*10000+i) + 0.5
		}
		m.Vertices = append(m.Vertices, format.VertexRecord{Gid: uint64(g), Labels: []uint64{},
			Properties: []format.Property{{ID: 0, Value: v}}})
	}
	m.Metadata.VertexCount = uint64(len(m.Vertices))
	data := encodeSnapshot(t, m)
	s, err := decode.OpenSnapshot(bytes.NewReader(data), int64(len(data)), "f")
	if err != nil {
		t.Fatal(err)
	}
	var kept []format.Value
	k := 0
	if err := s.ScanVertices(func(v *decode.VertexView) error {
		want := m.Vertices[k].Properties[0].Value.(format.VectorIndexID)
		k++
		var b fuzz.ValueBuilder
		if err := v.VisitValue(0, &b); err != nil {
			return err
		}
		got := b.Value().(format.VectorIndexID)
		if !fuzz.SameModel(got, want) || got.Vector == nil || got.Indexes == nil {
			t.Errorf("vertex %d: visited %d components %v, want %d %v", v.Gid, len(got.Vector), got.Indexes, len(want.Vector), want.Indexes)
		}
		kept = append(kept, got)
		var sum sumVisitor
		if allocs := testing.AllocsPerRun(20, func() { _ = v.VisitValue(0, &sum) }); allocs != 0 {
			t.Errorf("vertex %d: a visit allocates %.1f times", v.Gid, allocs)
		}
		if sum.components != 21*len(want.Vector) || sum.names != 21*2 {
			t.Errorf("vertex %d: visits handed %d components and %d names in 21 visits, want %d and %d", v.Gid, sum.components, sum.names, 21*len(want.Vector), 42)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for i, got := range kept { // still what was visited: no later visit wrote over them
		if want := m.Vertices[i].Properties[0].Value; !fuzz.SameModel(got, want) {
			t.Errorf("vertex %d: kept value changed", i)
		}
	}
}
