package fuzz

import (
	"fmt"
	"slices"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
)

// ValueBuilder is a decode.ValueVisitor that builds the format.Value it is
// handed, so that what a visitor is handed can be held to what the decoder
// builds.
type ValueBuilder struct {
	open []container // the lists and maps being filled, innermost last
	done format.Value
}

type container struct {
	list   format.List
	m      format.Map
	isMap  bool
	n      int    // elements to come
	key    string // a map's key waiting for its value
	hasKey bool
}

// Value returns the value built since the last call and forgets it; nil
// when none is complete.
func (b *ValueBuilder) Value() format.Value {
	v := b.done
	b.open, b.done = b.open[:0], nil
	return v
}

// add places a complete value: in the innermost open container, or as the
// result; containers that fill up close in turn.
func (b *ValueBuilder) add(v format.Value) {
	for {
		k := len(b.open)
		if k == 0 {
			b.done = v
			return
		}
		c := &b.open[k-1]
		if c.isMap {
			c.m = append(c.m, format.MapEntry{Key: c.key, Value: v})
			c.hasKey = false
		} else {
			c.list = append(c.list, v)
		}
		c.n--
		if c.n > 0 {
			return
		}
		b.open = b.open[:k-1]
		if c.isMap {
			v = c.m
		} else {
			v = c.list
		}
	}
}

func (b *ValueBuilder) Null()            { b.add(format.Null{}) }
func (b *ValueBuilder) Bool(x bool)      { b.add(format.Bool(x)) }
func (b *ValueBuilder) Int(x int64)      { b.add(format.Int(x)) }
func (b *ValueBuilder) Double(x float64) { b.add(format.Double(x)) }
func (b *ValueBuilder) String(s []byte)  { b.add(format.String(s)) }

// List and Map build what the decoder builds: an empty slice, never nil.
func (b *ValueBuilder) List(n int) {
	if n == 0 {
		b.add(format.List{})
		return
	}
	b.open = append(b.open, container{list: make(format.List, 0, min(n, 64)), n: n})
}

func (b *ValueBuilder) Map(n int) {
	if n == 0 {
		b.add(format.Map{})
		return
	}
	b.open = append(b.open, container{m: make(format.Map, 0, min(n, 64)), isMap: true, n: n})
}

func (b *ValueBuilder) Key(k []byte) {
	if n := len(b.open); n > 0 {
		b.open[n-1].key, b.open[n-1].hasKey = string(k), true
	}
}

func (b *ValueBuilder) Temporal(t format.Temporal) { b.add(t) }

func (b *ValueBuilder) Zoned(z format.ZonedTemporal, zone []byte) {
	if z.ZoneIsName {
		z.ZoneName = string(zone)
	}
	b.add(z)
}

func (b *ValueBuilder) Enum(e format.Enum)       { b.add(e) }
func (b *ValueBuilder) Point2D(p format.Point2D) { b.add(p) }
func (b *ValueBuilder) Point3D(p format.Point3D) { b.add(p) }

// Vector keeps copies: v's slices are the visit's.
func (b *ValueBuilder) Vector(v format.VectorIndexID) {
	b.add(format.VectorIndexID{Indexes: slices.Clone(v.Indexes), Vector: slices.Clone(v.Vector)})
}

var _ decode.ValueVisitor = (*ValueBuilder)(nil)

// sameVisit checks that a value read through a ValueVisitor (visit) is the
// value the decoder built (want, wantErr), or fails with its error.
func sameVisit(what string, visit func(decode.ValueVisitor) error, want format.Value, wantErr error) error {
	var b ValueBuilder
	err := visit(&b)
	if e := sameError(what+" through a ValueVisitor", err, wantErr); e != nil {
		return e
	}
	if got := b.Value(); err == nil && !sameValue(got, want) {
		return fmt.Errorf("%s through a ValueVisitor: %#v, the decoder builds %#v", what, got, want)
	}
	return nil
}
