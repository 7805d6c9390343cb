package inspect

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
)

func openStats(t *testing.T, path string, top int) *FileStats {
	t.Helper()
	f, err := datadir.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return Stats(f, StatsOptions{Top: top})
}

// TestWALStatsCorpus checks WAL statistics against what the test derives by
// itself from the frames and transactions, from the spec's header layout, and
// from the summary Memgraph wrote into finalized v37 files.
func TestWALStatsCorpus(t *testing.T) {
	for _, c := range golden.CorpusCases(t) {
		t.Run(c.Name, func(t *testing.T) {
			path := filepath.Join(c.Dir, "wal.bin")
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			st := openStats(t, path, 3)
			if st.Problem != "" || st.WAL == nil {
				t.Fatalf("problem %q", st.Problem)
			}
			ws := st.WAL

			// Frames by type, straight from the decoder.
			w, err := decode.OpenWAL(bytes.NewReader(data), int64(len(data)), path)
			if err != nil {
				t.Fatal(err)
			}
			h := w.Header
			want := map[string]DeltaTypeStats{}
			var frames uint64
			var frameBytes int64
			prevEnd := int64(h.OffsetDeltas)
			for fr, err := range w.Frames() {
				if err != nil {
					t.Fatal(err)
				}
				if fr.Offset != prevEnd {
					t.Fatalf("frame at %d does not follow the previous one ending at %d", fr.Offset, prevEnd)
				}
				prevEnd = fr.Offset + fr.Size
				d := want[fr.Marker.String()]
				d.Type, d.Frames, d.Bytes = fr.Marker.String(), d.Frames+1, d.Bytes+uint64(fr.Size)
				want[fr.Marker.String()] = d
				frames++
				frameBytes += fr.Size
			}
			if len(ws.Deltas) != len(want) {
				t.Errorf("%d delta types, want %d", len(ws.Deltas), len(want))
			}
			for i, d := range ws.Deltas {
				if d != want[d.Type] {
					t.Errorf("delta type %s: %+v, want %+v", d.Type, d, want[d.Type])
				}
				if i > 0 && d.Bytes > ws.Deltas[i-1].Bytes {
					t.Errorf("delta types not by bytes descending at %s", d.Type)
				}
			}
			if ws.Frames != frames || ws.FrameBytes != frameBytes || prevEnd != st.Size {
				t.Errorf("frames %d (%d bytes), want %d (%d bytes) ending at the file size %d (last ends %d)",
					ws.Frames, ws.FrameBytes, frames, frameBytes, st.Size, prevEnd)
			}

			// Header bytes by the layout of spec/wal.md §2-3: magic, version,
			// 0x42, two UINT offsets, 0x23, STR uuid, STR epoch, UINT seq, CRC.
			hdr := int64(4 + 8 + 1 + 9 + 9 + 1 + 9 + len(h.UUID) + 9 + len(h.Epoch) + 9)
			if w.Features.Has(format.FeatCRC) {
				hdr += 9
			}
			if ws.HeaderBytes != hdr {
				t.Errorf("header bytes %d, spec layout says %d", ws.HeaderBytes, hdr)
			}
			if sum := ws.HeaderBytes + ws.SummaryBytes + ws.FrameBytes + ws.TailBytes; sum != st.Size || ws.TailBytes != 0 {
				t.Errorf("header %d + summary %d + frames %d + tail %d = %d, file is %d",
					ws.HeaderBytes, ws.SummaryBytes, ws.FrameBytes, ws.TailBytes, sum, st.Size)
			}

			// Transactions, grouped by the decoder's own iterator.
			w, _ = decode.OpenWAL(bytes.NewReader(data), int64(len(data)), path)
			var txns []TxnStats
			var deltas, sizes []uint64
			committed := 0
			for tx, err := range w.Transactions() {
				if err != nil {
					t.Fatal(err)
				}
				txns = append(txns, TxnStats{Index: tx.Index, Timestamp: tx.Timestamp, Offset: tx.Offset,
					Bytes: tx.End - tx.Offset, Deltas: len(tx.Frames), Commit: tx.Commit})
				deltas = append(deltas, uint64(len(tx.Frames)))
				sizes = append(sizes, uint64(tx.End-tx.Offset))
				if tx.Commit {
					committed++
				}
			}
			if ws.Transactions != len(txns) || ws.IncompleteFrames != 0 {
				t.Errorf("%d transactions (%d incomplete frames), want %d", ws.Transactions, ws.IncompleteFrames, len(txns))
			}
			if ws.FirstTimestamp != txns[0].Timestamp || ws.LastTimestamp != txns[len(txns)-1].Timestamp {
				t.Errorf("timestamps %d..%d, want %d..%d", ws.FirstTimestamp, ws.LastTimestamp, txns[0].Timestamp, txns[len(txns)-1].Timestamp)
			}
			if w.Features.Has(format.FeatTxnStart) {
				if ws.Committed == nil || *ws.Committed != committed || *ws.Uncommitted != len(txns)-committed {
					t.Errorf("committed/uncommitted %v/%v, want %d/%d", ws.Committed, ws.Uncommitted, committed, len(txns)-committed)
				}
			} else if ws.Committed != nil || ws.Uncommitted != nil {
				t.Error("committed/uncommitted reported for a version without a commit flag")
			}
			checkDistribution(t, "deltas per txn", ws.DeltasPerTxn, deltas)
			checkDistribution(t, "bytes per txn", ws.BytesPerTxn, sizes)
			slices.SortStableFunc(txns, func(a, b TxnStats) int { return cmp.Compare(b.Bytes, a.Bytes) })
			if wantTop := txns[:min(3, len(txns))]; !slices.Equal(ws.Largest, wantTop) {
				t.Errorf("largest %+v, want %+v", ws.Largest, wantTop)
			}

			// What Memgraph itself wrote: the v37 summary.
			if s := h.Summary; s.Finalized() {
				if ws.SummaryBytes != 36 || ws.Frames != s.NumDeltas || ws.FirstTimestamp != s.FromTimestamp || ws.LastTimestamp != s.ToTimestamp {
					t.Errorf("summary bytes %d, frames %d, timestamps %d..%d; Memgraph's summary says %d frames, %d..%d",
						ws.SummaryBytes, ws.Frames, ws.FirstTimestamp, ws.LastTimestamp, s.NumDeltas, s.FromTimestamp, s.ToTimestamp)
				}
			}
		})
	}
}

