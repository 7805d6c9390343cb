package convert

import (
	"fmt"
	"strings"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/inspect"
)

// Every item a conversion meets, in a snapshot section, a snapshot record, a
// WAL frame or a graph, is judged the same way: as the WAL delta
// that would create it (names, not mapper ids), whose needed features come
// from deltaNeeds. The snapshot and WAL converters, the graph builders and
// compat all use this one analysis (spec/conversion.md).

// Dropped is one item a conversion left out because the target format
// version cannot represent it.
type Dropped struct {
	// Kind: enum, vertex_property, edge_property, index, constraint,
	// index_statistics, ttl, description, transaction or delta.
	Kind ItemKind `json:"kind"`
	// What names the item in words.
	What string `json:"what"`
	// Feature is the first feature the target lacks.
	Feature format.Feature `json:"feature"`
	// Needs holds every feature the item needs (a list in version order in JSON).
	Needs format.FeatureSet `json:"needs"`
	// Cypher holds the dump statements that disappear with the item (empty
	// for a property, whose object stays, and for items the dump never prints).
	Cypher []string `json:"cypher,omitempty"`
	// Offset is where the item is in the source file, format.NoOffset if nowhere.
	Offset int64 `json:"offset"`
	// Record locates the item: "frame #12 in transaction #3", "vertex gid 4".
	Record string `json:"record,omitempty"`
	// Delta is the marker name of Item.
	Delta string `json:"delta,omitempty"`
	// Item is the item as the delta that creates (or sets) it.
	Item format.Delta `json:"-"`
}

func (d Dropped) String() string {
	s := d.What + ": needs " + d.Feature.String() + fmt.Sprintf(" (format %d+)", uint64(d.Feature.First()))
	if d.Record != "" {
		s += " [" + d.Record + "]"
	}
	return s
}

// ItemKind says what a dropped item is.
type ItemKind string

// Item kinds.
const (
	ItemEnum           ItemKind = "enum"
	ItemVertexProperty ItemKind = "vertex_property"
	ItemEdgeProperty   ItemKind = "edge_property"
	ItemIndex          ItemKind = "index"
	ItemConstraint     ItemKind = "constraint"
	ItemStatistics     ItemKind = "index_statistics"
	ItemTTL            ItemKind = "ttl"
	ItemDescription    ItemKind = "description"
	ItemTransaction    ItemKind = "transaction"
	ItemDelta          ItemKind = "delta"
)

// valueFacts records what compat needs to know about the values of a file.
type valueFacts struct {
	zoned       int // zoned datetime values
	legacySRID  int // Cartesian-3D points stamped with SRID 9757
	cartesian3D int // Cartesian-3D points, either SRID
}

// valueNeeds adds the features v needs (format.ValueFeature of each value
// inside it). A VECTOR_INDEX_ID value needs none: every version can hold
// its vector as a list of doubles (convertValue).
func valueNeeds(v format.Value, n *format.FeatureSet, facts *valueFacts) {
	if v == nil {
		return
	}
	if v.Marker() != format.MarkerVectorIndexID {
		n.Add(format.ValueFeature(v.Marker()))
	}
	switch x := v.(type) {
	case format.List:
		for _, e := range x {
			valueNeeds(e, n, facts)
		}
	case format.Map:
		for _, e := range x {
			valueNeeds(e.Value, n, facts)
		}
	case format.ZonedTemporal:
		if facts != nil {
			facts.zoned++
		}
	case format.Point3D:
		if facts != nil && x.SRID == format.SRIDLegacyCartesian3D {
			facts.legacySRID++
		}
		if facts != nil && (x.SRID == format.SRIDLegacyCartesian3D || x.SRID == format.SRIDCartesian3D) {
			facts.cartesian3D++
		}
	}
}

// graph.DefaultScalarKind is what a vector index without a scalar kind holds (f32).
func effectiveScalarKind(f format.Features, kind uint64) uint64 {
	if !f.Has(format.FeatVectorScalarKind) {
		return graph.DefaultScalarKind
	}
	return kind
}

// deltaNeeds returns the features the item d (in its version-independent
// form: an effective vector scalar kind, index order) needs.
func deltaNeeds(m format.Marker, d format.Delta, facts *valueFacts) format.FeatureSet {
	var n format.FeatureSet
	added, _ := format.DeltaFeature(m)
	n.Add(added)
	switch d := d.(type) {
	case format.VertexPropertyDelta:
		valueNeeds(d.Value, &n, facts)
	case format.EdgePropertyDelta:
		valueNeeds(d.Value, &n, facts)
	case format.LabelPropertiesDelta:
		pathNeeds(d.Paths, &n)
		if d.Order == format.IndexOrderDesc {
			n.Add(format.FeatDescIndices)
		}
	case format.LabelPropertiesStatsDelta:
		pathNeeds(d.Paths, &n)
	case format.TextIndexDelta:
		if m != format.DeltaTextIndexDrop && len(d.Properties) > 0 {
			n.Add(format.FeatTextIndexProperties)
		}
	case format.VectorIndexDelta:
		if d.Mode != format.VectorModeSingle || len(d.Targets) != 1 {
			n.Add(format.FeatVectorMultiLabel)
		}
		if d.ScalarKind != graph.DefaultScalarKind {
			n.Add(format.FeatVectorScalarKind)
		}
	case format.DescriptionDelta:
		if d.Kind == format.DescPropertyValue {
			n.Add(format.FeatPropertyValueDescription)
			valueNeeds(d.Value, &n, facts)
		}
	case format.TxnStart:
		if !d.Commit {
			n.Add(format.FeatTxnStart)
		}
	}
	return n
}

