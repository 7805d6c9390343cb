package graph

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/durascope/durascope/format"
)

// recordValues covers every value type, nil and empty slices apart, and
// the bit patterns a map would not keep apart.
var recordValues = []format.Value{
	format.Null{}, format.Bool(false), format.Bool(true),
	format.Int(0), format.Int(-1), format.Int(math.MinInt64), format.Int(math.MaxInt64),
	format.Double(0), format.Double(math.Copysign(0, -1)), format.Double(math.Inf(-1)),
	format.Double(math.Float64frombits(0x7ff8_0000_dead_beef)),
	format.String(""), format.String("héllo\x00"),
	format.List(nil), format.List{}, format.List{format.Int(1), format.List{format.String("x")}, format.Map{}},
	format.Map(nil), format.Map{}, format.Map{{Key: "b", Value: format.Int(2)}, {Key: "a", Value: format.Null{}}},
	format.Temporal{Type: format.TemporalDuration, Micros: -5}, format.Temporal{Type: 77, Micros: math.MaxInt64},
	format.ZonedTemporal{Micros: -1, ZoneIsName: true, ZoneName: "Europe/Zagreb"},
	format.ZonedTemporal{Type: 3, Micros: 1, OffsetMinutes: -720, ZoneName: "kept"},
	format.Enum{TypeID: 1 << 40, ValueID: 3},
	format.Point2D{SRID: format.SRIDWGS84_2D, X: -0.5, Y: math.NaN()},
	format.Point3D{SRID: 9757, X: 1, Y: 2, Z: math.Inf(1)},
	format.VectorIndexID{}, format.VectorIndexID{Indexes: []string{}, Vector: []float64{}},
	format.VectorIndexID{Indexes: []string{"a", "b"}, Vector: []float64{1.5, math.NaN()}},
}

// sameBits compares values with Double and float fields by bit pattern.
var sameBits = cmp.Options{
	cmp.Comparer(func(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }),
	cmp.Comparer(func(a, b format.Double) bool { return math.Float64bits(float64(a)) == math.Float64bits(float64(b)) }),
}

func TestRecordValuesRoundTrip(t *testing.T) {
	var b []byte
	for _, v := range recordValues {
		b = appendValue(b, v)
	}
	s := string(b)
	i := 0
	for _, want := range recordValues {
		got, end := readValue(s, i)
		if d := cmp.Diff(want, got, sameBits); d != "" {
			t.Errorf("value at %d (-want +got):\n%s", i, d)
		}
		if skip := skipValue(s, i); skip != end {
			t.Errorf("%#v: skip ends at %d, read at %d", want, skip, end)
		}
		i = end
	}
	if i != len(s) {
		t.Errorf("read %d of %d bytes", i, len(s))
	}
}

