package golden

import (
	"bytes"
	"reflect"
	"slices"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
)

// The fixture files are checked for what they contain by walking their
// decoded models, with no per-version list: a feature counts as used when
// the model holds a non-zero field tagged with it, a delta marker it adds
// (format.DeltaFeature), a value type it adds (format.ValueFeature), a
// snapshot section it adds that is not empty, or one of the few shapes
// that have none of these (shapeFeatures).

// usage is what one decoded file exercises.
type usage struct {
	features map[format.Feature]bool
	values   map[string]bool // value markers, temporal types, zone kinds seen
}

func newUsage() *usage { return &usage{features: map[format.Feature]bool{}, values: map[string]bool{}} }

func (u *usage) use(feature format.Feature) {
	if feature != format.NoFeature {
		u.features[feature] = true
	}
}

var (
	valueType     = reflect.TypeFor[format.Value]()
	propPathsType = reflect.TypeFor[[]format.PropertyPath]()
	namePathsType = reflect.TypeFor[[]format.NamePath]()
)

// walk records the tags, value types and index shapes found in x.
func (u *usage) walk(x reflect.Value) {
	switch x.Kind() {
	case reflect.Interface:
		if x.IsNil() {
			return
		}
		if x.Type() == valueType {
			u.value(x.Interface().(format.Value))
		}
		u.walk(x.Elem())
	case reflect.Pointer:
		if !x.IsNil() {
			u.walk(x.Elem())
		}
	case reflect.Struct:
		t := x.Type()
		for i := range t.NumField() {
			if !t.Field(i).IsExported() {
				continue
			}
			if !isEmpty(x.Field(i)) {
				u.use(format.TagFeature(t.Field(i).Tag))
			}
			u.walk(x.Field(i))
		}
	case reflect.Slice, reflect.Array:
		if x.Type() == propPathsType || x.Type() == namePathsType {
			u.paths(x)
		}
		for i := range x.Len() {
			u.walk(x.Index(i))
		}
	}
}

func (u *usage) value(v format.Value) {
	u.use(format.ValueFeature(v.Marker()))
	u.values[v.Marker().String()] = true
	switch v := v.(type) {
	case format.Temporal:
		u.values[v.Type.String()] = true
	case format.ZonedTemporal:
		u.values[map[bool]string{true: "zone name", false: "zone offset"}[v.ZoneIsName]] = true
	}
}

// isEmpty is IsZero with empty slices counted as zero, as decoders may
// return them for empty lists.
func isEmpty(x reflect.Value) bool {
	switch x.Kind() {
	case reflect.Slice:
		return x.Len() == 0
	case reflect.Struct:
		for i := range x.NumField() {
			if !isEmpty(x.Field(i)) {
				return false
			}
		}
		return true
	}
	return x.IsZero()
}

// paths: several paths make a composite index, a path of several names a nested one.
func (u *usage) paths(x reflect.Value) {
	if x.Len() > 1 {
		u.use(format.FeatCompositeIndices)
	}
	for i := range x.Len() {
		if x.Index(i).Len() > 1 {
			u.use(format.FeatNestedIndices)
		}
	}
}

// sectionFeature names the feature that adds the snapshot section slot, by
// comparing the slots of the newest version with and without each feature.
func sectionFeature(slot format.OffsetSlot) format.Feature {
	for _, feat := range format.FeatureList {
		f := format.FeaturesOf(format.MaxVersion)
		f.Set = f.Set.Without(feat)
		if !slices.Contains(format.SnapshotOffsetSlots(f), slot) {
			return feat
		}
	}
	return format.NoFeature
}

// sectionHolds reports whether the model has something in the section.
func sectionHolds(t *testing.T, m *format.Snapshot, slot format.OffsetSlot) bool {
	switch slot {
	case format.OffsetEdges:
		return len(m.Edges) > 0
	case format.OffsetVertices:
		return len(m.Vertices) > 0
	case format.OffsetIndices:
		return !isEmpty(reflect.ValueOf(m.Indices))
	case format.OffsetEdgeIndices:
		return !isEmpty(reflect.ValueOf(m.EdgeIndices))
	case format.OffsetConstraints:
		return !isEmpty(reflect.ValueOf(m.Constraints))
	case format.OffsetMapper:
		return len(m.Mapper) > 0
	case format.OffsetEnums:
		return len(m.Enums) > 0
	case format.OffsetEpochHistory:
		return len(m.EpochHistory) > 0
	case format.OffsetMetadata:
		return m.Metadata.VertexCount > 0
	case format.OffsetEdgeBatches:
		return len(m.EdgeBatches) > 0
	case format.OffsetVertexBatches:
		return len(m.VertexBatches) > 0
	case format.OffsetTTL:
		return m.TTL != nil && m.TTL.Enabled
	case format.OffsetDescriptions:
		return len(m.Descriptions) > 0
	}
	t.Fatalf("no content rule for snapshot section %s", slot)
	return false
}

