package decode

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/durascope/durascope/format"
)

func marked(m format.Marker, v uint64) []byte {
	return binary.LittleEndian.AppendUint64([]byte{byte(m)}, v)
}

func testCursor(data []byte) *cursor {
	return newCursor(bytes.NewReader(data), 0, int64(len(data)), format.FeaturesOf(format.MaxVersion))
}

func wantDecodeError(t *testing.T, err error, class error, offset int64, reason string) {
	t.Helper()
	var de *format.DecodeError
	if !errors.As(err, &de) || !errors.Is(err, class) || de.Offset != offset || de.Reason != reason {
		t.Fatalf("error %v, want %v at offset %d: %s", err, class, offset, reason)
	}
}

// TestCursorSticky: after a failed read every read returns zero values
// without moving, and the first error stays, with its offset.
func TestCursorSticky(t *testing.T) {
	data := append(marked(format.MarkerInt, 7), 0x10)   // UINT 7, then a NULL marker where a UINT belongs
	data = append(data, marked(format.MarkerInt, 9)...) // a valid UINT the cursor must not reach
	c := testCursor(data)
	if v := c.uint("first"); v != 7 || c.err != nil {
		t.Fatalf("first read: %d, %v", v, c.err)
	}
	if v := c.uint("second"); v != 0 {
		t.Errorf("failed read returned %d", v)
	}
	first := c.err
	wantDecodeError(t, first, format.ErrCorrupt, 9, "second: expected INT marker 0x12, found 0x10")
	pos := c.pos()

	if v := c.uint("third"); v != 0 {
		t.Errorf("uint after the error: %d", v)
	}
	if s := c.str("s"); s != "" {
		t.Errorf("str after the error: %q", s)
	}
	if v := c.value("v"); v != nil {
		t.Errorf("value after the error: %#v", v)
	}
	if n := c.count(1, "n"); n != 0 {
		t.Errorf("count after the error: %d", n)
	}
	if l := c.uintList("l"); len(l) != 0 {
		t.Errorf("uintList after the error: %v", l)
	}
	if b := c.take(1, "b"); b != nil {
		t.Errorf("take after the error: %v", b)
	}
	if _, ok := c.peekByte(); ok {
		t.Error("peekByte after the error reports a byte")
	}
	c.marker(format.MarkerInt, "m")
	c.corrupt(0, "a later check")
	c.truncated(100, "a later field")
	c.fail(errors.New("a later error"))
	if c.pos() != pos {
		t.Errorf("reads after the error moved the cursor from %d to %d", pos, c.pos())
	}
	if c.err != first {
		t.Errorf("the first error was replaced by %v", c.err)
	}
}

// TestCursorStickyFirstFailingField: in a list, the first element that
// fails is the one reported and the loop stops there, even when the count
// promises many more elements.
func TestCursorStickyFirstFailingField(t *testing.T) {
	data := marked(format.MarkerInt, 3) // three strings promised
	data = append(data, marked(format.MarkerString, 1)...)
	data = append(data, 'a')
	data = append(data, marked(format.MarkerString, 1000)...) // longer than the file
	data = append(data, bytes.Repeat([]byte{0x14}, 40)...)
	c := testCursor(data)
	if l := c.strList("name"); len(l) > 2 {
		t.Errorf("the list read on past the error: %q", l)
	}
	wantDecodeError(t, c.err, format.ErrTruncated, 20, "name: length 1000 exceeds the 40 bytes remaining")
	if c.pos() != 28 {
		t.Errorf("cursor at %d, want 28 (after the failing length)", c.pos())
	}
}

// TestCursorStickyNestedValue: an error deep inside a nested value stops
// every enclosing list, and the depth bookkeeping is unwound.
func TestCursorStickyNestedValue(t *testing.T) {
	// [[NULL, <truncated INT>], NULL]: the outer list promises a second element.
	data := []byte{0x17, 0x15}
	data = binary.LittleEndian.AppendUint64(data, 2)
	data = append(data, 0x17, 0x15)
	data = binary.LittleEndian.AppendUint64(data, 2)
	data = append(data, 0x17, 0x10, 0x17, 0x12, 1, 2)
	c := testCursor(data)
	c.value("v")
	wantDecodeError(t, c.err, format.ErrTruncated, 24, "v needs 8 bytes, 2 remain")
	if c.depth != 0 {
		t.Errorf("depth %d after the error, want 0", c.depth)
	}
}

// TestCursorNamesCostNothing: naming a field in parts allocates only when
// an error is reported.
func TestCursorNamesCostNothing(t *testing.T) {
	var data []byte
	for range 200 {
		data = append(data, marked(format.MarkerInt, 1)...)
	}
	c := testCursor(data)
	what := "in-edge"
	if n := testing.AllocsPerRun(100, func() { c.uint(what, " edge gid") }); n != 0 || c.err != nil {
		t.Errorf("a read named in parts allocates %v times (error %v)", n, c.err)
	}
}
