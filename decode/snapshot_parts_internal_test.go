package decode

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
	"github.com/durascope/durascope/golden/largegen"
)

// nestedRecords appends to b, at offset start, k records of marker, one
// every header bytes, each holding a string that runs over the records
// after it to a common end about span bytes on; a property that does not
// decode follows there. Every record start is a candidate of a part's
// search, and each decodes the whole span before it fails.
func nestedRecords(b []byte, marker format.Marker, k int, span int) (out []byte, header int) {
	start := len(b)
	rec := func(gid uint64, strLen int) []byte {
		var r []byte
		u := func(v uint64) { r = append(r, byte(format.MarkerInt)); r = binary.LittleEndian.AppendUint64(r, v) }
		r = append(r, byte(marker))
		u(gid)
		if marker == format.SectionVertex {
			u(0) // no labels
		}
		u(2) // two properties: the string, then the one that fails
		u(0) // property id
		r = append(r, byte(format.MarkerPropertyValue), byte(format.MarkerString))
		return binary.LittleEndian.AppendUint64(r, uint64(strLen))
	}
	header = len(rec(0, 0))
	end := start + k*header + span // where every string ends
	for i := range k {
		at := start + i*header
		b = append(b, rec(uint64(i+1), end-at-header)...)
	}
	b = append(b, make([]byte, span)...) // the strings' last bytes: no candidate in them
	return append(b, 0, 0, 0, 0), header // not a property id
}

// TestPartSearchBudget: crafted bytes where every candidate of a part's
// search decodes a long record before failing. Unbounded, the search
// reads about candidates × span bytes; with the budget at most
// syncBudget(part length), and it gives up (-1), so the batch is read
// whole.
func TestPartSearchBudget(t *testing.T) {
	var gen golden.MemFile
	if _, err := largegen.WriteSnapshot(&gen, format.MaxVersion, 8<<10, &largegen.SnapshotParams{Seed: 3, BatchSize: 5}); err != nil {
		t.Fatal(err)
	}
	const partLen, span = 4 << 10, 256 << 10
	for _, marker := range []format.Marker{format.SectionVertex, format.SectionEdge} {
		start := int64(len(gen.Bytes()))
		candidates := partLen / 50 // the records fit in the part
		b, _ := nestedRecords(bytes.Clone(gen.Bytes()), marker, candidates, span)
		s, err := OpenSnapshot(bytes.NewReader(b), int64(len(b)), "crafted")
		if err != nil {
			t.Fatal(err)
		}
		p := Part{Start: start, End: start + partLen}
		bound := int64(len(b))
		sc := s.NewScanner()
		if q := sc.search(p, bound, marker, 1<<62); q != -1 {
			t.Fatalf("%s: the unbounded search took a start at %d", marker, q)
		}
		unbounded := sc.syncRead
		sc.syncRead = 0
		if q := sc.sync(p, bound, marker); q != -1 {
			t.Fatalf("%s: the search took a start at %d", marker, q)
		}
		bounded := sc.syncRead
		t.Logf("%s: %d candidates in a part of %d bytes: unbounded search read %d bytes, bounded %d (budget %d)",
			marker, candidates, partLen, unbounded, bounded, syncBudget(partLen))
		if unbounded < int64(candidates)*span {
			t.Fatalf("%s: the unbounded search read %d bytes, less than %d candidates × %d: the crafted bytes do not mislead it",
				marker, unbounded, candidates, span)
		}
		if bounded > syncBudget(partLen) {
			t.Fatalf("%s: the search read %d bytes, over its budget %d", marker, bounded, syncBudget(partLen))
		}
		if unbounded < 20*bounded {
			t.Fatalf("%s: unbounded %d bytes, bounded %d: the budget saves too little to show", marker, unbounded, bounded)
		}
	}
}