func snapshotUsage(t *testing.T, m *format.Snapshot) *usage {
	u := newUsage()
	// The one tagged field whose value without the feature is not zero:
	// the durable timestamp then equals the start timestamp.
	c := *m
	if c.Metadata.DurableTimestamp == c.Metadata.StartTimestamp {
		c.Metadata.DurableTimestamp = 0
	}
	u.walk(reflect.ValueOf(c))
	for _, slot := range format.SnapshotOffsetSlots(format.FeaturesOf(m.Version)) {
		if sectionHolds(t, m, slot) {
			u.use(sectionFeature(slot))
		}
	}
	shapeFeatures(u, m.EdgeIndices, m.Descriptions)
	return u
}

func walUsage(m *format.WAL) *usage {
	u := newUsage()
	u.walk(reflect.ValueOf(*m))
	var descs []format.Description
	for i, fr := range m.Frames {
		name, _ := format.DeltaFeature(fr.Marker)
		u.use(name)
		u.values[fr.Marker.String()] = true
		// A metadata delta inside a transaction closed by TRANSACTION_END.
		if format.IsMetadataDelta(fr.Marker) && i+1 < len(m.Frames) && m.Frames[i+1].Marker == format.DeltaTransactionEnd {
			u.use(format.FeatMetadataTxnEnd)
		}
		if d, ok := fr.Delta.(format.DescriptionDelta); ok {
			descs = append(descs, d.Description)
		}
	}
	shapeFeatures(u, format.EdgeIndices{}, descs)
	return u
}

// shapeFeatures: vector index entries and the PROPERTY_VALUE description
// kind have neither tag nor marker of their own.
func shapeFeatures(u *usage, ei format.EdgeIndices, descs []format.Description) {
	for _, x := range ei.Vector {
		if len(x.Entries) > 0 {
			u.use(format.FeatVectorIndexID)
		}
	}
	for _, x := range ei.VectorEdge {
		if len(x.Entries) > 0 {
			u.use(format.FeatVectorEdgeEntries)
		}
	}
	for _, d := range descs {
		if d.Kind == format.DescPropertyValue {
			u.use(format.FeatPropertyValueDescription)
		}
	}
}

func featureNames(f format.Features) map[format.Feature]bool {
	out := map[format.Feature]bool{}
	for _, feat := range f.Set.List() {
		out[feat] = true
	}
	return out
}

func keys(m map[format.Feature]bool) []format.Feature {
	var out []format.Feature
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func decodeFixtures(t *testing.T, v format.Version) (*format.Snapshot, *format.WAL) {
	t.Helper()
	path, data := readTestdata(t, fixtureDir(v)+"/snapshot.bin")
	s, err := decode.DecodeSnapshot(bytes.NewReader(data), int64(len(data)), path)
	if err != nil {
		t.Fatal(err)
	}
	path, data = readTestdata(t, fixtureDir(v)+"/wal.bin")
	w, err := decode.DecodeWAL(bytes.NewReader(data), int64(len(data)), path)
	if err != nil {
		t.Fatal(err)
	}
	return s, w
}

// typeTags adds the feature tags of every struct type reachable from t.
func typeTags(t reflect.Type, seen map[reflect.Type]bool, out map[format.Feature]bool) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || seen[t] {
		return
	}
	seen[t] = true
	for i := range t.NumField() {
		out[format.TagFeature(t.Field(i).Tag)] = true
		typeTags(t.Field(i).Type, seen, out)
	}
}

// applicable lists the features a file kind has a place for: tags in its
// model types, the value types both kinds store, the sections of a
// snapshot, the deltas of a WAL (their payload types taken from frames),
// and whatever the v37 fixture of that kind uses by shape.
func applicable(model any, frames []format.Frame, used37 map[format.Feature]bool) map[format.Feature]bool {
	out := map[format.Feature]bool{}
	seen := map[reflect.Type]bool{}
	typeTags(reflect.TypeOf(model), seen, out)
	for _, fr := range frames {
		typeTags(reflect.TypeOf(fr.Delta), seen, out)
		name, _ := format.DeltaFeature(fr.Marker)
		out[name] = true
	}
	for m := format.MarkerNull; m <= format.MarkerVectorIndexID; m++ {
		out[format.ValueFeature(m)] = true
	}
	if _, ok := model.(format.Snapshot); ok {
		for slot := range format.OffsetSlot(len(format.Offsets{})) {
			out[sectionFeature(slot)] = true
		}
	}
	for name := range used37 {
		out[name] = true
	}
	delete(out, format.NoFeature)
	return out
}

