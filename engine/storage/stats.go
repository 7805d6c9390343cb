package storage

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/durascope/durascope/format"
)

// AnalyzeGraph computes index statistics as ANALYZE GRAPH does (READ
// access), for every label and label+properties index or, with labels
// given, only for those labels: per label index the vertex count and
// average degree; per label+properties index and each of its leading
// path prefixes, the count of vertices holding any of the values, the
// distinct value tuples, the chi-squared statistic of the group sizes, the
// average group size and degree. Each result is a metadata delta with
// Memgraph's JSON-like text, in index order (labels, then ascending, then
// descending label+properties indices).
func (t *Txn) AnalyzeGraph(labels []string) error {
	keep, err := t.analyzeScope("analyze graph", labels)
	if err != nil {
		return err
	}
	s := t.s
	sc := t.schemaView()

	var vs []statVertex
	for _, v := range s.vertexList() {
		st := t.state(v, ViewOld, wantLabels|wantProps|wantIn|wantOut)
		if st.exists && !st.deleted {
			vs = append(vs, statVertex{st.labels, st.props, uint64(len(st.in) + len(st.out))})
		}
	}

	type lpStat struct {
		key  format.LabelPropertiesIndex
		stat format.LabelPropertiesStat
	}
	var labelStats []format.LabelStat
	for _, l := range sc.ix.Label {
		if !keep(l) {
			continue
		}
		var n, deg uint64
		for _, v := range vs {
			if hasLabel(v.labels, l) {
				n++
				deg += v.degree
			}
		}
		st := format.LabelStat{Label: l, Count: n}
		if n > 0 {
			st.AvgDegree = float64(deg) / float64(n)
		}
		labelStats = append(labelStats, st)
	}
	var lpStats []lpStat
	for _, k := range analyzeKeys(sc.ix, keep) {
		lpStats = append(lpStats, lpStat{k.LabelPropertiesIndex, s.lpStatistics(k.LabelPropertiesIndex, vs)})
	}

	var frames []format.Frame
	for _, st := range labelStats {
		d := format.LabelStatsDelta{Label: s.names.name(st.Label), Stats: labelStatsJSON(st)}
		if err := s.checkFrame("label index statistics", format.DeltaLabelIndexStatsSet, d); err != nil {
			return err
		}
		frames = append(frames, format.Frame{Marker: format.DeltaLabelIndexStatsSet, Delta: d})
	}
	for _, st := range lpStats {
		d := format.LabelPropertiesStatsDelta{Label: s.names.name(st.key.Label), Paths: s.namePaths(st.key.Paths), Stats: lpStatsJSON(st.stat)}
		if err := s.checkFrame("label+properties index statistics", format.DeltaLabelPropertiesIndexStatsSet, d); err != nil {
			return err
		}
		frames = append(frames, format.Frame{Marker: format.DeltaLabelPropertiesIndexStatsSet, Delta: d})
	}
	if len(frames) == 0 {
		return nil
	}
	stage := t.stage()
	for _, st := range labelStats {
		stage.ix.LabelStats = upsert(stage.ix.LabelStats, st, func(a, b format.LabelStat) int { return cmp.Compare(a.Label, b.Label) })
	}
	for _, st := range lpStats {
		stage.ix.LabelPropertyStats = upsert(stage.ix.LabelPropertyStats, st.stat, compareLPStat)
	}
	t.md = append(t.md, frames...)
	return nil
}

// orderedKey is a label+properties key and the order of the index it
// comes from.
type orderedKey struct {
	format.LabelPropertiesIndex
	desc bool
}

