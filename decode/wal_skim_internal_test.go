package decode

import (
	"bytes"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
	"github.com/durascope/durascope/golden/largegen"
)

// skimValues holds a value of every type, in every shape a check of its
// payload looks at, and lists and maps nested around skimDepth.
func skimValues() []format.Value {
	nested := func(depth int, maps bool) format.Value {
		var v format.Value = format.Int(1)
		for range depth {
			if maps {
				v = format.Map{{Key: "k", Value: v}}
			} else {
				v = format.List{v, format.Null{}}
			}
		}
		return v
	}
	vs := []format.Value{
		format.Null{}, format.Bool(true), format.Bool(false), format.Int(-5), format.Double(2.5),
		format.String(""), format.String("name"), format.String(strings.Repeat("x", 300)),
		format.Enum{TypeID: 1, ValueID: 2},
		format.ZonedTemporal{Micros: 9, OffsetMinutes: -60}, format.ZonedTemporal{Micros: 9, ZoneIsName: true, ZoneName: "Europe/Zurich"},
		format.List{}, format.Map{}, format.List{format.String("a"), format.Double(1), format.Map{{Key: "x", Value: format.Bool(true)}}},
		format.VectorIndexID{Indexes: []string{"v"}, Vector: []float64{1, 2}},
	}
	for t := format.TemporalDate; t <= format.TemporalDuration; t++ {
		vs = append(vs, format.Temporal{Type: t, Micros: 1})
	}
	for _, srid := range []uint64{format.SRIDWGS84_2D, format.SRIDCartesian2D} {
		vs = append(vs, format.Point2D{SRID: srid, X: 1, Y: 2})
	}
	for _, srid := range []uint64{format.SRIDWGS84_3D, format.SRIDCartesian3D, format.SRIDLegacyCartesian3D} {
		vs = append(vs, format.Point3D{SRID: srid, X: 1, Y: 2, Z: 3})
	}
	for _, d := range []int{skimDepth - 1, skimDepth, skimDepth + 1, format.MaxValueDepth, format.MaxValueDepth + 1} {
		vs = append(vs, nested(d, false), nested(d, true))
	}
	return vs
}

// skimAgrees checks the one property the WAL's value skimmer has: where it takes the
// value at the start of b, cursor.value, skimming, takes the same bytes
// without an error.
func skimAgrees(t *testing.T, v format.Version, b []byte, what string) (taken bool) {
	t.Helper()
	got := skimTables[v].values.at(b, 0)
	c := newCursor(bytes.NewReader(b), 0, int64(len(b)), format.FeaturesOf(v))
	c.skim = true
	c.value("property value")
	if got >= 0 && (c.err != nil || int64(got) != c.pos()) {
		t.Fatalf("%s: %s %x: the skimmer takes %d bytes, cursor.value %d, error %v", v, what, b, got, c.pos(), c.err)
	}
	return got >= 0
}

// TestSkimValueAgreesWithValue holds the WAL's value skimmer to cursor.value on every
// value type of every version, cut at every length and with every byte
// changed to the values that matter to a check (markers, type codes,
// small numbers, neighbours): where the skimmer takes a value, cursor.value
// takes the same bytes. And it takes every whole value it is for, so the
// fast path is not silently left unused.
func TestSkimValueAgreesWithValue(t *testing.T) {
	subs := []byte{0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x08, 0x09, 0x0b, 0x7f, 0x80, 0xfe, 0xff}
	for m := byte(format.MarkerNull); m <= byte(format.MarkerVectorIndexID); m++ {
		subs = append(subs, m)
	}
	for v := format.MinVersion; v <= format.MaxVersion; v++ {
		for _, val := range skimValues() {
			b, err := encode.AppendValue(nil, val, v)
			if err != nil {
				continue // a type the version lacks
			}
			if _, vector := val.(format.VectorIndexID); !vector && format.ValueDepth(val) <= skimDepth {
				if !skimAgrees(t, v, b, "whole value") {
					t.Errorf("%s: the skimmer does not take %#v", v, val)
				}
			}
			skimAgrees(t, v, append(bytes.Clone(b), 0x17), "value and a byte")
			for n := range len(b) {
				if skimAgrees(t, v, b[:n], "cut value") {
					t.Fatalf("%s: the skimmer takes %d bytes of the %d of %#v", v, n, len(b), val)
				}
			}
			m := bytes.Clone(b)
			for p := range m {
				orig := m[p]
				for _, x := range append(subs, orig+1, orig-1, orig^0x80) {
					m[p] = x
					skimAgrees(t, v, m, "changed value")
				}
				m[p] = orig
			}
		}
	}
}

