package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestSummaryOfRealRun runs `go test -json` on a small module with a
// passing, a failing and two skipped tests (one in a subtest) and checks
// what testsum makes of it.
func TestSummaryOfRealRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/m\n\ngo 1.22\n")
	write("m_test.go", `package m

import (
	"fmt"
	"testing"
)

func TestPass(t *testing.T) { fmt.Println("SUMMARY suite: states=3 lost=0"); t.Log("SUMMARY not at the start") }
func TestFail(t *testing.T) { t.Log("the detail"); t.Fatal("broken") }
func TestSkip(t *testing.T) { t.Skip("corpus not found at /x") }
func TestSub(t *testing.T) {
	t.Run("a", func(t *testing.T) { t.Skipf("corpus not found at %s", "/x") })
}
`)
	cmd := exec.Command("go", "test", "-json", "-count=1", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=")
	stream, _ := cmd.Output() // exits 1: a test fails
	var out strings.Builder
	s := &summary{skips: map[string]int{}, out: &out, buf: map[string]*strings.Builder{}}
	if err := s.read(strings.NewReader(string(stream))); err != nil {
		t.Fatal(err)
	}
	s.report()
	got := out.String()
	for _, want := range []string{
		"the detail", "broken", // the failing test's whole output
		"FAIL\texample.com/m",
		"1 package (1 failed), 1 test failed, 2 tests skipped",
		"  2 skipped: corpus not found at /x", // TestSkip and TestSub/a
		"\nsuite: states=3 lost=0\n",          // a passing test's summary line
	} {
		if !strings.Contains(got, want) {
			t.Errorf("summary lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "TestPass") || strings.Contains(got, "not at the start") {
		t.Errorf("a passing test's output is printed:\n%s", got)
	}
}
