package storage

import (
	"errors"

	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/format"
)

// What a format version can hold is decided by the rules the rest of the
// project uses: format.DeltaFeature for the delta itself, and the
// encoder's own model check (encode.CheckWAL) for its fields and values.
// The store asks them with the frame an operation would write.

// checkFrame refuses a frame the store's version cannot write.
func (s *Storage) checkFrame(what string, m format.Marker, d format.Delta) error {
	f := s.features
	if feat, ok := format.DeltaFeature(m); ok && !f.Has(feat) {
		return &UnrepresentableError{Version: f.Version, Feature: feat, What: what}
	}
	t := format.Txn{Timestamp: 1, Commit: true}
	t.Add(format.Frame{Marker: m, Delta: d})
	frames := format.AppendTxn(nil, f, t)
	err := encode.CheckWAL(&format.WAL{Header: format.WALHeader{Version: f.Version}, Frames: frames})
	if err == nil {
		return nil
	}
	u := &UnrepresentableError{Version: f.Version, What: what, Err: err}
	var me *encode.ModelError
	if errors.As(err, &me) {
		for _, is := range me.Issues {
			if is.Feature != format.NoFeature {
				u.Feature = is.Feature
				break
			}
		}
	}
	return u
}

// needsCheck reports whether v holds a value type that some version lacks
// or that can be malformed (points, temporals, enums...): only those are
// worth a model check on the write path.
func needsCheck(v format.Value) bool {
	switch x := v.(type) {
	case nil, format.Null, format.Bool, format.Int, format.Double, format.String:
		return false
	case format.List:
		for _, e := range x {
			if needsCheck(e) {
				return true
			}
		}
		return false
	case format.Map:
		for _, e := range x {
			if needsCheck(e.Value) {
				return true
			}
		}
		return false
	}
	return true
}

// checkValue refuses a property value the store's version cannot write.
func (s *Storage) checkValue(prop string, v format.Value) error {
	if !needsCheck(v) {
		return nil
	}
	return s.checkFrame("the value of property "+prop, format.DeltaVertexSetProperty,
		format.VertexPropertyDelta{Property: prop, Value: fileValue(v, s.features)})
}
