package encode

import (
	"bytes"
	"encoding/hex"
	"math"
	"strings"
	"testing"

	"github.com/durascope/durascope/format"
)

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const z7 = "00000000000000"

// TestValueBytes pins the property-value encoding of spec/primitives.md:
// raw u64 counts and lengths inside values, marked UINT/DBL elsewhere.
func TestValueBytes(t *testing.T) {
	f := format.FeaturesOf(format.MaxVersion)
	for _, c := range []struct {
		name string
		v    format.Value
		want string
	}{
		{"null", format.Null{}, "17 10"},
		{"true", format.Bool(true), "17 11 ff"},
		{"false", format.Bool(false), "17 11 00"},
		{"int -1", format.Int(-1), "17 12 ffffffffffffffff"},
		{"double 1", format.Double(1), "17 13 000000000000f03f"},
		{"nan payload", format.Double(math.Float64frombits(0x7ff8000000000001)), "17 13 010000000000f87f"},
		{"string", format.String("ab"), "17 14 02" + z7 + "6162"},
		{"list [1]", format.List{format.Int(1)}, "17 15 01" + z7 + "17 12 01" + z7},
		{"map", format.Map{{Key: "k", Value: format.Null{}}}, "17 16 01" + z7 + "14 01" + z7 + "6b 17 10"},
		{"duration", format.Temporal{Type: format.TemporalDuration, Micros: -5}, "17 18 12 03" + z7 + "12 fbffffffffffffff"},
		{"zoned name", format.ZonedTemporal{Micros: 1, ZoneIsName: true, ZoneName: "UTC"}, "17 19 12 00" + z7 + "12 01" + z7 + "14 03" + z7 + "555443"},
		{"zoned offset", format.ZonedTemporal{Micros: 1, OffsetMinutes: -60}, "17 19 12 00" + z7 + "12 01" + z7 + "12 c4ffffffffffffff"},
		{"enum", format.Enum{TypeID: 2, ValueID: 3}, "17 1a 02" + z7 + "03" + z7},
		{"point 2d", format.Point2D{SRID: 4326, X: 1, Y: 2}, "17 1b 12 e610000000000000 13 000000000000f03f 13 0000000000000040"},
		{"point 3d", format.Point3D{SRID: 9157, X: 1, Y: 2, Z: 1}, "17 1c 12 c523000000000000 13 000000000000f03f 13 0000000000000040 13 000000000000f03f"},
		{"vector index id", format.VectorIndexID{Indexes: []string{"vi"}, Vector: []float64{1}}, "17 1d 01" + z7 + "14 02" + z7 + "7669 01" + z7 + "13 000000000000f03f"},
	} {
		if _, _, ok := checkValue(f, c.v); !ok {
			t.Errorf("%s: refused", c.name)
			continue
		}
		var e enc
		e.value(c.v)
		if want := unhex(t, c.want); !bytes.Equal(e.b, want) {
			t.Errorf("%s:\n got  % x\n want % x", c.name, e.b, want)
		}
	}
}

// TestScalarBytes pins UINT, DBL, BOOL and STR.
func TestScalarBytes(t *testing.T) {
	var e enc
	e.uint(31)
	e.dbl(-2)
	e.boolean(true)
	e.boolean(false)
	e.str("")
	e.str("x")
	want := unhex(t, "12 1f"+z7+" 13 00000000000000c0 11 ff 11 00 14 00"+z7+" 14 01"+z7+" 78")
	if !bytes.Equal(e.b, want) {
		t.Errorf("got  % x\nwant % x", e.b, want)
	}
}

// TestWALHeaderBytes pins the v37 header layout: offsets, CRC over bytes
// 0..the CRC marker, and a summary whose CRC covers only itself.
func TestWALHeaderBytes(t *testing.T) {
	var buf bytes.Buffer
	uuid := strings.Repeat("u", 36)
	w, err := NewWALWriter(&buf, format.WALHeader{Version: 37, UUID: uuid, Epoch: strings.Repeat("e", 36)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if len(b) != 176 {
		t.Fatalf("header of %d bytes, want 176", len(b))
	}
	h := w.Header()
	if h.OffsetMetadata != 31 || h.OffsetDeltas != 176 || h.HeaderEnd != 176 {
		t.Errorf("header %+v", h)
	}
	if !bytes.Equal(b[13:31], unhex(t, "12 1f"+z7+"12 b0"+z7)) {
		t.Errorf("offsets % x", b[13:31])
	}
	// Header CRC at 131: marker, then the CRC of bytes 0..131 inclusive.
	if b[131] != 0x12 || !bytes.Equal(b[132:140], crcValue(crc32IEEE(b[:132]))) {
		t.Errorf("header CRC % x", b[131:140])
	}
	// Summary: three zero UINTs and a CRC over bytes 140..167 inclusive.
	if !bytes.Equal(b[140:167], unhex(t, "12 00"+z7+"12 00"+z7+"12 00"+z7)) || b[167] != 0x12 ||
		!bytes.Equal(b[168:176], crcValue(crc32IEEE(b[140:168]))) {
		t.Errorf("summary % x", b[140:176])
	}
}
