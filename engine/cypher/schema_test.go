package cypher

import (
	"strings"
	"testing"

	"github.com/durascope/durascope/format"
)

func TestParseSchema(t *testing.T) {
	cases := []struct{ src, want string }{
		{"CREATE INDEX ON :L", `LabelIndex{Label:L}`},
		{"create index on :`label`", `LabelIndex{Label:label}`},
		{"CREATE INDEX ON :composite(a,b, c)", `LabelIndex{Label:composite Properties:[[a] [b] [c]]}`},
		{"CREATE INDEX ON :`nested`(`a`.`b`.`c`)", `LabelIndex{Label:nested Properties:[[a b c]]}`},
		{`CREATE INDEX ON :desc_composite(a, b) WITH CONFIG {"order": "DESC"}`,
			`LabelIndex{Label:desc_composite Properties:[[a] [b]] Config:MapLit{Entries:[MapEntry{Key:order Value:StringLit{Value:"DESC"}}]}}`},
		{"DROP INDEX ON :__mg_vertex__(__mg_id__)", `LabelIndex{Drop:true Label:__mg_vertex__ Properties:[[__mg_id__]]}`},
		{"DROP INDEX ON :L", `LabelIndex{Drop:true Label:L}`},
		{"CREATE EDGE INDEX ON :`edge_type`", `EdgeIndex{EdgeType:edge_type}`},
		{"CREATE EDGE INDEX ON :`edge_type`(`prop`)", `EdgeIndex{EdgeType:edge_type Properties:[prop]}`},
		{"DROP EDGE INDEX ON :T(p)", `EdgeIndex{Drop:true EdgeType:T Properties:[p]}`},
		{"CREATE GLOBAL INDEX ON :(prop)", `GlobalIndex{Property:prop}`},
		{"CREATE GLOBAL EDGE INDEX ON :(`ttl`)", `GlobalIndex{Edge:true Property:ttl}`},
		{"DROP GLOBAL EDGE INDEX ON :(p)", `GlobalIndex{Drop:true Edge:true Property:p}`},
		{"DROP GLOBAL INDEX ON :(p)", `GlobalIndex{Drop:true Property:p}`},
		{"CREATE POINT INDEX ON :has_coord(coord)", `PointIndex{Label:has_coord Property:coord}`},
		{"DROP POINT INDEX ON :L(p)", `PointIndex{Drop:true Label:L Property:p}`},
		{"CREATE TEXT INDEX text_index_without_properties ON :text", `TextIndex{Name:text_index_without_properties Target:text}`},
		{"CREATE TEXT INDEX `t` ON :`text`(`prop1`, `prop2`)", `TextIndex{Name:t Target:text Properties:[prop1 prop2]}`},
		{"CREATE TEXT EDGE INDEX text_edge_index ON :TEXT_REL(prop1, prop2)", `TextIndex{Edge:true Name:text_edge_index Target:TEXT_REL Properties:[prop1 prop2]}`},
		{"DROP TEXT INDEX t", `TextIndex{Drop:true Name:t}`},
		{`CREATE VECTOR INDEX vector_index_name ON :Label(embedding) WITH CONFIG {"dimension": 3, "capacity": 1000}`,
			`VectorIndex{Name:vector_index_name Targets:[Label] Property:embedding Config:MapLit{Entries:[MapEntry{Key:dimension Value:IntLit{Value:3}} MapEntry{Key:capacity Value:IntLit{Value:1000}}]}}`},
		{`CREATE VECTOR INDEX v ON :LabelA|LabelB(or_embedding) WITH CONFIG {"dimension": 2}`,
			`VectorIndex{Name:v Targets:[LabelA LabelB] Property:or_embedding Config:MapLit{Entries:[MapEntry{Key:dimension Value:IntLit{Value:2}}]}}`},
		{"CREATE VECTOR INDEX `v` ON :`LabelA`|:`LabelB`(`p`) WITH CONFIG { \"metric\": \"l2sq\" }",
			`VectorIndex{Name:v Targets:[LabelA LabelB] Property:p Config:MapLit{Entries:[MapEntry{Key:metric Value:StringLit{Value:"l2sq"}}]}}`},
		{`CREATE VECTOR INDEX v ON :LabelC&LabelD(p) WITH CONFIG {}`, `VectorIndex{Name:v Targets:[LabelC LabelD] AllOf:true Property:p Config:MapLit{}}`},
		{`CREATE VECTOR INDEX v ON (wild_embedding) WITH CONFIG {"dimension": 2}`,
			`VectorIndex{Name:v Property:wild_embedding Config:MapLit{Entries:[MapEntry{Key:dimension Value:IntLit{Value:2}}]}}`},
		{`CREATE VECTOR EDGE INDEX e ON :ER1|ER2(p) WITH CONFIG {"scalar_kind": "f16"}`,
			`VectorIndex{Edge:true Name:e Targets:[ER1 ER2] Property:p Config:MapLit{Entries:[MapEntry{Key:scalar_kind Value:StringLit{Value:"f16"}}]}}`},
		{"DROP VECTOR INDEX v", `VectorIndex{Drop:true Name:v}`},
		{"CREATE CONSTRAINT ON (u:`label`) ASSERT EXISTS (u.`ext`)", `Constraint{Variable:u Label:label Properties:[ext]}`},
		{"DROP CONSTRAINT ON (u:L) ASSERT EXISTS (u.a)", `Constraint{Drop:true Variable:u Label:L Properties:[a]}`},
		{"CREATE CONSTRAINT ON (u:`label2`) ASSERT u.`prop2`, u.`prop` IS UNIQUE", `Constraint{Kind:IS UNIQUE Variable:u Label:label2 Properties:[prop2 prop]}`},
		{"CREATE CONSTRAINT ON (n:L) ASSERT (n.a, n.b) IS NODE KEY", `Constraint{Kind:IS NODE KEY Variable:n Label:L Properties:[a b]}`},
		{"CREATE CONSTRAINT ON (n:label) ASSERT n.is_int IS TYPED INTEGER", `Constraint{Kind:IS TYPED Variable:n Label:label Properties:[is_int] Type:2 TypeName:"INTEGER"}`},
		{"DROP CONSTRAINT ON (n:L) ASSERT n.p IS TYPED ZONED DATE TIME", `Constraint{Drop:true Kind:IS TYPED Variable:n Label:L Properties:[p] Type:10 TypeName:"ZONED DATE TIME"}`},
		{"CREATE ENUM Status VALUES {`ACTIVE`, `DISABLED`}", `CreateEnum{Name:Status Values:[ACTIVE DISABLED]}`},
		{"CREATE ENUM Status VALUES { ACTIVE, DISABLED }", `CreateEnum{Name:Status Values:[ACTIVE DISABLED]}`},
		{"ALTER ENUM Status ADD VALUE PAUSED", `AlterEnum{Name:Status Value:PAUSED}`},
		{"ALTER ENUM Status UPDATE VALUE A TO B", `AlterEnum{Name:Status Action:UPDATE VALUE Value:A NewValue:B}`},
		{"ALTER ENUM Status REMOVE VALUE A", `AlterEnum{Name:Status Action:REMOVE VALUE Value:A}`},
		{"DROP ENUM Status", `DropEnum{Name:Status}`},
		{`ENABLE TTL EVERY "1000s" AT "12:00:00"`, `TTL{Every:StringLit{Value:"1000s"} At:StringLit{Value:"12:00:00"}}`},
		{`ENABLE TTL AT "12:00:00" EVERY "1d"`, `TTL{Every:StringLit{Value:"1d"} At:StringLit{Value:"12:00:00"}}`},
		{`ENABLE TTL EVERY "1000s"`, `TTL{Every:StringLit{Value:"1000s"}}`},
		{`ENABLE TTL`, `TTL{}`},
		{`DISABLE TTL`, `TTL{Action:DISABLE TTL}`},
		{`stop ttl`, `TTL{Action:STOP TTL}`},
		{"ANALYZE GRAPH", `AnalyzeGraph{AllLabels:true}`},
		{"ANALYZE GRAPH ON LABELS :A, :`B` DELETE STATISTICS", `AnalyzeGraph{Labels:[A B] DeleteStatistics:true}`},
		{"ANALYZE GRAPH ON LABELS * DELETE STATISTICS", `AnalyzeGraph{AllLabels:true DeleteStatistics:true}`},
		{"BEGIN", `Command{}`},
		{"commit", `Command{Kind:COMMIT}`},
		{"Rollback", `Command{Kind:ROLLBACK}`},
		{"CREATE SNAPSHOT", `Command{Kind:CREATE SNAPSHOT}`},
		{"LOCK DATA DIRECTORY", `Command{Kind:LOCK DATA DIRECTORY}`},
		{"UNLOCK DATA DIRECTORY", `Command{Kind:UNLOCK DATA DIRECTORY}`},
		{"DATA DIRECTORY LOCK STATUS", `Command{Kind:DATA DIRECTORY LOCK STATUS}`},
		{"DUMP DATABASE", `Command{Kind:DUMP DATABASE}`},
		{"SHOW STORAGE INFO", `Command{Kind:SHOW STORAGE INFO}`},
		{"SHOW ENUMS", `Command{Kind:SHOW ENUMS}`},
		{"SHOW INDEX INFO", `Command{Kind:SHOW INDEX INFO}`},
		{"SHOW CONSTRAINT INFO", `Command{Kind:SHOW CONSTRAINT INFO}`},
		{"DROP GRAPH", `Command{Kind:DROP GRAPH}`},
		{"DROP ALL INDEXES", `Command{Kind:DROP ALL INDEXES}`},
		{"DROP ALL CONSTRAINTS", `Command{Kind:DROP ALL CONSTRAINTS}`},
		{"FREE MEMORY", `Command{Kind:FREE MEMORY}`},
	}
	for _, c := range cases {
		if got := show(mustParse(t, c.src)); got != c.want {
			t.Errorf("Parse(%q)\n got %s\nwant %s", c.src, got, c.want)
		}
	}
}

