package inspect

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
	"github.com/durascope/durascope/golden/largegen"
)

// dumpInputs are files of every kind the dump meets: the corpus, the
// per-version fixtures and examples (a torn WAL among them), generated
// files of every version, large enough to fill several blocks of the
// pipeline, and of the last version several writes, and generated files
// cut short or with a byte flipped.
func dumpInputs(t *testing.T) []string {
	t.Helper()
	files := golden.CorpusFiles(t)
	for _, pat := range []string{"fixtures/v*/*.bin", "examples/*.bin"} {
		m, _ := filepath.Glob(filepath.Join(golden.TestdataDir(), pat))
		files = append(files, m...)
	}
	dir := t.TempDir()
	for v := format.MinVersion; v <= format.MaxVersion; v++ {
		size := int64(64 << 10)
		if v == format.MaxVersion {
			size = 1 << 20
		}
		var wal, snap golden.MemFile
		if _, err := largegen.WriteWAL(&wal, v, size, uint64(v)); err != nil {
			t.Fatal(err)
		}
		if _, err := largegen.WriteSnapshot(&snap, v, size, &largegen.SnapshotParams{Seed: uint64(v), BatchSize: 500}); err != nil {
			t.Fatal(err)
		}
		for name, b := range map[string][]byte{"wal": wal.Bytes(), "snapshot": snap.Bytes()} {
			variants := map[string][]byte{"": b}
			if v == format.MinVersion || v == format.MaxVersion-1 {
				// Damaged: what the walk stops at, and what it prints
				// before, must not depend on the pipeline either.
				for _, at := range []int{len(b) / 4, len(b) / 2, len(b) * 3 / 4} {
					flipped := append([]byte(nil), b...)
					flipped[at] ^= 0xff
					variants[fmt.Sprintf("_flip%d", at)] = flipped
					variants[fmt.Sprintf("_cut%d", at)] = b[:at]
				}
			}
			for suffix, data := range variants {
				p := filepath.Join(dir, fmt.Sprintf("%s_v%d%s.bin", name, v, suffix))
				if err := os.WriteFile(p, data, 0o644); err != nil {
					t.Fatal(err)
				}
				files = append(files, p)
			}
		}
	}
	return append(files, vectorDumpFiles(t, dir, false)...)
}

// TestDumpIsRecordByRecord: the dumps, pipelined on two cores or not on
// one, print what rendering each record of WalkRecords on its own prints:
// frames as the reflective field printer and fmt print them, JSON lines
// as encoding/json encodes the envelope around the record's value; and
// encoding/json reads every JSON value back to the record's model value.
func TestDumpIsRecordByRecord(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, p := range dumpInputs(t) {
		f, err := datadir.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		wantText, wantErr := referenceText(f)
		wantJSON, wantJSONErr := referenceJSONL(t, f)
		for _, procs := range []int{1, 2} {
			runtime.GOMAXPROCS(procs)
			name := fmt.Sprintf("%s, %d cores", p, procs)
			var text, jsonl bytes.Buffer
			sel := (*RecordFilter)(nil).Select()
			progressed := 0
			opts := &DumpOptions{Selection: sel, Progress: func(int64) { progressed++ }}
			err = WriteTextWith(&text, f, opts)
			if fmt.Sprint(err) != fmt.Sprint(wantErr) || !bytes.Equal(text.Bytes(), wantText) {
				t.Errorf("%s: text dump (%v) differs from the records one by one (%v):\n%s", name, err, wantErr, golden.FirstDifference(wantText, text.Bytes()))
			}
			if lines := bytes.Count(wantText, []byte("\n")); sel.Printed() != lines || progressed != lines/progressEvery {
				t.Errorf("%s: %d records counted, %d progress calls; %d lines", name, sel.Printed(), progressed, lines)
			}
			err = WriteJSONLWith(&jsonl, f, nil)
			if fmt.Sprint(err) != fmt.Sprint(wantJSONErr) || !bytes.Equal(jsonl.Bytes(), wantJSON) {
				t.Errorf("%s: JSONL dump (%v) differs from the records one by one (%v):\n%s", name, err, wantJSONErr, golden.FirstDifference(wantJSON, jsonl.Bytes()))
			}
		}
		f.Close()
	}
}

