package main

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/durascope/durascope/engine"
	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/internal/size"
)

// memoryLimit is --max-memory: how much memory the graph of a recovery (or
// of a Cypher dump) may need before plan, verify, dump and engine refuse
// to build it. Recovery builds the whole
// graph in memory; on the host of a running database, a load that cannot
// fit pushes the kernel to kill a process, perhaps the database.
type memoryLimit struct {
	text string
}

const maxMemoryUsage = "build no graph (a recovery, a Cypher dump) that needs more than `SIZE` (4GiB, 512MiB; default: the memory available; off: no check)"

func (m *memoryLimit) add(fs *pflag.FlagSet) {
	fs.StringVar(&m.text, "max-memory", "", maxMemoryUsage)
}

// valid reports a usage error in the flag's value.
func (m *memoryLimit) valid() error {
	_, _, _, err := m.limit()
	return err
}

// limit is the memory a recovery may take: --max-memory, else what the
// system has available; false when there is no limit to check against
// (off, or not known: not Linux, no /proc).
func (m *memoryLimit) limit() (n uint64, source string, ok bool, err error) {
	switch m.text {
	case "off":
		return 0, "", false, nil
	case "":
		n, source, ok = availableMemory()
		return n, source, ok, nil
	}
	n, err = size.Parse(m.text)
	if err != nil {
		return 0, "", false, fmt.Errorf("--max-memory: %w, or off", err)
	}
	return n, "that --max-memory allows", true, nil
}

// checkDir refuses a recovery of d when the least memory a tenant's graph
// needs (the graph of the snapshot its recovery tries first,
// datadir.RecoveryMemoryFloor) is more than the limit.
func (m *memoryLimit) checkDir(d *datadir.DataDir) error {
	limit, source, ok, err := m.limit()
	if !ok {
		return err
	}
	for _, t := range d.Tenants {
		if need, f := datadir.RecoveryMemoryFloor(t); need > limit {
			return tooLittleMemory("the graph of "+f.Path, f.Vertices, f.Edges, need, limit, source)
		}
	}
	return nil
}

// checkEngine refuses to start the engine of cfg when the least memory its
// recovery holds (the graph of the snapshot it loads and the store built
// from it, engine.RecoveryMemoryFloor) is more than the limit. A directory
// that does not scan is left to the engine to report (or to create).
func (m *memoryLimit) checkEngine(cfg engine.Config) error {
	limit, source, ok, err := m.limit()
	if !ok {
		return err
	}
	d, err := datadir.ScanDataDir(cfg.DataDirectory)
	if err != nil {
		return nil
	}
	if need, f := engine.RecoveryMemoryFloor(d, cfg); need > limit {
		return tooLittleMemory("recovering "+f.Path+" into the engine's store", f.Vertices, f.Edges, need, limit, source)
	}
	return nil
}

// checkFiles refuses to build the graph of the snapshots among paths (a
// Cypher dump) when one needs more than the limit. A file that does not
// open as a snapshot is left to the dump to report.
func (m *memoryLimit) checkFiles(paths []string) error {
	limit, source, ok, err := m.limit()
	if !ok {
		return err
	}
	for _, p := range paths {
		f, err := datadir.Open(p)
		if err != nil {
			continue
		}
		s, err := f.Snapshot()
		f.Close()
		if err != nil {
			continue
		}
		if need := graph.LoadMemoryFloor(s.Metadata.VertexCount, s.Metadata.EdgeCount, s.Size()); need > limit {
			return tooLittleMemory("the graph of "+p, s.Metadata.VertexCount, s.Metadata.EdgeCount, need, limit, source)
		}
	}
	return nil
}

// tooLittleMemory is the refusal of what (the graph of a snapshot, or the
// engine's recovery of one) of vertices and edges.
func tooLittleMemory(what string, vertices, edges, need, limit uint64, source string) error {
	return fmt.Errorf("%s (%d vertices, %d edges) needs at least %s of memory, more than the %s %s (--max-memory off tries anyway)",
		what, vertices, edges, formatSize(need), formatSize(limit), source)
}

