package fuzz

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/durascope/durascope/engine/cypher"
	"github.com/durascope/durascope/format"
)

// CheckWorkload is CheckScript on a script built from data: the first
// byte picks the format version and whether edges carry properties, the
// rest chooses statements from a small vocabulary of labels, keys, types
// and values, so the fuzzers reach writes, deletes, schema, explicit
// transactions and the constraint and version refusals that random text
// rarely parses into. The store's snapshot path (its read view) and its
// WAL must recover to the same graph at every version.
func CheckWorkload(data []byte) error {
	return guard(func() error {
		v, edgeProps, script := WorkloadScript(data)
		script, err := parseable(script)
		if err != nil {
			return err
		}
		return runScript(script, v, edgeProps)
	})
}

// workload vocabulary: few names, so statements meet each other's data.
var (
	wlLabels = []string{"L", "M", "N"}
	wlKeys   = []string{"p", "q", "r"}
	wlTypes  = []string{"T", "U"}
	wlPeriod = []string{`"1h"`, `"1d2h3m4s"`, `"30s"`, `"0s"`, `"x"`}
)

// WorkloadScript turns data into a format version, a properties-on-edges
// setting and a script (at most maxScriptStatements statements).
func WorkloadScript(data []byte) (format.Version, bool, string) {
	s := &source{b: data}
	first := s.byte()
	v := format.MinVersion + format.Version(int(first>>1)%numVersions)
	w := &workloadGen{s: s}
	var b strings.Builder
	for i := 0; i < maxScriptStatements && len(s.b) > 0; i++ {
		b.WriteString(w.statement())
		b.WriteString(";\n")
	}
	return v, first&1 == 1, b.String()
}

// parseable keeps the statements of script (one per line) that parse on
// their own; each that does not must fail with a typed error in its line.
func parseable(script string) (string, error) {
	var b strings.Builder
	for line := range strings.Lines(script) {
		if _, err := cypher.Parse(line); err != nil {
			if e := scriptErrorAt("Parse", err, line); e != nil {
				return "", fmt.Errorf("%w\nstatement: %s", e, line)
			}
			continue
		}
		b.WriteString(line)
	}
	return b.String(), nil
}

// cypherQuote writes s as a Cypher string literal: valid UTF-8, with
// quotes, backslashes and control characters escaped.
func cypherQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, "\\u%04X", r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

type workloadGen struct{ s *source }

func (w *workloadGen) pick(xs []string) string { return xs[w.s.intn(len(xs))] }

func (w *workloadGen) label() string { return w.pick(wlLabels) }
func (w *workloadGen) key() string   { return w.pick(wlKeys) }
func (w *workloadGen) typ() string   { return w.pick(wlTypes) }

// labels is zero to two labels, each written ":X".
func (w *workloadGen) labels() string {
	var b strings.Builder
	for range w.s.intn(3) {
		b.WriteString(":" + w.label())
	}
	return b.String()
}

// props is a map literal of zero to three keys, or "" for none.
func (w *workloadGen) props() string {
	n := w.s.intn(4)
	if n == 0 {
		return ""
	}
	return " " + w.mapLiteral(n, 2)
}