func TestParseTypeConstraintNames(t *testing.T) {
	// Every spelling of each kind: the grammar's and the dump's.
	spellings := map[string]uint64{
		"STRING": 0, "BOOL": 1, "BOOLEAN": 1, "INTEGER": 2, "FLOAT": 3, "LIST": 4, "MAP": 5,
		"DURATION": 6, "DATE": 7, "LOCALTIME": 8, "LOCAL TIME": 8, "LOCALDATETIME": 9,
		"LOCAL DATETIME": 9, "LOCAL DATE TIME": 9, "ZONEDDATETIME": 10, "ZONED DATETIME": 10,
		"ZONED DATE TIME": 10, "ENUM": 11, "POINT": 12, "local date time": 9,
	}
	for spelling, kind := range spellings {
		st := mustParse(t, "CREATE CONSTRAINT ON (u:L) ASSERT u.p IS TYPED "+spelling)
		c := st.(*Constraint)
		if c.Kind != ConstraintTyped || c.Type != kind || c.TypeName != format.TypeConstraintKinds[kind] {
			t.Errorf("IS TYPED %s = kind %d %q, want %d %q", spelling, c.Type, c.TypeName, kind, format.TypeConstraintKinds[kind])
		}
	}
	// Every kind the format knows can be written as the dump writes it.
	for kind, name := range format.TypeConstraintKinds {
		st := mustParse(t, "CREATE CONSTRAINT ON (u:L) ASSERT u.p IS TYPED "+name)
		if c := st.(*Constraint); c.Type != uint64(kind) {
			t.Errorf("IS TYPED %s = kind %d, want %d", name, c.Type, kind)
		}
	}
}

