package inspect

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
)

// vectorModel is a snapshot of version v whose vector indices hold
// entries of dim components (where v carries them): "idx" n of them, and
// indices with an empty list, with vectors of no component, with a gid
// the text dump prints as unknown and, with nonFinite, components JSON
// writes as strings (which encoding/json refuses), and a vector edge
// index.
func vectorModel(v format.Version, n, dim int, nonFinite bool) *format.Snapshot {
	ft := format.FeaturesOf(v)
	m := &format.Snapshot{Version: v, Mapper: []format.MapperEntry{{ID: 0, Name: "Doc"}, {ID: 1, Name: "embedding"},
		{ID: 2, Name: "title"}, {ID: 3, Name: "NEXT"}, {ID: 5, Name: "Other"}}}
	vector := func(k int) []float64 {
		x := make([]float64, dim)
		for c := range x {
			x[c] = float64(k*dim+c)/7 - 3
		}
		return x
	}
	index := func(name string, targets []uint64, prop uint64, dim int) format.VectorIndex {
		x := format.VectorIndex{Name: name, Targets: targets, Property: prop, Metric: "cos", Dimension: uint64(dim), Resize: 2, Capacity: 99}
		if ft.Has(format.FeatVectorScalarKind) {
			x.ScalarKind = 11
		}
		return x
	}
	idx := index("idx", []uint64{0}, 1, dim)
	empty := index("empty", []uint64{0}, 2, dim)
	none := index(`none "0"`, []uint64{5}, 1, 0)
	odd := index("odd", []uint64{5}, 2, dim)
	edge := index("edges", []uint64{3}, 1, dim)
	if ft.VectorEntries(false) {
		idx.Entries = []format.VectorEntry{}
		for k := range n {
			idx.Entries = append(idx.Entries, format.VectorEntry{Gid: uint64(k), Vector: vector(k)})
		}
		empty.Entries = []format.VectorEntry{}
		none.Entries = []format.VectorEntry{{Gid: 1, Vector: []float64{}}, {Gid: format.UnknownGid, Vector: []float64{}}}
		x := vector(1)
		copy(x, []float64{math.Copysign(0, -1), 1e300, 5e-324})
		if nonFinite {
			copy(x, []float64{math.NaN(), math.Inf(1), math.Inf(-1)})
		}
		odd.Entries = []format.VectorEntry{{Gid: format.UnknownGid, Vector: x}}
	}
	if ft.VectorEntries(true) {
		edge.Entries = []format.VectorEntry{{Gid: 0, Vector: vector(2)}}
	}
	m.EdgeIndices.Vector = []format.VectorIndex{idx, empty, none, odd}
	if ft.Has(format.FeatVectorEdgeIndex) {
		m.EdgeIndices.VectorEdge = []format.VectorIndex{edge}
	}
	m.EdgeIndices.EdgeType = []uint64{3}
	m.EdgeIndices.TextPresent, m.EdgeIndices.TextEdgePresent = true, ft.Has(format.FeatTextEdgeIndex)
	m.Vertices = []format.VertexRecord{{Gid: 0, Labels: []uint64{0}}, {Gid: 1, Labels: []uint64{5}}}
	m.Metadata = format.SnapshotMetadata{UUID: "u", Epoch: "e", VertexCount: 2}
	return m
}

