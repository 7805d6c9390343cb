package format

import (
	"errors"
	"fmt"
	"strings"
)

// Error classes. Every decode error wraps exactly one of them, so callers can
// tell a torn tail from corruption from a version they cannot read.
var (
	// ErrBadMagic: the file does not start with MGsn or MGwl.
	ErrBadMagic = errors.New("durascope: bad magic")
	// ErrUnsupportedVersion: the version field is outside MinVersion..MaxVersion.
	ErrUnsupportedVersion = errors.New("durascope: unsupported format version")
	// ErrTruncated: the bytes end before a value, record or section does.
	ErrTruncated = errors.New("durascope: truncated")
	// ErrCorrupt: the bytes are present but do not follow the format.
	ErrCorrupt = errors.New("durascope: corrupt")
	// ErrChecksum: a CRC does not match the bytes it covers.
	ErrChecksum = errors.New("durascope: checksum mismatch")
	// ErrTornTail: an unfinalized WAL ends inside a transaction. Memgraph drops
	// such a tail silently; the frames before it are valid.
	ErrTornTail = errors.New("durascope: torn tail")
	// ErrInconsistent: the bytes decode, but what they say cannot be applied
	// (a vertex created twice, an edge to a missing vertex); Memgraph's
	// recovery fails on it.
	ErrInconsistent = errors.New("durascope: inconsistent data")
)

// NoOffset marks a finding or item that is not tied to a byte of a file.
const NoOffset = -1

// DecodeError locates a decode failure. Err is one of the class sentinels
// above (or wraps one), so errors.Is works through a *DecodeError.
type DecodeError struct {
	File    string // path, if known
	Offset  int64  // absolute byte offset where the problem was found
	Section string // snapshot section or "header", "summary", "delta"
	Record  string // e.g. "vertex #12 gid 40", "frame #7 VERTEX_SET_PROPERTY", "transaction #3"
	Reason  string // what is wrong, in words
	Err     error  // class sentinel
}

func (e *DecodeError) Error() string {
	s := ""
	if e.File != "" {
		s = e.File + ": "
	}
	s += fmt.Sprintf("offset %d", e.Offset)
	if e.Section != "" {
		s += " in " + e.Section
	}
	if e.Record != "" {
		s += " (" + e.Record + ")"
	}
	class := strings.ReplaceAll(ClassName(e.Err), "_", " ")
	if class == "" || class == ClassIO {
		class = "error"
	}
	return s + ": " + class + ": " + e.Reason
}

func (e *DecodeError) Unwrap() error { return e.Err }

// UnsupportedVersionError reports the version a file claims.
type UnsupportedVersionError struct {
	Version Version
}

func (e *UnsupportedVersionError) Error() string {
	return fmt.Sprintf("format version %d is outside the supported range %d..%d",
		uint64(e.Version), uint64(MinVersion), uint64(MaxVersion))
}

func (e *UnsupportedVersionError) Unwrap() error { return ErrUnsupportedVersion }

// classNames names each error class, most specific first (an error can
// wrap several; the first match names it).
var classNames = []struct {
	err  error
	name string
}{
	{ErrTornTail, "torn_tail"}, {ErrTruncated, "truncated"}, {ErrChecksum, "checksum"},
	{ErrUnsupportedVersion, "unsupported_version"}, {ErrBadMagic, "bad_magic"},
	{ErrCorrupt, "corrupt"}, {ErrInconsistent, "inconsistent"},
}

// ClassIO names the class of an error outside the decode classes: the
// file could not be read at all.
const ClassIO = "io"

// ClassName names the error class err belongs to ("torn_tail", "truncated",
// "checksum", "unsupported_version", "bad_magic", "corrupt",
// "inconsistent"), ClassIO when it wraps none, and "" for nil. Reports and
// JSON name classes with it.
func ClassName(err error) string {
	if err == nil {
		return ""
	}
	for _, c := range classNames {
		if errors.Is(err, c.err) {
			return c.name
		}
	}
	return ClassIO
}

// IsTornTail reports whether err says an unfinalized WAL ends inside a
// transaction: recoverable, Memgraph keeps every frame before it.
func IsTornTail(err error) bool { return errors.Is(err, ErrTornTail) }
