package crashtest

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/durascope/durascope/engine"
	"github.com/durascope/durascope/engine/storage"
	"github.com/durascope/durascope/format"
)

// Workload is the deterministic sequence of transactions, snapshots and
// LOCK/UNLOCK DATA DIRECTORY statements the crash, fault and benchmark
// tests run: Txns transactions chosen by Seed.
type Workload struct {
	Txns int
	Seed uint64
}

// Hooks let a caller watch a workload run.
type Hooks struct {
	// Committed is called after each Commit that returned nil and wrote
	// something (took a commit timestamp), with the number of such commits
	// so far (1 for the first).
	Committed func(commits int)
	// Failed is called with every error a statement returned that the
	// workload did not provoke on purpose (a constraint violation or an
	// abort is on purpose); the run goes on with the next statement.
	Failed func(what string, err error)
}

// Stats counts what a run did.
type Stats struct {
	Commits    int // acknowledged commits that wrote something
	NoOps      int // commits with nothing to write (acknowledged, no I/O)
	Aborted    int // aborted on purpose
	Violations int // commits refused by a unique constraint on purpose
	Failed     int // statements that failed otherwise (I/O faults)
	Snapshots  int // snapshots created
}

// Labels, edge types and the enum of the workload.
const (
	labelPerson = "Person"
	labelCity   = "City"
	labelThing  = "Thing"
	labelTag    = "Tag"
	enumColor   = "Color"
)

// run is one execution of a Workload on an engine.
type run struct {
	w     Workload
	e     *engine.Engine
	rng   *rand.Rand
	hooks Hooks
	stats Stats
	live  []uint64 // gids of the vertices of the committed state, ascending
	uid   int64    // the next Person uid
	vals  int      // values generated, cycling through every type
}

// Run runs w on e: schema first (an enum, label, label-property, edge-type
// and edge-type-property indices, unique, existence and type constraints),
// then data transactions (vertices with labels and properties of every
// value type, edges with properties, property updates and removals, label
// changes, deletes, detach deletes), with a point index and an enum value
// added, a label index dropped, one transaction aborted and one refused by
// the unique constraint now and then, CREATE SNAPSHOT at a third and at two
// thirds of the run, LOCK DATA DIRECTORY from half to three quarters (so
// the second snapshot's retention and the WAL renames meanwhile are
// deferred and become copies). It does not close e.
func (w Workload) Run(e *engine.Engine, hooks Hooks) Stats {
	r := &run{w: w, e: e, rng: rand.New(rand.NewPCG(w.Seed, w.Seed^0x9e3779b97f4a7c15)), hooks: hooks}
	r.schema(storage.AccessUnique, func(t *storage.Txn) error {
		return t.CreateEnum(enumColor, []string{"red", "green", "blue"})
	})
	r.schema(storage.AccessReadOnly, func(t *storage.Txn) error {
		return errors.Join(t.CreateLabelIndex(labelPerson),
			t.CreateLabelPropertiesIndex(labelCity, [][]string{{"name"}}, false),
			t.CreateEdgeTypeIndex("KNOWS"),
			t.CreateEdgeTypePropertyIndex("KNOWS", "since"))
	})
	r.schema(storage.AccessReadOnly, func(t *storage.Txn) error {
		return errors.Join(t.CreateUniqueConstraint(labelPerson, []string{"uid"}),
			t.CreateExistenceConstraint(labelPerson, "uid"),
			t.CreateTypeConstraint(labelPerson, "uid", 2)) // INTEGER
	})
	n := w.Txns
	for i := 3; i < n; i++ {
		switch i {
		case n / 3:
			r.snapshot()
		case n / 2:
			r.e.LockDataDirectory()
			r.schema(storage.AccessUnique, func(t *storage.Txn) error {
				return errors.Join(t.CreatePointIndex(labelCity, "loc"), t.AlterEnumAdd(enumColor, "yellow"))
			})
			continue
		case 2 * n / 3:
			r.snapshot()
		case 3 * n / 4:
			if _, err := r.e.UnlockDataDirectory(); err != nil {
				r.fail("UNLOCK DATA DIRECTORY", err)
			}
			r.schema(storage.AccessRead, func(t *storage.Txn) error { return t.DropLabelIndex(labelPerson) })
			continue
		}
		switch {
		case i%29 == 7:
			r.abortOnPurpose()
		case i%31 == 11:
			r.violateOnPurpose()
		default:
			r.data()
		}
	}
	return r.stats
}

func (r *run) fail(what string, err error) {
	r.stats.Failed++
	if r.hooks.Failed != nil {
		r.hooks.Failed(what, err)
	}
}

func (r *run) committed(t *storage.Txn) {
	if t.CommitTimestamp() == 0 {
		r.stats.NoOps++
		return
	}
	r.stats.Commits++
	if r.hooks.Committed != nil {
		r.hooks.Committed(r.stats.Commits)
	}
}

