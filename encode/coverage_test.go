package encode

import (
	"errors"
	"reflect"
	"testing"

	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
)

// A model field tagged `feature:"Name"` exists on disk only from that
// feature on. TestFeatureTagsChecked sets every tagged field, one at a time,
// in a model of the version just before the feature, and requires the checks
// to refuse it as unrepresentable, naming the feature. A tagged field in a
// model type with no placement below fails the test, so new fields cannot
// be dropped silently.

// placement puts a value of one model type into an otherwise valid model of
// version v and returns the check's verdict.
type placement func(v format.Version, x reflect.Value) error

func snapshotAt(v format.Version) *format.Snapshot {
	return &format.Snapshot{Version: v}
}

// inSnapshot places a value in a snapshot of the version that holds
// nothing else.
func inSnapshot(place func(m *format.Snapshot, x reflect.Value)) placement {
	return func(v format.Version, x reflect.Value) error {
		m := snapshotAt(v)
		place(m, x)
		return CheckSnapshot(m)
	}
}

func walAt(v format.Version, frames ...format.Frame) error {
	return checkWAL(&format.WAL{Header: format.WALHeader{Version: v}, Frames: frames}, &WALOptions{Verbatim: true})
}

var placements = map[reflect.Type]placement{
	reflect.TypeFor[format.Indices]():     inSnapshot(func(m *format.Snapshot, x reflect.Value) { m.Indices = x.Interface().(format.Indices) }),
	reflect.TypeFor[format.EdgeIndices](): inSnapshot(func(m *format.Snapshot, x reflect.Value) { m.EdgeIndices = x.Interface().(format.EdgeIndices) }),
	reflect.TypeFor[format.VectorIndex](): inSnapshot(func(m *format.Snapshot, x reflect.Value) {
		m.EdgeIndices.Vector = []format.VectorIndex{x.Interface().(format.VectorIndex)}
	}),
	reflect.TypeFor[format.TextIndex](): inSnapshot(func(m *format.Snapshot, x reflect.Value) {
		m.EdgeIndices.TextPresent, m.EdgeIndices.Text = true, []format.TextIndex{x.Interface().(format.TextIndex)}
	}),
	reflect.TypeFor[format.Constraints]():      inSnapshot(func(m *format.Snapshot, x reflect.Value) { m.Constraints = x.Interface().(format.Constraints) }),
	reflect.TypeFor[format.SnapshotMetadata](): inSnapshot(func(m *format.Snapshot, x reflect.Value) { m.Metadata = x.Interface().(format.SnapshotMetadata) }),
	reflect.TypeFor[format.WALHeader](): func(v format.Version, x reflect.Value) error {
		h := x.Interface().(format.WALHeader)
		h.Version = v
		return checkWAL(&format.WAL{Header: h}, &WALOptions{Verbatim: true})
	},
	reflect.TypeFor[format.EdgePropertyDelta](): func(v format.Version, x reflect.Value) error {
		d := x.Interface().(format.EdgePropertyDelta)
		d.Value = format.Null{}
		return walAt(v, format.Frame{Marker: format.DeltaEdgeSetProperty, Delta: d})
	},
	reflect.TypeFor[format.TxnStart](): func(v format.Version, x reflect.Value) error {
		return walAt(v, format.Frame{Marker: format.DeltaTransactionStart, Delta: x.Interface().(format.TxnStart)})
	},
	reflect.TypeFor[format.TxnEnd](): func(v format.Version, x reflect.Value) error {
		return walAt(v, format.Frame{Marker: format.DeltaTransactionEnd, Delta: x.Interface().(format.TxnEnd)})
	},
	reflect.TypeFor[format.LabelPropertiesDelta](): func(v format.Version, x reflect.Value) error {
		d := x.Interface().(format.LabelPropertiesDelta)
		d.Paths = []format.NamePath{{"p"}}
		return walAt(v, format.Frame{Marker: format.DeltaLabelPropertiesIndexCreate, Delta: d})
	},
	reflect.TypeFor[format.TextIndexDelta](): func(v format.Version, x reflect.Value) error {
		return walAt(v, format.Frame{Marker: format.DeltaTextIndexCreate, Delta: x.Interface().(format.TextIndexDelta)})
	},
	reflect.TypeFor[format.VectorIndexDelta](): func(v format.Version, x reflect.Value) error {
		d := x.Interface().(format.VectorIndexDelta)
		if d.Targets == nil {
			d.Targets = []string{"L"}
		}
		return walAt(v, format.Frame{Marker: format.DeltaVectorIndexCreate, Delta: d})
	},
}

