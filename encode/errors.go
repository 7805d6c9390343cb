package encode

import (
	"errors"
	"fmt"
	"strings"

	"github.com/durascope/durascope/format"
)

// Error classes. A *ModelError wraps one or both of the first two; a
// *LayoutError wraps ErrLayout.
var (
	// ErrUnrepresentable: the model holds something the target format
	// version has no bytes for (a field or section added by a later feature,
	// or removed by one).
	ErrUnrepresentable = errors.New("encode: not representable in this format version")
	// ErrInvalidModel: the model is self-contradictory, or would be written
	// in a shape that does not read back as the same model.
	ErrInvalidModel = errors.New("encode: invalid model")
	// ErrLayout: the offsets recorded in a snapshot model do not describe a
	// file (sections overlap, leave holes, or disagree with the records).
	ErrLayout = errors.New("encode: inconsistent recorded layout")
)

// Issue is one thing a model cannot be encoded with.
type Issue struct {
	// Where names the part of the model: "indices.label_stats",
	// "vertex #3 (gid 7) property 2", "frame #12 EDGE_SET_PROPERTY".
	Where string
	// What says what is wrong, in words.
	What string
	// Feature is the format feature involved, if any.
	Feature format.Feature
	// Unrepresentable is true when the target version lacks (or no longer
	// has) the bytes for it, false when the model itself is invalid.
	Unrepresentable bool
}

func (i Issue) String() string {
	s := i.Where + ": " + i.What
	if i.Feature != format.NoFeature {
		s += " [" + i.Feature.String() + "]"
	}
	return s
}

// maxIssues bounds how many issues one ModelError lists.
const maxIssues = 64

// ModelError lists what keeps a model from being encoded at Version.
type ModelError struct {
	Version format.Version
	Issues  []Issue
	// Omitted counts further issues beyond the ones listed.
	Omitted int
}

func (e *ModelError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "encode: cannot write the model as format %s: ", e.Version)
	for i, is := range e.Issues {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(is.String())
	}
	if e.Omitted > 0 {
		fmt.Fprintf(&b, "; and %d more", e.Omitted)
	}
	return b.String()
}

// Unwrap returns ErrUnrepresentable and/or ErrInvalidModel, by the issues held.
func (e *ModelError) Unwrap() []error {
	var unrep, invalid bool
	for _, is := range e.Issues {
		if is.Unrepresentable {
			unrep = true
		} else {
			invalid = true
		}
	}
	var out []error
	if unrep {
		out = append(out, ErrUnrepresentable)
	}
	if invalid || !unrep {
		out = append(out, ErrInvalidModel)
	}
	return out
}

// LayoutError says why a snapshot model's recorded offsets cannot be used.
type LayoutError struct {
	Reason string
}

func (e *LayoutError) Error() string { return "encode: recorded snapshot layout unusable: " + e.Reason }

// Unwrap returns ErrLayout.
func (e *LayoutError) Unwrap() error { return ErrLayout }

func layoutErr(msg string, args ...any) error {
	return &LayoutError{Reason: fmt.Sprintf(msg, args...)}
}

// issues collects Issues for one version.
type issues struct {
	v    format.Version
	list []Issue
	more int
}

func (c *issues) add(is Issue) {
	if len(c.list) >= maxIssues {
		c.more++
		return
	}
	c.list = append(c.list, is)
}

// unrep records a field the version has no bytes for; feature names the
// format feature that adds it (or, with removed, takes it away).
func (c *issues) unrep(where, what string, feature format.Feature) {
	c.add(Issue{Where: where, What: what, Feature: feature, Unrepresentable: true})
}

// needs records that the version lacks feature for what.
func (c *issues) needs(where, what string, feature format.Feature) {
	c.unrep(where, what+" needs "+feature.String()+" (format "+feature.First().String()+"+)", feature)
}

func (c *issues) invalid(where, what string) {
	c.add(Issue{Where: where, What: what})
}

// refuse records what keeps a value or a field from being written: a
// feature the version lacks when one is named, else an invalid model.
func (c *issues) refuse(where, what string, feature format.Feature) {
	if feature != format.NoFeature {
		c.needs(where, what, feature)
	} else {
		c.invalid(where, what)
	}
}

// enum records a small enumeration value past its last defined code: the
// decoder refuses it (spec/primitives.md §5).
func (c *issues) enum(where, what string, v, last uint64) {
	if v > last {
		c.invalid(where, fmt.Sprintf("%s %d is not one of 0..%d", what, v, last))
	}
}

func (c *issues) err() error {
	if len(c.list) == 0 {
		return nil
	}
	return &ModelError{Version: c.v, Issues: c.list, Omitted: c.more}
}

func (c *issues) ok() bool { return len(c.list) == 0 }

func checkVersion(v format.Version) error {
	if !v.Supported() {
		return &format.UnsupportedVersionError{Version: v}
	}
	return nil
}
