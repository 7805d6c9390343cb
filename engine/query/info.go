package query

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"runtime"

	"github.com/durascope/durascope/engine/snapshot"
	"github.com/durascope/durascope/engine/storage"
	"github.com/durascope/durascope/format"
)

// InfoHost is a Host that can say where its files are and which database
// it serves, for SHOW STORAGE INFO.
type InfoHost interface {
	Host
	UUID() string
	DataDirectory() string
}

// showStorageInfo is SHOW STORAGE INFO: Memgraph's rows (storage info,
// value) for what the engine has; memory figures are the Go runtime's.
func showStorageInfo(h Host) func(*storage.Storage, *storage.View) (*Result, error) {
	return func(st *storage.Storage, v *storage.View) (*Result, error) {
		var vertices, edges int64
		err := v.Vertices(0, snapshot.NoUpperBound, func(r format.VertexRecord) error {
			vertices++
			edges += int64(len(r.OutEdges))
			return nil
		})
		if err != nil {
			return nil, err
		}
		avg := 0.0
		if vertices > 0 {
			avg = 2 * float64(edges) / float64(vertices)
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		res := &Result{Columns: []string{"storage info", "value"}}
		add := func(name string, val Value) { res.Rows = append(res.Rows, []Value{format.String(name), val}) }
		add("name", format.String("memgraph"))
		if ih, ok := h.(InfoHost); ok {
			add("database_uuid", format.String(ih.UUID()))
		}
		add("vertex_count", format.Int(vertices))
		add("edge_count", format.Int(edges))
		add("average_degree", format.Double(avg))
		add("memory_res", format.String(humanBytes(ms.Sys)))
		add("memory_tracked", format.String(humanBytes(ms.HeapAlloc)))
		if ih, ok := h.(InfoHost); ok {
			add("disk_usage", format.String(humanBytes(dirSize(ih.DataDirectory()))))
		}
		add("global_isolation_level", format.String("SNAPSHOT_ISOLATION"))
		add("storage_mode", format.String("IN_MEMORY_TRANSACTIONAL"))
		add("format_version", format.Int(int64(st.Version())))
		return res, nil
	}
}

// dirSize sums the sizes of the regular files under dir (0 if unreadable).
func dirSize(dir string) uint64 {
	var n uint64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				n += uint64(info.Size())
			}
		}
		return nil
	})
	return n
}

// humanBytes prints a size as Memgraph does ("1.25MiB").
func humanBytes(n uint64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB"}
	f, i := float64(n), 0
	for f >= 1024 && i < len(units)-1 {
		f /= 1024
		i++
	}
	return fmt.Sprintf("%.2f%s", f, units[i])
}
