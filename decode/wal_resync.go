package decode

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"

	"github.com/durascope/durascope/format"
)

// A tail can only be torn at the end. When a transaction of an unfinalized
// file fails to decode, what follows it tells a torn write from damage:
// complete, well-formed transactions further on (CRC-valid where the
// version has CRCs), or the failing transaction's own TRANSACTION_END,
// prove that the file went on past the failure, so the failure is damage
// in the middle of the file, and Memgraph, which stops reading there,
// silently drops everything behind it (spec/wal.md §9).

// Behind is what lies after the first failure of an unfinalized WAL.
type Behind struct {
	// At is the offset of the first complete transaction found after the
	// failing one; -1 when none was found.
	At int64
	// Transactions counts the complete transactions found back to back
	// from At (the chain may go on after a gap the search did not cross).
	Transactions int
	// OwnEnd is the offset of the failing transaction's own
	// TRANSACTION_END further on (the transaction was written whole); -1
	// when absent.
	OwnEnd int64
	// Undetermined is set when the search ran out of its budget before it
	// could show the rest of the file to be a torn write.
	Undetermined bool
	// WholeCRC is set when the file ends in the failing transaction's CRC,
	// which its bytes match but for one flipped bit (crcEndsFile).
	WholeCRC bool
}

// Damage reports whether the evidence rules out a torn tail.
func (b Behind) Damage() bool {
	return b.Transactions > 0 || b.OwnEnd >= 0 || b.Undetermined || b.WholeCRC
}

// resyncBudget bounds the bytes candidate transactions may decode, as a
// multiple of the bytes searched, so that a crafted file cannot make the
// search quadratic.
const resyncBudget = 8

// searchBehind searches the bytes after the failing transaction, which starts at
// txnStart and failed in a frame starting at frameStart.
func (w *WAL) searchBehind(txnStart, frameStart int64) Behind {
	b := Behind{At: -1, OwnEnd: -1}
	if w.tsKnown {
		b.OwnEnd = w.findOwnEnd(frameStart + 1)
	}
	// A later transaction commits at or after the last complete one; a
	// run at the failing transaction's own timestamp is its remainder
	// (which also shows it was written on).
	var minTS uint64
	if w.completed.Transactions > 0 {
		minTS = w.completed.ToTimestamp
	}
	skipTS, hasSkip := w.txnTS, w.tsKnown
	budget := resyncBudget*(w.size-txnStart) + 1<<20
	runsToEnd := map[int64]bool{} // frame starts a failed candidate decoded to the end of the file
	buf := make([]byte, 64<<10)
	for pos := txnStart + 1; pos < w.size; {
		n, _ := w.r.ReadAt(buf[:min(int64(len(buf)), w.size-pos)], pos)
		if n == 0 {
			break
		}
		for i := 0; i < n; {
			j := bytes.IndexByte(buf[i:n], byte(format.SectionDelta))
			if j < 0 {
				break
			}
			at := pos + int64(i+j)
			i += j + 1
			if runsToEnd[at] || !w.candidate(at) {
				continue
			}
			sub := w.sub(at)
			found, used := sub.completeTransactions(minTS, runsToEnd)
			budget -= used
			if found > 0 && hasSkip && sub.firstTS == skipTS {
				// The failing transaction's remainder, then what follows it.
				if b.OwnEnd < 0 {
					b.OwnEnd = at
				}
				if found > 1 {
					b.At, b.Transactions = sub.firstEnd, found-1
				}
				return b
			}
			if found > 0 {
				b.At, b.Transactions = at, found
				return b
			}
			if budget < 0 {
				b.Undetermined = true
				return b
			}
		}
		pos += int64(n)
	}
	return b
}

// candidate reports whether a transaction of this version can start at off:
// 0x26, an integer timestamp, and TRANSACTION_START from TxnStart on, or a
// known delta type before it.
func (w *WAL) candidate(off int64) bool {
	var h [11]byte
	if n, _ := w.r.ReadAt(h[:], off); n < len(h) || format.Marker(h[1]) != format.MarkerInt {
		return false
	}
	m := format.Marker(h[10])
	if w.Features.Has(format.FeatTxnStart) {
		return m == format.DeltaTransactionStart
	}
	first, ok := format.DeltaFirstVersion(m)
	return ok && first <= w.Header.Version && m != format.DeltaTransactionEnd
}

