package inspect

import "github.com/durascope/durascope/engine/datadir"

// StatsTotals adds up the statistics of several files, such as one
// database's: what the files hold together, not what recovery makes of them
// (a transaction in two WAL files counts twice).
type StatsTotals struct {
	Files     int   `json:"files"`
	Snapshots int   `json:"snapshots"`
	WALs      int   `json:"wals"`
	Bytes     int64 `json:"bytes"`
	// Transactions are the complete transactions of the WAL files, Deltas
	// the frames in them (deltas_per_txn's total).
	Transactions int    `json:"transactions"`
	Deltas       uint64 `json:"deltas"`
	// Incomplete counts the files read only up to a problem (a torn tail
	// too); their figures count what was read.
	Incomplete int `json:"incomplete"`
}

// TotalStats adds up files.
func TotalStats(files []*FileStats) StatsTotals {
	var t StatsTotals
	for _, f := range files {
		t.Files++
		t.Bytes += f.Size
		switch f.Kind {
		case datadir.KindSnapshot:
			t.Snapshots++
		case datadir.KindWAL:
			t.WALs++
		}
		if w := f.WAL; w != nil {
			t.Transactions += w.Transactions
			t.Deltas += w.DeltasPerTxn.Sum
		}
		if f.Problem != "" {
			t.Incomplete++
		}
	}
	return t
}
