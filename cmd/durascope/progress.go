package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/pflag"
)

// progressInterval is the least time between two redraws; nothing is drawn
// before it has passed once, so quick files never show a progress line.
const progressInterval = 200 * time.Millisecond

// progress draws "label: done/total MB (pct%) rate MB/s ETA" on one line of a
// terminal, redrawn in place with \r. It is silent when off (stderr is not
// a terminal), so piped and captured output never holds progress lines.
type progress struct {
	w     io.Writer
	on    bool
	label string
	total int64
	now   func() time.Time
	start time.Time
	last  time.Time
	width int // of the line drawn last, to clear it
}

// newProgress reports on w when on; now is the clock (time.Now outside tests).
func newProgress(w io.Writer, on bool, label string, total int64, now func() time.Time) *progress {
	t := now()
	return &progress{w: w, on: on, label: label, total: total, now: now, start: t, last: t}
}

// isTerminal reports whether w is a character device (a terminal), the only
// place progress is drawn.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// fileProgress is the progress of reading one file, shown on stderr when it
// is a terminal and, for commands whose data streams to stdout, stdout is not
// the terminal as well (the line would tangle with the data).
func fileProgress(stdout, stderr io.Writer, label string, total int64, streamsData bool) *progress {
	on := isTerminal(stderr) && !(streamsData && isTerminal(stdout))
	return newProgress(stderr, on, label, total, time.Now)
}

// Update reports that done bytes have been read; it redraws at most once
// per progressInterval.
func (p *progress) Update(done int64) {
	if !p.on {
		return
	}
	t := p.now()
	if t.Sub(p.last) < progressInterval {
		return
	}
	p.last = t
	line := p.line(done, t.Sub(p.start))
	pad := max(p.width-len(line), 0)
	fmt.Fprintf(p.w, "\r%s%s", line, strings.Repeat(" ", pad))
	p.width = len(line) + pad
}

func (p *progress) line(done int64, elapsed time.Duration) string {
	const mb = 1e6
	s := fmt.Sprintf("%s: %.1f/%.1f MB", p.label, float64(done)/mb, float64(p.total)/mb)
	if p.total > 0 {
		s += fmt.Sprintf(" (%d%%)", done*100/p.total)
	}
	if secs := elapsed.Seconds(); secs > 0 && done > 0 {
		rate := float64(done) / secs
		s += fmt.Sprintf(" %.1f MB/s", rate/mb)
		if left := p.total - done; left > 0 {
			eta := time.Duration(float64(left) / rate * float64(time.Second)).Round(time.Second)
			s += " ETA " + eta.String()
		}
	}
	return s
}

// Done clears the line, if one was drawn, so what follows starts clean.
func (p *progress) Done() {
	if p.width > 0 {
		fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", p.width))
		p.width = 0
	}
}

// fileByFile is the progress of a run that reads several files in turn
// (plan's recovery): one line per file, replaced when the next one starts.
type fileByFile struct {
	w     io.Writer
	on    bool
	label func(path string) string
	now   func() time.Time // time.Now when nil
	path  string
	cur   *progress
}

// Update follows datadir.ProgressFunc.
func (f *fileByFile) Update(path string, done, size int64) {
	if !f.on {
		return
	}
	if f.cur == nil || path != f.path {
		f.Done()
		f.path = path
		now := f.now
		if now == nil {
			now = time.Now
		}
		f.cur = newProgress(f.w, true, f.label(path), size, now)
	}
	f.cur.Update(done)
}

// Done clears the line of the current file.
func (f *fileByFile) Done() {
	if f.cur != nil {
		f.cur.Done()
	}
}

// progressFlags are --progress/--no-progress: a terminal on stderr decides
// unless one is given.
type progressFlags struct{ on, off bool }

func (p *progressFlags) add(fs *pflag.FlagSet) {
	fs.BoolVar(&p.on, "progress", false, "show progress on stderr even when it is not a terminal")
	fs.BoolVar(&p.off, "no-progress", false, "never show progress")
}

// show decides, given whether the command is quiet.
func (p *progressFlags) show(stderr io.Writer, quiet bool) bool {
	switch {
	case p.on:
		return true
	case p.off || quiet:
		return false
	}
	return isTerminal(stderr)
}
