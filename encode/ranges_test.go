package encode_test

import (
	"errors"
	"testing"

	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
)

// TestEncoderRefusesWhatDecoderRefuses: values and codes outside the ranges
// spec/primitives.md defines (the decoder's ErrCorrupt) are refused before
// anything is written, so encoding never produces a file we cannot read.
func TestEncoderRefusesWhatDecoderRefuses(t *testing.T) {
	nest := func(depth int) format.Value {
		var v format.Value = format.Int(1)
		for i := 0; i < depth; i++ {
			v = format.List{v}
		}
		return v
	}
	snapshot := func(edit func(m *format.Snapshot)) error {
		m := golden.ExampleSnapshot(37)
		edit(m)
		return encode.CheckSnapshot(m)
	}
	wal := func(edit func(fr *format.Frame)) error {
		m := golden.ExampleWAL(37)
		for i := range m.Frames {
			if m.Frames[i].Marker == format.DeltaLabelPropertiesIndexCreate {
				edit(&m.Frames[i])
			}
		}
		return encode.CheckWAL(m)
	}
	setValue := func(v format.Value) func(m *format.Snapshot) {
		return func(m *format.Snapshot) { m.Vertices[0].Properties[0].Value = v }
	}
	cases := map[string]error{
		"3-D point with a 2-D SRID":  snapshot(setValue(format.Point3D{SRID: format.SRIDWGS84_2D})),
		"2-D point with a 3-D SRID":  snapshot(setValue(format.Point2D{SRID: format.SRIDCartesian3D})),
		"nesting one past the limit": snapshot(setValue(nest(format.MaxValueDepth + 1))),
		"type constraint kind 13": snapshot(func(m *format.Snapshot) {
			m.Constraints.Type = []format.TypeConstraint{{Label: 0, Property: 0, Kind: 13}}
		}),
		"index order 2": wal(func(fr *format.Frame) {
			d := fr.Delta.(format.LabelPropertiesDelta)
			d.Order = 2
			fr.Delta = d
		}),
		"type constraint kind 13 in a WAL": wal(func(fr *format.Frame) {
			fr.Marker, fr.Delta = format.DeltaTypeConstraintCreate, format.TypeConstraintDelta{Label: "L", Property: "p", Kind: 13}
		}),
		"TTL operation 4": wal(func(fr *format.Frame) {
			fr.Marker, fr.Delta = format.DeltaTTLOperation, format.TTLDelta{Op: 4}
		}),
		"vector match mode 4": wal(func(fr *format.Frame) {
			fr.Marker, fr.Delta = format.DeltaVectorIndexCreate, format.VectorIndexDelta{Name: "v", Mode: 4, Property: "p", Metric: "l2sq", Dimension: 2, Resize: 2, Capacity: 1, ScalarKind: 11}
		}),
	}
	for name, err := range cases {
		if !errors.Is(err, encode.ErrInvalidModel) {
			t.Errorf("%s: got %v, want ErrInvalidModel", name, err)
		}
	}
	// The limits themselves are accepted.
	for name, err := range map[string]error{
		"nesting at the limit":          snapshot(setValue(nest(format.MaxValueDepth))),
		"legacy Cartesian-3D SRID 9757": snapshot(setValue(format.Point3D{SRID: format.SRIDLegacyCartesian3D})),
		"DESC index order": wal(func(fr *format.Frame) {
			d := fr.Delta.(format.LabelPropertiesDelta)
			d.Order = format.IndexOrderDesc
			fr.Delta = d
		}),
	} {
		if err != nil {
			t.Errorf("%s refused: %v", name, err)
		}
	}
}
