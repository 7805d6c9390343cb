package graph

import (
	"bufio"
	"cmp"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/durascope/durascope/format"
)

// Names Memgraph's dump uses for its temporary vertex label and id property.
const (
	internalLabel    = "__mg_vertex__"
	internalProperty = "__mg_id__"
)

// DatabaseName is printed in DATABASE descriptions; the name is not stored in
// durability files, and "memgraph" is the default database.
const DatabaseName = "memgraph"

// WriteCypher prints s as Memgraph's DUMP DATABASE does: one statement per
// line, in Memgraph's statement order (see spec/recovery.md), streamed: no
// statement is kept after it is written.
func (s *Graph) WriteCypher(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var err error
	s.dump(func(line []byte) bool {
		if _, err = bw.Write(line); err == nil {
			err = bw.WriteByte('\n')
		}
		return err == nil
	})
	if err != nil {
		return err
	}
	return bw.Flush()
}

// Statements calls yield with each dump statement in order, until yield
// returns false. The slice is valid only during the call.
func (s *Graph) Statements(yield func(line []byte) bool) { s.dump(yield) }

// Empty reports whether the dump of s has no statement: nothing Memgraph
// would recover.
func (s *Graph) Empty() bool {
	return s.vix.n == 0 && len(s.Enums) == 0 && len(s.labelIndex) == 0 && len(s.lpIndex) == 0 &&
		len(s.textIndex) == 0 && len(s.pointIndex) == 0 && len(s.vectorIndex) == 0 && len(s.globalVertexProp) == 0 &&
		len(s.globalEdgeProp) == 0 && len(s.edgeTypeIndex) == 0 && len(s.edgeTypePropIdx) == 0 &&
		len(s.existence) == 0 && len(s.unique) == 0 && len(s.typeConstraint) == 0 && s.ttlLine() == nil && len(s.descriptions) == 0
}

