package golden

import (
	"strings"
	"testing"
)

func TestFirstDifference(t *testing.T) {
	got := FirstDifference([]byte("abcdefgh"), []byte("abcXefgh"))
	if !strings.Contains(got, "offset 3") || !strings.Contains(got, "61 62 63 58") {
		t.Errorf("unexpected report:\n%s", got)
	}
	if got := FirstDifference([]byte("ab"), []byte("abc")); !strings.Contains(got, "offset 2") {
		t.Errorf("length difference not located:\n%s", got)
	}
}
