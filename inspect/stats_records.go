package inspect

import (
	"runtime"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
)

// recordStats is what stats counts of one kind of snapshot record, for the
// whole file or for one part of a batch: parts are counted in parallel and
// added up in table order.
type recordStats struct {
	records uint64
	// Properties per record: the records with fewer than histExact
	// properties counted by number in propCounts (an increment, where
	// Histogram.Add costs more), added to props by propDistribution.
	props      Histogram
	propCounts [histExact]uint64
	types      [256 * 4]uint64
	unlabeled  uint64
	labels     idCounts // vertices per label
	edgeTypes  idCounts // out-edges per type
}

// idCounts counts mapper ids: in a table for the small ids mappers have,
// in a map for the rest.
type idCounts struct {
	dense  []uint64
	sparse map[uint64]uint64
}

// maxDenseCount bounds the ids counted in the table.
const maxDenseCount = 1 << 16

func (c *idCounts) add(id, n uint64) {
	if id < uint64(len(c.dense)) {
		c.dense[id] += n
		return
	}
	if id < maxDenseCount {
		c.dense = append(c.dense, make([]uint64, int(id)+1-len(c.dense))...)
		c.dense[id] += n
		return
	}
	if c.sparse == nil {
		c.sparse = map[uint64]uint64{}
	}
	c.sparse[id] += n
}

func (c *idCounts) merge(o *idCounts) {
	for id, n := range o.dense {
		if n > 0 {
			c.add(uint64(id), n)
		}
	}
	for id, n := range o.sparse {
		c.add(id, n)
	}
}

func (c *idCounts) reset() {
	clear(c.dense)
	clear(c.sparse)
}

// byID is every id counted, with its count.
func (c *idCounts) byID() map[uint64]uint64 {
	out := make(map[uint64]uint64, len(c.sparse))
	for id, n := range c.dense {
		if n > 0 {
			out[uint64(id)] = n
		}
	}
	for id, n := range c.sparse {
		out[id] = n
	}
	return out
}

// typeKey indexes recordStats.types: the type marker and, for a TEMPORAL
// value, its temporal type.
func typeKey(p *decode.PropertyRef) int { return int(p.Type)*4 + int(p.Temporal()&3) }

func newRecordStats() *recordStats { return &recordStats{} }

func (r *recordStats) reset() {
	labels, edgeTypes := r.labels, r.edgeTypes
	labels.reset()
	edgeTypes.reset()
	*r = recordStats{labels: labels, edgeTypes: edgeTypes}
}

func (r *recordStats) add(o *recordStats) {
	r.records += o.records
	r.props.Merge(&o.props)
	for n, c := range o.propCounts {
		r.propCounts[n] += c
	}
	for k, n := range o.types {
		r.types[k] += n
	}
	r.unlabeled += o.unlabeled
	r.labels.merge(&o.labels)
	r.edgeTypes.merge(&o.edgeTypes)
}

func (r *recordStats) properties(ps []decode.PropertyRef) {
	if n := len(ps); n < len(r.propCounts) {
		r.propCounts[n]++
	} else {
		r.props.Add(uint64(n))
	}
	for i := range ps {
		r.types[typeKey(&ps[i])]++ // by pointer: see decode.PropertyRef
	}
}

// propDistribution is the distribution of properties per record.
func (r *recordStats) propDistribution() Distribution {
	h := r.props
	for n, c := range r.propCounts {
		h.AddN(uint64(n), c)
	}
	return h.Distribution()
}

func (r *recordStats) edge(e *decode.EdgeView) error {
	r.records++
	r.properties(e.Properties)
	return nil
}

func (r *recordStats) vertex(v *decode.VertexView) error {
	r.records++
	r.properties(v.Properties)
	if len(v.Labels) == 0 {
		r.unlabeled++
	}
	for _, l := range v.Labels {
		r.labels.add(l, 1)
	}
	for i := range v.OutEdges {
		r.edgeTypes.add(v.OutEdges[i].Type, 1) // by index: a copy of the entry stalls (see decode.PropertyRef)
	}
	return nil
}

