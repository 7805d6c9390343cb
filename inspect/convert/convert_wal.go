package convert

import (
	"errors"
	"fmt"
	"io"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/inspect"
)

// walConv converts WAL transactions from the features sf to tf, one
// transaction at a time, keeping only what later frames depend on: the
// enums (to name enum values), edge endpoints (when the target needs the
// from-vertex the source lacks), text index labels (when the target's
// TEXT_INDEX_DROP carries one the source's does not), and which creates
// and statistics were dropped (so their drops go too).
type walConv struct {
	sf, tf format.Features
	report *Report
	enums  stateEnums

	edgeFrom    map[uint64]uint64            // edge gid -> from-vertex gid
	textTargets map[string]string            // text index name -> label
	droppedName map[string]format.FeatureSet // "text:" or "vector:" + name -> needs of its dropped create
	lpKept      map[string]int               // label -> label+properties statistics entries kept
	lpDropped   map[string]format.FeatureSet // label -> needs of dropped statistics entries
	lpDropCount map[string]int
}

func newWALConv(sf, tf format.Features, r *Report) *walConv {
	return &walConv{sf: sf, tf: tf, report: r, edgeFrom: map[uint64]uint64{}, textTargets: map[string]string{},
		droppedName: map[string]format.FeatureSet{}, lpKept: map[string]int{}, lpDropped: map[string]format.FeatureSet{}, lpDropCount: map[string]int{}}
}

// txn converts the frames of one complete source transaction (index i) to
// the target's framing (format.AppendTxn): commit flag kept, access type
// kept or assumed, metadata deltas first.
// It returns nil when nothing of the transaction survives.
func (c *walConv) txn(frames []format.Frame, i int) []format.Frame {
	if len(frames) == 0 {
		return nil
	}
	ts := frames[0].Timestamp
	commit, access, hasAccess := true, uint64(0), false
	for _, fr := range frames {
		if s, ok := fr.Delta.(format.TxnStart); ok {
			commit, access, hasAccess = s.Commit, s.AccessType, c.sf.Has(format.FeatTxnAccessType)
		}
	}
	if !commit && !c.tf.Has(format.FeatTxnStart) {
		// Before TxnStart every transaction is applied; an aborted one can
		// only be left out. Its values still count for compat.
		content := 0
		for _, fr := range frames {
			deltaNeeds(fr.Marker, fr.Delta, &c.report.facts)
			if fr.Marker != format.DeltaTransactionStart && fr.Marker != format.DeltaTransactionEnd {
				content++
			}
		}
		var n format.FeatureSet
		n.Add(format.FeatTxnStart)
		c.report.drop(&Dropped{Kind: ItemTransaction, Feature: format.FeatTxnStart, Needs: n, Delta: format.DeltaTransactionStart.String(),
			Item: format.TxnStart{Commit: false},
			What: fmt.Sprintf("uncommitted transaction (commit timestamp %d, %d deltas) that Memgraph skips on recovery", ts, content)},
			frames[0].Offset, fmt.Sprintf("transaction #%d", i))
		return nil
	}
	t := format.Txn{Timestamp: ts, Commit: commit, Access: access}
	for j, fr := range frames {
		if fr.Marker == format.DeltaTransactionStart || fr.Marker == format.DeltaTransactionEnd {
			continue
		}
		if nf, keep := c.frame(fr, fmt.Sprintf("transaction #%d, frame #%d", i, j)); keep {
			t.Add(nf)
		}
	}
	if !hasAccess {
		// What Memgraph's writers use for such transactions.
		t.Access = format.AccessWrite
		if len(t.Metadata) > 0 {
			t.Access = format.AccessUnique
		}
	}
	return format.AppendTxn(nil, c.tf, t)
}

// frame converts one content frame; keep is false when it is dropped (and
// reported). A property whose value the target cannot hold is set to Null
// (removed) instead, so the name still reaches the mapper where it did.
func (c *walConv) frame(fr format.Frame, record string) (format.Frame, bool) {
	m := fr.Marker
	d := c.normalize(m, fr.Delta)
	c.enums.track(d)
	drop := func(dr *Dropped) (format.Frame, bool) {
		c.noteDropped(m, d, dr)
		c.report.drop(dr, fr.Offset, record)
		return fr, false
	}
	verdict := judge(c.tf, m, d, &c.report.facts, &c.enums)
	switch x := d.(type) {
	case format.VertexPropertyDelta:
		if verdict != nil {
			c.report.drop(verdict, fr.Offset, record)
			x.Value = format.Null{}
		}
		x.Value = convertValue(x.Value, c.tf)
		d = x
	case format.EdgePropertyDelta:
		if verdict != nil {
			c.report.drop(verdict, fr.Offset, record)
			x.Value = format.Null{}
		}
		x.Value = convertValue(x.Value, c.tf)
		if c.tf.Has(format.FeatEdgeSetFromVertex) && !c.sf.Has(format.FeatEdgeSetFromVertex) {
			from, ok := c.edgeFrom[x.Gid]
			if !ok {
				var n format.FeatureSet
				return drop(&Dropped{Kind: ItemDelta, Feature: format.FeatEdgeSetFromVertex, Needs: n, Delta: m.String(), Item: x,
					What: fmt.Sprintf("EDGE_SET_PROPERTY on edge %d, which this WAL does not create: the from-vertex gid the target needs is unknown", x.Gid)})
			}
			x.From = from
		}
		if !c.tf.Has(format.FeatEdgeSetFromVertex) {
			x.From = 0
		}
		switch {
		case !c.tf.Has(format.FeatEdgeSetToVertex):
			x.To, x.EdgeType = 0, ""
		case !c.sf.Has(format.FeatEdgeSetToVertex):
			x.To, x.EdgeType = format.UnknownGid, "" // what Memgraph writes when it does not know them
		}
		d = x
	default:
		if verdict != nil {
			return drop(verdict)
		}
		var dr *Dropped
		if d, dr = c.metadata(m, d); dr != nil {
			return drop(dr)
		}
	}
	fr.Delta = d
	return fr, true
}

