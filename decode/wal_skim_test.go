package decode_test

import (
	"testing"

	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/fuzz"
	"github.com/durascope/durascope/golden"
	"github.com/durascope/durascope/golden/largegen"
)

// TestNextFramesMatchesNextFrame holds WAL.NextFrames to NextFrame
// (fuzz.CheckNextFrames: the same frames, error and state) on generated
// WALs of every version, whole, cut and with bytes changed: every 101st
// byte (every 7th with DURASCOPE_SWEEP=full) set to values that turn
// markers, lengths, type codes, flags and timestamps into others. The
// sweeps over the corpus and the example files do the same for every cut
// and flipped bit there.
func TestNextFramesMatchesNextFrame(t *testing.T) {
	stride := 101
	if sweepFull() {
		stride = 7
	}
	subs := []byte{0x00, 0x12, 0x26, 0xff}
	check := func(v format.Version, what string, data []byte, batch int) {
		t.Helper()
		if err := fuzz.CheckNextFrames(data, batch); err != nil {
			t.Fatalf("%s, %s (batch %d): %v", v, what, batch, err)
		}
	}
	for v := format.MinVersion; v <= format.MaxVersion; v++ {
		var out golden.MemFile
		if _, err := largegen.WriteWAL(&out, v, 4<<10, uint64(v)); err != nil {
			t.Fatal(err)
		}
		data := out.Bytes()
		for _, batch := range []int{1, 3, 256} {
			check(v, "whole", data, batch)
		}
		m := append([]byte(nil), data...)
		for p := 0; p < len(m); p += stride {
			check(v, "cut", data[:p], 5)
			orig := m[p]
			for _, x := range append(subs, orig+1, orig-1) {
				if x != orig {
					m[p] = x
					check(v, "changed byte", m, 5)
				}
			}
			m[p] = orig
		}
	}
}