// vectorDumpFiles writes snapshots with vector index entries to dir: of
// each version that shapes the section differently, one whose entry list
// prints as several MiB (the dump's buffer is written out within the
// line), and that one damaged inside its entries (cut, a component's
// marker, the entry count, the dimension).
func vectorDumpFiles(t *testing.T, dir string, nonFinite bool) []string {
	t.Helper()
	var files []string
	write := func(name string, b []byte) {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	encoded := func(m *format.Snapshot) []byte {
		var b bytes.Buffer
		if err := encode.EncodeSnapshot(&b, m); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	for _, v := range []format.Version{26, 31, 32, 34, 35, format.MaxVersion} {
		write(fmt.Sprintf("vectors_v%d.bin", v), encoded(vectorModel(v, 5, 4, nonFinite)))
	}
	b := encoded(vectorModel(format.MaxVersion, 300, 600, nonFinite))
	write("vectors_long.bin", b)
	s, err := decode.OpenSnapshot(bytes.NewReader(b), int64(len(b)), "long")
	if err != nil {
		t.Fatal(err)
	}
	lists := &decode.VectorEntryLists{}
	if _, err := s.EdgeIndicesWith(lists); err != nil {
		t.Fatal(err)
	}
	l, _ := lists.Of(false, 0)
	entry := int64(9 + 9*l.Dimension)
	mid := l.Offset + entry*int64(l.Count/2)
	for name, at := range map[string]int64{"component": mid + 9 + 9*100, "count": l.Offset - 9, "dimension": l.Offset - 9*5} {
		bad := bytes.Clone(b)
		bad[at] = 0x00
		if name == "count" || name == "dimension" {
			bad[at+8] = 0x7f // the count or the dimension, 9 bytes before the count, too large
			bad[at] = b[at]
		}
		write("vectors_long_"+name+".bin", bad)
	}
	write("vectors_long_cut.bin", b[:mid+entry/2])
	return files
}

// referenceEdgeIndicesText is the text dump's line of an edge-indices
// record as the reflective field printer prints the section built.
func referenceEdgeIndicesText(r Record, ft format.Features) []byte {
	return fmt.Appendf(nil, "@%d %s%s\n", r.Offset, r.Kind, appendFields(nil, reflect.ValueOf(r.Value), ft))
}

// TestDumpVectorEntries: the dumps print an edge-indices record whose
// entries they read as they print as the reflective field printer and
// format.AppendJSON print the section built, filtered to it or not,
// pipelined or not, and, of a best-effort read of a file cut after it, as
// its partial record; every byte of the line, however long.
func TestDumpVectorEntries(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	dir := t.TempDir()
	lines := 0
	for _, p := range vectorDumpFiles(t, dir, true) {
		if strings.Contains(p, "long_") {
			continue // damaged: TestDumpIsRecordByRecord
		}
		f, err := datadir.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		var wantText, wantJSON []byte
		var off int64
		if err := WalkRecords(f, func(r Record) error {
			if r.Kind != "edge_indices" {
				return nil
			}
			off = r.Offset
			wantText = referenceEdgeIndicesText(r, format.FeaturesOf(r.Version))
			v, err := format.AppendJSON(nil, r.Value)
			wantJSON = fmt.Appendf(nil, `{"record":"edge_indices","offset":%d,"value":%s}`+"\n", r.Offset, v)
			return err
		}); err != nil || wantText == nil {
			t.Fatalf("%s: %v, no edge-indices record", p, err)
		}
		sections, _ := ParseSections("edge_indices")
		for _, procs := range []int{1, 2} {
			runtime.GOMAXPROCS(procs)
			for _, filter := range []*RecordFilter{nil, {Sections: sections}} {
				name := fmt.Sprintf("%s, %d cores, filtered %v", filepath.Base(p), procs, filter != nil)
				var text, jsonl bytes.Buffer
				if err := WriteTextWith(&text, f, &DumpOptions{Filter: filter}); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if err := WriteJSONLWith(&jsonl, f, &DumpOptions{Filter: filter}); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if got := lineAt(text.Bytes(), fmt.Sprintf("@%d edge_indices", off)); !bytes.Equal(got, wantText) {
					t.Errorf("%s: text line differs:\n%s", name, golden.FirstDifference(wantText, got))
				}
				if got := lineAt(jsonl.Bytes(), `{"record":"edge_indices"`); !bytes.Equal(got, wantJSON) {
					t.Errorf("%s: JSON line differs:\n%s", name, golden.FirstDifference(wantJSON, got))
				}
				lines++
			}
		}
		// Cut after the section: a best-effort read prints it, partial.
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		s, err := f.Snapshot()
		if err != nil {
			t.Fatal(err)
		}
		cut := filepath.Join(dir, "cut_"+filepath.Base(p))
		if err := os.WriteFile(cut, data[:s.Offsets[format.OffsetConstraints]+1], 0o644); err != nil {
			t.Fatal(err)
		}
		cf, err := datadir.Open(cut)
		if err != nil {
			t.Fatal(err)
		}
		var text, jsonl bytes.Buffer
		WriteTextWith(&text, cf, &DumpOptions{BestEffort: true})
		WriteJSONLWith(&jsonl, cf, &DumpOptions{BestEffort: true})
		if got := lineAt(text.Bytes(), fmt.Sprintf("@%d edge_indices", off)); !bytes.Equal(got, wantText) {
			t.Errorf("%s best effort: text line differs:\n%s", p, golden.FirstDifference(wantText, got))
		}
		wantPartial := bytes.Replace(wantJSON, []byte(`,"value":`), []byte(`,"partial":true,"value":`), 1)
		if got := lineAt(jsonl.Bytes(), `{"record":"edge_indices"`); !bytes.Equal(got, wantPartial) {
			t.Errorf("%s best effort: JSON line differs:\n%s", p, golden.FirstDifference(wantPartial, got))
		}
		cf.Close()
		f.Close()
	}
	if lines < 20 {
		t.Errorf("%d lines compared", lines)
	}
}

// lineAt is the line of out that starts with prefix, its newline
// included; nil if none does.
func lineAt(out []byte, prefix string) []byte {
	for line := range bytes.Lines(out) {
		if bytes.HasPrefix(line, []byte(prefix)) {
			return line
		}
	}
	return nil
}

// TestDumpVectorMemory holds the dump's memory to what its docs claim
// (streaming and bounded memory): from a snapshot of 8,192 vectors of 64
// dimensions, in a vector index's entries and in the vertices' values, to
// one of 32,768 of them, and from 4,096 vectors of 128 dimensions to
// 4,096 of 512, the most heap the text and JSON dumps hold at once,
// pipelined and filtered to the edge-indices record, grows by far less
// than the vectors added take (12 MiB). A dump holding the entries grows
// by all of that, and one whose pipeline holds a number of records
// whatever their size by more, with the dimension.
func TestDumpVectorMemory(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	runtime.GOMAXPROCS(2)
	sections, _ := ParseSections("edge_indices")
	dumps := map[string]func(io.Writer, *datadir.File) error{
		"text":  func(w io.Writer, f *datadir.File) error { return WriteTextWith(w, f, nil) },
		"jsonl": func(w io.Writer, f *datadir.File) error { return WriteJSONLWith(w, f, nil) },
		"text --section edge_indices": func(w io.Writer, f *datadir.File) error {
			return WriteTextWith(w, f, &DumpOptions{Filter: &RecordFilter{Sections: sections}})
		},
		"jsonl --section edge_indices": func(w io.Writer, f *datadir.File) error {
			return WriteJSONLWith(w, f, &DumpOptions{Filter: &RecordFilter{Sections: sections}})
		},
	}
	type shape struct{ n, dim int }
	for _, grows := range [][2]shape{{{8192, 64}, {32768, 64}}, {{4096, 128}, {4096, 512}}} {
		small, large := grows[0], grows[1]
		added := uint64(large.n*large.dim-small.n*small.dim) * 8
		bound := added / 3 // as TestVerifyVectorMemory's
		var files [2]*datadir.File
		for i, sh := range grows {
			p := filepath.Join(t.TempDir(), "snapshot.bin")
			writeVectorSnapshot(t, p, sh.n, sh.dim)
			f, err := datadir.Open(p)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			files[i] = f
		}
		for name, dump := range dumps {
			var peaks [2]uint64
			for i, f := range files {
				var out countingWriter
				if err := dump(&out, f); err != nil { // what a first run sets up once is not counted
					t.Fatalf("%s: %v", name, err)
				}
				if min := int64(grows[i].n*grows[i].dim) * 8; out.n < min {
					t.Fatalf("%s: %d bytes printed, want the entries (%d bytes of doubles) at least", name, out.n, min)
				}
				peaks[i] = math.MaxUint64
				for range 3 {
					peaks[i] = min(peaks[i], peakLiveHeap(func() {
						if err := dump(io.Discard, f); err != nil {
							t.Fatalf("%s: %v", name, err)
						}
					}))
				}
			}
			t.Logf("%s: most heap live %d KiB with %v vectors, %d KiB with %v", name, peaks[0]>>10, small, peaks[1]>>10, large)
			if peaks[1] > peaks[0] && peaks[1]-peaks[0] > bound {
				t.Errorf("%s: the heap the dump holds grows by %d KiB from %v to %v vectors (count, dimension), whose vectors add %d KiB",
					name, (peaks[1]-peaks[0])>>10, small, large, added>>10)
			}
		}
	}
}
