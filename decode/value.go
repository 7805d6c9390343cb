package decode

import (
	"bytes"
	"fmt"

	"github.com/durascope/durascope/format"
)

// Value decodes one property value (0x17, a type marker and its payload, as
// spec/primitives.md §4 describes) as a file of version v holds it. b must
// hold exactly that value: bytes after it are ErrCorrupt. Errors are
// *format.DecodeError with offsets into b, like every decode error.
func Value(b []byte, v format.Version) (format.Value, error) {
	if !v.Supported() {
		return nil, &format.DecodeError{Section: "value", Err: &format.UnsupportedVersionError{Version: v},
			Reason: fmt.Sprintf("version %d", uint64(v))}
	}
	c := newCursor(bytes.NewReader(b), 0, int64(len(b)), format.FeaturesOf(v))
	val := c.value("property value")
	if c.remaining() > 0 {
		c.corrupt(c.pos(), "%d bytes follow the property value", c.remaining())
	}
	if c.err != nil {
		return nil, locate(c.err, "", "value", "")
	}
	return val, nil
}
