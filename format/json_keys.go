package format

import "reflect"

// JSONKeys are T's JSON keys as AppendJSON writes its object: `{"first":`,
// then `,"next":` for each further field, for a writer of T's fields (the
// dump writes the deltas and records it reads as views this way; its tests
// hold it to AppendJSON).
func JSONKeys[T any]() [][]byte {
	fields := fieldsOf(reflect.TypeFor[T]())
	keys := make([][]byte, len(fields))
	for i, f := range fields {
		sep := byte(',')
		if i == 0 {
			sep = '{'
		}
		keys[i] = append([]byte{sep}, f.key...)
	}
	return keys
}
