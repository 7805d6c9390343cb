package csvimport

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
)

// readAll reads every row of text; each row is its fields.
func readAll(t *testing.T, r io.Reader, d Dialect) ([][]string, error) {
	t.Helper()
	c := NewReader(r, "f.csv", d)
	var rows [][]string
	for {
		ok, err := c.Next()
		if err != nil || !ok {
			return rows, err
		}
		row := []string{}
		for i := range c.Len() {
			row = append(row, string(c.Field(i)))
		}
		rows = append(rows, row)
	}
}

var comma = Dialect{Delimiter: ",", Quote: `"`}

// TestReaderRows: the old tool's parser on the cases its rules single out
// that the corpus does not hold. Every input is also read one byte per
// Read call, so that rows straddle buffer refills.
func TestReaderRows(t *testing.T) {
	for _, c := range []struct {
		name string
		in   string
		d    Dialect
		want [][]string
	}{
		{"empty file", "", comma, nil},
		{"empty line is a row of no fields", "\n", comma, [][]string{{}}},
		{"carriage return only line", "\r\n", comma, [][]string{{}}},
		{"last line without line feed", "a,b", comma, [][]string{{"a", "b"}}},
		{"empty fields", ",a,,b,", comma, [][]string{{"", "a", "", "b", ""}}},
		{"lone delimiter", ",", comma, [][]string{{"", ""}}},
		{"CRLF", "a,b\r\nc,d\r\n", comma, [][]string{{"a", "b"}, {"c", "d"}}},
		{"carriage return dropped anywhere", "a\rb,\"c\rd\"\n", comma, [][]string{{"ab", "cd"}}},
		{"quote inside unquoted field is literal", `wo"rld,x""` + "\n", comma, [][]string{{`wo"rld`, `x""`}}},
		{"quoted empty and escaped quote", `"","""",""""""` + "\n", comma, [][]string{{"", `"`, `""`}}},
		{"quoted delimiter", `"a,b",c` + "\n", comma, [][]string{{"a,b", "c"}}},
		{"newline in quotes joins lines without it", "\"a\nb\",c\nd\n", comma, [][]string{{"ab", "c"}, {"d"}}},
		{"quote closing a line is not escaped by one opening the next", "\"ab\"\n\"c\"\n", comma, [][]string{{"ab"}, {"c"}}},
		{"escaped quote then line break", "\"ab\"\"\nc\"\n", comma, [][]string{{`ab"c`}}},
		{"empty line inside quotes", "\"a\n\nb\"\n", comma, [][]string{{"ab"}}},
		{"multi-byte delimiter", "aÖÖbÖÖ\n", Dialect{Delimiter: "ÖÖ", Quote: `"`}, [][]string{{"a", "b", ""}}},
		{"delimiter found after a partial match", "xaab\n", Dialect{Delimiter: "ab", Quote: `"`}, [][]string{{"xa", ""}}},
		{"multi-byte quote", "ÖaÖÖbÖ,c\n", Dialect{Delimiter: ",", Quote: "Ö"}, [][]string{{"aÖb", "c"}}},
		{"quote of two characters", "''a'''''',x\n", Dialect{Delimiter: ",", Quote: "''"}, [][]string{{"a''", "x"}}},
		{"quote checked before delimiter", "||a||\n", Dialect{Delimiter: "|", Quote: "||"}, [][]string{{"a"}}},
		{"trim after parsing", " a ,\"  b \",\t\" c \"\v,\f\n", Dialect{Delimiter: ",", Quote: `"`, Trim: true}, [][]string{{"a", "b", `" c "`, ""}}},
		{"trim keeps inner space", " a b \n", Dialect{Delimiter: ",", Quote: `"`, Trim: true}, [][]string{{"a b"}}},
	} {
		for _, oneByte := range []bool{false, true} {
			var r io.Reader = strings.NewReader(c.in)
			if oneByte {
				r = iotest.OneByteReader(r)
			}
			got, err := readAll(t, r, c.d)
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
				continue
			}
			if !slices.EqualFunc(got, c.want, slices.Equal[[]string]) {
				t.Errorf("%s (one byte %v): %q, want %q", c.name, oneByte, got, c.want)
			}
		}
	}
}

