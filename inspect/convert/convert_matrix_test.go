package convert

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
)

// matrixStats counts the conversion matrix for the log.
type matrixStats struct {
	mu          sync.Mutex
	conversions int
	withDrops   int
	exact       int
	byKind      map[string]int
	byFeature   map[string]int
}

func (m *matrixStats) add(rep *Report) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.conversions++
	if rep.Exact {
		m.exact++
	}
	if len(rep.Dropped) > 0 {
		m.withDrops++
	}
	for _, d := range rep.Dropped {
		m.byKind[string(d.Kind)]++
		m.byFeature[d.Feature.String()]++
	}
}

func (m *matrixStats) String() string {
	keys := func(c map[string]int) string {
		var ks []string
		for k := range c {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		var b strings.Builder
		for _, k := range ks {
			fmt.Fprintf(&b, " %s=%d", k, c[k])
		}
		return b.String()
	}
	return fmt.Sprintf("%d conversions, %d own-version byte-identical, %d with drops; dropped items by kind:%s; by missing feature:%s",
		m.conversions, m.exact, m.withDrops, keys(m.byKind), keys(m.byFeature))
}

// TestConversionMatrix converts every corpus snapshot and WAL to every
// version 14..37 (dropping what a version cannot hold), decodes and
// recovers the result, and checks that its dump is the original's minus
// exactly the reported drops. The expected dump is computed from the
// source, not from the converter's output: for a snapshot the drops are
// removed from the recovered state; for a WAL the source frames are
// replayed without the dropped deltas (a WAL's dump prints properties in
// the order names first appear, and a dropped delta may have been a first
// appearance). No reported item may survive in the converted dump, and a
// conversion to the file's own version must reproduce its bytes.
func TestConversionMatrix(t *testing.T) {
	st, files := eachCorpusFile(t, checkMatrixFile)
	if want := files * int(format.MaxVersion-format.MinVersion+1); st.conversions != want && !t.Failed() {
		t.Errorf("%d conversions ran, want %d", st.conversions, want)
	}
}

// eachCorpusFile runs check on every corpus file, in parallel subtests, logs
// the conversions check tallied and returns them with the number of files.
func eachCorpusFile(t *testing.T, check func(*testing.T, golden.CorpusFile, *matrixStats)) (*matrixStats, int) {
	t.Helper()
	st := &matrixStats{byKind: map[string]int{}, byFeature: map[string]int{}}
	files := golden.ReadCorpus(t)
	t.Run("files", func(t *testing.T) {
		for _, cf := range files {
			t.Run(cf.Name, func(t *testing.T) {
				t.Parallel()
				check(t, cf, st)
			})
		}
	})
	t.Log(st)
	return st, len(files)
}

func checkMatrixFile(t *testing.T, cf golden.CorpusFile, st *matrixStats) {
	orig, err := recoverBytes(cf.Name, cf.Data)
	if err != nil {
		t.Fatal(err)
	}
	srcVersion := format.Version(cf.Data[4])
	origLines := sortedDump(orig)
	drops := map[format.Version]int{}
	for v := format.MinVersion; v <= format.MaxVersion; v++ {
		out, rep, err := convertBytes(t, cf.Name, cf.Data, v, nil)
		if err != nil {
			t.Errorf("to %s: %v", v, err)
			continue
		}
		st.add(rep)
		drops[v] = len(rep.Dropped)
		if v == srcVersion {
			if !rep.Exact || !bytes.Equal(out, cf.Data) {
				t.Errorf("to its own version %s: not byte-identical (exact=%v, %d vs %d bytes)", v, rep.Exact, len(out), len(cf.Data))
			}
			if len(rep.Dropped) > 0 {
				t.Errorf("to its own version: %d items dropped", len(rep.Dropped))
			}
			continue
		}
		if out[4] != byte(v) {
			t.Errorf("to %s: output stamped %d", v, out[4])
		}
		got, err := recoverBytes(cf.Name+" as "+v.String(), out)
		if err != nil {
			t.Errorf("to %s: the converted file does not recover: %v", v, err)
			continue
		}
		gotLines := sortedDump(got)
		var want *graph.Graph
		if cf.WAL {
			if want, err = replayWithout(cf.Name, cf.Data, rep.Dropped); err != nil {
				t.Fatalf("to %s: replaying the source without the drops: %v", v, err)
			}
		} else {
			want, _ = recoverBytes(cf.Name, cf.Data)
			removeDropped(t, want, rep.Dropped)
		}
		if d := lineDiff(sortedDump(want), gotLines); d != "" {
			t.Errorf("to %s: dump differs from the original minus %d drops:\n%s", v, len(rep.Dropped), d)
		}
		checkDropsGone(t, v, rep.Dropped, got, orig)
		checkDropOracle(t, cf.Name+" to "+v.String(), v, rep.Dropped)
		if len(rep.Dropped) == 0 && !slices.Equal(origLines, gotLines) && !cf.WAL {
			t.Errorf("to %s: nothing dropped but the dump changed", v)
		}
	}
	// compat's oldest lossless version, from the dry run to 14 that writes
	// nothing, is where the drops stop; the dry run lists what the real
	// conversion to 14 dropped.
	oldest, dry := dryRunOldest(t, cf)
	if dry != drops[format.MinVersion] {
		t.Errorf("dry run to 14 lists %d drops, the conversion %d", dry, drops[format.MinVersion])
	}
	if drops[oldest] != 0 || (oldest > format.MinVersion && drops[oldest-1] == 0) {
		t.Errorf("oldest lossless version %s, but drops there %d and below %d", oldest, drops[oldest], drops[oldest-1])
	}
}

func dryRunOldest(t *testing.T, cf golden.CorpusFile) (format.Version, int) {
	t.Helper()
	r := bytes.NewReader(cf.Data)
	var rep *Report
	var err error
	if cf.WAL {
		src, _ := decode.OpenWAL(r, int64(len(cf.Data)), cf.Name)
		rep, err = WAL(src, r, nil, format.MinVersion)
	} else {
		src, _ := decode.OpenSnapshot(r, int64(len(cf.Data)), cf.Name)
		rep, err = Snapshot(src, r, nil, format.MinVersion, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	var n format.FeatureSet
	for _, d := range rep.Dropped {
		n = n.Union(d.Needs)
	}
	return n.Oldest(), len(rep.Dropped)
}

// checkDropsGone asserts that no dropped item survives in the converted
// state: its dump lines are absent, and a property that the original holds
// with the dropped value is gone.
func checkDropsGone(t *testing.T, v format.Version, drops []Dropped, got, orig *graph.Graph) {
	t.Helper()
	lines := map[string]bool{}
	for _, l := range sortedDump(got) {
		lines[string(l)] = true
	}
	for _, d := range drops {
		for _, c := range d.Cypher {
			if lines[c] {
				t.Errorf("to %s: dropped %s still dumps %q", v, d.What, c)
			}
		}
		var props, origProps map[int]format.Value
		var name string
		var dropped format.Value
		switch x := d.Item.(type) {
		case format.VertexPropertyDelta:
			if vx := got.Vertex(x.Gid); vx != nil {
				props = vx.Props(got).Map()
			}
			if vx := orig.Vertex(x.Gid); vx != nil {
				origProps = vx.Props(orig).Map()
			}
			name, dropped = x.Property, x.Value
		case format.EdgePropertyDelta:
			if e := got.Edge(x.Gid); e != nil {
				props = e.Props(got).Map()
			}
			if e := orig.Edge(x.Gid); e != nil {
				origProps = e.Props(orig).Map()
			}
			name, dropped = x.Property, x.Value
		default:
			continue
		}
		gid, ok := got.NameID(name)
		if !ok || props[gid] == nil {
			continue
		}
		if cypherValue(props[gid]) == cypherValue(dropped) {
			t.Errorf("to %s: dropped %s survives", v, d.What)
		}
		// Where the source ends with the dropped value, the property is gone.
		if oid, ok := orig.NameID(name); ok && origProps[oid] != nil && cypherValue(origProps[oid]) == cypherValue(dropped) {
			t.Errorf("to %s: dropped %s still has a value: %s", v, d.What, cypherValue(props[gid]))
		}
	}
}

func cypherValue(v format.Value) string { return string(graph.AppendCypherValue(nil, v, nil)) }
