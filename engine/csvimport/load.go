package csvimport

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"slices"
	"time"
)

// Phases of an import, as Progress reports them.
const (
	PhaseNodes         = "nodes"
	PhaseRelationships = "relationships"
	PhaseSnapshot      = "snapshot"
)

// Progress is how far an import is. While reading, Done and Total are
// input bytes (of every file of the import); while the snapshot is
// written, bytes of the temporary file of vertex records.
type Progress struct {
	Phase       string
	File        string
	Rows        uint64
	Done, Total int64
}

// progressRows is how many rows pass between two Progress calls.
const progressRows = 1 << 14

// loader reads the CSV files into the id map and the spill files, row by
// row, with the old tool's rules and in its order: every --nodes flag,
// then every --relationships flag, each flag's files in turn.
type loader struct {
	o      *Options
	conv   converter
	names  *names
	ids    *idMap
	spaces map[string]uint64

	vertices *spill // vertex records, ascending gid
	edges    *spill // edge records, ascending gid (PropertiesOnEdges)
	adj      *adjSorter

	nextVertex, nextEdge uint64
	// Memgraph's timestamp sequence as the old tool drove it: every row
	// opened a transaction (a start timestamp) and every stored node or
	// relationship committed it (a commit timestamp); a skipped
	// relationship opened none.
	timestamp, lastCommit, committed uint64

	stats    Stats
	read     int64 // input bytes of finished files
	total    int64
	rec      []byte // the record being built
	vals     []byte // encoded values of the current row
	props    []rowProp
	labels   []uint64
	propSeen []uint64 // per name id: the row serial that set it
	serial   uint64
	typeBuf  []byte
	// edgesStart is when the first relationship file was opened.
	edgesStart time.Time
}

// rowProp is a property set by the current row: its id and its encoded
// value in vals.
type rowProp struct {
	id         uint64
	start, end int
}

// Stats counts what an import read and wrote.
type Stats struct {
	Files                int    `json:"files"`
	Rows                 uint64 `json:"rows"`
	Bytes                int64  `json:"bytes"`
	Nodes                uint64 `json:"nodes"`
	Relationships        uint64 `json:"relationships"`
	SkippedNodes         uint64 `json:"skipped_nodes"`
	SkippedRelationships uint64 `json:"skipped_relationships"`
	Labels               int    `json:"labels"`
	RelationshipTypes    int    `json:"relationship_types"`
	PropertyNames        int    `json:"property_names"`
	NodeIDs              int    `json:"node_ids"`
	// IDMapBytes is the memory of the node-id map at its largest, the
	// import's one structure that grows with the input.
	IDMapBytes int64 `json:"id_map_bytes"`
	// SpillBytes is what the temporary files held at their largest.
	SpillBytes int64 `json:"spill_bytes"`
}

func (l *loader) progress(phase, file string, r *Reader) {
	if l.o.Progress != nil {
		done := l.read
		if r != nil {
			done += r.Offset()
		}
		l.o.Progress(Progress{Phase: phase, File: file, Rows: l.stats.Rows, Done: done, Total: l.total})
	}
}

// loadAll reads every input.
func (l *loader) loadAll() error {
	for _, n := range l.o.Nodes {
		if err := l.loadFlag(n.Files, PhaseNodes, func(r *Reader, h *header) error { return l.nodeRow(r, h, n.Labels) }); err != nil {
			return err
		}
	}
	for i, rel := range l.o.Relationships {
		if i == 0 {
			l.edgesStart = time.Now()
		}
		if err := l.loadFlag(rel.Files, PhaseRelationships, func(r *Reader, h *header) error { return l.relationshipRow(r, h, rel) }); err != nil {
			return err
		}
	}
	return nil
}

// loadFlag reads the files of one flag as one CSV: the header is the first
// row of the first file.
func (l *loader) loadFlag(files []string, phase string, row func(*Reader, *header) error) error {
	var h *header
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			return &InputError{File: path, Problem: ProblemOpen, Reason: openReason(err)}
		}
		r := NewReader(f, path, Dialect{Delimiter: l.o.Delimiter, Quote: l.o.Quote, Trim: l.o.TrimStrings})
		err = l.loadFile(r, &h, phase, row)
		l.read += r.Offset()
		l.stats.Files++
		f.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

func openReason(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return "cannot open: " + pe.Err.Error()
	}
	return "cannot open: " + err.Error()
}