// referenceText renders the records of f one at a time, frames and the
// edge-indices section through reflection (AppendDeltaFields,
// appendFields) and fmt.
func referenceText(f *datadir.File) ([]byte, error) {
	var out bytes.Buffer
	t := &textDump{out: dumpOut{w: &out}, names: newMappedNames(nil)}
	if s, err := f.Snapshot(); err == nil {
		if m, err := s.Mapper(); err == nil {
			t.names = newMappedNames(graph.ResolveMapper(m).Names())
		}
		if list, err := s.Enums(); err == nil {
			t.enums = graph.EnumTable(list)
		}
	}
	err := WalkRecords(f, func(r Record) error {
		if fr, ok := r.Value.(format.Frame); ok {
			fmt.Fprintf(&out, "@%d txn=%d ts=%d %s%s\n", r.Offset, r.Txn, r.Timestamp, fr.Marker,
				AppendDeltaFields(nil, fr.Delta, format.FeaturesOf(r.Version)))
			return nil
		}
		if _, ok := r.Value.(format.EdgeIndices); ok {
			out.Write(referenceEdgeIndicesText(r, format.FeaturesOf(r.Version)))
			return nil
		}
		if err := t.record(r); err != nil {
			return err
		}
		return t.out.flush()
	})
	return out.Bytes(), err
}

// referenceJSONL encodes each record of f as a jsonRecord with
// encoding/json, and checks that encoding/json reads its value back as
// the JSON encoding/json writes for the model value.
func referenceJSONL(t *testing.T, f *datadir.File) ([]byte, error) {
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	err := WalkRecords(f, func(r Record) error {
		line := jsonRecord{Record: r.Kind, Offset: r.Offset, Partial: r.Partial}
		value := r.Value
		if fr, ok := r.Value.(format.Frame); ok {
			txn, ts := r.Txn, r.Timestamp
			line.Txn, line.Timestamp, line.Type, line.Size, value = &txn, &ts, fr.Marker.String(), fr.Size, fr.Delta
		}
		v, err := format.AppendJSON(nil, value)
		if err != nil {
			return err
		}
		if r.Kind != "header" { // a WAL header's gap is hex, not encoding/json's base64
			independent, err := json.Marshal(value)
			if err != nil {
				return err
			}
			var a, b any
			if json.Unmarshal(v, &a) != nil || json.Unmarshal(independent, &b) != nil || !sameJSON(a, b) {
				t.Errorf("%s @%d: value %s reads back unlike encoding/json's %s", f.Path, r.Offset, v, independent)
			}
		}
		line.Value = v
		return enc.Encode(line)
	})
	return out.Bytes(), err
}