// TestSkimRunTakesGeneratedFrames: the frames the generator writes, which
// are the frames of most WALs (vertex and edge deltas with values of every
// type, the transaction frames), are read by skimRun, but for the few it
// cannot see whole in the window; the rest is NextFrame's. Whether they
// read the same is fuzz.CheckNextFrames' to show.
func TestSkimRunTakesGeneratedFrames(t *testing.T) {
	for v := format.MinVersion; v <= format.MaxVersion; v++ {
		var out golden.MemFile
		st, err := largegen.WriteWAL(&out, v, 512<<10, 1)
		if err != nil {
			t.Fatal(err)
		}
		data := out.Bytes()
		w, err := OpenWAL(bytes.NewReader(data), int64(len(data)), "")
		if err != nil {
			t.Fatal(err)
		}
		w.SkipPayloads()
		heads := make([]FrameHead, 64)
		fast, slow := 0, 0
		for {
			if k := w.skimRun(heads, &reportAll, nil).n; k > 0 {
				fast += k
				continue
			}
			if _, err := w.NextFrame(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s: %v", v, err)
			}
			slow++
		}
		if fast+slow != int(st.Frames) {
			t.Fatalf("%s: %d + %d frames read, %d written", v, fast, slow, st.Frames)
		}
		// The window boundaries and the metadata frames of the first
		// transactions are all NextFrame reads.
		if slow > int(st.Frames)/200+10 {
			t.Errorf("%s: skimRun read %d frames, NextFrame %d of %d", v, fast, slow, st.Frames)
		}
	}
}

// TestViewFramesReadsAsSkimFrames holds viewFrames, the replay's loop, to
// skimFrames: from every frame of generated WALs of every version, whole
// and (every 16th frame; DURASCOPE_SWEEP=full: every frame) with each
// byte of the frame changed to the values that matter to a check, it
// takes the same frames, to the same end, and its views hold what the
// cursor's payload takes apart of each (viewInto).
func TestViewFramesReadsAsSkimFrames(t *testing.T) {
	subs := []byte{0x00, 0x01, 0x09, 0x7f, 0xff}
	for m := byte(format.MarkerNull); m <= byte(format.MarkerVectorIndexID); m++ {
		subs = append(subs, m)
	}
	viewed := 0
	for v := format.MinVersion; v <= format.MaxVersion; v++ {
		var out golden.MemFile
		if _, err := largegen.WriteWAL(&out, v, 16<<10, uint64(v)); err != nil {
			t.Fatal(err)
		}
		data := out.Bytes()
		w, err := OpenWAL(bytes.NewReader(data), int64(len(data)), "")
		if err != nil {
			t.Fatal(err)
		}
		r := &skimTables[v]
		p, ref := w.FrameParser(), w.FrameParser()
		heads, views := make([]FrameHead, 4), make([]DeltaView, 4)
		agree := func(buf []byte, i int, ts uint64, what string) {
			want := skimFrames(buf, i, 0, heads, &reportAll, nil, r, ts, 0)
			got := viewFrames(buf, i, 0, views, p, r, ts)
			if got != want {
				t.Fatalf("%s: %s at %d: viewFrames reads %+v, skimFrames %+v", v, what, i, got, want)
			}
			for k, h := range heads[:want.out] {
				var rv DeltaView
				if !ref.viewInto(&rv, h.Offset, h.Size, ts, h.Marker, buf[h.Offset:h.Offset+h.Size]) {
					t.Fatalf("%s: %s at %d: the payload of frame %d does not take apart", v, what, i, k)
				}
				txnEnd(&rv)
				gv := views[k]
				rv.p, gv.p = nil, nil
				if !reflect.DeepEqual(gv, rv) {
					t.Fatalf("%s: %s at %d: frame %d viewed as\n%+v, the payload takes it apart as\n%+v", v, what, i, k, gv, rv)
				}
				viewed++
			}
		}
		for n := 0; ; n++ {
			fr, err := w.NextFrame()
			if err != nil {
				break
			}
			i := int(fr.Offset)
			agree(data, i, fr.Timestamp, "frame")
			if n%16 != 0 && os.Getenv("DURASCOPE_SWEEP") != "full" {
				continue
			}
			m := bytes.Clone(data)
			for q := i; q < i+int(fr.Size); q++ {
				orig := m[q]
				for _, x := range append(subs, orig+1, orig-1) {
					m[q] = x
					agree(m, i, fr.Timestamp, "changed frame")
				}
				m[q] = orig
			}
		}
	}
	if viewed == 0 {
		t.Fatal("no frame viewed")
	}
}
