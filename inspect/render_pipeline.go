package inspect

import (
	"errors"
	"runtime"
	"unsafe"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
)

// pipelined runs walk, which reads and decodes a file, on a goroutine of
// its own, and hands what it emits to out on the calling goroutine in
// blocks of records, in order: decoding and rendering each take a core.
// An error from out stops the walk. With one core it runs walk(out).
func pipelined(walk func(recordSink) error, out recordSink) error {
	if runtime.GOMAXPROCS(0) < 2 {
		return walk(out)
	}
	p := &pipe{full: make(chan *recordBlock, pipeDepth), free: make(chan *recordBlock, pipeDepth+2), stop: make(chan struct{})}
	go p.produce(walk)
	var err error
	for b := range p.full {
		if err == nil {
			if err = b.replay(out); err != nil {
				close(p.stop)
			}
		}
		b.reset()
		select {
		case p.free <- b:
		default:
		}
	}
	if err != nil {
		return err
	}
	return p.err // written before full was closed
}

const (
	// blockItems is how many records a block carries at most; fewer when
	// they hold blockBytes (large records: a vertex with a vector of
	// thousands of doubles, or with thousands of edges).
	blockItems = 1024
	blockBytes = 512 << 10
	// pipeDepth is how many full blocks wait for the renderer at most, so
	// memory stays bounded however far decoding runs ahead.
	pipeDepth = 4
)

// errPipeStopped ends a walk whose records are no longer wanted.
var errPipeStopped = errors.New("dump: rendering stopped")

type pipe struct {
	full chan *recordBlock // to the renderer, in order; closed at the end of the walk
	free chan *recordBlock // rendered blocks, for reuse
	stop chan struct{}     // closed when the renderer fails
	err  error             // the walk's
}

func (p *pipe) produce(walk func(recordSink) error) {
	defer close(p.full)
	b := &recordBlock{}
	added := func() error {
		if len(b.kinds) < blockItems && !b.large() {
			return nil
		}
		return p.send(&b)
	}
	err := walk(recordSink{
		record: func(r Record) error {
			b.kinds, b.records = append(b.kinds, itemRecord), append(b.records, r)
			return added()
		},
		frames: func(v format.Version, frames []walFrame) error {
			b.version, b.kinds = v, append(b.kinds, itemFrames)
			b.addFrames(frames)
			if len(b.frames) < blockItems && !b.large() {
				return nil
			}
			return p.send(&b)
		},
		snap: func(v format.Version, r *snapRecord) error {
			b.version, b.kinds = v, append(b.kinds, itemSnap)
			b.addSnap(r)
			return added()
		},
	})
	if errors.Is(err, errPipeStopped) {
		return
	}
	if len(b.kinds) > 0 {
		p.send(&b)
	}
	p.err = err
}

// send hands *b to the renderer and puts an empty block in its place.
func (p *pipe) send(b **recordBlock) error {
	select {
	case p.full <- *b:
	case <-p.stop:
		return errPipeStopped
	}
	select {
	case *b = <-p.free:
	default:
		*b = &recordBlock{}
	}
	return nil
}

type itemKind uint8

const (
	itemRecord itemKind = iota
	itemFrames          // a run of frames
	itemSnap            // an edge or vertex record
)

// recordBlock is a run of the records of one file, as a recordSink
// received them: kinds says in which order, each kind is in its own slice.
// Frames come in runs (runs says how many frames each), their values'
// bytes in vals (valSpans: where each frame's start and end).
type recordBlock struct {
	kinds    []itemKind
	records  []Record
	runs     []int
	frames   []walFrame
	valSpans [][2]int
	// Edge and vertex records, their slices in the arenas after them.
	snaps   []blockSnap
	labels  []uint64
	props   []snapProp
	refs    []format.EdgeRef
	vals    []byte
	values  *decode.ValueReader
	rec     snapRecord     // a record of the block as replay passes it on
	version format.Version // of the frames, edges and vertices
}

// blockSnap is an edge or vertex record of a block: its slices are
// ranges of the block's arenas.
type blockSnap struct {
	vertex                         bool
	offset, gid                    uint64
	labels, props, vals, in, out   int // where each starts in its arena
	nLabels, nProps, nIn, nOut, nV int
}

// large says whether the block's arenas hold blockBytes: it is sent
// however few records it has, so that memory does not grow with theirs.
func (b *recordBlock) large() bool {
	const refSize, propSize = int(unsafe.Sizeof(format.EdgeRef{})), int(unsafe.Sizeof(snapProp{}))
	return len(b.vals)+8*len(b.labels)+refSize*len(b.refs)+propSize*len(b.props) >= blockBytes
}

// addFrames copies a run of frames into the block.
func (b *recordBlock) addFrames(frames []walFrame) {
	b.runs = append(b.runs, len(frames))
	for k := range frames {
		from := len(b.vals)
		b.vals = append(b.vals, frames[k].fields.val...)
		b.valSpans = append(b.valSpans, [2]int{from, len(b.vals)})
	}
	n := len(b.frames)
	b.frames = append(b.frames, frames...)
	for k := range b.frames[n:] {
		b.frames[n+k].fields.val = nil // replay points it at vals
	}
}

// addSnap copies r into the block.
func (b *recordBlock) addSnap(r *snapRecord) {
	b.snaps = append(b.snaps, blockSnap{vertex: r.vertex, offset: r.offset, gid: r.gid,
		labels: len(b.labels), props: len(b.props), vals: len(b.vals), in: len(b.refs), out: len(b.refs) + len(r.in),
		nLabels: len(r.labels), nProps: len(r.props), nIn: len(r.in), nOut: len(r.out), nV: len(r.vals)})
	b.labels = append(b.labels, r.labels...)
	b.props = append(b.props, r.props...)
	b.refs = append(append(b.refs, r.in...), r.out...)
	b.vals = append(b.vals, r.vals...)
	b.values = r.values
}

// snap is the k-th edge or vertex record of the block, as it was added.
func (b *recordBlock) snap(k int) *snapRecord {
	s, r := &b.snaps[k], &b.rec
	*r = snapRecord{vertex: s.vertex, offset: s.offset, gid: s.gid,
		labels: b.labels[s.labels : s.labels+s.nLabels], props: b.props[s.props : s.props+s.nProps],
		in: b.refs[s.in : s.in+s.nIn], out: b.refs[s.out : s.out+s.nOut], vals: b.vals[s.vals : s.vals+s.nV], values: b.values}
	return r
}

// replay passes the block's records to out, in order.
func (b *recordBlock) replay(out recordSink) error {
	var r, run, f, sn int
	for _, k := range b.kinds {
		var err error
		switch k {
		case itemRecord:
			err = out.record(b.records[r])
			r++
		case itemFrames:
			frames := b.frames[f : f+b.runs[run]]
			for k := range frames {
				span := b.valSpans[f+k]
				frames[k].fields.val = b.vals[span[0]:span[1]]
			}
			err = out.frames(b.version, frames)
			run, f = run+1, f+len(frames)
		case itemSnap:
			err = out.snap(b.version, b.snap(sn))
			sn++
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (b *recordBlock) reset() {
	b.kinds, b.records, b.snaps = b.kinds[:0], b.records[:0], b.snaps[:0]
	b.labels, b.props, b.refs, b.vals, b.values = b.labels[:0], b.props[:0], b.refs[:0], b.vals[:0], nil
	b.runs, b.frames, b.valSpans = b.runs[:0], b.frames[:0], b.valSpans[:0]
}
