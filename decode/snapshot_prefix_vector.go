package decode

import "github.com/durascope/durascope/format"

// EdgeIndicesWith reads the edge-indices section as Section does, handing
// the vector indices' entries to entries as Snapshot.EdgeIndicesWith does
// (nil lets them go); ok is false when there is nothing to read there.
func (p *SnapshotPrefix) EdgeIndicesWith(entries VectorEntrySink) (ei format.EdgeIndices, ok bool, err error) {
	if p.s == nil || !p.inFile(p.Offsets[format.OffsetEdgeIndices]) {
		return ei, false, nil
	}
	ei, err = p.s.EdgeIndicesWith(entries)
	return ei, true, err
}

// VectorEntries reads again the entries of list, which EdgeIndicesWith
// read, as Snapshot.VectorEntries does.
func (p *SnapshotPrefix) VectorEntries(list VectorEntryList, sink VectorEntrySink) error {
	return p.s.VectorEntries(list, sink)
}