// formatSize writes n bytes for a person: 3.1 GiB, 512.0 MiB, 900 bytes.
func formatSize(n uint64) string {
	for _, u := range []struct {
		shift int
		name  string
	}{{40, "TiB"}, {30, "GiB"}, {20, "MiB"}, {10, "KiB"}} {
		if n >= 1<<u.shift {
			return fmt.Sprintf("%.1f %s", float64(n)/float64(uint64(1)<<u.shift), u.name)
		}
	}
	return fmt.Sprintf("%d bytes", n)
}

// availableMemory is what this process can take without pushing others
// out: MemAvailable, and within a cgroup's limit what its processes'
// anonymous memory leaves (page cache in the cgroup is reclaimable).
func availableMemory() (n uint64, source string, ok bool) {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0, "", false
	}
	n, ok = memAvailable(string(b))
	if !ok {
		return 0, "", false
	}
	source = "the system has available (MemAvailable)"
	cg, _ := os.ReadFile("/proc/self/cgroup")
	if room, ok := cgroupRoom(string(cg), os.ReadFile); ok && room < n {
		n, source = room, "left under this cgroup's memory limit"
	}
	return n, source, true
}

// memAvailable reads MemAvailable from the text of /proc/meminfo.
func memAvailable(meminfo string) (uint64, bool) {
	for line := range strings.SplitSeq(meminfo, "\n") {
		rest, found := strings.CutPrefix(line, "MemAvailable:")
		if !found {
			continue
		}
		f := strings.Fields(rest)
		if len(f) != 2 || f[1] != "kB" {
			return 0, false
		}
		kb, err := strconv.ParseUint(f[0], 10, 64)
		if err != nil || kb > ^uint64(0)>>10 {
			return 0, false
		}
		return kb << 10, true
	}
	return 0, false
}

// cgroupRoom is the memory limit of this process's cgroup less its
// anonymous memory, from the text of /proc/self/cgroup and the cgroup
// files read through read (v2: memory.max, memory.stat's anon; v1:
// memory.limit_in_bytes, memory.stat's total_rss); false when there is no
// limit or it cannot be read.
func cgroupRoom(self string, read func(string) ([]byte, error)) (uint64, bool) {
	for line := range strings.SplitSeq(self, "\n") {
		f := strings.SplitN(line, ":", 3)
		if len(f) != 3 || strings.Contains(f[2], "..") {
			continue
		}
		var limitFile, statFile, usedKey string
		switch {
		case f[0] == "0" && f[1] == "":
			dir := "/sys/fs/cgroup" + f[2]
			limitFile, statFile, usedKey = dir+"/memory.max", dir+"/memory.stat", "anon"
		case slices.Contains(strings.Split(f[1], ","), "memory"):
			dir := "/sys/fs/cgroup/memory" + f[2]
			limitFile, statFile, usedKey = dir+"/memory.limit_in_bytes", dir+"/memory.stat", "total_rss"
		default:
			continue
		}
		lb, err := read(limitFile)
		if err != nil {
			continue
		}
		limit, err := strconv.ParseUint(strings.TrimSpace(string(lb)), 10, 64)
		if err != nil || limit >= 1<<62 { // "max", or v1's page-rounded unlimited
			continue
		}
		sb, err := read(statFile)
		if err != nil {
			continue
		}
		used, ok := statValue(string(sb), usedKey)
		if !ok {
			continue
		}
		return limit - min(limit, used), true
	}
	return 0, false
}

// statValue is the value of key in a memory.stat text.
func statValue(stat, key string) (uint64, bool) {
	for line := range strings.SplitSeq(stat, "\n") {
		if k, v, ok := strings.Cut(line, " "); ok && k == key {
			n, err := strconv.ParseUint(strings.TrimSpace(v), 10, 64)
			return n, err == nil
		}
	}
	return 0, false
}
