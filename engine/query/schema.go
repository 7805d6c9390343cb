package query

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/durascope/durascope/engine/cypher"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/engine/storage"
	"github.com/durascope/durascope/format"
)

// schemaFunc runs a schema statement in its transaction.
type schemaFunc func(tx *storage.Txn) (*Result, error)

func done(err error) (*Result, error) { return nil, err }

// schemaOp maps a schema or administration statement to the access type
// Memgraph's QueryTransactionRequirements opens it with (reference §1.7)
// and the storage call that runs it.
func schemaOp(s *Session, stmt cypher.Statement) (storage.Access, schemaFunc, error) {
	pos := stmt.StatementSpan().Pos
	createOrDrop := func(drop bool) storage.Access {
		if drop {
			return storage.AccessRead
		}
		return storage.AccessReadOnly
	}
	switch x := stmt.(type) {
	case *cypher.LabelIndex:
		return createOrDrop(x.Drop), func(tx *storage.Txn) (*Result, error) { return done(labelIndex(tx, x)) }, nil
	case *cypher.EdgeIndex:
		return createOrDrop(x.Drop), func(tx *storage.Txn) (*Result, error) {
			switch {
			case len(x.Properties) == 0 && x.Drop:
				return done(tx.DropEdgeTypeIndex(x.EdgeType.Name))
			case len(x.Properties) == 0:
				return done(tx.CreateEdgeTypeIndex(x.EdgeType.Name))
			case len(x.Properties) > 1:
				return done(notSupported(x.Properties[1].Pos, "an edge-type index on several properties"))
			case x.Drop:
				return done(tx.DropEdgeTypePropertyIndex(x.EdgeType.Name, x.Properties[0].Name))
			}
			return done(tx.CreateEdgeTypePropertyIndex(x.EdgeType.Name, x.Properties[0].Name))
		}, nil
	case *cypher.GlobalIndex:
		return createOrDrop(x.Drop), func(tx *storage.Txn) (*Result, error) {
			p := x.Property.Name
			switch {
			case x.Edge && x.Drop:
				return done(tx.DropGlobalEdgePropertyIndex(p))
			case x.Edge:
				return done(tx.CreateGlobalEdgePropertyIndex(p))
			case x.Drop:
				return done(tx.DropGlobalVertexPropertyIndex(p))
			}
			return done(tx.CreateGlobalVertexPropertyIndex(p))
		}, nil
	case *cypher.PointIndex:
		return storage.AccessUnique, func(tx *storage.Txn) (*Result, error) {
			if x.Drop {
				return done(tx.DropPointIndex(x.Label.Name, x.Property.Name))
			}
			return done(tx.CreatePointIndex(x.Label.Name, x.Property.Name))
		}, nil
	case *cypher.TextIndex:
		return storage.AccessUnique, func(tx *storage.Txn) (*Result, error) {
			if x.Drop {
				return done(tx.DropTextIndex(x.Name.Name))
			}
			return done(tx.CreateTextIndex(storage.TextIndexSpec{Name: x.Name.Name, Edge: x.Edge, Target: x.Target.Name, Properties: names(x.Properties)}))
		}, nil
	case *cypher.VectorIndex:
		return storage.AccessUnique, func(tx *storage.Txn) (*Result, error) {
			if x.Drop {
				return done(tx.DropVectorIndex(x.Name.Name))
			}
			spec, err := vectorSpec(x)
			if err != nil {
				return nil, err
			}
			return done(tx.CreateVectorIndex(spec))
		}, nil
	case *cypher.Constraint:
		access := storage.AccessReadOnly
		if s.compat.ConstraintsUnique {
			access = storage.AccessUnique
		}
		return access, func(tx *storage.Txn) (*Result, error) { return done(constraint(tx, x)) }, nil
	case *cypher.CreateEnum:
		return storage.AccessUnique, func(tx *storage.Txn) (*Result, error) {
			return done(tx.CreateEnum(x.Name.Name, names(x.Values)))
		}, nil
	case *cypher.AlterEnum:
		if x.Action == cypher.EnumRemoveValue {
			return 0, nil, notSupported(pos, "ALTER ENUM ... REMOVE VALUE (Memgraph has not implemented it)")
		}
		return storage.AccessUnique, func(tx *storage.Txn) (*Result, error) {
			if x.Action == cypher.EnumAddValue {
				return done(tx.AlterEnumAdd(x.Name.Name, x.Value.Name))
			}
			return done(tx.AlterEnumUpdate(x.Name.Name, x.Value.Name, x.NewValue.Name))
		}, nil
	case *cypher.DropEnum:
		return 0, nil, notSupported(pos, "DROP ENUM (Memgraph has not implemented it)")
	case *cypher.TTL:
		return storage.AccessUnique, func(tx *storage.Txn) (*Result, error) {
			return done(ttl(tx, x, s.now(), s.host.Storage()))
		}, nil
	case *cypher.Description:
		return storage.AccessUnique, func(tx *storage.Txn) (*Result, error) {
			d, err := description(x)
			if err != nil {
				return nil, err
			}
			if x.Delete {
				return done(tx.DeleteDescription(d))
			}
			return done(tx.SetDescription(d))
		}, nil
	case *cypher.AnalyzeGraph:
		return storage.AccessRead, func(tx *storage.Txn) (*Result, error) {
			var labels []string
			if !x.AllLabels {
				labels = names(x.Labels)
			}
			if x.DeleteStatistics {
				return done(tx.DeleteGraphStatistics(labels))
			}
			return done(tx.AnalyzeGraph(labels))
		}, nil
	}
	return 0, nil, notSupported(pos, "this statement")
}

