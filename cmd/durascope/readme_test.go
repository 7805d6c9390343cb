package main

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestREADMEExamples runs every `$ durascope ...` line of the README's
// console blocks from the repository root and checks the output shown under
// it, so the README cannot drift from the tool. A shown output ending in
// "..." is a prefix; a command redirected with `> file` shows its stderr; an
// `echo $?` line states the exit code (otherwise it must be 0). Pipelines
// into other tools are not run.
func TestREADMEExamples(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir("../..")
	blocks := regexp.MustCompile("(?s)```console\n(.*?)```").FindAllStringSubmatch(string(readme), -1)
	if len(blocks) == 0 {
		t.Fatal("no console blocks in README.md")
	}
	type example struct {
		cmd      string
		shown    []string
		exitCode int
	}
	var examples []*example
	for _, b := range blocks {
		var cur *example
		for _, line := range strings.Split(strings.TrimRight(b[1], "\n"), "\n") {
			switch {
			case strings.HasPrefix(line, "$ echo $?"):
				cur.shown = append(cur.shown, "<exit>")
			case strings.HasPrefix(line, "$ "):
				cur = &example{cmd: strings.TrimPrefix(line, "$ ")}
				examples = append(examples, cur)
			case cur != nil:
				cur.shown = append(cur.shown, line)
			}
		}
	}
	ran := 0
	for _, ex := range examples {
		cmd := ex.cmd
		if i := strings.Index(cmd, "  #"); i >= 0 {
			cmd = strings.TrimSpace(cmd[:i])
		}
		if !strings.HasPrefix(cmd, "durascope ") || strings.Contains(cmd, "|") {
			continue
		}
		shown := ex.shown
		if n := len(shown); n >= 2 && shown[n-2] == "<exit>" {
			ex.exitCode, _ = strconv.Atoi(shown[n-1])
			shown = shown[:n-2]
		}
		redirected := false
		if i := strings.Index(cmd, " > "); i >= 0 {
			cmd, redirected = cmd[:i], true
		}
		t.Run(cmd, func(t *testing.T) {
			code, stdout, stderr := runCLI(strings.Fields(cmd)[1:]...)
			if code != ex.exitCode {
				t.Fatalf("exit %d, README says %d; stderr:\n%s", code, ex.exitCode, stderr)
			}
			got := stdout
			if redirected {
				got = stderr
			}
			gotLines := strings.Split(strings.TrimRight(got, "\n"), "\n")
			want := shown
			if n := len(want); n > 0 && want[n-1] == "..." {
				want = want[:n-1]
				gotLines = gotLines[:min(len(want), len(gotLines))]
			}
			if len(want) == 0 {
				return // output not shown; the exit code was checked
			}
			if strings.Join(want, "\n") != strings.Join(gotLines, "\n") {
				t.Errorf("README shows:\n%s\ndurascope prints:\n%s", strings.Join(want, "\n"), strings.Join(gotLines, "\n"))
			}
		})
		ran++
	}
	if ran < 5 {
		t.Fatalf("only %d README examples ran; the parser lost them", ran)
	}
}