// dump produces the statements, stopping when yield returns false. Each
// vertex and edge statement is built in one reused buffer.
func (s *Graph) dump(yield func([]byte) bool) {
	stopped := false
	var buf []byte
	emit := func(b []byte) {
		if !stopped && !yield(b) {
			stopped = true
		}
		buf = b[:0]
	}
	name := func(b []byte, id int) []byte { return AppendCypherName(b, s.names.name(id)) }

	for _, e := range s.Enums {
		b := append(append(buf, "CREATE ENUM "...), e.Name...)
		b = append(b, " VALUES { "...)
		for i, v := range e.Values {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = append(b, v...)
		}
		emit(append(b, " };"...))
	}

	var labels []int
	for v := range s.vertices() {
		b := append(append(buf, "CREATE (:"...), internalLabel...)
		labels = v.appendLabels(s, labels[:0])
		for _, l := range labels {
			b = append(b, ':')
			b = name(b, l)
		}
		b = append(b, " {"+internalProperty+": "...)
		b = strconv.AppendUint(b, v.Gid, 10)
		if p := v.Props(s); !p.Empty() {
			b = append(b, ", "...)
			b = s.appendProps(b, p)
		}
		emit(append(b, "});"...))
	}
	if s.vix.n > 0 {
		emit([]byte("CREATE INDEX ON :" + internalLabel + "(" + internalProperty + ");"))
	}
	for v := range s.vertices() {
		for e := range s.Out(v) {
			b := append(buf, "MATCH (u:"+internalLabel+"), (v:"+internalLabel+") WHERE u."+internalProperty+" = "...)
			b = strconv.AppendUint(b, v.Gid, 10)
			b = append(b, " AND v."+internalProperty+" = "...)
			b = strconv.AppendUint(b, s.vs.at(e.to).Gid, 10)
			b = append(b, " CREATE (u)-[:"...)
			b = name(b, e.Type(s))
			if p := e.Props(s); !p.Empty() {
				b = append(b, " {"...)
				b = s.appendProps(b, p)
				b = append(b, '}')
			}
			emit(append(b, "]->(v);"...))
		}
	}
	if s.vix.n > 0 {
		emit([]byte("DROP INDEX ON :" + internalLabel + "(" + internalProperty + ");"))
		emit([]byte("MATCH (u) REMOVE u:" + internalLabel + ", u." + internalProperty + ";"))
	}

	for _, l := range sortedKeys(s.labelIndex) {
		emit(append(name([]byte("CREATE INDEX ON :"), l), ';'))
	}
	lps := mapValues(s.lpIndex)
	slices.SortFunc(lps, func(a, b lpIndex) int {
		if a.desc != b.desc {
			if a.desc {
				return 1
			}
			return -1
		}
		if c := cmp.Compare(a.label, b.label); c != 0 {
			return c
		}
		return slices.CompareFunc(a.paths, b.paths, slices.Compare[[]int])
	})
	for _, ix := range lps {
		b := name([]byte("CREATE INDEX ON :"), ix.label)
		b = append(b, '(')
		for i, p := range ix.paths {
			if i > 0 {
				b = append(b, ", "...)
			}
			for j, id := range p {
				if j > 0 {
					b = append(b, '.')
				}
				b = name(b, id)
			}
		}
		b = append(b, ')')
		if ix.desc {
			b = append(b, ` WITH CONFIG {"order": "DESC"}`...)
		}
		emit(append(b, ';'))
	}
	s.emitTextIndices(emit, false)
	for _, k := range sortedPairs(s.pointIndex) {
		b := name([]byte("CREATE POINT INDEX ON :"), k[0])
		b = name(append(b, '('), k[1])
		emit(append(b, ");"...))
	}
	s.emitVectorIndices(emit, false)
	s.emitVectorIndices(emit, true)
	for _, p := range sortedKeys(s.globalVertexProp) {
		emit(append(name([]byte("CREATE GLOBAL INDEX ON :("), p), ");"...))
	}

	for _, k := range sortedPairs(s.existence) {
		b := name([]byte("CREATE CONSTRAINT ON (u:"), k[0])
		b = name(append(b, ") ASSERT EXISTS (u."...), k[1])
		emit(append(b, ");"...))
	}
	uniques := mapValues(s.unique)
	slices.SortFunc(uniques, func(a, b uniqueConstraint) int {
		if c := cmp.Compare(a.label, b.label); c != 0 {
			return c
		}
		return slices.Compare(a.props, b.props)
	})
	for _, u := range uniques {
		b := name([]byte("CREATE CONSTRAINT ON (u:"), u.label)
		b = append(b, ") ASSERT "...)
		for i, p := range u.props {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = name(append(b, "u."...), p)
		}
		emit(append(b, " IS UNIQUE;"...))
	}
	typeKeys := make([][2]int, 0, len(s.typeConstraint))
	for k := range s.typeConstraint {
		typeKeys = append(typeKeys, k)
	}
	slices.SortFunc(typeKeys, comparePair)
	for _, k := range typeKeys {
		b := name([]byte("CREATE CONSTRAINT ON (u:"), k[0])
		b = name(append(b, ") ASSERT u."...), k[1])
		b = append(b, " IS TYPED "...)
		b = append(b, ConstraintKindName(s.typeConstraint[k])...)
		emit(append(b, ';'))
	}

	for _, t := range sortedKeys(s.edgeTypeIndex) {
		emit(append(name([]byte("CREATE EDGE INDEX ON :"), t), ';'))
	}
	for _, k := range sortedPairs(s.edgeTypePropIdx) {
		b := name([]byte("CREATE EDGE INDEX ON :"), k[0])
		b = name(append(b, '('), k[1])
		emit(append(b, ");"...))
	}
	for _, p := range sortedKeys(s.globalEdgeProp) {
		emit(append(name([]byte("CREATE GLOBAL EDGE INDEX ON :("), p), ");"...))
	}
	s.emitTextIndices(emit, true)

	if line := s.ttlLine(); line != nil {
		emit(line)
	}
	s.emitDescriptions(emit)
}

// appendProps prints "`name`: value" pairs in property-id order.
func (s *Graph) appendProps(b []byte, props Props) []byte {
	i := 0
	for id, v := range props.All() {
		if i++; i > 1 {
			b = append(b, ", "...)
		}
		b = AppendCypherName(b, s.names.name(id))
		b = append(b, ": "...)
		b = AppendCypherValue(b, v, s)
	}
	return b
}

