package storage

import (
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/durascope/durascope/format"
)

// Storage is the in-memory graph store. It is safe for concurrent use:
// every goroutine works through its own transactions (a Txn itself is
// not safe for concurrent use).
type Storage struct {
	cfg      Config
	features format.Features
	names    *nameMapper
	access   *accessLock

	// engineMu is Memgraph's engine_lock_: start and commit timestamps,
	// the Log append, the set of live transactions.
	engineMu     sync.Mutex
	clock        uint64
	nextTxnID    uint64
	active       map[*Txn]struct{}
	pending      []*pendingCommit // appended, not yet published or failed; ascending ts
	ldt          uint64           // last durable (published) commit timestamp
	numCommitted uint64
	stopped      error

	schema      atomic.Pointer[schemaState] // the published schema
	schemaWrite sync.Mutex                  // held by the one transaction staging schema changes

	vmu        sync.RWMutex
	vertices   []*vertex // ascending gid, deleted ones until GC
	vmap       map[uint64]*vertex
	nextVertex uint64

	emu      sync.RWMutex
	edges    []*edge // ascending gid; only with properties on edges
	emap     map[uint64]*edge
	nextEdge uint64

	uniq *uniqueIndexes

	gcMu      sync.Mutex
	gcQueue   []gcItem
	sinceGC   int
	gcRunning atomic.Bool
}

// pendingCommit is a commit that holds a timestamp and is in the Log, but
// is not yet visible: transactions that begin after it wait for it.
type pendingCommit struct {
	ts   uint64
	done chan struct{}
	ok   bool // set before done is closed
}

// New returns an empty storage.
func New(cfg Config) (*Storage, error) {
	v := cfg.version()
	if !v.Supported() {
		return nil, &format.UnsupportedVersionError{Version: v}
	}
	s := &Storage{
		cfg:       cfg,
		features:  format.FeaturesOf(v),
		names:     newNameMapper(),
		access:    newAccessLock(),
		nextTxnID: txnIDBase,
		active:    map[*Txn]struct{}{},
		vmap:      map[uint64]*vertex{},
		emap:      map[uint64]*edge{},
		uniq:      newUniqueIndexes(),
	}
	s.schema.Store(newSchema())
	return s, nil
}

// Version is the format version the store writes.
func (s *Storage) Version() format.Version { return s.features.Version }

// Features is the feature set of Version.
func (s *Storage) Features() format.Features { return s.features }

// PropertiesOnEdges reports --storage-properties-on-edges.
func (s *Storage) PropertiesOnEdges() bool { return s.cfg.PropertiesOnEdges }

// NextTimestamp is the value the logical clock hands out next.
func (s *Storage) NextTimestamp() uint64 {
	s.engineMu.Lock()
	defer s.engineMu.Unlock()
	return s.clock
}

// LastCommitted returns the last published commit timestamp (ldt) and the
// number of committed transactions.
func (s *Storage) LastCommitted() (ldt, numCommitted uint64) {
	s.engineMu.Lock()
	defer s.engineMu.Unlock()
	return s.ldt, s.numCommitted
}

// Stopped returns the error that stopped commits, nil while they run.
func (s *Storage) Stopped() error {
	s.engineMu.Lock()
	defer s.engineMu.Unlock()
	return s.stopped
}

// Begin opens a transaction with access type a. It waits for the access
// type (Memgraph's main lock) and for every commit that took a timestamp
// before this transaction's start timestamp to become visible or fail, so
// a transaction never sees the past change under it. The start timestamp
// comes from the logical clock, also for transactions that only read.
func (s *Storage) Begin(a Access) (*Txn, error) { return s.begin(a, true) }

// schemaChangesInTransactions marks the builds that run index and
// constraint changes in transactions. Before, Memgraph's
// Storage::CreateIndex, DropIndex, Create/DropExistenceConstraint and
// Create/DropUniqueConstraint ran outside any transaction: main_lock_
// held exclusively, one commit timestamp (CommitTimestamp) and no start
// timestamp, the change's WAL delta standing alone (v15's WALs number its
// first four index statements 1, 2, 3, 4). The change that moved them
// into transactions is the one that closes metadata deltas with a
// TRANSACTION_END (format 16).
const schemaChangesInTransactions = format.FeatMetadataTxnEnd

