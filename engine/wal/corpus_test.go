package wal_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/engine/fs"
	"github.com/durascope/durascope/engine/wal"
	"github.com/durascope/durascope/golden"
)

// TestCorpusByteIdentical feeds the transactions of every corpus wal.bin to
// a Writer with the file's version, uuid, epoch and sequence number: the
// finalized file must be Memgraph's byte for byte (header CRC, summary,
// transaction CRCs, everything).
func TestCorpusByteIdentical(t *testing.T) {
	matched, total := 0, 0
	for _, c := range golden.CorpusCases(t) {
		src := filepath.Join(c.Dir, "wal.bin")
		want, err := os.ReadFile(src)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		total++
		t.Run(c.Name, func(t *testing.T) {
			r, f := openWAL(t, src)
			defer f.Close()
			h := r.Header
			txns := readTxns(t, r)
			dir := filepath.Join(t.TempDir(), "wal")
			w := wal.Open(wal.Config{Dir: dir, Version: h.Version, UUID: h.UUID, Epoch: h.Epoch, SeqNum: h.SeqNum,
				FileSizeKiB: 1 << 30, FS: fs.OS{}, Now: clock()})
			for _, txn := range txns {
				if _, err := w.Append(txn); err != nil {
					t.Fatalf("append ts %d: %v", txn.Timestamp, err)
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			files := w.Files()
			if len(files) != 1 {
				t.Fatalf("files %v, want one", files)
			}
			n := datadir.ParseName(filepath.Base(files[0]))
			if n.Naming != datadir.NamingFinalized || *n.From != txns[0].Timestamp || *n.To != txns[len(txns)-1].Timestamp {
				t.Errorf("name %s, want finalized from %d to %d", filepath.Base(files[0]), txns[0].Timestamp, txns[len(txns)-1].Timestamp)
			}
			got, err := os.ReadFile(files[0])
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				at := 0
				for at < min(len(got), len(want)) && got[at] == want[at] {
					at++
				}
				t.Fatalf("differs from wal.bin (%d transactions): %d bytes vs %d, first difference at offset %d", len(txns), len(got), len(want), at)
			}
			matched++
		})
	}
	t.Logf("%d of %d corpus WAL files reproduced byte for byte", matched, total)
	if total == 0 {
		t.Fatal("no corpus wal.bin found")
	}
}
