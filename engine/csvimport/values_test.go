package csvimport

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/durascope/durascope/format"
)

// TestParseCInt: what a C++ stream extracting an int64 in the classic
// locale accepts, whole-text.
func TestParseCInt(t *testing.T) {
	for in, want := range map[string]int64{
		"5": 5, "-5": -5, "+5": 5, "007": 7, " 7": 7, "\t\v\f7": 7, "-0": 0,
		"9223372036854775807": math.MaxInt64, "-9223372036854775808": math.MinInt64,
	} {
		if got, ok := parseCInt([]byte(in)); !ok || got != want {
			t.Errorf("%q: %d %v, want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", " ", "-", "+", "5 ", "2asd", "0x10", "1e3", "1.0", "+-5", "9223372036854775808",
		"-9223372036854775809", "99999999999999999999", "١"} {
		if got, ok := parseCInt([]byte(in)); ok {
			t.Errorf("%q: accepted as %d", in, got)
		}
	}
}

// TestParseCDouble: the same for a double: no inf, nan or hexadecimal,
// overflow refused, underflow accepted.
func TestParseCDouble(t *testing.T) {
	for in, want := range map[string]float64{
		"3.141": 3.141, "1e5": 1e5, "1E-2": 0.01, ".5": 0.5, "5.": 5, "+.5e-3": 0.0005, " 2": 2, "-0": math.Copysign(0, -1),
		"1e-400": 0, "007.5": 7.5,
	} {
		got, ok := parseCDouble([]byte(in))
		if !ok || got != want || math.Signbit(got) != math.Signbit(want) {
			t.Errorf("%q: %v %v, want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"", " ", "2.0asd", "1e", "1e+", "e5", ".", "-.", "inf", "nan", "Infinity", "0x1p3",
		"1e400", "-1e400", "1.2.3", "1_0", "5 ", "1e5e5", "+-1"} {
		if got, ok := parseCDouble([]byte(in)); ok {
			t.Errorf("%q: accepted as %v", in, got)
		}
	}
}

// TestConvert: property values by type, arrays, booleans, the empty
// field, and the unknown type found only when there is a value to convert
// (as the old tool found it).
func TestConvert(t *testing.T) {
	col := func(typ string) *column {
		h, bad, why := parseHeader([]string{"p:" + typ}, false)
		if bad >= 0 {
			t.Fatal(why)
		}
		return &h.cols[0]
	}
	conv := converter{arrayDelim: []byte(";")}
	ignore := converter{arrayDelim: []byte("ÖÖ"), ignoreEmpty: true}
	for _, c := range []struct {
		cv   converter
		typ  string
		in   string
		want format.Value // nil: null
	}{
		{conv, "int", "42", format.Int(42)},
		{conv, "short", "-1", format.Int(-1)},
		{conv, "double", "2.5", format.Double(2.5)},
		{conv, "boolean", "TRUE", format.Bool(true)},
		{conv, "bool", "yes", format.Bool(false)},
		{conv, "bool", "", format.Bool(false)},
		{conv, "string", "", format.String("")},
		{conv, "char", "x", format.String("x")},
		{conv, "string[]", "", format.List{}},
		{conv, "string[]", "a;;b;", format.List{format.String("a"), format.String(""), format.String("b"), format.String("")}},
		{conv, "int[]", "1;2", format.List{format.Int(1), format.Int(2)}},
		{conv, "int[]", "", format.List{}},
		{conv, "nosuch[]", "", format.List{}},
		{ignore, "string", "", nil},
		{ignore, "int", "", nil},
		{ignore, "nosuch", "", nil},
		{ignore, "double[]", "1ÖÖ2.5", format.List{format.Double(1), format.Double(2.5)}},
	} {
		b, null, err := c.cv.appendValue(nil, []byte(c.in), col(c.typ))
		if err != nil {
			t.Errorf("%s %q: %v", c.typ, c.in, err.reason)
			continue
		}
		if null != (c.want == nil) {
			t.Errorf("%s %q: null %v", c.typ, c.in, null)
			continue
		}
		if null {
			continue
		}
		got, rest, derr := decodeValue(b)
		if derr != nil || len(rest) > 0 {
			t.Errorf("%s %q: decode %v, %d left", c.typ, c.in, derr, len(rest))
			continue
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("%s %q: %s", c.typ, c.in, diff)
		}
	}
	for _, c := range []struct {
		typ, in string
		want    Problem
	}{
		{"int", "", ProblemBadInteger},
		{"int", "2asd", ProblemBadInteger},
		{"int[]", "1;x", ProblemBadInteger},
		{"double", "2.0asd", ProblemBadDouble},
		{"INT", "1", ProblemUnknownType},
		{"nosuch[]", "x", ProblemUnknownType},
		{"ID", "1", ProblemUnknownType},
	} {
		_, _, err := conv.appendValue(nil, []byte(c.in), col(c.typ))
		if err == nil || err.problem != c.want {
			t.Errorf("%s %q: %v, want %s", c.typ, c.in, err, c.want)
		}
	}
}

// TestHeader: name[:type] with the type trimmed and case-sensitive, the
// column kinds of each file kind, ID spaces by the old pattern.
func TestHeader(t *testing.T) {
	h, bad, _ := parseHeader([]string{"id:ID(user)", " name ", "n: int ", ":LABEL", "x:IGNORE", ":id", "v:TYPE"}, false)
	if bad >= 0 {
		t.Fatal(bad)
	}
	want := []struct {
		name  string
		kind  colKind
		elem  scalar
		space string
	}{
		{"id", colID, 0, "user"}, {" name ", colProperty, scalarString, ""}, {"n", colProperty, scalarInt, ""},
		{"", colLabel, 0, ""}, {"x", colIgnore, 0, ""}, {"", colProperty, scalarUnknown, ""}, {"v", colProperty, scalarUnknown, ""},
	}
	for i, w := range want {
		c := h.cols[i]
		if c.name != w.name || c.kind != w.kind || c.elem != w.elem || c.space != w.space {
			t.Errorf("column %d: %+v, want %+v", i, c, w)
		}
	}
	r, bad, _ := parseHeader([]string{":START_ID(a)", "b:int", ":END_ID", ":TYPE", "a", "b"}, true)
	if bad >= 0 || r.cols[0].kind != colStartID || r.cols[0].space != "a" || r.cols[2].kind != colEndID || r.cols[3].kind != colType {
		t.Fatalf("relationship header: %+v", r)
	}
	if names := []string{r.cols[r.byName[0]].name, r.cols[r.byName[1]].name}; names[0] != "a" || names[1] != "b" || len(r.byName) != 2 {
		t.Errorf("properties in name order: %v", r.byName)
	}
	if r.repeated[1] || !r.repeated[5] {
		t.Errorf("repeated: %v", r.repeated)
	}
	for _, f := range []string{"a:b:c", ""} {
		if _, bad, _ := parseHeader([]string{"ok", f}, false); bad != 1 {
			t.Errorf("%q: bad field %d, want 1", f, bad)
		}
	}
	for typ, want := range map[string]string{"ID": "", "ID(x y)": "x y", "START_ID(Ö)": "Ö", "END_ID": ""} {
		if space, problem := idSpace(typ); problem != "" || space != want {
			t.Errorf("%q: %q %q", typ, space, problem)
		}
	}
	for _, typ := range []string{"ID()", "IDx", "ID(a(b)", "ID(a\\b)", "ID(a)b", "START_END_ID", "ID(a", "id"} {
		if _, problem := idSpace(typ); problem == "" {
			t.Errorf("%q accepted", typ)
		}
	}
}

// TestParseArgs: the --nodes and --relationships forms.
func TestParseArgs(t *testing.T) {
	for in, want := range map[string]NodeFiles{
		"a.csv":         {Files: []string{"a.csv"}},
		"A:B=a.csv,b":   {Labels: []string{"A", "B"}, Files: []string{"a.csv", "b"}},
		"=a.csv":        {Files: []string{"a.csv"}},
		"A=b=c.csv":     {Labels: []string{"A"}, Files: []string{"b=c.csv"}},
		"A::B=a.csv,,b": {Labels: []string{"A", "", "B"}, Files: []string{"a.csv", "", "b"}},
	} {
		if got := ParseNodesArg(in); !cmp.Equal(got, want) {
			t.Errorf("%q: %+v, want %+v", in, got, want)
		}
	}
	for in, want := range map[string]RelationshipFiles{
		"r.csv":      {Files: []string{"r.csv"}},
		"T=r.csv,s":  {Type: "T", HasType: true, Files: []string{"r.csv", "s"}},
		"=r.csv":     {HasType: true, Files: []string{"r.csv"}},
		"T:U=r.csv,": {Type: "T:U", HasType: true, Files: []string{"r.csv", ""}},
	} {
		if got := ParseRelationshipsArg(in); !cmp.Equal(got, want) {
			t.Errorf("%q: %+v, want %+v", in, got, want)
		}
	}
	for in, want := range map[string]IDType{"string": IDString, " Integer ": IDInteger, "INTEGER": IDInteger} {
		if got, err := ParseIDType(in); err != nil || got != want {
			t.Errorf("%q: %v %v", in, got, err)
		}
	}
	if _, err := ParseIDType("int"); err == nil {
		t.Error("id type int accepted")
	}
}
