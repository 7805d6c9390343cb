package decode_test

// Deterministic corruption sweeps over the real Memgraph corpus
// (reliability plan, "Sweeps"):
//
//   - TestTruncationSweep cuts every corpus file (and an unfinalized twin of
//     every v37 WAL) and checks the exact error class at every cut.
//   - TestWALBitFlipSweep flips every bit of every byte of the v36 and v37
//     WALs, where every byte is covered by a CRC: no flip may decode silently.
//   - TestSnapshotBitFlipSweep flips bits of the v37 snapshots, which have no
//     checksum: no panic, typed errors, and a count of silent decodes.
//
// Every decode runs from memory. A sweep is cut into jobs (a file, or a run
// of transactions of a file) that run on GOMAXPROCS goroutines; jobs only
// decode and describe what they saw, the test goroutine reports.
//
// Sweep cost. The decoder runs at roughly 50 MB/s on these small files, and
// each decode also pays a fixed ~10-20 µs (a fresh 64 KiB read buffer per
// cursor), while every cut or flip re-reads the file from the start: cutting
// every corpus WAL at every length costs about 70 s of CPU and flipping every
// bit of the six v36/v37 WALs about 80 s (O(size²) per file). By default the
// WAL sweeps therefore work on the real file exactly where position matters
// (the header and summary, the first transaction, one byte either side of
// every transaction boundary; a few small files in full) and cut or flip
// every byte of every other transaction in a "window": the file's header
// followed by that transaction (and, for flips, its neighbour). A window is
// itself a valid WAL of the same version, the shape Memgraph writes when
// those transactions open a new file: each transaction's CRC covers only its
// own bytes, the header CRC covers only the header, and a finalized window
// gets a summary (from, to, count, CRC) describing its transactions. So every
// byte of every transaction is still cut at and flipped under the same
// checks, at a cost that no longer grows with the file. Snapshots are cut at
// every 8th length where the offsets check decides the outcome, and flipped
// one bit per byte (all bits in the header and offsets table, and all bits of
// the smallest v37 snapshot). DURASCOPE_SWEEP=full sweeps everything exactly
// (a few minutes on 2 cores).

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/fuzz"
	"github.com/durascope/durascope/golden"
)

const sweepEnv = "DURASCOPE_SWEEP"

func sweepFull() bool { return os.Getenv(sweepEnv) == "full" }

func sweepMode() string {
	if sweepFull() {
		return "full"
	}
	return "default (" + sweepEnv + "=full for the exhaustive sweep)"
}

// exactTruncation lists the WALs cut at every length of the real file even in
// the default mode: one per CRC flavour (none; v36 transaction CRCs; finalized
// v37; unfinalized v37).
var exactTruncation = map[string]bool{
	"v14/test_all/wal.bin":                   true,
	"v36/test_vertices/wal.bin":              true,
	"v37/test_vertices/wal.bin":              true,
	"v37/test_vertices/wal.bin+zero-summary": true,
}

// exactSnapshotFlips lists the snapshots whose every bit is flipped even in
// the default mode.
var exactSnapshotFlips = map[string]bool{"v37/test_vertices/snapshot.bin": true}

// snapshotStride: between the offsets table and the last section a cut leaves
// some offset beyond the end, which the offsets check reports before anything
// else is read; there the default sweep tries every 8th length (and every
// length next to a section start).
const snapshotStride = 8

// corpusFile is one corpus file (or a derived variant) held in memory.
type corpusFile struct {
	name string // "v37/test_all/wal.bin", relative to the corpus root
	data []byte
	wal  bool
}

// loadCorpus reads every snapshot.bin and wal.bin of the corpus.
func loadCorpus(t testing.TB) []corpusFile {
	t.Helper()
	var out []corpusFile
	for _, f := range golden.ReadCorpus(t) {
		out = append(out, corpusFile{name: f.Name, data: f.Data, wal: f.WAL})
	}
	return out
}

