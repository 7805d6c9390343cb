package graph

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
)

// fileValues are values of every type a file holds, nested and at the
// edges of the encoding: what a snapshot load puts into records.
func fileValues() []format.Value {
	long := format.String(strings.Repeat("y", arenaLarge+10))
	return []format.Value{
		format.Null{}, format.Bool(true), format.Bool(false), format.Int(0), format.Int(-1), format.Int(math.MinInt64),
		format.Int(math.MaxInt64), format.Double(math.Copysign(0, -1)), format.Double(math.Float64frombits(0x7ff8000000000123)),
		format.String(""), format.String("héllo"), long,
		format.List{}, format.List{format.Int(1), format.List{format.String("a"), format.Null{}}, format.Map{}},
		format.Map{}, format.Map{{Key: "k", Value: format.Double(2.5)}, {Key: "", Value: format.List{format.Bool(true)}}},
		format.Temporal{Type: format.TemporalDate, Micros: -86400000000}, format.Temporal{Type: format.TemporalDuration, Micros: 7},
		format.ZonedTemporal{Micros: 5, ZoneIsName: true, ZoneName: "Europe/Zagreb"}, format.ZonedTemporal{Micros: -5, OffsetMinutes: -90},
		format.Enum{TypeID: 0, ValueID: 1}, format.Point2D{SRID: 7203, X: 1, Y: -2}, format.Point3D{SRID: 9157, X: 1, Y: 2, Z: math.Inf(1)},
		format.VectorIndexID{Indexes: []string{"vi"}, Vector: []float64{1, 2.5}},
		format.List{format.Enum{TypeID: 0, ValueID: 0}, format.Point2D{SRID: 4326, X: 3, Y: 4}, format.ZonedTemporal{Micros: 1, ZoneIsName: true, ZoneName: "UTC"}},
	}
}

// The records a snapshot load builds, values handed over part by part
// (decode.ValueVisitor), are byte for byte the records appendProps makes of
// the decoded values; properties out of id order (which go through
// appendProps) come out sorted, the later of two with one id winning.
func TestLoadedRecords(t *testing.T) {
	vals := fileValues()
	names := []format.MapperEntry{{ID: 0, Name: "L"}, {ID: 1, Name: "T"}}
	for i := range vals {
		names = append(names, format.MapperEntry{ID: uint64(2 + i), Name: "p" + string(rune('a'+i))})
	}
	var f golden.MemFile
	sw, err := encode.NewSnapshotWriter(&f, format.MaxVersion, &encode.SnapshotOptions{BatchSize: 3})
	if err != nil {
		t.Fatal(err)
	}
	type props = []format.Property
	var vertices []props
	for i := range vals {
		// One value alone, all values ascending from it, and a descending
		// pair with a repeated id.
		k := (i + 1) % len(vals)
		vertices = append(vertices, props{{ID: uint64(2 + i), Value: vals[i]}})
		var all props
		for j := i; j < len(vals); j++ {
			all = append(all, format.Property{ID: uint64(2 + j), Value: vals[j]})
		}
		vertices = append(vertices, all, props{{ID: uint64(2 + k), Value: vals[k]}, {ID: 2, Value: vals[i]}, {ID: uint64(2 + k), Value: vals[i]}})
	}
	for i := range vertices {
		e := format.EdgeRecord{Gid: uint64(i), Properties: vertices[len(vertices)-1-i]}
		if err := sw.WriteEdge(e); err != nil {
			t.Fatal(err)
		}
	}
	for i, ps := range vertices {
		r := format.VertexRecord{Gid: uint64(i), Labels: []uint64{0}, Properties: ps,
			OutEdges: []format.EdgeRef{{Edge: uint64(i), Other: uint64(len(vertices) - 1 - i), Type: 1}},
			InEdges:  []format.EdgeRef{{Edge: uint64(len(vertices) - 1 - i), Other: uint64(len(vertices) - 1 - i), Type: 1}}}
		if err := sw.WriteVertex(r); err != nil {
			t.Fatal(err)
		}
	}
	m := &format.Snapshot{Version: format.MaxVersion, Mapper: names, Enums: []format.EnumType{{Name: "E", Values: []string{"a", "b"}}},
		Metadata: format.SnapshotMetadata{UUID: "u", Epoch: "e", EdgeCount: uint64(len(vertices)), VertexCount: uint64(len(vertices))}}
	if err := sw.Finish(m); err != nil {
		t.Fatal(err)
	}
	data := f.Bytes()
	for _, threads := range []int{1, 3} {
		snap, err := decode.OpenSnapshot(bytes.NewReader(data), int64(len(data)), "s")
		if err != nil {
			t.Fatal(err)
		}
		g, err := LoadSnapshotWith(snap, LoadOptions{Threads: threads})
		if err != nil {
			t.Fatal(err)
		}
		record := func(prefix []byte, ps props) string {
			var ids []int
			var values []format.Value
			for _, p := range ps {
				id, _ := g.NameID(names[p.ID].Name)
				ids, values = append(ids, id), append(values, p.Value)
			}
			return string(appendProps(prefix, ids, values))
		}
		label, _ := g.NameID("L")
		typ, _ := g.NameID("T")
		for i, ps := range vertices {
			v := g.Vertex(uint64(i))
			if want := record([]byte{1, byte(label)}, ps); g.recs.str(v.rec) != want {
				t.Fatalf("%d threads: vertex %d: record %x, want %x", threads, i, g.recs.str(v.rec), want)
			}
			e := g.Edge(uint64(i))
			if want := record([]byte{byte(typ)}, vertices[len(vertices)-1-i]); g.recs.str(e.rec) != want {
				t.Fatalf("%d threads: edge %d: record %x, want %x", threads, i, g.recs.str(e.rec), want)
			}
			var out, in []uint64
			for e := range g.Out(v) {
				out = append(out, e.Gid)
			}
			for e := range g.In(v) {
				in = append(in, e.Gid)
			}
			if from, to := g.Ends(e); len(out) != 1 || out[0] != uint64(i) || len(in) != 1 || in[0] != uint64(len(vertices)-1-i) ||
				from.Gid != uint64(i) || to.Gid != uint64(len(vertices)-1-i) {
				t.Fatalf("%d threads: vertex %d: out-edges %v, in-edges %v; edge %d goes %d -> %d", threads, i, out, in, i, from.Gid, to.Gid)
			}
		}
	}
}

