package format

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// TestFeaturesMatchFeatureList keeps FeatureList, the Features struct and
// FeaturesOf in step: every listed feature has a field that turns on exactly
// at its first version.
func TestFeaturesMatchFeatureList(t *testing.T) {
	typ := reflect.TypeOf(Features{})
	if got, want := typ.NumField()-1, len(FeatureList); got != want {
		t.Fatalf("Features has %d feature fields, FeatureList %d", got, want)
	}
	prev := MinVersion
	for _, feat := range FeatureList {
		if _, ok := typ.FieldByName(feat.Name); !ok {
			t.Errorf("feature %s has no Features field", feat.Name)
		}
		if feat.First < prev || feat.First > MaxVersion {
			t.Errorf("feature %s: first version %d out of order", feat.Name, feat.First)
		}
		prev = feat.First
		for v := MinVersion; v <= MaxVersion; v++ {
			if got := FeaturesOf(v).Has(feat.Name); got != (v >= feat.First) {
				t.Errorf("FeaturesOf(%d).Has(%s) = %v", v, feat.Name, got)
			}
		}
	}
	if FeaturesOf(37).Has("NoSuchFeature") {
		t.Error("unknown feature reported as present")
	}
}

// TestFeatureTagsNameFeatures checks every `feature` struct tag in the model.
func TestFeatureTagsNameFeatures(t *testing.T) {
	models := []any{WALHeader{}, EdgePropertyDelta{}, TxnStart{}, TxnEnd{}, LabelPropertiesDelta{},
		VectorIndexDelta{}, TextIndexDelta{}, SnapshotMetadata{}, Indices{}, VectorIndex{}, TextIndex{}, EdgeIndices{}, Constraints{}}
	typ := reflect.TypeOf(Features{})
	tags := 0
	for _, m := range models {
		mt := reflect.TypeOf(m)
		for i := 0; i < mt.NumField(); i++ {
			if name := mt.Field(i).Tag.Get("feature"); name != "" {
				tags++
				if _, ok := typ.FieldByName(name); !ok {
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
	if ClassName(&UnsupportedVersionError{Version: 3}) != "unsupported_version" || ClassName(errors.New("io")) != "" {
		t.Error("wrapped or foreign errors misnamed")
	}
}

// TestDeltaAndValueFeatures: the features that add delta markers and value
// types are real features, and every delta marker has an answer.
func TestDeltaAndValueFeatures(t *testing.T) {
	known := func(name string) bool { return name == "" || FeaturesOf(MaxVersion).Has(name) }
	for m := Marker(0); ; m++ {
		name, ok := DeltaFeature(m)
		if ok != m.IsDelta() || !known(name) {
			t.Errorf("DeltaFeature(%s) = %q, %v", m, name, ok)
		}
		if first, _ := DeltaFirstVersion(m); ok && name != "" && !FeaturesOf(first).Has(name) {
			t.Errorf("%s: first version %d lacks %s", m, first, name)
		}
		if !known(ValueFeature(m)) {
			t.Errorf("ValueFeature(%s) = %q", m, ValueFeature(m))
		}
		if m == 0xff {
			break
		}
	}
	if ValueFeature(MarkerEnum) != "Enums" || ValueFeature(MarkerInt) != "" {
		t.Error("ValueFeature misnames enum or int values")
	}
	if name, _ := DeltaFeature(DeltaTTLOperation); name != "TTL" {
		t.Errorf("TTL_OPERATION added by %q", name)
	}
}
