package csvimport_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/durascope/durascope/engine/csvimport"
	"github.com/durascope/durascope/engine/csvimport/csvcorpus"
	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/inspect"
)

// optionsOf builds Options from a corpus case as the CLI builds them from
// the runner's flags.
func optionsOf(t *testing.T, c csvcorpus.Case, data string) csvimport.Options {
	t.Helper()
	o := csvimport.DefaultOptions()
	o.DataDirectory = data
	o.PropertiesOnEdges = c.PropertiesOnEdges
	for _, f := range c.Flags {
		for _, v := range f.Values {
			switch f.Name {
			case "nodes":
				o.Nodes = append(o.Nodes, csvimport.ParseNodesArg(v))
			case "relationships":
				o.Relationships = append(o.Relationships, csvimport.ParseRelationshipsArg(v))
			case "delimiter":
				o.Delimiter = v
			case "quote":
				o.Quote = v
			case "array-delimiter":
				o.ArrayDelimiter = v
			case "id-type":
				o.IDType = csvimport.IDType(v)
			case "ignore-empty-strings":
				o.IgnoreEmptyStrings = v == "true"
			case "ignore-extra-columns":
				o.IgnoreExtraColumns = v == "true"
			case "skip-bad-relationships":
				o.SkipBadRelationships = v == "true"
			case "skip-duplicate-nodes":
				o.SkipDuplicateNodes = v == "true"
			case "trim-strings":
				o.TrimStrings = v == "true"
			default:
				t.Fatalf("%s: flag --%s unknown to this test", c, f.Name)
			}
		}
	}
	return o
}

