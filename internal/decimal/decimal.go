package decimal

import "math/bits"

// pairs holds the two digits of every number below 100.
const pairs = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"

var pow10 = [20]uint64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19}

// Len is the number of decimal digits of u.
func Len(u uint64) int {
	n := (bits.Len64(u) * 1233) >> 12 // log10(2) ≈ 1233/4096: n or n+1 digits
	if u >= pow10[n] {
		n++
	}
	return max(n, 1)
}

// AppendUint appends u in decimal: strconv.AppendUint(b, u, 10).
func AppendUint(b []byte, u uint64) []byte {
	if u < 10 {
		return append(b, byte('0'+u))
	}
	n := Len(u)
	l := len(b)
	if cap(b)-l < n {
		b = append(b, make([]byte, n)...)
	}
	b = b[:l+n]
	i := l + n
	for u >= 1e8 {
		q := u / 100
		r := (u - q*100) * 2
		i -= 2
		b[i], b[i+1] = pairs[r], pairs[r+1]
		u = q
	}
	lo := uint32(u) // below 1e8: the rest in 32-bit arithmetic
	for lo >= 100 {
		q := lo / 100
		r := (lo - q*100) * 2
		i -= 2
		b[i], b[i+1] = pairs[r], pairs[r+1]
		lo = q
	}
	if lo >= 10 {
		b[i-2], b[i-1] = pairs[lo*2], pairs[lo*2+1]
	} else {
		b[i-1] = byte('0' + lo)
	}
	return b
}

// AppendInt appends i in decimal: strconv.AppendInt(b, i, 10).
func AppendInt(b []byte, i int64) []byte {
	if i < 0 {
		return AppendUint(append(b, '-'), -uint64(i))
	}
	return AppendUint(b, uint64(i))
}