func (l *loader) loadFile(r *Reader, h **header, phase string, row func(*Reader, *header) error) error {
	l.progress(phase, r.path, r)
	for {
		ok, err := r.Next()
		if err != nil {
			return err
		}
		if *h == nil {
			// An empty first file still gives the header: one of no fields.
			if *h, err = l.header(r, phase == PhaseRelationships, ok); err != nil || !ok {
				return err
			}
			continue
		}
		if !ok {
			return nil
		}
		l.stats.Rows++
		if l.stats.Rows%progressRows == 0 {
			l.progress(phase, r.path, r)
		}
		hdr := *h
		if n, want := r.Len(), len(hdr.cols); n < want || (n > want && !l.o.IgnoreExtraColumns) {
			line, col := r.Position(min(n, want))
			return &InputError{File: r.path, Line: line, Column: col, Problem: ProblemColumnCount,
				Reason: fmt.Sprintf("expected as many fields as the header has (found %d, expected %d)", n, want)}
		}
		if err := row(r, hdr); err != nil {
			return err
		}
	}
}

func (l *loader) header(r *Reader, relationships, ok bool) (*header, error) {
	if !ok {
		h, _, _ := parseHeader(nil, relationships)
		return h, nil
	}
	fields := make([]string, r.Len())
	for i := range fields {
		fields[i] = string(r.Field(i))
	}
	h, bad, reason := parseHeader(fields, relationships)
	if bad >= 0 {
		line, col := r.Position(bad)
		return nil, &InputError{File: r.path, Line: line, Column: col, Problem: ProblemBadHeader, Reason: "header: " + reason}
	}
	return h, nil
}

// fieldError is a problem with field i of the current row.
func fieldError(r *Reader, h *header, i int, p Problem, reason string) *InputError {
	line, col := r.Position(i)
	name := h.cols[i].name
	if name == "" {
		name = ":" + h.cols[i].typ
	}
	return &InputError{File: r.path, Line: line, Column: col, Field: name, Problem: p, Reason: reason}
}

// rowError is a problem with the current row as a whole.
func rowError(r *Reader, p Problem, reason string) *InputError {
	line, col := r.Position(0)
	return &InputError{File: r.path, Line: line, Column: col, Problem: p, Reason: reason}
}

func (l *loader) warn(r *Reader, i int, p Problem, msg string) {
	line, col := r.Position(i)
	if l.o.Warn != nil {
		l.o.Warn(Warning{File: r.path, Line: line, Column: col, Problem: p, Message: msg})
	}
}

// space numbers a column's id space, once.
func (l *loader) space(c *column) uint64 {
	if !c.hasSpace {
		id, ok := l.spaces[c.space]
		if !ok {
			id = uint64(len(l.spaces))
			l.spaces[c.space] = id
		}
		c.spaceID, c.hasSpace = id, true
	}
	return c.spaceID
}

func showID(id []byte, space string) string {
	if space != "" {
		return fmt.Sprintf("'%s(%s)'", id, space)
	}
	return fmt.Sprintf("'%s'", id)
}

// propID maps a column's name, once.
func (l *loader) propID(c *column) uint64 {
	if !c.hasName {
		c.nameID, c.hasName = l.names.id([]byte(c.name)), true
	}
	return c.nameID
}

// setProp records a node property whose value was just appended to vals
// from start, as Memgraph's SetProperty followed by the old tool's check: a
// property the row already set (to anything but null) is an error,
// whatever the new value; a null value sets nothing.
func (l *loader) setProp(r *Reader, h *header, i int, id uint64, start int, null bool) error {
	for uint64(len(l.propSeen)) <= id {
		l.propSeen = append(l.propSeen, 0)
	}
	if l.propSeen[id] == l.serial {
		return fieldError(r, h, i, ProblemDuplicateProperty, fmt.Sprintf("the property %q is already set by an earlier field", h.cols[i].name))
	}
	if null {
		l.vals = l.vals[:start]
		return nil
	}
	l.propSeen[id] = l.serial
	l.props = append(l.props, rowProp{id, start, len(l.vals)})
	return nil
}

