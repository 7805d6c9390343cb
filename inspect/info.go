package inspect

import (
	"errors"
	"io"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/format"
)

// FileInfo is what `durascope info` reports about one file.
type FileInfo struct {
	Path      string        `json:"path"`
	Kind      datadir.Kind  `json:"kind"`
	Size      int64         `json:"size"`
	Version   uint64        `json:"version,omitempty"`
	WrittenBy []string      `json:"written_by"` // Memgraph releases that write this format
	UUID      string        `json:"uuid,omitempty"`
	Epoch     string        `json:"epoch,omitempty"`
	Snapshot  *SnapshotInfo `json:"snapshot,omitempty"`
	WAL       *WALInfo      `json:"wal,omitempty"`
	// Header is set for a snapshot that does not open: what its first bytes
	// hold, as far as they read.
	Header *SnapshotHeaderInfo `json:"header,omitempty"`
	// Scan is "headers" when only the header, the summary and the tables
	// were read (InfoOptions.Full unset, a snapshot or a finalized WAL): the
	// status then covers what was read, and a WAL's transactions and valid
	// end are not counted. Absent after a full scan.
	Scan string `json:"scan,omitempty"`
	// Problem is the first decode error met, empty when the file reads cleanly.
	Problem      string `json:"problem,omitempty"`
	ProblemClass string `json:"problem_class,omitempty"` // torn_tail, truncated, corrupt, checksum, unsupported_version, bad_magic, inconsistent
	err          error
}

// Err is the error behind Problem.
func (i *FileInfo) Err() error { return i.err }

// SnapshotInfo is the snapshot part of FileInfo.
type SnapshotInfo struct {
	StartTimestamp   uint64         `json:"start_timestamp"`
	DurableTimestamp uint64         `json:"durable_timestamp"`
	NumCommittedTxns *uint64        `json:"num_committed_txns,omitempty"`
	Vertices         uint64         `json:"vertices"`
	Edges            uint64         `json:"edges"`
	Offsets          []OffsetEntry  `json:"offsets"`
	EdgeBatches      []format.Batch `json:"edge_batches"`
	VertexBatches    []format.Batch `json:"vertex_batches"`
	MapperNames      int            `json:"mapper_names"`
	Enums            int            `json:"enums"`
	EpochHistory     int            `json:"epoch_history"`
}

// SnapshotHeaderInfo is the start of a snapshot that does not open.
type SnapshotHeaderInfo struct {
	Magic bool `json:"magic"` // the file starts with MGsn
	// Offsets are the offsets-table entries read whole, in table order;
	// TableEntries is how many the version's table has (0 when the version
	// is not read or not supported).
	Offsets      []HeaderOffset `json:"offsets"`
	TableEntries int            `json:"table_entries"`
}

// HeaderOffset is one offsets-table entry of SnapshotHeaderInfo.
type HeaderOffset struct {
	Section string `json:"section"`
	Entry   int64  `json:"entry"` // where the entry is in the file
	Offset  uint64 `json:"offset"`
	PastEnd bool   `json:"past_end"` // beyond the end of the file
}

// WALInfo is the WAL part of FileInfo.
type WALInfo struct {
	SeqNum    uint64             `json:"seq_num"`
	HeaderCRC *uint32            `json:"header_crc,omitempty"`
	Summary   *format.WALSummary `json:"summary,omitempty"`
	Finalized bool               `json:"finalized"`
	// What a full scan found in complete transactions (what Memgraph's
	// summary counts). Without one (FileInfo.Scan "headers", a finalized
	// file), deltas and timestamps are the summary's, which is what
	// Memgraph reads of a finalized file, and the others are nil.
	Transactions  *int   `json:"transactions,omitempty"`
	Deltas        uint64 `json:"deltas"`
	FromTimestamp uint64 `json:"from_timestamp"`
	ToTimestamp   uint64 `json:"to_timestamp"`
	// ValidEnd is where the last complete transaction ends.
	ValidEnd *int64 `json:"valid_end,omitempty"`
}

// InfoOptions tune InfoWith.
type InfoOptions struct {
	// Full reads every record of a snapshot and every frame of a
	// finalized WAL, so that the status covers them and a WAL's
	// transactions are counted. Without it a snapshot is read as far as
	// its header, metadata, mapper, enums, epoch history and batch tables,
	// and a finalized WAL as far as its header and summary: a cost that
	// does not grow with the file. A WAL that is not finalized is always
	// read whole: nothing else tells what it holds.
	Full bool
}

// Scan values of FileInfo.
const ScanHeaders = "headers"

// Info reads f fully (streaming) and summarises it. A decode failure is
// recorded in Problem; what was read before it is still reported.
func Info(f *datadir.File) *FileInfo { return InfoWith(f, InfoOptions{Full: true}) }

