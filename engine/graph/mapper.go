package graph

import (
	"fmt"
	"unsafe"

	"github.com/durascope/durascope/format"
)

// nameMapper emulates Memgraph's NameIdMapper: one id space for labels,
// properties and edge types, ids in first-use order.
type nameMapper struct {
	ids   map[string]int
	names []string
	// recent are names looked up lately, known by their bytes' address:
	// a decoder hands out one string per name (it interns them), so a
	// replay's millions of lookups of a few names skip the map. Go strings
	// never change, so the same bytes are the same name.
	recent [4]recentName
	next   int
}

type recentName struct {
	p  *byte
	n  int
	id int
}

func (m *nameMapper) id(name string) int {
	p := unsafe.StringData(name)
	for i := range m.recent {
		if r := &m.recent[i]; r.p == p && r.n == len(name) && p != nil {
			return r.id
		}
	}
	id, ok := m.ids[name]
	if !ok {
		id = len(m.names)
		m.ids[name] = id
		m.names = append(m.names, name)
	}
	m.recent[m.next] = recentName{p, len(name), id}
	m.next = (m.next + 1) % len(m.recent)
	return id
}

// idBytes is id of the name b holds.
func (m *nameMapper) idBytes(b []byte) int {
	if id, ok := m.ids[string(b)]; ok { // no string is made for the lookup
		return id
	}
	return m.id(string(b))
}

func (m *nameMapper) name(id int) string { return m.names[id] }

// SnapshotMapper is a snapshot's mapper section resolved as Memgraph's
// snapshot loader resolves it: every entry's name is registered with the
// name-id mapper in file order, and a file id keeps the name of its first
// entry (the loader fills an unordered_map with emplace, which keeps what
// is there). Everything that reads a snapshot's names goes through it, so
// the dump, verify, stats, convert and recovery agree.
type SnapshotMapper struct {
	names map[uint64]string
	// Order is every entry's name in file order: the order the loader
	// registers them, duplicates' losing names included.
	Order []string
	// Duplicates lists the entries that named an id a second time.
	Duplicates []MapperDuplicate
}

// MapperDuplicate is a mapper entry for an id an earlier entry named.
type MapperDuplicate struct {
	ID      uint64
	Kept    string // the first entry's name, which Memgraph uses
	Ignored string
}

// ResolveMapper resolves a snapshot's mapper entries.
func ResolveMapper(entries []format.MapperEntry) *SnapshotMapper {
	m := &SnapshotMapper{names: make(map[uint64]string, len(entries)), Order: make([]string, 0, len(entries))}
	for _, e := range entries {
		m.Order = append(m.Order, e.Name)
		if kept, dup := m.names[e.ID]; dup {
			m.Duplicates = append(m.Duplicates, MapperDuplicate{ID: e.ID, Kept: kept, Ignored: e.Name})
			continue
		}
		m.names[e.ID] = e.Name
	}
	return m
}

// Name gives the name of file id id.
func (m *SnapshotMapper) Name(id uint64) (string, bool) {
	n, ok := m.names[id]
	return n, ok
}

// Names is the id-to-name table.
func (m *SnapshotMapper) Names() map[uint64]string { return m.names }

// Len counts the distinct ids.
func (m *SnapshotMapper) Len() int { return len(m.names) }

// MissingIDError is a record or schema entry naming an id the mapper lacks:
// Memgraph's snapshot loader fails on it.
func MissingIDError(path, section string, id uint64) error {
	return &format.DecodeError{File: path, Section: section, Err: format.ErrInconsistent,
		Reason: fmt.Sprintf("id %d is not in the mapper", id)}
}
