package inspect

import (
	"cmp"
	"container/heap"
	"fmt"
	"io"
	"slices"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
)

// FileStats is what `durascope stats` reports about one file. It is built in
// one streaming pass: memory grows with the mapper (label and edge-type
// names) and with --top, never with the number of records or transactions.
type FileStats struct {
	Path     string         `json:"path"`
	Kind     datadir.Kind   `json:"kind"`
	Size     int64          `json:"size"`
	Version  uint64         `json:"version,omitempty"`
	WAL      *WALStats      `json:"wal,omitempty"`
	Snapshot *SnapshotStats `json:"snapshot,omitempty"`
	// Problem is the decode error that ended the pass; the figures above
	// cover what was read before it.
	Problem      string `json:"problem,omitempty"`
	ProblemClass string `json:"problem_class,omitempty"`
	err          error
}

// Err is the error behind Problem.
func (s *FileStats) Err() error { return s.err }

// WALStats is the WAL part of FileStats.
type WALStats struct {
	// Byte accounting: header + summary + frames + tail = file size.
	HeaderBytes  int64 `json:"header_bytes"`  // magic to the first frame, without the summary
	SummaryBytes int64 `json:"summary_bytes"` // the summary region (WALSummary)
	FrameBytes   int64 `json:"frame_bytes"`   // every frame that decoded
	TailBytes    int64 `json:"tail_bytes"`    // after the last frame that decoded: a torn tail or the damaged rest

	Frames uint64           `json:"frames"` // frames that decoded, complete transactions or not
	Deltas []DeltaTypeStats `json:"deltas"` // per delta type, by bytes descending

	// Transactions counts complete transactions; Committed and Uncommitted
	// split them by the TRANSACTION_START commit flag where the version has
	// one (TxnStart), and are absent otherwise.
	Transactions int  `json:"transactions"`
	Committed    *int `json:"committed,omitempty"`
	Uncommitted  *int `json:"uncommitted,omitempty"`
	// IncompleteFrames are the frames of a transaction the file ends inside.
	IncompleteFrames int `json:"incomplete_frames"`
	// Commit timestamps of the first and last complete transaction.
	FirstTimestamp uint64       `json:"first_timestamp"`
	LastTimestamp  uint64       `json:"last_timestamp"`
	DeltasPerTxn   Distribution `json:"deltas_per_txn"`
	BytesPerTxn    Distribution `json:"bytes_per_txn"`
	Largest        []TxnStats   `json:"largest"` // by bytes, largest first
}

// DeltaTypeStats counts the frames of one delta type.
type DeltaTypeStats struct {
	Type   string `json:"type"` // format.Marker.String()
	Frames uint64 `json:"frames"`
	Bytes  uint64 `json:"bytes"`
}

// TxnStats describes one complete transaction.
type TxnStats struct {
	Index     int    `json:"index"` // from 0, as `dump` numbers transactions
	Timestamp uint64 `json:"timestamp"`
	Offset    int64  `json:"offset"`
	Bytes     int64  `json:"bytes"`
	Deltas    int    `json:"deltas"`
	Commit    bool   `json:"commit"`
}

// SnapshotStats is the snapshot part of FileStats.
type SnapshotStats struct {
	// Sections in file order; their bytes add up to the file size.
	Sections      []SectionStats `json:"sections"`
	EdgeBatches   *BatchStats    `json:"edge_batches,omitempty"`   // SnapshotBatches
	VertexBatches *BatchStats    `json:"vertex_batches,omitempty"` // SnapshotBatches
	Vertices      uint64         `json:"vertices"`
	Edges         uint64         `json:"edges"` // edge records
	// Labels counts vertices per label, EdgeTypes edges per type (from the
	// vertices' out-edge lists, so it covers storages without edge records).
	Labels            []NameCount  `json:"labels"`
	UnlabeledVertices uint64       `json:"unlabeled_vertices"`
	EdgeTypes         []NameCount  `json:"edge_types"`
	VertexProperties  Distribution `json:"vertex_properties"` // properties per vertex
	EdgeProperties    Distribution `json:"edge_properties"`   // properties per edge record
	ValueTypes        []ValueTypes `json:"value_types"`       // top-level property values by type
}

// SectionStats is one region of a snapshot. Bytes run from Offset to the
// next section's offset (Memgraph leaves no bytes between sections); the
// header is the magic, version and offsets table.
type SectionStats struct {
	Name    string `json:"name"` // "header" or the offsets-table slot name
	Offset  uint64 `json:"offset"`
	Bytes   int64  `json:"bytes"`
	Records uint64 `json:"records"` // see sectionRecords
}

