package inspect

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
	"github.com/durascope/durascope/golden/largegen"
)

// Structure a verifier must not accept: an offset into the header, bytes
// that belong to no section, a header version the body does not fit. Every
// file here is built with the encoder and then edited.

// slotEntry is the offset of slot's entry in the offsets table of version v.
func slotEntry(t *testing.T, v format.Version, slot format.OffsetSlot) uint64 {
	t.Helper()
	for i, s := range format.SnapshotOffsetSlots(format.FeaturesOf(v)) {
		if s == slot {
			return 13 + 9*uint64(i)
		}
	}
	t.Fatalf("format %d has no %s slot", v, slot)
	return 0
}

// tableEnd is where the offsets table of version v ends.
func tableEnd(v format.Version) uint64 {
	return 13 + 9*uint64(len(format.SnapshotOffsetSlots(format.FeaturesOf(v))))
}

// wantMessage asserts that f's message contains every part.
func wantMessage(t *testing.T, f Finding, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(f.Message, p) {
			t.Errorf("%s: message lacks %q", f, p)
		}
	}
}

// TestVerifySnapshotOffsetInHeader: an offsets-table entry that points into
// the header or the table itself.
func TestVerifySnapshotOffsetInHeader(t *testing.T) {
	// From SnapshotBatches on Memgraph never reads at offset_vertices and
	// only asks whether offset_edges is 0: the file loads, the table is
	// damaged, and verify says so. The decoder reads it as Memgraph does.
	for _, tc := range []struct {
		slot format.OffsetSlot
		at   uint64
	}{
		{format.OffsetVertices, 5},  // inside the version field
		{format.OffsetVertices, 13}, // the first table entry
		{format.OffsetVertices, 22}, // its own entry
		{format.OffsetEdges, 40},
		{format.OffsetEdges, 129}, // the table's last byte
	} {
		snap := encodeSnap(t, example37(), nil)
		e := slotEntry(t, 37, tc.slot)
		putUint(snap, e, tc.at)
		r := verifyBytes(t, snap, VerifyOptions{})
		f := wantOnly(t, r, "snapshot.offset_in_header", int64(e))
		wantMessage(t, f, fmt.Sprintf("offset of %s is %d", tc.slot, tc.at), "batch table", "would not notice")
		decodeSnap(t, snap)
	}

	// Format 14 reads records from these offsets, as many as the metadata
	// counts: the decoder rejects the entry, as Memgraph would fail there.
	snap := encodeSnap(t, golden.ExampleSnapshot(14), nil)
	e := slotEntry(t, 14, format.OffsetVertices)
	putUint(snap, e, 20)
	f := wantOnly(t, verifyBytes(t, snap, VerifyOptions{}), "snapshot.offsets", int64(e))
	wantMessage(t, f, "offsets: offset of vertices is 20, inside the header and offsets table (bytes 0..75)")
	// With no vertex counted, Memgraph reads nothing there and does not notice.
	m := golden.ExampleSnapshot(14)
	m.Vertices, m.Edges, m.Metadata.VertexCount, m.Metadata.EdgeCount = nil, nil, 0, 0
	m.Indices, m.Constraints = format.Indices{}, format.Constraints{}
	snap = encodeSnap(t, m, nil)
	putUint(snap, e, 20)
	f = wantOnly(t, verifyBytes(t, snap, VerifyOptions{}), "snapshot.offset_in_header", int64(e))
	wantMessage(t, f, "vertex_count is 0")

	// Every section Memgraph reads at its offset: the decoder rejects the
	// entry, naming it, before reading the table's bytes as the section.
	for _, slot := range format.SnapshotOffsetSlots(format.FeaturesOf(37)) {
		if slot == format.OffsetEdges || slot == format.OffsetVertices {
			continue
		}
		for _, at := range []uint64{4, 13, tableEnd(37) - 9} {
			snap := encodeSnap(t, example37(), nil)
			e := slotEntry(t, 37, slot)
			putUint(snap, e, at)
			r := verifyBytes(t, snap, VerifyOptions{})
			f := want(t, r, "snapshot.offsets", int64(e))
			wantMessage(t, f, fmt.Sprintf("offset of %s is %d, inside the header and offsets table", slot, at), "Memgraph would read")
		}
	}

	// A vertex batch table read from the edges entry, which is 0 without an
	// edge section: Memgraph would read an empty table and load no vertex.
	snap = encodeSnap(t, example37NoEdges(), &encode.SnapshotOptions{OmitEdgeSection: true})
	if readUint(t, snap, 13) != 0 {
		t.Fatal("offset_edges is not 0")
	}
	e = slotEntry(t, 37, format.OffsetVertexBatches)
	putUint(snap, e, 13)
	wantOnly(t, verifyBytes(t, snap, VerifyOptions{}), "snapshot.offsets", int64(e))
}

