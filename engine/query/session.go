package query

import (
	"errors"
	"strings"
	"time"

	"github.com/durascope/durascope/engine/cypher"
	"github.com/durascope/durascope/engine/storage"
	"github.com/durascope/durascope/format"
)

// TTLHost is a Host that runs what enabling TTL starts in the background
// (Memgraph's TTL job and its automatic index); the session calls it after
// ENABLE TTL commits.
type TTLHost interface {
	Host
	TTLEnabled() error
}

// Host is what the executor needs from the engine beyond storage.
type Host interface {
	Storage() *storage.Storage
	// CreateSnapshot writes a snapshot now (CREATE SNAPSHOT) and returns
	// its path.
	CreateSnapshot() (path string, err error)
	// LockDataDirectory and UnlockDataDirectory report whether the
	// directory already was in the state asked for.
	LockDataDirectory() (already bool, err error)
	UnlockDataDirectory() (already bool, err error)
	DataDirectoryLocked() bool
}

// Session is one client connection. Outside BEGIN ... COMMIT every
// statement is a transaction of its own; inside, the statements share the
// explicit transaction the session holds. A Session is used by one
// goroutine at a time; sessions run concurrently against one storage.
type Session struct {
	host Host
	now  func() time.Time
	// tx is the explicit transaction, nil outside BEGIN ... COMMIT (and
	// after a COMMIT that failed, until ROLLBACK).
	tx       *storage.Txn
	explicit bool
	// expectRollback: a statement of the explicit transaction failed, so
	// COMMIT is refused until ROLLBACK.
	expectRollback bool
	compat         Compat
}

// Compat selects run-time behaviours of older Memgraph builds that change
// what the WAL says without a format change, to replay their recordings.
// The zero value is the newest behaviour.
type Compat struct {
	// ConstraintsUnique opens constraint statements with UNIQUE access,
	// as the builds that wrote formats 30 and 31 did (their WALs record
	// access_type 0); later builds use READ_ONLY.
	ConstraintsUnique bool
	// LabelsBeforeProperties makes the planner resolve a created node's
	// labels before its property keys, as the builds that recorded
	// formats 16 and 17 did (later ones resolve the keys first).
	LabelsBeforeProperties bool
}

// CompatOf is what the Memgraph builds that wrote format v did: the
// recordings of formats 16 and 17 register a created node's labels before
// its keys (from 18 keys first), and those of 30 and 31 open constraint
// statements with UNIQUE access (the WAL records access types from 30;
// from 32 they are READ_ONLY).
func CompatOf(v format.Version) Compat {
	f := format.FeaturesOf(v)
	return Compat{
		LabelsBeforeProperties: !f.Has(format.FeatEnums),
		ConstraintsUnique:      !f.Has(format.FeatVectorIndexID),
	}
}

// SetCompat sets the older-build behaviours the session emulates (by
// default those of the store's format version, CompatOf).
func (s *Session) SetCompat(c Compat) { s.compat = c }

// NewSession opens a session on h.
func NewSession(h Host) *Session {
	return &Session{host: h, now: time.Now, compat: CompatOf(h.Storage().Version())}
}

// SetClock sets the session's clock (ENABLE TTL ... AT resolves the next
// occurrence of a time of day from it).
func (s *Session) SetClock(now func() time.Time) { s.now = now }

// InTransaction reports whether an explicit transaction is open.
func (s *Session) InTransaction() bool { return s.explicit }

// Close rolls back an open explicit transaction.
func (s *Session) Close() {
	if s.tx != nil {
		s.tx.Abort()
	}
	s.tx, s.explicit, s.expectRollback = nil, false, false
}

// Run runs one statement.
func (s *Session) Run(stmt cypher.Statement) (*Result, error) {
	if stmt == nil {
		return nil, errorf(cypher.Pos{}, "no statement to run")
	}
	pos := stmt.StatementSpan().Pos
	if c, ok := stmt.(*cypher.Command); ok {
		switch c.Kind {
		case cypher.CmdBegin:
			return s.begin(pos)
		case cypher.CmdCommit:
			return s.commit(pos)
		case cypher.CmdRollback:
			return s.rollback(pos)
		}
	}
	if !s.explicit {
		return s.autocommit(stmt)
	}
	if s.tx == nil {
		return nil, errorf(pos, "Transaction can't be committed because there was a previous error. Please invoke a rollback instead.")
	}
	// Every statement of an explicit transaction starts a new command
	// (Interpreter::Prepare), refused ones included.
	s.tx.AdvanceCommand()
	res, err := s.inExplicit(stmt)
	if err != nil {
		s.expectRollback = true
		return nil, err
	}
	return res, nil
}

// begin opens the explicit transaction at once, with WRITE access, as
// Memgraph's BEGIN handler does (SetupDatabaseTransaction): it takes its
// start timestamp now.
func (s *Session) begin(pos cypher.Pos) (*Result, error) {
	if s.explicit {
		return nil, errorf(pos, "Nested transactions are not supported.")
	}
	tx, err := s.host.Storage().Begin(storage.AccessWrite)
	if err != nil {
		return nil, wrapErr(pos, err)
	}
	s.tx, s.explicit, s.expectRollback = tx, true, false
	return &Result{}, nil
}

