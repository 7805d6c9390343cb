package inspect

import (
	"cmp"
	"errors"
	"io"
	"slices"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/format"
)

// Record is one unit of a file as `dump --format text|jsonl` shows it: a
// header, a section, a batch table, a vertex or edge record, a WAL frame.
type Record struct {
	Offset int64  // absolute byte offset where it starts
	Kind   string // "header", "offsets", "summary", "frame", "vertex", "edge", "mapper", ...
	// Txn and Timestamp are set for WAL frames.
	Txn       int
	Timestamp uint64
	Value     any // the model value: *format.VertexRecord, format.Frame, format.Indices, ...
	// Version is the file's format version; fields of Value whose feature tag
	// it lacks are absent from the file.
	Version format.Version
	// Partial marks a record of a best-effort read of a snapshot that does
	// not open (DumpOptions.BestEffort).
	Partial bool
}

// SnapshotHeader is the fixed start of a snapshot.
type SnapshotHeader struct {
	Magic   string         `json:"magic"`
	Version format.Version `json:"version"`
}

// OffsetEntry is one entry of the snapshot offsets table.
type OffsetEntry struct {
	Section string `json:"section"`
	Offset  uint64 `json:"offset"`
}

// Tail is the undecodable end of a WAL with a torn tail.
type Tail struct {
	Length int64  `json:"length"`
	Reason string `json:"reason"`
}

// WalkRecords calls fn for every record of f in file order. It returns the
// decode error that stopped the walk, if any (for a WAL with a torn tail, an
// error wrapping format.ErrTornTail after the "tail" record).
func WalkRecords(f *datadir.File, fn func(Record) error) error {
	return walkRecordsTo(f, recordSink{record: fn})
}

// recordSink receives the records of a walk. The bulk of a file, its WAL
// frames and snapshot edge and vertex records, goes to frames and snap
// when they are set, without a Record boxing each: frames in runs, taken
// apart as views, edge and vertex records as views, valid during the
// call. Unset, they come to record as Records like every other record.
// A sink that takes views (snap set) takes the edge-indices section as
// one too: its Record's Value is an *edgeIndicesView, whose entries are
// read again as it prints, rather than a format.EdgeIndices holding them
// (a best-effort read's walk, which only the dumps take, always gives
// the view: prefixSource).
type recordSink struct {
	record func(Record) error
	frames func(v format.Version, frames []walFrame) error
	snap   func(v format.Version, r *snapRecord) error
}

// walFrame is a WAL frame as the dump prints it and a filter looks at it,
// read as a view (decode.DeltaView) or taken from a built frame: its head,
// and the fields of its delta (held), or, of a delta type deltaFields
// does not hold, the delta built.
type walFrame struct {
	head   decode.FrameHead
	fields deltaFields
	held   bool
	delta  format.Delta
}

// ofView sets fr to the frame h, read as the view dv; its value's bytes
// are dv's, read by values.
func (fr *walFrame) ofView(h *decode.FrameHead, dv *decode.DeltaView, values *decode.FrameParser) {
	fr.head = *h
	if fr.fields, fr.held = fieldsOfView(dv, values); fr.held {
		fr.delta = nil
	} else {
		fr.delta = dv.Delta
	}
}

// ofFrame sets fr to the built frame f, of transaction txn.
func (fr *walFrame) ofFrame(f *format.Frame, txn int) {
	fr.head = decode.FrameHead{Offset: f.Offset, Size: f.Size, Timestamp: f.Timestamp, Txn: txn, Marker: f.Marker}
	if fr.fields, fr.held = fieldsOfDelta(f.Delta); fr.held {
		fr.delta = nil
	} else {
		fr.delta = f.Delta
	}
}

// walkRecordsTo is WalkRecords into a sink.
func walkRecordsTo(f *datadir.File, sink recordSink) error {
	switch f.Kind {
	case datadir.KindSnapshot:
		return walkSnapshotTo(f, sink, false)
	case datadir.KindWAL:
		return walkWAL(f, sink)
	}
	return f.NotDurabilityFileError()
}

func walkWAL(f *datadir.File, sink recordSink) error {
	w, err := f.WAL()
	if err != nil {
		return err
	}
	version := w.Header.Version
	fn := func(r Record) error { r.Version = version; return sink.record(r) }
	h := w.Header
	header := h
	header.Summary = nil // its own record follows
	if err := fn(Record{Offset: 0, Kind: "header", Value: header}); err != nil {
		return err
	}
	if h.Summary != nil {
		if err := fn(Record{Offset: int64(h.HeaderEnd) - 36, Kind: "summary", Value: *h.Summary}); err != nil {
			return err
		}
	}
	end := func(err error) error {
		if err == io.EOF {
			return nil
		}
		if format.IsTornTail(err) {
			end := w.FramesEnd()
			var de *format.DecodeError
			errors.As(err, &de)
			if ferr := fn(Record{Offset: end, Kind: "tail", Value: Tail{Length: f.Size - end, Reason: de.Reason}}); ferr != nil {
				return ferr
			}
		}
		return err
	}
	if sink.frames != nil {
		// Frames are taken apart here, their values read by the sink's
		// own parser (values): a pipelined sink renders on another goroutine.
		p, values := w.FrameParser(), w.FrameParser()
		heads := make([]decode.FrameHead, framesPerRun)
		frames := make([]walFrame, framesPerRun)
		var b []byte
		for {
			n, bytes, err := w.NextFrameBytes(heads, b)
			b = bytes
			at := int64(0)
			for k := range heads[:n] {
				h := &heads[k]
				dv, verr := p.View(h, b[at:at+h.Size])
				if verr != nil {
					return verr
				}
				frames[k].ofView(h, dv, values)
				at += h.Size
			}
			if n > 0 {
				if ferr := sink.frames(version, frames[:n]); ferr != nil {
					return ferr
				}
			}
			if err != nil {
				return end(err)
			}
		}
	}
	for {
		fr, err := w.NextFrame()
		if err != nil {
			return end(err)
		}
		r := Record{Offset: fr.Offset, Kind: "frame", Txn: w.TransactionIndex(), Timestamp: fr.Timestamp, Value: *fr, Version: version}
		if err := sink.record(r); err != nil {
			return err
		}
	}
}

