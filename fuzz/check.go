package fuzz

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"reflect"
	"runtime/debug"
	"runtime/metrics"
	"strings"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/durascope/durascope/format"
)

// Budget is the most a decoder may allocate for an input of n bytes: 64
// bytes per input byte plus 1 MiB (spec/hardening.md).
func Budget(n int) uint64 { return 64*uint64(n) + 1<<20 }

// guard runs check and turns a panic into an error carrying the stack.
func guard(check func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v\n%s", r, debug.Stack())
		}
	}()
	return check()
}

// heapAllocs returns the bytes allocated on the heap while f ran. The
// counter is process-wide, so concurrent work would be counted too; the
// fuzz engines run one input at a time per process.
func heapAllocs(f func()) uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(s)
	before := s[0].Value.Uint64()
	f()
	metrics.Read(s)
	return s[0].Value.Uint64() - before
}

// props runs the properties. Unmetered, it does not measure allocations:
// the counter is process-wide, so checks running concurrently would count
// each other's.
type props struct{ metered bool }

var metered = props{metered: true}

// Unmetered returns the check of a fuzz target without the allocation
// budget, for callers that run checks on several goroutines at once (the
// golden sweep of package decode). Every other property is kept.
func Unmetered(target string) func([]byte) error {
	p := props{}
	check := map[string]func([]byte) error{
		"FuzzSnapshot": p.snapshot, "FuzzWAL": p.wal, "FuzzValue": p.value, "FuzzRoundTrip": p.roundTrip,
		"FuzzScript": checkScript, "FuzzWorkload": CheckWorkload, "FuzzCSV": CheckCSV,
	}[target]
	if check == nil {
		return nil
	}
	return func(data []byte) error { return guard(func() error { return check(data) }) }
}

func (p props) heapAllocs(f func()) uint64 {
	if !p.metered {
		f()
		return 0
	}
	return heapAllocs(f)
}

func (p props) within(what string, budget uint64, f func()) error {
	if !p.metered {
		f()
		return nil
	}
	return within(what, budget, f)
}

// within runs f and reports an error when it allocates more than budget.
func within(what string, budget uint64, f func()) error {
	if got := heapAllocs(f); got > budget {
		return fmt.Errorf("%s allocated %d bytes, over its budget of %d", what, got, budget)
	}
	return nil
}

// classes are the error classes; an error must wrap exactly one.
var classes = []error{
	format.ErrBadMagic, format.ErrUnsupportedVersion, format.ErrTruncated, format.ErrCorrupt,
	format.ErrChecksum, format.ErrTornTail, format.ErrInconsistent,
}

// Class sets: which classes an entry point may report.
var (
	snapshotClasses = []error{format.ErrBadMagic, format.ErrUnsupportedVersion, format.ErrTruncated, format.ErrCorrupt}
	walClasses      = []error{format.ErrBadMagic, format.ErrUnsupportedVersion, format.ErrTruncated, format.ErrCorrupt,
		format.ErrChecksum, format.ErrTornTail}
	valueClasses = []error{format.ErrUnsupportedVersion, format.ErrTruncated, format.ErrCorrupt}
)

// typed checks the error contract of spec/hardening.md: nil, or a
// *format.DecodeError wrapping exactly one class out of allowed, at an
// offset within 0..size, with a reason, whose message names the offset.
func typed(what string, err error, size int64, allowed []error) error {
	if err == nil {
		return nil
	}
	var de *format.DecodeError
	if !errors.As(err, &de) {
		return fmt.Errorf("%s: error is a %T, not a *format.DecodeError: %v", what, err, err)
	}
	var found []string
	for _, c := range classes {
		if errors.Is(err, c) {
			found = append(found, c.Error())
		}
	}
	if len(found) != 1 {
		return fmt.Errorf("%s: error wraps %d classes %v, want exactly one: %v", what, len(found), found, err)
	}
	ok := false
	for _, c := range allowed {
		ok = ok || errors.Is(err, c)
	}
	switch {
	case !ok:
		return fmt.Errorf("%s cannot report %q: %v", what, found[0], err)
	case de.Offset < 0 || de.Offset > size:
		return fmt.Errorf("%s: error offset %d outside 0..%d: %v", what, de.Offset, size, err)
	case de.Reason == "":
		return fmt.Errorf("%s: error without a reason: %v", what, err)
	case !strings.Contains(err.Error(), fmt.Sprintf("offset %d", de.Offset)):
		return fmt.Errorf("%s: message does not name offset %d: %v", what, de.Offset, err)
	}
	return nil
}

// sameError requires two ways of reading the same bytes to fail alike.
func sameError(what string, got, want error) error {
	if (got == nil) != (want == nil) || (got != nil && got.Error() != want.Error()) {
		return fmt.Errorf("%s: error %v, but the whole-file decode says %v", what, got, want)
	}
	return nil
}

