package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/durascope/durascope/engine/datadir"
)

const exampleScript = "../../golden/testdata/examples/engine.cypher"

// The engine runs the shipped example: results on stdout, a WAL and an
// exit snapshot that plan recovers; a restart continues from them.
func TestEngineRunsExample(t *testing.T) {
	dir := t.TempDir()
	flags := []string{"engine", "--data-directory", dir, "--storage-wal-enabled", "--storage-snapshot-on-exit", "--storage-properties-on-edges"}
	code, out, errs := runCLI(append(flags, exampleScript)...)
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, errs)
	}
	for _, want := range []string{"person", "Ada", "PROGRAMMED", "Charles", "DESIGNED", "Analytical Engine"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = runCLI("plan", "-q", dir)
	if code != exitOK || !strings.HasPrefix(out, "RECOVERS memgraph: 3 vertices, 2 edges") {
		t.Fatalf("plan: exit %d: %s", code, out)
	}
	stdin = strings.NewReader("MATCH (n:Person) RETURN count(n) AS people;\n")
	defer func() { stdin = os.Stdin }()
	code, out, errs = runCLI(flags...)
	if code != exitOK || !strings.Contains(out, "│ 2      │") {
		t.Fatalf("restart: exit %d\n%s\n%s", code, out, errs)
	}
}

// A failing statement stops the run with exit 1 and names the input's line
// and column; --continue runs the rest.
func TestEngineErrors(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(t.TempDir(), "bad.cypher")
	os.WriteFile(script, []byte("CREATE (:A {x: 1});\n\nCREATE (:A {x: });\nCREATE (:B);\n"), 0o644)
	code, _, errs := runCLI("engine", "--data-directory", dir, script)
	if code != exitProblems || !strings.Contains(errs, "bad.cypher:3:16: ") {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	code, out, _ := runCLI("engine", "--data-directory", dir, "--data-recovery-on-startup=false", "--continue", script)
	if code != exitProblems || strings.Count(out, "nodes-created: 1") != 2 {
		t.Fatalf("--continue: exit %d, stdout %q", code, out)
	}
	if code, _, errs := runCLI("engine", "--data-directory", dir, filepath.Join(dir, "missing.cypher")); code != exitUsage || !strings.Contains(errs, "missing.cypher") {
		t.Errorf("missing script: exit %d, %q", code, errs)
	}
	if code, _, errs := runCLI("engine", "--data-directory", dir, "--storage-wal-enabled", "--storage-snapshot-interval-sec", "0"); code != exitUsage || !strings.Contains(errs, "snapshot-interval") {
		t.Errorf("WAL without snapshots: exit %d, %q", code, errs)
	}
	if code, _, errs := runCLI("engine", "--data-directory", dir, "--format-version", "13"); code != exitUsage || !strings.Contains(errs, "14..37") {
		t.Errorf("format 13: exit %d, %q", code, errs)
	}
}

// A second engine on a directory in use is refused (exit 2).
func TestEngineLockedDirectory(t *testing.T) {
	dir := t.TempDir()
	stdin = strings.NewReader("")
	defer func() { stdin = os.Stdin }()
	// Hold the lock from this process through another engine run's lock.
	code, _, errs := runCLI("engine", "--data-directory", dir)
	if code != exitOK {
		t.Fatalf("empty run: exit %d: %s", code, errs)
	}
	l, err := datadir.TakeLock(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	code, _, errs = runCLI("engine", "--data-directory", dir, "--data-dir-lock-acquisition-timeout-sec", "0")
	if code != exitUsage || !strings.Contains(errs, "locked") {
		t.Fatalf("locked directory: exit %d, %q", code, errs)
	}
}

// --json prints one object per statement: position, statement, and the
// result with values as spec/jsonl.md encodes them, or the error.
func TestEngineJSON(t *testing.T) {
	dir := t.TempDir()
	stdin = strings.NewReader("CREATE (a:P {w: 1.5})-[:R]->(b:P);\nMATCH (a)-[r]->(b) RETURN a.w AS w, type(r) AS t, b;\nRETURN 1 / ;\n")
	defer func() { stdin = os.Stdin }()
	code, out, _ := runCLI("engine", "--data-directory", dir, "--json")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != exitProblems || len(lines) != 3 {
		t.Fatalf("exit %d, %d lines:\n%s", code, len(lines), out)
	}
	var got []map[string]any
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("%v: %s", err, l)
		}
		got = append(got, m)
	}
	if s := got[0]["result"].(map[string]any)["stats"].(map[string]any); s["nodes-created"] != 2.0 || s["relationships-created"] != 1.0 {
		t.Errorf("stats: %v", s)
	}
	row := got[1]["result"].(map[string]any)["rows"].([]any)[0].([]any)
	if w := row[0].(map[string]any)["double"]; w != 1.5 || row[1] != "R" {
		t.Errorf("row: %v", row)
	}
	if node := row[2].(map[string]any)["node"].(map[string]any); node["labels"].([]any)[0] != "P" {
		t.Errorf("node: %v", node)
	}
	if got[2]["error"] == nil || got[2]["line"] != 3.0 {
		t.Errorf("error line: %v", got[2])
	}
}