func (s *Session) commit(pos cypher.Pos) (*Result, error) {
	if !s.explicit {
		return nil, errorf(pos, "No current transaction to commit.")
	}
	if s.expectRollback || s.tx == nil {
		return nil, errorf(pos, "Transaction can't be committed because there was a previous error. Please invoke a rollback instead.")
	}
	tx := s.tx
	s.tx = nil
	if err := tx.Commit(); err != nil {
		// Memgraph's AbortCommand: the session stays in the transaction
		// and expects a ROLLBACK.
		s.expectRollback = true
		return nil, wrapErr(pos, err)
	}
	s.explicit = false
	return &Result{}, nil
}

func (s *Session) rollback(pos cypher.Pos) (*Result, error) {
	if !s.explicit {
		return nil, errorf(pos, "No current transaction to rollback.")
	}
	s.Close()
	return &Result{}, nil
}

// autocommit runs a statement as a transaction of its own.
func (s *Session) autocommit(stmt cypher.Statement) (*Result, error) {
	switch x := stmt.(type) {
	case *cypher.Query:
		return s.autocommitQuery(x)
	case *cypher.Command:
		return s.command(x)
	}
	access, op, err := schemaOp(s, stmt)
	if err != nil {
		return nil, err
	}
	pos := stmt.StatementSpan().Pos
	begin := s.host.Storage().Begin
	if indexOrConstraint(stmt) {
		// The oldest builds ran these outside any transaction, with one
		// timestamp (storage.BeginSchemaChange).
		begin = s.host.Storage().BeginSchemaChange
	}
	tx, err := begin(access)
	if err != nil {
		return nil, wrapErr(pos, err)
	}
	res, err := op(tx)
	if err != nil {
		tx.Abort()
		if notice, ok := existenceNotice(stmt, err); ok {
			// Memgraph answers with a notification, not an error, and
			// writes nothing.
			return &Result{Notice: notice}, nil
		}
		return nil, wrapErr(pos, err)
	}
	if err := tx.Commit(); err != nil {
		return nil, wrapErr(pos, err)
	}
	if x, ok := stmt.(*cypher.TTL); ok && x.Action == cypher.TTLEnable {
		if h, ok := s.host.(TTLHost); ok {
			if err := h.TTLEnabled(); err != nil {
				return nil, wrapErr(pos, err)
			}
		}
	}
	if res == nil {
		res = &Result{}
	}
	return res, nil
}

// autocommitQuery runs a Cypher query in its own transaction: WRITE
// access when it has a write clause, else READ; none at all when it
// touches no graph (Memgraph's graph-free queries take no timestamp).
// The clause order is checked before the transaction begins, as
// Memgraph's parser does; variables after, as its planner does.
func (s *Session) autocommitQuery(q *cypher.Query) (*Result, error) {
	shape, err := checkClauses(q)
	if err != nil {
		return nil, err
	}
	ctx := &execCtx{stats: &Stats{}, now: s.now}
	if shape.graphFree {
		c, err := compile(ctx, q)
		if err != nil {
			return nil, err
		}
		return collect(ctx, c)
	}
	access := storage.AccessRead
	if shape.writes {
		access = storage.AccessWrite
	}
	tx, err := s.host.Storage().Begin(access)
	if err != nil {
		return nil, wrapErr(q.Pos, err)
	}
	ctx.tx = tx
	res, err := s.runQuery(ctx, q)
	if err != nil {
		tx.Abort()
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, wrapErr(q.Pos, err)
	}
	return res, nil
}

// runQuery plans, names and runs q in ctx's transaction.
func (s *Session) runQuery(ctx *execCtx, q *cypher.Query) (*Result, error) {
	c, err := compile(ctx, q)
	if err != nil {
		return nil, err
	}
	registerNames(s.host.Storage(), q, s.compat)
	res, err := collect(ctx, c)
	if err != nil {
		return nil, wrapErr(q.Pos, err)
	}
	return res, nil
}