// indexOrConstraint reports whether stmt creates or drops an index or a
// constraint.
func indexOrConstraint(stmt cypher.Statement) bool {
	switch stmt.(type) {
	case *cypher.LabelIndex, *cypher.EdgeIndex, *cypher.GlobalIndex, *cypher.PointIndex,
		*cypher.TextIndex, *cypher.VectorIndex, *cypher.Constraint:
		return true
	}
	return false
}

func names(ids []cypher.Ident) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id.Name
	}
	return out
}

// configMap evaluates a WITH CONFIG map.
func configMap(m *cypher.MapLit) (format.Map, error) {
	if m == nil {
		return nil, nil
	}
	v, err := cypher.EvalLiteral(m, nil)
	if err != nil {
		return nil, literalErr(m.Pos, err)
	}
	return v.(format.Map), nil
}

func labelIndex(tx *storage.Txn, x *cypher.LabelIndex) error {
	if len(x.Properties) == 0 {
		if x.Config != nil {
			return errorf(x.Config.Pos, "A label index takes no configuration.")
		}
		if x.Drop {
			return tx.DropLabelIndex(x.Label.Name)
		}
		return tx.CreateLabelIndex(x.Label.Name)
	}
	cfg, err := configMap(x.Config)
	if err != nil {
		return err
	}
	desc := false
	for _, e := range cfg {
		s, ok := e.Value.(format.String)
		if !strings.EqualFold(e.Key, "order") || !ok || !(strings.EqualFold(string(s), "ASC") || strings.EqualFold(string(s), "DESC")) {
			return errorf(x.Config.Pos, "Unknown index configuration %s; only \"order\": \"ASC\" or \"DESC\" is accepted.", e.Key)
		}
		desc = strings.EqualFold(string(s), "DESC")
	}
	paths := make([][]string, len(x.Properties))
	for i, p := range x.Properties {
		paths[i] = names(p)
	}
	if x.Drop {
		return tx.DropLabelPropertiesIndex(x.Label.Name, paths, desc)
	}
	return tx.CreateLabelPropertiesIndex(x.Label.Name, paths, desc)
}

