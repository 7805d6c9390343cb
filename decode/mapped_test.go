package decode

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
	"github.com/durascope/durascope/golden/largegen"
	"github.com/durascope/durascope/internal/mapfile"
)

// memMapped is a Mapped file in memory: its bytes are a slice, and the
// ranges released are noted.
type memMapped struct {
	*bytes.Reader
	b        []byte
	released []region
}

type region struct{ from, to int64 }

func (m *memMapped) Bytes() []byte { return m.b }

func (m *memMapped) Release(from, to int64) {
	if from < to {
		m.released = append(m.released, region{max(from, 0), to})
	}
}

// covers reports whether the released ranges hold every byte of [from, to).
func (m *memMapped) covers(from, to int64) bool {
	for from < to {
		next := from
		for _, r := range m.released {
			if r.from <= from && r.to > next {
				next = r.to
			}
		}
		if next == from {
			return false
		}
		from = next
	}
	return true
}

// scanAll is what a scanner of s reads of every batch: each record's
// fields and values, as text, and the errors, whole batches and parts of
// partSize bytes (0: whole batches only), with the batches' ends.
func scanAll(s *Snapshot, partSize int64) string {
	edges, vertices, _, err := s.BatchTables()
	if err != nil {
		return err.Error()
	}
	var out bytes.Buffer
	values := func(n int, value func(int) (format.Value, error)) {
		for i := range n {
			v, err := value(i)
			fmt.Fprintf(&out, " %v/%v", v, err)
		}
	}
	edge := func(e *EdgeView) error {
		fmt.Fprintf(&out, "e %d %d %v", e.Offset, e.Gid, e.PropertySummary)
		values(len(e.Properties), e.Value)
		out.WriteByte('\n')
		return nil
	}
	vertex := func(v *VertexView) error {
		fmt.Fprintf(&out, "v %d %d %v %v %v %v", v.Offset, v.Gid, v.Labels, v.InEdges, v.OutEdges, v.PropertySummary)
		values(len(v.Properties), v.Value)
		for i := range v.Properties {
			if v.Properties[i].Type == format.MarkerString {
				b, err := v.StringBytes(i)
				fmt.Fprintf(&out, " %q/%v", b, err)
			}
		}
		out.WriteByte('\n')
		return nil
	}
	sc := s.NewScanner()
	for i, b := range edges {
		end, err := sc.Edges(b, s.Bound(edges, i), edge)
		fmt.Fprintf(&out, "edge batch %d: %d %v\n", i, end, err)
	}
	for i, b := range vertices {
		end, err := sc.Vertices(b, s.Bound(vertices, i), vertex)
		fmt.Fprintf(&out, "vertex batch %d: %d %v\n", i, end, err)
	}
	if partSize > 0 {
		for _, p := range s.Parts(edges, partSize) {
			fmt.Fprintf(&out, "edge part %+v: %+v\n", p, sc.EdgePart(p, s.Bound(edges, p.Batch), edge))
		}
		for _, p := range s.Parts(vertices, partSize) {
			fmt.Fprintf(&out, "vertex part %+v: %+v\n", p, sc.VertexPart(p, s.Bound(vertices, p.Batch), vertex))
		}
	}
	return out.String()
}

