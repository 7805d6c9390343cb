package inspect

import (
	"fmt"
	"path/filepath"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/format"
)

// DirOptions tune the checks of a data directory.
type DirOptions struct {
	// AllowEmpty accepts a data directory with nothing to recover (a new
	// database); otherwise that is an error, since a backup that holds
	// nothing is not a backup (spec/recovery.md §6).
	AllowEmpty bool
	// Progress, if set, follows the reading of each file recovery reads.
	Progress datadir.ProgressFunc
	// Workers is how many batches of a snapshot recovery loads at once (0:
	// GOMAXPROCS; 1 loads them in order).
	Workers int
}

// CheckDataDir checks what no single file shows: how the files of each
// tenant fit together as Memgraph's recovery sees them. Check names start
// with "chain.". The prefix and gap checks assume the newest snapshot loads;
// PlanRecovery knows which one does.
func CheckDataDir(d *datadir.DataDir, opts DirOptions) []Finding {
	out := strayFindings(d)
	for _, t := range d.Tenants {
		out = append(out, checkTenant(t, opts)...)
	}
	SortFindings(out)
	return out
}

// DirFindings are the findings about d as a whole, not about one database
// in it: a path that is only part of a data directory, a running Memgraph,
// stray files.
func DirFindings(d *datadir.DataDir) []Finding { return strayFindings(d) }

func strayFindings(d *datadir.DataDir) []Finding {
	out := []Finding{}
	if d.Hint != "" {
		out = append(out, Finding{File: d.Path, Offset: NoOffset, Check: "path.not_datadir", Severity: SeverityError, Message: d.Hint})
	}
	if d.LockedBy != 0 {
		out = append(out, Finding{File: filepath.Join(d.Path, ".lock"), Offset: NoOffset, Check: "chain.live", Severity: SeverityWarning,
			Message: fmt.Sprintf("process %d holds the lock: a running Memgraph may write, rename and delete files while they are read", d.LockedBy)})
	}
	for _, s := range d.Stray {
		out = append(out, Finding{File: filepath.Join(d.Path, s), Offset: NoOffset, Check: "chain.stray", Severity: SeverityWarning,
			Message: "a durability file at the top of the data directory: Memgraph reads only snapshots/ and wal/, so it is not recovered"})
	}
	return out
}

