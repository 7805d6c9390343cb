package fuzz

import (
	"errors"
	"math"
	"math/rand"
	"os"
	"strings"
	"testing"

	"github.com/durascope/durascope/format"
)

// TestHarness: the property plumbing reports what it must (a property
// that cannot fail would let every fuzz run pass).
func TestHarness(t *testing.T) {
	if err := guard(func() error { var m map[string]int; m["x"] = 1; return nil }); err == nil ||
		!strings.Contains(err.Error(), "panic: assignment to entry in nil map") || !strings.Contains(err.Error(), "check_test.go") {
		t.Errorf("guard of a panic: %v; want the panic and its stack", err)
	}
	var sink []byte
	if err := within("bomb", 1<<20, func() { sink = make([]byte, 8<<20) }); err == nil || len(sink) == 0 {
		t.Error("within: an 8 MiB allocation passes a 1 MiB budget")
	}
	if err := within("small", 1<<20, func() { sink = make([]byte, 1<<10) }); err != nil {
		t.Errorf("within: %v", err)
	}
	de := func(offset int64, class error) error {
		return &format.DecodeError{Offset: offset, Err: class, Reason: "r"}
	}
	for _, c := range []struct {
		name string
		err  error
		ok   bool
	}{
		{"nil", nil, true},
		{"typed", de(3, format.ErrTruncated), true},
		{"not a DecodeError", errors.New("x"), false},
		{"no class", de(3, errors.New("x")), false},
		{"two classes", de(3, errors.Join(format.ErrCorrupt, format.ErrTruncated)), false},
		{"class not allowed", de(3, format.ErrChecksum), false},
		{"offset past the end", de(11, format.ErrCorrupt), false},
		{"negative offset", de(-1, format.ErrCorrupt), false},
		{"no reason", &format.DecodeError{Err: format.ErrCorrupt}, false},
	} {
		if err := typed("x", c.err, 10, snapshotClasses); (err == nil) != c.ok {
			t.Errorf("typed(%s): %v", c.name, err)
		}
	}
	deep := format.Value(format.Null{})
	for range format.MaxValueDepth + 1 {
		deep = format.List{deep}
	}
	if shallow([]format.Value{deep}) == nil || shallow([]format.Value{deep.(format.List)[0]}) != nil {
		t.Error("shallow: the depth limit is not exact")
	}
	if sameValue(format.Double(0), format.Double(math.Copysign(0, -1))) || !sameValue(format.Double(math.NaN()), format.Double(math.NaN())) {
		t.Error("sameValue: doubles must compare by bit pattern")
	}
	if d := diffModels(&format.Snapshot{Mapper: []format.MapperEntry{}}, &format.Snapshot{}); d != "" {
		t.Errorf("diffModels: an empty and a nil list differ: %s", d)
	}
	if d := diffModels(format.List{format.Int(1)}, format.List{format.Int(2)}); d == "" {
		t.Error("diffModels: [1] and [2] are the same")
	}
	if sameBytes("x", []byte{1, 2}, []byte{1, 2}) != nil || sameBytes("x", []byte{1, 2}, []byte{1, 3}) == nil {
		t.Error("sameBytes")
	}
	// verifyAgrees on a file that verifies clean: no problem, unless a
	// reader is said to refuse it (a wrong clean).
	clean, err := os.ReadFile("../golden/testdata/examples/snapshot_v37.bin")
	if err != nil {
		t.Fatal(err)
	}
	if err := metered.verifyAgrees(clean, ""); err != nil {
		t.Errorf("verifyAgrees of the example snapshot: %v", err)
	}
	if err := metered.verifyAgrees(clean, "a reader refuses it"); err == nil || !strings.Contains(err.Error(), "verify finds no error, but a reader refuses it") {
		t.Errorf("verifyAgrees of a clean file a reader refuses: %v", err)
	}
}

