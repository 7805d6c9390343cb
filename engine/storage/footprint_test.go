package storage

import (
	"bytes"
	"runtime"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
	"github.com/durascope/durascope/golden/largegen"
)

// TestMemoryFloorHolds: a store built from a recovered graph holds at
// least MemoryFloor (callers refuse a start on it, so it must never claim
// more than a load takes), and the floor is not so low as to say nothing.
func TestMemoryFloorHolds(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and loads a 4 MiB snapshot")
	}
	var f golden.MemFile
	if _, err := largegen.WriteSnapshot(&f, format.MaxVersion, 4<<20, nil); err != nil {
		t.Fatal(err)
	}
	data := f.Bytes()
	snap, err := decode.OpenSnapshot(bytes.NewReader(data), int64(len(data)), "generated")
	if err != nil {
		t.Fatal(err)
	}
	g, err := graph.LoadSnapshot(snap)
	if err != nil {
		t.Fatal(err)
	}
	vertices, edges := uint64(g.VertexCount()), uint64(g.EdgeCount())
	if vertices == 0 || edges == 0 {
		t.Fatalf("%d vertices, %d edges", vertices, edges)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	s, err := FromGraph(g, Config{Version: format.MaxVersion, PropertiesOnEdges: true}, Recovered{})
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(g)
	runtime.KeepAlive(s)
	held := after.HeapAlloc - before.HeapAlloc
	floor := MemoryFloor(vertices, edges, true)
	t.Logf("%d vertices, %d edges: the store holds %d bytes, the floor is %d (%.0f %%)", vertices, edges, held, floor, 100*float64(floor)/float64(held))
	if held < floor {
		t.Errorf("the store holds %d bytes, under MemoryFloor's %d", held, floor)
	}
	if floor < held/4 {
		t.Errorf("MemoryFloor's %d is under a quarter of the %d bytes the store holds", floor, held)
	}
	if a, b := MemoryFloor(vertices, edges, false), floor; a >= b {
		t.Errorf("without properties on edges the floor is %d, not below %d", a, b)
	}
}

// TestMemoryFloorPerObject: the figures the README's engine section gives
// for the start's memory floor (the store's and the graph's bytes per
// object), so that a struct that grows makes the README say so.
func TestMemoryFloorPerObject(t *testing.T) {
	for _, c := range []struct {
		what      string
		got, want uint64
	}{
		{"store, vertex", MemoryFloor(1, 0, false), 152},
		{"store, edge", MemoryFloor(0, 1, false), 136},
		{"store, edge with properties on edges", MemoryFloor(0, 1, true), 160},
		{"graph, vertex", graph.MemoryFloor(1, 0), 28},
		{"graph, edge", graph.MemoryFloor(0, 1), 44},
	} {
		if c.got != c.want {
			t.Errorf("%s: %d bytes, the README says %d", c.what, c.got, c.want)
		}
	}
}
