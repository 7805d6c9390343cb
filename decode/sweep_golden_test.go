package decode_test

// TestGoldenSweep extends the corpus sweeps to our own files: every .bin
// file under golden/testdata (the example files and the per-version
// fixtures) is cut at every length and has every bit flipped, one at a time
// (DURASCOPE_SWEEP=full; by default a reduced set, see goldenPlan).
//
// Every outcome is classified: an error of one class with its offset, a torn
// tail, a decode identical to the original's model (never allowed: the
// model is lossless, so different bytes must give a different model) or a
// different valid decode, which must re-encode to the mutated bytes. Cuts
// must give the class the format prescribes (checkWALCut,
// truncateSnapshot). A flipped bit of a CRC-covered WAL byte (format 36 on:
// the header, the summary and every complete transaction) must never decode
// silently; for snapshots, which have no checksum, the test logs how many
// flips still decode. A sample of the mutants also goes through every fuzz
// property (fuzz.Unmetered): streaming reads, recovery and the Cypher dump.
//
// As in TestWALBitFlipSweep, the bytes of each complete WAL transaction are
// flipped in a window, a valid WAL made of the file's header and that
// transaction with a neighbour, so that a flip costs a decode of a few
// hundred bytes, not of the whole file; the header and a torn tail are
// flipped in the file itself.

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/fuzz"
	"github.com/durascope/durascope/golden"
)

// Outcome names of the golden sweep beyond the error classes.
const (
	outcomeDifferent = "different-valid-decode"
	outcomeIdentical = "identical-decode"
)

// goldenPlan says which cuts and flips of a file of size n the sweep makes:
// all of them with DURASCOPE_SWEEP=full; otherwise every cut and every bit
// in the first 160 bytes (the header and offsets, where position matters
// most) and in the last 32, and elsewhere every 8th cut and one bit of every
// 8th byte, the bit moving with the byte.
func goldenPlan(n int) (cut func(int) bool, flip func(p, bit int) bool) {
	if sweepFull() {
		return func(int) bool { return true }, func(int, int) bool { return true }
	}
	edge := func(p int) bool { return p < 160 || p >= n-32 }
	return func(p int) bool { return edge(p) || p%8 == 0 },
		func(p, bit int) bool { return edge(p) || (p%8 == 3 && bit == (p/8)%8) }
}

// propertySample picks the mutants that also go through the fuzz
// properties: about one in 50 of the reduced set, one in 400 in full mode.
func propertySample(p, bit int) bool {
	if sweepFull() {
		return (8*p+bit)%401 == 0
	}
	return (8*p+bit)%53 == 0
}

func TestGoldenSweep(t *testing.T) {
	paths, err := fuzz.BinFiles(golden.TestdataDir())
	if err != nil || len(paths) == 0 {
		t.Fatalf("no .bin files under %s: %v", golden.TestdataDir(), err)
	}
	var jobs []job
	var flipsTotal, cutsTotal int
	for _, p := range paths {
		rel, _ := filepath.Rel(golden.TestdataDir(), p)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f := corpusFile{name: filepath.ToSlash(rel), data: data, wal: bytes.HasPrefix(data, []byte(format.WALMagic))}
		cutsTotal += len(f.data)
		flipsTotal += 8 * len(f.data)
		g := planGolden(t, f)
		jobs = append(jobs, job{f.name + " cuts", func(r *jobResult) { g.cuts(r) }})
		for _, tg := range g.targets(t) {
			jobs = append(jobs, job{f.name + " flips " + tg.name, func(r *jobResult) { tg.flips(r, len(f.data)) }})
		}
	}
	start := time.Now()
	counts, extra := runJobs(t, jobs)
	t.Logf("golden sweep, %s: %d files, %d of %d cuts and %d of %d bit flips (%d also through the fuzz properties) in %v",
		sweepMode(), len(paths), extra["cuts"], cutsTotal, extra["flips"], flipsTotal, extra["property checks"], time.Since(start).Round(time.Millisecond))
	t.Logf("golden sweep outcomes: %v", counts)
	t.Logf("golden sweep: CRC-covered WAL flips %d, silent decodes among them %d; WAL flips outside CRC coverage that still decode %d of %d; snapshot flips that still decode %d of %d (no snapshot has a checksum)",
		extra["wal crc flips"], extra["silent crc"], extra["wal plain decodes"], extra["wal plain flips"], extra["snapshot decodes"], extra["snapshot flips"])
	if extra["silent crc"] != 0 || counts[outcomeIdentical] != 0 {
		t.Errorf("%d silent decodes of CRC-covered bytes, %d identical decodes of different bytes: both must be 0", extra["silent crc"], counts[outcomeIdentical])
	}
}

// goldenFile is one golden file with what its clean decode says.
type goldenFile struct {
	f    corpusFile
	orig outcome
	// WALs: the layout of the complete part (the whole file, or the part
	// before a torn tail).
	l        walLayout
	complete int // end of the last complete transaction; len(data) if not torn
}