// BatchStats describes one batch table.
type BatchStats struct {
	Batches int          `json:"batches"`
	Records Distribution `json:"records"` // records per batch
	Bytes   Distribution `json:"bytes"`   // bytes per batch
}

// NameCount is a mapper name and how often it occurs; unknown ids print as "#id".
type NameCount struct {
	Name  string `json:"name"`
	ID    uint64 `json:"id"`
	Count uint64 `json:"count"`
}

// ValueTypes counts property values of one type.
type ValueTypes struct {
	Type     string `json:"type"`
	Vertices uint64 `json:"vertices"`
	Edges    uint64 `json:"edges"`
}

// StatsOptions tune Stats.
type StatsOptions struct {
	Top int // how many largest transactions to keep (default 5)
	// Progress, if set, is called now and then with the offset reached.
	Progress func(done int64)
	// Workers is how many batches of a snapshot are read at once (0:
	// GOMAXPROCS). The figures are the same whatever it is.
	Workers int
}

// progressEvery is how many frames or records pass between Progress calls.
const progressEvery = 1024

// Stats reads f in one streaming pass and summarises it.
func Stats(f *datadir.File, opts StatsOptions) *FileStats {
	if opts.Top <= 0 {
		opts.Top = 5
	}
	if opts.Progress == nil {
		opts.Progress = func(int64) {}
	}
	st := &FileStats{Path: f.Path, Kind: f.Kind, Size: f.Size}
	var err error
	switch f.Kind {
	case datadir.KindWAL:
		err = walStats(f, st, opts)
	case datadir.KindSnapshot:
		err = snapshotStats(f, st, opts)
	default:
		err = f.NotDurabilityFileError()
	}
	if err != nil {
		st.err = err
		st.Problem = err.Error()
		st.ProblemClass = format.ClassName(err)
	}
	return st
}

// summaryBytes is the size of the WAL summary region: four UINTs.
const summaryBytes = 4 * 9

func walStats(f *datadir.File, st *FileStats, opts StatsOptions) error {
	w, err := f.WAL()
	if err != nil {
		return err
	}
	st.Version = uint64(w.Header.Version)
	ws := &WALStats{Deltas: []DeltaTypeStats{}, Largest: []TxnStats{}}
	st.WAL = ws
	if w.Header.Summary != nil {
		ws.SummaryBytes = summaryBytes
	}
	ws.HeaderBytes = int64(w.Header.OffsetDeltas) - ws.SummaryBytes
	if w.Features.Has(format.FeatTxnStart) {
		ws.Committed, ws.Uncommitted = new(int), new(int)
	}
	// Frames and bytes by delta type, counted by the decoder, which reports
	// only the frames that open, close or are not graph data.
	var perType decode.DeltaCounts
	var deltas, sizes Histogram
	top := &txnHeap{}
	// The open transaction: its first frame's place and its commit flag.
	cur := TxnStats{Commit: true}
	var heads [walBatch]decode.FrameHead
	for {
		n, err := w.NextNotable(heads[:], &perType)
		if n > 0 {
			opts.Progress(heads[n-1].Offset)
		}
		for k := range n {
			fr := &heads[k]
			if fr.Seq == 0 {
				cur.Offset, cur.Timestamp, cur.Index = fr.Offset, fr.Timestamp, fr.Txn
			}
			if fr.Marker == format.DeltaTransactionStart {
				cur.Commit = fr.Commit
			}
			if fr.Closes {
				cur.Deltas, cur.Bytes = fr.Seq+1, fr.Offset+fr.Size-cur.Offset
				ws.closed(cur, &deltas, &sizes, top, opts.Top)
				cur = TxnStats{Commit: true}
			}
		}
		if err != nil {
			for _, t := range perType {
				ws.Frames += t.Frames
			}
			ws.IncompleteFrames = int(ws.Frames - w.Totals().Frames)
			ws.FrameBytes = w.FramesEnd() - int64(w.Header.OffsetDeltas)
			ws.TailBytes = f.Size - w.FramesEnd()
			ws.Deltas = deltaTable(&perType)
			ws.DeltasPerTxn, ws.BytesPerTxn = deltas.Distribution(), sizes.Distribution()
			ws.Largest = top.sorted()
			if err == io.EOF {
				return nil
			}
			return err
		}
	}
}

