package snapshot

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/engine/fs"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
	"github.com/durascope/durascope/golden/largegen"
)

// largeModel is a generated graph of a few thousand vertices and edges.
func largeModel(t *testing.T, v format.Version) *format.Snapshot {
	return generatedModel(t, v, 600_000, 1000)
}

// generatedModel is a largegen graph of about size bytes with at least
// least vertices and edges.
func generatedModel(t *testing.T, v format.Version, size int64, least int64) *format.Snapshot {
	t.Helper()
	var f golden.MemFile
	st, err := largegen.WriteSnapshot(&f, v, size, &largegen.SnapshotParams{Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if st.Vertices < least || st.Edges < least {
		t.Fatalf("generated only %d vertices, %d edges", st.Vertices, st.Edges)
	}
	m, err := decode.DecodeSnapshot(bytes.NewReader(f.Bytes()), int64(len(f.Bytes())), "largegen")
	if err != nil {
		t.Fatal(err)
	}
	m.Metadata.UUID, m.Metadata.Epoch = golden.ChainUUID, golden.ChainEpoch
	m.Metadata.StartTimestamp, m.Metadata.DurableTimestamp = 91, 88
	return m
}

// withHidden returns a source over m whose view misses every third record
// and five objects past the last: stored objects the view does not see, as
// deleted objects GC has not removed sit in Memgraph's skip list.
func withHidden(m *format.Snapshot) *ModelSource {
	src, _ := NewModelSource(m)
	for k, recs := range [2]int{len(m.Edges), len(m.Vertices)} {
		var hidden []uint64
		for i := 0; i < recs; i += 3 {
			hidden = append(hidden, uint64(i))
		}
		for i := range 5 {
			hidden = append(hidden, uint64(recs+i))
		}
		src.Hidden[k] = hidden
	}
	return src
}

// expectedParallelBatches follows Memgraph's MultiThreadedWorkflow and
// Batch literally: n_batches = ceil(size/per) ranges cut at every per-th
// stored element; each range's part writes its visible records, cutting a
// batch every per records; an empty part adds no batch.
func expectedParallelBatches(stored []uint64, visible func(uint64) bool, per int) []int {
	size := len(stored)
	nBatches := (size + per - 1) / per
	bounds := []uint64{0, NoUpperBound}
	if nBatches >= 2 {
		bounds = make([]uint64, nBatches+1)
		for j := range bounds {
			bounds[j] = NoUpperBound
		}
		bounds[0] = 0
		i, id := 0, 1
		for _, g := range stored {
			if per == i {
				bounds[id] = g
				id++
				i = 1
				if id == nBatches {
					break
				}
			} else {
				i++
			}
		}
	}
	var counts []int
	for r := 0; r+1 < len(bounds); r++ {
		inBatch := 0
		for _, g := range stored {
			if g >= bounds[r] && g < bounds[r+1] && visible(g) {
				inBatch++
				if inBatch == per {
					counts = append(counts, inBatch)
					inBatch = 0
				}
			}
		}
		if inBatch > 0 {
			counts = append(counts, inBatch)
		}
	}
	return counts
}

func storedAndVisible(src *ModelSource, k Kind) ([]uint64, func(uint64) bool) {
	var stored []uint64
	src.StoredGids(k, func(g uint64) bool { stored = append(stored, g); return true })
	seen := map[uint64]bool{}
	if k == KindEdge {
		src.Edges(0, NoUpperBound, func(r format.EdgeRecord) error { seen[r.Gid] = true; return nil })
	} else {
		src.Vertices(0, NoUpperBound, func(r format.VertexRecord) error { seen[r.Gid] = true; return nil })
	}
	return stored, func(g uint64) bool { return seen[g] }
}

func readModel(t *testing.T, path string) *format.Snapshot {
	t.Helper()
	m, _ := decodeFile(t, path)
	return m
}

// withoutLayout drops what differs between serial and parallel files of
// the same data: offsets, batch tables, record offsets.
func withoutLayout(m *format.Snapshot) *format.Snapshot {
	c := *m
	c.Offsets = format.Offsets{}
	c.EdgeBatches, c.VertexBatches = nil, nil
	c.Edges = slices.Clone(m.Edges)
	for i := range c.Edges {
		c.Edges[i].Offset = 0
	}
	c.Vertices = slices.Clone(m.Vertices)
	for i := range c.Vertices {
		c.Vertices[i].Offset = 0
	}
	return &c
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestParallelBatchLayout: serial and parallel files of one graph decode
// to the same model; the parallel batch tables are Memgraph's (a batch per
// non-empty part, short where invisible objects were counted), the serial
// ones a batch every ItemsPerBatch records; no part file remains.
func TestParallelBatchLayout(t *testing.T) {
	const per = 7
	m := largeModel(t, format.MaxVersion)
	src := withHidden(m)
	write := func(parallel bool) (string, *format.Snapshot) {
		dir := t.TempDir()
		path, err := Create(Config{Dir: dir, ItemsPerBatch: per, Parallel: parallel, Threads: 3, Now: fixedNow}, src)
		if err != nil {
			t.Fatal(err)
		}
		if names := dirNames(t, dir); !slices.Equal(names, []string{filepath.Base(path)}) {
			t.Errorf("parallel %v: the directory holds %v, want only the snapshot (no part or temporary file)", parallel, names)
		}
		return path, readModel(t, path)
	}
	_, serial := write(false)
	_, parallel := write(true)
	if diff := cmp.Diff(withoutLayout(serial), withoutLayout(parallel)); diff != "" {
		t.Fatalf("serial and parallel files hold different data (-serial +parallel):\n%s", diff)
	}
	if len(serial.Vertices) == 0 || len(serial.Vertices) == len(m.Vertices) {
		t.Fatalf("%d of %d vertices visible: the view hides nothing", len(serial.Vertices), len(m.Vertices))
	}

	counts := func(bs []format.Batch) []int {
		var out []int
		for _, b := range bs {
			out = append(out, int(b.Count))
		}
		return out
	}
	for _, kind := range []Kind{KindEdge, KindVertex} {
		got := parallel
		stored, visible := storedAndVisible(src, kind)
		visibleStored := 0
		for _, g := range stored {
			if visible(g) {
				visibleStored++
			}
		}
		want := expectedParallelBatches(stored, visible, per)
		table, recOffsets := got.VertexBatches, []uint64{}
		serialTable := serial.VertexBatches
		if kind == KindEdge {
			table, serialTable = got.EdgeBatches, serial.EdgeBatches
			for _, r := range got.Edges {
				recOffsets = append(recOffsets, r.Offset)
			}
		} else {
			for _, r := range got.Vertices {
				recOffsets = append(recOffsets, r.Offset)
			}
		}
		if !slices.Equal(counts(table), want) {
			t.Errorf("%s batches %v, Memgraph's parallel rule gives %v", kind, counts(table), want)
		}
		if !slices.ContainsFunc(want, func(c int) bool { return c < per }) || len(want) < 10 {
			t.Errorf("%s: the rule gives %v: no short batch to test", kind, want)
		}
		// Each batch starts at its first record.
		first := 0
		for i, b := range table {
			if first >= len(recOffsets) || b.Offset != recOffsets[first] {
				t.Errorf("%s batch #%d at %d, its first record (#%d) is elsewhere", kind, i, b.Offset, first)
				break
			}
			first += int(b.Count)
		}
		var serialWant []int
		for left := visibleStored; left > 0; left -= min(left, per) {
			serialWant = append(serialWant, min(left, per))
		}
		if !slices.Equal(counts(serialTable), serialWant) {
			t.Errorf("serial %s batches %v, want %v", kind, counts(serialTable), serialWant)
		}
	}
}

// TestSplitGids checks the Batch rule on small cases.
func TestSplitGids(t *testing.T) {
	model := func(n int) *ModelSource {
		m := &format.Snapshot{Version: format.MaxVersion}
		for i := range n {
			m.Vertices = append(m.Vertices, format.VertexRecord{Gid: uint64(10 * i)})
		}
		src, err := NewModelSource(m)
		if err != nil {
			t.Fatal(err)
		}
		return src
	}
	for _, c := range []struct {
		n, per int
		want   []uint64
	}{
		{0, 3, []uint64{0, NoUpperBound}},
		{3, 3, []uint64{0, NoUpperBound}},
		{4, 3, []uint64{0, 30, NoUpperBound}},
		{7, 3, []uint64{0, 30, 60, NoUpperBound}},
		{6, 1, []uint64{0, 10, 20, 30, 40, 50, NoUpperBound}},
	} {
		got, err := SplitGids(model(c.n), KindVertex, c.per)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("%d objects, %d per batch: %v %v, want %v", c.n, c.per, got, err, c.want)
		}
	}
}

// TestParallelFailureLeavesNothing: whichever file operation fails (part
// creation, a write, an fsync, the rename), Create returns the error and
// leaves neither part files nor a temporary or final file.
func TestParallelFailureLeavesNothing(t *testing.T) {
	// Small, for speed: every Create fsyncs each part.
	m := generatedModel(t, format.MaxVersion, 60_000, 100)
	src, err := NewModelSource(m)
	if err != nil {
		t.Fatal(err)
	}
	failures := map[fs.Op]int{}
	for _, op := range []fs.Op{fs.OpCreate, fs.OpWrite, fs.OpSync, fs.OpRename, fs.OpSyncDir} {
		for n := 1; n <= 25; n += 4 {
			dir := t.TempDir()
			faulty := &fs.Faulty{FS: fs.OS{}, Fail: op, N: n}
			path, err := Create(Config{Dir: dir, ItemsPerBatch: 100, Parallel: true, Threads: 3, FS: faulty, Now: fixedNow}, src)
			names := dirNames(t, dir)
			if err != nil {
				failures[op]++
				if !errors.Is(err, fs.ErrInjected) {
					t.Errorf("%s #%d: %v does not wrap the injected error", op, n, err)
				}
				if len(names) != 0 {
					t.Errorf("%s #%d failed (%v) but left %v", op, n, err, names)
				}
				continue
			}
			if !slices.Equal(names, []string{filepath.Base(path)}) {
				t.Errorf("%s #%d: succeeded, directory holds %v", op, n, names)
			}
			if diff := cmp.Diff(withoutLayout(m), withoutLayout(readModel(t, path))); diff != "" {
				t.Errorf("%s #%d: succeeded with other data:\n%s", op, n, diff)
			}
		}
	}
	for _, op := range []fs.Op{fs.OpCreate, fs.OpWrite, fs.OpSync, fs.OpRename, fs.OpSyncDir} {
		if failures[op] == 0 {
			t.Errorf("no %s failure was injected", op)
		}
	}
	// A part file is what failed for part creations after the first file.
	dir := t.TempDir()
	_, err = Create(Config{Dir: dir, ItemsPerBatch: 100, Parallel: true, Threads: 2,
		FS: &fs.Faulty{FS: fs.OS{}, Fail: fs.OpCreate, N: 3}, Now: fixedNow}, src)
	var pe *PartError
	if !errors.As(err, &pe) || datadir.ParseName(filepath.Base(pe.Path)).Naming != datadir.NamingPart {
		t.Errorf("third create failed: %v, want a PartError naming a part file", err)
	}
}
