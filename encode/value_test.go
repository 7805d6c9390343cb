package encode

import (
	"bytes"
	"errors"
	"math"
	"runtime/metrics"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
)

// fixtureValues is every property value of version v's fixture snapshot,
// which holds every value type the version has.
func fixtureValues(v format.Version) []format.Value {
	m := golden.FixtureSnapshot(v)
	var out []format.Value
	for _, r := range m.Vertices {
		for _, p := range r.Properties {
			out = append(out, p.Value)
		}
	}
	for _, r := range m.Edges {
		for _, p := range r.Properties {
			out = append(out, p.Value)
		}
	}
	return out
}

// TestAppendValue: every value a version has round-trips through
// AppendValue and decode.Value byte for byte; values the version lacks are
// refused, and dst is left as it was.
func TestAppendValue(t *testing.T) {
	for _, v := range allVersions() {
		for _, val := range fixtureValues(v) {
			prefix := []byte{0xaa}
			b, err := AppendValue(prefix, val, v)
			if err != nil {
				t.Fatalf("%s %#v: %v", v, val, err)
			}
			got, err := decode.Value(b[1:], v)
			if err != nil {
				t.Fatalf("%s %#v: decode: %v", v, val, err)
			}
			if d := cmp.Diff(val, got); d != "" {
				t.Errorf("%s: decoded value differs (-appended +decoded):\n%s", v, d)
			}
			if again, _ := AppendValue(nil, got, v); !bytes.Equal(again, b[1:]) {
				t.Errorf("%s %#v: re-encoding gives different bytes", v, val)
			}
		}
	}
	for _, c := range []struct {
		v   format.Version
		val format.Value
		err error
	}{
		{14, format.Enum{TypeID: 1}, ErrUnrepresentable},
		{16, format.ZonedTemporal{ZoneIsName: true, ZoneName: "UTC"}, ErrUnrepresentable},
		{18, format.Point2D{SRID: format.SRIDWGS84_2D}, ErrUnrepresentable},
		{31, format.VectorIndexID{}, ErrUnrepresentable},
		{37, format.Point2D{SRID: format.SRIDWGS84_3D}, ErrInvalidModel},
		{37, nil, ErrInvalidModel},
		{13, format.Null{}, format.ErrUnsupportedVersion},
	} {
		dst := []byte{1, 2}
		got, err := AppendValue(dst, c.val, c.v)
		if !errors.Is(err, c.err) || !bytes.Equal(got, dst) {
			t.Errorf("%s %#v: got % x, %v; want dst unchanged and %v", c.v, c.val, got, err, c.err)
		}
	}
}

// TestSmallOutputSmallBuffer: the write buffer grows with the output, so
// encoding a small file costs little memory (a fixed 256 KiB buffer per
// encode dominated the golden sweep, which re-encodes every decoded mutant).
func TestSmallOutputSmallBuffer(t *testing.T) {
	m := golden.FixtureSnapshot(37)
	var buf bytes.Buffer
	if err := EncodeSnapshot(&buf, m); err != nil {
		t.Fatal(err)
	}
	// The count is the process's: the least of a few rounds leaves out
	// what the runtime and the test framework allocate meanwhile (CI saw
	// 69 KiB once, alone it is far below).
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	per := uint64(math.MaxUint64)
	for range 3 {
		metrics.Read(s)
		before := s[0].Value.Uint64()
		for range 10 {
			var b bytes.Buffer
			b.Grow(buf.Len())
			if err := EncodeSnapshot(&b, m); err != nil {
				t.Fatal(err)
			}
		}
		metrics.Read(s)
		per = min(per, (s[0].Value.Uint64()-before)/10)
	}
	t.Logf("encoding a %d-byte snapshot allocates %d bytes", buf.Len(), per)
	if per > 64<<10 {
		t.Errorf("encoding a %d-byte snapshot allocates %d bytes", buf.Len(), per)
	}
}