func (r *run) snapshot() {
	if _, err := r.e.CreateSnapshot(); err != nil {
		r.fail("CREATE SNAPSHOT", err)
		return
	}
	r.stats.Snapshots++
}

// schema runs one schema transaction.
func (r *run) schema(a storage.Access, fn func(t *storage.Txn) error) {
	t, err := r.e.Storage().Begin(a)
	if err != nil {
		r.fail("begin", err)
		return
	}
	if err := fn(t); err != nil {
		t.Abort()
		r.fail("schema", err)
		return
	}
	if err := t.Commit(); err != nil {
		r.fail("commit schema", err)
		return
	}
	r.committed(t)
}

// change is what a data transaction does to the live vertex list when it commits.
type change struct {
	created []uint64
	deleted map[uint64]bool
}

func (r *run) data() {
	t, err := r.e.Storage().Begin(storage.AccessWrite)
	if err != nil {
		r.fail("begin", err)
		return
	}
	ch := change{deleted: map[uint64]bool{}}
	ops := 1 + r.rng.IntN(4)
	for range ops {
		if err := r.op(t, &ch); err != nil {
			t.Abort()
			r.fail("write", err)
			return
		}
	}
	if err := t.Commit(); err != nil {
		r.fail("commit", err)
		return
	}
	r.apply(ch)
	r.committed(t)
}

func (r *run) apply(ch change) {
	keep := r.live[:0]
	for _, g := range r.live {
		if !ch.deleted[g] {
			keep = append(keep, g)
		}
	}
	r.live = append(keep, ch.created...)
}

// pick is a random vertex of the committed state not deleted by ch.
func (r *run) pick(t *storage.Txn, ch *change) (*storage.Vertex, bool) {
	if len(r.live) == 0 {
		return nil, false
	}
	for range 4 {
		g := r.live[r.rng.IntN(len(r.live))]
		if ch.deleted[g] {
			continue
		}
		if v, ok := t.FindVertex(g, storage.ViewNew); ok {
			return v, true
		}
	}
	return nil, false
}

// op is one write of a data transaction, chosen at random.
func (r *run) op(t *storage.Txn, ch *change) error {
	switch k := r.rng.IntN(20); {
	case k < 7 || len(r.live) < 4:
		return r.createVertex(t, ch)
	case k < 11:
		from, ok1 := r.pick(t, ch)
		to, ok2 := r.pick(t, ch)
		if !ok1 || !ok2 {
			return r.createVertex(t, ch)
		}
		e, err := t.CreateEdge(from, to, []string{"KNOWS", "LIKES"}[r.rng.IntN(2)])
		if err != nil {
			return err
		}
		if _, err := e.SetProperty("since", format.Int(r.rng.Int64N(3000))); err != nil {
			return err
		}
		_, err = e.SetProperty("note", r.value())
		return err
	case k < 15:
		v, ok := r.pick(t, ch)
		if !ok {
			return nil
		}
		name := fmt.Sprintf("p%d", r.rng.IntN(6))
		if r.rng.IntN(4) == 0 {
			_, err := v.SetProperty(name, format.Null{}) // removal (absent or not)
			return err
		}
		_, err := v.SetProperty(name, r.value())
		return err
	case k < 17:
		v, ok := r.pick(t, ch)
		if !ok {
			return nil
		}
		if r.rng.IntN(2) == 0 {
			_, err := v.AddLabel(labelTag)
			return err
		}
		_, err := v.RemoveLabel(labelTag)
		return err
	case k < 18:
		v, ok := r.pick(t, ch)
		if !ok {
			return nil
		}
		out, err := v.OutEdges(storage.ViewNew)
		if err != nil || len(out) == 0 {
			return err
		}
		return t.DeleteEdge(out[r.rng.IntN(len(out))])
	default:
		v, ok := r.pick(t, ch)
		if !ok {
			return nil
		}
		g := v.Gid()
		if in, out, err := v.Degree(storage.ViewNew); err == nil && in+out == 0 && r.rng.IntN(2) == 0 {
			err = t.DeleteVertex(v)
			if err == nil {
				ch.deleted[g] = true
			}
			return err
		}
		err := t.DetachDeleteVertex(v)
		if err == nil {
			ch.deleted[g] = true
		}
		return err
	}
}

func (r *run) createVertex(t *storage.Txn, ch *change) error {
	v, err := t.CreateVertex()
	if err != nil {
		return err
	}
	ch.created = append(ch.created, v.Gid())
	switch r.rng.IntN(3) {
	case 0:
		if _, err := v.AddLabel(labelPerson); err != nil {
			return err
		}
		if _, err := v.SetProperty("uid", format.Int(r.uid)); err != nil {
			return err
		}
		r.uid++
	case 1:
		if _, err := v.AddLabel(labelCity); err != nil {
			return err
		}
		if _, err := v.SetProperty("name", format.String(fmt.Sprintf("city-%d", r.rng.IntN(1000)))); err != nil {
			return err
		}
		if _, err := v.SetProperty("loc", format.Point2D{SRID: format.SRIDWGS84_2D, X: r.rng.Float64()*360 - 180, Y: r.rng.Float64()*180 - 90}); err != nil {
			return err
		}
	}
	if r.rng.IntN(3) == 0 {
		if _, err := v.AddLabel(labelThing); err != nil {
			return err
		}
	}
	for i := range 1 + r.rng.IntN(3) {
		if _, err := v.SetProperty(fmt.Sprintf("p%d", i), r.value()); err != nil {
			return err
		}
	}
	return nil
}

