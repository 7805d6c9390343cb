package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/inspect"
)

// dumpEntry is one file of a dump of several: where to open it and the line
// that introduces it.
type dumpEntry struct {
	path string
	info inspect.DumpFile
}

// runDumpFiles dumps several files: snapshots as given, then WAL files in
// replay order (fileOrder).
func runDumpFiles(paths []string, o *dumpOptions, filter *inspect.RecordFilter, write dumpWriter, stdout, stderr io.Writer) int {
	if o.format == "cypher" {
		fmt.Fprintln(stderr, "durascope dump: --format cypher prints the graph of one FILE, or of a DATADIR (which orders and checks the files as recovery does); several files dump as text or jsonl")
		return exitUsage
	}
	for _, p := range paths {
		if isDataDir(p) {
			fmt.Fprintf(stderr, "durascope dump: %s is a directory: a DATADIR is dumped alone\n", p)
			return exitUsage
		}
		f, err := datadir.Open(p)
		if err != nil {
			fmt.Fprintf(stderr, "durascope dump: %v\n", err)
			return exitUsage
		}
		f.Close()
	}
	files, notes := fileOrder(datadir.ScanFiles(paths))
	if code, stop := checkFilterKinds(filter, files, stderr); stop {
		return code
	}
	for _, n := range notes {
		fmt.Fprintf(stderr, "durascope dump: %s\n", n)
	}
	sel := filter.Select()
	found := dumpFiles(files, o, sel, write, false, stdout, stderr)
	printNotices(stderr, sel)
	return inspect.ExitCode(found, o.strict)
}

// fileOrder orders files named one by one as recovery would read them: the
// snapshots in the order given, then the WAL files by datadir.WALChain,
// those of the storage datadir.StorageUUID picks first, then those of other
// uuids, then those Memgraph cannot read, and files of no kind last.
func fileOrder(t *datadir.Tenant) (files []dumpEntry, notes []string) {
	for _, f := range t.Snapshots {
		files = append(files, dumpEntry{f.Path, snapshotInfo(f, "")})
	}
	main, _ := datadir.StorageUUID(t)
	var uuids []string
	if main != "" {
		uuids = append(uuids, main)
	}
	for _, f := range datadir.UsableWALs(t) {
		if !slices.Contains(uuids, f.UUID) {
			uuids = append(uuids, f.UUID)
		}
	}
	if len(uuids) > 1 {
		notes = append(notes, fmt.Sprintf("the WAL files belong to %d storages (uuids %s): each storage's files are in replay order, one storage after the other",
			len(uuids), strings.Join(uuids, ", ")))
	}
	for i, u := range uuids {
		note := ""
		if i > 0 {
			note = "storage uuid " + u + ", not " + main
		}
		for _, f := range datadir.WALChain(t, u) {
			files = append(files, dumpEntry{f.Path, walInfo(f, "", note)})
		}
	}
	for _, f := range t.WALs {
		if !f.Usable() {
			files = append(files, dumpEntry{f.Path, walInfo(f, "", "not in the replay order: Memgraph cannot read it ("+f.Problem+")")})
		}
	}
	for _, f := range t.Unknown {
		files = append(files, dumpEntry{f.Path, inspect.DumpFile{File: f.Rel, Kind: f.Kind}})
	}
	return files, notes
}

// recoveryOrder lists what recovery reads of tp's database, in its order:
// the snapshot it loads, then the WAL files of the chain (datadir.WALChain of
// the uuid it adopts), each with the plan's decision. left says what is not
// listed.
func recoveryOrder(d *datadir.DataDir, tp *inspect.TenantPlan) (files []dumpEntry, left string) {
	var t *datadir.Tenant
	for _, x := range d.Tenants {
		if x.Name == tp.Name && x.Dir == tp.Dir {
			t = x
		}
	}
	if t == nil {
		return nil, ""
	}
	byRel := map[string]*datadir.DurableFile{}
	for _, f := range append(append([]*datadir.DurableFile{}, t.Snapshots...), t.WALs...) {
		byRel[f.Rel] = f
	}
	unloaded := 0
	for _, s := range tp.Snapshots {
		if s.Decision != datadir.DecisionLoaded {
			unloaded++
			continue
		}
		info := inspect.DumpFile{File: s.File, Kind: datadir.KindSnapshot, Recovery: decision(s.Decision, s.Reason)}
		if f := byRel[s.File]; f != nil {
			info = snapshotInfo(f, info.Recovery)
		}
		files = append(files, dumpEntry{s.Path, info})
	}
	steps := map[string]datadir.WALStep{}
	for _, w := range tp.WALs {
		steps[w.File] = w
	}
	chain := 0
	if tp.UUID != "" {
		for _, f := range datadir.WALChain(t, tp.UUID) {
			files = append(files, dumpEntry{f.Path, walInfo(f, walDecision(steps[f.Rel]), "")})
			chain++
		}
	}
	var parts []string
	if unloaded > 0 {
		parts = append(parts, plural(unloaded, "snapshot")+" recovery does not load")
	}
	if n := len(tp.WALs) - chain; n > 0 {
		parts = append(parts, plural(n, "WAL file")+" recovery ignores")
	}
	return files, strings.Join(parts, " and ")
}

