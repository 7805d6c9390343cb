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
	"sync"

	"github.com/durascope/durascope/internal/decimal"
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

func jsonFloats(b []byte, fs []float64) []byte { return jsonArray(b, fs, jsonFloat) }

// jsonArray appends items as a JSON array, each by appendItem.
func jsonArray[T any](b []byte, items []T, appendItem func([]byte, T) []byte) []byte {
	b = append(b, '[')
	for i, x := range items {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendItem(b, x)
	}
	return append(b, ']')
}

// jsonPlain marks the bytes json.Marshal copies into a string unchanged:
// printable ASCII but the quote, the backslash and the HTML characters.
var jsonPlain = func() (t [256]bool) {
	for c := 0x20; c < 0x7f; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// jsonString appends s as json.Marshal writes it (HTML-escaped).
func jsonString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if !jsonPlain[s[i]] {
			q, _ := json.Marshal(s) // escapes, and invalid UTF-8, as encoding/json has them
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// The JSON of the property values: each type's MarshalJSON, and
// appendValue for a value of any type, write the same bytes; appendValue
// does not go through encoding/json (the dump calls it once per value).

func (Null) MarshalJSON() ([]byte, error) { return []byte("null"), nil }

func (d Double) MarshalJSON() ([]byte, error) { return appendDouble(nil, d), nil }

func appendDouble(b []byte, d Double) []byte {
	return append(jsonFloat(append(b, `{"double":`...), float64(d)), '}')
}

func (m Map) MarshalJSON() ([]byte, error) { return appendMap(nil, m), nil }

func appendMap(b []byte, m Map) []byte {
	b = append(b, `{"map":{`...)
	for i, e := range m {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonString(b, e.Key)
		b = append(b, ':')
		b = appendValue(b, e.Value)
	}
	return append(b, "}}"...)
}

func (l List) MarshalJSON() ([]byte, error) { return appendList(nil, l), nil }

func appendList(b []byte, l List) []byte { return jsonArray(b, l, appendValue) }

// appendValue appends the JSON of v as json.Marshal writes it (null for nil).
func appendValue(b []byte, v Value) []byte {
	switch x := v.(type) {
	case nil, Null:
		return append(b, "null"...)
	case Bool:
		return strconv.AppendBool(b, bool(x))
	case Int:
		return decimal.AppendInt(b, int64(x))
	case Double:
		return appendDouble(b, x)
	case String:
		return jsonString(b, string(x))
	case List:
		return appendList(b, x)
	case Map:
		return appendMap(b, x)
	case Temporal:
		return appendTemporal(b, x)
	case ZonedTemporal:
		return appendZoned(b, x)
	case Enum:
		return appendEnum(b, x)
	case Point2D:
		return appendPoint2D(b, x)
	case Point3D:
		return appendPoint3D(b, x)
	case VectorIndexID:
		return appendVectorIndexID(b, x)
	}
	out, _ := json.Marshal(v) // no other Value type exists
	return append(b, out...)
}

func (t Temporal) MarshalJSON() ([]byte, error) { return appendTemporal(nil, t), nil }

func appendTemporal(b []byte, t Temporal) []byte {
	b = jsonString(append(b, `{"temporal":`...), t.Type.String())
	b = append(b, `,"type_id":`...)
	b = decimal.AppendUint(b, uint64(t.Type))
	b = append(b, `,"micros":`...)
	b = decimal.AppendInt(b, t.Micros)
	return append(b, '}')
}

func (z ZonedTemporal) MarshalJSON() ([]byte, error) { return appendZoned(nil, z), nil }

func appendZoned(b []byte, z ZonedTemporal) []byte {
	b = append(b, `{"zoned_datetime":`...)
	b = decimal.AppendInt(b, z.Micros)
	if z.ZoneIsName {
		b = jsonString(append(b, `,"zone":`...), z.ZoneName)
	} else {
		b = decimal.AppendInt(append(b, `,"offset_minutes":`...), z.OffsetMinutes)
	}
	return append(b, '}')
}

func (e Enum) MarshalJSON() ([]byte, error) { return appendEnum(nil, e), nil }

func appendEnum(b []byte, e Enum) []byte {
	b = decimal.AppendUint(append(b, `{"enum":{"type":`...), e.TypeID)
	b = decimal.AppendUint(append(b, `,"value":`...), e.ValueID)
	return append(b, "}}"...)
}

func (p Point2D) MarshalJSON() ([]byte, error) { return appendPoint2D(nil, p), nil }

func appendPoint2D(b []byte, p Point2D) []byte {
	b = decimal.AppendUint(append(b, `{"point2d":{"srid":`...), p.SRID)
	b = jsonFloat(append(b, `,"x":`...), p.X)
	b = jsonFloat(append(b, `,"y":`...), p.Y)
	return append(b, "}}"...)
}

func (p Point3D) MarshalJSON() ([]byte, error) { return appendPoint3D(nil, p), nil }

func appendPoint3D(b []byte, p Point3D) []byte {
	b = decimal.AppendUint(append(b, `{"point3d":{"srid":`...), p.SRID)
	b = jsonFloat(append(b, `,"x":`...), p.X)
	b = jsonFloat(append(b, `,"y":`...), p.Y)
	b = jsonFloat(append(b, `,"z":`...), p.Z)
	return append(b, "}}"...)
}

func (v VectorIndexID) MarshalJSON() ([]byte, error) { return appendVectorIndexID(nil, v), nil }

func appendVectorIndexID(b []byte, v VectorIndexID) []byte {
	b = jsonArray(append(b, `{"vector_index_id":{"indexes":`...), v.Indexes, jsonString)
	b = jsonFloats(append(b, `,"vector":`...), v.Vector)
	return append(b, "}}"...)
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
	valueType     = reflect.TypeFor[Value]()
)

// marshals caches, by type, whether a type has its own JSON or text form.
var marshals sync.Map // reflect.Type -> bool

func ownJSON(t reflect.Type) bool {
	if m, ok := marshals.Load(t); ok {
		return m.(bool)
	}
	m := t.Implements(jsonMarshaler) || t.Implements(textMarshaler)
	marshals.Store(t, m)
	return m
}

func appendJSON(b []byte, v reflect.Value) ([]byte, error) {
	if !v.IsValid() {
		return append(b, "null"...), nil
	}
	return appendJSONOf(b, v, ownJSON(v.Type()))
}

// appendJSONOf is appendJSON for a valid v; own says whether its type has
// its own JSON or text form.
func appendJSONOf(b []byte, v reflect.Value, own bool) ([]byte, error) {
	if (v.Kind() == reflect.Interface || v.Kind() == reflect.Pointer) && v.IsNil() {
		return append(b, "null"...), nil
	}
	if v.Kind() == reflect.Interface && v.Type() == valueType {
		return appendValue(b, v.Interface().(Value)), nil
	}
	if own {
		if val, ok := v.Interface().(Value); ok {
			return appendValue(b, val), nil
		}
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
		own := ownJSON(v.Type().Elem()) // the elements' type, looked up once
		for i := range v.Len() {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = appendJSONOf(b, v.Index(i), own); err != nil {
				return b, err
			}
		}
		return append(b, ']'), nil
	case reflect.String:
		return jsonString(b, v.String()), nil
	case reflect.Bool:
		return strconv.AppendBool(b, v.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return decimal.AppendInt(b, v.Int()), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return decimal.AppendUint(b, v.Uint()), nil
	case reflect.Float32, reflect.Float64:
		return jsonFloat(b, v.Float()), nil
	}
	return b, fmt.Errorf("format: no JSON form for %s", v.Type())
}

// jsonField is a field of a struct as AppendJSON writes it: its index and
// key, or, for an embedded struct without a json tag, its own fields.
type jsonField struct {
	index    int
	key      []byte // "key":
	embedded bool
	own      bool // the field's type has its own JSON or text form
}

// jsonFields caches the fields of struct types: up to and including, with
// index -1, a field without a json tag (an error).
var jsonFields sync.Map // reflect.Type -> []jsonField

func fieldsOf(t reflect.Type) []jsonField {
	if f, ok := jsonFields.Load(t); ok {
		return f.([]jsonField)
	}
	var out []jsonField
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		if sf.Anonymous && sf.Tag.Get("json") == "" {
			out = append(out, jsonField{index: i, embedded: true})
			continue
		}
		key, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if key == "-" {
			continue
		}
		if key == "" {
			out = append(out, jsonField{index: -1, key: []byte(sf.Name)})
			break
		}
		out = append(out, jsonField{index: i, key: append(jsonString(nil, key), ':'), own: ownJSON(sf.Type)})
	}
	jsonFields.Store(t, out)
	return out
}

// appendJSONFields writes the fields of struct v; n counts those written so
// far, as promoted fields of an embedded struct join the same object.
func appendJSONFields(b []byte, v reflect.Value, n *int) ([]byte, error) {
	for _, f := range fieldsOf(v.Type()) {
		if f.index < 0 {
			return b, fmt.Errorf("format: %s.%s has no json tag", v.Type().Name(), f.key)
		}
		if f.embedded {
			var err error
			if b, err = appendJSONFields(b, v.Field(f.index), n); err != nil {
				return b, err
			}
			continue
		}
		if *n > 0 {
			b = append(b, ',')
		}
		*n++
		b = append(b, f.key...)
		var err error
		if b, err = appendJSONOf(b, v.Field(f.index), f.own); err != nil {
			return b, err
		}
	}
	return b, nil
}
