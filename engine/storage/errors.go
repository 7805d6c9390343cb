package storage

import (
	"errors"
	"fmt"
	"strings"

	"github.com/durascope/durascope/engine/snapshot"
	"github.com/durascope/durascope/format"
)

// Errors with Memgraph's meaning (storage::Error and the query exceptions
// it turns into). Messages are Memgraph's where it has one.
var (
	// ErrSerialization: a write-write conflict (Error::SERIALIZATION_ERROR,
	// TransactionSerializationException). The transaction must be aborted.
	ErrSerialization = errors.New("Cannot resolve conflicting transactions. You can retry this transaction when the conflicting transaction is finished")
	// ErrStopped: a Log append or its durability failed; the storage accepts
	// no further commits.
	ErrStopped = errors.New("the engine stopped acknowledging after an I/O error")
	// ErrDeletedObject: the object is deleted (Error::DELETED_OBJECT).
	ErrDeletedObject = errors.New("storage: the object is deleted")
	// ErrNonexistentObject: the object does not exist for this transaction
	// (Error::NONEXISTENT_OBJECT).
	ErrNonexistentObject = errors.New("storage: the object does not exist")
	// ErrVertexHasEdges: DELETE of a vertex that still has edges (Error::VERTEX_HAS_EDGES).
	ErrVertexHasEdges = errors.New("Failed to remove node because of it's existing connections. Consider using DETACH DELETE.")
	// ErrPropertiesDisabled: an edge property without properties on edges
	// (Error::PROPERTIES_DISABLED).
	ErrPropertiesDisabled = errors.New("storage: properties on edges are disabled")
	// ErrTxnFinished: the transaction was committed or aborted already.
	ErrTxnFinished = errors.New("storage: the transaction is already finished")
	// ErrMustAbort: an earlier error (a serialization conflict) left the
	// transaction unable to commit; Commit aborts it.
	ErrMustAbort = errors.New("storage: the transaction can't be committed after a serialization error; it was aborted")
	// ErrForeignObject: a vertex or edge handle of another transaction.
	ErrForeignObject = errors.New("storage: the object handle belongs to another transaction")
)

// StoppedError is returned by the commit whose Log append or durability
// failed, and by every commit after it. It wraps ErrStopped and the cause.
type StoppedError struct {
	Cause error
}

func (e *StoppedError) Error() string {
	return ErrStopped.Error() + ": " + e.Cause.Error()
}

func (e *StoppedError) Unwrap() []error { return []error{ErrStopped, e.Cause} }

// AccessTimeoutError: Begin waited longer than Config.AccessTimeout.
type AccessTimeoutError struct {
	Access Access
}

func (e *AccessTimeoutError) Error() string {
	switch e.Access {
	case AccessUnique:
		return "Cannot get unique access to the storage. Try stopping other queries that are running in parallel."
	case AccessReadOnly:
		return "Cannot get read-only access to the storage. Try stopping other queries that are running in parallel."
	}
	return "Cannot get shared access to the storage. Try stopping other queries that are running in parallel."
}

// AccessError: an operation needs another access type than the
// transaction was opened with.
type AccessError struct {
	Op   string
	Have Access
	Want []Access
}

func (e *AccessError) Error() string {
	want := make([]string, len(e.Want))
	for i, a := range e.Want {
		want[i] = a.String()
	}
	return fmt.Sprintf("storage: %s needs %s access, the transaction has %s", e.Op, strings.Join(want, " or "), e.Have)
}

// ConstraintKind names a constraint family.
type ConstraintKind string

// Constraint families.
const (
	ConstraintExistence ConstraintKind = "existence"
	ConstraintUnique    ConstraintKind = "unique"
	ConstraintType      ConstraintKind = "type"
)

// ConstraintViolation is a constraint a write or commit breaks; messages
// are the interpreter's.
type ConstraintViolation struct {
	Kind       ConstraintKind
	Label      string
	Properties []string
	// TypeName is the required type of a type constraint.
	TypeName string
	// AtCommit is true for violations found by Commit (existence, unique),
	// false for those refused when written (type).
	AtCommit bool
}

func (e *ConstraintViolation) Error() string {
	if !e.AtCommit {
		return "Type constraint violation"
	}
	return fmt.Sprintf("Unable to commit due to %s constraint violation on :%s(%s)", e.Kind, e.Label, strings.Join(e.Properties, ", "))
}

// SchemaError is a schema operation Memgraph refuses: an index that exists
// already or does not exist, a constraint existing data violates, an enum
// value that clashes.
type SchemaError struct {
	Op     string // "create index", "drop constraint", ...
	Reason string
}

func (e *SchemaError) Error() string { return "storage: " + e.Op + ": " + e.Reason }

// UnrepresentableError: the store's format version cannot represent what
// an operation would write.
type UnrepresentableError struct {
	Version format.Version
	Feature format.Feature // the first feature the version lacks, when one is named
	What    string
	Err     error // the encoder's *encode.ModelError, when it found it
}

func (e *UnrepresentableError) Error() string {
	s := fmt.Sprintf("storage: format %d cannot represent %s", uint64(e.Version), e.What)
	if e.Feature != format.NoFeature {
		s += fmt.Sprintf(": needs %s (format %d+)", e.Feature, uint64(e.Feature.First()))
	}
	if e.Err != nil {
		s += " (" + e.Err.Error() + ")"
	}
	return s
}

func (e *UnrepresentableError) Unwrap() error { return e.Err }

// ValueError: a property value the store refuses (an enum that does not
// exist, a vector that does not fit its vector index, a value nested too
// deeply).
type ValueError struct {
	Property string
	Reason   string
}

func (e *ValueError) Error() string {
	return fmt.Sprintf("storage: property %q: %s", e.Property, e.Reason)
}

// OverlappingReadsError: View.Rest found two record reads of one kind
// whose gid ranges overlap without one holding the other, so their
// records would be counted twice.
type OverlappingReadsError struct {
	Kind             snapshot.Kind
	Lo, Hi           uint64
	OtherLo, OtherHi uint64
}

func (e *OverlappingReadsError) Error() string {
	return fmt.Sprintf("storage: %s records of gids [%d, %d) and [%d, %d) were read in overlapping ranges", e.Kind, e.Lo, e.Hi, e.OtherLo, e.OtherHi)
}
