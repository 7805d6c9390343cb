package storage

import (
	"fmt"
	"sync"
	"time"

	"github.com/durascope/durascope/format"
)

// Access is the storage access type a transaction is opened with; its
// value is what TRANSACTION_START records (format.Access*).
type Access uint64

// Access types, as Memgraph's interpreter picks them (reference §1.7):
// WRITE for Cypher writes, READ for reads, DROP INDEX and ANALYZE GRAPH,
// READ_ONLY for index and constraint creation, UNIQUE for enums,
// point/text/vector indices, TTL and descriptions.
const (
	AccessUnique   = Access(format.AccessUnique)
	AccessWrite    = Access(format.AccessWrite)
	AccessRead     = Access(format.AccessRead)
	AccessReadOnly = Access(format.AccessReadOnly)
)

func (a Access) String() string {
	switch a {
	case AccessUnique:
		return "UNIQUE"
	case AccessWrite:
		return "WRITE"
	case AccessRead:
		return "READ"
	case AccessReadOnly:
		return "READ_ONLY"
	}
	return fmt.Sprintf("Access(%d)", uint64(a))
}

func (a Access) valid() bool { return a <= AccessReadOnly }

// accessLock is Memgraph's main_lock_ as the access types take it: READ
// and WRITE share it, READ_ONLY shares it with readers but not writers,
// UNIQUE takes it alone. A waiting UNIQUE (or READ_ONLY) keeps newcomers
// it conflicts with out, so it is not starved.
type accessLock struct {
	mu                        sync.Mutex
	cond                      *sync.Cond
	unique                    bool
	readers, writers, roCount int
	uniqueWaiting, roWaiting  int
}

func newAccessLock() *accessLock {
	l := &accessLock{}
	l.cond = sync.NewCond(&l.mu)
	return l
}

func (l *accessLock) free(a Access) bool {
	switch a {
	case AccessUnique:
		return !l.unique && l.readers == 0 && l.writers == 0 && l.roCount == 0
	case AccessReadOnly:
		return !l.unique && l.uniqueWaiting == 0 && l.writers == 0
	case AccessWrite:
		return !l.unique && l.uniqueWaiting == 0 && l.roCount == 0 && l.roWaiting == 0
	default:
		return !l.unique && l.uniqueWaiting == 0
	}
}

// acquire takes the lock for a, waiting at most timeout (0: no limit).
func (l *accessLock) acquire(a Access, timeout time.Duration) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	var deadline time.Time
	if timeout > 0 {
		deadline = time.Now().Add(timeout)
		t := time.AfterFunc(timeout, func() {
			l.mu.Lock()
			l.cond.Broadcast()
			l.mu.Unlock()
		})
		defer t.Stop()
	}
	l.waiting(a, 1)
	for !l.free(a) {
		if timeout > 0 && !time.Now().Before(deadline) {
			l.waiting(a, -1)
			l.cond.Broadcast() // others may have waited only on our waiting count
			return &AccessTimeoutError{Access: a}
		}
		l.cond.Wait()
	}
	l.waiting(a, -1)
	switch a {
	case AccessUnique:
		l.unique = true
	case AccessReadOnly:
		l.roCount++
	case AccessWrite:
		l.writers++
	default:
		l.readers++
	}
	return nil
}

// waiting counts a waiter of a kind that keeps conflicting newcomers out.
func (l *accessLock) waiting(a Access, d int) {
	switch a {
	case AccessUnique:
		l.uniqueWaiting += d
	case AccessReadOnly:
		l.roWaiting += d
	}
}

func (l *accessLock) release(a Access) {
	l.mu.Lock()
	switch a {
	case AccessUnique:
		l.unique = false
	case AccessReadOnly:
		l.roCount--
	case AccessWrite:
		l.writers--
	default:
		l.readers--
	}
	l.cond.Broadcast()
	l.mu.Unlock()
}