// modelTypes returns every struct type reachable from the snapshot and WAL
// models (deltas listed explicitly: they hide behind an interface).
func modelTypes() []reflect.Type {
	seen := map[reflect.Type]bool{}
	var out []reflect.Type
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || seen[t] {
			return
		}
		seen[t] = true
		out = append(out, t)
		for i := range t.NumField() {
			walk(t.Field(i).Type)
		}
	}
	for _, x := range []any{format.Snapshot{}, format.WAL{},
		format.VertexDelta{}, format.LabelDelta{}, format.VertexPropertyDelta{}, format.EdgeDelta{},
		format.EdgePropertyDelta{}, format.TxnStart{}, format.TxnEnd{}, format.LabelOnlyDelta{},
		format.LabelStatsDelta{}, format.LabelPropertiesDelta{}, format.LabelPropertiesStatsDelta{},
		format.LabelPropertyDelta{}, format.UniqueConstraintDelta{}, format.TypeConstraintDelta{},
		format.EdgeTypeDelta{}, format.EdgeTypePropertyDelta{}, format.PropertyOnlyDelta{},
		format.TextIndexDelta{}, format.NameOnlyDelta{}, format.EnumCreateDelta{}, format.EnumAlterAddDelta{},
		format.EnumAlterUpdateDelta{}, format.VectorIndexDelta{}, format.TTLDelta{}, format.DescriptionDelta{}} {
		walk(reflect.TypeOf(x))
	}
	return out
}

func nonZero(t reflect.Type) reflect.Value {
	v := reflect.New(t).Elem()
	switch t.Kind() {
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Uint64, reflect.Uint32:
		v.SetUint(1)
	case reflect.String:
		v.SetString("x")
	case reflect.Slice:
		v = reflect.MakeSlice(t, 1, 1)
	case reflect.Pointer:
		v = reflect.New(t.Elem())
	default:
		panic("nonZero: " + t.String())
	}
	return v
}

func TestFeatureTagsChecked(t *testing.T) {
	n := 0
	for _, typ := range modelTypes() {
		for i := range typ.NumField() {
			fld := typ.Field(i)
			name := fld.Tag.Get("feature")
			if name == "" {
				continue
			}
			place, ok := placements[typ]
			if !ok {
				t.Errorf("%s.%s is tagged %s, but the test has no placement for %s", typ.Name(), fld.Name, name, typ.Name())
				continue
			}
			first := format.TagFeature(fld.Tag).First()
			if first <= format.MinVersion {
				t.Errorf("%s.%s: feature %q unknown or as old as the format", typ.Name(), fld.Name, name)
				continue
			}
			x := reflect.New(typ).Elem()
			x.Field(i).Set(nonZero(fld.Type))
			err := place(first-1, x)
			var me *ModelError
			if !errors.As(err, &me) || !errors.Is(err, ErrUnrepresentable) || !hasIssue(me, "", name, true) {
				t.Errorf("%s.%s set at %s (before %s): %v", typ.Name(), fld.Name, first-1, name, err)
				continue
			}
			// At the feature's first version the same value is accepted as
			// far as that feature goes.
			if err := place(first, x); errors.As(err, &me) && hasIssue(me, "", name, true) {
				t.Errorf("%s.%s refused at %s: %v", typ.Name(), fld.Name, first, err)
			}
			n++
		}
	}
	if n == 0 {
		t.Fatal("no tagged fields found")
	}
	t.Logf("%d feature-tagged fields checked", n)
}

// TestValueFeaturesAgree: the encoder refuses each value type exactly before
// the feature format.ValueFeature names for it (values from the v37 fixture,
// which holds every type).
func TestValueFeaturesAgree(t *testing.T) {
	seen := map[format.Marker]format.Value{}
	var add func(v format.Value)
	add = func(v format.Value) {
		seen[v.Marker()] = v
		if l, ok := v.(format.List); ok {
			for _, x := range l {
				add(x)
			}
		}
	}
	m := golden.FixtureSnapshot(format.MaxVersion)
	for _, r := range m.Vertices {
		for _, p := range r.Properties {
			add(p.Value)
		}
	}
	for mk := format.MarkerNull; mk <= format.MarkerVectorIndexID; mk++ {
		if mk == format.MarkerPropertyValue {
			continue
		}
		v, ok := seen[mk]
		if !ok {
			t.Errorf("the fixture has no %s value", mk)
			continue
		}
		name := format.ValueFeature(mk)
		if name == format.NoFeature {
			if _, feat, ok := checkValue(format.FeaturesOf(format.MinVersion), v); !ok {
				t.Errorf("%s refused at %s (feature %q)", mk, format.MinVersion, feat)
			}
			continue
		}
		first := name.First()
		if _, feat, ok := checkValue(format.FeaturesOf(first-1), v); ok || feat != name {
			t.Errorf("%s at %s: ok %v, feature %q; want refused for %s", mk, first-1, ok, feat, name)
		}
		if _, feat, ok := checkValue(format.FeaturesOf(first), v); !ok {
			t.Errorf("%s refused at %s (feature %q)", mk, first, feat)
		}
	}
}
