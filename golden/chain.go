package golden

import (
	"time"

	"github.com/durascope/durascope/format"
)

// A chain is a synthetic history for data-directory tests: transaction i
// (1, 2, ...) commits at timestamp 2i, creates vertex i-1 as (:Node {i: i})
// and, from the second on, edge i-2 as (i-2)-[:NEXT]->(i-1). So after n
// transactions the graph has n vertices and n-1 edges. WALs hold runs of
// these transactions, snapshots the graph after the first n of them; the
// expected outcome of any directory built from them follows from the
// numbers alone.

// Storage uuids and an epoch for chain files; the second uuid is a foreign storage.
const (
	ChainUUID      = "5d7a6c1e-0b3f-4e2a-9c8d-7f6e5d4c3b2a"
	ChainOtherUUID = "9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4"
	ChainEpoch     = "1a2b3c4d-5e6f-4071-8293-a4b5c6d7e8f9"
)

// ChainTimestamp is the commit timestamp of chain transaction i.
func ChainTimestamp(i int) uint64 { return 2 * uint64(i) }

func chainTxn(f format.Features, i int) []format.Frame {
	gid := uint64(i - 1)
	t := format.Txn{Timestamp: ChainTimestamp(i), Commit: true, Access: format.AccessWrite}
	add := func(m format.Marker, d format.Delta) { t.Data = append(t.Data, format.Frame{Marker: m, Delta: d}) }
	add(format.DeltaVertexCreate, format.VertexDelta{Gid: gid})
	add(format.DeltaVertexAddLabel, format.LabelDelta{Gid: gid, Label: "Node"})
	add(format.DeltaVertexSetProperty, format.VertexPropertyDelta{Gid: gid, Property: "i", Value: format.Int(i)})
	if i >= 2 {
		add(format.DeltaEdgeCreate, format.EdgeDelta{Gid: gid - 1, EdgeType: "NEXT", From: gid - 1, To: gid})
	}
	return format.AppendTxn(nil, f, t)
}

// ChainWAL is a WAL of version v holding chain transactions first..last
// (inclusive) with sequence number seq.
func ChainWAL(v format.Version, uuid string, seq uint64, first, last int) *format.WAL {
	f := format.FeaturesOf(v)
	m := &format.WAL{Header: format.WALHeader{Version: v, UUID: uuid, Epoch: ChainEpoch, SeqNum: seq}}
	for i := first; i <= last; i++ {
		m.Frames = append(m.Frames, chainTxn(f, i)...)
	}
	return m
}

// ChainSnapshot is a snapshot of version v of the graph after chain
// transactions 1..n: start timestamp 2n+1, durable timestamp 2n (before
// DurableTimestamp the start timestamp serves, which also covers them).
func ChainSnapshot(v format.Version, uuid string, n int) *format.Snapshot {
	f := format.FeaturesOf(v)
	m := &format.Snapshot{Version: v, Metadata: format.SnapshotMetadata{
		UUID: uuid, Epoch: ChainEpoch, StartTimestamp: ChainTimestamp(n) + 1, DurableTimestamp: ChainTimestamp(n) + 1}}
	if f.Has(format.FeatDurableTimestamp) {
		m.Metadata.DurableTimestamp = ChainTimestamp(n)
	}
	m.Mapper = []format.MapperEntry{{ID: 0, Name: "Node"}, {ID: 1, Name: "i"}}
	if n >= 2 {
		m.Mapper = append(m.Mapper, format.MapperEntry{ID: 2, Name: "NEXT"})
	}
	for i := 1; i <= n; i++ {
		m.Vertices = append(m.Vertices, format.VertexRecord{Gid: uint64(i - 1), Labels: []uint64{0},
			Properties: []format.Property{{ID: 1, Value: format.Int(i)}}})
	}
	for e := uint64(0); e+1 < uint64(n); e++ {
		m.Edges = append(m.Edges, format.EdgeRecord{Gid: e})
		m.Vertices[e].OutEdges = append(m.Vertices[e].OutEdges, format.EdgeRef{Edge: e, Other: e + 1, Type: 2})
		m.Vertices[e+1].InEdges = append(m.Vertices[e+1].InEdges, format.EdgeRef{Edge: e, Other: e, Type: 2})
	}
	m.Metadata.VertexCount, m.Metadata.EdgeCount = uint64(len(m.Vertices)), uint64(len(m.Edges))
	if f.Has(format.FeatTTL) {
		m.TTL = &format.TTLConfig{}
	}
	if f.Has(format.FeatNumCommittedTxns) {
		m.Metadata.NumCommittedTxns = uint64(n)
	}
	if f.Has(format.FeatTextEdgeIndex) {
		m.EdgeIndices.TextPresent, m.EdgeIndices.TextEdgePresent = true, true
	}
	return m
}

// ChainTime is the creation time of chain file number clock, as its name
// carries it: 2026-01-01 12:00:00 UTC plus clock microseconds
// (golden/chaindir names the files with engine/datadir's grammar).
func ChainTime(clock int) time.Time {
	return time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC).Add(time.Duration(clock) * time.Microsecond)
}
