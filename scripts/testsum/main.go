// Command testsum reads `go test -json` on stdin and prints what a person
// needs from it: each package's result line, the whole output of every test
// that failed, build errors, and how many tests were skipped and why (so a
// missing corpus cannot pass unnoticed), and the summary lines suites print
// (lines starting with "SUMMARY ", passed or failed). It exits 1 when anything failed or
// no package reported at all.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strings"
)

// event is one line of test2json output.
type event struct {
	Action     string
	Package    string
	ImportPath string // build-output, build-fail
	Test       string
	Output     string
}

// summary is what the stream adds up to.
type summary struct {
	packages, failedPackages, failedTests int
	skips                                 map[string]int // reason -> tests
	summaries                             []string       // SUMMARY lines, in the order printed
	out                                   io.Writer
	buf                                   map[string]*strings.Builder // test output until it ends
}

// skipReason takes the reason from a skipped test's output: the t.Skip
// message, without the file:line prefix.
var skipReason = regexp.MustCompile(`^\s+[\w.-]+\.go:\d+: (.*)$`)

func main() {
	s := &summary{skips: map[string]int{}, out: os.Stdout, buf: map[string]*strings.Builder{}}
	if err := s.read(os.Stdin); err != nil {
		fmt.Fprintln(os.Stderr, "testsum:", err)
		os.Exit(1)
	}
	s.report()
	if s.failedPackages > 0 || s.failedTests > 0 || s.packages == 0 {
		os.Exit(1)
	}
}

func (s *summary) read(r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &e) != nil {
			// Not test2json: go vet or the go command itself speaking.
			fmt.Fprintln(s.out, string(line))
			continue
		}
		s.add(e)
	}
	return sc.Err()
}

// summaryPrefix starts a line a suite prints for the final report (e.g.
// the crash tests' "SUMMARY crash: states=... lost_acked=0").
const summaryPrefix = "SUMMARY "

func (s *summary) add(e event) {
	key := e.Package + "\x00" + e.Test
	if e.Action == "output" && strings.HasPrefix(e.Output, summaryPrefix) {
		s.summaries = append(s.summaries, strings.TrimSpace(strings.TrimPrefix(e.Output, summaryPrefix)))
	}
	switch {
	case e.Action == "build-output":
		fmt.Fprint(s.out, e.Output)
	case e.Action == "build-fail":
		s.failedPackages++
	case e.Test == "" && e.Action == "output":
		// Package lines: "ok pkg 1.2s", "FAIL pkg", panics and timeouts.
		if o := strings.TrimSpace(e.Output); o != "PASS" && o != "" {
			fmt.Fprint(s.out, e.Output)
		}
	case e.Test == "" && (e.Action == "pass" || e.Action == "fail" || e.Action == "skip"):
		s.packages++
		if e.Action == "fail" {
			s.failedPackages++
		}
	case e.Action == "output":
		b := s.buf[key]
		if b == nil {
			b = &strings.Builder{}
			s.buf[key] = b
		}
		b.WriteString(e.Output)
	case e.Action == "fail":
		fmt.Fprint(s.out, s.buf[key].String())
		s.failedTests++
		delete(s.buf, key)
	case e.Action == "skip":
		s.skips[reason(s.buf[key])]++
		delete(s.buf, key)
	case e.Action == "pass":
		delete(s.buf, key)
	}
}

// reason is the first skip message in a test's output.
func reason(b *strings.Builder) string {
	if b != nil {
		for _, l := range strings.Split(b.String(), "\n") {
			if m := skipReason.FindStringSubmatch(l); m != nil {
				return m[1]
			}
		}
	}
	return "(no reason given)"
}

func (s *summary) report() {
	total := 0
	reasons := make([]string, 0, len(s.skips))
	for r, n := range s.skips {
		total += n
		reasons = append(reasons, r)
	}
	sort.Slice(reasons, func(i, j int) bool {
		if s.skips[reasons[i]] != s.skips[reasons[j]] {
			return s.skips[reasons[i]] > s.skips[reasons[j]]
		}
		return reasons[i] < reasons[j]
	})
	for _, l := range s.summaries {
		fmt.Fprintln(s.out, l)
	}
	fmt.Fprintf(s.out, "%s (%d failed), %s failed, %s skipped\n",
		count(s.packages, "package"), s.failedPackages, count(s.failedTests, "test"), count(total, "test"))
	for _, r := range reasons {
		fmt.Fprintf(s.out, "  %d skipped: %s\n", s.skips[r], r)
	}
}

func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