func pathNeeds(paths []format.NamePath, n *format.FeatureSet) {
	if len(paths) > 1 {
		n.Add(format.FeatCompositeIndices)
	}
	for _, p := range paths {
		if len(p) > 1 {
			n.Add(format.FeatNestedIndices)
		}
	}
}

// convertValue rewrites v for a target of features f: a VECTOR_INDEX_ID
// becomes the list of its doubles before VectorIndexID, and a Cartesian-3D
// point gets the SRID the target's writers use (9757 before
// EdgeSetFromVertex, 9157 from it). v must be representable at f.
func convertValue(v format.Value, f format.Features) format.Value {
	out, _ := rewriteValue(v, f)
	return out
}

// rewriteValue copies only what changes.
func rewriteValue(v format.Value, f format.Features) (format.Value, bool) {
	switch x := v.(type) {
	case format.List:
		var out format.List
		for i, e := range x {
			ne, changed := rewriteValue(e, f)
			if changed && out == nil {
				out = append(format.List(nil), x...)
			}
			if out != nil {
				out[i] = ne
			}
		}
		if out != nil {
			return out, true
		}
	case format.Map:
		var out format.Map
		for i, e := range x {
			ne, changed := rewriteValue(e.Value, f)
			if changed && out == nil {
				out = append(format.Map(nil), x...)
			}
			if out != nil {
				out[i].Value = ne
			}
		}
		if out != nil {
			return out, true
		}
	case format.VectorIndexID:
		if !f.Has(format.FeatVectorIndexID) {
			return x.List(), true
		}
	case format.Point3D:
		want := format.SRIDCartesian3D
		if !f.Has(format.FeatEdgeSetFromVertex) {
			want = format.SRIDLegacyCartesian3D
		}
		if (x.SRID == format.SRIDCartesian3D || x.SRID == format.SRIDLegacyCartesian3D) && x.SRID != want {
			x.SRID = want
			return x, true
		}
	}
	return v, false
}

// judge is the shared verdict on one item for a target: nil when it can be
// written, otherwise the Dropped entry (without location).
func judge(tf format.Features, m format.Marker, d format.Delta, facts *valueFacts, enums graph.EnumNames) *Dropped {
	n := deltaNeeds(m, d, facts)
	missing := n.MissingIn(tf)
	if missing == format.NoFeature {
		return nil
	}
	return newDropped(m, d, n, missing, enums)
}

func newDropped(m format.Marker, d format.Delta, n format.FeatureSet, missing format.Feature, enums graph.EnumNames) *Dropped {
	return &Dropped{Kind: itemKind(m), What: describeItem(m, d, enums), Feature: missing, Needs: n,
		Cypher: itemCypher(m, d), Offset: format.NoOffset, Delta: m.String(), Item: d}
}

func itemKind(m format.Marker) ItemKind {
	switch m {
	case format.DeltaVertexSetProperty:
		return ItemVertexProperty
	case format.DeltaEdgeSetProperty:
		return ItemEdgeProperty
	case format.DeltaEnumCreate, format.DeltaEnumAlterAdd, format.DeltaEnumAlterUpdate:
		return ItemEnum
	case format.DeltaExistenceConstraintCreate, format.DeltaExistenceConstraintDrop,
		format.DeltaUniqueConstraintCreate, format.DeltaUniqueConstraintDrop,
		format.DeltaTypeConstraintCreate, format.DeltaTypeConstraintDrop:
		return ItemConstraint
	case format.DeltaLabelIndexStatsSet, format.DeltaLabelIndexStatsClear,
		format.DeltaLabelPropertiesIndexStatsSet, format.DeltaLabelPropertiesIndexStatsClear:
		return ItemStatistics
	case format.DeltaTTLOperation:
		return ItemTTL
	case format.DeltaDescriptionSet, format.DeltaDescriptionDelete:
		return ItemDescription
	case format.DeltaTransactionStart:
		return ItemTransaction
	}
	if format.IsMetadataDelta(m) {
		return ItemIndex
	}
	return ItemDelta
}

// describeItem names an item: a property as "vertex 4 property `p` = value",
// anything else as its delta with its fields.
func describeItem(m format.Marker, d format.Delta, enums graph.EnumNames) string {
	switch d := d.(type) {
	case format.VertexPropertyDelta:
		return fmt.Sprintf("vertex %d property %s = %s", d.Gid, graph.AppendCypherName(nil, d.Property), graph.AppendCypherValue(nil, d.Value, enums))
	case format.EdgePropertyDelta:
		return fmt.Sprintf("edge %d property %s = %s", d.Gid, graph.AppendCypherName(nil, d.Property), graph.AppendCypherValue(nil, d.Value, enums))
	}
	return string(inspect.AppendDeltaFields([]byte(m.String()), d, format.FeaturesOf(format.MaxVersion)))
}

