package decode_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/fuzz"
	"github.com/durascope/durascope/golden"
	"github.com/durascope/durascope/golden/largegen"
)

// visitSnapshots are the snapshots the visitor tests read: every corpus
// snapshot and a generated one of every version (every value type).
func visitSnapshots(t *testing.T) map[string][]byte {
	out := map[string][]byte{}
	for _, f := range golden.ReadCorpus(t) {
		if !f.WAL {
			out[f.Name] = f.Data
		}
	}
	for v := format.MinVersion; v <= format.MaxVersion; v++ {
		var f golden.MemFile
		if _, err := largegen.WriteSnapshot(&f, v, 16<<10, &largegen.SnapshotParams{Seed: uint64(v), BatchSize: 5}); err != nil {
			t.Fatal(err)
		}
		out["generated "+v.String()] = f.Bytes()
	}
	return out
}

// eachValue calls fn with every property value a scan of s reads, through
// the view (its index on the view).
func eachValue(t *testing.T, s *decode.Snapshot, fn func(value func() (format.Value, error), visit func(decode.ValueVisitor) error)) {
	t.Helper()
	if err := s.ScanEdges(func(e *decode.EdgeView) error {
		for i := range e.Properties {
			fn(func() (format.Value, error) { return e.Value(i) }, func(vis decode.ValueVisitor) error { return e.VisitValue(i, vis) })
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.ScanVertices(func(v *decode.VertexView) error {
		for i := range v.Properties {
			fn(func() (format.Value, error) { return v.Value(i) }, func(vis decode.ValueVisitor) error { return v.VisitValue(i, vis) })
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// TestVisitValueScanned: every value of every corpus snapshot and of
// generated ones of every version, handed to a ValueVisitor through its
// view, is the value Value decodes; and as bytes (decode.VisitValue), so
// is it, and so is every cut and byte flip of it, or the same error
// (fuzz.CheckValue holds the two to each other).
func TestVisitValueScanned(t *testing.T) {
	check := fuzz.Unmetered("FuzzValue")
	kinds := map[string]bool{}
	for name, data := range visitSnapshots(t) {
		s, err := decode.OpenSnapshot(bytes.NewReader(data), int64(len(data)), name)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		eachValue(t, s, func(value func() (format.Value, error), visit func(decode.ValueVisitor) error) {
			want, err := value()
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			var b fuzz.ValueBuilder
			if err := visit(&b); err != nil {
				t.Fatalf("%s: visiting %#v: %v", name, want, err)
			}
			if got := b.Value(); !fuzz.SameModel(got, want) {
				t.Fatalf("%s: visited %#v, decoded %#v", name, got, want)
			}
			kinds[format.ValueTypeName(want)] = true
			n++
			if n%13 != 0 {
				return
			}
			raw, err := encode.AppendValue(nil, want, s.Version)
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; i <= len(raw); i++ {
				inputs := [][]byte{raw[:i]}
				if i < len(raw) {
					flipped := bytes.Clone(raw)
					flipped[i] ^= 1 << (i % 8)
					inputs = append(inputs, flipped)
				}
				for _, in := range inputs {
					if err := check(fuzz.ValueInput(s.Version, in)); err != nil {
						t.Fatalf("%s: %x: %v", name, in, err)
					}
				}
			}
		})
		if n == 0 && name != "v14/test_edges/snapshot.bin" {
			t.Logf("%s: no values", name)
		}
	}
	for _, k := range []string{"string", "int", "double", "bool", "list", "map", "date", "local_datetime", "zoned_datetime", "enum", "point_2d"} {
		if !kinds[k] {
			t.Errorf("no %s value visited (visited %v)", k, kinds)
		}
	}
}

// TestVisitValueLongRecord: a record longer than the window the scanner
// keeps still hands over its values (read again from the file).
func TestVisitValueLongRecord(t *testing.T) {
	long := format.String(bytes.Repeat([]byte("x"), 3<<20))
	vals := []format.Value{format.Int(1), long, format.List{long, format.Map{{Key: "k", Value: long}}}, format.Int(2)}
	m := &format.Snapshot{Version: format.MaxVersion, Mapper: []format.MapperEntry{{ID: 0, Name: "p"}},
		Vertices: []format.VertexRecord{{Gid: 1, Labels: []uint64{}}}}
	for _, v := range vals {
		m.Vertices[0].Properties = append(m.Vertices[0].Properties, format.Property{ID: 0, Value: v})
	}
	m.Metadata.VertexCount = 1
	b := encodeSnapshot(t, m)
	s, err := decode.OpenSnapshot(bytes.NewReader(b), int64(len(b)), "f")
	if err != nil {
		t.Fatal(err)
	}
	var got []format.Value
	eachValue(t, s, func(_ func() (format.Value, error), visit func(decode.ValueVisitor) error) {
		var vb fuzz.ValueBuilder
		if err := visit(&vb); err != nil {
			t.Fatal(err)
		}
		got = append(got, vb.Value())
	})
	if !fuzz.SameModel(got, vals) {
		t.Fatalf("values differ (%d read)", len(got))
	}
}

// TestVisitValueErrors: decode.VisitValue fails as decode.Value fails, at
// the same offset, handing over what it read before.
func TestVisitValueErrors(t *testing.T) {
	for _, c := range []struct {
		data []byte
		v    format.Version
	}{
		{nil, 37},
		{hx(`10`), 37},
		{hx(`17 10 10`), 37},
		{hx(`17 14 05 00 00 00 00 00 00 00 "ab"`), 37},
		{hx(`17 15 00 00 00 00 00 01 00 00`), 37},
		{nested(maxDepth+1, false), 37},
		{nested(maxDepth+1, true), 37},
		{nested(maxDepth, true), 37},
		{hx(`17 10`), 13},
		{hx(`17 19 12 00 00 00 00 00 00 00 00 12 00 00 00 00 00 00 00 00 12 00 00 00 00 00 00 00 00`), 16},
		{hx(`17 1a 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00`), 17},
		{hx(`17 15 01 00 00 00 00 00 00 00 17 1a 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00`), 14},
		{hx(`17 11 07`), 37},
		{hx(`17 18 12 09 00 00 00 00 00 00 00 12 00 00 00 00 00 00 00 00`), 37},
	} {
		want, wantErr := decode.Value(c.data, c.v)
		var b fuzz.ValueBuilder
		err := decode.VisitValue(c.data, c.v, &b)
		if fmt.Sprint(err) != fmt.Sprint(wantErr) {
			t.Errorf("%x: VisitValue fails with %v, Value with %v", c.data, err, wantErr)
		}
		if got := b.Value(); err == nil && !fuzz.SameModel(got, want) {
			t.Errorf("%x: visited %#v, decoded %#v", c.data, got, want)
		}
	}
}