// example37NoEdges is the example without edge records (a storage without
// properties on edges): the vertices' lists are the only record of edges.
func example37NoEdges() *format.Snapshot {
	m := example37()
	m.Edges = nil
	return m
}

// insertGap moves a decoded model's layout to make room for gap at offset
// at, so that the recorded layout writes it there.
func insertGap(m *format.Snapshot, at uint64, gap []byte) {
	shift := func(x uint64) uint64 {
		if x >= at {
			return x + uint64(len(gap))
		}
		return x
	}
	for i := range m.Offsets {
		m.Offsets[i] = shift(m.Offsets[i])
	}
	for i := range m.EdgeBatches {
		m.EdgeBatches[i].Offset = shift(m.EdgeBatches[i].Offset)
	}
	for i := range m.VertexBatches {
		m.VertexBatches[i].Offset = shift(m.VertexBatches[i].Offset)
	}
	for i := range m.Edges {
		m.Edges[i].Offset = shift(m.Edges[i].Offset)
	}
	for i := range m.Vertices {
		m.Vertices[i].Offset = shift(m.Vertices[i].Offset)
	}
	m.Gaps = append(m.Gaps, format.Gap{Offset: at, Bytes: gap})
}

// withGap encodes build() with gap inserted at the start of slot's section.
func withGap(t *testing.T, build func() *format.Snapshot, slot format.OffsetSlot, gap []byte) ([]byte, uint64) {
	t.Helper()
	m := decodeSnap(t, encodeSnap(t, build(), nil))
	at := m.Offsets[slot]
	insertGap(m, at, gap)
	return encodeSnap(t, m, &encode.SnapshotOptions{Layout: encode.LayoutRecorded}), at
}

// TestVerifySnapshotUnreadBytes: bytes that belong to no section are an
// error, whether zero or not, between sections or after the last one.
func TestVerifySnapshotUnreadBytes(t *testing.T) {
	clean := encodeSnap(t, example37(), nil)
	size := uint64(len(clean))

	// After the last section.
	r := verifyBytes(t, append(bytes.Clone(clean), make([]byte, 1000)...), VerifyOptions{})
	f := wantOnly(t, r, "snapshot.unread_bytes", int64(size))
	wantMessage(t, f, fmt.Sprintf("1000 bytes at %d..%d", size, size+999), "after the last section", "all zero", "never reads")
	r = verifyBytes(t, append(bytes.Clone(clean), 0, 0, 7, 0), VerifyOptions{})
	f = wantOnly(t, r, "snapshot.unread_bytes", int64(size))
	wantMessage(t, f, "4 bytes", fmt.Sprintf("not all zero: the first nonzero byte is at %d", size+2))

	// Between two sections (the writer leaves none), and between the
	// records and the next section.
	for _, tc := range []struct {
		build func() *format.Snapshot
		slot  format.OffsetSlot
		after string
	}{
		{example37, format.OffsetEnums, "after mapper"},
		{example37, format.OffsetTTL, "after vertex_batches"},
		{example37, format.OffsetIndices, "after the vertex records"},
		{example37, format.OffsetVertices, "after the edge records"},
		{func() *format.Snapshot { return golden.ExampleSnapshot(14) }, format.OffsetIndices, "after the vertex records"},
		{func() *format.Snapshot { return golden.ExampleSnapshot(14) }, format.OffsetMetadata, "after epoch_history"},
	} {
		for _, gap := range [][]byte{make([]byte, 5), {0x00, 0xde, 0xad}} {
			snap, at := withGap(t, tc.build, tc.slot, gap)
			r := verifyBytes(t, snap, VerifyOptions{})
			f := wantOnly(t, r, "snapshot.unread_bytes", int64(at))
			zero := "all zero"
			if gap[1] != 0 {
				zero = fmt.Sprintf("the first nonzero byte is at %d", at+1)
			}
			wantMessage(t, f, fmt.Sprintf("%d bytes at %d..%d", len(gap), at, at+uint64(len(gap))-1), tc.after, zero)
		}
	}
}

