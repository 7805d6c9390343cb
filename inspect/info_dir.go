package inspect

import (
	"slices"

	"github.com/durascope/durascope/engine/datadir"
)

// ChainSummary is what `durascope info` says about one database of a data
// directory, from the headers alone (ScanDataDir): which storage uuid
// recovery adopts, the snapshots and the WAL chain. What is wrong with them
// is CheckDataDir's findings; what recovery makes of them, PlanRecovery's.
type ChainSummary struct {
	Name string `json:"name"`
	Dir  string `json:"dir"`
	// UUID is the storage uuid Memgraph adopts, taken from UUIDFrom (the
	// newest snapshot, or without one the WAL file with the greatest name);
	// both "" when no file has a header Memgraph reads.
	UUID     string `json:"uuid,omitempty"`
	UUIDFrom string `json:"uuid_from,omitempty"`
	// OtherUUIDs count the readable files of other storage uuids, which
	// recovery ignores (chain.uuid).
	OtherUUIDs []UUIDFiles `json:"other_uuids"`
	// Snapshots are those whose header reads, in the order Memgraph lists
	// them (by name), whatever their uuid.
	Snapshots []ChainSnapshot `json:"snapshots"`
	// WALs is the range of the WAL files of UUID whose header reads; nil
	// when there are none.
	WALs *WALRange `json:"wals"`
}

// UUIDFiles is a storage uuid and how many files carry it.
type UUIDFiles struct {
	UUID  string `json:"uuid"`
	Files int    `json:"files"`
}

// ChainSnapshot is one snapshot of ChainSummary.
type ChainSnapshot struct {
	Path             string `json:"path"`
	UUID             string `json:"uuid"`
	StartTimestamp   uint64 `json:"start_timestamp"`
	DurableTimestamp uint64 `json:"durable_timestamp"`
}

// WALRange spans the WAL files of one storage uuid. Gaps and duplicates in
// the sequence numbers are the chain.gap and chain.duplicate findings.
type WALRange struct {
	Files       int    `json:"files"`
	FirstSeqNum uint64 `json:"first_seq_num"`
	LastSeqNum  uint64 `json:"last_seq_num"`
	// Commit timestamps: a finalized file's summary, otherwise its complete
	// transactions, as Memgraph's WAL info read gets them.
	FromTimestamp uint64 `json:"from_timestamp"`
	ToTimestamp   uint64 `json:"to_timestamp"`
}

// SummarizeChain summarises tenant t as its scan found it; it reads no file.
func SummarizeChain(t *datadir.Tenant) ChainSummary {
	s := ChainSummary{Name: t.Name, Dir: t.Dir, OtherUUIDs: []UUIDFiles{}, Snapshots: []ChainSnapshot{}}
	uuid, from := datadir.StorageUUID(t)
	if from != nil {
		s.UUID, s.UUIDFrom = uuid, from.Path
	}
	snaps := datadir.UsableSnapshots(t)
	for _, f := range snaps {
		s.Snapshots = append(s.Snapshots, ChainSnapshot{Path: f.Path, UUID: f.UUID, StartTimestamp: f.StartTimestamp, DurableTimestamp: f.DurableTimestamp})
	}
	for _, f := range append(snaps, datadir.UsableWALs(t)...) {
		if f.UUID == uuid {
			continue
		}
		i := slices.IndexFunc(s.OtherUUIDs, func(o UUIDFiles) bool { return o.UUID == f.UUID })
		if i < 0 {
			s.OtherUUIDs = append(s.OtherUUIDs, UUIDFiles{UUID: f.UUID})
			i = len(s.OtherUUIDs) - 1
		}
		s.OtherUUIDs[i].Files++
	}
	chain := datadir.WALChain(t, uuid)
	if len(chain) == 0 || from == nil {
		return s
	}
	r := &WALRange{Files: len(chain), FirstSeqNum: chain[0].SeqNum, LastSeqNum: chain[len(chain)-1].SeqNum,
		FromTimestamp: chain[0].FromTimestamp, ToTimestamp: chain[0].ToTimestamp}
	for _, f := range chain[1:] {
		r.FromTimestamp, r.ToTimestamp = min(r.FromTimestamp, f.FromTimestamp), max(r.ToTimestamp, f.ToTimestamp)
	}
	s.WALs = r
	return s
}

// FileProblemFinding is the finding verify gives the error that stops a
// file from decoding (a torn tail is a warning), for commands that read a
// data directory's files without verifying them.
func FileProblemFinding(kind datadir.Kind, file string, err error) Finding {
	return decodeFinding(kind.String(), file, err)
}