// corpusBytes reads one corpus file by its name relative to the corpus root.
func corpusBytes(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(golden.CorpusDir(t), filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// outcome is what one decode produced.
type outcome struct {
	wal   *format.WAL
	snap  *format.Snapshot
	err   error
	panic string // non-empty: the decoder panicked (value and stack)
}

// decodeBytes decodes data fully as a WAL or a snapshot, turning a panic into
// an outcome so the caller can name the file and the mutation.
func decodeBytes(data []byte, wal bool) (o outcome) {
	defer func() {
		if r := recover(); r != nil {
			o = outcome{panic: fmt.Sprintf("%v\n%s", r, debug.Stack())}
		}
	}()
	r := bytes.NewReader(data)
	if wal {
		o.wal, o.err = decode.DecodeWAL(r, int64(len(data)), "")
	} else {
		o.snap, o.err = decode.DecodeSnapshot(r, int64(len(data)), "")
	}
	if o.err != nil {
		_ = o.err.Error() // formatting must not panic either
	}
	return o
}

// skimSample says whether the mutant at pos goes through skimProblem too:
// every 4th by default, which costs the sweeps a third more, all of them
// with DURASCOPE_SWEEP=full.
func skimSample(pos int) bool { return sweepFull() || pos%4 == 0 }

// skimProblem reads a WAL with WAL.NextFrames and says how what it reads
// differs from o, the whole-file decode of the same bytes, "" when it does
// not: the same error, and, where the decode returned the frames (a clean
// file or a torn tail), the same frames. A sample of the cuts and flips
// of the sweeps (skimSample) goes through both. (fuzz.CheckNextFrames,
// which the fuzz targets run, compares frame by frame with NextFrame, and
// the state after each batch.)
func skimProblem(data []byte, o outcome) string {
	w, err := decode.OpenWAL(bytes.NewReader(data), int64(len(data)), "")
	if err != nil {
		if o.err == nil || err.Error() != o.err.Error() {
			return fmt.Sprintf("OpenWAL: %v, the decode: %v", err, o.err)
		}
		return ""
	}
	var heads []decode.FrameHead
	buf := make([]decode.FrameHead, 7)
	for {
		n, err := w.NextFrames(buf)
		heads = append(heads, buf[:n]...)
		if err == io.EOF {
			err = nil
		}
		if err == nil && n == len(buf) {
			continue
		}
		if (err == nil) != (o.err == nil) || err != nil && err.Error() != o.err.Error() {
			return fmt.Sprintf("NextFrames ends with %v after %d frames, the decode with %v", err, len(heads), o.err)
		}
		break
	}
	if o.wal == nil {
		return ""
	}
	if len(heads) != len(o.wal.Frames) {
		return fmt.Sprintf("NextFrames reads %d frames, the decode %d", len(heads), len(o.wal.Frames))
	}
	for i, fr := range o.wal.Frames {
		h := heads[i]
		start, isStart := fr.Delta.(format.TxnStart)
		if h.Offset != fr.Offset || h.Size != fr.Size || h.Timestamp != fr.Timestamp || h.Marker != fr.Marker ||
			h.Commit != (isStart && start.Commit) {
			return fmt.Sprintf("frame #%d: NextFrames reads %+v, the decode %+v", i, h, fr)
		}
	}
	return ""
}

// Class names used in tallies; "ok" is a decode without error.
const (
	classOK           = "ok"
	classBadMagic     = "bad-magic"
	classUnsupported  = "unsupported-version"
	classTruncated    = "truncated"
	classCorrupt      = "corrupt"
	classChecksum     = "checksum"
	classTornTail     = "torn-tail"
	classInconsistent = "inconsistent"
)

var errorClasses = []struct {
	name string
	err  error
}{
	{classBadMagic, format.ErrBadMagic},
	{classUnsupported, format.ErrUnsupportedVersion},
	{classTruncated, format.ErrTruncated},
	{classCorrupt, format.ErrCorrupt},
	{classChecksum, format.ErrChecksum},
	{classTornTail, format.ErrTornTail},
	{classInconsistent, format.ErrInconsistent},
}

// classify checks the contract every decode error keeps (a *format.DecodeError
// wrapping exactly one class, 0 <= Offset <= size, a non-empty Reason) and
// returns the class, the DecodeError (nil for "ok") and any violation.
func classify(err error, size int) (string, *format.DecodeError, error) {
	if err == nil {
		return classOK, nil, nil
	}
	var de *format.DecodeError
	if !errors.As(err, &de) {
		return "", nil, fmt.Errorf("error is not a *format.DecodeError: %T %v", err, err)
	}
	var found []string
	for _, c := range errorClasses {
		if errors.Is(err, c.err) {
			found = append(found, c.name)
		}
	}
	if len(found) != 1 {
		return "", de, fmt.Errorf("error wraps %d classes %v, want exactly one: %v", len(found), found, err)
	}
	if de.Offset < 0 || de.Offset > int64(size) {
		return "", de, fmt.Errorf("offset %d outside 0..%d: %v", de.Offset, size, err)
	}
	if de.Reason == "" {
		return "", de, fmt.Errorf("empty Reason: %v", err)
	}
	return found[0], de, nil
}

// tally counts outcomes by name.
type tally map[string]int

func (t tally) total() int {
	s := 0
	for _, v := range t {
		s += v
	}
	return s
}

func (t tally) String() string {
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %d", k, t[k])
	}
	return b.String()
}

// failLimit: a job records the first few problems it finds (and counts all).
const failLimit = 5

// job is one independent slice of a sweep. run must not touch the
// *testing.T: it decodes and records into its jobResult.
type job struct {
	name string
	run  func(r *jobResult)
}

type jobResult struct {
	counts   tally // outcome classes
	extra    tally // sweep-specific counts
	problems []string
	nProblem int
}

// problem records a mismatch (the first failLimit in full, all in the count).
func (r *jobResult) problem(msg string, args ...any) {
	if r.nProblem++; r.nProblem <= failLimit {
		r.problems = append(r.problems, fmt.Sprintf(msg, args...))
	}
}

// runJobs runs the jobs on GOMAXPROCS goroutines, reports their problems and
// returns the merged counts.
func runJobs(t *testing.T, jobs []job) (counts, extra tally) {
	t.Helper()
	results := make([]jobResult, len(jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				results[i] = jobResult{counts: tally{}, extra: tally{}}
				jobs[i].run(&results[i])
			}
		})
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	counts, extra = tally{}, tally{}
	reported, total := 0, 0
	for i, r := range results {
		total += r.nProblem
		for _, p := range r.problems {
			if reported++; reported <= 4*failLimit {
				t.Errorf("%s: %s", jobs[i].name, p)
			}
		}
		for k, v := range r.counts {
			counts[k] += v
		}
		for k, v := range r.extra {
			extra[k] += v
		}
	}
	if total > 0 {
		t.Errorf("%d problems in all (%d shown)", total, min(reported, 4*failLimit))
	}
	return counts, extra
}