// shallow checks the nesting limit for every value in vs.
func shallow(vs []format.Value) error {
	for _, v := range vs {
		if d := format.ValueDepth(v); d > format.MaxValueDepth {
			return fmt.Errorf("a decoded value nests %d deep, over the limit of %d", d, format.MaxValueDepth)
		}
	}
	return nil
}

// sameBytes requires an encoder's output to equal the input.
func sameBytes(what string, got, want []byte) error {
	if bytes.Equal(got, want) {
		return nil
	}
	off := 0
	for off < len(got) && off < len(want) && got[off] == want[off] {
		off++
	}
	window := func(b []byte) []byte { return b[max(off-8, 0):min(off+8, len(b))] }
	return fmt.Errorf("%s: %d bytes, input %d bytes, first difference at offset %d: got % x, want % x",
		what, len(got), len(want), off, window(got), window(want))
}

// countWriter counts bytes and keeps none.
type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return len(p), nil
}

func sameFloat(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }

// sameValue compares property values exactly (doubles by bit pattern), in
// time linear in their size.
func sameValue(a, b format.Value) bool {
	switch x := a.(type) {
	case format.Double:
		y, ok := b.(format.Double)
		return ok && sameFloat(float64(x), float64(y))
	case format.List:
		y, ok := b.(format.List)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !sameValue(x[i], y[i]) {
				return false
			}
		}
		return true
	case format.Map:
		y, ok := b.(format.Map)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if x[i].Key != y[i].Key || !sameValue(x[i].Value, y[i].Value) {
				return false
			}
		}
		return true
	case format.Point2D:
		y, ok := b.(format.Point2D)
		return ok && x.SRID == y.SRID && sameFloat(x.X, y.X) && sameFloat(x.Y, y.Y)
	case format.Point3D:
		y, ok := b.(format.Point3D)
		return ok && x.SRID == y.SRID && sameFloat(x.X, y.X) && sameFloat(x.Y, y.Y) && sameFloat(x.Z, y.Z)
	case format.VectorIndexID:
		y, ok := b.(format.VectorIndexID)
		if !ok || len(x.Indexes) != len(y.Indexes) || len(x.Vector) != len(y.Vector) {
			return false
		}
		for i := range x.Indexes {
			if x.Indexes[i] != y.Indexes[i] {
				return false
			}
		}
		for i := range x.Vector {
			if !sameFloat(x.Vector[i], y.Vector[i]) {
				return false
			}
		}
		return true
	}
	return a == b // the other types are comparable, nil included
}

// SameModel reports whether two models (or any values built of them) are
// exactly the same: doubles by bit pattern (the model keeps -0 and NaN
// payloads, which reflect.DeepEqual does not tell apart), an empty slice
// equal to a nil one. It walks each value once; go-cmp is used only to
// describe a difference (diffModels), as its slice diff is slow on the
// model's nested values.
func SameModel(a, b any) bool { return sameModel(reflect.ValueOf(a), reflect.ValueOf(b)) }

func sameModel(a, b reflect.Value) bool {
	if a.Kind() != b.Kind() {
		return false
	}
	switch a.Kind() {
	case reflect.Float32, reflect.Float64:
		return sameFloat(a.Float(), b.Float())
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		if a.Kind() == reflect.Interface && a.Elem().Type() != b.Elem().Type() {
			return false
		}
		return sameModel(a.Elem(), b.Elem())
	case reflect.Struct:
		for i := range a.NumField() {
			if !sameModel(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Slice, reflect.Array:
		if a.Len() != b.Len() {
			return false
		}
		for i := range a.Len() {
			if !sameModel(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	}
	return a.Interface() == b.Interface()
}

// diffModels returns "" when want and got are the same model, and a go-cmp
// diff (-want +got) otherwise.
func diffModels(want, got any) string {
	if SameModel(want, got) {
		return ""
	}
	if d := cmp.Diff(want, got, modelOptions); d != "" {
		return d
	}
	return "(go-cmp sees no difference; SameModel does)"
}

// modelOptions make go-cmp compare as SameModel does: empty equals nil,
// doubles by bit pattern, property values by sameValue (go-cmp's own slice
// diff is exponential in their nesting depth).
var modelOptions = cmp.Options{
	cmp.FilterPath(func(p cmp.Path) bool { return p.Last().Type() != valueType }, cmpopts.EquateEmpty()),
	cmp.Comparer(func(a, b float64) bool { return sameFloat(a, b) }),
	cmp.Comparer(sameValue),
}

var valueType = reflect.TypeFor[format.Value]()
