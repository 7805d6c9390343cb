package fuzz

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
)

// CheckSnapshot runs the snapshot properties on data: DecodeSnapshot, the
// streaming API (OpenSnapshot, every section reader, BatchTables and every
// batch read on its own, as a parallel reader would), graph.LoadSnapshot
// and the Cypher dump.
func CheckSnapshot(data []byte) error {
	return guard(func() error { return metered.snapshot(data) })
}

func (p props) snapshot(data []byte) error {
	size := int64(len(data))
	var m *format.Snapshot
	var err error
	if e := p.within("DecodeSnapshot", Budget(len(data)), func() {
		m, err = decode.DecodeSnapshot(bytes.NewReader(data), size, "")
	}); e != nil {
		return e
	}
	if e := typed("DecodeSnapshot", err, size, snapshotClasses); e != nil {
		return e
	}
	if err == nil {
		if e := shallow(snapshotValues(m)); e != nil {
			return e
		}
		var buf bytes.Buffer
		if e := encode.EncodeSnapshotWith(&buf, m, &encode.SnapshotOptions{Layout: encode.LayoutRecorded}); e != nil {
			return fmt.Errorf("decoded without error, but the recorded layout does not re-encode: %v", e)
		}
		if e := sameBytes("re-encoded snapshot", buf.Bytes(), data); e != nil {
			return e
		}
	}
	var streamErr error
	if e := p.within("streaming snapshot read", Budget(len(data)), func() { streamErr = streamSnapshot(data, m, err) }); e != nil {
		return e
	}
	if streamErr != nil {
		return streamErr
	}
	if e := scanAgrees(data); e != nil {
		return e
	}
	if e := partsAgree(data); e != nil {
		return e
	}
	loadErr, e := p.recoverSnapshot(data)
	if e != nil {
		return e
	}
	failed := ""
	switch {
	case err != nil:
		failed = "DecodeSnapshot fails: " + err.Error()
	case loadErr != nil:
		failed = "graph.LoadSnapshot fails: " + loadErr.Error()
	}
	return p.verifyAgrees(data, failed)
}

// snapshotValues lists the property values of a snapshot model.
func snapshotValues(m *format.Snapshot) []format.Value {
	var vs []format.Value
	for _, e := range m.Edges {
		for _, p := range e.Properties {
			vs = append(vs, p.Value)
		}
	}
	for _, v := range m.Vertices {
		for _, p := range v.Properties {
			vs = append(vs, p.Value)
		}
	}
	for _, d := range m.Descriptions {
		if d.Value != nil {
			vs = append(vs, d.Value)
		}
	}
	return vs
}

// streamSnapshot reads data through the streaming API. Every error must be
// typed; when the whole-file decode gave model m without error (decodeErr
// nil), every reader must succeed and agree with m.
func streamSnapshot(data []byte, m *format.Snapshot, decodeErr error) error {
	size := int64(len(data))
	s, err := decode.OpenSnapshot(bytes.NewReader(data), size, "")
	if err != nil {
		// DecodeSnapshot opens the file the same way first.
		if e := typed("OpenSnapshot", err, size, snapshotClasses); e != nil {
			return e
		}
		return sameError("OpenSnapshot", err, decodeErr)
	}
	var got format.Snapshot
	type section struct {
		name string
		read func() error
	}
	var errs []error
	for _, sec := range []section{
		{"Mapper", func() (err error) { got.Mapper, err = s.Mapper(); return }},
		{"Enums", func() (err error) { got.Enums, err = s.Enums(); return }},
		{"EpochHistory", func() (err error) { got.EpochHistory, err = s.EpochHistory(); return }},
		{"Indices", func() (err error) { got.Indices, err = s.Indices(); return }},
		{"EdgeIndices", func() (err error) { got.EdgeIndices, err = s.EdgeIndices(); return }},
		{"Constraints", func() (err error) { got.Constraints, err = s.Constraints(); return }},
		{"TTL", func() (err error) { got.TTL, err = s.TTL(); return }},
		{"Descriptions", func() (err error) { got.Descriptions, err = s.Descriptions(); return }},
	} {
		err := sec.read()
		if e := typed(sec.name, err, size, snapshotClasses); e != nil {
			return e
		}
		if err != nil {
			errs = append(errs, err)
		}
	}
	edges, vertices, synthetic, err := s.BatchTables()
	if e := typed("BatchTables", err, size, snapshotClasses); e != nil {
		return e
	}
	if err != nil {
		errs = append(errs, err)
	}
	// Every batch on its own, errors or not, as parallel readers would.
	for _, b := range edges {
		_, err := s.ReadEdgeBatch(b, func(r format.EdgeRecord) error { got.Edges = append(got.Edges, r); return nil })
		if e := typed("ReadEdgeBatch", err, size, snapshotClasses); e != nil {
			return e
		}
		if err != nil {
			errs = append(errs, err)
		}
	}
	for _, b := range vertices {
		_, err := s.ReadVertexBatch(b, func(r format.VertexRecord) error { got.Vertices = append(got.Vertices, r); return nil })
		if e := typed("ReadVertexBatch", err, size, snapshotClasses); e != nil {
			return e
		}
		if err != nil {
			errs = append(errs, err)
		}
	}
	if decodeErr != nil {
		return nil
	}
	if len(errs) > 0 {
		return fmt.Errorf("DecodeSnapshot succeeds, but the streaming API fails: %v", errs[0])
	}
	if !synthetic {
		got.EdgeBatches, got.VertexBatches = edges, vertices
	}
	want := *m
	want.Version, want.Offsets, want.Metadata, want.Gaps = 0, format.Offsets{}, format.SnapshotMetadata{}, nil
	if s.Version != m.Version || s.Offsets != m.Offsets || s.Metadata != m.Metadata {
		return fmt.Errorf("OpenSnapshot reads version %d, offsets %v, metadata %+v; DecodeSnapshot %d, %v, %+v",
			s.Version, s.Offsets, s.Metadata, m.Version, m.Offsets, m.Metadata)
	}
	if d := diffModels(&want, &got); d != "" {
		return fmt.Errorf("the streaming API reads a different snapshot (-DecodeSnapshot +streaming):\n%s", d)
	}
	return nil
}

