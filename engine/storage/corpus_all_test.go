package storage

import (
	"testing"

	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
)

// TestCorpusAllV37 replays v37/test_all: every schema kind, enums, points,
// vector-indexed values on vertices and edges, ANALYZE GRAPH over
// composite, nested and descending indices, TTL, descriptions. TTL's
// automatic index comes from its own READ_ONLY transaction, and the one
// accessor Memgraph opens after it takes a timestamp.
func TestCorpusAllV37(t *testing.T) {
	r := newReplay(t, "v37", "test_all", Config{PropertiesOnEdges: true})
	ro := func(fn func(tx *Txn) error) { r.stmt(AccessReadOnly, fn) }
	uq := func(fn func(tx *Txn) error) { r.stmt(AccessUnique, fn) }
	uq(func(tx *Txn) error { return tx.CreateEnum("Status", []string{"ACTIVE", "DISABLED"}) })
	ro(func(tx *Txn) error { return tx.CreateLabelIndex("label") })
	ro(func(tx *Txn) error { return tx.CreateLabelPropertiesIndex("label2", [][]string{{"prop2"}}, false) })
	ro(func(tx *Txn) error { return tx.CreateLabelPropertiesIndex("label2", [][]string{{"prop"}}, false) })
	uq(func(tx *Txn) error { return tx.CreatePointIndex("has_coord", "coord") })
	ro(func(tx *Txn) error { return tx.CreateExistenceConstraint("label", "ext") })
	ro(func(tx *Txn) error { return tx.CreateUniqueConstraint("label2", []string{"prop2", "prop"}) })
	for _, c := range []struct {
		prop string
		kind uint64
	}{{"is_string", 0}, {"is_int", 2}, {"is_list", 4}, {"is_enum", 11}, {"is_point", 12}} {
		ro(func(tx *Txn) error { return tx.CreateTypeConstraint("label", c.prop, c.kind) })
	}
	for _, spec := range []VectorIndexSpec{
		{Name: "vector_index_name", Targets: []string{"Label"}, Property: "embedding", Dimension: 3, Capacity: 1000},
		{Name: "vector_index_name_1", Targets: []string{"Label1"}, Property: "embedding1", Dimension: 3, Capacity: 1000, ScalarKind: graph.ScalarF16},
		{Name: "vector_index_or", Mode: format.VectorModeAnyOf, Targets: []string{"LabelA", "LabelB"}, Property: "or_embedding", Dimension: 2, Capacity: 10},
		{Name: "vector_index_and", Mode: format.VectorModeAllOf, Targets: []string{"LabelC", "LabelD"}, Property: "and_embedding", Dimension: 2, Capacity: 10},
		{Name: "vector_index_wildcard", Property: "wild_embedding", Dimension: 2, Capacity: 10},
		{Name: "vector_edge_index_name", Edge: true, Targets: []string{"REL"}, Property: "embedding", Dimension: 3, Capacity: 1000, ScalarKind: graph.ScalarF16},
		{Name: "vector_edge_index_or", Edge: true, Mode: format.VectorModeAnyOf, Targets: []string{"ER1", "ER2"}, Property: "or_embedding", Dimension: 2, Capacity: 10},
		{Name: "vector_edge_index_wildcard", Edge: true, Property: "wild_embedding", Dimension: 2, Capacity: 10},
	} {
		uq(func(tx *Txn) error { return tx.CreateVectorIndex(spec) })
	}
	ro(func(tx *Txn) error {
		return tx.CreateLabelPropertiesIndex("composite", [][]string{{"a"}, {"b"}, {"c"}, {"d"}}, false)
	})
	ro(func(tx *Txn) error {
		return tx.CreateLabelPropertiesIndex("composite", [][]string{{"d"}, {"c"}, {"b"}, {"a"}}, false)
	})
	ro(func(tx *Txn) error {
		return tx.CreateLabelPropertiesIndex("nested", [][]string{{"a", "b", "c"}}, false)
	})
	ro(func(tx *Txn) error { return tx.CreateLabelPropertiesIndex("desc_label", [][]string{{"prop"}}, true) })
	ro(func(tx *Txn) error {
		return tx.CreateLabelPropertiesIndex("desc_composite", [][]string{{"a"}, {"b"}}, true)
	})
	uq(func(tx *Txn) error {
		return tx.CreateTextIndex(TextIndexSpec{Name: "text_index_without_properties", Target: "text"})
	})
	uq(func(tx *Txn) error {
		return tx.CreateTextIndex(TextIndexSpec{Name: "text_index_with_properties", Target: "text", Properties: []string{"prop1", "prop2"}})
	})
	uq(func(tx *Txn) error {
		return tx.CreateTextIndex(TextIndexSpec{Name: "text_edge_index", Edge: true, Target: "TEXT_REL", Properties: []string{"prop1", "prop2"}})
	})
	ro(createMarkerIndex)

	node := func(labels []string, props ...Prop) {
		r.stmt(AccessWrite, func(tx *Txn) error {
			_, err := createNode(tx, append([]string{"__mg_vertex__"}, labels...), props...)
			return err
		})
	}
	id := func(x int64) Prop { return p("__mg_id__", i64(x)) }
	node([]string{"label2"}, id(0), p("prop2", format.List{format.String("kaj"), i64(2), format.Null{}, format.Map{{Key: "prop4", Value: format.Double(-1.341)}}}),
		p("ext", i64(2)), p("prop", format.String("joj")))
	node([]string{"label2", "label"}, id(1), p("ext", i64(2)), p("prop", format.String("joj")))
	r.stmt(AccessWrite, func(tx *Txn) error {
		active, ok := tx.EnumValue("Status", "ACTIVE")
		if !ok {
			t.Fatal("enum value Status::ACTIVE not found")
		}
		_, err := createNode(tx, []string{"__mg_vertex__", "label2"}, id(2), p("prop2", i64(2)), p("prop", i64(1)), p("status", active))
		return err
	})
	r.stmt(AccessWrite, func(tx *Txn) error {
		disabled, _ := tx.EnumValue("Status", "DISABLED")
		_, err := createNode(tx, []string{"__mg_vertex__", "label2"}, id(3), p("prop2", i64(2)), p("prop", i64(2)), p("status", disabled))
		return err
	})
	// point({...}) is a map literal the planner meets: its keys get ids.
	point := func(keys []string, x int64, v format.Value) {
		r.stmt(AccessWrite, func(tx *Txn) error {
			register(tx, "__mg_id__", "coord")
			register(tx, keys...)
			_, err := createNode(tx, []string{"__mg_vertex__", "has_coord"}, id(x), p("coord", v))
			return err
		})
	}
	point([]string{"x", "y", "crs"}, 4, format.Point2D{SRID: format.SRIDWGS84_2D, X: -73.93, Y: 40.73})
	point([]string{"x", "y", "z", "srid"}, 5, format.Point3D{SRID: format.SRIDWGS84_3D, X: -73.93, Y: 40.73, Z: 10})
	point([]string{"x", "y"}, 6, format.Point2D{SRID: format.SRIDCartesian2D, X: 0, Y: 1})
	point([]string{"x", "y", "z"}, 7, format.Point3D{SRID: format.SRIDCartesian3D, X: 0, Y: 1, Z: 2})
	r.stmt(AccessWrite, func(tx *Txn) error {
		if _, err := createNode(tx, []string{"__mg_vertex__", "edge_index_from"}, id(8)); err != nil {
			return err
		}
		_, err := createNode(tx, []string{"__mg_vertex__", "edge_index_to"}, id(9))
		return err
	})
	list := func(xs ...float64) format.List {
		out := format.List{}
		for _, x := range xs {
			out = append(out, format.Double(x))
		}
		return out
	}
	node([]string{"Label"}, id(10), p("embedding", format.List{i64(1), i64(2), i64(3)}))
	node([]string{"composite"}, id(11), p("a", i64(1)), p("b", i64(2)), p("c", i64(3)), p("d", i64(4)))
	node([]string{"composite"}, id(12), p("d", i64(1)), p("c", i64(2)), p("b", i64(3)), p("a", i64(4)))
	node([]string{"TTL"}, id(13), p("ttl", i64(4102444800)))
	node([]string{"nested"}, id(14), p("a", format.Map{{Key: "b", Value: format.Map{{Key: "c", Value: i64(1)}}}}))
	node([]string{"text"}, p("prop1", format.String("first text")), p("prop2", format.String("second text")), p("prop3", format.String("third text")))
	node([]string{"desc_label"}, id(15), p("prop", i64(42)))
	node([]string{"desc_composite"}, id(16), p("a", i64(10)), p("b", i64(20)))
	node([]string{"LabelA"}, id(17), p("or_embedding", list(1, 2)))
	node([]string{"LabelB"}, id(18), p("or_embedding", list(3, 4)))
	node([]string{"LabelC", "LabelD"}, id(19), p("and_embedding", list(5, 6)))
	node([]string{"LabelE"}, id(20), p("wild_embedding", list(7, 8)))
	anon := func(typ string, props ...Prop) {
		r.stmt(AccessWrite, func(tx *Txn) error {
			u, err := tx.CreateVertex()
			if err != nil {
				return err
			}
			v, err := tx.CreateVertex()
			if err != nil {
				return err
			}
			return createEdge(tx, u, v, typ, props...)
		})
	}
	anon("REL", p("embedding", list(1, 2, 3)))
	anon("ER1", p("or_embedding", list(11, 12)))
	anon("ER2", p("or_embedding", list(13, 14)))
	anon("WILD_REL", p("wild_embedding", list(15, 16)))
	anon("TEXT_REL", p("prop1", format.String("first text")), p("prop2", format.String("second text")), p("prop3", format.String("third text")))
	for to := range int64(4) {
		r.matchCreateEdge(1, to, "link", p("ext", format.List{format.Bool(false), format.Map{{Key: "k", Value: format.String("l")}}}), p("prop", i64(-1)))
	}
	r.matchCreateEdge(8, 9, "edge_type")
	r.matchCreateEdge(8, 9, "edge_type", p("prop", i64(1)))
	r.matchCreateEdge(8, 9, "edge_type", p("ttl", i64(4102444800)))
	r.stmt(AccessRead, dropMarkerIndex)
	r.removeMarkers()
	ro(func(tx *Txn) error { return tx.CreateEdgeTypeIndex("edge_type") })
	ro(func(tx *Txn) error { return tx.CreateEdgeTypePropertyIndex("edge_type", "prop") })
	ro(func(tx *Txn) error { return tx.CreateGlobalVertexPropertyIndex("prop") })
	ro(func(tx *Txn) error { return tx.CreateGlobalEdgePropertyIndex("ttl") })
	r.stmt(AccessRead, func(tx *Txn) error { return tx.AnalyzeGraph(nil) })
	// ENABLE TTL EVERY "1000s" AT "12:00:00": the recorder's next noon, 2026-08-12 12:00 UTC.
	uq(func(tx *Txn) error {
		if err := tx.ConfigureTTL(TTLSpec{HasPeriod: true, PeriodUs: 1_000_000_000, HasStart: true, StartUs: 1786536000000000, EdgeTTL: true}); err != nil {
			return err
		}
		return tx.EnableTTL()
	})
	ro(func(tx *Txn) error { return tx.CreateLabelPropertiesIndex("TTL", [][]string{{"ttl"}}, false) })
	consume(t, r.s, 1)
	uq(func(tx *Txn) error {
		return tx.SetDescription(format.Description{Kind: format.DescLabel, Labels: []string{"label"}, Text: "Label for testing"})
	})
	uq(func(tx *Txn) error {
		return tx.SetDescription(format.Description{Kind: format.DescEdgeType, EdgeType: "link", Text: "Link edge type"})
	})
	uq(func(tx *Txn) error {
		return tx.DeleteDescription(format.Description{Kind: format.DescEdgeType, EdgeType: "link"})
	})
	r.done()

	want := readCorpusSnapshot(t, "v37/test_all/snapshot.bin")
	if want.Metadata.StartTimestamp != r.s.NextTimestamp()+2 {
		t.Fatalf("Memgraph's snapshot started at %d, two timestamps after the store's clock (%d) was expected", want.Metadata.StartTimestamp, r.s.NextTimestamp())
	}
	r.exitSnapshot("v37/test_all")
}
