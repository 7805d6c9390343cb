package query

import (
	"encoding/json"

	"github.com/durascope/durascope/format"
)

// JSON of results, for `durascope engine --json`: property values as
// spec/jsonl.md encodes them (format's MarshalJSON), graph elements and
// maps as objects with one tag key, like the other tagged values.

func (l List) MarshalJSON() ([]byte, error) {
	if l == nil {
		return []byte("[]"), nil
	}
	return json.Marshal([]Value(l))
}

func (m Map) MarshalJSON() ([]byte, error) {
	b := []byte(`{"map":`)
	inner, err := mapJSON(m)
	if err != nil {
		return nil, err
	}
	return append(append(b, inner...), '}'), nil
}

// mapJSON is the bare object of a map's entries, in key order.
func mapJSON(m Map) ([]byte, error) {
	b := []byte{'{'}
	for i, e := range m {
		if i > 0 {
			b = append(b, ',')
		}
		k, _ := json.Marshal(e.Key)
		v, err := json.Marshal(e.Value)
		if err != nil {
			return nil, err
		}
		b = append(append(append(b, k...), ':'), v...)
	}
	return append(b, '}'), nil
}

func (n Node) MarshalJSON() ([]byte, error) {
	props, err := mapJSON(n.Properties)
	if err != nil {
		return nil, err
	}
	return json.Marshal(map[string]any{"node": map[string]any{
		"id": n.ID, "labels": nonNil(n.Labels), "properties": json.RawMessage(props)}})
}

func (r Relationship) MarshalJSON() ([]byte, error) {
	props, err := mapJSON(r.Properties)
	if err != nil {
		return nil, err
	}
	return json.Marshal(map[string]any{"relationship": map[string]any{
		"id": r.ID, "type": r.Type, "start": r.StartID, "end": r.EndID, "properties": json.RawMessage(props)}})
}

func (p Path) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]any{"path": map[string]any{
		"nodes": nonNil(p.Nodes), "relationships": nonNil(p.Relationships)}})
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// MarshalJSON is one result: columns, rows, the notice and the counters
// that are set (Memgraph's summary names).
func (r *Result) MarshalJSON() ([]byte, error) {
	rows := r.Rows
	if rows == nil {
		rows = [][]Value{}
	}
	for _, row := range rows {
		for i, v := range row {
			if v == nil {
				row[i] = format.Null{}
			}
		}
	}
	stats := map[string]int64{}
	for _, c := range r.Stats.counters() {
		if c.n != 0 {
			stats[c.name] = c.n
		}
	}
	return json.Marshal(struct {
		Columns []string         `json:"columns"`
		Rows    [][]Value        `json:"rows"`
		Notice  string           `json:"notice,omitempty"`
		Stats   map[string]int64 `json:"stats"`
	}{nonNil(r.Columns), rows, r.Notice, stats})
}