func checkTenant(t *datadir.Tenant, opts DirOptions) []Finding {
	var out []Finding
	add := func(f *datadir.DurableFile, check string, sev Severity, msg string, args ...any) {
		file := t.Dir
		if f != nil {
			file = f.Path
		}
		out = append(out, Finding{File: file, Offset: NoOffset, Check: check, Severity: sev, Message: fmt.Sprintf(msg, args...)})
	}
	for _, s := range t.Skipped {
		out = append(out, Finding{File: s.Path, Offset: NoOffset, Check: "chain.skipped", Severity: SeverityInfo,
			Message: "not read by recovery: " + s.Reason})
	}
	checkFiles(t, add)

	uuid, from := datadir.StorageUUID(t)
	if from == nil {
		sev, hint := SeverityError, " (pass --allow-empty if an empty database is expected)"
		if opts.AllowEmpty {
			sev, hint = SeverityInfo, ""
		}
		if t.SnapshotDir == "" && t.WALDir == "" {
			add(nil, "chain.empty", sev, "no snapshots/ or wal/ directory: nothing to recover; Memgraph logs %q and starts with an empty database%s", datadir.MsgNothingToRecover, hint)
		} else {
			add(nil, "chain.empty", sev, "no snapshot or WAL file Memgraph can read: nothing to recover; Memgraph logs %q and starts with an empty database%s", datadir.MsgNoFiles, hint)
		}
		return out
	}
	what := "the newest snapshot"
	if from.Kind == datadir.KindWAL {
		what = "the WAL file with the greatest name (there is no snapshot)"
	}
	for _, f := range append(datadir.UsableSnapshots(t), datadir.UsableWALs(t)...) {
		if f.UUID == uuid {
			continue
		}
		if f.Kind == datadir.KindSnapshot {
			add(f, "chain.uuid", SeverityError, "storage uuid %s is not %s of %s %s: Memgraph ignores this snapshot (%q)",
				f.UUID, uuid, what, from.Name, fmt.Sprintf(datadir.MsgUnrelatedSnapshot, f.Path))
		} else {
			add(f, "chain.uuid", SeverityError, "storage uuid %s is not %s of %s %s: Memgraph ignores this WAL file and its transactions %d..%d",
				f.UUID, uuid, what, from.Name, f.FromTimestamp, f.ToTimestamp)
		}
	}
	checkSnapshotOrder(t, uuid, add)

	chain := datadir.WALChain(t, uuid)
	if len(chain) == 0 {
		return out
	}
	var newest *datadir.DurableFile
	for _, s := range datadir.UsableSnapshots(t) {
		if s.UUID == uuid {
			newest = s
		}
	}
	if first := chain[0]; first.SeqNum != 0 {
		switch {
		case newest == nil:
			add(first, "chain.prefix", SeverityError, "the first WAL file has sequence number %d, not 0, and there is no snapshot: Memgraph stops: %q",
				first.SeqNum, datadir.MsgMissingPrefix)
		case first.FromTimestamp > newest.DurableTimestamp:
			add(first, "chain.prefix", SeverityError, "the first WAL file (sequence number %d) starts at timestamp %d, after the durable timestamp %d of snapshot %s: the WAL files between are missing; Memgraph stops: %q",
				first.SeqNum, first.FromTimestamp, newest.DurableTimestamp, newest.Name, datadir.MsgNoWALBeforeSnap)
		}
	}
	current := 0
	for i, f := range chain {
		if i > 0 {
			prev := chain[i-1]
			switch d := f.SeqNum - prev.SeqNum; {
			case d == 0:
				add(f, "chain.duplicate", SeverityInfo, "same sequence number %d as %s: Memgraph accepts duplicates and replays only transactions above those already applied", f.SeqNum, prev.Name)
			case d > 1:
				add(f, "chain.gap", SeverityError, "sequence number %d follows %d: Memgraph stops: %q", f.SeqNum, prev.SeqNum, fmt.Sprintf(datadir.MsgMissingWAL, prev.SeqNum+1))
			}
		}
		if f.Naming == datadir.NamingCurrent {
			current++
		}
	}
	if current > 1 {
		out = append(out, Finding{File: t.WALDir, Offset: NoOffset, Check: "chain.current", Severity: SeverityWarning, Message: fmt.Sprintf("%d unfinalized WAL files (_current): each is left by a Memgraph that stopped without finalizing it (a crash, a kill); recovery reads them all in sequence-number order", current)})
	}
	return out
}

// checkFiles reports files Memgraph skips and names that disagree with
// the headers.
func checkFiles(t *datadir.Tenant, add func(*datadir.DurableFile, string, Severity, string, ...any)) {
	check := func(f *datadir.DurableFile, want datadir.Kind, dir string) {
		switch {
		case f.ProblemClass == format.ClassIO:
			add(f, CheckUnreadable, SeverityIO, "durascope cannot read it (%s), so it cannot say what Memgraph does with it", f.Problem)
			return
		case f.Naming == datadir.NamingPart:
			// Memgraph fails to read it as a snapshot and skips it; it holds
			// nothing the finished snapshot does not.
			add(f, "chain.part", SeverityWarning, "part file of an interrupted parallel snapshot write (Memgraph deletes them when the write completes); remove it once Memgraph is stopped")
			return
		case f.Kind != want && f.Kind != datadir.KindUnknown:
			add(f, "chain.misplaced", SeverityError, "a %s in %s: Memgraph reads it as a %s there, fails and skips it, so it is not recovered", f.Kind, dir, want)
			return
		case f.Kind == datadir.KindUnknown:
			add(f, "chain.not_durability", SeverityWarning, "not a durability file (neither MGsn nor MGwl): Memgraph skips it")
			return
		case f.ProblemClass == datadir.ProblemNoTransactions:
			sev, extra := SeverityInfo, ""
			switch {
			case f.TailClass != "" && f.TailClass != "torn_tail":
				sev, extra = SeverityError, " (its first transaction is damaged, and lost with what follows)"
			case f.Tail != "" && !f.ZeroTail:
				sev, extra = SeverityWarning, " (its only transaction is torn: never written whole)"
			}
			add(f, "chain.no_transactions", sev, "no complete transaction%s: Memgraph skips the file (%q)", extra, fmt.Sprintf(datadir.MsgWALUnreadable, f.Path))
			return
		case !f.Usable() && want == datadir.KindWAL:
			add(f, "chain.unreadable", SeverityError, "Memgraph cannot read its header and skips it (it logs %q); durascope: %s", fmt.Sprintf(datadir.MsgWALUnreadable, f.Path), f.Problem)
			return
		case !f.Usable():
			add(f, "chain.unreadable", SeverityError, "Memgraph cannot read its header and skips it silently; durascope: %s", f.Problem)
			return
		}
		checkName(f, add)
	}
	for _, f := range t.Snapshots {
		check(f, datadir.KindSnapshot, "snapshots/")
	}
	for _, f := range t.WALs {
		check(f, datadir.KindWAL, "wal/")
	}
	for _, f := range t.Unknown {
		add(f, "chain.not_durability", SeverityWarning, "not a durability file (neither MGsn nor MGwl)")
	}
}