func TestParseDescriptions(t *testing.T) {
	id := func(ids []Ident) string { return nameList(ids) }
	cases := []struct {
		src      string
		kind     format.DescriptionKind
		labels   string
		edgeType string
		to       string
		property string
		text     string
	}{
		{`SET DESCRIPTION ON LABEL :label "Label for testing"`, format.DescLabel, "label", "", "", "", "Label for testing"},
		{"SET DESCRIPTION ON LABEL :`A` :`B` \"x\"", format.DescLabel, "A,B", "", "", "", "x"},
		{`SET DESCRIPTION ON LABEL :Person:Student "x"`, format.DescLabel, "Person,Student", "", "", "", "x"},
		{`SET DESCRIPTION ON EDGE TYPE :link "Link edge type"`, format.DescEdgeType, "", "link", "", "", "Link edge type"},
		{`SET DESCRIPTION ON LABEL PROPERTY :Person(age) "Age"`, format.DescLabelProperty, "Person", "", "", "age", "Age"},
		{"SET DESCRIPTION ON LABEL PROPERTY :`A` :`B`(`p`) 'y'", format.DescLabelProperty, "A,B", "", "", "p", "y"},
		{`SET DESCRIPTION ON EDGE TYPE PROPERTY :KNOWS(since) "s"`, format.DescEdgeTypeProperty, "", "KNOWS", "", "since", "s"},
		{`SET DESCRIPTION ON PROPERTY age "Age in years"`, format.DescProperty, "", "", "", "age", "Age in years"},
		{`SET DESCRIPTION ON EDGE TYPE (:City)-[:IS]->(:Location) "c"`, format.DescEdgeTypePattern, "City", "IS", "Location", "", "c"},
		{`SET DESCRIPTION ON EDGE TYPE (:Person:Employee)-[:MENTORS]->(:Person:Student) "m"`, format.DescEdgeTypePattern, "Person,Employee", "MENTORS", "Person,Student", "", "m"},
		{`SET DESCRIPTION ON EDGE TYPE PROPERTY (:Person)-[:KNOWS]->(:Person)(since) "y"`, format.DescEdgeTypePatternProperty, "Person", "KNOWS", "Person", "since", "y"},
		{`SET DESCRIPTION ON EDGE TYPE ()-[:T]->() "any"`, format.DescEdgeTypePattern, "", "T", "", "", "any"},
		{"SET DESCRIPTION ON DATABASE `memgraph` \"db\"", format.DescDatabase, "", "", "", "", "db"},
		{`DELETE DESCRIPTION ON EDGE TYPE :link`, format.DescEdgeType, "", "link", "", "", ""},
		{`DELETE DESCRIPTION ON LABEL PROPERTY :Person:Student(age)`, format.DescLabelProperty, "Person,Student", "", "", "age", ""},
		{`DELETE DESCRIPTION ON DATABASE other_db`, format.DescDatabase, "", "", "", "", ""},
	}
	for _, c := range cases {
		d, ok := mustParse(t, c.src).(*Description)
		if !ok {
			t.Errorf("Parse(%q) is not a Description", c.src)
			continue
		}
		tg := d.Target
		if tg.Kind != c.kind || id(tg.Labels) != c.labels || tg.EdgeType.Name != c.edgeType || id(tg.ToLabels) != c.to ||
			tg.Property.Name != c.property || d.Text != c.text || d.Delete != strings.HasPrefix(c.src, "DELETE") {
			t.Errorf("Parse(%q) = %s", c.src, show(d))
		}
	}
	d := mustParse(t, `SET DESCRIPTION ON PROPERTY status VALUE Status::ACTIVE "active"`).(*Description)
	if d.Target.Kind != format.DescPropertyValue || show(d.Target.Value) != `EnumRef{Type:"Status" Value:"ACTIVE"}` {
		t.Errorf("property value description = %s", show(d))
	}
	if mustParse(t, "SET DESCRIPTION ON DATABASE memgraph 'x'").(*Description).Target.Database.Name != "memgraph" {
		t.Error("database name not read")
	}
	// SET without DESCRIPTION ON stays a SET clause.
	if _, ok := mustParse(t, "SET description.x = 1").(*Query); !ok {
		t.Error("SET description.x = 1 is not a query")
	}
}