// vectorSpec reads CREATE VECTOR [EDGE] INDEX's configuration: dimension
// and capacity (required), metric, resize_coefficient and scalar_kind.
func vectorSpec(x *cypher.VectorIndex) (storage.VectorIndexSpec, error) {
	spec := storage.VectorIndexSpec{Name: x.Name.Name, Edge: x.Edge, Targets: names(x.Targets), Property: x.Property.Name}
	switch {
	case len(x.Targets) == 0:
		spec.Mode = format.VectorModeWildcard
	case len(x.Targets) == 1:
		spec.Mode = format.VectorModeSingle
	case x.AllOf:
		spec.Mode = format.VectorModeAllOf
	default:
		spec.Mode = format.VectorModeAnyOf
	}
	cfg, err := configMap(x.Config)
	if err != nil {
		return spec, err
	}
	pos := x.Pos
	if x.Config != nil {
		pos = x.Config.Pos
	}
	uintOf := func(key string, v format.Value) (uint64, error) {
		n, ok := v.(format.Int)
		if !ok || n <= 0 {
			return 0, errorf(pos, "Vector index config '%s' must be a positive integer.", key)
		}
		return uint64(n), nil
	}
	for _, e := range cfg {
		switch strings.ToLower(e.Key) {
		case "dimension":
			spec.Dimension, err = uintOf(e.Key, e.Value)
		case "capacity":
			spec.Capacity, err = uintOf(e.Key, e.Value)
		case "resize_coefficient":
			spec.Resize, err = uintOf(e.Key, e.Value)
		case "metric":
			s, ok := e.Value.(format.String)
			if !ok {
				return spec, errorf(pos, "Vector index config 'metric' must be a string.")
			}
			spec.Metric = strings.ToLower(string(s))
		case "scalar_kind":
			s, ok := e.Value.(format.String)
			k, known := scalarKind(string(s))
			if !ok || !known {
				return spec, errorf(pos, "Unknown vector index scalar_kind %s.", graph.AppendCypherValue(nil, e.Value, nil))
			}
			spec.ScalarKind = k
		default:
			return spec, errorf(pos, "Unknown vector index config '%s'.", e.Key)
		}
		if err != nil {
			return spec, err
		}
	}
	if spec.Dimension == 0 || spec.Capacity == 0 {
		return spec, errorf(pos, "Vector index config must have 'dimension' and 'capacity'.")
	}
	return spec, nil
}

// scalarKind is the usearch scalar kind number of a name (f32, f16, ...),
// or of one of the longer names Memgraph's ScalarFromName also takes.
func scalarKind(name string) (uint64, bool) {
	name = strings.ToLower(name)
	if short, ok := scalarKindAliases[name]; ok {
		name = short
	}
	for k := uint64(0); k < 32; k++ {
		if graph.ScalarKindName(k) == name {
			return k, true
		}
	}
	return 0, false
}

var scalarKindAliases = map[string]string{
	"binary": "b1x8", "bfloat16": "bf16", "float64": "f64", "double": "f64", "float32": "f32", "float": "f32",
	"float16": "f16", "float8": "f8", "uint64": "u64", "uint32": "u32", "uint16": "u16", "uint8": "u8",
	"int64": "i64", "int32": "i32", "int16": "i16", "int8": "i8",
}

func constraint(tx *storage.Txn, x *cypher.Constraint) error {
	label, props := x.Label.Name, names(x.Properties)
	switch x.Kind {
	case cypher.ConstraintExists:
		if len(props) != 1 {
			return notSupported(x.Pos, "an existence constraint on %d properties", len(props))
		}
		if x.Drop {
			return tx.DropExistenceConstraint(label, props[0])
		}
		return tx.CreateExistenceConstraint(label, props[0])
	case cypher.ConstraintUnique:
		if x.Drop {
			return tx.DropUniqueConstraint(label, props)
		}
		return tx.CreateUniqueConstraint(label, props)
	case cypher.ConstraintTyped:
		if len(props) != 1 {
			return notSupported(x.Pos, "a type constraint on %d properties", len(props))
		}
		if x.Drop {
			return tx.DropTypeConstraint(label, props[0], x.Type)
		}
		return tx.CreateTypeConstraint(label, props[0], x.Type)
	}
	return notSupported(x.Pos, "a %s constraint", x.Kind)
}