// TestVerifySnapshotOverlap: a section that starts inside another one. The
// enums offset points at an empty enums section spelled inside a mapper
// name: both decode, Memgraph would read those bytes twice, and the real
// enums section is left unread.
func TestVerifySnapshotOverlap(t *testing.T) {
	m := example37()
	fake := "\x29\x12\x00\x00\x00\x00\x00\x00\x00\x00" // SECTION_ENUMS, no enum type
	m.Mapper = append(m.Mapper, format.MapperEntry{ID: uint64(len(m.Mapper)), Name: "x" + fake})
	snap := encodeSnap(t, m, nil)
	d := decodeSnap(t, snap)
	at := bytes.Index(snap, []byte(fake))
	e := slotEntry(t, 37, format.OffsetEnums)
	putUint(snap, e, uint64(at))
	r := verifyBytes(t, snap, VerifyOptions{})
	f := want(t, r, "snapshot.overlap", int64(at))
	wantMessage(t, f, fmt.Sprintf("enums at %d starts inside mapper (%d..%d)", at, d.Offsets[format.OffsetMapper], d.Offsets[format.OffsetEnums]))
	want(t, r, "snapshot.unread_bytes", int64(d.Offsets[format.OffsetEnums]))
	// Read through the fake, the file has no enum type for the example's value.
	want(t, r, "snapshot.enum_value", int64(d.Vertices[0].Offset))
	if len(r.Findings) != 3 {
		t.Errorf("want overlap, unread_bytes and enum_value:\n%s", listFindings(r))
	}
}

