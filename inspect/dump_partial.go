package inspect

import (
	"cmp"
	"errors"
	"slices"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/format"
)

// SnapshotBlocked returns why the records of snapshot f cannot be read at
// all: it does not open, or its batch tables do not read (in a file cut
// short, the tables are near the end). nil when they can be, or for a
// file durascope cannot read.
func SnapshotBlocked(f *datadir.File) error {
	s, err := f.Snapshot()
	if err == nil {
		_, _, _, err = s.BatchTables()
	}
	if err == nil || format.ClassName(err) == format.ClassIO {
		return nil
	}
	return err
}

// BestEffortError is the error that keeps a snapshot's records from being
// read, after a best-effort dump of what decodes of it.
type BestEffortError struct {
	Err error
	// Bad is where the first record or section that does not decode
	// starts; -1 when everything read decodes (the header or the table
	// is what stops).
	Bad int64
}

func (e *BestEffortError) Error() string { return e.Err.Error() }
func (e *BestEffortError) Unwrap() error { return e.Err }

// errNotInFile: a section whose table entry was not read, or points past
// the end of the file.
var errNotInFile = errors.New("not in the part of the file read")

// prefixSource reads a snapshot whose records cannot be read (openErr) as
// far as it goes (decode.ReadSnapshotPrefix): its records have Partial set, and the
// walk ends in a *BestEffortError.
func prefixSource(f *datadir.File, openErr error) recordSource {
	p := decode.ReadSnapshotPrefix(f.ReaderAt(), f.Size, f.Path)
	section := func(slot format.OffsetSlot) (any, error) {
		if slot == format.OffsetEdgeIndices {
			// Its entries are not held: they print as they are read again.
			v, ok, err := readPrefixEdgeIndicesView(p)
			if !ok {
				return nil, errNotInFile
			}
			return v, err
		}
		v, ok, err := p.Section(slot)
		if !ok {
			return nil, errNotInFile
		}
		return v, err
	}
	return recordSource{name: f.Path, kind: f.Kind, partial: true,
		walk: func(emit func(Record) error) error { return walkPrefix(p, section, emit, openErr) },
		mapper: func() ([]format.MapperEntry, error) {
			v, err := section(format.OffsetMapper)
			if err != nil {
				return nil, err
			}
			return v.([]format.MapperEntry), nil
		},
		enums: func() ([]format.EnumType, error) {
			v, err := section(format.OffsetEnums)
			if err != nil {
				return nil, err
			}
			return v.([]format.EnumType), nil
		}}
}

// walkPrefix emits the header and the table entries read, then, in file
// order, the records and the sections that start inside the file, each as
// far as it decodes.
func walkPrefix(p *decode.SnapshotPrefix, section func(format.OffsetSlot) (any, error), emit func(Record) error, openErr error) error {
	fn := func(r Record) error { r.Version, r.Partial = p.Version, true; return emit(r) }
	bad := int64(-1)
	failed := func(at int64) {
		if bad < 0 || at < bad {
			bad = at
		}
	}
	done := func() error { return &BestEffortError{Err: openErr, Bad: bad} }
	if p.Version == 0 {
		return done()
	}
	if err := fn(Record{Offset: 0, Kind: "header", Value: SnapshotHeader{Magic: format.SnapshotMagic, Version: p.Version}}); err != nil {
		return err
	}
	if len(p.Slots) > 0 {
		var offsets []OffsetEntry
		for _, slot := range p.Slots {
			offsets = append(offsets, OffsetEntry{Section: slot.String(), Offset: p.Offsets[slot]})
		}
		if err := fn(Record{Offset: 12, Kind: "offsets", Value: offsets}); err != nil {
			return err
		}
	}
	if p.TableEnd == 0 {
		return done()
	}
	type item struct {
		offset int64
		emit   func() error
	}
	items := []item{{p.TableEnd, func() error {
		at, err := p.Records(func(e format.EdgeRecord) error {
			return fn(Record{Offset: int64(e.Offset), Kind: "edge", Value: e})
		}, func(v format.VertexRecord) error {
			return fn(Record{Offset: int64(v.Offset), Kind: "vertex", Value: v})
		})
		if at >= 0 {
			failed(at)
		}
		return err
	}}}
	kinds := map[format.OffsetSlot]string{format.OffsetMetadata: "metadata", format.OffsetMapper: "mapper",
		format.OffsetEpochHistory: "epoch_history", format.OffsetIndices: "indices", format.OffsetConstraints: "constraints",
		format.OffsetEnums: "enums", format.OffsetEdgeIndices: "edge_indices", format.OffsetTTL: "ttl",
		format.OffsetDescriptions: "descriptions"}
	for _, slot := range p.Slots {
		off := int64(p.Offsets[slot])
		kind, ok := kinds[slot]
		if slot == format.OffsetEdgeBatches {
			kind, ok = "edge_batches", true
		}
		if !ok || off == 0 {
			continue
		}
		items = append(items, item{off, func() error {
			v, err := section(slot)
			switch {
			case errors.Is(err, errNotInFile):
				return nil // not in the file
			case err != nil:
				failed(off)
				return nil
			}
			if slot != format.OffsetEdgeBatches {
				return fn(Record{Offset: off, Kind: kind, Value: v})
			}
			tables := v.([2][]format.Batch)
			if err := fn(Record{Offset: off, Kind: "edge_batches", Value: tables[0]}); err != nil {
				return err
			}
			return fn(Record{Offset: int64(p.Offsets[format.OffsetVertexBatches]), Kind: "vertex_batches", Value: tables[1]})
		}})
	}
	slices.SortStableFunc(items, func(a, b item) int { return cmp.Compare(a.offset, b.offset) })
	for _, it := range items {
		if err := it.emit(); err != nil {
			return err
		}
	}
	return done()
}