// analyzeKeys are the label+properties keys ANALYZE GRAPH computes, in the
// order it writes them, as Memgraph's AnalyzeGraphCreateStatistics does: an
// ascending and a descending index on one key count once (the ascending,
// listed first); every prefix of each index is a key carrying the index's
// order, so a prefix shared by indices of both orders is written twice;
// keys are sorted by label, properties, then order (ascending first).
func analyzeKeys(ix format.Indices, keep func(uint64) bool) []orderedKey {
	var keys []orderedKey
	indices, prefixes := map[string]bool{}, map[string]bool{}
	for _, list := range []struct {
		ix   []format.LabelPropertiesIndex
		desc bool
	}{{ix.LabelProperties, false}, {ix.LabelPropertiesDesc, true}} {
		for _, idx := range list.ix {
			if !keep(idx.Label) || indices[lpKey(idx)] {
				continue
			}
			indices[lpKey(idx)] = true
			for k := 1; k <= len(idx.Paths); k++ {
				key := orderedKey{format.LabelPropertiesIndex{Label: idx.Label, Paths: idx.Paths[:k]}, list.desc}
				ks := lpKey(key.LabelPropertiesIndex) + strconv.FormatBool(key.desc)
				if !prefixes[ks] {
					prefixes[ks] = true
					keys = append(keys, key)
				}
			}
		}
	}
	slices.SortStableFunc(keys, func(a, b orderedKey) int {
		return cmp.Or(compareLP(a.LabelPropertiesIndex, b.LabelPropertiesIndex), compareBool(a.desc, b.desc))
	})
	return keys
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

func compareLPStat(a, b format.LabelPropertiesStat) int {
	return cmp.Or(cmp.Compare(a.Label, b.Label), comparePaths(a.Paths, b.Paths))
}

func upsert[T any](list []T, x T, compare func(a, b T) int) []T {
	i, found := slices.BinarySearchFunc(list, x, compare)
	if found {
		list[i] = x
		return list
	}
	return slices.Insert(list, i, x)
}

func lpKey(k format.LabelPropertiesIndex) string {
	var b strings.Builder
	b.WriteString(strconv.FormatUint(k.Label, 10))
	for _, p := range k.Paths {
		b.WriteByte('/')
		for _, id := range p {
			b.WriteString(strconv.FormatUint(id, 10))
			b.WriteByte('.')
		}
	}
	return b.String()
}

// pathValue follows a property path into nested maps; nil when absent.
func (s *Storage) pathValue(p props, path format.PropertyPath) format.Value {
	v := p.get(path[0])
	for _, id := range path[1:] {
		m, ok := v.(format.Map)
		if !ok {
			return nil
		}
		v = m.Lookup(s.names.name(id))
	}
	if isNull(v) {
		return nil
	}
	return v
}

// statVertex is what ANALYZE GRAPH reads of a vertex.
type statVertex struct {
	labels []uint64
	props  props
	degree uint64
}

// lpStatistics computes the statistics of one label+properties key: the
// vertices with the label and at least one of the values, grouped by
// their value tuple (missing values as Null) in value order.
func (s *Storage) lpStatistics(key format.LabelPropertiesIndex, vs []statVertex) format.LabelPropertiesStat {
	type group struct {
		vals  []format.Value
		count int64
	}
	var groups []group
	var count, degree uint64
	for _, v := range vs {
		if !hasLabel(v.labels, key.Label) {
			continue
		}
		vals := make([]format.Value, len(key.Paths))
		present := false
		for i, path := range key.Paths {
			vals[i] = s.pathValue(v.props, path)
			if vals[i] == nil {
				vals[i] = format.Null{}
			} else {
				present = true
			}
		}
		if !present {
			continue
		}
		count++
		degree += v.degree
		i, found := slices.BinarySearchFunc(groups, vals, func(g group, vals []format.Value) int { return compareTuples(g.vals, vals) })
		if found {
			groups[i].count++
		} else {
			groups = slices.Insert(groups, i, group{vals, 1})
		}
	}
	st := format.LabelPropertiesStat{Label: key.Label, Paths: clonePaths(key.Paths), Count: count, DistinctCount: uint64(len(groups))}
	if len(groups) > 0 {
		st.AvgGroupSize = float64(count) / float64(len(groups))
		for _, g := range groups {
			st.Statistic += chiSquared(float64(g.count), st.AvgGroupSize)
		}
	}
	if count > 0 {
		st.AvgDegree = float64(degree) / float64(count)
	}
	return st
}

func compareTuples(a, b []format.Value) int {
	for i := range a {
		if c := compareValues(a[i], b[i]); c != 0 {
			return c
		}
	}
	return 0
}

// chiSquared is one group's term of the chi-squared statistic.
func chiSquared(observed, expected float64) float64 {
	if expected == 0 {
		return 0
	}
	return (observed - expected) * (observed - expected) / expected
}

func (s *Storage) namePaths(paths []format.PropertyPath) []format.NamePath {
	out := make([]format.NamePath, len(paths))
	for i, p := range paths {
		for _, id := range p {
			out[i] = append(out[i], s.names.name(id))
		}
	}
	return out
}

// labelStatsJSON is LabelIndexStats' ToJson text.
func labelStatsJSON(st format.LabelStat) string {
	return `{"count":` + strconv.FormatUint(st.Count, 10) + `, "avg_degree":` + fmtDouble(st.AvgDegree) + `}`
}

// lpStatsJSON is LabelPropertyIndexStats' ToJson text, the missing comma
// before avg_degree included.
func lpStatsJSON(st format.LabelPropertiesStat) string {
	return `{"count":` + strconv.FormatUint(st.Count, 10) +
		`, "distinct_values_count":` + strconv.FormatUint(st.DistinctCount, 10) +
		`, "statistic":` + fmtDouble(st.Statistic) +
		`, "avg_group_size":` + fmtDouble(st.AvgGroupSize) +
		` "avg_degree":` + fmtDouble(st.AvgDegree) + `}`
}

// fmtDouble formats a double as {fmt}'s "{}" does: the shortest digits
// that read back, fixed notation for decimal exponents -4..15 without a
// trailing ".0", scientific with a signed two-digit exponent otherwise.
func fmtDouble(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	e := strconv.FormatFloat(f, 'e', -1, 64) // d.ddde±x
	mant, expPart, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expPart)
	neg := strings.HasPrefix(mant, "-")
	mant = strings.TrimPrefix(mant, "-")
	digits := strings.Replace(mant, ".", "", 1)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	if exp < -4 || exp >= 16 {
		b.WriteByte(digits[0])
		if len(digits) > 1 {
			b.WriteByte('.')
			b.WriteString(digits[1:])
		}
		b.WriteByte('e')
		if exp < 0 {
			b.WriteByte('-')
			exp = -exp
		} else {
			b.WriteByte('+')
		}
		if exp < 10 {
			b.WriteByte('0')
		}
		b.WriteString(strconv.Itoa(exp))
		return b.String()
	}
	switch {
	case exp < 0:
		b.WriteString("0.")
		b.WriteString(strings.Repeat("0", -exp-1))
		b.WriteString(digits)
	case len(digits) <= exp+1:
		b.WriteString(digits)
		b.WriteString(strings.Repeat("0", exp+1-len(digits)))
	default:
		b.WriteString(digits[:exp+1])
		b.WriteByte('.')
		b.WriteString(digits[exp+1:])
	}
	return b.String()
}

