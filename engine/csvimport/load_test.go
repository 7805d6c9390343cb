package csvimport

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/engine/fs"
	"github.com/durascope/durascope/format"
)

func vertexLine(labels, props string, gid int) string {
	s := "CREATE (:__mg_vertex__" + labels + " {__mg_id__: " + itoa(gid)
	if props != "" {
		s += ", " + props
	}
	return s + "});"
}

func edgeLine(from, to int, typ, props string) string {
	s := "MATCH (u:__mg_vertex__), (v:__mg_vertex__) WHERE u.__mg_id__ = " + itoa(from) + " AND v.__mg_id__ = " + itoa(to) +
		" CREATE (u)-[:`" + typ + "`"
	if props != "" {
		s += " {" + props + "}"
	}
	return s + "]->(v);"
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestNodeSemantics: the effects of node rows the old tool's code defines
// and the corpus does not show.
func TestNodeSemantics(t *testing.T) {
	for _, c := range []struct {
		name  string
		files map[string]string
		set   func(o *Options, p func(string) string)
		want  []string
	}{
		{
			name:  "integer ids are compared as text",
			files: map[string]string{"n.csv": "id:ID\n01\n1\n"},
			set:   func(o *Options, p func(string) string) { nodes("n.csv")(o, p); o.IDType = IDInteger },
			want:  []string{vertexLine("", "`id`: 1", 0), vertexLine("", "`id`: 1", 1)},
		},
		{
			name:  "id spaces keep equal ids apart",
			files: map[string]string{"a.csv": ":ID(A)\n1\n", "b.csv": ":ID(B)\n1\n"},
			set:   func(o *Options, p func(string) string) { nodes("a.csv")(o, p); nodes("b.csv")(o, p) },
			want:  []string{vertexLine("", "", 0), vertexLine("", "", 1)},
		},
		{
			name:  "a null first value lets a same-named column set the property",
			files: map[string]string{"n.csv": ":ID,a:int,a\n1,,x\n"},
			set:   func(o *Options, p func(string) string) { nodes("n.csv")(o, p); o.IgnoreEmptyStrings = true },
			want:  []string{vertexLine("", "`a`: \"x\"", 0)},
		},
		{
			name:  "labels: LABEL columns in order, then the flag's; empty LABEL adds none",
			files: map[string]string{"n.csv": ":LABEL,:ID,:LABEL\nB;A,1,\n,2,C\n"},
			set: func(o *Options, p func(string) string) {
				nodes("n.csv")(o, p)
				o.Nodes[0].Labels = []string{"Z"}
			},
			want: []string{vertexLine(":`B`:`A`:`Z`", "", 0), vertexLine(":`C`:`Z`", "", 1)},
		},
		{
			name:  "property order is the order names were first met, across files",
			files: map[string]string{"a.csv": "b,a\nx,y\n", "b.csv": "a,c,b\n1,2,3\n"},
			set:   func(o *Options, p func(string) string) { nodes("a.csv")(o, p); nodes("b.csv")(o, p) },
			want:  []string{vertexLine("", "`b`: \"x\", `a`: \"y\"", 0), vertexLine("", "`b`: \"3\", `a`: \"1\", `c`: \"2\"", 1)},
		},
		{
			name:  "an empty first file gives a header of no fields",
			files: map[string]string{"h.csv": "", "d.csv": "\n\n"},
			set:   nodes("h.csv", "d.csv"),
			want:  []string{vertexLine("", "", 0), vertexLine("", "", 1)},
		},
		{
			name:  "later files of a flag are all data",
			files: map[string]string{"h.csv": "name\n", "d.csv": "name\nx\n"},
			set:   nodes("h.csv", "d.csv"),
			want:  []string{vertexLine("", "`name`: \"name\"", 0), vertexLine("", "`name`: \"x\"", 1)},
		},
		{
			name:  "extra columns dropped",
			files: map[string]string{"n.csv": "a\nx,y,z\n"},
			set:   func(o *Options, p func(string) string) { nodes("n.csv")(o, p); o.IgnoreExtraColumns = true },
			want:  []string{vertexLine("", "`a`: \"x\"", 0)},
		},
		{
			name:  "trim applies to whole header fields: the type is trimmed, the name is not",
			files: map[string]string{"n.csv": " a : int \n 5 \n"},
			set:   func(o *Options, p func(string) string) { nodes("n.csv")(o, p); o.TrimStrings = true },
			want:  []string{vertexLine("", "`a `: 5", 0)},
		},
		{
			name:  "a skipped duplicate takes a gid",
			files: map[string]string{"n.csv": ":ID\n1\n1\n2\n"},
			set:   func(o *Options, p func(string) string) { nodes("n.csv")(o, p); o.SkipDuplicateNodes = true },
			want:  []string{vertexLine("", "", 0), vertexLine("", "", 2)},
		},
	} {
		got, _, err := importCase(t, c.files, c.set)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		want := slices.Sorted(slices.Values(c.want))
		if !slices.Equal(got, want) {
			t.Errorf("%s:\ngot  %q\nwant %q", c.name, got, want)
		}
	}
}

// TestRelationshipSemantics: the same for relationship rows.
func TestRelationshipSemantics(t *testing.T) {
	n := "n.csv"
	base := map[string]string{n: ":ID\n1\n2\n"}
	with := func(rel string) map[string]string { return map[string]string{n: base[n], "r.csv": rel} }
	rels := func(typ string, has bool) func(o *Options, p func(string) string) {
		return func(o *Options, p func(string) string) {
			nodes(n)(o, p)
			o.Relationships = append(o.Relationships, RelationshipFiles{Type: typ, HasType: has, Files: []string{p("r.csv")}})
			o.PropertiesOnEdges = true
		}
	}
	for _, c := range []struct {
		name  string
		files map[string]string
		set   func(o *Options, p func(string) string)
		want  []string
	}{
		{"type from the flag", with(":START_ID,:END_ID\n1,2\n2,2\n"), rels("T", true),
			[]string{edgeLine(0, 1, "T", ""), edgeLine(1, 1, "T", "")}},
		{"properties mapped in name order", with(":START_ID,z:int,:END_ID,a:int,:TYPE\n1,1,2,2,R\n"), rels("", false),
			[]string{edgeLine(0, 1, "R", "`a`: 2, `z`: 1")}},
		{"null properties set nothing", with(":START_ID,:END_ID,:TYPE,p\n1,2,R,\n"),
			func(o *Options, p func(string) string) { rels("", false)(o, p); o.IgnoreEmptyStrings = true },
			[]string{edgeLine(0, 1, "R", "")}},
		{"an empty type from the flag", with(":START_ID,:END_ID\n1,2\n"), rels("", true), []string{edgeLine(0, 1, "", "")}},
	} {
		got, rep, err := importCase(t, c.files, c.set)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		var edges []string
		for _, l := range got {
			if strings.HasPrefix(l, "MATCH") {
				edges = append(edges, l)
			}
		}
		if want := slices.Sorted(slices.Values(c.want)); !slices.Equal(edges, want) {
			t.Errorf("%s:\ngot  %q\nwant %q", c.name, edges, want)
		}
		if rep.Relationships != uint64(len(c.want)) {
			t.Errorf("%s: %d relationships reported", c.name, rep.Relationships)
		}
	}
}

// TestInputErrors: each refusal with its problem and place.
func TestInputErrors(t *testing.T) {
	n := func(text string) map[string]string { return map[string]string{"n.csv": text} }
	nr := func(nodesText, rel string) map[string]string {
		return map[string]string{"n.csv": nodesText, "r.csv": rel}
	}
	relsTyped := func(has bool) func(o *Options, p func(string) string) {
		return func(o *Options, p func(string) string) {
			nodes("n.csv")(o, p)
			o.Relationships = []RelationshipFiles{{Type: "T", HasType: has, Files: []string{p("r.csv")}}}
		}
	}
	for _, c := range []struct {
		name      string
		files     map[string]string
		set       func(o *Options, p func(string) string)
		problem   Problem
		file      string
		line, col int
	}{
		{"too few fields", n("a,b\nx\n"), nodes("n.csv"), ProblemColumnCount, "n.csv", 2, 2},
		{"too many fields", n("a,b\nx,y,z\n"), nodes("n.csv"), ProblemColumnCount, "n.csv", 2, 5},
		{"empty line", n("a\nx\n\n"), nodes("n.csv"), ProblemColumnCount, "n.csv", 3, 1},
		{"bad header field", n("a,b:c:d\n"), nodes("n.csv"), ProblemBadHeader, "n.csv", 1, 3},
		{"unknown type", n("a,b:float32\n1,2\n"), nodes("n.csv"), ProblemUnknownType, "n.csv", 2, 3},
		{"lower-case id type", n(":id\n1\n"), nodes("n.csv"), ProblemUnknownType, "n.csv", 2, 1},
		{"bad id space", n(":ID()\n1\n"), nodes("n.csv"), ProblemBadIDField, "n.csv", 2, 1},
		{"two id columns", n(":ID,:ID(x)\n1,2\n"), nodes("n.csv"), ProblemSeveralIDs, "n.csv", 2, 3},
		{"integer id", n(":ID\n1\nx\n"), func(o *Options, p func(string) string) { nodes("n.csv")(o, p); o.IDType = IDInteger },
			ProblemBadInteger, "n.csv", 3, 1},
		{"duplicate node", n(":ID\n1\n1\n"), nodes("n.csv"), ProblemDuplicateNode, "n.csv", 3, 1},
		{"duplicate label", n(":LABEL\nA;A\n"), nodes("n.csv"), ProblemDuplicateLabel, "n.csv", 2, 1},
		{"label also given with the files", n(":LABEL\nA\n"),
			func(o *Options, p func(string) string) { nodes("n.csv")(o, p); o.Nodes[0].Labels = []string{"A"} },
			ProblemDuplicateLabel, "n.csv", 2, 1},
		{"property set twice", n("a:int,a\n1,\n"), nodes("n.csv"), ProblemDuplicateProperty, "n.csv", 2, 3},
		{"id property set twice", n("a:ID,a\n1,x\n"), nodes("n.csv"), ProblemDuplicateProperty, "n.csv", 2, 3},
		{"unknown end node", nr(":ID\n1\n", ":START_ID,:END_ID\n1,2\n"), relsTyped(true), ProblemUnknownNode, "r.csv", 2, 3},
		{"wrong id space", nr(":ID(a)\n1\n", ":START_ID(b),:END_ID(a)\n1,1\n"), relsTyped(true), ProblemUnknownNode, "r.csv", 2, 1},
		{"start id checked as integer before lookup", nr(":ID\n1\n", ":START_ID,:END_ID\nx,1\n"),
			func(o *Options, p func(string) string) {
				relsTyped(true)(o, p)
				o.IDType, o.SkipBadRelationships = IDInteger, true
			}, ProblemBadInteger, "r.csv", 2, 1},
		{"type column and type from the flag", nr(":ID\n1\n", ":START_ID,:END_ID,:TYPE\n1,1,X\n"), relsTyped(true), ProblemType, "r.csv", 2, 5},
		{"no type", nr(":ID\n1\n", ":START_ID,:END_ID\n1,1\n"), relsTyped(false), ProblemType, "r.csv", 2, 1},
		{"no END_ID column", nr(":ID\n1\n", ":START_ID,:TYPE\n1,X\n"), relsTyped(false), ProblemMissingEndpoint, "r.csv", 2, 1},
		{"two START_ID columns", nr(":ID\n1\n", ":START_ID,:START_ID,:END_ID\n1,1,1\n"), relsTyped(true), ProblemSeveralIDs, "r.csv", 2, 3},
		{"repeated property name, even null", nr(":ID\n1\n", ":START_ID,:END_ID,p,p\n1,1,,\n"),
			func(o *Options, p func(string) string) {
				relsTyped(true)(o, p)
				o.IgnoreEmptyStrings, o.PropertiesOnEdges = true, true
			}, ProblemDuplicateProperty, "r.csv", 2, 6},
		{"properties without properties on edges, even null", nr(":ID\n1\n", ":START_ID,:END_ID,p\n1,1,\n"),
			func(o *Options, p func(string) string) { relsTyped(true)(o, p); o.IgnoreEmptyStrings = true },
			ProblemEdgeProperties, "r.csv", 2, 5},
		{"missing file", n(""), func(o *Options, p func(string) string) { o.Nodes = []NodeFiles{{Files: []string{p("nope.csv")}}} },
			ProblemOpen, "nope.csv", 0, 0},
	} {
		_, _, err := importCase(t, c.files, c.set)
		var ie *InputError
		if !errors.As(err, &ie) || ie.Problem != c.problem || filepath.Base(ie.File) != c.file || ie.Line != c.line || ie.Column != c.col {
			t.Errorf("%s: %v, want %s at %s:%d:%d", c.name, err, c.problem, c.file, c.line, c.col)
		}
	}
}

// TestOptionErrors: the old tool's flag validators.
func TestOptionErrors(t *testing.T) {
	for _, c := range []struct {
		option string
		set    func(o *Options)
	}{
		{"delimiter", func(o *Options) { o.Delimiter = "" }},
		{"quote", func(o *Options) { o.Quote = "" }},
		{"array-delimiter", func(o *Options) { o.ArrayDelimiter = "" }},
		{"delimiter", func(o *Options) { o.Delimiter = "a\nb" }},
		{"id-type", func(o *Options) { o.IDType = "long" }},
		{"nodes", func(o *Options) { o.Nodes = nil }},
		{"format-version", func(o *Options) { o.Version = 13 }},
	} {
		o := DefaultOptions()
		o.DataDirectory = filepath.Join(t.TempDir(), "data")
		o.Nodes = []NodeFiles{{Files: []string{os.DevNull}}}
		c.set(&o)
		_, err := Import(o)
		var oe *OptionError
		if !errors.As(err, &oe) || oe.Option != c.option {
			t.Errorf("%s: %v", c.option, err)
		}
		if _, serr := os.Stat(o.DataDirectory); serr == nil {
			t.Errorf("%s: the data directory was created before the options were checked", c.option)
		}
	}
}

// TestFailedWriteLeavesNothing: an I/O failure at any point (a temporary
// file, the snapshot, its rename) leaves no snapshot and no work
// directory, and the error says what failed.
func TestFailedWriteLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "n.csv"), []byte(":ID,p\n1,a\n2,b\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "r.csv"), []byte(":START_ID,:END_ID,:TYPE\n1,2,R\n"), 0o644)
	for _, op := range []fs.Op{fs.OpCreate, fs.OpWrite, fs.OpSync, fs.OpRename, fs.OpSyncDir} {
		for n := 1; n <= 4; n++ {
			o := DefaultOptions()
			o.DataDirectory = filepath.Join(dir, "data", string(op), itoa(n))
			o.Nodes = []NodeFiles{{Files: []string{filepath.Join(dir, "n.csv")}}}
			o.Relationships = []RelationshipFiles{{Files: []string{filepath.Join(dir, "r.csv")}}}
			o.FS = &fs.Faulty{FS: fs.OS{}, Fail: op, N: n}
			_, err := Import(o)
			snaps, _ := filepath.Glob(filepath.Join(o.DataDirectory, "snapshots", "*"))
			work, _ := filepath.Glob(filepath.Join(o.DataDirectory, workPrefix+"*"))
			if err == nil {
				// Fewer than n operations of the kind: the import succeeds.
				if len(snaps) != 1 || len(work) != 0 {
					t.Errorf("%s #%d succeeded with %v, %v", op, n, snaps, work)
				}
				continue
			}
			if !errors.Is(err, fs.ErrInjected) {
				t.Errorf("%s #%d: %v does not carry the injected error", op, n, err)
			}
			if len(snaps) > 0 || len(work) > 0 {
				t.Errorf("%s #%d: failed import left %v %v", op, n, snaps, work)
			}
		}
	}
}

