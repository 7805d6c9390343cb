package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
)

// TestMapperDuplicateID: a snapshot whose mapper names an id twice is read
// by Memgraph's rule everywhere. Memgraph's loader registers every entry's
// name in file order and keeps, for an id, its first entry (an emplace into
// an unordered_map), so here:
//
//	mapper 0:"Person" 1:"name" 1:"zz" 2:"age" 3:"zz"
//	registered: Person 0, name 1, zz 2, age 3
//	label 0 = Person; property 1 = name (not zz); property 3 = zz, 2 = age
//
// The vertex prints `name`, then `zz` (id 2) before `age` (id 3): the
// losing entry still took its id. Dump, verify, plan and convert agree.
func TestMapperDuplicateID(t *testing.T) {
	m := &format.Snapshot{Version: 37,
		Mapper: []format.MapperEntry{{ID: 0, Name: "Person"}, {ID: 1, Name: "name"}, {ID: 1, Name: "zz"}, {ID: 2, Name: "age"}, {ID: 3, Name: "zz"}},
		Vertices: []format.VertexRecord{{Gid: 0, Labels: []uint64{0},
			Properties: []format.Property{{ID: 1, Value: format.String("Ada")}, {ID: 2, Value: format.Int(36)}, {ID: 3, Value: format.Bool(true)}}}},
		Metadata: format.SnapshotMetadata{UUID: golden.ChainUUID, Epoch: golden.ChainEpoch, StartTimestamp: 3, DurableTimestamp: 2, VertexCount: 1},
		TTL:      &format.TTLConfig{},
	}
	m.EdgeIndices.TextPresent, m.EdgeIndices.TextEdgePresent = true, true
	var b bytes.Buffer
	if err := encode.EncodeSnapshot(&b, m); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "snapshots"), 0o755); err != nil {
		t.Fatal(err)
	}
	snap := filepath.Join(dir, "snapshots", "20260101120000000001_timestamp_2")
	if err := os.WriteFile(snap, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	const vertex = "CREATE (:__mg_vertex__:`Person` {__mg_id__: 0, `name`: \"Ada\", `zz`: true, `age`: 36});"

	for _, path := range []string{snap, dir} {
		code, out, errOut := runCLI("dump", "--format", "cypher", path)
		if code != exitOK || !strings.Contains(out, vertex+"\n") {
			t.Errorf("dump --format cypher %s: exit %d, want the line\n%s\ngot\n%s%s", path, code, vertex, out, errOut)
		}
	}
	code, out, _ := runCLI("dump", "--format", "text", snap)
	if code != exitOK || !strings.Contains(out, "labels=[`Person`] properties={`name`: \"Ada\", `age`: 36, `zz`: true}") {
		t.Errorf("dump --format text: exit %d\n%s", code, out)
	}

	code, out, _ = runCLI("verify", "--json", snap)
	var rep struct {
		Findings []struct{ Check, Message string } `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("verify --json: %v\n%s", err, out)
	}
	found := false
	for _, f := range rep.Findings {
		found = found || f.Check == "snapshot.mapper_duplicate" && strings.Contains(f.Message, `names both "name" and "zz"; Memgraph keeps the first`)
	}
	if code != exitOK || !found {
		t.Errorf("verify: exit %d, findings %+v", code, rep.Findings)
	}

	code, out, _ = runCLI("plan", dir)
	if code != exitOK || !strings.HasPrefix(out, "RECOVERS") {
		t.Errorf("plan: exit %d\n%s", code, out)
	}

	conv := filepath.Join(t.TempDir(), "converted")
	if code, _, errOut := runCLI("convert", "--to-version", "36", snap, conv); code != exitOK {
		t.Fatalf("convert: exit %d: %s", code, errOut)
	}
	if code, out, _ := runCLI("dump", "--format", "cypher", conv); code != exitOK || !strings.Contains(out, vertex+"\n") {
		t.Errorf("converted dump: exit %d\n%s", code, out)
	}
}