// TestGeneratorCoverage: the structure-aware generator builds, in every
// version, every delta that version has and every property value type,
// nested up to the depth limit (a kind it never builds would be a kind
// CheckRoundTrip never tests).
func TestGeneratorCoverage(t *testing.T) {
	for m := format.Marker(0); m < 0xff; m++ {
		if _, ok := format.DeltaFirstVersion(m); ok && m != format.DeltaTransactionStart && m != format.DeltaTransactionEnd && deltaPayloads[m] == nil {
			t.Errorf("no payload generator for delta %s", m)
		}
	}
	r := rand.New(rand.NewSource(1))
	for v := format.MinVersion; v <= format.MaxVersion; v++ {
		f := format.FeaturesOf(v)
		kinds := map[format.Marker]bool{}
		deltas := map[format.Marker]bool{}
		maxDepth := 0
		for range 300 {
			b := make([]byte, 400)
			r.Read(b)
			for _, val := range snapshotValues(newGen(&source{b: b}, v).snapshot()) {
				maxDepth = max(maxDepth, format.ValueDepth(val))
				walk(val, func(x format.Value) { kinds[x.Marker()] = true })
			}
			for _, fr := range newGen(&source{b: b}, v).frames() {
				deltas[fr.Marker] = true
			}
		}
		for m := format.MarkerNull; m <= format.MarkerVectorIndexID; m++ {
			if _, ok := f.ValueType(m); ok && m != format.MarkerPropertyValue && !kinds[m] {
				t.Errorf("%s: no %s value generated", v, m)
			}
			if _, ok := f.ValueType(m); !ok && kinds[m] {
				t.Errorf("%s: %s value generated, the version lacks it", v, m)
			}
		}
		if maxDepth != format.MaxValueDepth {
			t.Errorf("%s: values nest at most %d deep, want the limit %d", v, maxDepth, format.MaxValueDepth)
		}
		for m := format.Marker(0); m < 0xff; m++ {
			if first, ok := format.DeltaFirstVersion(m); ok && first <= v && !deltas[m] {
				t.Errorf("%s: delta %s never generated", v, m)
			}
		}
	}
}

func walk(v format.Value, fn func(format.Value)) {
	fn(v)
	switch x := v.(type) {
	case format.List:
		for _, e := range x {
			walk(e, fn)
		}
	case format.Map:
		for _, e := range x {
			walk(e.Value, fn)
		}
	}
}

// TestRoundTripRandom runs CheckRoundTrip on pseudo-random inputs: every
// `go test` builds, writes and reads back a few hundred models.
func TestRoundTripRandom(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	n := 400
	if testing.Short() {
		n = 50
	}
	for i := range n {
		b := make([]byte, 16+r.Intn(3000))
		r.Read(b)
		if err := CheckRoundTrip(b); err != nil {
			t.Fatalf("input %d: %v", i, err)
		}
	}
}

func TestSortLabelRuns(t *testing.T) {
	for in, want := range map[string]string{
		"SET DESCRIPTION ON LABEL :`Scientist` :`Person` \"x\";":              "SET DESCRIPTION ON LABEL :`Person` :`Scientist` \"x\";",
		"SET DESCRIPTION ON LABEL PROPERTY :`b``x` :`a`(`p`) \"t\";":          "SET DESCRIPTION ON LABEL PROPERTY :`a` :`b``x`(`p`) \"t\";",
		"SET DESCRIPTION ON EDGE TYPE (:`P` :`E`)-[:`M`]->(:`S` :`A`) \"t\";": "SET DESCRIPTION ON EDGE TYPE (:`E` :`P`)-[:`M`]->(:`A` :`S`) \"t\";",
		"SET DESCRIPTION ON EDGE TYPE :`KNOWS` \"acquaintance\";":             "SET DESCRIPTION ON EDGE TYPE :`KNOWS` \"acquaintance\";",
		"SET DESCRIPTION ON LABEL :`unterminated":                             "SET DESCRIPTION ON LABEL :`unterminated",
		"SET DESCRIPTION ON LABEL :`B` :`A` :`C`x":                            "SET DESCRIPTION ON LABEL :`A` :`B` :`C`x",
	} {
		if got := sortLabelRuns(in); got != want {
			t.Errorf("sortLabelRuns(%q)\n got %q\nwant %q", in, got, want)
		}
	}
}
