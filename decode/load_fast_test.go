package decode_test

import (
	"bytes"
	"math"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/fuzz"
)

// scalarValue is the value of Scalar's parts.
func scalarValue(t format.Marker, a, b uint64, s []byte) format.Value {
	switch t {
	case format.MarkerNull:
		return format.Null{}
	case format.MarkerBool:
		return format.Bool(a == 1)
	case format.MarkerInt:
		return format.Int(int64(a))
	case format.MarkerDouble:
		return format.Double(math.Float64frombits(a))
	case format.MarkerString:
		return format.String(s)
	case format.MarkerTemporal:
		return format.Temporal{Type: format.TemporalType(b), Micros: int64(a)}
	case format.MarkerEnum:
		return format.Enum{TypeID: a, ValueID: b}
	}
	return nil
}

// scalarType is the type of v when Scalar takes it, 0 otherwise.
func scalarType(v format.Value) format.Marker {
	switch v.(type) {
	case format.Null:
		return format.MarkerNull
	case format.Bool:
		return format.MarkerBool
	case format.Int:
		return format.MarkerInt
	case format.Double:
		return format.MarkerDouble
	case format.String:
		return format.MarkerString
	case format.Temporal:
		return format.MarkerTemporal
	case format.Enum:
		return format.MarkerEnum
	}
	return 0
}

// eachScalar calls fn with every property a scan of s reads: what
// Values.Scalar makes of it and what Value decodes.
func eachScalar(t *testing.T, s *decode.Snapshot, fn func(got format.Value, ok bool, want format.Value, err error)) error {
	t.Helper()
	check := func(vs decode.Values, i int) {
		typ, a, b, str, ok := vs.Scalar(i)
		want, err := vs.Value(i)
		fn(scalarValue(typ, a, b, str), ok, want, err)
	}
	if err := s.ScanEdges(func(e *decode.EdgeView) error {
		for i := range e.Properties {
			check(e.Values(), i)
		}
		return nil
	}); err != nil {
		return err
	}
	return s.ScanVertices(func(v *decode.VertexView) error {
		for i := range v.Properties {
			check(v.Values(), i)
		}
		return nil
	})
}

// TestScalarScanned: every value of every corpus snapshot and of generated
// ones of every version that Values.Scalar reads is the value Value
// decodes, and it reads every scalar of the types it takes.
func TestScalarScanned(t *testing.T) {
	read := map[format.Marker]int{}
	for name, data := range visitSnapshots(t) {
		s, err := decode.OpenSnapshot(bytes.NewReader(data), int64(len(data)), name)
		if err != nil {
			t.Fatal(err)
		}
		err = eachScalar(t, s, func(got format.Value, ok bool, want format.Value, err error) {
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			m := scalarType(want)
			if m != 0 && !ok {
				t.Errorf("%s: Scalar does not read %#v", name, want)
			}
			if !ok {
				return
			}
			read[m]++
			if !fuzz.SameModel(got, want) {
				t.Errorf("%s: Scalar reads %#v, Value decodes %#v", name, got, want)
			}
		})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	for _, m := range []format.Marker{format.MarkerBool, format.MarkerInt, format.MarkerDouble, format.MarkerString, format.MarkerTemporal, format.MarkerEnum} {
		if read[m] == 0 {
			t.Errorf("no %s value read", m)
		}
	}
}
