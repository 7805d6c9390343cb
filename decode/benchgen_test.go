package decode_test

// Test helpers that build large, valid durability files in memory by
// replicating real corpus files, for the decode benchmarks and for the
// allocation tests. They stand in for the encoder until it exists: they
// splice bytes, they do not encode values.

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"sync"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
)

var (
	genMu    sync.Mutex
	genCache = map[string]genResult{}
)

type genResult struct {
	data  []byte
	count int // frames (WAL) or vertices (snapshot)
}

// cached builds a generated file once per process.
func cached(tb testing.TB, key string, build func() ([]byte, int)) ([]byte, int) {
	tb.Helper()
	genMu.Lock()
	defer genMu.Unlock()
	if r, ok := genCache[key]; ok {
		return r.data, r.count
	}
	data, n := build()
	genCache[key] = genResult{data, n}
	return data, n
}

// genWAL returns a v36 WAL of at least target bytes and its frame count: the
// header of the corpus v36 test_all WAL followed by its delta area repeated.
// This stays a valid file because v36 has no summary, the header CRC covers
// only the header, each transaction's CRC covers only its own bytes, and the
// decoder checks timestamps only within a transaction.
func genWAL(tb testing.TB, target int) ([]byte, int) {
	tb.Helper()
	return cached(tb, fmt.Sprint("wal", target), func() ([]byte, int) {
		src := corpusBytes(tb, "v36/test_all/wal.bin")
		l := layoutWAL(tb, src, "v36/test_all/wal.bin")
		if l.hdr.Summary != nil || len(l.txnEnds) == 0 {
			tb.Fatal("genWAL needs a v36 WAL with transactions")
		}
		body := src[l.hdr.OffsetDeltas:] // whole transactions, up to the end of the file
		out := bytes.Clone(src[:l.hdr.OffsetDeltas])
		copies := 0
		for len(out) < target {
			out = append(out, body...)
			copies++
		}
		// Check it: it must stream to a clean end with every frame.
		w, err := decode.OpenWAL(bytes.NewReader(out), int64(len(out)), "generated")
		if err != nil {
			tb.Fatal(err)
		}
		frames := 0
		for {
			if _, err := w.Next(); err == io.EOF {
				break
			} else if err != nil {
				tb.Fatalf("generated WAL: %v", err)
			}
			frames++
		}
		if frames != copies*len(l.frameEnds) {
			tb.Fatalf("generated WAL has %d frames, want %d", frames, copies*len(l.frameEnds))
		}
		return out, frames
	})
}