// TestLockHeld: the import fails while the lock is held and writes
// nothing; the lock is released after an import.
func TestLockHeld(t *testing.T) {
	data := t.TempDir()
	l, err := datadir.TakeLock(data)
	if err != nil {
		t.Fatal(err)
	}
	o := DefaultOptions()
	o.DataDirectory = data
	o.Nodes = []NodeFiles{{Files: []string{os.DevNull}}}
	if _, err := Import(o); !errors.Is(err, datadir.ErrLocked) {
		t.Fatalf("%v, want ErrLocked", err)
	}
	l.Release()
	if _, err := Import(o); err != nil {
		t.Fatal(err)
	}
	if pid := datadir.LockHolder(filepath.Join(data, datadir.LockFileName)); pid != 0 {
		t.Errorf("lock still held by %d after the import", pid)
	}
}

// TestSpilledRunsEqualInMemory: with a sort buffer of 1024 entries the edge
// lists go through dozens of runs and a multi-pass merge; the snapshot
// recovers to the same graph as with everything in memory (and as written
// by the parallel path, from gid ranges of the source), and its vertex
// records are in order with their edge lists in edge order.
func TestSpilledRunsEqualInMemory(t *testing.T) {
	var nb, rb strings.Builder
	nb.WriteString("id:ID,:LABEL\n")
	const nodesN, relsN = 2000, 40_000
	for i := range nodesN {
		nb.WriteString(itoa(i) + ",L" + itoa(i%3) + "\n")
	}
	rb.WriteString(":START_ID,:END_ID,:TYPE,w:int\n")
	for i := range relsN {
		rb.WriteString(itoa((i*7919)%nodesN) + "," + itoa((i*104729+13)%nodesN) + ",T" + itoa(i%2) + "," + itoa(i) + "\n")
	}
	files := map[string]string{"n.csv": nb.String(), "r.csv": rb.String()}
	var dumps [3][]string
	for i, buf := range []int{1, 1 << 30, 1} {
		got, rep, err := importCase(t, files, func(o *Options, p func(string) string) {
			nodes("n.csv")(o, p)
			o.Relationships = []RelationshipFiles{{Files: []string{p("r.csv")}}}
			o.PropertiesOnEdges, o.SortBuffer, o.ItemsPerBatch = true, buf, 500
			// The third writes by the parallel path, which reads the
			// source by gid ranges.
			o.parallel = i == 2
		})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Nodes != nodesN || rep.Relationships != relsN {
			t.Fatalf("report %+v", rep)
		}
		dumps[i] = got
		f, err := datadir.Open(rep.Snapshot)
		if err != nil {
			t.Fatal(err)
		}
		m, err := f.Snapshot()
		if err != nil {
			t.Fatal(err)
		}
		var last uint64
		n := 0
		err = m.ForEachVertex(func(r format.VertexRecord) error {
			if n > 0 && r.Gid <= last {
				t.Fatalf("vertex %d after %d", r.Gid, last)
			}
			for _, l := range [][]format.EdgeRef{r.InEdges, r.OutEdges} {
				if !slices.IsSortedFunc(l, func(a, b format.EdgeRef) int { return int(a.Edge) - int(b.Edge) }) {
					t.Fatalf("vertex %d: edges out of order", r.Gid)
				}
			}
			last = r.Gid
			n++
			return nil
		})
		f.Close()
		if err != nil || n != nodesN {
			t.Fatalf("%d vertex records: %v", n, err)
		}
	}
	if !slices.Equal(dumps[0], dumps[1]) || !slices.Equal(dumps[0], dumps[2]) {
		t.Error("the spilled, in-memory and parallel imports recover to different graphs")
	}
	if len(dumps[0]) != nodesN+relsN {
		t.Errorf("%d dump lines", len(dumps[0]))
	}
}

