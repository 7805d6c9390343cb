package inspect

import (
	"errors"
	"runtime"

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
	// blockItems is how many records a block carries.
	blockItems = 1024
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
		if len(b.kinds) < blockItems {
			return nil
		}
		return p.send(&b)
	}
	err := walk(recordSink{
		record: func(r Record) error {
			b.kinds, b.records = append(b.kinds, itemRecord), append(b.records, r)
			return added()
		},
		frame: func(v format.Version, txn int, fr *format.Frame) error {
			b.version, b.kinds, b.frames = v, append(b.kinds, itemFrame), append(b.frames, blockFrame{txn, *fr})
			return added()
		},
		edge: func(v format.Version, e *format.EdgeRecord) error {
			b.version, b.kinds, b.edges = v, append(b.kinds, itemEdge), append(b.edges, *e)
			return added()
		},
		vertex: func(v format.Version, vr *format.VertexRecord) error {
			b.version, b.kinds, b.vertices = v, append(b.kinds, itemVertex), append(b.vertices, *vr)
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
	itemFrame
	itemEdge
	itemVertex
)

// recordBlock is a run of the records of one file, as a recordSink
// received them: kinds says in which order, each kind is in its own slice.
type recordBlock struct {
	kinds    []itemKind
	records  []Record
	frames   []blockFrame
	edges    []format.EdgeRecord
	vertices []format.VertexRecord
	version  format.Version // of the frames, edges and vertices
}

type blockFrame struct {
	txn int
	fr  format.Frame
}

// replay passes the block's records to out, in order.
func (b *recordBlock) replay(out recordSink) error {
	var r, f, e, v int
	for _, k := range b.kinds {
		var err error
		switch k {
		case itemRecord:
			err = out.record(b.records[r])
			r++
		case itemFrame:
			err = out.emitFrame(b.version, b.frames[f].txn, &b.frames[f].fr)
			f++
		case itemEdge:
			err = out.emitEdge(b.version, &b.edges[e])
			e++
		case itemVertex:
			err = out.emitVertex(b.version, &b.vertices[v])
			v++
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (b *recordBlock) reset() {
	b.kinds, b.records, b.frames, b.edges, b.vertices = b.kinds[:0], b.records[:0], b.frames[:0], b.edges[:0], b.vertices[:0]
}