// normalize puts the version-dependent fields of d in their
// version-independent form before judging.
func (c *walConv) normalize(m format.Marker, d format.Delta) format.Delta {
	switch x := d.(type) {
	case format.VectorIndexDelta:
		x.ScalarKind = effectiveScalarKind(c.sf, x.ScalarKind)
		return x
	case format.EdgeDelta:
		// Endpoints and labels are kept only when the target needs what
		// the source's deltas lack.
		if m == format.DeltaEdgeCreate && c.tf.Has(format.FeatEdgeSetFromVertex) && !c.sf.Has(format.FeatEdgeSetFromVertex) {
			c.edgeFrom[x.Gid] = x.From
		}
	case format.TextIndexDelta:
		if m != format.DeltaTextIndexDrop && c.sf.Has(format.FeatTextIndexProperties) && !c.tf.Has(format.FeatTextIndexProperties) {
			c.textTargets[x.Name] = x.Target
		}
	}
	return d
}

// metadata shapes a representable metadata delta for the target, or drops
// one whose create (or statistics) was dropped earlier.
func (c *walConv) metadata(m format.Marker, d format.Delta) (format.Delta, *Dropped) {
	tf := c.tf
	gone := func(key string) *Dropped {
		n := c.droppedName[key] | deltaNeeds(m, d, nil)
		delete(c.droppedName, key)
		return newDropped(m, d, n, n.MissingIn(tf), &c.enums)
	}
	switch x := d.(type) {
	case format.LabelPropertiesDelta:
		if !tf.Has(format.FeatDescIndices) {
			x.Order = 0
		}
		return x, nil
	case format.LabelPropertiesStatsDelta:
		c.lpKept[x.Label]++
	case format.LabelOnlyDelta:
		if m == format.DeltaLabelPropertiesIndexStatsClear {
			// A CLEAR removes one entry; if only dropped entries are left,
			// it goes with them (replaying it would fail).
			switch {
			case c.lpKept[x.Label] > 0:
				c.lpKept[x.Label]--
			case c.lpDropCount[x.Label] > 0:
				c.lpDropCount[x.Label]--
				n := c.lpDropped[x.Label] | deltaNeeds(m, d, nil)
				return d, newDropped(m, d, n, n.MissingIn(tf), &c.enums)
			}
		}
	case format.TextIndexDelta:
		if m == format.DeltaTextIndexDrop {
			if _, ok := c.droppedName["text:"+x.Name]; ok {
				return d, gone("text:" + x.Name)
			}
			if tf.Has(format.FeatTextIndexProperties) {
				x.Target = ""
			} else if x.Target == "" {
				t, ok := c.textTargets[x.Name]
				if !ok {
					var n format.FeatureSet
					n.Add(format.FeatEdgeIndices)
					n.Add(format.FeatTextIndexProperties)
					return d, &Dropped{Kind: ItemIndex, Feature: format.FeatTextIndexProperties, Needs: n, Offset: format.NoOffset, Delta: m.String(), Item: x,
						What: fmt.Sprintf("TEXT_INDEX_DROP of %q, which this WAL does not create: the label the target's drop carries is unknown", x.Name)}
				}
				x.Target = t
			}
			return x, nil
		}
		delete(c.droppedName, "text:"+x.Name) // a create kept under a reused name
	case format.NameOnlyDelta:
		if _, ok := c.droppedName["vector:"+x.Name]; ok {
			return d, gone("vector:" + x.Name)
		}
	case format.VectorIndexDelta:
		delete(c.droppedName, "vector:"+x.Name)
		if !tf.Has(format.FeatVectorScalarKind) {
			x.ScalarKind = 0
		}
		if !tf.Has(format.FeatVectorMultiLabel) {
			x.Mode = 0
		}
		return x, nil
	case format.DescriptionDelta:
		if x.Value != nil {
			x.Value = convertValue(x.Value, tf)
		}
		return x, nil
	}
	return d, nil
}

