package storage

import "sync"

// nameMapper is Memgraph's NameIdMapper: labels, property keys, edge types
// and the other names the engine registers (vector index names, map keys)
// share one id space, ids handed out in first-use order and never taken
// back (an aborted transaction keeps the names it registered).
type nameMapper struct {
	mu    sync.RWMutex
	ids   map[string]uint64
	names []string
}

func newNameMapper() *nameMapper { return &nameMapper{ids: map[string]uint64{}} }

// id registers name if needed and returns its id.
func (m *nameMapper) id(name string) uint64 {
	m.mu.RLock()
	id, ok := m.ids[name]
	m.mu.RUnlock()
	if ok {
		return id
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if id, ok := m.ids[name]; ok {
		return id
	}
	id = uint64(len(m.names))
	m.ids[name] = id
	m.names = append(m.names, name)
	return id
}

// lookup returns the id of name without registering it.
func (m *nameMapper) lookup(name string) (uint64, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	id, ok := m.ids[name]
	return id, ok
}

// name returns the name of id ("" for an id never handed out).
func (m *nameMapper) name(id uint64) string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if id < uint64(len(m.names)) {
		return m.names[id]
	}
	return ""
}

func (m *nameMapper) len() int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return len(m.names)
}

// NameToID registers name with the name-id mapper (if it is new) and
// returns its id. The query layer calls it in Memgraph's planning order so
// that ids, and with them property frame order in the WAL and the snapshot
// mapper, come out as Memgraph's.
func (s *Storage) NameToID(name string) uint64 { return s.names.id(name) }

// LookupName returns the id of name without registering it.
func (s *Storage) LookupName(name string) (uint64, bool) { return s.names.lookup(name) }

// IDToName returns the name of id; ok is false for an id never handed out.
func (s *Storage) IDToName(id uint64) (string, bool) {
	if id >= uint64(s.names.len()) {
		return "", false
	}
	return s.names.name(id), true
}

// Names returns every registered name in id order.
func (s *Storage) Names() []string {
	s.names.mu.RLock()
	defer s.names.mu.RUnlock()
	return append([]string(nil), s.names.names...)
}