func (s *Graph) emitTextIndices(emit func([]byte), edge bool) {
	var list []textIndex
	for _, t := range s.textIndex {
		if t.edge == edge {
			list = append(list, t)
		}
	}
	slices.SortFunc(list, func(a, b textIndex) int { return cmp.Compare(a.name, b.name) })
	for _, t := range list {
		b := []byte("CREATE TEXT INDEX ")
		if edge {
			b = []byte("CREATE TEXT EDGE INDEX ")
		}
		b = AppendCypherName(b, t.name)
		b = AppendCypherName(append(b, " ON :"...), s.names.name(t.target))
		if len(t.props) > 0 {
			b = append(b, '(')
			for i, p := range t.props {
				if i > 0 {
					b = append(b, ", "...)
				}
				b = AppendCypherName(b, s.names.name(p))
			}
			b = append(b, ')')
		}
		emit(append(b, ';'))
	}
}

// emitVectorIndices prints vector indices sorted by name. Memgraph prints them
// in hash-table order, which no file records; the corpus comparison sorts lines.
func (s *Graph) emitVectorIndices(emit func([]byte), edge bool) {
	var list []vectorIndex
	for _, v := range s.vectorIndex {
		if v.edge == edge {
			list = append(list, v)
		}
	}
	slices.SortFunc(list, func(a, b vectorIndex) int { return cmp.Compare(a.name, b.name) })
	for _, v := range list {
		b := []byte("CREATE VECTOR INDEX ")
		if edge {
			b = []byte("CREATE VECTOR EDGE INDEX ")
		}
		b = AppendCypherName(b, v.name)
		b = append(b, " ON "...)
		sep := byte('|')
		if v.mode == format.VectorModeAllOf {
			sep = '&'
		}
		for i, t := range v.targets {
			if i == 0 {
				b = append(b, ':')
			} else {
				b = append(b, sep)
			}
			b = AppendCypherName(b, s.names.name(t))
		}
		b = AppendCypherName(append(b, '('), s.names.name(v.prop))
		b = append(b, `) WITH CONFIG { "dimension": `...)
		b = strconv.AppendUint(b, v.dimension, 10)
		b = append(b, `, "metric": "`...)
		b = append(b, v.metric...)
		b = append(b, `", "capacity": `...)
		b = strconv.AppendUint(b, v.capacity, 10)
		b = append(b, `, "resize_coefficient": `...)
		b = strconv.AppendUint(b, v.resize, 10)
		b = append(b, `, "scalar_kind": "`...)
		b = append(b, ScalarKindName(v.scalarKind)...)
		emit(append(b, `" };`...))
	}
}

// ttlLine prints the TTL configuration, or nil when none is configured.
func (s *Graph) ttlLine() []byte {
	t := s.ttl
	if !t.hasPeriod && !t.hasStart {
		return nil
	}
	b := []byte("ENABLE TTL")
	if t.hasPeriod {
		b = append(b, ` EVERY "`...)
		b = strconv.AppendUint(b, t.periodUs/1_000_000, 10)
		b = append(b, `s"`...)
	}
	if t.hasStart {
		at := time.UnixMicro(t.startUs).UTC()
		b = append(b, ` AT "`...)
		b = at.AppendFormat(b, "15:04:05")
		b = append(b, '"')
	}
	return append(b, ';')
}

// descriptionGroup orders description kinds as Memgraph's dump does.
var descriptionGroup = map[format.DescriptionKind]int{
	format.DescLabel: 0, format.DescEdgeType: 1, format.DescLabelProperty: 2,
	format.DescEdgeTypeProperty: 3, format.DescProperty: 4, format.DescPropertyValue: 5,
	format.DescEdgeTypePattern: 6, format.DescEdgeTypePatternProperty: 7, format.DescDatabase: 8,
}