// value is a Cypher literal of any property type Memgraph stores.
func (w *workloadGen) value(depth int) string {
	switch c := w.s.intn(16); {
	case c < 4:
		return strconv.FormatInt(int64(w.s.u64()), 10)
	case c < 6:
		return floatLiteral(w.s.f64())
	case c < 8:
		return cypherQuote(w.s.str())
	case c == 8:
		return []string{"true", "false", "null"}[w.s.intn(3)]
	case c == 9:
		return []string{`date("2024-02-29")`, `localtime("12:34:56.789")`, `localdatetime("2020-01-01T00:00:01")`,
			`duration("P1DT2H")`, `datetime("2021-06-01T10:00:00+02:00")`, `date("2023-02-30")`}[w.s.intn(6)]
	case c == 10:
		return []string{`point({x: 1.5, y: -2})`, `point({longitude: 15, latitude: 45})`,
			`point({x: 0, y: 0, z: 1})`, `point({x: 1})`}[w.s.intn(4)]
	case c == 11:
		return "Status::" + []string{"A", "B", "C"}[w.s.intn(3)]
	case c < 14 && depth > 0:
		n := w.s.intn(4)
		parts := make([]string, n)
		for i := range parts {
			parts[i] = w.value(depth - 1)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case depth > 0:
		return w.mapLiteral(w.s.intn(3), depth-1)
	}
	return strconv.Itoa(w.s.intn(10))
}

// mapLiteral is a map of n distinct keys (n <= len(wlKeys)).
func (w *workloadGen) mapLiteral(n, depth int) string {
	start := w.s.intn(len(wlKeys))
	parts := make([]string, n)
	for i := range parts {
		parts[i] = wlKeys[(start+i)%len(wlKeys)] + ": " + w.value(depth)
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// floatLiteral writes f as Cypher's grammar reads a double: digits, a
// point and digits, and an exponent without a plus sign.
func floatLiteral(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "0.5"
	}
	t := strconv.FormatFloat(math.Abs(f), 'e', -1, 64)
	mant, exp, _ := strings.Cut(t, "e")
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	t = mant + "e" + strings.TrimPrefix(exp, "+")
	if f < 0 {
		return "-" + t
	}
	return t
}

// where is an optional filter on variable n.
func (w *workloadGen) where(n string) string {
	if w.s.bool() {
		return ""
	}
	return fmt.Sprintf(" WHERE %s.%s = %s", n, w.key(), w.value(0))
}

func (w *workloadGen) statement() string {
	switch w.s.intn(24) {
	case 0, 1, 2:
		return "CREATE (" + w.labels() + w.props() + ")"
	case 3:
		return fmt.Sprintf("CREATE (%s%s)-[:%s%s]->(%s)", w.labels(), w.props(), w.typ(), w.props(), w.labels())
	case 4:
		return fmt.Sprintf("MATCH (a:%s), (b:%s)%s CREATE (a)-[:%s%s]->(b)", w.label(), w.label(), w.where("a"), w.typ(), w.props())
	case 5:
		return fmt.Sprintf("MATCH (n:%s)%s SET n.%s = %s", w.label(), w.where("n"), w.key(), w.value(2))
	case 6:
		return fmt.Sprintf("MATCH (n:%s)%s SET n:%s", w.label(), w.where("n"), w.label())
	case 7:
		return fmt.Sprintf("MATCH (n:%s)%s REMOVE n:%s", w.label(), w.where("n"), w.label())
	case 8:
		return fmt.Sprintf("MATCH (n)%s REMOVE n.%s", w.where("n"), w.key())
	case 9:
		del := "DELETE"
		if w.s.bool() {
			del = "DETACH DELETE"
		}
		return fmt.Sprintf("MATCH (n:%s)%s %s n", w.label(), w.where("n"), del)
	case 10:
		if w.s.bool() {
			return fmt.Sprintf("MATCH ()-[e:%s]->()%s SET e.%s = %s", w.typ(), w.where("e"), w.key(), w.value(1))
		}
		return fmt.Sprintf("MATCH ()-[e:%s]->()%s DELETE e", w.typ(), w.where("e"))
	case 11:
		return []string{"BEGIN", "COMMIT", "ROLLBACK"}[w.s.intn(3)]
	case 12:
		drop := []string{"CREATE", "DROP"}[w.s.intn(2)]
		switch w.s.intn(4) {
		case 0:
			return fmt.Sprintf("%s INDEX ON :%s", drop, w.label())
		case 1:
			return fmt.Sprintf("%s INDEX ON :%s(%s)", drop, w.label(), w.key())
		case 2:
			return fmt.Sprintf("%s EDGE INDEX ON :%s(%s)", drop, w.typ(), w.key())
		default:
			return fmt.Sprintf("%s POINT INDEX ON :%s(%s)", drop, w.label(), w.key())
		}
	case 13:
		drop := []string{"CREATE", "DROP"}[w.s.intn(2)]
		l, k := w.label(), w.key()
		switch w.s.intn(3) {
		case 0:
			return fmt.Sprintf("%s CONSTRAINT ON (n:%s) ASSERT n.%s IS UNIQUE", drop, l, k)
		case 1:
			return fmt.Sprintf("%s CONSTRAINT ON (n:%s) ASSERT EXISTS (n.%s)", drop, l, k)
		default:
			t := []string{"INTEGER", "STRING", "FLOAT", "BOOLEAN", "LIST", "MAP", "DATE"}[w.s.intn(7)]
			return fmt.Sprintf("%s CONSTRAINT ON (n:%s) ASSERT n.%s IS TYPED %s", drop, l, k, t)
		}
	case 14:
		switch w.s.intn(3) {
		case 0:
			return "CREATE ENUM Status VALUES { A, B }"
		case 1:
			return "ALTER ENUM Status ADD VALUE C"
		default:
			return "ALTER ENUM Status UPDATE VALUE A TO D"
		}
	case 15:
		switch w.s.intn(3) {
		case 0:
			return "ENABLE TTL EVERY " + w.pick(wlPeriod)
		case 1:
			return "ENABLE TTL"
		default:
			return "DISABLE TTL"
		}
	case 16:
		return []string{"ANALYZE GRAPH", "ANALYZE GRAPH DELETE STATISTICS"}[w.s.intn(2)]
	case 17:
		return fmt.Sprintf("MATCH (n:%s) RETURN count(n)", w.label())
	case 18:
		return fmt.Sprintf("CREATE INDEX ON :%s(%s, %s)", w.label(), w.key(), w.key())
	case 19:
		return fmt.Sprintf("MATCH (n:%s), (m:%s) SET n.%s = m.%s", w.label(), w.label(), w.key(), w.key())
	case 20:
		return fmt.Sprintf("CREATE (:%s {%s: %s})", w.label(), w.key(), w.value(3))
	case 21:
		return fmt.Sprintf("MATCH (n) SET n.%s = %s", w.key(), w.value(1))
	case 22:
		return fmt.Sprintf("CREATE EDGE INDEX ON :%s", w.typ())
	default:
		return "DUMP DATABASE"
	}
}
