package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// fakeClock returns the times it is set to.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }
func newFakeClock() *fakeClock               { return &fakeClock{t: time.Unix(1700000000, 0)} }
func draws(s string) int                     { return strings.Count(s, "\r") }
func lastDraw(s string) string               { return s[strings.LastIndex(s, "\r")+1:] }
func progressOn(clock *fakeClock, buf *bytes.Buffer) *progress {
	return newProgress(buf, true, "f.wal", 100e6, clock.now)
}

func TestProgressThrottles(t *testing.T) {
	clock, buf := newFakeClock(), &bytes.Buffer{}
	p := progressOn(clock, buf)
	// Nothing before the first interval: quick files show no line at all.
	for range 10 {
		clock.advance(19 * time.Millisecond)
		p.Update(1e6)
	}
	if buf.Len() != 0 {
		t.Fatalf("drew before %v had passed: %q", progressInterval, buf.String())
	}
	clock.advance(20 * time.Millisecond) // 210 ms in
	p.Update(25e6)
	if draws(buf.String()) != 1 {
		t.Fatalf("want one draw after %v, got %q", progressInterval, buf.String())
	}
	// 25 MB in 210 ms: 119.0 MB/s; 75 MB left: ETA 0.63 s, rounds to 1s.
	if got, want := lastDraw(buf.String()), "f.wal: 25.0/100.0 MB (25%) 119.0 MB/s ETA 1s"; got != want {
		t.Errorf("line %q, want %q", got, want)
	}
	// Many updates within one interval draw nothing more.
	for range 100 {
		clock.advance(time.Millisecond)
		p.Update(30e6)
	}
	if draws(buf.String()) != 1 {
		t.Fatalf("redrew within %v: %q", progressInterval, buf.String())
	}
	clock.advance(100 * time.Millisecond)
	p.Update(50e6)
	if draws(buf.String()) != 2 {
		t.Fatalf("no redraw after the interval: %q", buf.String())
	}
}

func TestProgressClearsItsLine(t *testing.T) {
	clock, buf := newFakeClock(), &bytes.Buffer{}
	p := progressOn(clock, buf)
	clock.advance(time.Second)
	p.Update(50e6)
	clock.advance(9 * time.Second)
	p.Update(100e6) // shorter line: no ETA; padded over the longer one
	lines := strings.Split(buf.String(), "\r")[1:]
	if len(lines) != 2 || len(lines[1]) != len(lines[0]) || strings.Contains(lines[1], "ETA") {
		t.Fatalf("second draw does not cover the first: %q", buf.String())
	}
	buf.Reset()
	p.Done()
	if want := "\r" + strings.Repeat(" ", len(lines[0])) + "\r"; buf.String() != want {
		t.Errorf("Done wrote %q, want %q", buf.String(), want)
	}
	buf.Reset()
	p.Done() // nothing left to clear
	if buf.Len() != 0 {
		t.Errorf("second Done wrote %q", buf.String())
	}
}

func TestProgressSilentWhenOff(t *testing.T) {
	clock, buf := newFakeClock(), &bytes.Buffer{}
	p := newProgress(buf, false, "f.wal", 100, clock.now)
	clock.advance(time.Minute)
	p.Update(50)
	p.Done()
	if buf.Len() != 0 {
		t.Errorf("progress that is off wrote %q", buf.String())
	}
	// A buffer is not a terminal, so the CLI never turns progress on in tests.
	if isTerminal(buf) || fileProgress(buf, buf, "x", 1, false).on {
		t.Error("a bytes.Buffer counts as a terminal")
	}
}

// TestFileByFileProgress: plan's progress names the file being read and
// starts afresh for the next one, clearing the previous line first.
func TestFileByFileProgress(t *testing.T) {
	clock, buf := newFakeClock(), &bytes.Buffer{}
	f := &fileByFile{w: buf, on: true, now: clock.now, label: func(p string) string { return "plan: " + p }}
	f.Update("wal/a", 0, 10e6)
	clock.advance(time.Second)
	f.Update("wal/a", 5e6, 10e6)
	if got := lastDraw(buf.String()); !strings.HasPrefix(got, "plan: wal/a: 5.0/10.0 MB (50%)") {
		t.Fatalf("first file's line %q", got)
	}
	drawn := len(lastDraw(buf.String()))
	buf.Reset()
	f.Update("wal/b", 0, 20e6)
	if want := "\r" + strings.Repeat(" ", drawn) + "\r"; buf.String() != want {
		t.Fatalf("the next file did not clear the line first: %q", buf.String())
	}
	clock.advance(time.Second)
	f.Update("wal/b", 2e6, 20e6)
	if got := lastDraw(buf.String()); !strings.HasPrefix(got, "plan: wal/b: 2.0/20.0 MB (10%)") {
		t.Errorf("second file's line %q", got)
	}
	off := &fileByFile{w: buf, on: false, now: clock.now, label: func(p string) string { return p }}
	buf.Reset()
	clock.advance(time.Second)
	off.Update("x", 1, 2)
	clock.advance(time.Second)
	off.Update("x", 2, 2)
	off.Done()
	if buf.Len() != 0 {
		t.Errorf("progress that is off wrote %q", buf.String())
	}
}

// TestProgressFlags: a terminal decides unless --progress or --no-progress
// is given; --quiet implies no progress unless --progress asks for it.
func TestProgressFlags(t *testing.T) {
	var buf bytes.Buffer // not a terminal
	for _, c := range []struct {
		flags progressFlags
		quiet bool
		want  bool
	}{
		{progressFlags{}, false, false},
		{progressFlags{on: true}, false, true},
		{progressFlags{on: true}, true, true},
		{progressFlags{off: true}, false, false},
	} {
		if got := c.flags.show(&buf, c.quiet); got != c.want {
			t.Errorf("%+v quiet=%v: show %v, want %v", c.flags, c.quiet, got, c.want)
		}
	}
}