func (s *Graph) emitDescriptions(emit func([]byte)) {
	type entry struct {
		group int
		key   []int
		d     format.Description
	}
	var list []entry
	for _, d := range s.descriptions {
		labels := sortedSet(s.idsOf(d.Labels))
		to := sortedSet(s.idsOf(d.ToLabels))
		key := append([]int{}, labels...)
		if d.EdgeType != "" {
			key = append(key, s.names.id(d.EdgeType))
		}
		key = append(key, to...)
		if d.Property != "" {
			key = append(key, s.names.id(d.Property))
		}
		list = append(list, entry{descriptionGroup[d.Kind], key, d})
	}
	slices.SortFunc(list, func(a, b entry) int {
		if c := cmp.Compare(a.group, b.group); c != 0 {
			return c
		}
		return slices.Compare(a.key, b.key)
	})
	labelSet := func(b []byte, names []string) []byte {
		for i, id := range sortedSet(s.idsOf(names)) {
			if i > 0 {
				b = append(b, ' ')
			}
			b = AppendCypherName(append(b, ':'), s.names.name(id))
		}
		return b
	}
	for _, e := range list {
		d := e.d
		b := []byte("SET DESCRIPTION ON ")
		switch d.Kind {
		case format.DescDatabase:
			b = AppendCypherName(append(b, "DATABASE "...), DatabaseName)
		case format.DescLabel:
			b = labelSet(append(b, "LABEL "...), d.Labels)
		case format.DescEdgeType:
			b = AppendCypherName(append(b, "EDGE TYPE :"...), d.EdgeType)
		case format.DescLabelProperty:
			b = labelSet(append(b, "LABEL PROPERTY "...), d.Labels)
			b = append(AppendCypherName(append(b, '('), d.Property), ')')
		case format.DescEdgeTypeProperty:
			b = AppendCypherName(append(b, "EDGE TYPE PROPERTY :"...), d.EdgeType)
			b = append(AppendCypherName(append(b, '('), d.Property), ')')
		case format.DescProperty:
			b = AppendCypherName(append(b, "PROPERTY "...), d.Property)
		case format.DescPropertyValue:
			b = AppendCypherName(append(b, "PROPERTY "...), d.Property)
			b = AppendCypherValue(append(b, " VALUE "...), d.Value, s)
		case format.DescEdgeTypePattern, format.DescEdgeTypePatternProperty:
			if d.Kind == format.DescEdgeTypePattern {
				b = append(b, "EDGE TYPE ("...)
			} else {
				b = append(b, "EDGE TYPE PROPERTY ("...)
			}
			b = labelSet(b, d.Labels)
			b = AppendCypherName(append(b, ")-[:"...), d.EdgeType)
			b = labelSet(append(b, "]->("...), d.ToLabels)
			b = append(b, ')')
			if d.Kind == format.DescEdgeTypePatternProperty {
				b = append(AppendCypherName(append(b, '('), d.Property), ')')
			}
		}
		b = AppendCypherString(append(b, ' '), d.Text)
		emit(append(b, ';'))
	}
}

// scalarKindNames are usearch's scalar kind numbers.
var scalarKindNames = map[uint64]string{
	1: "b1x8", 2: "u40", 3: "uuid", ScalarBF16: "bf16", ScalarF64: "f64", ScalarF32: "f32", ScalarF16: "f16", 13: "f8",
	14: "u64", 15: "u32", 16: "u16", 17: "u8", 20: "i64", 21: "i32", 22: "i16", 23: "i8",
}

// ScalarKindName names a vector index scalar kind.
func ScalarKindName(k uint64) string {
	if n, ok := scalarKindNames[k]; ok {
		return n
	}
	return "unknown(" + strconv.FormatUint(k, 10) + ")"
}

func sortedKeys[V any](m map[int]V) []int {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func comparePair(a, b [2]int) int {
	if c := cmp.Compare(a[0], b[0]); c != 0 {
		return c
	}
	return cmp.Compare(a[1], b[1])
}

func sortedPairs(m map[[2]int]bool) [][2]int {
	keys := make([][2]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, comparePair)
	return keys
}

func mapValues[K comparable, V any](m map[K]V) []V {
	out := make([]V, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
