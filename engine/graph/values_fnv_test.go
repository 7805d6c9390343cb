package graph

import (
	"hash/fnv"
	"testing"

	"github.com/durascope/durascope/format"
)

// TestHashStringBytes: the hash of a string's bytes is HashValue of the
// String value, and FNV-1a is hash/fnv's.
func TestHashStringBytes(t *testing.T) {
	for _, s := range []string{"", "a", "alpha bravo", "ünïcödé", string([]byte{0, 0xff, 0x17})} {
		if got, want := HashStringBytes([]byte(s)), HashValue(format.String(s)); got != want {
			t.Errorf("%q: HashStringBytes %x, HashValue %x", s, got, want)
		}
		h := fnv.New64a()
		h.Write([]byte(s))
		if fnv64a(s) != h.Sum64() {
			t.Errorf("%q: fnv64a %x, hash/fnv %x", s, fnv64a(s), h.Sum64())
		}
	}
}
