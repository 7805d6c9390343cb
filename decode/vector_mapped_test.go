package decode

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/format"
)

// TestVectorValueMapped: a vector longer than maxVectorPiece, whole in a
// mapped window, is read in pieces that join to its components, built and
// visited; a bad component in a later piece is the error at its offset.
func TestVectorValueMapped(t *testing.T) {
	n := maxVectorPiece + maxVectorPiece/2
	if 9*n > mappedWindow {
		t.Fatalf("a vector of %d components does not fit the mapped window of %d bytes", n, mappedWindow)
	}
	want := format.VectorIndexID{Indexes: []string{"idx"}, Vector: make([]float64, n)}
	for i := range want.Vector {
		want.Vector[i] = float64(i) - 0.5
	}
	m := &format.Snapshot{Version: format.MaxVersion, Mapper: []format.MapperEntry{{ID: 0, Name: "embedding"}},
		Vertices: []format.VertexRecord{{Gid: 1, Labels: []uint64{}, Properties: []format.Property{{ID: 0, Value: want}}}}}
	m.Metadata.VertexCount = 1
	var buf bytes.Buffer
	if err := encode.EncodeSnapshotWith(&buf, m, &encode.SnapshotOptions{Layout: encode.LayoutFresh}); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	read := func(b []byte) (built, visited format.Value, errs []error) {
		s, err := OpenSnapshot(&memMapped{Reader: bytes.NewReader(b), b: b}, int64(len(b)), "f")
		if err != nil {
			t.Fatal(err)
		}
		if s.mapped == nil {
			t.Fatal("the mapping is not used")
		}
		var valueErr, visitErr error
		err = s.ScanVertices(func(v *VertexView) error {
			built, valueErr = v.Value(0)
			var vb vectorKeeper
			visitErr = v.VisitValue(0, &vb)
			visited = vb.v
			return nil
		})
		return built, visited, []error{err, valueErr, visitErr}
	}
	built, visited, errs := read(data)
	if errs[0] != nil || errs[1] != nil || errs[2] != nil {
		t.Fatalf("errors: %v", errs)
	}
	if !reflect.DeepEqual(built, want) || !reflect.DeepEqual(visited, want) {
		t.Fatal("the vector read differs from the one written")
	}
	// The marker of component maxVectorPiece + 3, in the second piece.
	at := bytes.Index(data, binary.LittleEndian.AppendUint64([]byte{byte(format.MarkerDouble)}, math.Float64bits(want.Vector[1])))
	if at < 0 {
		t.Fatal("component 1 not found")
	}
	at += 9 * (maxVectorPiece + 2)
	damaged := bytes.Clone(data)
	damaged[at] = byte(format.MarkerInt)
	_, _, errs = read(damaged)
	// The scan steps over the value and says what is wrong.
	var de *format.DecodeError
	if err := errs[0]; !errors.As(err, &de) || de.Offset != int64(at) || !strings.Contains(err.Error(), "vector component: expected DOUBLE marker 0x13, found 0x12") {
		t.Errorf("the scan fails with %v, want an error at offset %d", err, at)
	}
}

// vectorKeeper is a ValueVisitor that keeps the vector it is handed.
type vectorKeeper struct {
	ValueVisitor
	v format.Value
}

func (k *vectorKeeper) Vector(v format.VectorIndexID) {
	k.v = format.VectorIndexID{Indexes: append([]string(nil), v.Indexes...), Vector: append([]float64(nil), v.Vector...)}
}