func snapshotInfo(f *datadir.DurableFile, recovery string) inspect.DumpFile {
	info := inspect.DumpFile{File: f.Rel, Kind: f.Kind, Recovery: recovery}
	if f.Usable() {
		ts := f.DurableTimestamp
		info.DurableTimestamp = &ts
	}
	return info
}

func walInfo(f *datadir.DurableFile, recovery, note string) inspect.DumpFile {
	info := inspect.DumpFile{File: f.Rel, Kind: f.Kind, Recovery: recovery, Note: note}
	if f.Usable() || f.ProblemClass == datadir.ProblemNoTransactions {
		seq := f.SeqNum
		info.SeqNum = &seq
	}
	if f.Usable() {
		from, to := f.FromTimestamp, f.ToTimestamp
		info.FromTimestamp, info.ToTimestamp = &from, &to
	}
	return info
}

// checkFilterKinds refuses, as for one file, conditions that apply to none
// of the files: WAL conditions without a WAL file, --section without a
// snapshot.
func checkFilterKinds(filter *inspect.RecordFilter, files []dumpEntry, stderr io.Writer) (int, bool) {
	if len(files) == 0 {
		return 0, false
	}
	kinds := map[datadir.Kind]bool{}
	for _, f := range files {
		kinds[f.info.Kind] = true
	}
	var err error
	switch {
	case !kinds[datadir.KindWAL]:
		err = filter.Check(datadir.KindSnapshot)
	case !kinds[datadir.KindSnapshot]:
		err = filter.Check(datadir.KindWAL)
	}
	if err != nil {
		fmt.Fprintf(stderr, "durascope dump: none of the files: %v\n", err)
		return exitUsage, true
	}
	return 0, false
}

// dumpFiles prints each file in turn, introduced by its line, until the
// limit is reached; a file's problem is reported and the next one dumped
// (planned: the files of a data directory, whose plan is reported too),
// unless stdout itself fails. It returns one finding per problem, for
// inspect.ExitCode.
func dumpFiles(files []dumpEntry, o *dumpOptions, sel *inspect.Selection, write dumpWriter, planned bool, stdout, stderr io.Writer) []inspect.Finding {
	var found []inspect.Finding
	out := &outWriter{w: stdout}
	for _, e := range files {
		if sel.Full() {
			break
		}
		f, err := datadir.Open(e.path)
		if err != nil {
			fmt.Fprintf(stderr, "durascope dump: %v\n", err)
			found = append(found, inspect.Finding{File: e.path, Offset: inspect.NoOffset, Check: inspect.CheckUnreadable, Severity: inspect.SeverityIO})
			continue
		}
		info := e.info
		p := fileProgress(stdout, stderr, f.Path, f.Size, true)
		err = write(out, f, &inspect.DumpOptions{Selection: sel, Progress: p.Update, File: &info, BestEffort: o.bestEffort})
		p.Done()
		f.Close()
		if out.err != nil {
			fmt.Fprintf(stderr, "durascope dump: writing the output: %v\n", out.err)
			return append(found, inspect.Finding{Offset: inspect.NoOffset, Severity: inspect.SeverityIO})
		}
		if err != nil {
			reportDumpError(stderr, f, o, err, planned)
			found = append(found, inspect.Finding{File: e.path, Offset: inspect.NoOffset, Severity: inspect.ErrorSeverity(err)})
		}
	}
	return found
}

// outWriter keeps the first error writing the output, which ends a dump of
// several files (a closed pipe): no further file can be printed.
type outWriter struct {
	w   io.Writer
	err error
}

func (o *outWriter) Write(b []byte) (int, error) {
	if o.err != nil {
		return 0, o.err
	}
	n, err := o.w.Write(b)
	o.err = err
	return n, err
}
