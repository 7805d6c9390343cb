package format

import (
	"encoding/json"
	"math"
	"strconv"
)

// JSON encoding of property values, used by `dump --format jsonl` (schema in
// spec/jsonl.md). Null, bools, ints, strings and lists map to plain JSON;
// every other type is an object with one tag key, so an int 2 and a double
// 2.0 stay distinct and a map cannot be mistaken for a tagged value.

// jsonFloat encodes a double; NaN and infinities, which JSON lacks, become strings.
func jsonFloat(b []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(b, `"NaN"`...)
	case math.IsInf(f, 1):
		return append(b, `"+Inf"`...)
	case math.IsInf(f, -1):
		return append(b, `"-Inf"`...)
	}
	return strconv.AppendFloat(b, f, 'g', -1, 64)
}

func jsonFloats(b []byte, fs []float64) []byte {
	b = append(b, '[')
	for i, f := range fs {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonFloat(b, f)
	}
	return append(b, ']')
}

func jsonString(b []byte, s string) []byte {
	q, _ := json.Marshal(s)
	return append(b, q...)
}

func (Null) MarshalJSON() ([]byte, error) { return []byte("null"), nil }

func (d Double) MarshalJSON() ([]byte, error) {
	return append(jsonFloat([]byte(`{"double":`), float64(d)), '}'), nil
}

func (m Map) MarshalJSON() ([]byte, error) {
	b := []byte(`{"map":{`)
	for i, e := range m {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonString(b, e.Key)
		b = append(b, ':')
		v, err := marshalValue(e.Value)
		if err != nil {
			return nil, err
		}
		b = append(b, v...)
	}
	return append(b, "}}"...), nil
}

func (l List) MarshalJSON() ([]byte, error) {
	b := []byte{'['}
	for i, e := range l {
		if i > 0 {
			b = append(b, ',')
		}
		v, err := marshalValue(e)
		if err != nil {
			return nil, err
		}
		b = append(b, v...)
	}
	return append(b, ']'), nil
}

func marshalValue(v Value) ([]byte, error) {
	if v == nil {
		return []byte("null"), nil
	}
	return json.Marshal(v)
}

func (t Temporal) MarshalJSON() ([]byte, error) {
	b := jsonString([]byte(`{"temporal":`), t.Type.String())
	b = append(b, `,"type_id":`...)
	b = strconv.AppendUint(b, uint64(t.Type), 10)
	b = append(b, `,"micros":`...)
	b = strconv.AppendInt(b, t.Micros, 10)
	return append(b, '}'), nil
}

func (z ZonedTemporal) MarshalJSON() ([]byte, error) {
	b := []byte(`{"zoned_datetime":`)
	b = strconv.AppendInt(b, z.Micros, 10)
	if z.ZoneIsName {
		b = jsonString(append(b, `,"zone":`...), z.ZoneName)
	} else {
		b = strconv.AppendInt(append(b, `,"offset_minutes":`...), z.OffsetMinutes, 10)
	}
	return append(b, '}'), nil
}

func (e Enum) MarshalJSON() ([]byte, error) {
	b := strconv.AppendUint([]byte(`{"enum":{"type":`), e.TypeID, 10)
	b = strconv.AppendUint(append(b, `,"value":`...), e.ValueID, 10)
	return append(b, "}}"...), nil
}

func (p Point2D) MarshalJSON() ([]byte, error) {
	b := strconv.AppendUint([]byte(`{"point2d":{"srid":`), p.SRID, 10)
	b = jsonFloat(append(b, `,"x":`...), p.X)
	b = jsonFloat(append(b, `,"y":`...), p.Y)
	return append(b, "}}"...), nil
}

func (p Point3D) MarshalJSON() ([]byte, error) {
	b := strconv.AppendUint([]byte(`{"point3d":{"srid":`), p.SRID, 10)
	b = jsonFloat(append(b, `,"x":`...), p.X)
	b = jsonFloat(append(b, `,"y":`...), p.Y)
	b = jsonFloat(append(b, `,"z":`...), p.Z)
	return append(b, "}}"...), nil
}

func (v VectorIndexID) MarshalJSON() ([]byte, error) {
	idx, _ := json.Marshal(v.Indexes)
	if v.Indexes == nil {
		idx = []byte("[]")
	}
	b := append([]byte(`{"vector_index_id":{"indexes":`), idx...)
	b = jsonFloats(append(b, `,"vector":`...), v.Vector)
	return append(b, "}}"...), nil
}