// Connectivity fails as Memgraph's loader does once every vertex is
// loaded: vertex errors of later batches first, then the first out-edge
// in vertex order that points to a missing vertex or has a type the
// mapper lacks (the missing vertex first for the same edge).
func TestConnectivityErrorOrder(t *testing.T) {
	const n = 12
	type out struct { // an out-edge of vertex from
		from    int
		to, typ uint64
	}
	build := func(outs []out, badLabel int) []byte {
		var f golden.MemFile
		sw, err := encode.NewSnapshotWriter(&f, format.MaxVersion, &encode.SnapshotOptions{BatchSize: 3})
		if err != nil {
			t.Fatal(err)
		}
		for i := range outs {
			if err := sw.WriteEdge(format.EdgeRecord{Gid: uint64(i)}); err != nil {
				t.Fatal(err)
			}
		}
		for i := range n {
			r := format.VertexRecord{Gid: uint64(i), Labels: []uint64{0}}
			if i == badLabel {
				r.Labels = []uint64{77}
			}
			for k, o := range outs {
				if o.from == i {
					r.OutEdges = append(r.OutEdges, format.EdgeRef{Edge: uint64(k), Other: o.to, Type: o.typ})
				}
			}
			if err := sw.WriteVertex(r); err != nil {
				t.Fatal(err)
			}
		}
		m := &format.Snapshot{Version: format.MaxVersion, Mapper: []format.MapperEntry{{ID: 0, Name: "L"}, {ID: 1, Name: "T"}},
			Metadata: format.SnapshotMetadata{UUID: "u", Epoch: "e", EdgeCount: uint64(len(outs)), VertexCount: n}}
		if err := sw.Finish(m); err != nil {
			t.Fatal(err)
		}
		return f.Bytes()
	}
	for _, c := range []struct {
		name     string
		outs     []out
		badLabel int
		want     string
		// at is the vertex whose record a missing target's error points
		// to (its from-vertex), -1 for none.
		at int
	}{
		{"loads", []out{{from: 0, to: 11, typ: 1}, {from: 11, to: 0, typ: 1}, {from: 5, to: 5, typ: 1}}, -1, "", -1},
		{"a later vertex's label before an earlier edge's type", []out{{from: 1, to: 2, typ: 9}}, 10, "id 77 is not in the mapper", -1},
		{"a later vertex's label before an earlier edge's target", []out{{from: 1, to: 99, typ: 1}}, 10, "id 77 is not in the mapper", -1},
		{"a missing target before a later type", []out{{from: 1, to: 99, typ: 1}, {from: 4, to: 2, typ: 9}}, -1, "vertex 1 has an out-edge 0 to missing vertex 99", 1},
		{"a missing target after an earlier type", []out{{from: 1, to: 2, typ: 9}, {from: 4, to: 99, typ: 1}}, -1, "id 9 is not in the mapper", -1},
		{"a missing target and a type of one edge", []out{{from: 0, to: 1, typ: 1}, {from: 3, to: 99, typ: 9}}, -1, "vertex 3 has an out-edge 1 to missing vertex 99", 3},
		{"a missing target in a later batch than its edge", []out{{from: 0, to: 10, typ: 1}, {from: 2, to: 100, typ: 1}}, -1, "vertex 2 has an out-edge 1 to missing vertex 100", 2},
		{"a missing target of a later batch's vertex", []out{{from: 0, to: 10, typ: 1}, {from: 7, to: 100, typ: 1}}, -1, "vertex 7 has an out-edge 1 to missing vertex 100", 7},
	} {
		data := build(c.outs, c.badLabel)
		for _, threads := range []int{1, 2} {
			snap, err := decode.OpenSnapshot(bytes.NewReader(data), int64(len(data)), "s")
			if err != nil {
				t.Fatal(err)
			}
			_, err = LoadSnapshotWith(snap, LoadOptions{Threads: threads})
			switch {
			case c.want == "" && err != nil:
				t.Errorf("%s, %d threads: %v", c.name, threads, err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Errorf("%s, %d threads: got %v, want %q", c.name, threads, err, c.want)
			case c.at >= 0:
				var de *format.DecodeError
				if !errors.As(err, &de) || de.Offset != recordAt(t, snap, uint64(c.at)) {
					t.Errorf("%s, %d threads: %v, not at the record of vertex %d (offset %d)", c.name, threads, err, c.at, recordAt(t, snap, uint64(c.at)))
				}
			}
		}
	}
}

// recordAt is where the record of vertex gid starts in snap.
func recordAt(t *testing.T, snap *decode.Snapshot, gid uint64) int64 {
	at := int64(-1)
	if err := snap.ScanVertices(func(v *decode.VertexView) error {
		if v.Gid == gid {
			at = int64(v.Offset)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return at
}

// constraintKindAt, read from a record's tags, is ConstraintKind of the
// decoded value, for values of every type; values finds where each
// property's value is, in one pass, and -1 for those not set.
func TestPropsConstraintKind(t *testing.T) {
	vals := append(fileValues(), format.Temporal{Type: format.TemporalLocalTime}, format.Temporal{Type: format.TemporalLocalDateTime},
		format.Temporal{Type: 9})
	for _, v := range vals {
		rec := appendValue(binary0(), v)
		second := len(rec) + 1
		p := Props{string(appendValue(append(rec, 2), v))} // v as properties 0 and 2
		at := make([]int, 4)
		p.values([]int{0, 1, 2, 3}, at)
		if want := []int{1, -1, second, -1}; !slices.Equal(at, want) {
			t.Fatalf("%#v: values at %v, want %v", v, at, want)
		}
		wantKind, wantOK := ConstraintKind(v)
		for _, i := range []int{at[0], at[2]} {
			if kind, ok := p.constraintKindAt(i); kind != wantKind || ok != wantOK {
				t.Errorf("%#v at %d: kind %d %v, want %d %v", v, i, kind, ok, wantKind, wantOK)
			}
		}
		p.values([]int{2}, at)
		if at[0] != second {
			t.Errorf("%#v: property 2 alone at %d, want %d", v, at[0], second)
		}
	}
}

// binary0 is the record encoding of property id 0, for a value to follow.
func binary0() []byte { return []byte{0} }

// The unique check compares tuples whose hashes collide: Ints above 2^53
// hash as their float64 value, so 2^53 and 2^53+1 share a hash, unequal.
func TestUniqueViolationCollisions(t *testing.T) {
	big := format.Int(1 << 53)
	for _, c := range []struct {
		vals []format.Value
		dup  string
	}{
		{[]format.Value{big + 1, big}, ""},
		{[]format.Value{big + 1, big, big}, "vertices 1 and 2"},
		{[]format.Value{big, big + 1, format.Double(1 << 53)}, "vertices 0 and 2"},
		{[]format.Value{big, big + 1, big + 1}, "vertices 1 and 2"},
		{[]format.Value{big + 1, format.String("x"), big, format.Int(3), big + 1}, "vertices 0 and 4"},
	} {
		checkUnique(t, fmt.Sprint(c.vals), len(c.vals), func(gid int) format.Value { return c.vals[gid] }, c.dup)
	}
}

// checkUnique checks the unique constraint on :L(p) over vertices 0 to
// n-1, each of label L with p = value(gid): CheckConstraints reports a
// violation whose detail starts with dup, or none when dup is "".
func checkUnique(t *testing.T, name string, n int, value func(gid int) format.Value, dup string) {
	t.Helper()
	g := New()
	f := format.FeaturesOf(format.MaxVersion)
	apply := func(fr format.Frame) {
		if err := g.Apply(fr, f); err != nil {
			t.Fatal(err)
		}
	}
	for gid := range n {
		apply(format.Frame{Marker: format.DeltaVertexCreate, Delta: format.VertexDelta{Gid: uint64(gid)}})
		apply(format.Frame{Marker: format.DeltaVertexAddLabel, Delta: format.LabelDelta{Gid: uint64(gid), Label: "L"}})
		apply(format.Frame{Marker: format.DeltaVertexSetProperty, Delta: format.VertexPropertyDelta{Gid: uint64(gid), Property: "p", Value: value(gid)}})
	}
	apply(format.Frame{Marker: format.DeltaUniqueConstraintCreate, Delta: format.UniqueConstraintDelta{Label: "L", Properties: []string{"p"}}})
	err := g.CheckConstraints()
	switch {
	case dup == "" && err != nil:
		t.Errorf("%s: %v", name, err)
	case dup != "" && (err == nil || !strings.HasPrefix(err.Detail, dup)):
		t.Errorf("%s: got %v, want %s", name, err, dup)
	}
}

// CheckConstraints reports the violation Memgraph's order finds first:
// existence constraints, then unique, then type constraints (each kind
// sorted), each over the vertices in gid order, whatever vertex breaks a
// later constraint earlier.
func TestCheckConstraintsOrder(t *testing.T) {
	f := format.FeaturesOf(format.MaxVersion)
	type vertex struct {
		labels []string
		props  map[string]format.Value
	}
	build := func(vs []vertex, schema ...format.Frame) *ConstraintError {
		g := New()
		apply := func(fr format.Frame) {
			if err := g.Apply(fr, f); err != nil {
				t.Fatal(err)
			}
		}
		for gid, v := range vs {
			apply(format.Frame{Marker: format.DeltaVertexCreate, Delta: format.VertexDelta{Gid: uint64(gid)}})
			for _, l := range v.labels {
				apply(format.Frame{Marker: format.DeltaVertexAddLabel, Delta: format.LabelDelta{Gid: uint64(gid), Label: l}})
			}
			for _, p := range []string{"a", "b"} {
				if val, ok := v.props[p]; ok {
					apply(format.Frame{Marker: format.DeltaVertexSetProperty, Delta: format.VertexPropertyDelta{Gid: uint64(gid), Property: p, Value: val}})
				}
			}
		}
		for _, fr := range schema {
			apply(fr)
		}
		return g.CheckConstraints()
	}
	exists := func(label, prop string) format.Frame {
		return format.Frame{Marker: format.DeltaExistenceConstraintCreate, Delta: format.LabelPropertyDelta{Label: label, Property: prop}}
	}
	unique := func(label, prop string) format.Frame {
		return format.Frame{Marker: format.DeltaUniqueConstraintCreate, Delta: format.UniqueConstraintDelta{Label: label, Properties: []string{prop}}}
	}
	typed := func(label, prop string, kind uint64) format.Frame {
		return format.Frame{Marker: format.DeltaTypeConstraintCreate, Delta: format.TypeConstraintDelta{Label: label, Property: prop, Kind: kind}}
	}
	one := format.Int(1)
	vs := []vertex{
		{[]string{"L"}, map[string]format.Value{"a": format.String("s"), "b": one}},              // 0: a is not an INTEGER
		{[]string{"L", "M"}, map[string]format.Value{"a": one, "b": one}},                        // 1
		{[]string{"M", "L"}, map[string]format.Value{"a": format.Double(1), "b": format.Int(2)}}, // 2: a equals 1's
		{[]string{"L"}, map[string]format.Value{"b": one}},                                       // 3: no a
		{[]string{"M"}, map[string]format.Value{"a": one}},                                       // 4: no b
	}
	for _, c := range []struct {
		name   string
		schema []format.Frame
		want   string
	}{
		{"existence first", []format.Frame{typed("L", "a", 2), unique("L", "a"), exists("L", "a")}, "vertex 3 (:L) has no property a"},
		{"existence constraints sorted", []format.Frame{exists("M", "b"), exists("L", "a")}, "vertex 3 (:L) has no property a"},
		{"unique before type", []format.Frame{typed("L", "a", 2), unique("L", "a")}, "vertices 1 and 2 (:L) have equal a"},
		{"type", []format.Frame{typed("L", "a", 2), unique("M", "b")}, "vertex 0 (:L) has a string property a"},
		{"labels in any order", []format.Frame{unique("M", "a")}, "vertices 1 and 2 (:M) have equal a"},
		{"none", []format.Frame{unique("L", "b"), exists("M", "a")}, "vertices 0 and 1 (:L) have equal b"},
		{"holds", []format.Frame{exists("M", "a"), typed("M", "b", 2)}, ""},
	} {
		err := build(vs, c.schema...)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.HasPrefix(err.Detail, c.want)):
			t.Errorf("%s: got %v, want %s", c.name, err, c.want)
		}
	}
}

// A replay error names the transaction as the decoder numbers it (its
// index, from 0), also a transaction of one frame: before TRANSACTION_END
// closed metadata deltas (format 16), a metadata delta was a transaction
// of its own.
func TestReplayErrorTransactionNumber(t *testing.T) {
	var b bytes.Buffer
	w, err := encode.NewWALWriter(&b, format.WALHeader{Version: 14, UUID: strings.Repeat("u", 36), Epoch: strings.Repeat("e", 36)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	index := format.Frame{Marker: format.DeltaLabelIndexCreate, Delta: format.LabelOnlyDelta{Label: "L"}}
	for ts, txn := range []format.Txn{
		{Commit: true, Data: []format.Frame{{Marker: format.DeltaVertexCreate, Delta: format.VertexDelta{Gid: 1}}}},
		{Commit: true, Metadata: []format.Frame{index}},
		{Commit: true, Metadata: []format.Frame{index}}, // transaction #2: the index exists
	} {
		txn.Timestamp = uint64(10 + ts)
		if err := w.WriteTxn(txn); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	wal, err := decode.OpenWAL(bytes.NewReader(b.Bytes()), int64(b.Len()), "w")
	if err != nil {
		t.Fatal(err)
	}
	_, err = New().ReplayWAL(wal, 0)
	if err == nil || !strings.Contains(err.Error(), "LABEL_INDEX_CREATE in transaction #2") {
		t.Fatalf("got %v", err)
	}
}

// firstByHash keeps the first slot put with each hash through its growth,
// hashes sharing their low bits (one probe sequence) or their high ones
// apart.
func TestFirstByHash(t *testing.T) {
	var tab firstByHash
	hash := func(i int) uint64 {
		switch i % 3 {
		case 0:
			return uint64(i) << 40 // low bits all 0
		case 1:
			return 7<<32 | uint64(i) // high bits alike
		}
		return Mix64(uint64(i))
	}
	const n = 5000
	for i := range n {
		if _, taken := tab.putFirst(hash(i), uint32(i)); taken {
			t.Fatalf("hash %d taken before it was put", i)
		}
	}
	for i := range n {
		if first, taken := tab.putFirst(hash(i), uint32(n+i)); !taken || first != uint32(i) {
			t.Fatalf("hash %d: first %d (taken %v), want %d", i, first, taken, i)
		}
	}
	if tab.n != n {
		t.Errorf("%d hashes held, want %d", tab.n, n)
	}
}

// edgeTypes keeps each edge's type by gid in as few bytes as the names
// need, the gids past its table in a map, and keeps every type set when
// one outgrows the table's width.
func TestEdgeTypes(t *testing.T) {
	for _, c := range []struct {
		names int
		types []int // of gids 0, 1, ...
		width int   // bytes a type in the end
	}{
		{10, []int{0, 3, 255}, 1},
		{300, []int{0, 299, 65535}, 2},
		{70000, []int{0, 69999, 1 << 20}, 4},
		{10, []int{1, 2, 256, 3}, 4},          // a type past the names widens the table
		{300, []int{1, 2, 1 << 16, 65535}, 4}, // also from two bytes
	} {
		tab := newEdgeTypes(c.names, len(c.types)) // gids past them in the map
		for gid, typ := range c.types {
			tab.set(uint64(gid), typ)
		}
		tab.set(1<<40, 7)
		for gid, typ := range c.types {
			if got := tab.get(uint64(gid)); got != uint64(typ) {
				t.Errorf("%d names, types %v: gid %d has type %d", c.names, c.types, gid, got)
			}
		}
		if got := tab.get(1 << 40); got != 7 {
			t.Errorf("%d names, types %v: gid 2^40 has type %d", c.names, c.types, got)
		}
		width := 0
		switch {
		case tab.byte1 != nil:
			width = 1
		case tab.byte2 != nil:
			width = 2
		case tab.byte4 != nil:
			width = 4
		}
		if width != c.width {
			t.Errorf("%d names, types %v: %d bytes a type, want %d", c.names, c.types, width, c.width)
		}
	}
}

// A load's readers start their record chunks at huge-page size for a file
// of half a gigabyte or more, and leave smaller loads to the arena's own
// growth, whose last chunk leaves less unused.
func TestLoadChunk(t *testing.T) {
	for _, c := range []struct {
		size int64
		want int
	}{
		{0, 0}, {64 << 20, 0}, {512<<20 - 128, 0}, {512 << 20, hugeMin}, {600 << 20, 600 << 20 / 128}, {1 << 30, arenaMaxChunk}, {1 << 40, arenaMaxChunk},
	} {
		if got := loadChunk(c.size); got != c.want {
			t.Errorf("loadChunk(%d) = %d, want %d", c.size, got, c.want)
		}
	}
}

// CheckConstraints finds the vertices of a constrained label whatever its
// id: one byte or more, alone on a vertex or beside others.
func TestCheckConstraintsLabelIDs(t *testing.T) {
	f := format.FeaturesOf(format.MaxVersion)
	for _, c := range []struct {
		names  int      // names the mapper holds before the constrained label
		labels []string // of the vertex breaking the constraint
	}{
		{0, []string{"C"}}, {0, []string{"x0", "C"}}, {200, []string{"C"}}, {200, []string{"x1", "C"}}, {200, []string{"C", "x1"}},
	} {
		g := New()
		apply := func(fr format.Frame) {
			if err := g.Apply(fr, f); err != nil {
				t.Fatal(err)
			}
		}
		for i := range c.names {
			g.names.id(fmt.Sprintf("x%d", i))
		}
		apply(format.Frame{Marker: format.DeltaVertexCreate, Delta: format.VertexDelta{Gid: 0}})
		for _, l := range c.labels {
			apply(format.Frame{Marker: format.DeltaVertexAddLabel, Delta: format.LabelDelta{Gid: 0, Label: l}})
		}
		apply(format.Frame{Marker: format.DeltaExistenceConstraintCreate, Delta: format.LabelPropertyDelta{Label: "C", Property: "p"}})
		if id, _ := g.NameID("C"); (id >= 0x80) != (c.names >= 0x80) {
			t.Fatalf("%d names before: label C has id %d", c.names, id)
		}
		if err := g.CheckConstraints(); err == nil || err.Message != MsgExistenceViolated {
			t.Errorf("%d names before, labels %v: %v, want the existence violation", c.names, c.labels, err)
		}
	}
}

// The unique check of a graph with more tuples than one table checks
// (uniqueBucket) reports the first violation in gid order, and its
// earliest equal vertex, whichever part of the hashes they fall in.
func TestUniqueViolationParts(t *testing.T) {
	const n = 8 * uniqueBucket
	big := format.Int(1 << 53) // big and big+1 hash alike, unequal
	for _, c := range []struct {
		name string
		vals map[int]format.Value // by gid; the others hold their gid
		dup  string
	}{
		{"none", nil, ""},
		{"two, the later first", map[int]format.Value{12000: format.Int(9000), 15000: format.Int(3)}, "vertices 9000 and 12000 "},
		{"two, the earlier first", map[int]format.Value{15000: format.Int(3), 16000: format.Int(100)}, "vertices 3 and 15000 "},
		{"three equal", map[int]format.Value{7000: format.Int(5), 7001: format.Int(5)}, "vertices 5 and 7000 "},
		{"a double equal to an int", map[int]format.Value{10000: format.Double(4000)}, "vertices 4000 and 10000 "},
		{"colliding hashes", map[int]format.Value{1: big, 2: big + 1, 3000: big + 1, 3001: big, 5000: format.Int(8)}, "vertices 2 and 3000 "},
		{"colliding hashes, unequal", map[int]format.Value{1: big, 2: big + 1, 3: big + 2, 4: big + 3}, ""},
	} {
		checkUnique(t, c.name, n, func(gid int) format.Value {
			if v, ok := c.vals[gid]; ok {
				return v
			}
			return format.Int(gid)
		}, c.dup)
	}
}
