package cypher

import (
	"fmt"
	"reflect"
	"strings"
)

// show renders a parsed tree compactly for tests: TypeName{Field: value}
// with zero fields, positions and spans left out, so expectations stay
// short and a wrong tree shape shows up as a readable diff.
func show(x any) string {
	var b strings.Builder
	showValue(&b, reflect.ValueOf(x))
	return b.String()
}

var (
	posType  = reflect.TypeOf(Pos{})
	spanType = reflect.TypeOf(Span{})
)

func showValue(b *strings.Builder, v reflect.Value) {
	switch v.Kind() {
	case reflect.Invalid:
		b.WriteString("nil")
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		showValue(b, v.Elem())
	case reflect.Struct:
		t := v.Type()
		if t == reflect.TypeOf(Ident{}) {
			b.WriteString(v.Field(0).String())
			return
		}
		b.WriteString(t.Name())
		b.WriteByte('{')
		first := true
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			fv := v.Field(i)
			if f.Type == posType || f.Type == spanType || fv.IsZero() {
				continue
			}
			if !first {
				b.WriteByte(' ')
			}
			first = false
			if !f.Anonymous {
				b.WriteString(f.Name)
				b.WriteByte(':')
			}
			showValue(b, fv)
		}
		b.WriteByte('}')
	case reflect.Slice:
		b.WriteByte('[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				b.WriteByte(' ')
			}
			showValue(b, v.Index(i))
		}
		b.WriteByte(']')
	case reflect.String:
		fmt.Fprintf(b, "%q", v.String())
	default:
		fmt.Fprint(b, v.Interface())
	}
}