func (l *loader) nodeRow(r *Reader, h *header, extra []string) error {
	gid := l.nextVertex
	l.nextVertex++ // taken even when the row is skipped, as Memgraph's CreateVertex took it
	l.timestamp++  // the transaction's start timestamp
	l.serial++
	l.vals, l.props, l.labels = l.vals[:0], l.props[:0], l.labels[:0]
	hasID := false
	for i := range h.cols {
		c := &h.cols[i]
		v := r.Field(i)
		switch c.kind {
		case colID:
			if hasID {
				return fieldError(r, h, i, ProblemSeveralIDs, "only one ID column may be given")
			}
			var intID int64
			if l.o.IDType == IDInteger {
				var ok bool
				if intID, ok = parseCInt(v); !ok {
					return fieldError(r, h, i, ProblemBadInteger, fmt.Sprintf("node ID %q is not a valid integer (--id-type INTEGER)", v))
				}
			}
			if c.spaceErr != "" {
				return fieldError(r, h, i, ProblemBadIDField, c.spaceErr)
			}
			if !l.ids.Insert(l.space(c), v, gid) {
				if l.o.SkipDuplicateNodes {
					l.stats.SkippedNodes++
					l.warn(r, i, ProblemDuplicateNode, fmt.Sprintf("skipping duplicate node with ID %s", showID(v, c.space)))
					return nil
				}
				return fieldError(r, h, i, ProblemDuplicateNode, fmt.Sprintf("a node with ID %s already exists (--skip-duplicate-nodes skips it)", showID(v, c.space)))
			}
			hasID = true
			if c.name != "" {
				id, start := l.propID(c), len(l.vals)
				if l.o.IDType == IDInteger {
					l.vals = appendInt(l.vals, intID)
				} else {
					l.vals = appendString(l.vals, v)
				}
				if err := l.setProp(r, h, i, id, start, false); err != nil {
					return err
				}
			}
		case colLabel:
			if err := l.addLabels(r, h, i, v); err != nil {
				return err
			}
		case colIgnore:
		default:
			id, start := l.propID(c), len(l.vals)
			vals, null, cerr := l.conv.appendValue(l.vals, v, c)
			if cerr != nil {
				return fieldError(r, h, i, cerr.problem, cerr.reason)
			}
			l.vals = vals
			if err := l.setProp(r, h, i, id, start, null); err != nil {
				return err
			}
		}
	}
	for _, name := range extra {
		id := l.names.id([]byte(name))
		if slices.Contains(l.labels, id) {
			return rowError(r, ProblemDuplicateLabel, fmt.Sprintf("the label %q given with the files is already on the node", name))
		}
		l.labels = append(l.labels, id)
	}
	l.commit()
	l.stats.Nodes++
	return l.writeVertex(gid)
}

// addLabels adds the labels of a LABEL field (split at the array
// delimiter) in order; a label twice on a node is an error.
func (l *loader) addLabels(r *Reader, h *header, i int, v []byte) error {
	if len(v) == 0 {
		return nil
	}
	d := l.conv.arrayDelim
	for {
		label := v
		j := bytes.Index(v, d)
		if j >= 0 {
			label = v[:j]
		}
		id := l.names.id(label)
		if slices.Contains(l.labels, id) {
			return fieldError(r, h, i, ProblemDuplicateLabel, fmt.Sprintf("the label %q is already on the node", label))
		}
		l.labels = append(l.labels, id)
		if j < 0 {
			return nil
		}
		v = v[j+len(d):]
	}
}

// commit takes a commit timestamp.
func (l *loader) commit() {
	l.lastCommit = l.timestamp
	l.timestamp++
	l.committed++
}

// writeVertex spills the node record: gid, labels in order, properties by
// id.
func (l *loader) writeVertex(gid uint64) error {
	b := binary.AppendUvarint(l.rec[:0], gid)
	b = binary.AppendUvarint(b, uint64(len(l.labels)))
	for _, id := range l.labels {
		l.names.use(id, usedLabel)
		b = binary.AppendUvarint(b, id)
	}
	b = l.appendProps(b)
	l.rec = b
	return l.vertices.record(b)
}

func (l *loader) appendProps(b []byte) []byte {
	slices.SortFunc(l.props, func(x, y rowProp) int {
		if x.id < y.id {
			return -1
		}
		if x.id > y.id {
			return 1
		}
		return 0
	})
	b = binary.AppendUvarint(b, uint64(len(l.props)))
	for _, p := range l.props {
		l.names.use(p.id, usedProperty)
		b = binary.AppendUvarint(b, p.id)
		b = append(b, l.vals[p.start:p.end]...)
	}
	return b
}

// rowEnd is an endpoint of the relationship being read.
type rowEnd struct {
	gid uint64
	set bool
}