// ttl runs ENABLE, DISABLE and STOP TTL. ENABLE configures the schedule
// and then enables it, in one transaction as Memgraph does; AT names a
// time of day (UTC, Memgraph's default instance zone) whose next
// occurrence after now is the start. Before formats had TTL, Memgraph
// kept the schedule out of its files: ENABLE TTL only created the
// label+property index :TTL(ttl), in the statement's own transaction
// (the v24..v29 recordings).
func ttl(tx *storage.Txn, x *cypher.TTL, now time.Time, st *storage.Storage) error {
	if !st.Features().Has(format.FeatTTL) {
		if x.Action != cypher.TTLEnable {
			return notSupported(x.Pos, "%s at format %d", x.Action, st.Version())
		}
		return tx.CreateLabelPropertiesIndex("TTL", [][]string{{"ttl"}}, false)
	}
	edges := st.PropertiesOnEdges()
	switch x.Action {
	case cypher.TTLDisable:
		return tx.DisableTTL()
	case cypher.TTLStop:
		return tx.StopTTL()
	}
	spec := storage.TTLSpec{EdgeTTL: edges}
	if x.Every != nil {
		s, err := stringLiteral(x.Every)
		if err != nil {
			return err
		}
		us, ok := parsePeriod(s)
		if !ok {
			return errorf(x.Every.ExprPos(), "Invalid TTL period %q: expected a duration such as \"1d2h3m4s\".", s)
		}
		spec.HasPeriod, spec.PeriodUs = true, us
	}
	if x.At != nil {
		s, err := stringLiteral(x.At)
		if err != nil {
			return err
		}
		start, ok := nextTimeOfDay(s, now)
		if !ok {
			return errorf(x.At.ExprPos(), "Invalid TTL start time %q: expected hh:mm:ss.", s)
		}
		spec.HasStart, spec.StartUs = true, uint64(start.UnixMicro())
	}
	if err := tx.ConfigureTTL(spec); err != nil {
		return err
	}
	return tx.EnableTTL()
}

func stringLiteral(e cypher.Expr) (string, error) {
	v, err := cypher.EvalLiteral(e, nil)
	if err != nil {
		return "", literalErr(e.ExprPos(), err)
	}
	s, ok := v.(format.String)
	if !ok {
		return "", errorf(e.ExprPos(), "Expected a string, got %s.", format.ValueTypeName(v))
	}
	return string(s), nil
}

// parsePeriod reads a period such as "1000s" or "1d2h3m4s" into
// microseconds.
func parsePeriod(s string) (uint64, bool) {
	units := map[string]uint64{"d": 86_400_000_000, "h": 3_600_000_000, "m": 60_000_000, "s": 1_000_000, "ms": 1000}
	var total uint64
	rest := strings.TrimSpace(s)
	if rest == "" {
		return 0, false
	}
	for rest != "" {
		i := 0
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 0 {
			return 0, false
		}
		n, err := strconv.ParseUint(rest[:i], 10, 32)
		if err != nil {
			return 0, false
		}
		rest = rest[i:]
		j := 0
		for j < len(rest) && (rest[j] < '0' || rest[j] > '9') {
			j++
		}
		u, ok := units[strings.ToLower(rest[:j])]
		if !ok {
			return 0, false
		}
		total += n * u
		rest = rest[j:]
	}
	return total, total > 0
}

