package storage

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
	"github.com/durascope/durascope/golden/corpuswal"
)

// The corpus datasets replayed through the API, statement by statement,
// one transaction each, on a clock driven as the recorder's Memgraph
// drove it: ts 0 taken at start-up, then a start and a commit timestamp
// per statement (a commit timestamp alone for the index statements of the
// format 15 builds, BeginSchemaChange). Every transaction the store commits must be Memgraph's,
// frame for frame and byte for byte, and the view taken where Memgraph
// took its exit snapshot must hold the snapshot's records and sections.

type replay struct {
	t   *testing.T
	s   *Storage
	log *recLog
	c   *corpuswal.WAL
	n   int
	rec recording
}

// recording is what the corpus says of the Memgraph build and run behind
// a folder, beyond its format version.
type recording struct {
	// textSearch: the recorder ran Memgraph with
	// --experimental-enabled=text-search. It passes the same flags to
	// every test of a version, and test_all's text indices need it, so a
	// version's recordings had it exactly when its test_all creates one.
	textSearch bool
	// labelsFirst: the build's planner registers a CREATE node's labels
	// before its property keys (see createNode).
	labelsFirst bool
}

// labelsFirstRecordings are the folders whose test_vertices and test_edges
// were recorded by builds before Memgraph's PR #1762 (labels from
// variables, released in 2.16.0): formats 15 and 16, and format 17 in the
// v18 folder. Their mappers give a node's new label its id before its new
// property keys (v15, v16 and v18 test_vertices: label6 = 6, prop3 = 7;
// later recordings the other way round).
var labelsFirstRecordings = map[string]bool{"v15": true, "v16": true, "v18": true}

func recordingOf(t *testing.T, version string) recording {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(golden.CorpusDir(t), version, "test_all", "create_dataset.cypher"))
	if err != nil {
		t.Fatal(err)
	}
	return recording{
		textSearch:  bytes.Contains(data, []byte("CREATE TEXT INDEX")),
		labelsFirst: labelsFirstRecordings[version],
	}
}

// newReplay replays the corpus folder version/test; cfg's version and
// text search come from the recording. The store writes the version of
// the folder's snapshot, which its view must reproduce; transactions are
// compared in the version of the folder's WAL. They differ in one place:
// the v18 folder's test_vertices and test_edges hold a snapshot of a
// format-17 build beside the v16 folder's WAL, byte for byte (upstream
// reused it); its frames are the same in both versions.
func newReplay(t *testing.T, version, test string, cfg Config) *replay {
	c := readCorpusWAL(t, version+"/"+test+"/wal.bin")
	rec := recordingOf(t, version)
	cfg.Version = readCorpusSnapshot(t, version+"/"+test+"/snapshot.bin").Version
	cfg.TextSearch = rec.textSearch
	s, log := newStore(t, cfg)
	consume(t, s, 1) // trigger restoration at start-up takes ts 0
	return &replay{t: t, s: s, log: log, c: c, rec: rec}
}

// stmt runs one statement and compares the transaction it committed.
func (r *replay) stmt(a Access, fn func(tx *Txn) error) {
	r.t.Helper()
	r.commit(r.s.Begin, a, fn)
}

// schema runs one index or constraint statement as Memgraph's executor
// does (BeginSchemaChange) and compares what it committed.
func (r *replay) schema(a Access, fn func(tx *Txn) error) {
	r.t.Helper()
	r.commit(r.s.BeginSchemaChange, a, fn)
}

// analyze runs ANALYZE GRAPH, which the recordings hold from the format
// that keeps statistics on.
func (r *replay) analyze() {
	r.t.Helper()
	if r.s.Features().Has(format.FeatIndexStats) {
		r.stmt(AccessRead, func(tx *Txn) error { return tx.AnalyzeGraph(nil) })
	}
}

func (r *replay) commit(begin func(Access) (*Txn, error), a Access, fn func(tx *Txn) error) {
	r.t.Helper()
	before := len(r.log.all())
	tx, err := begin(a)
	if err != nil {
		r.t.Fatal(err)
	}
	if err := fn(tx); err != nil {
		tx.Abort()
		r.t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		r.t.Fatal(err)
	}
	all := r.log.all()
	if len(all) != before+1 {
		r.t.Fatalf("statement #%d committed %d transactions", r.n, len(all)-before)
	}
	if d := r.c.DiffTxn(r.n, all[len(all)-1]); d != "" {
		r.t.Fatalf("transaction #%d differs from Memgraph's: %s", r.n, d)
	}
	r.n++
}

func (r *replay) done() {
	r.t.Helper()
	if r.n != len(r.c.Txns) {
		r.t.Fatalf("replayed %d of the corpus's %d transactions", r.n, len(r.c.Txns))
	}
}

// register names the way Memgraph's planner meets them in a statement.
func register(tx *Txn, names ...string) {
	for _, n := range names {
		tx.s.NameToID(n)
	}
}

