package decode_test

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"sync/atomic"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
	"github.com/durascope/durascope/golden/largegen"
)

// scanned is what a scan of every batch gives, as records of the model
// (values decoded through the views), and the first error.
func scanned(t *testing.T, s *decode.Snapshot, edges, vertices []format.Batch) ([]format.EdgeRecord, []format.VertexRecord, error) {
	t.Helper()
	sc := s.NewScanner()
	var es []format.EdgeRecord
	var vs []format.VertexRecord
	props := func(refs []decode.PropertyRef, sum decode.PropertySummary, value func(int) (format.Value, error)) ([]format.Property, error) {
		var want decode.PropertySummary
		for _, p := range refs {
			want.MaxPropertyID, want.AnyRefs = max(want.MaxPropertyID, p.ID), want.AnyRefs || p.Refs
		}
		if sum != want {
			t.Errorf("property summary %+v, the properties say %+v", sum, want)
		}
		var out []format.Property
		for i, p := range refs {
			v, err := value(i)
			if err != nil {
				return nil, err
			}
			if got := format.ValueTypeName(v); got != p.TypeName() {
				t.Errorf("property %d: view says %s, value is %s", p.ID, p.TypeName(), got)
			}
			out = append(out, format.Property{ID: p.ID, Value: v})
		}
		return out, nil
	}
	order := s.NewBatchOrder(format.OffsetEdgeBatches)
	for i, b := range edges {
		if err := order.Start(b); err != nil {
			return es, vs, err
		}
		end, err := sc.Edges(b, s.Bound(edges, i), func(e *decode.EdgeView) error {
			ps, err := props(e.Properties, e.PropertySummary, e.Value)
			es = append(es, format.EdgeRecord{Offset: e.Offset, Gid: e.Gid, Properties: ps})
			return err
		})
		if err != nil {
			return es, vs, err
		}
		order.Done(end)
	}
	order = s.NewBatchOrder(format.OffsetVertexBatches)
	for i, b := range vertices {
		if err := order.Start(b); err != nil {
			return es, vs, err
		}
		end, err := sc.Vertices(b, s.Bound(vertices, i), func(v *decode.VertexView) error {
			if err := order.Vertex(v.Offset, v.Gid); err != nil {
				return err
			}
			ps, err := props(v.Properties, v.PropertySummary, v.Value)
			r := format.VertexRecord{Offset: v.Offset, Gid: v.Gid, Labels: append([]uint64{}, v.Labels...), Properties: ps}
			if len(v.InEdges) > 0 {
				r.InEdges = append(r.InEdges, v.InEdges...)
			}
			if len(v.OutEdges) > 0 {
				r.OutEdges = append(r.OutEdges, v.OutEdges...)
			}
			vs = append(vs, r)
			return err
		})
		if err != nil {
			return es, vs, err
		}
		order.Done(end)
	}
	return es, vs, nil
}

// built is the same through ForEachEdge and ForEachVertex.
func built(s *decode.Snapshot, edges, vertices []format.Batch) ([]format.EdgeRecord, []format.VertexRecord, error) {
	var es []format.EdgeRecord
	var vs []format.VertexRecord
	if err := s.EachEdgeBatch(edges, nil, func(e format.EdgeRecord) error { es = append(es, e); return nil }); err != nil {
		return es, vs, err
	}
	err := s.EachVertexBatch(vertices, nil, func(v format.VertexRecord) error { vs = append(vs, v); return nil })
	return es, vs, err
}