// nextTimeOfDay is the first instant at hh:mm[:ss] UTC after now.
func nextTimeOfDay(s string, now time.Time) (time.Time, bool) {
	var t time.Time
	var err error
	for _, layout := range []string{"15:04:05", "15:04"} {
		if t, err = time.Parse(layout, s); err == nil {
			break
		}
	}
	if err != nil {
		return time.Time{}, false
	}
	now = now.UTC()
	start := time.Date(now.Year(), now.Month(), now.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
	if !start.After(now) {
		start = start.AddDate(0, 0, 1)
	}
	return start, true
}

func description(x *cypher.Description) (format.Description, error) {
	t := x.Target
	d := format.Description{Kind: t.Kind, Labels: names(t.Labels), EdgeType: t.EdgeType.Name, ToLabels: names(t.ToLabels), Property: t.Property.Name, Text: x.Text}
	if t.Value != nil {
		v, err := cypher.EvalLiteral(t.Value, nil)
		if err != nil {
			return d, literalErr(t.Value.ExprPos(), err)
		}
		d.Value = v
	}
	return d, nil
}

// dumpDatabase is DUMP DATABASE: the view's graph as Memgraph prints it,
// one statement a row.
func dumpDatabase(_ *storage.Storage, v *storage.View) (*Result, error) {
	g, err := v.Graph()
	if err != nil {
		return nil, err
	}
	res := &Result{Columns: []string{"QUERY"}}
	g.Statements(func(line []byte) bool {
		res.Rows = append(res.Rows, []Value{format.String(line)})
		return true
	})
	return res, nil
}

func showEnums(_ *storage.Storage, v *storage.View) (*Result, error) {
	m, err := v.Rest()
	if err != nil {
		return nil, err
	}
	res := &Result{Columns: []string{"Enum Name", "Enum Values"}}
	for _, e := range m.Enums {
		vals := mapList(e.Values, func(x string) Value { return format.String(x) })
		res.Rows = append(res.Rows, []Value{format.String(e.Name), vals})
	}
	return res, nil
}

// showIndexInfo is SHOW INDEX INFO: index type, label (or edge type),
// property and the number of entries where they are easy to count.
func showIndexInfo(st *storage.Storage, v *storage.View) (*Result, error) {
	m, err := v.Rest()
	if err != nil {
		return nil, err
	}
	path := func(p format.PropertyPath) string {
		parts := make([]string, len(p))
		for i, id := range p {
			parts[i] = mapperName(st, id)
		}
		return strings.Join(parts, ".")
	}
	counts, err := countEntries(st, v.Txn())
	if err != nil {
		return nil, err
	}
	res := &Result{Columns: []string{"index type", "label", "property", "count"}}
	add := func(kind string, label, prop, count Value) {
		res.Rows = append(res.Rows, []Value{format.String(kind), label, prop, count})
	}
	for _, l := range m.Indices.Label {
		add("label", nameValue(st, l), format.Null{}, format.Int(counts.label(l)))
	}
	for _, lp := range [][]format.LabelPropertiesIndex{m.Indices.LabelProperties, m.Indices.LabelPropertiesDesc} {
		for _, x := range lp {
			var prop Value
			if len(x.Paths) == 1 {
				prop = format.String(path(x.Paths[0]))
			} else {
				prop = mapList(x.Paths, func(p format.PropertyPath) Value { return format.String(path(p)) })
			}
			add("label+property", nameValue(st, x.Label), prop, format.Int(counts.labelPaths(x)))
		}
	}
	for _, t := range m.EdgeIndices.EdgeType {
		add("edge-type", nameValue(st, t), format.Null{}, format.Int(counts.edgeType(t, nil)))
	}
	for _, tp := range m.EdgeIndices.EdgeTypeProperty {
		p := tp.Property
		add("edge-type+property", nameValue(st, tp.Label), nameValue(st, p), format.Int(counts.edgeType(tp.Label, &p)))
	}
	for _, p := range m.EdgeIndices.GlobalVertexProperty {
		add("property", format.Null{}, nameValue(st, p), format.Null{})
	}
	for _, p := range m.EdgeIndices.GlobalEdgeProperty {
		add("edge-property", format.Null{}, nameValue(st, p), format.Null{})
	}
	for _, x := range m.EdgeIndices.Point {
		add("point", nameValue(st, x.Label), nameValue(st, x.Property), format.Null{})
	}
	for _, list := range [][]format.TextIndex{m.EdgeIndices.Text, m.EdgeIndices.TextEdge} {
		for _, x := range list {
			add("text", nameValue(st, x.Target), format.String(x.Name), format.Null{})
		}
	}
	for _, list := range [][]format.VectorIndex{m.EdgeIndices.Vector, m.EdgeIndices.VectorEdge} {
		for _, x := range list {
			targets := mapList(x.Targets, func(t uint64) Value { return nameValue(st, t) })
			add("vector", targets, nameValue(st, x.Property), format.Int(len(x.Entries)))
		}
	}
	sortRows(res.Rows)
	return res, nil
}

func showConstraintInfo(st *storage.Storage, v *storage.View) (*Result, error) {
	m, err := v.Rest()
	if err != nil {
		return nil, err
	}
	res := &Result{Columns: []string{"constraint type", "label", "properties", "data_type"}}
	for _, c := range m.Constraints.Existence {
		res.Rows = append(res.Rows, []Value{format.String("exists"), nameValue(st, c.Label), nameValue(st, c.Property), format.String("")})
	}
	for _, c := range m.Constraints.Unique {
		props := mapList(c.Properties, func(p uint64) Value { return nameValue(st, p) })
		res.Rows = append(res.Rows, []Value{format.String("unique"), nameValue(st, c.Label), props, format.String("")})
	}
	for _, c := range m.Constraints.Type {
		res.Rows = append(res.Rows, []Value{format.String("data_type"), nameValue(st, c.Label), nameValue(st, c.Property), format.String(graph.ConstraintKindName(c.Kind))})
	}
	sortRows(res.Rows)
	return res, nil
}

// mapperName is the name a mapper id stands for; "" for one it lacks.
func mapperName(st *storage.Storage, id uint64) string {
	n, _ := st.IDToName(id)
	return n
}

func nameValue(st *storage.Storage, id uint64) Value { return format.String(mapperName(st, id)) }

func sortRows(rows [][]Value) {
	slices.SortStableFunc(rows, func(a, b []Value) int {
		return strings.Compare(FormatValue(List(a)), FormatValue(List(b)))
	})
}

// entryCounts counts, in one pass over a view, vertices per label and
// edges per type.
type entryCounts struct {
	st       *storage.Storage
	vertices []*storage.Vertex
	labels   map[string]int64
}

func countEntries(st *storage.Storage, tx *storage.Txn) (*entryCounts, error) {
	c := &entryCounts{st: st, labels: map[string]int64{}}
	for v := range tx.Vertices(storage.ViewOld) {
		c.vertices = append(c.vertices, v)
		labels, err := v.Labels(storage.ViewOld)
		if err != nil {
			return nil, err
		}
		for _, l := range labels {
			c.labels[l]++
		}
	}
	return c, nil
}

func (c *entryCounts) label(id uint64) int64 {
	return c.labels[mapperName(c.st, id)]
}

// labelPaths counts the vertices with the label and a value at every
// path.
func (c *entryCounts) labelPaths(x format.LabelPropertiesIndex) int64 {
	label := mapperName(c.st, x.Label)
	var n int64
	for _, v := range c.vertices {
		if has, _ := v.HasLabel(label, storage.ViewOld); !has {
			continue
		}
		all := true
		for _, p := range x.Paths {
			if !hasPath(c.st, v, p) {
				all = false
				break
			}
		}
		if all {
			n++
		}
	}
	return n
}

func hasPath(st *storage.Storage, v *storage.Vertex, p format.PropertyPath) bool {
	if len(p) == 0 {
		return false
	}
	val, err := v.Property(mapperName(st, p[0]), storage.ViewOld)
	if err != nil {
		return false
	}
	cur := fromProperty(val)
	for _, id := range p[1:] {
		m, ok := cur.(Map)
		if !ok {
			return false
		}
		if cur, ok = m.Get(mapperName(st, id)); !ok {
			return false
		}
	}
	return !isNull(cur)
}

// edgeType counts the edges of a type (with a value of prop, when given).
func (c *entryCounts) edgeType(id uint64, prop *uint64) int64 {
	typ := mapperName(c.st, id)
	var p string
	if prop != nil {
		p = mapperName(c.st, *prop)
	}
	var n int64
	for _, v := range c.vertices {
		out, err := v.OutEdges(storage.ViewOld)
		if err != nil {
			continue
		}
		for _, e := range out {
			if e.Type() != typ {
				continue
			}
			if prop != nil {
				if val, err := e.Property(p, storage.ViewOld); err != nil || isNull(val) {
					continue
				}
			}
			n++
		}
	}
	return n
}