// createNode is CREATE (:labels {props}) as Memgraph runs it: planning
// (node_to_creation_info) registers the node's property keys, then, since
// PR #1762, its labels; PullPlan then registers every property name of
// the query (map keys included) and every label, in parse order. Then the
// vertex is created, labels added one by one, properties initialised.
// Builds before PR #1762 planned the labels first: createNodeLabelsFirst.
// (Planning meets the keys in the iteration order of the node's property
// unordered_map; no corpus statement brings two new keys in one map, so
// the helpers register them in text order.)
func createNode(tx *Txn, labels []string, props ...Prop) (*Vertex, error) {
	for _, p := range props {
		register(tx, p.Name)
	}
	register(tx, labels...)
	return addNode(tx, labels, props)
}

// createNodeLabelsFirst is CREATE (:labels {props}) as planned before
// Memgraph's PR #1762: labels registered before the property keys.
func createNodeLabelsFirst(tx *Txn, labels []string, props ...Prop) (*Vertex, error) {
	register(tx, labels...)
	for _, p := range props {
		register(tx, p.Name)
	}
	return addNode(tx, labels, props)
}

// create is CREATE (:labels {props}) as the recording's build plans it.
func (r *replay) create(tx *Txn, labels []string, props ...Prop) (*Vertex, error) {
	if r.rec.labelsFirst {
		return createNodeLabelsFirst(tx, labels, props...)
	}
	return createNode(tx, labels, props...)
}