func TestPropsSetRemoveOrder(t *testing.T) {
	var p Props
	set := func(id int, v format.Value) {
		var enc []byte
		if v != nil {
			enc = appendValue(nil, v)
		}
		p = Props{string(p.with(nil, id, enc))}
	}
	set(300, format.String("c"))
	set(2, format.Int(1))
	set(7, format.List{format.Int(1)})
	set(2, format.Int(9)) // replaces
	set(1000, nil)        // removing what is not there
	var ids []int
	var vals []format.Value
	for id, v := range p.All() {
		ids, vals = append(ids, id), append(vals, v)
	}
	if d := cmp.Diff([]int{2, 7, 300}, ids); d != "" {
		t.Fatalf("ids (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]format.Value{format.Int(9), format.List{format.Int(1)}, format.String("c")}, vals); d != "" {
		t.Fatalf("values (-want +got):\n%s", d)
	}
	if v, ok := p.Get(7); !ok || p.Len() != 3 || !p.Has(300) || p.Has(3) || cmp.Diff(format.List{format.Int(1)}, v) != "" {
		t.Fatalf("Get(7) = %v, %v; Len %d", v, ok, p.Len())
	}
	set(7, nil)
	set(2, nil)
	set(300, nil)
	if !p.Empty() {
		t.Fatalf("not empty after removing all: %q", p.s)
	}
}

// A snapshot record can name a property twice (two mapper ids, one name):
// the later value wins, as the map this replaced kept it.
func TestAppendPropsLaterWins(t *testing.T) {
	p := Props{string(appendProps(nil, []int{5, 1, 5, 3}, []format.Value{format.Int(1), format.Int(2), format.Int(3), format.Int(4)}))}
	want := map[int]format.Value{1: format.Int(2), 3: format.Int(4), 5: format.Int(3)}
	if d := cmp.Diff(want, p.Map()); d != "" {
		t.Fatalf("(-want +got):\n%s", d)
	}
}

// TestHashValueAt holds the unique check's hash of an encoded value to
// HashValue of the value, for every value type, nested ones too.
func TestHashValueAt(t *testing.T) {
	values := append([]format.Value{format.List(recordValues), format.Map{{Key: "a", Value: format.List(recordValues)}, {Key: "b", Value: format.Int(-7)}},
		format.Int(3), format.Double(3), format.Double(math.Copysign(0, -1))}, recordValues...)
	for _, v := range values {
		b := appendValue(nil, v)
		h, end := hashValueAt(string(b), 0)
		if want := HashValue(v); h != want || end != len(b) {
			t.Errorf("%#v: hash %x ending at %d, want %x ending at %d", v, h, end, want, len(b))
		}
	}
}

// TestRecordStore reads back records shared in chunks, large ones with a
// chunk of their own and records built one at a time; replaces those
// until compact copies them into fresh chunks; and checks that what a
// reader of a replaced or moved record holds stays as it was.
func TestRecordStore(t *testing.T) {
	st := recordStore{own: arena{minChunk: arenaLarge}}
	var a arena
	put := func(b []byte) record {
		r, err := a.put(&st, b)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	set := func(r *record, b []byte) {
		if err := st.set(r, b); err != nil {
			t.Fatal(err)
		}
	}
	want := map[record]string{}
	for i := range 3000 { // past a first chunk
		b := []byte(strings.Repeat(string(rune('a'+i%26)), 1+i%97))
		want[put(b)] = string(b)
	}
	large := strings.Repeat("L", arenaLarge+1)
	want[put([]byte(large))] = large
	if put(nil) != 0 {
		t.Error("an empty record is not 0")
	}
	for r, w := range want {
		if got := st.str(r); got != w {
			t.Errorf("record %#x: %q, want %q", r, got, w)
		}
	}

	held := make([]record, 100)
	value := func(i, round int) string { return fmt.Sprintf("%d:%d:%s", i, round, strings.Repeat("x", i%50)) }
	var first string
	compacted := false
	for round := range 200 {
		for i := range held {
			set(&held[i], []byte(value(i, round)))
		}
		if round == 0 {
			first = st.str(held[7])
		}
		if st.dead > st.live {
			err := st.compact(func(move func(*record)) {
				for i := range held {
					move(&held[i])
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			compacted = true
		}
		for i := range held {
			if got := st.str(held[i]); got != value(i, round) {
				t.Fatalf("round %d: record %d is %q, want %q", round, i, got, value(i, round))
			}
		}
	}
	if !compacted || len(st.spare) == 0 {
		t.Errorf("never compacted: %d bytes held, %d left behind, %d chunks", st.live, st.dead, len(st.ownChunks))
	}
	if first != value(7, 0) {
		t.Errorf("a reader's bytes of a record replaced and moved changed to %q", first)
	}
	if st.live > 100*70 || st.dead > st.live {
		t.Errorf("%d bytes held, %d left behind, for 100 records of at most 70 bytes", st.live, st.dead)
	}
	// Rewinding: the last record put is written over, one put before
	// rewind began is not, nor is any once it ends.
	var seen, built record
	set(&seen, []byte("seen before"))
	read := st.str(seen)
	done := st.rewind()
	set(&seen, []byte("replaced"))
	if read != "seen before" || st.str(seen) != "replaced" {
		t.Errorf("rewinding wrote over a record read before: %q, %q", read, st.str(seen))
	}
	dead, n := st.dead, st.own.n
	for i := range 50 {
		set(&built, []byte(strings.Repeat("b", 1+i%9)))
	}
	if st.dead != dead || st.own.n-n > 9 {
		t.Errorf("rewinding left %d bytes behind and took %d", st.dead-dead, st.own.n-n)
	}
	done()
	read = st.str(built)
	set(&built, []byte("after"))
	if read != strings.Repeat("b", 1+49%9) || st.dead == dead {
		t.Errorf("a record was written over after rewinding ended: %q, %d bytes left behind", read, st.dead-dead)
	}

	big := []byte(large)
	set(&held[0], big)
	k := chunkOfRecord(held[0])
	set(&held[0], nil)
	if held[0] != 0 || st.chunks[k] != nil {
		t.Errorf("a large record replaced keeps its chunk (record %#x)", held[0])
	}
}
