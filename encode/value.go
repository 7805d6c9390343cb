package encode

import "github.com/durascope/durascope/format"

// AppendValue appends v as a property value (0x17, the type marker and its
// payload) of format version ver to dst: the inverse of decode.Value. A value
// the version cannot hold is refused with a *ModelError and dst is returned
// unchanged.
func AppendValue(dst []byte, v format.Value, ver format.Version) ([]byte, error) {
	if err := checkVersion(ver); err != nil {
		return dst, err
	}
	c := &issues{v: ver}
	c.value(format.FeaturesOf(ver), v, "value")
	if err := c.err(); err != nil {
		return dst, err
	}
	e := enc{b: dst}
	e.value(v)
	return e.b, nil
}
