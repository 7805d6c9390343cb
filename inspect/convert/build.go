package convert

import (
	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
)

// BuildSnapshot returns a snapshot model of version v that recovers to g
// (graph.SnapshotModel converted to v). Offsets and batches are left to
// the encoder (a fresh layout, cut at encode.SnapshotOptions.BatchSize).
// What v cannot represent is left out and listed in the report.
func BuildSnapshot(g *graph.Graph, v format.Version, opts *graph.BuildOptions) (*format.Snapshot, *Report, error) {
	if !v.Supported() {
		return nil, nil, &format.UnsupportedVersionError{Version: v}
	}
	report := newReport(datadir.KindSnapshot, format.MaxVersion, v)
	out, err := convertModel(g.SnapshotModel(opts), v, report)
	if err != nil {
		return nil, report, err
	}
	report.Vertices, report.Edges = uint64(len(out.Vertices)), uint64(len(out.Edges))
	return out, report, nil
}

// BuildWAL returns a WAL model of version v whose replay from an empty
// database recovers g: graph.Transactions converted to v, with commit
// timestamps from opts.FirstTimestamp (0: 1) up, one per transaction that
// survives. A version with WALSummary gets a finalized summary. What v
// cannot represent is left out and listed.
func BuildWAL(g *graph.Graph, v format.Version, opts *graph.BuildOptions) (*format.WAL, *Report, error) {
	if !v.Supported() {
		return nil, nil, &format.UnsupportedVersionError{Version: v}
	}
	if opts == nil {
		opts = &graph.BuildOptions{}
	}
	report := newReport(datadir.KindWAL, format.MaxVersion, v)
	conv := newWALConv(format.FeaturesOf(format.MaxVersion), format.FeaturesOf(v), report)
	m := &format.WAL{Header: format.WALHeader{Version: v, UUID: opts.UUID, Epoch: opts.Epoch, SeqNum: opts.SeqNum}}
	ts := max(opts.FirstTimestamp, 1)
	for n, t := range g.Transactions(opts) {
		t.Timestamp = ts
		if out := conv.txn(format.AppendTxn(nil, conv.sf, t), n); len(out) > 0 {
			m.Frames = append(m.Frames, out...)
			ts++
		}
	}
	if conv.tf.Has(format.FeatWALSummary) && len(m.Frames) > 0 {
		m.Header.Summary = &format.WALSummary{FromTimestamp: m.Frames[0].Timestamp,
			ToTimestamp: m.Frames[len(m.Frames)-1].Timestamp, NumDeltas: uint64(len(m.Frames))}
	}
	report.Deltas = uint64(len(m.Frames))
	return m, report, nil
}