// BeginSchemaChange opens what runs one schema change (an index or
// constraint statement) with access type a: a transaction like Begin's,
// or, for the builds that ran them outside transactions
// (schemaChangesInTransactions), an operation that holds the storage
// exclusively (UNIQUE access, whatever a is) and takes no start
// timestamp, so that its commit takes the only one it uses. It sees every
// commit made before it; aborted, it uses no timestamp at all.
func (s *Storage) BeginSchemaChange(a Access) (*Txn, error) {
	if s.features.Has(schemaChangesInTransactions) {
		return s.begin(a, true)
	}
	if !a.valid() {
		return nil, fmt.Errorf("storage: access type %d does not exist", uint64(a))
	}
	return s.begin(AccessUnique, false)
}

// begin opens a transaction; without takeStart the start timestamp is
// the clock's next value, not taken (it sees every commit so far).
func (s *Storage) begin(a Access, takeStart bool) (*Txn, error) {
	if !a.valid() {
		return nil, fmt.Errorf("storage: access type %d does not exist", uint64(a))
	}
	if err := s.access.acquire(a, s.cfg.AccessTimeout); err != nil {
		return nil, err
	}
	t := &Txn{s: s, access: a, ci: &commitInfo{}}
	s.engineMu.Lock()
	t.start = s.clock
	if takeStart {
		s.clock++
	}
	t.id = s.nextTxnID
	s.nextTxnID++
	t.ci.ts.Store(t.id)
	wait := slices.Clone(s.pending)
	ldt, n := s.ldt, s.numCommitted
	s.active[t] = struct{}{}
	s.engineMu.Unlock()
	for _, p := range wait {
		<-p.done
		if p.ok {
			ldt, n = max(ldt, p.ts), n+1
		}
	}
	t.ldt, t.numCommitted = ldt, n
	return t, nil
}

// oldestActive is the smallest start timestamp of a live transaction, or
// the clock when none is live (engineMu held).
func (s *Storage) oldestActive() uint64 {
	oldest := s.clock
	for t := range s.active {
		oldest = min(oldest, t.start)
	}
	return oldest
}

// insertVertex creates a vertex with the next gid and its creation delta,
// linked before the vertex joins the list: a reader that finds it there
// must find the delta that hides it.
func (s *Storage) insertVertex(created *delta) *vertex {
	s.vmu.Lock()
	defer s.vmu.Unlock()
	v := &vertex{gid: s.nextVertex}
	linkVertex(v, created)
	s.nextVertex++
	s.vertices = append(s.vertices, v)
	s.vmap[v.gid] = v
	return v
}

// newEdge takes the next edge gid and, with properties on edges,
// registers the edge object with its creation delta (made by created),
// linked first as insertVertex does.
func (s *Storage) newEdge(typ uint64, from, to *vertex, created func() *delta) *edge {
	s.emu.Lock()
	defer s.emu.Unlock()
	e := &edge{gid: s.nextEdge, typ: typ, from: from, to: to}
	s.nextEdge++
	if s.cfg.PropertiesOnEdges {
		linkEdge(e, created())
		s.edges = append(s.edges, e)
		s.emap[e.gid] = e
	}
	return e
}

// vertexList is the vertices in ascending gid order at this moment. The
// slice is never written in place (appends go past its length, the
// garbage collector builds a new one), so it can be read without the lock.
func (s *Storage) vertexList() []*vertex {
	s.vmu.RLock()
	defer s.vmu.RUnlock()
	return s.vertices
}

// edgeList is the edges in ascending gid order, like vertexList.
func (s *Storage) edgeList() []*edge {
	s.emu.RLock()
	defer s.emu.RUnlock()
	return s.edges
}
