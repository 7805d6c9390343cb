// Package csvcorpus reads the test cases of Memgraph's removed CSV
// importer (../shared/corpus/mg_import_csv, outside the repository): the
// folders, the cases of each test.yaml, and the command line Memgraph's
// runner built from a case. Tests of engine/csvimport and of the CLI use
// it; it is not part of the tool.
package csvcorpus

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// Env overrides where the corpus is.
const Env = "DURASCOPE_CSV_CORPUS"

// Dir is the corpus root. Without it the test is skipped, and fails when
// the CI environment variable is set (as golden.CorpusDir does).
func Dir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv(Env)
	if dir == "" {
		_, file, _, _ := runtime.Caller(0)
		dir = filepath.Join(filepath.Dir(file), "..", "..", "..", "..", "shared", "corpus", "mg_import_csv")
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		if os.Getenv("CI") != "" {
			t.Fatalf("CSV import corpus not found at %s (set %s); CI requires it", dir, Env)
		}
		t.Skipf("CSV import corpus not found at %s (set %s)", dir, Env)
	}
	return dir
}

// Flag is one key of a case: a flag of the importer (with '_' for '-').
type Flag struct {
	Name   string   // the command-line flag, dashed
	Values []string // one per occurrence (a list gives several)
	Bool   bool     // a boolean: given as --flag=value
}

// Case is one case of a test.yaml.
type Case struct {
	Folder string // the test folder's name
	Name   string // the case's name
	Dir    string // the folder: the importer runs with it as working directory
	Flags  []Flag // in file order
	// PropertiesOnEdges is the --storage-properties-on-edges setting.
	PropertiesOnEdges bool
	// Expected is the expected dump's file name, "" when ShouldFail.
	Expected   string
	ShouldFail bool
}

func (c Case) String() string { return c.Folder + "/" + c.Name }

// Args is the command line Memgraph's runner gave the importer, without
// the program name: the data directory, the properties-on-edges setting,
// then the case's flags in order.
func (c Case) Args(dataDir string) []string {
	args := []string{"--data-directory", dataDir, "--storage-properties-on-edges=" + strconv.FormatBool(c.PropertiesOnEdges)}
	for _, f := range c.Flags {
		for _, v := range f.Values {
			if f.Bool {
				args = append(args, "--"+f.Name+"="+v)
			} else {
				args = append(args, "--"+f.Name, v)
			}
		}
	}
	return args
}

// Cases reads every case of every folder, sorted by folder (file order
// within one), and fails when there are none.
func Cases(t testing.TB) []Case {
	t.Helper()
	root := Dir(t)
	dirs, err := filepath.Glob(filepath.Join(root, "*", "test.yaml"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no test.yaml under %s", root)
	}
	sort.Strings(dirs)
	var out []Case
	for _, p := range dirs {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		cases, err := Parse(string(b))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for i := range cases {
			cases[i].Dir = filepath.Dir(p)
			cases[i].Folder = filepath.Base(cases[i].Dir)
		}
		out = append(out, cases...)
	}
	return out
}

// Parse reads the YAML subset test.yaml files use: a list of mappings whose
// values are plain or double-quoted scalars, True/False, or a block list of
// scalars.
func Parse(src string) ([]Case, error) {
	var out []Case
	var cur *Case
	var list *Flag
	for n, line := range strings.Split(src, "\n") {
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if strings.HasPrefix(line, "- ") {
			out = append(out, Case{})
			cur, list = &out[len(out)-1], nil
			trimmed = strings.TrimSpace(line[2:])
		}
		if cur == nil {
			return nil, fmt.Errorf("line %d: %q outside a case", n+1, line)
		}
		if strings.HasPrefix(trimmed, "- ") {
			if list == nil {
				return nil, fmt.Errorf("line %d: a list item without a key", n+1)
			}
			v, err := scalar(strings.TrimSpace(trimmed[2:]))
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", n+1, err)
			}
			list.Values = append(list.Values, v)
			continue
		}
		key, raw, ok := strings.Cut(trimmed, ":")
		if !ok {
			return nil, fmt.Errorf("line %d: no key in %q", n+1, line)
		}
		raw = strings.TrimSpace(raw)
		list = nil
		switch key {
		case "name":
			cur.Name = raw
			continue
		case "expected":
			cur.Expected = raw
			continue
		case "import_should_fail":
			cur.ShouldFail = isTrue(raw)
			continue
		case "properties_on_edges":
			cur.PropertiesOnEdges = isTrue(raw)
			continue
		}
		f := Flag{Name: strings.ReplaceAll(key, "_", "-")}
		switch {
		case raw == "":
			cur.Flags = append(cur.Flags, f)
			list = &cur.Flags[len(cur.Flags)-1]
			continue
		case raw == "True" || raw == "False" || raw == "true" || raw == "false":
			f.Bool, f.Values = true, []string{strconv.FormatBool(isTrue(raw))}
		default:
			v, err := scalar(raw)
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", n+1, err)
			}
			f.Values = []string{v}
		}
		cur.Flags = append(cur.Flags, f)
	}
	return out, nil
}

func isTrue(s string) bool { return s == "True" || s == "true" }

func scalar(s string) (string, error) {
	if strings.HasPrefix(s, `"`) {
		return strconv.Unquote(s)
	}
	return s, nil
}