// TestVerifySnapshotHugeZeroTail: a long run of zeros after 1.9 KB of
// snapshot (4 GiB with DURASCOPE_SWEEP=full, 256 MiB otherwise) is read
// and reported, allocating no more than a 1 MiB tail does; a nonzero last
// byte shows that verify read to the end.
func TestVerifySnapshotHugeZeroTail(t *testing.T) {
	if testing.Short() {
		t.Skip("reads a large file")
	}
	var size int64 = 256 << 20
	if os.Getenv("DURASCOPE_SWEEP") == "full" {
		size = 4 << 30
	}
	clean := encodeSnap(t, example37(), nil)
	p := filepath.Join(t.TempDir(), "snapshot.bin")
	if err := os.WriteFile(p, clean, 0o644); err != nil {
		t.Fatal(err)
	}
	allocs := func(size int64) (uint64, Finding) {
		if err := os.Truncate(p, size); err != nil {
			t.Skipf("no sparse %d-byte file here: %v", size, err)
		}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		r := verifyPath(t, p, VerifyOptions{})
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc, wantOnly(t, r, "snapshot.unread_bytes", int64(len(clean)))
	}
	small, _ := allocs(int64(len(clean)) + 1<<20)
	huge, f := allocs(size)
	wantMessage(t, f, fmt.Sprintf("%d bytes at %d..%d", size-int64(len(clean)), len(clean), size-1), "all zero")
	if huge > small+256<<10 {
		t.Errorf("verify allocated %d bytes for a %d-byte file, %d for a 1 MiB tail", huge, size, small)
	}

	fd, err := os.OpenFile(p, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fd.WriteAt([]byte{1}, size-1); err != nil {
		t.Fatal(err)
	}
	fd.Close()
	f = wantOnly(t, verifyPath(t, p, VerifyOptions{}), "snapshot.unread_bytes", int64(len(clean)))
	wantMessage(t, f, fmt.Sprintf("the first nonzero byte is at %d", size-1))
}

// stamp rewrites the header's version.
func stamp(b []byte, v format.Version) []byte {
	out := bytes.Clone(b)
	binary.LittleEndian.PutUint64(out[4:], uint64(v))
	return out
}

// TestVerifySnapshotVersionMismatch: a body written as one version and
// stamped another.
func TestVerifySnapshotVersionMismatch(t *testing.T) {
	// A format-37 body stamped 36: the edge-indices block has one list more
	// (global vertex-property indices), so read as 36 it leaves 9 bytes.
	snap := encodeSnap(t, example37(), nil)
	d := decodeSnap(t, snap)
	ei, cons := d.Offsets[format.OffsetEdgeIndices], d.Offsets[format.OffsetConstraints]
	r := verifyBytes(t, stamp(snap, 36), VerifyOptions{})
	f := want(t, r, "snapshot.version_mismatch", 4)
	wantMessage(t, f, "format 37's layout", "the header's version 36 disagrees with the body",
		fmt.Sprintf("edge_indices at %d", ei), "ignore", "GlobalVertexPropertyIndex")
	u := want(t, r, "snapshot.unread_bytes", int64(cons-9))
	wantMessage(t, u, "9 bytes", "after edge_indices")
	if len(r.Findings) != 2 {
		t.Errorf("want 2 findings:\n%s", listFindings(r))
	}

	// A format-23 body stamped 22: the metadata has a durable timestamp more.
	snap = encodeSnap(t, golden.ExampleSnapshot(23), nil)
	r = verifyBytes(t, stamp(snap, 22), VerifyOptions{})
	f = want(t, r, "snapshot.version_mismatch", 4)
	wantMessage(t, f, "format 23's layout", "metadata", "DurableTimestamp")

	// A format-33 body stamped 34: the offsets table has an entry more, so
	// the file does not even open; verify says why.
	snap = encodeSnap(t, golden.ExampleSnapshot(33), nil)
	r = verifyBytes(t, stamp(snap, 34), VerifyOptions{})
	want(t, r, "snapshot.version_mismatch", 4)
	if r.Errors < 2 {
		t.Errorf("want the decode error and the mismatch:\n%s", listFindings(r))
	}
}

// TestVerifySnapshotRestamped stamps every example and fixture snapshot with
// its neighbouring versions. Where the stamped version reads the bytes to
// other section ends (a gap, an overlap, a section or table that does not
// decode), verify must report an error, and any version it names as
// fitting must be the one the body was written as. Where both versions read
// every section to the same end, the layout cannot tell them apart.
func TestVerifySnapshotRestamped(t *testing.T) {
	mismatches := 0
	for v := format.MinVersion; v <= format.MaxVersion; v++ {
		for _, m := range []*format.Snapshot{golden.ExampleSnapshot(v), golden.FixtureSnapshot(v)} {
			snap := encodeSnap(t, m, nil)
			for _, w := range []format.Version{v - 1, v + 1} {
				if !w.Supported() {
					continue
				}
				b := stamp(snap, w)
				got, err := decode.DecodeSnapshot(bytes.NewReader(b), int64(len(b)), "")
				var de *format.DecodeError
				if err != nil && !errors.As(err, &de) {
					t.Errorf("v%d stamped %d: untyped error %v", v, w, err)
				}
				if err == nil && len(got.Gaps) == 0 {
					continue // the same layout
				}
				r := verifyBytes(t, b, VerifyOptions{})
				if r.Errors == 0 {
					t.Errorf("format-%d body stamped %d verifies without error:\n%s", v, w, listFindings(r))
				}
				for _, f := range findingsOf(r, "snapshot.version_mismatch") {
					mismatches++
					wantMessage(t, f, fmt.Sprintf("the bytes fit format %d's layout: the header's version %d", v, w))
				}
			}
		}
	}
	if mismatches == 0 {
		t.Error("no version_mismatch finding")
	}
	t.Logf("%d restamped files explained by the version their body fits", mismatches)
}

// TestVerifyParallelIsSerial: checking (and counting, for stats) a
// snapshot's batches on several workers gives the report of the serial
// check, byte for byte, on a
// generated snapshot of many small batches, clean and damaged: findings in
// every batch, a unique-constraint duplicate across batches and within one,
// gids out of order across batches, --fail-fast (also after a finding made
// before the records), and bit flips all over the file.
func TestVerifyParallelIsSerial(t *testing.T) {
	var gen golden.MemFile
	if _, err := largegen.WriteSnapshot(&gen, format.MaxVersion, 96<<10, &largegen.SnapshotParams{Seed: 5, BatchSize: 13}); err != nil {
		t.Fatal(err)
	}
	clean := decodeSnap(t, gen.Bytes())
	email, user := mapperID(t, clean, "email"), mapperID(t, clean, "User")
	var users []int // vertices with an email
	for i, v := range clean.Vertices {
		if slices.Contains(v.Labels, user) && slices.ContainsFunc(v.Properties, func(p format.Property) bool { return p.ID == email }) {
			users = append(users, i)
		}
	}
	if len(users) < 20 {
		t.Fatalf("%d users with an email", len(users))
	}
	var same []int // two users in one batch of 13
	for k := 1; k < len(users) && same == nil; k++ {
		if users[k]/13 == users[k-1]/13 {
			same = users[k-1 : k+1]
		}
	}
	if same == nil {
		t.Fatal("no two users in one batch")
	}
	setEmail := func(m *format.Snapshot, i int, v format.Value) {
		ps := m.Vertices[i].Properties
		ps[slices.IndexFunc(ps, func(p format.Property) bool { return p.ID == email })].Value = v
	}
	edits := map[string]func(m *format.Snapshot){
		"clean":      func(*format.Snapshot) {},
		"mapper ids": func(m *format.Snapshot) { m.Vertices[30].Labels = []uint64{999}; m.Vertices[200].OutEdges = nil },
		"enum": func(m *format.Snapshot) {
			m.Vertices[users[5]].Properties[0].Value = format.Enum{TypeID: 0, ValueID: 99}
		},
		"unique across": func(m *format.Snapshot) {
			setEmail(m, users[len(users)-1], format.String("a@b"))
			setEmail(m, users[0], format.String("a@b"))
		},
		"unique within": func(m *format.Snapshot) {
			setEmail(m, same[0], format.String("c@d"))
			setEmail(m, same[1], format.String("c@d"))
		},
		"gid order": func(m *format.Snapshot) { m.Vertices[260].Gid = m.Vertices[259].Gid },
		"gid order after a duplicate": func(m *format.Snapshot) {
			// A batch that fails its order check holds a duplicate, which
			// is never checked.
			in := slices.IndexFunc(users, func(u int) bool { return u > 13 && u%13 != 0 })
			start := users[in] / 13 * 13
			setEmail(m, users[0], format.String("e@f"))
			setEmail(m, users[in], format.String("e@f"))
			m.Vertices[start].Gid = m.Vertices[start-1].Gid
		},
		"offset in header": func(*format.Snapshot) {},
	}
	for name, edit := range edits {
		m := decodeSnap(t, gen.Bytes())
		edit(m)
		b := encodeSnap(t, m, nil)
		if name == "offset in header" {
			s, err := decode.OpenSnapshot(bytes.NewReader(b), int64(len(b)), "")
			if err != nil {
				t.Fatal(err)
			}
			binary.LittleEndian.PutUint64(b[s.EntryOffset(format.OffsetEdges)+1:], 20) // inside the table: a finding before the records
		}
		sameParallel(t, name, b, sameParallelParts)
		if name == "clean" {
			for p := 0; p < len(b); p += 251 {
				f := bytes.Clone(b)
				f[p] ^= 1 << (p % 8)
				sameParallel(t, fmt.Sprintf("flip at %d", p), f, sameParallelParts[1:2])
			}
		}
		if name == "unique across" {
			// Damage in the last edge batch, checked again whole, beside
			// duplicates found in vertex parts.
			s, err := decode.OpenSnapshot(bytes.NewReader(b), int64(len(b)), "")
			if err != nil {
				t.Fatal(err)
			}
			edges, _, _, _ := s.BatchTables()
			last := int(edges[len(edges)-1].Offset)
			for p := last; p < last+200; p += 9 {
				f := bytes.Clone(b)
				f[p] ^= 0x40
				sameParallel(t, fmt.Sprintf("duplicates, flip at %d", p), f, sameParallelParts[1:2])
			}
		}
	}
}

// sameParallel verifies b serially and on 3 workers in parts of each of
// partSizes, with and without --fail-fast, and compares the reports.
func sameParallel(t *testing.T, name string, b []byte, partSizes []int64) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "file.bin")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	defer func(n int64) { partBytes = n }(partBytes)
	f, err := datadir.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, ff := range []bool{false, true} {
		partBytes = 8 << 20
		serial, _ := json.Marshal(verifyPath(t, p, VerifyOptions{FailFast: ff, Workers: 1}))
		for _, partBytes = range partSizes {
			parallel, _ := json.Marshal(verifyPath(t, p, VerifyOptions{FailFast: ff, Workers: 3}))
			if !bytes.Equal(serial, parallel) {
				t.Fatalf("%s (fail-fast %v, parts of %d bytes): parallel report differs:\nserial   %s\nparallel %s", name, ff, partBytes, serial, parallel)
			}
		}
	}
	serial, _ := json.Marshal(Stats(f, StatsOptions{Workers: 1}))
	for _, partBytes = range partSizes {
		parallel, _ := json.Marshal(Stats(f, StatsOptions{Workers: 3}))
		if !bytes.Equal(serial, parallel) {
			t.Fatalf("%s (parts of %d bytes): parallel stats differ:\nserial   %s\nparallel %s", name, partBytes, serial, parallel)
		}
	}
}