// itemCypher returns the dump lines that create the item: the create delta
// applied to an empty graph, dumped. Other deltas have none.
func itemCypher(m format.Marker, d format.Delta) []string {
	if !format.IsMetadataDelta(m) {
		return nil
	}
	g := graph.New()
	// d holds the effective scalar kind, as the newest version stores it.
	if err := g.Apply(format.Frame{Marker: m, Delta: d}, format.FeaturesOf(format.MaxVersion)); err != nil {
		return nil
	}
	var out []string
	g.Statements(func(l []byte) bool {
		out = append(out, string(l))
		return true
	})
	return out
}

// Report says what a conversion did.
type Report struct {
	Input       string       `json:"input,omitempty"`
	Output      string       `json:"output,omitempty"`
	Kind        datadir.Kind `json:"kind"`
	FromVersion uint64       `json:"from_version"`
	ToVersion   uint64       `json:"to_version"`
	Exact       bool         `json:"exact"` // own version: the input's bytes reproduced
	Written     bool         `json:"written"`
	// TornTail: the input WAL ends in a torn transaction.
	TornTail bool `json:"torn_tail,omitempty"`
	// LeftBehind lists what a salvage (Options.Salvage) of a damaged input
	// could not carry over: the verify findings of the input, and for a
	// WAL where the damage stopped the conversion.
	LeftBehind []inspect.Finding `json:"left_behind,omitempty"`
	Dropped    []Dropped         `json:"dropped"`
	// Notes are field-level adjustments that change no item: a default
	// assumed, a field the target lacks, a torn tail left out.
	Notes []string `json:"notes"`
	// Counts of what was written.
	Transactions int    `json:"transactions,omitempty"`
	Deltas       uint64 `json:"deltas,omitempty"`
	Vertices     uint64 `json:"vertices,omitempty"`
	Edges        uint64 `json:"edges,omitempty"`
	facts        valueFacts
}

func newReport(kind datadir.Kind, from, to format.Version) *Report {
	return &Report{Kind: kind, FromVersion: uint64(from), ToVersion: uint64(to), Dropped: []Dropped{}, Notes: []string{}}
}

func (r *Report) note(msg string, args ...any) {
	r.Notes = append(r.Notes, fmt.Sprintf(msg, args...))
}

func (r *Report) drop(d *Dropped, offset int64, record string) {
	d.Offset, d.Record = offset, record
	r.Dropped = append(r.Dropped, *d)
}

// DroppedByKind counts the dropped items by kind.
func (r *Report) DroppedByKind() map[string]int {
	out := map[string]int{}
	for _, d := range r.Dropped {
		out[string(d.Kind)]++
	}
	return out
}

// DamagedError refuses to convert an input that verify finds errors in:
// converting it would carry the damage over, or hide it.
type DamagedError struct {
	Path     string
	Findings []inspect.Finding // the error findings
}

func (e *DamagedError) Error() string {
	return fmt.Sprintf("%s is damaged (%d error(s), the first: %s); nothing written", e.Path, len(e.Findings), e.Findings[0])
}

// Unwrap makes a DamagedError a decode problem (exit 1), not an I/O error.
func (e *DamagedError) Unwrap() error { return format.ErrCorrupt }

// DropError is returned when a conversion would drop items and
// dropping was not allowed.
type DropError struct {
	Version format.Version
	Dropped []Dropped
}

func (e *DropError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "format %d cannot represent %d item(s) of the input: ", uint64(e.Version), len(e.Dropped))
	for i, d := range e.Dropped {
		if i == 3 {
			fmt.Fprintf(&b, "; and %d more", len(e.Dropped)-3)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(d.String())
	}
	return b.String()
}

// stateEnums resolves enum ids against a list kept while converting.
type stateEnums []format.EnumType

func (e *stateEnums) EnumValue(typeID, valueID uint64) (string, string, bool) {
	return graph.EnumTable(*e).EnumValue(typeID, valueID)
}

// track keeps the enum list current with an enum delta.
func (e *stateEnums) track(d format.Delta) {
	switch d := d.(type) {
	case format.EnumCreateDelta:
		*e = append(*e, format.EnumType{Name: d.Name, Values: append([]string(nil), d.Values...)})
	case format.EnumAlterAddDelta:
		for i := range *e {
			if (*e)[i].Name == d.Name {
				(*e)[i].Values = append((*e)[i].Values, d.Value)
			}
		}
	case format.EnumAlterUpdateDelta:
		for i := range *e {
			if (*e)[i].Name == d.Name {
				for j, v := range (*e)[i].Values {
					if v == d.OldValue {
						(*e)[i].Values[j] = d.NewValue
					}
				}
			}
		}
	}
}
