package graph

import (
	"cmp"
	"sync"
	"unsafe"
)

// record refers to an object's record in its graph's recordStore by
// number, not by address: vertices and edges then hold no pointer, so the
// collector never scans their slabs (hundreds of megabytes for a whole
// data directory, scanned in every cycle while a load fills them). 0 is
// the empty record.
//
//	bit 63:     set for a record built one at a time (recordStore.own)
//	bits 36-62: the number of its chunk + 1
//	bits 13-35: its offset in the chunk
//	bits 0-12:  its length, 0 for a record that has its chunk to itself
type record uint64

const (
	ownBit     record = 1 << 63
	lenBits           = 13 // a record sharing a chunk is at most arenaLarge bytes
	offBits           = 23 // a chunk is at most arenaMaxChunk bytes
	chunkShift        = lenBits + offBits
	maxChunks         = 1<<(63-chunkShift) - 1
	lenMask           = 1<<lenBits - 1
	offMask           = 1<<offBits - 1
	wholeChunk        = 0                                // the length of a record with a chunk of its own
	_                 = uint(1<<offBits - arenaMaxChunk) // offsets fit
	_                 = uint(lenMask - arenaLarge)       // lengths fit
)

// recordStore holds the bytes of a graph's records in chunks. Bytes are
// never written again once anyone but the replay building a record could
// have read it (Props and the values read from it share them), and a
// chunk the store lets go of lives on while something still reads it.
//
// Records built in bulk (a snapshot load) are packed by the arenas of the
// load's workers and live as long as the graph. Records built one at a
// time (WAL replay, Apply) go to own, and a replaced one is left behind as
// garbage: when there is more of it than the slack allows, compact copies
// the records still held into fresh chunks and lets the old ones go.
type recordStore struct {
	mu         sync.Mutex // guards chunks and spare against a load's workers adding chunks at once
	chunks     [][]byte
	spare      []uint32 // numbers of chunks let go of, reused first
	own        arena
	ownChunks  []uint32 // the chunks own filled
	live, dead int      // bytes of the records in ownChunks: held, and left behind
	rewinding  bool     // set may write over own's last record (rewind)
	sealed     int      // if at or past this offset in own's chunk
}

// str is the bytes of r, shared, not copied.
func (t *recordStore) str(r record) string {
	if r == 0 {
		return ""
	}
	c := t.chunks[chunkOfRecord(r)]
	n := int(r & lenMask)
	if n == wholeChunk {
		return unsafe.String(unsafe.SliceData(c), len(c))
	}
	off := int(r>>lenBits) & offMask
	return unsafe.String(&c[off : off+n][0], n)
}

func chunkOfRecord(r record) uint32 { return uint32((r&^ownBit)>>chunkShift) - 1 }

// addChunk keeps c and returns the record of its first byte with length
// 0; a *CapacityError when the store holds as many chunks as a record can
// number (chunkLimit: half a terabyte of records at least).
func (t *recordStore) addChunk(c []byte) (record, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if n := len(t.spare); n > 0 {
		k := t.spare[n-1]
		t.spare = t.spare[:n-1]
		t.chunks[k] = c
		return record(k+1) << chunkShift, nil
	}
	if len(t.chunks) >= chunkLimit() {
		return 0, errRecordChunks()
	}
	t.chunks = append(t.chunks, c)
	return record(len(t.chunks)) << chunkShift, nil
}

// dropChunk lets chunk k go.
func (t *recordStore) dropChunk(k uint32) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.chunks[k] = nil
	t.spare = append(t.spare, k)
}

// set makes *r a new record holding b, releasing what *r held. While
// rewinding, a record that is the last own put and that nothing outside
// could have read is written over instead: a replay builds an object's
// record again for each of its deltas, one right after the other. On a
// *CapacityError *r is left empty.
func (t *recordStore) set(r *record, b []byte) error {
	old := *r
	if n := int(old & lenMask); t.rewinding && old&ownBit != 0 && old&^(ownBit|lenMask|offMask<<lenBits) == t.own.ref {
		if off := int(old>>lenBits) & offMask; off >= t.sealed && off+n == t.own.n {
			t.own.n = off
			t.live -= n
			old = 0
		}
	}
	t.release(old)
	var err error
	*r, err = t.putOwn(b)
	return err
}

// rewind lets set write over the records put from now until done is
// called, which the caller promises nothing reads but set itself.
func (t *recordStore) rewind() (done func()) {
	t.rewinding, t.sealed = true, t.own.n
	return func() { t.rewinding = false }
}

