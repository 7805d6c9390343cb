package csvimport

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"strconv"

	"github.com/durascope/durascope/format"
)

// Property values are kept in the spill files in a compact private form
// until the snapshot is written, where they become format values. Null is
// never stored: a null property is an absent one.
const (
	tagFalse  byte = 1
	tagTrue   byte = 2
	tagInt    byte = 3 // zigzag varint
	tagDouble byte = 4 // 8 bytes, little endian IEEE-754
	tagString byte = 5 // uvarint length, bytes
	tagList   byte = 6 // uvarint count, elements
)

// convError is a value that does not convert; the caller knows where.
type convError struct {
	problem Problem
	reason  string
}

// converter turns CSV fields into values as the old tool's StringToValue.
type converter struct {
	ignoreEmpty bool
	arrayDelim  []byte
}

// appendValue appends the encoded value of field v of column c to dst;
// null reports a null value (nothing appended).
func (cv *converter) appendValue(dst, v []byte, c *column) (out []byte, null bool, err *convError) {
	if cv.ignoreEmpty && len(v) == 0 {
		return dst, true, nil
	}
	if !c.array {
		out, err = appendScalar(dst, v, c)
		return out, false, err
	}
	n := 0
	if len(v) > 0 {
		n = bytes.Count(v, cv.arrayDelim) + 1
	}
	dst = append(dst, tagList)
	dst = binary.AppendUvarint(dst, uint64(n))
	for i := 0; i < n; i++ {
		elem := v
		if j := bytes.Index(v, cv.arrayDelim); j >= 0 {
			elem, v = v[:j], v[j+len(cv.arrayDelim):]
		}
		if dst, err = appendScalar(dst, elem, c); err != nil {
			return dst, false, err
		}
	}
	return dst, false, nil
}

func appendScalar(dst, v []byte, c *column) ([]byte, *convError) {
	switch c.elem {
	case scalarInt:
		i, ok := parseCInt(v)
		if !ok {
			return dst, &convError{ProblemBadInteger, fmt.Sprintf("%q is not a valid integer", v)}
		}
		return appendInt(dst, i), nil
	case scalarDouble:
		f, ok := parseCDouble(v)
		if !ok {
			return dst, &convError{ProblemBadDouble, fmt.Sprintf("%q is not a valid floating-point value", v)}
		}
		dst = append(dst, tagDouble)
		return binary.LittleEndian.AppendUint64(dst, math.Float64bits(f)), nil
	case scalarBool:
		if isTrue(v) {
			return append(dst, tagTrue), nil
		}
		return append(dst, tagFalse), nil
	case scalarString:
		return appendString(dst, v), nil
	}
	return dst, &convError{ProblemUnknownType, fmt.Sprintf("unknown type %q (the types are integer, int, long, short, byte, float, double, boolean, bool, string, char, each optionally with [] for an array)", c.elemType)}
}

func appendInt(dst []byte, i int64) []byte {
	return binary.AppendVarint(append(dst, tagInt), i)
}

func appendString(dst, s []byte) []byte {
	dst = binary.AppendUvarint(append(dst, tagString), uint64(len(s)))
	return append(dst, s...)
}

// isTrue: "true" in any case is true, anything else false.
func isTrue(v []byte) bool {
	if len(v) != 4 {
		return false
	}
	for i, c := range []byte("true") {
		if v[i]|0x20 != c {
			return false
		}
	}
	return true
}

// parseCInt parses as a C++ stream reads an int64 in the classic locale,
// requiring the whole text: leading whitespace, an optional sign, decimal
// digits, no overflow.
func parseCInt(b []byte) (int64, bool) {
	i := 0
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	neg := false
	if i < len(b) && (b[i] == '+' || b[i] == '-') {
		neg = b[i] == '-'
		i++
	}
	if i == len(b) {
		return 0, false
	}
	limit := uint64(math.MaxInt64)
	if neg {
		limit++
	}
	var u uint64
	for ; i < len(b); i++ {
		d := uint64(b[i] - '0')
		if d > 9 || u > (limit-d)/10 {
			return 0, false
		}
		u = u*10 + d
	}
	if neg {
		return int64(-u), true
	}
	return int64(u), true
}

// parseCDouble parses as a C++ stream reads a double in the classic
// locale, requiring the whole text: leading whitespace, then
// [+-]digits[.digits][(e|E)[+-]digits] with at least one mantissa digit
// (no inf, nan or hexadecimal); overflow is an error, underflow is not.
func parseCDouble(b []byte) (float64, bool) {
	i := 0
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	s := b[i:]
	j := 0
	if j < len(s) && (s[j] == '+' || s[j] == '-') {
		j++
	}
	digits := 0
	for j < len(s) && isDigit(s[j]) {
		j, digits = j+1, digits+1
	}
	if j < len(s) && s[j] == '.' {
		j++
		for j < len(s) && isDigit(s[j]) {
			j, digits = j+1, digits+1
		}
	}
	if digits == 0 {
		return 0, false
	}
	if j < len(s) && (s[j] == 'e' || s[j] == 'E') {
		j++
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		exp := 0
		for j < len(s) && isDigit(s[j]) {
			j, exp = j+1, exp+1
		}
		if exp == 0 {
			return 0, false
		}
	}
	if j != len(s) {
		return 0, false
	}
	// ParseFloat, like the stream, takes an underflow to 0 silently and
	// fails on an overflow.
	f, err := strconv.ParseFloat(string(s), 64)
	return f, err == nil
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// decodeValue reads one encoded value back as a format value.
func decodeValue(b []byte) (format.Value, []byte, error) {
	if len(b) == 0 {
		return nil, nil, errSpillCorrupt
	}
	tag, b := b[0], b[1:]
	switch tag {
	case tagFalse:
		return format.Bool(false), b, nil
	case tagTrue:
		return format.Bool(true), b, nil
	case tagInt:
		i, n := binary.Varint(b)
		if n <= 0 {
			return nil, nil, errSpillCorrupt
		}
		return format.Int(i), b[n:], nil
	case tagDouble:
		if len(b) < 8 {
			return nil, nil, errSpillCorrupt
		}
		return format.Double(math.Float64frombits(binary.LittleEndian.Uint64(b))), b[8:], nil
	case tagString:
		n, k := binary.Uvarint(b)
		if k <= 0 || uint64(len(b)-k) < n {
			return nil, nil, errSpillCorrupt
		}
		return format.String(b[k : k+int(n)]), b[k+int(n):], nil
	case tagList:
		n, k := binary.Uvarint(b)
		if k <= 0 || n > uint64(len(b)) {
			return nil, nil, errSpillCorrupt
		}
		b = b[k:]
		l := make(format.List, n)
		for i := range l {
			var err error
			if l[i], b, err = decodeValue(b); err != nil {
				return nil, nil, err
			}
		}
		return l, b, nil
	}
	return nil, nil, errSpillCorrupt
}
