package inspect

import (
	"runtime"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
)

// recordStats is what stats counts of one kind of snapshot record, for the
// whole file or for one batch: batches are counted in parallel and added
// up in table order.
type recordStats struct {
	records   uint64
	props     Histogram // properties per record
	types     [256 * 4]uint64
	unlabeled uint64
	labels    map[uint64]uint64 // vertices per label
	edgeTypes map[uint64]uint64 // out-edges per type
}

// typeKey indexes recordStats.types: the type marker and, for a TEMPORAL
// value, its temporal type.
func typeKey(p decode.PropertyRef) int { return int(p.Type)*4 + int(p.Temporal()&3) }

func newRecordStats() *recordStats {
	return &recordStats{labels: map[uint64]uint64{}, edgeTypes: map[uint64]uint64{}}
}

func (r *recordStats) reset() {
	labels, edgeTypes := r.labels, r.edgeTypes
	clear(labels)
	clear(edgeTypes)
	*r = recordStats{labels: labels, edgeTypes: edgeTypes}
}

func (r *recordStats) add(o *recordStats) {
	r.records += o.records
	r.props.Merge(&o.props)
	for k, n := range o.types {
		r.types[k] += n
	}
	r.unlabeled += o.unlabeled
	for id, n := range o.labels {
		r.labels[id] += n
	}
	for id, n := range o.edgeTypes {
		r.edgeTypes[id] += n
	}
}

func (r *recordStats) properties(ps []decode.PropertyRef) {
	r.props.Add(uint64(len(ps)))
	for _, p := range ps {
		r.types[typeKey(p)]++
	}
}

func (r *recordStats) edge(e *decode.EdgeView) {
	r.records++
	r.properties(e.Properties)
}

func (r *recordStats) vertex(v *decode.VertexView) {
	r.records++
	r.properties(v.Properties)
	if len(v.Labels) == 0 {
		r.unlabeled++
	}
	for _, l := range v.Labels {
		r.labels[l]++
	}
	for _, e := range v.OutEdges {
		r.edgeTypes[e.Type]++
	}
}

// batchStats is what a worker counted of one batch.
type batchStats struct {
	end     int64
	err     error
	rs      *recordStats
	n       int
	first   struct{ off, gid uint64 }
	last    uint64
	lastOff int64
}

// scanBatch reads batch i with sc, calling count for each record (with its
// offset and gid) until count or the batch fails.
func scanBatch(sc *decode.Scanner, batches []format.Batch, i int, vertices bool, bound int64, rs *recordStats,
	count func(off, gid uint64) error) (int64, error) {
	if vertices {
		return sc.Vertices(batches[i], bound, func(v *decode.VertexView) error {
			if err := count(v.Offset, v.Gid); err != nil {
				return err
			}
			rs.vertex(v)
			return nil
		})
	}
	return sc.Edges(batches[i], bound, func(e *decode.EdgeView) error {
		if err := count(e.Offset, e.Gid); err != nil {
			return err
		}
		rs.edge(e)
		return nil
	})
}

// statsBatches counts the records of a batch table into into, batches in
// parallel (GOMAXPROCS workers, or opts.Workers), merged in table order:
// the figures, the error and the records counted before it are those of
// reading the batches in order, with the order rules of decode.BatchOrder.
func statsBatches(s *decode.Snapshot, batches []format.Batch, slot format.OffsetSlot, opts StatsOptions,
	done func(format.Batch, int64), into *recordStats) error {
	vertices := slot == format.OffsetVertexBatches
	order := s.NewBatchOrder(slot)
	workers := opts.Workers
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	if workers = min(workers, len(batches)); workers <= 1 {
		sc := s.NewScanner()
		for i, b := range batches {
			if err := order.Start(b); err != nil {
				return err
			}
			end, err := scanBatch(sc, batches, i, vertices, s.Bound(batches, i), into, func(off, gid uint64) error {
				if vertices {
					if err := order.Vertex(off, gid); err != nil {
						return err
					}
				}
				if (into.records+1)%progressEvery == 0 {
					opts.Progress(int64(off))
				}
				return nil
			})
			if err != nil {
				return err
			}
			done(b, end)
			order.Done(end)
		}
		return nil
	}
	scanners := make([]*decode.Scanner, workers)
	for w := range scanners {
		scanners[w] = s.NewScanner()
	}
	free := make(chan *recordStats, 2*workers+1)
	return decode.ParallelBatches(batches, workers, func(w, i int) *batchStats {
		var rs *recordStats
		select {
		case rs = <-free:
			rs.reset()
		default:
			rs = newRecordStats()
		}
		bs := &batchStats{rs: rs}
		bs.end, bs.err = scanBatch(scanners[w], batches, i, vertices, s.Bound(batches, i), rs, func(off, gid uint64) error {
			if bs.n == 0 {
				bs.first.off, bs.first.gid = off, gid
			}
			bs.last, bs.lastOff = gid, int64(off)
			bs.n++
			return nil
		})
		return bs
	}, func(i int, bs *batchStats) error {
		defer func() {
			select {
			case free <- bs.rs:
			default:
			}
		}()
		b := batches[i]
		if err := order.Start(b); err != nil {
			return err
		}
		if vertices && bs.n > 0 {
			if err := order.Vertex(bs.first.off, bs.first.gid); err != nil {
				return err
			}
			order.Seen(bs.last)
		}
		into.add(bs.rs)
		if bs.n > 0 {
			opts.Progress(bs.lastOff)
		}
		if bs.err != nil {
			return bs.err
		}
		done(b, bs.end)
		order.Done(bs.end)
		return nil
	})
}