func addNode(tx *Txn, labels []string, props []Prop) (*Vertex, error) {
	v, err := tx.CreateVertex()
	if err != nil {
		return nil, err
	}
	for _, l := range labels {
		if _, err := v.AddLabel(l); err != nil {
			return nil, err
		}
	}
	if len(props) > 0 {
		if _, err := v.InitProperties(props); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// createEdge is CREATE (u)-[:typ {props}]->(v): the type registered first.
func createEdge(tx *Txn, u, v *Vertex, typ string, props ...Prop) error {
	register(tx, typ)
	for _, p := range props {
		register(tx, p.Name)
	}
	e, err := tx.CreateEdge(u, v, typ)
	if err != nil {
		return err
	}
	if len(props) > 0 {
		_, err = e.InitProperties(props)
	}
	return err
}

// byID finds the vertex whose __mg_id__ is id.
func byID(t *testing.T, tx *Txn, id int64) *Vertex {
	t.Helper()
	for v := range tx.Vertices(ViewOld) {
		p, err := v.Property("__mg_id__", ViewOld)
		if err != nil {
			t.Fatal(err)
		}
		if p == format.Int(id) {
			return v
		}
	}
	t.Fatalf("no vertex with __mg_id__ %d", id)
	return nil
}

// matchCreateEdge is MATCH (u), (v) WHERE u.__mg_id__ = a AND v.__mg_id__ = b CREATE (u)-[...]->(v).
func (r *replay) matchCreateEdge(a, b int64, typ string, props ...Prop) {
	r.t.Helper()
	r.stmt(AccessWrite, func(tx *Txn) error {
		return createEdge(tx, byID(r.t, tx, a), byID(r.t, tx, b), typ, props...)
	})
}

// createMarkerIndex and dropMarkerIndex are the scripts' index on the
// markers: CREATE INDEX ON :__mg_vertex__(__mg_id__) and its DROP.
func createMarkerIndex(tx *Txn) error {
	return tx.CreateLabelPropertiesIndex("__mg_vertex__", [][]string{{"__mg_id__"}}, false)
}

func dropMarkerIndex(tx *Txn) error {
	return tx.DropLabelPropertiesIndex("__mg_vertex__", [][]string{{"__mg_id__"}}, false)
}

// analyzeAndUnmark is how the vertex and edge scripts end: ANALYZE GRAPH,
// the marker index dropped, the markers removed.
func (r *replay) analyzeAndUnmark() {
	r.analyze()
	r.schema(AccessRead, dropMarkerIndex)
	r.removeMarkers()
	r.done()
}

// removeMarkers is MATCH (u) REMOVE u:__mg_vertex__, u.__mg_id__.
func (r *replay) removeMarkers() {
	r.stmt(AccessWrite, func(tx *Txn) error {
		for v := range tx.Vertices(ViewOld) {
			if _, err := v.RemoveLabel("__mg_vertex__"); err != nil {
				return err
			}
			if _, err := v.SetProperty("__mg_id__", format.Null{}); err != nil {
				return err
			}
		}
		return nil
	})
}

func p(name string, v format.Value) Prop { return Prop{Name: name, Value: v} }

func i64(x int64) format.Value { return format.Int(x) }

var snapshotOpts = []cmp.Option{
	cmpopts.EquateEmpty(),
	cmpopts.IgnoreFields(format.Snapshot{}, "Offsets", "EdgeBatches", "VertexBatches", "Gaps", "EpochHistory"),
	cmpopts.IgnoreFields(format.EdgeRecord{}, "Offset"),
	cmpopts.IgnoreFields(format.VertexRecord{}, "Offset"),
	cmpopts.IgnoreFields(format.SnapshotMetadata{}, "UUID", "Epoch"),
}

func sameSnapshot(t *testing.T, want, got *format.Snapshot) {
	t.Helper()
	if diff := cmp.Diff(want, got, snapshotOpts...); diff != "" {
		t.Fatalf("the view differs from Memgraph's snapshot (-memgraph +store):\n%s", diff)
	}
}

// corpusVersions are the recordings of the same test_vertices and
// test_edges datasets by builds of each format version (v14 has no
// dataset).
var corpusVersions = []string{"v15", "v16", "v18", "v19", "v20", "v21", "v22", "v23", "v24", "v26", "v27", "v28", "v29", "v30", "v31", "v32", "v34", "v35", "v36", "v37"}

func TestCorpusVertices(t *testing.T) {
	for _, v := range corpusVersions {
		t.Run(v, func(t *testing.T) { replayVertices(t, v).exitSnapshot(v + "/test_vertices") })
	}
}

func TestCorpusEdges(t *testing.T) {
	for _, v := range corpusVersions {
		t.Run(v, func(t *testing.T) { replayEdges(t, v).exitSnapshot(v + "/test_edges") })
	}
}

func replayVertices(t *testing.T, version string) *replay {
	r := newReplay(t, version, "test_vertices", Config{PropertiesOnEdges: true})
	r.schema(AccessReadOnly, createMarkerIndex)
	nodes := []struct {
		labels []string
		props  []Prop
	}{
		{nil, nil},
		{[]string{"label"}, nil},
		{[]string{"label"}, []Prop{p("prop", format.Bool(false))}},
		{[]string{"label"}, []Prop{p("prop", format.Bool(true))}},
		{[]string{"label2"}, []Prop{p("prop", i64(1))}},
		{[]string{"label"}, []Prop{p("prop2", format.Double(3.141))}},
		{[]string{"label6"}, []Prop{p("prop3", format.Bool(true)), p("prop2", i64(-314000000))}},
		{[]string{"label3", "label1", "label2"}, nil},
		{[]string{"label"}, []Prop{p("prop3", format.String("str")), p("prop2", i64(2)), p("prop", i64(1))}},
		{[]string{"label2", "label1"}, []Prop{p("prop", format.Map{{Key: "prop_nes", Value: format.String("kaj je")}})}},
		{[]string{"label"}, []Prop{p("prop_array", format.List{i64(1), format.Bool(false), format.Null{}, format.String("str"), format.Map{{Key: "prop2", Value: i64(2)}}})}},
		{[]string{"label3", "label"}, []Prop{p("prop", format.Map{
			{Key: "prop", Value: format.List{i64(1), format.Bool(false)}},
			{Key: "prop2", Value: format.Map{}},
			{Key: "prop3", Value: format.String("test2")},
			{Key: "prop4", Value: format.String("test")},
		})}},
		{nil, []Prop{p("prop", format.String(" \n\"'\t\\%"))}},
	}
	for i, n := range nodes {
		r.stmt(AccessWrite, func(tx *Txn) error {
			_, err := r.create(tx, append([]string{"__mg_vertex__"}, n.labels...), append([]Prop{p("__mg_id__", i64(int64(i)))}, n.props...)...)
			return err
		})
	}
	r.analyzeAndUnmark()
	return r
}

func replayEdges(t *testing.T, version string) *replay {
	r := newReplay(t, version, "test_edges", Config{PropertiesOnEdges: true})
	r.schema(AccessReadOnly, createMarkerIndex)
	for i := range int64(16) {
		labels := []string{"__mg_vertex__"}
		if i >= 14 {
			labels = append(labels, "label")
		}
		r.stmt(AccessWrite, func(tx *Txn) error {
			_, err := r.create(tx, labels, p("__mg_id__", i64(i)))
			return err
		})
	}
	r.matchCreateEdge(0, 1, "edge")
	r.matchCreateEdge(2, 3, "edge", p("prop", i64(11)))
	r.matchCreateEdge(4, 5, "edge", p("prop", format.Bool(true)))
	r.matchCreateEdge(6, 7, "edge2")
	r.matchCreateEdge(8, 9, "edge2", p("prop", format.Double(-3.141)))
	r.matchCreateEdge(10, 11, "edgelink", p("prop", format.Map{{Key: "prop", Value: i64(1)}, {Key: "prop2", Value: format.Map{{Key: "prop4", Value: i64(9)}}}}))
	r.matchCreateEdge(12, 13, "edgelink", p("prop", format.List{i64(1), format.Null{}, format.Bool(false), format.String("\n\n\n\n\\\"\"\n\t")}))
	for _, from := range []int64{14, 15} {
		for to := range int64(16) {
			r.matchCreateEdge(from, to, "testedge")
		}
	}
	r.analyzeAndUnmark()
	return r
}