// abortOnPurpose writes and aborts: nothing of it may ever be recovered.
func (r *run) abortOnPurpose() {
	t, err := r.e.Storage().Begin(storage.AccessWrite)
	if err != nil {
		r.fail("begin", err)
		return
	}
	ch := change{deleted: map[uint64]bool{}}
	if err := r.createVertex(t, &ch); err != nil {
		r.fail("write", err)
	}
	t.Abort()
	r.stats.Aborted++
}

// violateOnPurpose creates a Person with the uid of a live one: Commit
// refuses it (and burns a commit timestamp, as Memgraph does).
func (r *run) violateOnPurpose() {
	t, err := r.e.Storage().Begin(storage.AccessWrite)
	if err != nil {
		r.fail("begin", err)
		return
	}
	var taken format.Value
	for _, g := range r.live {
		if v, ok := t.FindVertex(g, storage.ViewOld); ok {
			if uid, err := v.Property("uid", storage.ViewOld); err == nil && uid != nil {
				if _, null := uid.(format.Null); !null {
					taken = uid
					break
				}
			}
		}
	}
	if taken == nil {
		t.Abort()
		return
	}
	v, err := t.CreateVertex()
	if err == nil {
		_, err = v.AddLabel(labelPerson)
	}
	if err == nil {
		_, err = v.SetProperty("uid", taken)
	}
	if err != nil {
		t.Abort()
		r.fail("write", err)
		return
	}
	var cv *storage.ConstraintViolation
	switch err := t.Commit(); {
	case errors.As(err, &cv):
		r.stats.Violations++
	case err == nil:
		r.fail("commit", errors.New("a duplicate uid was committed despite the unique constraint"))
	default:
		r.fail("commit", err)
	}
}

// value is the next property value, cycling through every value type the
// format has at the engine's version (points, enums and zoned temporals
// included), with nested lists and maps and strings long enough to span
// 512-byte sectors.
func (r *run) value() format.Value {
	r.vals++
	rng := r.rng
	switch r.vals % 16 {
	case 0:
		return format.Bool(rng.IntN(2) == 0)
	case 1:
		return format.Int(rng.Int64() - math.MaxInt64/2)
	case 2:
		return format.Double([]float64{rng.NormFloat64() * 1e6, math.Copysign(0, -1), math.Inf(1), 1e-300, math.MaxFloat64}[rng.IntN(5)])
	case 3:
		return format.String(strings.Repeat("ž€a", rng.IntN(300)))
	case 4:
		return format.List{format.Int(rng.Int64N(100)), format.String("x"), format.List{format.Double(0.5), format.Bool(true)}, format.Null{}}
	case 5:
		return format.Map{{Key: "k", Value: format.Int(rng.Int64N(9))}, {Key: "nested", Value: format.Map{{Key: "a", Value: format.String("b")}}}, {Key: "l", Value: format.List{}}}
	case 6:
		return format.Temporal{Type: format.TemporalDate, Micros: rng.Int64N(1e15) - 5e14}
	case 7:
		return format.Temporal{Type: format.TemporalLocalTime, Micros: rng.Int64N(86400e6)}
	case 8:
		return format.Temporal{Type: format.TemporalLocalDateTime, Micros: rng.Int64N(4e15)}
	case 9:
		return format.Temporal{Type: format.TemporalDuration, Micros: rng.Int64N(1e12) - 5e11}
	case 10:
		return format.ZonedTemporal{Micros: rng.Int64N(4e15), ZoneIsName: true, ZoneName: "Europe/Zagreb"}
	case 11:
		return format.ZonedTemporal{Micros: rng.Int64N(4e15), OffsetMinutes: int64(rng.IntN(1440)) - 720}
	case 12:
		return format.Enum{TypeID: 0, ValueID: uint64(rng.IntN(3))}
	case 13:
		return format.Point2D{SRID: format.SRIDCartesian2D, X: rng.NormFloat64(), Y: rng.NormFloat64()}
	case 14:
		return format.Point3D{SRID: format.SRIDWGS84_3D, X: rng.Float64()*360 - 180, Y: rng.Float64()*180 - 90, Z: rng.NormFloat64() * 100}
	default:
		return format.Point3D{SRID: format.SRIDCartesian3D, X: rng.NormFloat64(), Y: rng.NormFloat64(), Z: rng.NormFloat64()}
	}
}