// TestForceRollsBack: with Force, existing entries move to .backup/ only
// together with the new snapshot's arrival; when the last rename fails
// they are moved back.
func TestForceRollsBack(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	for _, p := range []string{"snapshots/old_snapshot", "wal/old_wal"} {
		os.MkdirAll(filepath.Join(data, filepath.Dir(p)), 0o750)
		os.WriteFile(filepath.Join(data, p), []byte("x"), 0o640)
	}
	o := DefaultOptions()
	o.DataDirectory = data
	o.Nodes = []NodeFiles{{Files: []string{os.DevNull}}}
	o.Force = true
	// Renames: the snapshot to its name in the work directory (1), the two
	// entries to .backup (2, 3), the snapshot into snapshots/ (4).
	o.FS = &fs.Faulty{FS: fs.OS{}, Fail: fs.OpRename, N: 4}
	if _, err := Import(o); !errors.Is(err, fs.ErrInjected) {
		t.Fatalf("%v, want the injected rename failure", err)
	}
	for _, p := range []string{"snapshots/old_snapshot", "wal/old_wal"} {
		if _, err := os.Stat(filepath.Join(data, p)); err != nil {
			t.Errorf("%s not moved back: %v", p, err)
		}
	}
	o.FS = nil
	rep, err := Import(o)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rep.BackedUp, []string{"snapshots/old_snapshot", "wal/old_wal"}) {
		t.Errorf("backed up %v", rep.BackedUp)
	}
	for _, p := range []string{".backup/snapshots/old_snapshot", ".backup/wal/old_wal"} {
		if _, err := os.Stat(filepath.Join(data, p)); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
}
