package format

import "reflect"

// JSONKeys are T's JSON keys as AppendJSON writes its object: `{"first":`,
// then `,"next":` for each further field, for a writer of T's fields (the
// dump writes the deltas and records it reads as views this way; its tests
// hold it to AppendJSON).
func JSONKeys[T any]() [][]byte {
	keys, _ := JSONFields[T]()
	return keys
}

// JSONFields are JSONKeys with the index in T of each key's field, for a
// writer that takes some of the fields' values by reflection. T has no
// embedded struct without a json tag and no exported field without one.
func JSONFields[T any]() (keys [][]byte, index []int) {
	t := reflect.TypeFor[T]()
	fields := fieldsOf(t)
	keys, index = make([][]byte, len(fields)), make([]int, len(fields))
	for i, f := range fields {
		if f.embedded || f.index < 0 {
			panic("format: JSONFields of " + t.Name() + ", whose fields are not all its own and tagged")
		}
		sep := byte(',')
		if i == 0 {
			sep = '{'
		}
		keys[i], index[i] = append([]byte{sep}, f.key...), f.index
	}
	return keys, index
}