// sameJSON compares decoded JSON, where encoding/json's null for a nil
// slice stands for the dump's [].
func sameJSON(a, b any) bool {
	switch x := a.(type) {
	case []any:
		y, ok := b.([]any)
		if b == nil {
			return len(x) == 0
		}
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !sameJSON(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			if w, ok := y[k]; !ok || !sameJSON(v, w) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a, b)
}

// TestDeltaTextIsReflective: the deltas printed without reflection print
// as appendFields prints them by reflection, in every version (fields
// their features lack left out), unknown gids, absent values and quoted
// strings included.
func TestDeltaTextIsReflective(t *testing.T) {
	strs := []string{"", "plain", `q"uote`, `back\slash`, "tab\t", "\x7f", "caf\u00e9", "\xff"}
	values := []format.Value{nil, format.Null{}, format.Int(-3), format.Double(0.1), format.String("s\n\""),
		format.List{format.Int(1), nil}, format.Map{{Key: "k`", Value: format.Bool(true)}}, format.Enum{TypeID: 1, ValueID: 2}}
	gids := []uint64{0, 42, format.UnknownGid}
	var deltas []format.Delta
	for i, s := range strs {
		g, v := gids[i%len(gids)], values[i%len(values)]
		deltas = append(deltas, format.VertexDelta{Gid: g}, format.LabelDelta{Gid: g, Label: s},
			format.VertexPropertyDelta{Gid: g, Property: s, Value: v},
			format.EdgeDelta{Gid: g, EdgeType: s, From: gids[(i+1)%len(gids)], To: g},
			format.EdgePropertyDelta{Gid: g, Property: s, Value: v, From: g, To: gids[(i+2)%len(gids)], EdgeType: s},
			format.TxnStart{Commit: i%2 == 1, AccessType: g}, format.TxnEnd{CRC: uint32(i * 0x9e3779b9)})
	}
	kinds := map[reflect.Type]bool{}
	for v := format.MinVersion; v <= format.MaxVersion; v++ {
		ft := format.FeaturesOf(v)
		for _, d := range deltas {
			kinds[reflect.TypeOf(d)] = true
			fast, ok := appendDeltaText([]byte("x"), d, ft)
			if !ok {
				t.Fatalf("%T is not printed without reflection", d)
			}
			if slow := appendFields([]byte("x"), reflect.ValueOf(d), ft); !bytes.Equal(fast, slow) {
				t.Errorf("v%d %#v:\n fast %s\n want %s", v, d, fast, slow)
			}
		}
	}
	if len(kinds) != 7 {
		t.Errorf("%d delta types tested, want the 7 appendDeltaText prints", len(kinds))
	}
	if _, ok := appendDeltaText(nil, format.LabelOnlyDelta{Label: "L"}, format.FeaturesOf(format.MaxVersion)); ok {
		t.Error("a delta type without its own printer was printed by appendDeltaText")
	}
}

// TestDeltaJSONIsReflective: the JSONL dump writes the deltas it holds as
// fields (views or built) as format.AppendJSON writes them by reflection,
// for values of every kind, escapes, unknown gids and nil lists included.
func TestDeltaJSONIsReflective(t *testing.T) {
	strs := []string{"", "plain", `q"uote`, "<&>", "tab\tline\n", "\xff invalid", "caf\u00e9", "\u2028"}
	values := []format.Value{nil, format.Null{}, format.Bool(true), format.Int(math.MinInt64), format.Double(math.NaN()),
		format.Double(math.Copysign(0, -1)), format.String("s<"), format.List{format.Int(1), nil}, format.List{},
		format.Map{{Key: "k", Value: format.Double(2)}}, format.Temporal{Type: format.TemporalDate, Micros: 5},
		format.ZonedTemporal{Micros: 1, ZoneIsName: true, ZoneName: "Z"}, format.ZonedTemporal{Micros: -1, OffsetMinutes: 90},
		format.Enum{TypeID: 1, ValueID: 2}, format.Point2D{SRID: 4326, X: 1, Y: 2}, format.Point3D{SRID: 9757, X: 1, Y: 2, Z: 3},
		format.VectorIndexID{Indexes: []string{"i"}, Vector: []float64{1}}}
	gids := []uint64{0, 7, format.UnknownGid, math.MaxInt64 + 1}
	var deltas []format.Delta
	for i, s := range strs {
		g := gids[i%len(gids)]
		deltas = append(deltas, format.VertexDelta{Gid: g}, format.LabelDelta{Gid: g, Label: s},
			format.EdgeDelta{Gid: g, EdgeType: s, From: gids[(i+1)%len(gids)], To: g},
			format.TxnStart{Commit: i%2 == 0, AccessType: g}, format.TxnEnd{CRC: uint32(g)})
	}
	for i, v := range values {
		g, s := gids[i%len(gids)], strs[i%len(strs)]
		deltas = append(deltas, format.VertexPropertyDelta{Gid: g, Property: s, Value: v},
			format.EdgePropertyDelta{Gid: g, Property: s, Value: v, From: 3, To: format.UnknownGid, EdgeType: s})
	}
	var j jsonDump
	kinds := map[reflect.Type]bool{}
	for _, d := range deltas {
		kinds[reflect.TypeOf(d)] = true
		f, ok := fieldsOfDelta(d)
		if !ok {
			t.Fatalf("%T is not held as fields", d)
		}
		got, err := j.appendFields([]byte("x"), &f)
		want, wantErr := format.AppendJSON([]byte("x"), d)
		if err != nil || wantErr != nil || !bytes.Equal(got, want) {
			t.Errorf("%#v:\n got  %s (%v)\n want %s (%v)", d, got, err, want, wantErr)
		}
	}
	if len(kinds) != 7 {
		t.Errorf("%d delta types tested, want the 7 deltaFields holds", len(kinds))
	}
}

// TestAppendQuotedIsQuote: the quoting fast path writes what
// strconv.AppendQuote writes, for every byte alone and among others.
func TestAppendQuotedIsQuote(t *testing.T) {
	strs := []string{"", "plain words", `"`, `\`, "caf\u00e9", "\u2028", "\U0001F600", "\xe2\x82", "a\x00b"}
	for c := range 256 {
		strs = append(strs, string([]byte{byte(c)}), "ab"+string([]byte{byte(c)})+"cd")
	}
	for _, s := range strs {
		if got, want := appendQuoted([]byte("x"), s), strconv.AppendQuote([]byte("x"), s); !bytes.Equal(got, want) {
			t.Errorf("appendQuoted(%q) = %s, want %s", s, got, want)
		}
	}
}

// failAfter is a writer that fails once it has taken n bytes.
type failAfter struct{ n int }

var errWriterFull = errors.New("writer full")

func (w *failAfter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		return w.n, errWriterFull
	}
	w.n -= len(p)
	return len(p), nil
}

// TestDumpStopsOnWriteError: a writer that fails stops the dump with its
// error, on one core and on two, where the goroutine reading the file
// ends too.
func TestDumpStopsOnWriteError(t *testing.T) {
	var wal golden.MemFile
	if _, err := largegen.WriteWAL(&wal, format.MaxVersion, 4<<20, 1); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "wal.bin")
	if err := os.WriteFile(p, wal.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, procs := range []int{1, 2} {
		runtime.GOMAXPROCS(procs)
		before := runtime.NumGoroutine()
		for _, write := range []func(w *failAfter, f *datadir.File) error{
			func(w *failAfter, f *datadir.File) error { return WriteTextWith(w, f, nil) },
			func(w *failAfter, f *datadir.File) error { return WriteJSONLWith(w, f, nil) },
		} {
			f, err := datadir.Open(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := write(&failAfter{n: 1 << 20}, f); !errors.Is(err, errWriterFull) {
				t.Errorf("%d cores: the dump returned %v, not the writer's error", procs, err)
			}
			f.Close()
		}
		deadline := time.Now().Add(5 * time.Second)
		for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if n := runtime.NumGoroutine(); n > before {
			t.Errorf("%d cores: %d goroutines after the dumps, %d before", procs, n, before)
		}
	}
}

// TestPipelinedOrder: the pipeline hands every record, frame, edge and
// vertex on in the order the walk emitted them, whatever the count (block
// boundaries), and the walk's error after them.
func TestPipelinedOrder(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	runtime.GOMAXPROCS(2)
	walkErr := errors.New("walk error")
	for _, n := range []int{0, 1, blockItems - 1, blockItems, blockItems + 1, 3*blockItems + 1} {
		walk := func(s recordSink) error {
			for i := range n {
				var err error
				switch i % 4 {
				case 0:
					// A run of a frame whose value's bytes are its offset's.
					fr := walFrame{head: decode.FrameHead{Offset: int64(i)}}
					fr.fields.val = []byte{byte(i), byte(i >> 8)}
					err = s.frames(37, []walFrame{fr})
				case 1:
					err = s.snap(37, &snapRecord{offset: uint64(i), props: []snapProp{{id: uint64(i)}}})
				case 2:
					err = s.snap(37, &snapRecord{vertex: true, offset: uint64(i), labels: []uint64{uint64(i)},
						in: []format.EdgeRef{{Edge: uint64(i)}}, vals: []byte{byte(i)}})
				default:
					err = s.record(Record{Offset: int64(i), Version: 37})
				}
				if err != nil {
					return err
				}
			}
			return walkErr
		}
		var got []int64
		seen := func(off int64, v format.Version) error {
			if v != 37 {
				t.Errorf("record %d came with version %d", off, v)
			}
			got = append(got, off)
			return nil
		}
		err := pipelined(walk, recordSink{
			record: func(r Record) error { return seen(r.Offset, r.Version) },
			frames: func(v format.Version, frames []walFrame) error {
				for _, fr := range frames {
					b, off := fr.fields.val, fr.head.Offset
					if len(b) != 2 || int64(b[0])|int64(b[1])<<8 != off {
						t.Errorf("frame %d came with value bytes %v", off, b)
					}
					if err := seen(off, v); err != nil {
						return err
					}
				}
				return nil
			},
			snap: func(v format.Version, r *snapRecord) error {
				// Each record comes with its own slices.
				i := r.offset
				if r.vertex && (len(r.labels) != 1 || r.labels[0] != i || len(r.in) != 1 || r.in[0].Edge != i ||
					len(r.out) != 0 || len(r.vals) != 1 || r.vals[0] != byte(i)) ||
					!r.vertex && (len(r.props) != 1 || r.props[0].id != i || len(r.labels) != 0) {
					t.Errorf("record %d came as %+v", i, r)
				}
				return seen(int64(i), v)
			},
		})
		if err != walkErr {
			t.Errorf("%d records: error %v, want the walk's", n, err)
		}
		if len(got) != n {
			t.Errorf("%d records emitted, %d handed on", n, len(got))
		}
		for i, off := range got {
			if off != int64(i) {
				t.Errorf("%d records: record %d handed on as number %d", n, off, i)
				break
			}
		}
	}
}
