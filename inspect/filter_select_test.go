package inspect

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
)

const examples = "../golden/testdata/examples/"

func openExample(t *testing.T, name string) *datadir.File {
	t.Helper()
	f, err := datadir.Open(examples + name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// jsonFields decodes the JSON of a frame's delta into its top-level keys.
func jsonFields(t *testing.T, d format.Delta) map[string]any {
	t.Helper()
	b, err := format.AppendJSON(nil, d)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber() // gids are 64-bit
	if err := dec.Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestFrameNamesAndGids checks frameNames and recordGids on the fixture
// WALs, which hold every delta type of their version, against the JSON of
// each delta: the names are exactly the strings under the keys that hold
// labels and edge types, the gids exactly the numbers under gid, from and
// to (an unknown to-vertex aside). A delta type frameNames forgets fails.
func TestFrameNamesAndGids(t *testing.T) {
	nameKeys := []string{"label", "edge_type", "labels", "to_labels", "target", "targets"}
	for _, v := range []format.Version{16, 21, 33, 37} {
		m := golden.FixtureWAL(v)
		for _, fr := range m.Frames {
			fields := jsonFields(t, fr.Delta)
			var want []string
			for _, k := range nameKeys {
				switch x := fields[k].(type) {
				case string:
					if x != "" {
						want = append(want, x)
					}
				case []any:
					for _, s := range x {
						want = append(want, s.(string))
					}
				}
			}
			var it walkItem
			it.ofRecord(&Record{Kind: "frame", Value: fr, Version: v}, &walFrame{}, &snapRecord{})
			var got []string
			add := func(n string) { got = append(got, n) }
			frameNames(it.frame, add, add)
			if fr.Marker == format.DeltaTextIndexDrop {
				got = slices.Compact(got) // named as either kind
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("v%d %s: names %q, the delta holds %q", v, fr.Marker, got, want)
			}

			ft := format.FeaturesOf(v)
			var wantGids []uint64
			for _, k := range []string{"gid", "from", "to"} {
				num, ok := fields[k].(json.Number)
				n, err := strconv.ParseUint(string(num), 10, 64)
				if !ok || err != nil || n == format.UnknownGid || fr.Marker == format.DeltaEdgeSetProperty &&
					(k == "from" && !ft.Has(format.FeatEdgeSetFromVertex) || k == "to" && !ft.Has(format.FeatEdgeSetToVertex)) {
					continue
				}
				wantGids = append(wantGids, n)
			}
			var gids []uint64
			addGid := func(g uint64) { gids = append(gids, g) }
			recordGids(&it, addGid, addGid)
			slices.Sort(gids)
			slices.Sort(wantGids)
			if !slices.Equal(gids, wantGids) {
				t.Errorf("v%d %s: gids %v, the delta holds %v", v, fr.Marker, gids, wantGids)
			}
		}
	}
}

// TestSelectionLimitAcrossFiles: the limit counts the records of every
// file walked through one selection.
func TestSelectionLimitAcrossFiles(t *testing.T) {
	first := 0
	if err := WalkRecords(openExample(t, "wal_v14.bin"), func(Record) error { first++; return nil }); err != nil {
		t.Fatal(err)
	}
	sel := (&RecordFilter{Limit: first + 3}).Select()
	var got []int
	for _, name := range []string{"wal_v14.bin", "wal_v37.bin"} {
		n := 0
		if err := sel.Walk(openExample(t, name), func(Record) error { n++; return nil }); err != nil {
			t.Fatal(err)
		}
		got = append(got, n)
	}
	if !slices.Equal(got, []int{first, 3}) || !sel.Full() || sel.Printed() != first+3 {
		t.Errorf("printed %v (full %v), want [%d 3]", got, sel.Full(), first)
	}
}

// TestSelectionNotices: a filter that selects nothing says what the file
// holds in its terms, as far as it was read.
func TestSelectionNotices(t *testing.T) {
	u := func(v uint64) *uint64 { return &v }
	for _, c := range []struct {
		file string
		rf   RecordFilter
		want string
	}{
		{"wal_v37.bin", RecordFilter{HasTxn: true, TxnFrom: 1000, TxnTo: 1000},
			"the file has 9 complete transactions, 0..8"},
		{"wal_v36_torn.bin", RecordFilter{HasTxn: true, TxnFrom: 100, TxnTo: 100},
			"the file has 8 complete transactions, 0..7, then transaction 8 cut short (read up to the problem reported above)"},
		{"wal_v37.bin", RecordFilter{ToTS: u(1)},
			"its commit timestamps are 2..2 (read up to offset 176, where no later record can match)"},
		{"wal_v37.bin", RecordFilter{FromTS: u(100), Types: map[format.Marker]bool{format.DeltaVertexDelete: true}},
			"its commit timestamps are 2..18; its delta types are VERTEX_CREATE, VERTEX_ADD_LABEL, VERTEX_SET_PROPERTY, EDGE_CREATE, EDGE_SET_PROPERTY, TRANSACTION_END, LABEL_INDEX_CREATE, LABEL_PROPERTIES_INDEX_CREATE, UNIQUE_CONSTRAINT_CREATE, ENUM_CREATE, TRANSACTION_START"},
		{"wal_v37.bin", RecordFilter{Gids: map[uint64]bool{99: true}},
			"its frames are about vertex gids 0..2 and edge gids 0..1"},
		{"snapshot_v37.bin", RecordFilter{Gids: map[uint64]bool{99: true}},
			"its records are about vertex gids 0..2 and edge gids 0..1"},
		{"snapshot_v37.bin", RecordFilter{Labels: map[string]bool{"Nope": true, "name": true}},
			`no label "Nope" in the mapper; "name" (mapper id 0) is on no vertex record`},
		{"snapshot_v37.bin", RecordFilter{EdgeTypes: map[string]bool{"ADMIRES": true}, Gids: map[uint64]bool{2: true}},
			`its records are about vertex gids 0..2 and edge gids 0..1; vertex records carry the edge type "ADMIRES"`},
		{"wal_v37.bin", RecordFilter{Labels: map[string]bool{"Nope": true}},
			`its frames name the labels "Person", "Scientist", "Machine"`},
		{"snapshot_v14.bin", RecordFilter{Sections: map[string]bool{"ttl": true}},
			"its record kinds are header, offsets, edge, vertex, indices, constraints, mapper, epoch_history, metadata"},
	} {
		rf := c.rf
		sel := rf.Select()
		f := openExample(t, c.file)
		err := sel.Walk(f, func(r Record) error { t.Errorf("%s: %+v passes", c.file, r); return nil })
		if err != nil && !errors.Is(err, format.ErrTornTail) {
			t.Fatal(err)
		}
		got := sel.Notices()
		want := []string{f.Path + ": nothing matches the filters; " + c.want}
		if !slices.Equal(got, want) {
			t.Errorf("%s %+v:\n got %q\nwant %q", c.file, c.rf, got, want)
		}
	}
	sel := (&RecordFilter{HasTxn: true, TxnFrom: 2, TxnTo: 2}).Select()
	if err := sel.Walk(openExample(t, "wal_v37.bin"), func(Record) error { return nil }); err != nil || sel.Notices() != nil {
		t.Errorf("a filter that selects something gives notices %q (%v)", sel.Notices(), err)
	}
}

// TestFilterSeesViewsAsRecords: a filter looks at a frame read as a view
// (walkItem.ofFrame) as at the frame built (walkItem.ofRecord): the same
// names, gids, transaction, timestamp and delta type, on the fixture WALs,
// which hold every delta type of their version.
func TestFilterSeesViewsAsRecords(t *testing.T) {
	for _, v := range []format.Version{16, 21, 33, 37} {
		var b bytes.Buffer
		if err := encode.EncodeWAL(&b, golden.FixtureWAL(v)); err != nil {
			t.Fatal(err)
		}
		f := walFile(t, b.Bytes())
		var built []string
		if err := WalkRecords(f, func(r Record) error {
			if r.Kind == "frame" {
				var it walkItem
				it.ofRecord(&r, &walFrame{}, &snapRecord{})
				built = append(built, seenOf(&it))
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		var viewed []string
		if err := walkRecordsTo(f, recordSink{record: func(Record) error { return nil },
			frames: func(ver format.Version, frames []walFrame) error {
				for k := range frames {
					var it walkItem
					it.ofFrame(ver, &frames[k])
					viewed = append(viewed, seenOf(&it))
				}
				return nil
			}, snap: func(format.Version, *snapRecord) error { return nil }}); err != nil {
			t.Fatal(err)
		}
		if len(built) < 20 || !slices.Equal(built, viewed) {
			t.Errorf("v%d: %d frames built, %d viewed:\n%q\n%q", v, len(built), len(viewed), built, viewed)
		}
	}
}

// seenOf is what a filter sees of a frame, in words.
func seenOf(it *walkItem) string {
	var names []string
	add := func(n string) { names = append(names, n) }
	frameNames(it.frame, add, add)
	var gids []uint64
	addGid := func(g uint64) { gids = append(gids, g) }
	recordGids(it, addGid, addGid)
	h := &it.frame.head
	return fmt.Sprintf("@%d %s txn=%d ts=%d %s names=%q gids=%v", it.offset, it.kind, h.Txn, h.Timestamp, h.Marker, names, gids)
}

// walFile opens b, written to a file, as a WAL.
func walFile(t *testing.T, b []byte) *datadir.File {
	p := filepath.Join(t.TempDir(), "wal.bin")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := datadir.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}
