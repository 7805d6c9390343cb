package format

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// TestFeatureTable: features are listed in version order, each has a name
// that finds it again, and FeaturesOf turns each on exactly at its first version.
func TestFeatureTable(t *testing.T) {
	if len(FeatureList) != int(numFeatures)-1 {
		t.Fatalf("FeatureList has %d features, the table %d", len(FeatureList), numFeatures-1)
	}
	prev := MinVersion
	for _, feat := range FeatureList {
		if byName, ok := FeatureByName(feat.String()); !ok || byName != feat || feat.String() == "" || feat.Adds() == "" {
			t.Errorf("feature %d: name %q finds %v, %v; adds %q", feat, feat.String(), byName, ok, feat.Adds())
		}
		if feat.First() < prev || feat.First() > MaxVersion {
			t.Errorf("feature %s: first version %d out of order", feat, feat.First())
		}
		prev = feat.First()
		for v := MinVersion; v <= MaxVersion; v++ {
			if got := FeaturesOf(v).Has(feat); got != (v >= feat.First()) {
				t.Errorf("FeaturesOf(%d).Has(%s) = %v", v, feat, got)
			}
		}
	}
	if _, ok := FeatureByName("NoSuchFeature"); ok {
		t.Error("an unknown name finds a feature")
	}
	if !FeaturesOf(MinVersion).Has(NoFeature) {
		t.Error("a version lacks NoFeature")
	}
	var set FeatureSet
	set.Add(FeatTTL)
	set.Add(FeatCRC)
	if set.Len() != 2 || set.Oldest() != 36 || set.MissingIn(FeaturesOf(30)) != FeatCRC || set.MissingIn(FeaturesOf(36)) != NoFeature {
		t.Errorf("set %v: len %d, oldest %d", set, set.Len(), set.Oldest())
	}
	if b, _ := set.MarshalJSON(); string(b) != `["TTL","CRC"]` {
		t.Errorf("set marshals as %s", b)
	}
}

// TestFeatureTagsNameFeatures checks every `feature` struct tag in the model.
func TestFeatureTagsNameFeatures(t *testing.T) {
	models := []any{WALHeader{}, EdgePropertyDelta{}, TxnStart{}, TxnEnd{}, LabelPropertiesDelta{},
		VectorIndexDelta{}, TextIndexDelta{}, SnapshotMetadata{}, Indices{}, VectorIndex{}, TextIndex{}, EdgeIndices{}, Constraints{}}
	tags := 0
	for _, m := range models {
		mt := reflect.TypeOf(m)
		for i := 0; i < mt.NumField(); i++ {
			if name := mt.Field(i).Tag.Get("feature"); name != "" {
				tags++
				if f := TagFeature(mt.Field(i).Tag); f == NoFeature || f.String() != name {
					t.Errorf("%s.%s names unknown feature %q", mt.Name(), mt.Field(i).Name, name)
				}
			}
		}
	}
	if tags < 20 {
		t.Errorf("only %d feature tags found; the model lost its tags", tags)
	}
}

func TestWrittenBy(t *testing.T) {
	if got := WrittenBy(36); len(got) != 1 || got[0] != "3.12.0" {
		t.Errorf("WrittenBy(36) = %v", got)
	}
	for _, v := range []Version{26, 28, 29, 37} {
		if got := WrittenBy(v); len(got) != 0 {
			t.Errorf("WrittenBy(%d) = %v, want none (development builds)", v, got)
		}
	}
	for v := MinVersion; v <= MaxVersion; v++ {
		if v != 26 && v != 28 && v != 29 && v != 37 && len(WrittenBy(v)) == 0 {
			t.Errorf("no release writes version %d", v)
		}
	}
}

// TestClassNames: every class has a name, and DecodeError.Error prints it.
func TestClassNames(t *testing.T) {
	for _, c := range classNames {
		if ClassName(&DecodeError{Err: c.err}) != c.name {
			t.Errorf("%v named %q", c.err, ClassName(c.err))
		}
		msg := (&DecodeError{Offset: 7, Err: c.err, Reason: "r"}).Error()
		if want := "offset 7: " + strings.ReplaceAll(c.name, "_", " ") + ": r"; msg != want {
			t.Errorf("Error() = %q, want %q", msg, want)
		}
	}
	if ClassName(&UnsupportedVersionError{Version: 3}) != "unsupported_version" || ClassName(errors.New("io")) != ClassIO || ClassName(nil) != "" {
		t.Error("wrapped or foreign errors misnamed")
	}
}

// TestDeltaAndValueFeatures: every delta marker has an answer, and the
// feature that adds a delta marker exists from its first version.
func TestDeltaAndValueFeatures(t *testing.T) {
	for m := Marker(0); ; m++ {
		feat, ok := DeltaFeature(m)
		if ok != m.IsDelta() || feat >= numFeatures {
			t.Errorf("DeltaFeature(%s) = %v, %v", m, feat, ok)
		}
		if first, _ := DeltaFirstVersion(m); ok && !FeaturesOf(first).Has(feat) {
			t.Errorf("%s: first version %d lacks %s", m, first, feat)
		}
		if ValueFeature(m) >= numFeatures {
			t.Errorf("ValueFeature(%s) = %v", m, ValueFeature(m))
		}
		if m == 0xff {
			break
		}
	}
	if ValueFeature(MarkerEnum) != FeatEnums || ValueFeature(MarkerInt) != NoFeature {
		t.Error("ValueFeature misnames enum or int values")
	}
	if feat, _ := DeltaFeature(DeltaTTLOperation); feat != FeatTTL {
		t.Errorf("TTL_OPERATION added by %q", feat)
	}
}