func nameList(ids []Ident) string {
	var parts []string
	for _, i := range ids {
		parts = append(parts, i.Name)
	}
	return strings.Join(parts, ",")
}

func TestParseSchemaErrors(t *testing.T) {
	cases := []syntaxErrorCase{
		{"CREATE INDEX ON L", Pos{1, 17}, `expected ":", found "L"`},
		{"CREATE INDEX ON :L(", Pos{1, 20}, "expected a property name"},
		{"CREATE INDEX ON :L(a.)", Pos{1, 22}, "expected a property name"},
		{"CREATE INDEX ON :L(a) WITH {}", Pos{1, 28}, "expected CONFIG"},
		{"CREATE INDEX ON :L(a) WITH CONFIG order", Pos{1, 35}, `expected "{" starting the configuration map`},
		{`CREATE INDEX ON :L(a) WITH CONFIG {"order": "DESC", "order": "ASC"}`, Pos{1, 53}, `the key "order" appears twice`},
		{"CREATE GLOBAL INDEX ON :(a, b)", Pos{1, 29}, "exactly one property"},
		{"CREATE GLOBAL INDEX ON (a)", Pos{1, 24}, `expected ":"`},
		{"CREATE POINT INDEX ON :L", Pos{1, 25}, `expected "("`},
		{"CREATE TEXT INDEX ON :L", Pos{1, 22}, `expected ON, found ":"`}, // ON is the index name
		{"CREATE VECTOR INDEX v ON :A(p)", Pos{1, 31}, "expected WITH"},
		{"CREATE VECTOR INDEX v ON :A|B&C(p) WITH CONFIG {}", Pos{1, 30}, "cannot mix '|' and '&'"},
		{"CREATE CONSTRAINT ON (u:L) ASSERT v.p IS UNIQUE", Pos{1, 35}, "must belong to the variable u, not v"},
		{"CREATE CONSTRAINT ON (u:L) ASSERT u.p IS TYPED TEXT", Pos{1, 48}, "expected a type"},
		{"CREATE CONSTRAINT ON (u:L) ASSERT u.p IS", Pos{1, 41}, "expected UNIQUE or TYPED"},
		{"CREATE CONSTRAINT ON (u:L) ASSERT (u.p) IS KEY", Pos{1, 44}, "expected NODE"},
		{"CREATE ENUM E VALUES {}", Pos{1, 23}, "expected an enum value"},
		{"ALTER ENUM E RENAME VALUE a", Pos{1, 14}, "expected ADD, UPDATE or REMOVE"},
		{"ALTER ENUM E UPDATE VALUE a b", Pos{1, 29}, "expected TO"},
		{"ENABLE TTL EVERY", Pos{1, 17}, "expected a literal"},
		{"ENABLE TTL EVERY '1s' EVERY '2s'", Pos{1, 23}, "expected end of statement"},
		{"SET DESCRIPTION ON LABEL :L", Pos{1, 28}, "expected the description as a string literal"},
		{"SET DESCRIPTION ON NODE :L 'x'", Pos{1, 20}, "expected LABEL, EDGE TYPE, PROPERTY or DATABASE"},
		{"SET DESCRIPTION ON EDGE TYPE (:A)-[:T]-(:B) 'x'", Pos{1, 40}, `expected ">"`},
		{"DELETE DESCRIPTION ON LABEL :L 'x'", Pos{1, 32}, "expected end of statement"},
		{"ANALYZE GRAPH ON LABELS A", Pos{1, 25}, `expected ":"`},
		{"ANALYZE GRAPH DELETE", Pos{1, 21}, "expected STATISTICS"},
		{"SHOW STORAGE", Pos{1, 13}, "expected INFO, found end of input"},
		{"SHOW FOO", Pos{1, 6}, "expected STORAGE or INDEX or CONSTRAINT or ENUMS or SCHEMA or DESCRIPTIONS or SNAPSHOTS"},
		{"BEGIN TRANSACTION", Pos{1, 7}, "expected end of statement"},
		{"LOCK DATA", Pos{1, 10}, "expected DIRECTORY"},
		{"DUMP DATABASE now", Pos{1, 15}, "expected end of statement"},
		{"DROP INDEXES", Pos{1, 6}, "expected INDEX, EDGE INDEX"},
	}
	checkSyntaxErrors(t, cases)
}