// checkDistribution compares d with the exact figures of values.
func checkDistribution(t *testing.T, what string, d Distribution, values []uint64) {
	t.Helper()
	if len(values) == 0 {
		if d != (Distribution{}) {
			t.Errorf("%s: %+v for no values", what, d)
		}
		return
	}
	sorted := slices.Sorted(slices.Values(values))
	var sum uint64
	for _, v := range values {
		sum += v
	}
	if d.Count != uint64(len(values)) || d.Sum != sum || d.Min != sorted[0] || d.Max != sorted[len(sorted)-1] {
		t.Errorf("%s: count %d sum %d min %d max %d, want %d %d %d %d", what, d.Count, d.Sum, d.Min, d.Max,
			len(values), sum, sorted[0], sorted[len(sorted)-1])
	}
	for p, got := range map[int]uint64{50: d.P50, 90: d.P90, 99: d.P99} {
		exact := exactQuantile(sorted, p)
		if exact < 64 && got != exact || got < exact || float64(got) > float64(exact)*(1+1.0/32) {
			t.Errorf("%s: p%d = %d, exact %d", what, p, got, exact)
		}
	}
}

// TestSnapshotStatsCorpus checks snapshot statistics against Memgraph's own
// dump of the snapshot (vertices per label, edges per type), the metadata
// counts Memgraph wrote, the spec's section layouts, and the records.
func TestSnapshotStatsCorpus(t *testing.T) {
	for _, c := range golden.CorpusCases(t) {
		t.Run(c.Name, func(t *testing.T) {
			path := filepath.Join(c.Dir, "snapshot.bin")
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			st := openStats(t, path, 0)
			if st.Problem != "" || st.Snapshot == nil {
				t.Fatalf("problem %q", st.Problem)
			}
			ss := st.Snapshot
			m, err := decode.DecodeSnapshot(bytes.NewReader(data), int64(len(data)), path)
			if err != nil {
				t.Fatal(err)
			}
			ft := format.FeaturesOf(m.Version)

			// Memgraph's dump: one CREATE per vertex with its labels, one
			// MATCH ... CREATE per edge with its type.
			dump, err := os.ReadFile(filepath.Join(c.Dir, "expected_snapshot.cypher"))
			if err != nil {
				t.Fatal(err)
			}
			labels, edgeTypes, vertices, unlabeled := dumpCounts(t, dump)
			if got := nameCounts(ss.Labels); !maps(got, labels) {
				t.Errorf("labels %v, Memgraph's dump has %v", got, labels)
			}
			if got := nameCounts(ss.EdgeTypes); !maps(got, edgeTypes) {
				t.Errorf("edge types %v, Memgraph's dump has %v", got, edgeTypes)
			}
			var edges uint64
			for _, n := range edgeTypes {
				edges += n
			}
			if ss.Vertices != vertices || ss.UnlabeledVertices != unlabeled || ss.Vertices != m.Metadata.VertexCount {
				t.Errorf("vertices %d (%d unlabeled), dump has %d (%d), metadata %d", ss.Vertices, ss.UnlabeledVertices,
					vertices, unlabeled, m.Metadata.VertexCount)
			}
			if edges != m.Metadata.EdgeCount || (m.Offsets[format.OffsetEdges] != 0 && ss.Edges != edges) {
				t.Errorf("edge records %d, dump has %d edges, metadata %d", ss.Edges, edges, m.Metadata.EdgeCount)
			}

			// Sections: contiguous from 0, adding up to the file size; the
			// header as spec/snapshot.md §2 tabulates it; fixed layouts by the spec.
			byName := map[string]SectionStats{}
			var end uint64
			for _, s := range ss.Sections {
				if s.Offset != end {
					t.Errorf("section %s at %d, previous ends at %d", s.Name, s.Offset, end)
				}
				end = s.Offset + uint64(s.Bytes)
				byName[s.Name] = s
			}
			if end != uint64(st.Size) {
				t.Errorf("sections end at %d, file size %d", end, st.Size)
			}
			firstSection := map[bool]int64{}[false]
			switch v := m.Version; {
			case v == 14:
				firstSection = 76
			case v <= 16:
				firstSection = 94
			case v == 17:
				firstSection = 103
			case v <= 29:
				firstSection = 112
			case v <= 33:
				firstSection = 121
			default:
				firstSection = 130
			}
			if h := ss.Sections[0]; h.Name != "header" || h.Bytes != firstSection {
				t.Errorf("first region %s of %d bytes, spec says header of %d", h.Name, h.Bytes, firstSection)
			}
			mapperBytes := int64(1 + 9)
			for _, e := range m.Mapper {
				mapperBytes += 9 + 9 + int64(len(e.Name))
			}
			epochBytes := int64(1 + 9)
			for _, e := range m.EpochHistory {
				epochBytes += 9 + int64(len(e.ID)) + 9
			}
			md := m.Metadata
			metaBytes := int64(1 + 9 + len(md.UUID) + 9 + len(md.Epoch) + 9 + 9 + 9)
			if ft.Has(format.FeatDurableTimestamp) {
				metaBytes += 9
			}
			if ft.Has(format.FeatNumCommittedTxns) {
				metaBytes += 9
			}
			fixed := map[string][2]int64{
				"mapper":        {mapperBytes, int64(len(m.Mapper))},
				"epoch_history": {epochBytes, int64(len(m.EpochHistory))},
				"metadata":      {metaBytes, 1},
			}
			if ft.Has(format.FeatSnapshotBatches) {
				fixed["edge_batches"] = [2]int64{9 + 18*int64(len(m.EdgeBatches)), int64(len(m.EdgeBatches))}
				fixed["vertex_batches"] = [2]int64{9 + 18*int64(len(m.VertexBatches)), int64(len(m.VertexBatches))}
			}
			for name, want := range fixed {
				if s := byName[name]; s.Bytes != want[0] || s.Records != uint64(want[1]) {
					t.Errorf("section %s: %d bytes, %d records; spec layout gives %d bytes, %d records", name, s.Bytes, s.Records, want[0], want[1])
				}
			}
			if s := byName["vertices"]; s.Records != ss.Vertices {
				t.Errorf("vertices section has %d records, stats %d", s.Records, ss.Vertices)
			}

			// Batches tile their section: their bytes add up to it.
			if ft.Has(format.FeatSnapshotBatches) {
				for _, b := range []struct {
					name  string
					st    *BatchStats
					table []format.Batch
					n     uint64
				}{{"edges", ss.EdgeBatches, m.EdgeBatches, ss.Edges}, {"vertices", ss.VertexBatches, m.VertexBatches, ss.Vertices}} {
					var counts []uint64
					for _, x := range b.table {
						counts = append(counts, x.Count)
					}
					checkDistribution(t, b.name+" batch records", b.st.Records, counts)
					if b.st.Batches != len(b.table) || b.st.Records.Sum != b.n || b.st.Bytes.Sum != uint64(byName[b.name].Bytes) {
						t.Errorf("%s batches: %d batches, %d records, %d bytes; want %d, %d, section bytes %d",
							b.name, b.st.Batches, b.st.Records.Sum, b.st.Bytes.Sum, len(b.table), b.n, byName[b.name].Bytes)
					}
				}
			} else if ss.EdgeBatches != nil || ss.VertexBatches != nil {
				t.Error("batch statistics for a version without batch tables")
			}

			// Properties per record and value types, from the whole model.
			var vp, ep []uint64
			byMarker := map[format.Marker]uint64{}
			for _, v := range m.Vertices {
				vp = append(vp, uint64(len(v.Properties)))
				for _, p := range v.Properties {
					byMarker[p.Value.Marker()]++
				}
			}
			for _, e := range m.Edges {
				ep = append(ep, uint64(len(e.Properties)))
				for _, p := range e.Properties {
					byMarker[p.Value.Marker()]++
				}
			}
			checkDistribution(t, "properties per vertex", ss.VertexProperties, vp)
			checkDistribution(t, "properties per edge", ss.EdgeProperties, ep)
			temporal := map[string]bool{"date": true, "local_time": true, "local_datetime": true, "duration": true}
			gotByMarker := map[format.Marker]uint64{}
			for _, vt := range ss.ValueTypes {
				m := format.Marker(0)
				for mk, name := range map[format.Marker]string{format.MarkerNull: "null", format.MarkerBool: "bool",
					format.MarkerInt: "int", format.MarkerDouble: "double", format.MarkerString: "string",
					format.MarkerList: "list", format.MarkerMap: "map", format.MarkerZonedTemporal: "zoned_datetime",
					format.MarkerEnum: "enum", format.MarkerPoint2D: "point_2d", format.MarkerPoint3D: "point_3d",
					format.MarkerVectorIndexID: "vector_index_id"} {
					if name == vt.Type {
						m = mk
					}
				}
				if temporal[vt.Type] {
					m = format.MarkerTemporal
				}
				if m == 0 {
					t.Errorf("unexpected value type %q", vt.Type)
				}
				gotByMarker[m] += vt.Vertices + vt.Edges
			}
			if !maps(gotByMarker, byMarker) {
				t.Errorf("value types by marker %v, records hold %v", gotByMarker, byMarker)
			}
		})
	}
}