// analyzeScope checks that the transaction may run an ANALYZE GRAPH
// operation (READ access) and registers the labels it names; keep tells
// the labels it covers: those, or every label when none is named.
func (t *Txn) analyzeScope(op string, labels []string) (keep func(label uint64) bool, err error) {
	if err := t.checkAccess(op, wantRead); err != nil {
		return nil, err
	}
	only := map[uint64]bool{}
	for _, l := range labels {
		only[t.s.names.id(l)] = true
	}
	return func(l uint64) bool { return len(labels) == 0 || only[l] }, nil
}

// DeleteGraphStatistics deletes index statistics as ANALYZE GRAPH DELETE
// STATISTICS does (READ access): a LABEL_INDEX_STATS_CLEAR per label index
// with statistics, a LABEL_PROPERTIES_INDEX_STATS_CLEAR per label+properties
// statistics entry removed.
func (t *Txn) DeleteGraphStatistics(labels []string) error {
	keep, err := t.analyzeScope("analyze graph delete statistics", labels)
	if err != nil {
		return err
	}
	s := t.s
	sc := t.schemaView()
	var frames []format.Frame
	for _, st := range sc.ix.LabelStats {
		if keep(st.Label) {
			frames = append(frames, format.Frame{Marker: format.DeltaLabelIndexStatsClear, Delta: format.LabelOnlyDelta{Label: s.names.name(st.Label)}})
		}
	}
	for _, st := range sc.ix.LabelPropertyStats {
		if keep(st.Label) {
			frames = append(frames, format.Frame{Marker: format.DeltaLabelPropertiesIndexStatsClear, Delta: format.LabelOnlyDelta{Label: s.names.name(st.Label)}})
		}
	}
	for _, fr := range frames {
		if err := s.checkFrame("index statistics", fr.Marker, fr.Delta); err != nil {
			return err
		}
	}
	if len(frames) == 0 {
		return nil
	}
	stage := t.stage()
	stage.ix.LabelStats = slices.DeleteFunc(stage.ix.LabelStats, func(st format.LabelStat) bool { return keep(st.Label) })
	stage.ix.LabelPropertyStats = slices.DeleteFunc(stage.ix.LabelPropertyStats, func(st format.LabelPropertiesStat) bool { return keep(st.Label) })
	t.md = append(t.md, frames...)
	return nil
}
