package format

import (
	"encoding"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
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

// AppendJSON appends the JSON of a model value v (a record, a section, a
// delta, a header): objects keyed by the fields' json tags (snake_case,
// the text dump's keys), an embedded struct's fields promoted, every list
// a JSON array ([] when empty, never null), bytes as a hex string,
// doubles as jsonFloat writes them, property values in their tagged form
// (the encoding above). nil pointers and interfaces are null.
func AppendJSON(dst []byte, v any) ([]byte, error) {
	return appendJSON(dst, reflect.ValueOf(v))
}

var (
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
)

func appendJSON(b []byte, v reflect.Value) ([]byte, error) {
	if !v.IsValid() {
		return append(b, "null"...), nil
	}
	if (v.Kind() == reflect.Interface || v.Kind() == reflect.Pointer) && v.IsNil() {
		return append(b, "null"...), nil
	}
	if v.Type().Implements(jsonMarshaler) || v.Type().Implements(textMarshaler) {
		out, err := json.Marshal(v.Interface())
		return append(b, out...), err
	}
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		return appendJSON(b, v.Elem())
	case reflect.Struct:
		n := 0
		b, err := appendJSONFields(append(b, '{'), v, &n)
		return append(b, '}'), err
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return append(append(append(b, '"'), hex.EncodeToString(v.Bytes())...), '"'), nil
		}
		b = append(b, '[')
		for i := range v.Len() {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = appendJSON(b, v.Index(i)); err != nil {
				return b, err
			}
		}
		return append(b, ']'), nil
	case reflect.String:
		return jsonString(b, v.String()), nil
	case reflect.Bool:
		return strconv.AppendBool(b, v.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.AppendInt(b, v.Int(), 10), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.AppendUint(b, v.Uint(), 10), nil
	case reflect.Float32, reflect.Float64:
		return jsonFloat(b, v.Float()), nil
	}
	return b, fmt.Errorf("format: no JSON form for %s", v.Type())
}

// appendJSONFields writes the fields of struct v; n counts those written so
// far, as promoted fields of an embedded struct join the same object.
func appendJSONFields(b []byte, v reflect.Value, n *int) ([]byte, error) {
	t := v.Type()
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		if sf.Anonymous && sf.Tag.Get("json") == "" {
			var err error
			if b, err = appendJSONFields(b, v.Field(i), n); err != nil {
				return b, err
			}
			continue
		}
		key, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if key == "-" {
			continue
		}
		if key == "" {
			return b, fmt.Errorf("format: %s.%s has no json tag", t.Name(), sf.Name)
		}
		if *n > 0 {
			b = append(b, ',')
		}
		*n++
		b = append(jsonString(b, key), ':')
		var err error
		if b, err = appendJSON(b, v.Field(i)); err != nil {
			return b, err
		}
	}
	return b, nil
}
