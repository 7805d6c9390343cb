package decode_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
)

// TestDecodeEnforcesSpecRanges pins the structural rules spec/ states for
// values and records that are well-formed bytes but not a valid file:
// SRIDs that do not fit the point, small enumerations out of range,
// records out of gid order, and an offsets table that was never written.
func TestDecodeEnforcesSpecRanges(t *testing.T) {
	snapshot := func(b []byte) error {
		_, err := decode.DecodeSnapshot(bytes.NewReader(b), int64(len(b)), "s")
		return err
	}
	wal := func(b []byte) error {
		_, err := decode.DecodeWAL(bytes.NewReader(b), int64(len(b)), "w")
		return err
	}
	point := func(marker string, srid uint64, coords int) []byte {
		b := cat(hx(`17 `+marker), uintField(srid))
		for i := 0; i < coords; i++ {
			b = cat(b, hx(`13 00 00 00 00 00 00 f0 3f`)) // DBL 1.0
		}
		return b
	}
	frame := func(m format.Marker, payload []byte) wdTxn {
		return wdTxn{ts: 2, commit: true, frames: []wdFrame{{m, payload}}}
	}
	vertices := corpusBytes(t, "v37/test_vertices/snapshot.bin")
	model, err := decode.DecodeSnapshot(bytes.NewReader(vertices), int64(len(vertices)), "")
	if err != nil {
		t.Fatal(err)
	}
	second := model.Vertices[1].Offset // gid UINT at +1, value at +2

	cases := []struct {
		name   string
		err    error
		class  error
		offset int64 // -1: any
		reason string
	}{
		{"2-D point with a 3-D SRID", snapshot(newHandSnapshot(point("1b", format.SRIDCartesian3D, 2)).data), format.ErrCorrupt, -1, "SRID 9157"},
		{"3-D point with a 2-D SRID", snapshot(newHandSnapshot(point("1c", format.SRIDWGS84_2D, 3)).data), format.ErrCorrupt, -1, "SRID 4326"},
		{"type constraint kind 13", wal(wdFile(20, frame(format.DeltaTypeConstraintCreate, wdCat(wdS("L"), wdS("p"), wdU(13))))), format.ErrCorrupt, -1, "type constraint kind 13"},
		{"index order 2", wal(wdFile(34, frame(format.DeltaLabelPropertiesIndexCreate, wdCat(wdS("L"), wdU(1), wdU(1), wdS("p"), wdU(2))))), format.ErrCorrupt, -1, "index order 2"},
		{"TTL operation 4", wal(wdFile(30, frame(format.DeltaTTLOperation, wdCat(wdU(4), wdB(false), wdB(false), wdB(false))))), format.ErrCorrupt, -1, "ttl operation 4"},
		{"vector match mode 4", wal(wdFile(35, frame(format.DeltaVectorIndexCreate, wdCat(wdS("v"), wdU(4), wdU(0), wdS("p"), wdS("l2sq"), wdU(2), wdU(2), wdU(10), wdU(11))))), format.ErrCorrupt, -1, "vector match mode 4"},
		{"vertex gid not ascending", snapshot(edit(vertices, func(b []byte) {
			binary.LittleEndian.PutUint64(b[second+2:], model.Vertices[0].Gid)
		})), format.ErrCorrupt, int64(second), "ascending gid order"},
		{"offsets table never back-patched", snapshot(edit(vertices, func(b []byte) {
			for i := 0; i < 13; i++ {
				binary.LittleEndian.PutUint64(b[13+9*i+1:], 0)
			}
		})), format.ErrTruncated, 13, "all zero"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var de *format.DecodeError
			if !errors.As(c.err, &de) || !errors.Is(c.err, c.class) {
				t.Fatalf("got %v, want a %v DecodeError", c.err, c.class)
			}
			if c.offset >= 0 && de.Offset != c.offset {
				t.Errorf("offset %d, want %d", de.Offset, c.offset)
			}
			if !strings.Contains(de.Reason, c.reason) {
				t.Errorf("reason %q lacks %q", de.Reason, c.reason)
			}
		})
	}
	// The legacy Cartesian-3D SRID stays readable in every version.
	if err := snapshot(newHandSnapshot(point("1c", format.SRIDLegacyCartesian3D, 3)).data); err != nil {
		t.Errorf("SRID 9757 refused: %v", err)
	}
}