// genSnapshot returns a v37 snapshot of at least target bytes and its vertex
// count, with perBatch vertex records per batch. It takes the corpus v37
// test_vertices snapshot (no edges, so no vertex refers to another), repeats
// its vertex records with new ascending gids, writes a new vertex batch table
// with absolute offsets, and moves every other section unchanged: the offsets
// table and the metadata vertex count are rewritten. Physical order in v37:
// header+offsets, edges (empty: same offset as vertices), vertices, indices,
// edge indices, constraints, mapper, enums, epoch history, metadata, edge
// batches, vertex batches, TTL, descriptions.
func genSnapshot(tb testing.TB, target, perBatch int) ([]byte, int) {
	tb.Helper()
	return cached(tb, fmt.Sprint("snapshot", target, perBatch), func() ([]byte, int) {
		const name = "v37/test_vertices/snapshot.bin"
		src := corpusBytes(tb, name)
		s, err := decode.OpenSnapshot(bytes.NewReader(src), int64(len(src)), name)
		if err != nil {
			tb.Fatal(err)
		}
		edges, batches, _, err := s.BatchTables()
		if err != nil || len(edges) != 0 || s.Metadata.EdgeCount != 0 {
			tb.Fatalf("%s: want a snapshot without edges (%v)", name, err)
		}
		var bounds []int64 // record offsets, then the end of the last record
		for _, b := range batches {
			end, err := s.ReadVertexBatch(b, func(v format.VertexRecord) error {
				bounds = append(bounds, int64(v.Offset))
				return nil
			})
			if err != nil {
				tb.Fatal(err)
			}
			if b == batches[len(batches)-1] {
				bounds = append(bounds, end)
			}
		}
		nrec := len(bounds) - 1
		vStart, vEnd := bounds[0], bounds[nrec]
		if vStart != int64(s.Offsets[format.OffsetVertices]) {
			tb.Fatalf("%s: first record at %d, vertex section at %d", name, vStart, s.Offsets[format.OffsetVertices])
		}
		vbOff := int64(s.Offsets[format.OffsetVertexBatches])
		vbEnd := vbOff + 9 + 18*int64(len(batches))

		// The vertex region: copies of the records, gid (bytes 2..9 of a
		// record: 0x20, then UINT = 0x12 + 8 bytes LE) renumbered 0, 1, 2, ...
		region := src[vStart:vEnd]
		copies := max(1, (target-len(src))/len(region)+1)
		total := copies * nrec
		v := make([]byte, 0, copies*len(region))
		starts := make([]int64, 0, total)
		for i := range total {
			j := i % nrec
			rec := src[bounds[j]:bounds[j+1]]
			if rec[0] != byte(format.SectionVertex) || rec[1] != byte(format.MarkerInt) {
				tb.Fatalf("%s: no vertex record at %d", name, bounds[j])
			}
			starts = append(starts, vStart+int64(len(v)))
			v = append(v, rec...)
			binary.LittleEndian.PutUint64(v[starts[i]-vStart+2:], uint64(i))
		}

		// The vertex batch table: UINT n, n × (UINT offset, UINT count).
		uint_ := func(b []byte, x uint64) []byte {
			return binary.LittleEndian.AppendUint64(append(b, byte(format.MarkerInt)), x)
		}
		nb := (total + perBatch - 1) / perBatch
		bt := uint_(nil, uint64(nb))
		for i := 0; i < total; i += perBatch {
			bt = uint_(uint_(bt, uint64(starts[i])), uint64(min(perBatch, total-i)))
		}

		dV := int64(len(v)) - (vEnd - vStart)
		dB := int64(len(bt)) - (vbEnd - vbOff)
		out := make([]byte, 0, int64(len(src))+dV+dB)
		out = append(out, src[:vStart]...)
		out = append(out, v...)
		out = append(out, src[vEnd:vbOff]...)
		out = append(out, bt...)
		out = append(out, src[vbEnd:]...)

		// Rewrite the offsets table (13 × UINT from byte 13).
		move := func(o int64) int64 {
			switch {
			case o <= vStart: // 0 (absent), edges, vertices
				return o
			case o >= vEnd && o <= vbOff:
				return o + dV
			case o >= vbEnd:
				return o + dV + dB
			}
			tb.Fatalf("%s: offset %d lies inside a region being rewritten", name, o)
			return 0
		}
		for i := range format.SnapshotOffsetSlots(s.Features) {
			at := 13 + 9*i
			o := int64(binary.LittleEndian.Uint64(out[at+1:]))
			binary.LittleEndian.PutUint64(out[at+1:], uint64(move(o)))
		}
		// The metadata vertex count: after 0x23, uuid, epoch, start ts,
		// durable ts (v23+) and edge count.
		m := &s.Metadata
		at := move(int64(s.Offsets[format.OffsetMetadata])) + 1 + int64(9+len(m.UUID)) + int64(9+len(m.Epoch)) + 9 + 9 + 9
		if out[at] != byte(format.MarkerInt) || binary.LittleEndian.Uint64(out[at+1:]) != m.VertexCount {
			tb.Fatalf("%s: vertex count not found at %d", name, at)
		}
		binary.LittleEndian.PutUint64(out[at+1:], uint64(total))

		// Check it decodes, with every vertex, in order.
		got, err := decode.DecodeSnapshot(bytes.NewReader(out), int64(len(out)), "generated")
		if err != nil {
			tb.Fatalf("generated snapshot: %v", err)
		}
		if len(got.Vertices) != total || got.Metadata.VertexCount != uint64(total) || len(got.VertexBatches) != nb || len(got.Gaps) != 0 {
			tb.Fatalf("generated snapshot: %d vertices (metadata %d), %d batches, %d gaps; want %d, %d, 0",
				len(got.Vertices), got.Metadata.VertexCount, len(got.VertexBatches), len(got.Gaps), total, nb)
		}
		for i, v := range got.Vertices {
			if v.Gid != uint64(i) {
				tb.Fatalf("generated snapshot: vertex #%d has gid %d", i, v.Gid)
			}
		}
		return out, total
	})
}