func maps[K comparable](a, b map[K]uint64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func nameCounts(list []NameCount) map[string]uint64 {
	out := map[string]uint64{}
	for _, n := range list {
		out[n.Name] += n.Count
	}
	return out
}

// dumpCounts reads Memgraph's DUMP DATABASE output: vertices per label,
// edges per type, vertices, and vertices without a label.
func dumpCounts(t *testing.T, dump []byte) (labels, edgeTypes map[string]uint64, vertices, unlabeled uint64) {
	t.Helper()
	labels, edgeTypes = map[string]uint64{}, map[string]uint64{}
	// name reads a backquoted name at s[0]; `` stands for one backquote.
	name := func(s string) (string, string) {
		if !strings.HasPrefix(s, "`") {
			t.Fatalf("no backquoted name at %q", s)
		}
		var b strings.Builder
		for i := 1; i < len(s); i++ {
			if s[i] == '`' {
				if i+1 < len(s) && s[i+1] == '`' {
					b.WriteByte('`')
					i++
					continue
				}
				return b.String(), s[i+1:]
			}
			b.WriteByte(s[i])
		}
		t.Fatalf("unterminated name in %q", s)
		return "", ""
	}
	for _, line := range strings.Split(string(dump), "\n") {
		if rest, ok := strings.CutPrefix(line, "CREATE (:__mg_vertex__"); ok {
			vertices++
			n := 0
			for strings.HasPrefix(rest, ":`") {
				var l string
				l, rest = name(rest[1:])
				labels[l]++
				n++
			}
			if n == 0 {
				unlabeled++
			}
			continue
		}
		if _, rest, ok := strings.Cut(line, "CREATE (u)-[:"); ok && strings.HasPrefix(line, "MATCH ") {
			et, _ := name(rest)
			edgeTypes[et]++
		}
	}
	return labels, edgeTypes, vertices, unlabeled
}

// TestStatsUpToTheProblem cuts corpus files short: the statistics cover what
// decodes before the cut, bytes still add up, and the problem is reported.
func TestStatsUpToTheProblem(t *testing.T) {
	root := golden.CorpusDir(t)
	tmp := t.TempDir()
	for _, name := range []string{"v37/test_all/wal.bin", "v36/test_all/wal.bin", "v14/test_all/wal.bin"} {
		data, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		for _, cut := range []int{len(data) / 3, len(data) / 2, len(data) - 1} {
			path := filepath.Join(tmp, "cut.wal")
			if err := os.WriteFile(path, data[:cut], 0o644); err != nil {
				t.Fatal(err)
			}
			st := openStats(t, path, 5)
			if st.Problem == "" || st.Err() == nil {
				t.Errorf("%s cut at %d: no problem reported", name, cut)
				continue
			}
			// The plain decoder over the same bytes: frames up to the error.
			w, err := decode.OpenWAL(bytes.NewReader(data[:cut]), int64(cut), path)
			if err != nil {
				t.Fatal(err)
			}
			var frames uint64
			var ferr error
			for {
				if _, ferr = w.Next(); ferr != nil {
					break
				}
				frames++
			}
			if errors.Is(ferr, io.EOF) || !errors.Is(st.Err(), ferr) && st.Problem != ferr.Error() {
				t.Errorf("%s cut at %d: problem %q, decoder says %v", name, cut, st.Problem, ferr)
			}
			ws := st.WAL
			if ws.Frames != frames || ws.Transactions != w.Totals().Transactions {
				t.Errorf("%s cut at %d: %d frames in %d transactions, decoder read %d in %d", name, cut,
					ws.Frames, ws.Transactions, frames, w.Totals().Transactions)
			}
			if sum := ws.HeaderBytes + ws.SummaryBytes + ws.FrameBytes + ws.TailBytes; sum != int64(cut) {
				t.Errorf("%s cut at %d: bytes add up to %d", name, cut, sum)
			}
			var typed uint64
			for _, d := range ws.Deltas {
				typed += d.Frames
			}
			if typed != ws.Frames || ws.DeltasPerTxn.Sum+uint64(ws.IncompleteFrames) != ws.Frames {
				t.Errorf("%s cut at %d: %d typed frames, %d in transactions + %d incomplete, of %d", name, cut,
					typed, ws.DeltasPerTxn.Sum, ws.IncompleteFrames, ws.Frames)
			}
		}
	}
	// A snapshot cut inside its records: a problem, and no more records than the file holds.
	data, err := os.ReadFile(filepath.Join(root, "v37/test_all/snapshot.bin"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(tmp, "cut.snapshot")
	if err := os.WriteFile(path, data[:len(data)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	if st := openStats(t, path, 5); st.Problem == "" || st.ProblemClass != "truncated" {
		t.Errorf("half a snapshot: problem %q (%s), want a truncation", st.Problem, st.ProblemClass)
	}
}

// TestStatsDamagedExamples runs Stats on every truncation and on single-byte
// damage of the example files: it must not panic, must report a problem
// whenever the file is not intact, and its byte accounting must still add up.
// Every 13th position by default; DURASCOPE_SWEEP=full takes every one.
func TestStatsDamagedExamples(t *testing.T) {
	step := 13
	if os.Getenv("DURASCOPE_SWEEP") == "full" {
		step = 1
	}
	tmp := t.TempDir()
	for _, name := range []string{"wal_v14.bin", "wal_v37.bin", "snapshot_v14.bin", "snapshot_v37.bin"} {
		data, err := os.ReadFile(filepath.Join(golden.TestdataDir(), "examples", name))
		if err != nil {
			t.Fatal(err)
		}
		check := func(what string, b []byte) {
			path := filepath.Join(tmp, name)
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
			st := openStats(t, path, 3)
			if ws := st.WAL; ws != nil {
				if sum := ws.HeaderBytes + ws.SummaryBytes + ws.FrameBytes + ws.TailBytes; sum != int64(len(b)) {
					t.Fatalf("%s %s: WAL bytes add up to %d of %d", name, what, sum, len(b))
				}
			}
			if ss := st.Snapshot; ss != nil {
				var sum int64
				for _, s := range ss.Sections {
					sum += s.Bytes
				}
				if sum != int64(len(b)) {
					t.Fatalf("%s %s: sections add up to %d of %d", name, what, sum, len(b))
				}
			}
			if len(b) < len(data) && st.Problem == "" && !strings.HasPrefix(name, "wal_v14") {
				// A v14 WAL has no summary: a cut between transactions is a clean, shorter file.
				t.Fatalf("%s %s: no problem reported", name, what)
			}
		}
		for n := 0; n < len(data); n += step {
			check(fmt.Sprintf("cut at %d", n), data[:n])
		}
		for i := 0; i < len(data); i += step {
			b := bytes.Clone(data)
			b[i] ^= 0x5A
			check(fmt.Sprintf("byte %d damaged", i), b)
		}
	}
}