// walLayout is what a clean full decode says about a WAL's structure.
type walLayout struct {
	hdr          format.WALHeader
	finalized    bool
	frameEnds    []int64  // end offset of every frame, ascending
	txnStarts    []int64  // offset of the first frame of every complete transaction
	txnEnds      []int64  // end offset of every complete transaction
	txnFrames    []int    // frames per transaction
	txnTS        []uint64 // commit timestamp per transaction
	txnCRCMarker []int64  // offset of the 0x12 of every TRANSACTION_END CRC (Features.CRC)
}

// layoutWAL decodes data with the streaming API; data must decode cleanly,
// with no gap after the header and no torn tail.
func layoutWAL(t testing.TB, data []byte, name string) walLayout {
	t.Helper()
	w, err := decode.OpenWAL(bytes.NewReader(data), int64(len(data)), name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	l := walLayout{hdr: w.Header, finalized: w.Finalized()}
	start, frames := int64(-1), 0
	for {
		fr, err := w.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if start < 0 {
			start, frames = fr.Offset, 0
		}
		frames++
		end := fr.Offset + fr.Size
		l.frameEnds = append(l.frameEnds, end)
		if w.ClosedTransaction() {
			l.txnStarts = append(l.txnStarts, start)
			l.txnEnds = append(l.txnEnds, end)
			l.txnFrames = append(l.txnFrames, frames)
			l.txnTS = append(l.txnTS, fr.Timestamp)
			if w.Features.Has(format.FeatCRC) {
				if fr.Marker != format.DeltaTransactionEnd {
					t.Fatalf("%s: transaction at %d closed by %s", name, start, fr.Marker)
				}
				l.txnCRCMarker = append(l.txnCRCMarker, end-9)
			}
			start = -1
		}
	}
	if w.CompleteEnd() != int64(len(data)) || l.hdr.HeaderEnd != l.hdr.OffsetDeltas {
		t.Fatalf("%s: complete end %d, header end %d, deltas at %d, size %d: the sweeps assume no gap and no tail",
			name, w.CompleteEnd(), l.hdr.HeaderEnd, l.hdr.OffsetDeltas, len(data))
	}
	return l
}

// walWindow builds a WAL from data's header and its transactions ks, in that
// order. A finalized v37 window gets a summary describing exactly those
// transactions, with a valid CRC; a zero summary stays zero.
func walWindow(data []byte, l walLayout, ks ...int) []byte {
	out := bytes.Clone(data[:l.hdr.HeaderEnd])
	frames := 0
	for _, k := range ks {
		out = append(out, data[l.txnStarts[k]:l.txnEnds[k]]...)
		frames += l.txnFrames[k]
	}
	if l.finalized {
		s := summaryStart(l.hdr)
		binary.LittleEndian.PutUint64(out[s+1:], l.txnTS[ks[0]])
		binary.LittleEndian.PutUint64(out[s+10:], l.txnTS[ks[len(ks)-1]])
		binary.LittleEndian.PutUint64(out[s+19:], uint64(frames))
		fixCRC(out, s, s+27)
	}
	return out
}

// count returns how many of the ascending offsets are <= x.
func count(offsets []int64, x int64) int {
	return sort.Search(len(offsets), func(i int) bool { return offsets[i] > x })
}

// summaryStart is where a v37 summary starts: 3 UINTs and a CRC UINT before HeaderEnd.
func summaryStart(h format.WALHeader) int64 { return int64(h.HeaderEnd) - 36 }

// withZeroSummary returns a copy of a v37 WAL whose summary is the zero,
// "not finalized" summary with a valid CRC: the shape of a WAL Memgraph was
// still writing when it crashed.
func withZeroSummary(t testing.TB, data []byte, name string) []byte {
	t.Helper()
	l := layoutWAL(t, data, name)
	if l.hdr.Summary == nil {
		t.Fatalf("%s has no summary", name)
	}
	out := bytes.Clone(data)
	s := summaryStart(l.hdr)
	for i := range 3 {
		binary.LittleEndian.PutUint64(out[s+9*int64(i)+1:], 0)
	}
	fixCRC(out, s, s+27)
	return out
}

// fixCRC stores crc32(b[from:marker+1]) into the UINT whose 0x12 is at marker
// (a CRC covers its own field's marker, not its 8 value bytes).
func fixCRC(b []byte, from, marker int64) {
	if b[marker] != byte(format.MarkerInt) {
		panic(fmt.Sprintf("fixCRC: no INT marker at %d", marker))
	}
	binary.LittleEndian.PutUint64(b[marker+1:], uint64(crc32.ChecksumIEEE(b[from:marker+1])))
}

// TestTruncationSweep decodes proper prefixes of every corpus file (and of a
// zero-summary, unfinalized twin of every v37 WAL) and asserts the outcome of
// each cut:
//
// Snapshots: while the offsets table is incomplete, truncated; an offset that
// lies beyond the cut, corrupt in "offsets" at that table entry; otherwise the
// last section runs off the end, truncated.
//
// WALs: inside the header or summary, truncated. In the delta area of an
// unfinalized WAL (every version below 37, and the zero-summary twins) a cut
// exactly on a transaction boundary decodes cleanly with the frames before it
// and no tail, and every other cut is a torn tail starting at the last
// boundary, with the whole frames before the cut in the model and the rest in
// Tail: the clean cuts are exactly the transaction boundaries. A finalized
// v37 WAL is never a torn tail: a cut inside a transaction or on a boundary
// (fewer deltas than the summary promises) is truncated.
func TestTruncationSweep(t *testing.T) {
	files := loadCorpus(t)
	for _, f := range files {
		if f.wal && strings.HasPrefix(f.name, "v37/") {
			files = append(files, corpusFile{name: f.name + "+zero-summary", data: withZeroSummary(t, f.data, f.name), wal: true})
		}
	}
	var jobs []job
	for _, f := range files {
		if f.wal {
			jobs = append(jobs, truncateWALJobs(t, f)...)
		} else {
			jobs = append(jobs, job{f.name, func(r *jobResult) { truncateSnapshot(r, f) }})
		}
	}
	start := time.Now()
	counts, extra := runJobs(t, jobs)
	t.Logf("truncation sweep, %s: %d files, %d cuts in %v: %v; snapshot cuts %d, WAL cuts %d (clean %d, on transaction boundaries %d)",
		sweepMode(), len(files), counts.total(), time.Since(start).Round(time.Millisecond), counts,
		extra["snapshot cuts"], extra["wal cuts"], counts[classOK], extra["boundary cuts"])
	if counts[classOK] != extra["boundary cuts"] {
		t.Errorf("%d clean WAL cuts, but %d cuts on unfinalized transaction boundaries", counts[classOK], extra["boundary cuts"])
	}
}

// truncateSnapshot cuts one snapshot.
func truncateSnapshot(r *jobResult, f corpusFile) {
	full := decodeBytes(f.data, false)
	if full.err != nil || full.panic != "" {
		r.problem("full file does not decode: %v%s", full.err, full.panic)
		return
	}
	slots := format.SnapshotOffsetSlots(format.FeaturesOf(full.snap.Version))
	tableEnd, lastSection := 13+9*len(slots), 0
	nearSection := map[int]bool{}
	for _, s := range slots {
		o := int(full.snap.Offsets[s])
		lastSection = max(lastSection, o)
		nearSection[o-1], nearSection[o], nearSection[o+1] = true, true, true
	}
	for n := range len(f.data) {
		if !sweepFull() && n > tableEnd && n < lastSection && n%snapshotStride != 0 && !nearSection[n] {
			continue
		}
		r.extra["snapshot cuts"]++
		o := decodeBytes(f.data[:n], false)
		if o.panic != "" {
			r.problem("cut to %d bytes: panic: %s", n, o.panic)
			return // one panic says enough
		}
		class, de, err := classify(o.err, n)
		if err != nil {
			r.problem("cut to %d bytes: %v", n, err)
			continue
		}
		r.counts[class]++
		want, section, wantOff := classTruncated, "", int64(-1)
		if n < 12 { // inside magic or version: the decoder reports how many bytes it got
			section, wantOff = "header", int64(n)
		} else {
			// The offsets table is checked entry by entry as it is read.
			for i, s := range slots {
				at := 13 + 9*i
				if at+9 > n {
					section = "offsets"
					break
				}
				if full.snap.Offsets[s] > uint64(n) { // points past the cut: truncated
					want, section, wantOff = classTruncated, "offsets", int64(at)
					break
				}
			}
		}
		if class != want || (section != "" && de.Section != section) || (wantOff >= 0 && de.Offset != wantOff) {
			r.problem("cut to %d bytes: got %s, want %s (section %q, offset %d): %v", n, class, want, section, wantOff, o.err)
		}
	}
}

// checkWALCut decodes data[:n] and compares the outcome with what l (the
// layout of the whole of data) says a cut at n must give. It returns the
// class, whether n is a clean cut by the layout, and any mismatch.
func checkWALCut(l walLayout, data []byte, n int) (class string, boundary bool, problem string) {
	o := decodeBytes(data[:n], true)
	if o.panic != "" {
		return "", false, "panic: " + o.panic
	}
	class, de, err := classify(o.err, n)
	if err != nil {
		return "", false, err.Error()
	}
	if skimSample(n) {
		if p := skimProblem(data[:n], o); p != "" {
			return class, false, p
		}
	}
	bad := func(msg string, args ...any) string {
		return fmt.Sprintf("got %s, %s (error: %v)", class, fmt.Sprintf(msg, args...), o.err)
	}
	pos, hdrEnd := int64(n), int64(l.hdr.HeaderEnd)
	switch {
	case pos < 12:
		if class != classTruncated || de.Offset != pos || de.Section != "header" {
			return class, false, bad("want truncated at offset %d in header", pos)
		}
	case pos < hdrEnd:
		section := "header"
		if l.hdr.Summary != nil && pos >= summaryStart(l.hdr) {
			section = "summary"
		}
		if class != classTruncated || de.Section != section || de.Offset > pos {
			return class, false, bad("want truncated in %s", section)
		}
	default:
		last := hdrEnd // the last transaction boundary <= pos
		if k := count(l.txnEnds, pos); k > 0 {
			last = l.txnEnds[k-1]
		}
		onBoundary := last == pos
		nFrames := count(l.frameEnds, pos) // frames wholly inside the prefix
		switch {
		case !l.finalized && onBoundary:
			if class != classOK {
				return class, true, bad("want a clean decode on a transaction boundary")
			}
			if len(o.wal.Frames) != nFrames || len(o.wal.Tail) != 0 {
				return class, true, bad("clean decode holds %d frames and a %d-byte tail, want %d frames and none", len(o.wal.Frames), len(o.wal.Tail), nFrames)
			}
			return class, true, ""
		case !l.finalized:
			if class != classTornTail || de.Offset != last || de.Section != "delta" {
				return class, false, bad("want a torn tail of the transaction starting at %d", last)
			}
			// DecodeWAL returns the model with the torn-tail error: every
			// whole frame, and the bytes after the last one as the tail.
			lastFrameEnd := hdrEnd
			if nFrames > 0 {
				lastFrameEnd = l.frameEnds[nFrames-1]
			}
			if o.wal == nil || len(o.wal.Frames) != nFrames || !bytes.Equal(o.wal.Tail, data[lastFrameEnd:n]) {
				return class, false, bad("torn-tail model: want %d frames and tail %d..%d", nFrames, lastFrameEnd, n)
			}
		case onBoundary: // finalized, cut between transactions: fewer deltas than the summary says
			if class != classTruncated || de.Section != "delta" || de.Offset != int64(n) {
				return class, false, bad("finalized WAL cut on a boundary: want truncated in delta at the end, %d", n)
			}
		default: // finalized, cut inside a transaction
			if class != classTruncated || de.Section != "delta" || de.Offset < last || de.Offset > pos {
				return class, false, bad("finalized WAL cut inside a transaction: want truncated in delta at %d..%d", last, pos)
			}
		}
	}
	return class, false, ""
}

// walCuts checks the cuts ns of data (whose layout is l); where names a cut.
func walCuts(r *jobResult, l walLayout, data []byte, ns []int, where func(n int) string) {
	for _, n := range ns {
		class, boundary, problem := checkWALCut(l, data, n)
		r.extra["wal cuts"]++
		if class != "" {
			r.counts[class]++
		}
		if boundary {
			r.extra["boundary cuts"]++
		}
		if problem != "" {
			r.problem("%s: %s", where(n), problem)
		}
	}
}

// truncateWALJobs plans the cuts of one WAL: on the real file, every length
// (exactTruncation, or the full sweep) or the header, the first transaction
// and one byte around every boundary; then every cut inside each later
// transaction, in its window, 8 transactions per job.
func truncateWALJobs(t *testing.T, f corpusFile) []job {
	l := layoutWAL(t, f.data, f.name)
	exact := sweepFull() || exactTruncation[f.name]
	var ns []int
	for n := range len(f.data) {
		k := count(l.txnEnds, int64(n)+1) // the ends <= n+1; the last of them is the nearest
		nearBoundary := k > 0 && l.txnEnds[k-1] >= int64(n)-1
		if exact || len(l.txnEnds) == 0 || int64(n) <= l.txnEnds[0] || nearBoundary || int64(n)+1 == int64(l.hdr.HeaderEnd) {
			ns = append(ns, n)
		}
	}
	jobs := []job{{f.name, func(r *jobResult) {
		walCuts(r, l, f.data, ns, func(n int) string { return fmt.Sprintf("cut to %d bytes", n) })
	}}}
	if exact {
		return jobs
	}
	for k0 := 1; k0 < len(l.txnStarts); k0 += 8 {
		k1 := min(k0+8, len(l.txnStarts))
		type window struct {
			k    int
			data []byte
			l    walLayout
		}
		var ws []window
		for k := k0; k < k1; k++ {
			w := walWindow(f.data, l, k)
			ws = append(ws, window{k, w, layoutWAL(t, w, fmt.Sprintf("%s window %d", f.name, k))})
		}
		jobs = append(jobs, job{fmt.Sprintf("%s transactions %d..%d in windows", f.name, k0, k1-1), func(r *jobResult) {
			for _, w := range ws {
				var ns []int
				for n := w.l.txnStarts[0] + 1; n < w.l.txnEnds[0]; n++ {
					ns = append(ns, int(n))
				}
				walCuts(r, w.l, w.data, ns, func(n int) string {
					return fmt.Sprintf("window of transaction %d cut to %d bytes (file offset %d)", w.k, n, int64(n)-w.l.txnStarts[0]+l.txnStarts[w.k])
				})
			}
		}})
	}
	return jobs
}

// crcCoverage marks the bytes of a v36+ WAL whose change a CRC check must
// detect: the header through its CRC marker, the summary values and marker,
// each transaction from its first 0x26 through its CRC marker, and the 8 value
// bytes of every CRC field (compared with the computed CRC).
func crcCoverage(l walLayout, size int) []bool {
	cov := make([]bool, size)
	mark := func(from, to int64) { // inclusive
		for i := from; i <= to; i++ {
			cov[i] = true
		}
	}
	hdrCRC := int64(l.hdr.HeaderEnd) - 9
	if l.hdr.Summary != nil {
		s := summaryStart(l.hdr)
		hdrCRC = s - 9
		mark(s, s+27+8) // 27 value bytes, the CRC marker and the CRC value
	}
	mark(0, hdrCRC+8)
	for i, s := range l.txnStarts {
		mark(s, l.txnCRCMarker[i]+8)
	}
	return cov
}

// TestWALBitFlipSweep flips every bit of every byte of every v36 and v37
// corpus WAL, one at a time (by default the transactions in windows, see the
// top of the file). Every byte of such a file is covered by a CRC or is a
// CRC value, so every flip must be reported as a typed error; none may decode
// silently, and none may be called a torn tail: a flip never shortens the
// file, so what follows the damaged transaction (complete transactions, or
// its own TRANSACTION_END) always shows the file went on (spec/wal.md §9).
// A torn tail is a warning (exit 0), so calling a flip one would pass
// damaged data as clean.
func TestWALBitFlipSweep(t *testing.T) {
	var jobs []job
	files := 0
	for _, f := range loadCorpus(t) {
		if !f.wal || !(strings.HasPrefix(f.name, "v36/") || strings.HasPrefix(f.name, "v37/")) {
			continue
		}
		files++
		l := layoutWAL(t, f.data, f.name)
		if cov := crcCoverage(l, len(f.data)); slices.Index(cov, false) >= 0 {
			t.Fatalf("%s: byte %d is covered by no CRC; the layout walk is wrong", f.name, slices.Index(cov, false))
		}
		fileByte := func(p int64) string { return fmt.Sprintf("byte %d", p) }
		if sweepFull() {
			jobs = append(jobs, job{f.name, func(r *jobResult) { flipWAL(r, l, f.data, 0, int64(len(f.data)), fileByte) }})
			continue
		}
		// The header and summary in the real file; each transaction in a window
		// with its successor (the predecessor, for the last one).
		jobs = append(jobs, job{f.name + " header", func(r *jobResult) { flipWAL(r, l, f.data, 0, int64(l.hdr.HeaderEnd), fileByte) }})
		for k0 := 0; k0 < len(l.txnStarts); k0 += 8 {
			k1 := min(k0+8, len(l.txnStarts))
			type window struct {
				k, i int // transaction, its index in the window
				data []byte
				l    walLayout
			}
			var ws []window
			for k := k0; k < k1; k++ {
				ks, i := []int{k, k + 1}, 0
				switch {
				case len(l.txnStarts) == 1:
					ks = []int{k}
				case k == len(l.txnStarts)-1:
					ks, i = []int{k - 1, k}, 1
				}
				w := walWindow(f.data, l, ks...)
				ws = append(ws, window{k, i, w, layoutWAL(t, w, fmt.Sprintf("%s window %v", f.name, ks))})
			}
			jobs = append(jobs, job{fmt.Sprintf("%s transactions %d..%d in windows", f.name, k0, k1-1), func(r *jobResult) {
				for _, w := range ws {
					flipWAL(r, w.l, w.data, w.l.txnStarts[w.i], w.l.txnEnds[w.i], func(p int64) string {
						return fmt.Sprintf("byte %d (transaction %d, in a window)", p-w.l.txnStarts[w.i]+l.txnStarts[w.k], w.k)
					})
				}
			}})
		}
	}
	if files == 0 {
		t.Fatal("no v36/v37 WALs in the corpus")
	}
	start := time.Now()
	counts, extra := runJobs(t, jobs)
	t.Logf("WAL bit-flip sweep, %s: %d files, %d flips in %v: %v; silent decodes of CRC-covered bytes: %d; flips called a torn tail: %d; wrong outcomes: %d %v",
		sweepMode(), files, counts.total(), time.Since(start).Round(time.Millisecond), counts,
		extra["silent decode of a CRC-covered byte"], extra["a flip called a torn tail (every byte is still there)"], extra.total(), extra)
}

// flipWAL flips, one at a time, every bit of data[from:to], where l is the
// layout of data (every byte CRC-covered); where names a byte for messages.
func flipWAL(r *jobResult, l walLayout, data []byte, from, to int64, where func(int64) string) {
	buf := bytes.Clone(data)
	for p := from; p < to; p++ {
		for bit := range 8 {
			buf[p] ^= 1 << bit
			o := decodeBytes(buf, true)
			skim := ""
			if skimSample(int(p) + bit) {
				skim = skimProblem(buf, o)
			}
			buf[p] ^= 1 << bit
			if o.panic != "" {
				r.problem("%s, bit %d flipped: panic: %s", where(p), bit, o.panic)
				return // one panic says enough
			}
			if skim != "" {
				r.problem("%s, bit %d flipped: %s", where(p), bit, skim)
			}
			class, _, err := classify(o.err, len(buf))
			if err != nil {
				r.problem("%s, bit %d flipped: %v", where(p), bit, err)
				continue
			}
			r.counts[class]++
			var why string
			switch {
			case class == classOK:
				why = "silent decode of a CRC-covered byte"
			case p < 4 && class != classBadMagic:
				why = "flip in the magic: want bad magic"
			case class == classTornTail:
				why = "a flip called a torn tail (every byte is still there)"
			case class == classBadMagic && p >= 4, class == classInconsistent, class == classUnsupported && p >= 12:
				why = "unexpected class"
			}
			if why != "" {
				r.extra[why]++
				r.problem("%s, bit %d flipped: %s, got %s: %v", where(p), bit, why, class, o.err)
			}
		}
	}
}

// snapshotRegion names the section holding byte p, by the offsets table.
func snapshotRegion(s *format.Snapshot, p int) string {
	slots := format.SnapshotOffsetSlots(format.FeaturesOf(s.Version))
	if p < 13+9*len(slots) {
		return "header+offsets"
	}
	best, name := uint64(0), "?"
	for _, slot := range slots {
		if o := s.Offsets[slot]; o != 0 && o <= uint64(p) && o >= best {
			best, name = o, slot.String()
		}
	}
	return name
}

// TestSnapshotBitFlipSweep flips bits of the v37 corpus snapshots. Snapshots
// carry no checksum in any Memgraph version, so many flips decode: the test
// requires no panic and typed errors, logs how many flips decode silently
// and in which section, and requires every silent decode to change the model
// (the model is lossless, so different bytes must not give the same model).
func TestSnapshotBitFlipSweep(t *testing.T) {
	var jobs []job
	files := 0
	for _, f := range loadCorpus(t) {
		if f.wal || !strings.HasPrefix(f.name, "v37/") {
			continue
		}
		files++
		full := decodeBytes(f.data, false)
		if full.err != nil || full.panic != "" {
			t.Fatalf("%s does not decode: %v%s", f.name, full.err, full.panic)
		}
		tableEnd := 13 + 9*len(format.SnapshotOffsetSlots(format.FeaturesOf(full.snap.Version)))
		exact := sweepFull() || exactSnapshotFlips[f.name]
		const chunk = 1024
		for from := 0; from < len(f.data); from += chunk {
			to := min(from+chunk, len(f.data))
			jobs = append(jobs, job{fmt.Sprintf("%s bytes %d..%d", f.name, from, to-1), func(r *jobResult) {
				flipSnapshot(r, full.snap, f.data, from, to, func(p, bit int) bool { return exact || p < tableEnd || bit == p%8 })
			}})
		}
	}
	if files == 0 {
		t.Fatal("no v37 snapshots in the corpus")
	}
	start := time.Now()
	counts, bySection := runJobs(t, jobs)
	t.Logf("snapshot bit-flip sweep, %s: %d files, %d flips in %v: %v; silent decodes (each changes the model) by section: %v",
		sweepMode(), files, counts.total(), time.Since(start).Round(time.Millisecond), counts, bySection)
}

// flipSnapshot flips the chosen bits of data[from:to] one at a time; want is
// the model of data.
func flipSnapshot(r *jobResult, want *format.Snapshot, data []byte, from, to int, chosen func(p, bit int) bool) {
	buf := bytes.Clone(data)
	for p := from; p < to; p++ {
		for bit := range 8 {
			if !chosen(p, bit) {
				continue
			}
			buf[p] ^= 1 << bit
			o := decodeBytes(buf, false)
			buf[p] ^= 1 << bit
			if o.panic != "" {
				r.problem("bit %d of byte %d flipped: panic: %s", bit, p, o.panic)
				return // one panic says enough
			}
			class, _, err := classify(o.err, len(buf))
			if err != nil {
				r.problem("bit %d of byte %d flipped: %v", bit, p, err)
				continue
			}
			r.counts[class]++
			switch class {
			case classOK:
				r.extra[snapshotRegion(want, p)]++
				if fuzz.SameModel(o.snap, want) {
					r.problem("bit %d of byte %d (%s) flipped: decodes to the unchanged model", bit, p, snapshotRegion(want, p))
				}
			case classTornTail, classChecksum:
				r.problem("bit %d of byte %d flipped: a snapshot cannot report %s: %v", bit, p, class, o.err)
			}
		}
	}
}