// framesPerRun is how many frames a walk reads in one run.
const framesPerRun = 256

// walkSnapshotWith walks a snapshot's records; with skim, the edge and vertex records
// are read and checked but not emitted (a structural pass that builds no
// record, as info's full check needs).
func walkSnapshotWith(f *datadir.File, emit func(Record) error, skim bool) error {
	return walkSnapshotTo(f, recordSink{record: emit}, skim)
}

// walkSnapshotTo is walkSnapshotWith into a sink.
func walkSnapshotTo(f *datadir.File, sink recordSink, skim bool) error {
	s, err := f.Snapshot()
	if err != nil {
		return err
	}
	fn := func(r Record) error { r.Version = s.Version; return sink.record(r) }
	if err := fn(Record{Offset: 0, Kind: "header", Value: SnapshotHeader{Magic: format.SnapshotMagic, Version: s.Version}}); err != nil {
		return err
	}
	var offsets []OffsetEntry
	for _, slot := range format.SnapshotOffsetSlots(s.Features) {
		offsets = append(offsets, OffsetEntry{Section: slot.String(), Offset: s.Offsets[slot]})
	}
	if err := fn(Record{Offset: 12, Kind: "offsets", Value: offsets}); err != nil {
		return err
	}
	// Sections are emitted in file order; each item reads its section lazily.
	type item struct {
		offset uint64
		kind   string
		emit   func() error
	}
	value := func(kind string, slot format.OffsetSlot, read func() (any, error)) item {
		off := s.Offsets[slot]
		return item{off, kind, func() error {
			v, err := read()
			if err != nil {
				return err
			}
			return fn(Record{Offset: int64(off), Kind: kind, Value: v})
		}}
	}
	edgeBatches, vertexBatches, synthetic, err := s.BatchTables()
	if err != nil {
		return err
	}
	items := []item{
		value("metadata", format.OffsetMetadata, func() (any, error) { return s.Metadata, nil }),
		value("mapper", format.OffsetMapper, func() (any, error) { return s.Mapper() }),
		value("epoch_history", format.OffsetEpochHistory, func() (any, error) { return s.EpochHistory() }),
		value("indices", format.OffsetIndices, func() (any, error) { return s.Indices() }),
		value("constraints", format.OffsetConstraints, func() (any, error) { return s.Constraints() }),
	}
	ft := s.Features
	if ft.Has(format.FeatEnums) {
		items = append(items, value("enums", format.OffsetEnums, func() (any, error) { return s.Enums() }))
	}
	if ft.Has(format.FeatEdgeIndices) {
		items = append(items, value("edge_indices", format.OffsetEdgeIndices, func() (any, error) {
			switch {
			case skim:
				return s.EdgeIndicesWith(nil)
			case sink.snap != nil:
				// A sink that takes views takes this one too: its entries
				// are read again from the file as they print.
				return readEdgeIndicesView(s)
			}
			return s.EdgeIndices()
		}))
	}
	if ft.Has(format.FeatTTL) {
		items = append(items, value("ttl", format.OffsetTTL, func() (any, error) { return s.TTL() }))
	}
	if ft.Has(format.FeatDescriptions) {
		items = append(items, value("descriptions", format.OffsetDescriptions, func() (any, error) { return s.Descriptions() }))
	}
	if !synthetic {
		items = append(items,
			value("edge_batches", format.OffsetEdgeBatches, func() (any, error) { return edgeBatches, nil }),
			value("vertex_batches", format.OffsetVertexBatches, func() (any, error) { return vertexBatches, nil }))
	}
	if len(edgeBatches) > 0 {
		items = append(items, item{edgeBatches[0].Offset, "edge", func() error {
			if skim {
				return s.ScanEdges(func(*decode.EdgeView) error { return nil })
			}
			if sink.snap == nil {
				return s.ForEachEdge(func(e format.EdgeRecord) error {
					return sink.record(Record{Offset: int64(e.Offset), Kind: "edge", Value: e, Version: s.Version})
				})
			}
			values := s.ValueReader()
			var rec snapRecord // one for the walk: the sink's pointer escapes
			return s.ScanEdges(func(e *decode.EdgeView) error {
				if err := rec.ofEdgeView(e, values); err != nil {
					return err
				}
				return sink.snap(s.Version, &rec)
			})
		}})
	}
	if len(vertexBatches) > 0 {
		items = append(items, item{vertexBatches[0].Offset, "vertex", func() error {
			if skim {
				return s.ScanVertices(func(*decode.VertexView) error { return nil })
			}
			if sink.snap == nil {
				return s.ForEachVertex(func(v format.VertexRecord) error {
					return sink.record(Record{Offset: int64(v.Offset), Kind: "vertex", Value: v, Version: s.Version})
				})
			}
			values := s.ValueReader()
			var rec snapRecord
			return s.ScanVertices(func(v *decode.VertexView) error {
				if err := rec.ofVertexView(v, values); err != nil {
					return err
				}
				return sink.snap(s.Version, &rec)
			})
		}})
	}
	slices.SortStableFunc(items, func(a, b item) int { return cmp.Compare(a.offset, b.offset) })
	for _, it := range items {
		if err := it.emit(); err != nil {
			return err
		}
	}
	return nil
}
