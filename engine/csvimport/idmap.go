package csvimport

import (
	"bytes"
	"encoding/binary"
	"hash/maphash"
)

// idMap maps node ids (an id space and the id's text, compared as text, as
// the old tool compared them: "01" and "1" are different nodes) to vertex
// gids. It is the importer's one structure that grows with the input, so it
// is packed and pointer-free (the garbage collector never scans it): each
// entry is appended to an arena as uvarint gid, uvarint key length and key
// (a uvarint space number, then the id), and an open-addressing table of
// 8-byte slots points into the arena, the slot's high bits holding hash
// bits that spare most key comparisons. The table stays between 3/8 and
// 3/4 full, so an entry costs 11-21 bytes of table plus its arena bytes.
type idMap struct {
	seed   maphash.Seed
	chunks [][]byte
	table  []uint64
	n      int
	key    []byte
	key2   []byte
	sink   byte // keeps GetPair's touching loads
}

const (
	chunkBits  = 24 // arena chunks of 16 MiB
	chunkSize  = 1 << chunkBits
	offsetBits = 40 // slot: tag<<40 | (arena offset + 1)
	offsetMask = 1<<offsetBits - 1
	minTable   = 1 << 10
)

func newIDMap() *idMap {
	return &idMap{seed: maphash.MakeSeed(), table: allocUint64s(minTable)}
}

// free returns the map's memory; the map is unusable after.
func (m *idMap) free() {
	freeUint64s(m.table)
	for _, c := range m.chunks {
		freeBytes(c)
	}
	m.table, m.chunks = nil, nil
}

// Len is the number of ids.
func (m *idMap) Len() int { return m.n }

// Bytes is the memory the map holds.
func (m *idMap) Bytes() int64 {
	b := int64(len(m.table)) * 8
	for _, c := range m.chunks {
		b += int64(cap(c))
	}
	return b
}

func (m *idMap) makeKey(space uint64, id []byte) []byte {
	m.key = binary.AppendUvarint(m.key[:0], space)
	m.key = append(m.key, id...)
	return m.key
}

// entry reads the arena entry at off: its gid and key.
func (m *idMap) entry(off uint64) (gid uint64, key []byte) {
	b := m.chunks[off>>chunkBits][off&(chunkSize-1):]
	gid, n := binary.Uvarint(b)
	b = b[n:]
	l, n := binary.Uvarint(b)
	return gid, b[n : n+int(l)]
}

// find returns the slot index holding key and its gid, or the empty slot
// where it would go.
func (m *idMap) find(key []byte, h uint64) (int, uint64, bool) {
	mask := uint64(len(m.table) - 1)
	tag := h >> offsetBits
	for i := h & mask; ; i = (i + 1) & mask {
		s := m.table[i]
		if s == 0 {
			return int(i), 0, false
		}
		if s>>offsetBits == tag {
			if gid, k := m.entry(s&offsetMask - 1); bytes.Equal(k, key) {
				return int(i), gid, true
			}
		}
	}
}

// Get returns the gid of id in space.
func (m *idMap) Get(space uint64, id []byte) (uint64, bool) {
	key := m.makeKey(space, id)
	_, gid, ok := m.find(key, maphash.Bytes(m.seed, key))
	return gid, ok
}

// Insert maps id in space to gid unless it is mapped already; it reports
// whether it inserted.
func (m *idMap) Insert(space uint64, id []byte, gid uint64) bool {
	if (m.n+1)*4 > len(m.table)*3 {
		m.grow()
	}
	key := m.makeKey(space, id)
	h := maphash.Bytes(m.seed, key)
	i, _, ok := m.find(key, h)
	if ok {
		return false
	}
	m.table[i] = h>>offsetBits<<offsetBits | (m.append(gid, key) + 1)
	m.n++
	return true
}

// append writes an entry to the arena and returns its offset.
func (m *idMap) append(gid uint64, key []byte) uint64 {
	need := 2*binary.MaxVarintLen64 + len(key)
	last := len(m.chunks) - 1
	// An entry starts below chunkSize in its chunk (the slot keeps
	// chunkBits of offset); chunks grow from 64 KiB so that small imports
	// stay small.
	if last < 0 || len(m.chunks[last])+need > cap(m.chunks[last]) || len(m.chunks[last]) >= chunkSize {
		size := min(chunkSize, 64<<10<<min(len(m.chunks), 8))
		m.chunks = append(m.chunks, allocBytes(max(size, need))[:0])
		last++
	}
	c := m.chunks[last]
	off := uint64(last)<<chunkBits | uint64(len(c))
	c = binary.AppendUvarint(c, gid)
	c = binary.AppendUvarint(c, uint64(len(key)))
	m.chunks[last] = append(c, key...)
	return off
}

// grow doubles the table, rehashing every key from the arena.
func (m *idMap) grow() {
	old := m.table
	defer freeUint64s(old)
	m.table = allocUint64s(2 * len(old))
	for _, s := range old {
		if s == 0 {
			continue
		}
		_, key := m.entry(s&offsetMask - 1)
		h := maphash.Bytes(m.seed, key)
		i, _, _ := m.find(key, h)
		m.table[i] = s
	}
}

// GetPair is two Gets whose memory loads overlap: a relationship row
// looks up both its ends, and each lookup waits on two cache misses (the
// slot, then the arena), so issuing the pair's loads together nearly
// halves the wait.
func (m *idMap) GetPair(space1 uint64, id1 []byte, space2 uint64, id2 []byte) (gid1 uint64, ok1 bool, gid2 uint64, ok2 bool) {
	k1 := m.makeKey(space1, id1)
	m.key2 = binary.AppendUvarint(m.key2[:0], space2)
	k2 := append(m.key2, id2...)
	m.key2 = k2
	h1, h2 := maphash.Bytes(m.seed, k1), maphash.Bytes(m.seed, k2)
	mask := uint64(len(m.table) - 1)
	s1, s2 := m.table[h1&mask], m.table[h2&mask]
	var touch byte
	if s1 != 0 && s1>>offsetBits == h1>>offsetBits {
		off := s1&offsetMask - 1
		touch ^= m.chunks[off>>chunkBits][off&(chunkSize-1)]
	}
	if s2 != 0 && s2>>offsetBits == h2>>offsetBits {
		off := s2&offsetMask - 1
		touch ^= m.chunks[off>>chunkBits][off&(chunkSize-1)]
	}
	m.sink ^= touch
	_, gid1, ok1 = m.find(k1, h1)
	_, gid2, ok2 = m.find(k2, h2)
	return gid1, ok1, gid2, ok2
}