// TestReaderErrors: each refusal of the old parser, with where it is.
func TestReaderErrors(t *testing.T) {
	for _, c := range []struct {
		name      string
		in        string
		d         Dialect
		problem   Problem
		line, col int
	}{
		{"text after closing quote", "a,b\n\"ab\"c,d\n", comma, ProblemExpectedDelimiter, 2, 5},
		{"space after closing quote", "\"x\n\n y\" ,h\n", comma, ProblemExpectedDelimiter, 3, 4},
		{"column counts characters", "Ö,\"Ö\"x\n", comma, ProblemExpectedDelimiter, 1, 6},
		{"unclosed quote", "a\nb,\"c\nd\n", comma, ProblemMissingEndQuote, 2, 3},
		{"NUL byte", "ab,c\x00d\n", comma, ProblemNullByte, 1, 5},
		{"NUL byte in quotes", "\"a\n\x00\"\n", comma, ProblemNullByte, 2, 1},
	} {
		_, err := readAll(t, iotest.OneByteReader(strings.NewReader(c.in)), c.d)
		var ie *InputError
		if !errors.As(err, &ie) || ie.Problem != c.problem || ie.Line != c.line || ie.Column != c.col || ie.File != "f.csv" {
			t.Errorf("%s: %v (%+v), want %s at %d:%d", c.name, err, ie, c.problem, c.line, c.col)
		}
	}
}

// TestReaderPositions: fields report the line and column they start on,
// also in a row spanning lines, and lines keep counting across rows.
func TestReaderPositions(t *testing.T) {
	c := NewReader(strings.NewReader("h1,h2\nÖ,\"x\ny\",z\nlast\n"), "f.csv", comma)
	c.Next()
	if ok, err := c.Next(); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if c.Line() != 2 {
		t.Errorf("row line %d", c.Line())
	}
	for i, want := range [][2]int{{2, 1}, {2, 3}, {3, 4}} {
		if l, col := c.Position(i); l != want[0] || col != want[1] {
			t.Errorf("field %d at %d:%d, want %v", i, l, col, want)
		}
	}
	if l, col := c.Position(3); l != 3 || col != 5 {
		t.Errorf("row end at %d:%d, want 3:5", l, col)
	}
	c.Next()
	if c.Line() != 4 || string(c.Field(0)) != "last" {
		t.Errorf("next row at line %d: %q", c.Line(), c.Field(0))
	}
}

// TestReaderLongRow: a quoted field far larger than the read buffer, over
// many lines, reads whole.
func TestReaderLongRow(t *testing.T) {
	part := strings.Repeat("x", 1000)
	var b strings.Builder
	b.WriteString("a,\"")
	for range 600 {
		b.WriteString(part + "\n")
	}
	b.WriteString("\",b\nc\n")
	rows, err := readAll(t, strings.NewReader(b.String()), comma)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || len(rows[0]) != 3 || len(rows[0][1]) != 600*1000 || rows[1][0] != "c" {
		t.Fatalf("%d rows, first has %d fields", len(rows), len(rows[0]))
	}
}

// FuzzReader: any input and dialect reads without panicking, to the same
// rows and the same error whether it arrives whole or a byte at a time,
// and every field's position lies within the input.
func FuzzReader(f *testing.F) {
	for _, s := range []string{"a,b\n", "\"a\"\"b\",c\r\n", "\"x\n\ny\" ,z", "\x00", "ÖaÖÖbÖ,c\n", "\n\n,\n"} {
		f.Add(s, ",", `"`, false)
	}
	f.Add("a||b||c\n", "||", "|", true)
	f.Fuzz(func(t *testing.T, in, delim, quote string, trim bool) {
		if delim == "" || quote == "" || strings.Contains(delim+quote, "\n") {
			return
		}
		d := Dialect{Delimiter: delim, Quote: quote, Trim: trim}
		whole, err1 := readAll(t, strings.NewReader(in), d)
		bytewise, err2 := readAll(t, iotest.OneByteReader(strings.NewReader(in)), d)
		if !slices.EqualFunc(whole, bytewise, slices.Equal[[]string]) || fmt.Sprint(err1) != fmt.Sprint(err2) {
			t.Fatalf("whole %q %v, byte by byte %q %v", whole, err1, bytewise, err2)
		}
		lines := strings.Count(in, "\n") + 1
		c := NewReader(strings.NewReader(in), "f", d)
		for {
			ok, err := c.Next()
			if err != nil || !ok {
				return
			}
			for i := 0; i <= c.Len(); i++ {
				if l, col := c.Position(i); l < 1 || l > lines || col < 1 {
					t.Fatalf("field %d at %d:%d of %d lines", i, l, col, lines)
				}
			}
		}
	})
}
