package decode_test

import (
	"errors"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
)

// TestValue: decode.Value reads exactly one property value and reports
// everything else as a typed error with its offset.
func TestValue(t *testing.T) {
	got, err := decode.Value(hx(`17 15 02 00 00 00 00 00 00 00  17 10  17 12 2a 00 00 00 00 00 00 00`), 14)
	if err != nil {
		t.Fatal(err)
	}
	if l, ok := got.(format.List); !ok || len(l) != 2 || l[0] != (format.Null{}) || l[1] != format.Int(42) {
		t.Errorf("got %#v, want [Null, 42]", got)
	}
	for _, c := range []struct {
		name   string
		data   []byte
		v      format.Version
		class  error
		offset int64
	}{
		{"empty", nil, 37, format.ErrTruncated, 0},
		{"no 0x17", hx(`10`), 37, format.ErrCorrupt, 0},
		{"bytes after the value", hx(`17 10 10`), 37, format.ErrCorrupt, 2},
		{"string past the end", hx(`17 14 05 00 00 00 00 00 00 00 "ab"`), 37, format.ErrTruncated, 2},
		{"list count 2^40", hx(`17 15 00 00 00 00 00 01 00 00`), 37, format.ErrTruncated, 2},
		{"too deep", nested(maxDepth+1, false), 37, format.ErrCorrupt, 10*maxDepth + 2},
		{"version 13", hx(`17 10`), 13, format.ErrUnsupportedVersion, 0},
		// Value types their version lacks (found by FuzzValue).
		{"zoned datetime in v16", hx(`17 19 12 00 00 00 00 00 00 00 00 12 00 00 00 00 00 00 00 00 12 00 00 00 00 00 00 00 00`), 16, format.ErrCorrupt, 1},
		{"enum in v17", hx(`17 1a 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00`), 17, format.ErrCorrupt, 1},
		{"2-D point in v18", hx(`17 1b 12 e6 10 00 00 00 00 00 00 13 00 00 00 00 00 00 00 00 13 00 00 00 00 00 00 00 00`), 18, format.ErrCorrupt, 1},
		{"vector-index id in v31", hx(`17 1d 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00`), 31, format.ErrCorrupt, 1},
		{"enum in a list in v14", hx(`17 15 01 00 00 00 00 00 00 00 17 1a 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00`), 14, format.ErrCorrupt, 11},
	} {
		_, err := decode.Value(c.data, c.v)
		var de *format.DecodeError
		if !errors.As(err, &de) || !errors.Is(err, c.class) || de.Offset != c.offset || de.Section != "value" {
			t.Errorf("%s: got %v, want %v at offset %d in section value", c.name, err, c.class, c.offset)
		}
	}
}