// sameParallelParts are the part sizes sameParallel checks: a few records
// (parts that start inside records and parts no record starts in), a
// batch or so, and the default.
var sameParallelParts = []int64{50, 700, 8 << 20}

// TestVerifyPartsTaken: on a clean snapshot, every batch checked in parts
// is taken as its parts (none checked again whole), whatever the part
// size, and the report is the serial one.
func TestVerifyPartsTaken(t *testing.T) {
	var gen golden.MemFile
	if _, err := largegen.WriteSnapshot(&gen, format.MaxVersion, 64<<10, &largegen.SnapshotParams{Seed: 8, BatchSize: 50}); err != nil {
		t.Fatal(err)
	}
	defer func(n int64) { partBytes, partsMerged = n, nil }(partBytes)
	taken, redone := 0, 0
	partsMerged = func(ok bool) {
		if ok {
			taken++
		} else {
			redone++
		}
	}
	serial := verifyBytes(t, gen.Bytes(), VerifyOptions{Workers: 1})
	for _, partBytes = range []int64{30, 500, 8 << 20} {
		taken, redone = 0, 0
		r := verifyBytes(t, gen.Bytes(), VerifyOptions{Workers: 2})
		if r.Verdict != VerdictOK || r.Counts != serial.Counts {
			t.Errorf("parts of %d bytes: %s %+v, serial %+v", partBytes, r.Verdict, r.Counts, serial.Counts)
		}
		if redone > 0 || taken == 0 {
			t.Errorf("parts of %d bytes: %d batches taken as parts, %d checked again", partBytes, taken, redone)
		}
	}
}