// closed counts a complete transaction.
func (ws *WALStats) closed(t TxnStats, deltas, sizes *Histogram, top *txnHeap, n int) {
	if ws.Transactions == 0 {
		ws.FirstTimestamp = t.Timestamp
	}
	ws.LastTimestamp = t.Timestamp
	ws.Transactions++
	if ws.Committed != nil {
		if t.Commit {
			*ws.Committed++
		} else {
			*ws.Uncommitted++
		}
	}
	deltas.Add(uint64(t.Deltas))
	sizes.Add(uint64(t.Bytes))
	top.offer(t, n)
}

func deltaTable(perType *decode.DeltaCounts) []DeltaTypeStats {
	out := []DeltaTypeStats{}
	for m, t := range perType {
		if t.Frames > 0 {
			out = append(out, DeltaTypeStats{Type: format.Marker(m).String(), Frames: t.Frames, Bytes: t.Bytes})
		}
	}
	slices.SortStableFunc(out, func(a, b DeltaTypeStats) int {
		return cmp.Or(cmp.Compare(b.Bytes, a.Bytes), cmp.Compare(b.Frames, a.Frames), cmp.Compare(a.Type, b.Type))
	})
	return out
}

// txnHeap keeps the largest transactions seen: a min-heap by (bytes, then
// later index), so the smallest kept one is replaced first and ties keep the
// earlier transaction.
type txnHeap []TxnStats

func txnLess(a, b TxnStats) bool {
	if a.Bytes != b.Bytes {
		return a.Bytes < b.Bytes
	}
	return a.Index > b.Index
}