// collect pulls the pipeline dry and materializes the returned rows.
func collect(ctx *execCtx, c *compiled) (*Result, error) {
	res := &Result{Columns: c.columns}
	for {
		r, ok, err := c.root.pull()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		if c.columns == nil {
			continue
		}
		out := make([]Value, len(c.columns))
		for i := range out {
			v, err := materialize(r.get(i))
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		res.Rows = append(res.Rows, out)
	}
	res.Stats = *ctx.stats
	return res, nil
}

// inExplicit runs a statement inside the explicit transaction; schema and
// administration statements are refused there as Memgraph refuses them.
func (s *Session) inExplicit(stmt cypher.Statement) (*Result, error) {
	pos := stmt.StatementSpan().Pos
	switch x := stmt.(type) {
	case *cypher.Query:
		if _, err := checkClauses(x); err != nil {
			return nil, err
		}
		return s.runQuery(&execCtx{tx: s.tx, stats: &Stats{}, now: s.now}, x)
	case *cypher.LabelIndex, *cypher.EdgeIndex, *cypher.GlobalIndex, *cypher.PointIndex, *cypher.TextIndex, *cypher.VectorIndex:
		return nil, multicommandError(pos, "Index manipulation")
	case *cypher.Constraint:
		return nil, multicommandError(pos, "Constraint manipulation")
	case *cypher.CreateEnum, *cypher.AlterEnum, *cypher.DropEnum:
		return nil, multicommandError(pos, "Creating or modifying enums")
	case *cypher.TTL:
		return nil, multicommandError(pos, "Configuring TTL")
	case *cypher.AnalyzeGraph:
		return nil, multicommandError(pos, "Analyzing graph")
	case *cypher.Description:
		return nil, multicommandError(pos, "Setting or deleting descriptions")
	case *cypher.Command:
		switch x.Kind {
		case cypher.CmdCreateSnapshot:
			return nil, multicommandError(pos, "Creating snapshots")
		case cypher.CmdLockDataDirectory, cypher.CmdUnlockDataDirectory, cypher.CmdDataDirectoryLockStatus:
			return nil, multicommandError(pos, "Locking paths")
		case cypher.CmdShowStorageInfo, cypher.CmdShowIndexInfo, cypher.CmdShowConstraintInfo:
			return nil, multicommandError(pos, "Storage information query")
		case cypher.CmdDropGraph:
			return nil, multicommandError(pos, "Dropping the graph")
		case cypher.CmdFreeMemory:
			return nil, multicommandError(pos, "Free memory query")
		case cypher.CmdShowSchemaInfo:
			return nil, multicommandError(pos, "Show schema info query")
		case cypher.CmdDumpDatabase, cypher.CmdShowEnums:
			return nil, notSupported(pos, "%s inside an explicit transaction", x.Kind)
		}
		return nil, notSupported(pos, "%s", x.Kind)
	}
	return nil, notSupported(pos, "this statement")
}

// command runs a fixed-keyword statement outside a transaction.
func (s *Session) command(c *cypher.Command) (*Result, error) {
	pos := c.Pos
	status := func(text string) *Result {
		return &Result{Columns: []string{"STATUS"}, Rows: [][]Value{{format.String(text)}}, Notice: text}
	}
	switch c.Kind {
	case cypher.CmdCreateSnapshot:
		path, err := s.host.CreateSnapshot()
		if err != nil {
			return nil, wrapErr(pos, err)
		}
		return &Result{Columns: []string{"path"}, Rows: [][]Value{{format.String(path)}}}, nil
	case cypher.CmdLockDataDirectory:
		already, err := s.host.LockDataDirectory()
		if err != nil {
			return nil, &Error{Pos: pos, Msg: "Failed to lock the data directory", Err: err}
		}
		if already {
			return status("Data directory is already locked."), nil
		}
		return status("Data directory is now locked."), nil
	case cypher.CmdUnlockDataDirectory:
		already, err := s.host.UnlockDataDirectory()
		if err != nil {
			return nil, &Error{Pos: pos, Msg: "Failed to unlock the data directory", Err: err}
		}
		if already {
			return status("Data directory is already unlocked."), nil
		}
		return status("Data directory is now unlocked."), nil
	case cypher.CmdDataDirectoryLockStatus:
		if s.host.DataDirectoryLocked() {
			return status("Data directory is locked."), nil
		}
		return status("Data directory is unlocked."), nil
	case cypher.CmdDumpDatabase:
		return s.withView(pos, dumpDatabase)
	case cypher.CmdShowEnums:
		return s.withView(pos, showEnums)
	case cypher.CmdShowIndexInfo:
		return s.withView(pos, showIndexInfo)
	case cypher.CmdShowConstraintInfo:
		return s.withView(pos, showConstraintInfo)
	case cypher.CmdShowStorageInfo:
		return s.withView(pos, showStorageInfo(s.host))
	}
	return nil, notSupported(pos, "%s", c.Kind)
}

// withView runs fn on a READ view of the store: the statement's
// transaction (one start timestamp, nothing committed).
func (s *Session) withView(pos cypher.Pos, fn func(*storage.Storage, *storage.View) (*Result, error)) (*Result, error) {
	st := s.host.Storage()
	v, err := st.View()
	if err != nil {
		return nil, wrapErr(pos, err)
	}
	defer v.Close()
	res, err := fn(st, v)
	if err != nil {
		return nil, wrapErr(pos, err)
	}
	return res, nil
}

// existenceNotice is Memgraph's EXISTENT_INDEX / NONEXISTENT_INDEX (and
// constraint) notification: creating an index or constraint that exists,
// or dropping one that does not, is no error.
func existenceNotice(stmt cypher.Statement, err error) (string, bool) {
	var se *storage.SchemaError
	if !errors.As(err, &se) {
		return "", false
	}
	switch stmt.(type) {
	case *cypher.LabelIndex, *cypher.EdgeIndex, *cypher.GlobalIndex, *cypher.PointIndex, *cypher.Constraint:
		if se.Reason == storage.ReasonExists || se.Reason == storage.ReasonMissing {
			return strings.TrimPrefix(se.Error(), "storage: "), true
		}
	}
	return "", false
}