// putOwn adds b as a record built one at a time.
func (t *recordStore) putOwn(b []byte) (record, error) {
	if len(b) == 0 {
		return 0, nil
	}
	was := t.own.ref
	r, err := t.own.put(t, b)
	if err != nil || r&lenMask == wholeChunk {
		return r, err // a chunk of its own is released by dropping it
	}
	if t.own.ref != was {
		t.ownChunks = append(t.ownChunks, chunkOfRecord(t.own.ref))
		t.sealed = 0 // nothing outside has seen the new chunk
	}
	t.live += len(b)
	return r | ownBit, nil
}

// release gives back what r holds: a chunk of its own, or an own record's
// bytes, left behind. The records of a load stay.
func (t *recordStore) release(r record) {
	switch {
	case r == 0:
	case r&lenMask == wholeChunk:
		t.dropChunk(chunkOfRecord(r)) // no other object shares a record that large
	case r&ownBit != 0:
		n := int(r & lenMask)
		t.live -= n
		t.dead += n
	}
}

// compact copies the own records that each holds (calling each with a
// function to pass them through) into fresh chunks and lets the old ones
// go, with what was left behind in them. On a *CapacityError the records
// not moved yet are left empty.
func (t *recordStore) compact(each func(move func(*record))) error {
	old := t.ownChunks
	t.own, t.ownChunks, t.live, t.dead = arena{minChunk: t.own.minChunk, maxChunk: t.own.maxChunk}, nil, 0, 0
	var err error
	each(func(r *record) {
		if *r&ownBit == 0 {
			return
		}
		if err == nil {
			s := t.str(*r)
			*r, err = t.putOwn(unsafe.Slice(unsafe.StringData(s), len(s)))
		} else {
			*r = 0
		}
	})
	for _, k := range old {
		t.dropChunk(k)
	}
	t.sealed = t.own.n // the records moved were there to be read
	return err
}

// arena packs records into shared chunks of a recordStore: one allocation
// per chunk instead of one per record, and no size-class rounding.
type arena struct {
	chunk    []byte // chunk[:n] is taken; stored only for a new chunk, so a put stores no pointer
	n        int
	ref      record // the chunk's number in the store
	total    int    // bytes of the chunks so far
	minChunk int    // the smallest chunk, arenaChunk when 0
	maxChunk int    // the largest, arenaMaxChunk when 0
}

// A chunk is a sixteenth of what the arena took before it, from arenaChunk
// to arenaMaxChunk unless the arena says otherwise: a small load wastes at
// most about a sixteenth at the end of its last chunk, and a large one
// takes few allocations, big enough for huge pages.
const (
	arenaChunk    = 64 << 10
	arenaMaxChunk = 8 << 20
	arenaLarge    = arenaChunk / 16 // records above this get a chunk of their own
)

// put copies b into the arena of store t as a record.
func (a *arena) put(t *recordStore, b []byte) (record, error) {
	switch {
	case len(b) == 0:
		return 0, nil
	case len(b) > arenaLarge:
		r, err := t.addChunk(append([]byte(nil), b...))
		return r | wholeChunk, err
	}
	if len(a.chunk)-a.n < len(b) {
		lo, hi := cmp.Or(a.minChunk, arenaChunk), cmp.Or(a.maxChunk, arenaMaxChunk)
		n := max(min(a.total/16, hi), lo, len(b))
		chunk := makeHugeBytes(n)
		ref, err := t.addChunk(chunk)
		if err != nil {
			return 0, err
		}
		a.chunk, a.n, a.ref = chunk, 0, ref
		a.total += n
	}
	off := a.n
	a.n += copy(a.chunk[off:], b)
	return a.ref | record(off)<<lenBits | record(len(b)), nil
}

// begin points e at what is left of the arena's chunk: the record e builds
// next is written in place, and commit need not copy it.
func (a *arena) begin(e *valueEncoder) { e.buf, e.n = a.chunk[a.n:], 0 }

// commit makes what e built since begin a record of store t.
func (a *arena) commit(t *recordStore, e *valueEncoder) (record, error) {
	b := e.bytes()
	if n := len(b); n > 0 && n <= arenaLarge && n <= len(a.chunk)-a.n && &b[0] == &a.chunk[a.n] {
		off := a.n
		a.n += n
		return a.ref | record(off)<<lenBits | record(n), nil
	}
	return a.put(t, b) // e outgrew the chunk
}