// recoverSnapshot runs what `durascope dump --format cypher` runs; loadErr
// is the load's refusal, problem what breaks a property.
func (p props) recoverSnapshot(data []byte) (loadErr, problem error) {
	size := int64(len(data))
	s, err := decode.OpenSnapshot(bytes.NewReader(data), size, "")
	if err != nil {
		return nil, nil // checked by streamSnapshot
	}
	var st *graph.Graph
	if e := p.within("graph.LoadSnapshot", Budget(len(data)), func() { st, err = graph.LoadSnapshot(s) }); e != nil {
		return nil, e
	}
	if e := typed("graph.LoadSnapshot", err, size, append(snapshotClasses, format.ErrInconsistent)); e != nil || err != nil {
		return err, e
	}
	return nil, p.dump(st, len(data))
}

// dump prints the Cypher dump of st. Its output can be larger than the
// input (a long name used by many records), so its budget grows with the
// output too.
func (p props) dump(st *graph.Graph, n int) error {
	var w countWriter
	var err error
	got := p.heapAllocs(func() { err = st.WriteCypher(&w) })
	if err != nil {
		return fmt.Errorf("inspect.WriteCypher: %v", err)
	}
	if budget := Budget(n) + 8*uint64(w.n); p.metered && got > budget {
		return fmt.Errorf("the Cypher dump (%d bytes) allocated %d bytes, over its budget of %d", w.n, got, budget)
	}
	return nil
}

// partSize cuts batches into parts of a few records, so a fuzz input's
// small batches have parts that must find their first record.
const partSize = 40

// partsAgree reads every batch of data in parts (decode.Snapshot.Parts,
// Scanner.VertexPart and EdgePart, PartChain), as verify and stats do on
// several cores, and whole (Scanner.Vertices and Edges), as they do on
// one: when the parts chain, the batch read whole must read the same
// records (offsets and gids) to the same end, without an error; a part
// whose search was misled or a damaged batch must fail to chain, since
// the readers then read the batch whole and find what is wrong.
func partsAgree(data []byte) error {
	s, err := decode.OpenSnapshot(bytes.NewReader(data), int64(len(data)), "")
	if err != nil {
		return nil
	}
	edges, vertices, _, err := s.BatchTables()
	if err != nil {
		return nil
	}
	type rec struct{ off, gid uint64 }
	for _, table := range []struct {
		kind    string
		batches []format.Batch
		part    func(*decode.Scanner, decode.Part, int64, func(rec)) decode.PartScan
		whole   func(*decode.Scanner, format.Batch, int64, func(rec)) (int64, error)
	}{
		{"edge", edges,
			func(sc *decode.Scanner, p decode.Part, bound int64, fn func(rec)) decode.PartScan {
				return sc.EdgePart(p, bound, func(e *decode.EdgeView) error { fn(rec{e.Offset, e.Gid}); return nil })
			},
			func(sc *decode.Scanner, b format.Batch, bound int64, fn func(rec)) (int64, error) {
				return sc.Edges(b, bound, func(e *decode.EdgeView) error { fn(rec{e.Offset, e.Gid}); return nil })
			}},
		{"vertex", vertices,
			func(sc *decode.Scanner, p decode.Part, bound int64, fn func(rec)) decode.PartScan {
				return sc.VertexPart(p, bound, func(v *decode.VertexView) error { fn(rec{v.Offset, v.Gid}); return nil })
			},
			func(sc *decode.Scanner, b format.Batch, bound int64, fn func(rec)) (int64, error) {
				return sc.Vertices(b, bound, func(v *decode.VertexView) error { fn(rec{v.Offset, v.Gid}); return nil })
			}},
	} {
		sc := s.NewScanner()
		parts := s.Parts(table.batches, partSize)
		for i := 0; i < len(parts); {
			bi := parts[i].Batch
			b, bound := table.batches[bi], s.Bound(table.batches, bi)
			var chain decode.PartChain
			var fromParts []rec
			for ; i < len(parts) && parts[i].Batch == bi; i++ {
				r := table.part(sc, parts[i], bound, func(x rec) { fromParts = append(fromParts, x) })
				chain.Add(b, parts[i], &r)
			}
			end, _, _, _, ok := chain.Done()
			if !ok {
				continue
			}
			var whole []rec
			wholeEnd, err := table.whole(sc, b, bound, func(x rec) { whole = append(whole, x) })
			if err != nil {
				return fmt.Errorf("%s batch %d (offset %d): its parts chain, but read whole it fails: %v", table.kind, bi, b.Offset, err)
			}
			if wholeEnd != end || !slices.Equal(whole, fromParts) {
				return fmt.Errorf("%s batch %d (offset %d): its parts chain to %d with records %v, read whole it ends at %d with %v",
					table.kind, bi, b.Offset, end, fromParts, wholeEnd, whole)
			}
		}
	}
	return nil
}

