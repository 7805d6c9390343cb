package query

import (
	"io"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
)

// Result is what one statement returns.
type Result struct {
	Columns []string
	Rows    [][]Value
	// Notice is a message for the user, such as "Data directory is now
	// locked."; empty when there is none.
	Notice string
	// Stats counts what the statement changed, as Memgraph's summary does.
	Stats Stats
}

// Stats are Memgraph's execution statistics (the "stats" of a query's
// summary: nodes-created, nodes-deleted, relationships-created,
// relationships-deleted, properties-set, labels-added, labels-removed).
type Stats struct {
	NodesCreated         int64
	NodesDeleted         int64
	RelationshipsCreated int64
	RelationshipsDeleted int64
	PropertiesSet        int64
	LabelsAdded          int64
	LabelsRemoved        int64
}

type counter struct {
	name string
	n    int64
}

// counters lists the counters under Memgraph's names, in its order.
func (s Stats) counters() []counter {
	return []counter{
		{"nodes-created", s.NodesCreated}, {"nodes-deleted", s.NodesDeleted},
		{"relationships-created", s.RelationshipsCreated}, {"relationships-deleted", s.RelationshipsDeleted},
		{"properties-set", s.PropertiesSet}, {"labels-added", s.LabelsAdded}, {"labels-removed", s.LabelsRemoved},
	}
}

// Changed reports whether any counter is set.
func (s Stats) Changed() bool { return s != Stats{} }

// String lists the counters that are set, as "nodes-created: 1, ...".
func (s Stats) String() string {
	var parts []string
	for _, c := range s.counters() {
		if c.n != 0 {
			parts = append(parts, c.name+": "+strconv.FormatInt(c.n, 10))
		}
	}
	return strings.Join(parts, ", ")
}

// WriteTable writes the result for a terminal: the rows as a table (when
// the statement has columns), then the notice and the statistics, each on
// a line of its own.
func (r *Result) WriteTable(w io.Writer) error {
	if len(r.Columns) > 0 {
		t := tablewriter.NewTable(w, tablewriter.WithHeaderAutoFormat(tw.Off))
		t.Header(r.Columns)
		rows := make([][]string, len(r.Rows))
		for i, row := range r.Rows {
			rows[i] = make([]string, len(row))
			for j, v := range row {
				rows[i][j] = FormatValue(v)
			}
		}
		if err := t.Bulk(rows); err != nil {
			return err
		}
		if err := t.Render(); err != nil {
			return err
		}
	}
	for _, line := range []string{r.Notice, r.Stats.String()} {
		if line == "" {
			continue
		}
		if _, err := io.WriteString(w, line+"\n"); err != nil {
			return err
		}
	}
	return nil
}

// FormatValue writes v in Cypher syntax: property values as DUMP DATABASE
// prints them (enums by their ids, since a result does not carry the enum
// table), nodes as (:L {k: v}), relationships as [:T {k: v}], paths as
// their elements joined by arrows.
func FormatValue(v Value) string {
	return string(appendValue(nil, v))
}

func appendValue(b []byte, v Value) []byte {
	switch x := v.(type) {
	case nil:
		return append(b, "Null"...)
	case List:
		b = append(b, '[')
		for i, e := range x {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = appendValue(b, e)
		}
		return append(b, ']')
	case Map:
		return appendMap(b, x)
	case Node:
		b = append(b, '(')
		for _, l := range x.Labels {
			b = append(b, ':')
			b = graph.AppendCypherName(b, l)
		}
		if len(x.Properties) > 0 {
			if len(x.Labels) > 0 {
				b = append(b, ' ')
			}
			b = appendMap(b, x.Properties)
		}
		return append(b, ')')
	case Relationship:
		b = append(b, "[:"...)
		b = graph.AppendCypherName(b, x.Type)
		if len(x.Properties) > 0 {
			b = append(b, ' ')
			b = appendMap(b, x.Properties)
		}
		return append(b, ']')
	case Path:
		for i, n := range x.Nodes {
			if i > 0 {
				r := x.Relationships[i-1]
				if r.StartID == n.ID && r.EndID != n.ID {
					b = append(b, "<-"...)
					b = appendValue(b, r)
					b = append(b, '-')
				} else {
					b = append(b, '-')
					b = appendValue(b, r)
					b = append(b, "->"...)
				}
			}
			b = appendValue(b, n)
		}
		return b
	case format.Value:
		return graph.AppendCypherValue(b, x, nil)
	}
	return append(b, "?"...)
}

func appendMap(b []byte, m Map) []byte {
	b = append(b, '{')
	for i, e := range m {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = graph.AppendCypherName(b, e.Key)
		b = append(b, ": "...)
		b = appendValue(b, e.Value)
	}
	return append(b, '}')
}
