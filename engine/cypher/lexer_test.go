package cypher

import (
	"errors"
	"strings"
	"testing"
)

func lexAll(t *testing.T, src string) []token {
	t.Helper()
	toks, err := tokenize(src)
	if err != nil {
		t.Fatalf("tokenize(%q): %v", src, err)
	}
	return toks[:len(toks)-1] // without EOF
}

func TestLexTokens(t *testing.T) {
	cases := []struct {
		src  string
		want []string // kind:value per token
	}{
		{"MATCH (n:`a``b`)", []string{"w:MATCH", "p:(", "w:n", "p::", "q:a`b", "p:)"}},
		{"``", []string{"q:"}},
		{"````", []string{"q:`"}},
		{"`x` `y`", []string{"q:x", "q:y"}},
		{`"a\nb" 'c\'d' "\"" '\\'`, []string{"s:a\nb", "s:c'd", `s:"`, `s:\`}},
		{`"\B\F\N\R\T\b\f\r\t"`, []string{"s:\b\f\n\r\t\b\f\r\t"}},
		{`"\u00e9\U0001F600\ud83d\ude00"`, []string{"s:é😀😀"}},
		{"\"multi\nline\"", []string{"s:multi\nline"}},
		{"0 7 017 0x1F 0xff 42", []string{"i:0", "i:7", "i:017", "i:0x1F", "i:0xff", "i:42"}},
		{"1.5 .5 1e3 1E-3 1.e5 00.5 012e3", []string{"f:1.5", "f:.5", "f:1e3", "f:1E-3", "f:1.e5", "f:00.5", "f:012e3"}},
		// "1..2" is a range, "1.x" a lookup, "1e+3" not an exponent.
		{"[1..2]", []string{"p:[", "i:1", "p:..", "i:2", "p:]"}},
		{"1.x", []string{"i:1", "p:.", "w:x"}},
		{"1e+3", []string{"i:1", "w:e", "p:+", "i:3"}},
		{"0X1", []string{"i:0", "w:X1"}},
		{"a<=b>=c<>d!=e=~f+=g::h..i", []string{"w:a", "p:<=", "w:b", "p:>=", "w:c", "p:<>", "w:d", "p:!=", "w:e", "p:=~", "w:f", "p:+=", "w:g", "p:::", "w:h", "p:..", "w:i"}},
		{"Status::ACTIVE", []string{"w:Status", "p:::", "w:ACTIVE"}},
		{"(a)-[r]->(b)<--(c)", []string{"p:(", "w:a", "p:)", "p:-", "p:[", "w:r", "p:]", "p:-", "p:>", "p:(", "w:b", "p:)", "p:<", "p:-", "p:-", "p:(", "w:c", "p:)"}},
		{"x // comment ; here\ny /* block\n ; */ z", []string{"w:x", "w:y", "w:z"}},
		{"naïve_名前 _x a$b", []string{"w:naïve_名前", "w:_x", "w:a$b"}},
		{"$p $0", []string{"p:$", "w:p", "p:$", "i:0"}},
	}
	kinds := map[tokenKind]string{tokWord: "w", tokQuoted: "q", tokString: "s", tokInt: "i", tokFloat: "f", tokPunct: "p"}
	for _, c := range cases {
		toks := lexAll(t, c.src)
		var got []string
		for _, tk := range toks {
			got = append(got, kinds[tk.kind]+":"+tk.val)
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("tokenize(%q)\n got %q\nwant %q", c.src, got, c.want)
		}
	}
}

func TestLexPatternOnlyPunctuation(t *testing.T) {
	toks := lexAll(t, "(a)－[r]⟩(b)〈—(c)")
	var got []string
	for _, tk := range toks {
		if tk.patternOnly {
			got = append(got, tk.val)
		}
	}
	if strings.Join(got, "") != "-><-" {
		t.Errorf("pattern-only tokens = %q", got)
	}
	// They are not operators: 1 － 2 does not parse as a subtraction.
	if _, err := ParseExpr("1 － 2"); err == nil {
		t.Error("a Unicode dash parsed as minus")
	}
}

func TestLexPositions(t *testing.T) {
	src := "CREATE\n  (:é {k: 'v'})\n\t`x`"
	toks := lexAll(t, src)
	want := []Pos{{1, 1}, {2, 3}, {2, 4}, {2, 5}, {2, 7}, {2, 8}, {2, 9}, {2, 11}, {2, 14}, {2, 15}, {3, 2}}
	if len(toks) != len(want) {
		t.Fatalf("%d tokens, want %d", len(toks), len(want))
	}
	for i, tk := range toks {
		if tk.pos != want[i] {
			t.Errorf("token %d %q at %v, want %v", i, tk.text, tk.pos, want[i])
		}
	}
	// Offsets slice the source exactly.
	for _, tk := range toks {
		if src[tk.off:tk.end] != tk.text {
			t.Errorf("token %q has text %q at [%d:%d]", tk.val, tk.text, tk.off, tk.end)
		}
	}
}

func TestLexErrors(t *testing.T) {
	cases := []struct {
		src  string
		pos  Pos
		want string
	}{
		{`RETURN "abc`, Pos{1, 8}, "unterminated string"},
		{"RETURN 'a\\", Pos{1, 8}, "unterminated string"},
		{"RETURN `abc", Pos{1, 8}, "unterminated backquoted"},
		{"RETURN 1 /* x", Pos{1, 10}, "unterminated /* comment"},
		{`RETURN "a\qb"`, Pos{1, 10}, `invalid escape sequence \q`},
		{`RETURN "\u12"`, Pos{1, 9}, `\u needs 4 hexadecimal digits`},
		{`RETURN "\U0001F60"`, Pos{1, 9}, `\U needs 8 hexadecimal digits`},
		{`RETURN "\ud83d"`, Pos{1, 9}, "high surrogate"},
		{`RETURN "\ud83d\u0041"`, Pos{1, 9}, "high surrogate"},
		{`RETURN "\udc00"`, Pos{1, 9}, "invalid UTF codepoint"},
		{`RETURN "\U00110000"`, Pos{1, 9}, "invalid UTF codepoint"},
		{"RETURN\n  089", Pos{2, 3}, "invalid octal literal 089"},
		{"RETURN 1 # 2", Pos{1, 10}, `unexpected character '#'`},
		{"RETURN \xff", Pos{1, 8}, "invalid UTF-8 byte 0xff"},
		{"RETURN 'x\n\\z'", Pos{2, 1}, `invalid escape sequence \z`},
	}
	for _, c := range cases {
		_, err := tokenize(c.src)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("tokenize(%q) = %v, want a SyntaxError", c.src, err)
			continue
		}
		if se.Pos != c.pos || !strings.Contains(se.Msg, c.want) {
			t.Errorf("tokenize(%q) = %v, want %v: ...%s...", c.src, se, c.pos, c.want)
		}
	}
}