// verifyClean verifies the one snapshot in data at version v: no finding.
func verifyClean(t *testing.T, snapshot string, v format.Version, onEdges bool) {
	t.Helper()
	f, err := datadir.Open(snapshot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := inspect.VerifyFile(f, inspect.VerifyOptions{})
	if r.Version != uint64(v) {
		t.Errorf("%s: version %d, want %d", snapshot, r.Version, v)
	}
	for _, fd := range r.Findings {
		t.Errorf("verify: %s", fd)
	}
}

// TestCorpusEveryVersion imports every corpus case: the cases that must
// fail fail with a typed error and leave no snapshot; the others, at every
// format version, write one snapshot that verifies clean at its
// version and recovers (engine/datadir, Memgraph's rules) to Memgraph's
// expected dump.
func TestCorpusEveryVersion(t *testing.T) {
	cases := csvcorpus.Cases(t)
	versions := 0
	for v := format.MinVersion; v <= format.MaxVersion; v++ {
		if v.Supported() {
			versions++
		}
	}
	var ok, failed int
	for _, c := range cases {
		t.Run(c.String(), func(t *testing.T) {
			t.Chdir(c.Dir)
			var want []string
			if !c.ShouldFail {
				b, err := os.ReadFile(c.Expected)
				if err != nil {
					t.Fatal(err)
				}
				want = csvimport.RunnerRows(string(b))
			}
			for v := format.MinVersion; v <= format.MaxVersion; v++ {
				if !v.Supported() || (c.ShouldFail && v != format.MaxVersion) {
					continue // a refusal does not depend on the version
				}
				data := t.TempDir()
				o := optionsOf(t, c, data)
				o.Version = v
				o.ItemsPerBatch = 3 // several batches even for these small files
				o.FS = csvimport.NoSyncFS{}
				rep, err := csvimport.Import(o)
				snaps, _ := filepath.Glob(filepath.Join(data, "snapshots", "*"))
				if c.ShouldFail {
					var ie *csvimport.InputError
					var oe *csvimport.OptionError
					if err == nil || !(errors.As(err, &ie) || errors.As(err, &oe)) {
						t.Fatalf("v%d: %v, want an InputError or OptionError", v, err)
					}
					if len(snaps) > 0 {
						t.Fatalf("v%d: a failed import left %v", v, snaps)
					}
					continue
				}
				if err != nil {
					t.Fatalf("v%d: %v", v, err)
				}
				if len(snaps) != 1 || snaps[0] != rep.Snapshot {
					t.Fatalf("v%d: snapshots/ holds %v, the report names %s", v, snaps, rep.Snapshot)
				}
				verifyClean(t, rep.Snapshot, v, o.PropertiesOnEdges)
				if got := csvimport.RecoveredRows(t, data); !slices.Equal(got, want) {
					t.Fatalf("v%d: dump differs:\ngot:\n%s\nwant:\n%s", v, strings.Join(got, "\n"), strings.Join(want, "\n"))
				}
			}
			if c.ShouldFail {
				failed++
			} else {
				ok++
			}
		})
	}
	t.Logf("%d corpus cases at %d versions: %d import and recover to Memgraph's dump, %d fail as they must", len(cases), versions, ok, failed)
}

// TestSnapshotNameAndMetadata: Memgraph's name (the wall clock and the
// durable timestamp), a fresh uuid and epoch per import, and the timestamps
// the old tool's one transaction per row produced.
func TestSnapshotNameAndMetadata(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "n.csv")
	os.WriteFile(csv, []byte(":ID\n1\n1\n2\n"), 0o644)
	rels := filepath.Join(dir, "r.csv")
	os.WriteFile(rels, []byte(":START_ID,:END_ID\n1,2\n1,3\n"), 0o644)
	now := time.Date(2026, 1, 2, 3, 4, 5, 678901000, time.UTC)
	var uuids []string
	for i := range 2 {
		o := csvimport.DefaultOptions()
		o.DataDirectory = filepath.Join(dir, "data", string(rune('a'+i)))
		o.Nodes = []csvimport.NodeFiles{{Files: []string{csv}}}
		o.Relationships = []csvimport.RelationshipFiles{{Type: "T", HasType: true, Files: []string{rels}}}
		o.SkipDuplicateNodes, o.SkipBadRelationships = true, true
		o.Now = func() time.Time { return now }
		rep, err := csvimport.Import(o)
		if err != nil {
			t.Fatal(err)
		}
		// Nodes: 1 (ts 0, commit 1), the duplicate (ts 2, aborted), 2 (ts 3,
		// commit 4); the relationship 1->2 (ts 5, commit 6); 1->3 skipped
		// before its transaction. The snapshot starts at 7.
		if want := "20260102030405678901_timestamp_6"; filepath.Base(rep.Snapshot) != want {
			t.Errorf("name %s, want %s", filepath.Base(rep.Snapshot), want)
		}
		if rep.StartTimestamp != 7 || rep.DurableTimestamp != 6 || rep.Nodes != 2 || rep.SkippedNodes != 1 ||
			rep.Relationships != 1 || rep.SkippedRelationships != 1 {
			t.Errorf("report %+v", rep)
		}
		f, err := datadir.Open(rep.Snapshot)
		if err != nil {
			t.Fatal(err)
		}
		s, err := f.Snapshot()
		if err != nil {
			t.Fatal(err)
		}
		md := s.Metadata
		f.Close()
		if md.UUID != rep.UUID || md.Epoch != rep.Epoch || md.NumCommittedTxns != 3 || md.StartTimestamp != 7 || md.DurableTimestamp != 6 {
			t.Errorf("metadata %+v", md)
		}
		if len(md.UUID) != 36 || md.UUID == md.Epoch {
			t.Errorf("uuid %q, epoch %q", md.UUID, md.Epoch)
		}
		uuids = append(uuids, md.UUID)
		// The skipped duplicate took gid 1: node 2 is gid 2.
		if got := csvimport.RecoveredRows(t, o.DataDirectory); !slices.Contains(got, "CREATE (:__mg_vertex__ {__mg_id__: 2});") {
			t.Errorf("dump %v lacks vertex gid 2", got)
		}
	}
	if uuids[0] == uuids[1] {
		t.Error("two imports share a storage uuid")
	}
}