func (l *loader) relationshipRow(r *Reader, h *header, rel RelationshipFiles) error {
	var start, end rowEnd
	hasType := rel.HasType
	l.typeBuf = append(l.typeBuf[:0], rel.Type...)
	l.vals, l.props = l.vals[:0], l.props[:0]
	// Values by column (properties in std::map order come later).
	type colVal struct {
		start, end int
		null       bool
	}
	var vals [16]colVal
	colVals := vals[:0]
	if len(h.cols) > len(vals) {
		colVals = make([]colVal, 0, len(h.cols))
	}
	colVals = colVals[:len(h.cols)]
	// Both ends are looked up at once (their memory loads overlap); the
	// results are used in column order, as the old tool looked them up.
	var found [2]rowEnd
	if s, e := h.ends[0], h.ends[1]; s >= 0 && e >= 0 {
		g1, ok1, g2, ok2 := l.ids.GetPair(l.space(&h.cols[s]), r.Field(s), l.space(&h.cols[e]), r.Field(e))
		found = [2]rowEnd{{g1, ok1}, {g2, ok2}}
	}
	for i := range h.cols {
		c := &h.cols[i]
		v := r.Field(i)
		switch c.kind {
		case colStartID, colEndID:
			which, e := "START_ID", &start
			if c.kind == colEndID {
				which, e = "END_ID", &end
			}
			if e.set {
				return fieldError(r, h, i, ProblemSeveralIDs, "only one "+which+" column may be given")
			}
			if l.o.IDType == IDInteger {
				if _, ok := parseCInt(v); !ok {
					return fieldError(r, h, i, ProblemBadInteger, fmt.Sprintf("%s %q is not a valid integer (--id-type INTEGER)", which, v))
				}
			}
			if c.spaceErr != "" {
				return fieldError(r, h, i, ProblemBadIDField, c.spaceErr)
			}
			var gid uint64
			var ok bool
			if k := int(c.kind - colStartID); h.ends[1-k] >= 0 {
				gid, ok = found[k].gid, found[k].set
			} else {
				gid, ok = l.ids.Get(l.space(c), v)
			}
			if !ok {
				if l.o.SkipBadRelationships {
					l.stats.SkippedRelationships++
					l.warn(r, i, ProblemUnknownNode, fmt.Sprintf("skipping bad relationship with %s %s", which, showID(v, c.space)))
					return nil
				}
				return fieldError(r, h, i, ProblemUnknownNode, fmt.Sprintf("no node with ID %s (%s; --skip-bad-relationships skips the relationship)", showID(v, c.space), which))
			}
			*e = rowEnd{gid, true}
		case colType:
			if hasType {
				return fieldError(r, h, i, ProblemType, "only one relationship TYPE may be given (a second TYPE column, or a type given with the files)")
			}
			hasType = true
			l.typeBuf = append(l.typeBuf[:0], v...)
		case colIgnore:
		default:
			s := len(l.vals)
			vs, null, cerr := l.conv.appendValue(l.vals, v, c)
			if cerr != nil {
				return fieldError(r, h, i, cerr.problem, cerr.reason)
			}
			if h.repeated[i] {
				return fieldError(r, h, i, ProblemDuplicateProperty, fmt.Sprintf("the property %q is already set by an earlier field", c.name))
			}
			l.vals = vs
			colVals[i] = colVal{s, len(vs), null}
		}
	}
	switch {
	case !start.set:
		return rowError(r, ProblemMissingEndpoint, "START_ID must be set: the header has no START_ID column")
	case !end.set:
		return rowError(r, ProblemMissingEndpoint, "END_ID must be set: the header has no END_ID column")
	case !hasType:
		return rowError(r, ProblemType, "the relationship TYPE must be set: by a TYPE column or with the files (TYPE=FILE)")
	}
	l.timestamp++ // the transaction's start timestamp
	gid := l.nextEdge
	l.nextEdge++
	typ := l.names.id(l.typeBuf)
	for _, i := range h.byName {
		id := l.propID(&h.cols[i])
		if !l.o.PropertiesOnEdges {
			return fieldError(r, h, i, ProblemEdgeProperties, fmt.Sprintf("relationship property %q needs --storage-properties-on-edges", h.cols[i].name))
		}
		if cv := colVals[i]; !cv.null {
			l.props = append(l.props, rowProp{id, cv.start, cv.end})
		}
	}
	l.commit()
	l.stats.Relationships++
	l.names.use(typ, usedType)
	if l.o.PropertiesOnEdges {
		b := binary.AppendUvarint(l.rec[:0], gid)
		b = l.appendProps(b)
		l.rec = b
		if err := l.edges.record(b); err != nil {
			return err
		}
	}
	// The in entry first: entries then arrive in (edge, direction) order,
	// which the sorter's stable sort by vertex relies on.
	if err := l.adj.add(adjEntry{vertex: end.gid, edge: gid << 1, other: start.gid, typ: typ}); err != nil {
		return err
	}
	return l.adj.add(adjEntry{vertex: start.gid, edge: gid<<1 | 1, other: end.gid, typ: typ})
}
