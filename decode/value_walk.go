package decode

import (
	"unsafe"

	"github.com/durascope/durascope/format"
)

// WalkValue hands a built value to vis part by part, as VisitValue hands
// over the value it reads: a writer of visited values (graph's
// CypherValueWriter, format's JSONValueWriter) writes built ones too. nil
// is a NULL; a map's entries come in their order.
func WalkValue(v format.Value, vis ValueVisitor) {
	switch x := v.(type) {
	case nil, format.Null:
		vis.Null()
	case format.Bool:
		vis.Bool(bool(x))
	case format.Int:
		vis.Int(int64(x))
	case format.Double:
		vis.Double(float64(x))
	case format.String:
		vis.String(stringBytes(string(x)))
	case format.List:
		vis.List(len(x))
		for _, item := range x {
			WalkValue(item, vis)
		}
	case format.Map:
		vis.Map(len(x))
		for _, e := range x {
			vis.Key(stringBytes(e.Key))
			WalkValue(e.Value, vis)
		}
	case format.Temporal:
		vis.Temporal(x)
	case format.ZonedTemporal:
		vis.Zoned(x, stringBytes(x.ZoneName))
	case format.Enum:
		vis.Enum(x)
	case format.Point2D:
		vis.Point2D(x)
	case format.Point3D:
		vis.Point3D(x)
	case format.VectorIndexID:
		vis.Vector(x)
	}
}

// stringBytes is s's bytes, for a visitor, which only reads them.
func stringBytes(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }
