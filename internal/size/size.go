package size

import (
	"fmt"
	"strconv"
	"strings"
)

// units are the suffixes Parse knows, longest first within a letter so
// that "MiB" is not read as "B": binary K, M, G (with or without "iB"),
// decimal KB, MB, GB, and B. Case does not matter.
var units = []struct {
	suffix string
	shift  uint   // binary
	mult   uint64 // decimal, when shift is 0
}{
	{"KIB", 10, 0}, {"MIB", 20, 0}, {"GIB", 30, 0},
	{"KB", 0, 1e3}, {"MB", 0, 1e6}, {"GB", 0, 1e9},
	{"K", 10, 0}, {"M", 20, 0}, {"G", 30, 0},
	{"B", 0, 1},
}

// Parse reads a whole number of bytes with an optional unit: "4096",
// "512MiB", "64M", "10KB", "1gib". A number too large for 64 bits, a
// fraction, a sign or an unknown unit is an error.
func Parse(s string) (uint64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	shift, mult := uint(0), uint64(1)
	for _, u := range units {
		if len(t) > len(u.suffix) && strings.HasSuffix(t, u.suffix) {
			t, shift = t[:len(t)-len(u.suffix)], u.shift
			if shift == 0 {
				mult = u.mult
			}
			break
		}
	}
	n, err := strconv.ParseUint(t, 10, 64)
	if err != nil || n > ^uint64(0)>>shift || n > ^uint64(0)/mult {
		return 0, fmt.Errorf("bad size %q: want a whole number of bytes, KiB, MiB, GiB (K, M, G) or KB, MB, GB", s)
	}
	return n << shift * mult, nil
}