// TestScannerMatchesRecords: a scan reads the records ForEachVertex and
// ForEachEdge read, values decoded on demand equal to the built ones, and
// fails with the same error at the same point, on every cut of a
// generated snapshot of many small batches and on byte flips of it and of
// every corpus snapshot.
func TestScannerMatchesRecords(t *testing.T) {
	var gen golden.MemFile
	if _, err := largegen.WriteSnapshot(&gen, format.MaxVersion, 12<<10, &largegen.SnapshotParams{Seed: 3, BatchSize: 7}); err != nil {
		t.Fatal(err)
	}
	inputs := map[string][]byte{"generated": gen.Bytes()}
	for _, f := range golden.ReadCorpus(t) {
		if !f.WAL {
			inputs[f.Name] = f.Data
		}
	}
	check := func(name string, b []byte) {
		t.Helper()
		s, err := decode.OpenSnapshot(bytes.NewReader(b), int64(len(b)), "f")
		if err != nil {
			return
		}
		edges, vertices, _, err := s.BatchTables()
		if err != nil {
			return
		}
		we, wv, werr := built(s, edges, vertices)
		ge, gv, gerr := scanned(t, s, edges, vertices)
		if fmt.Sprint(werr) != fmt.Sprint(gerr) {
			t.Fatalf("%s: scan error %v, records error %v", name, gerr, werr)
		}
		if !reflect.DeepEqual(we, ge) || !reflect.DeepEqual(wv, gv) {
			t.Fatalf("%s: scanned records differ from the built ones (%d/%d edges, %d/%d vertices)", name, len(ge), len(we), len(gv), len(wv))
		}
	}
	for name, b := range inputs {
		check(name, b)
		step := 5 // every field of the small batches, one bit each
		if name != "generated" {
			step = 97
		}
		for p := 0; p < len(b); p += step {
			m := bytes.Clone(b)
			m[p] ^= 1 << (p % 8)
			check(fmt.Sprintf("%s flip at %d", name, p), m)
		}
	}
	// Cut files do not open (the offsets point past the end); a bound cuts
	// the batch itself.
	b := gen.Bytes()
	s, err := decode.OpenSnapshot(bytes.NewReader(b), int64(len(b)), "f")
	if err != nil {
		t.Fatal(err)
	}
	_, vertices, _, _ := s.BatchTables()
	first := vertices[0]
	full := s.Bound(vertices, 0)
	for bound := int64(first.Offset); bound <= full; bound++ {
		var n int
		_, werr := s.NewScanner().Vertices(first, bound, func(*decode.VertexView) error { n++; return nil })
		var m int
		_, gerr := s.ReadVertexBatch(format.Batch{Offset: first.Offset, Count: first.Count}, func(format.VertexRecord) error { m++; return nil })
		if bound < full && werr == nil {
			t.Fatalf("bound %d: no error", bound)
		}
		if bound == full && (werr != nil || gerr != nil || n != m) {
			t.Fatalf("whole batch: %v, %v, %d/%d records", werr, gerr, n, m)
		}
	}
}

// TestScannerLongRecord: a record longer than the window the scanner keeps
// still gives its values (read again from the file).
func TestScannerLongRecord(t *testing.T) {
	long := format.String(bytes.Repeat([]byte("x"), 3<<20))
	m := &format.Snapshot{Version: format.MaxVersion, Mapper: []format.MapperEntry{{ID: 0, Name: "p"}},
		Vertices: []format.VertexRecord{{Gid: 1, Labels: []uint64{}, Properties: []format.Property{{ID: 0, Value: format.Int(1)}, {ID: 0, Value: long}, {ID: 0, Value: format.Int(2)}}}}}
	m.Metadata.VertexCount = 1
	b := encodeSnapshot(t, m)
	s, err := decode.OpenSnapshot(bytes.NewReader(b), int64(len(b)), "f")
	if err != nil {
		t.Fatal(err)
	}
	_, vertices, _, _ := s.BatchTables()
	var got []format.Value
	if _, err := s.NewScanner().Vertices(vertices[0], s.Bound(vertices, 0), func(v *decode.VertexView) error {
		for i := range v.Properties {
			val, err := v.Value(i)
			if err != nil {
				return err
			}
			got = append(got, val)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, []format.Value{format.Int(1), long, format.Int(2)}) {
		t.Fatalf("values differ (%d read)", len(got))
	}
}

// TestParallelBatches: results are merged in table order whatever the
// workers' order, and an error from merge stops the merging there.
func TestParallelBatches(t *testing.T) {
	batches := make([]format.Batch, 50)
	for i := range batches {
		batches[i] = format.Batch{Offset: uint64(i)}
	}
	for _, workers := range []int{1, 2, 3, 8} {
		var reads atomic.Int64
		var merged []int
		err := decode.ParallelBatches(batches, workers, func(_, i int) int {
			reads.Add(1)
			return i * i
		}, func(i, r int) error {
			if r != i*i {
				t.Fatalf("batch %d merged with the result of another", i)
			}
			merged = append(merged, i)
			return nil
		})
		if err != nil || len(merged) != len(batches) || reads.Load() != int64(len(batches)) {
			t.Fatalf("%d workers: %v, %d merged, %d read", workers, err, len(merged), reads.Load())
		}
		for i, m := range merged {
			if m != i {
				t.Fatalf("%d workers: merged out of order: %v", workers, merged)
			}
		}
		stop := errors.New("stop")
		merged = merged[:0]
		err = decode.ParallelBatches(batches, workers, func(_, i int) int { return i }, func(i, _ int) error {
			merged = append(merged, i)
			if i == 20 {
				return stop
			}
			return nil
		})
		if err != stop || len(merged) != 21 {
			t.Fatalf("%d workers: stop: %v, merged %d", workers, err, len(merged))
		}
	}
}
