package size

import "testing"

func TestParse(t *testing.T) {
	for in, want := range map[string]uint64{
		"0": 0, "4096": 4096, "100B": 100, "1073741824": 1 << 30, "18446744073709551615": 1<<64 - 1,
		"1GiB": 1 << 30, "512MiB": 512 << 20, "64M": 64 << 20, "64K": 64 << 10, "4G": 4 << 30,
		"10KB": 10_000, "2GB": 2e9, "4GB": 4e9,
		"4gib": 4 << 30, "4gb": 4e9, " 2M ": 2 << 20,
	} {
		if got, err := Parse(in); err != nil || got != want {
			t.Errorf("Parse(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "GiB", "B", "-1", "-1M", "1.5G", "1.5GiB", "1TiB", "4X", "x", "1e3",
		"17179869184GiB", // 2^64 bytes
		"18446744073709552GB",
	} {
		if got, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) = %d, accepted", bad, got)
		}
	}
}

func TestSaturating(t *testing.T) {
	const top = ^uint64(0)
	for _, c := range []struct {
		n, each, times uint64
	}{
		{0, top, 0}, {top, 0, 0}, {3, 7, 21}, {1 << 32, 1 << 31, 1 << 63},
		{1 << 32, 1 << 32, top}, {top / 3, 3, top - top%3}, {top/3 + 1, 3, top},
	} {
		if got := Times(c.n, c.each); got != c.times {
			t.Errorf("Times(%d, %d) = %d, want %d", c.n, c.each, got, c.times)
		}
	}
	for _, c := range []struct{ a, b, sum uint64 }{
		{1, 2, 3}, {top, 0, top}, {top - 1, 1, top}, {top, 1, top}, {1 << 63, 1 << 63, top},
	} {
		if got := Plus(c.a, c.b); got != c.sum {
			t.Errorf("Plus(%d, %d) = %d, want %d", c.a, c.b, got, c.sum)
		}
	}
}