func planGolden(t *testing.T, f corpusFile) *goldenFile {
	g := &goldenFile{f: f, orig: decodeBytes(f.data, f.wal), complete: len(f.data)}
	if g.orig.panic != "" {
		t.Fatalf("%s: %s", f.name, g.orig.panic)
	}
	if g.orig.err != nil && !(f.wal && format.IsTornTail(g.orig.err)) {
		t.Fatalf("%s does not decode: %v", f.name, g.orig.err)
	}
	if !f.wal {
		return g
	}
	if g.orig.err != nil {
		w, err := decode.OpenWAL(bytes.NewReader(f.data), int64(len(f.data)), f.name)
		for err == nil {
			_, err = w.Next()
		}
		g.complete = int(w.CompleteEnd())
	}
	g.l = layoutWAL(t, f.data[:g.complete], f.name)
	return g
}

// cuts decodes every planned proper prefix and checks its class.
func (g *goldenFile) cuts(r *jobResult) {
	data := g.f.data
	if !g.f.wal {
		// truncateSnapshot plans its own cuts (every length in full mode).
		before := r.counts.total()
		truncateSnapshot(r, g.f)
		r.extra["cuts"] += r.counts.total() - before
		return
	}
	cut, _ := goldenPlan(len(data))
	for n := range len(data) {
		if !cut(n) {
			continue
		}
		r.extra["cuts"]++
		if n < g.complete {
			// Inside the complete part the rules of the corpus sweep apply.
			class, _, problem := checkWALCut(g.l, data[:g.complete], n)
			if class != "" {
				r.counts[class]++
			}
			if problem != "" {
				r.problem("cut to %d bytes: %s", n, problem)
			}
			continue
		}
		// At the end of the complete part a clean decode; inside the torn
		// tail, still a torn tail of the same transaction.
		o := decodeBytes(data[:n], true)
		class, de, err := classify(o.err, n)
		switch {
		case o.panic != "":
			r.problem("cut to %d bytes: panic: %s", n, o.panic)
			return
		case err != nil:
			r.problem("cut to %d bytes: %v", n, err)
		case n == g.complete && class != classOK:
			r.problem("cut to %d bytes, the end of the complete transactions: got %s: %v", n, class, o.err)
		case n > g.complete && (class != classTornTail || de.Offset != int64(g.complete)):
			r.problem("cut to %d bytes inside the torn tail: got %s, want a torn tail at %d: %v", n, class, g.complete, o.err)
		}
		if skimSample(n) {
			if p := skimProblem(data[:n], o); p != "" {
				r.problem("cut to %d bytes: %s", n, p)
			}
		}
		r.counts[class]++
	}
}

// flipTarget is a byte range to flip in a file or in a window of one.
type flipTarget struct {
	name     string
	data     []byte
	wal      bool
	from, to int       // the range, in data
	fileOff  int       // position in the golden file of data[from]
	orig     outcome   // decode of data
	crc      []bool    // WAL bytes of data a CRC covers
	l        walLayout // layout of the complete part of data (WALs)
	complete int       // end of the complete part of data
	window   bool      // data is a window, not the file
}

// targets splits the flips of a file: a snapshot, a torn WAL and a WAL
// header are flipped in the file; each complete WAL transaction in a window.
func (g *goldenFile) targets(t *testing.T) []*flipTarget {
	data := g.f.data
	whole := func(from, to int) *flipTarget {
		tg := &flipTarget{name: fmt.Sprintf("bytes %d..%d", from, to-1), data: data, wal: g.f.wal, from: from, to: to,
			fileOff: from, orig: g.orig, l: g.l, complete: g.complete}
		if g.f.wal {
			tg.crc = make([]bool, len(data))
			if format.FeaturesOf(g.l.hdr.Version).Has(format.FeatCRC) {
				copy(tg.crc, crcCoverage(g.l, g.complete))
			}
		}
		return tg
	}
	if !g.f.wal || g.complete < len(data) || len(g.l.txnStarts) == 0 {
		var out []*flipTarget
		for from := 0; from < len(data); from += 1024 {
			out = append(out, whole(from, min(from+1024, len(data))))
		}
		return out
	}
	out := []*flipTarget{whole(0, int(g.l.hdr.HeaderEnd))}
	n := len(g.l.txnStarts)
	for k := range n {
		ks, i := []int{k, k + 1}, 0
		switch {
		case n == 1:
			ks = []int{k}
		case k == n-1:
			ks, i = []int{k - 1, k}, 1
		}
		w := walWindow(data, g.l, ks...)
		wl := layoutWAL(t, w, fmt.Sprintf("%s window %v", g.f.name, ks))
		tg := &flipTarget{name: fmt.Sprintf("transaction %d in a window", k), data: w, wal: true,
			from: int(wl.txnStarts[i]), to: int(wl.txnEnds[i]), fileOff: int(g.l.txnStarts[k]),
			orig: decodeBytes(w, true), l: wl, complete: len(w), crc: make([]bool, len(w)), window: true}
		if format.FeaturesOf(wl.hdr.Version).Has(format.FeatCRC) {
			tg.crc = crcCoverage(wl, len(w))
		}
		out = append(out, tg)
	}
	return out
}