// TestMappedScan: a scanner over mapped bytes reads what one over a
// reader reads (records, values, errors, parts), with windows small
// enough that records cross them, on a generated snapshot of many small
// batches, every corpus snapshot and byte flips of them; and it releases
// every byte it has read past, batch after batch.
func TestMappedScan(t *testing.T) {
	var gen golden.MemFile
	if _, err := largegen.WriteSnapshot(&gen, format.MaxVersion, 24<<10, &largegen.SnapshotParams{Seed: 5, BatchSize: 9}); err != nil {
		t.Fatal(err)
	}
	inputs := map[string][]byte{"generated": gen.Bytes()}
	for _, f := range golden.ReadCorpus(t) {
		if !f.WAL {
			inputs[f.Name] = f.Data
		}
	}
	defer func(n int) { mappedWindow = n }(mappedWindow)
	check := func(name string, b []byte) {
		t.Helper()
		s, err := OpenSnapshot(bytes.NewReader(b), int64(len(b)), "f")
		if err != nil {
			return
		}
		want := scanAll(s, 512)
		for _, mappedWindow = range []int{1, 100, 4 << 10} {
			m := &memMapped{Reader: bytes.NewReader(b), b: b}
			ms, err := OpenSnapshot(m, int64(len(b)), "f")
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if ms.mapped == nil {
				t.Fatalf("%s: the mapping is not used", name)
			}
			if got := scanAll(ms, 512); got != want {
				t.Fatalf("%s, windows of %d bytes: the scan over mapped bytes differs:\n%s\nover a reader:\n%s", name, mappedWindow, got, want)
			}
		}
	}
	for name, b := range inputs {
		check(name, b)
		for p := 0; p < len(b); p += 211 {
			m := bytes.Clone(b)
			m[p] ^= 1 << (p % 8)
			check(fmt.Sprintf("%s flip at %d", name, p), m)
		}
	}

	// Without the lag, what is released is what the scan moved past.
	defer func(n int64) { releaseLag = n }(releaseLag)
	releaseLag = 0
	b := gen.Bytes()
	mappedWindow = 100
	m := &memMapped{Reader: bytes.NewReader(b), b: b}
	s, err := OpenSnapshot(m, int64(len(b)), "f")
	if err != nil {
		t.Fatal(err)
	}
	_, vertices, _, _ := s.BatchTables()
	sc := s.NewScanner()
	for i, v := range vertices {
		if _, err := sc.Vertices(v, s.Bound(vertices, i), func(*VertexView) error { return nil }); err != nil {
			t.Fatal(err)
		}
	}
	if from, to := int64(vertices[0].Offset), sc.c.base; len(vertices) < 3 || !m.covers(from, to) {
		t.Fatalf("%d batches: the bytes %d..%d read past are not all released: %v", len(vertices), from, to, m.released)
	}

	// A batch scanned on a scanner of its own (as the parallel checks scan
	// them) leaves nothing behind it: when the scan returns, its window and
	// the kernel's fault-around past it are released, for the next batch
	// may be scanned already, by another scanner.
	for i, v := range vertices {
		m.released = nil
		sc := s.NewScanner()
		if _, err := sc.Vertices(v, s.Bound(vertices, i), func(*VertexView) error { return nil }); err != nil {
			t.Fatal(err)
		}
		from, to := int64(v.Offset), min(sc.c.base+int64(len(sc.c.buf))+faultAround, int64(len(b)))
		if !m.covers(from, to) {
			t.Fatalf("batch %d: the bytes %d..%d are not all released when its scan returns: %v", i, from, to, m.released)
		}
	}
}

// TestMappedFileShrinks: a file that shrinks while it is mapped makes a
// scan of the bytes it no longer holds fail with ErrTruncated at an offset
// past its new end, whole batches and parts alike; it does not crash.
func TestMappedFileShrinks(t *testing.T) {
	var gen golden.MemFile
	if _, err := largegen.WriteSnapshot(&gen, format.MaxVersion, 256<<10, &largegen.SnapshotParams{Seed: 7}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "snapshot")
	if err := os.WriteFile(path, gen.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	size := int64(len(gen.Bytes()))
	m, err := mapfile.Map(f, size)
	if err != nil {
		t.Skipf("files are not mapped here: %v", err)
	}
	defer m.Close()
	s, err := OpenSnapshot(m, size, path)
	if err != nil {
		t.Fatal(err)
	}
	edges, vertices, _, err := s.BatchTables()
	if err != nil || len(vertices) != 1 {
		t.Fatalf("%v, %d vertex batches", err, len(vertices))
	}
	// Cut at a page boundary inside the vertex records: the bytes after it
	// fault (up to a boundary, the rest of the last page reads as zeros).
	page := int64(os.Getpagesize())
	cut := (int64(vertices[0].Offset) + size) / 2 &^ (page - 1)
	if err := os.Truncate(path, cut); err != nil {
		t.Fatal(err)
	}
	shrunk := func(what string, err error) {
		t.Helper()
		var de *format.DecodeError
		if !errors.Is(err, format.ErrTruncated) || !errors.As(err, &de) || de.Offset < cut || de.Offset >= size || de.File != path {
			t.Fatalf("%s: %v, want ErrTruncated at or past %d in %s", what, err, cut, path)
		}
	}
	sc := s.NewScanner()
	if _, err := sc.Edges(edges[0], s.Bound(edges, 0), func(*EdgeView) error { return nil }); err != nil {
		t.Fatalf("edges, before the cut: %v", err)
	}
	_, err = sc.Vertices(vertices[0], s.Bound(vertices, 0), func(*VertexView) error { return nil })
	shrunk("whole batch", err)
	whole := s.Parts(vertices, size)[0] // a part that starts before the cut and runs past it
	shrunk("part", sc.VertexPart(whole, s.Bound(vertices, 0), func(*VertexView) error { return nil }).Err)
	// The scanner reads on after the fault, and so does the goroutine.
	if r := sc.VertexPart(s.Parts(vertices, 16<<10)[0], s.Bound(vertices, 0), func(*VertexView) error { return nil }); r.Err != nil || r.N == 0 {
		t.Fatalf("first part, before the cut: %+v", r)
	}
}