// noteDropped remembers the needs of a dropped create that later deltas refer
// to by name.
func (c *walConv) noteDropped(m format.Marker, d format.Delta, dr *Dropped) {
	n := dr.Needs
	switch x := d.(type) {
	case format.TextIndexDelta:
		if m != format.DeltaTextIndexDrop {
			c.droppedName["text:"+x.Name] = n
		}
	case format.VectorIndexDelta:
		c.droppedName["vector:"+x.Name] = n
	case format.LabelPropertiesStatsDelta:
		c.lpDropped[x.Label] |= n
		c.lpDropCount[x.Label]++
	}
}

// WAL converts the WAL src to version v, streaming one transaction
// at a time into w (an io.WriteSeeker or io.WriterAt when the target is
// finalized). To its own version the file is copied frame by frame and
// reproduces the input's bytes (a torn tail included). Otherwise a torn
// tail is left out (as Memgraph drops it) and the target is finalized when
// the source is finalized or predates WALSummary. With w nil nothing is
// written: the report of what would be dropped.
func WAL(src *decode.WAL, r io.ReaderAt, w io.Writer, v format.Version) (*Report, error) {
	return convertWAL(src, r, w, v, false)
}

// convertWAL is WAL; with salvage, damage ends the conversion as a torn
// tail does (what Memgraph recovers of an unfinalized file), and is
// reported as left behind.
func convertWAL(src *decode.WAL, r io.ReaderAt, w io.Writer, v format.Version, salvage bool) (*Report, error) {
	if !v.Supported() {
		return nil, &format.UnsupportedVersionError{Version: v}
	}
	report := newReport(datadir.KindWAL, src.Header.Version, v)
	if v == src.Header.Version && w != nil && !salvage {
		report.Exact = true
		return report, copyWAL(src, r, w, report)
	}
	tf := format.FeaturesOf(v)
	conv := newWALConv(src.Features, tf, report)
	var ww *encode.WALWriter
	if w != nil {
		h := format.WALHeader{Version: v, UUID: src.Header.UUID, Epoch: src.Header.Epoch, SeqNum: src.Header.SeqNum}
		if len(src.Header.Gap) > 0 {
			report.note("%d bytes between the header and the first frame left out", len(src.Header.Gap))
		}
		finalize := tf.Has(format.FeatWALSummary) && (src.Finalized() || !src.Features.Has(format.FeatWALSummary))
		var err error
		if ww, err = encode.NewWALWriter(w, h, &encode.WALOptions{Finalize: finalize}); err != nil {
			return report, err
		}
	}
	for {
		t, err := src.NextTransaction()
		if err == io.EOF {
			break
		}
		if err != nil {
			if format.IsTornTail(err) {
				report.TornTail = true
				report.note("torn tail at offset %d (an incomplete transaction) left out, as Memgraph drops it", src.CompleteEnd())
				break
			}
			if salvage {
				report.LeftBehind = append(report.LeftBehind, inspect.Finding{File: src.Path(), Offset: src.CompleteEnd(), Check: "convert.left_behind",
					Severity: inspect.SeverityError, Message: fmt.Sprintf("everything from offset %d on is left behind: %s", src.CompleteEnd(), datadir.BriefError(err))})
				break
			}
			return report, err
		}
		out := conv.txn(t.Frames, t.Index)
		if ww == nil || len(out) == 0 {
			continue
		}
		for _, fr := range out {
			if err := ww.WriteFrame(fr); err != nil {
				return report, err
			}
		}
	}
	if ww == nil {
		return report, nil
	}
	if err := ww.Close(); err != nil {
		return report, err
	}
	tot := ww.Totals()
	report.Transactions, report.Deltas = tot.Transactions, tot.Frames
	return report, nil
}

// copyWAL reproduces a WAL at its own version: header as read, frames as
// decoded, the torn tail verbatim. CRCs are recomputed, which gives the
// stored ones for a file that decodes.
func copyWAL(src *decode.WAL, r io.ReaderAt, w io.Writer, report *Report) error {
	ww, err := encode.NewWALWriter(w, src.Header, &encode.WALOptions{})
	if err != nil {
		return err
	}
	for {
		fr, err := src.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if !format.IsTornTail(err) {
				return err
			}
			tail := make([]byte, src.Size()-src.FramesEnd())
			if _, err := r.ReadAt(tail, src.FramesEnd()); err != nil && !errors.Is(err, io.EOF) {
				return err
			}
			report.TornTail = true
			report.note("torn tail of %d bytes copied as it is", len(tail))
			if err := ww.WriteTail(tail); err != nil {
				return err
			}
			break
		}
		if err := ww.WriteFrame(fr); err != nil {
			return err
		}
	}
	if err := ww.Close(); err != nil {
		return err
	}
	tot := ww.Totals()
	report.Transactions, report.Deltas = tot.Transactions, tot.Frames
	return nil
}