// flips flips the planned bits of the target's range one at a time; size is
// the golden file's size (for the plan).
func (tg *flipTarget) flips(r *jobResult, size int) {
	buf := bytes.Clone(tg.data)
	_, chosen := goldenPlan(size)
	origTorn := format.IsTornTail(tg.orig.err)
	check := fuzz.Unmetered("FuzzSnapshot")
	if tg.wal {
		check = fuzz.Unmetered("FuzzWAL")
	}
	for p := tg.from; p < tg.to; p++ {
		fp := p - tg.from + tg.fileOff // the byte's position in the golden file
		for bit := range 8 {
			if !chosen(fp, bit) {
				continue
			}
			r.extra["flips"]++
			buf[p] ^= 1 << bit
			where := fmt.Sprintf("bit %d of byte %d flipped", bit, fp)
			if tg.window {
				where += " (in a window)"
			}
			problem := tg.flip(r, buf, p, origTorn)
			if problem == "" && propertySample(fp, bit) {
				r.extra["property checks"]++
				if err := check(buf); err != nil {
					problem = "fuzz property: " + err.Error()
				}
			}
			buf[p] ^= 1 << bit
			if problem != "" {
				r.problem("%s: %s", where, problem)
				if len(problem) > 6 && problem[:6] == "panic:" {
					return // one panic says enough
				}
			}
		}
	}
}

// modelOf is the model a decode returned (nil pointer when none).
func modelOf(o outcome, wal bool) reflect.Value {
	if wal {
		return reflect.ValueOf(o.wal)
	}
	return reflect.ValueOf(o.snap)
}

// flip classifies the decode of buf, whose byte p is flipped, and returns
// what is wrong with it, or "".
func (tg *flipTarget) flip(r *jobResult, buf []byte, p int, origTorn bool) string {
	o := decodeBytes(buf, tg.wal)
	if o.panic != "" {
		return "panic: " + o.panic
	}
	if tg.wal && skimSample(p) {
		if p := skimProblem(buf, o); p != "" {
			return p
		}
	}
	class, de, err := classify(o.err, len(buf))
	if err != nil {
		return err.Error()
	}
	outcomeName, problem := class, ""
	if !modelOf(o, tg.wal).IsNil() {
		// A model came back (a clean decode, or a WAL with a torn tail). It
		// must re-encode to the mutated bytes, which also shows that it
		// differs from the original's model: encoding is a function.
		switch again := reencode(o, tg.wal); {
		case bytes.Equal(again, buf):
			if class == classOK {
				outcomeName = outcomeDifferent
			}
		case bytes.Equal(again, tg.data):
			outcomeName, problem = outcomeIdentical, fmt.Sprintf("decodes to the original model (%v)", o.err)
		case again == nil:
			problem = fmt.Sprintf("decodes (%v) but does not re-encode", o.err)
		default:
			problem = "decodes, but re-encodes to different bytes: " + golden.FirstDifference(buf, again)
		}
	}
	r.counts[outcomeName]++
	switch {
	case !tg.wal:
		r.extra["snapshot flips"]++
		if class == classOK {
			r.extra["snapshot decodes"]++
		}
		if class == classTornTail || class == classChecksum || (p < 4 && class != classBadMagic) {
			problem = fmt.Sprintf("a snapshot cannot report %s here: %v", class, o.err)
		}
	case tg.crc[p]:
		r.extra["wal crc flips"]++
		// The decoder must notice. A torn tail is accepted only where a
		// flipped length or count runs the transaction holding the flip past
		// the end of an unfinalized file (see TestWALBitFlipSweep).
		if class == classOK || (class == classTornTail && (tg.l.finalized || de.Offset > int64(p) || (origTorn && de.Offset == int64(tg.complete)))) {
			r.extra["silent crc"]++
			problem = fmt.Sprintf("CRC-covered byte, got %s: %v", class, o.err)
		}
	default:
		r.extra["wal plain flips"]++
		if class == classOK {
			r.extra["wal plain decodes"]++
		}
		if p < 4 && class != classBadMagic {
			problem = fmt.Sprintf("flip in the magic, got %s: %v", class, o.err)
		}
	}
	return problem
}

// reencode writes a decoded model back (the recorded layout; the stored
// CRCs and torn tail verbatim), or returns nil if the encoder refuses it.
func reencode(o outcome, wal bool) []byte {
	var buf bytes.Buffer
	var err error
	if wal {
		err = encode.EncodeWALWith(&buf, o.wal, &encode.WALOptions{Verbatim: true})
	} else {
		err = encode.EncodeSnapshotWith(&buf, o.snap, &encode.SnapshotOptions{Layout: encode.LayoutRecorded})
	}
	if err != nil {
		return nil
	}
	return buf.Bytes()
}