func (h txnHeap) Len() int           { return len(h) }
func (h txnHeap) Less(i, j int) bool { return txnLess(h[i], h[j]) }
func (h txnHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *txnHeap) Push(x any)        { *h = append(*h, x.(TxnStats)) }
func (h *txnHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

func (h *txnHeap) offer(t TxnStats, n int) {
	switch {
	case h.Len() < n:
		heap.Push(h, t)
	case txnLess((*h)[0], t):
		(*h)[0] = t
		heap.Fix(h, 0)
	}
}

func (h *txnHeap) sorted() []TxnStats {
	out := slices.Clone(*h)
	slices.SortFunc(out, func(a, b TxnStats) int {
		if txnLess(a, b) {
			return 1
		}
		if txnLess(b, a) {
			return -1
		}
		return 0
	})
	if out == nil {
		out = []TxnStats{}
	}
	return out
}

func snapshotStats(f *datadir.File, st *FileStats, opts StatsOptions) error {
	s, err := f.Snapshot()
	if err != nil {
		return err
	}
	st.Version = uint64(s.Version)
	ss := &SnapshotStats{Labels: []NameCount{}, EdgeTypes: []NameCount{}, ValueTypes: []ValueTypes{}}
	st.Snapshot = ss
	ss.Sections = snapshotLayout(s)
	section := func(name string) *SectionStats {
		for i := range ss.Sections {
			if ss.Sections[i].Name == name {
				return &ss.Sections[i]
			}
		}
		return &SectionStats{} // absent: counts go nowhere
	}
	section(format.OffsetMetadata.String()).Records = 1

	mapper, err := s.Mapper()
	if err != nil {
		return err
	}
	section(format.OffsetMapper.String()).Records = uint64(len(mapper))
	names := graph.ResolveMapper(mapper).Names()

	edgeBatches, vertexBatches, synthetic, err := s.BatchTables()
	if err != nil {
		return err
	}
	var eb, vb *batchAcc
	if !synthetic {
		section(format.OffsetEdgeBatches.String()).Records = uint64(len(edgeBatches))
		section(format.OffsetVertexBatches.String()).Records = uint64(len(vertexBatches))
		eb, vb = &batchAcc{}, &batchAcc{}
		defer func() { ss.EdgeBatches, ss.VertexBatches = eb.stats(), vb.stats() }()
	}

	edges, vertices := newRecordStats(), newRecordStats()
	defer func() {
		ss.EdgeProperties, ss.VertexProperties = edges.propDistribution(), vertices.propDistribution()
		ss.ValueTypes = valueTypeTable(edges, vertices)
		ss.Labels, ss.EdgeTypes = nameTable(vertices.labels.byID(), names), nameTable(vertices.edgeTypes.byID(), names)
		ss.UnlabeledVertices = vertices.unlabeled
		ss.Edges, ss.Vertices = edges.records, vertices.records
		section(format.OffsetEdges.String()).Records = ss.Edges
		section(format.OffsetVertices.String()).Records = ss.Vertices
	}()
	if err := statsBatches(s, edgeBatches, format.OffsetEdgeBatches, opts, eb.done, edges); err != nil {
		return err
	}
	if err := statsBatches(s, vertexBatches, format.OffsetVertexBatches, opts, vb.done, vertices); err != nil {
		return err
	}

	// The schema sections: counted by what they define.
	idx, err := s.Indices()
	if err != nil {
		return err
	}
	section(format.OffsetIndices.String()).Records = uint64(len(idx.Label) + len(idx.LabelProperties) + len(idx.LabelPropertiesDesc))
	cons, err := s.Constraints()
	if err != nil {
		return err
	}
	section(format.OffsetConstraints.String()).Records = uint64(len(cons.Existence) + len(cons.Unique) + len(cons.Type))
	epochs, err := s.EpochHistory()
	if err != nil {
		return err
	}
	section(format.OffsetEpochHistory.String()).Records = uint64(len(epochs))
	ft := s.Features
	if ft.Has(format.FeatEdgeIndices) {
		ei, err := s.EdgeIndicesWith(nil) // counts only: the entries need not be held
		if err != nil {
			return err
		}
		section(format.OffsetEdgeIndices.String()).Records = uint64(len(ei.EdgeType) + len(ei.EdgeTypeProperty) +
			len(ei.GlobalEdgeProperty) + len(ei.GlobalVertexProperty) + len(ei.Point) + len(ei.Vector) +
			len(ei.VectorEdge) + len(ei.Text) + len(ei.TextEdge))
	}
	if ft.Has(format.FeatEnums) {
		enums, err := s.Enums()
		if err != nil {
			return err
		}
		section(format.OffsetEnums.String()).Records = uint64(len(enums))
	}
	if ft.Has(format.FeatTTL) {
		if _, err := s.TTL(); err != nil {
			return err
		}
		section(format.OffsetTTL.String()).Records = 1
	}
	if ft.Has(format.FeatDescriptions) {
		d, err := s.Descriptions()
		if err != nil {
			return err
		}
		section(format.OffsetDescriptions.String()).Records = uint64(len(d))
	}
	return nil
}

// snapshotLayout places the header and every present section by the
// offsets table: each runs to the next offset, the last to the end of the
// file. Sections sharing an offset (an empty edge section) get 0 bytes.
func snapshotLayout(s *decode.Snapshot) []SectionStats {
	out := []SectionStats{{Name: "header"}}
	for _, slot := range format.SnapshotOffsetSlots(s.Features) {
		if off := s.Offsets[slot]; off != 0 {
			out = append(out, SectionStats{Name: slot.String(), Offset: off})
		}
	}
	slices.SortStableFunc(out, func(a, b SectionStats) int { return cmp.Compare(a.Offset, b.Offset) })
	for i := range out {
		end := uint64(s.Size())
		if i+1 < len(out) {
			end = out[i+1].Offset
		}
		out[i].Bytes = int64(end - out[i].Offset)
	}
	return out
}

// batchAcc sizes the batches of one table as the records are read.
type batchAcc struct {
	n              int
	records, bytes Histogram
}

// done is a method value usable on a nil *batchAcc (no batch table).
func (a *batchAcc) done(b format.Batch, end int64) {
	if a == nil {
		return
	}
	a.n++
	a.records.Add(b.Count)
	a.bytes.Add(uint64(end - int64(b.Offset)))
}

func (a *batchAcc) stats() *BatchStats {
	return &BatchStats{Batches: a.n, Records: a.records.Distribution(), Bytes: a.bytes.Distribution()}
}

func nameTable(counts map[uint64]uint64, names map[uint64]string) []NameCount {
	out := make([]NameCount, 0, len(counts))
	for id, n := range counts {
		name, ok := names[id]
		if !ok {
			name = fmt.Sprintf("#%d", id)
		}
		out = append(out, NameCount{Name: name, ID: id, Count: n})
	}
	slices.SortFunc(out, func(a, b NameCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	return out
}

func valueTypeTable(edges, vertices *recordStats) []ValueTypes {
	types := map[string]*ValueTypes{}
	for _, rs := range []*recordStats{edges, vertices} {
		for k, n := range rs.types {
			if n == 0 {
				continue
			}
			name := format.MarkerTypeName(format.Marker(k/4), format.TemporalType(k%4))
			t := types[name]
			if t == nil {
				t = &ValueTypes{Type: name}
				types[name] = t
			}
			if rs == edges {
				t.Edges += n
			} else {
				t.Vertices += n
			}
		}
	}
	out := make([]ValueTypes, 0, len(types))
	for _, t := range types {
		out = append(out, *t)
	}
	slices.SortFunc(out, func(a, b ValueTypes) int {
		return cmp.Or(cmp.Compare(b.Vertices+b.Edges, a.Vertices+a.Edges), cmp.Compare(a.Type, b.Type))
	})
	return out
}