// partStats is what a worker counted of one part of a batch.
type partStats struct {
	scan decode.PartScan
	rs   *recordStats
}

// statsBatches counts the records of a batch table into into: on one core
// batch by batch, on several (GOMAXPROCS workers, or opts.Workers) in
// parts (decode.Part) added up in table order. The figures, the error and
// the records counted before it are those of reading the batches in
// order, with the order rules of decode.BatchOrder: a batch whose parts do
// not make it up (decode.PartChain) is read again whole.
func statsBatches(s *decode.Snapshot, batches []format.Batch, slot format.OffsetSlot, opts StatsOptions,
	done func(format.Batch, int64), into *recordStats) error {
	vertices := slot == format.OffsetVertexBatches
	order := s.NewBatchOrder(slot)
	// The serial scan's callbacks, here rather than in serialBatch: that is
	// inlined, and the copy of a closure made so has no calls inlined
	// into it.
	vertex := func(v *decode.VertexView) error {
		if err := order.Vertex(v.Offset, v.Gid); err != nil {
			return err
		}
		if (into.records+1)%progressEvery == 0 {
			opts.Progress(int64(v.Offset))
		}
		return into.vertex(v)
	}
	edge := func(e *decode.EdgeView) error {
		if (into.records+1)%progressEvery == 0 {
			opts.Progress(int64(e.Offset))
		}
		return into.edge(e)
	}
	serialBatch := func(sc *decode.Scanner, i int) error {
		b := batches[i]
		var end int64
		var err error
		if vertices {
			end, err = sc.Vertices(b, s.Bound(batches, i), vertex)
		} else {
			end, err = sc.Edges(b, s.Bound(batches, i), edge)
		}
		if err != nil {
			return err
		}
		done(b, end)
		order.Done(end)
		return nil
	}
	workers := opts.Workers
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	parts := s.Parts(batches, partBytes)
	if workers = min(workers, len(parts)); workers <= 1 {
		sc := s.NewScanner()
		for i, b := range batches {
			if err := order.Start(b); err != nil {
				return err
			}
			if err := serialBatch(sc, i); err != nil {
				return err
			}
		}
		return nil
	}
	scanners := make([]*decode.Scanner, workers)
	for w := range scanners {
		scanners[w] = s.NewScanner()
	}
	free := make(chan *recordStats, 3*workers+1)
	own := s.NewScanner()
	var (
		chain   decode.PartChain
		pending = newRecordStats() // the counts of the batch's parts so far
	)
	return decode.Parallel(len(parts), workers, func(w, i int) partStats {
		var rs *recordStats
		select {
		case rs = <-free:
			rs.reset()
		default:
			rs = newRecordStats()
		}
		p := parts[i]
		bound := s.Bound(batches, p.Batch)
		if vertices {
			return partStats{rs: rs, scan: scanners[w].VertexPart(p, bound, rs.vertex)}
		}
		return partStats{rs: rs, scan: scanners[w].EdgePart(p, bound, rs.edge)}
	}, func(i int, ps partStats) error {
		defer func() {
			select {
			case free <- ps.rs:
			default:
			}
		}()
		p := parts[i]
		b := batches[p.Batch]
		if p.First {
			if err := order.Start(b); err != nil {
				return err
			}
			pending.reset()
		}
		chain.Add(b, p, &ps.scan)
		pending.add(ps.rs)
		if ps.scan.End > 0 {
			opts.Progress(ps.scan.End)
		}
		if !p.Last {
			return nil
		}
		end, firstOff, firstGid, lastGid, ok := chain.Done()
		if !ok {
			return serialBatch(own, p.Batch)
		}
		if vertices && b.Count > 0 {
			if err := order.Vertex(firstOff, firstGid); err != nil {
				return err
			}
			order.Seen(lastGid)
		}
		into.add(pending)
		done(b, end)
		order.Done(end)
		return nil
	})
}