// TestFixtureFeatures: each version's fixture files together use every
// feature of that version, each file uses every one its kind has a place
// for, and neither uses a feature the version lacks.
func TestFixtureFeatures(t *testing.T) {
	s37, w37 := decodeFixtures(t, format.MaxVersion)
	inSnapshots := applicable(format.Snapshot{}, nil, snapshotUsage(t, s37).features)
	inWALs := applicable(format.WAL{}, w37.Frames, walUsage(w37).features)
	t.Logf("snapshot features: %v", keys(inSnapshots))
	t.Logf("WAL features: %v", keys(inWALs))
	for _, v := range fixtureVersions() {
		s, w := decodeFixtures(t, v)
		have := featureNames(format.FeaturesOf(v))
		su, wu := snapshotUsage(t, s).features, walUsage(w).features
		for name := range have {
			switch {
			case !su[name] && !wu[name]:
				t.Errorf("%s: no fixture uses feature %s", v, name)
			case inSnapshots[name] && !su[name]:
				t.Errorf("%s: the snapshot fixture does not use %s", v, name)
			case inWALs[name] && !wu[name]:
				t.Errorf("%s: the WAL fixture does not use %s", v, name)
			}
		}
		for kind, used := range map[string]map[format.Feature]bool{"snapshot": su, "WAL": wu} {
			for name := range used {
				if !have[name] {
					t.Errorf("%s: the %s fixture uses %s, which the version lacks", v, kind, name)
				}
			}
		}
	}
}

// TestFixtureCoverage: beyond features, each version's fixtures hold every
// value type, temporal type and zone kind the version can store (in both
// files), every delta the version can write, and at least one entry in
// every index and constraint list of the version's snapshot.
func TestFixtureCoverage(t *testing.T) {
	for _, v := range fixtureVersions() {
		f := format.FeaturesOf(v)
		s, w := decodeFixtures(t, v)
		su, wu := snapshotUsage(t, s), walUsage(w)
		var want []string
		for m := format.MarkerNull; m <= format.MarkerVectorIndexID; m++ {
			if m != format.MarkerPropertyValue && f.Has(format.ValueFeature(m)) {
				want = append(want, m.String())
			}
		}
		for tt := format.TemporalDate; tt <= format.TemporalDuration; tt++ {
			want = append(want, tt.String())
		}
		if f.Has(format.FeatZonedTemporal) {
			want = append(want, "zone name", "zone offset")
		}
		for _, x := range want {
			if !su.values[x] {
				t.Errorf("%s: the snapshot fixture has no %s value", v, x)
			}
			if !wu.values[x] {
				t.Errorf("%s: the WAL fixture has no %s value", v, x)
			}
		}
		for m := format.DeltaVertexCreate; m <= format.DeltaGlobalVertexPropertyIndexDrop; m++ {
			if name, ok := format.DeltaFeature(m); ok && f.Has(name) && !wu.values[m.String()] {
				t.Errorf("%s: the WAL fixture has no %s delta", v, m)
			}
		}
		for _, sec := range []any{s.Indices, s.EdgeIndices, s.Constraints} {
			x := reflect.ValueOf(sec)
			for i := range x.NumField() {
				fld := x.Type().Field(i)
				if fld.Type.Kind() != reflect.Slice {
					continue
				}
				if _, edge := sec.(format.EdgeIndices); edge && !f.Has(format.FeatEdgeIndices) {
					continue
				}
				if f.Has(format.TagFeature(fld.Tag)) && x.Field(i).Len() == 0 {
					t.Errorf("%s: the snapshot fixture has no %s.%s", v, x.Type().Name(), fld.Name)
				}
			}
		}
	}
}

// TestFixtureJSON: every model value of every fixture has a JSON form:
// format.AppendJSON refuses a field without a json tag, and each tag is
// the key the text dump prints (both read the tag), so a field added to
// the model without one fails here for the versions that hold it.
func TestFixtureJSON(t *testing.T) {
	for _, v := range fixtureVersions() {
		s, w := decodeFixtures(t, v)
		values := []any{*s, w.Header}
		for _, fr := range w.Frames {
			values = append(values, fr.Delta)
		}
		for _, x := range values {
			if _, err := format.AppendJSON(nil, x); err != nil {
				t.Fatalf("%s: %T: %v", v, x, err)
			}
		}
	}
}
