package inspect

import (
	"fmt"
	"io"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/format"
)

// DumpOptions select and observe the records WriteTextWith and
// WriteJSONLWith print.
type DumpOptions struct {
	Filter *RecordFilter // nil prints every record
	// Selection, when set, runs the filter instead, across the files of a
	// dump of several (the limit counts them all).
	Selection *Selection
	// Progress, if set, is called now and then with the offset reached.
	Progress func(done int64)
	// File, when set, introduces the file in a dump of several: text prints
	// a "# " line before its first record, JSONL a "file" record and a
	// "file" key on each line.
	File *DumpFile
	// BestEffort dumps what decodes of a snapshot whose records cannot be
	// read (SnapshotBlocked; one cut short): its records are Partial, and
	// the error is a *BestEffortError.
	BestEffort bool
}

// DumpFile introduces one file of a dump of several.
type DumpFile struct {
	File             string       `json:"-"` // as given, or relative to the data directory (the envelope's "file")
	Kind             datadir.Kind `json:"kind"`
	SeqNum           *uint64      `json:"seq_num,omitempty"`
	FromTimestamp    *uint64      `json:"from_timestamp,omitempty"`
	ToTimestamp      *uint64      `json:"to_timestamp,omitempty"`
	DurableTimestamp *uint64      `json:"durable_timestamp,omitempty"`
	// Recovery says what recovery does with the file, as plan prints it
	// (a data directory only).
	Recovery string `json:"recovery,omitempty"`
	// Note says why the file is where it is in the order, when that is not
	// the rule's.
	Note string `json:"note,omitempty"`
}

// textLine is the "# " line that introduces the file in a text dump.
func (d *DumpFile) textLine() []byte {
	b := fmt.Appendf(nil, "# %s: %s", d.File, d.Kind)
	if d.SeqNum != nil {
		b = fmt.Appendf(b, " seq_num=%d", *d.SeqNum)
	}
	if d.FromTimestamp != nil && d.ToTimestamp != nil {
		b = fmt.Appendf(b, " timestamps=%d..%d", *d.FromTimestamp, *d.ToTimestamp)
	}
	if d.DurableTimestamp != nil {
		b = fmt.Appendf(b, " durable_timestamp=%d", *d.DurableTimestamp)
	}
	if d.Recovery != "" {
		b = append(b, "; recovery: "...)
		b = append(b, d.Recovery...)
	}
	if d.Note != "" {
		b = append(b, "; "...)
		b = append(b, d.Note...)
	}
	return append(b, '\n')
}

// source picks how f is read: its records, or, with BestEffort, what
// decodes of a snapshot whose records cannot be read (SnapshotBlocked).
func (o *DumpOptions) source(f *datadir.File) (src recordSource, openErr error) {
	if o != nil && o.BestEffort && f.Kind == datadir.KindSnapshot {
		if err := SnapshotBlocked(f); err != nil {
			return prefixSource(f, err), err
		}
	}
	return fileSource(f), nil
}

// walk runs the filtered record walk of src into out, reporting progress.
// Its frames, edge and vertex records reach out's own functions as views,
// and the filter, when there is one, looks at them so; without a filter,
// the file's records are read and decoded on a goroutine of their own
// while out renders them (pipelined).
func (o *DumpOptions) walk(f *datadir.File, src recordSource, out recordSink) error {
	var sel *Selection
	var progress func(int64)
	if o != nil {
		if sel = o.Selection; sel == nil {
			if err := o.Filter.Check(f.Kind); err != nil {
				return err
			}
			sel = o.Filter.Select()
		}
		progress = o.Progress
	}
	if (sel == nil || sel.rf == nil) && src.walkTo != nil {
		return pipelined(src.walkTo, countRecords(out, sel, progress))
	}
	if sel == nil {
		return src.walk(out.record)
	}
	return sel.run(src, countRecords(out, nil, progress))
}

// countRecords passes the records of a walk to out, counting them as
// printed by sel (when set: a walk without a filter) and reporting
// progress.
func countRecords(out recordSink, sel *Selection, progress func(int64)) recordSink {
	n := 0
	tick := func(off int64) {
		if sel != nil {
			sel.printed++
		}
		if n++; progress != nil && n%progressEvery == 0 {
			progress(off)
		}
	}
	return recordSink{
		record: func(r Record) error { tick(r.Offset); return out.record(r) },
		frames: func(v format.Version, frames []walFrame) error {
			for k := range frames {
				tick(frames[k].head.Offset)
			}
			return out.frames(v, frames)
		},
		snap: func(v format.Version, r *snapRecord) error {
			tick(int64(r.offset))
			return out.snap(v, r)
		},
	}
}

// lead returns what precedes the first record printed: the file's line in
// a dump of several, and the best-effort mark.
func (o *DumpOptions) lead(openErr error) (file *DumpFile, partial string) {
	if o == nil {
		return nil, ""
	}
	if openErr != nil {
		partial = "# best effort: " + openErr.Error() + "; below is what decodes of the file\n"
	}
	return o.File, partial
}

// dumpOut is a dump's output: lines are appended to buf, which goes to w
// whenever it holds flushAt bytes, so the writer sees few large writes.
type dumpOut struct {
	w   io.Writer
	buf []byte
}

// flushAt is how much output a dump collects before writing it.
const flushAt = 256 << 10

func newDumpOut(w io.Writer) dumpOut { return dumpOut{w: w, buf: make([]byte, 0, flushAt+flushAt/4)} }

// wrote ends a line appended to buf: it is written out with the lines
// before it once they are many.
func (o *dumpOut) wrote(b []byte) error {
	o.buf = b
	if len(b) < flushAt {
		return nil
	}
	return o.flush()
}

func (o *dumpOut) flush() error {
	if len(o.buf) == 0 {
		return nil
	}
	_, err := o.w.Write(o.buf)
	o.buf = o.buf[:0]
	return err
}

// featureCache remembers the features of the version last asked for: a
// dump asks for every record, of one file at a time.
type featureCache struct {
	version format.Version
	ft      format.Features
	ok      bool
}

func (c *featureCache) of(v format.Version) format.Features {
	if !c.ok || v != c.version {
		c.version, c.ft, c.ok = v, format.FeaturesOf(v), true
	}
	return c.ft
}
