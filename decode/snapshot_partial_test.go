package decode_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
)

// prefixRecords reads b with ReadSnapshotPrefix and returns the offsets of
// the edge and vertex records it yields, in order.
func prefixRecords(t *testing.T, b []byte) (*decode.SnapshotPrefix, []uint64, int64) {
	t.Helper()
	p := decode.ReadSnapshotPrefix(bytes.NewReader(b), int64(len(b)), "cut")
	var got []uint64
	bad, err := p.Records(func(e format.EdgeRecord) error { got = append(got, e.Offset); return nil },
		func(v format.VertexRecord) error { got = append(got, v.Offset); return nil })
	if err != nil {
		t.Fatal(err)
	}
	return p, got, bad
}

// TestSnapshotPrefixCuts cuts snapshots at every length: the best-effort
// read yields exactly the edge and vertex records that lie whole before the
// cut, as the full decode reads them, once the offsets table is whole.
func TestSnapshotPrefixCuts(t *testing.T) {
	for _, c := range []struct {
		name string
		m    *format.Snapshot
		step int
	}{
		{"example_v14", golden.ExampleSnapshot(14), 1},
		{"example_v37", golden.ExampleSnapshot(37), 1},
		{"fixture_v20", golden.FixtureSnapshot(20), 3},
		{"fixture_v37", golden.FixtureSnapshot(37), 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			full := encodeSnapshot(t, c.m)
			m, err := decode.DecodeSnapshot(bytes.NewReader(full), int64(len(full)), "full")
			if err != nil {
				t.Fatal(err)
			}
			// Every record ends where the next one starts; the last
			// vertex where the indices start (Memgraph's section order).
			var starts []uint64
			for _, e := range m.Edges {
				starts = append(starts, e.Offset)
			}
			for _, v := range m.Vertices {
				starts = append(starts, v.Offset)
			}
			ends := append(slices.Clone(starts[1:]), m.Offsets[format.OffsetIndices])
			s, err := decode.OpenSnapshot(bytes.NewReader(full), int64(len(full)), "full")
			if err != nil {
				t.Fatal(err)
			}
			p, got, bad := prefixRecords(t, full)
			if !slices.Equal(got, starts) || bad != -1 || p.Stop != nil {
				t.Fatalf("whole file: records at %v (bad %d, stop %v), want %v", got, bad, p.Stop, starts)
			}
			if p.Offsets != s.Offsets || p.TableEnd != s.TableEnd() || p.Version != s.Version {
				t.Fatalf("whole file: table %v end %d v%d, OpenSnapshot reads %v end %d", p.Offsets, p.TableEnd, p.Version, s.Offsets, s.TableEnd())
			}
			mapper, ok, err := p.Section(format.OffsetMapper)
			if !ok || err != nil || !slices.Equal(mapper.([]format.MapperEntry), m.Mapper) {
				t.Fatalf("whole file: mapper %v (%v, %v), want %v", mapper, ok, err, m.Mapper)
			}
			for cut := 0; cut < len(full); cut += c.step {
				p, got, bad := prefixRecords(t, full[:cut])
				var want []uint64
				if int64(cut) >= s.TableEnd() {
					for i, end := range ends {
						if end <= uint64(cut) {
							want = append(want, starts[i])
						}
					}
				}
				if !slices.Equal(got, want) {
					t.Fatalf("cut at %d: records at %v, want %v", cut, got, want)
				}
				// A cut inside a record is where reading failed.
				inside := len(want) < len(starts) && int64(cut) > int64(starts[len(want)]) && int64(cut) >= s.TableEnd()
				if inside != (bad >= 0) || inside && bad != int64(starts[len(want)]) {
					t.Fatalf("cut at %d: first record that does not decode at %d", cut, bad)
				}
				switch {
				case cut < 12 && p.Version != 0, cut >= 12 && p.Version != c.m.Version:
					t.Fatalf("cut at %d: version %d", cut, p.Version)
				case (p.TableEnd != 0) != (int64(cut) >= s.TableEnd()):
					t.Fatalf("cut at %d: table end %d", cut, p.TableEnd)
				case p.TableEnd == 0 && p.Stop == nil:
					t.Fatalf("cut at %d: the table is not whole, and Stop does not say so", cut)
				}
				if _, ok, _ := p.Section(format.OffsetMapper); ok != (uint64(cut) > m.Offsets[format.OffsetMapper] && p.TableEnd != 0) {
					t.Fatalf("cut at %d: mapper readable %v", cut, ok)
				}
			}
		})
	}
}

// TestSnapshotPrefixUnpatched: a write that never back-patched its offsets
// table leaves it zero; the records are still found, one after the other
// from the end of the table.
func TestSnapshotPrefixUnpatched(t *testing.T) {
	for _, v := range []format.Version{14, 37} {
		b := encodeSnapshot(t, golden.ExampleSnapshot(v))
		m, err := decode.DecodeSnapshot(bytes.NewReader(b), int64(len(b)), "full")
		if err != nil {
			t.Fatal(err)
		}
		for _, slot := range format.SnapshotOffsetSlots(format.FeaturesOf(v)) {
			setOffset(b, v, slot, 0)
		}
		if _, err := decode.OpenSnapshot(bytes.NewReader(b), int64(len(b)), "zeroed"); err == nil {
			t.Fatalf("v%d: a zeroed offsets table opens", v)
		}
		_, got, bad := prefixRecords(t, b)
		var want []uint64
		for _, e := range m.Edges {
			want = append(want, e.Offset)
		}
		for _, v := range m.Vertices {
			want = append(want, v.Offset)
		}
		if !slices.Equal(got, want) || bad != -1 {
			t.Errorf("v%d: records at %v (bad %d), want %v", v, got, bad, want)
		}
	}
}