// InfoWith is Info, reading as much of f as opts asks.
func InfoWith(f *datadir.File, opts InfoOptions) *FileInfo {
	info := &FileInfo{Path: f.Path, Kind: f.Kind, Size: f.Size, WrittenBy: []string{}}
	switch f.Kind {
	case datadir.KindSnapshot:
		info.setProblem(snapshotInfo(f, info, opts))
	case datadir.KindWAL:
		info.setProblem(walInfo(f, info, opts))
	default:
		info.setProblem(f.NotDurabilityFileError())
	}
	return info
}

func (i *FileInfo) setVersion(v format.Version) {
	i.Version = uint64(v)
	if w := format.WrittenBy(v); w != nil {
		i.WrittenBy = w
	}
}

func (i *FileInfo) setProblem(err error) {
	if err == nil {
		return
	}
	i.err = err
	i.Problem = err.Error()
	i.ProblemClass = format.ClassName(err)
	var uv *format.UnsupportedVersionError
	if errors.As(err, &uv) {
		i.Version = uint64(uv.Version)
	}
}

func snapshotInfo(f *datadir.File, info *FileInfo, opts InfoOptions) error {
	s, err := f.Snapshot()
	if err != nil {
		headerPrefix(f, info)
		return err
	}
	info.setVersion(s.Version)
	m := s.Metadata
	info.UUID, info.Epoch = m.UUID, m.Epoch
	si := &SnapshotInfo{StartTimestamp: m.StartTimestamp, DurableTimestamp: m.DurableTimestamp,
		Vertices: m.VertexCount, Edges: m.EdgeCount, EdgeBatches: []format.Batch{}, VertexBatches: []format.Batch{}}
	if s.Features.Has(format.FeatNumCommittedTxns) {
		n := m.NumCommittedTxns
		si.NumCommittedTxns = &n
	}
	for _, slot := range format.SnapshotOffsetSlots(s.Features) {
		si.Offsets = append(si.Offsets, OffsetEntry{Section: slot.String(), Offset: s.Offsets[slot]})
	}
	info.Snapshot = si
	edges, vertices, synthetic, err := s.BatchTables()
	if err != nil {
		return err
	}
	if !synthetic {
		si.EdgeBatches, si.VertexBatches = edges, vertices
	}
	mapper, err := s.Mapper()
	if err != nil {
		return err
	}
	si.MapperNames = len(mapper)
	enums, err := s.Enums()
	if err != nil {
		return err
	}
	si.Enums = len(enums)
	epochs, err := s.EpochHistory()
	if err != nil {
		return err
	}
	si.EpochHistory = len(epochs)
	if !opts.Full {
		info.Scan = ScanHeaders
		return nil
	}
	// A full structural pass: every section and record must decode.
	return walkSnapshotWith(f, func(Record) error { return nil }, true)
}

// headerPrefix describes the header of a snapshot that does not open, so
// that a cut-off file still shows its version and where its sections were.
func headerPrefix(f *datadir.File, info *FileInfo) {
	h := decode.ReadSnapshotHeaderPrefix(f.ReaderAt(), f.Size)
	if h.Version != 0 {
		info.setVersion(h.Version)
	}
	hi := &SnapshotHeaderInfo{Magic: h.Magic, Offsets: []HeaderOffset{}, TableEntries: h.Slots}
	for _, o := range h.Offsets {
		hi.Offsets = append(hi.Offsets, HeaderOffset{Section: o.Slot.String(), Entry: o.At, Offset: o.Offset, PastEnd: o.PastEnd})
	}
	info.Header = hi
}

func walInfo(f *datadir.File, info *FileInfo, opts InfoOptions) error {
	w, err := f.WAL()
	if err != nil {
		return err
	}
	h := w.Header
	info.setVersion(h.Version)
	info.UUID, info.Epoch = h.UUID, h.Epoch
	wi := &WALInfo{SeqNum: h.SeqNum, Summary: h.Summary, Finalized: w.Finalized()}
	if w.Features.Has(format.FeatCRC) {
		c := h.HeaderCRC
		wi.HeaderCRC = &c
	}
	info.WAL = wi
	if s := h.Summary; !opts.Full && s.Finalized() {
		info.Scan = ScanHeaders
		wi.Deltas, wi.FromTimestamp, wi.ToTimestamp = s.NumDeltas, s.FromTimestamp, s.ToTimestamp
		return nil
	}
	// Only the decoder's totals are wanted: the frames of graph data are
	// not even reported.
	var heads [walBatch]decode.FrameHead
	for err == nil {
		_, err = w.NextNotable(heads[:], nil)
	}
	t := w.Totals()
	txns, end := t.Transactions, w.CompleteEnd()
	wi.Transactions, wi.Deltas, wi.FromTimestamp, wi.ToTimestamp = &txns, t.Frames, t.FromTimestamp, t.ToTimestamp
	wi.ValidEnd = &end
	if err == io.EOF {
		return nil
	}
	return err
}