func checkName(f *datadir.DurableFile, add func(*datadir.DurableFile, string, Severity, string, ...any)) {
	snapshot := f.Kind == datadir.KindSnapshot
	switch {
	case f.Naming == datadir.NamingOther || f.Naming == datadir.NamingPart:
		what := "<time>_from_<from>_to_<to> or <time>_current"
		if snapshot {
			what = "<time>_timestamp_<ts>"
		}
		add(f, "chain.name", SeverityInfo, "the name is not Memgraph's %s; recovery reads headers, but orders files by name, so it sorts where its name puts it", what)
	case snapshot && f.Naming != datadir.NamingSnapshot, !snapshot && f.Naming == datadir.NamingSnapshot:
		add(f, "chain.name", SeverityWarning, "a %s named like a %s", f.Kind, f.Naming)
	case f.Naming == datadir.NamingSnapshot && f.NameTimestamp != nil && *f.NameTimestamp != f.DurableTimestamp && *f.NameTimestamp != f.StartTimestamp:
		add(f, "chain.name_mismatch", SeverityWarning, "the name says timestamp %d, the header durable timestamp %d (start %d)", *f.NameTimestamp, f.DurableTimestamp, f.StartTimestamp)
	case f.Naming == datadir.NamingFinalized && f.NameFrom != nil && f.NameTo != nil && (*f.NameFrom != f.FromTimestamp || *f.NameTo != f.ToTimestamp):
		add(f, "chain.name_mismatch", SeverityWarning, "the name says timestamps %d..%d, the file holds %d..%d", *f.NameFrom, *f.NameTo, f.FromTimestamp, f.ToTimestamp)
	case f.Naming == datadir.NamingCurrent && f.Finalized:
		add(f, "chain.name_mismatch", SeverityInfo, "named _current but finalized: a copy taken while the rename was pending (LOCK DATA DIRECTORY) or an interrupted rename")
	}
}

// checkSnapshotOrder warns when the newest snapshot by name is not the
// newest by timestamp: Memgraph goes by name.
func checkSnapshotOrder(t *datadir.Tenant, uuid string, add func(*datadir.DurableFile, string, Severity, string, ...any)) {
	var same []*datadir.DurableFile
	for _, s := range datadir.UsableSnapshots(t) {
		if s.UUID == uuid {
			same = append(same, s)
		}
	}
	for i := 1; i < len(same); i++ {
		a, b := same[i-1], same[i]
		if a.DurableTimestamp > b.DurableTimestamp {
			add(b, "chain.order", SeverityWarning, "sorts after %s by name but has an older durable timestamp (%d < %d): Memgraph tries snapshots by name, newest first", a.Name, b.DurableTimestamp, a.DurableTimestamp)
		}
	}
}