// scanAgrees scans every batch as verify and stats do on one core
// (Scanner views in table order, values decoded on demand, the order rules
// between batches) and reads them through the record readers: both must
// read the same records and stop at the same error. The scanner's fast
// paths must never read what the field readers would not.
func scanAgrees(data []byte) error {
	s, err := decode.OpenSnapshot(bytes.NewReader(data), int64(len(data)), "")
	if err != nil {
		return nil
	}
	edges, vertices, _, err := s.BatchTables()
	if err != nil {
		return nil
	}
	props := func(n int, value func(int) (format.Value, error), visit func(int, decode.ValueVisitor) error, ids func(int) uint64) ([]format.Property, error) {
		var out []format.Property
		for i := range n {
			v, err := value(i)
			// Handed to a ValueVisitor, the value is the same, or the error.
			if e := sameVisit("a scanned value", func(vis decode.ValueVisitor) error { return visit(i, vis) }, v, err); e != nil {
				return out, e
			}
			if err != nil {
				return out, err
			}
			out = append(out, format.Property{ID: ids(i), Value: v})
		}
		return out, nil
	}
	sc := s.NewScanner()
	var scanEdges []format.EdgeRecord
	var scanVertices []format.VertexRecord
	scanErr := func() error {
		order := s.NewBatchOrder(format.OffsetEdgeBatches)
		for i, b := range edges {
			if err := order.Start(b); err != nil {
				return err
			}
			end, err := sc.Edges(b, s.Bound(edges, i), func(e *decode.EdgeView) error {
				ps, err := props(len(e.Properties), e.Value, e.VisitValue, func(i int) uint64 { return e.Properties[i].ID })
				if err == nil {
					scanEdges = append(scanEdges, format.EdgeRecord{Offset: e.Offset, Gid: e.Gid, Properties: ps})
				}
				return err
			})
			if err != nil {
				return err
			}
			order.Done(end)
		}
		order = s.NewBatchOrder(format.OffsetVertexBatches)
		for i, b := range vertices {
			if err := order.Start(b); err != nil {
				return err
			}
			end, err := sc.Vertices(b, s.Bound(vertices, i), func(v *decode.VertexView) error {
				if err := order.Vertex(v.Offset, v.Gid); err != nil {
					return err
				}
				ps, err := props(len(v.Properties), v.Value, v.VisitValue, func(i int) uint64 { return v.Properties[i].ID })
				if err == nil {
					scanVertices = append(scanVertices, format.VertexRecord{Offset: v.Offset, Gid: v.Gid, Labels: slices.Clone(v.Labels),
						Properties: ps, InEdges: slices.Clone(v.InEdges), OutEdges: slices.Clone(v.OutEdges)})
				}
				return err
			})
			if err != nil {
				return err
			}
			order.Done(end)
		}
		return nil
	}()
	var recEdges []format.EdgeRecord
	var recVertices []format.VertexRecord
	recErr := s.EachEdgeBatch(edges, nil, func(e format.EdgeRecord) error { recEdges = append(recEdges, e); return nil })
	if recErr == nil {
		recErr = s.EachVertexBatch(vertices, nil, func(v format.VertexRecord) error { recVertices = append(recVertices, v); return nil })
	}
	if (scanErr == nil) != (recErr == nil) || (scanErr != nil && scanErr.Error() != recErr.Error()) {
		return fmt.Errorf("a scan of the batches stops with %v, the record readers with %v", scanErr, recErr)
	}
	if !SameModel(scanEdges, recEdges) || !SameModel(scanVertices, recVertices) {
		return fmt.Errorf("a scan reads %d edges and %d vertices, the record readers %d and %d, not the same",
			len(scanEdges), len(scanVertices), len(recEdges), len(recVertices))
	}
	return nil
}
