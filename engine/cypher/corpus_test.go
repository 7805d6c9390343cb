package cypher

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
)

var corpusScripts = []string{"create_dataset.cypher", "expected_snapshot.cypher", "expected_wal.cypher"}

// Every line of every corpus script parses on its own, and each script
// parses as mgconsole would send it: one statement per ';'.
func TestCorpusScriptsParse(t *testing.T) {
	files, lines, statements := 0, 0, 0
	for _, c := range golden.CorpusCases(t) {
		for _, name := range corpusScripts {
			data, err := os.ReadFile(filepath.Join(c.Dir, name))
			if os.IsNotExist(err) {
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			files++
			where := c.Name + "/" + name
			sts, err := ParseScript(string(data))
			if err != nil {
				t.Errorf("%s: %v", where, err)
				continue
			}
			statements += len(sts)
			terminated := 0
			for i, line := range strings.Split(string(data), "\n") {
				line = strings.TrimSpace(line)
				if line == "" || strings.HasPrefix(line, "//") {
					continue
				}
				lines++
				if strings.HasSuffix(line, ";") {
					terminated++
				}
				if _, err := Parse(line); err != nil {
					t.Errorf("%s line %d: %v\n%s", where, i+1, err, line)
				}
			}
			// A line without ';' joins the next, as mgconsole joins it.
			if len(sts) != terminated {
				t.Errorf("%s: %d statements, %d lines end with ';'", where, len(sts), terminated)
			}
		}
	}
	t.Logf("%d scripts, %d lines, %d statements", files, lines, statements)
	if files < 180 || lines < 7000 {
		t.Fatalf("only %d scripts and %d lines read from the corpus", files, lines)
	}
}

// The property values DUMP DATABASE printed for a snapshot evaluate to the
// values the decoder reads from that snapshot, object by object.
func TestCorpusSnapshotValues(t *testing.T) {
	totalVertices, totalEdges, totalValues := 0, 0, 0
	for _, c := range golden.CorpusCases(t) {
		snapPath := filepath.Join(c.Dir, "snapshot.bin")
		data, err := os.ReadFile(snapPath)
		if err != nil {
			t.Fatal(err)
		}
		snap, err := decode.OpenSnapshot(bytes.NewReader(data), int64(len(data)), snapPath)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		g, err := graph.LoadSnapshot(snap)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		dump, err := os.ReadFile(filepath.Join(c.Dir, "expected_snapshot.cypher"))
		if err != nil {
			t.Fatal(err)
		}
		sts, err := ParseScript(string(dump))
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		cmp := &corpusComparison{t: t, name: c.Name, g: g, usedEdges: map[*graph.Edge]bool{}}
		for _, st := range sts {
			cmp.statement(st)
		}
		if cmp.vertices != g.VertexCount() || cmp.edges != g.EdgeCount() {
			t.Errorf("%s: the dump creates %d vertices and %d edges, the snapshot holds %d and %d",
				c.Name, cmp.vertices, cmp.edges, g.VertexCount(), g.EdgeCount())
		}
		totalVertices += cmp.vertices
		totalEdges += cmp.edges
		totalValues += cmp.values
	}
	t.Logf("%d vertices, %d edges, %d property values compared", totalVertices, totalEdges, totalValues)
	if totalValues < 1000 {
		t.Fatalf("only %d property values compared", totalValues)
	}
}

type corpusComparison struct {
	t                       *testing.T
	name                    string
	g                       *graph.Graph
	usedEdges               map[*graph.Edge]bool
	vertices, edges, values int
}

func (c *corpusComparison) enum(typeName, valueName string) (format.Enum, bool) {
	for i, e := range c.g.Enums {
		if e.Name == typeName {
			if j := slices.Index(e.Values, valueName); j >= 0 {
				return format.Enum{TypeID: uint64(i), ValueID: uint64(j)}, true
			}
		}
	}
	return format.Enum{}, false
}

func (c *corpusComparison) statement(st Statement) {
	q, ok := st.(*Query)
	if !ok {
		return
	}
	text := st.StatementSpan().Text
	switch {
	case len(q.Clauses) == 1:
		if cr, ok := q.Clauses[0].(*Create); ok {
			c.vertex(text, cr.Patterns[0].Nodes[0])
		}
	case len(q.Clauses) == 2:
		m, ok1 := q.Clauses[0].(*Match)
		cr, ok2 := q.Clauses[1].(*Create)
		if ok1 && ok2 && m.Where != nil {
			c.edge(text, m.Where, cr.Patterns[0])
		}
	}
}

// vertex checks CREATE (:__mg_vertex__:L... {__mg_id__: gid, k: v, ...}).
func (c *corpusComparison) vertex(text string, n *NodePattern) {
	props, ok := n.Properties.(*MapLit)
	if !ok || len(props.Entries) == 0 || props.Entries[0].Key.Name != "__mg_id__" {
		c.t.Errorf("%s: unexpected vertex statement %s", c.name, text)
		return
	}
	gid := c.eval(text, props.Entries[0].Value).(format.Int)
	v := c.g.Vertex(uint64(gid))
	if v == nil {
		c.t.Errorf("%s: %s: no vertex %d in the snapshot", c.name, text, gid)
		return
	}
	c.vertices++
	var wantLabels, gotLabels []string
	for _, l := range n.Labels[1:] {
		wantLabels = append(wantLabels, l.Name)
	}
	for _, id := range v.Labels(c.g) {
		gotLabels = append(gotLabels, c.g.Name(id))
	}
	slices.Sort(wantLabels)
	slices.Sort(gotLabels)
	if !slices.Equal(wantLabels, gotLabels) {
		c.t.Errorf("%s: vertex %d labels %v, snapshot %v", c.name, gid, wantLabels, gotLabels)
	}
	if msg := c.compareProps(text, props.Entries[1:], v.Props(c.g)); msg != "" {
		c.t.Errorf("%s: vertex %d: %s", c.name, gid, msg)
	}
}

// edge checks MATCH (u...), (v...) WHERE u.__mg_id__ = a AND v.__mg_id__ = b
// CREATE (u)-[:T {props}]->(v), pairing it with an unused snapshot edge.
func (c *corpusComparison) edge(text string, where Expr, pat *Pattern) {
	and, ok := where.(*Binary)
	if !ok || and.Op != OpAnd || len(pat.Rels) != 1 {
		c.t.Errorf("%s: unexpected edge statement %s", c.name, text)
		return
	}
	id := func(e Expr) uint64 { return uint64(c.eval(text, e.(*Binary).Right).(format.Int)) }
	from, to := c.g.Vertex(id(and.Left)), c.g.Vertex(id(and.Right))
	if from == nil || to == nil {
		c.t.Errorf("%s: %s: an end vertex is missing in the snapshot", c.name, text)
		return
	}
	rel := pat.Rels[0]
	var entries []MapEntry
	if m, ok := rel.Properties.(*MapLit); ok {
		entries = m.Entries
	}
	var mismatch string
	for e := range c.g.Out(from) {
		if c.usedEdges[e] || c.g.Name(e.Type(c.g)) != rel.Types[0].Name {
			continue
		}
		if _, end := c.g.Ends(e); end != to {
			continue
		}
		if mismatch = c.compareProps(text, entries, e.Props(c.g)); mismatch == "" {
			c.usedEdges[e] = true
			c.edges++
			return
		}
	}
	c.t.Errorf("%s: no snapshot edge matches %s (%s)", c.name, text, mismatch)
}

func (c *corpusComparison) eval(text string, e Expr) format.Value {
	v, err := EvalLiteral(e, c.enum)
	if err != nil {
		c.t.Fatalf("%s: %s: %v", c.name, text, err)
	}
	return v
}

// compareProps says how the printed properties differ from the stored ones,
// or "" when they are equal.
func (c *corpusComparison) compareProps(text string, want []MapEntry, got graph.Props) string {
	stored := map[string]format.Value{}
	for id, v := range got.All() {
		stored[c.g.Name(id)] = v
	}
	if len(stored) != len(want) {
		return strconv.Itoa(len(want)) + " printed properties, " + strconv.Itoa(len(stored)) + " stored"
	}
	for _, e := range want {
		printed := c.eval(text, e.Value)
		s, ok := stored[e.Key.Name]
		if !ok {
			return "property " + e.Key.Name + " is not stored"
		}
		if !dumpedValueEqual(printed, s) {
			return "property " + e.Key.Name + ": printed " + string(graph.AppendCypherValue(nil, printed, nil)) +
				", stored " + string(graph.AppendCypherValue(nil, s, nil))
		}
		c.values++
	}
	return ""
}

// dumpedValueEqual is Memgraph's value equality on the value as Memgraph
// loads and prints it: a legacy Cartesian 3-D SRID loads as the current
// one, and a vector held by a vector index prints as a list of its floats
// at six significant digits.
func dumpedValueEqual(printed, stored format.Value) bool {
	if p, ok := stored.(format.Point3D); ok && p.SRID == format.SRIDLegacyCartesian3D {
		p.SRID = format.SRIDCartesian3D
		stored = p
	}
	vec, ok := stored.(format.VectorIndexID)
	if !ok {
		return graph.ValuesEqual(printed, stored)
	}
	list, ok := printed.(format.List)
	if !ok || len(list) != len(vec.Vector) {
		return false
	}
	for i, item := range list {
		var f float64
		switch x := item.(type) {
		case format.Int:
			f = float64(x)
		case format.Double:
			f = float64(x)
		default:
			return false
		}
		if strconv.FormatFloat(f, 'g', 6, 64) != strconv.FormatFloat(vec.Vector[i], 'g', 6, 64) {
			return false
		}
	}
	return true
}