// sub is a decoder of the same file starting at off, for the search.
func (w *WAL) sub(off int64) *WAL {
	s := &WAL{r: w.r, size: w.size, path: w.path, Header: w.Header, Features: w.Features, deltaOK: w.deltaOK, searching: true,
		behind: Behind{At: -1, OwnEnd: -1}}
	s.c = newCursor(w.r, off, w.size, w.Features)
	s.c.skim = true // the search needs the framing only
	s.lastOffset, s.lastTxnEnd = off, off
	return s
}

// completeTransactions decodes transactions from the start of s and counts
// the complete ones, the first at or after timestamp minTS. When the first
// one runs to the end of the file unfinished, its frame starts go to
// runsToEnd: a later candidate starting there would do the same. used is
// the bytes decoded.
func (s *WAL) completeTransactions(minTS uint64, runsToEnd map[int64]bool) (n int, used int64) {
	start := s.c.pos()
	var frames []int64
	for {
		fr, err := s.Next()
		if err != nil {
			if n == 0 && s.c.remaining() <= 0 {
				for _, f := range frames {
					runsToEnd[f] = true
				}
			}
			return n, s.c.pos() - start
		}
		if n == 0 {
			frames = append(frames, fr.Offset)
		}
		if s.closedTxn {
			if n == 0 {
				s.firstEnd = s.c.pos()
				if s.firstTS = s.txnTS; s.txnTS < minTS {
					return 0, s.c.pos() - start
				}
			}
			n++
		}
	}
}

// findOwnEnd looks from off on for the TRANSACTION_END frame of the open
// transaction: 0x26, its timestamp, 0x58.
func (w *WAL) findOwnEnd(off int64) int64 {
	var pat [11]byte
	pat[0], pat[1] = byte(format.SectionDelta), byte(format.MarkerInt)
	binary.LittleEndian.PutUint64(pat[2:], w.txnTS)
	pat[10] = byte(format.DeltaTransactionEnd)
	buf := make([]byte, 64<<10)
	for pos := off; pos < w.size; {
		n, _ := w.r.ReadAt(buf[:min(int64(len(buf)), w.size-pos)], pos)
		if n < len(pat) {
			return -1
		}
		if i := bytes.Index(buf[:n], pat[:]); i >= 0 {
			return pos + int64(i)
		}
		// Overlap the next read so a match across the boundary is found.
		pos += int64(n - len(pat) + 1)
	}
	return -1
}

// crcEndsFile reports, for a CRC format, whether the open transaction,
// failing at the end of the file, was in fact written whole with one bit
// damaged: the file ends in a transaction CRC field (0x12, a 32-bit value,
// four zero bytes) whose value the transaction's bytes before it match
// with exactly one bit flipped. A flipped marker of TRANSACTION_END, say,
// can turn it into a delta that consumes the CRC, leaving a file that
// ends without the end frame, which alone would read as a torn tail. A cut
// file ends in such a field only by chance, and then its CRC matches a
// one-bit change of the bytes only with odds of about 8·n / 2^32.
func (w *WAL) crcEndsFile() bool {
	const maxBytes = 64 << 20 // the check reads the transaction once; keep it bounded
	start, end := w.txnOffset, w.size-8
	if !w.Features.Has(format.FeatCRC) || end-1 <= start || end-start > maxBytes {
		return false
	}
	var tail [9]byte
	if n, _ := w.r.ReadAt(tail[:], end-1); n < len(tail) || format.Marker(tail[0]) != format.MarkerInt ||
		binary.LittleEndian.Uint32(tail[5:]) != 0 {
		return false
	}
	stored := binary.LittleEndian.Uint32(tail[1:5])
	var got uint32
	buf := make([]byte, 64<<10)
	for pos := start; pos < end; {
		n, err := w.r.ReadAt(buf[:min(int64(len(buf)), end-pos)], pos)
		if n == 0 {
			return err == nil
		}
		got = crc32.Update(got, crc32.IEEETable, buf[:n])
		pos += int64(n)
	}
	return oneBitFrom(got^stored, end-start)
}

// oneBitFrom reports whether syndrome s (the XOR of two CRC-32s of
// messages of n bytes) is what one flipped bit in such a message gives.
// CRC-32 is linear: a bit k of byte j contributes table[1<<k] carried
// through the n-1-j bytes after it as if they were zero.
func oneBitFrom(s uint32, n int64) bool {
	if s == 0 {
		return false
	}
	var r [8]uint32
	for k := range r {
		r[k] = crc32.IEEETable[1<<k]
	}
	for m := int64(0); m < n; m++ {
		for k := range r {
			if r[k] == s {
				return true
			}
			r[k] = r[k]>>8 ^ crc32.IEEETable[r[k]&0xff]
		}
	}
	return false
}
